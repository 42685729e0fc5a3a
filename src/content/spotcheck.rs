//! What the national spot checks of government websites (全国政府网站抽查) look for, asked
//! before a reviewer does: a notices column not updated for two weeks, a category nobody
//! has touched for half a year, entries with no date at all, a `.gov.cn` site without its
//! 主办单位 or 网站标识码, and placeholder text left over from `youdai new`. All warnings:
//! they say what a reviewer would mark, and never stop a build.

use super::entries::Seen;
use crate::diag::{Place, Report};
use crate::model::{Benefit, Config, Date, Notice, Page, Partner};
use std::sync::Arc;

/// The notices column must show something new at least this often (政府网站发展指引:
/// 动态类栏目两周未更新 counts against the site).
const NOTICE_DAYS: i64 = 14;
/// A category whose entries nobody added, changed or reviewed for this long is stale.
const CATEGORY_DAYS: i64 = 180;

/// The content of a site, after references are resolved.
pub struct Content<'a> {
    pub config: &'a Config,
    pub benefits: &'a [Arc<Benefit>],
    pub partners: &'a [Arc<Partner>],
    pub notices: &'a [Arc<Notice>],
    pub pages: &'a [Arc<Page>],
    pub seen: &'a Seen<'a>,
}

const SITE_FILE: &str = "content/site.yaml";

pub fn check(content: &Content, today: Date, report: &mut Report) {
    government_site(content.config, report);
    newest_notice(content, today, report);
    stale_categories(content, today, report);
    undated_entries(content.seen, report);
    placeholders(content, report);
}

fn is_government(base_url: &str) -> bool {
    url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.to_ascii_lowercase()))
        .is_some_and(|h| h == "gov.cn" || h.ends_with(".gov.cn"))
}

/// A `.gov.cn` site must name its 主办单位 and show its 网站标识码.
fn government_site(config: &Config, report: &mut Report) {
    if !is_government(&config.base_url) {
        return;
    }
    match &config.publisher {
        None => report.warning(Place::file(SITE_FILE), tr!("spot-no-publisher")),
        Some(p) if p.site_code.is_none() => {
            report.warning(Place::file(SITE_FILE), tr!("spot-no-site-code"))
        }
        Some(_) => {}
    }
}

fn days_between(earlier: Date, later: Date) -> i64 {
    later.days_since(earlier)
}

/// The newest published notice should be at most two weeks old.
fn newest_notice(content: &Content, today: Date, report: &mut Report) {
    let Some(newest) = content
        .notices
        .iter()
        .filter(|n| n.date <= today)
        .max_by_key(|n| n.date)
    else {
        return;
    };
    let age = days_between(newest.date, today);
    if age <= NOTICE_DAYS {
        return;
    }
    let place = content
        .seen
        .ids()
        .find(|(kind, id, _)| *kind == "notice" && *id == newest.id)
        .map(|(_, _, place)| place.clone())
        .unwrap_or_else(|| Place::file(SITE_FILE));
    report.warning(
        place,
        tr!("spot-notices-stale", date = newest.date, days = age),
    );
}

/// The last day an entry was added (valid from), changed or reviewed.
fn last_touched(b: &Benefit, today: Date) -> Option<Date> {
    b.updated
        .into_iter()
        .chain(b.changes.iter().map(|c| c.date))
        .chain(b.valid_from)
        .filter(|d| *d <= today)
        .max()
}

/// Every category should see an entry added, changed or reviewed within half a year.
fn stale_categories(content: &Content, today: Date, report: &mut Report) {
    for term in &content.config.categories {
        let place = term.place.clone().unwrap_or_else(|| Place::file(SITE_FILE));
        let mut entries = content
            .benefits
            .iter()
            .filter(|b| b.category == term.id)
            .peekable();
        if entries.peek().is_none() {
            report.warning(place, tr!("spot-category-empty", name = &term.name));
            continue;
        }
        let last = entries.filter_map(|b| last_touched(b, today)).max();
        match last {
            Some(day) if days_between(day, today) <= CATEGORY_DAYS => {}
            Some(day) => report.warning(
                place,
                tr!(
                    "spot-category-stale",
                    name = &term.name,
                    date = day,
                    days = days_between(day, today)
                ),
            ),
            None => report.warning(place, tr!("spot-category-undated", name = &term.name)),
        }
    }
}

/// A benefit or partner should say when it was last reviewed.
fn undated_entries(seen: &Seen, report: &mut Report) {
    // One warning per file and kind: an imported catalog without a review-date column has
    // a hundred undated entries, which one line says better than a hundred.
    let mut by_file: std::collections::BTreeMap<(&str, &str), Vec<(usize, usize)>> =
        Default::default();
    for review in seen.reviews().filter(|r| !r.dated) {
        by_file
            .entry((review.file.as_str(), review.kind))
            .or_default()
            .push((review.entry.line, review.entry.col));
    }
    for ((file, kind), mut places) in by_file {
        places.sort_unstable();
        let lines: Vec<usize> = places.iter().map(|(line, _)| *line).collect();
        let what = super::fields::kind_word(kind);
        let message = if lines.len() == 1 {
            tr!("spot-entry-undated", what = what)
        } else {
            tr!(
                "spot-entries-undated",
                what = what,
                count = lines.len(),
                lines = listed_lines(&lines)
            )
        };
        report.warning(Place::new(file, places[0].0, places[0].1), message);
    }
}

/// "3、8、15、……" in the editor's language: the first lines of a list, then how many more.
fn listed_lines(lines: &[usize]) -> String {
    const SHOWN: usize = 10;
    let shown: Vec<String> = lines.iter().take(SHOWN).map(ToString::to_string).collect();
    let mut text = shown.join(tr!("list-separator").as_str());
    if lines.len() > SHOWN {
        text.push_str(&tr!("list-and-more"));
    }
    text
}

/// A phone number that is all zeros but for its last digit: the samples of `youdai new`.
fn is_sample_phone(phone: &str) -> bool {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits.len() >= 7 && digits[..digits.len() - 1].iter().all(|&d| d == '0')
}

fn is_sample_host(base_url: &str) -> bool {
    url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.to_ascii_lowercase()))
        .is_some_and(|h| {
            ["example.gov.cn", "example.com", "example.org", "example.cn"]
                .iter()
                .any(|e| h == *e || h.ends_with(&format!(".{e}")))
        })
}

/// The word `youdai new` puts in its sample city, pages and entries.
const SAMPLE_WORD: &str = "示例";

/// Placeholder content that `youdai new` writes and a bureau must replace before publishing.
fn placeholders(content: &Content, report: &mut Report) {
    let config = content.config;
    let site = Place::file(SITE_FILE);
    if is_sample_host(&config.base_url) {
        report.warning(
            site.clone(),
            tr!("placeholder-base-url", url = &config.base_url),
        );
    }
    if config.title.contains(SAMPLE_WORD) {
        report.warning(
            site.clone(),
            tr!("placeholder-title", title = &config.title),
        );
    }
    let phones = config
        .contact
        .iter()
        .chain(config.regions.iter().filter_map(|r| r.contact.as_ref()))
        .filter_map(|c| c.phone.as_deref());
    for phone in phones.filter(|p| is_sample_phone(p)) {
        report.warning(site.clone(), tr!("placeholder-phone", phone = phone));
    }
    let place_of = |kind: &str, id: &str| {
        content
            .seen
            .ids()
            .find(|(k, i, _)| *k == kind && i == id)
            .map(|(_, _, place)| place.clone())
            .unwrap_or_else(|| site.clone())
    };
    for b in content.benefits {
        if let Some(phone) = b.contact.as_deref().filter(|p| is_sample_phone(p)) {
            report.warning(
                place_of("benefit", &b.id),
                tr!("placeholder-phone", phone = phone),
            );
        }
    }
    for p in content.partners {
        if let Some(phone) = p.phone.as_deref().filter(|p| is_sample_phone(p)) {
            report.warning(
                place_of("partner", &p.id),
                tr!("placeholder-phone", phone = phone),
            );
        }
    }
    for page in content.pages {
        if page.body.contains(SAMPLE_WORD) || page.title.contains(SAMPLE_WORD) {
            report.warning(
                place_of("page", &page.id),
                tr!("placeholder-page", title = &page.title),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_told_apart_from_real_numbers() {
        assert!(is_sample_phone("0000-0000000"));
        assert!(is_sample_phone("0000-0000001"));
        assert!(!is_sample_phone("0354-3021234"));
        assert!(!is_sample_phone("110"));
        assert!(is_sample_host("https://example.gov.cn/yd/"));
        assert!(!is_sample_host("https://tyjrswj.jz.gov.cn/yd/"));
        assert!(is_government("https://tyjrswj.jz.gov.cn/yd/"));
        assert!(!is_government("https://example.com/"));
    }
}
