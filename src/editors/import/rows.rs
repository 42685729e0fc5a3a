//! The header of a sheet, and each row under it into an entry's fields or the reasons it
//! cannot be one.

use super::mapping::{normalize_name, Mapping};
use super::sheet::{Cell, Row};
use super::values::{self, Names};
use super::Target;
use crate::content::spec::{self, FieldType, Kind, Vocabulary};
use crate::editors::yaml_out::Yaml;
use crate::model::Config;
use std::collections::BTreeMap;

/// Which column holds which field, and the header rows above the data.
#[derive(Debug)]
pub struct Header {
    /// Index of the first data row in the sheet's rows.
    pub data_start: usize,
    /// Field name → column.
    pub columns: BTreeMap<String, usize>,
    /// The column names as the sheet writes them, for messages.
    pub labels: Vec<String>,
    /// Columns whose names map to no field: (column, name).
    pub unmapped: Vec<(usize, String)>,
    /// Columns that map to a field another column already took: (column, name, field).
    pub doubled: Vec<(usize, String, String)>,
}

/// The spreadsheet's name for a column: A, B, ... Z, AA.
pub fn column_letter(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn mapped(row: &Row, mapping: &Mapping) -> usize {
    row.filled()
        .filter(|c| matches!(c, Cell::Text(t) if mapping.field_of(t).is_some_and(|f| f != "-")))
        .count()
}

/// Finds the header: the first of the top rows in which at least two cells name fields. A
/// title row above it (often merged across the sheet) is skipped; a second header row under
/// it (sub-columns of a merged header cell) is read too, its names taking precedence.
pub fn find_header(rows: &[Row], mapping: &Mapping) -> Option<Header> {
    let first = rows.iter().take(10).position(|r| mapped(r, mapping) >= 2)?;
    let second = rows
        .get(first + 1)
        .filter(|r| mapped(r, mapping) >= 1 && is_header_like(r, mapping));
    let width = rows.iter().map(Row::width).max().unwrap_or(0);
    let mut header = Header {
        data_start: first + 1 + usize::from(second.is_some()),
        columns: BTreeMap::new(),
        labels: vec![String::new(); width],
        unmapped: Vec::new(),
        doubled: Vec::new(),
    };
    for col in 0..width {
        let top = rows[first].get(col).text();
        let sub = second.map(|r| r.get(col).text()).unwrap_or_default();
        let (label, field) = match mapping.field_of(&sub) {
            Some(f) if !sub.is_empty() => (sub, Some(f)),
            _ => {
                let f = mapping.field_of(&top);
                (if top.is_empty() { sub } else { top }, f)
            }
        };
        header.labels[col] = label.clone();
        match field {
            Some("-") => {}
            Some(field) => {
                if header.columns.contains_key(field) {
                    header.doubled.push((col, label, field.to_string()));
                } else {
                    header.columns.insert(field.to_string(), col);
                }
            }
            None if !label.is_empty() => header.unmapped.push((col, label)),
            None => {}
        }
    }
    Some(header)
}

/// A row is a second header row when every non-empty cell in it is a column name or repeats
/// the cell above (a header cell merged down over both rows).
fn is_header_like(row: &Row, mapping: &Mapping) -> bool {
    row.filled()
        .all(|c| matches!(c, Cell::Text(t) if mapping.field_of(t).is_some()))
        || row
            .filled()
            .filter(|c| matches!(c, Cell::Text(t) if mapping.field_of(t).is_none()))
            .count()
            <= 1
}

/// What one row of the sheet is.
pub enum Line {
    Blank,
    /// A heading such as 一、荣誉激励类: the category of the rows below it.
    Section(Result<String, String>),
    /// A note such as 注：... under the table.
    Note,
    Entry,
}

/// A row whose only text (perhaps merged across the sheet) is one heading or note.
pub fn classify(row: &Row, names: &Names) -> Line {
    let texts: Vec<String> = row.filled().map(Cell::text).collect();
    let Some(first) = texts.first() else {
        return Line::Blank;
    };
    if texts.iter().any(|t| t != first) {
        return Line::Entry;
    }
    let trimmed = first.trim();
    if ["注", "备注", "说明", "附"]
        .iter()
        .any(|p| trimmed.starts_with(p) && trimmed[p.len()..].starts_with([':', '：']))
    {
        return Line::Note;
    }
    let name = values::section_name(trimmed);
    let looks_like_section = name != trimmed || names.one(trimmed).is_ok();
    if looks_like_section && !name.is_empty() {
        Line::Section(names.one(trimmed))
    } else {
        Line::Entry
    }
}

/// A problem with one cell (or the row, when `col` is None).
#[derive(Debug)]
pub struct Problem {
    pub col: Option<usize>,
    pub message: String,
}

/// A phone number stored as a number, whose lost leading zero was put back: it does not
/// stop the row, and the notes of one column are told together.
#[derive(Debug)]
pub struct Note {
    pub col: usize,
    /// The cell as the sheet holds it, and the number as imported.
    pub text: String,
    pub phone: String,
}

/// An entry read from a row: its fields in the order of the spec.
#[derive(Debug)]
pub struct Entry {
    pub row: usize,
    pub fields: Vec<(&'static str, Yaml)>,
    /// The sheet gave the id (else it is made from the title).
    pub has_id: bool,
}

impl Entry {
    pub fn get(&self, name: &str) -> Option<&Yaml> {
        self.fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Yaml::Str(s) | Yaml::Plain(s) => Some(s.clone()),
            Yaml::Int(n) => Some(n.to_string()),
            _ => None,
        }
    }

    pub fn set(&mut self, name: &'static str, value: Yaml) {
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((name, value)),
        }
    }

    /// Puts the fields back in the order of the spec.
    pub fn order(&mut self, kind: &Kind) {
        let rank = |name: &str| {
            kind.fields
                .iter()
                .position(|f| f.name == name)
                .unwrap_or(usize::MAX)
        };
        self.fields.sort_by_key(|(n, _)| rank(n));
    }
}

/// Everything a row needs besides itself.
pub struct Context<'a> {
    pub target: Target,
    pub header: &'a Header,
    pub mapping: &'a Mapping,
    pub names: BTreeMap<&'static str, Names>,
    /// The category of the section the row is in, or of `--category`.
    pub category: Option<Result<String, String>>,
    /// The region of `--region`, or the site's only top region.
    pub region: Option<String>,
}

impl<'a> Context<'a> {
    pub fn new(target: Target, header: &'a Header, mapping: &'a Mapping, config: &Config) -> Self {
        let mut names = BTreeMap::new();
        names.insert(
            "category",
            Names::new(config, mapping, Vocabulary::Category),
        );
        names.insert("groups", Names::new(config, mapping, Vocabulary::Group));
        names.insert("region", Names::new(config, mapping, Vocabulary::Region));
        names.insert("kind", Names::new(config, mapping, Vocabulary::PartnerKind));
        let roots: Vec<&str> = config
            .regions
            .iter()
            .filter(|r| r.parent.is_none())
            .map(|r| r.id.as_str())
            .collect();
        Context {
            target,
            header,
            mapping,
            names,
            category: None,
            region: (roots.len() == 1).then(|| roots[0].to_string()),
        }
    }

    fn kind(&self) -> &'static Kind {
        match self.target {
            Target::Benefits => &spec::BENEFIT,
            Target::Partners => &spec::PARTNER,
        }
    }

    /// The row's fields, or every reason it cannot be imported; and notes either way.
    pub fn entry(&self, row: &Row) -> (Result<Entry, Vec<Problem>>, Vec<Note>) {
        let kind = self.kind();
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let mut entry = Entry {
            row: row.number,
            fields: Vec::new(),
            has_id: false,
        };
        let mut location: (Option<f64>, Option<f64>) = (None, None);
        for (field, &col) in &self.header.columns {
            let cell = row.get(col);
            if cell.is_empty() {
                continue;
            }
            let problem = |message: String| Problem {
                col: Some(col),
                message,
            };
            if field == "lat" || field == "lon" {
                match values::halfwidth_number(&cell.text()) {
                    Some(v) if field == "lat" => location.0 = Some(v),
                    Some(v) => location.1 = Some(v),
                    None => problems.push(problem(tr!("import-not-degrees", text = cell.text()))),
                }
                continue;
            }
            let Some(spec_field) = kind.field(field) else {
                continue;
            };
            let text = cell.text();
            let value = match (spec_field.ty, spec_field.name) {
                (_, "contact" | "phone") => {
                    let (phone, restored) = values::phone(&text);
                    if restored {
                        notes.push(Note {
                            col,
                            text: text.clone(),
                            phone: phone.clone(),
                        });
                    }
                    Ok(Yaml::Str(phone))
                }
                (FieldType::Id, _) => {
                    let id = values::halfwidth_trim(&text);
                    entry.has_id = true;
                    if crate::content::config::is_valid_id(&id) {
                        Ok(Yaml::Plain(id))
                    } else {
                        Err(crate::content::config::id_problem(&id))
                    }
                }
                (FieldType::Label, _) => Ok(match values::catalog_number(&text) {
                    Ok(n) => Yaml::Int(n),
                    Err(t) => Yaml::Str(t),
                }),
                (FieldType::Date, _) => match cell {
                    Cell::Date(d) => Ok(Yaml::Plain(d.clone())),
                    _ => values::date(&text)
                        .map(Yaml::Plain)
                        .ok_or_else(|| tr!("import-not-a-date", text = text.as_str())),
                },
                (FieldType::Bool, _) => match cell {
                    Cell::Bool(b) => Ok(Yaml::Bool(*b)),
                    _ => self
                        .mapping
                        .cards
                        .get(&normalize_name(&text))
                        .copied()
                        .or(match text.to_ascii_lowercase().as_str() {
                            "true" | "yes" | "y" | "1" => Some(true),
                            "false" | "no" | "n" | "0" => Some(false),
                            _ => None,
                        })
                        .map(Yaml::Bool)
                        .ok_or_else(|| tr!("import-not-yes-no", text = text.as_str())),
                },
                (FieldType::Ref(_), name) => self.names[name].one(&text).map(Yaml::Str),
                (FieldType::Refs(_), name) => self.names[name]
                    .many(&text)
                    .map(|ids| Yaml::List(ids.into_iter().map(Yaml::Str).collect())),
                (FieldType::Texts | FieldType::Paths, _) => Ok(Yaml::List(
                    values::list(&text).into_iter().map(Yaml::Str).collect(),
                )),
                (FieldType::Url, _) => {
                    let url = values::halfwidth_trim(&text);
                    Ok(Yaml::Str(if url.starts_with("www.") {
                        format!("https://{url}")
                    } else {
                        url
                    }))
                }
                (FieldType::Markdown, "how_to_claim") => Ok(Yaml::Str(values::steps(&text))),
                _ => Ok(Yaml::Str(text)),
            };
            match value {
                Ok(v) => entry.set(spec_field.name, v),
                Err(message) => problems.push(problem(message)),
            }
        }
        match location {
            (Some(lat), Some(lon)) => entry.set(
                "location",
                Yaml::map(vec![("lat", Yaml::Float(lat)), ("lon", Yaml::Float(lon))]),
            ),
            (None, None) => {}
            _ => problems.push(Problem {
                col: None,
                message: tr!("import-location-half"),
            }),
        }
        self.fill_defaults(&mut entry, &mut problems);
        entry.order(kind);
        if problems.is_empty() {
            (Ok(entry), notes)
        } else {
            (Err(problems), notes)
        }
    }

    /// Category from the section, region from the site, title from the summary.
    fn fill_defaults(&self, entry: &mut Entry, problems: &mut Vec<Problem>) {
        if self.target == Target::Benefits {
            if entry.get("category").is_none() {
                match &self.category {
                    Some(Ok(c)) => entry.set("category", Yaml::Str(c.clone())),
                    Some(Err(_)) => problems.push(Problem {
                        col: None,
                        message: tr!("import-section-no-category"),
                    }),
                    None => {}
                }
            }
            if entry.get("title").is_none() {
                if let Some(summary) = entry.text("summary") {
                    let title = values::title_from(&summary);
                    if !title.is_empty() {
                        entry.set("title", Yaml::Str(title));
                    }
                }
            }
        }
        if entry.get("region").is_none() {
            if let Some(region) = &self.region {
                entry.set("region", Yaml::Str(region.clone()));
            }
        }
    }
}
