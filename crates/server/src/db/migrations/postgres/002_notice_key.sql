-- The kiosk's notice key (Ed25519 public key, 64 hex digits), given at enrollment: the QR seal
-- of every notice the kiosk prints is signed with it, so the server can honour a notice whose
-- kiosk is gone.
ALTER TABLE kiosks ADD COLUMN notice_key TEXT;
