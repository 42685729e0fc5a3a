//! The whole-site step of loading: the files' entries and sightings put together, every
//! reference and id checked across files, names turned into ids, the spot checks, and the
//! entries published on `today`, sorted. Reads nothing from disk.

use super::entries::{Sightings, Vocabulary};
use super::sources::FileYield;
use super::{checkup, fields, spotcheck, vocab, LoadOptions, Loaded};
use crate::diag::{Place, Report};
use crate::model::{validity, Benefit, CatalogNumber, Config, Site, StaticFile, Validity};
use std::collections::{BTreeSet, HashMap};

/// The site made of `config`, the entry files' `yields` and the static files, with every
/// problem found in them or across them.
pub fn assemble(
    config: Option<Config>,
    yields: impl IntoIterator<Item = FileYield>,
    statics: Vec<StaticFile>,
    mut report: Report,
    options: &LoadOptions,
) -> Loaded {
    let mut seen = Sightings::default();
    let (mut benefits, mut partners, mut notices, mut pages) = (vec![], vec![], vec![], vec![]);
    for y in yields {
        report.extend(y.report);
        seen.references.extend(y.seen.references);
        seen.ids.extend(y.seen.ids);
        seen.attachments.extend(y.seen.attachments);
        seen.reviews.extend(y.seen.reviews);
        seen.summaryless.extend(y.seen.summaryless);
        seen.links.extend(y.seen.links);
        seen.websites.extend(y.seen.websites);
        benefits.extend(y.benefits);
        partners.extend(y.partners);
        notices.extend(y.notices);
        pages.extend(y.pages);
    }

    let resolved = match &config {
        Some(config) => vocab::resolve(config, &seen, &mut report),
        None => vocab::Resolved::default(),
    };

    check_duplicates(&seen, &mut report);

    check_pages(&seen, &mut report);
    check_attachments(&seen, &statics, &mut report);

    checkup::check_freshness(&seen, options.today, &mut report);

    if let Some(config) = &config {
        checkup::check_links(config, &seen, &statics, &mut report);
    }

    let links = written_links(&mut seen, config.as_ref());
    let Some(mut config) = config else {
        return Loaded {
            site: None,
            report,
            links,
        };
    };
    if report.has_errors() {
        return Loaded {
            site: None,
            report,
            links,
        };
    }
    for b in &mut benefits {
        resolved.rename(Vocabulary::Category, &mut b.category);
        resolved.rename_all(Vocabulary::Group, &mut b.groups);
        resolved.rename(Vocabulary::Region, &mut b.region);
    }
    for p in &mut partners {
        resolved.rename(Vocabulary::PartnerKind, &mut p.kind);
        resolved.rename_all(Vocabulary::Group, &mut p.groups);
        resolved.rename(Vocabulary::Region, &mut p.region);
    }
    for n in &mut notices {
        if let Some(region) = &mut n.region {
            resolved.rename(Vocabulary::Region, region);
        }
    }
    check_repeated_benefits(&benefits, &seen, &mut report);

    // Checked against site.yaml's own address, before a preview's `--base-url` replaces it.
    let content = spotcheck::Content {
        config: &config,
        benefits: &benefits,
        partners: &partners,
        notices: &notices,
        pages: &pages,
        seen: &seen,
    };
    spotcheck::check(&content, options.today, &mut report);

    if let Some((url, path)) = &options.base_url {
        config.base_url = url.clone();
        config.base_path = path.clone();
    }
    let today = options.today;
    benefits.retain(|b| validity(b.valid_from, b.valid_until, today) != Validity::Upcoming);
    partners.retain(|p| validity(p.valid_from, p.valid_until, today) != Validity::Upcoming);
    notices.retain(|n| n.date <= today);

    // Each key made once, not at every comparison.
    benefits.sort_by_cached_key(|b| {
        let (number, text) = b.number.as_ref().map_or((i64::MAX, ""), |n| n.sort_key());
        let rank = config.category_rank(&b.category);
        (rank, number, text.to_string(), b.id.clone())
    });
    partners.sort_by_cached_key(|p| (config.kind_rank(&p.kind), p.id.clone()));
    notices.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    pages.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.id))
    });

    Loaded {
        site: Some(Site {
            config,
            today,
            benefits,
            partners,
            notices,
            pages,
            statics,
        }),
        report,
        links,
    }
}

/// The links and addresses of `seen`, with the feedback address of site.yaml.
fn written_links(seen: &mut Sightings, config: Option<&Config>) -> Vec<(String, Place)> {
    let mut links = std::mem::take(&mut seen.links);
    links.append(&mut seen.websites);
    if let Some(Config {
        feedback: Some(feedback),
        feedback_place: Some(place),
        ..
    }) = config
    {
        links.push((feedback.clone(), place.clone()));
    }
    links
}

fn check_duplicates(seen: &Sightings, report: &mut Report) {
    let mut first: HashMap<(&str, &str), &Place> = HashMap::new();
    let mut sorted: Vec<&(&str, String, Place)> = seen.ids.iter().collect();
    if !sorted.is_sorted_by(|a, b| a.2 <= b.2) {
        sorted.sort_by(|a, b| a.2.cmp(&b.2));
    }
    for (kind, id, place) in sorted {
        match first.get(&(*kind, id.as_str())) {
            Some(earlier) => report.error(
                place.clone(),
                tr!(
                    "duplicate-id",
                    what = fields::kind_word(kind),
                    id = id,
                    place = earlier.to_string()
                ),
            ),
            None => {
                first.insert((kind, id), place);
            }
        }
    }
}

/// Benefits that repeat another's number, title and region under another id: what a
/// catalog imported twice under two file names looks like.
fn check_repeated_benefits(benefits: &[Benefit], seen: &Sightings, report: &mut Report) {
    let places: HashMap<&str, &Place> = seen
        .ids
        .iter()
        .filter(|(kind, _, _)| *kind == "benefit")
        .map(|(_, id, place)| (id.as_str(), place))
        .collect();
    let mut ordered: Vec<(&Place, &Benefit)> = benefits
        .iter()
        .filter(|b| b.number.is_some())
        .filter_map(|b| places.get(b.id.as_str()).map(|p| (*p, b)))
        .collect();
    // Files are read in path order and entries in line order: sorted already, as a rule.
    if !ordered.is_sorted_by(|a, b| a.0 <= b.0) {
        ordered.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut first: HashMap<(&CatalogNumber, &str, &str), &Place> = HashMap::new();
    for (place, b) in ordered {
        let Some(number) = &b.number else { continue };
        let key = (number, b.title.as_str(), b.region.as_str());
        match first.get(&key) {
            Some(earlier) => report.warning(
                place.clone(),
                tr!("benefit-repeated", place = earlier.to_string()),
            ),
            None => {
                first.insert(key, place);
            }
        }
    }
}

fn check_pages(seen: &Sightings, report: &mut Report) {
    for (kind, id, place) in &seen.ids {
        if *kind == "page" && crate::routes::is_reserved_page_id(id) {
            report.error(place.clone(), tr!("page-id-reserved", id = id));
        }
    }
}

fn check_attachments(seen: &Sightings, statics: &[StaticFile], report: &mut Report) {
    let present: BTreeSet<&str> = statics.iter().map(|s| s.path.as_str()).collect();
    for (path, place) in &seen.attachments {
        let clean = path.trim_start_matches('/');
        let clean = clean.strip_prefix("content/static/").unwrap_or(clean);
        if clean.split(['/', '\\']).any(|part| part == "..") {
            report.error(place.clone(), tr!("attachment-outside", path = path));
        } else if !present.contains(clean) {
            report.error(
                place.clone(),
                tr!("attachment-missing", path = path, file = clean),
            );
        }
    }
}
