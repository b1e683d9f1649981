-- Outbox items of persons who are not Emarsys contacts yet; released with the key when it appears.
CREATE TABLE held_outbox (
    id              BIGSERIAL PRIMARY KEY,
    person_id       BIGINT NOT NULL,
    op              TEXT   NOT NULL,
    target          TEXT,
    payload         TEXT,
    idempotency_key TEXT   NOT NULL,
    held_at         BIGINT NOT NULL
);
CREATE INDEX held_outbox_person ON held_outbox (person_id);
