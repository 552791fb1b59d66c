-- Schema version 7: the receptionist's screen (issue 17). Staff members and their PINs, the PIN
-- gate's failures and lock-out (kept here so a restart does not reset them), the audit log with
-- a free subject (a booking, a print job, an outbox entry, a staff member), and how a refused
-- push was resolved. Touches no parent table.

-- A PIN identifies its member: it is checked against each hash (argon2id PHC strings).
CREATE TABLE staff_members (
    name       TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    pin_hash   TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),
    created_at TEXT NOT NULL
) STRICT;

-- One row: wrong PINs in a row since the last success or lock-out, how many lock-outs in a row
-- (each doubles the next), and until when the gate is locked.
CREATE TABLE staff_gate (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    lockouts     INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
    locked_until TEXT
) STRICT;
INSERT INTO staff_gate (id) VALUES (1);

-- The audit log of version 1 named its actor `receptionist` and could only point at a booking.
-- Rebuilt with `actor` and a free `subject`; its rows are kept as they were.
CREATE TABLE audit_log_v7 (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT,
    detail  TEXT
) STRICT;
INSERT INTO audit_log_v7 (id, at, actor, action, subject, detail)
    SELECT id, at, receptionist, action, booking_id, detail FROM audit_log ORDER BY id;
DROP TABLE audit_log;
ALTER TABLE audit_log_v7 RENAME TO audit_log;
CREATE INDEX audit_log_by_time ON audit_log (at);

-- The audit log is append-only: what a receptionist did stays on record.
CREATE TRIGGER audit_log_never_updated BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log: entries are never changed');
END;
CREATE TRIGGER audit_log_never_deleted BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log: entries are never deleted');
END;

-- A refused push (a booking or a citizen's action) the receptionist has seen to: it stays
-- refused, no longer counts as unresolved, and its resolution is also in the audit log.
ALTER TABLE outbox ADD COLUMN resolved_at TEXT CHECK (resolved_at IS NULL OR refused_at IS NOT NULL);
ALTER TABLE outbox ADD COLUMN resolved_by TEXT CHECK ((resolved_by IS NULL) = (resolved_at IS NULL));
ALTER TABLE outbox ADD COLUMN resolution TEXT CHECK ((resolution IS NULL) = (resolved_at IS NULL));
ALTER TABLE citizen_actions ADD COLUMN resolved_at TEXT
    CHECK (resolved_at IS NULL OR refused_at IS NOT NULL);
ALTER TABLE citizen_actions ADD COLUMN resolved_by TEXT
    CHECK ((resolved_by IS NULL) = (resolved_at IS NULL));
ALTER TABLE citizen_actions ADD COLUMN resolution TEXT
    CHECK ((resolution IS NULL) = (resolved_at IS NULL));
