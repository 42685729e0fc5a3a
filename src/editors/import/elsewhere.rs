//! What the rest of the site already holds, read through the content loader (never by
//! walking content/ here): the ids the other files use, and their entries that a sheet's
//! rows would repeat. Importing a corrected sheet under a new file name would otherwise
//! list the whole catalog twice, and `check` would find nothing wrong with it.

use super::rows::Entry;
use super::Target;
use crate::content::Sources;
use crate::model::Config;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// What makes two entries the same item of a catalog: the catalog number, the title and the
/// region for a benefit; the name, the region and the address for a partner.
type Key = (String, String, String);

/// An entry of another file.
pub struct Existing {
    /// Its file, relative to the site root.
    pub file: String,
    /// The line its id is on.
    pub line: usize,
}

/// The entries of one kind in the site's other files.
#[derive(Default)]
pub struct Elsewhere {
    /// Id → the file that uses it.
    pub ids: BTreeMap<String, String>,
    entries: HashMap<Key, Existing>,
}

/// Rows of the sheet already in another file.
pub struct Overlap {
    /// The other file, relative to the site root.
    pub file: String,
    /// (sheet row, line of the entry in `file`), in row order.
    pub rows: Vec<(usize, usize)>,
}

fn norm(text: &str) -> String {
    super::mapping::normalize_name(text)
}

/// A region as an id, whether written as its id or its name.
fn region_id(config: &Config, region: &str) -> String {
    config
        .regions
        .iter()
        .find(|r| r.name == region.trim())
        .map_or_else(|| region.trim().to_string(), |r| r.id.clone())
}

impl Elsewhere {
    /// The entries of `target`'s kind in every content file but `out` (relative to `root`).
    pub fn read(root: &Path, target: Target, out: &str, config: &Config) -> Elsewhere {
        let sources = Sources::read(root);
        let yields = sources.yields();
        let kind = target.kind().name;
        let mut found = Elsewhere::default();
        for y in yields {
            // The file of each id, as the reader saw it written.
            let places: HashMap<&str, (&str, usize)> = y
                .seen
                .ids
                .iter()
                .filter(|(k, _, _)| *k == kind)
                .map(|(_, id, place)| (id.as_str(), (place.file.as_str(), place.line)))
                .collect();
            let mut add = |id: &str, key: Key| {
                let Some(&(file, line)) = places.get(id) else {
                    return;
                };
                if file == out {
                    return;
                }
                found.ids.entry(id.to_string()).or_insert(file.to_string());
                found.entries.entry(key).or_insert(Existing {
                    file: file.to_string(),
                    line,
                });
            };
            match target {
                Target::Benefits => {
                    for b in &y.benefits {
                        let number = b.number.as_ref().map(|n| n.to_string());
                        let key = (
                            norm(&number.unwrap_or_default()),
                            norm(&b.title),
                            region_id(config, &b.region),
                        );
                        add(&b.id, key);
                    }
                }
                Target::Partners => {
                    for p in &y.partners {
                        let key = (
                            norm(&p.name),
                            region_id(config, &p.region),
                            norm(p.address.as_deref().unwrap_or_default()),
                        );
                        add(&p.id, key);
                    }
                }
            }
        }
        found
    }

    fn key_of(entry: &Entry, target: Target) -> Key {
        let text = |f: &str| norm(&entry.text(f).unwrap_or_default());
        match target {
            Target::Benefits => (text("number"), text("title"), text("region")),
            Target::Partners => (text("name"), text("region"), text("address")),
        }
    }

    /// The entries of `good` already in another file, by file.
    pub fn overlaps(&self, good: &[Entry], target: Target) -> Vec<Overlap> {
        let mut by_file: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for e in good {
            if let Some(existing) = self.entries.get(&Self::key_of(e, target)) {
                by_file
                    .entry(&existing.file)
                    .or_default()
                    .push((e.row, existing.line));
            }
        }
        by_file
            .into_iter()
            .map(|(file, rows)| Overlap {
                file: file.to_string(),
                rows,
            })
            .collect()
    }
}
