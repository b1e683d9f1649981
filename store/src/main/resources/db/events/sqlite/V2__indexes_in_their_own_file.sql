-- The message id and identifier indexes moved to events-index.db, written in large batches in the background:
-- kept here, every commit rewrote thousands of random index pages (the log's throughput fell to about 20,000
-- events/s). The log itself is now append-only by offset.
DROP INDEX IF EXISTS events_message_id;
DROP INDEX IF EXISTS events_user_id;
DROP INDEX IF EXISTS events_anonymous_id;
