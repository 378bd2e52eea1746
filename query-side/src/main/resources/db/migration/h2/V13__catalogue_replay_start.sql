-- Where the live catalogue stood when a replay reset its processor: Axon's replay token moves its own record of
-- that point forward as events arrive during the replay, so it cannot tell a restart where the live table is.
-- A row here exists exactly while a replay runs; a start that finds one puts the catalogue back at that point.
CREATE TABLE catalogue_replay_start (
    segment    INTEGER NOT NULL PRIMARY KEY,
    token      BINARY VARYING(1048576),
    token_type VARCHAR(255)
);
