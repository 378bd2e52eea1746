package dev.tokenauthority.query.verify;

import dev.tokenauthority.events.access.Action;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.events.secret.TokenSecrets;
import dev.tokenauthority.query.authlookup.AuthEntry;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.AuthState;
import dev.tokenauthority.query.authlookup.InstanceKey;
import dev.tokenauthority.query.authlookup.InstanceRegistry;
import dev.tokenauthority.query.authlookup.TokenScope;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides, from memory only, whether a bearer secret allows an action on an instance: one HMAC, one lookup of
 * the token by hash, one lookup of the instance's current labels, and a selector check over the selector's few
 * pairs; for the few tokens with allowed networks, a check of the client address. Nothing in it grows with the
 * number of tokens or instances. A secret that does not even have our format costs neither lookup; one that opens
 * nothing costs one more, among the superseded secrets (a signal only).
 */
@Component
public class TokenVerifier {

    private final AuthLookupModel model;
    private final SecretHasher hasher;
    private final Clock clock;

    public TokenVerifier(AuthLookupModel model, SecretHasher hasher, Clock clock) {
        this.model = model;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * The verdict for {@code secret} presented from {@code clientAddress} (the address an authenticated gateway vouches
     * for, else the TCP peer's) for {@code action} on the instance.
     */
    public Verdict verify(String secret, String clientAddress, String projectId, String regionId, String instanceId,
                          Action action) {
        if (secret == null || secret.isEmpty()) {
            return Verdict.invalid(Verdict.Reason.MISSING, null);
        }
        if (!TokenSecrets.isWellFormed(secret)) {
            return Verdict.invalid(Verdict.Reason.MALFORMED, null);
        }
        return verifyHash(hasher.hashBytes(secret), clientAddress, projectId, regionId, instanceId, action);
    }

    /**
     * The same decision for a secret known only by its keyed hash: what a gateway session holds, so that the
     * session ends the moment the secret it was opened with stops being the token's secret.
     */
    public Verdict verifyHash(byte[] secretHash, String clientAddress, String projectId, String regionId,
                              String instanceId, Action action) {
        AuthState state = model.live(); // one state for the whole decision, even across a replay's switch
        InstanceRegistry instances = state.instances();
        Optional<AuthEntry> found = state.tokens().find(secretHash);
        if (found.isEmpty()) {
            String supersededFor = state.supersededOwner(secretHash);
            return supersededFor == null ? Verdict.invalid(Verdict.Reason.UNKNOWN_OR_REVOKED, null)
                    : Verdict.invalid(Verdict.Reason.SUPERSEDED, supersededFor);
        }
        AuthEntry entry = found.get();
        // The expiry deadline may fire late or not yet have been processed: validUntil itself is the limit.
        if (!clock.instant().isBefore(entry.validUntil())) {
            return Verdict.invalid(Verdict.Reason.EXPIRED, entry.tokenId());
        }
        if (entry.scope() instanceof TokenScope.InstanceScope own && instances.labelsOf(own.instance()) == null) {
            return Verdict.invalid(Verdict.Reason.INSTANCE_DELETED, entry.tokenId());
        }
        // Before the scope: from elsewhere the token opens nothing, and the answer says nothing about what it covers.
        if (!entry.allowsAddress(clientAddress)) {
            return Verdict.insufficient(Verdict.Reason.ADDRESS_NOT_ALLOWED, entry.tokenId(), entry.role());
        }
        InstanceKey requested = new InstanceKey(projectId, regionId, instanceId);
        Map<String, String> labels = instances.labelsOf(requested);
        if (!entry.scope().covers(requested, labels)) {
            return Verdict.insufficient(Verdict.Reason.NOT_COVERED, entry.tokenId(), entry.role());
        }
        if (!entry.role().permits(action)) {
            return Verdict.insufficient(Verdict.Reason.ROLE_NOT_ALLOWED, entry.tokenId(), entry.role());
        }
        return Verdict.allowed(entry.tokenId(), entry.role());
    }
}
