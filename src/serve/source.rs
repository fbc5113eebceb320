//! The store a long-running endpoint reads: opened read-only, and opened again when the store on
//! disk has changed since (a `zhkg extract` beside the server), so answers follow the store rather
//! than the moment the server started.
//!
//! A read-only RocksDB instance sees the store as it was when it was opened. Whether the store
//! changed is read from the files that record its state (`CURRENT`, the `MANIFEST-*` file and the
//! write-ahead `*.log` files: their names, sizes and times), a directory listing per request.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::store::{Store, StoreError};

/// What the state files of a store looked like.
type Fingerprint = Vec<(String, u64, Option<std::time::SystemTime>)>;

/// A store for the endpoint: a fixed one (in memory, tests), or a directory reopened on change.
pub struct LiveStore {
    kind: Kind,
}

enum Kind {
    Fixed(Arc<Store>),
    #[cfg_attr(not(feature = "persistent"), allow(dead_code))]
    Dir { path: PathBuf, current: Mutex<(Fingerprint, Arc<Store>)> },
}

#[cfg_attr(not(feature = "persistent"), allow(dead_code))]
fn fingerprint(path: &std::path::Path) -> Fingerprint {
    let mut fp: Fingerprint = Vec::new();
    if let Ok(entries) = std::fs::read_dir(path) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == "CURRENT" || name.starts_with("MANIFEST-") || name.ends_with(".log") {
                let meta = e.metadata().ok();
                fp.push((name, meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok())));
            }
        }
    }
    fp.sort();
    fp
}

impl LiveStore {
    /// Opens the store at `path` read-only (it must exist), to be reopened when it changes.
    #[cfg(feature = "persistent")]
    pub fn open(path: &std::path::Path) -> Result<LiveStore, StoreError> {
        let fp = fingerprint(path);
        let store = Store::open_read_only(path)?;
        Ok(LiveStore { kind: Kind::Dir { path: path.to_path_buf(), current: Mutex::new((fp, Arc::new(store))) } })
    }

    /// A store that is used as it is (an in-memory store in tests).
    pub fn fixed(store: Store) -> LiveStore {
        LiveStore { kind: Kind::Fixed(Arc::new(store)) }
    }

    /// The store as it is now: the one opened last, or a new read-only view of the directory when
    /// its state files changed since.
    pub fn current(&self) -> Result<Arc<Store>, StoreError> {
        match &self.kind {
            Kind::Fixed(s) => Ok(Arc::clone(s)),
            #[cfg(feature = "persistent")]
            Kind::Dir { path, current } => {
                let mut cur = current.lock().unwrap_or_else(|e| e.into_inner());
                let fp = fingerprint(path);
                if fp != cur.0 {
                    let store = Store::open_read_only(path)?;
                    *cur = (fp, Arc::new(store));
                }
                Ok(Arc::clone(&cur.1))
            }
            #[cfg(not(feature = "persistent"))]
            Kind::Dir { .. } => unreachable!("directories are opened only with the persistent feature"),
        }
    }
}
