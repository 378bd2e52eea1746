-- The command side's set of live instances: an instance token is only issued for a registered instance.
CREATE TABLE instance_directory (
    instance_id VARCHAR(63) NOT NULL PRIMARY KEY,
    project_id  VARCHAR(63) NOT NULL,
    region_id   VARCHAR(63) NOT NULL,
    deleted     BOOLEAN     NOT NULL
);
