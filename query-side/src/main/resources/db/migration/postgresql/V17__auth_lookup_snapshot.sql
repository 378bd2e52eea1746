-- The latest snapshot of the auth lookup (query-side DatabaseSnapshotStore): its bytes in 1 MiB chunks, in order.
CREATE TABLE auth_lookup_snapshot_chunk (
    chunk   INTEGER PRIMARY KEY,
    content BYTEA   NOT NULL
);
