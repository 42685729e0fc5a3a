//! The only writer: builds the new output beside the old one and swaps it in whole, so a
//! failed build leaves the previous site untouched and a deleted entry leaves nothing behind.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// A relative path of plain names only: nothing can land outside the output folder.
fn is_contained(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// A new output folder being written beside the old one; `commit` swaps it in, and
/// dropping it uncommitted removes it, leaving the previous output as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        if let Some(parent) = out.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let dir = sibling(out, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file; safe to call from several threads at once.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        if !is_contained(&file.path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output folder: {}", file.path),
            ));
        }
        let target = self.dir.join(&file.path);
        if let Some(parent) = target.parent() {
            let known = self
                .made
                .lock()
                .map(|m| m.contains(parent))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut m) = self.made.lock() {
                    m.insert(parent.to_path_buf());
                }
            }
        }
        std::fs::write(target, &file.bytes)
    }

    /// Replaces the output folder with what was written.
    pub fn commit(mut self) -> io::Result<()> {
        self.committed = true;
        swap(&self.dir, &self.out)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed || self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn swap(staging: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return std::fs::rename(staging, out);
    }
    let old = sibling(out, "old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        std::fs::rename(&old, out)?;
        return Err(e);
    }
    remove_tree(&old)
}

/// Removes a folder, its subfolders in parallel: on a slow disk deleting the previous
/// output is a large part of a rebuild.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    std::fs::remove_dir(dir)
}

/// True if `dir` is missing, empty, or holds a site this tool built (so replacing it
/// cannot destroy someone's unrelated files).
pub fn is_replaceable(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => true,
        Ok(mut entries) => {
            entries.next().is_none()
                || (dir.join("sitemap.xml").is_file() && dir.join("api/catalog.json").is_file())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths() {
        assert!(is_contained("a/b.html"));
        assert!(!is_contained("../x"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a/../../x"));
        assert!(!is_contained("a\\..\\x"));
        assert!(!is_contained(""));
    }
}
