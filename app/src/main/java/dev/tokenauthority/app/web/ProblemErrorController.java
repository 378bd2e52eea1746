package dev.tokenauthority.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * What the servlet container's error dispatch answers (an error raised outside any controller: Spring Security's
 * firewall refusing an encoded dot or a semicolon in a path, a path nothing maps, a method refused before the
 * application), in place of Spring Boot's {@code BasicErrorController}: an RFC 9457 problem whatever the request's
 * {@code Accept} header says (Spring Boot's answered its own JSON shape, or nothing at all for an {@code Accept} it
 * could not serve), with a fixed text per status and nothing of the request in it (Spring Boot's echoed the path,
 * which may hold a secret a client put in the wrong place). The console's pages get the same as a short HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<?> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null && value >= 400
                ? HttpStatus.resolve(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (uri instanceof String path && path.startsWith("/console") && accept != null && accept.contains("text/html")) {
            String reason = HtmlUtils.htmlEscape(status.value() + " " + status.getReasonPhrase());
            return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                    .body("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + reason
                            + "</title></head><body><h1>" + reason + "</h1><p><a href=\"/console\">Back to the console</a></p></body></html>");
        }
        // A preset content type is written as it is: the request's Accept header cannot turn the problem away.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail(status)));
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "the request was refused before reaching the API: its path holds an encoded slash, dot,"
                    + " backslash or percent sign, a semicolon, a double slash or a character a path may not hold";
            case NOT_FOUND -> "no such resource";
            case METHOD_NOT_ALLOWED -> "this method is not allowed on this resource";
            case NOT_ACCEPTABLE -> "none of the media types in the Accept header can be produced here";
            case UNSUPPORTED_MEDIA_TYPE -> "this content type is not accepted here";
            default -> status.is5xxServerError() ? "internal error; the service log has the details"
                    : status.getReasonPhrase();
        };
    }
}
