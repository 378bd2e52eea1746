package dev.tokenauthority.query.progress;

/**
 * Whether this node may accept tokens at all right now, whatever its read models hold. A single node always may;
 * a node of a cluster only while its lease is fresh and no other node has fenced it (the app's cluster package):
 * a node that cannot prove it has seen every revocation must refuse every token.
 */
public interface NodeStanding {

    boolean acceptsTokens();

    /**
     * Whether other nodes of a cluster are serving now. A replay rebuilds the tables the nodes share, and the
     * other nodes would go on writing to the live ones meanwhile: it runs only on a node that is alone.
     */
    default boolean othersServing() {
        return false;
    }
}
