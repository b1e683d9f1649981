-- Data maps (issue 6): same schema semantics as the SQLite migration.

CREATE TABLE datamap (
    id              TEXT    NOT NULL PRIMARY KEY,
    current_version INTEGER,
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

CREATE FUNCTION datamap_version_published_is_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' AND NEW.definition IS DISTINCT FROM OLD.definition THEN
        RAISE EXCEPTION 'published data map versions never change';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER datamap_version_published_is_immutable
    BEFORE UPDATE ON datamap_version
    FOR EACH ROW EXECUTE FUNCTION datamap_version_published_is_immutable();

CREATE TABLE audience_list_mapping (
    audience_key TEXT    NOT NULL PRIMARY KEY,
    list_id      TEXT,
    list_name    TEXT,
    enabled      INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT    NOT NULL,
    CHECK (list_id IS NULL OR list_name IS NULL)
);
