-- Users table (identity). Times are epoch milliseconds. A merged person keeps its row with merged_into set
-- forever, so anything that still holds its id (late events, rule state, the API) reaches the winner.
CREATE TABLE person (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    first_seen    INTEGER NOT NULL,
    last_seen     INTEGER NOT NULL,
    pk_norm       TEXT,
    pk_raw        TEXT,
    pk_set_at     INTEGER,
    traits        TEXT    NOT NULL DEFAULT '{}',
    trait_times   TEXT    NOT NULL DEFAULT '{}',
    merge_count   INTEGER NOT NULL DEFAULT 0,
    user_ids      INTEGER NOT NULL DEFAULT 0,
    primary_keys  INTEGER NOT NULL DEFAULT 0,
    anonymous_ids INTEGER NOT NULL DEFAULT 0,
    identifiers   INTEGER NOT NULL DEFAULT 0,
    merged_into   INTEGER
);
CREATE INDEX person_merged_into ON person (merged_into) WHERE merged_into IS NOT NULL;

-- One row per identifier: type 1 = userId, 2 = primary key, 3 = anonymousId. The primary key makes two writers
-- that see the same new e-mail at once end with one person (the second insert fails and is retried).
CREATE TABLE identity (
    type       INTEGER NOT NULL,
    value_norm TEXT    NOT NULL,
    value_raw  TEXT    NOT NULL,
    person_id  INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    previous   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, value_norm)
) WITHOUT ROWID;
CREATE INDEX identity_person ON identity (person_id);

CREATE TABLE merge_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    winner     INTEGER NOT NULL,
    loser      INTEGER NOT NULL,
    reason     TEXT    NOT NULL,
    message_id TEXT,
    log_offset INTEGER NOT NULL DEFAULT 0,
    at         INTEGER NOT NULL
);
CREATE INDEX merge_log_winner ON merge_log (winner);
CREATE INDEX merge_log_loser ON merge_log (loser);
