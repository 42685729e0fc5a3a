//! Raw arguments into validated options, and the build, check and new commands.

use crate::build::build_site;
use crate::content::config::parse_base_url;
use crate::content::LoadOptions;
use crate::diag::{Place, Report};
use crate::editors::scaffold;
use crate::model::{Date, Site};
use crate::output::OutputFile;
use crate::{external_links, output};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// import, schema, cms and check's machine-readable formats.
mod editors;
/// Help and usage errors in the editor's language.
mod usage;

const USAGE_ERROR: u8 = 2;
const CONTENT_ERROR: u8 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "youdai",
    version,
    about = "优待: static sites for benefit catalogs, discount partners and notices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: zh (Chinese, the default) or en; or set YOUDAI_LANG
    #[arg(long, global = true, value_parser = ["zh", "zh-CN", "en"])]
    lang: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (default: ROOT/public)
    Build {
        /// The site root: the folder that holds content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder, replaced whole by a successful build
        #[arg(long)]
        out: Option<PathBuf>,
        /// The day that decides what is current, YYYY-MM-DD
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Override base_url from site.yaml, e.g. for a staging copy
        #[arg(long, value_parser = parse_base_url_arg)]
        base_url: Option<(String, String)>,
    },
    /// Check the content and report every error without writing anything
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// text (default), json (machine-readable) or github (annotations for pull requests)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also open every link to another site (and partner websites) and report those
        /// that do not open; needs network access
        #[arg(long)]
        external: bool,
    },
    /// Preview the site on a local web server, rebuilding as files change
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; loopback only unless told otherwise
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Create a small working site to start from
    New {
        /// The folder to create; it must not exist or be empty
        dir: PathBuf,
    },
    /// Import a spreadsheet (XLSX or CSV) of benefits or partners as a YAML file
    Import {
        /// The sheet: .xlsx, .xls, .ods or .csv; its header row names the columns
        file: PathBuf,
        /// What the rows are
        #[arg(long, value_enum)]
        kind: crate::editors::import::Target,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The YAML file to write, under content/benefits/ or content/partners/
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write the good rows even when some rows cannot be imported
        #[arg(long)]
        force: bool,
        /// Header and value mapping (default: ROOT/import-mapping.yaml, else built in)
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// The sheet of a workbook to read (default: the first that is not empty)
        #[arg(long)]
        sheet: Option<String>,
        /// The category of rows that name none (an id or name from site.yaml)
        #[arg(long)]
        category: Option<String>,
        /// The region of rows that name none (an id or name from site.yaml)
        #[arg(long)]
        region: Option<String>,
    },
    /// Write JSON Schemas for site.yaml and each kind of entry, for editors such as VS Code
    Schema {
        /// The folder to write the schemas into, such as schema
        dir: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a Decap CMS web editing form (admin/config.yml and admin/index.html)
    Cms {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write (default: ROOT/content/static/admin, published at BASE_URL/admin/)
        #[arg(long)]
        out: Option<PathBuf>,
        /// The git host the form commits through
        #[arg(long, default_value = "github", value_parser = ["github", "gitlab", "gitea", "git-gateway"])]
        backend: String,
        /// owner/name of the site's repository (default: from the `origin` remote)
        #[arg(long)]
        repo: Option<String>,
        #[arg(long, default_value = "main")]
        branch: String,
        /// A self-hosted git server, such as https://git.example.gov.cn
        #[arg(long)]
        git_host: Option<String>,
        /// The OAuth application id (GitLab and Gitea)
        #[arg(long)]
        app_id: Option<String>,
        /// Where the form loads Decap CMS from, such as a copy on your own server (default:
        /// the pinned release on unpkg); it must be that release's dist/decap-cms.js
        #[arg(long)]
        decap_url: Option<String>,
    },
}

/// How `check` prints its diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    Github,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::check(text).map_err(|problem| crate::content::fields::date_problem(text, &problem))
}

fn parse_base_url_arg(text: &str) -> Result<(String, String), String> {
    parse_base_url(text)
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    errln!("error: {message}");
    ExitCode::from(USAGE_ERROR)
}

/// `--today`, else `SOURCE_DATE_EPOCH`, else the system's date.
fn resolve_today(today: Option<Date>) -> Result<Date, String> {
    if let Some(d) = today {
        return Ok(d);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Date::from_unix_seconds)
            .ok_or_else(|| tr!("cli-bad-source-date-epoch", value = v.as_str())),
        _ => Ok(Date::today_local()),
    }
}

/// Absolute and without `.` or `..`, with the links of the part that exists resolved, so
/// that two spellings of one folder compare equal.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// What every command that reads a site checks first: the root exists, and which day it is.
fn site_and_today(root: &Path, today: Option<Date>) -> Result<Date, String> {
    check_root(root)?;
    resolve_today(today)
}

fn check_root(root: &Path) -> Result<(), String> {
    if root.is_dir() {
        Ok(())
    } else {
        Err(tr!("cli-no-root", root = root.display().to_string()))
    }
}

/// Refuses output folders whose replacement would destroy the site or someone's files:
/// a build replaces its output folder whole.
fn check_out(root: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        if meta.file_type().is_symlink() {
            return Err(tr!("cli-out-link", out = shown.to_string()));
        }
        if !meta.is_dir() {
            return Err(tr!("cli-out-file", out = shown.to_string()));
        }
    }
    let (root_n, out_n) = (resolve(root), resolve(out));
    if root_n.starts_with(&out_n) {
        return Err(tr!("cli-out-root", out = shown.to_string()));
    }
    for protected in ["content", "themes"] {
        if out_n.starts_with(root_n.join(protected)) {
            return Err(tr!(
                "cli-out-sources",
                out = shown.to_string(),
                folder = protected
            ));
        }
    }
    if !output::is_replaceable(out) {
        return Err(tr!("cli-out-not-empty", out = shown.to_string()));
    }
    Ok(())
}

/// The name of a build stage in the timing summary.
fn stage_name(name: &str) -> String {
    match name {
        "load" => tr!("stage-load"),
        "theme" => tr!("stage-theme"),
        "render+write" => tr!("stage-render"),
        "search" => tr!("stage-search"),
        other => other.to_string(),
    }
}

fn print_report(report: Report) -> bool {
    let failed = report.has_errors();
    let count = report.error_count();
    for d in report.into_sorted() {
        errln!("{d}");
    }
    if failed {
        // On stdout, so that stderr holds only `file:line:col: error: ...` lines.
        outln!("{}", tr!("errors-nothing-written", count = count));
    }
    failed
}

/// `check --external`: the content's links to other sites are opened, and the broken ones
/// join `report`.
fn check_external(
    root: &Path,
    site: Option<&Site>,
    links: &[(String, Place)],
    report: &mut Report,
) -> external_links::Summary {
    // Without a site (the content has errors), site.yaml alone still tells which links
    // are the site's own.
    let own = match site {
        Some(site) => Some(site.config.base_url.clone()),
        None => crate::content::load_config(root, &mut Report::default()).map(|c| c.base_url),
    };
    external_links::check(links, own.as_deref(), report)
}

pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let env = std::env::var("YOUDAI_LANG").ok();
    crate::i18n::set(crate::i18n::from_command_line(&args, env.as_deref()));
    let parsed = usage::localize(Cli::command())
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() && crate::i18n::lang() == crate::i18n::Lang::Chinese => {
            errln!("{}", usage::retell(&e));
            return ExitCode::from(USAGE_ERROR);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { USAGE_ERROR } else { 0 });
        }
    };
    match cli.command {
        Command::Build {
            root,
            out,
            today,
            base_url,
        } => {
            let today = match site_and_today(&root, today) {
                Ok(d) => d,
                Err(e) => return usage(e),
            };
            let out = out.unwrap_or_else(|| root.join("public"));
            if let Err(e) = check_out(&root, &out) {
                return usage(e);
            }
            let started = Instant::now();
            let staging = match output::Staging::create(&out) {
                Ok(s) => s,
                Err(e) => {
                    errln!(
                        "error: {}",
                        tr!(
                            "cli-cannot-write",
                            path = out.display().to_string(),
                            reason = e.to_string()
                        )
                    );
                    return ExitCode::from(CONTENT_ERROR);
                }
            };
            let sink = |file: OutputFile| staging.write(&file);
            let built = build_site(&root, &LoadOptions { today, base_url }, &sink);
            if !built.ok {
                drop(staging);
                print_report(built.report);
                return ExitCode::from(CONTENT_ERROR);
            }
            print_report(built.report);
            let commit_started = Instant::now();
            match staging.commit() {
                Ok(None) => {}
                Ok(Some(old)) => errln!(
                    "warning: {}",
                    tr!(
                        "cli-old-output-left",
                        path = old.path.display().to_string(),
                        reason = old.reason
                    )
                ),
                Err(e) => {
                    errln!(
                        "error: {}",
                        tr!(
                            "cli-cannot-replace",
                            path = out.display().to_string(),
                            reason = e.to_string()
                        )
                    );
                    return ExitCode::from(CONTENT_ERROR);
                }
            }
            let Some(site) = built.site else {
                return ExitCode::from(CONTENT_ERROR);
            };
            let stages: Vec<String> = built
                .timings
                .iter()
                .map(|(name, d)| format!("{} {:.0} ms", stage_name(name), d.as_secs_f64() * 1000.0))
                .chain(std::iter::once(format!(
                    "{} {:.0} ms",
                    tr!("stage-swap"),
                    commit_started.elapsed().as_secs_f64() * 1000.0
                )))
                .collect();
            outln!(
                "{}",
                tr!(
                    "cli-built",
                    files = built.files,
                    benefits = site.benefits.len(),
                    partners = site.partners.len(),
                    notices = site.notices.len(),
                    pages = site.pages.len(),
                    out = out.display().to_string(),
                    seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
                    stages = stages.join(", ")
                )
            );
            ExitCode::SUCCESS
        }
        Command::Check {
            root,
            today,
            format,
            external,
        } => {
            let today = match site_and_today(&root, today) {
                Ok(d) => d,
                Err(e) => return usage(e),
            };
            let discard = |_: OutputFile| Ok(());
            let built = build_site(
                &root,
                &LoadOptions {
                    today,
                    base_url: None,
                },
                &discard,
            );
            let content_ok = built.ok;
            let mut report = built.report;
            if let Some(site) = &built.site {
                editors::stale_schemas(&root, &site.config, &mut report);
            }
            crate::editors::import::skipped_rows(&root, &mut report);
            let links = external
                .then(|| check_external(&root, built.site.as_ref(), &built.links, &mut report));
            let ok = content_ok && links.is_none_or(|l| l.broken == 0);
            if format != Format::Text {
                let counts = built.site.as_ref().filter(|_| content_ok).map(|site| {
                    [
                        site.benefits.len(),
                        site.partners.len(),
                        site.notices.len(),
                        site.pages.len(),
                    ]
                });
                editors::print_check(&root, report, counts, format == Format::Json);
                if let (Some(links), Format::Github) = (links, format) {
                    outln!("{}", links.line());
                }
                return if ok {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(CONTENT_ERROR)
                };
            }
            print_report(report);
            if !ok {
                if let Some(links) = links {
                    outln!("{}", links.line());
                }
                return ExitCode::from(CONTENT_ERROR);
            }
            if let Some(site) = built.site {
                outln!(
                    "{}",
                    tr!(
                        "cli-check-ok",
                        benefits = site.benefits.len(),
                        partners = site.partners.len(),
                        notices = site.notices.len(),
                        pages = site.pages.len()
                    )
                );
            }
            if let Some(links) = links {
                outln!("{}", links.line());
            }
            ExitCode::SUCCESS
        }
        Command::Serve { root, bind, port } => match resolve_today(None) {
            Ok(today) => crate::serve::run(&root, &bind, port, today),
            Err(e) => usage(e),
        },
        Command::Import {
            file,
            kind,
            root,
            out,
            force,
            mapping,
            sheet,
            category,
            region,
        } => {
            if let Err(e) = check_root(&root) {
                return usage(e);
            }
            editors::import(crate::editors::import::Options {
                root,
                file,
                target: kind,
                out,
                force,
                mapping,
                sheet,
                category,
                region,
            })
        }
        Command::Schema { dir, root } => {
            if let Err(e) = check_root(&root) {
                return usage(e);
            }
            editors::schema(&root, &dir)
        }
        Command::Cms {
            root,
            out,
            backend,
            repo,
            branch,
            git_host,
            app_id,
            decap_url,
        } => {
            if let Err(e) = check_root(&root) {
                return usage(e);
            }
            let repo = repo.or_else(|| crate::editors::cms::repo_from_git(&root));
            let backend = crate::editors::cms::Backend {
                name: backend,
                repo: repo.unwrap_or_default(),
                branch,
                host: git_host,
                app_id,
            };
            let out = out.unwrap_or_else(|| root.join(crate::editors::cms::DEFAULT_DIR));
            editors::cms(&root, &out, backend, decap_url.as_deref())
        }
        Command::New { dir } => match scaffold::create(
            &dir,
            resolve_today(None).unwrap_or_else(|_| Date::today_local()),
        ) {
            Ok(()) => {
                outln!(
                    "{}",
                    tr!("cli-new-created", dir = dir.display().to_string())
                );
                outln!("{}", scaffold::next_steps(&dir));
                ExitCode::SUCCESS
            }
            Err(scaffold::Error::NotEmpty) => {
                usage(tr!("cli-new-not-empty", dir = dir.display().to_string()))
            }
            Err(scaffold::Error::Io(e)) => {
                errln!(
                    "error: {}",
                    tr!(
                        "cli-cannot-create",
                        path = dir.display().to_string(),
                        reason = e.to_string()
                    )
                );
                ExitCode::from(CONTENT_ERROR)
            }
        },
    }
}
