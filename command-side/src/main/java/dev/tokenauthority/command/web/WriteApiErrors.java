package dev.tokenauthority.command.web;

import dev.tokenauthority.command.instance.InstanceRejection;
import dev.tokenauthority.command.serviceaccount.ServiceAccountRejection;
import dev.tokenauthority.command.token.TokenRejection;
import dev.tokenauthority.command.webhook.WebhookRejection;
import java.net.URI;
import java.util.Locale;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the aggregates' rejections to RFC 9457 problems, once. The detail is the rejection's own description,
 * never an exception message; the machine-readable reason is in {@code code}.
 */
@RestControllerAdvice(assignableTypes = {TokenWriteController.class, BulkRevokeController.class, LeakReportController.class,
        InstanceWriteController.class,
        ServiceAccountWriteController.class, WebhookController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class WriteApiErrors {

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail rejected(CommandExecutionException e) {
        Object details = e.getDetails().orElseThrow(() -> e);
        if (details instanceof TokenRejection rejection) {
            return problem(switch (rejection) {
                case TOKEN_NOT_FOUND, TOKEN_REVOKED, INSTANCE_NOT_FOUND -> HttpStatus.NOT_FOUND;
                case TOKEN_EXPIRED -> HttpStatus.CONFLICT;
                case INVALID_NAME, INVALID_DESCRIPTION, INVALID_LIFETIME, INVALID_LABELS, INVALID_SELECTOR,
                        INVALID_ROLE, INVALID_ALLOWED_NETWORKS -> HttpStatus.BAD_REQUEST;
            }, rejection.name(), rejection == TokenRejection.INVALID_ALLOWED_NETWORKS
                    ? e.getMessage() // which entry and why, in printable ASCII (AllowedNetworks)
                    : rejection.description());
        }
        if (details instanceof InstanceRejection rejection) {
            return problem(switch (rejection) {
                case INSTANCE_NOT_FOUND, INSTANCE_DELETED -> HttpStatus.NOT_FOUND;
                case INVALID_TYPE, INVALID_NAME, INVALID_LABELS -> HttpStatus.BAD_REQUEST;
            }, rejection.name(), rejection.description());
        }
        if (details instanceof ServiceAccountRejection rejection) {
            return problem(switch (rejection) {
                case SERVICE_ACCOUNT_NOT_FOUND -> HttpStatus.NOT_FOUND;
                case SERVICE_ACCOUNT_EXPIRED -> HttpStatus.CONFLICT;
                case INVALID_NAME, INVALID_DESCRIPTION, INVALID_ROLE, INVALID_LIFETIME -> HttpStatus.BAD_REQUEST;
            }, rejection.name(), rejection.description());
        }
        if (details instanceof WebhookRejection rejection) {
            return problem(switch (rejection) {
                case WEBHOOK_NOT_FOUND -> HttpStatus.NOT_FOUND;
                case INVALID_URL, INVALID_DESCRIPTION -> HttpStatus.BAD_REQUEST;
            }, rejection.name(), rejection.description());
        }
        throw e;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownAggregate() {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource under this path");
    }

    /** Registering an instance under an id that is taken: its first event would collide with another's. */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail idTaken() {
        return problem(HttpStatus.CONFLICT, "ID_TAKEN", "an instance with this id already exists");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentChange() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "the resource was changed by another call at the same time; retry");
    }

    @ExceptionHandler(ChangeNotConfirmed.class)
    ResponseEntity<ProblemDetail> notConfirmed() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "CHANGE_NOT_CONFIRMED", "the change was recorded, but"
                        + " this node could not confirm in time that it is in effect; it will be; repeating the call is safe"));
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:token-authority:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setProperty("code", code);
        return problem;
    }
}
