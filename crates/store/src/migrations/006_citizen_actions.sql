-- Schema version 6: what a citizen asked at the kiosk about an application (cancel it, comment
-- on it, check in for it), kept until the server has it. Self-contained: it only adds a table
-- and indexes.
--
-- `booking_id` has no foreign key: the application may have been made at another kiosk (the
-- history comes from the server). `payload` is the wire request as it will be sent, so a queued
-- action survives a restart unchanged and is replayed under the same idempotency key. Once the
-- server has it (or refused it for good) the payload's personal data is dropped.
CREATE TABLE citizen_actions (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    booking_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('cancel', 'comment', 'arrival')),
    payload         TEXT    NOT NULL CHECK (json_valid(payload)),
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    delivered_at    TEXT,
    refused_at      TEXT,
    refused_code    TEXT,
    CHECK (delivered_at IS NULL OR refused_at IS NULL),
    CHECK ((refused_code IS NULL) = (refused_at IS NULL))
) STRICT;
CREATE INDEX citizen_actions_pending ON citizen_actions (next_attempt_at)
    WHERE delivered_at IS NULL AND refused_at IS NULL;
CREATE INDEX citizen_actions_by_booking ON citizen_actions (booking_id);
