-- When and from where each token was last used: merged in by every node every few seconds (not an event: telemetry).
CREATE TABLE token_usage (
    token_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    last_used_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_from VARCHAR(4000) NOT NULL
);
