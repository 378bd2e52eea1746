import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Regenerates tokens one after the other (while a load runs elsewhere) and, right after each regenerate call
 * returns, asks the verify endpoint about the superseded secret until it is refused, PROBES times in all.
 * Counts every acceptance of a superseded secret after its regenerate returned (must be 0) and the time from
 * the return to the first refusal.
 *
 *   java bench/tools/RegenerateProbe.java BASE_URL ADMIN_KEY TOKENS_PATH VERIFY_QUERY TOKENS_FILE COUNT PROBES
 *
 * Prints: RESULT regenerated=.. superseded_accepted=.. first_rejection_p50_ms=.. first_rejection_max_ms=.. failed=..
 * regenerate_p50_ms=.. regenerate_p99_ms=.. (the regenerate calls themselves, from send to answer)
 */
public class RegenerateProbe {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        String path = args[2];
        String verify = base + "/v1alpha/verify?" + args[3];
        List<String> tokens = Files.readAllLines(Path.of(args[4]));
        int count = Math.min(Integer.parseInt(args[5]), tokens.size());
        int probes = Integer.parseInt(args[6]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] firstRejection = new long[count];
        long[] callNanos = new long[count];
        int accepted = 0;
        int failed = 0;
        int regenerated = 0;
        for (int i = 0; i < count; i++) {
            String[] line = tokens.get(tokens.size() - 1 - i).split(" ");
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path + "/" + line[0] + "/regenerate"))
                    .header("Authorization", "Bearer " + adminKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long returned = System.nanoTime();
            callNanos[i] = returned - sent;
            if (response.statusCode() != 200) {
                failed++;
                continue;
            }
            regenerated++;
            firstRejection[i] = -1;
            for (int p = 0; p < probes; p++) {
                int status = client.send(HttpRequest.newBuilder(URI.create(verify))
                        .header("Authorization", "Bearer " + line[1]).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 204) {
                    accepted++;
                } else if (firstRejection[i] < 0) {
                    firstRejection[i] = System.nanoTime() - returned;
                }
            }
        }
        long[] sorted = Arrays.stream(firstRejection).filter(t -> t > 0).sorted().toArray();
        long[] calls = Arrays.stream(callNanos).sorted().toArray();
        System.out.printf("RESULT regenerated=%d superseded_accepted=%d first_rejection_p50_ms=%.3f first_rejection_max_ms=%.3f failed=%d"
                        + " regenerate_p50_ms=%.3f regenerate_p99_ms=%.3f%n",
                regenerated, accepted, sorted.length == 0 ? -1 : sorted[sorted.length / 2] / 1e6,
                sorted.length == 0 ? -1 : sorted[sorted.length - 1] / 1e6, failed,
                calls.length == 0 ? -1 : calls[calls.length / 2] / 1e6,
                calls.length == 0 ? -1 : calls[Math.min(calls.length - 1, (int) Math.ceil(calls.length * 0.99) - 1)] / 1e6);
    }
}
