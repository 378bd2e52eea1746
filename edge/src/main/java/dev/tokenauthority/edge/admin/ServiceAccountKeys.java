package dev.tokenauthority.edge.admin;

import dev.tokenauthority.events.secret.SecretFormat;
import dev.tokenauthority.events.secret.SecretHasher;
import dev.tokenauthority.query.authlookup.AuthLookupModel;
import dev.tokenauthority.query.authlookup.ServiceAccountDirectory;
import java.time.Clock;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Component;

/**
 * Authenticates a service-account key against this node's auth lookup: its keyed hash must open a live account
 * whose lifetime has not run out. A rotated-away or deleted account's key opens nothing once this node applied
 * the event, which the rotate and delete calls wait for on every node.
 */
@Component
class ServiceAccountKeys {

    private final AuthLookupModel model;
    private final SecretHasher hasher;
    private final Clock clock;

    ServiceAccountKeys(AuthLookupModel model, SecretHasher hasher, Clock clock) {
        this.model = model;
        this.hasher = hasher;
        this.clock = clock;
    }

    static boolean looksLikeOne(String presented) {
        return presented.startsWith(SecretFormat.SERVICE_ACCOUNT_KEY.prefix());
    }

    AdminAuthentication authenticate(String presented) {
        if (!SecretFormat.SERVICE_ACCOUNT_KEY.isWellFormed(presented)) {
            throw new BadCredentialsException("not a service-account key");
        }
        ServiceAccountDirectory.Account account = model.live().serviceAccounts().byKeyHash(hasher.hash(presented))
                .orElseThrow(() -> new BadCredentialsException("unknown, rotated or deleted service-account key"));
        if (!account.isValidAt(clock.instant())) {
            throw new BadCredentialsException("expired service account");
        }
        return AdminAuthentication.serviceAccount(account.id(), account.projectId(), account.role());
    }
}
