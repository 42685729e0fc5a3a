//! Reading the content, file by file: `site.yaml`, every entry file (parsed in parallel)
//! and every static file. What was read is kept per file, so that the preview server can
//! read again only the files that changed and put the site together anew.

use super::entries::{Body, Reader, Sightings};
use super::{config, frontmatter, refused, yaml};
use crate::diag::{Place, Report};
use crate::model::{Benefit, Config, Notice, Page, Partner, StaticFile};
use crate::site_fs::{self, Refusal};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What one content file gave.
#[derive(Default, Clone)]
pub struct FileYield {
    pub report: Report,
    pub seen: Sightings,
    pub benefits: Vec<Arc<Benefit>>,
    pub partners: Vec<Arc<Partner>>,
    pub notices: Vec<Arc<Notice>>,
    pub pages: Vec<Arc<Page>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Benefits,
    Partners,
    Notices,
    Pages,
}

pub const SITE_FILE: &str = "content/site.yaml";
const STATIC_DIR: &str = "content/static";

/// Everything read from a site root, by file.
#[derive(Clone, Default)]
pub struct Sources {
    pub config: Option<Config>,
    /// What reading site.yaml said.
    config_report: Report,
    /// Entry files by path, in path order.
    files: BTreeMap<String, FileYield>,
    /// Static files by path under content/static/.
    statics: BTreeMap<String, Vec<u8>>,
    /// What walking the folders said: links, ignored files, unreadable statics.
    walk_report: Report,
}

impl Sources {
    /// Reads every file of the site under `root`.
    pub fn read(root: &Path) -> Sources {
        let mut sources = Sources::default();
        sources.read_config(root);
        sources.refresh(root, &|_| true);
        sources
    }

    /// Reads again the files of `changed` (paths relative to the root) and whatever was
    /// added or removed since: the folders are walked again, which is cheap, and only new
    /// or changed files are read.
    pub fn reload(&mut self, root: &Path, changed: &[String]) {
        if changed.iter().any(|p| p == SITE_FILE) {
            self.read_config(root);
        }
        self.refresh(root, &|rel| changed.iter().any(|c| c == rel));
    }

    fn read_config(&mut self, root: &Path) {
        let mut report = Report::default();
        self.config = load_config_from(root, &mut report);
        self.config_report = report;
    }

    /// Walks the content folders; reads the files that are new or that `stale` names.
    fn refresh(&mut self, root: &Path, stale: &(dyn Fn(&str) -> bool + Sync)) {
        let mut walk_report = Report::default();
        let listed = content_files(root, &mut walk_report);
        let mut files = std::mem::take(&mut self.files);
        let fresh: Vec<(String, FileYield)> = listed
            .par_iter()
            .filter(|(_, rel)| stale(rel) || !files.contains_key(rel))
            .map(|(section, rel)| (rel.clone(), read_entry_file(root, *section, rel)))
            .collect();
        let mut kept: BTreeMap<String, FileYield> = listed
            .iter()
            .filter_map(|(_, rel)| files.remove_entry(rel))
            .collect();
        kept.extend(fresh);
        self.files = kept;

        let mut statics = std::mem::take(&mut self.statics);
        let mut fresh = BTreeMap::new();
        for rel in walk(root, Path::new(STATIC_DIR), &mut walk_report) {
            let path = rel[STATIC_DIR.len() + 1..].to_string();
            match statics.remove(&path) {
                Some(bytes) if !stale(&rel) => {
                    fresh.insert(path, bytes);
                }
                _ => match site_fs::read(root, Path::new(&rel)) {
                    Ok(bytes) => {
                        fresh.insert(path, bytes);
                    }
                    Err(refusal) => refused(&rel, refusal, &mut walk_report),
                },
            }
        }
        self.statics = fresh;
        self.walk_report = walk_report;
    }

    /// The static files, by path relative to the output.
    pub fn statics(&self) -> Vec<StaticFile> {
        self.statics
            .iter()
            .map(|(path, bytes)| StaticFile {
                path: path.clone(),
                bytes: bytes.clone(),
            })
            .collect()
    }

    /// What reading site.yaml and walking the folders said.
    pub fn reading_report(&self) -> Report {
        let mut report = self.config_report.clone();
        report.extend(self.walk_report.clone());
        report
    }

    /// What each entry file gave, in path order.
    pub fn yields(&self) -> Vec<&FileYield> {
        self.files.values().collect()
    }

    /// The same, taken apart, for a build that needs them only once.
    pub fn into_parts(self) -> (Option<Config>, Report, Vec<FileYield>, Vec<StaticFile>) {
        let mut report = self.config_report;
        report.extend(self.walk_report);
        let statics = self
            .statics
            .into_iter()
            .map(|(path, bytes)| StaticFile { path, bytes })
            .collect();
        (
            self.config,
            report,
            self.files.into_values().collect(),
            statics,
        )
    }
}

/// Reads `content/site.yaml`.
pub fn load_config_from(root: &Path, report: &mut Report) -> Option<Config> {
    match read_text(root, SITE_FILE, report) {
        Some(text) => match yaml::parse(&text, 0) {
            Ok(node) => config::load(node.as_ref(), SITE_FILE, report),
            Err(e) => {
                report.error(Place::new(SITE_FILE, e.pos.line, e.pos.col), e.message);
                None
            }
        },
        None => None,
    }
}

/// Reads a UTF-8 text file below `root`, reporting a missing, linked or unreadable one at
/// its path.
fn read_text(root: &Path, rel: &str, report: &mut Report) -> Option<String> {
    match site_fs::read(root, Path::new(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                Some(text.replace("\r\n", "\n"))
            }
            Err(e) => {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                report.error(Place::new(rel, line, 1), tr!("file-not-utf8"));
                None
            }
        },
        Err(Refusal::Missing) => {
            report.error(Place::file(rel), tr!("file-missing-required", file = rel));
            None
        }
        Err(refusal) => {
            refused(rel, refusal, report);
            None
        }
    }
}

/// Every entry file under the four content folders, in a stable order.
fn content_files(root: &Path, report: &mut Report) -> Vec<(Section, String)> {
    let mut files = Vec::new();
    for (folder, section) in [
        ("benefits", Section::Benefits),
        ("partners", Section::Partners),
        ("notices", Section::Notices),
        ("pages", Section::Pages),
    ] {
        for rel in walk(root, &Path::new("content").join(folder), report) {
            let ext = Path::new(&rel)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let yaml_ok = matches!(section, Section::Benefits | Section::Partners);
            match ext.as_str() {
                "md" | "markdown" => files.push((section, rel)),
                "yaml" | "yml" if yaml_ok => files.push((section, rel)),
                _ => {
                    let message = if yaml_ok {
                        tr!("file-ignored-yaml-or-md", folder = folder)
                    } else {
                        tr!("file-ignored-md", folder = folder)
                    };
                    report.warning(Place::file(&rel), message);
                }
            }
        }
    }
    files
}

/// Regular files below `dir` (relative to root), sorted, skipping hidden and backup files.
/// Links are not followed, so nothing outside the site root is ever read.
fn walk(root: &Path, dir: &Path, report: &mut Report) -> Vec<String> {
    let found = site_fs::walk(root, dir);
    for (rel, refusal) in found.refused {
        refused(&rel, refusal, report);
    }
    found.files
}

fn read_entry_file(root: &Path, section: Section, rel: &str) -> FileYield {
    let mut y = FileYield::default();
    let Some(text) = read_text(root, rel, &mut y.report) else {
        return y;
    };
    parse_entries(&mut y, section, rel, &text);
    // Each entry keeps a fingerprint of what was read, for the preview's incremental
    // builds: taken here, once per reading of a file, so that an unchanged entry is never
    // compared again, and per entry, so that editing one of a list file's hundred
    // entries changes one fingerprint.
    let read = |entry: &dyn erased_serde_json::Json| fingerprint(&entry.json());
    // (`make_mut` copies nothing: each entry was just made, and is not shared yet.)
    for b in &mut y.benefits {
        Arc::make_mut(b).source = read(b);
    }
    for p in &mut y.partners {
        Arc::make_mut(p).source = read(p);
    }
    for n in &mut y.notices {
        Arc::make_mut(n).source = read(n);
    }
    for p in &mut y.pages {
        Arc::make_mut(p).source = read(p);
    }
    y
}

/// Any entry as JSON text, to take its fingerprint.
mod erased_serde_json {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// The entries of one file's `text`, and what is wrong with them, into `y`.
fn parse_entries(y: &mut FileYield, section: Section, rel: &str, text: &str) {
    let is_markdown = rel.ends_with(".md") || rel.ends_with(".markdown");
    let stem = Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let (node, body) = if is_markdown {
        let split = match frontmatter::split(text) {
            Ok(split) => split,
            Err(message) => {
                y.report.error(Place::file(rel), message);
                return;
            }
        };
        let node = match yaml::parse(split.yaml, split.yaml_line - 1) {
            Ok(Some(node)) => node,
            Ok(None) => {
                y.report.error(
                    Place::new(rel, split.yaml_line, 1),
                    tr!("frontmatter-empty"),
                );
                return;
            }
            Err(e) => {
                y.report
                    .error(Place::new(rel, e.pos.line, e.pos.col), e.message);
                return;
            }
        };
        let body = Body {
            text: split.body.to_string(),
            line: split.body_line,
        };
        (node, Some(body))
    } else {
        match yaml::parse(text, 0) {
            Ok(Some(node)) => (node, None),
            Ok(None) => {
                y.report.warning(Place::file(rel), tr!("file-empty"));
                return;
            }
            Err(e) => {
                y.report
                    .error(Place::new(rel, e.pos.line, e.pos.col), e.message);
                return;
            }
        }
    };

    let mut reader = Reader {
        file: rel,
        report: &mut y.report,
        seen: &mut y.seen,
    };
    match (section, body) {
        (Section::Benefits, None) => {
            for item in one_or_many(&node) {
                y.benefits.extend(reader.benefit(item, None).map(Arc::new));
            }
        }
        (Section::Benefits, Some(body)) => y
            .benefits
            .extend(reader.benefit(&node, Some(body)).map(Arc::new)),
        (Section::Partners, None) => {
            for item in one_or_many(&node) {
                y.partners.extend(reader.partner(item, None).map(Arc::new));
            }
        }
        (Section::Partners, Some(body)) => y
            .partners
            .extend(reader.partner(&node, Some(body)).map(Arc::new)),
        (Section::Notices, Some(body)) => y
            .notices
            .extend(reader.notice(&node, &stem, body).map(Arc::new)),
        (Section::Pages, Some(body)) => y
            .pages
            .extend(reader.page(&node, &stem, body).map(Arc::new)),
        (Section::Notices | Section::Pages, None) => {}
    }
}

/// A YAML file holds one entry (a mapping) or several (a sequence of mappings).
fn one_or_many(node: &yaml::Node) -> Vec<&yaml::Node> {
    match &node.value {
        yaml::Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}
