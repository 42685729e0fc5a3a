//! The page of every benefit, partner, notice and free page, and each region's printable
//! catalog. An entry's page shows the entry and the site's settings only.

use super::listings::{region_office, region_parents};
use super::views;
use super::{Crumb, Failure, Input, Jobs, Renderer};
use crate::fingerprint;
use crate::routes;
use serde::Serialize;
use tera::Context;

/// The office of the region an entry is filed under (or the nearest above it).
fn office_of(r: &Renderer, region: &str) -> Option<views::Office> {
    r.site
        .config
        .region_index(region)
        .and_then(|i| region_office(r, i))
}

// An entry's page is planned with its route and what it shows only; its metadata is made
// when it is rendered, so that a save plans 10,000 pages in a few milliseconds.

pub fn benefits(r: &Renderer, jobs: &mut Jobs) {
    for (i, b) in r.site.benefits.iter().enumerate() {
        let route = routes::benefit(&b.id);
        jobs.entry_page(&route, "benefit.html", Input::Benefit(i), move |r| {
            let b = &r.site.benefits[i];
            let category = views::name_of(&r.site.config.categories, &b.category);
            let crumbs = vec![
                r.home_crumb(),
                r.crumb("benefits", "", routes::BENEFITS),
                r.crumb("category", &category, &routes::category(&b.category)),
            ];
            let route = routes::benefit(&b.id);
            let meta = r.meta("benefit", &b.title, &route, "benefits", &b.summary, crumbs);
            let mut context = Context::new();
            context.insert("benefit", &views::benefit_view(r.site, b));
            context.insert("office", &office_of(r, &b.region));
            (meta, context)
        });
    }
}

pub fn partners(r: &Renderer, jobs: &mut Jobs) {
    for (i, p) in r.site.partners.iter().enumerate() {
        let route = routes::partner(&p.id);
        jobs.entry_page(&route, "partner.html", Input::Partner(i), move |r| {
            let p = &r.site.partners[i];
            let crumbs = vec![r.home_crumb(), r.crumb("partners", "", routes::PARTNERS)];
            let route = routes::partner(&p.id);
            let meta = r.meta("partner", &p.name, &route, "partners", &p.offer, crumbs);
            let mut context = Context::new();
            context.insert("partner", &views::partner_view(r.site, p));
            context.insert("office", &office_of(r, &p.region));
            (meta, context)
        });
    }
}

pub fn notices(r: &Renderer, jobs: &mut Jobs) {
    for (i, n) in r.site.notices.iter().enumerate() {
        let route = routes::notice(&n.id);
        jobs.entry_page(&route, "notice.html", Input::Notice(i), move |r| {
            let n = &r.site.notices[i];
            let description = n.summary.clone().unwrap_or_default();
            let crumbs = vec![r.home_crumb(), r.crumb("notices", "", routes::NOTICES)];
            let route = routes::notice(&n.id);
            let meta = r.meta("notice", &n.title, &route, "notices", &description, crumbs);
            let mut context = Context::new();
            context.insert("notice", &views::notice_view(r.site, n));
            (meta, context)
        });
    }
}

/// Free pages such as "about".
pub fn pages(r: &Renderer, jobs: &mut Jobs) {
    for (i, p) in r.site.pages.iter().enumerate() {
        let route = routes::page(&p.id);
        jobs.entry_page(&route, "page.html", Input::Page(i), move |r| {
            let p = &r.site.pages[i];
            let route = routes::page(&p.id);
            let meta = r.meta("page", &p.title, &route, "page", "", vec![r.home_crumb()]);
            let mut context = Context::new();
            context.insert("content", &views::page_view(r.site, p));
            (meta, context)
        });
    }
}

/// A category's benefits on a printable catalog page: `items` is the lines of its list,
/// each made by `print-benefit.html`, each after a line break.
#[derive(Serialize)]
struct PrintSection {
    id: String,
    name: String,
    items: String,
}

/// A benefit as a printed catalog lists it: a line or two, no Markdown to render.
#[derive(Serialize)]
struct PrintItem {
    #[serde(flatten)]
    card: views::BenefitCard,
    documents: Vec<String>,
    department: Option<String>,
    contact: Option<String>,
}

/// A partner as a printed catalog lists it: what, where, and the number to call.
#[derive(Serialize)]
struct PrintPartner {
    name: String,
    offer: String,
    kind: String,
    address: Option<String>,
    phone: Option<String>,
    hours: Option<String>,
    requires_card: bool,
}

/// The line of benefit `i` in a printed catalog, made once for every catalog it is in.
fn print_benefit(r: &Renderer, i: usize) -> Result<std::sync::Arc<str>, Failure> {
    let b = &r.site.benefits[i];
    let key = fingerprint::of(&("print-benefit", r.globals, b.source));
    r.pieces.get(key, r.benefit_in_several(i), || {
        let item = PrintItem {
            card: views::benefit_card(r.site, b),
            documents: b.documents.clone(),
            department: b.department.clone(),
            contact: b.contact.clone(),
        };
        r.fragment("print-benefit.html", "b", &item)
    })
}

/// The line of partner `i` in a printed catalog, and the name of its kind.
fn print_partner(r: &Renderer, i: usize) -> Result<(String, std::sync::Arc<str>), Failure> {
    let p = &r.site.partners[i];
    let kind = views::name_of(&r.site.config.partner_kinds, &p.kind);
    let key = fingerprint::of(&("print-partner", r.globals, p.source));
    let line = r.pieces.get(key, r.partner_in_several(i), || {
        let card = views::partner_card(r.site, p);
        let item = PrintPartner {
            name: card.name,
            offer: card.offer,
            kind: card.kind.name,
            address: card.address,
            phone: card.phone,
            hours: p.hours.clone(),
            requires_card: card.requires_card,
        };
        r.fragment("print-partner.html", "p", &item)
    })?;
    Ok((kind, line))
}

/// Each region's printable catalog: every current benefit that applies there, by category
/// with the catalog's own numbers, then the partners that serve it, by kind. Each line is
/// made once however many catalogs show it (`print-benefit.html`, `print-partner.html`).
pub fn print_catalogs(r: &Renderer, jobs: &mut Jobs) {
    let site = r.site;
    let c = &site.config;
    for (index, region) in c.regions.iter().enumerate() {
        let route = routes::region_print(&region.id);
        let parents = region_parents(r, index);
        let mut crumbs = vec![r.home_crumb()];
        crumbs.extend(parents.iter().map(|l| Crumb::link("region", l)));
        crumbs.push(r.crumb("region", &region.name, &routes::region(&region.id)));
        let shown: Vec<usize> = (0..site.benefits.len())
            .filter(|&i| r.reach.benefit_in(i, index))
            .collect();
        let partners: Vec<usize> = (0..site.partners.len())
            .filter(|&i| r.reach.partner_in(i, index))
            .collect();
        let mut meta = r.meta("print", &region.name, &route, "print", "", crumbs);
        meta.parents = parents.into_iter().map(|l| l.name).collect();
        let inputs = shown
            .iter()
            .map(|&i| Input::Benefit(i))
            .chain(partners.iter().map(|&i| Input::Partner(i)))
            .collect();
        jobs.page_spliced(&route, "print.html", meta, (), inputs, move |r, spliced| {
            let site = r.site;
            let mut sections: Vec<PrintSection> = Vec::new();
            let mut lists: Vec<String> = Vec::new();
            for &i in &shown {
                let b = &site.benefits[i];
                let line = print_benefit(r, i)?;
                if sections.last().is_none_or(|s| s.id != b.category) {
                    sections.push(PrintSection {
                        id: b.category.clone(),
                        name: views::name_of(&site.config.categories, &b.category),
                        items: String::new(),
                    });
                    lists.push(String::new());
                }
                let list = lists.last_mut().expect("pushed above");
                list.push('\n');
                list.push_str(&line);
            }
            for (section, list) in sections.iter_mut().zip(lists) {
                section.items = spliced.marker(list);
            }
            let mut kinds: Vec<(String, String)> = Vec::new();
            for &i in &partners {
                let (kind, line) = print_partner(r, i)?;
                match kinds.last_mut() {
                    Some((k, _)) if *k == kind => {}
                    _ => kinds.push((kind, String::new())),
                }
                let list = &mut kinds.last_mut().expect("pushed above").1;
                list.push('\n');
                list.push_str(&line);
            }
            for (_, list) in &mut kinds {
                *list = spliced.marker(std::mem::take(list));
            }
            let mut context = Context::new();
            context.insert("count", &shown.len());
            context.insert("sections", &sections);
            context.insert("partner_count", &partners.len());
            context.insert("partner_kinds", &kinds);
            context.insert("office", &region_office(r, index));
            Ok(context)
        });
    }
}
