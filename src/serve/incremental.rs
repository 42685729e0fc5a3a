//! The preview's builds, incrementally. The first reads everything; after a batch of saves
//! only the changed files are read again, the site is put together anew, and only the
//! files whose inputs changed are rendered again: every page that shows an edited entry,
//! the listings it moves in or out of, the feeds, the open data and the search index. The
//! outcome is what a full build would write, byte for byte; the random-edit test below
//! holds it to that. Knows nothing of HTTP or of the terminal.

use crate::build;
use crate::content::{self, LoadOptions, Sources};
use crate::diag::Report;
use crate::model::Site;
use crate::output::OutputFile;
use crate::render;
use crate::theme::ThemeFiles;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Files to put in and take out of what is served.
pub(crate) struct Update {
    pub put: Vec<OutputFile>,
    pub remove: Vec<String>,
    /// How many files the site has in all.
    pub total: usize,
}

/// One build's outcome: the update, or why there is none; every diagnostic; and how long
/// each stage took.
pub(crate) struct Outcome {
    pub update: Option<Update>,
    pub report: Report,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build.
pub(crate) struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Stages that ran side by side, each with how long it took, up to now.
    fn overlapping(&mut self, stages: &[(&'static str, Duration)]) {
        self.laps.extend_from_slice(stages);
        self.last = Instant::now();
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// What is served, as the last good build left it.
struct Served {
    /// Output path → fingerprint of the inputs of the file served there.
    prints: HashMap<String, u64>,
    /// The search index's files, which are not jobs of the plan, with a hash of each.
    search_files: HashMap<String, u64>,
}

/// The state kept between builds.
#[derive(Default)]
pub(crate) struct Incremental {
    /// What was read; kept even while the site has errors, so that the next save reads
    /// only what changed.
    sources: Option<Sources>,
    /// The theme's name, files, templates and what loading them said.
    theme: Option<(String, ThemeFiles, Option<tera::Tera>, Report)>,
    served: Option<Served>,
    /// What the last search index was made of.
    search: crate::search::Memo,
    /// The pieces of the whole-site files the last build made.
    pieces: Option<render::Pieces>,
}

impl Incremental {
    /// Builds after the files of `changed` (relative to `root`) changed, or everything when
    /// `changed` is None.
    pub fn build(
        &mut self,
        root: &Path,
        options: &LoadOptions,
        changed: Option<&[String]>,
    ) -> Outcome {
        let mut clock = Clock::start();
        let theme_changed = changed.is_some_and(|c| c.iter().any(|p| p.starts_with("themes/")));
        match (&mut self.sources, changed) {
            (Some(sources), Some(changed)) => sources.reload(root, changed),
            _ => self.sources = Some(Sources::read(root)),
        }
        let sources = self.sources.as_ref().expect("read above");
        clock.lap("read");
        let loaded = content::assemble(sources, options);
        clock.lap("assemble");
        let theme_name = loaded
            .site
            .as_ref()
            .map_or_else(|| "default".to_string(), |s| s.config.theme.clone());
        let stale = match &self.theme {
            Some((name, ..)) => theme_changed || *name != theme_name,
            None => true,
        };
        if stale {
            let mut report = Report::default();
            let theme = crate::theme::load(root, &theme_name, &mut report);
            let tera = render::compile(&theme, &mut report);
            self.theme = Some((theme_name, theme, tera, report));
        }
        let (_, theme, tera, theme_report) = self.theme.as_ref().expect("loaded above");
        let mut report = loaded.report;
        report.extend(theme_report.clone());
        let (Some(site), Some(tera)) = (loaded.site, tera) else {
            return Outcome {
                update: None,
                report,
                timings: clock.laps,
            };
        };
        if report.has_errors() {
            return Outcome {
                update: None,
                report,
                timings: clock.laps,
            };
        }
        let pieces = self.pieces.get_or_insert_with(render::Pieces::kept);
        let rendered = render_changed(
            &site,
            (theme, tera, pieces),
            (self.served.as_ref(), &mut self.search),
            &mut report,
            &mut clock,
        );
        pieces.forget_unused();
        // Freeing 10,000 entries takes a good part of a save's time: done on the side.
        std::thread::spawn(move || drop(site));
        match rendered {
            Some((update, served)) if !report.has_errors() => {
                self.served = Some(served);
                Outcome {
                    update: Some(update),
                    report,
                    timings: clock.laps,
                }
            }
            _ => Outcome {
                update: None,
                report,
                timings: clock.laps,
            },
        }
    }
}

/// Renders the files of `site` whose inputs differ from what `before` served; the search
/// index from what `memo` kept of the last. The pages and the search index are made side
/// by side: neither reads the other.
fn render_changed(
    site: &Site,
    (theme, tera, pieces): (&ThemeFiles, &tera::Tera, &render::Pieces),
    (before, memo): (Option<&Served>, &mut crate::search::Memo),
    report: &mut Report,
    clock: &mut Clock,
) -> Option<(Update, Served)> {
    let (pages, index) = rayon::join(
        || changed_pages(site, (theme, tera, pieces), before, report),
        || changed_index(site, memo, before),
    );
    clock.lap("side by side");
    let mut pages = pages?;
    pages.laps.push(("search", index.took));
    clock.overlapping(&pages.laps);
    let now = pages.prints;
    let mut search_files = index.prints;
    search_files.extend(pages.finder);
    let mut put = pages.put;
    put.extend(index.put);
    // Most saves remove nothing: then every path served before is still there.
    let kept = pages.kept + index.kept;
    let mut remove: Vec<String> = Vec::new();
    if let Some(b) = before.filter(|b| kept < b.prints.len() + b.search_files.len()) {
        let gone = |path: &&String| !now.contains_key(*path) && !search_files.contains_key(*path);
        remove.extend(b.prints.keys().filter(gone).cloned());
        remove.extend(b.search_files.keys().filter(gone).cloned());
        remove.sort();
        remove.dedup();
    }
    let total = now.len() + search_files.len();
    Some((
        Update { put, remove, total },
        Served {
            prints: now,
            search_files,
        },
    ))
}

/// The pages' side: what the search and finder pages are told, the plan, and the pages
/// (and the finder's files) whose fingerprint differs from what `before` served.
struct Pages {
    put: Vec<OutputFile>,
    prints: HashMap<String, u64>,
    /// The finder's files, served with the search index's.
    finder: HashMap<String, u64>,
    /// How many of these paths were served before.
    kept: usize,
    laps: Vec<(&'static str, Duration)>,
}

fn changed_pages(
    site: &Site,
    (theme, tera, pieces): (&ThemeFiles, &tera::Tera, &render::Pieces),
    before: Option<&Served>,
    report: &mut Report,
) -> Option<Pages> {
    let mut laps = Clock::start();
    let (extras, finder) = build::extras(site, pieces);
    laps.lap("extras");
    let plan = render::plan(site, tera, theme, &extras, pieces, report);
    laps.lap("plan");
    if report.has_errors() {
        return None;
    }
    let prints: HashMap<String, u64> = plan.fingerprints().into_iter().collect();
    let was = |path: &str| before.and_then(|b| b.prints.get(path));
    let kept = prints.keys().filter(|p| was(p).is_some()).count();
    let wanted: HashSet<&str> = (prints.iter())
        .filter(|(path, print)| was(path) != Some(*print))
        .map(|(path, _)| path.as_str())
        .collect();
    laps.lap("compare");
    let collected = Mutex::new(Vec::new());
    let sink = |file: OutputFile| {
        collected
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .push(file);
        Ok(())
    };
    plan.render(&|path| wanted.contains(path), report, &sink);
    let mut put = collected.into_inner().unwrap_or_default();
    let mut finder_prints = HashMap::new();
    let mut finder_kept = 0;
    for file in finder {
        let print = crate::fingerprint::of_bytes(&file.bytes);
        let was = served(before, &file.path);
        finder_kept += usize::from(was.is_some());
        finder_prints.insert(file.path.clone(), print);
        if was != Some(&print) {
            put.push(file);
        }
    }
    laps.lap("render");
    Some(Pages {
        put,
        prints,
        finder: finder_prints,
        kept: kept + finder_kept,
        laps: laps.laps,
    })
}

/// The search index's side: made again after every save, and of its files only those made
/// of something else than what `before` served are made and put.
struct Index {
    put: Vec<OutputFile>,
    prints: HashMap<String, u64>,
    /// How many of these paths were served before.
    kept: usize,
    took: Duration,
}

fn changed_index(site: &Site, memo: &mut crate::search::Memo, before: Option<&Served>) -> Index {
    let started = Instant::now();
    let have = |path: &str, print: u64| served(before, path) == Some(&print);
    let files = crate::search::index_files_again(site, memo, Some(&have));
    let mut put = Vec::new();
    let mut prints = HashMap::new();
    let mut kept = 0;
    for file in files {
        kept += usize::from(served(before, &file.path).is_some());
        prints.insert(file.path.clone(), file.print);
        // Files not made are what is served; of those made, some (the readings, made
        // before their fingerprint was known) may be too.
        if let (Some(bytes), false) = (file.bytes, have(&file.path, file.print)) {
            put.push(OutputFile {
                path: file.path,
                bytes,
            });
        }
    }
    Index {
        put,
        prints,
        kept,
        took: started.elapsed(),
    }
}

/// The fingerprint of the search (or finder) file served at `path`.
fn served<'b>(before: Option<&'b Served>, path: &str) -> Option<&'b u64> {
    before.and_then(|b| b.search_files.get(path))
}

#[cfg(test)]
mod tests;
