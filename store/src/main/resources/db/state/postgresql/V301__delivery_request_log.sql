-- Requests sent to Emarsys per account in the last minutes (epoch milliseconds), so a restarted process starts
-- with the request budget the previous one used. Rows older than a few minutes are deleted as rounds settle.
CREATE TABLE delivery_request_log (
    account TEXT   NOT NULL,
    sent_at BIGINT NOT NULL
);
CREATE INDEX delivery_request_log_account ON delivery_request_log (account, sent_at);
