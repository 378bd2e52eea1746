package dev.tokenauthority.app.cluster;

import java.util.UUID;

/**
 * This process as a node: an id of its own for every start (a restarted node's auth lookup starts from nothing,
 * so it must not inherit the position its previous run announced), its role and where it listens.
 */
record NodeIdentity(String id, NodeRole role, String address) {

    static NodeIdentity startingNow(NodeRole role, String address) {
        return new NodeIdentity(UUID.randomUUID().toString(), role, address);
    }
}
