//! Model into the search index and the finder's data: plain files a phone fetches piece by
//! piece, so that a first query loads a few kilobytes whatever the size of the site.
//!
//! Every searchable entry (current benefits and partners, notices not yet archived, pages)
//! gets a number in *result order*: benefits by category order, then partners, notices and
//! pages; within a category, entries with the same title in different regions sit together.
//! Ties in ranking are broken by that number, so ties fall in category order.
//!
//! - `search/i/N.bin`: the posting lists of the tokens whose hash is N, with the result
//!   rows of each token's first entries (see `postings`), so that the request that brings
//!   a word's postings usually brings its first screen of results too;
//! - `search/d/N.json`: result rows of entries N×`SHARD`.. in result order, a JSON array of
//!   rows, for results beyond those and the filters;
//! - `search/y/N.txt`: how Han characters sound, for correcting typos (see `sounds`);
//! - `finder/data/GROUP/REGION.json`: what the finder shows for one group in one region.
//!
//! Besides the tokens, fragments hold the records of synonyms (`~看病`, see `synonyms`)
//! and of sounds (`?dai'zen`, see `sounds`).
//!
//! A result row is a JSON array `[type, category, region, id, title, snippet]`, so that no
//! character in a title or a name can be mistaken for a separator.

mod finder;
mod postings;
mod sounds;
mod synonyms;
mod tokens;

use crate::fingerprint;
use crate::markdown::to_plain;
use crate::model::{Benefit, Config, Notice, Page, Partner, Site};
use crate::output::OutputFile;
use crate::pieces::Pieces;
use postings::{encode_fragment, fnv1a, Postings};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use tokens::{facet_key, key_text, Key, Level, Tokens, BODY, SUMMARY, TITLE};

pub use finder::{files as finder_files, finder_page};

/// Result rows per row file.
pub const SHARD: usize = 16;
/// Entries per index fragment: sized so that a fragment, rows included, is some 10 KB on
/// typical content (see docs/search.md).
const ENTRIES_PER_FRAGMENT: usize = 4;
/// Bumped when the file formats change, so that no browser mixes old and new files.
const FORMAT: &str = "3";
/// One entry's tokens, sorted by key, each at the best level it was found at.
type EntryTokens = Vec<(Key, Level)>;

/// Entries tokenized at a time while the index is built.
const BATCH: usize = 2048;
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
    /// What its tokens are made from, with the settings: the fingerprint of its source
    /// (file, text and place), which the loader took.
    fn identity(&self) -> u64 {
        match self {
            Entry::Benefit(b) => fingerprint::of(&(0u8, &b.id)),
            Entry::Partner(p) => fingerprint::of(&(1u8, &p.id)),
            Entry::Notice(n) => fingerprint::of(&(2u8, &n.id)),
            Entry::Page(p) => fingerprint::of(&(3u8, &p.id)),
        }
    }

    fn fingerprint(&self) -> u64 {
        match self {
            Entry::Benefit(b) => fingerprint::of(&(0u8, b.source)),
            Entry::Partner(p) => fingerprint::of(&(1u8, p.source)),
            Entry::Notice(n) => fingerprint::of(&(2u8, n.source)),
            Entry::Page(p) => fingerprint::of(&(3u8, p.source)),
        }
    }

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
    let mut pages: Vec<&Page> = site.pages.iter().map(Arc::as_ref).collect();
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
            .map(|n| Entry::Notice(n)),
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

/// Tokens of the names entries are filed under (regions, categories, groups, tags), made
/// once per name: the same few names recur on every entry.
struct Filed<'a> {
    names: HashMap<&'a str, Vec<(Key, Level)>>,
    /// Per region: the facet keys of every region it applies in (itself and below).
    regions: HashMap<&'a str, Vec<Key>>,
    everywhere: Vec<Key>,
}

impl<'a> Filed<'a> {
    fn new(site: &'a Site, entries: &[Entry<'a>]) -> Filed<'a> {
        let c = &site.config;
        let mut names: HashMap<&str, Vec<(Key, Level)>> = HashMap::new();
        let mut add = |name: &'a str| {
            names.entry(name).or_insert_with(|| {
                let mut t = Tokens::default();
                t.add_text(name, SUMMARY);
                t.add_pinyin(name, SUMMARY, true);
                t.finish()
            });
        };
        for terms in [&c.categories, &c.groups, &c.partner_kinds] {
            terms.iter().for_each(|t| add(&t.name));
        }
        c.regions.iter().for_each(|r| add(&r.name));
        for e in entries {
            let tags = match e {
                Entry::Benefit(b) => &b.tags,
                Entry::Partner(p) => &p.tags,
                Entry::Notice(n) => &n.tags,
                Entry::Page(_) => continue,
            };
            tags.iter().for_each(|t| add(t));
        }
        let regions = c
            .regions
            .iter()
            .map(|r| {
                let keys = (0..c.regions.len())
                    .filter(|&i| c.applies_in(&r.id, i))
                    .map(|i| facet_key(1, i))
                    .collect();
                (r.id.as_str(), keys)
            })
            .collect();
        Filed {
            names,
            regions,
            everywhere: (0..c.regions.len()).map(|i| facet_key(1, i)).collect(),
        }
    }
}

/// The tokens of one entry, with the place each was found, and its filter tokens.
fn entry_tokens(site: &Site, filed: &Filed, entry: Entry) -> EntryTokens {
    let c = &site.config;
    let mut t = Tokens::default();
    let title = entry.title();
    t.add_text(title, TITLE);
    t.add_pinyin(title, TITLE, true);
    // What the entry is filed under counts like its summary: 医疗 finds the whole category.
    let mut names: Vec<&str> = Vec::new();
    if let Some(r) = entry.region() {
        names.push(region_name(c, r));
    }
    let o = |s: &Option<String>| s.as_deref().map(to_plain).unwrap_or_default();
    let mut groups: Vec<usize> = Vec::new();
    let body: Vec<String> = match entry {
        Entry::Benefit(b) => {
            t.add_text(&b.summary, SUMMARY);
            names.push(name_of(&c.categories, &b.category));
            names.extend(b.groups.iter().map(|g| name_of(&c.groups, g)));
            names.extend(b.tags.iter().map(String::as_str));
            groups.extend(
                b.groups
                    .iter()
                    .filter_map(|g| c.groups.iter().position(|t| &t.id == g)),
            );
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
            names.push(name_of(&c.partner_kinds, &p.kind));
            names.extend(p.groups.iter().map(|g| name_of(&c.groups, g)));
            names.extend(p.tags.iter().map(String::as_str));
            groups.extend((0..c.groups.len()).filter(|&i| p.serves(&c.groups[i].id)));
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
            names.extend(n.tags.iter().map(String::as_str));
            vec![to_plain(&n.body)]
        }
        Entry::Page(p) => vec![to_plain(&p.body)],
    };
    for name in &names {
        if let Some(keys) = filed.names.get(name) {
            t.extend(keys);
        }
    }
    for text in &body {
        t.add_text(text, BODY);
    }
    // The group and region filters: which entries serve a group, which apply in a region.
    for g in groups {
        t.push(facet_key(0, g), TITLE);
    }
    let regions = match entry.region() {
        Some(r) => filed.regions.get(r).unwrap_or(&filed.everywhere),
        None => &filed.everywhere,
    };
    for &k in regions {
        t.push(k, TITLE);
    }
    t.finish()
}

/// A multiply-shift hash for keys: SipHash would be most of the merge.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = (k ^ (k >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    }
}

type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

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

/// One result row, as JSON: `[type, label, region, id, title, snippet]`. The label is the
/// position of the category (or partner kind) in the site's list, a notice's date, or null
/// for a page; the region is a position in the site's regions, or null.
fn result_row(site: &Site, entry: Entry) -> String {
    let c = &site.config;
    let rank = |terms: &[crate::model::Term], id: &str| {
        terms
            .iter()
            .position(|t| t.id == id)
            .map_or(serde_json::Value::Null, Into::into)
    };
    let region = entry.region().and_then(|r| c.region_index(r));
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
            n.date.to_string().into(),
            &n.id,
            n.summary.clone().unwrap_or_else(|| to_plain(&n.body)),
        ),
        Entry::Page(p) => ("g", serde_json::Value::Null, &p.id, to_plain(&p.body)),
    };
    serde_json::json!([
        kind,
        label,
        region,
        id,
        one_line(entry.title()),
        snippet(&text)
    ])
    .to_string()
}

fn fragment_count(entries: usize) -> usize {
    entries.div_ceil(ENTRIES_PER_FRAGMENT).max(1)
}

/// Names this build's index, so a browser never mixes fragments of two builds: a hash of
/// what the index is made of, the entries (each by the fingerprint of its source, which the
/// loader took), the site's names and its region tree.
fn stamp(site: &Site, entries: &[Entry]) -> String {
    let c = &site.config;
    fn terms(terms: &[crate::model::Term]) -> Vec<(&str, &str)> {
        terms.iter().map(|t| (&*t.id, &*t.name)).collect()
    }
    let print = fingerprint::of(&(
        FORMAT,
        site.today,
        [
            terms(&c.categories),
            terms(&c.groups),
            terms(&c.partner_kinds),
        ],
        c.regions
            .iter()
            .map(|r| (&r.id, &r.name, r.parent))
            .collect::<Vec<_>>(),
        entries.iter().map(Entry::fingerprint).collect::<Vec<_>>(),
        &c.synonyms,
    ));
    format!("{:012x}", print >> 16)
}

/// What `search.js` needs to read the index: counts, the stamp, the result-order ranges
/// of each category (and of partners, notices and pages) for the category filter, and the
/// names rows refer to by position.
#[derive(Debug, Serialize)]
pub struct SearchIndex {
    pub base: String,
    pub fragments: usize,
    pub shard: usize,
    pub entries: usize,
    pub stamp: String,
    /// Category id (or `partners`, `notices`, `pages`) -> `[start, end)` in result order.
    pub ranges: serde_json::Map<String, serde_json::Value>,
    pub categories: Vec<String>,
    pub kinds: Vec<String>,
    pub regions: Vec<String>,
    /// The pinyin syllables a typed pinyin query is split with.
    pub syllables: tokens::SyllableTable,
}

/// What `search.html` gets: the index description as JSON to put in a `<script>` element,
/// where `search.js` reads it before the rest of the page has loaded.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub json: String,
}

pub fn search_page(site: &Site) -> SearchPage {
    // `</` inside a <script> element could end it; `<\/` is the same string in JSON.
    let json = serde_json::to_string(&search_index(site))
        .unwrap_or_default()
        .replace("</", "<\\/");
    SearchPage { json }
}

/// The index's entries grouped as its results are (benefits by category, then partners,
/// notices and pages), each group in the site's order: all that the search page needs, which
/// is the same numbers as `entries` gives without its sort by title.
fn grouped(site: &Site) -> Vec<Entry<'_>> {
    let c = &site.config;
    let mut benefits: Vec<&Benefit> = site.current_benefits().collect();
    benefits.sort_by_cached_key(|b| c.category_rank(&b.category));
    let mut out: Vec<Entry> = benefits.into_iter().map(Entry::Benefit).collect();
    out.extend(site.current_partners().map(Entry::Partner));
    out.extend(
        (site.notices.iter())
            .filter(|n| !n.is_archived(site.today))
            .map(|n| Entry::Notice(n)),
    );
    out.extend(site.pages.iter().map(|p| Entry::Page(p)));
    out
}

fn search_index(site: &Site) -> SearchIndex {
    let c = &site.config;
    let entries = grouped(site);
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
    let names = |terms: &[crate::model::Term]| terms.iter().map(|t| t.name.clone()).collect();
    SearchIndex {
        base: c.base_path.clone(),
        fragments: fragment_count(entries.len()),
        shard: SHARD,
        entries: entries.len(),
        stamp: stamp(site, &entries),
        ranges: ranges
            .into_iter()
            .map(|(k, s, e)| (k, serde_json::json!([s, e])))
            .collect(),
        categories: names(&c.categories),
        kinds: names(&c.partner_kinds),
        regions: c.regions.iter().map(|r| r.name.clone()).collect(),
        syllables: tokens::syllable_table(),
    }
}

/// Every file of the search index and the finder's data.
#[cfg(test)]
pub fn index_files(site: &Site) -> Vec<OutputFile> {
    index_files_once(site, finder::files(site, &Pieces::default()))
}

/// The same, for a build that makes the index once; `finder` is the finder's files.
pub fn index_files_once(site: &Site, finder: Vec<OutputFile>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = index_files_again(site, &mut Memo::once(), None)
        .into_iter()
        .filter_map(|f| {
            f.bytes.map(|bytes| OutputFile {
                path: f.path,
                bytes,
            })
        })
        .collect();
    files.extend(finder);
    files
}

/// A file of the index: where it goes, a fingerprint of what it is made of (when asked
/// for), and its bytes, unless the caller has them already.
pub struct IndexFile {
    pub path: String,
    pub print: u64,
    pub bytes: Option<Vec<u8>>,
}

/// Whether the caller has the file at a path with a fingerprint already (the preview: it
/// serves it), which is then not made again.
pub type Have<'h> = Option<&'h (dyn Fn(&str, u64) -> bool + Sync)>;

impl IndexFile {
    /// A file made already; its fingerprint is that of its bytes when `have` asks for one.
    fn made(file: OutputFile, have: Have) -> IndexFile {
        let print = have.map_or(0, |_| fingerprint::of_bytes(&file.bytes));
        IndexFile {
            path: file.path,
            print,
            bytes: Some(file.bytes),
        }
    }

    /// The file at `path` made of what `print` fingerprints, made by `make` unless `have`
    /// has it.
    fn unless_had(
        path: String,
        print: u64,
        have: Have,
        make: impl FnOnce() -> Vec<u8>,
    ) -> IndexFile {
        let had = have.is_some_and(|have| have(&path, print));
        IndexFile {
            bytes: (!had).then(make),
            path,
            print,
        }
    }
}

/// What the last index was made of, kept by the preview between saves: each entry's
/// identity and fingerprint by entry number, and every token's postings. Tokenizing every
/// entry is most of the time an index takes; after a save, only the entries that changed
/// are tokenized again, and the others keep their tokens under their new numbers (an edited
/// title moves an entry, and those between, in result order). The files are the same as a
/// fresh index's, byte for byte (the preview's random-edit test compares them).
pub struct Memo {
    tokens: Tokenized,
    /// Each entry's result row, by the fingerprint of the entry and the settings.
    rows: Pieces,
}

/// The tokens of the last index: what it was made of, and every token's postings.
#[derive(Default)]
struct Tokenized {
    settings: u64,
    /// (identity, fingerprint) by entry number.
    entries: Vec<(u64, u64)>,
    postings: HashMap<Key, Postings, KeyHash>,
}

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            tokens: Tokenized::default(),
            rows: Pieces::kept(),
        }
    }
}

impl Memo {
    /// For a build that makes the index once: the rows are not kept (20 MB at 100,000
    /// entries, for nothing).
    pub fn once() -> Memo {
        Memo {
            tokens: Tokenized::default(),
            rows: Pieces::default(),
        }
    }
}

/// At most this many changed entries are tokenized again; more, and the index is made anew.
const MOST_CHANGED: usize = 1024;

/// The search index's files (not the finder's), reusing and then updating `memo`. With
/// `have`, every file gets a fingerprint of what it is made of (for the fragments and
/// result rows, taken before they are made), and those `have` has are not made.
pub fn index_files_again(site: &Site, memo: &mut Memo, have: Have) -> Vec<IndexFile> {
    let entries = entries(site);
    let settings = fingerprint::of(&format!("{:?}", site.config));
    memo.rows.forget_unused();
    let kept_rows = &memo.rows;
    // The postings merge is sequential; the rows and the finder use the other cores meanwhile.
    let (postings, (rows, keys, spellings, mut files)) = rayon::join(
        || updated_postings(site, &entries, settings, &mut memo.tokens),
        || {
            let keys: Vec<u64> = entries
                .iter()
                .map(|e| fingerprint::of(&(settings, e.fingerprint())))
                .collect();
            let made = kept_rows.get_all(&keys, |i| Ok::<_, ()>(result_row(site, entries[i])));
            let rows: Vec<Arc<str>> = made.unwrap_or_default();
            let mut files: Vec<IndexFile> = rows
                .par_chunks(SHARD)
                .zip(keys.par_chunks(SHARD))
                .enumerate()
                .map(|(i, (chunk, keys))| {
                    let path = format!("{}d/{i}.json", crate::routes::SEARCH_DATA);
                    let print = have.map_or(0, |_| fingerprint::quick(&keys));
                    IndexFile::unless_had(path, print, have, || {
                        let mut text =
                            String::with_capacity(chunk.iter().map(|r| r.len() + 2).sum());
                        text.push('[');
                        for (n, row) in chunk.iter().enumerate() {
                            if n > 0 {
                                text.push_str(",\n");
                            }
                            text.push_str(row);
                        }
                        text.push(']');
                        text.into_bytes()
                    })
                })
                .collect();
            let made = sounds::reading_files()
                .into_iter()
                .chain([sounds::correction_script()]);
            files.extend(made.map(|f| IndexFile::made(f, have)));
            let spellings = sounds::spellings(pinyin_texts(site, &entries));
            (rows, keys, spellings, files)
        },
    );
    let n = fragment_count(entries.len());
    let table = synonyms::table(&site.config.synonyms);
    let mut records: Vec<Record> = synonyms::records(&table, postings, entries.len())
        .into_iter()
        .map(|s| Record {
            fragment: fnv1a(s.anchor.as_bytes()) as usize % n,
            name: s.name,
            postings: Cow::Owned(s.postings),
            text: s.words,
        })
        .collect();
    records.extend(spellings.into_iter().map(|(name, text)| Record {
        fragment: fnv1a(name.as_bytes()) as usize % n,
        name,
        postings: Cow::Owned(Postings::default()),
        text,
    }));
    let pool = Pool {
        rows: &rows,
        keys: &keys,
    };
    files.extend(fragment_files(site, n, postings, records, pool, have));
    files
}

/// The postings of `entries`: `memo`'s, renumbered, with the entries whose fingerprint
/// changed tokenized again; or made anew when the settings changed or many entries did.
fn updated_postings<'m>(
    site: &Site,
    entries: &[Entry],
    settings: u64,
    memo: &'m mut Tokenized,
) -> &'m HashMap<Key, Postings, KeyHash> {
    let now: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| (e.identity(), e.fingerprint()))
        .collect();
    match renumbering(&memo.entries, &now) {
        Some((old_to_new, changed))
            if settings == memo.settings && changed.len() <= MOST_CHANGED =>
        {
            if !changed.is_empty()
                || old_to_new
                    .iter()
                    .enumerate()
                    .any(|(o, n)| *n != Some(o as u32))
            {
                retokenize(site, entries, &mut memo.postings, &old_to_new, &changed);
            }
        }
        _ => memo.postings = postings(site, entries),
    }
    memo.settings = settings;
    memo.entries = now;
    &memo.postings
}

/// Old entry number → new (None: gone or changed), and the new numbers of entries to
/// tokenize; None if an identity repeats.
fn renumbering(before: &[(u64, u64)], now: &[(u64, u64)]) -> Option<(Vec<Option<u32>>, Vec<u32>)> {
    let mut old: HashMap<u64, (u32, u64)> = HashMap::with_capacity(before.len());
    for (i, &(id, print)) in before.iter().enumerate() {
        if old.insert(id, (i as u32, print)).is_some() {
            return None;
        }
    }
    let mut old_to_new = vec![None; before.len()];
    let mut changed = Vec::new();
    for (n, &(id, print)) in now.iter().enumerate() {
        match old.remove(&id) {
            Some((o, p)) if p == print => old_to_new[o as usize] = Some(n as u32),
            Some(_) | None => changed.push(n as u32),
        }
    }
    Some((old_to_new, changed))
}

/// Moves every posting to its entry's new number, drops those of entries gone or changed,
/// and adds the tokens of the `changed` entries.
fn retokenize(
    site: &Site,
    entries: &[Entry],
    postings: &mut HashMap<Key, Postings, KeyHash>,
    old_to_new: &[Option<u32>],
    changed: &[u32],
) {
    let filed = Filed::new(site, entries);
    let sets: Vec<EntryTokens> = changed
        .par_iter()
        .map(|&i| entry_tokens(site, &filed, entries[i as usize]))
        .collect();
    // Entry numbers below the first that moved or went, and above the last, stay: in each
    // (sorted) list only the numbers between are looked at, which after a typical save is
    // a short stretch of a few lists or none.
    let moved = |(o, n): (usize, &Option<u32>)| *n != Some(o as u32);
    let first = old_to_new.iter().enumerate().position(moved);
    let last = old_to_new.iter().enumerate().rposition(moved);
    if let (Some(first), Some(last)) = (first, last) {
        let (first, last) = (first as u32, last as u32);
        postings.par_iter_mut().for_each(|(_, p)| {
            for list in &mut p.lists {
                let start = list.partition_point(|&e| e < first);
                let end = list.partition_point(|&e| e <= last);
                if start == end {
                    continue;
                }
                let mut kept = start;
                for at in start..end {
                    if let Some(n) = old_to_new[list[at] as usize] {
                        list[kept] = n;
                        kept += 1;
                    }
                }
                list.drain(kept..end);
                let around = start.saturating_sub(1)..(kept + 1).min(list.len());
                if !list[around].is_sorted() {
                    list.sort_unstable();
                }
            }
        });
    }
    for (&i, set) in changed.iter().zip(sets) {
        for (key, level) in set {
            let list = &mut postings.entry(key).or_default().lists[(TITLE - level) as usize];
            let at = list.binary_search(&i).unwrap_or_else(|at| at);
            list.insert(at, i);
        }
    }
    postings.retain(|_, p| p.lists.iter().any(|l| !l.is_empty()));
}

/// The texts pinyin is indexed for: every entry's title, and each name entries are filed
/// under once.
fn pinyin_texts<'a>(site: &'a Site, entries: &[Entry<'a>]) -> Vec<&'a str> {
    let c = &site.config;
    let mut texts: Vec<&str> = entries.iter().map(Entry::title).collect();
    for terms in [&c.categories, &c.groups, &c.partner_kinds] {
        texts.extend(terms.iter().map(|t| t.name.as_str()));
    }
    texts.extend(c.regions.iter().map(|r| r.name.as_str()));
    let mut tags: Vec<&str> = entries
        .iter()
        .flat_map(|e| match e {
            Entry::Benefit(b) => &b.tags[..],
            Entry::Partner(p) => &p.tags[..],
            Entry::Notice(n) => &n.tags[..],
            Entry::Page(_) => &[],
        })
        .map(String::as_str)
        .collect();
    tags.sort_unstable();
    tags.dedup();
    texts.extend(tags);
    texts
}

/// One record of a fragment: a token's postings, a synonym's (with its words) or a sound's
/// spellings, in the fragment the browser fetches for it.
struct Record<'a> {
    fragment: usize,
    name: String,
    postings: Cow<'a, Postings>,
    text: String,
}

/// Every token's postings, merged in entry order.
fn postings(site: &Site, entries: &[Entry]) -> HashMap<Key, Postings, KeyHash> {
    let filed = Filed::new(site, entries);
    // Entries are tokenized a batch at a time, in parallel, while the previous batch is
    // merged in entry order (so every list comes out sorted); at most two batches of tokens
    // are in memory (all of them at once took 0.8 GB at 100,000 entries).
    let mut map: HashMap<Key, Postings, KeyHash> = HashMap::default();
    let merge =
        |map: &mut HashMap<Key, Postings, KeyHash>, first: usize, sets: Vec<EntryTokens>| {
            for (i, set) in sets.into_iter().enumerate() {
                for (key, level) in set {
                    map.entry(key).or_default().lists[(TITLE - level) as usize]
                        .push((first + i) as u32);
                }
            }
        };
    let mut pending: Option<(usize, Vec<EntryTokens>)> = None;
    for (b, batch) in entries.chunks(BATCH).enumerate() {
        let (sets, ()) = rayon::join(
            || {
                batch
                    .par_iter()
                    .map(|&e| entry_tokens(site, &filed, e))
                    .collect()
            },
            || {
                if let Some((first, sets)) = pending.take() {
                    merge(&mut map, first, sets);
                }
            },
        );
        pending = Some((b * BATCH, sets));
    }
    if let Some((first, sets)) = pending {
        merge(&mut map, first, sets);
    }
    map
}

/// Every entry's result row, and the fingerprint it was made from.
struct Pool<'p> {
    rows: &'p [Arc<str>],
    keys: &'p [u64],
}

/// `search/i/N.bin`: every token's postings, in the fragment its name hashes to, the other
/// `records`, and the rows of the first entries of the fragment's words and synonyms
/// (filters are never ranked by).
fn fragment_files(
    site: &Site,
    n: usize,
    postings: &HashMap<Key, Postings, KeyHash>,
    records: Vec<Record<'_>>,
    pool: Pool,
    have: Have,
) -> Vec<IndexFile> {
    let c = &site.config;
    let facet = |kind: u8, i: usize| match kind {
        0 => format!("#g:{}", c.groups[i].id),
        _ => format!("#r:{}", c.regions[i].id),
    };
    let mut named: Vec<Record> = postings
        .par_iter()
        .map(|(&key, postings)| {
            let name = key_text(key, &facet);
            Record {
                fragment: fnv1a(name.as_bytes()) as usize % n,
                name,
                postings: Cow::Borrowed(postings),
                text: String::new(),
            }
        })
        .collect();
    named.extend(records);
    named.par_sort_unstable_by(|a, b| (a.fragment, &a.name).cmp(&(b.fragment, &b.name)));
    let mut bounds = vec![0; n + 1];
    for r in &named {
        bounds[r.fragment + 1] += 1;
    }
    for i in 0..n {
        bounds[i + 1] += bounds[i];
    }
    (0..n)
        .into_par_iter()
        .map(|i| {
            let records = &named[bounds[i]..bounds[i + 1]];
            let mut first: Vec<u32> = records
                .iter()
                .filter(|r| !r.name.starts_with('#'))
                .flat_map(|r| r.postings.first())
                .collect();
            first.sort_unstable();
            first.dedup();
            let path = format!("{}i/{i}.bin", crate::routes::SEARCH_DATA);
            // What the fragment is made of: far quicker to fingerprint than to encode, so
            // that a save encodes again only the fragments it changed.
            let print = have.map_or(0, |_| {
                let mut h = fingerprint::Quick::default();
                for r in records {
                    (&r.name, &r.postings.lists, &r.text).hash(&mut h);
                }
                for &e in &first {
                    (e, pool.keys[e as usize]).hash(&mut h);
                }
                h.finish()
            });
            IndexFile::unless_had(path, print, have, || {
                let rows: Vec<(u32, &[u8])> = first
                    .iter()
                    .map(|&e| (e, pool.rows[e as usize].as_bytes()))
                    .collect();
                encode_fragment(
                    &rows,
                    records
                        .iter()
                        .map(|r| (r.name.as_str(), &*r.postings, r.text.as_str())),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
