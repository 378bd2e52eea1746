-- One index serves both listings: (project_id, region_id, instance_id, created_at) answers "tokens of this
-- instance" and, with instance_id IS NULL as its third key, "selector tokens of this project and region" (H2
-- seeks both; EXPLAIN ANALYZE visits only the matching rows). The second index cost every catalogue write,
-- a replay's above all, one more B-tree insert and one more commit step per row.
DROP INDEX token_catalogue_by_project;
DROP INDEX token_catalogue_next_by_project;
