-- Primary key values refused because they cannot be values of the Emarsys key field (an e-mail key that is a number
-- or not an address, a key too long for the field): the person keeps no such key. Kept for operators, newest
-- 10,000 only; erased with the person on a privacy deletion.
CREATE TABLE refused_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    refused_at  INTEGER NOT NULL, -- epoch milliseconds
    log_offset  INTEGER NOT NULL,
    message_id  TEXT    NOT NULL,
    person_id   INTEGER,          -- null when the event resolved to nobody
    key_value   TEXT    NOT NULL,
    reason      TEXT    NOT NULL
);
CREATE INDEX refused_keys_person ON refused_keys (person_id);
