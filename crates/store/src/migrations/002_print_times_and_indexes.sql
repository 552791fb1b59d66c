-- Schema version 2: when a notice was printed (only a printed job has a time: a failed job never
-- counts as printed), and the indexes the booking policy, the outbox and retention query by.
ALTER TABLE print_jobs ADD COLUMN printed_at TEXT;
ALTER TABLE print_jobs ADD COLUMN updated_at TEXT;

-- Jobs printed under version 1 had no time: the best known is their booking's creation.
UPDATE print_jobs
   SET printed_at = (SELECT created_at FROM bookings WHERE bookings.id = print_jobs.booking_id)
 WHERE state = 'printed';

-- ALTER TABLE cannot add a table CHECK, so triggers hold the rule.
CREATE TRIGGER print_jobs_printed_at_insert BEFORE INSERT ON print_jobs
WHEN (NEW.state = 'printed') <> (NEW.printed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'print_jobs: printed_at is set exactly when the job is printed');
END;
CREATE TRIGGER print_jobs_printed_at_update BEFORE UPDATE ON print_jobs
WHEN (NEW.state = 'printed') <> (NEW.printed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'print_jobs: printed_at is set exactly when the job is printed');
END;

CREATE INDEX bookings_by_citizen ON bookings (citizen_fin, official_id) WHERE citizen_fin IS NOT NULL;
CREATE INDEX bookings_to_erase ON bookings (reception_date) WHERE personal_erased_at IS NULL;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX print_jobs_by_state ON print_jobs (state);
CREATE INDEX booking_events_by_booking ON booking_events (booking_id);
CREATE INDEX comments_by_booking ON comments (booking_id);
