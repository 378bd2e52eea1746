-- Axon's tracking tokens as an inline binary instead of a BLOB: every processed batch rewrites its processor's
-- token, and H2 keeps a BLOB of more than 256 bytes (a gap-aware token with gaps) in its LOB storage.
ALTER TABLE token_entry ALTER COLUMN token SET DATA TYPE BINARY VARYING(1048576);
