//! Model into the search index and the finder's data: plain files a phone fetches piece by
//! piece, so that a first query loads a few kilobytes whatever the size of the site.
//!
//! Every searchable entry (current benefits and partners, notices not yet archived, pages)
//! gets a number in *result order*: benefits by category order, then partners, notices and
//! pages; within a category, entries with the same title in different regions sit together.
//! Ties in ranking are broken by that number, so ties fall in category order, and the first
//! page of results tends to sit in one or two neighbouring stores of result rows.
//!
//! - `search/i/N.bin`: the posting lists of the tokens whose hash is N (see `postings`);
//! - `search/d/N.txt`: result rows (type, category, region, id, title, snippet) of entries
//!   N×`SHARD`.. in result order, one per line, tab-separated;
//! - `search/py.txt`: the pinyin syllables a typed pinyin query is split with;
//! - `finder/data/GROUP/REGION.json`: what the finder shows for one group in one region.

mod finder;
mod postings;
mod tokens;

use crate::markdown::to_plain;
use crate::model::{Benefit, Config, Notice, Page, Partner, Site};
use crate::render::OutputFile;
use postings::{encode_fragment, fnv1a, Postings};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use tokens::{TokenSet, BODY, SUMMARY, TITLE};

pub use finder::finder_page;

/// Result rows per store file: one or two of them hold a first page of 20 results.
pub const SHARD: usize = 16;
/// Entries per index fragment: sized so that a fragment is some 10 KB on typical content.
const ENTRIES_PER_FRAGMENT: usize = 24;
/// Bumped when the file formats change, so that no browser mixes old and new files.
const FORMAT: &str = "1";
/// Characters of the snippet shown under a result's title.
const SNIPPET: usize = 60;

/// An entry the search finds.
#[derive(Clone, Copy)]
enum Entry<'a> {
    Benefit(&'a Benefit),
    Partner(&'a Partner),
    Notice(&'a Notice),
    Page(&'a Page),
}

impl<'a> Entry<'a> {
    fn title(&self) -> &'a str {
        match self {
            Entry::Benefit(b) => &b.title,
            Entry::Partner(p) => &p.name,
            Entry::Notice(n) => &n.title,
            Entry::Page(p) => &p.title,
        }
    }

    fn region(&self) -> Option<&'a str> {
        match self {
            Entry::Benefit(b) => Some(&b.region),
            Entry::Partner(p) => Some(&p.region),
            Entry::Notice(n) => n.region.as_deref(),
            Entry::Page(_) => None,
        }
    }

    /// The raw text the index is made of, for the stamp that names this build's index.
    fn raw_text(&self) -> Vec<&'a str> {
        let o = |s: &'a Option<String>| s.as_deref().unwrap_or("");
        match self {
            Entry::Benefit(b) => {
                let mut v = vec![
                    &b.id[..],
                    &b.title,
                    &b.summary,
                    &b.category,
                    &b.region,
                    o(&b.details),
                    o(&b.how_to_claim),
                    o(&b.department),
                    o(&b.basis),
                    o(&b.contact),
                ];
                v.extend(b.documents.iter().map(String::as_str));
                v.extend(b.tags.iter().map(String::as_str));
                v.extend(b.groups.iter().map(String::as_str));
                v
            }
            Entry::Partner(p) => {
                let mut v = vec![
                    &p.id[..],
                    &p.name,
                    &p.offer,
                    &p.kind,
                    &p.region,
                    o(&p.details),
                    o(&p.address),
                    o(&p.phone),
                    o(&p.hours),
                ];
                v.extend(p.tags.iter().map(String::as_str));
                v.extend(p.groups.iter().map(String::as_str));
                v
            }
            Entry::Notice(n) => {
                let mut v = vec![&n.id[..], &n.title, o(&n.summary), o(&n.region), &n.body];
                v.extend(n.tags.iter().map(String::as_str));
                v
            }
            Entry::Page(p) => vec![&p.id[..], &p.title, &p.body],
        }
    }
}

/// The entries the search finds, in result order.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let c = &site.config;
    let region_rank = |id: &str| c.region_index(id).unwrap_or(usize::MAX);
    // A title without the name of its own region, so "平遥县X" sits beside "榆次区X".
    let core = |title: &'_ str, region: &str| -> String {
        let name = c
            .regions
            .iter()
            .find(|r| r.id == region)
            .map(|r| r.name.as_str());
        match name.and_then(|n| title.strip_prefix(n)) {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => title.to_string(),
        }
    };
    let mut benefits: Vec<(usize, String, usize, &Benefit)> = site
        .current_benefits()
        .map(|b| {
            (
                c.category_rank(&b.category),
                core(&b.title, &b.region),
                region_rank(&b.region),
                b,
            )
        })
        .collect();
    benefits.sort_by(|a, b| (a.0, &a.1, a.2, &a.3.id).cmp(&(b.0, &b.1, b.2, &b.3.id)));
    let mut partners: Vec<(usize, String, usize, &Partner)> = site
        .current_partners()
        .map(|p| {
            (
                c.kind_rank(&p.kind),
                core(&p.name, &p.region),
                region_rank(&p.region),
                p,
            )
        })
        .collect();
    partners.sort_by(|a, b| (a.0, &a.1, a.2, &a.3.id).cmp(&(b.0, &b.1, b.2, &b.3.id)));
    let mut pages: Vec<&Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title, &a.id).cmp(&(
            b.order.unwrap_or(i64::MAX),
            &b.title,
            &b.id,
        ))
    });

    let mut out: Vec<Entry> = benefits.into_iter().map(|t| Entry::Benefit(t.3)).collect();
    out.extend(partners.into_iter().map(|t| Entry::Partner(t.3)));
    // Notices are already newest first.
    out.extend(
        site.notices
            .iter()
            .filter(|n| !n.is_archived(site.today))
            .map(Entry::Notice),
    );
    out.extend(pages.into_iter().map(Entry::Page));
    out
}

fn name_of<'a>(terms: &'a [crate::model::Term], id: &str) -> &'a str {
    terms
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.as_str())
        .unwrap_or("")
}

fn region_name<'a>(c: &'a Config, id: &str) -> &'a str {
    c.regions
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.name.as_str())
        .unwrap_or("")
}

/// The tokens of one entry, with the place each was found.
fn entry_tokens(site: &Site, entry: Entry) -> TokenSet {
    let c = &site.config;
    let mut t = TokenSet::default();
    let title = entry.title();
    t.add_text(title, TITLE);
    t.add_pinyin(title, TITLE, true);
    // What the entry is filed under counts like its summary: 医疗 finds the whole category.
    let mut filed: Vec<&str> = Vec::new();
    if let Some(r) = entry.region() {
        filed.push(region_name(c, r));
    }
    let o = |s: &Option<String>| s.as_deref().map(to_plain).unwrap_or_default();
    let body: Vec<String> = match entry {
        Entry::Benefit(b) => {
            t.add_text(&b.summary, SUMMARY);
            filed.push(name_of(&c.categories, &b.category));
            filed.extend(b.groups.iter().map(|g| name_of(&c.groups, g)));
            filed.extend(b.tags.iter().map(String::as_str));
            let mut v = vec![o(&b.details), o(&b.how_to_claim)];
            v.extend(b.documents.iter().cloned());
            v.extend(
                [&b.department, &b.basis, &b.contact]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            v
        }
        Entry::Partner(p) => {
            t.add_text(&p.offer, SUMMARY);
            filed.push(name_of(&c.partner_kinds, &p.kind));
            filed.extend(p.groups.iter().map(|g| name_of(&c.groups, g)));
            filed.extend(p.tags.iter().map(String::as_str));
            let mut v = vec![o(&p.details)];
            v.extend(
                [&p.address, &p.phone, &p.hours]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            v
        }
        Entry::Notice(n) => {
            if let Some(s) = &n.summary {
                t.add_text(s, SUMMARY);
            }
            filed.extend(n.tags.iter().map(String::as_str));
            vec![to_plain(&n.body)]
        }
        Entry::Page(p) => vec![to_plain(&p.body)],
    };
    for name in &filed {
        t.add_text(name, SUMMARY);
        t.add_pinyin(name, SUMMARY, true);
    }
    for text in &body {
        t.add_text(text, BODY);
    }
    t
}

/// The group and region filters: which entries serve a group, which apply in a region.
fn facet_tokens(site: &Site, entry: Entry, t: &mut TokenSet) {
    let c = &site.config;
    let groups: Vec<&str> = match entry {
        Entry::Benefit(b) => b.groups.iter().map(String::as_str).collect(),
        Entry::Partner(p) => c
            .groups
            .iter()
            .filter(|g| p.serves(&g.id))
            .map(|g| g.id.as_str())
            .collect(),
        _ => Vec::new(),
    };
    for g in groups {
        t.add(format!("#g:{g}"), TITLE);
    }
    for (i, r) in c.regions.iter().enumerate() {
        let applies = match entry.region() {
            Some(own) => c.applies_in(own, i),
            None => true,
        };
        if applies {
            t.add(format!("#r:{}", r.id), TITLE);
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn snippet(text: &str) -> String {
    let line = one_line(text);
    match line.char_indices().nth(SNIPPET) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// One result row: type, category (or kind, or date), region, id, title, snippet.
fn result_row(site: &Site, entry: Entry) -> String {
    let c = &site.config;
    let rank = |terms: &[crate::model::Term], id: &str| {
        terms
            .iter()
            .position(|t| t.id == id)
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    let region = entry
        .region()
        .and_then(|r| c.region_index(r))
        .map(|i| i.to_string())
        .unwrap_or_default();
    let (kind, label, id, text) = match entry {
        Entry::Benefit(b) => (
            "b",
            rank(&c.categories, &b.category),
            &b.id,
            b.summary.clone(),
        ),
        Entry::Partner(p) => ("p", rank(&c.partner_kinds, &p.kind), &p.id, p.offer.clone()),
        Entry::Notice(n) => (
            "n",
            n.date.to_string(),
            &n.id,
            n.summary.clone().unwrap_or_else(|| to_plain(&n.body)),
        ),
        Entry::Page(p) => ("g", String::new(), &p.id, to_plain(&p.body)),
    };
    format!(
        "{kind}\t{label}\t{region}\t{id}\t{}\t{}\n",
        one_line(entry.title()),
        snippet(&text)
    )
}

fn fragment_count(entries: usize) -> usize {
    entries.div_ceil(ENTRIES_PER_FRAGMENT).max(1)
}

/// Names this build's index, so a browser never mixes fragments of two builds.
fn stamp(site: &Site, entries: &[Entry]) -> String {
    let mut h = fnv1a(FORMAT.as_bytes()) ^ fnv1a(site.today.to_string().as_bytes());
    for e in entries {
        for s in e.raw_text() {
            h = h.rotate_left(5) ^ fnv1a(s.as_bytes());
        }
    }
    format!("{h:08x}")
}

/// What `search.html` needs to read the index: counts, the stamp, and the result-order
/// ranges of each category (and of partners, notices and pages) for the category filter.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub fragments: usize,
    pub shard: usize,
    pub entries: usize,
    pub stamp: String,
    /// `key:start:end` separated by spaces; `start..end` in result order.
    pub ranges: String,
    /// Names by position, `|`-separated, as result rows refer to them.
    pub categories: String,
    pub kinds: String,
    pub regions: String,
}

pub fn search_page(site: &Site) -> SearchPage {
    let c = &site.config;
    let entries = entries(site);
    let mut ranges: Vec<(String, usize, usize)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let key = match e {
            Entry::Benefit(b) => b.category.clone(),
            Entry::Partner(_) => "partners".into(),
            Entry::Notice(_) => "notices".into(),
            Entry::Page(_) => "pages".into(),
        };
        match ranges.last_mut() {
            Some(last) if last.0 == key => last.2 = i + 1,
            _ => ranges.push((key, i, i + 1)),
        }
    }
    let names = |terms: &[crate::model::Term]| {
        terms
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("|")
    };
    SearchPage {
        fragments: fragment_count(entries.len()),
        shard: SHARD,
        entries: entries.len(),
        stamp: stamp(site, &entries),
        ranges: ranges
            .iter()
            .map(|(k, s, e)| format!("{k}:{s}:{e}"))
            .collect::<Vec<_>>()
            .join(" "),
        categories: names(&c.categories),
        kinds: names(&c.partner_kinds),
        regions: c
            .regions
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join("|"),
    }
}

/// Every file of the search index and the finder's data.
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    let entries = entries(site);
    let sets: Vec<TokenSet> = entries
        .par_iter()
        .map(|&e| {
            let mut t = entry_tokens(site, e);
            facet_tokens(site, e, &mut t);
            t
        })
        .collect();

    let n = fragment_count(entries.len());
    let mut fragments: Vec<HashMap<String, Postings>> = vec![HashMap::new(); n];
    for (id, set) in sets.into_iter().enumerate() {
        for (token, level) in set.tokens {
            let f = fnv1a(token.as_bytes()) as usize % n;
            let slot = (TITLE - level) as usize;
            fragments[f].entry(token).or_default().lists[slot].push(id as u32);
        }
    }
    let mut files: Vec<OutputFile> = fragments
        .into_par_iter()
        .enumerate()
        .map(|(i, map)| {
            let mut tokens: Vec<(&String, &Postings)> = map.iter().collect();
            tokens.sort_by(|a, b| a.0.cmp(b.0));
            OutputFile {
                path: format!("search/i/{i}.bin"),
                bytes: encode_fragment(tokens.into_iter().map(|(t, p)| (t.as_str(), p))),
            }
        })
        .collect();

    let rows: Vec<String> = entries.par_iter().map(|&e| result_row(site, e)).collect();
    files.extend(rows.chunks(SHARD).enumerate().map(|(i, chunk)| OutputFile {
        path: format!("search/d/{i}.txt"),
        bytes: chunk.concat().into_bytes(),
    }));
    files.push(OutputFile {
        path: "search/py.txt".into(),
        bytes: tokens::syllables().join(" ").into_bytes(),
    });
    files.extend(finder::files(site));
    files
}

#[cfg(test)]
mod tests;
