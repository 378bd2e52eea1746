-- The catalogue read models (query side), in their H2 shapes as of V13: one row per token that was not revoked
-- and one per instance that was not deleted, each in two equal tables (blue/green: a replay rebuilds into the
-- standby one, then catalogue_live_table points at it).
CREATE TABLE token_catalogue (
    token_id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    project_id          VARCHAR(63)  NOT NULL,
    region_id           VARCHAR(63)  NOT NULL,
    instance_id         VARCHAR(63),
    name                VARCHAR(63)  NOT NULL,
    description         VARCHAR(255) NOT NULL,
    labels              VARCHAR(16000) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_regenerated_at TIMESTAMP WITH TIME ZONE,
    expired             BOOLEAN NOT NULL,
    role                VARCHAR(16) DEFAULT 'operator' NOT NULL,
    selector            VARCHAR(16000)
);
-- One index serves both listings: instance_id IS NULL as its third key seeks the selector tokens.
CREATE INDEX token_catalogue_by_instance ON token_catalogue (project_id, region_id, instance_id, created_at);
CREATE TABLE token_catalogue_next (LIKE token_catalogue INCLUDING ALL);

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
CREATE TABLE instance_catalogue_next (LIKE instance_catalogue INCLUDING ALL);

CREATE TABLE catalogue_live_table (
    catalogue  VARCHAR(16) NOT NULL PRIMARY KEY,
    live_table VARCHAR(64) NOT NULL
);
INSERT INTO catalogue_live_table (catalogue, live_table) VALUES ('tokens', 'token_catalogue');
INSERT INTO catalogue_live_table (catalogue, live_table) VALUES ('instances', 'instance_catalogue');

-- Where the live catalogue stood when a replay reset its processor (see the H2 migration V13).
CREATE TABLE catalogue_replay_start (
    segment    INTEGER NOT NULL PRIMARY KEY,
    token      BYTEA,
    token_type VARCHAR(255)
);
