//! The whole-site step of loading: the files' entries and sightings put together, every
//! reference and id checked across files, names turned into ids, the spot checks, and the
//! entries published on `today`, sorted. Reads nothing from disk.

use super::entries::{Seen, Vocabulary};
use super::sources::FileYield;
use super::{checkup, fields, spotcheck, vocab, LoadOptions, Loaded};
use crate::diag::{Place, Report};
use crate::model::{validity, Benefit, CatalogNumber, Config, Site, StaticFile, Validity};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// The site made of `config`, the entry files' `yields` and the static files, with every
/// problem found in them or across them. The entries are shared with the yields, which
/// the preview keeps for the next save.
pub fn assemble(
    config: Option<Config>,
    yields: &[&FileYield],
    statics: Vec<StaticFile>,
    mut report: Report,
    options: &LoadOptions,
) -> Loaded {
    let seen = Seen(yields.iter().map(|y| &y.seen).collect());
    let (mut benefits, mut partners, mut notices, mut pages) = (vec![], vec![], vec![], vec![]);
    for y in yields {
        report.extend(y.report.clone());
        benefits.extend(y.benefits.iter().cloned());
        partners.extend(y.partners.iter().cloned());
        notices.extend(y.notices.iter().cloned());
        pages.extend(y.pages.iter().cloned());
    }

    // The checks across files read what was seen and nothing else: made side by side, each
    // into a report of its own, told in this order.
    let (resolved, (ids, (freshness, links))) = rayon::join(
        || {
            let mut report = Report::default();
            let resolved = match &config {
                Some(config) => vocab::resolve(config, &seen, &mut report),
                None => vocab::Resolved::default(),
            };
            (resolved, report)
        },
        || {
            rayon::join(
                || {
                    let mut report = Report::default();
                    check_duplicates(&seen, &mut report);
                    check_pages(&seen, &mut report);
                    check_attachments(&seen, &statics, &mut report);
                    report
                },
                || {
                    rayon::join(
                        || {
                            let mut report = Report::default();
                            checkup::check_freshness(&seen, options.today, &mut report);
                            report
                        },
                        || {
                            let mut report = Report::default();
                            if let Some(config) = &config {
                                checkup::check_links(config, &seen, &statics, &mut report);
                            }
                            report
                        },
                    )
                },
            )
        },
    );
    let (resolved, told) = resolved;
    for part in [told, ids, freshness, links] {
        report.extend(part);
    }

    let links = written_links(&seen, config.as_ref());
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
    // Entries are shared with the files they were read from: only those that name a
    // category, group or region instead of writing its id are copied, to be rewritten.
    use Vocabulary::{Category, Group, PartnerKind, Region};
    for b in &mut benefits {
        if resolved.renames(Category, &b.category)
            || resolved.renames_any(Group, &b.groups)
            || resolved.renames(Region, &b.region)
        {
            let b = Arc::make_mut(b);
            resolved.rename(Category, &mut b.category);
            resolved.rename_all(Group, &mut b.groups);
            resolved.rename(Region, &mut b.region);
        }
    }
    for p in &mut partners {
        if resolved.renames(PartnerKind, &p.kind)
            || resolved.renames_any(Group, &p.groups)
            || resolved.renames(Region, &p.region)
        {
            let p = Arc::make_mut(p);
            resolved.rename(PartnerKind, &mut p.kind);
            resolved.rename_all(Group, &mut p.groups);
            resolved.rename(Region, &mut p.region);
        }
    }
    for n in &mut notices {
        if n.region
            .as_ref()
            .is_some_and(|r| resolved.renames(Region, r))
        {
            if let Some(region) = &mut Arc::make_mut(n).region {
                resolved.rename(Region, region);
            }
        }
    }
    // Checked against site.yaml's own address, before a preview's `--base-url` replaces it.
    let content = spotcheck::Content {
        config: &config,
        benefits: &benefits,
        partners: &partners,
        notices: &notices,
        pages: &pages,
        seen: &seen,
    };
    let (repeated, spotted) = rayon::join(
        || {
            let mut report = Report::default();
            check_repeated_benefits(&benefits, &seen, &mut report);
            report
        },
        || {
            let mut report = Report::default();
            spotcheck::check(&content, options.today, &mut report);
            report
        },
    );
    report.extend(repeated);
    report.extend(spotted);

    if let Some((url, path)) = &options.base_url {
        config.base_url = url.clone();
        config.base_path = path.clone();
    }
    let today = options.today;
    benefits.retain(|b| validity(b.valid_from, b.valid_until, today) != Validity::Upcoming);
    partners.retain(|p| validity(p.valid_from, p.valid_until, today) != Validity::Upcoming);
    notices.retain(|n| n.date <= today);

    // Each key made once, not at every comparison; the four lists side by side.
    rayon::join(
        || {
            let keys: Vec<_> = (benefits.iter())
                .map(|b| {
                    let (number, text) = b.number.as_ref().map_or((i64::MAX, ""), |n| n.sort_key());
                    (
                        config.category_rank(&b.category),
                        number,
                        text,
                        b.id.as_str(),
                    )
                })
                .collect();
            let mut order: Vec<usize> = (0..benefits.len()).collect();
            order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
            let sorted = order.iter().map(|&i| Arc::clone(&benefits[i])).collect();
            drop(keys);
            benefits = sorted;
        },
        || {
            partners.sort_by_cached_key(|p| (config.kind_rank(&p.kind), p.id.clone()));
            notices.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
            pages.sort_by(|a, b| {
                (a.order.unwrap_or(i64::MAX), &a.id).cmp(&(b.order.unwrap_or(i64::MAX), &b.id))
            });
        },
    );

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
fn written_links(seen: &Seen, config: Option<&Config>) -> Vec<(String, Place)> {
    let mut links: Vec<(String, Place)> = seen.links().chain(seen.websites()).cloned().collect();
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

fn check_duplicates(seen: &Seen, report: &mut Report) {
    let mut first: HashMap<(&str, &str), &Place> = HashMap::new();
    let mut sorted: Vec<&(&str, String, Place)> = seen.ids().collect();
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
fn check_repeated_benefits(benefits: &[Arc<Benefit>], seen: &Seen, report: &mut Report) {
    let places: HashMap<&str, &Place> = seen
        .ids()
        .filter(|(kind, _, _)| *kind == "benefit")
        .map(|(_, id, place)| (id.as_str(), place))
        .collect();
    let mut ordered: Vec<(&Place, &Benefit)> = benefits
        .iter()
        .filter(|b| b.number.is_some())
        .filter_map(|b| places.get(b.id.as_str()).map(|p| (*p, &**b)))
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

fn check_pages(seen: &Seen, report: &mut Report) {
    for (kind, id, place) in seen.ids() {
        if *kind == "page" && crate::routes::is_reserved_page_id(id) {
            report.error(place.clone(), tr!("page-id-reserved", id = id));
        }
    }
}

fn check_attachments(seen: &Seen, statics: &[StaticFile], report: &mut Report) {
    let present: BTreeSet<&str> = statics.iter().map(|s| s.path.as_str()).collect();
    for (path, place) in seen.attachments() {
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
