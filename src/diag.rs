//! Diagnostics: every content problem is a value with its place, printed only at the edge.

use std::fmt;

/// A place in a file of the site, relative to the site root, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl Place {
    pub fn new(file: &str, line: usize, col: usize) -> Self {
        Place {
            file: file.to_string(),
            line,
            col,
        }
    }

    /// The start of a file, for problems that belong to the file as a whole.
    pub fn file(file: &str) -> Self {
        Place::new(file, 1, 1)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {}: {}", self.place, word, self.message)
    }
}

/// Collects every diagnostic of a run, so that one broken file does not hide the others.
#[derive(Default, Debug, Clone)]
pub struct Report {
    items: Vec<Diagnostic>,
}

impl Report {
    pub fn error(&mut self, place: Place, message: impl Into<String>) {
        self.push(Severity::Error, place, message.into());
    }

    pub fn warning(&mut self, place: Place, message: impl Into<String>) {
        self.push(Severity::Warning, place, message.into());
    }

    fn push(&mut self, severity: Severity, mut place: Place, message: String) {
        place.file = one_line(&place.file);
        self.items.push(Diagnostic {
            severity,
            place,
            message: one_line(&message),
        });
    }

    pub fn extend(&mut self, other: Report) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Sorted by file, then line and column, as the contract prints them.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.place, a.severity, &a.message).cmp(&(&b.place, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// Text from content made safe to print on one terminal line: line breaks, tabs, escape
/// sequences and other control characters, and the invisible marks that reorder text,
/// are shown as escapes (`\n`, `\u{1b}`), so a value can neither start a line that looks
/// like a diagnostic of its own nor send commands to the terminal.
pub fn one_line(text: &str) -> String {
    if !text.chars().any(is_unprintable) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unprintable(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// The closest known id to a mistyped one, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(d, k)| {
            // Half the letters may differ, but never all of them: 老兵 is not "near" 军属.
            let longest = k.chars().count().max(wrong.chars().count());
            *d <= (longest / 2).max(1) && *d < longest
        })
        .min()
        .map(|(_, k)| k)
}

/// " (did you mean `x`?)" or nothing.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match closest(wrong, known) {
        Some(k) => tr!("hint-did-you-mean", suggestion = k),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_is_one_printable_line() {
        let mut report = Report::default();
        report.error(
            Place::new("content/a\nb.yaml", 3, 4),
            "unknown group `x\ncontent/z.yaml:1:1: error: forged\u{1b}[2J\u{202e}`",
        );
        let line = report.into_sorted()[0].to_string();
        assert_eq!(
            line,
            "content/a\\nb.yaml:3:4: error: unknown group `x\\ncontent/z.yaml:1:1: error: forged\\u{1b}[2J\\u{202e}`"
        );
        assert!(!line.chars().any(char::is_control));
    }
}
