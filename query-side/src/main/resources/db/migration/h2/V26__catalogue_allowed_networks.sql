-- A token's allowed client networks (canonical CIDR blocks, one per line; NULL: any address), and the signal of
-- its secret presented from elsewhere (when last, how many in all, the addresses and ways in of the latest signal).
ALTER TABLE token_catalogue ADD COLUMN allowed_networks VARCHAR(2200);
ALTER TABLE token_catalogue ADD COLUMN disallowed_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue ADD COLUMN disallowed_uses BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE token_catalogue ADD COLUMN disallowed_used_from VARCHAR(400);
ALTER TABLE token_catalogue ADD COLUMN disallowed_used_through VARCHAR(800);
ALTER TABLE token_catalogue_next ADD COLUMN allowed_networks VARCHAR(2200);
ALTER TABLE token_catalogue_next ADD COLUMN disallowed_used_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue_next ADD COLUMN disallowed_uses BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE token_catalogue_next ADD COLUMN disallowed_used_from VARCHAR(400);
ALTER TABLE token_catalogue_next ADD COLUMN disallowed_used_through VARCHAR(800);
