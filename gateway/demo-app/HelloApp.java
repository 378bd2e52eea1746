import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The demo app behind the gateway: answers {@code Hello, World!} to everything. It trusts the gateway for who
 * is calling and shows what the gateway passed on: the token's id and role, and whether any credential leaked
 * through (headers {@code X-Demo-Saw-Authorization}, {@code X-Demo-Saw-Session-Cookie} and
 * {@code X-Demo-Saw-Other-Token-Authority-Headers}, which must say {@code no}; {@code X-Demo-Cookie} echoes the
 * other cookies). A browser gets a page with a logout link.
 *
 * <p>Run with {@code java gateway/demo-app/HelloApp.java <port>}; listens on 127.0.0.1 only.
 */
public class HelloApp {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", HelloApp::answer);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("demo app listening on 127.0.0.1:" + port);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        var request = exchange.getRequestHeaders();
        String tokenId = valueOr(request.getFirst("X-Token-Authority-Token-Id"), "");
        String role = valueOr(request.getFirst("X-Token-Authority-Role"), "");
        String cookie = valueOr(request.getFirst("Cookie"), "");
        var response = exchange.getResponseHeaders();
        response.set("X-Demo-Token-Id", tokenId);
        response.set("X-Demo-Role", role);
        response.set("X-Demo-Saw-Authorization", request.containsKey("Authorization") ? "yes" : "no");
        boolean sawSessionCookie = cookie.toLowerCase().contains("token_authority_session");
        response.set("X-Demo-Saw-Session-Cookie", sawSessionCookie ? "yes" : "no");
        response.set("X-Demo-Cookie", sawSessionCookie ? "(withheld)" : cookie);
        boolean otherHeaders = request.keySet().stream().map(String::toLowerCase)
                .filter(name -> name.startsWith("x-token-authority-"))
                .anyMatch(name -> !name.equals("x-token-authority-token-id") && !name.equals("x-token-authority-role"));
        response.set("X-Demo-Saw-Other-Token-Authority-Headers", otherHeaders ? "yes" : "no");
        response.set("Cache-Control", "no-store");
        String accept = valueOr(request.getFirst("Accept"), "");
        String body;
        if (accept.contains("text/html")) {
            response.set("Content-Type", "text/html; charset=utf-8");
            body = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hello</title></head>"
                    + "<body><h1 id=\"greeting\">Hello, World!</h1>"
                    + "<p>Signed in with token <code id=\"token-id\">" + escape(tokenId) + "</code> (" + escape(role)
                    + "). <a id=\"logout\" href=\"/_token_authority/logout\">Log out</a></p></body></html>\n";
        } else {
            response.set("Content-Type", "text/plain; charset=utf-8");
            body = "Hello, World!\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String valueOr(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
