package dev.tokenauthority.app.battery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The battery's raw client against a server that answers a request it refuses before reading all of it and closes,
 * as a servlet container does with a header or body over its limits: the answer counts, not the broken pipe (found
 * by the leak scan on PostgreSQL at full scale, which stopped on "Broken pipe" while sending a fuzzed request).
 */
class RawHttpTests {

    private static final String REFUSAL = "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    @Test
    void anAnswerSentBeforeTheRequestWasReadIsReturned() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> refusing = CompletableFuture.runAsync(() -> answerHeadThenClose(server));
            String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 33554432\r\nConnection: close\r\n\r\n"
                    + "x".repeat(32 << 20);

            String answer = RawHttp.exchange("127.0.0.1", server.getLocalPort(), request);

            assertThat(answer).isEqualTo(REFUSAL);
            refusing.get(10, TimeUnit.SECONDS);
        }
    }

    /** Reads the request's head only, answers, and closes with the body unread. */
    private static void answerHeadThenClose(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                head.append((char) next);
            }
            OutputStream out = socket.getOutputStream();
            out.write(REFUSAL.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
