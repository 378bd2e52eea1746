/**
 * Delivery of the project's token events to its webhooks: at least once, signed (Standard Webhooks), retried with
 * backoff, each delivery in a log the owners read. Not a read model: its processor is never replayed (a replay must
 * not send anything again), and a delivery's id is derived from its event and webhook, so the same event meets the
 * same webhook once, whatever a restart or another node does.
 */
package dev.tokenauthority.query.webhook;
