//! The one composer: load → validate → model (`content`), then the theme, the pages
//! (`render`) and the search index (`search`), whose files go to one sink (`output`, the
//! preview server's memory, or nowhere for `check`). Each stage is timed.

use crate::content::{self, LoadOptions};
use crate::diag::{Place, Report};
use crate::model::Site;
use crate::output::Sink;
use crate::render::{self, Extras};
use crate::theme::{self, ThemeFiles};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a build did: the model if it loaded, every diagnostic, and how long each stage took.
pub struct Built {
    pub site: Option<Site>,
    /// True when every file was rendered and handed to the sink without error.
    pub ok: bool,
    pub files: usize,
    pub report: Report,
    pub timings: Vec<(&'static str, Duration)>,
    /// Every link the content writes, with where (see `content::Loaded`).
    pub links: Vec<(String, Place)>,
}

/// What the search and finder pages are told about the index, and the finder's files
/// (made once: the finder page's stamp is their hash).
pub fn extras(
    site: &Site,
    pieces: &crate::pieces::Pieces,
) -> (Extras, Vec<crate::output::OutputFile>) {
    let finder_files = crate::search::finder_files(site, pieces);
    let finder = crate::search::finder_page(site, &finder_files);
    let extras = Extras {
        search: serde_json::to_value(crate::search::search_page(site)).unwrap_or_default(),
        finder: serde_json::to_value(finder).unwrap_or_default(),
    };
    (extras, finder_files)
}

/// The theme of `site` (or the default one) and its compiled templates.
pub fn theme_of(
    root: &Path,
    site: Option<&Site>,
    report: &mut Report,
) -> (ThemeFiles, Option<tera::Tera>) {
    let name = site.map_or("default", |s| s.config.theme.as_str());
    let theme = theme::load(root, name, report);
    let tera = render::compile(&theme, report);
    (theme, tera)
}

/// Renders the pages and the search index of a loaded site into `sink`; returns how many
/// files were emitted.
pub fn emit(
    site: &Site,
    tera: &tera::Tera,
    theme: &ThemeFiles,
    report: &mut Report,
    sink: Sink,
    timings: &mut Vec<(&'static str, Duration)>,
) -> usize {
    let started = Instant::now();
    let (extras, finder) = extras(site, &crate::pieces::Pieces::default());
    // The search index is made while the pages are: on a disk, the threads that write
    // pages wait on it, and the index's merge is sequential.
    let ((files, rendering), (index, indexing)) = rayon::join(
        || {
            let files = render::render(site, tera, theme, &extras, report, sink);
            (files, started.elapsed())
        },
        || {
            let started = Instant::now();
            (
                crate::search::index_files_once(site, finder),
                started.elapsed(),
            )
        },
    );
    timings.push(("render+write", rendering));
    if report.has_errors() {
        return files;
    }
    let started = Instant::now();
    let mut written = 0;
    for file in index {
        let path = file.path.clone();
        match sink(file) {
            Ok(()) => written += 1,
            Err(e) => report.error(
                crate::diag::Place::file(&path),
                tr!("render-cannot-write", reason = e.to_string()),
            ),
        }
    }
    timings.push(("search", indexing + started.elapsed()));
    let index = written;
    files + index
}

/// Loads, checks and renders the site under `root`, handing each file to `sink`.
/// Nothing is emitted unless the content loaded without errors.
pub fn build_site(root: &Path, options: &LoadOptions, sink: Sink) -> Built {
    let mut timings = Vec::new();
    let started = Instant::now();
    let loaded = content::load(root, options);
    let mut report = loaded.report;
    timings.push(("load", started.elapsed()));

    let started = Instant::now();
    let (theme, tera) = theme_of(root, loaded.site.as_ref(), &mut report);
    timings.push(("theme", started.elapsed()));

    let site = loaded.site;
    let links = loaded.links;
    let (Some(model), Some(tera)) = (&site, tera) else {
        return Built {
            site,
            ok: false,
            files: 0,
            report,
            timings,
            links,
        };
    };
    if report.has_errors() {
        return Built {
            site,
            ok: false,
            files: 0,
            report,
            timings,
            links,
        };
    }
    let files = emit(model, &tera, &theme, &mut report, sink, &mut timings);
    let ok = !report.has_errors();
    Built {
        site,
        ok,
        files,
        report,
        timings,
        links,
    }
}

/// Loads, checks and renders the site under `root` into memory, sorted by path; None when
/// the site has errors. Writes nothing.
#[cfg(test)]
pub fn render_site(root: &Path, options: &LoadOptions) -> Option<Vec<crate::output::OutputFile>> {
    let collected = std::sync::Mutex::new(Vec::new());
    let sink = |file: crate::output::OutputFile| {
        collected
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .push(file);
        Ok(())
    };
    let built = build_site(root, options, &sink);
    let mut files = collected.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    built.ok.then_some(files)
}
