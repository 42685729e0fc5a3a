//! A workbook's zip package, looked at before calamine unpacks it: the sizes its central
//! directory declares (the zip reader then holds each part to its declared size, so a part
//! cannot unpack to more than it says) and, for an OpenDocument sheet, how far its repeated
//! rows and cells reach, as calamine writes out every repeat.

use super::bounds::{
    cell_words, check_reach, check_span, check_text_total, grouped, megabytes, Fix, Refusal,
    MAX_PART_BYTES, MAX_RATIO, MAX_UNPACKED_BYTES, RATIO_FROM_BYTES,
};
use quick_xml::events::{BytesStart, Event};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

type Archive = zip::ZipArchive<BufReader<File>>;

/// The package's archive, or None when the file is no zip archive (calamine then says what
/// it is not).
fn open(path: &Path) -> Option<Archive> {
    let file = File::open(path).ok()?;
    zip::ZipArchive::new(BufReader::new(file)).ok()
}

/// Refuses a package whose parts unpack to more than a workbook's, or shrink more than XML
/// does when packed.
pub fn check_sizes(path: &Path) -> Result<(), Refusal> {
    let Some(archive) = open(path) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_data(i) else {
            continue;
        };
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{}", i + 1));
        let (size, packed) = (part.size(), part.compressed_size());
        total = total.saturating_add(size);
        let ratio = size / packed.max(1);
        let too_big = size > MAX_PART_BYTES;
        let too_packed = size > RATIO_FROM_BYTES && ratio > MAX_RATIO;
        if too_big || too_packed {
            return Err(Refusal::file(tr!(
                "import-bounds-part",
                part = name,
                packed = grouped(packed),
                size = grouped(size),
                megabytes = megabytes(size),
                ratio = grouped(ratio),
                max = megabytes(MAX_PART_BYTES).replace(".0", ""),
                max_ratio = MAX_RATIO
            )));
        }
        if total > MAX_UNPACKED_BYTES {
            return Err(Refusal::file(tr!(
                "import-bounds-parts",
                max = megabytes(MAX_UNPACKED_BYTES).replace(".0", "")
            )));
        }
    }
    Ok(())
}

/// The number in attribute `name` of an element, 1 when absent.
fn repeats(e: &BytesStart, name: &str) -> usize {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

/// (first, last) filled cell, 0-based (row, column).
type Span = ((usize, usize), (usize, usize));

fn area(span: Option<Span>) -> usize {
    span.map_or(0, |(f, l)| (l.0 - f.0 + 1).saturating_mul(l.1 - f.1 + 1))
}

/// Where the walk through an OpenDocument file's tables is, and what it has counted.
#[derive(Default)]
struct Walk {
    /// The row and column the next row or cell starts at.
    row: usize,
    col: usize,
    /// How many times the current row repeats.
    down: usize,
    /// Tables inside tables are not sheets.
    depth: usize,
    /// The filled cells of the current sheet, and the cells the sheets before it span.
    span: Option<Span>,
    before: usize,
    /// The open filled cell: where it is, how many cells it stands for, and its text.
    cell: (usize, usize),
    standing_for: usize,
    text: usize,
    /// The text of all cells, each repeat counted, as calamine copies it each time.
    all_text: usize,
}

impl Walk {
    fn table(&mut self) {
        self.depth += 1;
        if self.depth == 1 {
            self.row = 0;
        }
    }

    fn table_end(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.before = self.before.saturating_add(area(self.span.take()));
        }
    }

    fn row(&mut self, down: usize) {
        self.col = 0;
        self.down = down;
    }

    fn row_end(&mut self) {
        self.row = self.row.saturating_add(self.down);
    }

    /// A cell repeated `across` times; `filled` when it holds a value; `open` when its
    /// content (and text) follows.
    fn cell(&mut self, across: usize, filled: bool, open: bool) -> Result<(), Refusal> {
        let (row, col, down) = (self.row, self.col, self.down);
        self.col = col.saturating_add(across);
        if !filled || across == 0 || down == 0 {
            return Ok(());
        }
        let first = (row, col);
        let last = (row.saturating_add(down - 1), col.saturating_add(across - 1));
        let what = if first == last {
            cell_words(row, col)
        } else {
            tr!(
                "import-bounds-repeated",
                cell = super::bounds::cell_name(row, col),
                across = grouped(across as u64),
                down = grouped(down as u64)
            )
        };
        check_reach(&what, first, last, Fix::Delete)?;
        let (f, l) = self.span.unwrap_or((first, last));
        let (f, l) = (
            (f.0.min(first.0), f.1.min(first.1)),
            (l.0.max(last.0), l.1.max(last.1)),
        );
        self.span = Some((f, l));
        check_span(f, l, self.before)?;
        if open {
            self.cell = first;
            self.standing_for = across.saturating_mul(down);
            self.text = 0;
        }
        Ok(())
    }

    fn text(&mut self, bytes: usize) {
        self.text = self.text.saturating_add(bytes);
    }

    fn cell_end(&mut self) -> Result<(), Refusal> {
        let each = std::mem::take(&mut self.standing_for);
        self.all_text = self.all_text.saturating_add(self.text.saturating_mul(each));
        check_text_total(self.all_text, self.cell.0, self.cell.1)
    }
}

/// Refuses an OpenDocument file whose filled cells, with their repeats, reach past the rows
/// and columns youdai reads, span more cells than it reads, or hold more text (over all
/// sheets, as calamine reads every sheet of the file when it opens it).
pub fn check_repeats(path: &Path) -> Result<(), Refusal> {
    let Some(mut archive) = open(path) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut walk = Walk::default();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == "table:table" => {
                walk.table()
            }
            Ok(Event::End(e)) if e.name().as_ref() == "table:table" => walk.table_end(),
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table-row" => {
                walk.row(repeats(&e, "table:number-rows-repeated"))
            }
            Ok(Event::Empty(e)) if e.name().as_ref() == "table:table-row" => {
                walk.row(repeats(&e, "table:number-rows-repeated"));
                walk.row_end();
            }
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => walk.row_end(),
            Ok(Event::Start(e)) if is_cell(&e) => {
                walk.cell(repeats(&e, "table:number-columns-repeated"), true, true)?
            }
            Ok(Event::Empty(e)) if is_cell(&e) => {
                let filled = e
                    .try_get_attribute("office:value-type")
                    .ok()
                    .flatten()
                    .is_some();
                walk.cell(repeats(&e, "table:number-columns-repeated"), filled, false)?
            }
            Ok(Event::End(e))
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                walk.cell_end()?
            }
            Ok(Event::Text(t)) => walk.text(t.len()),
            Ok(Event::Eof) => return Ok(()),
            // calamine says what is wrong with the XML.
            Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.name().as_ref(),
        "table:table-cell" | "table:covered-table-cell"
    )
}
