-- Per-rule counts for the console (entered, fired, exited, expired, cancelled), written in the processing
-- transaction that made them, so a rolled-back batch counts nothing. Live instances are counted from rule_timer.
CREATE TABLE rule_stats (
    rule_id           TEXT    NOT NULL PRIMARY KEY,
    entered           BIGINT  NOT NULL DEFAULT 0,
    fired             BIGINT  NOT NULL DEFAULT 0,
    exited            BIGINT  NOT NULL DEFAULT 0,
    expired           BIGINT  NOT NULL DEFAULT 0,
    cancelled         BIGINT  NOT NULL DEFAULT 0,
    last_entered_ms   BIGINT,
    last_fired_ms     BIGINT
);
