-- Browser sessions opened through a gateway's login page. Not a read model: nothing in the event store says a
-- browser logged in, and a replay leaves this table alone. A row names the secret the session was opened with
-- (by its keyed hash, as the event store does), so the session ends when that secret stops being the token's.
-- The cookie value itself is never stored, only its SHA-256.
CREATE TABLE gateway_session (
    session_hash CHAR(64)      NOT NULL PRIMARY KEY,
    token_id     VARCHAR(36)   NOT NULL,
    secret_hash  VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gateway_session_by_expiry ON gateway_session (expires_at);
