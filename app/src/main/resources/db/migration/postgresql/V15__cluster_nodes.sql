-- The nodes of a cluster on this store (app.cluster): one row per running process, written by that process's
-- heartbeat. A node accepts tokens only while its lease (lease_until, on the database's clock) is fresh and its
-- state is 'serving'; a write call waits until every serving node with a live lease has applied its event
-- (applied_index and applied_gaps: the node's auth lookup position, a GapAwareTrackingToken), fencing one that
-- lags too long ('fenced': it may not renew its lease) and waiting out that lease.
-- state: 'joining' (catching up, accepts no tokens), 'serving', 'fenced' (set by another node).
CREATE TABLE cluster_node (
    node_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    role          VARCHAR(16)  NOT NULL,
    address       VARCHAR(255),
    state         VARCHAR(16)  NOT NULL CHECK (state IN ('joining', 'serving', 'fenced')),
    lease_until   TIMESTAMPTZ  NOT NULL,
    applied_index BIGINT       NOT NULL DEFAULT -1,
    applied_gaps  BIGINT[]     NOT NULL DEFAULT '{}',
    started_at    TIMESTAMPTZ  NOT NULL,
    heartbeat_at  TIMESTAMPTZ  NOT NULL
);
