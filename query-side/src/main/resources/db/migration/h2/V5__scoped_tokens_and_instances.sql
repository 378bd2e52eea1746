-- Selector tokens live under a project and region, not an instance; every token has a role.
ALTER TABLE token_catalogue ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE token_catalogue ADD COLUMN role VARCHAR(16) DEFAULT 'operator' NOT NULL;
ALTER TABLE token_catalogue ADD COLUMN selector VARCHAR(16000);
CREATE INDEX token_catalogue_by_project ON token_catalogue (project_id, region_id, created_at);

-- The instance catalogue read model: one row per instance that was not deleted.
CREATE TABLE instance_catalogue (
    instance_id VARCHAR(63)  NOT NULL PRIMARY KEY,
    project_id  VARCHAR(63)  NOT NULL,
    region_id   VARCHAR(63)  NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    name        VARCHAR(63)  NOT NULL,
    labels      VARCHAR(16000) NOT NULL,
    running     BOOLEAN      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX instance_catalogue_by_region ON instance_catalogue (project_id, region_id, created_at);
