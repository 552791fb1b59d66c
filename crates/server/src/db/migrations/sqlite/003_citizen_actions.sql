-- Issue 15: the citizen's own actions at any kiosk (history, cancel, comment, arrival).

-- Timeline events gain the kind 'arrived' and the idempotency key of the kiosk action that made
-- them (a comment, an arrival): UNIQUE, so a replayed action stores nothing new. NULL for the
-- events the server makes itself. SQLite cannot change a CHECK in place: the table is rebuilt
-- (nothing references timeline_events, so dropping the old one breaks no foreign key).
CREATE TABLE timeline_events_003 (
    kiosk_id    TEXT NOT NULL REFERENCES kiosks (id),
    cursor      INTEGER NOT NULL CHECK (cursor >= 1),
    booking_id  TEXT NOT NULL REFERENCES bookings (booking_id),
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('received', 'status_changed', 'reply', 'cancelled',
                                              'comment', 'arrived')),
    status      TEXT NOT NULL CHECK (status IN ('booked', 'in_review', 'closed', 'cancelled')),
    text        TEXT,
    action_key  TEXT UNIQUE,
    PRIMARY KEY (kiosk_id, cursor)
) STRICT;
INSERT INTO timeline_events_003 (kiosk_id, cursor, booking_id, at, kind, status, text)
    SELECT kiosk_id, cursor, booking_id, at, kind, status, text FROM timeline_events;
DROP TABLE timeline_events;
ALTER TABLE timeline_events_003 RENAME TO timeline_events;
CREATE INDEX timeline_by_booking ON timeline_events (booking_id);

-- The citizen's current identity document number, as the population registry gives it (trimmed,
-- upper case); NULL when the registry does not say. Server-side only: it proves that a card in a
-- kiosk's reader belongs to the FİN asking for a history, a cancellation or a comment.
ALTER TABLE registry ADD COLUMN document_number TEXT;

-- Every history request, refused ones too: who asked for whose applications, when, and what the
-- server answered. It is the audit trail of who looked at a citizen's data, and the per-kiosk
-- rate limit counts from it.
CREATE TABLE history_requests (
    kiosk_id  TEXT NOT NULL REFERENCES kiosks (id),
    fin       TEXT NOT NULL,
    at        TEXT NOT NULL,
    outcome   TEXT NOT NULL CHECK (outcome IN ('answered', 'mismatch', 'rate-limited', 'malformed'))
) STRICT;
CREATE INDEX history_requests_by_kiosk ON history_requests (kiosk_id, at);
