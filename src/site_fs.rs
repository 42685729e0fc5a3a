//! Reading below a site root without ever following a symbolic link. Content arrives by
//! pull request and web form: one link in `content/` or `themes/` could publish any file of
//! the build machine, so every path below the root is checked name by name, a link is
//! reported where it is, and only regular files are read (a FIFO would block a build).

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path below the root was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing there.
    Missing,
    /// A symbolic link at this path (relative to the root, `/`-separated): the path itself
    /// or a folder on the way to it.
    Link(String),
    /// Something that is neither a regular file nor a folder (a FIFO, a device, a socket).
    Special,
    Io(io::Error),
}

/// `/`-separated, as diagnostics print paths on every platform.
pub fn rel_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks every name of `rel` below `root`, from the top: none may be a symbolic link.
/// Returns what the last one is, or why it cannot be used.
fn inspect(root: &Path, rel: &Path) -> Result<std::fs::FileType, Refusal> {
    let mut at = root.to_path_buf();
    let mut walked = PathBuf::new();
    let mut kind = None;
    for c in rel.components() {
        let Component::Normal(name) = c else {
            return Err(Refusal::Io(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a plain relative path",
            )));
        };
        at.push(name);
        walked.push(name);
        let meta = match std::fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Refusal::Missing),
            Err(e) => return Err(Refusal::Io(e)),
        };
        if meta.file_type().is_symlink() {
            return Err(Refusal::Link(rel_string(&walked)));
        }
        kind = Some(meta.file_type());
    }
    kind.ok_or(Refusal::Missing)
}

/// Whether `root/rel` is a folder reached without links (false when missing).
pub fn is_dir(root: &Path, rel: &Path) -> Result<bool, Refusal> {
    match inspect(root, rel) {
        Ok(kind) => Ok(kind.is_dir()),
        Err(Refusal::Missing) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The bytes of the regular file `root/rel`, reached without links.
pub fn read(root: &Path, rel: &Path) -> Result<Vec<u8>, Refusal> {
    let kind = inspect(root, rel)?;
    if !kind.is_file() {
        return Err(Refusal::Special);
    }
    read_no_follow(&root.join(rel)).map_err(Refusal::Io)
}

/// Opens without following a link at the last name, in case one appeared since the check.
fn read_no_follow(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What a walk found: regular files (relative to the root, sorted) and the paths it
/// refused, with why.
#[derive(Default, Debug)]
pub struct Walk {
    pub files: Vec<String>,
    pub refused: Vec<(String, Refusal)>,
}

/// Regular files below `root/dir`, sorted by name, skipping hidden and backup files (`.x`,
/// `x~`). A link anywhere, the folder itself included, is refused and not entered.
pub fn walk(root: &Path, dir: &Path) -> Walk {
    let mut found = Walk::default();
    match is_dir(root, dir) {
        Ok(true) => {}
        Ok(false) => return found,
        Err(e) => {
            let rel = match &e {
                Refusal::Link(rel) => rel.clone(),
                _ => rel_string(dir),
            };
            found.refused.push((rel, e));
            return found;
        }
    }
    let walker = walkdir::WalkDir::new(root.join(dir))
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name.ends_with('~'))
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .map(rel_string)
                    .unwrap_or_default();
                let kind = entry.file_type();
                if kind.is_symlink() {
                    found.refused.push((rel.clone(), Refusal::Link(rel)));
                } else if kind.is_file() {
                    found.files.push(rel);
                } else if !kind.is_dir() {
                    found.refused.push((rel, Refusal::Special));
                }
            }
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map(rel_string)
                    .unwrap_or_else(|| rel_string(dir));
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("a folder loop"));
                found.refused.push((rel, Refusal::Io(io)));
            }
        }
    }
    found
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_refused_wherever_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(root.join("content/benefits")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.yaml"), "secret").unwrap();
        std::fs::write(root.join("content/benefits/a.yaml"), "a").unwrap();
        symlink(&outside, root.join("content/partners")).unwrap();
        symlink(
            outside.join("secret.yaml"),
            root.join("content/benefits/b.yaml"),
        )
        .unwrap();
        symlink(outside.join("secret.yaml"), root.join("content/site.yaml")).unwrap();

        let benefits = walk(&root, Path::new("content/benefits"));
        assert_eq!(benefits.files, vec!["content/benefits/a.yaml"]);
        assert!(
            matches!(&benefits.refused[..], [(p, Refusal::Link(_))] if p == "content/benefits/b.yaml")
        );

        let partners = walk(&root, Path::new("content/partners"));
        assert!(partners.files.is_empty());
        assert!(
            matches!(&partners.refused[..], [(p, Refusal::Link(_))] if p == "content/partners")
        );

        assert!(matches!(
            read(&root, Path::new("content/site.yaml")),
            Err(Refusal::Link(p)) if p == "content/site.yaml"
        ));
        assert!(matches!(
            read(&root, Path::new("content/partners/secret.yaml")),
            Err(Refusal::Link(p)) if p == "content/partners"
        ));
        assert_eq!(
            read(&root, Path::new("content/benefits/a.yaml")).unwrap(),
            b"a"
        );
        assert!(matches!(
            read(&root, Path::new("content/none.yaml")),
            Err(Refusal::Missing)
        ));
    }
}
