//! The only writer: builds the new output beside the old one and swaps it in whole, so a
//! failed build leaves the previous site untouched and a deleted entry leaves nothing behind.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

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

/// Writes `files` into `out`, replacing whatever was there, atomically for readers that
/// open the folder after the swap.
pub fn replace_dir(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    if let Some(bad) = files.iter().find(|f| !is_contained(&f.path)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output folder: {}", bad.path),
        ));
    }
    if let Some(parent) = out.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)?;
        }
    }
    let staging = sibling(out, "staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = write_all(&staging, files).and_then(|()| swap(&staging, out));
    if result.is_err() && staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_all(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let parents: BTreeSet<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    for parent in parents {
        std::fs::create_dir_all(dir.join(parent))?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(dir.join(&f.path), &f.bytes))
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
    std::fs::remove_dir_all(&old)
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
