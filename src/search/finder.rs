//! The finder's data: for each group and region, every current benefit and partner that
//! applies, grouped by category (and partner kind), as one small JSON file per pair.
//!
//! One file per pair, not one for the whole site: a worker sends a citizen the link
//! `finder/?group=veteran&region=pingyao`, and the phone fetches that pair's list only.

use crate::model::{Site, Term};
use crate::output::OutputFile;
use rayon::prelude::*;
use serde::Serialize;

/// Where the finder's file for one pair is, relative to the output root.
pub fn data_path(group: &str, region: &str) -> String {
    format!("{}{group}/{region}.json", crate::routes::FINDER_DATA)
}

/// What `finder.html` needs besides the site's vocabularies.
#[derive(Debug, Serialize)]
pub struct FinderPage {
    /// `finder/data/`: JS appends `GROUP/REGION.json`.
    pub data: String,
}

pub fn finder_page(site: &Site) -> FinderPage {
    FinderPage {
        data: format!("{}finder/data/", site.config.base_path),
    }
}

/// A heading of the finder's list and its entries: `[id, title]` for benefits,
/// `[id, name, offer]` for partners.
#[derive(Serialize)]
struct Section<'a> {
    id: &'a str,
    name: &'a str,
    items: Vec<Vec<&'a str>>,
}

#[derive(Serialize)]
struct PairData<'a> {
    benefits: Vec<Section<'a>>,
    partners: Vec<Section<'a>>,
}

fn sections<'a>(
    terms: &'a [Term],
    items: impl Iterator<Item = (&'a str, Vec<&'a str>)>,
) -> Vec<Section<'a>> {
    let mut out: Vec<Section<'a>> = terms
        .iter()
        .map(|t| Section {
            id: &t.id,
            name: &t.name,
            items: Vec::new(),
        })
        .collect();
    for (term, row) in items {
        if let Some(s) = out.iter_mut().find(|s| s.id == term) {
            s.items.push(row);
        }
    }
    out.retain(|s| !s.items.is_empty());
    out
}

pub fn files(site: &Site) -> Vec<OutputFile> {
    let c = &site.config;
    let pairs: Vec<(usize, usize)> = (0..c.groups.len())
        .flat_map(|g| (0..c.regions.len()).map(move |r| (g, r)))
        .collect();
    let benefits: Vec<_> = site.current_benefits().collect();
    let partners: Vec<_> = site.current_partners().collect();
    pairs
        .par_iter()
        .map(|&(g, r)| {
            let group = &c.groups[g].id;
            // Entries for this region or any region above it apply here.
            let chain: Vec<&str> = c
                .region_and_ancestors(r)
                .into_iter()
                .map(|i| c.regions[i].id.as_str())
                .collect();
            let applies = |region: &str| chain.contains(&region);
            let data = PairData {
                benefits: sections(
                    &c.categories,
                    benefits
                        .iter()
                        .filter(|b| b.groups.contains(group) && applies(&b.region))
                        .map(|b| (b.category.as_str(), vec![b.id.as_str(), b.title.as_str()])),
                ),
                partners: sections(
                    &c.partner_kinds,
                    partners
                        .iter()
                        .filter(|p| p.serves(group) && applies(&p.region))
                        .map(|p| {
                            (
                                p.kind.as_str(),
                                vec![p.id.as_str(), p.name.as_str(), p.offer.as_str()],
                            )
                        }),
                ),
            };
            OutputFile {
                path: data_path(group, &c.regions[r].id),
                bytes: serde_json::to_vec(&data).unwrap_or_default(),
            }
        })
        .collect()
}
