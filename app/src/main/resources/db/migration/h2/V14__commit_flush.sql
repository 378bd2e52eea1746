-- One row that H2CommitFlush changes before each CHECKPOINT, so that the checkpoint always has something of its
-- own to store and returns only once everything committed before it is in the file.
CREATE TABLE commit_flush (
    id      INTEGER NOT NULL PRIMARY KEY,
    flushes BIGINT  NOT NULL
);
INSERT INTO commit_flush (id, flushes) VALUES (1, 0);
