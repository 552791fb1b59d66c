-- Schema version 3: fewer pages written per booking (each page written is encrypted, MACed and
-- appended to the WAL; see benches/book.rs). Nothing stored changes.

-- Rebuilding bookings (a parent table) drops it: with foreign keys on, that would first delete
-- every booking and cascade to their timelines and comments. Store::open runs the migrations with
-- foreign keys off (and checks them after); refuse to run otherwise on a database with bookings.
SELECT CASE WHEN (SELECT foreign_keys FROM pragma_foreign_keys) AND EXISTS (SELECT 1 FROM bookings)
            THEN json('migration 003 must run with PRAGMA foreign_keys = OFF')
       END;

-- Bookings keyed by their application number (the rowid, unique and > 0 as before), with the UUID
-- as a UNIQUE key: one index fewer than a hidden rowid with two unique keys beside it.
CREATE TABLE bookings_v3 (
    application_number INTEGER PRIMARY KEY NOT NULL CHECK (application_number > 0),
    id                 TEXT    NOT NULL UNIQUE,
    official_id        TEXT    NOT NULL,
    reception_date     TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    status             TEXT    NOT NULL DEFAULT 'booked'
                       CHECK (status IN ('booked', 'held', 'cancelled', 'closed')),
    topic_id           TEXT    NOT NULL,
    social_status_id   TEXT    NOT NULL,
    privilege_id       TEXT,
    -- Personal fields: NULL once erased by retention.
    citizen_name       TEXT,
    citizen_fin        TEXT,
    document_number    TEXT,
    birth_date         TEXT,
    phone              TEXT,
    email              TEXT,
    workplace          TEXT,
    position           TEXT,
    address            TEXT,
    note               TEXT,
    acknowledged_at    TEXT,
    personal_erased_at TEXT,
    -- Personal data is never erased before the server has acknowledged the booking...
    CHECK (personal_erased_at IS NULL OR acknowledged_at IS NOT NULL),
    -- ...and until it is erased, the citizen is known.
    CHECK (personal_erased_at IS NOT NULL OR (citizen_fin IS NOT NULL AND citizen_name IS NOT NULL)),
    -- Once erased, nothing personal stays.
    CHECK (personal_erased_at IS NULL OR (citizen_name IS NULL AND citizen_fin IS NULL
        AND document_number IS NULL AND birth_date IS NULL AND phone IS NULL AND email IS NULL
        AND workplace IS NULL AND position IS NULL AND address IS NULL AND note IS NULL))
) STRICT;
INSERT INTO bookings_v3 (application_number, id, official_id, reception_date, created_at, status,
                         topic_id, social_status_id, privilege_id, citizen_name, citizen_fin,
                         document_number, birth_date, phone, email, workplace, position, address,
                         note, acknowledged_at, personal_erased_at)
    SELECT application_number, id, official_id, reception_date, created_at, status, topic_id,
           social_status_id, privilege_id, citizen_name, citizen_fin, document_number,
           birth_date, phone, email, workplace, position, address, note, acknowledged_at,
           personal_erased_at
    FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_v3 RENAME TO bookings;
CREATE INDEX bookings_by_citizen ON bookings (citizen_fin, official_id) WHERE citizen_fin IS NOT NULL;
-- Retention only ever looks for acknowledged bookings whose personal data is still there, so the
-- index holds exactly those: a new (unacknowledged) booking no longer touches it; it enters the
-- index when the server acknowledges it (mark_delivered), and leaves it when erased.
CREATE INDEX bookings_to_erase ON bookings (reception_date)
    WHERE personal_erased_at IS NULL AND acknowledged_at IS NOT NULL;

-- The outbox without AUTOINCREMENT (which rewrote the sqlite_sequence page on every booking).
-- `seq` stays the rowid: an outbox entry is never deleted (the trigger below refuses it), so the
-- next rowid, max(seq) + 1, never reuses a number; the idempotency key is a UUID v7 as before.
CREATE TABLE outbox_v3 (
    seq             INTEGER PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    booking_id      TEXT    NOT NULL UNIQUE REFERENCES bookings (id),
    payload         TEXT    NOT NULL CHECK (json_valid(payload)),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    delivered_at    TEXT
) STRICT;
INSERT INTO outbox_v3 (seq, idempotency_key, booking_id, payload, attempts, next_attempt_at,
                       last_error, delivered_at)
    SELECT seq, idempotency_key, booking_id, payload, attempts, next_attempt_at, last_error,
           delivered_at
    FROM outbox ORDER BY seq;
-- Under AUTOINCREMENT a number above every remaining entry could only be left behind by a deleted
-- entry, which the store never does; should a hand-edited file have one, refuse to migrate (json()
-- of a non-JSON text raises an error) rather than hand that number out again.
SELECT CASE WHEN (SELECT seq FROM sqlite_sequence WHERE name = 'outbox')
                 > (SELECT coalesce(max(seq), 0) FROM outbox)
            THEN json('migration 003: the outbox lost entries above its highest sequence number; refusing to renumber')
       END;
DROP TABLE outbox;
ALTER TABLE outbox_v3 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
DELETE FROM sqlite_sequence WHERE name = 'outbox';

-- The outbox is an append-only log: deleting an entry would let its sequence number be reused.
CREATE TRIGGER outbox_never_deleted BEFORE DELETE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox: entries are never deleted');
END;
