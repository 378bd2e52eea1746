-- Nothing to change on PostgreSQL: token_entry.token is a bytea, which holds a token with every gap the largest gap
-- offset allows (about 8 MB). The H2 migration of this version widens its column to that.
SELECT 1;
