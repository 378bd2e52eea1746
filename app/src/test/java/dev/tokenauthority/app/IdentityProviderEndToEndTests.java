package dev.tokenauthority.app;

import static dev.tokenauthority.app.RunningService.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testpeers.idp.TestIdentityProvider;

/**
 * The admin API behind a real OpenID Connect identity provider (a Spring Authorization Server started by the
 * test, {@link TestIdentityProvider}): its JWT access tokens open what the roles claim grants, and nothing else;
 * a token of another issuer, of another audience, expired, tampered with or unsigned gets 401.
 */
class IdentityProviderEndToEndTests {

    private static final String P1 = "/v1alpha/projects/p-1/regions/eu01/instances";

    @TempDir
    static Path dataDir;
    static TestIdentityProvider.Running idp;
    static TestIdentityProvider.Running otherIdp;
    static RunningService service;

    @BeforeAll
    static void start() {
        idp = TestIdentityProvider.start();
        otherIdp = TestIdentityProvider.start();
        service = RunningService.start(dataDir, "--token-authority.oidc.issuer-uri=" + idp.issuer(),
                "--token-authority.oidc.audience=" + TestIdentityProvider.AUDIENCE,
                "--token-authority.oidc.clock-skew=0s");
    }

    @AfterAll
    static void stop() {
        service.close();
        idp.close();
        otherIdp.close();
    }

    @Test
    void aTokenOfTheIdentityProviderOpensWhatItsRolesGrant() {
        String token = idp.accessToken("team-a");
        HttpResponse<String> registered = service.send("POST", P1, "{\"type\":\"app\"}", "application/json", token);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String instanceId = json(registered).get("id").asText();
        assertThat(service.send("GET", P1 + "/" + instanceId, null, null, token).statusCode()).isEqualTo(200);
        assertThat(service.send("GET", "/v1alpha/projects/p-3/regions/eu01/instances", null, null, token).statusCode())
                .as("a viewer of p-3").isEqualTo(200);
        assertThat(service.send("POST", "/v1alpha/projects/p-3/regions/eu01/instances", "{\"type\":\"app\"}",
                "application/json", token).statusCode()).as("only a viewer of p-3").isEqualTo(403);
        assertThat(service.send("GET", "/v1alpha/projects/p-2/regions/eu01/instances", null, null, token).statusCode())
                .as("no role in p-2").isEqualTo(403);
        assertThat(service.send("GET", "/v1alpha/projects/p-1/service-accounts", null, null, token).statusCode())
                .as("an editor is no owner").isEqualTo(403);
        assertThat(service.send("GET", "/v1alpha/replay", null, null, token).statusCode()).isEqualTo(403);

        String entries = service.admin("GET", "/v1alpha/projects/p-1/regions/eu01/instances/" + instanceId + "/audit", null).body();
        assertThat(json(service.admin("GET", "/v1alpha/projects/p-1/regions/eu01/instances/" + instanceId + "/audit", null))
                .get("entries").findValuesAsText("actor")).as(entries).containsExactly("oidc:team-a");
    }

    @Test
    void aValidTokenWithoutRolesMayDoNothing() {
        String token = idp.accessToken("no-roles");
        assertThat(service.send("GET", P1, null, null, token).statusCode()).isEqualTo(403);
    }

    @Test
    void anyOtherTokenIsRefusedWith401AndChangesNothing() throws InterruptedException {
        String good = idp.accessToken("team-a");
        String otherIssuer = otherIdp.accessToken("team-a");
        String otherAudience = idp.accessToken("other-audience");
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + withClaims(parts[1], "p-1:editor", "p-1:owner") + "." + parts[2];
        String unsigned = base64Url("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        String shortLived = idp.accessToken("short-lived");
        assertThat(service.send("GET", P1, null, null, shortLived).statusCode()).as("before it expires").isEqualTo(200);
        Thread.sleep(3_100);
        long events = service.eventCount();
        for (String refused : new String[] {shortLived, otherIssuer, otherAudience, tampered, unsigned, parts[0] + "." + parts[1]}) {
            HttpResponse<String> response = service.send("POST", P1, "{\"type\":\"app\"}", "application/json", refused);
            assertThat(response.statusCode()).as(refused).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer realm=\"token-authority-admin\", error=\"invalid_token\"");
            assertThat(response.body()).doesNotContain(refused);
        }
        assertThat(service.eventCount()).isEqualTo(events);
        assertThat(service.send("GET", P1, null, null, good).statusCode()).as("and the good one still works").isEqualTo(200);
    }

    private static String withClaims(String payload, String from, String to) {
        String claims = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        assertThat(claims).contains(from);
        return base64Url(claims.replace(from, to));
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
