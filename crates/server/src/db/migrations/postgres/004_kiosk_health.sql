-- Issue 17: each kiosk's last health report. The SQLite dialect is ../sqlite/004_kiosk_health.sql,
-- with the comments; keep the two in step.
CREATE TABLE kiosk_health (
    kiosk_id            TEXT PRIMARY KEY REFERENCES kiosks (id),
    received_at         TIMESTAMPTZ NOT NULL,
    version             TEXT NOT NULL,
    printer             TEXT NOT NULL CHECK (printer IN ('not_configured', 'unknown', 'ready',
                            'paper_out', 'cover_open', 'offline', 'error')),
    paper_low           BOOLEAN NOT NULL,
    unsent              BIGINT NOT NULL CHECK (unsent >= 0),
    oldest_unsent_secs  BIGINT CHECK (oldest_unsent_secs >= 0),
    disk_free_bytes     BIGINT CHECK (disk_free_bytes >= 0)
);
