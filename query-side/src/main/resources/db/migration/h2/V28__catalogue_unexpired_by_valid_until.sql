-- What the overdue-expiry sweep reads: the tokens not expired whose validUntil passed, soonest first. By the index on
-- validUntil alone it would step over every token that ever expired (they stay listed) at every sweep.
CREATE INDEX token_catalogue_unexpired_by_valid_until ON token_catalogue (expired, valid_until);
CREATE INDEX token_catalogue_next_unexpired_by_valid_until ON token_catalogue_next (expired, valid_until);
