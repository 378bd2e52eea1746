package dev.tokenauthority.command.web;

import dev.tokenauthority.command.token.TokenRejection;
import java.net.URI;
import java.util.Locale;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the token aggregate's rejections to RFC 9457 problems, once. The detail is the rejection's own
 * description, never an exception message; the machine-readable reason is in {@code code}.
 */
@RestControllerAdvice(assignableTypes = TokenWriteController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class TokenWriteErrors {

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail rejected(CommandExecutionException e) {
        TokenRejection rejection = e.getDetails().filter(TokenRejection.class::isInstance)
                .map(TokenRejection.class::cast)
                .orElseThrow(() -> e);
        HttpStatus status = switch (rejection) {
            case TOKEN_NOT_FOUND, TOKEN_REVOKED -> HttpStatus.NOT_FOUND;
            case TOKEN_EXPIRED -> HttpStatus.CONFLICT;
            case INVALID_NAME, INVALID_DESCRIPTION, INVALID_LIFETIME, INVALID_LABELS -> HttpStatus.BAD_REQUEST;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, rejection.description());
        problem.setType(URI.create("urn:token-authority:problem:" + rejection.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setProperty("code", rejection.name());
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownToken() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, TokenRejection.TOKEN_NOT_FOUND.description());
        problem.setProperty("code", TokenRejection.TOKEN_NOT_FOUND.name());
        return problem;
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentChange() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the token was changed by another call at the same time; retry");
    }
}
