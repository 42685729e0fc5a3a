//! Benefits, partners, notices and pages: one YAML mapping (or front matter) into one entry.
//!
//! Each reader destructures every field it knows, so a field added to the contract but not
//! read here is a compile-time gap, and any other field is an "unknown field" error.

use super::config::{id_problem, is_valid_id};
use super::fields::{place, At, Fields};
use super::spec;
use super::yaml::{Node, Pos, Value};
use crate::diag::{Place, Report};
use crate::model::{Benefit, CatalogNumber, Change, Date, Location, Notice, Page, Partner};

pub use super::spec::Vocabulary;

/// A reference from an entry to a vocabulary id, checked once site.yaml is known.
#[derive(Debug, Clone)]
pub struct Reference {
    pub vocabulary: Vocabulary,
    pub id: String,
    pub place: Place,
}

/// Everything seen while reading entries that needs the whole site to check.
#[derive(Default, Debug, Clone)]
pub struct Sightings {
    pub references: Vec<Reference>,
    /// (kind of entry, id, where the id was written)
    pub ids: Vec<(&'static str, String, Place)>,
    /// (attachment path, where it was written)
    pub attachments: Vec<(String, Place)>,
    /// Dates that tell whether an entry needs a look, for the warnings of `checkup.rs`.
    pub reviews: Vec<Review>,
    /// Notices written without a summary: (expires, where the front matter starts).
    pub summaryless: Vec<(Option<Date>, Place)>,
    /// Link targets written in Markdown, and where.
    pub links: Vec<(String, Place)>,
    /// Addresses written as fields (a partner's `website`), and where. Only
    /// `check --external` looks at them: unlike Markdown links, they are never taken for
    /// pages of this site, even when they are on its domain.
    pub websites: Vec<(String, Place)>,
}

/// What every file of the site saw, read where each file keeps it: the checks across
/// files read it without the sightings being copied into one list.
pub struct Seen<'a>(pub Vec<&'a Sightings>);

impl<'a> Seen<'a> {
    pub fn references(&self) -> impl Iterator<Item = &'a Reference> + '_ {
        self.0.iter().flat_map(|s| &s.references)
    }

    pub fn ids(&self) -> impl Iterator<Item = &'a (&'static str, String, Place)> + '_ {
        self.0.iter().flat_map(|s| &s.ids)
    }

    pub fn attachments(&self) -> impl Iterator<Item = &'a (String, Place)> + '_ {
        self.0.iter().flat_map(|s| &s.attachments)
    }

    pub fn reviews(&self) -> impl Iterator<Item = &'a Review> + '_ {
        self.0.iter().flat_map(|s| &s.reviews)
    }

    pub fn summaryless(&self) -> impl Iterator<Item = &'a (Option<Date>, Place)> + '_ {
        self.0.iter().flat_map(|s| &s.summaryless)
    }

    pub fn links(&self) -> impl Iterator<Item = &'a (String, Place)> + '_ {
        self.0.iter().flat_map(|s| &s.links)
    }

    pub fn websites(&self) -> impl Iterator<Item = &'a (String, Place)> + '_ {
        self.0.iter().flat_map(|s| &s.websites)
    }
}

/// When a benefit or partner was last reviewed and until when it is valid.
#[derive(Debug, Clone)]
pub struct Review {
    /// "benefit" or "partner"
    pub kind: &'static str,
    pub updated: Option<At<Date>>,
    pub valid_until: Option<At<Date>>,
    pub file: String,
    /// Whether the entry carries any date at all (review, change, validity).
    pub dated: bool,
    /// Where the entry starts.
    pub entry: Pos,
}

pub struct Reader<'a> {
    pub file: &'a str,
    pub report: &'a mut Report,
    pub seen: &'a mut Sightings,
}

/// A Markdown body and the line it starts on.
pub struct Body {
    pub text: String,
    pub line: usize,
}

fn values(list: Option<Vec<At<String>>>) -> Vec<String> {
    list.unwrap_or_default()
        .into_iter()
        .map(|a| a.value)
        .collect()
}

fn value<T>(at: Option<At<T>>) -> Option<T> {
    at.map(|a| a.value)
}

impl Reader<'_> {
    fn reference(&mut self, vocabulary: Vocabulary, at: &At<String>) {
        self.seen.references.push(Reference {
            vocabulary,
            id: at.value.clone(),
            place: place(self.file, at.pos),
        });
    }

    fn review(
        &mut self,
        kind: &'static str,
        entry: Pos,
        updated: Option<At<Date>>,
        valid_until: Option<At<Date>>,
        other_dates: bool,
    ) {
        let dated = other_dates || updated.is_some() || valid_until.is_some();
        self.seen.reviews.push(Review {
            kind,
            updated,
            valid_until,
            file: self.file.to_string(),
            dated,
            entry,
        });
    }

    fn id(&mut self, kind: &'static str, at: &At<String>) -> bool {
        if !is_valid_id(&at.value) {
            self.report
                .error(place(self.file, at.pos), id_problem(&at.value));
            return false;
        }
        self.seen
            .ids
            .push((kind, at.value.clone(), place(self.file, at.pos)));
        true
    }
}

/// The link targets of a Markdown text whose first line is `line` of `file`, with their places.
fn links_in(file: &str, text: &str, line: usize, col: usize) -> Vec<(String, Place)> {
    // Lines are counted on from the previous link, not from the start for each link: a
    // long text of links would otherwise take quadratic time.
    let (mut counted, mut lines_before) = (0, 0);
    let mut targets = super::checkup::link_targets(text);
    targets.sort_by_key(|(_, offset)| *offset);
    targets
        .into_iter()
        .map(|(target, offset)| {
            lines_before += text[counted..offset].matches('\n').count();
            counted = offset;
            let col = if lines_before == 0 { col } else { 1 };
            (target, Place::new(file, line + lines_before, col))
        })
        .collect()
}

/// The links of Markdown fields and bodies.
fn markdown_links(
    file: &str,
    fields: &[Option<&At<String>>],
    body: Option<&Body>,
) -> Vec<(String, Place)> {
    let mut links = Vec::new();
    for at in fields.iter().flatten() {
        links.extend(links_in(file, &at.value, at.pos.line, at.pos.col));
    }
    if let Some(body) = body {
        links.extend(links_in(file, &body.text, body.line, 1));
    }
    links
}

/// Reads valid_from and valid_until, which must not be reversed.
fn validity(f: &mut Fields) -> (Option<Date>, Option<At<Date>>) {
    {
        let from = f.date("valid_from");
        let until = f.date("valid_until");
        if let (Some(from), Some(until)) = (&from, &until) {
            if until.value < from.value {
                f.error(
                    until.pos,
                    tr!(
                        "entry-validity-reversed",
                        until = until.value,
                        from = from.value
                    ),
                );
            }
        }
        (value(from), until)
    }
}

impl Reader<'_> {
    /// Reads a benefit from a YAML mapping, with the Markdown body of its file if it has one.
    pub fn benefit(&mut self, node: &Node, body: Option<Body>) -> Option<Benefit> {
        let file = self.file;
        let mut f = Fields::open(node, file, "benefit", self.report)?;
        let id = f.req_text("id");
        let title = f.req_text("title");
        let category = f.req_text("category");
        let groups = f.list("groups");
        let groups = f.required("groups", groups);
        if groups.as_ref().is_some_and(|g| g.is_empty()) {
            let pos = f.node("groups").map_or(f.pos(), |n| n.pos);
            f.error(pos, tr!("entry-groups-empty"));
        }
        let region = f.req_text("region");
        let summary = f.req_text("summary");
        let number = f.label("number").map(|n| match n.value.parse::<i64>() {
            Ok(number) => CatalogNumber::Number(number),
            Err(_) => CatalogNumber::Text(n.value),
        });
        let details = f.text("details");
        let how_to_claim = f.text("how_to_claim");
        let documents = values(f.list("documents"));
        let department = value(f.text("department"));
        let basis = value(f.text("basis"));
        let contact = value(f.text("contact"));
        let (valid_from, valid_until) = validity(&mut f);
        let updated = f.date("updated");
        let changes = read_changes(&mut f);
        let tags = values(f.list("tags"));
        let links = markdown_links(
            file,
            &[details.as_ref(), how_to_claim.as_ref()],
            body.as_ref(),
        );
        let details = merge_body(&mut f, details, body);
        let f_pos = f.pos();
        f.finish(&spec::BENEFIT.names());
        let (how_to_claim, updated_on) = (value(how_to_claim), updated.as_ref().map(|u| u.value));
        let valid_until_on = valid_until.as_ref().map(|u| u.value);

        if let Some(c) = &category {
            self.reference(Vocabulary::Category, c);
        }
        for g in groups.iter().flatten() {
            self.reference(Vocabulary::Group, g);
        }
        if let Some(r) = &region {
            self.reference(Vocabulary::Region, r);
        }
        self.seen.links.extend(links);
        let entry = f_pos;
        self.review(
            "benefit",
            entry,
            updated,
            valid_until,
            valid_from.is_some() || !changes.is_empty(),
        );
        let id = id.filter(|id| self.id("benefit", id))?;
        Some(Benefit {
            source: 0,
            id: id.value,
            title: title?.value,
            category: category?.value,
            groups: values(groups),
            region: region?.value,
            summary: summary?.value,
            number,
            details,
            how_to_claim,
            documents,
            department,
            basis,
            contact,
            valid_from,
            valid_until: valid_until_on,
            updated: updated_on,
            changes,
            tags,
        })
    }

    pub fn partner(&mut self, node: &Node, body: Option<Body>) -> Option<Partner> {
        let file = self.file;
        let mut f = Fields::open(node, file, "partner", self.report)?;
        let id = f.req_text("id");
        let name = f.req_text("name");
        let kind = f.req_text("kind");
        let region = f.req_text("region");
        let offer = f.req_text("offer");
        let groups = f.list("groups");
        let requires_card = value(f.bool("requires_card"));
        let address = value(f.text("address"));
        let phone = value(f.text("phone"));
        let hours = value(f.text("hours"));
        let website = f
            .text("website")
            .and_then(|u| match url::Url::parse(&u.value) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                    self.seen
                        .websites
                        .push((u.value.clone(), place(file, u.pos)));
                    Some(u.value)
                }
                _ => {
                    f.error(u.pos, tr!("partner-website-not-absolute", found = &u.value));
                    None
                }
            });
        // Once called `url`, which the page's own `url` in api/catalog.json shadowed.
        f.renamed("url", "website");
        let location = f
            .node("location")
            .and_then(|n| read_location(n, file, f.report));
        let details = f.text("details");
        let (valid_from, valid_until) = validity(&mut f);
        let updated = f.date("updated");
        let changes = read_changes(&mut f);
        let tags = values(f.list("tags"));
        let links = markdown_links(file, &[details.as_ref()], body.as_ref());
        let details = merge_body(&mut f, details, body);
        let f_pos = f.pos();
        f.finish(&spec::PARTNER.names());
        let updated_on = updated.as_ref().map(|u| u.value);
        let valid_until_on = valid_until.as_ref().map(|u| u.value);

        if let Some(k) = &kind {
            self.reference(Vocabulary::PartnerKind, k);
        }
        for g in groups.iter().flatten() {
            self.reference(Vocabulary::Group, g);
        }
        if let Some(r) = &region {
            self.reference(Vocabulary::Region, r);
        }
        self.seen.links.extend(links);
        let entry = f_pos;
        self.review(
            "partner",
            entry,
            updated,
            valid_until,
            valid_from.is_some() || !changes.is_empty(),
        );
        let id = id.filter(|id| self.id("partner", id))?;
        Some(Partner {
            source: 0,
            id: id.value,
            name: name?.value,
            kind: kind?.value,
            region: region?.value,
            offer: offer?.value,
            groups: values(groups),
            requires_card,
            address,
            phone,
            hours,
            website,
            location,
            details,
            valid_from,
            valid_until: valid_until_on,
            updated: updated_on,
            changes,
            tags,
        })
    }

    /// A notice: front matter plus body; `stem` is the file name without extension.
    pub fn notice(&mut self, node: &Node, stem: &str, body: Body) -> Option<Notice> {
        let file = self.file;
        let mut f = Fields::open(node, file, "notice", self.report)?;
        let title = f.req_text("title");
        let date = f.req_date("date");
        let id = f.text("id").unwrap_or(At {
            value: stem.to_string(),
            pos: Pos { line: 1, col: 1 },
        });
        let region = f.text("region");
        let tags = values(f.list("tags"));
        let summary = value(f.text("summary"));
        let expires = f.date("expires");
        if let (Some(d), Some(e)) = (&date, &expires) {
            if e.value < d.value {
                f.error(
                    e.pos,
                    tr!(
                        "notice-expires-before-date",
                        expires = e.value,
                        date = d.value
                    ),
                );
            }
        }
        let pinned = value(f.bool("pinned")).unwrap_or(false);
        let doc_number = value(f.text("doc_number"));
        let issuer = value(f.text("issuer"));
        let written = value(f.date("written"));
        let index_no = value(f.text("index_no"));
        let attachments = f.list("attachments").unwrap_or_default();
        let front_matter = f.pos();
        f.finish(&spec::NOTICE.names());
        if summary.is_none() {
            let expires = expires.as_ref().map(|e| e.value);
            self.seen
                .summaryless
                .push((expires, place(file, front_matter)));
        }
        self.seen
            .links
            .extend(markdown_links(file, &[], Some(&body)));

        if let Some(r) = &region {
            self.reference(Vocabulary::Region, r);
        }
        for a in &attachments {
            self.seen
                .attachments
                .push((a.value.clone(), place(file, a.pos)));
        }
        let id = Some(id).filter(|id| self.id("notice", id))?;
        Some(Notice {
            source: 0,
            id: id.value,
            title: title?.value,
            date: date?.value,
            region: value(region),
            tags,
            summary,
            expires: value(expires),
            pinned,
            attachments: attachments.into_iter().map(|a| a.value).collect(),
            doc_number,
            issuer,
            written,
            index_no,
            body: body.text,
        })
    }

    pub fn page(&mut self, node: &Node, stem: &str, body: Body) -> Option<Page> {
        let file = self.file;
        let mut f = Fields::open(node, file, "page", self.report)?;
        let title = f.req_text("title");
        let id = f.text("id").unwrap_or(At {
            value: stem.to_string(),
            pos: Pos { line: 1, col: 1 },
        });
        let order = value(f.integer("order"));
        f.finish(&spec::PAGE.names());
        self.seen
            .links
            .extend(markdown_links(file, &[], Some(&body)));
        let id = Some(id).filter(|id| self.id("page", id))?;
        Some(Page {
            source: 0,
            id: id.value,
            title: title?.value,
            order,
            body: body.text,
        })
    }
}

/// `changes: [{ date, note }, ...]`, as written.
fn read_changes(f: &mut Fields) -> Vec<Change> {
    let Some(node) = f.node("changes") else {
        return Vec::new();
    };
    let file = f.file();
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Map(_) => vec![node],
        _ => {
            f.error(
                node.pos,
                tr!("entry-changes-not-list", found = node.describe()),
            );
            return Vec::new();
        }
    };
    let mut changes = Vec::new();
    for item in items {
        let Some(mut c) = Fields::open(item, file, "change", f.report) else {
            continue;
        };
        let date = c.req_date("date");
        let note = c.req_text("note");
        c.finish(&spec::CHANGE.names());
        if let (Some(date), Some(note)) = (date, note) {
            changes.push(Change {
                date: date.value,
                note: note.value,
            });
        }
    }
    changes
}

/// In a Markdown entry the body is the details; writing both is ambiguous.
fn merge_body(f: &mut Fields, details: Option<At<String>>, body: Option<Body>) -> Option<String> {
    let body = body.filter(|b| !b.text.trim().is_empty());
    match (details, body) {
        (Some(d), Some(b)) => {
            f.error(d.pos, tr!("entry-details-twice", line = b.line));
            Some(d.value)
        }
        (Some(d), None) => Some(d.value),
        (None, Some(b)) => Some(b.text),
        (None, None) => None,
    }
}

fn read_location(node: &Node, file: &str, report: &mut Report) -> Option<Location> {
    let mut f = Fields::open(node, file, "location", report)?;
    let lat = f.float("lat");
    let lat = f.required("lat", lat);
    let lon = f.float("lon");
    let lon = f.required("lon", lon);
    if let Some(l) = &lat {
        if !(-90.0..=90.0).contains(&l.value) {
            f.error(l.pos, tr!("location-lat"));
        }
    }
    if let Some(l) = &lon {
        if !(-180.0..=180.0).contains(&l.value) {
            f.error(l.pos, tr!("location-lon"));
        }
    }
    f.finish(&spec::LOCATION.names());
    Some(Location {
        lat: lat?.value,
        lon: lon?.value,
    })
}
