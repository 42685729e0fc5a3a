//! Ids and review dates that stay put across imports: a row that matches an entry of the
//! previous import keeps its id, and its `updated` date while its content is unchanged, so
//! importing the same sheet twice writes the same bytes and published URLs never move.

use super::rows::Entry;
use super::{absolute, values, Target};
use crate::content::yaml;
use crate::model::Date;
use crate::yaml_out::{self, Yaml};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::Path;

/// An entry of the file written by the previous import.
pub struct Previous {
    id: String,
    number: Option<String>,
    title: Option<String>,
    updated: Option<String>,
    canonical: serde_json::Value,
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

/// A node as JSON, all scalars as text, without `updated`: what "the same entry" compares.
fn canonical(node: &yaml::Node) -> serde_json::Value {
    match &node.value {
        yaml::Value::Scalar { text, .. } => serde_json::Value::String(text.clone()),
        yaml::Value::Seq(items) => items.iter().map(canonical).collect(),
        yaml::Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    let key = yaml::key_text(k)?;
                    (key != "updated").then(|| (key.clone(), canonical(v)))
                })
                .collect(),
        ),
    }
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

pub fn previous_entries(out: &Path, title: &str) -> Vec<Previous> {
    let Ok(text) = std::fs::read_to_string(out) else {
        return Vec::new();
    };
    mappings(&text)
        .iter()
        .filter_map(|node| {
            Some(Previous {
                id: scalar_of(node, "id")?,
                number: scalar_of(node, "number"),
                title: scalar_of(node, title),
                updated: scalar_of(node, "updated"),
                canonical: canonical(node),
            })
        })
        .collect()
}

/// The ids already used by the other files of the same kind.
pub fn ids_elsewhere(root: &Path, target: Target, out: &Path) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let out = absolute(out);
    let dir = root.join("content").join(target.folder());
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && absolute(e.path()) != out)
    {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let yaml_text = if entry.path().extension().is_some_and(|e| e == "md") {
            let mut parts = text.splitn(3, "\n---");
            match (parts.next(), parts.next()) {
                (Some(head), Some(front)) if head.trim() == "---" => front.to_string(),
                _ => continue,
            }
        } else {
            text
        };
        ids.extend(
            mappings(&yaml_text)
                .iter()
                .filter_map(|n| scalar_of(n, "id")),
        );
    }
    ids
}

/// Gives each entry without one an id (the previous import's, else one made from its title
/// and free in `taken`) and an `updated` date (the sheet's, else the previous one while the
/// entry is unchanged, else `today`).
pub fn settle(
    good: &mut [Entry],
    previous: &[Previous],
    mut taken: BTreeSet<String>,
    target: Target,
    today: Date,
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
                let mut base = values::slug(&title);
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

    // `updated`: from the sheet, else kept while the entry is unchanged, else today.
    for (e, m) in good.iter_mut().zip(&matched) {
        if e.get("updated").is_some() {
            continue;
        }
        let unchanged = m.and_then(|m| {
            let text = yaml_out::to_string(&Yaml::Map(
                e.fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            ));
            let node = yaml::parse(&text, 0).ok().flatten()?;
            (canonical(&node) == m.canonical)
                .then(|| m.updated.clone())
                .flatten()
        });
        let updated = unchanged.unwrap_or_else(|| today.to_string());
        e.set("updated", Yaml::Plain(updated));
        e.order(kind);
    }
}
