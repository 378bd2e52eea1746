-- The latest expiry warning of a token (its lead time in seconds: the closest one warned of), and what the warning
-- sweep reads: the active tokens whose validUntil comes within a lead time, by validUntil.
ALTER TABLE token_catalogue ADD COLUMN expiry_warned_lead_seconds BIGINT;
ALTER TABLE token_catalogue ADD COLUMN expiry_warned_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue_next ADD COLUMN expiry_warned_lead_seconds BIGINT;
ALTER TABLE token_catalogue_next ADD COLUMN expiry_warned_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX token_catalogue_valid_until ON token_catalogue (valid_until);
CREATE INDEX token_catalogue_next_valid_until ON token_catalogue_next (valid_until);
