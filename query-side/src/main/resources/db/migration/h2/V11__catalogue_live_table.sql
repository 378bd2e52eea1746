-- Blue/green catalogue tables: a replay rebuilds into the standby table and then makes it the live one by
-- changing this pointer, instead of copying every row back (which took most of a 300,000-event replay).
-- Each catalogue's two tables are equals from now on, so the standby one gets the live one's indexes.
CREATE TABLE catalogue_live_table (
    catalogue  VARCHAR(16) NOT NULL PRIMARY KEY,
    live_table VARCHAR(64) NOT NULL
);
INSERT INTO catalogue_live_table (catalogue, live_table) VALUES ('tokens', 'token_catalogue');
INSERT INTO catalogue_live_table (catalogue, live_table) VALUES ('instances', 'instance_catalogue');
CREATE INDEX token_catalogue_next_by_instance ON token_catalogue_next (project_id, region_id, instance_id, created_at);
CREATE INDEX token_catalogue_next_by_project ON token_catalogue_next (project_id, region_id, created_at);
CREATE INDEX instance_catalogue_next_by_region ON instance_catalogue_next (project_id, region_id, created_at);
