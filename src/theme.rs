//! The theme's files: the built-in theme compiled into the binary, overridden file by file
//! by the site's own `themes/<name>/`. This reads the disk so that rendering never does.

use crate::diag::{Place, Report};
use crate::model::StaticFile;
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default/`, relative to it.
pub const BUILTIN: &[(&str, &[u8])] = builtin![
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/list.html",
    "templates/benefit.html",
    "templates/partner.html",
    "templates/notice.html",
    "templates/notices.html",
    "templates/page.html",
    "templates/search.html",
    "templates/search.js",
    "templates/finder.html",
    "templates/404.html",
    "templates/print.html",
    "static/assets/youdai.css",
    "static/assets/youdai.js",
    "static/assets/finder.js",
    "static/favicon.svg",
];

/// Templates by name and static files by output path.
#[derive(Clone, Debug, Default)]
pub struct ThemeFiles {
    pub templates: BTreeMap<String, String>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Template name -> the theme folder it came from, for error messages.
    pub origins: BTreeMap<String, String>,
}

impl ThemeFiles {
    pub fn origin(&self, template: &str) -> &str {
        self.origins
            .get(template)
            .map(String::as_str)
            .unwrap_or("themes/default")
    }

    pub fn statics(&self) -> Vec<StaticFile> {
        self.statics
            .iter()
            .map(|(path, bytes)| StaticFile {
                path: path.clone(),
                bytes: bytes.clone(),
            })
            .collect()
    }
}

pub fn load(root: &Path, name: &str, report: &mut Report) -> ThemeFiles {
    let mut files = ThemeFiles::default();
    for (path, bytes) in BUILTIN {
        add(&mut files, path, bytes.to_vec(), "themes/default", report);
    }
    let dir = Path::new("themes").join(name);
    let full = root.join(&dir);
    if !full.is_dir() {
        if name != "default" {
            report.error(
                Place::file("content/site.yaml"),
                format!(
                    "theme `{name}` not found: there is no folder themes/{name}/ in the site root"
                ),
            );
        }
        return files;
    }
    let walker = walkdir::WalkDir::new(&full)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker.into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&full) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let shown = format!("themes/{name}");
        match std::fs::read(entry.path()) {
            Ok(bytes) => add(&mut files, &rel, bytes, &shown, report),
            Err(e) => report.error(
                Place::file(&format!("{shown}/{rel}")),
                format!("cannot read: {e}"),
            ),
        }
    }
    files
}

fn add(files: &mut ThemeFiles, rel: &str, bytes: Vec<u8>, shown: &str, report: &mut Report) {
    if let Some(name) = rel.strip_prefix("templates/") {
        match String::from_utf8(bytes) {
            Ok(text) => {
                let text = if name.ends_with(".js") {
                    compact_script(&text)
                } else {
                    text
                };
                files.templates.insert(name.to_string(), text);
                files.origins.insert(name.to_string(), shown.to_string());
            }
            Err(_) => report.error(
                Place::file(&format!("{shown}/{rel}")),
                "the template is not UTF-8 text",
            ),
        }
    } else if let Some(path) = rel.strip_prefix("static/") {
        files.statics.insert(path.to_string(), bytes);
    }
}

/// A script that a template inlines (`templates/*.js`, such as the search page's), without
/// what only its readers need: comment lines, comment blocks that take whole lines, blank
/// lines and indentation, which are a third of it and would weigh on every visit. Only
/// whole lines go, so nothing inside a string or a regular expression is touched; such a
/// script must not start a line inside a string with `//` or `/*`.
fn compact_script(source: &str) -> String {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("/*") {
            if let Some(end) = (i..lines.len()).find(|&j| lines[j].contains("*/")) {
                if lines[end].ends_with("*/") {
                    i = end + 1;
                    continue;
                }
            }
        }
        if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::compact_script;

    #[test]
    fn inlined_scripts_lose_comments_and_indentation_only() {
        let source = "/* About this file,\n   on two lines. */\n(function () {\n  // Why.\n  var a = '//kept', b = /\\/\\//;\n\n  /* one line */\n  /* a */ call(a, b);\n})();\n";
        assert_eq!(
            compact_script(source),
            "(function () {\nvar a = '//kept', b = /\\/\\//;\n/* a */ call(a, b);\n})();\n"
        );
    }
}
