//! The only reader of content: walks a site root, parses every file in parallel
//! (`sources`), checks every reference across files and makes the model (`assemble`), or
//! returns every problem found.

mod assemble;
mod checkup;
pub mod config;
pub mod entries;
pub mod fields;
mod frontmatter;
pub mod sources;
pub mod spec;
mod spotcheck;
mod vocab;
pub mod yaml;
pub(crate) mod yaml_errors;

use crate::diag::{Place, Report};
use crate::model::{Config, Date, Site};
use crate::site_fs::Refusal;
pub use sources::Sources;
use std::path::Path;

/// Options that change what is loaded, from the command line.
pub struct LoadOptions {
    pub today: Date,
    pub base_url: Option<(String, String)>,
}

/// The outcome of loading: the site if there were no errors, and every diagnostic.
pub struct Loaded {
    pub site: Option<Site>,
    pub report: Report,
    /// Every link and address the content writes (Markdown links and images, partner
    /// websites, site.yaml's `feedback`), with where, for `check --external`.
    pub links: Vec<(String, Place)>,
}

/// Reads `content/site.yaml` alone, for the tools that need only the vocabularies.
pub fn load_config(root: &Path, report: &mut Report) -> Option<Config> {
    sources::load_config_from(root, report)
}

/// Reads and checks the whole site under `root`.
pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
    let (config, report, yields, statics) = Sources::read(root).into_parts();
    let yields: Vec<&sources::FileYield> = yields.iter().collect();
    assemble::assemble(config, &yields, statics, report, options)
}

/// Puts together a site from what was read before (the preview server keeps `sources` and
/// reads again only the files that changed).
pub fn assemble(sources: &Sources, options: &LoadOptions) -> Loaded {
    assemble::assemble(
        sources.config.clone(),
        &sources.yields(),
        sources.statics(),
        sources.reading_report(),
        options,
    )
}

/// Reports a path that was not read, at the path (or the link on the way to it).
pub(crate) fn refused(rel: &str, refusal: Refusal, report: &mut Report) {
    match refusal {
        Refusal::Link(link) => report.error(Place::file(&link), tr!("fs-link")),
        Refusal::Special => report.error(Place::file(rel), tr!("fs-special")),
        Refusal::Missing => report.error(Place::file(rel), tr!("fs-missing")),
        Refusal::Io(e) => report.error(
            Place::file(rel),
            tr!("fs-cannot-read", reason = e.to_string()),
        ),
    }
}
