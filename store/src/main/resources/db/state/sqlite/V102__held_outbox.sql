-- Outbox items of persons who are not Emarsys contacts yet (a rule completed while they were anonymous).
-- They are released, with the contact key, when the person's primary key appears or the person merges into a contact.
CREATE TABLE held_outbox (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL,
    op              TEXT    NOT NULL,
    target          TEXT,
    payload         TEXT,
    idempotency_key TEXT    NOT NULL,
    held_at         INTEGER NOT NULL
);
CREATE INDEX held_outbox_person ON held_outbox (person_id);
