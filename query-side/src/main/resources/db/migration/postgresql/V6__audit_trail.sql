-- The audit index (query side): one row per event of the store, with who caused it and what it changed, so
-- that a project's, an instance's or a token's history can be filtered and paged without scanning the store.
CREATE TABLE audit_entry (
    global_index   BIGINT        NOT NULL PRIMARY KEY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type     VARCHAR(64)   NOT NULL,
    project_id     VARCHAR(63)   NOT NULL,
    region_id      VARCHAR(63)   NOT NULL,
    instance_id    VARCHAR(63),
    token_id       VARCHAR(36),
    actor          VARCHAR(200)  NOT NULL,
    client_address VARCHAR(64),
    request_id     VARCHAR(64),
    changes        VARCHAR(16000) NOT NULL
);
CREATE INDEX audit_by_project ON audit_entry (project_id, global_index);
CREATE INDEX audit_by_token ON audit_entry (token_id, global_index);
CREATE INDEX audit_by_instance ON audit_entry (instance_id, global_index);
