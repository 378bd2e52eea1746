-- A deadline's data (a few hundred bytes) as an inline binary instead of a BLOB: H2 keeps a BLOB of more than
-- 256 bytes in its separate LOB storage, which made scheduling a token's expiry about half the cost of
-- creating the token (JFR). db-scheduler reads and writes the column with getBytes/setBytes either way.
ALTER TABLE scheduled_tasks ALTER COLUMN task_data SET DATA TYPE BINARY VARYING(1048576);
