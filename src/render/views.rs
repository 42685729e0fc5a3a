//! What templates see: small serializable views that borrow their meaning from the model.

use super::Row;
use crate::markdown;
use crate::model::{Benefit, Config, Date, Notice, Page, Partner, Site};
use crate::routes::{self, Urls};
use serde::Serialize;

#[derive(Clone, Debug, Serialize, Hash)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub zh: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.to_string(),
            zh: d.chinese(),
        }
    }
}

/// A `tel:` address for text that holds a phone number, such as "市民政局 0354-3021234".
pub fn phone_href(text: &str) -> Option<String> {
    let mut best = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (c == '-' && !run.is_empty()) || (c == '+' && run.is_empty()) {
            run.push(c);
        } else {
            let digits = run.chars().filter(char::is_ascii_digit).count();
            if digits >= 5 && digits > best.chars().filter(char::is_ascii_digit).count() {
                best = run.trim_end_matches('-').to_string();
            }
            run.clear();
        }
    }
    (!best.is_empty()).then(|| format!("tel:{best}"))
}

pub(super) fn name_of(terms: &[crate::model::Term], id: &str) -> String {
    terms
        .iter()
        .find(|t| t.id == id)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn region_name(config: &Config, id: &str) -> String {
    config
        .regions
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// A benefit as listed.
#[derive(Clone, Debug, Serialize)]
pub struct BenefitCard {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub number: Option<String>,
    pub category: Link,
    pub region: Link,
    pub groups: Vec<Link>,
    /// Whether it is for every group of the site: cards then say so in four characters
    /// instead of naming them all.
    pub all_groups: bool,
    pub expired: bool,
}

pub fn benefit_card(site: &Site, b: &Benefit) -> BenefitCard {
    let c = &site.config;
    let urls = Urls { config: c };
    BenefitCard {
        id: b.id.clone(),
        url: urls.path(&routes::benefit(&b.id)),
        title: b.title.clone(),
        summary: b.summary.clone(),
        number: b.number.as_ref().map(|n| n.to_string()),
        category: Link {
            name: name_of(&c.categories, &b.category),
            url: urls.path(&routes::category(&b.category)),
        },
        region: Link {
            name: region_name(c, &b.region),
            url: urls.path(&routes::region(&b.region)),
        },
        groups: b
            .groups
            .iter()
            .map(|g| Link {
                name: name_of(&c.groups, g),
                url: urls.path(&routes::group(g)),
            })
            .collect(),
        all_groups: c.groups.iter().all(|g| b.groups.contains(&g.id)),
        expired: !site.benefit_is_current(b),
    }
}

/// A benefit's own page.
#[derive(Debug, Serialize)]
pub struct BenefitView {
    #[serde(flatten)]
    pub card: BenefitCard,
    pub details_html: Option<String>,
    pub how_to_claim_html: Option<String>,
    pub documents: Vec<String>,
    pub department: Option<String>,
    pub basis: Option<String>,
    pub contact: Option<String>,
    pub contact_href: Option<String>,
    pub valid_from: Option<DateView>,
    pub valid_until: Option<DateView>,
    pub updated: Option<DateView>,
    /// What changed for citizens, newest first.
    pub changes: Vec<ChangeView>,
    /// The last day the entry was changed or reviewed, for `PubDate` and the sitemap.
    pub last_modified: Option<DateView>,
    pub tags: Vec<String>,
    /// Inline SVG QR code of the page's absolute URL.
    pub qr_svg: Option<String>,
}

/// A benefit's own page, with the QR code of its address.
pub fn benefit_view(site: &Site, b: &Benefit) -> BenefitView {
    let urls = Urls {
        config: &site.config,
    };
    BenefitView {
        qr_svg: super::qr::svg(
            &urls.absolute(&routes::benefit(&b.id)),
            &format!("{}的二维码", b.title),
        ),
        card: benefit_card(site, b),
        details_html: b.details.as_deref().map(markdown::to_html),
        how_to_claim_html: b.how_to_claim.as_deref().map(markdown::to_html),
        documents: b.documents.clone(),
        department: b.department.clone(),
        basis: b.basis.clone(),
        contact: b.contact.clone(),
        contact_href: b.contact.as_deref().and_then(phone_href),
        valid_from: b.valid_from.map(DateView::from),
        valid_until: b.valid_until.map(DateView::from),
        updated: b.updated.map(DateView::from),
        changes: changes_of(site, &b.changes, &b.title, &routes::benefit(&b.id)),
        last_modified: last_modified(b.updated, &b.changes, site.today).map(DateView::from),
        tags: b.tags.clone(),
    }
}

/// The last day an entry was reviewed or changed, up to today.
pub fn last_modified(
    updated: Option<Date>,
    changes: &[crate::model::Change],
    today: Date,
) -> Option<Date> {
    updated
        .into_iter()
        .chain(changes.iter().map(|c| c.date))
        .filter(|d| *d <= today)
        .max()
}

/// A partner as listed.
#[derive(Clone, Debug, Serialize)]
pub struct PartnerCard {
    pub id: String,
    pub url: String,
    pub name: String,
    pub offer: String,
    pub kind: Link,
    pub region: Link,
    pub requires_card: bool,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    /// 高德地图 at its location, where it has one; without the name, which a card shows
    /// beside it, to keep listings light.
    pub map_href: Option<String>,
    pub expired: bool,
}

pub fn partner_card(site: &Site, p: &Partner) -> PartnerCard {
    let c = &site.config;
    let urls = Urls { config: c };
    PartnerCard {
        id: p.id.clone(),
        url: urls.path(&routes::partner(&p.id)),
        name: p.name.clone(),
        offer: p.offer.clone(),
        kind: Link {
            name: name_of(&c.partner_kinds, &p.kind),
            url: urls.path(&routes::partner_kind(&p.kind)),
        },
        region: Link {
            name: region_name(c, &p.region),
            url: urls.path(&routes::region(&p.region)),
        },
        requires_card: p.requires_card.unwrap_or(false),
        address: p.address.clone(),
        phone: p.phone.clone(),
        phone_href: p.phone.as_deref().and_then(phone_href),
        map_href: p.location.map(|l| amap(l.lat, l.lon, None)),
        expired: !site.partner_is_current(p),
    }
}

#[derive(Debug, Serialize)]
pub struct PartnerView {
    #[serde(flatten)]
    pub card: PartnerCard,
    /// Empty means every group.
    pub groups: Vec<Link>,
    pub hours: Option<String>,
    pub website: Option<String>,
    pub geo_href: Option<String>,
    pub details_html: Option<String>,
    pub valid_from: Option<DateView>,
    pub valid_until: Option<DateView>,
    pub updated: Option<DateView>,
    pub changes: Vec<ChangeView>,
    pub last_modified: Option<DateView>,
    pub amap_href: Option<String>,
    pub tags: Vec<String>,
    pub qr_svg: Option<String>,
}

pub fn partner_view(site: &Site, p: &Partner) -> PartnerView {
    let c = &site.config;
    let urls = Urls { config: c };
    PartnerView {
        qr_svg: super::qr::svg(
            &urls.absolute(&routes::partner(&p.id)),
            &format!("{}的二维码", p.name),
        ),
        card: partner_card(site, p),
        groups: p
            .groups
            .iter()
            .map(|g| Link {
                name: name_of(&c.groups, g),
                url: urls.path(&routes::group(g)),
            })
            .collect(),
        hours: p.hours.clone(),
        website: p.website.clone(),
        geo_href: p.location.map(|l| format!("geo:{},{}", l.lat, l.lon)),
        details_html: p.details.as_deref().map(markdown::to_html),
        valid_from: p.valid_from.map(DateView::from),
        valid_until: p.valid_until.map(DateView::from),
        updated: p.updated.map(DateView::from),
        changes: changes_of(site, &p.changes, &p.name, &routes::partner(&p.id)),
        last_modified: last_modified(p.updated, &p.changes, site.today).map(DateView::from),
        amap_href: p.location.map(|l| amap(l.lat, l.lon, Some(&p.name))),
        tags: p.tags.clone(),
    }
}

/// A link that opens 高德地图 (Amap) at a place, by its URI API, on phones and computers
/// (`callnative=1`: in the app where it is installed). Coordinates in content are WGS-84
/// (what GPS and `geo:` use), which Amap converts (`coordinate=wgs84`).
fn amap(lat: f64, lon: f64, name: Option<&str>) -> String {
    let name: String = name
        .map(|n| {
            let n: String = url::form_urlencoded::byte_serialize(n.as_bytes()).collect();
            format!("&name={n}")
        })
        .unwrap_or_default();
    format!("https://uri.amap.com/marker?position={lon},{lat}{name}&coordinate=wgs84&callnative=1")
}

#[derive(Clone, Debug, Serialize)]
pub struct NoticeCard {
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: DateView,
    pub summary: Option<String>,
    pub pinned: bool,
    pub archived: bool,
    pub region: Option<Link>,
}

pub fn notice_card(site: &Site, n: &Notice) -> NoticeCard {
    let urls = Urls {
        config: &site.config,
    };
    NoticeCard {
        id: n.id.clone(),
        url: urls.path(&routes::notice(&n.id)),
        title: n.title.clone(),
        date: n.date.into(),
        summary: n.summary.clone(),
        pinned: n.pinned && !n.is_archived(site.today),
        archived: n.is_archived(site.today),
        region: n.region.as_ref().map(|r| Link {
            name: region_name(&site.config, r),
            url: urls.path(&routes::region(r)),
        }),
    }
}

#[derive(Debug, Serialize)]
pub struct NoticeView {
    #[serde(flatten)]
    pub card: NoticeCard,
    /// 政务公开: 索引号, 发布机构 (the publisher when not written), 文号, 成文日期.
    pub index_no: Option<String>,
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub written: Option<DateView>,
    pub expires: Option<DateView>,
    pub tags: Vec<String>,
    pub attachments: Vec<Link>,
    pub body_html: String,
}

pub fn notice_view(site: &Site, n: &Notice) -> NoticeView {
    let urls = Urls {
        config: &site.config,
    };
    NoticeView {
        card: notice_card(site, n),
        index_no: n.index_no.clone(),
        issuer: n
            .issuer
            .clone()
            .or_else(|| site.config.publisher.as_ref().map(|p| p.name.clone())),
        doc_number: n.doc_number.clone(),
        written: n.written.map(DateView::from),
        expires: n.expires.map(DateView::from),
        tags: n.tags.clone(),
        attachments: n
            .attachments
            .iter()
            .map(|a| {
                let path = routes::attachment(a);
                Link {
                    name: path.rsplit('/').next().unwrap_or(&path).to_string(),
                    url: urls.path(&path),
                }
            })
            .collect(),
        body_html: markdown::to_html(&n.body),
    }
}

#[derive(Debug, Serialize)]
pub struct PageView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub body_html: String,
}

pub fn page_view(site: &Site, p: &Page) -> PageView {
    let urls = Urls {
        config: &site.config,
    };
    PageView {
        id: p.id.clone(),
        url: urls.path(&routes::page(&p.id)),
        title: p.title.clone(),
        body_html: markdown::to_html(&p.body),
    }
}

/// A row of a listing: a benefit or a partner, with a heading where a new section starts,
/// and its card as made by `card-benefit.html` or `card-partner.html` (once per entry however
/// many listings show it).
#[derive(Clone, Debug, Serialize)]
pub struct ListItem {
    /// Where a new section starts: its kind (`category` or `kind`, a partner kind), for the
    /// heading's words, and its name.
    pub heading: Option<Heading>,
    pub anchor: Option<String>,
    /// `benefit` or `partner`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub html: String,
}

/// The section a row belongs to: its anchor and heading.
pub(super) fn section_of(site: &Site, row: Row) -> (String, Heading) {
    let c = &site.config;
    match row {
        Row::Benefit(i) => {
            let b = &site.benefits[i];
            let name = name_of(&c.categories, &b.category);
            (
                routes::category_anchor(&b.category),
                Heading {
                    kind: "category",
                    name,
                },
            )
        }
        Row::Partner(i) => {
            let p = &site.partners[i];
            let name = name_of(&c.partner_kinds, &p.kind);
            (routes::kind_anchor(&p.kind), Heading { kind: "kind", name })
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Heading {
    pub kind: &'static str,
    pub name: String,
}

/// The office a region's citizens call.
#[derive(Clone, Debug, Serialize)]
pub struct Office {
    pub region: String,
    #[serde(flatten)]
    pub contact: crate::model::Contact,
    pub phone_href: Option<String>,
}

/// The office citizens of region `index` call: its own contact, else the nearest above it.
pub fn office(config: &Config, index: usize) -> Option<Office> {
    config.region_and_ancestors(index).iter().find_map(|&i| {
        config.regions[i].contact.as_ref().map(|contact| Office {
            region: config.regions[i].name.clone(),
            contact: contact.clone(),
            phone_href: contact.phone.as_deref().and_then(phone_href),
        })
    })
}

/// A change of an entry, for its page and for 最近更新.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    pub date: DateView,
    pub note: String,
    /// The entry it belongs to (in 最近更新).
    pub title: String,
    pub url: String,
    pub absolute_url: String,
    /// A stable id for the feed: the entry's address, the day and a fingerprint of the note.
    pub id: String,
}

/// How many changes 最近更新 shows.
const RECENT_CHANGES: usize = 100;

/// An entry's changes, newest first.
pub fn changes_of(
    site: &Site,
    changes: &[crate::model::Change],
    title: &str,
    route: &str,
) -> Vec<ChangeView> {
    let urls = Urls {
        config: &site.config,
    };
    let mut list: Vec<ChangeView> = changes
        .iter()
        .filter(|c| c.date <= site.today)
        .map(|c| ChangeView {
            date: c.date.into(),
            note: c.note.clone(),
            title: title.to_string(),
            url: urls.path(route),
            absolute_url: urls.absolute(route),
            id: format!(
                "{}#change-{}-{:08x}",
                urls.absolute(route),
                c.date,
                fnv32(&c.note)
            ),
        })
        .collect();
    list.sort_by(|a, b| b.date.iso.cmp(&a.date.iso));
    list
}

/// FNV-1a of a text: short and stable across builds, for ids.
fn fnv32(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The latest changes across the site's published benefits and partners, newest first.
pub fn recent_changes(site: &Site) -> Vec<ChangeView> {
    // Only an entry with a change on or after the day of the [`RECENT_CHANGES`]th newest
    // change can be shown: the others are not made into views (most entries, on a big site).
    let today = site.today;
    let changes = || {
        (site.benefits.iter().map(|b| &b.changes[..]))
            .chain(site.partners.iter().map(|p| &p.changes[..]))
    };
    let mut days: Vec<crate::model::Date> = changes()
        .flatten()
        .map(|c| c.date)
        .filter(|d| *d <= today)
        .collect();
    let earliest = (days.len() > RECENT_CHANGES).then(|| {
        *days
            .select_nth_unstable_by(RECENT_CHANGES - 1, |a, b| b.cmp(a))
            .1
    });
    let shown = |changes: &[crate::model::Change]| {
        earliest.is_none_or(|day| changes.iter().any(|c| c.date >= day && c.date <= today))
    };
    let mut all: Vec<ChangeView> = (site.benefits.iter())
        .filter(|b| shown(&b.changes))
        .flat_map(|b| changes_of(site, &b.changes, &b.title, &routes::benefit(&b.id)))
        .chain(
            (site.partners.iter())
                .filter(|p| shown(&p.changes))
                .flat_map(|p| changes_of(site, &p.changes, &p.name, &routes::partner(&p.id))),
        )
        .collect();
    all.sort_by(|a, b| b.date.iso.cmp(&a.date.iso).then_with(|| a.url.cmp(&b.url)));
    all.truncate(RECENT_CHANGES);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links() {
        assert_eq!(
            phone_href("市民政局 0354-3021234").as_deref(),
            Some("tel:0354-3021234")
        );
        assert_eq!(phone_href("12345").as_deref(), Some("tel:12345"));
        assert_eq!(phone_href("第3条"), None);
    }
}
