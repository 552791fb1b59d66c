-- Schema version 1: the kiosk's local store.
-- Timestamps are UTC RFC 3339 with microseconds and a `Z` (fixed width, so they sort as text);
-- dates are `YYYY-MM-DD`; UUIDs are hyphenated lower-case text.

-- The signed catalog as last received from the server (authorities, officials, rules, topics,
-- social statuses, privileges, calendar), kept whole with its version and signature.
CREATE TABLE catalog_cache (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    version     INTEGER NOT NULL CHECK (version >= 0),
    signature   BLOB    NOT NULL,
    body        TEXT    NOT NULL CHECK (json_valid(body)),
    received_at TEXT    NOT NULL
) STRICT;

-- Places this kiosk may spend offline, per official and reception day (granted by the server).
CREATE TABLE capacity_leases (
    official_id    TEXT    NOT NULL,
    reception_date TEXT    NOT NULL,
    granted        INTEGER NOT NULL CHECK (granted >= 0),
    used           INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0 AND used <= granted),
    expires_at     TEXT    NOT NULL,
    PRIMARY KEY (official_id, reception_date)
) STRICT;

-- Application numbers this kiosk may hand out: [first, last], `next` is the next one to use.
CREATE TABLE number_blocks (
    id    INTEGER PRIMARY KEY,
    first INTEGER NOT NULL UNIQUE CHECK (first > 0),
    last  INTEGER NOT NULL CHECK (last >= first),
    next  INTEGER NOT NULL CHECK (next >= first AND next <= last + 1)
) STRICT;

CREATE TABLE bookings (
    id                 TEXT    PRIMARY KEY,
    application_number INTEGER NOT NULL UNIQUE CHECK (application_number > 0),
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

-- The booking's timeline.
CREATE TABLE booking_events (
    id         INTEGER PRIMARY KEY,
    booking_id TEXT    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    at         TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    detail     TEXT
) STRICT;

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    booking_id TEXT    NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    at         TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    body       TEXT    NOT NULL
) STRICT;

-- What must reach the server; `seq` is the kiosk's sequence, `idempotency_key` a UUID v7 the
-- server keeps as a permanent unique key.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT    NOT NULL UNIQUE,
    booking_id      TEXT    NOT NULL UNIQUE REFERENCES bookings (id),
    payload         TEXT    NOT NULL CHECK (json_valid(payload)),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT,
    delivered_at    TEXT
) STRICT;

CREATE TABLE print_jobs (
    id            INTEGER PRIMARY KEY,
    booking_id    TEXT    NOT NULL UNIQUE REFERENCES bookings (id),
    state         TEXT    NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
    reason        TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    reprint_count INTEGER NOT NULL DEFAULT 0 CHECK (reprint_count >= 0),
    CHECK (state <> 'failed' OR reason IS NOT NULL)
) STRICT;

-- Receptionist actions (reprints, ...).
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    receptionist TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    booking_id   TEXT    REFERENCES bookings (id),
    detail       TEXT
) STRICT;
