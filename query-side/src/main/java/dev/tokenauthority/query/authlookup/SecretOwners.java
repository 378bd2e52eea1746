package dev.tokenauthority.query.authlookup;

import dev.tokenauthority.events.readmodel.FindTokenBySecretHash;
import dev.tokenauthority.events.readmodel.SecretOwner;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Which token an active secret opens, from the verifier's own index (by keyed hash): what a leaked-token report acts
 * on. A secret that opens nothing now (unknown, superseded, revoked, expired) has no owner here.
 */
@Component
class SecretOwners {

    private final AuthLookupModel model;
    private final Clock clock;

    SecretOwners(AuthLookupModel model, Clock clock) {
        this.model = model;
        this.clock = clock;
    }

    @QueryHandler
    Optional<SecretOwner> handle(FindTokenBySecretHash query) {
        byte[] hash;
        try {
            hash = Base64.getUrlDecoder().decode(query.secretHash());
        } catch (IllegalArgumentException notAHash) {
            return Optional.empty();
        }
        return model.live().tokens().find(hash)
                .filter(entry -> clock.instant().isBefore(entry.validUntil()))
                .map(entry -> {
                    if (entry.scope() instanceof TokenScope.InstanceScope own) {
                        InstanceKey key = own.instance();
                        return new SecretOwner(entry.tokenId(), key.projectId(), key.regionId(), key.instanceId());
                    }
                    TokenScope.SelectorScope selector = (TokenScope.SelectorScope) entry.scope();
                    return new SecretOwner(entry.tokenId(), selector.projectId(), selector.regionId(), null);
                });
    }
}
