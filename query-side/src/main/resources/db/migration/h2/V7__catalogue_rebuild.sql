-- Where a replay rebuilds the catalogue, beside the tables the API keeps reading; swapped in one transaction.
CREATE TABLE token_catalogue_next AS SELECT * FROM token_catalogue WITH NO DATA;
ALTER TABLE token_catalogue_next ALTER COLUMN token_id SET NOT NULL;
ALTER TABLE token_catalogue_next ADD PRIMARY KEY (token_id);
CREATE TABLE instance_catalogue_next AS SELECT * FROM instance_catalogue WITH NO DATA;
ALTER TABLE instance_catalogue_next ALTER COLUMN instance_id SET NOT NULL;
ALTER TABLE instance_catalogue_next ADD PRIMARY KEY (instance_id);
