//! A spreadsheet (CSV, XLSX, XLS or ODS) into rows of cells, with merged cells filled in
//! and every row keeping the number the spreadsheet program shows for it; a sheet past the
//! sizes of `bounds` is refused before it is read whole.

use super::bounds::{self, Grid, Merge, Refusal};
use super::{biff, package};
use calamine::{Data, DataRef, Reader};
use std::path::Path;
use std::rc::Rc;

/// One cell's value as the sheet stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    /// Shared by the cells of a merged range.
    Text(Rc<str>),
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
    /// The filled cells by column (0-based), left to right: a row costs what it holds,
    /// however far right its last cell is.
    pub cells: Vec<(usize, Cell)>,
}

impl Row {
    pub fn get(&self, col: usize) -> &Cell {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => &self.cells[i].1,
            Err(_) => &Cell::Empty,
        }
    }

    pub fn set(&mut self, col: usize, cell: Cell) {
        match self.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => self.cells[i].1 = cell,
            Err(i) => self.cells.insert(i, (col, cell)),
        }
    }

    /// The filled cells, left to right.
    pub fn filled(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter().map(|(_, c)| c).filter(|c| !c.is_empty())
    }

    /// One past the column of the last filled cell.
    pub fn width(&self) -> usize {
        self.cells.last().map_or(0, |(c, _)| c + 1)
    }
}

/// Why a sheet is not read: a problem with the command, or with the file at a place.
pub enum Unread {
    Usage(String),
    Refused(Refusal),
}

impl From<Refusal> for Unread {
    fn from(r: Refusal) -> Self {
        Unread::Refused(r)
    }
}

fn cannot_read(path: &Path, e: &dyn std::fmt::Display) -> Unread {
    Unread::Usage(tr!(
        "import-cannot-read",
        file = path.display().to_string(),
        reason = e.to_string()
    ))
}

/// Reads the first sheet with content (or the one named `sheet`) of an XLSX, XLS or ODS
/// file, or a CSV file; the format is told by the file's extension.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Vec<Row>, Unread> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let cannot = |e: &dyn std::fmt::Display| cannot_read(path, e);
    let reads = matches!(
        ext.as_str(),
        "csv" | "txt" | "tsv" | "xlsx" | "xlsm" | "xls" | "xlsb" | "ods"
    );
    if !reads {
        return Err(Unread::Usage(tr!(
            "import-wrong-format",
            file = path.display().to_string()
        )));
    }
    let size = std::fs::metadata(path).map_err(|e| cannot(&e))?.len();
    bounds::check_file_size(size)?;
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let bytes = std::fs::read(path).map_err(|e| cannot(&e))?;
            Ok(read_csv(&bytes)?)
        }
        _ => read_workbook(path, &ext, sheet),
    }
}

/// CSV text in UTF-8 (with or without a byte order mark) or, as Excel on Chinese Windows
/// saves it, GB18030. The delimiter is a comma, a tab or a semicolon, whichever the first
/// line uses most.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<Row>, Unread> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(Unread::Usage(tr!("import-csv-encoding")));
            }
            text
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
    let mut grid = Grid::default();
    let mut record = csv::StringRecord::new();
    // The row as a spreadsheet program shows it: a cell spanning lines is one row.
    let mut row = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(Unread::Usage(tr!(
                    "import-csv-unreadable",
                    reason = e.to_string()
                )));
            }
        }
        for (col, t) in record.iter().enumerate() {
            grid.put_text(row, col, t)?;
        }
        row += 1;
    }
    Ok(grid.into_rows(&[])?)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => bounds::text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => Cell::Date(s.chars().take(10).collect()),
        Data::DurationIso(s) => Cell::Text(Rc::from(s.as_str())),
    }
}

/// A sheet's cells, read one by one from the sheet's XML (XLSX) or records (XLSB), never
/// as the whole rectangle they claim.
fn stream_cells<'a, E: std::fmt::Display>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, E>,
    fail: impl Fn(&dyn std::fmt::Display) -> Unread,
) -> Result<Grid, Unread> {
    let mut grid = Grid::default();
    while let Some(cell) = next().map_err(|e| fail(&e))? {
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize, col as usize);
        match cell.get_value() {
            DataRef::Empty => {}
            // Text is checked before it is copied: a shared string may be long and used by
            // every cell.
            DataRef::String(s) | DataRef::DurationIso(s) => grid.put_text(row, col, s)?,
            DataRef::SharedString(s) => grid.put_text(row, col, s)?,
            other => grid.put(row, col, cell_of(&Data::from(other.clone())))?,
        }
    }
    Ok(grid)
}

type Workbook = calamine::Sheets<std::io::BufReader<std::fs::File>>;

/// The filled cells of sheet `name`, and its merged ranges.
fn sheet_cells(
    workbook: &mut Workbook,
    name: &str,
    path: &Path,
) -> Result<(Grid, Vec<Merge>), Unread> {
    let fail = |e: &dyn std::fmt::Display| cannot_read(path, e);
    let corners = |dims: Vec<calamine::Dimensions>| {
        dims.into_iter()
            .map(|d| {
                let (top, left) = (d.start.0 as usize, d.start.1 as usize);
                let (bottom, right) = (d.end.0 as usize, d.end.1 as usize);
                (top, left, bottom.max(top), right.max(left))
            })
            .collect::<Vec<_>>()
    };
    let grid = match workbook {
        calamine::Sheets::Xlsx(x) => {
            let grid = match x.worksheet_cells_reader(name) {
                Ok(mut cells) => stream_cells(|| cells.next_cell(), fail)?,
                Err(calamine::XlsxError::NotAWorksheet(_)) => Grid::default(),
                Err(e) => return Err(fail(&e)),
            };
            let merged = x.merge_cells_by_sheet_name(name).unwrap_or_default();
            return Ok((grid, corners(merged)));
        }
        calamine::Sheets::Xlsb(x) => match x.worksheet_cells_reader(name) {
            Ok(mut cells) => stream_cells(|| cells.next_cell(), fail)?,
            Err(e) => return Err(fail(&e)),
        },
        // These read every sheet whole when the file is opened, within the span the file
        // was checked for.
        calamine::Sheets::Xls(_) | calamine::Sheets::Ods(_) => {
            let range = workbook.worksheet_range(name).map_err(|e| fail(&e))?;
            let mut grid = Grid::default();
            if let Some((row0, col0)) = range.start() {
                for (r, c, data) in range.used_cells() {
                    let (r, c) = (row0 as usize + r, col0 as usize + c);
                    match data {
                        Data::String(s) | Data::DurationIso(s) => grid.put_text(r, c, s)?,
                        other => grid.put(r, c, cell_of(other))?,
                    }
                }
            }
            grid
        }
    };
    let merged = match workbook {
        calamine::Sheets::Xls(x) => corners(x.merge_cells_by_sheet_name(name).unwrap_or_default()),
        _ => Vec::new(),
    };
    Ok((grid, merged))
}

/// A workbook of the format its extension `ext` names, checked before calamine opens it.
fn read_workbook(path: &Path, ext: &str, sheet: Option<&str>) -> Result<Vec<Row>, Unread> {
    let fail = |e: calamine::Error| cannot_read(path, &e);
    match ext {
        "xls" => biff::check(path)?,
        "ods" => {
            package::check_sizes(path)?;
            package::check_repeats(path)?;
        }
        _ => package::check_sizes(path)?,
    }
    let mut workbook = calamine::open_workbook_auto(path).map_err(fail)?;
    let names = workbook.sheet_names();
    for name in &names {
        if sheet.is_some_and(|s| s != name) {
            continue;
        }
        let (grid, merged) = sheet_cells(&mut workbook, name, path)?;
        let rows = grid.into_rows(&merged)?;
        if sheet.is_some() || !rows.is_empty() {
            return Ok(rows);
        }
    }
    Err(Unread::Usage(match sheet {
        Some(s) => tr!(
            "import-no-such-sheet",
            file = path.display().to_string(),
            sheet = s,
            sheets = names.join(", ")
        ),
        None => tr!("import-sheets-empty", file = path.display().to_string()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_gb18030_with_row_numbers() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("序号,优待内容\n1,\"免费乘车\n凭证\"\n2,优先\n");
        let Ok(rows) = read_csv(&bytes) else {
            panic!("the CSV is read")
        };
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].get(1), &bounds::text("优待内容"));
        assert_eq!(rows[1].get(1), &bounds::text("免费乘车\n凭证"));
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
