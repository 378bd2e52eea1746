-- When a secret scanner last reported the token's secret as exposed (a flagged token; a revoked one leaves the list).
ALTER TABLE token_catalogue ADD COLUMN leak_reported_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE token_catalogue_next ADD COLUMN leak_reported_at TIMESTAMP WITH TIME ZONE;
