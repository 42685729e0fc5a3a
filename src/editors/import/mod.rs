//! `youdai import`: a bureau's spreadsheet (CSV or XLSX) into a YAML file of benefits or
//! partners that `youdai check` accepts.
//!
//! Columns are found through an editable mapping (`mapping.yaml`, overridable per site),
//! names in cells become site.yaml ids, and every row is read back through the same reader
//! as `youdai check`, so a row is either imported as valid content or reported with its row
//! number and why. Ids are stable: a row that matches an entry of the previous import (by
//! catalog number, else by title) keeps its id, so importing the same sheet twice writes the
//! same bytes. `updated` is the date a row was reviewed: it comes from the sheet's column
//! for it, never from the day of the import.
//!
//! Nothing goes silently wrong: rows already in another file of the site refuse the import
//! (a corrected sheet under a new name would double the catalog), and the rows `--force`
//! leaves out are recorded under import-skipped/ for `youdai check` to keep reporting.

mod biff;
mod bounds;
mod elsewhere;
mod ids;
mod mapping;
mod package;
mod readback;
mod rows;
mod sheet;
mod skipped;
mod stable;
mod tell;
mod values;

pub use mapping::DEFAULT as DEFAULT_MAPPING;
pub use skipped::skipped_rows;

use crate::content::spec::{self, Kind};
use crate::diag::{Place, Report};
use crate::editors::yaml_out::{self, Yaml};
use elsewhere::Elsewhere;
use mapping::Mapping;
use rows::{column_letter, Context, Entry, Header, Line, Problem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tell::{describe, place_of};

/// What a sheet holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Benefits,
    Partners,
}

impl Target {
    fn folder(self) -> &'static str {
        match self {
            Target::Benefits => "benefits",
            Target::Partners => "partners",
        }
    }

    fn kind(self) -> &'static Kind {
        match self {
            Target::Benefits => &spec::BENEFIT,
            Target::Partners => &spec::PARTNER,
        }
    }

    fn title_field(self) -> &'static str {
        match self {
            Target::Benefits => "title",
            Target::Partners => "name",
        }
    }
}

pub struct Options {
    pub root: PathBuf,
    pub file: PathBuf,
    pub target: Target,
    pub out: Option<PathBuf>,
    pub force: bool,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub category: Option<String>,
    pub region: Option<String>,
}

/// What an import did.
pub struct Imported {
    pub report: Report,
    /// The output file, relative to the site root when inside it.
    pub out: String,
    pub entries: usize,
    pub skipped: usize,
    pub written: bool,
    /// The record of the skipped rows, relative to the site root, when one was written.
    pub record: Option<String>,
}

/// The words in the first lines of an imported file that say it may be replaced.
const IMPORT_MARK: &str = "Imported by `youdai import`";

/// A problem with the command itself rather than with the sheet's rows.
pub struct Usage(pub String);

fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where the YAML goes: `--out`, else content/<kind>/<the sheet's name in pinyin>.yaml.
fn out_path(o: &Options) -> Result<PathBuf, Usage> {
    let folder = o.root.join("content").join(o.target.folder());
    let out = match &o.out {
        Some(out) => out.clone(),
        None => {
            let stem = o
                .file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut name = ids::slug(&stem);
            if name.is_empty() {
                name = "imported".into();
            }
            folder.join(format!("{name}.yaml"))
        }
    };
    let ext_ok = matches!(
        out.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if !ext_ok || !absolute(&out).starts_with(absolute(&folder)) {
        return Err(Usage(tr!(
            "import-out-outside",
            out = out.display().to_string(),
            folder = folder.display().to_string(),
            kind = o.target.folder()
        )));
    }
    Ok(out)
}

fn display_rel(root: &Path, path: &Path) -> String {
    absolute(path)
        .strip_prefix(absolute(root))
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|_| path.display().to_string())
}

/// Fails when a folder of `rel` (below `root`) is a symbolic link: a file written there
/// would land outside the site.
fn refuse_links(root: &Path, rel: &Path) -> std::io::Result<()> {
    match crate::site_fs::is_dir(root, rel) {
        Err(crate::site_fs::Refusal::Link(link)) => Err(std::io::Error::other(tr!(
            "import-folder-link",
            folder = link
        ))),
        _ => Ok(()),
    }
}

/// The first lines of a file written by an import, read without following links: whether
/// there is a file at `rel` and whether the import wrote it.
fn written_by_import(root: &Path, rel: &str) -> Option<bool> {
    let bytes = crate::site_fs::read(root, Path::new(rel)).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    Some(text.lines().take(5).any(|l| l.contains(IMPORT_MARK)))
}

pub fn run(o: &Options) -> Result<Imported, Usage> {
    let mut report = Report::default();
    let out = out_path(o)?;
    let out_rel = display_rel(&o.root, &out);
    let sheet_name = o.file.display().to_string();
    let mut done = Imported {
        report: Report::default(),
        out: out_rel.clone(),
        entries: 0,
        skipped: 0,
        written: false,
        record: None,
    };
    if !o.file.is_file() {
        return Err(Usage(tr!(
            "import-no-such-file",
            file = sheet_name.as_str()
        )));
    }
    if std::fs::symlink_metadata(&out).is_ok() && written_by_import(&o.root, &out_rel) != Some(true)
    {
        return Err(Usage(tr!("import-not-ours", out = out_rel.as_str())));
    }
    let Some(config) = crate::content::load_config(&o.root, &mut report) else {
        done.report = report;
        return Ok(done);
    };
    let custom_path = o.mapping.clone().or_else(|| {
        let p = o.root.join("import-mapping.yaml");
        p.is_file().then_some(p)
    });
    let custom = match &custom_path {
        Some(p) => Some((
            std::fs::read_to_string(p).map_err(|e| {
                Usage(tr!(
                    "import-mapping-unreadable",
                    file = p.display().to_string(),
                    reason = e.to_string()
                ))
            })?,
            p.display().to_string(),
        )),
        None => None,
    };
    let mapping = Mapping::load(
        o.target,
        custom.as_ref().map(|(t, f)| (t.as_str(), f.as_str())),
        &mut report,
    );
    if report.has_errors() {
        done.report = report;
        return Ok(done);
    }
    let rows = match sheet::read(&o.file, o.sheet.as_deref()) {
        Ok(rows) => rows,
        Err(sheet::Unread::Usage(message)) => return Err(Usage(message)),
        Err(sheet::Unread::Refused(r)) => {
            report.error(Place::new(&sheet_name, r.row, r.col), r.message);
            done.report = report;
            return Ok(done);
        }
    };
    let Some(header) = rows::find_header(&rows, &mapping) else {
        report.error(Place::file(&sheet_name), tr!("import-no-header"));
        done.report = report;
        return Ok(done);
    };
    let header_row = rows[header.data_start - 1].number;
    for (col, label) in &header.unmapped {
        report.warning(
            Place::new(&sheet_name, header_row, col + 1),
            tr!(
                "import-column-unmapped",
                column = column_letter(*col),
                label = label
            ),
        );
    }
    for (col, label, field) in &header.doubled {
        let first = header.columns[field];
        report.warning(
            Place::new(&sheet_name, header_row, col + 1),
            tr!(
                "import-column-doubled",
                column = column_letter(*col),
                label = label,
                field = field,
                first = column_letter(first)
            ),
        );
    }

    if !header.columns.contains_key("updated") {
        report.warning(
            Place::new(&sheet_name, header_row, 1),
            tr!("import-no-review-column"),
        );
    }

    let mut ctx = Context::new(o.target, &header, &mapping, &config);
    if let Some(c) = &o.category {
        let c = ctx.names["category"]
            .one(c)
            .map_err(|e| Usage(tr!("import-option", option = "--category", why = e)))?;
        ctx.category = Some(Ok(c));
    }
    if let Some(r) = &o.region {
        ctx.region = Some(
            ctx.names["region"]
                .one(r)
                .map_err(|e| Usage(tr!("import-option", option = "--region", why = e)))?,
        );
    }
    if !missing_columns(
        o.target,
        &header,
        &ctx,
        &sheet_name,
        header_row,
        &mut report,
    ) {
        done.report = report;
        return Ok(done);
    }

    // Rows into entries.
    let kind = o.target.kind();
    let mut good: Vec<Entry> = Vec::new();
    let mut bad: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let mut zeros = Vec::new();
    for row in &rows[header.data_start..] {
        match rows::classify(row, &ctx.names["category"]) {
            Line::Blank | Line::Note => continue,
            Line::Section(category) if o.target == Target::Benefits => {
                if let Err(e) = &category {
                    report.error(
                        Place::new(&sheet_name, row.number, 1),
                        tr!("import-section-heading", row = row.number, why = e),
                    );
                }
                ctx.category = Some(category);
                continue;
            }
            Line::Section(_) | Line::Entry => {}
        }
        let (entry, notes) = ctx.entry(row);
        zeros.extend(notes.into_iter().map(|n| (row.number, n)));
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(problems) => {
                bad.insert(row.number, problems);
                continue;
            }
        };
        if let Some(Yaml::Str(c)) = entry.get("category") {
            ctx.category = Some(Ok(c.clone()));
        }
        let mut problems = Vec::new();
        // A title made from the summary is missing only because the summary is.
        let derived_title = o.target == Target::Benefits && !header.columns.contains_key("title");
        for f in kind.fields.iter().filter(|f| f.required && f.name != "id") {
            if derived_title && f.name == "title" && entry.get("summary").is_none() {
                continue;
            }
            if entry
                .get(f.name)
                .is_none_or(|v| matches!(v, Yaml::List(l) if l.is_empty()))
            {
                let col = header.columns.get(f.name).copied();
                problems.push(Problem {
                    col,
                    message: tr!(
                        "import-field-empty",
                        label = f.label,
                        field = f.name,
                        kind = crate::content::fields::kind_word(kind.name)
                    ),
                });
            }
        }
        if let Some(number) = entry.text("number") {
            if let Some(first) = numbers.get(&number) {
                problems.push(Problem {
                    col: header.columns.get("number").copied(),
                    message: tr!(
                        "import-number-twice",
                        number = number.as_str(),
                        first = first
                    ),
                });
            } else {
                numbers.insert(number, row.number);
            }
        }
        if problems.is_empty() {
            entry.order(kind);
            good.push(entry);
        } else {
            bad.insert(row.number, problems);
        }
    }
    tell::zero_notes(&sheet_name, &header, &zeros, &mut report);

    // Ids: given, kept from the last import, or made from the title.
    let previous = stable::previous_entries(&o.root, &out_rel, o.target.title_field());
    let elsewhere = Elsewhere::read(&o.root, o.target, &out_rel, &config);
    let mut given: BTreeMap<String, usize> = BTreeMap::new();
    for e in good.iter().filter(|e| e.has_id) {
        let id = e.text("id").unwrap_or_default();
        let col = header.columns.get("id").copied();
        if let Some(first) = given.get(&id) {
            let message = tr!("import-id-twice", id = id.as_str(), first = first);
            bad.entry(e.row).or_default().push(Problem { col, message });
        } else if let Some(file) = elsewhere.ids.get(&id) {
            let message = tr!("import-id-elsewhere", id = id.as_str(), file = file);
            bad.entry(e.row).or_default().push(Problem { col, message });
        } else {
            given.insert(id, e.row);
        }
    }
    good.retain(|e| !bad.contains_key(&e.row));
    let taken = elsewhere.ids.keys().cloned().collect();
    stable::settle(&mut good, &previous, taken, o.target);

    // Every entry read back as `youdai check` reads it.
    for e in &good {
        for (field, message) in readback::check_entry(e, o.target, &config) {
            let col = field
                .as_deref()
                .and_then(|f| header.columns.get(f).copied());
            bad.entry(e.row).or_default().push(Problem { col, message });
        }
    }
    good.retain(|e| !bad.contains_key(&e.row));

    for (row, problems) in &bad {
        for p in problems {
            let message = describe(*row, &header, p);
            let place = place_of(&sheet_name, *row, p.col);
            if o.force {
                report.warning(place, tr!("import-skipped", message = message));
            } else {
                report.error(place, message);
            }
        }
    }
    overlaps(o, &elsewhere, &good, &out_rel, &sheet_name, &mut report);
    done.entries = good.len();
    done.skipped = bad.len();
    if report.has_errors() || good.is_empty() {
        done.report = report;
        return Ok(done);
    }
    let text = render(&good, o, &out);
    // Both files are checked before either is written, so that a link never leaves one
    // written without the other.
    let record = skipped::record_path(&out_rel);
    let parent = |rel: &str| {
        Path::new(rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf()
    };
    refuse_links(&o.root, &parent(&out_rel))
        .and_then(|()| refuse_links(&o.root, &parent(&record)))
        .and_then(|()| crate::output::write_file(&out, text.as_bytes()))
        .map_err(|e| {
            Usage(tr!(
                "cli-cannot-write",
                path = out.display().to_string(),
                reason = e.to_string()
            ))
        })?;
    done.written = true;
    let skipped = skipped::Skipped {
        sheet: &sheet_name,
        target: o.target,
        out: &out_rel,
        header: &header,
        rows: &bad,
    };
    done.record = skipped::keep(&o.root, &skipped).map_err(|e| {
        let record = skipped::record_path(&out_rel);
        Usage(tr!(
            "cli-cannot-write",
            path = record,
            reason = e.to_string()
        ))
    })?;
    done.report = report;
    Ok(done)
}

/// Refuses rows that another file of the site already holds: one error per file, at the
/// first such row, naming the file and how many rows, and how to replace it instead.
fn overlaps(
    o: &Options,
    elsewhere: &Elsewhere,
    good: &[Entry],
    out: &str,
    sheet: &str,
    report: &mut Report,
) {
    for overlap in elsewhere.overlaps(good, o.target) {
        let (row, line) = overlap.rows[0];
        let count = overlap.rows.len();
        let file = overlap.file.as_str();
        let message = if written_by_import(&o.root, file) == Some(true) {
            tr!(
                "import-overlap",
                count = count,
                file = file,
                row = row,
                line = line,
                out = out,
                kind = o.target.folder()
            )
        } else {
            tr!(
                "import-overlap-by-hand",
                count = count,
                file = file,
                row = row,
                line = line,
                out = out,
                kind = o.target.folder()
            )
        };
        report.error(place_of(sheet, row, None), message);
    }
}

/// Columns a kind cannot do without; false (and errors) when one is missing.
fn missing_columns(
    target: Target,
    header: &Header,
    ctx: &Context,
    sheet: &str,
    header_row: usize,
    report: &mut Report,
) -> bool {
    let has = |f: &str| header.columns.contains_key(f);
    let mut missing: Vec<String> = Vec::new();
    let needed: &[(&str, &str)] = match target {
        Target::Benefits => &[("summary", "优待内容"), ("groups", "优待对象")],
        Target::Partners => &[("name", "名称"), ("kind", "类型"), ("offer", "优惠内容")],
    };
    for (field, label) in needed {
        if !has(field) {
            missing.push(format!("{label} ({field})"));
        }
    }
    let mut messages: Vec<String> = missing
        .iter()
        .map(|m| tr!("import-missing-column", what = m))
        .collect();
    if !has("region") && ctx.region.is_none() {
        messages.push(tr!("import-missing-region"));
    }
    for m in &messages {
        report.error(Place::new(sheet, header_row, 1), m.as_str());
    }
    messages.is_empty()
}

/// The YAML file: a header naming the source, then one entry after another.
fn render(entries: &[Entry], o: &Options, out: &Path) -> String {
    let source = o
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut text = String::new();
    let schema_file = format!("{}.schema.json", o.target.kind().name);
    let schema = o
        .root
        .join(crate::editors::schema::DEFAULT_DIR)
        .join(&schema_file);
    if schema.is_file() {
        let depth = display_rel(&o.root, out).matches('/').count();
        text.push_str(&format!(
            "# yaml-language-server: $schema={}{}/{schema_file}\n",
            "../".repeat(depth),
            crate::editors::schema::DEFAULT_DIR
        ));
    }
    text.push_str(&format!(
        "# 由 youdai import 从 {source} 导入。再次导入会覆盖本文件：请在表格中修改后重新导入，\n\
         # 或把要手工维护的条目移到别的文件。\n\
         # {IMPORT_MARK} from {source}; importing again replaces this file.\n"
    ));
    for e in entries {
        text.push('\n');
        let item = Yaml::Map(
            e.fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        );
        text.push_str(&yaml_out::to_string(&Yaml::List(vec![item])));
    }
    text
}
