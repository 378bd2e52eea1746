-- Webhook deliveries (query side, not a read model: never rebuilt). The webhooks as the delivery processor met them,
-- and one row per event and webhook with its body as sent and where it stands.
CREATE TABLE webhook_target (
    webhook_id VARCHAR(36)   NOT NULL PRIMARY KEY,
    project_id VARCHAR(63)   NOT NULL,
    url        VARCHAR(2000) NOT NULL,
    removed    BOOLEAN       NOT NULL
);
CREATE INDEX webhook_target_by_project ON webhook_target (project_id);
CREATE TABLE webhook_delivery (
    delivery_id      VARCHAR(36)   NOT NULL PRIMARY KEY,
    webhook_id       VARCHAR(36)   NOT NULL,
    project_id       VARCHAR(63)   NOT NULL,
    event_type       VARCHAR(64)   NOT NULL,
    token_id         VARCHAR(64)   NOT NULL,
    body             VARCHAR(16000) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    last_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_status_code INTEGER,
    last_error       VARCHAR(300),
    delivered_at     TIMESTAMP WITH TIME ZONE,
    next_attempt_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_delivery_by_webhook ON webhook_delivery (webhook_id, created_at);
