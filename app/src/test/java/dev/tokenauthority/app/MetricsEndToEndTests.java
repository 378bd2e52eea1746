package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a scripted sequence of calls, {@code /actuator/prometheus} shows what happened: token events by kind,
 * verify decisions by outcome and reason (the limiter's hits among them), the active tokens, the processors'
 * lag and the request-time histogram of verify; and only to the cluster administrator.
 */
class MetricsEndToEndTests {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    @TempDir
    Path dataDir;

    @Test
    void theScrapeCountsWhatTheScriptDid() {
        try (RunningService service = RunningService.start(dataDir,
                "--token-authority.gateway.failed-verifications.burst=3")) {
            assertThat(service.send("GET", "/actuator/prometheus", null, null, null).statusCode()).isEqualTo(401);
            String owner = RunningService.json(service.admin("POST", "/v1alpha/projects/" + RunningService.PROJECT
                    + "/service-accounts", "{\"name\":\"o\",\"role\":\"owner\"}")).get("serviceAccount").get("content").asText();
            assertThat(service.send("GET", "/actuator/prometheus", null, null, owner).statusCode())
                    .as("a project's owner is not the cluster's administrator").isEqualTo(403);

            String kept = service.create("{\"name\":\"kept\"}").get("content").asText();
            String readOnly = service.create("{\"name\":\"read-only\",\"role\":\"read-only\"}").get("content").asText();
            var regenerated = service.create("{\"name\":\"regenerated\"}");
            assertThat(service.admin("POST", service.tokens() + "/" + regenerated.get("id").asText() + "/regenerate",
                    null).statusCode()).isEqualTo(200);
            var deleted = service.create("{\"name\":\"deleted\"}");
            assertThat(service.admin("DELETE", service.tokens() + "/" + deleted.get("id").asText(), null).statusCode())
                    .isEqualTo(204);
            service.create("{\"name\":\"short\",\"ttlDuration\":\"1s\"}");

            assertThat(service.verify(kept)).isEqualTo(204);
            assertThat(service.verify(kept)).isEqualTo(204);
            assertThat(service.verify(kept, "another-instance")).isEqualTo(403);
            assertThat(service.verify(readOnly, RunningService.REGION, service.instanceId(), "manage")).isEqualTo(403);
            assertThat(service.verify(regenerated.get("content").asText())).isEqualTo(401);
            assertThat(service.verify("not-a-secret")).isEqualTo(401);
            assertThat(service.verify(deleted.get("content").asText())).isEqualTo(401); // the burst (3) is used up
            assertThat(service.verify(kept + "x")).isEqualTo(429);

            RunningService.awaitTrue(Duration.ofSeconds(60),
                    () -> scrape(service).getOrDefault("token_authority_tokens_total{event=\"expired\"}", 0.0) == 1.0);
            Map<String, Double> metrics = scrape(service);
            assertThat(metrics).containsEntry("token_authority_tokens_total{event=\"issued\"}", 5.0)
                    .containsEntry("token_authority_tokens_total{event=\"regenerated\"}", 1.0)
                    .containsEntry("token_authority_tokens_total{event=\"revoked\"}", 1.0)
                    .containsEntry("token_authority_tokens_total{event=\"expired\"}", 1.0)
                    .containsEntry("token_authority_tokens_active", 3.0)
                    .containsEntry(decisions("allowed", "valid"), 2.0)
                    .containsEntry(decisions("insufficient_scope", "not_covered"), 1.0)
                    .containsEntry(decisions("insufficient_scope", "role_not_allowed"), 1.0)
                    .containsEntry(decisions("invalid_token", "superseded"), 1.0) // the regenerated token's first secret
                    .containsEntry(decisions("invalid_token", "unknown_or_revoked"), 1.0)
                    .containsEntry(decisions("invalid_token", "malformed"), 1.0)
                    .containsEntry(decisions("rate_limited", "rate_limited"), 1.0)
                    .containsEntry(decisions("not_serving", "not_serving"), 0.0)
                    .containsEntry("token_authority_replay_running", 0.0);
            assertThat(metrics.get("token_authority_processor_lag_events{processor=\"auth-lookup\"}")).isZero();
            if (RunningService.onPostgres()) { // a node of a cluster (of one) that never lost its lease
                assertThat(metrics).containsEntry("token_authority_cluster_read_index_heads_total{outcome=\"confirmed\"}", 0.0)
                        .containsEntry("token_authority_cluster_read_index_heads_total{outcome=\"failed\"}", 0.0);
            } else {
                assertThat(metrics.keySet()).noneMatch(name -> name.startsWith("token_authority_cluster_read_index"));
            }
            assertThat(metrics).containsKey("token_authority_processor_lag_seconds{processor=\"catalogue\"}");
            assertThat(metrics).containsEntry(
                    "token_authority_verify_duration_seconds_count{endpoint=\"verify\",status=\"204\"}", 2.0);
            assertThat(metrics).containsKey(
                    "token_authority_verify_duration_seconds_bucket{endpoint=\"verify\",status=\"401\",le=\"0.001\"}");
            assertThat(metrics.keySet()).as("verify is timed by its own timers, not Spring's per-request observation")
                    .noneMatch(name -> name.startsWith("http_server_requests") && name.contains("/v1alpha/verify"));
        }
    }

    private static String decisions(String outcome, String reason) {
        return "token_authority_verify_decisions_total{endpoint=\"verify\",outcome=\"" + outcome + "\",reason=\""
                + reason + "\"}";
    }

    private static Map<String, Double> scrape(RunningService service) {
        HttpResponse<String> answer = service.send("GET", "/actuator/prometheus", null, null, RunningService.ADMIN_KEY);
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : answer.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
            }
        }
        return samples;
    }
}
