//! Entries that need a look (an old review, an offer about to end, a notice without a
//! summary), as warnings that CI and editors see in time, and Markdown links to entries or
//! files that do not exist, as errors: a broken link is what the national spot checks of
//! government sites fail a site for.

use super::entries::Seen;
use crate::diag::{did_you_mean, Place, Report};
use crate::model::{Config, Date, StaticFile};
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeSet;

/// How soon before a partner's `valid_until` its end is announced, in days.
const OFFER_NOTICE_DAYS: i32 = 30;

/// Files with these extensions are attachments: a link to one must find it in content/static/.
const FILE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "ofd", "txt", "csv", "zip", "rar",
    "7z", "jpg", "jpeg", "png", "gif", "webp", "svg", "mp3", "mp4",
];

/// Link and image targets of a Markdown text, with the byte offset where each is written.
pub fn link_targets(markdown: &str) -> Vec<(String, usize)> {
    if !markdown.contains("](") && !markdown.contains("]:") && !markdown.contains('<') {
        return Vec::new();
    }
    Parser::new(markdown)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

fn civil(date: Date) -> Option<jiff::civil::Date> {
    date.to_string().parse().ok()
}

/// Old reviews, offers about to end and notices without a summary.
pub fn check_freshness(seen: &Seen, today: Date, report: &mut Report) {
    let Some(now) = civil(today) else {
        return;
    };
    let year_ago = now.checked_sub(jiff::Span::new().years(1)).ok();
    for review in seen.reviews() {
        let until = review.valid_until.as_ref().map(|u| u.value);
        if until.is_some_and(|u| u < today) {
            continue; // expired: its page says so, there is nothing to review
        }
        if let (Some(updated), Some(year_ago)) = (&review.updated, year_ago) {
            if civil(updated.value).is_some_and(|d| d < year_ago) {
                report.warning(
                    Place::new(&review.file, updated.pos.line, updated.pos.col),
                    tr!(
                        "review-old",
                        what = super::fields::kind_word(review.kind),
                        updated = updated.value
                    ),
                );
            }
        }
        if review.kind != "partner" {
            continue;
        }
        if let Some(until) = &review.valid_until {
            let days = civil(until.value)
                .and_then(|u| now.until(u).ok())
                .map(|span| span.get_days());
            if let Some(days) = days.filter(|d| (0..=OFFER_NOTICE_DAYS).contains(d)) {
                let when = match days {
                    0 => tr!("when-today"),
                    1 => tr!("when-tomorrow"),
                    n => tr!("when-in-days", days = n),
                };
                report.warning(
                    Place::new(&review.file, until.pos.line, until.pos.col),
                    tr!("offer-ends", until = until.value, when = when),
                );
            }
        }
    }
    for (expires, place) in seen.summaryless() {
        if expires.is_some_and(|e| e < today) {
            continue;
        }
        report.warning(place.clone(), tr!("notice-no-summary"));
    }
}

/// What a link inside the site points at, after the base path and `../` are taken off.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// Not a page of this site (another site, mailto:, an anchor on the same page).
    Elsewhere,
    /// `/x/` on a site whose base path is `/yd/`: it leaves the site.
    OutsideBase,
    /// A path relative to the output root, such as `benefits/free-bus/`.
    Inside(&'a str),
}

fn classify<'a>(dest: &'a str, base_url: &str, base_path: &str) -> Target<'a> {
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() || dest.starts_with("//") {
        return Target::Elsewhere;
    }
    if let Some(rest) = dest.strip_prefix(base_url) {
        return Target::Inside(rest);
    }
    if dest.contains(':') {
        return Target::Elsewhere;
    }
    if dest.starts_with('/') {
        return match dest.strip_prefix(base_path) {
            Some(rest) => Target::Inside(rest),
            None if dest.len() + 1 == base_path.len() && base_path.starts_with(dest) => {
                Target::Inside("")
            }
            None => Target::OutsideBase,
        };
    }
    let mut rest = dest;
    loop {
        if let Some(r) = rest.strip_prefix("../") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else {
            break;
        }
    }
    Target::Inside(rest)
}

/// Markdown links to entries, vocabulary pages or attachments that do not exist.
pub fn check_links(config: &Config, seen: &Seen, statics: &[StaticFile], report: &mut Report) {
    if seen.links().next().is_none() {
        return;
    }
    let ids = |kind: &str| -> BTreeSet<&str> {
        seen.ids()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, id, _)| id.as_str())
            .collect()
    };
    fn terms(terms: &[crate::model::Term]) -> BTreeSet<&str> {
        terms.iter().map(|t| t.id.as_str()).collect()
    }
    let sections: [(&str, &str, BTreeSet<&str>); 6] = [
        ("benefits", "benefit", ids("benefit")),
        ("partners", "partner", ids("partner")),
        ("notices", "notice", ids("notice")),
        ("categories", "category", terms(&config.categories)),
        ("groups", "group", terms(&config.groups)),
        (
            "regions",
            "region",
            config.regions.iter().map(|r| r.id.as_str()).collect(),
        ),
    ];
    let pages = ids("page");
    let files: BTreeSet<&str> = statics.iter().map(|s| s.path.as_str()).collect();
    let folders: BTreeSet<&str> = statics
        .iter()
        .filter_map(|s| s.path.split('/').next())
        .collect();

    for (dest, place) in seen.links() {
        let rest = match classify(dest, &config.base_url, &config.base_path) {
            Target::Elsewhere => continue,
            Target::OutsideBase => {
                report.warning(
                    place.clone(),
                    tr!(
                        "link-leaves-site",
                        dest = dest,
                        base = &config.base_path,
                        fixed = format!("{}{}", config.base_path, dest.trim_start_matches('/'))
                    ),
                );
                continue;
            }
            Target::Inside(rest) => rest,
        };
        let path = rest.trim_end_matches("index.html");
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let extension = parts
            .last()
            .and_then(|last| last.rsplit_once('.'))
            .map(|(_, ext)| ext.to_ascii_lowercase());
        if let Some(ext) = extension {
            let in_static = parts.first().is_some_and(|f| folders.contains(f));
            if FILE_EXTENSIONS.contains(&ext.as_str()) || in_static {
                let file = parts.join("/");
                if !files.contains(file.as_str()) {
                    report.error(
                        place.clone(),
                        tr!("link-attachment-missing", dest = dest, file = file),
                    );
                }
            }
            continue;
        }
        match parts.as_slice() {
            [section, id, ..] if *id != "page" => {
                let Some((_, what, known)) = sections.iter().find(|(s, _, _)| s == section) else {
                    continue;
                };
                if !known.contains(id) {
                    let hint = did_you_mean(id, known.iter().copied());
                    report.error(
                        place.clone(),
                        tr!(
                            "link-no-entry",
                            dest = dest,
                            what = super::fields::kind_word(what),
                            id = *id,
                            hint = hint
                        ),
                    );
                }
            }
            [single] if dest.starts_with('/') || dest.starts_with(&config.base_url) => {
                let known = pages.contains(single)
                    || crate::routes::is_reserved_page_id(single)
                    || folders.contains(single);
                if !known {
                    let hint = did_you_mean(single, pages.iter().copied());
                    report.error(
                        place.clone(),
                        tr!("link-no-page", dest = dest, id = *single, hint = hint),
                    );
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_their_offsets() {
        let text = "see [a](../benefits/x/)\n\nand ![i](files/p.png) <https://e.cn/>";
        let links = link_targets(text);
        assert_eq!(links[0], ("../benefits/x/".to_string(), 4));
        assert_eq!(links[1].0, "files/p.png");
        assert_eq!(links[2].0, "https://e.cn/");
        assert!(link_targets("no links here").is_empty());
    }

    #[test]
    fn classifies_targets_honouring_the_base_path() {
        let (url, path) = ("https://x.cn/yd/", "/yd/");
        assert_eq!(
            classify("../benefits/a/", url, path),
            Target::Inside("benefits/a/")
        );
        assert_eq!(
            classify("../../benefits/a/#how", url, path),
            Target::Inside("benefits/a/")
        );
        assert_eq!(
            classify("/yd/benefits/a/", url, path),
            Target::Inside("benefits/a/")
        );
        assert_eq!(
            classify("https://x.cn/yd/partners/b/", url, path),
            Target::Inside("partners/b/")
        );
        assert_eq!(classify("/benefits/a/", url, path), Target::OutsideBase);
        assert_eq!(
            classify("/benefits/a/", "https://x.cn/", "/"),
            Target::Inside("benefits/a/")
        );
        assert_eq!(classify("https://e.cn/", url, path), Target::Elsewhere);
        assert_eq!(classify("mailto:a@b.cn", url, path), Target::Elsewhere);
        assert_eq!(classify("#top", url, path), Target::Elsewhere);
    }
}
