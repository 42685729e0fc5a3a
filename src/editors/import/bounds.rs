//! How big a sheet youdai imports, so that no file, however made, takes memory or time out
//! of proportion to a catalog (SPEC §6 "bounded"): a sheet past these sizes is refused with
//! an error at the place, before it is read whole.
//!
//! A city's catalog is about 200 rows of 10 columns and its partners about 300; the limits
//! are hundreds of times that, and each message says the limit and what to do.

use super::rows::column_letter;
use super::sheet::{Cell, Row};
use std::rc::Rc;

/// The largest sheet file: a catalog of 300 rows is under 1 MB.
pub const MAX_FILE_BYTES: u64 = 50_000_000;
/// The largest part of a workbook (its sheet, its shared strings) once unpacked.
pub const MAX_PART_BYTES: u64 = 50_000_000;
/// All the parts of a workbook, unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 100_000_000;
/// A part unpacking to more than this is held to [`MAX_RATIO`].
pub const RATIO_FROM_BYTES: u64 = 1_000_000;
/// How much a part may shrink when packed: a sheet's XML packs about 10 to 1, a zip bomb
/// about 1,000 to 1.
pub const MAX_RATIO: u64 = 100;
/// Rows and columns of a sheet, counted from A1.
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLUMNS: usize = 200;
/// The cells between the first filled cell and the last, and the cells merged ranges fill.
pub const MAX_CELLS: usize = 2_000_000;
/// The most characters in a cell, as in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The text of all cells, each cell a merged range or a shared string fills counted: what
/// the import holds and writes, so a short file cannot make it large.
pub const MAX_TEXT_BYTES: usize = 50_000_000;

/// A merged range: (top, left, bottom, right), 0-based and inclusive.
pub type Merge = (usize, usize, usize, usize);

/// Why a sheet is not read, and where (1-based row and column; 1, 1 for the whole file).
#[derive(Debug)]
pub struct Refusal {
    pub row: usize,
    pub col: usize,
    pub message: String,
}

impl Refusal {
    pub fn file(message: String) -> Refusal {
        Refusal {
            row: 1,
            col: 1,
            message,
        }
    }
}

/// `n` with a comma between each three digits, as the messages write counts.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A size in megabytes with one decimal, such as `87.8 MB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A cell's name, such as `XFD1048576` (row and column 0-based).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letter(col), row + 1)
}

/// What youdai reads, for the end of a message.
fn reads() -> String {
    tr!(
        "import-bounds-reads",
        rows = grouped(MAX_ROWS as u64),
        columns = MAX_COLUMNS,
        last = column_letter(MAX_COLUMNS - 1)
    )
}

/// Refuses the file before it is read when it is bigger than any catalog.
pub fn check_file_size(bytes: u64) -> Result<(), Refusal> {
    if bytes <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Refusal::file(tr!(
        "import-bounds-file",
        size = megabytes(bytes),
        max = megabytes(MAX_FILE_BYTES).replace(".0", "")
    )))
}

/// What to do about cells past the limits.
#[derive(Clone, Copy)]
pub enum Fix {
    /// Delete what is there.
    Delete,
    /// Unmerge a range.
    Unmerge,
    /// Save the file again, as a spreadsheet program writes it.
    SaveAgain,
}

impl Fix {
    fn text(self) -> String {
        match self {
            Fix::Delete => tr!("import-fix-delete"),
            Fix::Unmerge => tr!("import-fix-unmerge"),
            Fix::SaveAgain => tr!("import-fix-save-again"),
        }
    }
}

/// `cell XFD1048576`, as a message names a cell (row and column 0-based).
pub fn cell_words(row: usize, col: usize) -> String {
    tr!("import-bounds-cell", cell = cell_name(row, col))
}

/// Refuses cells from `first` to `last` (0-based, inclusive) when they reach past the rows
/// and columns youdai reads; `what` names them, such as `cell XFD1048576`, and `fix` says
/// what to do.
pub fn check_reach(
    what: &str,
    first: (usize, usize),
    last: (usize, usize),
    fix: Fix,
) -> Result<(), Refusal> {
    if last.0 < MAX_ROWS && last.1 < MAX_COLUMNS {
        return Ok(());
    }
    Err(Refusal {
        row: first.0 + 1,
        col: first.1 + 1,
        message: tr!(
            "import-bounds-reaches",
            what = what,
            reads = reads(),
            fix = fix.text()
        ),
    })
}

/// Refuses a cell longer than Excel allows (row and column 0-based).
pub fn check_text(text: &str, row: usize, col: usize) -> Result<(), Refusal> {
    // Bytes first: most cells are short, and counting characters costs a pass.
    if text.len() <= MAX_CELL_CHARS {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= MAX_CELL_CHARS {
        return Ok(());
    }
    Err(Refusal {
        row: row + 1,
        col: col + 1,
        message: tr!(
            "import-bounds-cell-text",
            row = row + 1,
            column = column_letter(col),
            chars = grouped(chars as u64),
            max = grouped(MAX_CELL_CHARS as u64)
        ),
    })
}

/// Refuses filled cells spanning more than [`MAX_CELLS`] from the first to the last (with
/// `before` cells of the sheets read before), as OpenDocument and XLS sheets are read whole
/// over that span.
pub fn check_span(
    first: (usize, usize),
    last: (usize, usize),
    before: usize,
) -> Result<(), Refusal> {
    let rows = last.0.saturating_sub(first.0) + 1;
    let cols = last.1.saturating_sub(first.1) + 1;
    let cells = rows.saturating_mul(cols).saturating_add(before);
    if cells <= MAX_CELLS {
        return Ok(());
    }
    let others = if before > 0 {
        tr!("import-bounds-span-before", cells = grouped(before as u64))
    } else {
        String::new()
    };
    Err(Refusal {
        row: first.0 + 1,
        col: first.1 + 1,
        message: tr!(
            "import-bounds-span",
            first = cell_name(first.0, first.1),
            last = cell_name(last.0, last.1),
            rows = grouped(rows as u64),
            columns = grouped(cols as u64),
            others = others,
            cells = grouped(cells as u64),
            max = grouped(MAX_CELLS as u64),
            max_rows = grouped((MAX_CELLS / MAX_COLUMNS) as u64),
            max_columns = MAX_COLUMNS
        ),
    })
}

/// Refuses text past [`MAX_TEXT_BYTES`] in all, at the cell that takes it past.
pub fn check_text_total(total: usize, row: usize, col: usize) -> Result<(), Refusal> {
    if total <= MAX_TEXT_BYTES {
        return Ok(());
    }
    Err(Refusal {
        row: row + 1,
        col: col + 1,
        message: tr!(
            "import-bounds-text",
            cell = cell_name(row, col),
            max = megabytes(MAX_TEXT_BYTES as u64).replace(".0", "")
        ),
    })
}

/// A sheet's cells as they are read, in any order, checked one by one; then its rows.
#[derive(Default)]
pub struct Grid {
    /// (row, column, cell), 0-based, filled cells only.
    cells: Vec<(usize, usize, Cell)>,
    first: Option<(usize, usize)>,
    last: (usize, usize),
    /// Bytes of text in the cells so far.
    text: usize,
}

impl Grid {
    /// Adds a text cell read at `row`, `col` (0-based), checked before it is copied; a blank
    /// one is dropped.
    pub fn put_text(&mut self, row: usize, col: usize, text: &str) -> Result<(), Refusal> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.reach(row, col)?;
        check_text(text, row, col)?;
        self.text = self.text.saturating_add(text.len());
        check_text_total(self.text, row, col)?;
        self.add(row, col, Cell::Text(Rc::from(text)))
    }

    /// Adds a cell read at `row`, `col` (0-based); an empty one is dropped.
    pub fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), Refusal> {
        if let Cell::Text(t) = &cell {
            return self.put_text(row, col, t);
        }
        if cell.is_empty() {
            return Ok(());
        }
        self.reach(row, col)?;
        self.add(row, col, cell)
    }

    fn reach(&self, row: usize, col: usize) -> Result<(), Refusal> {
        check_reach(&cell_words(row, col), (row, col), (row, col), Fix::Delete)
    }

    fn add(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), Refusal> {
        let first = self.first.get_or_insert((row, col));
        *first = (first.0.min(row), first.1.min(col));
        self.last = (self.last.0.max(row), self.last.1.max(col));
        if self.cells.len() >= MAX_CELLS {
            // The same cell written again and again, or cells over a span too big.
            check_span(*first, self.last, 0)?;
            return Err(Refusal::file(tr!(
                "import-bounds-cells",
                max = grouped(MAX_CELLS as u64)
            )));
        }
        self.cells.push((row, col, cell));
        Ok(())
    }

    /// The rows from the first filled one to the last, each with its filled cells, and
    /// every cell a merged range covers showing the value of its top-left cell.
    pub fn into_rows(mut self, merged: &[Merge]) -> Result<Vec<Row>, Refusal> {
        let Some(first) = self.first else {
            return Ok(Vec::new());
        };
        for &(top, left, bottom, right) in merged {
            let name = tr!(
                "import-bounds-merged-range",
                first = cell_name(top, left),
                last = cell_name(bottom, right)
            );
            check_reach(&name, (top, left), (bottom, right), Fix::Unmerge)?;
        }
        self.cells.sort_by_key(|&(r, c, _)| (r, c));
        let height = self.last.0 - first.0 + 1;
        let mut rows: Vec<Row> = (0..height)
            .map(|i| Row {
                number: first.0 + i + 1,
                cells: Vec::new(),
            })
            .collect();
        for (r, c, cell) in self.cells {
            rows[r - first.0].set(c, cell);
        }
        // A merged cell holds its value in its top-left cell only; every cell it covers
        // shows it. Only the rows from the first filled one to the last and the columns up to
        // the last filled one are filled, and ranges filling more cells than the largest sheet
        // holds overlap: a sheet program never writes them.
        let width = self.last.1 + 1;
        let mut filled = 0usize;
        for &(top, left, bottom, right) in merged {
            let Some(value) = top
                .checked_sub(first.0)
                .and_then(|i| rows.get(i))
                .map(|row| row.get(left).clone())
                .filter(|v| !v.is_empty())
            else {
                continue;
            };
            let rows_covered = top.max(first.0) - first.0..=bottom.min(self.last.0) - first.0;
            let cols_covered = left..=right.min(width - 1);
            for i in rows_covered {
                filled += cols_covered.clone().count();
                if filled > MAX_CELLS {
                    return Err(Refusal {
                        row: top + 1,
                        col: left + 1,
                        message: tr!(
                            "import-bounds-merged-overlap",
                            max = grouped(MAX_CELLS as u64)
                        ),
                    });
                }
                if let Cell::Text(t) = &value {
                    self.text = self
                        .text
                        .saturating_add(t.len().saturating_mul(cols_covered.clone().count()));
                    check_text_total(self.text, top, left)?;
                }
                for c in cols_covered.clone() {
                    rows[i].set(c, value.clone());
                }
            }
        }
        Ok(rows)
    }
}

/// Text for a cell, shared between the cells of a merged range.
pub fn text(s: &str) -> Cell {
    Cell::Text(Rc::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(17_179_869_184), "17,179,869,184");
    }

    #[test]
    fn merged_ranges_fill_only_what_holds_something() {
        let mut grid = Grid::default();
        grid.put(0, 0, text("标题")).unwrap();
        grid.put(1, 0, text("序号")).unwrap();
        grid.put(1, 3, text("优待内容")).unwrap();
        // The title merged across 150 columns fills only the 4 that hold something.
        let rows = grid.into_rows(&[(0, 0, 0, 149), (1, 0, 90, 0)]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells.len(), 4);
        assert_eq!(rows[0].get(3), &text("标题"));
        assert_eq!(rows[1].get(0), &text("序号"));
    }

    #[test]
    fn a_cell_past_the_last_column_is_refused_where_it_is() {
        let mut grid = Grid::default();
        let refusal = grid.put(4, 200, text("x")).unwrap_err();
        assert_eq!((refusal.row, refusal.col), (5, 201));
        assert!(
            refusal.message.starts_with("cell GS5 reaches past"),
            "{}",
            refusal.message
        );
        assert!(
            grid.put(4, 200, Cell::Empty).is_ok(),
            "an empty cell is not read"
        );
    }
}
