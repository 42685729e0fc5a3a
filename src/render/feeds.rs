//! The machine-readable faces of the site: the notices' Atom feed, the sitemap, robots.txt
//! and the open-data catalog `api/catalog.json`.

use super::{Jobs, Renderer};
use crate::markdown;
use crate::model::{Benefit, Contact, Notice, Page, Partner, Site, Term};
use crate::output::OutputFile;
use crate::routes::{self, Urls};
use serde::Serialize;

/// Text for XML: escaped, and without the characters XML 1.0 does not allow.
fn xml_escape(text: &str) -> String {
    crate::escape::html(text)
}

/// The feeds, the sitemap, robots.txt, the open data and the service worker.
pub fn files(r: &Renderer, jobs: &mut Jobs) {
    jobs.file(routes::NOTICES_FEED, |r| Ok(atom(r.site).bytes));
    jobs.file(routes::SITEMAP, |r| Ok(sitemap(r.site).bytes));
    jobs.file(routes::ROBOTS, |r| Ok(robots(r.site).bytes));
    jobs.file(routes::CATALOG, |r| Ok(r.catalog().to_vec()));
    jobs.file(routes::SERVICE_WORKER, |r| {
        Ok(super::offline::service_worker(r.site, r.catalog(), r.theme).bytes)
    });
    let _ = r;
}

/// How many notices the feed carries, newest first.
const FEED_LENGTH: usize = 50;

pub fn atom(site: &Site) -> OutputFile {
    let c = &site.config;
    let urls = Urls { config: c };
    let feed_url = urls.absolute("notices/atom.xml");
    let updated = site.notices.first().map(|n| n.date).unwrap_or(site.today);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&c.language)
    ));
    xml.push_str(&format!(
        "  <title>{} · 通知公告</title>\n",
        xml_escape(&c.title)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&urls.absolute("notices/"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&feed_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&urls.absolute("notices/"))
    ));
    xml.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&c.title)
    ));
    for n in site.notices.iter().take(FEED_LENGTH) {
        let url = urls.absolute(&routes::notice(&n.id));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&n.title)));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        xml.push_str(&format!(
            "    <published>{}T00:00:00Z</published>\n",
            n.date
        ));
        xml.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", n.date));
        let summary = n
            .summary
            .clone()
            .unwrap_or_else(|| markdown::to_plain(&n.body).chars().take(120).collect());
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&summary)
        ));
        // Feed readers show the body away from its page, so its relative links are made
        // absolute; xml:base says where they came from, for any a reader resolves itself.
        let body = match url::Url::parse(&url) {
            Ok(page) => markdown::to_html_absolute(&n.body, &page),
            Err(_) => markdown::to_html(&n.body),
        };
        xml.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">{}</content>\n",
            xml_escape(&url),
            xml_escape(&body)
        ));
        for tag in &n.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(tag)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: routes::NOTICES_FEED.into(),
        bytes: xml.into_bytes(),
    }
}

pub fn sitemap(site: &Site) -> OutputFile {
    let c = &site.config;
    let urls = Urls { config: c };
    let mut dirs: Vec<String> = vec![
        String::new(),
        "search/".into(),
        "finder/".into(),
        "benefits/".into(),
        "partners/".into(),
        "notices/".into(),
    ];
    dirs.extend(c.categories.iter().map(|t| format!("categories/{}/", t.id)));
    dirs.extend(c.groups.iter().map(|t| format!("groups/{}/", t.id)));
    dirs.extend(c.regions.iter().map(|t| format!("regions/{}/", t.id)));
    dirs.extend(site.current_benefits().map(|b| routes::benefit(&b.id)));
    dirs.extend(site.current_partners().map(|p| routes::partner(&p.id)));
    dirs.extend(site.notices.iter().map(|n| routes::notice(&n.id)));
    dirs.extend(site.pages.iter().map(|p| routes::page(&p.id)));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for dir in dirs {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&urls.absolute(&dir))
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// Lets every crawler in and tells it where the sitemap is; robots.txt lives at the root of
/// the host, so a site under a path (`/yd/`) must have its server publish this one there.
pub fn robots(site: &Site) -> OutputFile {
    let urls = Urls {
        config: &site.config,
    };
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute("sitemap.xml")
    );
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
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
