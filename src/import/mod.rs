//! `youdai import`: a bureau's spreadsheet (CSV or XLSX) into a YAML file of benefits or
//! partners that `youdai check` accepts.
//!
//! Columns are found through an editable mapping (`mapping.yaml`, overridable per site),
//! names in cells become site.yaml ids, and every row is read back through the same reader
//! as `youdai check`, so a row is either imported as valid content or reported with its row
//! number and why. Ids are stable: a row that matches an entry of the previous import (by
//! catalog number, else by title) keeps its id and, if unchanged, its `updated` date, so
//! importing the same sheet twice writes the same bytes.

mod biff;
mod bounds;
mod mapping;
mod package;
mod rows;
mod sheet;
mod stable;
mod values;

pub use mapping::DEFAULT as DEFAULT_MAPPING;

use crate::content::entries::{Reader, Sightings};
use crate::content::spec::{self, Kind};
use crate::content::yaml;
use crate::diag::{Place, Report};
use crate::model::{Config, Date};
use crate::yaml_out::{self, Yaml};
use mapping::Mapping;
use rows::{column_letter, Context, Entry, Header, Line, Problem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    pub today: Date,
}

/// What an import did.
pub struct Imported {
    pub report: Report,
    /// The output file, relative to the site root when inside it.
    pub out: String,
    pub entries: usize,
    pub skipped: usize,
    pub written: bool,
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
            let mut name = values::slug(&stem);
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
        return Err(Usage(format!(
            "--out {} must be a .yaml file under {}, where `youdai check` reads {}",
            out.display(),
            folder.display(),
            o.target.folder()
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

/// Reads the entry back as `youdai check` would; its errors, by field.
fn check_entry(entry: &Entry, target: Target, config: &Config) -> Vec<(Option<String>, String)> {
    let text = yaml_out::to_string(&Yaml::Map(
        entry
            .fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    ));
    let Ok(Some(node)) = yaml::parse(&text, 0) else {
        return vec![(None, "the row could not be written as YAML".into())];
    };
    let mut report = Report::default();
    let mut seen = Sightings::default();
    let mut reader = Reader {
        file: "row",
        report: &mut report,
        seen: &mut seen,
    };
    match target {
        Target::Benefits => drop(reader.benefit(&node, None)),
        Target::Partners => drop(reader.partner(&node, None)),
    }
    let field_at = |line: usize| -> Option<String> {
        text.lines()
            .take(line)
            .filter_map(|l| {
                let l = l.trim_start_matches("- ");
                let (key, _) = l.split_once(':')?;
                (!key.starts_with(' ') && !key.is_empty()).then(|| key.to_string())
            })
            .last()
    };
    let mut problems: Vec<(Option<String>, String)> = report
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| (field_at(d.place.line), d.message))
        .collect();
    let known = |terms: &[crate::model::Term], id: &str| terms.iter().any(|t| t.id == id);
    for r in &seen.references {
        use crate::content::spec::Vocabulary as V;
        let ok = match r.vocabulary {
            V::Category => known(&config.categories, &r.id),
            V::Group => known(&config.groups, &r.id),
            V::PartnerKind => known(&config.partner_kinds, &r.id),
            V::Region => config.regions.iter().any(|x| x.id == r.id),
        };
        if !ok {
            problems.push((field_at(r.place.line), format!("unknown id `{}`", r.id)));
        }
    }
    problems
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
    };
    if !o.file.is_file() {
        return Err(Usage(format!("{sheet_name}: no such file")));
    }
    if let Ok(existing) = std::fs::read_to_string(&out) {
        let ours = existing.lines().take(5).any(|l| l.contains(IMPORT_MARK));
        if !ours {
            return Err(Usage(format!(
                "{out_rel} exists and was not written by youdai import, so importing would replace hand-written entries; choose another --out"
            )));
        }
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
            std::fs::read_to_string(p)
                .map_err(|e| Usage(format!("cannot read the mapping {}: {e}", p.display())))?,
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
        report.error(
            Place::file(&sheet_name),
            "no header row: none of the first 10 rows names two known columns (such as 序号, 优待内容, 优待对象, 责任单位); name the columns, or add their names to import-mapping.yaml",
        );
        done.report = report;
        return Ok(done);
    };
    let header_row = rows[header.data_start - 1].number;
    for (col, label) in &header.unmapped {
        report.warning(
            Place::new(&sheet_name, header_row, col + 1),
            format!("column {} `{label}` is not imported: no field is mapped to it; add `{label}: FIELD` (or `{label}: \"-\"`) to import-mapping.yaml", column_letter(*col)),
        );
    }
    for (col, label, field) in &header.doubled {
        let first = header.columns[field];
        report.warning(
            Place::new(&sheet_name, header_row, col + 1),
            format!(
                "column {} `{label}` is not imported: column {} already gives `{field}`",
                column_letter(*col),
                column_letter(first)
            ),
        );
    }

    let mut ctx = Context::new(o.target, &header, &mapping, &config);
    if let Some(c) = &o.category {
        let c = ctx.names["category"]
            .one(c)
            .map_err(|e| Usage(format!("--category: {e}")))?;
        ctx.category = Some(Ok(c));
    }
    if let Some(r) = &o.region {
        ctx.region = Some(
            ctx.names["region"]
                .one(r)
                .map_err(|e| Usage(format!("--region: {e}")))?,
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
    for row in &rows[header.data_start..] {
        match rows::classify(row, &ctx.names["category"]) {
            Line::Blank | Line::Note => continue,
            Line::Section(category) if o.target == Target::Benefits => {
                if let Err(e) = &category {
                    report.error(
                        Place::new(&sheet_name, row.number, 1),
                        format!("row {}: section heading: {e}", row.number),
                    );
                }
                ctx.category = Some(category);
                continue;
            }
            Line::Section(_) | Line::Entry => {}
        }
        let (entry, notes) = ctx.entry(row);
        for note in notes {
            report.warning(
                place_of(&sheet_name, row.number, note.col),
                describe(row.number, &header, &note),
            );
        }
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
                    message: format!(
                        "{} ({}) is empty; every {} needs it",
                        f.label, f.name, kind.name
                    ),
                });
            }
        }
        if let Some(number) = entry.text("number") {
            if let Some(first) = numbers.get(&number) {
                problems.push(Problem {
                    col: header.columns.get("number").copied(),
                    message: format!(
                        "number {number} is also used in row {first}; numbers must be unique"
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

    // Ids: given, kept from the last import, or made from the title.
    let previous = stable::previous_entries(&out, o.target.title_field());
    let taken = stable::ids_elsewhere(&o.root, o.target, &out);
    let mut given: BTreeMap<String, usize> = BTreeMap::new();
    for e in good.iter().filter(|e| e.has_id) {
        let id = e.text("id").unwrap_or_default();
        let col = header.columns.get("id").copied();
        if let Some(first) = given.get(&id) {
            let message = format!("id `{id}` is also used in row {first}; ids must be unique");
            bad.entry(e.row).or_default().push(Problem { col, message });
        } else if taken.contains(&id) {
            let message = format!(
                "id `{id}` is already used by another file in content/{}; ids must be unique",
                o.target.folder()
            );
            bad.entry(e.row).or_default().push(Problem { col, message });
        } else {
            given.insert(id, e.row);
        }
    }
    good.retain(|e| !bad.contains_key(&e.row));
    stable::settle(&mut good, &previous, taken, o.target, o.today);

    // Every entry read back as `youdai check` reads it.
    for e in &good {
        for (field, message) in check_entry(e, o.target, &config) {
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
                report.warning(place, format!("skipped: {message}"));
            } else {
                report.error(place, message);
            }
        }
    }
    done.entries = good.len();
    done.skipped = bad.len();
    if report.has_errors() || good.is_empty() {
        done.report = report;
        return Ok(done);
    }
    let text = render(&good, o, &out);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Usage(format!("cannot create {}: {e}", parent.display())))?;
    }
    std::fs::write(&out, text)
        .map_err(|e| Usage(format!("cannot write {}: {e}", out.display())))?;
    done.written = true;
    done.report = report;
    Ok(done)
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
    let mut missing: Vec<&str> = Vec::new();
    match target {
        Target::Benefits => {
            if !has("summary") {
                missing.push("优待内容 (summary)");
            }
            if !has("groups") {
                missing.push("优待对象 (groups)");
            }
        }
        Target::Partners => {
            for (f, label) in [
                ("name", "名称 (name)"),
                ("kind", "类型 (kind)"),
                ("offer", "优惠内容 (offer)"),
            ] {
                if !has(f) {
                    missing.push(label);
                }
            }
        }
    }
    if !has("region") && ctx.region.is_none() {
        missing.push("地区 (region), or --region, as site.yaml has several top regions");
    }
    for m in &missing {
        report.error(
            Place::new(sheet, header_row, 1),
            format!("the sheet has no column for {m}; name one in the header row, or map its name in import-mapping.yaml"),
        );
    }
    missing.is_empty()
}

fn place_of(sheet: &str, row: usize, col: Option<usize>) -> Place {
    Place::new(sheet, row, col.map_or(1, |c| c + 1))
}

fn describe(row: usize, header: &Header, p: &Problem) -> String {
    match p.col {
        Some(col) => {
            let label = header.labels.get(col).map(String::as_str).unwrap_or("");
            format!(
                "row {row}, column {} ({label}): {}",
                column_letter(col),
                p.message
            )
        }
        None => format!("row {row}: {}", p.message),
    }
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
    let schema = o.root.join(crate::schema::DEFAULT_DIR).join(&schema_file);
    if schema.is_file() {
        let depth = display_rel(&o.root, out).matches('/').count();
        text.push_str(&format!(
            "# yaml-language-server: $schema={}{}/{schema_file}\n",
            "../".repeat(depth),
            crate::schema::DEFAULT_DIR
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
