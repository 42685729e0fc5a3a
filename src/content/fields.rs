//! Reads the fields of one YAML mapping into typed values, reporting every problem with the
//! place of the offending value (not only of the file) and carrying on past it.

use super::yaml::{key_text, Node, Pos, ScalarKind, Value};
use crate::diag::{did_you_mean, Place, Report};
use crate::model::{Date, DateProblem};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub pos: Pos,
}

pub struct Fields<'a, 'r> {
    file: &'a str,
    pos: Pos,
    what: &'static str,
    entries: &'a [(Node, Node)],
    used: Vec<bool>,
    pub report: &'r mut Report,
    /// Every field the reader asked for, so that tests can hold the readers to the spec.
    #[cfg(test)]
    asked: Vec<String>,
}

/// The word for a kind of thing in the content, in the editor's language.
pub fn kind_word(what: &str) -> String {
    match what {
        "benefit" => tr!("kind-benefit"),
        "partner" => tr!("kind-partner"),
        "notice" => tr!("kind-notice"),
        "page" => tr!("kind-page"),
        "location" => tr!("kind-location"),
        "contact" => tr!("kind-contact"),
        "site.yaml" => tr!("kind-site"),
        "category" => tr!("kind-category"),
        "group" => tr!("kind-group"),
        "partner kind" => tr!("kind-partner-kind"),
        "region" => tr!("kind-region"),
        "publisher" => tr!("kind-publisher"),
        "change" => tr!("kind-change"),
        other => other.to_string(),
    }
}

/// What is wrong with a date, as a person would say it.
pub fn date_problem(text: &str, problem: &DateProblem) -> String {
    match problem {
        DateProblem::Shape {
            suggestion: Some(day),
        } => tr!("date-write-as", text = text, day = day),
        DateProblem::Shape { suggestion: None } => tr!("date-not-a-date", text = text),
        DateProblem::NoSuchMonth { month } => {
            tr!("date-no-such-month", text = text, month = *month as i64)
        }
        DateProblem::NoSuchDay { year, month, day } => tr!(
            "date-no-such-day",
            text = text,
            year = *year as i64,
            month = *month as i64,
            day = *day as i64
        ),
    }
}

pub fn place(file: &str, pos: Pos) -> Place {
    Place::new(file, pos.line, pos.col)
}

impl<'a, 'r> Fields<'a, 'r> {
    /// Opens a mapping; anything else is reported and gives `None`.
    pub fn open(
        node: &'a Node,
        file: &'a str,
        what: &'static str,
        report: &'r mut Report,
    ) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                file,
                pos: node.pos,
                what,
                used: vec![false; entries.len()],
                entries,
                report,
                #[cfg(test)]
                asked: Vec::new(),
            }),
            Value::Scalar { text, .. } if super::yaml_errors::full_width(text).is_some() => {
                let (col, c) = super::yaml_errors::full_width(text).unwrap_or((1, '：'));
                let pos = Pos {
                    line: node.pos.line,
                    col: node.pos.col + col - 1,
                };
                report.error(place(file, pos), super::yaml_errors::full_width_message(c));
                None
            }
            _ => {
                report.error(
                    place(file, node.pos),
                    tr!(
                        "field-not-a-mapping",
                        what = kind_word(what),
                        found = node.describe()
                    ),
                );
                None
            }
        }
    }

    pub fn pos(&self) -> Pos {
        self.pos
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.report.error(place(self.file, pos), message);
    }

    /// The value of `key`, unless absent or written empty.
    pub fn node(&mut self, key: &str) -> Option<&'a Node> {
        #[cfg(test)]
        self.asked.push(key.to_string());
        let index = self
            .entries
            .iter()
            .position(|(k, _)| key_text(k).map(String::as_str) == Some(key))?;
        self.used[index] = true;
        let node = &self.entries[index].1;
        (!node.is_null()).then_some(node)
    }

    fn missing(&mut self, key: &str) {
        let message = tr!("field-missing", what = kind_word(self.what), key = key);
        self.error(self.pos, message);
    }

    pub fn required<T>(&mut self, key: &str, value: Option<T>) -> Option<T> {
        if value.is_none() && !self.present(key) {
            self.missing(key);
        }
        value
    }

    fn present(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| key_text(k).map(String::as_str) == Some(key) && !v.is_null())
    }

    pub fn text(&mut self, key: &str) -> Option<At<String>> {
        let node = self.node(key)?;
        self.text_of(key, node)
    }

    pub fn req_text(&mut self, key: &str) -> Option<At<String>> {
        let value = self.text(key);
        self.required(key, value)
    }

    fn text_of(&mut self, key: &str, node: &Node) -> Option<At<String>> {
        match (&node.value, node.scalar_kind()) {
            (Value::Scalar { text, .. }, Some(ScalarKind::Text)) => {
                let value = text.trim().to_string();
                if value.is_empty() {
                    self.error(node.pos, tr!("field-empty", key = key));
                    return None;
                }
                Some(At {
                    value,
                    pos: node.pos,
                })
            }
            (Value::Scalar { text, .. }, Some(ScalarKind::Int | ScalarKind::Float)) => {
                let message = if text.starts_with('0') && text.len() > 1 {
                    tr!("field-text-loses-zero", key = key, text = text)
                } else {
                    tr!("field-text-is-number", key = key, text = text)
                };
                self.error(node.pos, message);
                None
            }
            (Value::Scalar { text, .. }, Some(ScalarKind::Bool)) => {
                self.error(node.pos, tr!("field-text-is-bool", key = key, text = text));
                None
            }
            _ => {
                self.error(
                    node.pos,
                    tr!("field-not-text", key = key, found = node.describe()),
                );
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn list(&mut self, key: &str) -> Option<Vec<At<String>>> {
        let node = self.node(key)?;
        match &node.value {
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    if let Some(text) = self.text_of(key, item) {
                        out.push(text);
                    }
                }
                Some(out)
            }
            Value::Scalar { .. } => self.text_of(key, node).map(|t| vec![t]),
            Value::Map(_) => {
                self.error(node.pos, tr!("field-list-is-mapping", key = key));
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<At<Date>> {
        let node = self.node(key)?;
        let text = match &node.value {
            Value::Scalar { text, .. } => text.trim(),
            _ => "",
        };
        match Date::check(text) {
            Ok(date) => Some(At {
                value: date,
                pos: node.pos,
            }),
            Err(_) if text.is_empty() => {
                let found = node.describe();
                self.error(node.pos, tr!("field-not-date", key = key, found = found));
                None
            }
            Err(problem) => {
                self.error(
                    node.pos,
                    tr!(
                        "field-bad-date",
                        key = key,
                        why = date_problem(text, &problem)
                    ),
                );
                None
            }
        }
    }

    pub fn req_date(&mut self, key: &str) -> Option<At<Date>> {
        let value = self.date(key);
        self.required(key, value)
    }

    pub fn bool(&mut self, key: &str) -> Option<At<bool>> {
        let node = self.node(key)?;
        match (&node.value, node.scalar_kind()) {
            (Value::Scalar { text, .. }, Some(ScalarKind::Bool)) => Some(At {
                value: text.eq_ignore_ascii_case("true"),
                pos: node.pos,
            }),
            _ => {
                self.error(
                    node.pos,
                    tr!("field-not-bool", key = key, found = node.describe()),
                );
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str) -> Option<At<i64>> {
        let node = self.node(key)?;
        match (&node.value, node.scalar_kind()) {
            (Value::Scalar { text, .. }, Some(ScalarKind::Int)) if text.parse::<i64>().is_ok() => {
                Some(At {
                    value: text.parse().unwrap_or_default(),
                    pos: node.pos,
                })
            }
            _ => {
                self.error(
                    node.pos,
                    tr!("field-not-integer", key = key, found = node.describe()),
                );
                None
            }
        }
    }

    pub fn float(&mut self, key: &str) -> Option<At<f64>> {
        let node = self.node(key)?;
        match (&node.value, node.scalar_kind()) {
            (Value::Scalar { text, .. }, Some(ScalarKind::Int | ScalarKind::Float)) => {
                match text.parse::<f64>() {
                    Ok(value) if value.is_finite() => Some(At {
                        value,
                        pos: node.pos,
                    }),
                    _ => {
                        self.error(node.pos, tr!("field-not-finite", key = key));
                        None
                    }
                }
            }
            _ => {
                self.error(
                    node.pos,
                    tr!("field-not-number", key = key, found = node.describe()),
                );
                None
            }
        }
    }

    /// A scalar that may be written as a number or as text (e.g. a catalog number `12` or `3-1`).
    pub fn label(&mut self, key: &str) -> Option<At<String>> {
        let node = self.node(key)?;
        match (&node.value, node.scalar_kind()) {
            (Value::Scalar { text, .. }, Some(ScalarKind::Int | ScalarKind::Text)) => {
                let value = text.trim().to_string();
                (!value.is_empty()).then_some(At {
                    value,
                    pos: node.pos,
                })
            }
            _ => {
                self.error(
                    node.pos,
                    tr!("field-not-label", key = key, found = node.describe()),
                );
                None
            }
        }
    }

    /// Reports a field written under its `old` name at its place, with the line to write
    /// instead, so that content written before the rename is fixed rather than puzzled over.
    pub fn renamed(&mut self, old: &str, new: &str) {
        let Some(index) = self
            .entries
            .iter()
            .position(|(k, _)| key_text(k).map(String::as_str) == Some(old))
        else {
            return;
        };
        self.used[index] = true;
        let (key, value) = &self.entries[index];
        let example = match &value.value {
            Value::Scalar { text, .. } if !text.trim().is_empty() => {
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            }
            _ => "...".to_string(),
        };
        let message = tr!("field-renamed", old = old, new = new, example = example);
        self.error(key.pos, message);
    }

    /// Reports every field not in `allowed`, with the closest allowed name.
    pub fn finish(self, allowed: &[&str]) {
        #[cfg(test)]
        self.assert_reads_exactly(allowed);
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let name = key_text(key).map(String::as_str).unwrap_or("");
            if allowed.contains(&name) {
                continue;
            }
            let what = kind_word(self.what);
            let hint = did_you_mean(name, allowed.iter().copied());
            let hint = if hint.is_empty() {
                tr!(
                    "field-unknown-list",
                    what = what.clone(),
                    fields = allowed.join(", ")
                )
            } else {
                hint
            };
            self.report.error(
                place(self.file, key.pos),
                tr!("field-unknown", name = name, what = what, hint = hint),
            );
        }
    }

    /// In tests: the reader read every field of `allowed` (its spec) and no other.
    #[cfg(test)]
    fn assert_reads_exactly(&self, allowed: &[&str]) {
        for key in &self.asked {
            assert!(
                allowed.contains(&key.as_str()),
                "the {} reader reads `{key}`, which its field spec (src/content/spec.rs) lacks",
                self.what
            );
        }
        for key in allowed {
            assert!(
                self.asked.iter().any(|k| k == key),
                "the field spec of {} lists `{key}`, which its reader never reads",
                self.what
            );
        }
    }
}
