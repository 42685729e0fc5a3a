//! Where in the sheet, in the words the sheet program shows: the row number at the left, the
//! column letter at the top and the header text (第 40 行 D 列（优待对象）), so that an office
//! worker finds the cell without counting; and notes that repeat down a column told once.

use super::rows::{column_letter, Header, Note, Problem};
use crate::diag::{Place, Report};
use std::collections::BTreeMap;

/// How many rows a collapsed note lists before `…`.
const ROWS_LISTED: usize = 10;

pub fn place_of(sheet: &str, row: usize, col: Option<usize>) -> Place {
    Place::new(sheet, row, col.map_or(1, |c| c + 1))
}

fn label(header: &Header, col: usize) -> &str {
    header.labels.get(col).map(String::as_str).unwrap_or("")
}

/// A problem with its row and column: `第 40 行 D 列（优待对象）：...`.
pub fn describe(row: usize, header: &Header, p: &Problem) -> String {
    match p.col {
        Some(col) => tr!(
            "import-at-cell",
            row = row,
            column = column_letter(col),
            label = label(header, col),
            message = p.message.as_str()
        ),
        None => tr!("import-at-row", row = row, message = p.message.as_str()),
    }
}

/// The rows a note is about: `3、5、8…` (`3, 5, 8…` in English), the first few of them.
fn row_list(rows: &[usize]) -> String {
    let separator = tr!("import-list-separator");
    let mut text = rows
        .iter()
        .take(ROWS_LISTED)
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(&separator);
    if rows.len() > ROWS_LISTED {
        text.push('…');
    }
    text
}

/// One warning per column for the phone numbers whose leading zero was put back: the rows,
/// how many, and the first as an example, at the first row's cell.
pub fn zero_notes(sheet: &str, header: &Header, notes: &[(usize, Note)], report: &mut Report) {
    let mut by_column: BTreeMap<usize, Vec<(usize, &Note)>> = BTreeMap::new();
    for (row, note) in notes {
        by_column.entry(note.col).or_default().push((*row, note));
    }
    for (col, notes) in by_column {
        let (row, first) = notes[0];
        let column = column_letter(col);
        let message = if notes.len() == 1 {
            tr!(
                "import-zero-restored",
                row = row,
                column = column,
                label = label(header, col),
                text = first.text.as_str(),
                phone = first.phone.as_str()
            )
        } else {
            let rows: Vec<usize> = notes.iter().map(|(r, _)| *r).collect();
            tr!(
                "import-zero-restored-rows",
                rows = row_list(&rows),
                count = rows.len(),
                column = column,
                label = label(header, col),
                row = row,
                text = first.text.as_str(),
                phone = first.phone.as_str()
            )
        };
        report.warning(place_of(sheet, row, Some(col)), message);
    }
}
