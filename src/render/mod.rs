//! Model + templates into the list of output files. Pure: reads no disk, writes nothing.

mod feeds;
pub mod views;

use crate::diag::{Place, Report};
use crate::model::{Site, StaticFile};
use crate::theme::ThemeFiles;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};
use views::*;

/// Rows per listing page; long listings continue at `<dir>page/N/`.
pub const PAGE_SIZE: usize = 100;

/// One file of the output, relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Only what HTML needs escaped; tera's default also escapes `/`, which mangles every URL.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
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
    pages: Vec<Link>,
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    base: Context,
    urls: Urls<'a>,
}

/// A page to write: the template, its output folder and what it shows.
struct Job {
    template: &'static str,
    dir: String,
    meta: PageMeta,
    context: Context,
}

impl Renderer<'_> {
    fn meta(&self, title: &str, dir: &str, section: &'static str, description: &str, crumbs: Vec<Link>) -> PageMeta {
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
        context.extend(job.context);
        context.insert("page", &job.meta);
        let path = if job.dir.ends_with(".html") {
            job.dir.clone()
        } else {
            format!("{}index.html", job.dir)
        };
        self.tera
            .render(job.template, &context)
            .map(|html| OutputFile {
                path,
                bytes: html.into_bytes(),
            })
            .map_err(|e| (job.template.to_string(), error_chain(&e)))
    }

    /// Splits `items` over `dir`, `dir/page/2/`, ... with the same template.
    fn paged(
        &self,
        template: &'static str,
        dir: &str,
        section: &'static str,
        title: &str,
        description: &str,
        crumbs: Vec<Link>,
        items: Vec<ListItem>,
        extra: &Context,
        jobs: &mut Vec<Job>,
    ) {
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
        let mut chunks: Vec<Vec<ListItem>> = items.chunks(PAGE_SIZE).map(<[ListItem]>::to_vec).collect();
        if chunks.is_empty() {
            chunks.push(Vec::new());
        }
        for (i, chunk) in chunks.into_iter().enumerate() {
            let n = i + 1;
            let mut context = extra.clone();
            context.insert("items", &chunk);
            context.insert("count", &count);
            context.insert(
                "pager",
                &Pager {
                    current: n,
                    total,
                    prev: (n > 1).then(|| links[n - 2].url.clone()),
                    next: (n < total).then(|| links[n].url.clone()),
                    pages: if total > 1 { links.clone() } else { Vec::new() },
                },
            );
            let shown = if n == 1 {
                title.to_string()
            } else {
                format!("{title}（第{n}页）")
            };
            jobs.push(Job {
                template,
                dir: page_dir(n),
                meta: self.meta(&shown, &page_dir(n), section, description, crumbs.clone()),
                context,
            });
        }
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
                url: format!("{}#{}", urls.path("partners/"), t.id),
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

/// Renders every page, feed and data file of the site, and gathers the static files.
pub fn render(site: &Site, tera: &Tera, theme: &ThemeFiles, report: &mut Report) -> Vec<OutputFile> {
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
    let results: Vec<Result<OutputFile, (String, String)>> = jobs.into_par_iter().map(|job| r.run(job)).collect();

    let mut files = Vec::with_capacity(results.len() + 8);
    let mut template_errors = BTreeMap::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err((template, message)) => {
                template_errors.entry(template).or_insert(message);
            }
        }
    }
    for (template, message) in template_errors {
        let origin = theme.origin(&template);
        report.error(
            Place::file(&format!("{origin}/templates/{template}")),
            format!("template error: {message}"),
        );
    }

    files.extend(feeds::atom(site));
    files.push(feeds::sitemap(site));
    files.push(feeds::catalog(site));
    add_statics(&mut files, theme.statics(), &site.statics, report);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn add_statics(files: &mut Vec<OutputFile>, theme: Vec<StaticFile>, content: &[StaticFile], report: &mut Report) {
    let generated: std::collections::HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut merged: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for s in theme {
        merged.insert(s.path, s.bytes);
    }
    for s in content {
        if generated.contains(&s.path) {
            report.error(
                Place::file(&format!("content/static/{}", s.path)),
                format!("this file would overwrite the generated page {}; rename or move it", s.path),
            );
            continue;
        }
        merged.insert(s.path.clone(), s.bytes.clone());
    }
    files.extend(merged.into_iter().map(|(path, bytes)| OutputFile { path, bytes }));
}

fn jobs(r: &Renderer) -> Vec<Job> {
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
    let benefit_cards: Vec<BenefitCard> = site.benefits.par_iter().map(|b| benefit_card(site, b)).collect();
    let partner_cards: Vec<PartnerCard> = site.partners.par_iter().map(|p| partner_card(site, p)).collect();
    let benefit_rows = |filter: &dyn Fn(&crate::model::Benefit) -> bool| -> Vec<Card> {
        current_benefits
            .iter()
            .filter(|&&i| filter(&site.benefits[i]))
            .map(|&i| Card::Benefit(benefit_cards[i].clone()))
            .collect()
    };
    let partner_rows = |filter: &dyn Fn(&crate::model::Partner) -> bool| -> Vec<Card> {
        current_partners
            .iter()
            .filter(|&&i| filter(&site.partners[i]))
            .map(|&i| Card::Partner(partner_cards[i].clone()))
            .collect()
    };

    // Home
    let notices: Vec<NoticeCard> = site.notices.iter().map(|n| notice_card(site, n)).collect();
    let mut context = Context::new();
    let pinned: Vec<&NoticeCard> = notices.iter().filter(|n| n.pinned).collect();
    let latest: Vec<&NoticeCard> = notices.iter().filter(|n| !n.archived && !n.pinned).take(5).collect();
    context.insert("pinned", &pinned);
    context.insert("latest", &latest);
    let description = c.description.clone().unwrap_or_default();
    jobs.push(Job {
        template: "index.html",
        dir: String::new(),
        meta: r.meta(&c.title, "", "home", &description, vec![]),
        context,
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
            meta: r.meta(title, if dir.ends_with(".html") { "" } else { dir }, section, &description, vec![home.clone()]),
            context: Context::new(),
        });
    }

    // Benefits
    let all = with_headings(benefit_rows(&|_| true));
    let mut extra = Context::new();
    extra.insert("intro", "全部现行有效的优待项目，按类别排列。");
    r.paged("list.html", "benefits/", "benefits", "优待目录", &description, vec![home.clone()], all, &extra, &mut jobs);
    let benefits_crumb = r.crumb("优待目录", "benefits/");
    for (i, b) in site.benefits.iter().enumerate() {
        let view = benefit_view(site, b);
        let mut context = Context::new();
        context.insert("benefit", &view);
        let cat = &benefit_cards[i].category;
        let crumbs = vec![home.clone(), benefits_crumb.clone(), Link { name: cat.name.clone(), url: cat.url.clone() }];
        jobs.push(Job {
            template: "benefit.html",
            dir: benefit_dir(&b.id),
            meta: r.meta(&b.title, &benefit_dir(&b.id), "benefits", &b.summary, crumbs),
            context,
        });
    }
    for t in &c.categories {
        let rows = with_headings(benefit_rows(&|b| b.category == t.id));
        let mut extra = Context::new();
        extra.insert("term", &t);
        let description = t.description.clone().unwrap_or_else(|| format!("{}类优待项目", t.name));
        r.paged("list.html", &format!("categories/{}/", t.id), "categories", &t.name, &description, vec![home.clone(), benefits_crumb.clone()], rows, &extra, &mut jobs);
    }
    for t in &c.groups {
        let mut rows = benefit_rows(&|b| b.groups.contains(&t.id));
        rows.extend(partner_rows(&|p| p.serves(&t.id)));
        let mut extra = Context::new();
        extra.insert("term", &t);
        extra.insert("intro", &format!("{}可以享受的优待项目和优待商户。", t.name));
        r.paged("list.html", &format!("groups/{}/", t.id), "groups", &t.name, &format!("{}可以享受的优待", t.name), vec![home.clone()], with_headings(rows), &extra, &mut jobs);
    }
    for (index, region) in c.regions.iter().enumerate() {
        let mut rows = benefit_rows(&|b| c.applies_in(&b.region, index));
        rows.extend(partner_rows(&|p| c.applies_in(&p.region, index)));
        let mut extra = Context::new();
        let chain: Vec<Link> = c
            .region_and_ancestors(index)
            .iter()
            .rev()
            .map(|&i| Link { name: c.regions[i].name.clone(), url: r.urls.term("regions", &c.regions[i].id) })
            .collect();
        let children: Vec<Link> = region
            .children
            .iter()
            .map(|&i| Link { name: c.regions[i].name.clone(), url: r.urls.term("regions", &c.regions[i].id) })
            .collect();
        extra.insert("region_children", &children);
        let intro = if chain.len() > 1 {
            format!("在{}适用的优待项目和优待商户，包括{}的统一优待。", region.name, chain[..chain.len() - 1].iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join("、"))
        } else {
            format!("在{}适用的优待项目和优待商户。", region.name)
        };
        extra.insert("intro", &intro);
        let mut crumbs = vec![home.clone()];
        crumbs.extend(chain[..chain.len() - 1].iter().cloned());
        r.paged("list.html", &format!("regions/{}/", region.id), "regions", &region.name, &intro, crumbs, with_headings(rows), &extra, &mut jobs);
    }

    // Partners
    let rows = with_headings(partner_rows(&|_| true));
    let mut extra = Context::new();
    extra.insert("intro", "凭优待证（或相关证件）可享受优惠的景区、医疗机构、商户和出行服务。");
    r.paged("list.html", "partners/", "partners", "优待商户", &description, vec![home.clone()], rows, &extra, &mut jobs);
    let partners_crumb = r.crumb("优待商户", "partners/");
    for p in &site.partners {
        let mut context = Context::new();
        context.insert("partner", &partner_view(site, p));
        jobs.push(Job {
            template: "partner.html",
            dir: partner_dir(&p.id),
            meta: r.meta(&p.name, &partner_dir(&p.id), "partners", &p.offer, vec![home.clone(), partners_crumb.clone()]),
            context,
        });
    }

    // Notices: current first, then the archive
    let mut ordered: Vec<&NoticeCard> = notices.iter().filter(|n| !n.archived).collect();
    ordered.extend(notices.iter().filter(|n| n.archived));
    let total = ordered.len().div_ceil(PAGE_SIZE).max(1);
    for n in 1..=total {
        let dir = if n == 1 { "notices/".to_string() } else { format!("notices/page/{n}/") };
        let chunk: Vec<&NoticeCard> = ordered.iter().skip((n - 1) * PAGE_SIZE).take(PAGE_SIZE).copied().collect();
        let mut context = Context::new();
        context.insert("current", &chunk.iter().filter(|n| !n.archived).collect::<Vec<_>>());
        context.insert("archive", &chunk.iter().filter(|n| n.archived).collect::<Vec<_>>());
        context.insert(
            "pager",
            &Pager {
                current: n,
                total,
                prev: (n > 1).then(|| r.urls.path(&if n == 2 { "notices/".to_string() } else { format!("notices/page/{}/", n - 1) })),
                next: (n < total).then(|| r.urls.path(&format!("notices/page/{}/", n + 1))),
                pages: Vec::new(),
            },
        );
        jobs.push(Job {
            template: "notices.html",
            dir: dir.clone(),
            meta: r.meta("通知公告", &dir, "notices", &description, vec![home.clone()]),
            context,
        });
    }
    let notices_crumb = r.crumb("通知公告", "notices/");
    for n in &site.notices {
        let mut context = Context::new();
        context.insert("notice", &notice_view(site, n));
        let description = n.summary.clone().unwrap_or_else(|| n.title.clone());
        jobs.push(Job {
            template: "notice.html",
            dir: notice_dir(&n.id),
            meta: r.meta(&n.title, &notice_dir(&n.id), "notices", &description, vec![home.clone(), notices_crumb.clone()]),
            context,
        });
    }

    // Free pages
    for p in &site.pages {
        let mut context = Context::new();
        context.insert("content", &page_view(site, p));
        jobs.push(Job {
            template: "page.html",
            dir: page_dir(&p.id),
            meta: r.meta(&p.title, &page_dir(&p.id), "page", &description, vec![home.clone()]),
            context,
        });
    }
    jobs
}
