-- Issue 17: each kiosk's last health report, as `qebul-server kiosk list` shows it. One row per
-- kiosk, replaced by each report; `received_at` is the server's clock (when it was last seen).
-- The PostgreSQL dialect is ../postgres/004_kiosk_health.sql; keep the two in step.
CREATE TABLE kiosk_health (
    kiosk_id            TEXT PRIMARY KEY REFERENCES kiosks (id),
    received_at         TEXT NOT NULL,
    version             TEXT NOT NULL,
    printer             TEXT NOT NULL CHECK (printer IN ('not_configured', 'unknown', 'ready',
                            'paper_out', 'cover_open', 'offline', 'error')),
    paper_low           INTEGER NOT NULL CHECK (paper_low IN (0, 1)),
    unsent              INTEGER NOT NULL CHECK (unsent >= 0),
    oldest_unsent_secs  INTEGER CHECK (oldest_unsent_secs >= 0),
    disk_free_bytes     INTEGER CHECK (disk_free_bytes >= 0)
) STRICT;
