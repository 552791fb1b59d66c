-- Schema version 8: the monotonic clock's reading at the last lease grant, beside its anchor.
-- `boot-id/nanoseconds` since boot, written by the sync; a kiosk restarted on the same boot
-- counts the time since the grant from it, so a wall clock set back across a restart cannot
-- stretch a lease. NULL: no reading (before this version, or between the grant and its reading).
ALTER TABLE sync_state ADD COLUMN lease_anchor_reading TEXT;
