/**
 * The published language of Token Authority: every event and cross-side query, and the value types they
 * carry. The command side and the query side both depend on this module and on nothing of each other.
 *
 * <p>Events are facts that stay readable for ever: every event type carries a {@code @Revision}; a change to
 * its shape gets a new revision and an upcaster. No event carries a secret: only its keyed hash.
 */
package dev.tokenauthority.events;
