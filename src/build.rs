//! One build, stage by stage: load → validate → model → render → write, each timed.

use crate::content::{self, LoadOptions};
use crate::diag::Report;
use crate::model::Site;
use crate::render::{self, OutputFile, Sink};
use crate::theme;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a build did: the model if it loaded, every diagnostic, and how long each stage took.
pub struct Built {
    pub site: Option<Site>,
    /// True when every file was rendered and handed to the sink without error.
    pub ok: bool,
    pub files: usize,
    pub report: Report,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, checks and renders the site under `root`, handing each file to `sink`.
/// Nothing is emitted unless the content loaded without errors.
pub fn build_site(root: &Path, options: &LoadOptions, sink: Sink) -> Built {
    let mut timings = Vec::new();
    let started = Instant::now();
    let loaded = content::load(root, options);
    let mut report = loaded.report;
    timings.push(("load", started.elapsed()));

    let theme_name = loaded
        .site
        .as_ref()
        .map(|s| s.config.theme.clone())
        .unwrap_or_else(|| "default".into());
    let started = Instant::now();
    let theme = theme::load(root, &theme_name, &mut report);
    let tera = render::compile(&theme, &mut report);
    timings.push(("theme", started.elapsed()));

    let site = loaded.site;
    let (Some(model), Some(tera)) = (&site, tera) else {
        return Built {
            site,
            ok: false,
            files: 0,
            report,
            timings,
        };
    };
    if report.has_errors() {
        return Built {
            site,
            ok: false,
            files: 0,
            report,
            timings,
        };
    }
    let started = Instant::now();
    let files = render::render(model, &tera, &theme, &mut report, sink);
    timings.push(("render+write", started.elapsed()));
    let ok = !report.has_errors();
    Built {
        site,
        ok,
        files,
        report,
        timings,
    }
}

/// What a build produced in memory, for the preview server.
pub struct Rendered {
    pub site: Option<Site>,
    pub files: Option<Vec<OutputFile>>,
    pub report: Report,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, checks and renders the site under `root` into memory. Writes nothing.
pub fn render_site(root: &Path, options: &LoadOptions) -> Rendered {
    let collected = Mutex::new(Vec::new());
    let sink = |file: OutputFile| {
        collected
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .push(file);
        Ok(())
    };
    let built = build_site(root, options, &sink);
    let mut files = collected.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Rendered {
        site: built.site,
        files: built.ok.then_some(files),
        report: built.report,
        timings: built.timings,
    }
}
