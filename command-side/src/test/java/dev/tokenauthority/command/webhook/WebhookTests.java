package dev.tokenauthority.command.webhook;

import dev.tokenauthority.events.webhook.WebhookRegistered;
import dev.tokenauthority.events.webhook.WebhookRemoved;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A webhook: registered with a URL that can only be an absolute http(s) one, removed once, only in its project. */
class WebhookTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String URL = "https://hooks.example.com/token-authority?team=ml";

    private FixtureConfiguration<Webhook> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Webhook.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void aWebhookIsRegisteredWithItsUrlAndDescription() {
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhook("w-1", "p-1", URL, null))
                .expectEvents(new WebhookRegistered("w-1", "p-1", URL, "", T0));
    }

    @Test
    void onlyAnAbsoluteHttpUrlWithAHostAndNoCredentialsOrFragmentIsAWebhook() {
        for (String bad : new String[] {null, "", "ftp://hooks.example.com/", "/relative", "hooks.example.com/x",
                "https://user:password@hooks.example.com/", "https://hooks.example.com/#part", "https:///no-host",
                "https://hooks.example.com/a b", "https://hooks.example.com/\u0000", "javascript:alert(1)",
                "https://hooks.example.com/" + "a".repeat(WebhookUrls.MAX_LENGTH)}) {
            fixture.givenNoPriorActivity()
                    .when(new RegisterWebhook("w-1", "p-1", bad, null))
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(WebhookRejection.INVALID_URL)
                    .expectNoEvents();
        }
        fixture.givenNoPriorActivity()
                .when(new RegisterWebhook("w-1", "p-1", URL, "line\nbreak"))
                .expectExceptionDetails(WebhookRejection.INVALID_DESCRIPTION);
    }

    @Test
    void aWebhookIsRemovedOnceAndOnlyInItsProject() {
        WebhookRegistered registered = new WebhookRegistered("w-1", "p-1", URL, "", T0);
        fixture.given(registered)
                .when(new RemoveWebhook("w-1", "p-1"))
                .expectEvents(new WebhookRemoved("w-1", "p-1", T0));
        fixture.given(registered)
                .when(new RemoveWebhook("w-1", "p-2"))
                .expectExceptionDetails(WebhookRejection.WEBHOOK_NOT_FOUND)
                .expectNoEvents();
        fixture.given(registered, new WebhookRemoved("w-1", "p-1", T0))
                .when(new RemoveWebhook("w-1", "p-1"))
                .expectExceptionDetails(WebhookRejection.WEBHOOK_NOT_FOUND)
                .expectNoEvents();
    }
}
