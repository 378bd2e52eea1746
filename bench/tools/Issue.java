import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates COUNT tokens through Token Authority's REST API with CONCURRENCY keep-alive clients and reports the
 * rate. Writes "id secret" lines to OUT_FILE.
 *
 *   java bench/tools/Issue.java BASE_URL ADMIN_KEY TOKENS_PATH COUNT CONCURRENCY OUT_FILE
 *
 * Prints: RESULT issued=.. failed=.. seconds=.. rate=.. p50_ms=.. p99_ms=..
 */
public class Issue {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"content\":\"(tka_[0-9A-Za-z]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        String path = args[2];
        int count = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        Path out = Path.of(args[5]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String[] lines = new String[count];
        long[] latency = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + adminKey)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + i + "\"}")).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        latency[i] = System.nanoTime() - t0;
                        Matcher id = ID.matcher(response.body());
                        Matcher secret = SECRET.matcher(response.body());
                        if (response.statusCode() == 201 && id.find() && secret.find()) {
                            lines[i] = id.group(1) + " " + secret.group(1);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> issued = new ArrayList<>();
        for (String line : lines) {
            if (line != null) {
                issued.add(line);
            }
        }
        Files.write(out, issued);
        long[] sorted = Arrays.stream(latency).filter(l -> l > 0).sorted().toArray();
        System.out.printf("RESULT issued=%d failed=%d seconds=%.2f rate=%.1f p50_ms=%.2f p99_ms=%.2f%n", issued.size(),
                failed.get(), seconds, issued.size() / seconds, percentile(sorted, 50), percentile(sorted, 99));
    }

    static double percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
