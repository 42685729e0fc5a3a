//! The pages that list entries: the home page, the catalog and its categories, the pages of
//! each group and region, the partners, the notices; and the search, finder and 404 pages.
//! Each step adds its jobs; a listing's pages show their rows and nothing else.

use super::views::{self, Link, NoticeCard};
use super::{site_view, Input, Jobs, Renderer, Row};
use crate::model::{Benefit, Partner};
use crate::routes::{self, PAGE_SIZE};
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

#[derive(Serialize, Hash)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// A listing of benefits and partners, paged by [`PAGE_SIZE`].
struct Listing {
    dir: String,
    section: &'static str,
    title: String,
    description: String,
    crumbs: Vec<Link>,
    rows: Vec<Row>,
    /// What the template is told beside the rows (an intro, the term, sub-regions); a
    /// function of the settings only.
    extra: Context,
}

/// The site's current benefits (or partners) that `keep` accepts, as rows.
fn benefit_rows(r: &Renderer, keep: impl Fn(&Benefit) -> bool) -> Vec<Row> {
    let site = r.site;
    (0..site.benefits.len())
        .filter(|&i| site.benefit_is_current(&site.benefits[i]) && keep(&site.benefits[i]))
        .map(Row::Benefit)
        .collect()
}

fn partner_rows(r: &Renderer, keep: impl Fn(&Partner) -> bool) -> Vec<Row> {
    let site = r.site;
    (0..site.partners.len())
        .filter(|&i| site.partner_is_current(&site.partners[i]) && keep(&site.partners[i]))
        .map(Row::Partner)
        .collect()
}

/// The cards of one page of a listing, with section headings.
fn cards(r: &Renderer, rows: &[Row]) -> Vec<views::ListItem> {
    let site = r.site;
    views::with_headings(
        rows.iter()
            .map(|row| match *row {
                Row::Benefit(i) => {
                    views::Card::Benefit(views::benefit_card(site, &site.benefits[i]))
                }
                Row::Partner(i) => {
                    views::Card::Partner(views::partner_card(site, &site.partners[i]))
                }
            })
            .collect(),
    )
}

/// Splits a listing over `dir`, `dir/page/2/`, ... with the same template.
fn paged<'a>(r: &Renderer, listing: Listing, jobs: &mut Jobs<'a>) {
    let Listing {
        dir,
        section,
        title,
        description,
        crumbs,
        rows,
        extra,
    } = listing;
    let total = rows.len().div_ceil(PAGE_SIZE).max(1);
    let count = rows.len();
    let rows = Arc::new(rows);
    for n in 1..=total {
        let route = routes::listing_page(&dir, n);
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| r.urls.path(&routes::listing_page(&dir, n - 1))),
            next: (n < total).then(|| r.urls.path(&routes::listing_page(&dir, n + 1))),
        };
        let shown = if n == 1 {
            title.clone()
        } else {
            format!("{title}（第{n}页）")
        };
        let range = (n - 1) * PAGE_SIZE..(n * PAGE_SIZE).min(count);
        let page_rows: Vec<Row> = rows[range].to_vec();
        let inputs = page_rows.iter().map(|row| row.input()).collect();
        let mut context = extra.clone();
        context.insert("count", &count);
        context.insert("pager", &pager);
        // What else the page shows: the intro and the term come from the settings.
        let key = (count, total);
        let meta = r.meta(&shown, &route, section, &description, crumbs.clone());
        jobs.page(&route, "list.html", meta, key, inputs, move |r| {
            let mut context = context.clone();
            context.insert("items", &cards(r, &page_rows));
            context
        });
    }
}

/// The home page: counts, categories, groups, regions, pinned and latest notices.
pub fn home(r: &Renderer, jobs: &mut Jobs) {
    let site = r.site;
    let description = site.config.description.clone().unwrap_or_default();
    let meta = r.meta(
        &site.config.title,
        routes::HOME,
        "home",
        &description,
        vec![],
    );
    jobs.page(
        routes::HOME,
        "index.html",
        meta,
        (),
        vec![Input::Everything],
        |r| {
            let site = r.site;
            let notices: Vec<NoticeCard> = site
                .notices
                .iter()
                .map(|n| views::notice_card(site, n))
                .collect();
            let pinned: Vec<&NoticeCard> = notices.iter().filter(|n| n.pinned).collect();
            let latest: Vec<&NoticeCard> = notices
                .iter()
                .filter(|n| !n.archived && !n.pinned)
                .take(5)
                .collect();
            let mut context = Context::new();
            context.insert("site", &site_view(site, true));
            context.insert("pinned", &pinned);
            context.insert("latest", &latest);
            context
        },
    );
}

/// Search, the finder and the page for addresses that do not exist.
pub fn special_pages(r: &Renderer, jobs: &mut Jobs) {
    let description = r.site.config.description.clone().unwrap_or_default();
    for (template, route, title, section) in [
        ("search.html", routes::SEARCH, "搜索", "search"),
        ("finder.html", routes::FINDER, "我能享受哪些优待", "finder"),
        ("404.html", routes::NOT_FOUND, "页面未找到", "404"),
    ] {
        let url_route = if route == routes::NOT_FOUND {
            routes::HOME
        } else {
            route
        };
        let meta = r.meta(
            title,
            url_route,
            section,
            &description,
            vec![r.home_crumb()],
        );
        let inputs = if section == "404" {
            vec![]
        } else {
            vec![Input::Everything]
        };
        jobs.page(route, template, meta, (), inputs, move |r| {
            let mut context = Context::new();
            match template {
                "search.html" => context.insert("search", &r.extras.search),
                "finder.html" => context.insert("finder", &r.extras.finder),
                _ => {}
            }
            context
        });
    }
}

/// Every current benefit, by category.
pub fn benefits(r: &Renderer, jobs: &mut Jobs) {
    let mut extra = Context::new();
    extra.insert("intro", "全部现行有效的优待项目，按类别排列。");
    let description = r.site.config.description.clone().unwrap_or_default();
    paged(
        r,
        Listing {
            dir: routes::BENEFITS.to_string(),
            section: "benefits",
            title: "优待目录".to_string(),
            description,
            crumbs: vec![r.home_crumb()],
            rows: benefit_rows(r, |_| true),
            extra,
        },
        jobs,
    );
}

pub fn categories(r: &Renderer, jobs: &mut Jobs) {
    let benefits_crumb = r.crumb("优待目录", routes::BENEFITS);
    for t in &r.site.config.categories {
        let mut extra = Context::new();
        extra.insert("term", t);
        let description = t
            .description
            .clone()
            .unwrap_or_else(|| format!("{}类优待项目", t.name));
        paged(
            r,
            Listing {
                dir: routes::category(&t.id),
                section: "categories",
                title: t.name.clone(),
                description,
                crumbs: vec![r.home_crumb(), benefits_crumb.clone()],
                rows: benefit_rows(r, |b| b.category == t.id),
                extra,
            },
            jobs,
        );
    }
}

/// Everything a group is eligible for: benefits, then partners.
pub fn groups(r: &Renderer, jobs: &mut Jobs) {
    for t in &r.site.config.groups {
        let mut rows = benefit_rows(r, |b| b.groups.contains(&t.id));
        rows.extend(partner_rows(r, |p| p.serves(&t.id)));
        let mut extra = Context::new();
        extra.insert("term", t);
        extra.insert(
            "intro",
            &format!("{}可以享受的优待项目和优待商户。", t.name),
        );
        paged(
            r,
            Listing {
                dir: routes::group(&t.id),
                section: "groups",
                title: t.name.clone(),
                description: format!("{}可以享受的优待", t.name),
                crumbs: vec![r.home_crumb()],
                rows,
                extra,
            },
            jobs,
        );
    }
}

/// The region and its parents, top first, as links.
pub(super) fn region_chain(r: &Renderer, index: usize) -> Vec<Link> {
    let c = &r.site.config;
    c.region_and_ancestors(index)
        .iter()
        .rev()
        .map(|&i| Link {
            name: c.regions[i].name.clone(),
            url: r.urls.path(&routes::region(&c.regions[i].id)),
        })
        .collect()
}

/// The sentence under a region's title: what applies there, its parents' entries included.
pub(super) fn region_intro(r: &Renderer, index: usize) -> String {
    let chain = region_chain(r, index);
    let name = &r.site.config.regions[index].name;
    if chain.len() > 1 {
        format!(
            "在{}适用的优待项目和优待商户，包括{}的统一优待。",
            name,
            chain[..chain.len() - 1]
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )
    } else {
        format!("在{name}适用的优待项目和优待商户。")
    }
}

/// Everything that applies in a region, its parents' entries included.
pub fn regions(r: &Renderer, jobs: &mut Jobs) {
    let c = &r.site.config;
    for (index, region) in c.regions.iter().enumerate() {
        let mut rows = benefit_rows(r, |b| c.applies_in(&b.region, index));
        rows.extend(partner_rows(r, |p| c.applies_in(&p.region, index)));
        let chain = region_chain(r, index);
        let children: Vec<Link> = region
            .children
            .iter()
            .map(|&i| Link {
                name: c.regions[i].name.clone(),
                url: r.urls.path(&routes::region(&c.regions[i].id)),
            })
            .collect();
        let intro = region_intro(r, index);
        let mut extra = Context::new();
        extra.insert("region_children", &children);
        extra.insert("intro", &intro);
        extra.insert("print_url", &r.urls.path(&routes::region_print(&region.id)));
        let mut crumbs = vec![r.home_crumb()];
        crumbs.extend(chain[..chain.len() - 1].iter().cloned());
        paged(
            r,
            Listing {
                dir: routes::region(&region.id),
                section: "regions",
                title: region.name.clone(),
                description: intro,
                crumbs,
                rows,
                extra,
            },
            jobs,
        );
    }
}

/// Every current partner, by kind.
pub fn partners(r: &Renderer, jobs: &mut Jobs) {
    let mut extra = Context::new();
    extra.insert(
        "intro",
        "凭优待证（或相关证件）可享受优惠的景区、医疗机构、商户和出行服务。",
    );
    let description = r.site.config.description.clone().unwrap_or_default();
    paged(
        r,
        Listing {
            dir: routes::PARTNERS.to_string(),
            section: "partners",
            title: "优待商户".to_string(),
            description,
            crumbs: vec![r.home_crumb()],
            rows: partner_rows(r, |_| true),
            extra,
        },
        jobs,
    );
}

/// The notices: current ones newest first, then the archive.
pub fn notices(r: &Renderer, jobs: &mut Jobs) {
    let site = r.site;
    let today = site.today;
    let mut ordered: Vec<usize> = (0..site.notices.len())
        .filter(|&i| !site.notices[i].is_archived(today))
        .collect();
    ordered.extend((0..site.notices.len()).filter(|&i| site.notices[i].is_archived(today)));
    let total = ordered.len().div_ceil(PAGE_SIZE).max(1);
    let description = site.config.description.clone().unwrap_or_default();
    for n in 1..=total {
        let route = routes::listing_page(routes::NOTICES, n);
        let chunk: Vec<usize> = ordered
            .iter()
            .skip((n - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .copied()
            .collect();
        let pager = Pager {
            current: n,
            total,
            prev: (n > 1).then(|| r.urls.path(&routes::listing_page(routes::NOTICES, n - 1))),
            next: (n < total).then(|| r.urls.path(&routes::listing_page(routes::NOTICES, n + 1))),
        };
        let meta = r.meta(
            "通知公告",
            &route,
            "notices",
            &description,
            vec![r.home_crumb()],
        );
        let inputs = chunk.iter().map(|&i| Input::Notice(i)).collect();
        jobs.page(&route, "notices.html", meta, (n, total), inputs, move |r| {
            let site = r.site;
            let cards: Vec<NoticeCard> = chunk
                .iter()
                .map(|&i| views::notice_card(site, &site.notices[i]))
                .collect();
            let mut context = Context::new();
            context.insert(
                "current",
                &cards.iter().filter(|n| !n.archived).collect::<Vec<_>>(),
            );
            context.insert(
                "archive",
                &cards.iter().filter(|n| n.archived).collect::<Vec<_>>(),
            );
            context.insert("pager", &pager);
            context
        });
    }
}
