//! The record of the rows an import with `--force` left out, so that they are not
//! forgotten: `import-skipped/<the imported file's path under content/>` at the site root
//! lists each skipped row's problem (row, column, field, reason) with the sheet and the
//! imported file, `youdai check` warns about each one at its line, and an import of the same
//! file that skips nothing removes the record.

use super::rows::{column_letter, Header, Problem};
use super::Target;
use crate::content::yaml::{self, key_text, Node, Value};
use crate::diag::{Place, Report};
use crate::editors::yaml_out::{self, Yaml};
use crate::site_fs::{self, Refusal};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of the records, at the site root (outside content/: nothing in it is published).
pub const DIR: &str = "import-skipped";

/// The record of the imported file `out` (relative to the root, under content/).
pub fn record_path(out: &str) -> String {
    let under = out.strip_prefix("content/").unwrap_or(out);
    format!("{DIR}/{under}")
}

/// What the import skipped, for the record.
pub struct Skipped<'a> {
    /// The sheet as the command named it.
    pub sheet: &'a str,
    pub target: Target,
    /// The imported file, relative to the root.
    pub out: &'a str,
    pub header: &'a Header,
    /// Problems by sheet row.
    pub rows: &'a BTreeMap<usize, Vec<Problem>>,
}

/// The text of the record.
fn render(s: &Skipped) -> String {
    let field_of = |col: usize| {
        s.header
            .columns
            .iter()
            .find(|(_, &c)| c == col)
            .map(|(f, _)| f.clone())
    };
    let mut items = Vec::new();
    for (row, problems) in s.rows {
        for p in problems {
            let mut item = vec![("row", Yaml::Int(*row as i64))];
            if let Some(col) = p.col {
                item.push(("column", Yaml::Plain(column_letter(col))));
                let label = s.header.labels.get(col).cloned().unwrap_or_default();
                if !label.is_empty() {
                    item.push(("header", Yaml::Str(label)));
                }
                if let Some(field) = field_of(col) {
                    item.push(("field", Yaml::Plain(field)));
                }
            }
            item.push(("reason", Yaml::Str(p.message.clone())));
            items.push(Yaml::map(item));
        }
    }
    let kind = match s.target {
        Target::Benefits => "benefits",
        Target::Partners => "partners",
    };
    let record = Yaml::map(vec![
        ("sheet", Yaml::Str(s.sheet.to_string())),
        ("kind", Yaml::Plain(kind.to_string())),
        ("out", Yaml::Str(s.out.to_string())),
        ("skipped", Yaml::List(items)),
    ]);
    format!(
        "# {}\n# {}\n{}",
        crate::i18n::message_in(crate::i18n::Lang::Chinese, "import-record-head", Vec::new()),
        crate::i18n::message_in(crate::i18n::Lang::English, "import-record-head", Vec::new()),
        yaml_out::to_string(&record)
    )
}

/// Writes the record of what `s` skipped, or removes the record of `s.out` when nothing was
/// skipped. Returns the record's path (relative to the root) when one was written.
pub fn keep(root: &Path, s: &Skipped) -> std::io::Result<Option<String>> {
    let rel = record_path(s.out);
    let path = root.join(&rel);
    // A link on the way would send the record (or its removal) outside the site.
    if let Some(parent) = Path::new(&rel).parent() {
        super::refuse_links(root, parent)?;
    }
    if s.rows.is_empty() {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                std::fs::remove_file(&path)?;
                remove_empty_folders(root, &path);
            }
            _ => {}
        }
        return Ok(None);
    }
    crate::output::write_file(&path, render(s).as_bytes())?;
    Ok(Some(rel))
}

/// The record's folders, from its own up to import-skipped/, while they are empty.
fn remove_empty_folders(root: &Path, file: &Path) {
    let top = root.join(DIR);
    let mut dir: Option<PathBuf> = file.parent().map(Path::to_path_buf);
    while let Some(d) = dir {
        if !d.starts_with(&top) || std::fs::remove_dir(&d).is_err() {
            break;
        }
        dir = d.parent().map(Path::to_path_buf);
    }
}

fn scalar<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match &v.value {
        Value::Scalar { text, .. } if key_text(k).map(String::as_str) == Some(key) => {
            Some(text.as_str())
        }
        _ => None,
    })
}

fn items<'a>(node: &'a Node, key: &str) -> Option<&'a [Node]> {
    let Value::Map(entries) = &node.value else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match &v.value {
        Value::Seq(items) if key_text(k).map(String::as_str) == Some(key) => Some(&items[..]),
        _ => None,
    })
}

/// One warning per problem of every record under import-skipped/, at its line: which row of
/// which sheet was not imported into which file, why, and what to do. Records are read
/// without following links.
pub fn skipped_rows(root: &Path, report: &mut Report) {
    let walk = site_fs::walk(root, Path::new(DIR));
    for (rel, refusal) in walk.refused {
        let message = match refusal {
            Refusal::Link(_) => tr!("fs-link"),
            Refusal::Special => tr!("fs-special"),
            Refusal::Missing => tr!("fs-missing"),
            Refusal::Io(e) => tr!("fs-cannot-read", reason = e.to_string()),
        };
        report.warning(Place::file(&rel), message);
    }
    for rel in walk.files {
        let text = match site_fs::read(root, Path::new(&rel)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => continue,
        };
        let record = match yaml::parse(&text, 0) {
            Ok(Some(node)) => node,
            _ => {
                report.warning(Place::file(&rel), tr!("import-record-unreadable"));
                continue;
            }
        };
        let (Some(sheet), Some(out), Some(list)) = (
            scalar(&record, "sheet"),
            scalar(&record, "out"),
            items(&record, "skipped"),
        ) else {
            report.warning(Place::file(&rel), tr!("import-record-unreadable"));
            continue;
        };
        let kind = scalar(&record, "kind").unwrap_or("benefits");
        for item in list {
            let row = scalar(item, "row").unwrap_or("?");
            let reason = scalar(item, "reason").unwrap_or("");
            let at = match (scalar(item, "column"), scalar(item, "header")) {
                (Some(column), Some(header)) => {
                    tr!(
                        "import-record-at-cell",
                        row = row,
                        column = column,
                        header = header
                    )
                }
                (Some(column), None) => {
                    tr!("import-record-at-column", row = row, column = column)
                }
                _ => tr!("import-record-at-row", row = row),
            };
            report.warning(
                Place::new(&rel, item.pos.line, item.pos.col),
                tr!(
                    "import-record-row",
                    sheet = sheet,
                    at = at,
                    out = out,
                    reason = reason,
                    kind = kind,
                    record = rel.as_str()
                ),
            );
        }
    }
}
