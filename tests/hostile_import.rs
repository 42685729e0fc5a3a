//! `youdai import` of sheets made to hurt it (SPEC §6 "bounded"): a workbook claiming the
//! last cell of the sheet, one whose dimension claims the whole sheet, a zip bomb dressed
//! as a workbook, merged ranges spanning the sheet, an OpenDocument sheet repeating a cell
//! a hundred million times, a CSV too big to be a catalog, a cell longer than Excel allows,
//! and thousands of rows with one title. Each is a few kilobytes or megabytes, built here.
//!
//! Each runs `youdai import` with 1 GiB of address space and 20 seconds; it must end inside
//! them with exit status 1, an error line at the sheet saying what is wrong, and the site as
//! it was.

mod common;

use common::*;
use rust_xlsxwriter::Workbook;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The address space `youdai import` gets: a bureau's sheet needs a small part of it.
const MEMORY: u64 = 1 << 30;
/// The time it gets: a bureau's sheet takes well under a second.
const TIME: Duration = Duration::from_secs(20);

/// A new site (the `youdai new` example: 示例市 with the usual categories and groups).
fn new_site(s: &Scratch) -> PathBuf {
    let dir = s.path().join("site");
    youdai(&["new", dir.to_str().unwrap()]).expect_code(0);
    dir
}

/// `youdai import SHEET --kind benefits --root ROOT` with an address-space limit and a time
/// limit; panics when the time is up.
fn import_bounded(root: &Path, sheet: &Path) -> Run {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_youdai"));
    cmd.args(["import", sheet.to_str().unwrap(), "--kind", "benefits"])
        .args(["--root", root.to_str().unwrap()])
        .env_remove("SOURCE_DATE_EPOCH")
        .env("YOUDAI_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent's.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY,
                rlim_max: MEMORY,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("run the youdai binary");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIME {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "youdai import {} still ran after {} s",
                sheet.display(),
                TIME.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// Imports `sheet` into a new site; asserts it fails with an error line at `place` (such as
/// `big.xlsx:1:1`) that contains every one of `words`, and writes nothing.
fn refused(s: &Scratch, sheet: &Path, place: &str, words: &[&str]) {
    let root = s.path().join("site");
    let before = tree(&root);
    let run = import_bounded(&root, sheet);
    run.expect_code(1);
    let prefix = format!("{}:{place}: error: ", sheet.display());
    let line = run.error_at(&prefix);
    for w in words {
        assert!(line.contains(w), "`{w}` is not in\n{line}");
    }
    assert_same_tree(&before, &tree(&root));
}

/// The columns every test sheet has, and a good row, so that only the hostile part fails.
const HEADER: [&str; 4] = ["序号", "优待内容", "优待对象", "类别"];
const ROW: [&str; 4] = ["1", "每年一次免费体检", "军属", "医疗服务"];

/// A workbook of the header and one good row, as rust_xlsxwriter writes it, with `more`
/// adding to its only sheet.
fn xlsx(more: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    for (col, (name, cell)) in HEADER.iter().zip(ROW).enumerate() {
        ws.write_string(0, col as u16, *name).unwrap();
        ws.write_string(1, col as u16, cell).unwrap();
    }
    more(ws);
    workbook.save_to_buffer().unwrap()
}

/// The members of a zip archive, by name, uncompressed.
fn members(zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        out.insert(file.name().unwrap().to_string(), bytes);
    }
    out
}

/// One member of a zip archive written by hand, so that it can hold what no zip writer
/// would make.
struct Member {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u32,
}

impl Member {
    fn stored(name: &str, data: Vec<u8>) -> Member {
        Member {
            name: name.into(),
            method: 0,
            crc: crc32(&data),
            size: data.len() as u32,
            data,
        }
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of `members`, each in its local header and the central directory.
fn zip_of(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let offset = out.len() as u32;
        let name = m.name.as_bytes();
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(m.method.to_le_bytes());
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend(m.crc.to_le_bytes());
            v.extend((m.data.len() as u32).to_le_bytes());
            v.extend(m.size.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(name);
        out.extend(&m.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let at = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The bits of a deflate stream, least significant first.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    used: u32,
}

impl Bits {
    /// `n` bits of `value`, least significant first (the header fields of deflate).
    fn put(&mut self, value: u32, n: u32) {
        for i in 0..n {
            if self.used.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if value >> i & 1 == 1 {
                *self.bytes.last_mut().unwrap() |= 1 << (self.used % 8);
            }
            self.used += 1;
        }
    }

    /// A Huffman code of `n` bits, most significant first.
    fn code(&mut self, code: u32, n: u32) {
        for i in (0..n).rev() {
            self.put(code >> i & 1, 1);
        }
    }

    /// A stored block of `data`; the last block when `last`.
    fn stored(&mut self, data: &[u8], last: bool) {
        self.put(u32::from(last), 1);
        self.put(0, 2);
        self.used = self.bytes.len() as u32 * 8;
        let len = data.len() as u16;
        self.bytes.extend(len.to_le_bytes());
        self.bytes.extend((!len).to_le_bytes());
        self.bytes.extend(data);
        self.used = self.bytes.len() as u32 * 8;
    }
}

/// A deflated member holding `prefix`, then `1 + 258 * runs` letters `a`, then `suffix`:
/// a few bits a run, as a zip bomb is made. Its checksum is left 0, as youdai must refuse
/// the member before reading it.
fn bomb(name: &str, prefix: &[u8], runs: u32, suffix: &[u8]) -> Member {
    let mut bits = Bits::default();
    bits.stored(prefix, false);
    // A dynamic Huffman block whose codes are: length 258 `0`, `a` `10`, end `11`, and
    // distance 1 `0`; so each run of 258 letters costs two bits.
    bits.put(0, 1);
    bits.put(2, 2);
    bits.put(29, 5); // 286 literal/length codes
    bits.put(0, 5); // 1 distance code
    bits.put(15, 4); // 19 code length codes (18 would do; 19 makes the runs byte-aligned)
                     // Code lengths of the code length alphabet, in deflate's order: 18 → 1, 2 → 2, 1 → 2,
                     // so 18 is `0`, 1 is `10` and 2 is `11`.
    for symbol in [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ] {
        let len = match symbol {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        bits.put(len, 3);
    }
    let zeros = |bits: &mut Bits, n: u32| {
        bits.code(0, 1);
        bits.put(n - 11, 7);
    };
    zeros(&mut bits, 97); // 0..=96
    bits.code(0b11, 2); // `a` (97): length 2
    zeros(&mut bits, 138); // 98..=235
    zeros(&mut bits, 20); // 236..=255
    bits.code(0b11, 2); // end of block (256): length 2
    zeros(&mut bits, 28); // 257..=284
    bits.code(0b10, 2); // 285 (length 258): length 1
    bits.code(0b10, 2); // distance code 0 (distance 1): length 1
    bits.code(0b10, 2); // `a`
                        // Each run is two zero bits: once the stream is at a byte boundary, four runs a byte.
    let mut left = runs;
    while !bits.used.is_multiple_of(8) && left > 0 {
        bits.code(0, 2);
        left -= 1;
    }
    assert_eq!(bits.used % 8, 0, "the runs start on a byte boundary");
    bits.bytes.resize(bits.bytes.len() + (left / 4) as usize, 0);
    bits.used += left / 4 * 8;
    for _ in 0..left % 4 {
        bits.code(0, 2);
    }
    bits.code(0b11, 2); // end of block
    bits.stored(suffix, true);
    let size = prefix.len() as u64 + 1 + 258 * u64::from(runs) + suffix.len() as u64;
    Member {
        name: name.into(),
        method: 8,
        crc: 0,
        data: bits.bytes,
        size: u32::try_from(size).unwrap(),
    }
}

/// The workbook of [`xlsx`] with `change` made to the XML of its sheet.
fn xlsx_with_sheet(change: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut parts = members(&xlsx(|_| {}));
    let sheet = "xl/worksheets/sheet1.xml";
    let xml = String::from_utf8(parts.remove(sheet).unwrap()).unwrap();
    let mut list: Vec<Member> = parts
        .into_iter()
        .map(|(name, data)| Member::stored(&name, data))
        .collect();
    list.push(Member::stored(sheet, change(xml).into_bytes()));
    zip_of(&list)
}

#[test]
fn the_bomb_helper_makes_what_it_says() {
    // A small one, read back by the zip crate (which does check the sizes).
    let m = bomb("x", b"<t>", 1000, b"</t>");
    let size = m.size;
    let zip = zip_of(&[m]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).unwrap();
    let mut file = archive.by_index(0).unwrap();
    let mut text = Vec::new();
    // The checksum is 0, so reading to the end fails; the bytes before it are what counts.
    let _ = file.read_to_end(&mut text);
    assert_eq!(text.len() as u32, size);
    assert!(text.starts_with(b"<t>aaa") && text.ends_with(b"aaa</t>"));
    assert!(zip.len() < 400, "{} bytes", zip.len());
}

#[test]
fn a_cell_at_the_end_of_the_sheet_is_refused_at_that_cell() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("far.xlsx");
    let bytes = xlsx(|ws| {
        ws.write_string(1_048_575, 16_383, "x").unwrap();
    });
    std::fs::write(&sheet, bytes).unwrap();
    refused(
        &s,
        &sheet,
        "1048576:16384",
        &["XFD1048576", "100,000 rows", "200 columns"],
    );
}

#[test]
fn a_dimension_claiming_the_whole_sheet_costs_nothing() {
    // The dimension is only what the sheet claims; the cells are what is read.
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("claims.xlsx");
    let bytes = xlsx_with_sheet(|xml| {
        let start = xml.find("<dimension ref=\"").unwrap() + 16;
        let end = start + xml[start..].find('"').unwrap();
        format!("{}A1:XFD1048576{}", &xml[..start], &xml[end..])
    });
    std::fs::write(&sheet, bytes).unwrap();
    import_bounded(&root, &sheet).expect_code(0);
    assert!(root.join("content/benefits/claims.yaml").is_file());
}

#[test]
fn merged_ranges_over_the_whole_sheet_are_refused_at_the_first() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("merged.xlsx");
    let bytes = xlsx_with_sheet(|xml| {
        let merges: String = (0..5)
            .map(|i| {
                let top = 3 + i * 200_000;
                let bottom = top + 199_999;
                format!("<mergeCell ref=\"A{top}:XFD{bottom}\"/>")
            })
            .collect();
        xml.replace(
            "</sheetData>",
            &format!("</sheetData><mergeCells count=\"5\">{merges}</mergeCells>"),
        )
    });
    std::fs::write(&sheet, bytes).unwrap();
    refused(&s, &sheet, "3:1", &["A3:XFD200002", "200 columns"]);
}

#[test]
fn merged_ranges_within_the_limits_fill_only_the_rows_that_exist() {
    // 100,000 rows by 200 columns merged, over one row of content: nothing to expand.
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("wide.xlsx");
    let bytes = xlsx_with_sheet(|xml| {
        let merges: String = (0..5)
            .map(|i| {
                format!(
                    "<mergeCell ref=\"E{}:GR{}\"/>",
                    3 + i * 1000,
                    1002 + i * 1000
                )
            })
            .collect();
        xml.replace(
            "</sheetData>",
            &format!("</sheetData><mergeCells count=\"5\">{merges}</mergeCells>"),
        )
    });
    std::fs::write(&sheet, bytes).unwrap();
    import_bounded(&root, &sheet).expect_code(0);
    assert!(root.join("content/benefits/wide.yaml").is_file());
}

#[test]
fn a_long_shared_string_in_every_cell_is_refused_where_the_text_grows_too_big() {
    // A shared string is stored once and shown by every cell that names it: 50,000 cells of
    // 30,000 letters are 1.5 GB of text from a file of 300 KB.
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("shared.xlsx");
    let mut parts = members(&xlsx(|_| {}));
    let long = "a".repeat(30_000);
    let strings: String = HEADER
        .iter()
        .chain([&long.as_str()])
        .map(|t| format!("<si><t>{t}</t></si>"))
        .collect();
    parts.insert(
        "xl/sharedStrings.xml".into(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"5\" uniqueCount=\"5\">{strings}</sst>").into_bytes(),
    );
    let mut rows = String::from("<row r=\"1\">");
    for (i, col) in ["A", "B", "C", "D"].iter().enumerate() {
        rows.push_str(&format!("<c r=\"{col}1\" t=\"s\"><v>{i}</v></c>"));
    }
    rows.push_str("</row>");
    for r in 2..=5001 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for col in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
            rows.push_str(&format!("<c r=\"{col}{r}\" t=\"s\"><v>4</v></c>"));
        }
        rows.push_str("</row>");
    }
    parts.insert(
        "xl/worksheets/sheet1.xml".into(),
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>").into_bytes(),
    );
    let list: Vec<Member> = parts
        .into_iter()
        .map(|(name, data)| Member::stored(&name, data))
        .collect();
    std::fs::write(&sheet, zip_of(&list)).unwrap();
    // The header's 36 bytes and 1,667 long cells pass 50 MB: the 1,667th is G168.
    refused(&s, &sheet, "168:7", &["G168", "50 MB"]);
}

#[test]
fn a_zip_bomb_dressed_as_a_workbook_is_refused_before_it_is_unpacked() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("bomb.xlsx");
    let mut parts = members(&xlsx(|_| {}));
    parts.remove("xl/sharedStrings.xml");
    let mut list: Vec<Member> = parts
        .into_iter()
        .map(|(name, data)| Member::stored(&name, data))
        .collect();
    // One shared string of 2 GiB, in about 2 MB.
    let head = b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>";
    list.push(bomb(
        "xl/sharedStrings.xml",
        head,
        (2u32 << 30) / 258,
        b"</t></si></sst>",
    ));
    let bytes = zip_of(&list);
    assert!(bytes.len() < 3 << 20, "{} bytes", bytes.len());
    std::fs::write(&sheet, bytes).unwrap();
    refused(
        &s,
        &sheet,
        "1:1",
        &["xl/sharedStrings.xml", "2,147,483", "MB"],
    );
}

#[test]
fn an_opendocument_sheet_repeating_a_cell_is_refused() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("repeated.ods");
    let cell = |text: &str| {
        format!("<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>")
    };
    let header: String = HEADER.iter().map(|h| cell(h)).collect();
    let row: String = ROW.iter().map(|h| cell(h)).collect();
    // 6,000 rows of 16,384 cells each, in one element: 98 million cells.
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Sheet1\">\
         <table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>\
         <table:table-row table:number-rows-repeated=\"6000\">\
         <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
         </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let bytes = zip_of(&[
        Member::stored(
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        ),
        Member::stored("META-INF/manifest.xml", manifest.as_bytes().to_vec()),
        Member::stored("content.xml", content.into_bytes()),
    ]);
    std::fs::write(&sheet, bytes).unwrap();
    refused(&s, &sheet, "3:1", &["16,384", "200 columns"]);
}

/// A BIFF record: type, length, data.
fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// A Label record: `text` at `row`, `col` (0-based), in UTF-16.
fn label(out: &mut Vec<u8>, row: u16, col: u16, text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = Vec::new();
    for v in [row, col, 0, units.len() as u16] {
        data.extend(v.to_le_bytes());
    }
    data.push(1);
    data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    record(out, 0x0204, &data);
}

/// An XLS workbook of one sheet, `Sheet1`: `globals` records (such as the shared strings),
/// then the sheet's records; the header and a good row are written by the caller.
fn xls(path: &Path, globals: &[u8], sheet: impl FnOnce(&mut Vec<u8>)) {
    let bof = |dt: u16| {
        let mut d = vec![0u8; 16];
        d[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&dt.to_le_bytes());
        d
    };
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x0005));
    stream.extend(globals);
    let at = stream.len() + 4;
    let mut bound = vec![0u8; 6];
    bound.extend([6, 0]);
    bound.extend(b"Sheet1");
    record(&mut stream, 0x0085, &bound);
    record(&mut stream, 0x000A, &[]);
    let start = stream.len() as u32;
    stream[at..at + 4].copy_from_slice(&start.to_le_bytes());
    record(&mut stream, 0x0809, &bof(0x0010));
    sheet(&mut stream);
    record(&mut stream, 0x000A, &[]);
    // Version 3 (512-byte sectors), as Excel writes XLS files.
    let file = std::fs::File::create(path).unwrap();
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, file).unwrap();
    let mut workbook = file.create_stream("/Workbook").unwrap();
    std::io::Write::write_all(&mut workbook, &stream).unwrap();
}

fn header_and_row(out: &mut Vec<u8>) {
    for (col, (name, cell)) in HEADER.iter().zip(ROW).enumerate() {
        label(out, 0, col as u16, name);
        label(out, 1, col as u16, cell);
    }
}

#[test]
fn an_xls_workbook_within_the_limits_is_imported() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("old.xls");
    xls(&sheet, &[], header_and_row);
    import_bounded(&root, &sheet).expect_code(0);
    let yaml = std::fs::read_to_string(root.join("content/benefits/old.yaml")).unwrap();
    assert!(yaml.contains("每年一次免费体检"), "{yaml}");
}

#[test]
fn an_xls_sheet_claiming_four_billion_rows_is_refused() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("claims.xls");
    xls(&sheet, &[], |out| {
        let mut dims = Vec::new();
        dims.extend(0u32.to_le_bytes());
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(256u16.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        record(out, 0x0200, &dims);
        header_and_row(out);
    });
    refused(&s, &sheet, "1:1", &["A1:IV4294967295", "100,000 rows"]);
}

#[test]
fn an_xls_shared_string_in_every_cell_is_refused_where_the_text_grows_too_big() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("shared.xls");
    // One shared string of 30,000 characters (90 KB in UTF-8), split over Continue records
    // as Excel writes it, shown by 50,000 cells: 4.5 GB of text from 1 MB.
    let units: Vec<u8> = "免"
        .repeat(30_000)
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut first = Vec::new();
    first.extend(1u32.to_le_bytes());
    first.extend(1u32.to_le_bytes());
    first.extend(30_000u16.to_le_bytes());
    first.push(1);
    let fits = (8224 - first.len()) / 2 * 2;
    first.extend(&units[..fits]);
    let mut globals = Vec::new();
    record(&mut globals, 0x00FC, &first);
    for chunk in units[fits..].chunks(8222) {
        let mut more = vec![1u8];
        more.extend(chunk);
        record(&mut globals, 0x003C, &more);
    }
    xls(&sheet, &globals, |out| {
        for k in 0..50_000u32 {
            let mut data = Vec::new();
            data.extend(((k / 10) as u16).to_le_bytes());
            data.extend(((k % 10) as u16).to_le_bytes());
            data.extend(0u16.to_le_bytes());
            data.extend(0u32.to_le_bytes());
            record(out, 0x00FD, &data);
        }
    });
    // 556 cells of 90,000 bytes pass 50 MB: the 556th is F56.
    refused(&s, &sheet, "56:6", &["F56", "50 MB"]);
}

/// A CSV of the header, then `rows` rows made by `row` from their number.
fn csv(rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut text = HEADER.join(",");
    text.push('\n');
    for n in 1..=rows {
        text.push_str(&row(n));
        text.push('\n');
    }
    text
}

#[test]
fn a_csv_bigger_than_any_catalog_is_refused_before_it_is_read() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("huge.csv");
    let text = csv(1_000_000, |n| {
        format!("{n},每年一次免费体检{n},军属,医疗服务")
    });
    assert!(text.len() > 55_000_000, "{} bytes", text.len());
    std::fs::write(&sheet, text).unwrap();
    refused(&s, &sheet, "1:1", &["MB", "50 MB"]);
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_at_that_cell() {
    let s = Scratch::empty();
    new_site(&s);
    let sheet = s.path().join("long.csv");
    let text = csv(1, |_| {
        format!("1,{},军属,医疗服务", "免".repeat(10_000_000))
    });
    std::fs::write(&sheet, text).unwrap();
    refused(&s, &sheet, "2:2", &["10,000,000 characters", "32,767"]);
}

#[test]
fn a_refusal_is_told_in_chinese_by_default() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("long.csv");
    let text = csv(1, |_| format!("1,{},军属,医疗服务", "免".repeat(40_000)));
    std::fs::write(&sheet, text).unwrap();
    let run = youdai_env(
        s.path(),
        &[
            "import",
            sheet.to_str().unwrap(),
            "--kind",
            "benefits",
            "--root",
            root.to_str().unwrap(),
        ],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(1);
    let line = run.error_at(&format!("{}:2:2: error: ", sheet.display()));
    assert!(
        line.ends_with("第 2 行 B 列：这个单元格有 40,000 个字，而一个单元格最多 32,767 个字（与 Excel 相同）；请缩短，或把长文写进条目的 Markdown 文件"),
        "{line}"
    );
    assert!(
        run.stdout.contains("1 个错误，未写入任何文件"),
        "{}",
        run.stdout
    );
}

#[test]
fn thousands_of_rows_with_one_title_take_time_in_proportion() {
    // Each needs an id of its own (meinian-yici-mianfei-tijian-2, -3, ...).
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("same.csv");
    std::fs::write(
        &sheet,
        csv(30_000, |n| format!("{n},每年一次免费体检,军属,医疗服务")),
    )
    .unwrap();
    let run = import_bounded(&root, &sheet);
    run.expect_code(0);
    let yaml = std::fs::read_to_string(root.join("content/benefits/same.yaml")).unwrap();
    assert_eq!(count(&yaml, "\n- id: "), 30_000);
    assert!(yaml.contains("-30000\n"), "the last id is numbered 30000");
}
