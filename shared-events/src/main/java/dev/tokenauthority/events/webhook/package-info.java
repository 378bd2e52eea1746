/**
 * Webhooks: where a project's token events are posted (registered and removed by the project's owners).
 */
package dev.tokenauthority.events.webhook;
