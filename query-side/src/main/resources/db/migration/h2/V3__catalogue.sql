-- The catalogue read model (query side): one row per token that was not revoked.
CREATE TABLE token_catalogue (
    token_id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    project_id          VARCHAR(63)  NOT NULL,
    region_id           VARCHAR(63)  NOT NULL,
    instance_id         VARCHAR(63)  NOT NULL,
    name                VARCHAR(63)  NOT NULL,
    description         VARCHAR(255) NOT NULL,
    labels              VARCHAR(16000) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_regenerated_at TIMESTAMP WITH TIME ZONE,
    expired             BOOLEAN NOT NULL
);
CREATE INDEX token_catalogue_by_instance ON token_catalogue (project_id, region_id, instance_id, created_at);
