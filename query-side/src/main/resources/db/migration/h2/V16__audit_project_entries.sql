-- Service-account events belong to a project, not to a region: their audit entries have no region.
ALTER TABLE audit_entry ALTER COLUMN region_id DROP NOT NULL;
