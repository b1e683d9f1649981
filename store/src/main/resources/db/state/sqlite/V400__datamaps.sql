-- Data maps (issue 6): versions of each map, the running version, and Engage audience → contact list mappings.
-- Timestamps are ISO-8601 UTC text; definitions are the canonical map JSON.

CREATE TABLE datamap (
    id              TEXT    NOT NULL PRIMARY KEY,
    current_version INTEGER,               -- the published version the processor runs; NULL = not running
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

CREATE TABLE datamap_version (
    map_id       TEXT    NOT NULL REFERENCES datamap (id),
    version      INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    definition   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    published_at TEXT,
    PRIMARY KEY (map_id, version)
);

-- A published version never changes: enforce it below the application too.
CREATE TRIGGER datamap_version_published_is_immutable
    BEFORE UPDATE OF definition ON datamap_version
    WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'published data map versions never change');
END;

CREATE TABLE audience_list_mapping (
    audience_key TEXT    NOT NULL PRIMARY KEY,
    list_id      TEXT,                     -- explicit Emarsys list id, or
    list_name    TEXT,                     -- a list name (created if missing); both NULL = list named like the key
    enabled      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT    NOT NULL,
    CHECK (list_id IS NULL OR list_name IS NULL)
);
