//! Ids that stay put across imports: a row that matches an entry of the previous import
//! keeps its id, so importing the same sheet twice writes the same bytes and published URLs
//! never move; a new row gets a readable id made from its title.

use super::ids;
use super::rows::Entry;
use super::Target;
use crate::content::yaml;
use crate::editors::yaml_out::Yaml;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::Path;

/// An entry of the file written by the previous import.
pub struct Previous {
    id: String,
    number: Option<String>,
    title: Option<String>,
}

fn scalar_of(node: &yaml::Node, key: &str) -> Option<String> {
    let yaml::Value::Map(entries) = &node.value else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match &v.value {
        yaml::Value::Scalar { text, .. } if yaml::key_text(k).map(String::as_str) == Some(key) => {
            Some(text.trim().to_string())
        }
        _ => None,
    })
}

fn mappings(text: &str) -> Vec<yaml::Node> {
    match yaml::parse(text, 0) {
        Ok(Some(node)) => match node.value {
            yaml::Value::Seq(items) => items,
            _ => vec![node],
        },
        _ => Vec::new(),
    }
}

/// The entries of the previous import, `out` (relative to `root`, read without following
/// links); none when there is no such file.
pub fn previous_entries(root: &Path, out: &str, title: &str) -> Vec<Previous> {
    let Ok(bytes) = crate::site_fs::read(root, Path::new(out)) else {
        return Vec::new();
    };
    mappings(&String::from_utf8_lossy(&bytes))
        .iter()
        .filter_map(|node| {
            Some(Previous {
                id: scalar_of(node, "id")?,
                number: scalar_of(node, "number"),
                title: scalar_of(node, title),
            })
        })
        .collect()
}

/// Gives each entry without one an id: the previous import's, else one made from its title
/// and free in `taken`.
pub fn settle(
    good: &mut [Entry],
    previous: &[Previous],
    mut taken: BTreeSet<String>,
    target: Target,
) {
    // Each entry of the last import matches one row at most: by number and title, else by
    // title (renumbered), else by number (retitled); the first unused one, in file order.
    // Entries are looked up by key, so that a big sheet costs in proportion to its rows.
    type Key = (Option<String>, Option<String>);
    let key = |pass: usize, number: Option<String>, title: Option<String>| -> Option<Key> {
        match pass {
            0 => Some((Some(number?), Some(title?))),
            1 => Some((None, Some(title?))),
            _ => Some((Some(number?), None)),
        }
    };
    let mut used = vec![false; previous.len()];
    let mut matched: Vec<Option<&Previous>> = vec![None; good.len()];
    for pass in 0..3 {
        let mut by_key: HashMap<Key, VecDeque<usize>> = HashMap::new();
        for (j, p) in previous.iter().enumerate() {
            if let Some(k) = key(pass, p.number.clone(), p.title.clone()) {
                by_key.entry(k).or_default().push_back(j);
            }
        }
        for (i, e) in good.iter().enumerate() {
            if matched[i].is_some() {
                continue;
            }
            let Some(k) = key(pass, e.text("number"), e.text(target.title_field())) else {
                continue;
            };
            let Some(candidates) = by_key.get_mut(&k) else {
                continue;
            };
            while candidates.front().is_some_and(|&j| used[j]) {
                candidates.pop_front();
            }
            if let Some(j) = candidates.pop_front() {
                used[j] = true;
                matched[i] = Some(&previous[j]);
            }
        }
    }
    for (e, m) in good.iter().zip(&matched) {
        let id = match (e.has_id, m) {
            (true, _) => e.text("id"),
            (false, Some(m)) => Some(m.id.clone()),
            (false, None) => None,
        };
        taken.extend(id);
    }
    let kind = target.kind();
    let word = kind.name;
    let mut next: HashMap<String, usize> = HashMap::new();
    for (e, m) in good.iter_mut().zip(&matched) {
        if e.has_id {
            continue;
        }
        let id = match m {
            Some(m) => m.id.clone(),
            None => {
                let title = e.text(target.title_field()).unwrap_or_default();
                let mut base = ids::slug(&title);
                if base.is_empty() {
                    base = match e.text("number") {
                        Some(n) if crate::content::config::is_valid_id(&n) => format!("{word}-{n}"),
                        _ => format!("{word}-row-{}", e.row),
                    };
                }
                // Rows with one title number their ids -2, -3, ...: each base remembers the
                // next number to try, as every one before it is taken.
                let mut id = base.clone();
                let n = next.entry(base.clone()).or_insert(2);
                while taken.contains(&id) {
                    id = format!("{base}-{n}");
                    *n += 1;
                }
                taken.insert(id.clone());
                id
            }
        };
        e.set("id", Yaml::Plain(id));
        e.order(kind);
    }
}
