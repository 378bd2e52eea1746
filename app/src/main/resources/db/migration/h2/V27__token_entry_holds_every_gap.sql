-- A tracking token holds every position it is still waiting for, up to the largest gap offset (1,000,000, see
-- TimestampOnceEventStorageEngine), about 8 bytes each in its JSON: up to 8 MB. At 1 MiB, a token with more than
-- about 130,000 gaps could not be stored, and its processor stopped (H2 once skipped 312,230 positions at once).
-- Still inline: H2 stores a BINARY VARYING in the row whatever its declared maximum.
ALTER TABLE token_entry ALTER COLUMN token SET DATA TYPE BINARY VARYING(16777216);
