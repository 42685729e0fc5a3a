//! The editors' commands (import, schema, cms) and `check`'s machine-readable formats:
//! options in, files and messages out, exit codes at the edge.

use super::{usage, CONTENT_ERROR};
use crate::diag::{Diagnostic, Place, Report, Severity};
use crate::model::Config;
use crate::{cms, import, schema};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A file of the site as the repository names it, for CI annotations: `--root site` makes
/// `content/x.yaml` into `site/content/x.yaml`.
fn repo_path(root: &Path, file: &str) -> String {
    let joined = if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(file)
    } else {
        root.join(file)
    };
    let joined = match std::env::current_dir() {
        Ok(cwd) => joined
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(joined),
        Err(_) => joined,
    };
    let text = joined.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

/// `%`, CR and LF escaped as GitHub's workflow commands want them.
fn github_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// One GitHub annotation line: `::error file=...,line=...,col=...::message`.
pub fn github_line(root: &Path, d: &Diagnostic) -> String {
    let word = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "::{word} file={},line={},col={},title=youdai check::{}",
        github_escape(&repo_path(root, &d.place.file), true),
        d.place.line,
        d.place.col,
        github_escape(&d.message, false)
    )
}

/// `check --format json|github`: diagnostics on stdout, then (for github) a summary line.
pub fn print_check(root: &Path, report: Report, counts: Option<[usize; 4]>, json: bool) {
    let errors = report.error_count();
    let diagnostics = report.into_sorted();
    let warnings = diagnostics.len() - errors;
    if json {
        let items: Vec<serde_json::Value> = diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "file": d.place.file,
                    "line": d.place.line,
                    "column": d.place.col,
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "message": d.message,
                })
            })
            .collect();
        let counts = counts.map(|[b, p, n, g]| {
            serde_json::json!({ "benefits": b, "partners": p, "notices": n, "pages": g })
        });
        let out = serde_json::json!({
            "ok": errors == 0 && counts.is_some(),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": items,
            "counts": counts,
        });
        outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return;
    }
    for d in &diagnostics {
        outln!("{}", github_line(root, d));
    }
    match counts {
        Some([b, p, n, g]) if errors == 0 => {
            outln!("ok: {b} benefits, {p} partners, {n} notices, {g} pages ({warnings} warnings)")
        }
        _ => {
            let s = if errors == 1 { "" } else { "s" };
            outln!("{errors} error{s}, {warnings} warnings");
        }
    }
}

/// A warning when the site keeps schemas (`schema/`) that site.yaml has outgrown.
pub fn stale_schemas(root: &Path, config: &Config, report: &mut Report) {
    let dir = root.join(schema::DEFAULT_DIR);
    if !dir.is_dir() {
        return;
    }
    for name in schema::stale(&dir, config) {
        report.warning(
            Place::file(&format!("{}/{name}", schema::DEFAULT_DIR)),
            format!(
                "out of date with content/site.yaml, so editors offer old choices; run `youdai schema {}`",
                schema::DEFAULT_DIR
            ),
        );
    }
}

fn print_diagnostics(report: Report) {
    for d in report.into_sorted() {
        errln!("{d}");
    }
}

pub fn import(options: import::Options) -> ExitCode {
    let word = match options.target {
        import::Target::Benefits => "benefits",
        import::Target::Partners => "partners",
    };
    let force = options.force;
    let done = match import::run(&options) {
        Ok(done) => done,
        Err(import::Usage(message)) => return usage(message),
    };
    let failed = done.report.has_errors();
    let errors = done.report.error_count();
    print_diagnostics(done.report);
    if done.written {
        let skipped = if done.skipped > 0 {
            format!(" ({} rows skipped)", done.skipped)
        } else {
            String::new()
        };
        outln!(
            "imported {} {word} into {}{skipped}\nnext: youdai check",
            done.entries,
            done.out
        );
        return ExitCode::SUCCESS;
    }
    if done.skipped > 0 && !force {
        let s = if done.skipped == 1 { "" } else { "s" };
        outln!(
            "{} row{s} cannot be imported; nothing was written. Fix the row{s} in the sheet, or import the other {} rows with --force",
            done.skipped, done.entries
        );
    } else if failed {
        let s = if errors == 1 { "" } else { "s" };
        outln!("{errors} error{s}; nothing was written");
    } else {
        outln!("the sheet has no rows to import; nothing was written");
    }
    ExitCode::from(CONTENT_ERROR)
}

fn config_or_report(root: &Path) -> Result<Config, ExitCode> {
    let mut report = Report::default();
    match crate::content::load_config(root, &mut report) {
        Some(config) if !report.has_errors() => Ok(config),
        _ => {
            print_diagnostics(report);
            outln!("fix content/site.yaml first; nothing was written");
            Err(ExitCode::from(CONTENT_ERROR))
        }
    }
}

pub fn schema(root: &Path, dir: &Path) -> ExitCode {
    let config = match config_or_report(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match schema::write(dir, &config) {
        Ok(files) => {
            outln!(
                "wrote {} schemas into {}; VS Code with the YAML extension uses them through .vscode/settings.json or a `# yaml-language-server: $schema=` line",
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: cannot write {}: {e}", dir.display());
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

pub fn cms(root: &Path, out: &Path, backend: cms::Backend) -> ExitCode {
    let config = match config_or_report(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if backend.repo.is_empty() && backend.name != "git-gateway" {
        return usage("--repo OWNER/NAME is needed: the form commits to that repository (no `origin` remote was found to take it from)");
    }
    match cms::write(out, &config, &backend) {
        Ok(files) => {
            for f in &files {
                outln!("wrote {}", f.display());
            }
            outln!(
                "the form is published with the site at {}admin/; see README \"For editors\" to let it sign in to {}",
                config.base_url, backend.name
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            errln!("error: cannot write {}: {e}", out.display());
            ExitCode::from(CONTENT_ERROR)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_and_name_the_repository_path() {
        let d = Diagnostic {
            severity: Severity::Error,
            place: Place::new("content/a,b.yaml", 3, 5),
            message: "unknown group `x`\n100% sure".into(),
        };
        assert_eq!(
            github_line(Path::new("site"), &d),
            "::error file=site/content/a%2Cb.yaml,line=3,col=5,title=youdai check::unknown group `x`%0A100%25 sure"
        );
        assert_eq!(
            repo_path(Path::new("."), "content/x.yaml"),
            "content/x.yaml"
        );
        assert_eq!(
            repo_path(Path::new("./site"), "content/x.yaml"),
            "site/content/x.yaml"
        );
    }
}
