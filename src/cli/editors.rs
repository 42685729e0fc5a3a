//! The editors' commands (import, schema, cms) and `check`'s machine-readable formats:
//! options in, files and messages out, exit codes at the edge.

use super::{usage, CONTENT_ERROR};
use crate::diag::{Diagnostic, Place, Report, Severity};
use crate::editors::{cms, import, schema};
use crate::model::Config;
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
///
/// JSON has one shape whatever happened: `ok`, `errors`, `warnings`, `diagnostics` (each
/// with file, line, column, severity and message) and `counts` (null unless ok).
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
    let summary = match counts {
        Some([b, p, n, g]) if errors == 0 => tr!(
            "check-github-ok",
            benefits = b,
            partners = p,
            notices = n,
            pages = g,
            warnings = warnings
        ),
        _ => tr!("check-github-failed", errors = errors, warnings = warnings),
    };
    outln!("{summary}");
    if let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) {
        let text = step_summary(root, &diagnostics, &summary, &GitHubLinks::from_env());
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&file)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()));
        if let Err(e) = written {
            errln!(
                "warning: {}",
                tr!(
                    "check-summary-not-written",
                    path = PathBuf::from(file).display().to_string(),
                    reason = e.to_string()
                )
            );
        }
    }
}

/// How many diagnostics the step summary lists: GitHub takes at most 1 MiB of it.
const SUMMARY_ROWS: usize = 1000;

/// Where a file of the repository is shown on GitHub, from the variables every workflow
/// step has; without them the summary names places without linking them.
pub struct GitHubLinks {
    blob: Option<String>,
}

impl GitHubLinks {
    fn from_env() -> GitHubLinks {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let blob = match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => Some(format!(
                "{}/{}/blob/{}/",
                server.trim_end_matches('/'),
                repo,
                sha
            )),
            _ => None,
        };
        GitHubLinks { blob }
    }
}

/// Percent-encodes a repository path for a URL, keeping its slashes.
fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text for a cell of a Markdown table: no `|` ends the cell, no HTML gets through.
fn markdown_cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
}

/// The step summary of `check --format github`: GitHub shows at most 10 error annotations
/// in a pull request's files, so every diagnostic is also listed here, each linking to its
/// line.
pub fn step_summary(
    root: &Path,
    diagnostics: &[Diagnostic],
    headline: &str,
    links: &GitHubLinks,
) -> String {
    let mut out = format!(
        "### {}\n\n{}\n\n",
        tr!("check-summary-title"),
        markdown_cell(headline)
    );
    if diagnostics.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "| {} | {} | {} |\n|---|---|---|\n",
        tr!("check-summary-place"),
        tr!("check-summary-severity"),
        tr!("check-summary-message")
    ));
    for d in diagnostics.iter().take(SUMMARY_ROWS) {
        let path = repo_path(root, &d.place.file);
        let place = format!("{}:{}:{}", path, d.place.line, d.place.col);
        let place = match &links.blob {
            Some(blob) => format!(
                "[{}]({blob}{}#L{})",
                markdown_cell(&place),
                url_path(&path),
                d.place.line
            ),
            None => markdown_cell(&place),
        };
        let severity = match d.severity {
            Severity::Error => tr!("check-summary-error"),
            Severity::Warning => tr!("check-summary-warning"),
        };
        out.push_str(&format!(
            "| {place} | {severity} | {} |\n",
            markdown_cell(&d.message)
        ));
    }
    if diagnostics.len() > SUMMARY_ROWS {
        out.push_str(&format!(
            "\n{}\n",
            tr!(
                "check-summary-more",
                count = diagnostics.len() - SUMMARY_ROWS
            )
        ));
    }
    out.push('\n');
    out
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
            tr!("schema-stale", dir = schema::DEFAULT_DIR),
        );
    }
}

fn print_diagnostics(report: Report) {
    for d in report.into_sorted() {
        errln!("{d}");
    }
}

pub fn import(options: import::Options) -> ExitCode {
    let kind = match options.target {
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
        let imported = if done.skipped > 0 {
            tr!(
                "import-done-skipped",
                count = done.entries,
                kind = kind,
                out = done.out.as_str(),
                skipped = done.skipped
            )
        } else {
            tr!(
                "import-done",
                count = done.entries,
                kind = kind,
                out = done.out.as_str()
            )
        };
        outln!("{imported}");
        if let Some(record) = &done.record {
            outln!("{}", tr!("import-record-written", record = record.as_str()));
        }
        outln!("{}", tr!("import-next"));
        return ExitCode::SUCCESS;
    }
    if done.skipped > 0 && !force {
        outln!(
            "{}",
            tr!(
                "import-rows-refused",
                count = done.skipped,
                good = done.entries
            )
        );
    } else if failed {
        outln!("{}", tr!("errors-nothing-written", count = errors));
    } else {
        outln!("{}", tr!("import-no-rows"));
    }
    ExitCode::from(CONTENT_ERROR)
}

fn config_or_report(root: &Path) -> Result<Config, ExitCode> {
    let mut report = Report::default();
    match crate::content::load_config(root, &mut report) {
        Some(config) if !report.has_errors() => Ok(config),
        _ => {
            print_diagnostics(report);
            outln!("{}", tr!("editors-fix-site-yaml"));
            Err(ExitCode::from(CONTENT_ERROR))
        }
    }
}

fn cannot_write(path: &Path, e: std::io::Error) -> ExitCode {
    errln!(
        "error: {}",
        tr!(
            "cli-cannot-write",
            path = path.display().to_string(),
            reason = e.to_string()
        )
    );
    ExitCode::from(CONTENT_ERROR)
}

pub fn schema(root: &Path, dir: &Path) -> ExitCode {
    let config = match config_or_report(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match schema::write(dir, &config) {
        Ok(files) => {
            outln!(
                "{}",
                tr!(
                    "schema-written",
                    count = files.len(),
                    dir = dir.display().to_string()
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => cannot_write(dir, e),
    }
}

pub fn cms(root: &Path, out: &Path, backend: cms::Backend, script: Option<&str>) -> ExitCode {
    let config = match config_or_report(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if backend.repo.is_empty() && backend.name != "git-gateway" {
        return usage(tr!("cms-needs-repo"));
    }
    match cms::write(out, &config, &backend, script) {
        Ok(files) => {
            for f in &files {
                outln!("{}", tr!("cms-wrote", path = f.display().to_string()));
            }
            outln!(
                "{}",
                tr!(
                    "cms-published",
                    url = format!("{}admin/", config.base_url),
                    backend = backend.name.as_str()
                )
            );
            ExitCode::SUCCESS
        }
        Err(e) => cannot_write(out, e),
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
