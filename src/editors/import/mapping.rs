//! The editable mapping from a sheet's column names to fields, and from the names a bureau
//! writes in its cells (军属, 全体优待对象) to the ids of site.yaml.

use super::Target;
use crate::content::fields::place;
use crate::content::spec::{self, Vocabulary};
use crate::content::yaml::{self, key_text, Node, ScalarKind, Value};
use crate::diag::{did_you_mean, Place, Report};
use std::collections::BTreeMap;

/// The built-in mapping, also written by `youdai new` as `import-mapping.yaml`.
pub const DEFAULT: &str = include_str!("mapping.yaml");

/// What a name in a cell stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alias {
    Ids(Vec<String>),
    /// Every id of the vocabulary ("*").
    All,
    /// The top region of the tree ("*root").
    Root,
}

#[derive(Default, Debug)]
pub struct Mapping {
    /// Normalized column name → field name, or "-" to skip the column.
    pub columns: BTreeMap<String, String>,
    pub groups: BTreeMap<String, Alias>,
    pub regions: BTreeMap<String, Alias>,
    pub categories: BTreeMap<String, Alias>,
    pub partner_kinds: BTreeMap<String, Alias>,
    pub cards: BTreeMap<String, bool>,
}

/// Full-width letters, digits and signs (０１２, －, ／) as their ASCII forms; the
/// ideographic space as a space.
pub fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A column name as it is looked up: half-width, lowercase, without spaces, `*` marks or
/// notes in brackets.
pub fn normalize_header(text: &str) -> String {
    let text = halfwidth(text);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || c == '*' || c == ':' => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A name in a cell as it is looked up: half-width, without spaces.
pub fn normalize_name(text: &str) -> String {
    halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

impl Mapping {
    /// The built-in mapping, with `custom` (the text of a mapping file and its name for
    /// messages) laid over it.
    pub fn load(target: Target, custom: Option<(&str, &str)>, report: &mut Report) -> Mapping {
        let mut mapping = Mapping::default();
        mapping.overlay(DEFAULT, &tr!("import-built-in-mapping"), target, report);
        if let Some((text, file)) = custom {
            mapping.overlay(text, file, target, report);
        }
        mapping
    }

    fn overlay(&mut self, text: &str, file: &str, target: Target, report: &mut Report) {
        let root = match yaml::parse(text, 0) {
            Ok(Some(node)) => node,
            Ok(None) => return,
            Err(e) => {
                report.error(Place::new(file, e.pos.line, e.pos.col), e.message);
                return;
            }
        };
        let Some(sections) = entries(&root, file, &tr!("import-mapping-whole"), report) else {
            return;
        };
        for (key, value) in sections {
            match key_text(key).map(String::as_str) {
                Some("benefits") if target == Target::Benefits => {
                    self.read_columns(value, file, &spec::BENEFIT, report)
                }
                Some("partners") if target == Target::Partners => {
                    self.read_columns(value, file, &spec::PARTNER, report)
                }
                Some("benefits" | "partners") => {}
                Some("values") => self.read_values(value, file, report),
                other => report.error(
                    place(file, key.pos),
                    tr!(
                        "import-mapping-unknown-section",
                        section = other.unwrap_or("")
                    ),
                ),
            }
        }
    }

    fn read_columns(&mut self, node: &Node, file: &str, kind: &spec::Kind, report: &mut Report) {
        let Some(items) = entries(
            node,
            file,
            &crate::content::fields::kind_word(kind.name),
            report,
        ) else {
            return;
        };
        let mut known = kind.names();
        if kind.name == "partner" {
            known.extend(["lat", "lon"]);
        }
        known.push("-");
        for (header_node, field_node) in items {
            let (Some(header), Some(field)) = (scalar(header_node), scalar(field_node)) else {
                report.error(
                    place(file, header_node.pos),
                    tr!("import-mapping-column-form"),
                );
                continue;
            };
            if !known.contains(&field.as_str()) {
                let hint = did_you_mean(&field, known.iter().copied());
                report.error(
                    place(file, field_node.pos),
                    tr!(
                        "import-mapping-not-a-field",
                        field = field.as_str(),
                        kind = crate::content::fields::kind_word(kind.name),
                        hint = hint,
                        fields = known.join(", ")
                    ),
                );
                continue;
            }
            self.columns.insert(normalize_header(&header), field);
        }
    }

    fn read_values(&mut self, node: &Node, file: &str, report: &mut Report) {
        let Some(lists) = entries(node, file, "values", report) else {
            return;
        };
        for (key, value) in lists {
            let which = key_text(key).map(String::as_str).unwrap_or("");
            let Some(items) = entries(value, file, which, report) else {
                continue;
            };
            for (name, target) in items {
                let Some(name) = scalar(name) else { continue };
                let name = normalize_name(&name);
                if which == "requires_card" {
                    match (&target.value, target.scalar_kind()) {
                        (Value::Scalar { text, .. }, Some(ScalarKind::Bool)) => {
                            self.cards.insert(name, text.eq_ignore_ascii_case("true"));
                        }
                        _ => {
                            report.error(place(file, target.pos), tr!("import-mapping-card-value"))
                        }
                    }
                    continue;
                }
                let alias = match &target.value {
                    Value::Seq(ids) => Alias::Ids(ids.iter().filter_map(scalar).collect()),
                    _ => match scalar(target).as_deref() {
                        Some("*") => Alias::All,
                        Some("*root") => Alias::Root,
                        Some(id) => Alias::Ids(vec![id.to_string()]),
                        None => continue,
                    },
                };
                let list = match which {
                    "groups" => &mut self.groups,
                    "regions" => &mut self.regions,
                    "categories" => &mut self.categories,
                    "partner_kinds" => &mut self.partner_kinds,
                    _ => {
                        report.error(
                            place(file, key.pos),
                            tr!("import-mapping-unknown-list", list = which),
                        );
                        break;
                    }
                };
                list.insert(name, alias);
            }
        }
    }

    pub fn aliases(&self, v: Vocabulary) -> &BTreeMap<String, Alias> {
        match v {
            Vocabulary::Group => &self.groups,
            Vocabulary::Region => &self.regions,
            Vocabulary::Category => &self.categories,
            Vocabulary::PartnerKind => &self.partner_kinds,
        }
    }

    /// The field a column name maps to, if any ("-" for a column to skip).
    pub fn field_of(&self, header: &str) -> Option<&str> {
        self.columns
            .get(&normalize_header(header))
            .map(String::as_str)
    }
}

fn entries<'a>(
    node: &'a Node,
    file: &str,
    what: &str,
    report: &mut Report,
) -> Option<&'a [(Node, Node)]> {
    match &node.value {
        Value::Map(entries) => Some(entries),
        _ if node.is_null() => None,
        _ => {
            report.error(
                place(file, node.pos),
                tr!("import-mapping-not-lines", what = what),
            );
            None
        }
    }
}

fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_mapping_loads_cleanly() {
        for target in [Target::Benefits, Target::Partners] {
            let mut report = Report::default();
            let m = Mapping::load(target, None, &mut report);
            assert!(!report.has_errors(), "{report:?}");
            assert!(!m.columns.is_empty());
        }
        let m = Mapping::load(Target::Benefits, None, &mut Report::default());
        assert_eq!(m.field_of("优待内容"), Some("summary"));
        assert_eq!(m.field_of(" 序 号 *"), Some("number"));
        assert_eq!(m.field_of("联系电话（座机）"), Some("contact"));
        assert_eq!(m.field_of("Department"), Some("department"));
        assert_eq!(
            m.groups.get("军属"),
            Some(&Alias::Ids(vec!["family".into()]))
        );
        assert_eq!(m.cards.get("是"), Some(&true));
    }

    #[test]
    fn a_custom_mapping_adds_and_is_checked() {
        let mut report = Report::default();
        let m = Mapping::load(
            Target::Benefits,
            Some(("benefits:\n  事项: title\n  电话号码: contct\n", "m.yaml")),
            &mut report,
        );
        assert_eq!(m.field_of("事项"), Some("title"));
        let errors = report.into_sorted();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().starts_with("m.yaml:3:9: error: "),
            "{}",
            errors[0]
        );
        assert!(errors[0].message.contains("did you mean `contact`?"));
    }

    #[test]
    fn halfwidth_digits() {
        assert_eq!(halfwidth("１２３－４"), "123-4");
        assert_eq!(normalize_name("现役 军人"), "现役军人");
    }
}
