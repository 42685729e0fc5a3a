//! A spreadsheet (CSV or XLSX) into rows of cells, with merged cells filled in and every
//! row keeping the number the spreadsheet program shows for it.

use calamine::{Data, Reader};
use std::path::Path;

/// One cell's value as the sheet stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell: a phone number stored as a number has lost its leading zero.
    Number(f64),
    /// A date cell, as YYYY-MM-DD.
    Date(String),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text; whole numbers without `.0`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.clone(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }
}

/// A row and its number in the spreadsheet (1-based, as the program shows it).
#[derive(Clone, Debug)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// Reads the first sheet with content (or the one named `sheet`) of an XLSX, XLS or ODS
/// file, or a CSV file; the format is told by the file's extension.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<Row>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, sheet),
        _ => Err(format!(
            "{}: import reads .xlsx, .xls, .ods or .csv files; save the sheet in one of these formats",
            path.display()
        )),
    }
}

/// CSV text in UTF-8 (with or without a byte order mark) or, as Excel on Chinese Windows
/// saves it, GB18030. The delimiter is a comma, a tab or a semicolon, whichever the first
/// line uses most.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(
                    "the CSV file is neither UTF-8 nor GB18030 text; save it as \"CSV UTF-8\""
                        .into(),
                );
            }
            text.into_owned()
        }
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("the CSV file cannot be read: {e}"))?;
        // The row as a spreadsheet program shows it: a cell spanning lines is one row.
        let number = rows.len() + 1;
        let cells = record
            .iter()
            .map(|t| {
                if t.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(t.to_string())
                }
            })
            .collect();
        rows.push(Row { number, cells });
    }
    Ok(rows)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Vec<Row>, String> {
    let fail = |e: calamine::Error| format!("cannot read {}: {e}", path.display());
    let mut workbook = calamine::open_workbook_auto(path).map_err(fail)?;
    let names = workbook.sheet_names();
    let mut chosen = None;
    for name in &names {
        if sheet.is_some_and(|s| s != name) {
            continue;
        }
        let range = workbook.worksheet_range(name).map_err(fail)?;
        if sheet.is_some() || !range.is_empty() {
            chosen = Some((name.clone(), range));
            break;
        }
    }
    let Some((name, range)) = chosen else {
        return Err(match sheet {
            Some(s) => format!(
                "{} has no sheet named `{s}`; its sheets are: {}",
                path.display(),
                names.join(", ")
            ),
            None => format!("{}: every sheet is empty", path.display()),
        });
    };
    let merged = match &mut workbook {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let Some((row0, col0)) = range.start() else {
        return Ok(Vec::new());
    };
    let (height, width) = range.get_size();
    let (row0, col0) = (row0 as usize, col0 as usize);
    let mut grid: Vec<Vec<Cell>> = (0..height)
        .map(|r| {
            let mut cells = vec![Cell::Empty; col0];
            cells.extend((0..width).map(|c| cell_of(range.get((r, c)).unwrap_or(&Data::Empty))));
            cells
        })
        .collect();
    // A merged cell holds its value in its top-left cell only; every cell it covers shows it.
    for region in merged {
        let (top, left) = (region.start.0 as usize, region.start.1 as usize);
        let (bottom, right) = (region.end.0 as usize, region.end.1 as usize);
        if top < row0 {
            continue;
        }
        let value = grid
            .get(top - row0)
            .and_then(|r| r.get(left))
            .cloned()
            .unwrap_or(Cell::Empty);
        for r in top..=bottom {
            for c in left..=right {
                if let Some(cell) = grid.get_mut(r - row0).and_then(|row| row.get_mut(c)) {
                    *cell = value.clone();
                }
            }
        }
    }
    Ok(grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            number: row0 + i + 1,
            cells,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gb18030_with_row_numbers() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("序号,优待内容\n1,\"免费乘车\n凭证\"\n2,优先\n");
        let rows = read_csv(&bytes).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].get(1), &Cell::Text("优待内容".into()));
        assert_eq!(rows[1].get(1), &Cell::Text("免费乘车\n凭证".into()));
        assert_eq!(
            rows[2].number, 3,
            "numbered as a spreadsheet program shows the rows"
        );
    }

    #[test]
    fn numbers_print_without_a_fraction() {
        assert_eq!(Cell::Number(3543021234.0).text(), "3543021234");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
    }
}
