package dev.tokenauthority.edge.verify;

import dev.tokenauthority.query.progress.ReadIndex;
import dev.tokenauthority.query.progress.ReadModelProgress;
import org.springframework.stereotype.Component;

/**
 * Whether this node may decide on a presented token now, or must answer {@code 503}: it may once its auth lookup
 * has caught up since start-up and either its standing allows it (a single node; a serving node of a cluster with a
 * fresh lease) or, when that standing is lost, its read index shows it holds every event committed before the call
 * ({@link ReadIndex}). The first is a memory read, the path of nearly every call; the second waits, boundedly.
 */
@Component
public class TokenAcceptance {

    private final ReadModelProgress progress;
    private final ReadIndex readIndex;

    TokenAcceptance(ReadModelProgress progress, ReadIndex readIndex) {
        this.progress = progress;
        this.readIndex = readIndex;
    }

    public boolean acceptsTokens() {
        return progress.acceptsTokens() || (progress.authLookupReady() && readIndex.confirmsCaughtUp());
    }
}
