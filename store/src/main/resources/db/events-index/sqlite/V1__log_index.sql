-- Indexes over the event log (events.db), kept in their own file and written in large batches by a background
-- indexer, so that appending to the log stays a sequential write. Everything here can be rebuilt from the log.

-- Which log offset holds the event with a message id, for de-duplication. Keyed by a 64-bit hash of the message id;
-- a hit is always checked against the stored event.
CREATE TABLE message_ids (
    hash     INTEGER PRIMARY KEY,
    "offset" INTEGER NOT NULL
);
-- Other events whose message id hashes to a value already in message_ids (rare).
CREATE TABLE message_id_collisions (
    hash     INTEGER NOT NULL,
    "offset" INTEGER NOT NULL,
    PRIMARY KEY (hash, "offset")
) WITHOUT ROWID;

-- Which events carry a userId or anonymousId (by hash), for a person's history and privacy purges: one row per
-- identifier and indexed chunk, with the chunk's offsets of that identifier packed in a blob.
CREATE TABLE identifier_events (
    hash    INTEGER NOT NULL,
    chunk   INTEGER NOT NULL, -- the first offset of the indexed chunk
    offsets BLOB    NOT NULL, -- varint deltas of increasing offsets
    PRIMARY KEY (hash, chunk)
) WITHOUT ROWID;
CREATE INDEX identifier_events_chunk ON identifier_events (chunk);

-- How far the log is indexed: every event with offset <= indexed_through is in the tables above.
CREATE TABLE index_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_through INTEGER NOT NULL
);
INSERT INTO index_state (id, indexed_through) VALUES (1, 0);
