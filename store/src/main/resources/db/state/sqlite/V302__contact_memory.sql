-- What was last sent to Emarsys per contact (ContactMemory as JSON): field value hashes and list memberships, so
-- an unchanged identify costs no request. Keyed like outbox.person_key; dropped when an item of the person is
-- dead-lettered, on merges and on privacy deletion (the next event then sends everything).
CREATE TABLE contact_memory (
    person_key TEXT NOT NULL PRIMARY KEY,
    memory     TEXT NOT NULL
);
