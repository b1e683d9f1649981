-- Rules (issue 7): rule versions, per-person rule state and durable timers.

-- One row per rule: which version is live. Published versions never change.
CREATE TABLE rule (
    rule_id        TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
    active_version INTEGER,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

CREATE TABLE rule_version (
    rule_id      TEXT    NOT NULL REFERENCES rule (rule_id),
    version      BIGINT  NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    definition   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    published_at TEXT,
    PRIMARY KEY (rule_id, version)
);

-- Live instances and re-entry memories of one person, as bounded JSON (RuleStateCodec).
CREATE TABLE rule_state (
    person_id     TEXT    NOT NULL PRIMARY KEY,
    state         TEXT    NOT NULL,
    updated_at_ms BIGINT  NOT NULL
);

-- One timer per live instance: the current step's deadline. Times are epoch milliseconds.
CREATE TABLE rule_timer (
    person_id        TEXT    NOT NULL,
    rule_id          TEXT    NOT NULL,
    instance_id      TEXT    NOT NULL,
    rule_version     BIGINT  NOT NULL,
    deadline_ms      BIGINT  NOT NULL,
    due_at_ms        BIGINT  NOT NULL,
    claimed_until_ms BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (person_id, rule_id, instance_id)
);

CREATE INDEX rule_timer_due ON rule_timer (due_at_ms);
