-- The leak signal on a token: superseded secrets presented while it was live (when last, how many in all, and the
-- client addresses and ways in of the latest signal, one per line).
ALTER TABLE token_catalogue ADD COLUMN superseded_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue ADD COLUMN superseded_uses BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE token_catalogue ADD COLUMN superseded_used_from VARCHAR(400);
ALTER TABLE token_catalogue ADD COLUMN superseded_used_through VARCHAR(800);
ALTER TABLE token_catalogue_next ADD COLUMN superseded_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue_next ADD COLUMN superseded_uses BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE token_catalogue_next ADD COLUMN superseded_used_from VARCHAR(400);
ALTER TABLE token_catalogue_next ADD COLUMN superseded_used_through VARCHAR(800);
