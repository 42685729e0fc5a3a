//! One build, stage by stage: load → validate → model → render → write, each timed.

use crate::content::{self, LoadOptions};
use crate::diag::Report;
use crate::model::Site;
use crate::render::{self, OutputFile};
use crate::theme;
use std::path::Path;
use std::time::{Duration, Instant};

/// What a build produced in memory, before anything is written.
pub struct Rendered {
    pub site: Option<Site>,
    pub files: Option<Vec<OutputFile>>,
    pub report: Report,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, checks and renders the site under `root`. Writes nothing.
pub fn render_site(root: &Path, options: &LoadOptions) -> Rendered {
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

    let (Some(site), Some(tera)) = (loaded.site, tera) else {
        return Rendered { site: None, files: None, report, timings };
    };
    if report.has_errors() {
        return Rendered { site: Some(site), files: None, report, timings };
    }
    let started = Instant::now();
    let files = render::render(&site, &tera, &theme, &mut report);
    timings.push(("render", started.elapsed()));
    let files = (!report.has_errors()).then_some(files);
    Rendered { site: Some(site), files, report, timings }
}
