package dev.tokenauthority.events.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook's signing secret and the signatures made with it, as the Standard Webhooks specification
 * (standardwebhooks.com) has them, so that receivers can check them with its libraries: the secret is
 * {@code whsec_<base64 of 32 bytes>}; a message is signed as {@code v1,<base64 of HMAC-SHA256(secret bytes,
 * "<webhook-id>.<webhook-timestamp>.<body>")>}, sent in the {@code webhook-signature} header beside
 * {@code webhook-id} and {@code webhook-timestamp}.
 *
 * <p>The secret is stored nowhere: it is the keyed hash, under the service's HMAC key, of a label that no token
 * secret can be ({@value #LABEL} and the webhook's id), so the service computes it again for each signature and shows
 * it once, when the webhook is registered. A stolen store holds no webhook secret; a new HMAC key gives every
 * webhook a new one.
 */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    static final String LABEL = "webhook-signing-secret:";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretHasher hasher;

    public WebhookSecrets(SecretHasher hasher) {
        this.hasher = hasher;
    }

    /** The webhook's secret in the form its owner configures a receiver with. */
    public String secretOf(String webhookId) {
        return PREFIX + Base64.getEncoder().encodeToString(keyOf(webhookId));
    }

    /** The {@code webhook-signature} header's value for the message. */
    public String signature(String webhookId, String messageId, long timestampSeconds, String body) {
        return sign(keyOf(webhookId), messageId, timestampSeconds, body);
    }

    /** The signature under a secret given as {@code whsec_…} (what a receiver computes to check one). */
    public static String signatureWith(String secret, String messageId, long timestampSeconds, String body) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        return sign(Base64.getDecoder().decode(secret.substring(PREFIX.length())), messageId, timestampSeconds, body);
    }

    private byte[] keyOf(String webhookId) {
        return hasher.hashBytes(LABEL + webhookId);
    }

    private static String sign(byte[] key, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] signed = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
