-- Schema version 5: a booking carries the citizen's language (its notice's second lines, even
-- when reprinted after the citizen left) and the kind of document they identified with.
-- Bookings made before carry what every booking then was: Azerbaijani lines are not added
-- (no second line), and an ID card.
ALTER TABLE bookings ADD COLUMN language TEXT NOT NULL DEFAULT 'az'
    CHECK (language IN ('az', 'ru', 'en'));
ALTER TABLE bookings ADD COLUMN document_kind TEXT NOT NULL DEFAULT 'id-card'
    CHECK (document_kind IN ('id-card', 'passport'));

-- Outbox payloads are now the wire struct itself, `place` included; payloads written before
-- had it added when sent. Erased payloads ({"personal_data":"erased"}) are delivered and
-- never read again.
UPDATE outbox SET payload = json_set(payload, '$.place', 'lease')
    WHERE json_extract(payload, '$.place') IS NULL
      AND json_extract(payload, '$.booking_id') IS NOT NULL;
