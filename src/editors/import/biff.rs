//! An XLS workbook's records, looked at before calamine reads them. calamine reads every
//! sheet of an XLS file when it opens it: it reserves the rectangle each sheet's dimension
//! record claims, fills the span from the first cell to the last, and copies a shared
//! string into every cell that shows it. So those are checked here first, in the workbook
//! stream, against the limits of `bounds`, sheet by sheet as calamine finds them.

use super::bounds::{
    cell_name, cell_words, check_reach, check_span, check_text_total, grouped, Fix, Refusal,
    MAX_CELLS, MAX_FILE_BYTES,
};
use std::io::Read;
use std::path::Path;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const SST: u16 = 0x00FC;
const BOUND_SHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const LABEL_SST: u16 = 0x00FD;
const MUL_RK: u16 = 0x00BD;
/// Records of one cell whose row and column are their first four bytes: Number, Label,
/// RString, BoolErr, Rk, Formula.
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x0006];

fn u16_at(data: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?) as usize)
}

fn u32_at(data: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// The records of a stream from `at`: (type, data), until the stream or a record ends early.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(at..).unwrap_or_default();
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)? as u16;
        let len = u16_at(rest, 2)?;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// The workbook stream of an XLS file, or None when the file is not one (calamine then says
/// what it is not).
fn workbook_stream(path: &Path) -> Option<Vec<u8>> {
    let mut file = cfb::open(path).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))?;
    let stream = file.open_stream(name).ok()?;
    let mut bytes = Vec::new();
    stream.take(MAX_FILE_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Skips `n` bytes of `data` and the records after it; false when they end first.
fn skip<'a>(data: &mut &'a [u8], parts: &mut std::slice::Iter<'_, &'a [u8]>, mut n: usize) -> bool {
    while n > 0 {
        if data.is_empty() {
            match parts.next() {
                Some(next) => *data = next,
                None => return false,
            }
        }
        let step = n.min(data.len());
        *data = &data[step..];
        n -= step;
    }
    true
}

/// The size in UTF-8 (at most) of each string of a shared string table: its record's data
/// and the Continue records after it. A string's characters may go on in the next record,
/// which then starts with its own flags byte.
fn shared_string_sizes(parts: &[&[u8]]) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut parts = parts.iter();
    let Some(first) = parts.next() else {
        return sizes;
    };
    let mut data: &[u8] = first.get(8..).unwrap_or_default();
    loop {
        if data.is_empty() {
            match parts.next() {
                Some(next) => data = next,
                None => return sizes,
            }
            continue;
        }
        let (Some(chars), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            return sizes;
        };
        data = &data[3..];
        let mut wide = flags & 0x1 != 0;
        let runs = if flags & 0x8 != 0 {
            let Some(n) = u16_at(data, 0) else {
                return sizes;
            };
            data = &data[2..];
            n
        } else {
            0
        };
        let extra = if flags & 0x4 != 0 {
            let Some(n) = u32_at(data, 0) else {
                return sizes;
            };
            data = &data[4..];
            n
        } else {
            0
        };
        let (mut left, mut size) = (chars, 0);
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let here = left.min(data.len() / width);
            data = &data[here * width..];
            size += here * if wide { 3 } else { 2 };
            left -= here;
            if left > 0 {
                match parts.next().and_then(|p| p.split_first()) {
                    Some((flags, rest)) => {
                        wide = flags & 0x1 != 0;
                        data = rest;
                    }
                    None => {
                        sizes.push(size);
                        return sizes;
                    }
                }
            }
        }
        sizes.push(size);
        if !skip(&mut data, &mut parts, runs * 4 + extra) {
            return sizes;
        }
    }
}

/// What calamine will have taken in, over the sheets read so far.
#[derive(Default)]
struct Tally {
    /// The filled cells of the sheet being read: first and last.
    span: Option<((usize, usize), (usize, usize))>,
    /// The cells the sheets before it span, and the cells and text of all sheets.
    before: usize,
    cells: usize,
    text: usize,
}

impl Tally {
    fn sheet_end(&mut self) {
        if let Some((f, l)) = self.span.take() {
            self.before = self
                .before
                .saturating_add((l.0 - f.0 + 1).saturating_mul(l.1 - f.1 + 1));
        }
    }

    fn cell(&mut self, row: usize, col: usize, text: usize) -> Result<(), Refusal> {
        check_reach(&cell_words(row, col), (row, col), (row, col), Fix::Delete)?;
        let (f, l) = self.span.unwrap_or(((row, col), (row, col)));
        let (f, l) = ((f.0.min(row), f.1.min(col)), (l.0.max(row), l.1.max(col)));
        self.span = Some((f, l));
        check_span(f, l, self.before)?;
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(Refusal::file(tr!(
                "import-bounds-workbook-cells",
                max = grouped(MAX_CELLS as u64)
            )));
        }
        self.text = self.text.saturating_add(text);
        check_text_total(self.text, row, col)
    }

    /// A sheet's dimension record: calamine sets aside room for the rectangle it claims.
    fn dimension(&mut self, data: &[u8]) -> Result<(), Refusal> {
        let (first_row, end_row, first_col, end_col) = match data.len() {
            10 => (
                u16_at(data, 0),
                u16_at(data, 2),
                u16_at(data, 4),
                u16_at(data, 6),
            ),
            _ => (
                u32_at(data, 0),
                u32_at(data, 4),
                u16_at(data, 8),
                u16_at(data, 10),
            ),
        };
        let (Some(r0), Some(r1), Some(c0), Some(c1)) = (first_row, end_row, first_col, end_col)
        else {
            return Ok(());
        };
        // As calamine reads it: a first column past IV, or after the last, is column A.
        let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
        if r1 == 0 || c1 == 0 {
            return Ok(());
        }
        let (first, last) = ((r0.min(r1 - 1), c0), (r1 - 1, c1 - 1));
        let what = tr!(
            "import-bounds-dimension",
            first = cell_name(first.0, first.1),
            last = cell_name(last.0, last.1)
        );
        check_reach(&what, first, last, Fix::SaveAgain)?;
        check_span(first, last, self.before)
    }
}

/// Refuses an XLS workbook that calamine would read into more memory than the limits
/// allow: sheets reaching past them, spanning or holding too many cells, or showing too
/// much text; and sheets that overlap in the stream, which calamine would read again.
pub fn check(path: &Path) -> Result<(), Refusal> {
    let Some(stream) = workbook_stream(path) else {
        return Ok(());
    };
    // The workbook's globals: the shared strings and where each sheet starts.
    let mut strings = Vec::new();
    let mut sheets = Vec::new();
    let mut globals = records(&stream, 0).peekable();
    while let Some((typ, data)) = globals.next() {
        match typ {
            SST => {
                let mut parts = vec![data];
                while let Some((_, more)) = globals.next_if(|(t, _)| *t == CONTINUE) {
                    parts.push(more);
                }
                strings = shared_string_sizes(&parts);
            }
            BOUND_SHEET => sheets.extend(u32_at(data, 0)),
            EOF => break,
            _ => {}
        }
    }
    let mut tally = Tally::default();
    let mut read = 0usize;
    for start in sheets {
        let mut depth = 0usize;
        for (typ, data) in records(&stream, start) {
            read = read.saturating_add(4 + data.len());
            if read > stream.len() {
                return Err(Refusal::file(tr!("import-bounds-sheets-overlap")));
            }
            match typ {
                BOF => depth += 1,
                EOF if depth <= 1 => break,
                EOF => depth -= 1,
                // Charts inside a sheet carry records of their own.
                _ if depth > 1 => {}
                DIMENSIONS => tally.dimension(data)?,
                LABEL_SST => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        let text = u32_at(data, 6)
                            .and_then(|i| strings.get(i))
                            .copied()
                            .unwrap_or(0);
                        tally.cell(row, col, text)?;
                    }
                }
                MUL_RK => {
                    if let (Some(row), Some(first), Some(last)) = (
                        u16_at(data, 0),
                        u16_at(data, 2),
                        data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                    ) {
                        for col in first..=last.min(first + data.len() / 6) {
                            tally.cell(row, col, 0)?;
                        }
                    }
                }
                t if CELLS.contains(&t) => {
                    if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                        tally.cell(row, col, data.len())?;
                    }
                }
                _ => {}
            }
        }
        tally.sheet_end();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_sized_across_continue_records() {
        // Two strings: "ab" in one byte a character; "测试" in two bytes, split over a
        // Continue record that starts with its own flags byte.
        let mut sst = vec![0u8; 8];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([2, 0, 1, 0x4b, 0x6d]);
        let cont = [1u8, 0xd5, 0x8b];
        assert_eq!(shared_string_sizes(&[&sst, &cont]), vec![4, 6]);
    }
}
