package dev.tokenauthority.events.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Webhook secrets and signatures exactly as the Standard Webhooks libraries compute them. */
class WebhookSecretsTests {

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void theSignatureIsTheOneOfTheSpecificationsTestVector() {
        assertThat(WebhookSecrets.signatureWith("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aWebhooksSecretIsItsOwnAndSignsWhatTheServiceSigns() {
        WebhookSecrets secrets = new WebhookSecrets(new SecretHasher(key(1)));
        String secret = secrets.secretOf("w-1");
        assertThat(secret).startsWith("whsec_").isEqualTo(secrets.secretOf("w-1"));
        assertThat(secrets.secretOf("w-2")).isNotEqualTo(secret);
        assertThat(new WebhookSecrets(new SecretHasher(key(2))).secretOf("w-1")).as("another key").isNotEqualTo(secret);
        assertThat(secrets.signature("w-1", "m-1", 1700000000, "{}"))
                .isEqualTo(WebhookSecrets.signatureWith(secret, "m-1", 1700000000, "{}"))
                .isNotEqualTo(WebhookSecrets.signatureWith(secret, "m-1", 1700000001, "{}"))
                .isNotEqualTo(WebhookSecrets.signatureWith(secret, "m-2", 1700000000, "{}"))
                .isNotEqualTo(WebhookSecrets.signatureWith(secret, "m-1", 1700000000, "{ }"));
    }

    @Test
    void theSecretIsNoTokensKeyedHash() {
        SecretHasher hasher = new SecretHasher(key(1));
        WebhookSecrets secrets = new WebhookSecrets(hasher);
        assertThat(secrets.secretOf("w-1")).doesNotContain(hasher.hash("w-1"));
        assertThatThrownBy(() -> WebhookSecrets.signatureWith("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "m", 1, "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
