package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.edge.limit.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenauthority.events.secret.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LoginFormTests {

    private static final SecretHasher HASHER = new SecretHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final LoginForm form = new LoginForm(HASHER, clock);
    private final LoginForm.Target target = new LoginForm.Target("p-1", "eu01", "app-1", "/reports?year=2026&q=a%20b");

    @Test
    void aStateComesBackAsItsTargetWithItsNonce() {
        String nonce = form.newNonce();
        assertThat(form.verify(form.state(target, nonce), nonce)).contains(target);
    }

    @Test
    void aStateIsWorthNothingWithAnotherNonceOrNone() {
        String state = form.state(target, form.newNonce());
        assertThat(form.verify(state, form.newNonce())).isEmpty();
        assertThat(form.verify(state, null)).isEmpty();
        assertThat(form.verify(state, "")).isEmpty();
    }

    @Test
    void aStateWithAnyChangedPartIsRefused() {
        String nonce = form.newNonce();
        String state = form.state(target, nonce);
        String payload = state.substring(0, state.indexOf('.'));
        String otherApp = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).replace("app-1", "app-2")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(form.verify(otherApp + state.substring(state.indexOf('.')), nonce)).isEmpty();
        assertThat(form.verify(payload + ".AAAA", nonce)).isEmpty();
        assertThat(form.verify(payload, nonce)).isEmpty();
        assertThat(form.verify("!!!.###", nonce)).isEmpty();
        assertThat(form.verify(null, nonce)).isEmpty();
    }

    @Test
    void aStateExpiresAfterHalfAnHour() {
        String nonce = form.newNonce();
        String state = form.state(target, nonce);
        clock.advance(Duration.ofMinutes(30));
        assertThat(form.verify(state, nonce)).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(form.verify(state, nonce)).isEmpty();
    }

    @Test
    void anotherServiceKeySignsOtherStates() {
        LoginForm other = new LoginForm(new SecretHasher("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)), clock);
        String nonce = form.newNonce();
        assertThat(other.verify(form.state(target, nonce), nonce)).isEmpty();
    }

    @Test
    void onlyPathsOfTheSameSiteAreReturnedTo() {
        assertThat(LoginForm.safeReturnPath("/a/b?c=d")).isEqualTo("/a/b?c=d");
        assertThat(LoginForm.safeReturnPath("/")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("//evil.example/x")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("/\\evil.example/x")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("https://evil.example/")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("javascript:alert(1)")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("/a\r\nSet-Cookie: x=y")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("/_token_authority/logout")).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("/" + "a".repeat(5000))).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath(null)).isEqualTo("/");
        assertThat(LoginForm.safeReturnPath("")).isEqualTo("/");
    }
}
