//! YAML into a small node tree that keeps the line and column of every value.
//!
//! serde_yaml (deprecated) and its forks only place syntax errors; editors need the place of
//! the offending *value*. saphyr-parser emits events with spans, and this module folds them
//! into nodes that remember their position and whether a scalar was quoted, which is what
//! lets us say "this phone number is read as a number: quote it".

use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// 1-based line and column of a node in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Clone, Debug)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Clone, Debug)]
pub enum Value {
    Scalar { text: String, quoted: bool },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// What a scalar means under the YAML 1.2 core schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarKind {
    Null,
    Bool,
    Int,
    Float,
    Text,
}

impl Node {
    pub fn scalar_kind(&self) -> Option<ScalarKind> {
        match &self.value {
            Value::Scalar { quoted: true, .. } => Some(ScalarKind::Text),
            Value::Scalar { text, .. } => Some(plain_kind(text)),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.scalar_kind() == Some(ScalarKind::Null)
    }

    /// A short description of what the node is, for error messages.
    pub fn describe(&self) -> String {
        match (&self.value, self.scalar_kind()) {
            (Value::Seq(_), _) => tr!("describe-list"),
            (Value::Map(_), _) => tr!("describe-mapping"),
            (_, Some(ScalarKind::Null)) => tr!("describe-empty"),
            (Value::Scalar { text, .. }, Some(ScalarKind::Bool)) => {
                tr!("describe-bool", text = text)
            }
            (Value::Scalar { text, .. }, Some(ScalarKind::Int | ScalarKind::Float)) => {
                tr!("describe-number", text = text)
            }
            (Value::Scalar { text, .. }, _) => tr!("describe-text", text = text),
        }
    }
}

fn plain_kind(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarKind::Bool,
        ".inf" | "-.inf" | "+.inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN" => {
            return ScalarKind::Float
        }
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return ScalarKind::Int;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return ScalarKind::Int;
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return ScalarKind::Int;
        }
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.parse::<f64>().is_ok();
    if looks_float {
        ScalarKind::Float
    } else {
        ScalarKind::Text
    }
}

/// A YAML syntax problem with its 1-based place.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// How deep lists and mappings may nest. A catalog entry needs four or five levels; a
/// limit keeps a crafted file from exhausting the stack of whatever walks the tree.
pub const MAX_DEPTH: usize = 64;

/// How many nodes aliases (`*name`) may add beyond the file's own: a few hundred bytes of
/// nested aliases can otherwise stand for billions of nodes ("billion laughs").
fn alias_budget(source: &str) -> usize {
    10_000 + source.len()
}

/// Parses one YAML document. `line_offset` shifts reported lines, for front matter that
/// starts below the first line of its file. An empty document gives `None`.
pub fn parse(source: &str, line_offset: usize) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder {
        line_offset,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        documents: 0,
        alias_budget: alias_budget(source),
    };
    for event in Parser::new_from_str(source) {
        let (event, span) = event.map_err(|e| {
            let at = Pos {
                line: e.marker().line(),
                col: e.marker().col() + 1,
            };
            let explained = super::yaml_errors::explain(source, e.info(), at);
            SyntaxError {
                pos: Pos {
                    line: explained.pos.line + line_offset,
                    col: explained.pos.col,
                },
                message: explained.message,
            }
        })?;
        let pos = Pos {
            line: span.start.line() + line_offset,
            col: span.start.col() + 1,
        };
        builder.event(event, pos)?;
    }
    Ok(builder.root)
}

enum Open {
    Seq(Pos, usize, Vec<Node>),
    Map(Pos, usize, Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    line_offset: usize,
    stack: Vec<Open>,
    /// Anchored nodes and how many nodes each holds.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    documents: usize,
    /// Nodes that aliases may still add.
    alias_budget: usize,
}

/// The number of nodes in a tree (its depth is bounded by [`MAX_DEPTH`]).
fn size(node: &Node) -> usize {
    1 + match &node.value {
        Value::Scalar { .. } => 0,
        Value::Seq(items) => items.iter().map(size).sum(),
        Value::Map(entries) => entries.iter().map(|(k, v)| size(k) + size(v)).sum(),
    }
}

impl Builder {
    fn event(&mut self, event: Event, pos: Pos) -> Result<(), SyntaxError> {
        let _ = self.line_offset;
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        pos,
                        message: tr!("yaml-second-document"),
                    });
                }
            }
            Event::Scalar(text, style, anchor, _tag) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                let node = Node {
                    pos,
                    value: Value::Scalar {
                        text: text.into_owned(),
                        quoted,
                    },
                };
                self.complete(node, anchor)?;
            }
            Event::Alias(id) => {
                let (node, count) = self.anchors.get(&id).ok_or_else(|| SyntaxError {
                    pos,
                    message: tr!("yaml-unknown-alias"),
                })?;
                if *count > self.alias_budget {
                    return Err(SyntaxError {
                        pos,
                        message: tr!("yaml-alias-bomb"),
                    });
                }
                self.alias_budget -= count;
                let mut node = node.clone();
                node.pos = pos;
                self.complete(node, 0)?;
            }
            Event::SequenceStart(anchor, _) => {
                self.open(pos)?;
                self.stack.push(Open::Seq(pos, anchor, Vec::new()))
            }
            Event::MappingStart(anchor, _) => {
                self.open(pos)?;
                self.stack.push(Open::Map(pos, anchor, Vec::new(), None))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq(pos, anchor, items)) => (
                        Node {
                            pos,
                            value: Value::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map(pos, anchor, entries, _)) => (
                        Node {
                            pos,
                            value: Value::Map(merge_keys(entries)?),
                        },
                        anchor,
                    ),
                    None => return Ok(()),
                };
                self.complete(node, anchor)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&self, pos: Pos) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                pos,
                message: tr!("yaml-too-deep", max = MAX_DEPTH),
            });
        }
        Ok(())
    }

    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor > 0 {
            let count = size(&node);
            self.anchors.insert(anchor, (node.clone(), count));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, entries, pending)) => match pending.take() {
                None => {
                    if let Value::Scalar { text, .. } = &node.value {
                        if let Some((first, _)) =
                            entries.iter().find(|(k, _)| key_text(k) == Some(text))
                        {
                            return Err(SyntaxError {
                                pos: node.pos,
                                message: tr!(
                                    "yaml-duplicate-key",
                                    key = text,
                                    line = first.pos.line
                                ),
                            });
                        }
                    } else {
                        return Err(SyntaxError {
                            pos: node.pos,
                            message: tr!("yaml-key-not-text"),
                        });
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

/// YAML's merge key: `<<: *base` (or `<<: [*a, *b]`) takes every field of the aliased
/// mappings that the mapping does not write itself, as editors expect from other tools.
fn merge_keys(entries: Vec<(Node, Node)>) -> Result<Vec<(Node, Node)>, SyntaxError> {
    let is_merge =
        |k: &Node| matches!(&k.value, Value::Scalar { text, quoted: false } if text == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return Ok(entries);
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| is_merge(k));
    for (_, value) in merges {
        let sources = match value.value {
            Value::Map(fields) => vec![fields],
            Value::Seq(items) => items
                .into_iter()
                .map(|item| match item.value {
                    Value::Map(fields) => Ok(fields),
                    _ => Err(item.pos),
                })
                .collect::<Result<Vec<_>, Pos>>()
                .map_err(|pos| SyntaxError {
                    pos,
                    message: tr!("yaml-merge-not-mapping"),
                })?,
            _ => {
                return Err(SyntaxError {
                    pos: value.pos,
                    message: tr!("yaml-merge-not-mapping"),
                })
            }
        };
        for (k, v) in sources.into_iter().flatten() {
            if !own.iter().any(|(o, _)| key_text(o) == key_text(&k)) {
                own.push((k, v));
            }
        }
    }
    Ok(own)
}

pub fn key_text(node: &Node) -> Option<&String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_values_and_keeps_quoting() {
        let node = parse("a: 1\nb:\n  - \"0354\"\n  - x\n", 0)
            .unwrap()
            .unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        assert_eq!(entries[0].1.pos, Pos { line: 1, col: 4 });
        assert_eq!(entries[0].1.scalar_kind(), Some(ScalarKind::Int));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].pos, Pos { line: 3, col: 5 });
        assert_eq!(items[0].scalar_kind(), Some(ScalarKind::Text));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\na: 2\n", 3).unwrap_err();
        assert_eq!(err.pos, Pos { line: 5, col: 1 });
    }

    #[test]
    fn merge_keys_take_the_fields_not_written() {
        let node = parse("a: &a {x: 1, y: 2}\nb:\n  <<: *a\n  y: 3\n", 0)
            .unwrap()
            .unwrap();
        let Value::Map(entries) = &node.value else {
            panic!()
        };
        let Value::Map(b) = &entries[1].1.value else {
            panic!()
        };
        let fields: Vec<(&str, &str)> = b
            .iter()
            .map(|(k, v)| match (&k.value, &v.value) {
                (Value::Scalar { text: k, .. }, Value::Scalar { text: v, .. }) => {
                    (k.as_str(), v.as_str())
                }
                _ => panic!(),
            })
            .collect();
        assert_eq!(fields, vec![("y", "3"), ("x", "1")]);
        assert!(parse("b:\n  <<: 5\n", 0).is_err());
    }

    #[test]
    fn nesting_and_aliases_are_bounded() {
        let deep = "- ".repeat(50_000) + "x\n";
        let err = parse(&deep, 0).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
        let flow = "a: ".to_string() + &"[".repeat(50_000);
        assert!(parse(&flow, 0).is_err());
        let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&laughs, 0).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
        assert_eq!(err.pos.line, 4);
        // An alias used as intended stays fine.
        let shared = "g: &g [active, veteran]\nx: *g\ny: *g\n";
        assert!(parse(shared, 0).is_ok());
    }

    #[test]
    fn plain_scalars_are_typed() {
        assert_eq!(plain_kind("03541234"), ScalarKind::Int);
        assert_eq!(plain_kind("0354-1234"), ScalarKind::Text);
        assert_eq!(plain_kind("2024-12-24"), ScalarKind::Text);
        assert_eq!(plain_kind("1.5"), ScalarKind::Float);
        assert_eq!(plain_kind("~"), ScalarKind::Null);
        assert_eq!(plain_kind("yes"), ScalarKind::Text);
    }
}
