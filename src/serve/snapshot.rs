//! What the server shows at one moment: the files of the last good build, held in memory,
//! and the diagnostics of the latest build when it failed. Replaced whole, never edited.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The bytes of one output file, shared between snapshots so that swapping in a few
/// re-rendered pages does not copy the whole site.
pub(crate) type Bytes = Arc<Vec<u8>>;

/// The diagnostics of a failed build, each line exactly as `youdai check` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Problems {
    pub lines: Vec<String>,
    pub errors: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Output path (`benefits/x/index.html`) to bytes; empty until a build succeeds.
    pub files: HashMap<String, Bytes>,
    /// Set while the content has errors; the files are then those of the last good build.
    pub problems: Option<Problems>,
}

impl Snapshot {
    /// Whether a build has ever succeeded, so there is a site to show.
    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }
}

/// The snapshot being served; readers take a cheap handle and never wait for a build.
#[derive(Default)]
pub(crate) struct Current(RwLock<Arc<Snapshot>>);

impl Current {
    pub fn get(&self) -> Arc<Snapshot> {
        match self.0.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        match self.0.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }
}
