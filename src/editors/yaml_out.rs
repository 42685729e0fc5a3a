//! YAML text out, for the files that editors' tools write (imports, the web form's config).
//!
//! A small emitter of our own rather than a serializer: it keeps fields in the order the
//! contract lists them, writes short lists as `[a, b]` like the hand-written content, and
//! quotes every text that a YAML reader would take for something else (a phone number such as
//! `03541234567` would otherwise become a number and lose its leading zero).

use std::fmt::Write;

/// A YAML value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Yaml {
    /// Text, quoted when a reader would not read it back as the same text.
    Str(String),
    /// Text known to read back as itself when written plain (dates, ids).
    Plain(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    pub fn str(text: impl Into<String>) -> Yaml {
        Yaml::Str(text.into())
    }

    pub fn map(entries: Vec<(&str, Yaml)>) -> Yaml {
        Yaml::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    fn is_scalar(&self) -> bool {
        !matches!(self, Yaml::List(_) | Yaml::Map(_))
    }

    fn is_empty_collection(&self) -> bool {
        matches!(self, Yaml::List(l) if l.is_empty())
            || matches!(self, Yaml::Map(m) if m.is_empty())
    }
}

/// Words that YAML 1.1 readers (and some editors) take for yes/no or null.
const RESERVED_WORDS: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
];

/// Can `text` be written without quotes and read back as the same text?
pub fn is_plain_safe(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || text.contains(['\n', '\r', '\t']) {
        return false;
    }
    if first.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`+.=".contains(first) {
        return false;
    }
    if RESERVED_WORDS.contains(&text.to_ascii_lowercase().as_str()) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}', ':', '?', '#', '&', '*', '!']) {
        return false;
    }
    !text.chars().any(|c| c.is_control() || c == '\u{feff}')
}

/// `"..."` with YAML's double-quoted escapes.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar(value: &Yaml, in_flow: bool) -> String {
    match value {
        Yaml::Str(text) if is_plain_safe(text, in_flow) => text.clone(),
        Yaml::Str(text) => double_quoted(text),
        Yaml::Plain(text) => text.clone(),
        Yaml::Int(n) => n.to_string(),
        Yaml::Float(f) => {
            let s = f.to_string();
            if s.contains(['.', 'e', 'E']) {
                s
            } else {
                format!("{s}.0")
            }
        }
        Yaml::Bool(b) => b.to_string(),
        Yaml::List(_) | Yaml::Map(_) => String::new(),
    }
}

/// A multi-line text as a `|` block, when its lines allow one.
fn block_literal(text: &str, indent: usize) -> Option<String> {
    let first = text.lines().next().unwrap_or("");
    let bad = text.contains('\r')
        || first.starts_with(' ')
        || text.chars().any(|c| c.is_control() && c != '\n')
        || text.lines().any(|l| l.ends_with(' '));
    if bad || !text.contains('\n') {
        return None;
    }
    let body = text.trim_end_matches('\n');
    let chomp = if text.ends_with("\n\n") {
        return None;
    } else if text.ends_with('\n') {
        "|"
    } else {
        "|-"
    };
    let pad = " ".repeat(indent);
    let mut out = chomp.to_string();
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    Some(out)
}

fn flow_list(items: &[Yaml]) -> Option<String> {
    if !items.iter().all(Yaml::is_scalar) {
        return None;
    }
    let parts: Vec<String> = items.iter().map(|i| scalar(i, true)).collect();
    let line = format!("[{}]", parts.join(", "));
    (line.chars().count() <= 72 && !line.contains('\n')).then_some(line)
}

/// Writes `value` as the value of a key at `indent` spaces (after `key:`).
fn value_after_key(out: &mut String, value: &Yaml, indent: usize) {
    match value {
        Yaml::Str(text) if text.contains('\n') => {
            match block_literal(text, indent + 2) {
                Some(block) => {
                    out.push(' ');
                    out.push_str(&block);
                }
                None => {
                    out.push(' ');
                    out.push_str(&double_quoted(text));
                }
            }
            out.push('\n');
        }
        Yaml::List(items) if items.is_empty() => out.push_str(" []\n"),
        Yaml::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Yaml::List(items) => match flow_list(items) {
            Some(line) => {
                out.push(' ');
                out.push_str(&line);
                out.push('\n');
            }
            None => {
                out.push('\n');
                list(out, items, indent + 2);
            }
        },
        Yaml::Map(entries) => {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            map(out, entries, indent + 2);
        }
        scalar_value => {
            out.push(' ');
            out.push_str(&scalar(scalar_value, false));
            out.push('\n');
        }
    }
}

fn map(out: &mut String, entries: &[(String, Yaml)], indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(key);
        out.push(':');
        value_after_key(out, value, indent);
    }
}

fn list(out: &mut String, items: &[Yaml], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        out.push_str(&pad);
        out.push('-');
        match item {
            Yaml::Map(entries) if !entries.is_empty() => {
                out.push(' ');
                map(out, entries, indent + 2);
            }
            Yaml::List(inner) if !inner.is_empty() => {
                out.push('\n');
                list(out, inner, indent + 2);
            }
            other => value_after_key(out, other, indent),
        }
    }
}

/// The YAML text of a document whose root is `value`.
pub fn to_string(value: &Yaml) -> String {
    let mut out = String::new();
    match value {
        Yaml::Map(entries) if !entries.is_empty() => map(&mut out, entries, 0),
        Yaml::List(items) if !items.is_empty() => list(&mut out, items, 0),
        other if other.is_empty_collection() => out.push_str(if matches!(other, Yaml::List(_)) {
            "[]\n"
        } else {
            "{}\n"
        }),
        other => {
            out.push_str(&scalar(other, false));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::{parse, ScalarKind, Value};

    fn text_of(yaml: &str, key: &str) -> (String, Option<ScalarKind>) {
        let node = parse(yaml, 0).unwrap().unwrap();
        let Value::Map(entries) = node.value else {
            panic!("{yaml}")
        };
        let (_, v) = entries
            .iter()
            .find(|(k, _)| crate::content::yaml::key_text(k).map(String::as_str) == Some(key))
            .unwrap();
        match &v.value {
            Value::Scalar { text, .. } => (text.clone(), v.scalar_kind()),
            _ => panic!("{yaml}"),
        }
    }

    #[test]
    fn texts_read_back_as_the_same_text() {
        let samples = [
            "03541234567",
            "0354-3021234",
            "true",
            "no",
            "null",
            "12",
            "1.5",
            "- item",
            "a: b",
            "# not a comment",
            "优待证 #1",
            "“全市”二级以上医院",
            "[x]",
            "line one\nline two\n",
            "line one\nline two",
            "  indented\nx",
            "tab\there",
            "quote \" and back\\slash",
            "2025-01-15",
            "普通文本",
        ];
        for sample in samples {
            let doc = to_string(&Yaml::map(vec![("k", Yaml::str(sample))]));
            let (text, kind) = text_of(&doc, "k");
            assert_eq!(text, sample, "{doc}");
            assert_eq!(kind, Some(ScalarKind::Text), "{doc}");
        }
    }

    #[test]
    fn lists_and_maps_nest() {
        let doc = to_string(&Yaml::List(vec![Yaml::map(vec![
            ("id", Yaml::Plain("a".into())),
            ("groups", Yaml::List(vec![Yaml::str("x"), Yaml::str("no")])),
            ("documents", Yaml::List(vec![Yaml::str("a, b")])),
            ("steps", Yaml::str("1. a\n2. b\n")),
            (
                "location",
                Yaml::map(vec![
                    ("lat", Yaml::Float(37.5)),
                    ("lon", Yaml::Float(112.0)),
                ]),
            ),
        ])]));
        assert_eq!(
            doc,
            "- id: a\n  groups: [x, \"no\"]\n  documents: [\"a, b\"]\n  steps: |\n    1. a\n    2. b\n  location:\n    lat: 37.5\n    lon: 112.0\n"
        );
        assert!(parse(&doc, 0).is_ok());
    }
}
