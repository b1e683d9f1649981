-- The failed event itself (the log's encoding, as JSON text), so it can be retried after the log has pruned it.
-- NULL for rows written before this column existed: those are retried from the log while it still has them.
ALTER TABLE processing_failures ADD COLUMN event TEXT;
