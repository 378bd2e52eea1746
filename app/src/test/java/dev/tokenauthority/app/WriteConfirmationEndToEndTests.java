package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.awaitTrue;
import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write answers 2xx only once its change is in effect on this node; otherwise 503, and retrying is safe. */
class WriteConfirmationEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void aRegenerateThisNodeCannotConfirmAnswers503AndTakesEffectLater() {
        try (RunningService service = RunningService.start(dataDir, "--token-authority.writes.confirm-within=1s")) {
            JsonNode created = service.create("{\"name\":\"stalled\"}");
            String id = created.get("id").asText();
            String first = created.get("content").asText();
            StreamingEventProcessor authLookup = service.bean(EventProcessingConfiguration.class)
                    .eventProcessor("auth-lookup", StreamingEventProcessor.class).orElseThrow();
            authLookup.shutDown(); // this node's verifier stops following the event store

            HttpResponse<String> regenerate = service.admin("POST", service.tokens() + "/" + id + "/regenerate", null);

            assertThat(regenerate.statusCode()).isEqualTo(503);
            assertThat(regenerate.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(regenerate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(regenerate).get("code").asText()).isEqualTo("CHANGE_NOT_CONFIRMED");
            assertThat(regenerate.body()).doesNotContain("tka_");

            authLookup.start();
            awaitTrue(Duration.ofSeconds(20), () -> service.verify(first) == 401); // recorded: it takes effect once the node catches up
            HttpResponse<String> again = service.admin("POST", service.tokens() + "/" + id + "/regenerate", null);
            assertThat(again.statusCode()).isEqualTo(200);
            String current = json(again).get("token").get("content").asText();
            assertThat(service.verify(current)).isEqualTo(204);
            assertThat(service.eventCount("TokenRegenerated")).as("both calls recorded").isEqualTo(2);
        }
    }
}
