//! The machine-readable faces of the site: the Atom feeds of notices and of changes, the
//! sitemap and robots.txt (templates, which a theme may change), and the open-data catalog
//! `api/catalog.json` (data, made here).

use super::{Input, Jobs, Pieces, Renderer};
use crate::fingerprint;
use crate::markdown;
use crate::model::{Contact, Site, Term};
use crate::output::OutputFile;
use crate::routes::{self, Urls};
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

/// The feeds, the sitemap, robots.txt, the open data and the service worker.
pub fn files(r: &Renderer, jobs: &mut Jobs) {
    let latest = (0..r.site.notices.len().min(FEED_LENGTH)).map(Input::Notice);
    jobs.file_showing(routes::NOTICES_FEED, (), latest.collect(), |r| {
        r.file("atom.xml", notices_feed(r))
    });
    jobs.file(routes::RECENT_FEED, |r| {
        r.file("recent.xml", recent_feed(r))
    });
    jobs.file_showing(routes::SITEMAP, sitemap_key(r.site), vec![], |r| {
        r.file("sitemap.xml", sitemap(r, &sitemap_pages(r.site)))
    });
    jobs.file_showing(routes::ROBOTS, (), vec![], |r| {
        r.file("robots.txt", Context::new())
    });
    jobs.file(routes::CATALOG, |r| {
        Ok(catalog(r.site, r.pieces, r.globals).bytes)
    });
    jobs.file(routes::SERVICE_WORKER, |r| {
        let finder = &r.extras.finder;
        Ok(super::offline::service_worker(r.site, r.everything, r.theme, finder).bytes)
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

/// Every page a search engine should know (its route), with the day an entry last changed:
/// all the sitemap shows besides the settings, so that a save that changes neither leaves
/// the sitemap as it was.
fn sitemap_pages(site: &Site) -> Vec<(String, Option<String>)> {
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
    pages
}

/// The fingerprint of what the sitemap shows besides the settings (which every file's
/// fingerprint holds): the entries in it, each with its day. Taken after every save of the
/// preview, so without making a single route.
fn sitemap_key(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let today = site.today;
    let mut h = std::hash::DefaultHasher::new();
    for b in site.current_benefits() {
        (
            &b.id,
            super::views::last_modified(b.updated, &b.changes, today),
        )
            .hash(&mut h);
    }
    0xbe_u8.hash(&mut h);
    for p in site.current_partners() {
        (
            &p.id,
            super::views::last_modified(p.updated, &p.changes, today),
        )
            .hash(&mut h);
    }
    0xbe_u8.hash(&mut h);
    for n in &site.notices {
        (&n.id, n.date).hash(&mut h);
    }
    0xbe_u8.hash(&mut h);
    for p in &site.pages {
        p.id.hash(&mut h);
    }
    h.finish()
}

fn sitemap(r: &Renderer, pages: &[(String, Option<String>)]) -> Context {
    let urls: Vec<SitemapUrl> = pages
        .iter()
        .map(|(route, lastmod)| SitemapUrl {
            loc: r.urls.absolute(route),
            lastmod: lastmod.clone(),
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

/// `value` in serde_json's pretty layout as it stands `depth` levels into a document:
/// every line after the first indented two spaces a level. (A JSON string holds no line
/// break, so every line break is the layout's.)
fn pretty_at(value: &impl Serialize, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    if depth == 0 || !text.contains('\n') {
        return text;
    }
    text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// The records of one kind of entry in the open data, each a piece known by its entry's
/// source: a save makes the records of the entries it changed and copies the rest.
struct Records<'p> {
    kind: &'static str,
    /// The route of an entry of the kind, by id.
    route: fn(&str) -> String,
    pieces: &'p Pieces,
    globals: u64,
    urls: &'p Urls<'p>,
}

impl Records<'_> {
    /// The records of `entries`, each laid out as `serde_json::to_string_pretty` lays out an
    /// item of a list that is the value of a field of the top-level object. `about` gives
    /// an entry's source's fingerprint and its id.
    fn list<T: Serialize + Sync>(
        &self,
        entries: &[T],
        about: impl Fn(&T) -> (u64, &str) + Sync,
    ) -> Vec<Arc<str>> {
        let keys: Vec<u64> = entries
            .iter()
            .map(|entry| fingerprint::of(&("catalog", self.kind, self.globals, about(entry).0)))
            .collect();
        let made = self.pieces.get_all(&keys, |i| {
            let url = self.urls.absolute(&(self.route)(about(&entries[i]).1));
            Ok::<_, ()>(pretty_at(
                &WithUrl {
                    entry: &entries[i],
                    url,
                },
                2,
            ))
        });
        made.unwrap_or_default()
    }
}

/// A field's value in the open data: JSON laid out already, or a list of records.
enum Field {
    Laid(String),
    Records(Vec<Arc<str>>),
}

impl Field {
    fn len(&self) -> usize {
        match self {
            Field::Laid(text) => text.len(),
            Field::Records(records) => records.iter().map(|r| r.len() + 6).sum::<usize>() + 5,
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Field::Laid(text) => out.push_str(text),
            Field::Records(records) if records.is_empty() => out.push_str("[]"),
            Field::Records(records) => {
                out.push('[');
                for (i, record) in records.iter().enumerate() {
                    out.push_str(if i == 0 { "\n    " } else { ",\n    " });
                    out.push_str(record);
                }
                out.push_str("\n  ]");
            }
        }
    }
}

/// Every published entry, with its fields as written and its absolute URL. "Published"
/// as SPEC section 4 uses the word: everything whose page is written, so an expired
/// benefit stays (its `valid_until` says so) and a not-yet-valid one is absent.
pub fn catalog(site: &Site, pieces: &Pieces, globals: u64) -> OutputFile {
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
    let site_info = SiteInfo {
        title: &c.title,
        base_url: &c.base_url,
        language: &c.language,
        description: c.description.as_deref(),
        contact: c.contact.as_ref(),
        publisher: c.publisher.as_ref(),
        feedback: c.feedback.as_deref(),
        today: site.today.to_string(),
    };
    let records = |kind, route| Records {
        kind,
        route,
        pieces,
        globals,
        urls: &urls,
    };
    let laid = |text| Field::Laid(text);
    let fields: [(&str, Field); 9] = [
        ("site", laid(pretty_at(&site_info, 1))),
        (
            "categories",
            laid(pretty_at(&terms(&urls, &c.categories, "categories"), 1)),
        ),
        (
            "groups",
            laid(pretty_at(&terms(&urls, &c.groups, "groups"), 1)),
        ),
        ("regions", laid(pretty_at(&tree(site, &urls, roots), 1))),
        (
            "partner_kinds",
            laid(pretty_at(&terms(&urls, &c.partner_kinds, "partners"), 1)),
        ),
        (
            "benefits",
            Field::Records(
                records("benefit", routes::benefit).list(&site.benefits, |b| (b.source, &b.id)),
            ),
        ),
        (
            "partners",
            Field::Records(
                records("partner", routes::partner).list(&site.partners, |p| (p.source, &p.id)),
            ),
        ),
        (
            "notices",
            Field::Records(
                records("notice", routes::notice).list(&site.notices, |n| (n.source, &n.id)),
            ),
        ),
        (
            "pages",
            Field::Records(records("page", routes::page).list(&site.pages, |p| (p.source, &p.id))),
        ),
    ];
    // Tens of megabytes at 10,000 entries: written once, into a buffer of the right size.
    let size = fields
        .iter()
        .map(|(n, v)| n.len() + v.len() + 8)
        .sum::<usize>()
        + 4;
    let mut out = String::with_capacity(size);
    out.push('{');
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "\n  \"" } else { ",\n  \"" });
        out.push_str(name);
        out.push_str("\": ");
        value.write(&mut out);
    }
    out.push_str("\n}\n");
    let bytes = out.into_bytes();
    OutputFile {
        path: "api/catalog.json".into(),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{self, LoadOptions};
    use crate::model::{Benefit, Date, Notice, Page, Partner};

    /// The entries of the open data as serde_json lays them out all at once, to hold the
    /// lists put together from pieces to.
    #[derive(Serialize)]
    struct Entries<'a> {
        benefits: Vec<WithUrl<'a, Benefit>>,
        partners: Vec<WithUrl<'a, Partner>>,
        notices: Vec<WithUrl<'a, Notice>>,
        pages: Vec<WithUrl<'a, Page>>,
    }

    #[test]
    fn the_catalog_put_together_from_pieces_is_serde_jsons_layout_of_the_whole() {
        let options = LoadOptions {
            today: Date::parse("2025-06-01").unwrap(),
            base_url: None,
        };
        let loaded = content::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &options);
        let site = loaded.site.expect("the demo site loads");
        let pieces = Pieces::kept();
        let made = catalog(&site, &pieces, 1).bytes;
        // From the pieces kept the first time, the same again.
        assert_eq!(made, catalog(&site, &pieces, 1).bytes);
        let parsed: serde_json::Value = serde_json::from_slice(&made).unwrap();
        let urls = Urls {
            config: &site.config,
        };
        fn listed<'t, T>(
            entries: &'t [std::sync::Arc<T>],
            url: impl Fn(&T) -> String,
        ) -> Vec<WithUrl<'t, T>> {
            entries
                .iter()
                .map(|entry| WithUrl {
                    url: url(entry),
                    entry: &**entry,
                })
                .collect()
        }
        let whole = Entries {
            benefits: listed(&site.benefits, |b| urls.absolute(&routes::benefit(&b.id))),
            partners: listed(&site.partners, |p| urls.absolute(&routes::partner(&p.id))),
            notices: listed(&site.notices, |n| urls.absolute(&routes::notice(&n.id))),
            pages: listed(&site.pages, |p| urls.absolute(&routes::page(&p.id))),
        };
        assert!(!whole.benefits.is_empty() && !whole.pages.is_empty());
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        let made = String::from_utf8(made).unwrap();
        let lists = made
            .find("\n  \"benefits\": [")
            .expect("the entries follow the vocabulary");
        assert_eq!(made[lists..], expected["{".len()..]);
        assert_eq!(parsed["regions"][0]["children"][4]["name"], "平遥县");
        assert!(made.starts_with("{\n  \"site\": {\n    \"title\": "));
    }
}
