-- Privacy deletion in the outbox (issue 12.2). A deleted person's dead letters and pending items become discarded
-- (state 3) without payload or key value. A pending upsert that may be in flight (claimed by a delivery worker)
-- becomes an erased tombstone (state 4) instead: until its worker settles it or its lease ends it holds back the
-- contact deletion queued under the same person key, so the deletion cannot overtake a request still on its way.
CREATE INDEX outbox_dead_person ON outbox (person_key) WHERE state = 2;
CREATE INDEX outbox_erased ON outbox (account, person_key, id) WHERE state = 4;

-- Persons removed by a privacy deletion (person keys only, no personal data): a dead-letter replay never sends
-- an item of theirs.
CREATE TABLE erased_person (
    person_key TEXT    NOT NULL PRIMARY KEY,
    erased_at  INTEGER NOT NULL -- epoch milliseconds
);
