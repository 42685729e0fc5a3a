//! The theme's files: the built-in theme compiled into the binary, overridden file by file
//! by the site's own `themes/<name>/`. This reads the disk so that rendering never does.

use crate::diag::{Place, Report};
use crate::minify;
use crate::model::StaticFile;
use crate::site_fs;
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
    "templates/offline.html",
    "templates/print.html",
    "templates/print-benefit.html",
    "templates/print-partner.html",
    "templates/card-benefit.html",
    "templates/card-partner.html",
    "templates/recent.html",
    "templates/copy.html",
    "templates/badge.html",
    "templates/atom.xml",
    "templates/recent.xml",
    "templates/sitemap.xml",
    "templates/robots.txt",
    "static/assets/youdai.css",
    "static/assets/youdai.js",
    "static/assets/finder.js",
    "static/assets/read-aloud.js",
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
    let shown = format!("themes/{name}");
    match site_fs::is_dir(root, &dir) {
        Ok(true) => {}
        Ok(false) => {
            if name != "default" {
                report.error(
                    Place::file("content/site.yaml"),
                    tr!("theme-not-found", name = name),
                );
            }
            return files;
        }
        Err(refusal) => {
            crate::content::refused(&shown, refusal, report);
            return files;
        }
    }
    let found = site_fs::walk(root, &dir);
    for (rel, refusal) in found.refused {
        crate::content::refused(&rel, refusal, report);
    }
    for rel in found.files {
        let inside = rel[shown.len() + 1..].to_string();
        match site_fs::read(root, Path::new(&rel)) {
            Ok(bytes) => add(&mut files, &inside, bytes, &shown, report),
            Err(refusal) => crate::content::refused(&rel, refusal, report),
        }
    }
    files
}

fn add(files: &mut ThemeFiles, rel: &str, bytes: Vec<u8>, shown: &str, report: &mut Report) {
    let file = format!("{shown}/{rel}");
    if let Some(name) = rel.strip_prefix("templates/") {
        match String::from_utf8(bytes) {
            Ok(text) => {
                let text = if name.ends_with(".js") {
                    inlined_script(&text, &file, report)
                } else {
                    text
                };
                files.templates.insert(name.to_string(), text);
                files.origins.insert(name.to_string(), shown.to_string());
            }
            Err(_) => report.error(Place::file(&file), tr!("theme-not-utf8")),
        }
    } else if let Some(path) = rel.strip_prefix("static/") {
        let bytes = match std::str::from_utf8(&bytes) {
            Ok(text) if path.ends_with(".css") => minify::style(text).into_bytes(),
            Ok(text) if path.ends_with(".js") => match minify::script(text) {
                Ok(small) => small.into_bytes(),
                Err(problem) => {
                    unreadable(&file, problem, report);
                    bytes
                }
            },
            _ => bytes,
        };
        files.statics.insert(path.to_string(), bytes);
    }
}

/// A script that a template inlines (`templates/*.js`, such as the search page's),
/// minified and kept from tera (a minified script may well contain `{{`) — unless it is
/// itself written with tera's tags, which minifying would break.
fn inlined_script(text: &str, file: &str, report: &mut Report) -> String {
    if text.contains("{{") || text.contains("{%") || text.contains("{#") {
        return text.to_string();
    }
    match minify::script(text) {
        Ok(small) => format!("{{% raw %}}{small}{{% endraw %}}"),
        Err(problem) => {
            unreadable(file, problem, report);
            format!("{{% raw %}}{text}{{% endraw %}}")
        }
    }
}

/// A script the minifier cannot read is published as written, and the editor is told
/// where the minifier stopped: a browser would most likely stop there too.
fn unreadable(file: &str, problem: minify::Unreadable, report: &mut Report) {
    report.warning(
        Place::new(file, problem.line, problem.col),
        tr!("theme-script-unreadable", detail = problem.detail),
    );
}
