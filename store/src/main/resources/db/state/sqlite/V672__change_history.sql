-- Who changed a data map, rule or audience mapping, when, and the state before and after (JSON snapshots), so the
-- console can show a diff and roll back. Written by the admin API after each successful change.
CREATE TABLE change_history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms        BIGINT  NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('datamap', 'rule', 'audience')),
    object_id    TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    before_state TEXT,
    after_state  TEXT
);

CREATE INDEX change_history_object ON change_history (kind, object_id, id);
