package dev.tokenauthority.app.web;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tokenauthority.events.readmodel.ResourceIds.InvalidResourceIdException;
import dev.tokenauthority.events.secret.SecretFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the API as an RFC 9457 problem. Details are our own words: never an exception message, which
 * could carry input back to the caller or internals out to the world; never a stack trace.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);
    /** Short, camel-case: every field of the API looks like this, and no secret of ours does. */
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,31}");

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (hasCause(e, RequestBodyLimitFilter.BodyTooLargeException.class)) {
            return problem(HttpStatus.PAYLOAD_TOO_LARGE, "the request body is too large");
        }
        if (hasCause(e, StrictJsonConfiguration.SecretInRequestException.class)) {
            return problem(HttpStatus.BAD_REQUEST, "a field holds what looks like a token secret or a service-account key;"
                    + " secrets are never accepted in a request body (and if it was a real one, regenerate it)");
        }
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            // The name is echoed only when it looks like a field name: a client that pasted a secret where a field
            // name belongs must not get it back (nor anyone who reads what the answer passes through).
            String name = unknown.getPropertyName();
            return problem(HttpStatus.BAD_REQUEST, (FIELD_NAME.matcher(name).matches() ? "unknown field '" + name + "'"
                    : "an unknown field") + "; known fields: " + unknown.getKnownPropertyIds());
        }
        return problem(HttpStatus.BAD_REQUEST, "the request body is not valid JSON of the expected shape");
    }

    /**
     * A parameter that does not convert ({@code pageSize=many}): Spring's own detail quotes the value, which may be
     * a secret pasted in the wrong place; ours names the parameter and its type only.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : e.getPropertyName();
        return problem(HttpStatus.BAD_REQUEST, mustBe(name, e.getRequiredType()));
    }

    /** The same for a parameter of a group bound together (the audit's filters): Spring's detail names nothing. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        FieldError first = e.getFieldError();
        if (first != null && first.contains(TypeMismatchException.class)) {
            return problem(HttpStatus.BAD_REQUEST, mustBe(first.getField(),
                    first.unwrap(TypeMismatchException.class).getRequiredType()));
        }
        return problem(HttpStatus.BAD_REQUEST, "a parameter is not valid");
    }

    private static String mustBe(String name, Class<?> type) {
        String what = type == Integer.class || type == int.class || type == Long.class || type == long.class
                ? "a whole number" : "a " + (type == null ? "value" : type.getSimpleName()) + " value";
        return (name != null && FIELD_NAME.matcher(name).matches() ? name : "a parameter") + " must be " + what;
    }

    /** A path no endpoint maps: Spring's detail ("No static resource {path}") quotes the path, a secret pasted in it too. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, "no such resource under this path");
    }

    @ExceptionHandler(InvalidResourceIdException.class)
    ResponseEntity<Object> invalidId(InvalidResourceIdException e) {
        return problem(HttpStatus.BAD_REQUEST,
                e.parameter() + " must be 1-63 characters of letters, digits, '.', '_' or '-', and not a secret");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the service log has the details");
    }

    /**
     * Every problem this advice answers, also those of the base class (405, 406, 415, …), with its content type set:
     * a preset content type is written as it is, so an {@code Accept} header that excludes it cannot leave the
     * error without a body.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        HttpHeaders typed = new HttpHeaders();
        if (headers != null) {
            typed.putAll(headers);
        }
        typed.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (body instanceof ProblemDetail problem && problem.getDetail() != null) {
            // Spring words the base class's details and some quote the request (a method, a content type): whatever
            // they quote, a secret in it is not sent back.
            problem.setDetail(SecretFormat.redact(problem.getDetail()));
        }
        return new ResponseEntity<>(body, typed, statusCode);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
