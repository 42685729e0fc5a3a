//! Names and ids of the site's vocabularies. An entry may name a category, group, region or
//! partner kind by its id (`disabled`) or by its exact name in site.yaml (`残疾军人`): what
//! an office worker writes from the printed catalog. Every reference is checked here and
//! turned into the id that the model, URLs and the open data use.

use super::entries::Seen;
use super::fields::kind_word;
use super::spec::Vocabulary;
use crate::diag::{closest, Report};
use crate::model::Config;
use std::collections::HashMap;

/// How many names an "unknown value" message lists before it says "and N more".
const LISTED: usize = 24;

/// (id, name) of every term of a vocabulary, in site.yaml's order.
fn terms(config: &Config, vocabulary: Vocabulary) -> Vec<(&str, &str)> {
    fn pairs(terms: &[crate::model::Term]) -> Vec<(&str, &str)> {
        terms
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect()
    }
    match vocabulary {
        Vocabulary::Category => pairs(&config.categories),
        Vocabulary::Group => pairs(&config.groups),
        Vocabulary::PartnerKind => pairs(&config.partner_kinds),
        Vocabulary::Region => config
            .regions
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect(),
    }
}

fn what(vocabulary: Vocabulary) -> &'static str {
    match vocabulary {
        Vocabulary::Category => "category",
        Vocabulary::Group => "group",
        Vocabulary::Region => "region",
        Vocabulary::PartnerKind => "partner kind",
    }
}

/// The ids that references were written as, for the entries to be rewritten with.
#[derive(Default)]
pub struct Resolved(HashMap<(Vocabulary, String), String>);

impl Resolved {
    /// The id `written` stands for (itself when it is an id or unknown).
    pub fn id(&self, vocabulary: Vocabulary, written: &str) -> String {
        self.0
            .get(&(vocabulary, written.to_string()))
            .cloned()
            .unwrap_or_else(|| written.to_string())
    }

    /// Whether `written` is a name, not the id it stands for.
    pub fn renames(&self, vocabulary: Vocabulary, written: &str) -> bool {
        !self.0.is_empty() && self.0.contains_key(&(vocabulary, written.to_string()))
    }

    /// Whether any of `written` is a name, or repeats one before it.
    pub fn renames_any(&self, vocabulary: Vocabulary, written: &[String]) -> bool {
        written
            .iter()
            .enumerate()
            .any(|(i, w)| self.renames(vocabulary, w) || written[..i].contains(w))
    }

    /// `written` made the id it stands for, in place.
    pub fn rename(&self, vocabulary: Vocabulary, written: &mut String) {
        if let Some(id) = self.0.get(&(vocabulary, written.clone())) {
            written.clone_from(id);
        }
    }

    /// `ids`, in place.
    pub fn rename_all(&self, vocabulary: Vocabulary, written: &mut Vec<String>) {
        if self.renames_any(vocabulary, written) {
            *written = self.ids(vocabulary, written);
        }
    }

    pub fn ids(&self, vocabulary: Vocabulary, written: &[String]) -> Vec<String> {
        let mut ids: Vec<String> = Vec::with_capacity(written.len());
        for w in written {
            let id = self.id(vocabulary, w);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

/// "现役军人 (active), 退役军人 (veteran), ...": what an editor may write instead.
fn choices(terms: &[(&str, &str)]) -> String {
    let mut listed: Vec<String> = terms
        .iter()
        .take(LISTED)
        .map(|(id, name)| format!("{name} ({id})"))
        .collect();
    if terms.len() > LISTED {
        listed.push(tr!("vocab-and-more", count = terms.len() - LISTED));
    }
    listed.join(tr!("list-separator").as_str())
}

/// Checks every reference against site.yaml and says which id each one means.
pub fn resolve(config: &Config, seen: &Seen, report: &mut Report) -> Resolved {
    let mut resolved = Resolved::default();
    // Made once: a site has tens of thousands of references to a few dozen terms.
    let lists = [
        Vocabulary::Category,
        Vocabulary::Group,
        Vocabulary::PartnerKind,
        Vocabulary::Region,
    ]
    .map(|v| (v, terms(config, v)));
    for r in seen.references() {
        let Some((_, known)) = lists.iter().find(|(v, _)| *v == r.vocabulary) else {
            continue;
        };
        if known.iter().any(|(id, _)| *id == r.id) {
            continue;
        }
        let named: Vec<&str> = known
            .iter()
            .filter(|(_, name)| *name == r.id)
            .map(|(id, _)| *id)
            .collect();
        let word = kind_word(what(r.vocabulary));
        match named[..] {
            [id] => {
                resolved
                    .0
                    .insert((r.vocabulary, r.id.clone()), id.to_string());
            }
            [] if known.is_empty() => report.error(
                r.place.clone(),
                tr!("vocab-none-defined", what = word, value = &r.id),
            ),
            [] if super::yaml_errors::full_width(&r.id).is_some() => {
                let (col, c) = super::yaml_errors::full_width(&r.id).unwrap_or((1, '，'));
                let mut place = r.place.clone();
                place.col += col - 1;
                report.error(place, super::yaml_errors::full_width_message(c));
            }
            [] => {
                let spellings = known.iter().flat_map(|(id, name)| [*id, *name]);
                let message = match closest(&r.id, spellings) {
                    Some(near) => tr!(
                        "vocab-unknown-near",
                        what = word,
                        value = &r.id,
                        near = near,
                        choices = choices(known)
                    ),
                    None => tr!(
                        "vocab-unknown",
                        what = word,
                        value = &r.id,
                        choices = choices(known)
                    ),
                };
                report.error(r.place.clone(), message);
            }
            _ => report.error(
                r.place.clone(),
                tr!(
                    "vocab-ambiguous",
                    what = word,
                    value = &r.id,
                    ids = named.join(", ")
                ),
            ),
        }
    }
    resolved
}
