package dev.tokenauthority.app.battery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket: the bytes a client sends and the bytes it gets back, nothing parsed or normalised.
 * It can send what {@code java.net.http} refuses to (bad escapes, odd methods, oversized headers) and choose the
 * loopback address it comes from (each address has its own failed-verification budget).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} (a complete request, {@code Connection: close}) and returns the whole answer. */
    public static String exchange(String fromAddress, int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedWhileSending) {
                // A server may answer a request it refuses (a header or a body over its limits) before it has read
                // all of it, and close (RFC 9112 §9.6): its answer is then still in the socket, to be read.
                String early = readWhatArrived(socket, closedWhileSending);
                if (early.isEmpty()) {
                    throw closedWhileSending;
                }
                return early;
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** What the server sent before it closed; a reset after it (its close with our bytes unread) ends the read. */
    private static String readWhatArrived(Socket socket, IOException closedWhileSending) {
        ByteArrayOutputStream arrived = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                arrived.write(buffer, 0, read);
            }
        } catch (IOException reset) {
            closedWhileSending.addSuppressed(reset);
        }
        return arrived.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * A GET with a bearer secret, answered in full but for its {@code Date} and {@code X-Request-Id} headers (the
     * parts that must differ from one answer to the next).
     */
    public static String getWithoutVaryingHeaders(String fromAddress, int port, String target, String secret) throws IOException {
        String answer = exchange(fromAddress, port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + secret + "\r\nConnection: close\r\n\r\n");
        return answer.replaceFirst("(?m)^Date: [^\r\n]*\r\n", "").replaceFirst("(?mi)^X-Request-Id: [^\r\n]*\r\n", "");
    }
}
