-- Who holds an outbox item's claim (a node id that survives restarts of the node). A restarted node takes its own
-- claims back at once instead of waiting for their lease; other nodes' claims still wait. NULL: not claimed, or
-- claimed without a holder identity.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
