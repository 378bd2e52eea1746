package dev.tokenauthority.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenauthority.events.secret.TokenSecrets;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The list calls page ({@code pageSize}, {@code pageToken} = the {@code next} of the page before) in a stable order
 * and filter (state, name prefix, labels), keeping their shapes; paging through a list that changes meanwhile lists
 * no item twice and skips none that stayed; bad parameters are 400 problems that echo nothing.
 */
class ListPagingEndToEndTests {

    @TempDir
    Path dataDir;

    @Test
    void tokensPageInAStableOrderAndFilter() {
        try (RunningService service = RunningService.start(dataDir)) {
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                String labels = i % 3 == 0 ? ",\"labels\":{\"team\":\"blue\"}" : "";
                created.add(service.create("{\"name\":\"" + (i < 15 ? "alpha-" : "beta-") + i + "\"" + labels + "}")
                        .get("id").asText());
            }
            List<String> expiring = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                expiring.add(service.create("{\"name\":\"short-" + i + "\",\"ttlDuration\":\"1s\"}").get("id").asText());
            }
            RunningService.awaitTrue(Duration.ofSeconds(30), () -> ids(service, service.tokens() + "?state=inactive", "tokens").size() == 3);

            JsonNode whole = RunningService.json(service.admin("GET", service.tokens(), null));
            assertThat(whole.has("next")).as("one page holds them all: no next").isFalse();
            List<String> all = new ArrayList<>(created);
            all.addAll(expiring);
            assertThat(ids(whole, "tokens")).containsExactlyElementsOf(all);

            // Page by 7 while the list changes: one deleted ahead of the reader, one created after it started.
            List<String> seen = new ArrayList<>();
            String next = null;
            int pages = 0;
            do {
                JsonNode page = RunningService.json(service.admin("GET", service.tokens() + "?pageSize=7"
                        + (next == null ? "" : "&pageToken=" + next), null));
                assertThat(page.get("tokens").size()).isLessThanOrEqualTo(7);
                seen.addAll(ids(page, "tokens"));
                next = page.hasNonNull("next") ? page.get("next").asText() : null;
                if (++pages == 1) {
                    assertThat(service.admin("DELETE", service.tokens() + "/" + created.get(20), null).statusCode()).isEqualTo(204);
                    all.remove(created.get(20));
                    all.add(service.create("{\"name\":\"late\"}").get("id").asText());
                }
            } while (next != null && pages < 20);
            assertThat(seen).as("every token once, in order").containsExactlyElementsOf(all);
            assertThat(pages).isEqualTo(4);

            assertThat(ids(service, service.tokens() + "?state=inactive", "tokens")).containsExactlyElementsOf(expiring);
            assertThat(ids(service, service.tokens() + "?state=active&namePrefix=beta-", "tokens"))
                    .containsExactlyElementsOf(all.stream().filter(id -> created.indexOf(id) >= 15).toList());
            List<String> blue = new ArrayList<>();
            for (int i = 0; i < 23; i += 3) {
                blue.add(created.get(i));
            }
            assertThat(collectPages(service, service.tokens() + "?label=team%3Dblue&pageSize=2", "tokens"))
                    .as("a label filter pages too (most rows filtered out)").containsExactlyElementsOf(blue);
            assertThat(ids(service, service.tokens() + "?namePrefix=" + encode("al%"), "tokens"))
                    .as("a prefix is literal, not a pattern").isEmpty();

            String secret = TokenSecrets.generate(new SecureRandom());
            for (String bad : List.of("pageSize=0", "pageSize=1001", "pageSize=many", "pageToken=garbage",
                    "pageToken=" + encode(secret), "state=revoked", "label=team", "label=" + encode("Team!=x"),
                    "namePrefix=" + encode(secret), "namePrefix=" + encode("beta\u0000"))) {
                HttpResponse<String> answer = service.admin("GET", service.tokens() + "?" + bad, null);
                assertThat(answer.statusCode()).as(bad).isEqualTo(400);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.body()).as(bad).doesNotContain(secret).doesNotContain("garbage").doesNotContain("many");
            }
            HttpResponse<String> audit = service.admin("GET", "/v1alpha/projects/" + RunningService.PROJECT
                    + "/audit?pageSize=" + encode(secret), null);
            assertThat(audit.statusCode()).isEqualTo(400);
            assertThat(audit.body()).doesNotContain(secret.substring(4));
        }
    }

    @Test
    void instancesAndServiceAccountsPageAndFilter() {
        try (RunningService service = RunningService.start(dataDir)) {
            String instances = RunningService.INSTANCES;
            List<String> registered = new ArrayList<>(ids(service, instances, "instances"));
            for (int i = 0; i < 5; i++) {
                registered.add(service.registerInstance(RunningService.REGION, i % 2 == 0 ? "{\"tier\":\"gold\"}" : "{}"));
            }
            Consumer<String> stop = id -> assertThat(service.admin("POST", instances + "/" + id + "/stop", null).statusCode())
                    .isEqualTo(200);
            stop.accept(registered.get(registered.size() - 1));
            stop.accept(registered.get(registered.size() - 2));
            assertThat(collectPages(service, instances + "?pageSize=2", "instances")).containsExactlyElementsOf(registered);
            assertThat(ids(service, instances + "?state=stopped", "instances"))
                    .containsExactlyElementsOf(registered.subList(registered.size() - 2, registered.size()));
            assertThat(ids(service, instances + "?label=tier%3Dgold", "instances")).hasSize(3);
            assertThat(service.admin("GET", instances + "?state=active", null).statusCode()).isEqualTo(400);

            String accounts = "/v1alpha/projects/" + RunningService.PROJECT + "/service-accounts";
            List<String> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                made.add(RunningService.json(service.admin("POST", accounts, "{\"name\":\"sa-" + i + "\",\"role\":\"viewer\"}"))
                        .get("serviceAccount").get("id").asText());
            }
            JsonNode first = RunningService.json(service.admin("GET", accounts + "?pageSize=2", null));
            assertThat(ids(first, "serviceAccounts")).containsExactlyElementsOf(made.subList(0, 2));
            assertThat(collectPages(service, accounts + "?pageSize=2", "serviceAccounts")).containsExactlyElementsOf(made);
            assertThat(ids(service, accounts + "?namePrefix=sa-2&state=active", "serviceAccounts")).containsExactly(made.get(2));
        }
    }

    private static List<String> collectPages(RunningService service, String path, String field) {
        List<String> all = new ArrayList<>();
        String next = null;
        for (int pages = 0; pages < 50; pages++) {
            JsonNode page = RunningService.json(service.admin("GET", path + (next == null ? "" : "&pageToken=" + next), null));
            all.addAll(ids(page, field));
            if (!page.hasNonNull("next")) {
                return all;
            }
            next = page.get("next").asText();
        }
        throw new AssertionError("more than 50 pages of " + path);
    }

    private static List<String> ids(RunningService service, String path, String field) {
        HttpResponse<String> answer = service.admin("GET", path, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return ids(RunningService.json(answer), field);
    }

    private static List<String> ids(JsonNode page, String field) {
        List<String> ids = new ArrayList<>();
        page.get(field).forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
