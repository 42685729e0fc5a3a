//! The only writer: builds the new output beside the old one and swaps it in whole, so a
//! failed build leaves the previous site untouched and a deleted entry leaves nothing behind;
//! and writes the editors' files (imports, schemas, the web form) each in one step.

use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// One file of the output, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where a build's files go: the output writer, a collector for the preview server, or
/// nothing for `check`. Called from several threads at once.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> io::Result<()> + Sync);

/// Writes one file of an editor's command (an import, a schema, the web form) in one step:
/// into a temporary file beside it, then renamed over it, so that a killed command never
/// leaves half a file, and a symbolic link at `path` is replaced rather than followed.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".youdai-")
        .tempfile_in(parent)?;
    temp.write_all(bytes)?;
    // A temporary file is private (0600); the file it replaces keeps its permissions, and a
    // new one gets those of an ordinary file.
    let permissions = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => meta.permissions(),
        _ => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            {
                temp.as_file().metadata()?.permissions()
            }
        }
    };
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A relative path of plain names only: nothing can land outside the output folder.
fn is_contained(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && !path.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)))
}

fn name_of(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// `.public.staging-PID` or `.public.old-PID` beside `out`: on the same file system, so the
/// swap is a rename, and named after it, so that the next build can tell what is its own.
fn sibling(out: &Path, tag: &str) -> PathBuf {
    out.with_file_name(format!(".{}.{tag}-{}", name_of(out), std::process::id()))
}

/// Folders that earlier builds into `out` left beside it when they were killed: their
/// process is gone. Returns the leftover previous outputs (`old`) apart, newest last.
fn leftovers(out: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut staging, mut old) = (Vec::new(), Vec::new());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return (staging, old);
    };
    let prefix = format!(".{}.", name_of(out));
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (tag, pid) = match rest.split_once('-') {
            Some((tag, pid)) => (tag, pid.parse::<u32>().ok()),
            None => continue,
        };
        if pid.is_none_or(is_running) {
            continue;
        }
        match tag {
            "staging" => staging.push(entry.path()),
            "old" => old.push(entry.path()),
            _ => {}
        }
    }
    old.sort_by_key(|p| std::fs::symlink_metadata(p).and_then(|m| m.modified()).ok());
    (staging, old)
}

/// Whether a process with this id is still running (then its folders are its own).
fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let alive = unsafe { libc::kill(pid as libc::pid_t, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// Clears what killed builds left beside `out`. A build killed in the middle of its swap
/// may have left no output at all but the previous one moved aside: that is put back.
fn recover(out: &Path) -> io::Result<()> {
    let (staging, mut old) = leftovers(out);
    for dir in staging {
        remove_tree(&dir)?;
    }
    if std::fs::symlink_metadata(out).is_err() {
        if let Some(last) = old.pop() {
            std::fs::rename(last, out)?;
        }
    }
    for dir in old {
        remove_tree(&dir)?;
    }
    Ok(())
}

/// A previous output that a successful build could not remove.
pub struct LeftBehind {
    pub path: PathBuf,
    pub reason: String,
}

/// A new output folder being written beside the old one; `commit` swaps it in, and
/// dropping it uncommitted removes it, leaving the previous output as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    /// The previous output, when it is a folder of ours: a file that comes out the same is
    /// linked from it instead of written again (on a disk, writing is most of a rebuild).
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    pub fn create(out: &Path) -> io::Result<Staging> {
        if let Some(parent) = out.parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        recover(out)?;
        let dir = sibling(out, "staging");
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            made: Mutex::new(HashSet::new()),
            previous: std::fs::symlink_metadata(out)
                .is_ok_and(|m| m.is_dir())
                .then(|| out.to_path_buf()),
            committed: false,
        })
    }

    /// Whether `previous/rel` holds exactly `bytes` (a regular file, not a link).
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> Option<PathBuf> {
        let old = self.previous.as_ref()?.join(rel);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || meta.len() != bytes.len() as u64 {
            return None;
        }
        (std::fs::read(&old).ok()? == bytes).then_some(old)
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
        if let Some(old) = self.unchanged(&file.path, &file.bytes) {
            if std::fs::hard_link(&old, &target).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(target, &file.bytes)
    }

    /// Replaces the output folder with what was written. Once the new output is in place
    /// the build has succeeded: a previous output that cannot be removed (read-only files,
    /// say) is left beside it, named in the returned warning, for the next build to clear.
    pub fn commit(mut self) -> io::Result<Option<LeftBehind>> {
        self.committed = true;
        let Some(old) = swap(&self.dir, &self.out)? else {
            return Ok(None);
        };
        Ok(remove_tree(&old).err().map(|e| LeftBehind {
            path: old,
            reason: e.to_string(),
        }))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed || self.dir.exists() {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Puts `staging` in the place of `out`; returns where the previous output went, if any.
/// Where the system can, both are exchanged in one step, so that there is no moment
/// without an output, even for a build killed right then.
fn swap(staging: &Path, out: &Path) -> io::Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(out).is_err() {
        std::fs::rename(staging, out)?;
        return Ok(None);
    }
    let old = sibling(out, "old");
    if exchange(staging, out)? {
        std::fs::rename(staging, &old)?;
        return Ok(Some(old));
    }
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        std::fs::rename(&old, out)?;
        return Err(e);
    }
    Ok(Some(old))
}

/// Exchanges two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`); false where the
/// system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two NUL-terminated paths that outlive the call; AT_FDCWD resolves them as
    // open() would.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes a folder, its subfolders in parallel: on a slow disk deleting the previous
/// output is a large part of a rebuild. Read-only folders of our own output are made
/// writable first, as removing what is in them needs.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            make_writable(dir)?;
            return remove_tree(dir);
        }
        Err(e) => return Err(e),
    };
    let removed = entries.par_iter().try_for_each(|path| {
        let meta = std::fs::symlink_metadata(path)?;
        if meta.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    });
    if removed.is_err() {
        make_writable(dir)?;
        return std::fs::remove_dir_all(dir);
    }
    std::fs::remove_dir(dir)
}

/// Gives the owner write permission on every folder below `dir` (links not followed).
fn make_writable(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut stack = vec![dir.to_path_buf()];
        while let Some(at) = stack.pop() {
            let meta = std::fs::symlink_metadata(&at)?;
            if !meta.is_dir() {
                continue;
            }
            let mode = meta.permissions().mode();
            if mode & 0o700 != 0o700 {
                std::fs::set_permissions(&at, std::fs::Permissions::from_mode(mode | 0o700))?;
            }
            for entry in std::fs::read_dir(&at)?.filter_map(Result::ok) {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    stack.push(entry.path());
                }
            }
        }
    }
    let _ = dir;
    Ok(())
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

/// Copies a folder (for tests that need a site of their own to edit).
#[cfg(test)]
pub fn copy_tree_for_tests(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), to.join(rel)).unwrap();
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
