package dev.tokenauthority.edge.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Every RFC 9457 problem the edge answers with, made in one place: as a response entity from a controller, or
 * written straight to the servlet response from a filter, an entry point or an access-denied handler, where no
 * message converter is at hand. Details are fixed texts of ours: nothing from the request is echoed, and a problem
 * is never cached.
 */
public final class Problems {

    private static final URI BLANK = URI.create("about:blank");

    private Problems() {
    }

    /** A problem body of {@code status} with our {@code detail}. */
    public static ProblemDetail body(HttpStatus status, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(BLANK);
        return body;
    }

    /** A problem response, not yet given its body (for headers to be added). */
    public static ResponseEntity.BodyBuilder response(HttpStatus status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .cacheControl(CacheControl.noStore());
    }

    /** A problem written straight to the servlet response. */
    public static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
