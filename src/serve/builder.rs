//! Rebuilds for the preview: batches of saves taken together, each built incrementally
//! (`incremental`), the changed files swapped into what is served in one step, open pages
//! told to reload. A failed build leaves the last good site up with its errors over it.
//! Knows nothing of HTTP.

use super::incremental::{Incremental, Outcome};
use super::snapshot::{Bytes, Problems, Snapshot};
use super::watch::Batch;
use super::Shared;
use crate::content::LoadOptions;
use crate::diag::Report;
use crate::model::Date;
use crate::output::OutputFile;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

/// How many diagnostics a rebuild prints in the terminal.
const SHOWN: usize = 30;

pub(crate) enum Msg {
    Changed(Batch),
    Stop,
}

pub(crate) struct Builder {
    root: PathBuf,
    today: Date,
    base_url: (String, String),
    shared: Arc<Shared>,
    /// Rebuilds run on a pool of their own, at a lower priority than requests.
    pool: Arc<rayon::ThreadPool>,
    engine: Incremental,
    /// Batches received; all are built once `built` reaches it.
    seen: u64,
    /// What was last printed, so that an unchanged list of warnings is not repeated.
    printed: Vec<String>,
}

impl Builder {
    pub fn new(
        root: PathBuf,
        today: Date,
        base_url: (String, String),
        shared: Arc<Shared>,
    ) -> Result<Builder, String> {
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("youdai-build-{i}"))
            .start_handler(|_| yield_to_the_editor())
            .build()
            .map_err(|e| tr!("serve-cannot-start-builds", reason = e.to_string()))?;
        Ok(Builder {
            root,
            today,
            base_url,
            shared,
            pool: Arc::new(pool),
            engine: Incremental::default(),
            seen: 0,
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
        self.build(None);
    }

    /// Handles batches until told to stop. Batches that arrive during a rebuild are
    /// taken together by the next one.
    pub fn run(mut self, rx: Receiver<Msg>) {
        while let Ok(msg) = rx.recv() {
            let Msg::Changed(first) = msg else { break };
            let mut batch = first;
            let mut stop = false;
            while let Ok(more) = rx.try_recv() {
                match more {
                    Msg::Changed(b) => {
                        self.count(&batch);
                        batch.paths.extend(b.paths);
                        batch.entries.extend(b.entries);
                        batch.full |= b.full;
                    }
                    Msg::Stop => stop = true,
                }
            }
            self.count(&batch);
            self.build(Some(batch));
            if stop {
                break;
            }
        }
    }

    /// Counts a batch as seen and says what changed.
    fn count(&mut self, batch: &Batch) {
        self.seen += 1;
        let seen = self.seen;
        self.shared.update(|s| {
            s.changes = seen;
            s.building = true;
        });
        let names: Vec<&str> = batch.paths.iter().map(String::as_str).take(3).collect();
        let more = batch.paths.len().saturating_sub(names.len());
        let names = crate::diag::one_line(&names.join(", "));
        if more > 0 {
            outln!("{}", tr!("serve-changed-more", names = names, more = more));
        } else {
            outln!("{}", tr!("serve-changed", names = names));
        }
    }

    /// Builds after `batch` (everything when None) and publishes the outcome.
    fn build(&mut self, batch: Option<Batch>) {
        let started = Instant::now();
        let changed: Option<Vec<String>> =
            batch.as_ref().map(|b| b.paths.iter().cloned().collect());
        let (root, options, pool) = (self.root.clone(), self.options(), self.pool.clone());
        let engine = &mut self.engine;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pool.install(|| engine.build(&root, &options, changed.as_deref()))
        }));
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                // Start afresh next time: the state may be half updated.
                self.engine = Incremental::default();
                let mut report = Report::default();
                report.error(
                    crate::diag::Place::file("content/site.yaml"),
                    tr!("serve-build-panicked", reason = why),
                );
                Outcome {
                    update: None,
                    report,
                    timings: Vec::new(),
                }
            }
        };
        self.publish(outcome, started, batch.is_none());
    }

    fn publish(&mut self, outcome: Outcome, started: Instant, first: bool) {
        let current = self.shared.current.get();
        let seen = self.seen;
        let took = started.elapsed();
        let lines = lines(&outcome.report);
        match outcome.update {
            Some(update) => {
                self.print_diagnostics(&lines);
                let changed = update.put.len() + update.remove.len();
                let next = current.updated(update.put, &update.remove);
                if first {
                    outln!(
                        "{}",
                        tr!(
                            "serve-built",
                            files = update.total,
                            seconds = format!("{:.2}", took.as_secs_f64())
                        )
                    );
                } else {
                    let stages: Vec<String> = outcome
                        .timings
                        .iter()
                        .map(|(stage, d)| format!("{stage} {:.0}", d.as_secs_f64() * 1000.0))
                        .collect();
                    outln!(
                        "{}",
                        tr!(
                            "serve-rebuilt",
                            files = changed,
                            ms = format!("{:.0}", took.as_secs_f64() * 1000.0),
                            stages = stages.join(", ")
                        )
                    );
                }
                self.shared.current.set(next);
                self.shared.update(|s| {
                    s.built = seen;
                    s.building = false;
                    s.errors = 0;
                    s.files = update.total;
                });
            }
            None => {
                let mut lines = lines;
                if lines.is_empty() {
                    lines.push(format!("error: {}", tr!("serve-failed-silently")));
                }
                self.print_diagnostics(&lines);
                let errors = outcome.report.error_count().max(1);
                let shown = if current.has_site() {
                    tr!("serve-errors-over-site", count = errors)
                } else {
                    tr!("serve-errors-until-fixed", count = errors)
                };
                errln!("  {shown}");
                self.shared.current.set(Snapshot {
                    files: current.files.clone(),
                    problems: Some(Problems { lines, errors }),
                });
                self.shared.update(|s| {
                    s.built = seen;
                    s.building = false;
                    s.errors = errors;
                });
            }
        }
        self.shared.hub.published();
    }

    /// Prints the diagnostics when they changed: at most [`SHOWN`] of them, as a site of
    /// thousands of entries can have thousands of warnings, which `youdai check` lists.
    fn print_diagnostics(&mut self, lines: &[String]) {
        if lines != self.printed.as_slice() {
            for line in lines.iter().take(SHOWN) {
                errln!("{line}");
            }
            if lines.len() > SHOWN {
                errln!(
                    "  {}",
                    tr!("serve-more-diagnostics", count = lines.len() - SHOWN)
                );
            }
            self.printed = lines.to_vec();
        }
    }
}

/// The diagnostics of `report`, each line as `youdai check` prints it.
fn lines(report: &Report) -> Vec<String> {
    report
        .clone()
        .into_sorted()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Rebuilds run at a lower priority than requests, which are what the editor is waiting
/// for.
fn yield_to_the_editor() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread; a failure leaves the priority as is.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS as _, libc::gettid() as libc::id_t, 10);
    }
}

impl Snapshot {
    /// This snapshot with `put` in and `remove` out; its problems cleared.
    pub fn updated(&self, put: Vec<OutputFile>, remove: &[String]) -> Snapshot {
        let mut files = self.files.clone();
        for path in remove {
            files.remove(path);
        }
        for f in put {
            let bytes: Bytes = Arc::new(f.bytes);
            files.insert(f.path, bytes);
        }
        Snapshot {
            files,
            problems: None,
        }
    }
}
