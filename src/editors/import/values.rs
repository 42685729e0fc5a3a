//! Cell values into field values: names into site.yaml ids, dates into YYYY-MM-DD, phone
//! numbers into text, catalog numbers, lists, and titles from summaries.

use super::mapping::{halfwidth, normalize_name, Alias, Mapping};
use crate::content::spec::Vocabulary;
use crate::model::{Config, Date, Term};

/// The names and ids of one vocabulary, longest first, so that 现役军人家属 is read before
/// 现役军人.
pub struct Names {
    what: &'static str,
    candidates: Vec<(String, Vec<String>)>,
    /// "名称 (id)" for messages.
    listing: String,
}

/// Characters between names in a cell: 现役军人、退役军人和烈属.
fn is_separator(c: char) -> bool {
    "、，,；;/／|｜和及与或\n\r\t 　等".contains(c)
}

/// Removes notes in brackets: 退役军人（含复员军人） → 退役军人.
fn without_notes(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// `一、荣誉激励类` → `荣誉激励`: a section heading's enumerator and `类` taken off.
pub fn section_name(text: &str) -> String {
    let text = halfwidth(text.trim());
    let mut rest = text.as_str();
    let numerals = "一二三四五六七八九十百0123456789";
    let stripped = rest.trim_start_matches(['(', '（', '第']);
    let after_numerals = stripped.trim_start_matches(|c| numerals.contains(c));
    if after_numerals.len() < stripped.len() {
        rest = after_numerals
            .trim_start_matches([')', '）', '、', '.', '．', ' ', '部', '类', '章', ':', '：']);
    }
    let rest = rest.trim();
    let rest = rest
        .strip_suffix("类优待")
        .or_else(|| rest.strip_suffix("方面"))
        .or_else(|| rest.strip_suffix("类"))
        .unwrap_or(rest);
    rest.trim().to_string()
}

impl Names {
    pub fn new(config: &Config, mapping: &Mapping, v: Vocabulary) -> Names {
        let terms: Vec<(String, String)> = match v {
            Vocabulary::Category => pairs(&config.categories),
            Vocabulary::Group => pairs(&config.groups),
            Vocabulary::PartnerKind => pairs(&config.partner_kinds),
            Vocabulary::Region => config
                .regions
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        };
        let what = match v {
            Vocabulary::Category => "category",
            Vocabulary::Group => "group",
            Vocabulary::Region => "region",
            Vocabulary::PartnerKind => "partner kind",
        };
        let ids: Vec<String> = terms.iter().map(|(id, _)| id.clone()).collect();
        let roots: Vec<String> = config
            .regions
            .iter()
            .filter(|r| r.parent.is_none())
            .map(|r| r.id.clone())
            .collect();
        let mut candidates: Vec<(String, Vec<String>)> = Vec::new();
        for (id, name) in &terms {
            candidates.push((normalize_name(name), vec![id.clone()]));
            candidates.push((id.clone(), vec![id.clone()]));
            if v == Vocabulary::Region {
                // 平遥县 is also written 平遥.
                let short = name.trim_end_matches(['市', '区', '县', '镇', '乡']);
                if short.chars().count() >= 2 && short != name {
                    candidates.push((normalize_name(short), vec![id.clone()]));
                }
            }
        }
        for (name, alias) in mapping.aliases(v) {
            let resolved: Vec<String> = match alias {
                Alias::All => ids.clone(),
                Alias::Root if roots.len() == 1 => roots.clone(),
                Alias::Root => Vec::new(),
                Alias::Ids(list) => list.iter().filter(|i| ids.contains(i)).cloned().collect(),
            };
            if !resolved.is_empty() && !candidates.iter().any(|(n, _)| n == name) {
                candidates.push((name.clone(), resolved));
            }
        }
        candidates.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.0.cmp(&b.0))
        });
        let listing = terms
            .iter()
            .map(|(id, name)| tr!("import-listing-item", name = name, id = id))
            .collect::<Vec<_>>()
            .join(&tr!("import-list-separator"));
        Names {
            what,
            candidates,
            listing,
        }
    }

    fn unknown(&self, text: &str) -> String {
        let section = match self.what {
            "partner kind" => "partner_kinds",
            "category" => "categories",
            "group" => "groups",
            _ => "regions",
        };
        tr!(
            "import-unknown-name",
            what = crate::content::fields::kind_word(self.what),
            text = text,
            listing = self.listing.as_str(),
            section = section
        )
    }

    /// One name or id.
    pub fn one(&self, text: &str) -> Result<String, String> {
        let wanted = normalize_name(&without_notes(text));
        let section = normalize_name(&section_name(text));
        for key in [&wanted, &section] {
            if let Some((_, ids)) = self.candidates.iter().find(|(n, _)| n == key) {
                if ids.len() == 1 {
                    return Ok(ids[0].clone());
                }
            }
        }
        Err(self.unknown(text.trim()))
    }

    /// Several names in one cell, such as 现役军人、退役军人和烈士遗属.
    pub fn many(&self, text: &str) -> Result<Vec<String>, String> {
        let text = normalize_name(&without_notes(text));
        let chars: Vec<char> = text.chars().collect();
        let mut ids: Vec<String> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let rest: String = chars[i..].iter().collect();
            if let Some((name, found)) = self
                .candidates
                .iter()
                .find(|(n, _)| rest.starts_with(n.as_str()))
            {
                for id in found {
                    if !ids.contains(id) {
                        ids.push(id.clone());
                    }
                }
                i += name.chars().count();
            } else if is_separator(chars[i]) {
                i += 1;
            } else {
                let start = i;
                while i < chars.len() && !is_separator(chars[i]) {
                    i += 1;
                }
                unknown.push(chars[start..i].iter().collect());
            }
        }
        match unknown.as_slice() {
            [] => Ok(ids),
            [one] => Err(self.unknown(one)),
            several => Err(self.unknown(&several.join("`, `"))),
        }
    }
}

fn pairs(terms: &[Term]) -> Vec<(String, String)> {
    terms
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect()
}

/// Text with full-width characters made ASCII and spaces trimmed.
pub fn halfwidth_trim(text: &str) -> String {
    halfwidth(text).trim().to_string()
}

/// A number such as a latitude, in half- or full-width digits.
pub fn halfwidth_number(text: &str) -> Option<f64> {
    halfwidth_trim(text)
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

/// `2025-01-15`, `2025/1/15`, `2025.1.15`, `2025年1月15日` or `20250115`, checked.
pub fn date(text: &str) -> Option<String> {
    let text = halfwidth(text.trim());
    let text = text.trim_end_matches('日');
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月'])
        .filter(|p| !p.is_empty())
        .collect();
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] => (y.to_string(), m.to_string(), d.to_string()),
        [all] if all.len() == 8 && all.bytes().all(|b| b.is_ascii_digit()) => {
            (all[..4].into(), all[4..6].into(), all[6..].into())
        }
        _ => return None,
    };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let iso = format!("{y:04}-{m:02}-{d:02}");
    Date::parse(&iso).map(|_| iso)
}

/// A phone number as text. A number cell (or digits alone) of 9 to 11 digits that starts
/// with neither 0 nor 1 is a landline that lost its leading zero: the zero is put back,
/// and the second value says so.
pub fn phone(text: &str) -> (String, bool) {
    let text = halfwidth(text.trim());
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    let lost_zero = digits
        && (9..=11).contains(&text.len())
        && !text.starts_with(['0', '1'])
        && !text.starts_with("400")
        && !text.starts_with("800");
    if lost_zero {
        (format!("0{text}"), true)
    } else {
        (text, false)
    }
}

/// A catalog number: `12`, `１２` and `12.0` are the number 12; `3-1` stays text.
pub fn catalog_number(text: &str) -> Result<i64, String> {
    let text = halfwidth(text.trim());
    let text = text.trim_end_matches(['.', '、']);
    if let Ok(n) = text.parse::<i64>() {
        return Ok(n);
    }
    match text.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(f as i64),
        _ => Err(text.to_string()),
    }
}

/// A list written in one cell: 优待证、身份证 or one item a line.
pub fn list(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Steps written `1、` or `（1）` or `1.` without a space become Markdown's `1. `.
pub fn steps(text: &str) -> String {
    let lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let line = line.trim();
            let half = halfwidth(line);
            let inner = half.trim_start_matches('(');
            let digits: String = inner.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.is_empty() || digits.len() > 2 {
                return line.to_string();
            }
            let after = &inner[digits.len()..];
            let rest = after
                .strip_prefix(')')
                .or_else(|| after.strip_prefix('、'))
                .or_else(|| after.strip_prefix('.'))
                .filter(|r| !r.starts_with(|c: char| c.is_ascii_digit()));
            match rest {
                Some(rest) => format!("{digits}. {}", rest.trim()),
                None => line.to_string(),
            }
        })
        .collect();
    let numbered = lines.iter().filter(|l| l.contains(". ")).count();
    if numbered >= 2 {
        lines.join("\n") + "\n"
    } else {
        text.trim().to_string()
    }
}

/// A short title from a sentence: up to the first full stop, at most about 24 characters.
pub fn title_from(summary: &str) -> String {
    let first = summary
        .split(['。', '；', ';', '！', '\n'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let chars: Vec<char> = first.chars().collect();
    if chars.len() <= 24 {
        return first.to_string();
    }
    let cut = chars[..24]
        .iter()
        .rposition(|c| matches!(c, '，' | ','))
        .filter(|&p| p >= 6)
        .unwrap_or(24);
    chars[..cut].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_ways_sheets_write_them() {
        assert_eq!(date("2025/1/5").as_deref(), Some("2025-01-05"));
        assert_eq!(date("２０２５年１月５日").as_deref(), Some("2025-01-05"));
        assert_eq!(date("2025.12.31").as_deref(), Some("2025-12-31"));
        assert_eq!(date("20251231").as_deref(), Some("2025-12-31"));
        assert_eq!(date("2025-02-30"), None);
        assert_eq!(date("明年"), None);
    }

    #[test]
    fn phones_keep_or_regain_their_zero() {
        assert_eq!(phone("3543021234"), ("03543021234".into(), true));
        assert_eq!(phone("13912345678"), ("13912345678".into(), false));
        assert_eq!(phone("0354-3021234"), ("0354-3021234".into(), false));
        assert_eq!(phone("4008123123"), ("4008123123".into(), false));
        assert_eq!(phone("12345"), ("12345".into(), false));
    }

    #[test]
    fn numbers_titles_and_sections() {
        assert_eq!(catalog_number("１２"), Ok(12));
        assert_eq!(catalog_number("12.0"), Ok(12));
        assert_eq!(catalog_number("3-1"), Err("3-1".into()));
        assert_eq!(
            title_from("凭优待证免费乘坐市内公共汽车。上车出示。"),
            "凭优待证免费乘坐市内公共汽车"
        );
        assert_eq!(section_name("一、荣誉激励类"), "荣誉激励");
        assert_eq!(section_name("（三）医疗服务方面"), "医疗服务");
        assert_eq!(section_name("医疗服务"), "医疗服务");
    }

    #[test]
    fn steps_become_a_markdown_list() {
        assert_eq!(steps("1、出示优待证\n2.核验"), "1. 出示优待证\n2. 核验\n");
        assert_eq!(steps("（1）出示\n（2）核验"), "1. 出示\n2. 核验\n");
        assert_eq!(steps("凭证办理"), "凭证办理");
    }
}
