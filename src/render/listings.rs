//! The pages that list entries: the home page, the catalog and its categories, the pages of
//! each group and region, the partners, the notices, the latest changes; and the search,
//! finder, 404 and offline pages. Each step adds its jobs; a listing's pages show their rows and
//! nothing else. The words around them are the templates' (`copy.html`).

use super::views::{self, Link, NoticeCard};
use super::{site_view, Crumb, Failure, Input, Jobs, Renderer, Row};
use crate::fingerprint;
use crate::model::{Benefit, Partner};
use crate::routes::{self, PAGE_SIZE};
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// A listing of benefits and partners, paged by [`PAGE_SIZE`].
struct Listing {
    dir: String,
    kind: &'static str,
    section: &'static str,
    name: String,
    description: String,
    crumbs: Vec<Crumb>,
    parents: Vec<String>,
    rows: Vec<Row>,
    /// What the template is told beside the rows (the term, sub-regions, the region's
    /// office); a function of the settings only.
    extra: Context,
}

/// The site's current benefits (or partners) that `keep` accepts, as rows.
fn benefit_rows(r: &Renderer, keep: impl Fn(&Benefit) -> bool) -> Vec<Row> {
    let site = r.site;
    (0..site.benefits.len())
        .filter(|&i| r.reach.benefit_is_current(i) && keep(&site.benefits[i]))
        .map(Row::Benefit)
        .collect()
}

fn partner_rows(r: &Renderer, keep: impl Fn(&Partner) -> bool) -> Vec<Row> {
    let site = r.site;
    (0..site.partners.len())
        .filter(|&i| r.reach.partner_is_current(i) && keep(&site.partners[i]))
        .map(Row::Partner)
        .collect()
}

/// The rows of one page of a listing, with section headings; `who` says whether a card
/// names the groups its entry is for (a group's own listing does not). Every card is made
/// once a build and kept (a benefit is listed under its category, each of its groups and
/// every region it applies in; 60 MB at 100,000 entries, for two seconds), and the preview
/// keeps them between saves.
fn cards(r: &Renderer, rows: &[Row], who: bool) -> Result<Vec<views::ListItem>, Failure> {
    let site = r.site;
    let mut last: Option<String> = None;
    rows.iter()
        .map(|&row| {
            let html = match row {
                Row::Benefit(i) => {
                    let b = &site.benefits[i];
                    let key = fingerprint::of(&("card-benefit", r.globals, b.source, who));
                    r.pieces.get(key, true, || {
                        let card = views::benefit_card(site, b);
                        r.fragment_with("card-benefit.html", ("b", &card), ("who", &who))
                    })?
                }
                Row::Partner(i) => {
                    let p = &site.partners[i];
                    let key = fingerprint::of(&("card-partner", r.globals, p.source));
                    r.pieces.get(key, true, || {
                        r.fragment("card-partner.html", "p", &views::partner_card(site, p))
                    })?
                }
            };
            let (anchor, heading) = views::section_of(site, row);
            let (heading, anchor) = if last.as_deref() != Some(&anchor) {
                last = Some(anchor.clone());
                (Some(heading), Some(anchor))
            } else {
                (None, None)
            };
            Ok(views::ListItem {
                heading,
                anchor,
                kind: match row {
                    Row::Benefit(_) => "benefit",
                    Row::Partner(_) => "partner",
                },
                html: html.to_string(),
            })
        })
        .collect()
}

/// Splits a listing over `dir`, `dir/page/2/`, ... with the same template.
fn paged(listing: Listing, jobs: &mut Jobs) {
    let total = listing.rows.len().div_ceil(PAGE_SIZE).max(1);
    let count = listing.rows.len();
    let dir = listing.dir.clone();
    // A page's metadata and context are made when it is rendered: a save plans a thousand
    // listing pages and renders a few.
    let listing = Arc::new(listing);
    for n in 1..=total {
        let route = routes::listing_page(&dir, n);
        let range = (n - 1) * PAGE_SIZE..(n * PAGE_SIZE).min(count);
        let inputs = listing.rows[range.clone()]
            .iter()
            .map(|row| row.input())
            .collect();
        // What else the page shows comes from the settings.
        let key = (count, total);
        let listing = Arc::clone(&listing);
        let at = route.clone();
        jobs.page_later(&route, "list.html", key, inputs, move |r| {
            let l = &*listing;
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| r.urls.path(&routes::listing_page(&l.dir, n - 1))),
                next: (n < total).then(|| r.urls.path(&routes::listing_page(&l.dir, n + 1))),
            };
            let mut meta = r.meta(
                l.kind,
                &l.name,
                &at,
                l.section,
                &l.description,
                l.crumbs.clone(),
            );
            meta.number = n;
            meta.parents = l.parents.clone();
            let mut context = l.extra.clone();
            context.insert("count", &count);
            context.insert("pager", &pager);
            let who = l.kind != "group";
            context.insert("items", &cards(r, &l.rows[range.clone()], who)?);
            Ok((meta, context))
        });
    }
}

/// The home page: counts, categories, groups, regions, pinned and latest notices.
pub fn home(r: &Renderer, jobs: &mut Jobs) {
    let meta = r.meta("home", "", routes::HOME, "home", "", vec![]);
    jobs.page(
        routes::HOME,
        "index.html",
        meta,
        (),
        vec![Input::Everything],
        |r| {
            let site = r.site;
            // Cards for the notices shown only (a city has thousands).
            let archived = |n: &crate::model::Notice| n.is_archived(site.today);
            let pinned: Vec<NoticeCard> = (site.notices.iter())
                .filter(|n| n.pinned && !archived(n))
                .map(|n| views::notice_card(site, n))
                .collect();
            let latest: Vec<NoticeCard> = (site.notices.iter())
                .filter(|n| !archived(n) && !n.pinned)
                .take(5)
                .map(|n| views::notice_card(site, n))
                .collect();
            let mut context = Context::new();
            context.insert("site", &site_view(site, true));
            context.insert("pinned", &pinned);
            context.insert("latest", &latest);
            context
        },
    );
}

/// Search, the finder, the page for addresses that do not exist and the one the service
/// worker shows for pages not kept on the phone.
pub fn special_pages(r: &Renderer, jobs: &mut Jobs) {
    for (template, route, kind) in [
        ("search.html", routes::SEARCH, "search"),
        ("finder.html", routes::FINDER, "finder"),
        ("404.html", routes::NOT_FOUND, "404"),
        ("offline.html", routes::OFFLINE, "offline"),
    ] {
        // Neither has an address of its own: each stands in for the one asked for.
        let url_route = if route == routes::NOT_FOUND || route == routes::OFFLINE {
            routes::HOME
        } else {
            route
        };
        let meta = r.meta(kind, "", url_route, kind, "", vec![r.home_crumb()]);
        let inputs = if kind == "404" || kind == "offline" {
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
    paged(
        Listing {
            dir: routes::BENEFITS.to_string(),
            kind: "benefits",
            section: "benefits",
            name: String::new(),
            description: String::new(),
            crumbs: vec![r.home_crumb()],
            parents: Vec::new(),
            rows: benefit_rows(r, |_| true),
            extra: Context::new(),
        },
        jobs,
    );
}

pub fn categories(r: &Renderer, jobs: &mut Jobs) {
    let benefits_crumb = r.crumb("benefits", "", routes::BENEFITS);
    for t in &r.site.config.categories {
        let mut extra = Context::new();
        extra.insert("term", t);
        paged(
            Listing {
                dir: routes::category(&t.id),
                kind: "category",
                section: "categories",
                name: t.name.clone(),
                description: t.description.clone().unwrap_or_default(),
                crumbs: vec![r.home_crumb(), benefits_crumb.clone()],
                parents: Vec::new(),
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
        paged(
            Listing {
                dir: routes::group(&t.id),
                kind: "group",
                section: "groups",
                name: t.name.clone(),
                description: t.description.clone().unwrap_or_default(),
                crumbs: vec![r.home_crumb()],
                parents: Vec::new(),
                rows,
                extra,
            },
            jobs,
        );
    }
}

/// The regions above a region, top first, as links.
pub(super) fn region_parents(r: &Renderer, index: usize) -> Vec<Link> {
    let c = &r.site.config;
    let mut chain: Vec<Link> = c
        .region_and_ancestors(index)
        .iter()
        .skip(1)
        .map(|&i| Link {
            name: c.regions[i].name.clone(),
            url: r.urls.path(&routes::region(&c.regions[i].id)),
        })
        .collect();
    chain.reverse();
    chain
}

/// The office citizens of a region call: its own contact, else the nearest above it.
pub(super) fn region_office(r: &Renderer, index: usize) -> Option<views::Office> {
    views::office(&r.site.config, index)
}

/// Everything that applies in a region, its parents' entries included.
pub fn regions(r: &Renderer, jobs: &mut Jobs) {
    let c = &r.site.config;
    for (index, region) in c.regions.iter().enumerate() {
        let mut rows: Vec<Row> = (0..r.site.benefits.len())
            .filter(|&i| r.reach.benefit_in(i, index))
            .map(Row::Benefit)
            .collect();
        let partners: Vec<Row> = (0..r.site.partners.len())
            .filter(|&i| r.reach.partner_in(i, index))
            .map(Row::Partner)
            .collect();
        rows.extend(partners.iter().copied());
        let parents = region_parents(r, index);
        let children: Vec<Link> = region
            .children
            .iter()
            .map(|&i| Link {
                name: c.regions[i].name.clone(),
                url: r.urls.path(&routes::region(&c.regions[i].id)),
            })
            .collect();
        let partners_url = r.urls.path(&routes::region_partners(&region.id));
        let mut extra = Context::new();
        extra.insert("region_children", &children);
        extra.insert("office", &region_office(r, index));
        extra.insert("print_url", &r.urls.path(&routes::region_print(&region.id)));
        extra.insert("partners_url", &partners_url);
        let mut crumbs = vec![r.home_crumb()];
        crumbs.extend(parents.iter().map(|l| Crumb::link("region", l)));
        // The partners listing narrowed to the region (and what serves it from above).
        let mut partner_extra = Context::new();
        partner_extra.insert("office", &region_office(r, index));
        partner_extra.insert("region_url", &r.urls.path(&routes::region(&region.id)));
        paged(
            Listing {
                dir: routes::region_partners(&region.id),
                kind: "region-partners",
                section: "partners",
                name: region.name.clone(),
                description: String::new(),
                crumbs: vec![r.home_crumb(), r.crumb("partners", "", routes::PARTNERS)],
                parents: parents.iter().map(|l| l.name.clone()).collect(),
                rows: partners,
                extra: partner_extra,
            },
            jobs,
        );
        paged(
            Listing {
                dir: routes::region(&region.id),
                kind: "region",
                section: "regions",
                name: region.name.clone(),
                description: String::new(),
                crumbs,
                parents: parents.into_iter().map(|l| l.name).collect(),
                rows,
                extra,
            },
            jobs,
        );
    }
}

/// Every current partner, by kind, with links to the same list narrowed to each region.
pub fn partners(r: &Renderer, jobs: &mut Jobs) {
    let c = &r.site.config;
    // Every region, whether or not it has partners: the links are a function of the
    // settings, as the page's fingerprint assumes.
    let narrowed: Vec<Link> = c
        .regions
        .iter()
        .map(|region| Link {
            name: region.name.clone(),
            url: r.urls.path(&routes::region_partners(&region.id)),
        })
        .collect();
    let mut extra = Context::new();
    extra.insert("narrow", &narrowed);
    paged(
        Listing {
            dir: routes::PARTNERS.to_string(),
            kind: "partners",
            section: "partners",
            name: String::new(),
            description: String::new(),
            crumbs: vec![r.home_crumb()],
            parents: Vec::new(),
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
        let mut meta = r.meta("notices", "", &route, "notices", "", vec![r.home_crumb()]);
        meta.number = n;
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

/// 最近更新: the latest changes across the site, newest first, as a page and a feed.
pub fn recent(r: &Renderer, jobs: &mut Jobs) {
    let meta = r.meta(
        "recent",
        "",
        routes::RECENT,
        "recent",
        "",
        vec![r.home_crumb()],
    );
    jobs.page(
        routes::RECENT,
        "recent.html",
        meta,
        (),
        vec![Input::Everything],
        |r| {
            let mut context = Context::new();
            context.insert("changes", &views::recent_changes(r.site));
            context
        },
    );
}
