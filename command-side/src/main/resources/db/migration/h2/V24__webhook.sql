-- The command side's table of webhooks (GET …/webhooks): written in the transaction of their events.
CREATE TABLE webhook (
    webhook_id    VARCHAR(36)   NOT NULL PRIMARY KEY,
    project_id    VARCHAR(63)   NOT NULL,
    url           VARCHAR(2000) NOT NULL,
    description   VARCHAR(1000) NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX webhook_by_project ON webhook (project_id, registered_at);
