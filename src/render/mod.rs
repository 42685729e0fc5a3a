//! Model + templates into the files of the site. Pure: reads no disk, writes nothing.
//!
//! The site is planned first, as a list of jobs made by named steps (`listings`, `entries`,
//! `feeds`); each job says which parts of the model it shows. A full build renders every
//! job; the preview server takes each job's fingerprint and renders again only those whose
//! inputs changed since the last time.

mod entries;
mod feeds;
mod listings;
mod offline;
mod qr;
pub mod views;

use crate::diag::{Place, Report};
use crate::fingerprint;
use crate::model::{Site, StaticFile};
use crate::output::{OutputFile, Sink};
use crate::routes::{self, Urls};
use crate::theme::ThemeFiles;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::{Context, Tera};
use views::Link;

pub use crate::pieces::Pieces;

/// What the search module tells the search and finder pages: the index's shape, as opaque
/// data for the templates. Rendering never calls the search module itself.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Extras {
    pub search: serde_json::Value,
    pub finder: serde_json::Value,
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message.replace('\n', " ")
}

/// `urlencode_strict`, as tera's built-in filter (which needs features we leave out): every
/// byte but the unreserved ones of RFC 3986 percent-encoded, so the text fits in a query.
fn urlencode_strict(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("urlencode_strict", "value", String, value);
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(tera::Value::String(out))
}

/// `urlencode_query`: text for a value in a URL's query, percent-encoding only the ASCII
/// characters that are not URL code points or that a query gives meaning (`&`, `=`, `#`,
/// `+`, `%`, space, controls). Other characters stay as they are (the browser sends them as
/// UTF-8), so that Chinese costs three bytes a character instead of nine: the 我要纠错 link
/// of every page carries its title and address.
fn urlencode_query(
    value: &tera::Value,
    _: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("urlencode_query", "value", String, value);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control()
            || (c.is_ascii() && !c.is_ascii_alphanumeric() && !"!$'()*,-./:;?@_~".contains(c))
        {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Ok(tera::Value::String(out))
}

/// Compiles the theme's templates; errors name the template file.
pub fn compile(theme: &ThemeFiles, report: &mut Report) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(crate::escape::html);
    tera.register_filter("urlencode_strict", urlencode_strict);
    tera.register_filter("urlencode_query", urlencode_query);
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        let message = error_chain(&e);
        let file = theme
            .templates
            .keys()
            .find(|n| message.contains(&format!("'{n}'")))
            .map(|n| format!("{}/templates/{n}", theme.origin(n)))
            .unwrap_or_else(|| "themes/default/templates".to_string());
        report.error(
            Place::file(&file),
            tr!("render-template-error", message = message),
        );
        return None;
    }
    Some(tera)
}

/// A category, group or partner kind as linked; `count` (current entries) only on the home
/// page, so that a new entry does not change every page that lists the vocabulary.
#[derive(Serialize)]
struct TermLink {
    id: String,
    name: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

#[derive(Serialize)]
struct RegionLink {
    id: String,
    name: String,
    url: String,
    depth: usize,
    /// The office its citizens call (its own or the nearest above it), for the finder.
    office: Option<views::Office>,
}

/// What every page is told about the site: nothing that changes when an entry does.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base: &'a str,
    base_url: &'a str,
    language: &'a str,
    contact: Option<&'a crate::model::Contact>,
    /// Who runs the site, for the footer a government site must carry.
    publisher: Option<&'a crate::model::Publisher>,
    /// The police register's number of the 公安机关备案号, for its link.
    police_record: Option<String>,
    /// Where "我要纠错" leads.
    feedback: Option<&'a str>,
    /// The host of `base_url` (`SiteDomain`).
    domain: String,
    categories: Vec<TermLink>,
    groups: Vec<TermLink>,
    regions: Vec<RegionLink>,
    partner_kinds: Vec<TermLink>,
    pages: Vec<Link>,
    today: views::DateView,
    /// Current benefits and partners: on the home page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    benefit_count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partner_count: Option<usize>,
}

/// The site as every page sees it, and with `counts` as the home page does.
fn site_view(site: &Site, counts: bool) -> SiteView<'_> {
    let c = &site.config;
    let urls = Urls { config: c };
    let current: Vec<_> = site.current_benefits().collect();
    let partners: Vec<_> = site.current_partners().collect();
    let count = |n: usize| counts.then_some(n);
    let terms =
        |terms: &[crate::model::Term], url: &dyn Fn(&str) -> String, n: &dyn Fn(&str) -> usize| {
            terms
                .iter()
                .map(|t| TermLink {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    url: url(&t.id),
                    count: count(if counts { n(&t.id) } else { 0 }),
                })
                .collect::<Vec<_>>()
        };
    SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        base: &c.base_path,
        base_url: &c.base_url,
        language: &c.language,
        contact: c.contact.as_ref(),
        publisher: c.publisher.as_ref(),
        police_record: c
            .publisher
            .as_ref()
            .and_then(|p| p.police.as_deref())
            .map(|p| p.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|digits| !digits.is_empty()),
        feedback: c.feedback.as_deref(),
        domain: url::Url::parse(&c.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default(),
        categories: terms(
            &c.categories,
            &|id| urls.path(&routes::category(id)),
            &|id| current.iter().filter(|b| b.category == id).count(),
        ),
        groups: terms(&c.groups, &|id| urls.path(&routes::group(id)), &|id| {
            current
                .iter()
                .filter(|b| b.groups.iter().any(|g| g == id))
                .count()
        }),
        regions: c
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| RegionLink {
                id: r.id.clone(),
                name: r.name.clone(),
                url: urls.path(&routes::region(&r.id)),
                depth: r.depth,
                office: views::office(c, i),
            })
            .collect(),
        partner_kinds: terms(
            &c.partner_kinds,
            &|id| urls.path(&routes::partner_kind(id)),
            &|id| partners.iter().filter(|p| p.kind == id).count(),
        ),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                name: p.title.clone(),
                url: urls.path(&routes::page(&p.id)),
            })
            .collect(),
        today: site.today.into(),
        benefit_count: count(current.len()),
        partner_count: count(partners.len()),
    }
}

/// The `page` of a template: what it is and where. Its title, description and the words
/// of its breadcrumbs are the templates' (`copy.html`): the model gives names only.
#[derive(Serialize)]
struct PageMeta {
    /// What the page is: home, benefits, category, group, region, print, partners, notices,
    /// recent, search, finder, 404, benefit, partner, notice, page.
    kind: &'static str,
    /// The entry's title, or the term's or region's name; empty on the site's own pages.
    name: String,
    /// The page of a listing, from 1.
    number: usize,
    /// Root-relative URL of this page.
    url: String,
    canonical: String,
    /// The entry's summary or the term's description, as written; empty otherwise.
    description: String,
    section: &'static str,
    breadcrumbs: Vec<Crumb>,
    /// For a region and its printable catalog: the regions above it, top first.
    parents: Vec<String>,
}

/// A step of the breadcrumbs: what it is (for its words), its name and where it leads.
#[derive(Clone, Serialize)]
struct Crumb {
    kind: &'static str,
    name: String,
    url: String,
}

impl Crumb {
    fn link(kind: &'static str, link: &Link) -> Crumb {
        Crumb {
            kind,
            name: link.name.clone(),
            url: link.url.clone(),
        }
    }
}

/// A part of the model a job shows, by index into the site's lists.
#[derive(Clone, Copy, Debug)]
pub enum Input {
    Benefit(usize),
    Partner(usize),
    Notice(usize),
    Page(usize),
    /// Every entry: the home page, feeds, the open data.
    Everything,
}

/// What renders a job's file.
type Make<'a> = Box<dyn Fn(&Renderer) -> Result<Vec<u8>, Failure> + Send + Sync + 'a>;

/// One file to render, what it shows, and how.
pub struct Job<'a> {
    pub path: String,
    /// The job's own description (template, page metadata, listing position), hashed into
    /// its fingerprint with the fingerprints of its inputs.
    key: u64,
    inputs: Vec<Input>,
    make: Make<'a>,
}

/// A job that could not be rendered: the template and why.
pub struct Failure {
    template: String,
    message: String,
}

/// Fingerprints of the parts of the model, for telling which jobs changed.
pub struct Fingerprints {
    /// The settings, today, the list of free pages and the theme: what every page shows.
    globals: u64,
    benefits: Vec<u64>,
    partners: Vec<u64>,
    notices: Vec<u64>,
    pages: Vec<u64>,
    everything: u64,
}

impl Fingerprints {
    /// Takes the fingerprints of `site`. An entry's is the fingerprint of its source (file,
    /// text and place), which the loader took: its page is a function of its source and the
    /// settings, so nothing needs to be serialised to tell whether it changed.
    pub fn of(site: &Site, theme: &ThemeFiles, extras: &Extras) -> Fingerprints {
        let globals = fingerprint::of(&(
            format!("{:?}", site.config),
            site.today,
            site.pages
                .iter()
                .map(|p| (&p.id, &p.title, p.order))
                .collect::<Vec<_>>(),
            &theme.templates,
            &theme.statics,
        ));
        let benefits: Vec<u64> = site.benefits.iter().map(|b| b.source).collect();
        let partners: Vec<u64> = site.partners.iter().map(|p| p.source).collect();
        let notices: Vec<u64> = site.notices.iter().map(|n| n.source).collect();
        let pages: Vec<u64> = site.pages.iter().map(|p| p.source).collect();
        let everything = fingerprint::of(&(
            globals,
            &benefits,
            &partners,
            &notices,
            &pages,
            extras.search.to_string(),
            extras.finder.to_string(),
        ));
        Fingerprints {
            globals,
            benefits,
            partners,
            notices,
            pages,
            everything,
        }
    }

    fn input(&self, input: Input) -> u64 {
        match input {
            Input::Benefit(i) => self.benefits[i],
            Input::Partner(i) => self.partners[i],
            Input::Notice(i) => self.notices[i],
            Input::Page(i) => self.pages[i],
            Input::Everything => self.everything,
        }
    }
}

/// Which entries are current and where each applies, worked out once a build: the listings
/// and printed catalogs of every region ask it of every entry.
pub(crate) struct Reach {
    /// Per benefit (and partner): whether it is current, and its region's index.
    benefits: Vec<(bool, Option<usize>)>,
    partners: Vec<(bool, Option<usize>)>,
    /// `covers[place][region]`: the entries of `region` apply in `place` (it is the place
    /// or above it).
    covers: Vec<Vec<bool>>,
}

impl Reach {
    fn of(site: &Site) -> Reach {
        let c = &site.config;
        let covers = (0..c.regions.len())
            .map(|place| {
                let mut row = vec![false; c.regions.len()];
                let mut at = Some(place);
                while let Some(i) = at {
                    row[i] = true;
                    at = c.regions[i].parent;
                }
                row
            })
            .collect();
        Reach {
            benefits: (site.benefits.iter())
                .map(|b| (site.benefit_is_current(b), c.region_index(&b.region)))
                .collect(),
            partners: (site.partners.iter())
                .map(|p| (site.partner_is_current(p), c.region_index(&p.region)))
                .collect(),
            covers,
        }
    }

    fn applies(&self, (current, region): (bool, Option<usize>), place: usize) -> bool {
        current && region.is_some_and(|r| self.covers[place][r])
    }

    /// Benefit `i` is current and applies in region `place`.
    pub fn benefit_in(&self, i: usize, place: usize) -> bool {
        self.applies(self.benefits[i], place)
    }

    pub fn partner_in(&self, i: usize, place: usize) -> bool {
        self.applies(self.partners[i], place)
    }

    pub fn benefit_is_current(&self, i: usize) -> bool {
        self.benefits[i].0
    }

    pub fn partner_is_current(&self, i: usize) -> bool {
        self.partners[i].0
    }

    /// Whether an entry filed under region `region` shows in more than one region's files.
    fn several(&self, region: Option<usize>) -> bool {
        region.is_some_and(|r| self.covers.iter().filter(|row| row[r]).count() > 1)
    }
}

/// What jobs render with: the site, the templates and what every page is told.
pub struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    base: Context,
    urls: Urls<'a>,
    extras: &'a Extras,
    theme: &'a ThemeFiles,
    /// Parts of whole-site files, made once (and, in the preview, kept between builds).
    pieces: &'a Pieces,
    /// The fingerprint of what every file shows (`Fingerprints::globals`), which every
    /// piece's fingerprint includes.
    globals: u64,
    /// The fingerprint of the whole site (`Fingerprints::everything`).
    everything: u64,
    reach: Reach,
}

impl Renderer<'_> {
    /// Renders the partial `template` with `value` as `name` and nothing else, without the
    /// line breaks around it (its file ends with one, and may start with a comment): a piece
    /// of a larger file.
    fn fragment(
        &self,
        template: &str,
        name: &str,
        value: &impl Serialize,
    ) -> Result<String, Failure> {
        let mut context = Context::new();
        context.insert(name, value);
        self.partial(template, &context)
    }

    /// `fragment` with two values.
    fn fragment_with(
        &self,
        template: &str,
        (name, value): (&str, &impl Serialize),
        (other, second): (&str, &impl Serialize),
    ) -> Result<String, Failure> {
        let mut context = Context::new();
        context.insert(name, value);
        context.insert(other, second);
        self.partial(template, &context)
    }

    fn partial(&self, template: &str, context: &Context) -> Result<String, Failure> {
        let text = self.tera.render(template, context).map_err(|e| Failure {
            template: template.to_string(),
            message: error_chain(&e),
        })?;
        Ok(text.trim_matches('\n').to_string())
    }

    /// Whether benefit `i` shows in more than one region's files.
    fn benefit_in_several(&self, i: usize) -> bool {
        self.reach.several(self.reach.benefits[i].1)
    }

    fn partner_in_several(&self, i: usize) -> bool {
        self.reach.several(self.reach.partners[i].1)
    }

    fn meta(
        &self,
        kind: &'static str,
        name: &str,
        route: &str,
        section: &'static str,
        description: &str,
        crumbs: Vec<Crumb>,
    ) -> PageMeta {
        PageMeta {
            kind,
            name: name.to_string(),
            number: 1,
            url: self.urls.path(route),
            canonical: self.urls.absolute(route),
            description: description.to_string(),
            section,
            breadcrumbs: crumbs,
            parents: Vec::new(),
        }
    }

    fn home_crumb(&self) -> Crumb {
        self.crumb("home", "", routes::HOME)
    }

    fn crumb(&self, kind: &'static str, name: &str, route: &str) -> Crumb {
        Crumb {
            kind,
            name: name.to_string(),
            url: self.urls.path(route),
        }
    }

    /// Renders a file that is not a page (a feed, the sitemap) from `template`.
    fn file(&self, template: &str, context: Context) -> Result<Vec<u8>, Failure> {
        let mut full = self.base.clone();
        full.extend(context);
        self.bytes(template, &full)
    }

    /// Renders `template` with the page's metadata and its own context.
    fn page(&self, template: &str, meta: &PageMeta, context: Context) -> Result<Vec<u8>, Failure> {
        self.bytes(template, &self.page_context(meta, context))
    }

    /// What a page's template sees: the site, the page's own values, and `page`.
    fn page_context(&self, meta: &PageMeta, context: Context) -> Context {
        let mut full = self.base.clone();
        full.extend(context);
        full.insert("page", meta);
        full
    }

    /// Renders `template` into bytes: what the engine wrote is UTF-8 already, and checking
    /// it again, as `Tera::render` does, was a thirtieth of a build.
    fn bytes(&self, template: &str, context: &Context) -> Result<Vec<u8>, Failure> {
        let mut out = Vec::with_capacity(8 * 1024);
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| Failure {
                template: template.to_string(),
                message: error_chain(&e),
            })?;
        Ok(out)
    }

    fn page_text(
        &self,
        template: &str,
        meta: &PageMeta,
        context: Context,
    ) -> Result<String, Failure> {
        let full = self.page_context(meta, context);
        self.tera.render(template, &full).map_err(|e| Failure {
            template: template.to_string(),
            message: error_chain(&e),
        })
    }
}

/// The long parts of a page (each list of a region's printed catalog: a megabyte at
/// 10,000 benefits), put into it after its template ran. The template is given a marker in
/// each part's place: the template engine would copy a long string several times over
/// (into its context, through a filter, into its output).
#[derive(Default)]
pub(crate) struct Spliced {
    parts: Vec<String>,
}

impl Spliced {
    const OPEN: char = '\u{E000}';
    const CLOSE: char = '\u{E001}';

    /// The marker that `part` will replace.
    pub fn marker(&mut self, part: String) -> String {
        self.parts.push(part);
        format!(
            "{}{}{}",
            Spliced::OPEN,
            self.parts.len() - 1,
            Spliced::CLOSE
        )
    }

    /// `rendered` with every marker replaced by its part.
    fn into_page(self, rendered: &str) -> Vec<u8> {
        let size = rendered.len() + self.parts.iter().map(String::len).sum::<usize>();
        let mut out = String::with_capacity(size);
        let mut rest = rendered;
        while let Some(at) = rest.find(Spliced::OPEN) {
            out.push_str(&rest[..at]);
            let after = &rest[at + Spliced::OPEN.len_utf8()..];
            let part = after.split_once(Spliced::CLOSE).and_then(|(n, tail)| {
                let n: usize = n.parse().ok()?;
                Some((self.parts.get(n)?, tail))
            });
            match part {
                Some((part, tail)) => {
                    out.push_str(part);
                    rest = tail;
                }
                None => {
                    out.push(Spliced::OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out.into_bytes()
    }
}

/// Every file of a site, planned: jobs in a stable order, and the static files.
pub struct Plan<'a> {
    renderer: Renderer<'a>,
    jobs: Vec<Job<'a>>,
    statics: Vec<OutputFile>,
    /// The fingerprints of the parts of the model the jobs show.
    prints: Fingerprints,
}

/// Adds jobs; the steps of `listings`, `entries` and `feeds` call it.
pub struct Jobs<'a> {
    jobs: Vec<Job<'a>>,
}

impl<'a> Jobs<'a> {
    /// A page rendered from `template` with `meta`, showing `inputs`, whose context
    /// `context` makes when the page is rendered (so that a 100,000-entry site never holds
    /// every page's data at once). `key` is whatever else the page depends on.
    #[allow(clippy::too_many_arguments)]
    fn page(
        &mut self,
        route: &str,
        template: &'static str,
        meta: PageMeta,
        key: impl Hash,
        inputs: Vec<Input>,
        context: impl Fn(&Renderer) -> Context + Send + Sync + 'a,
    ) {
        self.page_made(route, template, meta, key, inputs, move |r| Ok(context(r)));
    }

    /// An entry's page, showing `input`: `make` gives its metadata and context when it is
    /// rendered (the metadata is a function of the route, the entry and the settings).
    fn entry_page(
        &mut self,
        route: &str,
        template: &'static str,
        input: Input,
        make: impl Fn(&Renderer) -> (PageMeta, Context) + Send + Sync + 'a,
    ) {
        self.page_later(route, template, (), vec![input], move |r| Ok(make(r)));
    }

    /// A page showing `inputs` and whatever `key` fingerprints, whose metadata and context
    /// `make` gives when it is rendered (they are a function of the route, the key, the
    /// inputs and the settings): planned without making either.
    fn page_later(
        &mut self,
        route: &str,
        template: &'static str,
        key: impl Hash,
        inputs: Vec<Input>,
        make: impl Fn(&Renderer) -> Result<(PageMeta, Context), Failure> + Send + Sync + 'a,
    ) {
        self.page_job(route, template, key, inputs, move |r| {
            let (meta, context) = make(r)?;
            r.page(template, &meta, context)
        });
    }

    /// The job of the page at `route` from `template`, made by `make`. Its fingerprint is
    /// that of its template, route and `key` with its `inputs`: a page's metadata is a
    /// function of its route, its inputs and the settings, which the fingerprint covers.
    fn page_job(
        &mut self,
        route: &str,
        template: &'static str,
        key: impl Hash,
        inputs: Vec<Input>,
        make: impl Fn(&Renderer) -> Result<Vec<u8>, Failure> + Send + Sync + 'a,
    ) {
        self.jobs.push(Job {
            path: routes::file(route),
            key: fingerprint::of(&(template, route, key)),
            inputs,
            make: Box::new(make),
        });
    }

    /// A page as `page`, whose context may fail to be made (it renders pieces of its own).
    #[allow(clippy::too_many_arguments)]
    fn page_made(
        &mut self,
        route: &str,
        template: &'static str,
        meta: PageMeta,
        key: impl Hash,
        inputs: Vec<Input>,
        context: impl Fn(&Renderer) -> Result<Context, Failure> + Send + Sync + 'a,
    ) {
        self.page_job(route, template, key, inputs, move |r| {
            r.page(template, &meta, context(r)?)
        });
    }

    /// A page as `page_made`, whose context puts its long parts in with `Spliced`.
    #[allow(clippy::too_many_arguments)]
    fn page_spliced(
        &mut self,
        route: &str,
        template: &'static str,
        meta: PageMeta,
        key: impl Hash,
        inputs: Vec<Input>,
        context: impl Fn(&Renderer, &mut Spliced) -> Result<Context, Failure> + Send + Sync + 'a,
    ) {
        self.page_job(route, template, key, inputs, move |r| {
            let mut spliced = Spliced::default();
            let context = context(r, &mut spliced)?;
            let rendered = r.page_text(template, &meta, context)?;
            Ok(spliced.into_page(&rendered))
        });
    }

    /// A file made by `make` from the whole site (a feed, the open data).
    fn file(
        &mut self,
        path: &str,
        make: impl Fn(&Renderer) -> Result<Vec<u8>, Failure> + Send + Sync + 'a,
    ) {
        self.file_showing(path, (), vec![Input::Everything], make);
    }

    /// A file made by `make` that shows `inputs` and whatever `key` fingerprints, besides
    /// the settings.
    fn file_showing(
        &mut self,
        path: &str,
        key: impl Hash,
        inputs: Vec<Input>,
        make: impl Fn(&Renderer) -> Result<Vec<u8>, Failure> + Send + Sync + 'a,
    ) {
        self.jobs.push(Job {
            path: path.to_string(),
            key: fingerprint::of(&(path, key)),
            inputs,
            make: Box::new(make),
        });
    }
}

/// Plans every file of `site`: the pages and feeds of the named steps, then the theme's
/// and the site's static files, refusing any that would overwrite a generated file.
pub fn plan<'a>(
    site: &'a Site,
    tera: &'a Tera,
    theme: &'a ThemeFiles,
    extras: &'a Extras,
    pieces: &'a Pieces,
    report: &mut Report,
) -> Plan<'a> {
    let mut base = Context::new();
    base.insert("site", &site_view(site, false));
    let prints = Fingerprints::of(site, theme, extras);
    let renderer = Renderer {
        site,
        tera,
        base,
        urls: Urls {
            config: &site.config,
        },
        extras,
        theme,
        pieces,
        globals: prints.globals,
        everything: prints.everything,
        reach: Reach::of(site),
    };
    let mut jobs = Jobs { jobs: Vec::new() };
    listings::home(&renderer, &mut jobs);
    listings::special_pages(&renderer, &mut jobs);
    listings::benefits(&renderer, &mut jobs);
    entries::benefits(&renderer, &mut jobs);
    listings::categories(&renderer, &mut jobs);
    listings::groups(&renderer, &mut jobs);
    listings::regions(&renderer, &mut jobs);
    entries::print_catalogs(&renderer, &mut jobs);
    listings::partners(&renderer, &mut jobs);
    entries::partners(&renderer, &mut jobs);
    listings::notices(&renderer, &mut jobs);
    entries::notices(&renderer, &mut jobs);
    listings::recent(&renderer, &mut jobs);
    entries::pages(&renderer, &mut jobs);
    feeds::files(&renderer, &mut jobs);
    let statics = merge_statics(theme.statics(), site, report);
    Plan {
        renderer,
        jobs: jobs.jobs,
        statics,
        prints,
    }
}

impl Plan<'_> {
    /// The output path and fingerprint of every file of the plan.
    pub fn fingerprints(&self) -> Vec<(String, u64)> {
        let prints = &self.prints;
        let mut all: Vec<(String, u64)> = self
            .jobs
            .par_iter()
            .map(|job| {
                let mut h = DefaultHasher::new();
                (job.key, prints.globals).hash(&mut h);
                for input in &job.inputs {
                    prints.input(*input).hash(&mut h);
                }
                (job.path.clone(), h.finish())
            })
            .collect();
        all.extend(
            self.statics
                .iter()
                .map(|s| (s.path.clone(), fingerprint::of(&s.bytes))),
        );
        all
    }

    /// Renders the files of the plan that `wanted` accepts into `sink`, in parallel;
    /// returns how many were emitted. Template and write errors go into `report`.
    pub fn render(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
        report: &mut Report,
        sink: Sink,
    ) -> usize {
        let written = AtomicUsize::new(0);
        let failures: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
        let fail = |what: String, message: String| {
            if let Ok(mut f) = failures.lock() {
                f.entry(what).or_insert(message);
            }
        };
        let emit = |file: OutputFile| {
            let path = file.path.clone();
            match sink(file) {
                Ok(()) => {
                    written.fetch_add(1, Ordering::Relaxed);
                }
                Err(e) => fail(format!("write {path}"), e.to_string()),
            }
        };
        self.jobs
            .par_iter()
            .filter(|job| wanted(&job.path))
            .for_each(|job| match (job.make)(&self.renderer) {
                Ok(bytes) => emit(OutputFile {
                    path: job.path.clone(),
                    bytes,
                }),
                Err(f) => fail(f.template, f.message),
            });
        self.statics
            .par_iter()
            .filter(|s| wanted(&s.path))
            .for_each(|s| emit(s.clone()));
        for (what, message) in failures.into_inner().unwrap_or_default() {
            if let Some(path) = what.strip_prefix("write ") {
                report.error(
                    Place::file(path),
                    tr!("render-cannot-write", reason = message),
                );
            } else {
                let origin = self.renderer.theme.origin(&what);
                report.error(
                    Place::file(&format!("{origin}/templates/{what}")),
                    tr!("render-template-error", message = message),
                );
            }
        }
        written.into_inner()
    }
}

/// Renders every page, feed and data file of the site and the static files into `sink`.
pub fn render(
    site: &Site,
    tera: &Tera,
    theme: &ThemeFiles,
    extras: &Extras,
    report: &mut Report,
    sink: Sink,
) -> usize {
    let pieces = Pieces::default();
    let plan = plan(site, tera, theme, extras, &pieces, report);
    if report.has_errors() {
        return 0;
    }
    plan.render(&|_| true, report, sink)
}

/// Theme static files, then the site's own (which win), refusing any that would
/// overwrite a generated file.
fn merge_statics(theme: Vec<StaticFile>, site: &Site, report: &mut Report) -> Vec<OutputFile> {
    let page_ids: Vec<&str> = site.pages.iter().map(|p| p.id.as_str()).collect();
    let mut merged: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for s in theme {
        merged.insert(s.path, s.bytes);
    }
    for s in &site.statics {
        if routes::is_generated(&s.path, &page_ids) {
            report.error(
                Place::file(&format!("content/static/{}", s.path)),
                tr!("render-static-clash", path = &s.path),
            );
            continue;
        }
        merged.insert(s.path.clone(), s.bytes.clone());
    }
    merged
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect()
}

/// Rows of a listing, by index into the site's benefits or partners.
#[derive(Clone, Copy, Hash)]
enum Row {
    Benefit(usize),
    Partner(usize),
}

impl Row {
    fn input(self) -> Input {
        match self {
            Row::Benefit(i) => Input::Benefit(i),
            Row::Partner(i) => Input::Partner(i),
        }
    }
}
