-- Issue 18: a booking's "received" event carries no action key, yet a UNIQUE constraint's index
-- holds a row (a NULL) for every event: one index write per booking for nothing. A partial unique
-- index keeps the same rule (an action key is used once) over the events that have one; the
-- lookups by action key (`WHERE action_key = $1`) imply NOT NULL, so they still use it.
ALTER TABLE timeline_events DROP CONSTRAINT timeline_events_action_key_key;
CREATE UNIQUE INDEX timeline_events_action_key ON timeline_events (action_key)
    WHERE action_key IS NOT NULL;
