package dev.tokenauthority.query.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Posts one signed message to a webhook: JSON, the Standard Webhooks headers ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}), 5 s to connect and 10 s for the answer, no redirects
 * followed (a webhook's URL is the one its owner registered, not one a receiver points elsewhere). Any 2xx is a
 * delivery; the answer's body is never read.
 */
@Component
class WebhookSender {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ERROR_LENGTH = 200;

    /** What the receiver answered ({@code statusCode}), or why it could not ({@code error}). */
    record Result(Integer statusCode, String error) {

        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        String describe() {
            return statusCode != null ? "HTTP " + statusCode : error;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Result send(String url, String messageId, long timestampSeconds, String body, String signature) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "token-authority-webhooks/1")
                .header("webhook-id", messageId)
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return new Result(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), null);
        } catch (HttpTimeoutException e) {
            return new Result(null, "no answer within " + ANSWER_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Result(null, truncated(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted (the node is stopping)");
        }
    }

    private static String truncated(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
