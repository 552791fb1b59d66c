-- The reference server's schema, PostgreSQL dialect (the SQLite one is ../sqlite/001_initial.sql;
-- keep the two in step). Comments on the tables are in the SQLite file.

CREATE TABLE catalogs (
    version    BIGINT PRIMARY KEY CHECK (version >= 0),
    body       TEXT NOT NULL,
    signature  TEXT NOT NULL,
    stored_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE kiosks (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    code_hash       TEXT UNIQUE,
    token_hash      TEXT UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    enrolled_at     TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    last_report_at  TIMESTAMPTZ,
    last_cursor     BIGINT NOT NULL DEFAULT 0 CHECK (last_cursor >= 0),
    CHECK ((enrolled_at IS NULL) = (token_hash IS NULL)),
    CHECK (enrolled_at IS NULL OR code_hash IS NULL)
);

CREATE TABLE number_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    next  INTEGER NOT NULL CHECK (next >= 1 AND next <= 10000000)
);
INSERT INTO number_counter (id, next) VALUES (1, 1);

CREATE TABLE number_blocks (
    first       INTEGER PRIMARY KEY CHECK (first >= 1),
    last        INTEGER NOT NULL CHECK (last >= first AND last <= 9999999),
    kiosk_id    TEXT NOT NULL REFERENCES kiosks (id),
    granted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX number_blocks_by_kiosk ON number_blocks (kiosk_id, first);

-- THE INVARIANT: `taken` (places granted in leases + places of direct bookings not cancelled)
-- never exceeds the day's capacity, whatever the code does.
CREATE TABLE day_capacity (
    official_id     TEXT NOT NULL,
    reception_date  DATE NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity >= 0),
    taken           INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (official_id, reception_date),
    CHECK (taken >= 0 AND taken <= capacity)
);

CREATE TABLE leases (
    kiosk_id        TEXT NOT NULL REFERENCES kiosks (id),
    official_id     TEXT NOT NULL,
    reception_date  DATE NOT NULL,
    places          INTEGER NOT NULL CHECK (places >= 0),
    used            INTEGER NOT NULL DEFAULT 0,
    ends_at         TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kiosk_id, official_id, reception_date),
    FOREIGN KEY (official_id, reception_date) REFERENCES day_capacity (official_id, reception_date),
    CHECK (used >= 0 AND used <= places)
);

CREATE TABLE bookings (
    booking_id          UUID PRIMARY KEY,
    idempotency_key     UUID NOT NULL UNIQUE,
    application_number  INTEGER NOT NULL UNIQUE CHECK (application_number BETWEEN 1 AND 9999999),
    kiosk_id            TEXT NOT NULL REFERENCES kiosks (id),
    seq                 BIGINT NOT NULL CHECK (seq >= 0),
    official_id         TEXT NOT NULL,
    reception_date      DATE NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    place               TEXT NOT NULL CHECK (place IN ('lease', 'direct')),
    topic_id            TEXT NOT NULL,
    social_status_id    TEXT NOT NULL,
    privilege_id        TEXT,
    citizen_fin         TEXT NOT NULL,
    citizen_name        TEXT NOT NULL,
    document_number     TEXT NOT NULL,
    birth_date          DATE,
    phone               TEXT NOT NULL,
    email               TEXT,
    workplace           TEXT NOT NULL,
    position            TEXT NOT NULL,
    address             TEXT NOT NULL,
    note                TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('booked', 'in_review', 'closed', 'cancelled')),
    received_at         TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (official_id, reception_date) REFERENCES day_capacity (official_id, reception_date)
);
CREATE INDEX bookings_by_citizen ON bookings (citizen_fin, official_id, reception_date);
CREATE INDEX bookings_by_day ON bookings (official_id, reception_date);

-- The cursor counts per kiosk and is taken from kiosks.last_cursor under that row's lock, held to
-- commit: cursor order is commit order, so a kiosk reading "after N" never misses an event
-- (a sequence would not do: a lower value can commit after a higher one has been read).
CREATE TABLE timeline_events (
    kiosk_id    TEXT NOT NULL REFERENCES kiosks (id),
    cursor      BIGINT NOT NULL CHECK (cursor >= 1),
    booking_id  UUID NOT NULL REFERENCES bookings (booking_id),
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('received', 'status_changed', 'reply', 'cancelled', 'comment')),
    status      TEXT NOT NULL CHECK (status IN ('booked', 'in_review', 'closed', 'cancelled')),
    text        TEXT,
    PRIMARY KEY (kiosk_id, cursor)
);
CREATE INDEX timeline_by_booking ON timeline_events (booking_id);

CREATE TABLE registry (
    fin         TEXT PRIMARY KEY,
    full_name   TEXT NOT NULL,
    birth_date  DATE NOT NULL,
    address     TEXT NOT NULL
);
