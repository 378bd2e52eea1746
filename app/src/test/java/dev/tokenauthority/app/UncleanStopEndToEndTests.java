package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A start after a crash on H2 trusts no table that is not the event store. H2 can write a commit in part
 * (h2database #2080): the crash test (run 139) met an instance registered in the event store and missing from the
 * command side's directory, and creating a token for it answered 404 for ever after. Here the tables of the
 * subscribing processors are made to differ from the events both ways, as such a file can, and the service started
 * as after a crash (its {@code running} mark left behind).
 */
class UncleanStopEndToEndTests {

    private static final String PROJECT = "/v1alpha/projects/" + RunningService.PROJECT;

    @TempDir
    Path dataDir;

    @Test
    void theTablesTheSubscribingProcessorsKeepAreRebuiltFromTheEventStoreAfterACrash() throws Exception {
        assumeFalse(RunningService.onPostgres(), "a PostgreSQL commit is on disk whole or not at all");
        String instance;
        String webhookId;
        try (RunningService service = RunningService.start(dataDir)) {
            instance = service.registerInstance(RunningService.REGION, "{\"team\":\"a\"}");
            assertThat(service.admin("PUT", PROJECT + "/policy", "{\"onSupersededUse\":\"revoke\"}").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> registered = service.admin("POST", PROJECT + "/webhooks",
                    "{\"url\":\"https://127.0.0.1:9/hook\",\"description\":\"alerts\"}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            webhookId = json(registered).get("webhook").get("id").asText();

            JdbcTemplate file = service.database();
            // What a file written in part can hold: rows whose events are in the store missing...
            file.update("DELETE FROM instance_directory WHERE instance_id = ?", instance);
            file.update("DELETE FROM project_policy");
            file.update("DELETE FROM webhook");
            file.update("DELETE FROM webhook_target");
            // ...and a row whose event is not.
            file.update("INSERT INTO instance_directory (instance_id, project_id, region_id, deleted)"
                    + " VALUES ('never-registered', ?, ?, FALSE)", RunningService.PROJECT, RunningService.REGION);
        }
        Files.writeString(dataDir.resolve("running"), "");

        try (RunningService service = RunningService.start(dataDir)) {
            String instanceTokens = "/v1alpha/projects/" + RunningService.PROJECT + "/regions/" + RunningService.REGION
                    + "/instances/%s/tokens";
            HttpResponse<String> created = service.admin("POST", instanceTokens.formatted(instance), "{\"name\":\"after\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> ghost = service.admin("POST", instanceTokens.formatted("never-registered"),
                    "{\"name\":\"ghost\"}");
            assertThat(ghost.statusCode()).as(ghost.body()).isEqualTo(404);

            assertThat(json(service.admin("GET", PROJECT + "/policy", null)).get("onSupersededUse").asText())
                    .isEqualTo("revoke");
            JsonNode webhooks = json(service.admin("GET", PROJECT + "/webhooks", null)).get("webhooks");
            assertThat(webhooks.findValuesAsText("id")).containsExactly(webhookId);
            assertThat(service.database().queryForList("SELECT webhook_id FROM webhook_target WHERE removed = FALSE",
                    String.class)).as("where deliveries go").containsExactly(webhookId);
        }
    }
}
