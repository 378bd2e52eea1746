package dev.tokenauthority.query.webhook;

import java.time.Instant;

/**
 * Where a delivery waits for its next attempt: persistent, picked up by one node of a cluster at a time, in the
 * transaction of the caller (the app's db-scheduler task, beside the expiry deadlines).
 */
public interface DeliveryQueue {

    /** The delivery's first attempt at {@code at}; nothing if it is queued already. */
    void enqueue(String deliveryId, Instant at);
}
