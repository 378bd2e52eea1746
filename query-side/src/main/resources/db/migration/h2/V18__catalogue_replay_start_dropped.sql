-- A replay no longer resets the catalogue's processor (it rebuilds with a processor of its own, query-side
-- ReadModelReplay), so there is no earlier position to put back after an interrupted one.
DROP TABLE catalogue_replay_start;
