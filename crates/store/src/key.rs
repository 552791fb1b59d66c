//! The database key: SQLCipher encryption of the kiosk's store, with the key kept in the OS keyring.
//!
//! Personal data of citizens (names, FIN, phone numbers) lives in the kiosk's SQLite store, so the
//! file is encrypted with SQLCipher. The key is 32 random bytes from the operating system, generated
//! on the kiosk's first start and kept in the OS keyring (the Secret Service, i.e. gnome-keyring, on
//! Linux) under the service `az.qebul.kiosk`, entry `database-key`, as 64 hexadecimal characters.
//! Beside it, entry `server-credential` holds the kiosk's credential for the central server.
//! The key never appears in the database, in logs, in `Debug` output or in error messages.
//!
//! # What happens at start ([`database_key`] and [`open_connection`])
//!
//! | database file | key in keyring | result                                                   |
//! |---------------|----------------|----------------------------------------------------------|
//! | absent        | absent         | first start: a key is generated, saved, read back, used  |
//! | absent        | present, never used | the key is used; a new encrypted database is created (a key stored by the technician before the first start) |
//! | absent        | present, used before | [`KeyError::DatabaseMissing`]: the kiosk stops (data folder not mounted, disk replaced) |
//! | present       | present        | the key is used; a wrong key is [`OpenError::WrongKey`]   |
//! | present       | absent         | [`KeyError::KeyMissing`]: the kiosk stops, nothing is created |
//! | either        | keyring unreachable / locked | [`KeyError::NoKeyring`] / [`KeyError::KeyringLocked`]; nothing is created |
//!
//! "Used before" means [`confirm_database`] recorded, in keyring entry `database-created`, that a
//! database was opened with this key at this path. "Database file present" means the file (or its `-wal` file) exists and is not empty. The kiosk
//! never replaces an existing database by a new empty one: a missing or wrong key always stops it
//! with an error, and the file is left exactly as it was.
//!
//! # Recovery procedure (for the technician)
//!
//! **A. "no OS keyring reachable" ([`KeyError::NoKeyring`]).** The kiosk session has no D-Bus
//! session bus or no Secret Service. Check that the kiosk is started inside the session (or under
//! `dbus-run-session`) and that `gnome-keyring-daemon --components=secrets` runs. Nothing is lost;
//! restart the kiosk once the keyring runs.
//!
//! **B. "keyring is locked" ([`KeyError::KeyringLocked`]).** The keyring exists but was not unlocked
//! at login. Unlock it with the kiosk account's password (auto-login must unlock it, e.g.
//! `printf %s "$PW" | gnome-keyring-daemon --unlock --components=secrets`). Nothing is lost.
//!
//! **C. "database key missing" ([`KeyError::KeyMissing`]).** The database exists but the keyring
//! has no `database-key` entry (new user profile, keyring file deleted or reset, disk restored
//! without `~/.local/share/keyrings`). In this order:
//! 1. Restore the keyring: put back the kiosk account's keyring file
//!    (`~/.local/share/keyrings/*.keyring`) from the backup, with the password it was created with,
//!    or re-enter the key saved at installation (`secret-tool store --label='Qəbul database key'
//!    service az.qebul.kiosk username database-key`, then type the 64 hex characters; the key is
//!    read for safekeeping with `secret-tool lookup service az.qebul.kiosk username database-key`,
//!    run in the kiosk account's unlocked session). Restart the kiosk. This recovers everything.
//! 2. Only if the key cannot be found AND every booking made on this kiosk has reached the server
//!    (this must be confirmed on the central server, since the kiosk's own outbox is inside the
//!    unreadable file; e.g. every printed notice of this kiosk is found there): stop the kiosk, **move** the database
//!    file and its `-wal`/`-shm` files aside (never delete them:
//!    `mv store.db store.db.lost-key-$(date +%F)`), then start the kiosk: it creates a new key and
//!    an empty database and downloads the catalog again. Bookings not yet on the server are in the
//!    moved file and cannot be read without the key; call the ministry's support before moving it
//!    if any booking may be pending.
//!
//! **E. "database missing" ([`KeyError::DatabaseMissing`]).** The keyring says this kiosk had a
//! database at that path, and the file is gone: the data folder is not mounted, the disk was
//! replaced, or the file was deleted. Mount or restore the folder (the file and its `-wal`) and
//! restart. Only if every booking of this kiosk has reached the server (see C.2) may the kiosk
//! start with an empty database: start it once with `--new-database`.
//!
//! **D. "wrong database key" ([`OpenError::WrongKey`]).** The keyring holds a key, but not the one
//! this database was encrypted with (the keyring was reset and a new key generated while the old
//! file stayed, or the file was copied from another kiosk), or the file is not a Qəbul database or
//! is damaged. The file is untouched. Restore the right key as in C.1 (the key of the kiosk the
//! file came from); failing that, proceed as in C.2 under the same condition.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

/// Keyring service under which the kiosk's secrets are stored.
pub const KEYRING_SERVICE: &str = "az.qebul.kiosk";
/// Keyring entry (user name) of the database key.
pub const DB_KEY_NAME: &str = "database-key";
/// Keyring entry recording the database path a key was first used with (see [`confirm_database`]).
pub const DATABASE_CREATED_NAME: &str = "database-created";
/// Keyring entry (user name) of the kiosk's credential for the central server.
pub const SERVER_CREDENTIAL_NAME: &str = "server-credential";
/// Keyring entry of the kiosk's notice key: the Ed25519 seed that signs each notice's QR seal.
pub const NOTICE_KEY_NAME: &str = "notice-key";
/// Keyring entry of the kiosk's id, given by the server at enrollment and named in each seal.
pub const KIOSK_ID_NAME: &str = "kiosk-id";
/// Busy timeout set on every connection.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const KEY_LEN: usize = 32;

/// The 256-bit SQLCipher key of the kiosk's database. Its `Debug` never shows the bytes; it is
/// zeroed when dropped.
#[derive(Clone)]
pub struct DbKey([u8; KEY_LEN]);

impl DbKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<DbKey, KeyError> {
        let mut bytes = [0u8; KEY_LEN];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::Randomness(e.to_string()))?;
        Ok(DbKey(bytes))
    }

    /// A random key for tests (panics if the OS has no randomness).
    pub fn random_for_tests() -> DbKey {
        DbKey::generate().expect("OS randomness")
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> DbKey {
        DbKey(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The key as 64 lower-case hexadecimal characters (the form kept in the keyring).
    pub fn to_hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(KEY_LEN * 2);
        for b in self.0 {
            s.push(DIGITS[(b >> 4) as usize] as char);
            s.push(DIGITS[(b & 0x0f) as usize] as char);
        }
        s
    }

    /// Parses 64 hexadecimal characters (either case; surrounding whitespace ignored).
    pub fn from_hex(s: &str) -> Result<DbKey, KeyFormatError> {
        let s = s.trim().as_bytes();
        if s.len() != KEY_LEN * 2 {
            return Err(KeyFormatError::Length(s.len()));
        }
        fn nibble(c: u8) -> Option<u8> {
            match c {
                b'0'..=b'9' => Some(c - b'0'),
                b'a'..=b'f' => Some(c - b'a' + 10),
                b'A'..=b'F' => Some(c - b'A' + 10),
                _ => None,
            }
        }
        let mut bytes = [0u8; KEY_LEN];
        for (i, pair) in s.chunks_exact(2).enumerate() {
            match (nibble(pair[0]), nibble(pair[1])) {
                (Some(h), Some(l)) => bytes[i] = (h << 4) | l,
                _ => return Err(KeyFormatError::NotHex),
            }
        }
        Ok(DbKey(bytes))
    }

    /// The value of `PRAGMA key`: a raw key literal, so SQLCipher skips its (slow) key derivation.
    fn pragma_literal(&self) -> String {
        format!("\"x'{}'\"", self.to_hex())
    }
}

impl PartialEq for DbKey {
    /// Constant-time comparison.
    fn eq(&self, other: &DbKey) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}
impl Eq for DbKey {}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

impl Drop for DbKey {
    fn drop(&mut self) {
        for b in self.0.iter_mut() {
            // SAFETY: `b` is a valid, aligned, exclusive reference.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

/// Why a stored key could not be read as a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    #[error("expected 64 hexadecimal characters, found {0} characters")]
    Length(usize),
    #[error("contains characters that are not hexadecimal digits")]
    NotHex,
}

/// Errors of key generation and of the keyring.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the operating system gave no random bytes for the database key: {0}")]
    Randomness(String),

    #[error(
        "no OS keyring reachable (Secret Service over the D-Bus session bus): {cause}. The kiosk \
         must run inside a desktop session or under `dbus-run-session` with gnome-keyring-daemon \
         (--components=secrets) started and unlocked; nothing was changed"
    )]
    NoKeyring { cause: String },

    #[error(
        "the OS keyring is locked: {cause}. Unlock it with the kiosk account's password (at login, \
         e.g. `gnome-keyring-daemon --unlock --components=secrets` reading the password on stdin); \
         nothing was changed"
    )]
    KeyringLocked { cause: String },

    #[error(
        "database key missing: the database {path} exists but the OS keyring (service \
         az.qebul.kiosk, entry database-key) has no key for it, so it cannot be decrypted. The kiosk \
         will not create a new empty database over it. Recovery: restore the keyring (the kiosk \
         account's ~/.local/share/keyrings from backup, or the saved key with secret-tool) and \
         restart; only if every booking of this kiosk has reached the server, move the database \
         file (and its -wal/-shm files) aside to start fresh. See the qebul_store::key module docs"
    )]
    KeyMissing { path: PathBuf },

    #[error(
        "database missing: the OS keyring says this kiosk's database is {path}, but there is no \
         such file. The kiosk will not start over with an empty database. Recovery: mount or \
         restore the data folder and restart; only if every booking of this kiosk has reached the \
         server, start once with --new-database. See the qebul_store::key module docs"
    )]
    DatabaseMissing { path: PathBuf },

    #[error("keyring entry {name} of service az.qebul.kiosk is malformed ({problem}); restore it from backup")]
    Malformed {
        name: String,
        problem: KeyFormatError,
    },

    #[error("the keyring did not keep entry {name}: it was saved but could not be read back")]
    NotPersisted { name: String },

    #[error("cannot tell whether the database {path} exists: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("OS keyring error on entry {name}: {source}")]
    Keyring {
        name: String,
        source: keyring::Error,
    },
}

impl KeyError {
    /// Maps an error of the keyring crate to the kiosk's error, naming the cause.
    pub fn from_keyring(name: &str, err: keyring::Error) -> KeyError {
        match err {
            keyring::Error::NoDefaultStore => KeyError::NoKeyring {
                cause: "no Secret Service could be reached (no D-Bus session bus, or no \
                        Secret Service provider on it)"
                    .into(),
            },
            keyring::Error::NoStorageAccess(e) => KeyError::KeyringLocked {
                cause: e.to_string(),
            },
            other => KeyError::Keyring {
                name: name.to_string(),
                source: other,
            },
        }
    }
}

/// Errors opening the encrypted database.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(
        "wrong database key: {path} cannot be decrypted with the key in the OS keyring (the \
         keyring was reset or the file comes from another kiosk, or the file is not a Qəbul \
         database or is damaged). The file was not changed and no new database was created. \
         Recovery: restore the keyring holding this database's key and restart; only if every \
         booking of this kiosk has reached the server, move the file (and its -wal/-shm files) \
         aside to start fresh. See the qebul_store::key module docs"
    )]
    WrongKey { path: PathBuf },

    #[error(
        "SQLite was built without SQLCipher, so {path} would not be encrypted; refusing to open it"
    )]
    NoEncryption { path: PathBuf },

    #[error("could not set {setting} on {path}: SQLite answered {got:?}")]
    Setting {
        path: PathBuf,
        setting: &'static str,
        got: String,
    },

    #[error("cannot open database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// SQLCipher settings applied at every open, right after `PRAGMA key`: they are part of the file
/// format, so a file is only readable with the settings it was created with.
///
/// Each page written (a booking writes about 17, to the WAL) is encrypted with AES-256-CBC and
/// authenticated with an HMAC. SQLCipher 4 defaults to HMAC-SHA512 and 4096-byte pages; here:
/// - `cipher_hmac_algorithm = HMAC_SHA256`: still a full-strength MAC (a 256-bit tag; SQLCipher
///   supports it as a first-class setting), about twice as fast as SHA-512 on CPUs with the SHA
///   extensions, and it leaves 32 more bytes of each page for data;
/// - `cipher_page_size = 2048`: a booking dirties about as many pages at 2048 bytes as at 4096
///   (one leaf per table and index), so half the bytes to encrypt, MAC and write. A row larger
///   than about 1.9 KB (not a usual booking) spills into an overflow page.
///
/// The cipher (AES-256-CBC), the raw 256-bit key (no KDF is run on it: `cipher_kdf_algorithm`
/// only derives the HMAC key, cheaply, and is left at its default), encryption of every page,
/// WAL and `synchronous=FULL` are unchanged. A file created with SQLCipher's defaults (by a build
/// before these settings; the store was not yet deployed) does not open with them and is reported
/// as [`OpenError::WrongKey`].
pub const CIPHER_SETTINGS: &str =
    "PRAGMA cipher_hmac_algorithm = HMAC_SHA256; PRAGMA cipher_page_size = 2048;";

/// Opens (or creates) the encrypted database at `path` with `key`, verifies the key, and sets
/// WAL, `synchronous=FULL`, foreign keys and a 5 s busy timeout.
///
/// A wrong key on an existing file is [`OpenError::WrongKey`]; the file is left untouched.
pub fn open_connection(path: &Path, key: &DbKey) -> Result<Connection, OpenError> {
    let sql = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open(path).map_err(sql)?;
    // The key must be the first statement: nothing may read the file before it.
    conn.execute_batch(&format!("PRAGMA key = {};", key.pragma_literal()))
        .map_err(sql)?;
    // The file format, set right after the key (see CIPHER_SETTINGS).
    conn.execute_batch(CIPHER_SETTINGS).map_err(sql)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;

    // Without SQLCipher, `PRAGMA key` is silently ignored and the file would be plain text.
    let cipher: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })
        .map_err(sql)?;
    if cipher.is_none() {
        return Err(OpenError::NoEncryption {
            path: path.to_path_buf(),
        });
    }

    // Verify the key: reading page 1 fails with SQLITE_NOTADB under a wrong key.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => {
            return Err(OpenError::WrongKey {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(sql(e)),
    }

    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(sql)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(OpenError::Setting {
            path: path.to_path_buf(),
            setting: "journal_mode=WAL",
            got: mode,
        });
    }
    // Erased personal data must not linger in freed pages (see retention).
    conn.pragma_update(None, "secure_delete", "ON")
        .map_err(sql)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sql)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sql)?;
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .map_err(sql)?;
    if fk != 1 {
        return Err(OpenError::Setting {
            path: path.to_path_buf(),
            setting: "foreign_keys=ON",
            got: fk.to_string(),
        });
    }
    Ok(conn)
}

/// Where the kiosk keeps its secrets: the database key and the server credential.
pub trait KeyStore {
    /// A stored secret string, or `None` if the entry does not exist.
    fn load_secret(&self, name: &str) -> Result<Option<String>, KeyError>;
    /// Stores (or replaces) a secret string.
    fn save_secret(&self, name: &str, secret: &str) -> Result<(), KeyError>;

    /// A stored key, or `None` if the entry does not exist.
    fn load(&self, name: &str) -> Result<Option<DbKey>, KeyError> {
        match self.load_secret(name)? {
            None => Ok(None),
            Some(s) => DbKey::from_hex(&s)
                .map(Some)
                .map_err(|problem| KeyError::Malformed {
                    name: name.to_string(),
                    problem,
                }),
        }
    }
    /// Stores (or replaces) a key, as hex.
    fn save(&self, name: &str, key: &DbKey) -> Result<(), KeyError> {
        self.save_secret(name, &key.to_hex())
    }
}

/// The OS keyring through the `keyring` crate (Secret Service on Linux).
pub struct KeyringKeyStore {
    service: String,
    store: Option<Arc<keyring_core::CredentialStore>>,
}

impl KeyringKeyStore {
    /// The platform keyring, service `az.qebul.kiosk`.
    pub fn new() -> KeyringKeyStore {
        KeyringKeyStore {
            service: KEYRING_SERVICE.to_string(),
            store: None,
        }
    }

    /// A given keyring-core store (e.g. `keyring_core::mock::Store::new()` in tests).
    pub fn in_store(store: Arc<keyring_core::CredentialStore>) -> KeyringKeyStore {
        KeyringKeyStore {
            service: KEYRING_SERVICE.to_string(),
            store: Some(store),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring_core::Entry, KeyError> {
        let entry = match &self.store {
            None => keyring::Entry::new(&self.service, name).map(|e| e.inner),
            Some(store) => keyring_core::Entry::new_in_store(store, &self.service, name),
        };
        entry.map_err(|e| KeyError::from_keyring(name, e))
    }
}

impl Default for KeyringKeyStore {
    fn default() -> Self {
        KeyringKeyStore::new()
    }
}

impl KeyStore for KeyringKeyStore {
    fn load_secret(&self, name: &str) -> Result<Option<String>, KeyError> {
        match self.entry(name)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(KeyError::from_keyring(name, e)),
        }
    }

    fn save_secret(&self, name: &str, secret: &str) -> Result<(), KeyError> {
        self.entry(name)?
            .set_password(secret)
            .map_err(|e| KeyError::from_keyring(name, e))
    }
}

/// An in-memory key store for tests.
#[derive(Default)]
pub struct MemoryKeyStore {
    entries: Mutex<std::collections::HashMap<String, String>>,
}

impl MemoryKeyStore {
    pub fn new() -> MemoryKeyStore {
        MemoryKeyStore::default()
    }
    /// Removes an entry (simulates a reset keyring).
    pub fn remove(&self, name: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
    }
}

impl KeyStore for MemoryKeyStore {
    fn load_secret(&self, name: &str) -> Result<Option<String>, KeyError> {
        Ok(self
            .entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned())
    }
    fn save_secret(&self, name: &str, secret: &str) -> Result<(), KeyError> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_string(), secret.to_string());
        Ok(())
    }
}

/// True if the database file (or its WAL) exists and is not empty.
fn database_exists(db_path: &Path) -> Result<bool, KeyError> {
    let mut wal = db_path.as_os_str().to_owned();
    wal.push("-wal");
    for p in [db_path.to_path_buf(), PathBuf::from(wal)] {
        match std::fs::metadata(&p) {
            Ok(m) if m.len() > 0 => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(KeyError::Io { path: p, source }),
        }
    }
    Ok(false)
}

/// The key of the database at `db_path`: the stored one, or on first start (no database and no
/// key) a new one, saved and read back before it is returned. An existing database without a key
/// is [`KeyError::KeyMissing`]; see the module docs for the recovery.
pub fn database_key(store: &dyn KeyStore, db_path: &Path) -> Result<DbKey, KeyError> {
    database_key_with(store, db_path, FreshStart::Refuse)
}

/// Whether a kiosk whose database is gone may start over with an empty one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreshStart {
    /// The default: [`KeyError::DatabaseMissing`].
    Refuse,
    /// The technician said `--new-database` (recovery E).
    Allow,
}

/// [`database_key`], with the technician's decision for a database that is gone.
pub fn database_key_with(
    store: &dyn KeyStore,
    db_path: &Path,
    fresh: FreshStart,
) -> Result<DbKey, KeyError> {
    if let Some(key) = store.load(DB_KEY_NAME)? {
        if fresh == FreshStart::Refuse
            && !database_exists(db_path)?
            && store.load_secret(DATABASE_CREATED_NAME)?.is_some()
        {
            return Err(KeyError::DatabaseMissing {
                path: db_path.to_path_buf(),
            });
        }
        return Ok(key);
    }
    if database_exists(db_path)? {
        return Err(KeyError::KeyMissing {
            path: db_path.to_path_buf(),
        });
    }
    let key = DbKey::generate()?;
    store.save(DB_KEY_NAME, &key)?;
    match store.load(DB_KEY_NAME)? {
        Some(back) if back == key => Ok(key),
        _ => Err(KeyError::NotPersisted {
            name: DB_KEY_NAME.to_string(),
        }),
    }
}

/// Records that the database at `db_path` now exists under the stored key, so that its
/// disappearance is later refused ([`KeyError::DatabaseMissing`]). Call after the store opened.
pub fn confirm_database(store: &dyn KeyStore, db_path: &Path) -> Result<(), KeyError> {
    let shown = db_path.display().to_string();
    if store.load_secret(DATABASE_CREATED_NAME)?.as_deref() != Some(shown.as_str()) {
        store.save_secret(DATABASE_CREATED_NAME, &shown)?;
    }
    Ok(())
}

/// The kiosk's notice key: the stored one, or on first use a new one from the OS's randomness,
/// saved and read back before it is returned (a notice signed with a key that was then lost
/// could never be verified).
pub fn notice_key(store: &dyn KeyStore) -> Result<qebul_protocol::SigningKey, KeyError> {
    if let Some(seed) = store.load(NOTICE_KEY_NAME)? {
        return Ok(qebul_protocol::SigningKey::from_bytes(seed.as_bytes()));
    }
    let seed = DbKey::generate()?;
    store.save(NOTICE_KEY_NAME, &seed)?;
    match store.load(NOTICE_KEY_NAME)? {
        Some(back) if back == seed => Ok(qebul_protocol::SigningKey::from_bytes(seed.as_bytes())),
        _ => Err(KeyError::NotPersisted {
            name: NOTICE_KEY_NAME.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_key_is_created_once_and_then_kept() {
        let store = MemoryKeyStore::new();
        let first = notice_key(&store).unwrap();
        let again = notice_key(&store).unwrap();
        assert_eq!(first.to_bytes(), again.to_bytes());
        let other = notice_key(&MemoryKeyStore::new()).unwrap();
        assert_ne!(first.to_bytes(), other.to_bytes());
        store.save_secret(NOTICE_KEY_NAME, "not hex").unwrap();
        assert!(matches!(
            notice_key(&store),
            Err(KeyError::Malformed { .. })
        ));
    }

    /// The file's exact bytes (compared whole; no hash crate needed).
    fn bytes(path: &Path) -> Vec<u8> {
        std::fs::read(path).unwrap()
    }

    #[test]
    fn hex_round_trip_and_debug_is_redacted() {
        let k = DbKey::random_for_tests();
        let hex = k.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(DbKey::from_hex(&hex).unwrap(), k);
        assert_eq!(DbKey::from_hex(&hex.to_uppercase()).unwrap(), k);
        assert_eq!(DbKey::from_hex("abc"), Err(KeyFormatError::Length(3)));
        assert_eq!(
            DbKey::from_hex(&"zz".repeat(32)),
            Err(KeyFormatError::NotHex)
        );
        let dbg = format!("{k:?}");
        assert!(!dbg.contains(&hex) && !dbg.contains(&hex[..8]), "{dbg}");
        assert_ne!(DbKey::random_for_tests(), k);
        assert_eq!(DbKey::from_bytes([7; 32]).to_hex(), "07".repeat(32));
    }

    #[test]
    fn first_start_creates_a_key_and_second_call_returns_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let store = MemoryKeyStore::new();
        let k1 = database_key(&store, &db).unwrap();
        assert_eq!(store.load(DB_KEY_NAME).unwrap(), Some(k1.clone()));
        drop(open_connection(&db, &k1).unwrap());
        let k2 = database_key(&store, &db).unwrap();
        assert_eq!(k1, k2);
    }

    #[test]
    fn a_database_that_was_used_and_is_gone_is_refused_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let store = MemoryKeyStore::new();
        let key = database_key(&store, &db).unwrap();
        drop(open_connection(&db, &key).unwrap());
        confirm_database(&store, &db).unwrap();
        assert_eq!(database_key(&store, &db).unwrap(), key);
        std::fs::rename(&db, dir.path().join("moved.db")).unwrap();
        let _ = std::fs::remove_file(dir.path().join("store.db-wal"));
        let err = database_key(&store, &db).unwrap_err();
        assert!(matches!(err, KeyError::DatabaseMissing { .. }), "{err}");
        assert!(err.to_string().contains("--new-database"), "{err}");
        assert_eq!(
            database_key_with(&store, &db, FreshStart::Allow).unwrap(),
            key
        );
    }

    #[test]
    fn no_database_but_key_present_uses_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryKeyStore::new();
        let k = DbKey::random_for_tests();
        store.save(DB_KEY_NAME, &k).unwrap();
        assert_eq!(
            database_key(&store, &dir.path().join("store.db")).unwrap(),
            k
        );
    }

    #[test]
    fn existing_database_with_missing_key_is_key_missing_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let store = MemoryKeyStore::new();
        let k = database_key(&store, &db).unwrap();
        open_connection(&db, &k)
            .unwrap()
            .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
        store.remove(DB_KEY_NAME);
        let before = bytes(&db);
        let err = database_key(&store, &db).unwrap_err();
        assert!(
            matches!(&err, KeyError::KeyMissing { path } if path == &db),
            "{err:?}"
        );
        let msg = err.to_string();
        assert!(
            msg.contains("database key missing")
                && msg.contains("restore the keyring")
                && msg.contains("move"),
            "{msg}"
        );
        assert_eq!(
            store.load(DB_KEY_NAME).unwrap(),
            None,
            "no new key may be saved"
        );
        assert_eq!(bytes(&db), before);
    }

    #[test]
    fn encrypted_file_is_not_plain_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let k = DbKey::random_for_tests();
        let conn = open_connection(&db, &k).unwrap();
        conn.execute_batch(
            "CREATE TABLE person(name TEXT); INSERT INTO person VALUES ('Əliyev Vüqar');",
        )
        .unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        drop(conn);
        let bytes = std::fs::read(&db).unwrap();
        assert!(bytes.len() >= 4096);
        assert_ne!(&bytes[..16], b"SQLite format 3\0");
        assert!(!bytes.windows(6).any(|w| w == "Əliyev".as_bytes()));
        // Without a key, SQLite cannot read it.
        let plain = Connection::open(&db).unwrap();
        let err = plain
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(ErrorCode::NotADatabase),
            "{err}"
        );
    }

    #[test]
    fn wrong_key_is_refused_and_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let k = DbKey::random_for_tests();
        let conn = open_connection(&db, &k).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (42);")
            .unwrap();
        drop(conn); // last connection closes: WAL checkpointed and removed
        let before = bytes(&db);
        let listing = |d: &Path| {
            let mut v: Vec<_> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            v.sort();
            v
        };
        let files_before = listing(dir.path());

        let err = open_connection(&db, &DbKey::random_for_tests()).unwrap_err();
        assert!(
            matches!(&err, OpenError::WrongKey { path } if path == &db),
            "{err:?}"
        );
        assert!(err.to_string().contains("wrong database key"), "{err}");
        assert_eq!(bytes(&db), before, "a wrong key must not change the file");
        assert_eq!(listing(dir.path()), files_before);

        let conn = open_connection(&db, &k).unwrap();
        assert_eq!(
            conn.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            42
        );
    }

    #[test]
    fn pragmas_are_set() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_connection(&dir.path().join("s.db"), &DbKey::random_for_tests()).unwrap();
        let q = |p: &str| {
            conn.pragma_query_value(None, p, |r| r.get::<_, rusqlite::types::Value>(0))
                .unwrap()
        };
        assert_eq!(
            q("journal_mode"),
            rusqlite::types::Value::Text("wal".into())
        );
        assert_eq!(q("synchronous"), rusqlite::types::Value::Integer(2));
        assert_eq!(q("secure_delete"), rusqlite::types::Value::Integer(1));
        assert_eq!(q("foreign_keys"), rusqlite::types::Value::Integer(1));
        assert_eq!(q("busy_timeout"), rusqlite::types::Value::Integer(5000));
    }

    #[test]
    fn keyring_store_against_the_keyring_mock() {
        let store = KeyringKeyStore::in_store(keyring_core::mock::Store::new().unwrap());
        assert_eq!(store.load(DB_KEY_NAME).unwrap(), None);
        assert_eq!(store.load_secret(SERVER_CREDENTIAL_NAME).unwrap(), None);
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("store.db");
        let k = database_key(&store, &db).unwrap();
        assert_eq!(store.load(DB_KEY_NAME).unwrap(), Some(k.clone()));
        assert_eq!(database_key(&store, &db).unwrap(), k);
        store
            .save_secret(SERVER_CREDENTIAL_NAME, "kiosk-17:s3cr3t")
            .unwrap();
        assert_eq!(
            store
                .load_secret(SERVER_CREDENTIAL_NAME)
                .unwrap()
                .as_deref(),
            Some("kiosk-17:s3cr3t")
        );
        assert_eq!(store.load(DB_KEY_NAME).unwrap(), Some(k));
        store.save_secret(DB_KEY_NAME, "not a key").unwrap();
        assert!(matches!(
            store.load(DB_KEY_NAME),
            Err(KeyError::Malformed { .. })
        ));
    }

    #[test]
    fn errors_can_cross_threads() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<KeyError>();
        assert_send_sync::<OpenError>();
        assert_send_sync::<KeyringKeyStore>();
        assert_send_sync::<MemoryKeyStore>();
        assert_send_sync::<DbKey>();
    }

    #[test]
    fn keyring_errors_name_their_cause() {
        let e = KeyError::from_keyring(DB_KEY_NAME, keyring::Error::NoDefaultStore);
        assert!(matches!(e, KeyError::NoKeyring { .. }));
        assert!(e.to_string().starts_with("no OS keyring reachable"), "{e}");
        let e = KeyError::from_keyring(
            DB_KEY_NAME,
            keyring::Error::NoStorageAccess("prompt".into()),
        );
        assert!(matches!(e, KeyError::KeyringLocked { .. }));
        assert!(e.to_string().contains("locked"), "{e}");
    }
}
