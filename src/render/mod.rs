//! Model + templates into the list of output files. Pure: reads no disk, writes nothing.

mod feeds;
mod offline;
mod qr;
pub mod views;

use crate::diag::{Place, Report};
use crate::model::{Site, StaticFile};
use crate::theme::ThemeFiles;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::{Context, Tera};
use views::*;

/// Rows per listing page; long listings continue at `<dir>page/N/`.
pub const PAGE_SIZE: usize = 40;

/// One file of the output, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Only what HTML needs escaped; tera's default also escapes `/`, which mangles every URL.
/// Characters no page or feed may carry are left out (see [`crate::markdown::is_writable`]).
pub(crate) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            c if !crate::markdown::is_writable(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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

/// Compiles the theme's templates; errors name the template file.
pub fn compile(theme: &ThemeFiles, report: &mut Report) -> Option<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(escape_html);
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
        report.error(Place::file(&file), format!("template error: {message}"));
        return None;
    }
    Some(tera)
}

#[derive(Serialize)]
struct TermCount {
    id: String,
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct RegionLink {
    id: String,
    name: String,
    url: String,
    depth: usize,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base: &'a str,
    base_url: &'a str,
    language: &'a str,
    contact: Option<&'a crate::model::Contact>,
    categories: Vec<TermCount>,
    groups: Vec<TermCount>,
    regions: Vec<RegionLink>,
    partner_kinds: Vec<TermCount>,
    pages: Vec<Link>,
    today: DateView,
    benefit_count: usize,
    partner_count: usize,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    /// Root-relative URL of this page.
    url: String,
    canonical: String,
    description: String,
    section: &'static str,
    breadcrumbs: Vec<Link>,
}

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    base: Context,
    urls: Urls<'a>,
}

/// A listing of benefits and partners, paged by [`PAGE_SIZE`].
struct Listing {
    dir: String,
    section: &'static str,
    title: String,
    description: String,
    crumbs: Vec<Link>,
    items: Vec<Row>,
    extra: Context,
}

/// A page to write: the template, its output folder and what it shows.
struct Job<'a> {
    template: &'static str,
    dir: String,
    meta: PageMeta,
    /// Built only when the page is rendered, in parallel, and dropped right after, so a
    /// 100,000-entry site never holds every page's data at once.
    context: Box<dyn Fn() -> Context + Send + Sync + 'a>,
}

/// A category's benefits on a printable catalog page.
#[derive(Serialize)]
struct PrintSection {
    id: String,
    name: String,
    benefits: Vec<BenefitView>,
}

/// A row of a listing, by index into the site's benefits or partners.
#[derive(Clone, Copy)]
enum Row {
    Benefit(usize),
    Partner(usize),
}

fn ready<'a>(context: Context) -> Box<dyn Fn() -> Context + Send + Sync + 'a> {
    Box::new(move || context.clone())
}

impl Renderer<'_> {
    fn meta(
        &self,
        title: &str,
        dir: &str,
        section: &'static str,
        description: &str,
        crumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            url: self.urls.path(dir),
            canonical: self.urls.absolute(dir),
            description: description.to_string(),
            section,
            breadcrumbs: crumbs,
        }
    }

    fn home_crumb(&self) -> Link {
        Link {
            name: "首页".into(),
            url: self.urls.path(""),
        }
    }

    fn crumb(&self, name: &str, dir: &str) -> Link {
        Link {
            name: name.into(),
            url: self.urls.path(dir),
        }
    }

    fn run(&self, job: Job) -> Result<OutputFile, (String, String)> {
        let mut context = self.base.clone();
        context.extend((job.context)());
        context.insert("page", &job.meta);
        let path = job_path(&job.dir);
        self.tera
            .render(job.template, &context)
            .map(|html| OutputFile {
                path,
                bytes: html.into_bytes(),
            })
            .map_err(|e| (job.template.to_string(), error_chain(&e)))
    }

    /// Splits a listing over `dir`, `dir/page/2/`, ... with the same template.
    fn paged<'s>(&'s self, listing: Listing, jobs: &mut Vec<Job<'s>>) {
        let Listing {
            dir,
            section,
            title,
            description,
            crumbs,
            items,
            extra,
        } = listing;
        let template = "list.html";
        let dir = dir.as_str();
        let total = items.len().div_ceil(PAGE_SIZE).max(1);
        let page_dir = |n: usize| {
            if n == 1 {
                dir.to_string()
            } else {
                format!("{dir}page/{n}/")
            }
        };
        let links: Vec<Link> = (1..=total)
            .map(|n| Link {
                name: n.to_string(),
                url: self.urls.path(&page_dir(n)),
            })
            .collect();
        let count = items.len();
        let items = std::sync::Arc::new(items);
        for i in 0..total {
            let n = i + 1;
            let mut context = extra.clone();
            context.insert("count", &count);
            context.insert(
                "pager",
                &Pager {
                    current: n,
                    total,
                    prev: (n > 1).then(|| links[n - 2].url.clone()),
                    next: (n < total).then(|| links[n].url.clone()),
                },
            );
            let shown = if n == 1 {
                title.clone()
            } else {
                format!("{title}（第{n}页）")
            };
            jobs.push(Job {
                template,
                dir: page_dir(n),
                meta: self.meta(&shown, &page_dir(n), section, &description, crumbs.clone()),
                context: {
                    let items = items.clone();
                    Box::new(move || {
                        let mut context = context.clone();
                        let end = (n * PAGE_SIZE).min(items.len());
                        context.insert("items", &self.rows(&items[i * PAGE_SIZE..end]));
                        context
                    })
                },
            });
        }
    }

    /// The cards of one page of a listing, with section headings.
    fn rows(&self, rows: &[Row]) -> Vec<ListItem> {
        let site = self.site;
        with_headings(
            rows.iter()
                .map(|row| match *row {
                    Row::Benefit(i) => Card::Benefit(benefit_card(site, &site.benefits[i])),
                    Row::Partner(i) => Card::Partner(partner_card(site, &site.partners[i])),
                })
                .collect(),
        )
    }
}

fn site_view(site: &Site) -> SiteView<'_> {
    let c = &site.config;
    let urls = Urls { config: c };
    let current: Vec<_> = site.current_benefits().collect();
    let partners: Vec<_> = site.current_partners().collect();
    SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        base: &c.base_path,
        base_url: &c.base_url,
        language: &c.language,
        contact: c.contact.as_ref(),
        categories: c
            .categories
            .iter()
            .map(|t| TermCount {
                id: t.id.clone(),
                name: t.name.clone(),
                url: urls.term("categories", &t.id),
                count: current.iter().filter(|b| b.category == t.id).count(),
            })
            .collect(),
        groups: c
            .groups
            .iter()
            .map(|t| TermCount {
                id: t.id.clone(),
                name: t.name.clone(),
                url: urls.term("groups", &t.id),
                count: current.iter().filter(|b| b.groups.contains(&t.id)).count(),
            })
            .collect(),
        regions: c
            .regions
            .iter()
            .map(|r| RegionLink {
                id: r.id.clone(),
                name: r.name.clone(),
                url: urls.term("regions", &r.id),
                depth: r.depth,
            })
            .collect(),
        partner_kinds: c
            .partner_kinds
            .iter()
            .map(|t| TermCount {
                id: t.id.clone(),
                name: t.name.clone(),
                url: urls.partner_kind(&t.id),
                count: partners.iter().filter(|p| p.kind == t.id).count(),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| Link {
                name: p.title.clone(),
                url: urls.path(&page_dir(&p.id)),
            })
            .collect(),
        today: site.today.into(),
        benefit_count: current.len(),
        partner_count: partners.len(),
    }
}

/// Where rendered files go: the output writer, a collector for the preview server, or
/// nothing for `check`. Called from several threads at once.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> std::io::Result<()> + Sync);

fn job_path(dir: &str) -> String {
    if dir.ends_with(".html") {
        dir.to_string()
    } else {
        format!("{dir}index.html")
    }
}

/// Renders every page, feed and data file of the site and the static files into `sink`,
/// page by page, so that memory stays flat however large the site. Returns how many
/// files were emitted; template errors go into `report`.
pub fn render(
    site: &Site,
    tera: &Tera,
    theme: &ThemeFiles,
    report: &mut Report,
    sink: Sink,
) -> usize {
    let mut base = Context::new();
    base.insert("site", &site_view(site));
    let r = Renderer {
        site,
        tera,
        base,
        urls: Urls {
            config: &site.config,
        },
    };
    let jobs = jobs(&r);
    let mut generated: HashSet<String> = jobs.iter().map(|j| job_path(&j.dir)).collect();
    generated.extend(
        [
            "notices/atom.xml",
            "sitemap.xml",
            "robots.txt",
            "api/catalog.json",
            "sw.js",
        ]
        .map(String::from),
    );
    let statics = merge_statics(theme.statics(), &site.statics, &generated, report);
    generated.clear();

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
    jobs.into_par_iter().for_each(|job| match r.run(job) {
        Ok(file) => emit(file),
        Err((template, message)) => fail(template, message),
    });
    for file in feeds::atom(site) {
        emit(file);
    }
    emit(feeds::sitemap(site));
    emit(feeds::robots(site));
    let catalog = feeds::catalog(site);
    emit(offline::service_worker(site, &catalog, theme));
    emit(catalog);
    crate::search::index_files(site)
        .into_par_iter()
        .for_each(emit);
    statics.into_par_iter().for_each(emit);

    for (what, message) in failures.into_inner().unwrap_or_default() {
        if let Some(path) = what.strip_prefix("write ") {
            report.error(Place::file(path), format!("cannot write: {message}"));
        } else {
            let origin = theme.origin(&what);
            report.error(
                Place::file(&format!("{origin}/templates/{what}")),
                format!("template error: {message}"),
            );
        }
    }
    written.into_inner()
}

/// Theme static files, then the site's own (which win), refusing any that would
/// overwrite a generated page.
fn merge_statics(
    theme: Vec<StaticFile>,
    content: &[StaticFile],
    generated: &HashSet<String>,
    report: &mut Report,
) -> Vec<OutputFile> {
    let mut merged: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for s in theme {
        merged.insert(s.path, s.bytes);
    }
    for s in content {
        if generated.contains(&s.path) {
            report.error(
                Place::file(&format!("content/static/{}", s.path)),
                format!(
                    "this file would overwrite the generated page {}; rename or move it",
                    s.path
                ),
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

fn jobs<'s>(r: &'s Renderer) -> Vec<Job<'s>> {
    let site = r.site;
    let c = &site.config;
    let mut jobs = Vec::new();
    let home = r.home_crumb();

    let current_benefits: Vec<usize> = (0..site.benefits.len())
        .filter(|&i| site.benefit_is_current(&site.benefits[i]))
        .collect();
    let current_partners: Vec<usize> = (0..site.partners.len())
        .filter(|&i| site.partner_is_current(&site.partners[i]))
        .collect();
    let benefit_rows = |filter: &dyn Fn(&crate::model::Benefit) -> bool| -> Vec<Row> {
        current_benefits
            .iter()
            .filter(|&&i| filter(&site.benefits[i]))
            .map(|&i| Row::Benefit(i))
            .collect()
    };
    let partner_rows = |filter: &dyn Fn(&crate::model::Partner) -> bool| -> Vec<Row> {
        current_partners
            .iter()
            .filter(|&&i| filter(&site.partners[i]))
            .map(|&i| Row::Partner(i))
            .collect()
    };

    // Home
    let notices: Vec<NoticeCard> = site.notices.iter().map(|n| notice_card(site, n)).collect();
    let mut context = Context::new();
    let pinned: Vec<&NoticeCard> = notices.iter().filter(|n| n.pinned).collect();
    let latest: Vec<&NoticeCard> = notices
        .iter()
        .filter(|n| !n.archived && !n.pinned)
        .take(5)
        .collect();
    context.insert("pinned", &pinned);
    context.insert("latest", &latest);
    let description = c.description.clone().unwrap_or_default();
    jobs.push(Job {
        template: "index.html",
        dir: String::new(),
        meta: r.meta(&c.title, "", "home", &description, vec![]),
        context: ready(context),
    });

    // Search, finder, 404
    for (template, dir, title, section) in [
        ("search.html", "search/", "搜索", "search"),
        ("finder.html", "finder/", "我能享受哪些优待", "finder"),
        ("404.html", "404.html", "页面未找到", "404"),
    ] {
        jobs.push(Job {
            template,
            dir: dir.to_string(),
            meta: r.meta(
                title,
                if dir.ends_with(".html") { "" } else { dir },
                section,
                &description,
                vec![home.clone()],
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                match template {
                    "search.html" => context.insert("search", &crate::search::search_page(site)),
                    "finder.html" => context.insert("finder", &crate::search::finder_page(site)),
                    _ => {}
                }
                context
            }),
        });
    }

    // Benefits
    let all = benefit_rows(&|_| true);
    let mut extra = Context::new();
    extra.insert("intro", "全部现行有效的优待项目，按类别排列。");
    r.paged(
        Listing {
            dir: "benefits/".to_string(),
            section: "benefits",
            title: "优待目录".to_string(),
            description: description.clone(),
            crumbs: vec![home.clone()],
            items: all,
            extra,
        },
        &mut jobs,
    );
    let benefits_crumb = r.crumb("优待目录", "benefits/");
    for b in &site.benefits {
        let crumbs = vec![
            home.clone(),
            benefits_crumb.clone(),
            Link {
                name: c
                    .categories
                    .iter()
                    .find(|t| t.id == b.category)
                    .map_or_else(|| b.category.clone(), |t| t.name.clone()),
                url: r.urls.term("categories", &b.category),
            },
        ];
        jobs.push(Job {
            template: "benefit.html",
            dir: benefit_dir(&b.id),
            meta: r.meta(
                &b.title,
                &benefit_dir(&b.id),
                "benefits",
                &b.summary,
                crumbs,
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                context.insert("benefit", &benefit_view(site, b, true));
                context
            }),
        });
    }
    for t in &c.categories {
        let rows = benefit_rows(&|b| b.category == t.id);
        let mut extra = Context::new();
        extra.insert("term", &t);
        let description = t
            .description
            .clone()
            .unwrap_or_else(|| format!("{}类优待项目", t.name));
        r.paged(
            Listing {
                dir: format!("categories/{}/", t.id),
                section: "categories",
                title: t.name.clone(),
                description: description.clone(),
                crumbs: vec![home.clone(), benefits_crumb.clone()],
                items: rows,
                extra,
            },
            &mut jobs,
        );
    }
    for t in &c.groups {
        let mut rows = benefit_rows(&|b| b.groups.contains(&t.id));
        rows.extend(partner_rows(&|p| p.serves(&t.id)));
        let mut extra = Context::new();
        extra.insert("term", &t);
        extra.insert(
            "intro",
            &format!("{}可以享受的优待项目和优待商户。", t.name),
        );
        r.paged(
            Listing {
                dir: format!("groups/{}/", t.id),
                section: "groups",
                title: t.name.clone(),
                description: format!("{}可以享受的优待", t.name),
                crumbs: vec![home.clone()],
                items: rows,
                extra,
            },
            &mut jobs,
        );
    }
    for (index, region) in c.regions.iter().enumerate() {
        let mut rows = benefit_rows(&|b| c.applies_in(&b.region, index));
        rows.extend(partner_rows(&|p| c.applies_in(&p.region, index)));
        let mut extra = Context::new();
        let chain: Vec<Link> = c
            .region_and_ancestors(index)
            .iter()
            .rev()
            .map(|&i| Link {
                name: c.regions[i].name.clone(),
                url: r.urls.term("regions", &c.regions[i].id),
            })
            .collect();
        let children: Vec<Link> = region
            .children
            .iter()
            .map(|&i| Link {
                name: c.regions[i].name.clone(),
                url: r.urls.term("regions", &c.regions[i].id),
            })
            .collect();
        extra.insert("region_children", &children);
        let intro = if chain.len() > 1 {
            format!(
                "在{}适用的优待项目和优待商户，包括{}的统一优待。",
                region.name,
                chain[..chain.len() - 1]
                    .iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            )
        } else {
            format!("在{}适用的优待项目和优待商户。", region.name)
        };
        extra.insert("intro", &intro);
        let print_dir = format!("regions/{}/print/", region.id);
        extra.insert("print_url", &r.urls.path(&print_dir));
        let mut crumbs = vec![home.clone()];
        crumbs.extend(chain[..chain.len() - 1].iter().cloned());
        let print_benefits: Vec<usize> = current_benefits
            .iter()
            .copied()
            .filter(|&i| c.applies_in(&site.benefits[i].region, index))
            .collect();
        let mut print_crumbs = crumbs.clone();
        print_crumbs.push(r.crumb(&region.name, &format!("regions/{}/", region.id)));
        jobs.push(Job {
            template: "print.html",
            dir: print_dir.clone(),
            meta: r.meta(
                &format!("{}军人军属优待目录", region.name),
                &print_dir,
                "print",
                &intro,
                print_crumbs,
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                let mut sections: Vec<PrintSection> = Vec::new();
                for &i in &print_benefits {
                    let b = &site.benefits[i];
                    let view = benefit_view(site, b, false);
                    match sections.last_mut() {
                        Some(s) if s.id == b.category => s.benefits.push(view),
                        _ => sections.push(PrintSection {
                            id: b.category.clone(),
                            name: view.card.category.name.clone(),
                            benefits: vec![view],
                        }),
                    }
                }
                context.insert("count", &print_benefits.len());
                context.insert("sections", &sections);
                context.insert(
                    "intro",
                    &format!(
                        "在{}适用的全部现行优待项目",
                        site.config.regions[index].name
                    ),
                );
                context
            }),
        });
        r.paged(
            Listing {
                dir: format!("regions/{}/", region.id),
                section: "regions",
                title: region.name.clone(),
                description: intro.clone(),
                crumbs,
                items: rows,
                extra,
            },
            &mut jobs,
        );
    }

    // Partners
    let rows = partner_rows(&|_| true);
    let mut extra = Context::new();
    extra.insert(
        "intro",
        "凭优待证（或相关证件）可享受优惠的景区、医疗机构、商户和出行服务。",
    );
    r.paged(
        Listing {
            dir: "partners/".to_string(),
            section: "partners",
            title: "优待商户".to_string(),
            description: description.clone(),
            crumbs: vec![home.clone()],
            items: rows,
            extra,
        },
        &mut jobs,
    );
    let partners_crumb = r.crumb("优待商户", "partners/");
    for p in &site.partners {
        jobs.push(Job {
            template: "partner.html",
            dir: partner_dir(&p.id),
            meta: r.meta(
                &p.name,
                &partner_dir(&p.id),
                "partners",
                &p.offer,
                vec![home.clone(), partners_crumb.clone()],
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                context.insert("partner", &partner_view(site, p));
                context
            }),
        });
    }

    // Notices: current first, then the archive
    let mut ordered: Vec<&NoticeCard> = notices.iter().filter(|n| !n.archived).collect();
    ordered.extend(notices.iter().filter(|n| n.archived));
    let total = ordered.len().div_ceil(PAGE_SIZE).max(1);
    for n in 1..=total {
        let dir = if n == 1 {
            "notices/".to_string()
        } else {
            format!("notices/page/{n}/")
        };
        let chunk: Vec<&NoticeCard> = ordered
            .iter()
            .skip((n - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .copied()
            .collect();
        let mut context = Context::new();
        context.insert(
            "current",
            &chunk.iter().filter(|n| !n.archived).collect::<Vec<_>>(),
        );
        context.insert(
            "archive",
            &chunk.iter().filter(|n| n.archived).collect::<Vec<_>>(),
        );
        context.insert(
            "pager",
            &Pager {
                current: n,
                total,
                prev: (n > 1).then(|| {
                    r.urls.path(&if n == 2 {
                        "notices/".to_string()
                    } else {
                        format!("notices/page/{}/", n - 1)
                    })
                }),
                next: (n < total).then(|| r.urls.path(&format!("notices/page/{}/", n + 1))),
            },
        );
        jobs.push(Job {
            template: "notices.html",
            dir: dir.clone(),
            meta: r.meta(
                "通知公告",
                &dir,
                "notices",
                &description,
                vec![home.clone()],
            ),
            context: ready(context),
        });
    }
    let notices_crumb = r.crumb("通知公告", "notices/");
    for n in &site.notices {
        let description = n.summary.clone().unwrap_or_else(|| n.title.clone());
        jobs.push(Job {
            template: "notice.html",
            dir: notice_dir(&n.id),
            meta: r.meta(
                &n.title,
                &notice_dir(&n.id),
                "notices",
                &description,
                vec![home.clone(), notices_crumb.clone()],
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                context.insert("notice", &notice_view(site, n));
                context
            }),
        });
    }

    // Free pages
    for p in &site.pages {
        jobs.push(Job {
            template: "page.html",
            dir: page_dir(&p.id),
            meta: r.meta(
                &p.title,
                &page_dir(&p.id),
                "page",
                &description,
                vec![home.clone()],
            ),
            context: Box::new(move || {
                let mut context = Context::new();
                context.insert("content", &page_view(site, p));
                context
            }),
        });
    }
    jobs
}
