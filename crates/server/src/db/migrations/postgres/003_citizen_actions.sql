-- Issue 15: the citizen's own actions at any kiosk (history, cancel, comment, arrival). The
-- SQLite dialect is ../sqlite/003_citizen_actions.sql, with the comments; keep the two in step.

ALTER TABLE timeline_events DROP CONSTRAINT timeline_events_kind_check;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_events_kind_check
    CHECK (kind IN ('received', 'status_changed', 'reply', 'cancelled', 'comment', 'arrived'));
ALTER TABLE timeline_events ADD COLUMN action_key TEXT UNIQUE;

ALTER TABLE registry ADD COLUMN document_number TEXT;

CREATE TABLE history_requests (
    kiosk_id  TEXT NOT NULL REFERENCES kiosks (id),
    fin       TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    outcome   TEXT NOT NULL CHECK (outcome IN ('answered', 'mismatch', 'rate-limited', 'malformed'))
);
CREATE INDEX history_requests_by_kiosk ON history_requests (kiosk_id, at);
