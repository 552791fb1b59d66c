//! The Secret Service test's child (`tests/keyring_secret_service.rs` starts it inside a private
//! D-Bus session with gnome-keyring): one phase, named by `QEBUL_KEYRING_CHILD`, that panics on
//! any failed check and prints "CHILD-OK <phase>" when all hold.

use std::path::{Path, PathBuf};

use qebul_store::key::{
    database_key, open_connection, DbKey, KeyError, KeyStore, KeyringKeyStore, OpenError,
    DB_KEY_NAME, SERVER_CREDENTIAL_NAME,
};

const CHILD_ENV: &str = "QEBUL_KEYRING_CHILD";
const DIR_ENV: &str = "QEBUL_KEYRING_DIR";
const CREDENTIAL: &str = "kiosk-0007:7f3c9b1e-test-token";

fn main() {
    let phase = std::env::var(CHILD_ENV).expect("QEBUL_KEYRING_CHILD names the phase");
    let dir = PathBuf::from(std::env::var(DIR_ENV).expect("work dir"));
    let db = dir.join("store.db");
    let expected_key = dir.join("expected-key.hex"); // test only: lets the next session compare
    let store = KeyringKeyStore::new();

    let refuses_wrong_key = |db: &Path| {
        let err = open_connection(db, &DbKey::random_for_tests()).unwrap_err();
        assert!(matches!(err, OpenError::WrongKey { .. }), "{err:?}");
    };

    match phase.as_str() {
        "first" => {
            assert!(!db.exists());
            assert_eq!(store.load(DB_KEY_NAME).unwrap(), None);
            let key = database_key(&store, &db).expect("first start creates and saves the key");
            assert_eq!(store.load(DB_KEY_NAME).unwrap(), Some(key.clone()));
            assert_eq!(
                KeyringKeyStore::new().load(DB_KEY_NAME).unwrap(),
                Some(key.clone())
            );
            let conn = open_connection(&db, &key).unwrap();
            conn.execute_batch(
                "CREATE TABLE booking(name TEXT); INSERT INTO booking VALUES ('Məmmədova Aynur');",
            )
            .unwrap();
            drop(conn);
            store
                .save_secret(SERVER_CREDENTIAL_NAME, CREDENTIAL)
                .unwrap();
            assert_eq!(
                store
                    .load_secret(SERVER_CREDENTIAL_NAME)
                    .unwrap()
                    .as_deref(),
                Some(CREDENTIAL)
            );
            assert_eq!(
                database_key(&store, &db).unwrap(),
                key,
                "second call, same key"
            );
            refuses_wrong_key(&db);
            std::fs::write(&expected_key, key.to_hex()).unwrap();
        }
        "second" => {
            assert!(db.exists());
            let want = DbKey::from_hex(&std::fs::read_to_string(&expected_key).unwrap()).unwrap();
            let key = store
                .load(DB_KEY_NAME)
                .unwrap()
                .expect("the key persisted across sessions");
            assert_eq!(key, want);
            assert_eq!(database_key(&store, &db).unwrap(), want);
            let conn = open_connection(&db, &key).unwrap();
            let name: String = conn
                .query_row("SELECT name FROM booking", [], |r| r.get(0))
                .unwrap();
            assert_eq!(name, "Məmmədova Aynur");
            drop(conn);
            assert_eq!(
                store
                    .load_secret(SERVER_CREDENTIAL_NAME)
                    .unwrap()
                    .as_deref(),
                Some(CREDENTIAL)
            );
            refuses_wrong_key(&db);
        }
        "locked" => {
            let before = std::fs::read(&db).unwrap();
            let err = database_key(&store, &db).unwrap_err();
            assert!(matches!(err, KeyError::KeyringLocked { .. }), "{err:?}");
            assert!(err.to_string().contains("locked"), "{err}");
            assert_eq!(std::fs::read(&db).unwrap(), before);
        }
        "nobus" => {
            let err = database_key(&store, &db).unwrap_err();
            assert!(matches!(err, KeyError::NoKeyring { .. }), "{err:?}");
            assert!(
                err.to_string().starts_with("no OS keyring reachable"),
                "{err}"
            );
            assert!(!db.exists(), "no database may be created without a key");
        }
        other => panic!("unknown phase {other}"),
    }
    println!("CHILD-OK {phase}");
}
