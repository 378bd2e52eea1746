package dev.tokenauthority.query.verify;

import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.query.authlookup.AuthEntry;
import dev.tokenauthority.query.authlookup.AuthLookupIndex;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides, from memory only, whether a bearer secret opens an instance. One HMAC and one map lookup per call;
 * a secret that does not even have our format costs neither.
 */
@Component
public class TokenVerifier {

    private final AuthLookupIndex index;
    private final SecretHasher hasher;
    private final Clock clock;

    public TokenVerifier(AuthLookupIndex index, SecretHasher hasher, Clock clock) {
        this.index = index;
        this.hasher = hasher;
        this.clock = clock;
    }

    public Verdict verify(String secret, String projectId, String regionId, String instanceId) {
        if (secret == null || secret.isEmpty()) {
            return Verdict.invalid(Verdict.Reason.MISSING, null);
        }
        if (!TokenSecrets.isWellFormed(secret)) {
            return Verdict.invalid(Verdict.Reason.MALFORMED, null);
        }
        Optional<AuthEntry> found = index.find(hasher.hashBytes(secret));
        if (found.isEmpty()) {
            return Verdict.invalid(Verdict.Reason.UNKNOWN_OR_REVOKED, null);
        }
        AuthEntry entry = found.get();
        // The expiry deadline may fire late or not yet have been processed: validUntil itself is the limit.
        if (!clock.instant().isBefore(entry.validUntil())) {
            return Verdict.invalid(Verdict.Reason.EXPIRED, entry.tokenId());
        }
        if (!entry.scope().covers(projectId, regionId, instanceId)) {
            return Verdict.otherInstance(entry.tokenId());
        }
        return Verdict.allowed(entry.tokenId());
    }
}
