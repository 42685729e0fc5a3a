//! Rebuilds for the preview. After every batch of saves, a full in-memory build from disk on
//! a thread pool of its own; before it, for edited entries, their own pages at once. A
//! failed build leaves the last good site up with its errors over it. Publishes snapshots
//! and tells the reload hub; knows nothing of HTTP.

use super::snapshot::{Bytes, Problems, Snapshot};
use super::watch::Batch;
use super::Shared;
use crate::build::{render_entry_pages, render_site, Rendered};
use crate::content::LoadOptions;
use crate::model::{Date, Site};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub(crate) enum Msg {
    Changed(Batch),
    Built(Box<Finished>),
    Stop,
}

/// A full build's outcome; `started` is the number of batches it had seen.
pub(crate) struct Finished {
    started: u64,
    outcome: Result<Rendered, String>,
    took: Duration,
}

pub(crate) struct Builder {
    root: PathBuf,
    today: Date,
    base_url: (String, String),
    shared: Arc<Shared>,
    tx: Sender<Msg>,
    /// Full builds run here, so that their work never queues ahead of an early page,
    /// which renders on rayon's global pool.
    pool: Arc<rayon::ThreadPool>,
    /// Where `render_entry_pages` lays out the files it loads; removed on exit.
    scratch: tempfile::TempDir,
    /// Batches received. A full build that starts after batch n shows every save up to n.
    seen: u64,
    running: Option<u64>,
    /// The model of the last good full build, which early pages are rendered against.
    site: Option<Site>,
    /// Pages shown early, by batch, until a full build that started after them lands.
    early: Vec<(u64, Vec<(String, Bytes)>)>,
    /// What was last printed, so that an unchanged list of warnings is not repeated.
    printed: Vec<String>,
}

impl Builder {
    pub fn new(
        root: PathBuf,
        today: Date,
        base_url: (String, String),
        shared: Arc<Shared>,
        tx: Sender<Msg>,
    ) -> Result<Builder, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("youdai-build-{i}"))
            .start_handler(|_| yield_to_the_editor())
            .build()
            .map_err(|e| format!("cannot start the build threads: {e}"))?;
        let scratch = tempfile::Builder::new()
            .prefix("youdai-serve-")
            .tempdir()
            .map_err(|e| format!("cannot create a temporary folder: {e}"))?;
        Ok(Builder {
            root,
            today,
            base_url,
            shared,
            tx,
            pool: Arc::new(pool),
            scratch,
            seen: 0,
            running: None,
            site: None,
            early: Vec::new(),
            printed: Vec::new(),
        })
    }

    fn options(&self) -> LoadOptions {
        LoadOptions {
            today: self.today,
            base_url: Some(self.base_url.clone()),
        }
    }

    /// The first build, before the address is printed.
    pub fn first(&mut self) {
        let finished = full_build(&self.pool, &self.root, self.options(), 0);
        self.land(finished);
    }

    /// Handles batches and finished builds until told to stop.
    pub fn run(mut self, rx: Receiver<Msg>) {
        while let Ok(msg) = rx.recv() {
            match msg {
                Msg::Changed(batch) => self.changed(batch),
                Msg::Built(finished) => {
                    let started = finished.started;
                    self.running = None;
                    self.land(*finished);
                    if self.seen > started {
                        self.start_full();
                    }
                }
                Msg::Stop => break,
            }
        }
    }

    fn changed(&mut self, batch: Batch) {
        self.seen += 1;
        let mut names: Vec<&str> = batch.paths.iter().map(String::as_str).take(3).collect();
        let more = batch.paths.len().saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        if names.is_empty() {
            names.push("?");
        }
        outln!("changed {}{more}", crate::diag::one_line(&names.join(", ")));
        if !batch.full && !batch.entries.is_empty() {
            self.show_early(&batch);
        }
        self.shared.update(|s| s.changes = self.seen);
        self.start_full();
    }

    /// Renders the edited entries' own pages and serves them before the full build lands.
    /// Only from a good site: while there are errors, only a full build can clear them.
    fn show_early(&mut self, batch: &Batch) {
        let current = self.shared.current.get();
        let Some(site) = &self.site else { return };
        if current.problems.is_some() {
            return;
        }
        let started = Instant::now();
        let changed: Vec<String> = batch.entries.iter().cloned().collect();
        let options = self.options();
        let rendered = catch_unwind(AssertUnwindSafe(|| {
            render_entry_pages(&self.root, self.scratch.path(), &changed, site, &options)
        }));
        let Ok(Some(pages)) = rendered else { return };
        let pages: Vec<(String, Bytes)> = pages
            .into_iter()
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        if let Some(next) = current.with_pages(&pages) {
            let updated = pages
                .iter()
                .filter(|(p, b)| current.files.get(p) != Some(b))
                .count();
            self.shared.current.set(next);
            self.shared.hub.published();
            let s = if updated == 1 { "" } else { "s" };
            outln!(
                "  showing {updated} edited page{s} after {:.0} ms; rebuilding the rest",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.early.push((self.seen, pages));
    }

    fn start_full(&mut self) {
        if self.running.is_some() {
            // It lands, sees newer batches and starts again.
            return;
        }
        let started = self.seen;
        self.running = Some(started);
        self.shared.update(|s| s.building = true);
        let (pool, root, options, tx) = (
            self.pool.clone(),
            self.root.clone(),
            self.options(),
            self.tx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("youdai-build".into())
            .spawn(move || {
                let _ = tx.send(Msg::Built(Box::new(full_build(
                    &pool, &root, options, started,
                ))));
            });
        if let Err(e) = spawned {
            errln!("error: cannot start a build: {e}");
            self.running = None;
        }
    }

    fn land(&mut self, finished: Finished) {
        let Finished {
            started,
            outcome,
            took,
        } = finished;
        let current = self.shared.current.get();
        let (mut lines, errors, files, site, stages) = match outcome {
            Ok(rendered) => {
                let errors = rendered.report.error_count();
                let lines: Vec<String> = rendered
                    .report
                    .into_sorted()
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                let stages: Vec<String> = rendered
                    .timings
                    .iter()
                    .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1000.0))
                    .collect();
                (
                    lines,
                    errors,
                    rendered.files,
                    rendered.site,
                    stages.join(", "),
                )
            }
            Err(panic) => (
                vec![format!("error: the build stopped unexpectedly: {panic}")],
                1,
                None,
                None,
                String::new(),
            ),
        };
        match files {
            Some(files) => {
                let count = files.len();
                let mut next = Snapshot::from_build(files);
                self.early.retain(|(batch, _)| *batch > started);
                for (path, bytes) in self.early.iter().flat_map(|(_, pages)| pages) {
                    next.files.insert(path.clone(), bytes.clone());
                }
                self.site = site;
                self.print_diagnostics(&lines);
                let verb = if started == 0 { "built" } else { "  rebuilt" };
                outln!(
                    "{verb} {count} files in {:.2} s [{stages}]",
                    took.as_secs_f64()
                );
                self.shared.current.set(next);
                self.shared.update(|s| {
                    s.built = started;
                    s.building = false;
                    s.errors = 0;
                    s.files = count;
                });
            }
            None => {
                if lines.is_empty() {
                    lines.push("error: the build failed without saying why".into());
                }
                self.print_diagnostics(&lines);
                let s = if errors == 1 { "" } else { "s" };
                let shown = if current.has_site() {
                    "over the last good site"
                } else {
                    "until they are fixed"
                };
                errln!("  {errors} error{s}; the browser shows them {shown}");
                self.shared.current.set(Snapshot {
                    files: current.files.clone(),
                    problems: Some(Problems {
                        lines,
                        errors: errors.max(1),
                    }),
                });
                self.shared.update(|s| {
                    s.built = started;
                    s.building = false;
                    s.errors = errors.max(1);
                });
            }
        }
        self.shared.hub.published();
    }

    fn print_diagnostics(&mut self, lines: &[String]) {
        if lines != self.printed.as_slice() {
            for line in lines {
                errln!("{line}");
            }
            self.printed = lines.to_vec();
        }
    }
}

/// Full builds run at a lower priority than early pages and requests, which are what the
/// editor is waiting for (on two cores, a save during a 10,000-entry build then showed in
/// 65 ms median instead of 91).
fn yield_to_the_editor() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread; a failure leaves the priority as is.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS as _, libc::gettid() as libc::id_t, 10);
    }
}

/// One full build from disk; a panic in it is reported like an error, not a crash.
fn full_build(
    pool: &rayon::ThreadPool,
    root: &std::path::Path,
    options: LoadOptions,
    started: u64,
) -> Finished {
    let clock = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pool.install(|| render_site(root, &options))
    }))
    .map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into())
    });
    Finished {
        started,
        outcome,
        took: clock.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use crate::build::{render_entry_pages, render_site};
    use crate::content::LoadOptions;
    use crate::model::Date;
    use std::path::Path;

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry.path().strip_prefix(from).unwrap();
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
            } else {
                std::fs::copy(entry.path(), to.join(rel)).unwrap();
            }
        }
    }

    /// The promise `render_entry_pages` makes: an early page is the page the full build
    /// of the edited site makes, byte for byte, for every kind of entry file; and an
    /// unedited entry is not rendered again.
    #[test]
    fn early_pages_are_the_full_builds_pages() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
        let options = || LoadOptions {
            today: Date::parse("2025-06-01").unwrap(),
            base_url: Some(("http://127.0.0.1:8000/".into(), "/".into())),
        };
        let edits = [
            (
                "content/benefits/list.yaml",
                "title: 西县公园免票",
                "title: 西县公园全年免票",
            ),
            (
                "content/benefits/water-discount.md",
                "减免部分",
                "减免的部分",
            ),
            (
                "content/partners/partners.yaml",
                "name: 老兵便利店",
                "name: 老兵之家便利店",
            ),
            ("content/notices/2025-05-20-latest.md", "见附件", "请见附件"),
            (
                "content/pages/about.md",
                "title: 关于本站",
                "title: 关于我们",
            ),
        ];
        for (file, from, to) in edits {
            let dir = tempfile::tempdir().unwrap();
            let (root, scratch) = (dir.path().join("site"), dir.path().join("scratch"));
            copy(&fixture, &root);
            let before = render_site(&root, &options())
                .site
                .expect("the fixture loads");
            let text = std::fs::read_to_string(root.join(file)).unwrap();
            assert!(text.contains(from), "{file}");
            std::fs::write(root.join(file), text.replacen(from, to, 1)).unwrap();
            let after = render_site(&root, &options())
                .files
                .expect("the edited fixture builds");

            let early =
                render_entry_pages(&root, &scratch, &[file.to_string()], &before, &options())
                    .unwrap_or_else(|| panic!("{file} renders on its own"));
            assert_eq!(
                early.len(),
                1,
                "{file}: the edited entry's page and no other"
            );
            for page in early {
                let built = after
                    .iter()
                    .find(|f| f.path == page.path)
                    .expect("a page of the full build");
                assert!(
                    built.bytes == page.bytes,
                    "{file}: {} differs from the full build",
                    page.path
                );
            }
            let unchanged = ["content/benefits/single.yaml".to_string()];
            let again = render_entry_pages(&root, &scratch, &unchanged, &before, &options());
            assert_eq!(
                again.map(|p| p.len()),
                Some(0),
                "an unedited file renders nothing"
            );
        }
    }
}
