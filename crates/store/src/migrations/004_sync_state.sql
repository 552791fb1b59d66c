-- Schema version 4: the kiosk's side of the sync protocol.
-- Self-contained: it only adds a table, columns and indexes.

-- One row: where the kiosk stands with the central server, shown on the receptionist's screen.
CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    -- The end of the last fully successful sync round, by the kiosk's clock.
    last_success_at TEXT,
    -- The server's clock in the last lease grant, and the kiosk's lease clock anchored on it
    -- (the later of the kiosk's clock and the server's when the grant arrived).
    server_time     TEXT,
    lease_anchor_at TEXT,
    -- `next` of the last `GET /v1/updates` answer applied.
    updates_cursor  INTEGER NOT NULL DEFAULT 0 CHECK (updates_cursor >= 0),
    -- Timeline events received for bookings this kiosk does not have (counted, not stored).
    ignored_events  INTEGER NOT NULL DEFAULT 0 CHECK (ignored_events >= 0),
    -- The ETag of the cached catalog, set in the same transaction as the catalog.
    catalog_etag    TEXT,
    -- The last refusal of the device token, until a sync succeeds again.
    auth_problem    TEXT CHECK (auth_problem IN ('revoked', 'unauthorized')),
    auth_message    TEXT,
    auth_problem_at TEXT,
    CHECK ((auth_problem IS NULL) = (auth_problem_at IS NULL)),
    CHECK ((auth_problem IS NULL) = (auth_message IS NULL))
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- An entry the server refused is final: never delivered, never sent again, its error kept
-- (`last_error`) for the receptionist.
ALTER TABLE outbox ADD COLUMN refused_at TEXT CHECK (refused_at IS NULL OR delivered_at IS NULL);
ALTER TABLE outbox ADD COLUMN refused_code TEXT
    CHECK ((refused_code IS NULL) = (refused_at IS NULL));

-- Events and comments that came from the server carry its cursor: applied at most once.
ALTER TABLE booking_events ADD COLUMN server_cursor INTEGER CHECK (server_cursor >= 0);
ALTER TABLE comments ADD COLUMN server_cursor INTEGER CHECK (server_cursor >= 0);
CREATE UNIQUE INDEX booking_events_by_cursor ON booking_events (server_cursor)
    WHERE server_cursor IS NOT NULL;
CREATE UNIQUE INDEX comments_by_cursor ON comments (server_cursor)
    WHERE server_cursor IS NOT NULL;
CREATE INDEX outbox_refused ON outbox (seq) WHERE refused_at IS NOT NULL;
