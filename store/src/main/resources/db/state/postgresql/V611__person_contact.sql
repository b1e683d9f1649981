-- Every Emarsys contact the service created or updated for a person: each key value an upsert went out with,
-- previous e-mails included (a rename that could not happen leaves the old contact behind). A privacy deletion
-- deletes all of them in Emarsys and then these rows. Keyed like outbox.person_key. Issue 12.3.
CREATE TABLE person_contact (
    person_key TEXT   NOT NULL,
    key_field  TEXT   NOT NULL,
    key_value  TEXT   NOT NULL,
    first_at   BIGINT NOT NULL, -- epoch milliseconds
    PRIMARY KEY (person_key, key_field, key_value)
);
