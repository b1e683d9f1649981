-- Primary key values refused because they cannot be values of the Emarsys key field; newest 10,000 kept for
-- operators, erased with the person on a privacy deletion.
CREATE TABLE refused_keys (
    id          BIGSERIAL PRIMARY KEY,
    refused_at  BIGINT NOT NULL,
    log_offset  BIGINT NOT NULL,
    message_id  TEXT   NOT NULL,
    person_id   BIGINT,
    key_value   TEXT   NOT NULL,
    reason      TEXT   NOT NULL
);
CREATE INDEX refused_keys_person ON refused_keys (person_id);
