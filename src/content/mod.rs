//! The only reader of content: walks a site root, parses every file in parallel, checks
//! every reference, and returns the model or every problem found.

mod checkup;
pub mod config;
pub mod entries;
pub mod fields;
mod frontmatter;
pub mod spec;
mod spotcheck;
mod vocab;
pub mod yaml;
pub(crate) mod yaml_errors;

use crate::diag::{Place, Report};
use crate::model::{
    validity, Benefit, Config, Date, Notice, Page, Partner, Site, StaticFile, Validity,
};
use crate::site_fs::{self, Refusal};
use entries::{Body, Reader, Sightings, Vocabulary};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Top-level output folders and files that a free page's id must not take.
pub const RESERVED_PAGE_IDS: &[&str] = &[
    "api",
    "assets",
    "benefits",
    "categories",
    "finder",
    "groups",
    "index",
    "notices",
    "partners",
    "regions",
    "search",
    "sitemap",
    "static",
    "404",
];

/// What one content file gave.
#[derive(Default)]
struct FileYield {
    report: Report,
    seen: Sightings,
    benefits: Vec<Benefit>,
    partners: Vec<Partner>,
    notices: Vec<Notice>,
    pages: Vec<Page>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Section {
    Benefits,
    Partners,
    Notices,
    Pages,
}

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
    let site_file = "content/site.yaml";
    match read_text(root, site_file, report) {
        Some(text) => match yaml::parse(&text, 0) {
            Ok(node) => config::load(node.as_ref(), site_file, report),
            Err(e) => {
                report.error(Place::new(site_file, e.pos.line, e.pos.col), e.message);
                None
            }
        },
        None => None,
    }
}

pub fn load(root: &Path, options: &LoadOptions) -> Loaded {
    let mut report = Report::default();
    let config = load_config(root, &mut report);

    let files = content_files(root, &mut report);
    let yields: Vec<FileYield> = files
        .par_iter()
        .map(|(section, rel)| read_entry_file(root, *section, rel))
        .collect();
    let statics = read_statics(root, &mut report);

    let mut seen = Sightings::default();
    let (mut benefits, mut partners, mut notices, mut pages) = (vec![], vec![], vec![], vec![]);
    for y in yields {
        report.extend(y.report);
        seen.references.extend(y.seen.references);
        seen.ids.extend(y.seen.ids);
        seen.attachments.extend(y.seen.attachments);
        seen.reviews.extend(y.seen.reviews);
        seen.summaryless.extend(y.seen.summaryless);
        seen.links.extend(y.seen.links);
        seen.websites.extend(y.seen.websites);
        benefits.extend(y.benefits);
        partners.extend(y.partners);
        notices.extend(y.notices);
        pages.extend(y.pages);
    }

    let resolved = match &config {
        Some(config) => vocab::resolve(config, &seen, &mut report),
        None => vocab::Resolved::default(),
    };
    check_duplicates(&seen, &mut report);
    check_pages(&seen, &mut report);
    check_attachments(&seen, &statics, &mut report);
    checkup::check_freshness(&seen, options.today, &mut report);
    if let Some(config) = &config {
        checkup::check_links(config, &seen, &statics, &mut report);
    }

    let links = written_links(&mut seen, config.as_ref());
    let Some(mut config) = config else {
        return Loaded {
            site: None,
            report,
            links,
        };
    };
    if report.has_errors() {
        return Loaded {
            site: None,
            report,
            links,
        };
    }
    for b in &mut benefits {
        b.category = resolved.id(Vocabulary::Category, &b.category);
        b.groups = resolved.ids(Vocabulary::Group, &b.groups);
        b.region = resolved.id(Vocabulary::Region, &b.region);
    }
    for p in &mut partners {
        p.kind = resolved.id(Vocabulary::PartnerKind, &p.kind);
        p.groups = resolved.ids(Vocabulary::Group, &p.groups);
        p.region = resolved.id(Vocabulary::Region, &p.region);
    }
    for n in &mut notices {
        n.region = n.region.take().map(|r| resolved.id(Vocabulary::Region, &r));
    }
    // Checked against site.yaml's own address, before a preview's `--base-url` replaces it.
    let content = spotcheck::Content {
        config: &config,
        benefits: &benefits,
        partners: &partners,
        notices: &notices,
        pages: &pages,
        seen: &seen,
    };
    spotcheck::check(&content, options.today, &mut report);
    if let Some((url, path)) = &options.base_url {
        config.base_url = url.clone();
        config.base_path = path.clone();
    }
    let today = options.today;
    benefits.retain(|b| validity(b.valid_from, b.valid_until, today) != Validity::Upcoming);
    partners.retain(|p| validity(p.valid_from, p.valid_until, today) != Validity::Upcoming);
    notices.retain(|n| n.date <= today);

    benefits.sort_by(|a, b| {
        let number = |x: &Benefit| match &x.number {
            Some(n) => {
                let (k, t) = n.sort_key();
                (k, t.to_string())
            }
            None => (i64::MAX, String::new()),
        };
        config
            .category_rank(&a.category)
            .cmp(&config.category_rank(&b.category))
            .then_with(|| number(a).cmp(&number(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
    partners.sort_by(|a, b| {
        (config.kind_rank(&a.kind), &a.id).cmp(&(config.kind_rank(&b.kind), &b.id))
    });
    notices.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    pages.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.id))
    });

    Loaded {
        site: Some(Site {
            config,
            today,
            benefits,
            partners,
            notices,
            pages,
            statics,
        }),
        report,
        links,
    }
}

/// The links and addresses of `seen`, with the feedback address of site.yaml.
fn written_links(seen: &mut Sightings, config: Option<&Config>) -> Vec<(String, Place)> {
    let mut links = std::mem::take(&mut seen.links);
    links.append(&mut seen.websites);
    if let Some(Config {
        feedback: Some(feedback),
        feedback_place: Some(place),
        ..
    }) = config
    {
        links.push((feedback.clone(), place.clone()));
    }
    links
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
    let is_markdown = rel.ends_with(".md") || rel.ends_with(".markdown");
    let stem = Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let (node, body) = if is_markdown {
        let split = match frontmatter::split(&text) {
            Ok(split) => split,
            Err(message) => {
                y.report.error(Place::file(rel), message);
                return y;
            }
        };
        let node = match yaml::parse(split.yaml, split.yaml_line - 1) {
            Ok(Some(node)) => node,
            Ok(None) => {
                y.report.error(
                    Place::new(rel, split.yaml_line, 1),
                    tr!("frontmatter-empty"),
                );
                return y;
            }
            Err(e) => {
                y.report
                    .error(Place::new(rel, e.pos.line, e.pos.col), e.message);
                return y;
            }
        };
        let body = Body {
            text: split.body.to_string(),
            line: split.body_line,
        };
        (node, Some(body))
    } else {
        match yaml::parse(&text, 0) {
            Ok(Some(node)) => (node, None),
            Ok(None) => {
                y.report.warning(Place::file(rel), tr!("file-empty"));
                return y;
            }
            Err(e) => {
                y.report
                    .error(Place::new(rel, e.pos.line, e.pos.col), e.message);
                return y;
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
                y.benefits.extend(reader.benefit(item, None));
            }
        }
        (Section::Benefits, Some(body)) => y.benefits.extend(reader.benefit(&node, Some(body))),
        (Section::Partners, None) => {
            for item in one_or_many(&node) {
                y.partners.extend(reader.partner(item, None));
            }
        }
        (Section::Partners, Some(body)) => y.partners.extend(reader.partner(&node, Some(body))),
        (Section::Notices, Some(body)) => y.notices.extend(reader.notice(&node, &stem, body)),
        (Section::Pages, Some(body)) => y.pages.extend(reader.page(&node, &stem, body)),
        (Section::Notices | Section::Pages, None) => {}
    }
    y
}

/// A YAML file holds one entry (a mapping) or several (a sequence of mappings).
fn one_or_many(node: &yaml::Node) -> Vec<&yaml::Node> {
    match &node.value {
        yaml::Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

fn read_statics(root: &Path, report: &mut Report) -> Vec<StaticFile> {
    let base = PathBuf::from("content/static");
    walk(root, &base, report)
        .into_iter()
        .filter_map(|rel| match site_fs::read(root, Path::new(&rel)) {
            Ok(bytes) => Some(StaticFile {
                path: rel["content/static/".len()..].to_string(),
                bytes,
            }),
            Err(refusal) => {
                refused(&rel, refusal, report);
                None
            }
        })
        .collect()
}

fn check_duplicates(seen: &Sightings, report: &mut Report) {
    let mut first: HashMap<(&str, &str), &Place> = HashMap::new();
    let mut sorted: Vec<&(&str, String, Place)> = seen.ids.iter().collect();
    sorted.sort_by(|a, b| a.2.cmp(&b.2));
    for (kind, id, place) in sorted {
        match first.get(&(*kind, id.as_str())) {
            Some(earlier) => report.error(
                place.clone(),
                tr!(
                    "duplicate-id",
                    what = fields::kind_word(kind),
                    id = id,
                    place = earlier.to_string()
                ),
            ),
            None => {
                first.insert((kind, id), place);
            }
        }
    }
}

fn check_pages(seen: &Sightings, report: &mut Report) {
    for (kind, id, place) in &seen.ids {
        if *kind == "page" && RESERVED_PAGE_IDS.contains(&id.as_str()) {
            report.error(place.clone(), tr!("page-id-reserved", id = id));
        }
    }
}

fn check_attachments(seen: &Sightings, statics: &[StaticFile], report: &mut Report) {
    let present: BTreeSet<&str> = statics.iter().map(|s| s.path.as_str()).collect();
    for (path, place) in &seen.attachments {
        let clean = path.trim_start_matches('/');
        let clean = clean.strip_prefix("content/static/").unwrap_or(clean);
        if clean.split(['/', '\\']).any(|part| part == "..") {
            report.error(place.clone(), tr!("attachment-outside", path = path));
        } else if !present.contains(clean) {
            report.error(
                place.clone(),
                tr!("attachment-missing", path = path, file = clean),
            );
        }
    }
}
