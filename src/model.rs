//! The validated site: plain data that the renderer reads and nothing writes back to.

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// A calendar date, written YYYY-MM-DD in content and output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Strict `YYYY-MM-DD` with a real day (no 2024-02-30).
    pub fn parse(text: &str) -> Option<Date> {
        Date::check(text).ok()
    }

    /// Strict `YYYY-MM-DD`, or what is wrong with `text`, in the terms a person uses.
    pub fn check(text: &str) -> Result<Date, DateProblem> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(DateProblem::Shape {
                suggestion: loose(text).map(|d| d.to_string()),
            });
        }
        let number = |r: std::ops::Range<usize>| text[r].parse::<i16>().unwrap_or(0);
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        real_day(year, month, day)
    }

    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        Some(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// The system's local date.
    pub fn today_local() -> Date {
        Date(jiff::ZonedDateTime::now().date())
    }

    /// Whole days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(&self, earlier: Date) -> i64 {
        earlier
            .0
            .until(self.0)
            .map(|span| i64::from(span.get_days()))
            .unwrap_or(0)
    }

    /// `2024年12月24日`, as citizens read dates.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.0.year(), self.0.month(), self.0.day())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What is wrong with a date as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateProblem {
    /// Not `YYYY-MM-DD`; the same day written that way, if the text names one
    /// (`2025/1/5`, `2025.01.05`, `2025年1月5日`).
    Shape { suggestion: Option<String> },
    /// `2025-13-01`: there is no month 13.
    NoSuchMonth { month: i16 },
    /// `2025-02-30`: that month has no such day.
    NoSuchDay { year: i16, month: i16, day: i16 },
}

fn real_day(year: i16, month: i16, day: i16) -> Result<Date, DateProblem> {
    if !(1..=12).contains(&month) {
        return Err(DateProblem::NoSuchMonth { month });
    }
    jiff::civil::Date::new(year, month as i8, day.clamp(0, 99) as i8)
        .map(Date)
        .map_err(|_| DateProblem::NoSuchDay { year, month, day })
}

/// A day written with other separators or without leading zeros.
fn loose(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .trim()
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月', '－', '／', '．'])
        .collect();
    let [y, m, d] = parts[..] else { return None };
    let n = |p: &str| p.trim().parse::<i16>().ok();
    let (year, month, day) = (n(y)?, n(m)?, n(d)?);
    (1000..=9999).contains(&year).then_some(())?;
    real_day(year, month, day).ok()
}

/// Where an entry stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    Upcoming,
    Current,
    Expired,
}

pub fn validity(valid_from: Option<Date>, valid_until: Option<Date>, today: Date) -> Validity {
    match (valid_from, valid_until) {
        (Some(from), _) if from > today => Validity::Upcoming,
        (_, Some(until)) if until < today => Validity::Expired,
        _ => Validity::Current,
    }
}

/// An entry of one of the site's vocabularies: a category, group or partner kind.
#[derive(Clone, Debug, Serialize)]
pub struct Term {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where site.yaml defines it, for warnings about the term as a whole.
    #[serde(skip)]
    pub place: Option<crate::diag::Place>,
}

/// A region of the tree; an entry for a region applies to every region below it.
#[derive(Clone, Debug)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// The office citizens of this region call.
    pub contact: Option<Contact>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: usize,
}

/// Who runs a government website, as its footer must say (《政府网站发展指引》).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Publisher {
    /// 主办单位
    pub name: String,
    /// 承办单位
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// 网站标识码: ten digits
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_code: Option<String>,
    /// ICP备案号
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icp: Option<String>,
    /// 公安机关备案号
    #[serde(skip_serializing_if = "Option::is_none")]
    pub police: Option<String>,
}

/// What changed for citizens, and when (变更记录).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub date: Date,
    pub note: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`.
    pub base_path: String,
    pub language: String,
    pub description: Option<String>,
    pub contact: Option<Contact>,
    pub theme: String,
    /// Who runs the site: the footer of a government website.
    pub publisher: Option<Publisher>,
    /// Where "我要纠错" leads: a `mailto:` or `https:` address.
    pub feedback: Option<String>,
    /// Where site.yaml writes `feedback`, for `check --external`.
    pub feedback_place: Option<crate::diag::Place>,
    /// Words people say → words the content uses, for search, in site.yaml's order.
    pub synonyms: Vec<(String, Vec<String>)>,
    /// In tree order: every region follows its parent.
    pub regions: Vec<Region>,
    pub categories: Vec<Term>,
    pub groups: Vec<Term>,
    pub partner_kinds: Vec<Term>,
}

impl Config {
    pub fn region_index(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.id == id)
    }

    /// The region and all of its ancestors, nearest first.
    pub fn region_and_ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut at = index;
        while let Some(parent) = self.regions[at].parent {
            chain.push(parent);
            at = parent;
        }
        chain
    }

    /// Does an entry for region `entry` apply in region `place`?
    pub fn applies_in(&self, entry: &str, place: usize) -> bool {
        let mut at = Some(place);
        while let Some(i) = at {
            if self.regions[i].id == entry {
                return true;
            }
            at = self.regions[i].parent;
        }
        false
    }

    pub fn category_rank(&self, id: &str) -> usize {
        rank(&self.categories, id)
    }

    pub fn kind_rank(&self, id: &str) -> usize {
        rank(&self.partner_kinds, id)
    }
}

fn rank(terms: &[Term], id: &str) -> usize {
    terms.iter().position(|t| t.id == id).unwrap_or(usize::MAX)
}

/// An item of a benefits catalog.
#[derive(Clone, Debug, Serialize)]
pub struct Benefit {
    /// A fingerprint of where the entry was read from (its file's path and text, and its
    /// place in the file): the preview server's way of telling unchanged entries apart
    /// without comparing them.
    #[serde(skip)]
    pub source: u64,
    pub id: String,
    pub title: String,
    pub category: String,
    pub groups: Vec<String>,
    pub region: String,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<CatalogNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how_to_claim: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A catalog number as written: `12` stays a number, `3-1` stays text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CatalogNumber {
    Number(i64),
    Text(String),
}

impl CatalogNumber {
    /// Orders numbers numerically and texts after them.
    pub fn sort_key(&self) -> (i64, &str) {
        match self {
            CatalogNumber::Number(n) => (*n, ""),
            CatalogNumber::Text(t) => (i64::MAX, t),
        }
    }
}

impl fmt::Display for CatalogNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogNumber::Number(n) => write!(f, "{n}"),
            CatalogNumber::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for CatalogNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CatalogNumber::Number(n) => s.serialize_i64(*n),
            CatalogNumber::Text(t) => s.serialize_str(t),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// A shop, scenic spot, hospital or service that offers a discount.
#[derive(Clone, Debug, Serialize)]
pub struct Partner {
    /// A fingerprint of where the entry was read from (its file's path and text, and its
    /// place in the file): the preview server's way of telling unchanged entries apart
    /// without comparing them.
    #[serde(skip)]
    pub source: u64,
    pub id: String,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub offer: String,
    /// Empty means every group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requires_card: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    /// The partner's own web address (not its page here, which is the catalog's `url`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Partner {
    pub fn serves(&self, group: &str) -> bool {
        self.groups.is_empty() || self.groups.iter().any(|g| g == group)
    }
}

/// An announcement.
#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    /// A fingerprint of where the entry was read from (its file's path and text, and its
    /// place in the file): the preview server's way of telling unchanged entries apart
    /// without comparing them.
    #[serde(skip)]
    pub source: u64,
    pub id: String,
    pub title: String,
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    /// 文号
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    /// 发布机构; the publisher's name when not written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// 成文日期
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Date>,
    /// 索引号
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_no: Option<String>,
    pub body: String,
}

impl Notice {
    pub fn is_archived(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }
}

/// A free page such as "about" or "how to apply for the card".
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// A fingerprint of where the entry was read from (its file's path and text, and its
    /// place in the file): the preview server's way of telling unchanged entries apart
    /// without comparing them.
    #[serde(skip)]
    pub source: u64,
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    pub body: String,
}

/// A file copied to the output unchanged; `path` is relative to the output root.
#[derive(Clone, Debug)]
pub struct StaticFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything a build renders, for one "today".
#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    pub today: Date,
    /// Every benefit whose page is written: current and expired, sorted by category order,
    /// catalog number, then id. Not-yet-valid ones are left out at load.
    /// Entries are shared with what the preview keeps of the files they were read from, so
    /// that putting the site together after a save copies none of them.
    pub benefits: Vec<Arc<Benefit>>,
    pub partners: Vec<Arc<Partner>>,
    /// Newest first.
    pub notices: Vec<Arc<Notice>>,
    pub pages: Vec<Arc<Page>>,
    pub statics: Vec<StaticFile>,
}

impl Site {
    pub fn benefit_is_current(&self, b: &Benefit) -> bool {
        validity(b.valid_from, b.valid_until, self.today) == Validity::Current
    }

    pub fn partner_is_current(&self, p: &Partner) -> bool {
        validity(p.valid_from, p.valid_until, self.today) == Validity::Current
    }

    pub fn current_benefits(&self) -> impl Iterator<Item = &Benefit> {
        self.benefits
            .iter()
            .map(Arc::as_ref)
            .filter(|b| self.benefit_is_current(b))
    }

    pub fn current_partners(&self) -> impl Iterator<Item = &Partner> {
        self.partners
            .iter()
            .map(Arc::as_ref)
            .filter(|p| self.partner_is_current(p))
    }
}
