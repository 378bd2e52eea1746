-- The command side's table of project policies: what the token aggregate enforces (and GET …/policy shows).
CREATE TABLE project_policy (
    project_id        VARCHAR(63) NOT NULL PRIMARY KEY,
    on_superseded_use VARCHAR(16) NOT NULL
);
