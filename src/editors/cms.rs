//! `youdai cms`: a Decap CMS configuration, so that people who never touch git can edit
//! entries in a browser; each save becomes a commit (or a pull request) on the git host.
//!
//! The form is generated from the same field spec and site vocabularies as the JSON
//! Schemas, so its choices are the ones `youdai check` accepts, and what it saves passes
//! `youdai check` (tests/browser/decap.test.mjs saves one entry of each kind through the
//! real Decap and checks the files). Decap edits one entry per file, so its collections are
//! the Markdown files (front matter + body); entries kept in list files (such as an import)
//! are edited in VS Code. The form speaks the editor's language (`--lang`), Chinese by
//! default.

use crate::content::spec::{self, Field, FieldType, Kind, Vocabulary};
use crate::editors::yaml_out::{self, Yaml};
use crate::i18n::{lang, Lang};
use crate::model::{Config, Term};
use std::path::{Path, PathBuf};

/// Where the editor is published: `content/static/` is copied to the site's root.
pub const DEFAULT_DIR: &str = "content/static/admin";

/// The git host Decap commits through.
#[derive(Clone, Debug)]
pub struct Backend {
    /// github, gitlab, gitea or git-gateway
    pub name: String,
    /// owner/name
    pub repo: String,
    pub branch: String,
    /// A self-hosted git server, such as https://git.example.gov.cn
    pub host: Option<String>,
    /// The OAuth application id (GitLab and Gitea).
    pub app_id: Option<String>,
}

/// The Decap CMS release the form is made for and tested with (tests/browser/package.json
/// pins the same version).
pub const DECAP_VERSION: &str = "3.16.3";
/// Where the form loads it from by default: a pinned version, never a range, so that the
/// integrity hash below holds.
pub const DECAP_URL: &str = "https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js";
/// The Subresource Integrity hash of `dist/decap-cms.js` of that version in the npm package:
/// the browser refuses to run a file with other bytes, whoever serves it. Its lazily loaded
/// parts (CodeMirror language modes of the code widget) are not used by the form.
pub const DECAP_INTEGRITY: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";

/// Leaves empty optional fields out of saved files, and shows a vocabulary value written as
/// a name as the choice it names (see the file).
const FORM_SCRIPT: &str = include_str!("cms/form.js");

fn s(text: &str) -> Yaml {
    Yaml::str(text)
}

fn chinese() -> bool {
    lang() == Lang::Chinese
}

/// A field's label in the form: the Chinese label the bureau's sheets use, or in English
/// the field's own name.
fn label(field: &Field) -> &'static str {
    if chinese() {
        field.label
    } else {
        field.name
    }
}

fn help(field: &Field) -> &'static str {
    if chinese() {
        field.help_zh
    } else {
        field.help_en
    }
}

fn options(terms: Vec<(String, String)>) -> Yaml {
    Yaml::List(
        terms
            .into_iter()
            .map(|(id, name)| Yaml::map(vec![("label", Yaml::Str(name)), ("value", Yaml::Str(id))]))
            .collect(),
    )
}

fn vocabulary(config: &Config, v: Vocabulary) -> Vec<(String, String)> {
    let terms = |terms: &[Term]| {
        terms
            .iter()
            .map(|t| (t.id.clone(), t.name.clone()))
            .collect::<Vec<_>>()
    };
    match v {
        Vocabulary::Category => terms(&config.categories),
        Vocabulary::Group => terms(&config.groups),
        Vocabulary::PartnerKind => terms(&config.partner_kinds),
        // Indented with ideographic spaces to show the tree; form.js trims them when it
        // matches a name written in a file.
        Vocabulary::Region => config
            .regions
            .iter()
            .map(|r| (r.id.clone(), format!("{}{}", "　".repeat(r.depth), r.name)))
            .collect(),
    }
}

/// The widget of a field and its settings.
fn widget(field: &Field, config: &Config) -> Vec<(&'static str, Yaml)> {
    let mut w: Vec<(&'static str, Yaml)> = Vec::new();
    match field.ty {
        FieldType::Id => {
            w.push(("widget", s("string")));
            w.push((
                "pattern",
                Yaml::List(vec![s("^[a-z0-9][a-z0-9-]*$"), s(&tr!("cms-id-pattern"))]),
            ));
        }
        FieldType::Text if matches!(field.name, "summary" | "offer" | "description") => {
            w.push(("widget", s("text")))
        }
        FieldType::Text | FieldType::Label => w.push(("widget", s("string"))),
        FieldType::Markdown => w.push(("widget", s("markdown"))),
        FieldType::Date => {
            // A date picker that writes YYYY-MM-DD. No default: a default of "" would be
            // written as `valid_from: ""` when left alone.
            w.push(("widget", s("datetime")));
            w.push(("format", s("YYYY-MM-DD")));
            w.push(("date_format", s("YYYY-MM-DD")));
            w.push(("time_format", Yaml::Bool(false)));
            w.push(("picker_utc", Yaml::Bool(true)));
        }
        FieldType::Bool => {
            w.push(("widget", s("boolean")));
            w.push(("default", Yaml::Bool(false)));
        }
        FieldType::Integer => {
            w.push(("widget", s("number")));
            w.push(("value_type", s("int")));
        }
        FieldType::Number => {
            let limit = if field.name == "lat" { 90 } else { 180 };
            w.push(("widget", s("number")));
            w.push(("value_type", s("float")));
            w.push(("min", Yaml::Int(-limit)));
            w.push(("max", Yaml::Int(limit)));
        }
        FieldType::Url => {
            w.push(("widget", s("string")));
            w.push((
                "pattern",
                Yaml::List(vec![s("^https?://"), s(&tr!("cms-url-pattern"))]),
            ));
        }
        FieldType::Texts => w.push(("widget", s("list"))),
        FieldType::Paths => {
            w.push(("widget", s("list")));
            w.push((
                "field",
                Yaml::map(vec![
                    ("name", s("file")),
                    ("label", s(&tr!("cms-attachment-file"))),
                    ("widget", s("file")),
                    ("media_folder", s("/content/static/files")),
                    ("public_folder", s("files")),
                ]),
            ));
        }
        // form.js's `youdai-choice` is Decap's select that also shows names as choices.
        FieldType::Ref(v) => {
            w.push(("widget", s("youdai-choice")));
            w.push(("options", options(vocabulary(config, v))));
        }
        FieldType::Refs(v) => {
            w.push(("widget", s("youdai-choice")));
            w.push(("multiple", Yaml::Bool(true)));
            if field.required {
                w.push(("min", Yaml::Int(1)));
            }
            w.push(("options", options(vocabulary(config, v))));
        }
        FieldType::Object(kind) => {
            w.push(("widget", s("object")));
            w.push(("collapsed", Yaml::Bool(true)));
            w.push(("fields", fields(kind, config, None, !field.required)));
        }
        FieldType::Terms => {
            w.push(("widget", s("list")));
            w.push(("summary", s("{{fields.name}} ({{fields.id}})")));
            w.push(("fields", fields(&spec::TERM, config, None, false)));
        }
        FieldType::Regions => {
            w.push(("widget", s("list")));
            w.push(("summary", s("{{fields.name}} ({{fields.id}})")));
            w.push(("fields", region_fields(config, 3)));
        }
        FieldType::List(kind) => {
            w.push(("widget", s("list")));
            w.push(("fields", fields(kind, config, None, false)));
        }
        // A mapping of words has no form widget; kept as written, edited in VS Code.
        FieldType::WordMap => w.push(("widget", s("hidden"))),
    }
    w
}

/// One field of the form. `in_optional` is true inside an optional mapping (a partner's
/// `location`), whose own fields the form must not demand: Decap would not save a partner
/// without a place on the map.
fn one_field(field: &Field, config: &Config, name: &str, in_optional: bool) -> Yaml {
    let mut entries: Vec<(&str, Yaml)> = vec![("name", s(name)), ("label", s(label(field)))];
    entries.extend(widget(field, config));
    if !field.required || in_optional {
        entries.push(("required", Yaml::Bool(false)));
    }
    let hint = match field.ty {
        // A notice's or page's id is its file name unless written: the form must not ask
        // for one, and changing it changes the page's address.
        FieldType::Id if !field.required && field.name == "id" => tr!("cms-hint-file-id"),
        FieldType::Object(_) if !field.required => {
            format!("{}{}", help(field), tr!("cms-hint-optional-object"))
        }
        _ => help(field).to_string(),
    };
    entries.push(("hint", Yaml::Str(hint)));
    Yaml::map(entries)
}

/// The region tree, `depth` levels deep (Decap forms cannot recurse).
fn region_fields(config: &Config, depth: usize) -> Yaml {
    let mut list = Vec::new();
    for f in spec::REGION.fields {
        if f.name == "children" {
            if depth > 1 {
                list.push(Yaml::map(vec![
                    ("name", s("children")),
                    ("label", s(label(f))),
                    ("widget", s("list")),
                    ("required", Yaml::Bool(false)),
                    ("summary", s("{{fields.name}} ({{fields.id}})")),
                    ("hint", s(help(f))),
                    ("fields", region_fields(config, depth - 1)),
                ]));
            }
        } else {
            list.push(one_field(f, config, f.name, false));
        }
    }
    Yaml::List(list)
}

/// The fields of `kind` as Decap fields; `body` names the field that Decap keeps as the
/// Markdown body of the file.
fn fields(kind: &Kind, config: &Config, body: Option<&str>, in_optional: bool) -> Yaml {
    let mut list: Vec<Yaml> = kind
        .fields
        .iter()
        .map(|f| {
            let name = if Some(f.name) == body { "body" } else { f.name };
            one_field(f, config, name, in_optional)
        })
        .collect();
    if body.is_none() && (std::ptr::eq(kind, &spec::NOTICE) || std::ptr::eq(kind, &spec::PAGE)) {
        list.push(Yaml::map(vec![
            ("name", s("body")),
            ("label", s(&tr!("cms-body"))),
            ("widget", s("markdown")),
            ("hint", s(&tr!("cms-body-hint"))),
        ]));
    }
    Yaml::List(list)
}

fn folder_collection(
    name: &str,
    label: String,
    kind: &Kind,
    config: &Config,
    body: Option<&str>,
    extra: Vec<(&str, Yaml)>,
) -> Yaml {
    let mut entries = vec![
        ("name", s(name)),
        ("label", s(&label)),
        ("label_singular", s(&label)),
        ("folder", s(&format!("content/{name}"))),
        ("extension", s("md")),
        ("format", s("frontmatter")),
        ("create", Yaml::Bool(true)),
    ];
    entries.extend(extra);
    entries.push(("fields", fields(kind, config, body, false)));
    Yaml::map(entries)
}

/// The Decap configuration as YAML text.
pub fn config_yml(config: &Config, backend: &Backend) -> String {
    let mut b: Vec<(&str, Yaml)> = vec![
        ("name", s(&backend.name)),
        ("repo", s(&backend.repo)),
        ("branch", s(&backend.branch)),
    ];
    if let Some(host) = &backend.host {
        let host = host.trim_end_matches('/');
        let api = match backend.name.as_str() {
            "gitlab" => format!("{host}/api/v4"),
            "gitea" => format!("{host}/api/v1"),
            _ => format!("{host}/api/v3"),
        };
        b.push(("api_root", s(&api)));
        b.push(("base_url", s(host)));
    }
    if matches!(backend.name.as_str(), "gitlab" | "gitea") {
        b.push(("auth_type", s("pkce")));
        b.push((
            "app_id",
            s(backend
                .app_id
                .as_deref()
                .unwrap_or("REPLACE-WITH-OAUTH-APP-ID")),
        ));
    }
    let mut root: Vec<(&str, Yaml)> = vec![("backend", Yaml::map(b))];
    if matches!(backend.name.as_str(), "github" | "gitlab") {
        root.push(("publish_mode", s("editorial_workflow")));
    }
    root.extend([
        ("locale", s(if chinese() { "zh_Hans" } else { "en" })),
        ("site_url", s(&config.base_url)),
        ("display_url", s(&config.base_url)),
        ("media_folder", s("content/static/files")),
        ("public_folder", s(&format!("{}files", config.base_path))),
        (
            "slug",
            Yaml::map(vec![
                ("encoding", s("ascii")),
                ("clean_accents", Yaml::Bool(true)),
                ("sanitize_replacement", s("-")),
            ]),
        ),
    ]);
    let collections = vec![
        folder_collection(
            "benefits",
            tr!("cms-benefits"),
            &spec::BENEFIT,
            config,
            Some("details"),
            vec![
                ("identifier_field", s("id")),
                ("slug", s("{{id}}")),
                ("summary", s("{{number}} {{title}}")),
                (
                    "sortable_fields",
                    Yaml::List(vec![s("number"), s("title"), s("updated")]),
                ),
                ("preview_path", s("benefits/{{fields.id}}/")),
            ],
        ),
        folder_collection(
            "partners",
            tr!("cms-partners"),
            &spec::PARTNER,
            config,
            Some("details"),
            vec![
                ("identifier_field", s("id")),
                ("slug", s("{{id}}")),
                ("summary", s("{{name}}")),
                ("sortable_fields", Yaml::List(vec![s("name"), s("updated")])),
                ("preview_path", s("partners/{{fields.id}}/")),
            ],
        ),
        // A notice's or page's id is its file name unless the front matter gives one, so a
        // new file is named after the id when one is written, else after the date (notices)
        // or `page` (Decap adds -1, -2 to names already taken). The title cannot name it:
        // Chinese letters are not allowed in an id.
        folder_collection(
            "notices",
            tr!("cms-notices"),
            &spec::NOTICE,
            config,
            None,
            vec![
                ("identifier_field", s("title")),
                (
                    "slug",
                    s("{{fields.date}}-{{fields.id | default('notice')}}"),
                ),
                ("summary", s("{{date}} {{title}}")),
                ("sortable_fields", Yaml::List(vec![s("date"), s("title")])),
            ],
        ),
        folder_collection(
            "pages",
            tr!("cms-pages"),
            &spec::PAGE,
            config,
            None,
            vec![
                ("identifier_field", s("title")),
                ("slug", s("{{fields.id | default('page')}}")),
                ("summary", s("{{title}}")),
                ("sortable_fields", Yaml::List(vec![s("order"), s("title")])),
            ],
        ),
        Yaml::map(vec![
            ("name", s("settings")),
            ("label", s(&tr!("cms-settings"))),
            ("editor", Yaml::map(vec![("preview", Yaml::Bool(false))])),
            (
                "files",
                Yaml::List(vec![Yaml::map(vec![
                    ("name", s("site")),
                    ("label", s(&tr!("cms-settings-file"))),
                    ("file", s("content/site.yaml")),
                    ("format", s("yml")),
                    ("fields", fields(&spec::SITE, config, None, false)),
                ])]),
            ),
        ]),
    ];
    root.push(("collections", Yaml::List(collections)));
    let header = format!("# {}\n", tr!("cms-config-header"));
    format!("{header}{}", yaml_out::to_string(&Yaml::map(root)))
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page that loads Decap (from `script`, else the pinned default) and form.js.
pub fn index_html(config: &Config, script: Option<&str>) -> String {
    let title = escape_html(&tr!("cms-page-title", title = config.title.as_str()));
    let html_lang = if chinese() { "zh-CN" } else { "en" };
    let src = escape_html(script.unwrap_or(DECAP_URL));
    format!(
        "<!doctype html>\n<html lang=\"{html_lang}\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  <meta name=\"robots\" content=\"noindex\">\n  <title>{title}</title>\n</head>\n<body>\n  <!-- Decap CMS {DECAP_VERSION} reads config.yml beside this file; the browser runs only the file with this integrity hash. -->\n  <script src=\"{src}\" integrity=\"{DECAP_INTEGRITY}\" crossorigin=\"anonymous\"></script>\n  <script>\n{FORM_SCRIPT}  </script>\n</body>\n</html>\n"
    )
}

/// Writes `config.yml` and `index.html` into `dir`; returns the files written.
pub fn write(
    dir: &Path,
    config: &Config,
    backend: &Backend,
    script: Option<&str>,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = [
        ("config.yml", config_yml(config, backend)),
        ("index.html", index_html(config, script)),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// `owner/name` of the `origin` remote in `.git/config` at or above `root`, if any.
pub fn repo_from_git(root: &Path) -> Option<String> {
    let start = std::path::absolute(root).ok()?;
    let config = start
        .ancestors()
        .map(|d| d.join(".git/config"))
        .find(|p| p.is_file())?;
    let text = std::fs::read_to_string(config).ok()?;
    let mut in_origin = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_origin = line == "[remote \"origin\"]";
        } else if in_origin {
            if let Some(url) = line.strip_prefix("url").map(|r| r.trim_start()) {
                let url = url.strip_prefix('=')?.trim();
                return repo_of_url(url);
            }
        }
    }
    None
}

/// `git@host:owner/name.git` or `https://host/owner/name.git` into `owner/name`.
fn repo_of_url(url: &str) -> Option<String> {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.split_once('/')?.1,
        None => url.split_once(':')?.1,
    };
    let path = path.trim_end_matches('/').trim_end_matches(".git");
    path.contains('/').then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repos_from_remote_urls() {
        assert_eq!(
            repo_of_url("git@github.com:bureau/site.git").as_deref(),
            Some("bureau/site")
        );
        assert_eq!(
            repo_of_url("https://git.example.gov.cn/tyjr/youdai-site.git").as_deref(),
            Some("tyjr/youdai-site")
        );
        assert_eq!(repo_of_url("nonsense"), None);
    }
}
