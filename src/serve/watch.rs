//! Which saved files matter, and when to rebuild. The system's file events (notify) come
//! at once; a slow poll runs beside them for file systems whose events never arrive
//! (network shares, folders shared into a VM); a short quiet window turns the burst of
//! events of one save, or of a "save all", into one batch. Knows nothing of HTTP or builds.

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// A batch is sent once no event has come for this long...
const QUIET: Duration = Duration::from_millis(20);
/// ...or this long after its first event, however busy the disk.
const MAX_WAIT: Duration = Duration::from_millis(250);
/// How often the poll looks, as a safety net beside working events, or alone without them.
const POLL_BESIDE_EVENTS: Duration = Duration::from_secs(1);
const POLL_ALONE: Duration = Duration::from_millis(300);

/// What a changed path means for the site, decided from the path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// `content/site.yaml`: everything may change.
    Settings,
    /// A file the loader reads as entries; its own pages can be shown before the rest.
    Entry,
    /// Under `content/static/`.
    Static,
    /// Under `themes/`.
    Theme,
    /// Under a content folder but not an entry file: a folder, or a stray file the loader
    /// skips (such as vim's `4913` probe). Matters only if it is a folder.
    Folder,
    /// Hidden, backup and editor files, and everything the build does not read.
    Ignored,
}

pub(crate) fn classify(rel: &str) -> Change {
    let parts: Vec<&str> = rel.split('/').collect();
    let skipped = |p: &&str| p.is_empty() || p.starts_with('.') || p.ends_with('~');
    if parts.iter().any(skipped) {
        return Change::Ignored;
    }
    let ext = parts
        .last()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match parts.as_slice() {
        ["content"] => Change::Folder,
        ["content", "site.yaml"] => Change::Settings,
        ["content", "static", ..] => Change::Static,
        ["content", "benefits" | "partners", _, ..] => {
            if matches!(ext.as_str(), "md" | "markdown" | "yaml" | "yml") {
                Change::Entry
            } else {
                Change::Folder
            }
        }
        ["content", "notices" | "pages", _, ..] => {
            if matches!(ext.as_str(), "md" | "markdown") {
                Change::Entry
            } else {
                Change::Folder
            }
        }
        ["content", "benefits" | "partners" | "notices" | "pages"] => Change::Folder,
        ["themes", ..] => Change::Theme,
        _ => Change::Ignored,
    }
}

/// What to rebuild after a burst of saves.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Batch {
    /// Entry files that exist and changed: their pages can be shown before the full build.
    pub entries: BTreeSet<String>,
    /// Something changed that only a full build can show: settings, theme, static files,
    /// a new folder, a removed entry file.
    pub full: bool,
    /// Every path that mattered, for the log.
    pub paths: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Events,
    Poll,
}

/// Keeps the watching going; dropping it stops the system's events and the poll.
pub(crate) struct Watching {
    _native: Arc<Mutex<Native>>,
    stop: Arc<AtomicBool>,
    pub polling_only: bool,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Starts watching `root` (absolute) and calls `on_batch` from a thread of its own.
/// `YOUDAI_SERVE_WATCH=poll` skips the system's events, to try the poll on its own.
pub(crate) fn start(
    root: &Path,
    on_batch: impl Fn(Batch) + Send + 'static,
) -> Result<Watching, String> {
    let (tx, rx) = channel::<(Source, Vec<PathBuf>)>();
    let events_wanted = std::env::var("YOUDAI_SERVE_WATCH").map_or(true, |v| v != "poll");
    let watcher = if events_wanted {
        let tx = tx.clone();
        notify::recommended_watcher(move |res: notify::Result<Event>| {
            if let Ok(event) = res {
                if matters(&event.kind) {
                    let _ = tx.send((Source::Events, event.paths));
                }
            }
        })
        .ok()
    } else {
        None
    };
    let mut native = Native {
        root: root.to_path_buf(),
        watcher,
        watched: HashSet::new(),
    };
    native.ensure(false);
    let polling_only = native.watcher.is_none();
    let native = Arc::new(Mutex::new(native));
    let stop = Arc::new(AtomicBool::new(false));

    let interval = if polling_only {
        POLL_ALONE
    } else {
        POLL_BESIDE_EVENTS
    };
    let (poll_root, poll_stop) = (root.to_path_buf(), stop.clone());
    std::thread::Builder::new()
        .name("youdai-poll".into())
        .spawn({
            // The first look is taken before returning, so that no save after it is missed.
            let first = look(root).unwrap_or_default();
            move || poll(&poll_root, first, interval, &poll_stop, &tx)
        })
        .map_err(|e| tr!("serve-cannot-start-watcher", reason = e.to_string()))?;

    let root = root.to_path_buf();
    let shared = native.clone();
    std::thread::Builder::new()
        .name("youdai-watch".into())
        .spawn(move || {
            let mut pending = Pending::default();
            loop {
                let received = match pending.deadline() {
                    None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                    Some(at) => rx.recv_timeout(at.saturating_duration_since(Instant::now())),
                };
                match received {
                    Ok((source, paths)) => {
                        for path in &paths {
                            if let Some(rel) = relative(&root, path) {
                                pending.note(&root, source, rel);
                            }
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {
                        let (batch, rewatch) = pending.take(&root);
                        if rewatch {
                            if let Ok(mut native) = shared.lock() {
                                native.ensure(true);
                            }
                        }
                        if let Some(batch) = batch {
                            on_batch(batch);
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
        })
        .map_err(|e| tr!("serve-cannot-start-watcher", reason = e.to_string()))?;
    Ok(Watching {
        _native: native,
        stop,
        polling_only,
    })
}

/// The poll: every `interval`, the size and modification time (to the nanosecond where
/// the file system keeps them) of every file under `content/` and `themes/`, compared
/// with the last look. notify's own PollWatcher compares whole seconds only, and so misses
/// a second save within the same second.
fn poll(
    root: &Path,
    mut before: HashMap<PathBuf, Stamp>,
    interval: Duration,
    stop: &AtomicBool,
    tx: &Sender<(Source, Vec<PathBuf>)>,
) {
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(interval);
        let Some(now) = look(root) else { continue };
        let changed: Vec<PathBuf> = now
            .iter()
            .filter(|(path, stamp)| before.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .chain(
                before
                    .keys()
                    .filter(|path| !now.contains_key(*path))
                    .cloned(),
            )
            .collect();
        if !changed.is_empty() && tx.send((Source::Poll, changed)).is_err() {
            break;
        }
        before = now;
    }
}

/// Every file's stamp; None when a folder could not be read (out of file handles, say), so
/// that a partial look is not taken for removed files.
fn look(root: &Path) -> Option<HashMap<PathBuf, Stamp>> {
    let mut files = HashMap::new();
    for dir in ["content", "themes"] {
        let top = root.join(dir);
        if !top.exists() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&top)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e)
                    if e.io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
                {
                    continue
                }
                Err(_) => return None,
            };
            if entry.file_type().is_file() {
                let stamp = entry
                    .metadata()
                    .ok()
                    .and_then(|m| Some((m.len(), m.modified().ok()?)));
                files.insert(entry.into_path(), stamp);
            }
        }
    }
    Some(files)
}

/// The system's file events; `ensure` keeps the right folders watched.
struct Native {
    root: PathBuf,
    watcher: Option<RecommendedWatcher>,
    watched: HashSet<PathBuf>,
}

impl Native {
    /// Watches the root itself (to see `content/` or `themes/` appear) and, recursively,
    /// `content/` and `themes/` once they exist. `again` re-adds them, for when one was
    /// removed and made anew.
    fn ensure(&mut self, again: bool) {
        let Some(watcher) = &mut self.watcher else {
            return;
        };
        let wanted = [
            (self.root.clone(), RecursiveMode::NonRecursive),
            (self.root.join("content"), RecursiveMode::Recursive),
            (self.root.join("themes"), RecursiveMode::Recursive),
        ];
        for (dir, mode) in wanted {
            if again && self.watched.remove(&dir) {
                let _ = watcher.unwatch(&dir);
            }
            if self.watched.contains(&dir) || !dir.is_dir() {
                continue;
            }
            if watcher.watch(&dir, mode).is_err() {
                // Out of inotify watches, say: the poll alone will see the changes.
                errln!(
                    "warning: {}",
                    tr!(
                        "serve-no-events-for",
                        dir = dir.display().to_string(),
                        ms = POLL_BESIDE_EVENTS.as_millis() as u64
                    )
                );
            }
            self.watched.insert(dir);
        }
    }
}

/// Reads and opens are not changes; our own builds cause plenty of them.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let rel = parts?.join("/");
    (!rel.is_empty()).then_some(rel)
}

/// Size and modification time, to tell whether the poll saw something new.
type Stamp = Option<(u64, SystemTime)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The events of the current burst, and what earlier batches saw.
#[derive(Default)]
struct Pending {
    /// Path -> how it was classified and whether the system's events reported it.
    paths: BTreeMap<String, (Change, bool)>,
    first: Option<Instant>,
    last: Option<Instant>,
    /// The stamp of every path when its batch was sent, so that the poll finding the same
    /// change a second later does not cause a second rebuild.
    seen: HashMap<String, Stamp>,
}

impl Pending {
    fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + QUIET).min(first + MAX_WAIT))
    }

    fn note(&mut self, root: &Path, source: Source, rel: String) {
        let change = classify(&rel);
        if change == Change::Ignored {
            return;
        }
        if source == Source::Poll {
            let full = root.join(&rel);
            // The poll reports a folder when a file in it changes; it reports the file too.
            if full.is_dir() || self.seen.get(&rel) == Some(&stamp(&full)) {
                return;
            }
        }
        let now = Instant::now();
        self.first.get_or_insert(now);
        self.last = Some(now);
        let by_events = source == Source::Events;
        self.paths
            .entry(rel)
            .and_modify(|(_, e)| *e |= by_events)
            .or_insert((change, by_events));
    }

    /// The batch, decided now that the burst is over (an editor that saves by renaming
    /// removes the file for a moment), and whether a watched folder came or went.
    fn take(&mut self, root: &Path) -> (Option<Batch>, bool) {
        self.first = None;
        self.last = None;
        let mut batch = Batch::default();
        let mut rewatch = false;
        for (rel, (change, by_events)) in std::mem::take(&mut self.paths) {
            let full = root.join(&rel);
            self.seen.insert(rel.clone(), stamp(&full));
            let matters = match change {
                Change::Entry if full.is_file() => {
                    batch.entries.insert(rel.clone());
                    true
                }
                Change::Folder => full.is_dir() && by_events,
                Change::Ignored => false,
                _ => {
                    batch.full = true;
                    true
                }
            };
            if matters {
                batch.full |= change == Change::Folder;
                rewatch |= rel == "content" || rel == "themes";
                batch.paths.insert(rel);
            }
        }
        let batch = (!batch.paths.is_empty()).then_some(batch);
        (batch, rewatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_by_what_the_build_reads() {
        let cases = [
            ("content/site.yaml", Change::Settings),
            ("content/benefits/medical.yaml", Change::Entry),
            ("content/benefits/counties/yuci.YML", Change::Entry),
            ("content/benefits/duanqi.md", Change::Entry),
            ("content/partners/shops.yaml", Change::Entry),
            ("content/notices/2025-01-01-x.md", Change::Entry),
            ("content/pages/about.markdown", Change::Entry),
            ("content/static/files/a.pdf", Change::Static),
            ("content/static", Change::Static),
            ("themes/default/templates/base.html", Change::Theme),
            ("themes", Change::Theme),
            ("content", Change::Folder),
            ("content/benefits", Change::Folder),
            ("content/benefits/counties", Change::Folder),
            ("content/benefits/4913", Change::Folder),
            ("content/notices/draft.yaml", Change::Folder),
            ("content/benefits/.medical.yaml.swp", Change::Ignored),
            ("content/benefits/medical.yaml~", Change::Ignored),
            ("content/.git/index", Change::Ignored),
            ("themes/default/.DS_Store", Change::Ignored),
            ("content/README.md", Change::Ignored),
            ("public/index.html", Change::Ignored),
            ("site.yaml", Change::Ignored),
            ("README.md", Change::Ignored),
        ];
        for (path, expected) in cases {
            assert_eq!(classify(path), expected, "{path}");
        }
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/benefits")).unwrap();
        std::fs::write(dir.path().join("content/site.yaml"), "title: x\n").unwrap();
        std::fs::write(dir.path().join("content/benefits/a.yaml"), "id: a\n").unwrap();
        dir
    }

    #[test]
    fn a_burst_of_events_for_one_save_is_one_entry_change() {
        let dir = site();
        let mut p = Pending::default();
        for _ in 0..3 {
            p.note(dir.path(), Source::Events, "content/benefits/a.yaml".into());
        }
        p.note(
            dir.path(),
            Source::Events,
            "content/benefits/.a.yaml.swp".into(),
        );
        p.note(dir.path(), Source::Events, "content/benefits/4913".into());
        let (batch, rewatch) = p.take(dir.path());
        let batch = batch.expect("a batch");
        assert_eq!(
            batch.entries.iter().collect::<Vec<_>>(),
            ["content/benefits/a.yaml"]
        );
        assert!(!batch.full);
        assert!(!rewatch);
        assert!(p.deadline().is_none());
    }

    #[test]
    fn removed_entries_and_settings_need_a_full_build() {
        let dir = site();
        let mut p = Pending::default();
        p.note(
            dir.path(),
            Source::Events,
            "content/benefits/gone.yaml".into(),
        );
        let batch = p.take(dir.path()).0.expect("a batch");
        assert!(batch.full && batch.entries.is_empty());

        p.note(dir.path(), Source::Events, "content/site.yaml".into());
        p.note(dir.path(), Source::Events, "content/benefits/a.yaml".into());
        let batch = p.take(dir.path()).0.expect("a batch");
        assert!(batch.full);
        assert_eq!(batch.entries.len(), 1);
    }

    #[test]
    fn the_poll_finding_a_change_already_built_is_dropped() {
        let dir = site();
        let mut p = Pending::default();
        p.note(dir.path(), Source::Events, "content/benefits/a.yaml".into());
        assert!(p.take(dir.path()).0.is_some());
        p.note(dir.path(), Source::Poll, "content/benefits/a.yaml".into());
        p.note(dir.path(), Source::Poll, "content/benefits".into());
        assert!(p.take(dir.path()).0.is_none());
        // A change the system's events missed is the poll's to report.
        std::fs::write(
            dir.path().join("content/benefits/a.yaml"),
            "id: a\ntitle: longer\n",
        )
        .unwrap();
        p.note(dir.path(), Source::Poll, "content/benefits/a.yaml".into());
        assert!(p.take(dir.path()).0.is_some());
    }

    #[test]
    fn a_new_folder_rebuilds_and_a_vanished_probe_file_does_not() {
        let dir = site();
        let mut p = Pending::default();
        p.note(dir.path(), Source::Events, "content/benefits/4913".into());
        assert!(p.take(dir.path()).0.is_none());
        std::fs::create_dir_all(dir.path().join("content/benefits/counties")).unwrap();
        p.note(
            dir.path(),
            Source::Events,
            "content/benefits/counties".into(),
        );
        assert!(p.take(dir.path()).0.expect("a batch").full);
    }

    #[test]
    fn the_window_closes_after_a_quiet_spell_or_at_the_latest_after_max_wait() {
        let dir = site();
        let mut p = Pending::default();
        p.note(dir.path(), Source::Events, "content/benefits/a.yaml".into());
        let first = p.first.unwrap();
        assert_eq!(p.deadline(), Some(first + QUIET));
        p.last = Some(first + MAX_WAIT);
        assert_eq!(p.deadline(), Some(first + MAX_WAIT));
    }
}
