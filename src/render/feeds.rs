//! The machine-readable faces of the site: the Atom feeds of notices and of changes, the
//! sitemap and robots.txt (templates, which a theme may change), and the open-data catalog
//! `api/catalog.json` (data, made here).

use super::{Jobs, Renderer};
use crate::markdown;
use crate::model::{Benefit, Contact, Notice, Page, Partner, Site, Term};
use crate::output::OutputFile;
use crate::routes::{self, Urls};
use serde::Serialize;
use tera::Context;

/// The feeds, the sitemap, robots.txt, the open data and the service worker.
pub fn files(_: &Renderer, jobs: &mut Jobs) {
    jobs.file(routes::NOTICES_FEED, |r| {
        r.file("atom.xml", notices_feed(r))
    });
    jobs.file(routes::RECENT_FEED, |r| {
        r.file("recent.xml", recent_feed(r))
    });
    jobs.file(routes::SITEMAP, |r| r.file("sitemap.xml", sitemap(r)));
    jobs.file(routes::ROBOTS, |r| r.file("robots.txt", Context::new()));
    jobs.file(routes::CATALOG, |r| Ok(r.catalog().to_vec()));
    jobs.file(routes::SERVICE_WORKER, |r| {
        Ok(super::offline::service_worker(r.site, r.catalog(), r.theme, &r.extras.finder).bytes)
    });
}

/// How many notices the feed carries, newest first.
const FEED_LENGTH: usize = 50;

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    date: String,
    summary: String,
    /// The body with its links made absolute: feed readers show it away from its page.
    content_html: String,
    tags: Vec<String>,
}

fn notices_feed(r: &Renderer) -> Context {
    let site = r.site;
    let urls = r.urls;
    let updated = site.notices.first().map(|n| n.date).unwrap_or(site.today);
    let entries: Vec<FeedEntry> = site
        .notices
        .iter()
        .take(FEED_LENGTH)
        .map(|n| {
            let url = urls.absolute(&routes::notice(&n.id));
            let summary = n
                .summary
                .clone()
                .unwrap_or_else(|| markdown::to_plain(&n.body).chars().take(120).collect());
            let content_html = match url::Url::parse(&url) {
                Ok(page) => markdown::to_html_absolute(&n.body, &page),
                Err(_) => markdown::to_html(&n.body),
            };
            FeedEntry {
                title: n.title.clone(),
                url,
                date: n.date.to_string(),
                summary,
                content_html,
                tags: n.tags.clone(),
            }
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "feed",
        &serde_json::json!({
            "url": urls.absolute(routes::NOTICES_FEED),
            "alternate": urls.absolute(routes::NOTICES),
            "updated": updated.to_string(),
            "entries": entries,
        }),
    );
    context
}

fn recent_feed(r: &Renderer) -> Context {
    let changes = super::views::recent_changes(r.site);
    let updated = changes
        .first()
        .map(|c| c.date.iso.clone())
        .unwrap_or_else(|| r.site.today.to_string());
    let mut context = Context::new();
    context.insert(
        "feed",
        &serde_json::json!({
            "url": r.urls.absolute(routes::RECENT_FEED),
            "alternate": r.urls.absolute(routes::RECENT),
            "updated": updated,
            "changes": changes,
        }),
    );
    context
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

/// Every page a search engine should know, with the day an entry last changed.
fn sitemap(r: &Renderer) -> Context {
    let site = r.site;
    let c = &site.config;
    let today = site.today;
    let mut pages: Vec<(String, Option<String>)> = [
        routes::HOME,
        routes::SEARCH,
        routes::FINDER,
        routes::BENEFITS,
        routes::PARTNERS,
        routes::NOTICES,
        routes::RECENT,
    ]
    .iter()
    .map(|route| (route.to_string(), None))
    .collect();
    pages.extend(c.categories.iter().map(|t| (routes::category(&t.id), None)));
    pages.extend(c.groups.iter().map(|t| (routes::group(&t.id), None)));
    pages.extend(c.regions.iter().map(|t| (routes::region(&t.id), None)));
    let day = |d: Option<crate::model::Date>| d.map(|d| d.to_string());
    pages.extend(site.current_benefits().map(|b| {
        let last = super::views::last_modified(b.updated, &b.changes, today);
        (routes::benefit(&b.id), day(last))
    }));
    pages.extend(site.current_partners().map(|p| {
        let last = super::views::last_modified(p.updated, &p.changes, today);
        (routes::partner(&p.id), day(last))
    }));
    pages.extend(
        site.notices
            .iter()
            .map(|n| (routes::notice(&n.id), Some(n.date.to_string()))),
    );
    pages.extend(site.pages.iter().map(|p| (routes::page(&p.id), None)));
    let urls: Vec<SitemapUrl> = pages
        .into_iter()
        .map(|(route, lastmod)| SitemapUrl {
            loc: r.urls.absolute(&route),
            lastmod,
        })
        .collect();
    let mut context = Context::new();
    context.insert("urls", &urls);
    context
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a crate::model::Publisher>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feedback: Option<&'a str>,
    /// The day the build took as today: what "current" means in this file.
    today: String,
}

#[derive(Serialize)]
struct WithUrl<'a, T> {
    #[serde(flatten)]
    entry: &'a T,
    url: String,
}

#[derive(Serialize)]
struct RegionNode {
    id: String,
    name: String,
    url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<RegionNode>,
}

#[derive(Serialize)]
struct Catalog<'a> {
    site: SiteInfo<'a>,
    categories: Vec<WithUrl<'a, Term>>,
    groups: Vec<WithUrl<'a, Term>>,
    regions: Vec<RegionNode>,
    partner_kinds: Vec<WithUrl<'a, Term>>,
    benefits: Vec<WithUrl<'a, Benefit>>,
    partners: Vec<WithUrl<'a, Partner>>,
    notices: Vec<WithUrl<'a, Notice>>,
    pages: Vec<WithUrl<'a, Page>>,
}

/// Every published entry, with its fields as written and its absolute URL. "Published"
/// as SPEC section 4 uses the word: everything whose page is written, so an expired
/// benefit stays (its `valid_until` says so) and a not-yet-valid one is absent.
pub fn catalog(site: &Site) -> OutputFile {
    let c = &site.config;
    let urls = Urls { config: c };
    fn terms<'t>(urls: &Urls, terms: &'t [Term], section: &str) -> Vec<WithUrl<'t, Term>> {
        terms
            .iter()
            .map(|t| WithUrl {
                entry: t,
                url: if section == "partners" {
                    format!(
                        "{}#{}",
                        urls.absolute("partners/"),
                        routes::kind_anchor(&t.id)
                    )
                } else {
                    urls.absolute(&format!("{section}/{}/", t.id))
                },
            })
            .collect()
    }
    fn tree(site: &Site, urls: &Urls, indices: Vec<usize>) -> Vec<RegionNode> {
        indices
            .into_iter()
            .map(|i| {
                let r = &site.config.regions[i];
                RegionNode {
                    id: r.id.clone(),
                    name: r.name.clone(),
                    url: urls.absolute(&format!("regions/{}/", r.id)),
                    children: tree(site, urls, r.children.clone()),
                }
            })
            .collect()
    }
    let roots: Vec<usize> = (0..c.regions.len())
        .filter(|&i| c.regions[i].parent.is_none())
        .collect();
    let catalog = Catalog {
        site: SiteInfo {
            title: &c.title,
            base_url: &c.base_url,
            language: &c.language,
            description: c.description.as_deref(),
            contact: c.contact.as_ref(),
            publisher: c.publisher.as_ref(),
            feedback: c.feedback.as_deref(),
            today: site.today.to_string(),
        },
        categories: terms(&urls, &c.categories, "categories"),
        groups: terms(&urls, &c.groups, "groups"),
        regions: tree(site, &urls, roots),
        partner_kinds: terms(&urls, &c.partner_kinds, "partners"),
        benefits: site
            .benefits
            .iter()
            .map(|b| WithUrl {
                entry: b,
                url: urls.absolute(&routes::benefit(&b.id)),
            })
            .collect(),
        partners: site
            .partners
            .iter()
            .map(|p| WithUrl {
                entry: p,
                url: urls.absolute(&routes::partner(&p.id)),
            })
            .collect(),
        notices: site
            .notices
            .iter()
            .map(|n| WithUrl {
                entry: n,
                url: urls.absolute(&routes::notice(&n.id)),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| WithUrl {
                entry: p,
                url: urls.absolute(&routes::page(&p.id)),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&catalog).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: "api/catalog.json".into(),
        bytes,
    }
}
