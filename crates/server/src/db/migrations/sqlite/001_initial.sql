-- The reference server's schema, SQLite dialect (the PostgreSQL one is ../postgres/001_initial.sql;
-- keep the two in step). Timestamps are RFC 3339 UTC text with exactly six fractional digits
-- ("2015-04-07T10:00:00.000000Z"), so that text order is time order; dates are "YYYY-MM-DD";
-- UUIDs are lower-case hyphenated text.

-- Signed catalogs as published, newest version served.
CREATE TABLE catalogs (
    version    INTEGER PRIMARY KEY CHECK (version >= 0),
    body       TEXT NOT NULL,
    signature  TEXT NOT NULL,
    stored_at  TEXT NOT NULL
) STRICT;

-- Kiosks. Only hashes of the enrolment code and of the device token are stored.
CREATE TABLE kiosks (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    -- Cleared when used: a code works once.
    code_hash       TEXT UNIQUE,
    token_hash      TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    enrolled_at     TEXT,
    revoked_at      TEXT,
    -- The last time the kiosk reported with an empty outbox (see leases).
    last_report_at  TEXT,
    -- The cursor of this kiosk's latest timeline event.
    last_cursor     INTEGER NOT NULL DEFAULT 0 CHECK (last_cursor >= 0),
    CHECK ((enrolled_at IS NULL) = (token_hash IS NULL)),
    CHECK (enrolled_at IS NULL OR code_hash IS NULL)
) STRICT;

-- The next application number to hand out; numbers never wrap past 9,999,999.
CREATE TABLE number_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    next  INTEGER NOT NULL CHECK (next >= 1 AND next <= 10000000)
) STRICT;
INSERT INTO number_counter (id, next) VALUES (1, 1);

CREATE TABLE number_blocks (
    first       INTEGER PRIMARY KEY CHECK (first >= 1),
    last        INTEGER NOT NULL CHECK (last >= first AND last <= 9999999),
    kiosk_id    TEXT NOT NULL REFERENCES kiosks (id),
    granted_at  TEXT NOT NULL
) STRICT;
CREATE INDEX number_blocks_by_kiosk ON number_blocks (kiosk_id, first);

-- THE INVARIANT: `taken` (places granted in leases + places of direct bookings not cancelled)
-- never exceeds the day's capacity, whatever the code does.
CREATE TABLE day_capacity (
    official_id     TEXT NOT NULL,
    reception_date  TEXT NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity >= 0),
    taken           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, reception_date),
    CHECK (taken >= 0 AND taken <= capacity)
) STRICT;

-- A kiosk's share of a day: it books offline only from it.
CREATE TABLE leases (
    kiosk_id        TEXT NOT NULL REFERENCES kiosks (id),
    official_id     TEXT NOT NULL,
    reception_date  TEXT NOT NULL,
    places          INTEGER NOT NULL CHECK (places >= 0),
    used            INTEGER NOT NULL DEFAULT 0,
    ends_at         TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (kiosk_id, official_id, reception_date),
    FOREIGN KEY (official_id, reception_date) REFERENCES day_capacity (official_id, reception_date),
    CHECK (used >= 0 AND used <= places)
) STRICT;

CREATE TABLE bookings (
    booking_id          TEXT PRIMARY KEY,
    -- Permanent, not a time window: kiosks can be offline for days.
    idempotency_key     TEXT NOT NULL UNIQUE,
    application_number  INTEGER NOT NULL UNIQUE CHECK (application_number BETWEEN 1 AND 9999999),
    kiosk_id            TEXT NOT NULL REFERENCES kiosks (id),
    seq                 INTEGER NOT NULL CHECK (seq >= 0),
    official_id         TEXT NOT NULL,
    reception_date      TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    place               TEXT NOT NULL CHECK (place IN ('lease', 'direct')),
    topic_id            TEXT NOT NULL,
    social_status_id    TEXT NOT NULL,
    privilege_id        TEXT,
    citizen_fin         TEXT NOT NULL,
    citizen_name        TEXT NOT NULL,
    document_number     TEXT NOT NULL,
    birth_date          TEXT,
    phone               TEXT NOT NULL,
    email               TEXT,
    workplace           TEXT NOT NULL,
    position            TEXT NOT NULL,
    address             TEXT NOT NULL,
    note                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('booked', 'in_review', 'closed', 'cancelled')),
    received_at         TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    FOREIGN KEY (official_id, reception_date) REFERENCES day_capacity (official_id, reception_date)
) STRICT;
-- The booking policy looks up a citizen's active bookings.
CREATE INDEX bookings_by_citizen ON bookings (citizen_fin, official_id, reception_date);
CREATE INDEX bookings_by_day ON bookings (official_id, reception_date);

-- Timelines. The cursor counts per kiosk and is taken from kiosks.last_cursor inside the writing
-- transaction, so a kiosk reading "after N" can never miss an event that commits later.
CREATE TABLE timeline_events (
    kiosk_id    TEXT NOT NULL REFERENCES kiosks (id),
    cursor      INTEGER NOT NULL CHECK (cursor >= 1),
    booking_id  TEXT NOT NULL REFERENCES bookings (booking_id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('received', 'status_changed', 'reply', 'cancelled', 'comment')),
    status      TEXT NOT NULL CHECK (status IN ('booked', 'in_review', 'closed', 'cancelled')),
    text        TEXT,
    PRIMARY KEY (kiosk_id, cursor)
) STRICT;
CREATE INDEX timeline_by_booking ON timeline_events (booking_id);

-- The population registry's stand-in.
CREATE TABLE registry (
    fin         TEXT PRIMARY KEY,
    full_name   TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    address     TEXT NOT NULL
) STRICT;
