//! One build, stage by stage: load → validate → model → render → write, each timed.

use crate::content::{self, LoadOptions};
use crate::diag::{Place, Report};
use crate::model::{Page, Site};
use crate::render::{self, OutputFile, Sink};
use crate::{site_fs, theme};
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};
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
    /// Every link the content writes, with where (see `content::Loaded`).
    pub links: Vec<(String, Place)>,
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
        links,
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

/// The pages of the entries in `changed` (content files, relative to `root`) that differ
/// from `context`, the site of the last full build, rendered without loading the rest of the
/// site. For `youdai serve`, which shows an edited entry at once and then rebuilds all.
///
/// An entry's own page depends only on the entry, the site settings and the list of free
/// pages, so rendering a site made of just the edited entries gives their pages byte for
/// byte (`serve::builder`'s tests hold it to that). Listings, feeds and search data depend
/// on every entry and are left to the full build.
///
/// The loader reads whole sites only, so `site.yaml` and the changed files are copied into
/// `scratch`, a folder of the caller's, beside an empty stand-in for every static file so
/// that attachment checks still pass, and loaded from there. None when the files do not
/// load or render cleanly on their own: the full build then tells what is wrong.
pub fn render_entry_pages(
    root: &Path,
    scratch: &Path,
    changed: &[String],
    context: &Site,
    options: &LoadOptions,
) -> Option<Vec<OutputFile>> {
    stage(root, scratch, changed).ok()?;
    let loaded = content::load(scratch, options);
    let mut report = loaded.report;
    let partial = loaded.site.filter(|_| !report.has_errors())?;

    let benefits = edited(partial.benefits, &context.benefits, |b| &b.id);
    let partners = edited(partial.partners, &context.partners, |p| &p.id);
    let notices = edited(partial.notices, &context.notices, |n| &n.id);
    let edited_pages = edited(partial.pages, &context.pages, |p| &p.id);
    let wanted: HashSet<String> = benefits
        .iter()
        .map(|b| render::views::benefit_dir(&b.id))
        .chain(partners.iter().map(|p| render::views::partner_dir(&p.id)))
        .chain(notices.iter().map(|n| render::views::notice_dir(&n.id)))
        .chain(edited_pages.iter().map(|p| render::views::page_dir(&p.id)))
        .map(|dir| format!("{dir}index.html"))
        .collect();
    if wanted.is_empty() {
        return Some(Vec::new());
    }
    // Every page's footer lists the free pages, so the list is the whole site's.
    let mut pages: Vec<Page> = context
        .pages
        .iter()
        .filter(|p| !edited_pages.iter().any(|q| q.id == p.id))
        .cloned()
        .chain(edited_pages.iter().cloned())
        .collect();
    pages.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.id))
    });
    let site = Site {
        benefits,
        partners,
        notices,
        pages,
        statics: Vec::new(),
        ..partial
    };
    let theme = theme::load(root, &site.config.theme, &mut report);
    let tera = render::compile(&theme, &mut report)?;
    let kept = Mutex::new(Vec::new());
    let sink = |file: OutputFile| {
        if wanted.contains(&file.path) {
            kept.lock()
                .map_err(|_| std::io::Error::other("poisoned"))?
                .push(file);
        }
        Ok(())
    };
    render::render(&site, &tera, &theme, &mut report, &sink);
    if report.has_errors() {
        return None;
    }
    kept.into_inner().ok()
}

/// The entries of `loaded` that are new or differ from the one with their id in `built`.
fn edited<T: serde::Serialize>(loaded: Vec<T>, built: &[T], id: impl Fn(&T) -> &String) -> Vec<T> {
    let built: HashMap<&String, &T> = built.iter().map(|e| (id(e), e)).collect();
    let json = |e: &T| serde_json::to_string(e).ok();
    loaded
        .into_iter()
        .filter(|e| built.get(id(e)).is_none_or(|b| json(b) != json(e)))
        .collect()
}

/// Lays out `scratch` as a site root holding only `site.yaml`, the `changed` files and
/// empty stand-ins for the static files.
fn stage(root: &Path, scratch: &Path, changed: &[String]) -> std::io::Result<()> {
    let plain = |rel: &str| {
        Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    };
    if !changed
        .iter()
        .all(|rel| plain(rel) && rel.starts_with("content/"))
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a content file",
        ));
    }
    let content = scratch.join("content");
    for section in ["benefits", "partners", "notices", "pages"] {
        let dir = content.join(section);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    std::fs::create_dir_all(&content)?;
    let copy = |rel: &str| -> std::io::Result<()> {
        let bytes = site_fs::read(root, Path::new(rel))
            .map_err(|_| std::io::Error::other("not a readable file"))?;
        let to = scratch.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(to, bytes)
    };
    copy("content/site.yaml")?;
    for rel in changed {
        copy(rel)?;
    }
    for rel in site_fs::walk(root, Path::new("content/static")).files {
        let stand_in = scratch.join(rel);
        if !stand_in.exists() {
            if let Some(parent) = stand_in.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::File::create(stand_in)?;
        }
    }
    Ok(())
}
