package dev.tokenauthority.edge.gateway;

import dev.tokenauthority.events.readmodel.ResourceIds;
import dev.tokenauthority.events.secret.SecretHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * What the login form carries from the page that was asked for to the login post: the app (project, region,
 * instance, which the gateway named when it showed the page) and the path to return to. The login endpoint
 * itself sits outside every app's location, so it cannot learn them from the gateway; they travel in a hidden
 * {@code state} field, signed together with a nonce that only the browser's {@code SameSite=Strict} cookie
 * carries. The signature is the form's CSRF defence: another site can neither read the nonce nor make the
 * browser send it with a cross-site post.
 */
@Component
public class LoginForm {

    static final Duration MAX_AGE = Duration.ofMinutes(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final int MAX_RETURN_PATH = 2048;

    private final byte[] key;
    private final Clock clock;

    public LoginForm(SecretHasher hasher, Clock clock) {
        // A key of its own, derived from the service key: a signature can never be mistaken for a secret's hash.
        this.key = hasher.hashBytes("token-authority/gateway/login-form-state/v1");
        this.clock = clock;
    }

    /** The app a login is for, and where the browser goes once logged in. */
    public record Target(String projectId, String regionId, String instanceId, String returnPath) {
    }

    /** A fresh nonce, for the login cookie. */
    String newNonce() {
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        return BASE64URL.encodeToString(nonce);
    }

    /** The hidden {@code state} field for {@code target}, bound to {@code nonce}. */
    String state(Target target, String nonce) {
        String payload = BASE64URL.encodeToString(String.join("\n", "v1", target.projectId(), target.regionId(),
                target.instanceId(), target.returnPath(), Long.toString(clock.instant().getEpochSecond()))
                .getBytes(StandardCharsets.UTF_8));
        return payload + "." + BASE64URL.encodeToString(mac(nonce + "." + payload));
    }

    /** The target of a posted {@code state}, when it was signed for this {@code nonce} less than 30 minutes ago. */
    Optional<Target> verify(String state, String nonce) {
        if (state == null || nonce == null || nonce.isEmpty() || state.length() > 4 * MAX_RETURN_PATH) {
            return Optional.empty();
        }
        int dot = state.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String payload = state.substring(0, dot);
        try {
            byte[] signature = DECODE.decode(state.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(nonce + "." + payload))) {
                return Optional.empty();
            }
            String[] fields = new String(DECODE.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 6 || !fields[0].equals("v1")) {
                return Optional.empty();
            }
            Instant signedAt = Instant.ofEpochSecond(Long.parseLong(fields[5]));
            if (clock.instant().isAfter(signedAt.plus(MAX_AGE))) {
                return Optional.empty();
            }
            return Optional.of(new Target(fields[1], fields[2], fields[3], fields[4]));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /**
     * The path to return to after login: a path of the same site ({@code /…}), never another origin
     * ({@code //host}, {@code /\host}), nor the gateway's own pages; anything else becomes {@code /}.
     */
    static String safeReturnPath(String requested) {
        if (requested == null || requested.isEmpty() || requested.length() > MAX_RETURN_PATH
                || requested.charAt(0) != '/' || requested.startsWith("//") || requested.startsWith("/\\")
                || requested.startsWith(GatewayContract.PUBLIC_PREFIX)
                || requested.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "/";
        }
        return requested;
    }

    static boolean isTarget(String projectId, String regionId, String instanceId) {
        return ResourceIds.isValid(projectId) && ResourceIds.isValid(regionId) && ResourceIds.isValid(instanceId);
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}
