package dev.tokenauthority.edge.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * Writes an RFC 9457 problem where no message converter is at hand: in a servlet filter, an entry point, an
 * access-denied handler. One place for the shape, so every refusal at the edge looks alike.
 */
public final class Problems {

    private Problems() {
    }

    /** {@code title} and {@code detail} are fixed texts of ours: nothing from the request is echoed. */
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
