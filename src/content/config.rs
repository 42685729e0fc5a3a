//! `content/site.yaml`: site settings and the vocabularies every entry refers to.

use super::fields::{At, Fields};
use super::spec;
use super::yaml::{Node, Value};
use crate::diag::Report;
use crate::model::{Config, Contact, Publisher, Region, Term};
use std::collections::HashMap;

/// The longest id: ids are folder names of the output, and a few hundred characters pass
/// the eye but not every file system.
pub const MAX_ID_LEN: usize = 64;

/// `^[a-z0-9][a-z0-9-]*$`, at most [`MAX_ID_LEN`] long: ids appear in URLs and never
/// change once published.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    id.len() <= MAX_ID_LEN
        && matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

pub fn id_problem(id: &str) -> String {
    if id.len() > MAX_ID_LEN {
        let shown: String = id.chars().take(20).collect();
        return tr!(
            "id-too-long",
            shown = shown,
            length = id.chars().count(),
            max = MAX_ID_LEN
        );
    }
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if is_valid_id(&suggestion) {
        tr!("id-bad-chars-suggest", id = id, suggestion = suggestion)
    } else {
        tr!("id-bad-chars", id = id)
    }
}

/// Checks the absolute base URL and returns it with a trailing `/`, plus its path.
pub fn parse_base_url(text: &str) -> Result<(String, String), String> {
    let url = url::Url::parse(text).map_err(|e| {
        tr!(
            "config-base-url-not-absolute",
            text = text,
            reason = e.to_string()
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(tr!("config-base-url-scheme", text = text));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(tr!("config-base-url-query", text = text));
    }
    let mut path = url.path().to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let mut base = url.clone();
    base.set_path(&path);
    Ok((base.to_string(), path))
}

pub fn load(node: Option<&Node>, file: &str, report: &mut Report) -> Option<Config> {
    let Some(node) = node else {
        report.error(crate::diag::Place::file(file), tr!("config-empty"));
        return None;
    };
    let mut f = Fields::open(node, file, "site.yaml", report)?;
    let title = f.req_text("title");
    let base_url = f
        .req_text("base_url")
        .and_then(|b| match parse_base_url(&b.value) {
            Ok(ok) => Some(ok),
            Err(message) => {
                f.error(b.pos, message);
                None
            }
        });
    let language = f.text("language").map(|l| l.value);
    let description = f.text("description").map(|d| d.value);
    let contact = f
        .node("contact")
        .and_then(|n| read_contact(n, file, f.report));
    let publisher = f
        .node("publisher")
        .and_then(|n| read_publisher(n, file, f.report));
    let feedback_at = f.text("feedback");
    let feedback_place = feedback_at
        .as_ref()
        .map(|at| super::fields::place(file, at.pos));
    let feedback = feedback_at.and_then(|at| {
        let lower = at.value.to_ascii_lowercase();
        let ok = lower.starts_with("mailto:") && at.value.contains('@')
            || url::Url::parse(&at.value)
                .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
        if !ok {
            f.error(at.pos, tr!("config-feedback", found = &at.value));
        }
        ok.then_some(at.value)
    });
    let synonyms = f
        .node("synonyms")
        .map(|n| read_synonyms(n, file, f.report))
        .unwrap_or_default();
    let theme = f.text("theme").map(|t| t.value);
    if let Some(theme) = &theme {
        if !is_valid_id(theme) {
            let pos = f.pos();
            f.error(pos, tr!("config-theme-name", theme = theme));
        }
    }
    let regions = match f.node("regions") {
        Some(n) => read_regions(n, file, f.report),
        None => {
            f.required::<()>("regions", None);
            Vec::new()
        }
    };
    let categories = read_terms_required(&mut f, "categories", "category");
    let groups = read_terms_required(&mut f, "groups", "group");
    let partner_kinds = match f.node("partner_kinds") {
        Some(n) => read_terms(n, file, "partner kind", f.report),
        None => Vec::new(),
    };
    f.finish(&spec::SITE.names());
    let (base_url, base_path) = base_url?;
    Some(Config {
        title: title?.value,
        base_url,
        base_path,
        language: language.unwrap_or_else(|| "zh-CN".into()),
        description,
        contact,
        publisher,
        feedback,
        feedback_place,
        synonyms,
        theme: theme.unwrap_or_else(|| "default".into()),
        regions,
        categories,
        groups,
        partner_kinds,
    })
}

fn read_publisher(node: &Node, file: &str, report: &mut Report) -> Option<Publisher> {
    let mut f = Fields::open(node, file, "publisher", report)?;
    let name = f.req_text("name");
    let operator = f.text("operator").map(|v| v.value);
    let site_code = f.text("site_code").and_then(|code| {
        let ok = code.value.len() == 10 && code.value.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            f.error(code.pos, tr!("config-site-code", found = &code.value));
        }
        ok.then_some(code.value)
    });
    let icp = f.text("icp").map(|v| v.value);
    let police = f.text("police").map(|v| v.value);
    f.finish(&spec::PUBLISHER.names());
    Some(Publisher {
        name: name?.value,
        operator,
        site_code,
        icp,
        police,
    })
}

/// `synonyms: { 看病: [医疗, 医院], 坐车: 乘车 }`: each word to the words it stands for.
fn read_synonyms(node: &Node, file: &str, report: &mut Report) -> Vec<(String, Vec<String>)> {
    let Value::Map(entries) = &node.value else {
        report.error(
            super::fields::place(file, node.pos),
            tr!("config-synonyms-not-mapping", found = node.describe()),
        );
        return Vec::new();
    };
    let mut synonyms = Vec::new();
    for (key, value) in entries {
        let Some(word) = super::yaml::key_text(key).map(|w| w.trim().to_string()) else {
            continue;
        };
        let items: Vec<&Node> = match &value.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![value],
        };
        let mut words = Vec::new();
        for item in items {
            match &item.value {
                Value::Scalar { text, .. } if !text.trim().is_empty() => {
                    words.push(text.trim().to_string())
                }
                _ => report.error(
                    super::fields::place(file, item.pos),
                    tr!("config-synonym-word", word = &word, found = item.describe()),
                ),
            }
        }
        if words.is_empty() {
            report.error(
                super::fields::place(file, value.pos),
                tr!("config-synonym-empty", word = &word),
            );
        } else if !word.is_empty() {
            synonyms.push((word, words));
        }
    }
    synonyms
}

fn read_terms_required(f: &mut Fields, key: &str, what: &'static str) -> Vec<Term> {
    match f.node(key) {
        Some(n) => {
            let file = f.file();
            read_terms(n, file, what, f.report)
        }
        None => {
            f.required::<()>(key, None);
            Vec::new()
        }
    }
}

fn read_contact(node: &Node, file: &str, report: &mut Report) -> Option<Contact> {
    let mut f = Fields::open(node, file, "contact", report)?;
    let contact = Contact {
        phone: f.text("phone").map(|v| v.value),
        address: f.text("address").map(|v| v.value),
        hours: f.text("hours").map(|v| v.value),
    };
    f.finish(&spec::CONTACT.names());
    Some(contact)
}

fn list_items<'a>(node: &'a Node, file: &str, key: &str, report: &mut Report) -> &'a [Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => {
            report.error(
                super::fields::place(file, node.pos),
                tr!("config-not-a-list", key = key, found = node.describe()),
            );
            &[]
        }
    }
}

fn read_terms(node: &Node, file: &str, what: &'static str, report: &mut Report) -> Vec<Term> {
    let mut seen: HashMap<String, At<String>> = HashMap::new();
    let mut terms = Vec::new();
    for item in list_items(node, file, what, report) {
        let Some(mut f) = Fields::open(item, file, what, report) else {
            continue;
        };
        let id = f.req_text("id");
        let name = f.req_text("name");
        let description = f.text("description").map(|d| d.value);
        f.finish(&spec::TERM.names());
        let (Some(id), Some(name)) = (id, name) else {
            continue;
        };
        if !check_id(&id, file, what, &mut seen, report) {
            continue;
        }
        let place = super::fields::place(file, id.pos);
        terms.push(Term {
            id: id.value,
            name: name.value,
            description,
            place: Some(place),
        });
    }
    terms
}

fn check_id(
    id: &At<String>,
    file: &str,
    what: &str,
    seen: &mut HashMap<String, At<String>>,
    report: &mut Report,
) -> bool {
    let place = super::fields::place(file, id.pos);
    if !is_valid_id(&id.value) {
        report.error(place, id_problem(&id.value));
        return false;
    }
    if let Some(first) = seen.get(&id.value) {
        report.error(
            place,
            tr!(
                "config-duplicate-id",
                what = super::fields::kind_word(what),
                id = &id.value,
                place = format!("{}:{}:{}", file, first.pos.line, first.pos.col)
            ),
        );
        return false;
    }
    seen.insert(id.value.clone(), id.clone());
    true
}

fn read_regions(node: &Node, file: &str, report: &mut Report) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut seen = HashMap::new();
    read_region_level(node, file, None, 0, &mut regions, &mut seen, report);
    regions
}

fn read_region_level(
    node: &Node,
    file: &str,
    parent: Option<usize>,
    depth: usize,
    regions: &mut Vec<Region>,
    seen: &mut HashMap<String, At<String>>,
    report: &mut Report,
) {
    for item in list_items(node, file, "regions", report) {
        let Some(mut f) = Fields::open(item, file, "region", report) else {
            continue;
        };
        let id = f.req_text("id");
        let name = f.req_text("name");
        let children = f.node("children");
        let contact = f
            .node("contact")
            .and_then(|n| read_contact(n, file, f.report));
        f.finish(&spec::REGION.names());
        let (Some(id), Some(name)) = (id, name) else {
            continue;
        };
        if !check_id(&id, file, "region", seen, report) {
            continue;
        }
        let index = regions.len();
        regions.push(Region {
            id: id.value,
            name: name.value,
            contact,
            parent,
            children: Vec::new(),
            depth,
        });
        if let Some(p) = parent {
            regions[p].children.push(index);
        }
        if let Some(children) = children {
            read_region_level(
                children,
                file,
                Some(index),
                depth + 1,
                regions,
                seen,
                report,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("free-bus-2"));
        assert!(!is_valid_id("Free"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn base_url_path() {
        let (url, path) = parse_base_url("https://x.gov.cn/yd").unwrap();
        assert_eq!(url, "https://x.gov.cn/yd/");
        assert_eq!(path, "/yd/");
        assert!(parse_base_url("/yd/").is_err());
    }
}
