//! What the server shows at one moment: the files of the last good build, held in memory,
//! and the diagnostics of the latest build when it failed. Replaced whole, never edited.

use crate::render::OutputFile;
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
    /// A complete build's files.
    pub fn from_build(files: Vec<OutputFile>) -> Snapshot {
        Snapshot {
            files: files
                .into_iter()
                .map(|f| (f.path, Arc::new(f.bytes)))
                .collect(),
            problems: None,
        }
    }

    /// Whether a build has ever succeeded, so there is a site to show.
    pub fn has_site(&self) -> bool {
        !self.files.is_empty()
    }

    /// This snapshot with `pages` put in; returns None when none of them differ.
    pub fn with_pages(&self, pages: &[(String, Bytes)]) -> Option<Snapshot> {
        let changed: Vec<&(String, Bytes)> = pages
            .iter()
            .filter(|(path, bytes)| self.files.get(path) != Some(bytes))
            .collect();
        if changed.is_empty() {
            return None;
        }
        let mut files = self.files.clone();
        for (path, bytes) in changed {
            files.insert(path.clone(), bytes.clone());
        }
        Some(Snapshot {
            files,
            problems: self.problems.clone(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn pages_are_swapped_in_only_when_they_differ() {
        let site = Snapshot::from_build(vec![file("a/index.html", "A"), file("b/index.html", "B")]);
        let same = vec![("a/index.html".to_string(), Arc::new(b"A".to_vec()))];
        assert!(site.with_pages(&same).is_none());
        let edited = vec![("a/index.html".to_string(), Arc::new(b"A2".to_vec()))];
        let next = site.with_pages(&edited).expect("a changed page");
        assert_eq!(next.files["a/index.html"].as_slice(), b"A2");
        assert!(Arc::ptr_eq(
            &next.files["b/index.html"],
            &site.files["b/index.html"]
        ));
    }
}
