package dev.tokenauthority.app.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * The errors Tomcat answers itself, before any servlet sees the request (a bad escape or a character a request
 * line may not hold, an oversized header, {@code CONNECT}, {@code TRACE}), as RFC 9457 problems like every other
 * error of the API, in place of Tomcat's HTML error page. Tomcat's own {@link ErrorReportValve} is the documented
 * place for that (the host's {@code errorReportValveClass}); this one keeps its rules for when to write (nothing
 * written yet, the error not yet reported, the connection still usable) and writes a fixed text per status: never
 * the request, never an exception message. {@code CONNECT}, which Tomcat answers 501, is a method this server
 * knows and refuses on every resource: 405.
 */
public class ContainerProblemValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() == HttpStatus.NOT_IMPLEMENTED.value() && "CONNECT".equals(request.getMethod())) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED.value());
        }
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail(status) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("utf-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response committed meanwhile: nothing left to tell it
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP: a character or escape its target or headers may not hold";
            case 405 -> "this method is not allowed on this resource";
            case 413 -> "the request is too large";
            case 414 -> "the request target is too long";
            case 431 -> "the request's headers are too large";
            default -> "the server refused the request before reading it";
        };
    }
}
