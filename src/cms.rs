//! `youdai cms`: a Decap CMS configuration, so that people who never touch git can edit
//! entries in a browser; each save becomes a commit (or a pull request) on the git host.
//!
//! The form is generated from the same field spec and site vocabularies as the JSON
//! Schemas, so its choices are the ones `youdai check` accepts. Decap edits one entry per
//! file, so its collections are the Markdown files (front matter + body); entries kept in
//! list files (such as an import) are edited in VS Code.

use crate::content::spec::{self, Field, FieldType, Kind, Vocabulary};
use crate::model::{Config, Term};
use crate::yaml_out::{self, Yaml};
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

const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@^3.1.0/dist/decap-cms.js";

fn s(text: &str) -> Yaml {
    Yaml::str(text)
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
        Vocabulary::Region => config
            .regions
            .iter()
            .map(|r| (r.id.clone(), format!("{}{}", "　".repeat(r.depth), r.name)))
            .collect(),
    }
}

/// The hint under a field: its Chinese help.
fn widget(field: &Field, config: &Config) -> Vec<(&'static str, Yaml)> {
    let mut w: Vec<(&'static str, Yaml)> = Vec::new();
    match field.ty {
        FieldType::Id => {
            w.push(("widget", s("string")));
            w.push((
                "pattern",
                Yaml::List(vec![
                    s("^[a-z0-9][a-z0-9-]*$"),
                    s("只能用小写字母 a-z、数字和 -，以字母或数字开头"),
                ]),
            ));
        }
        FieldType::Text if matches!(field.name, "summary" | "offer" | "description") => {
            w.push(("widget", s("text")))
        }
        FieldType::Text | FieldType::Label => w.push(("widget", s("string"))),
        FieldType::Markdown => w.push(("widget", s("markdown"))),
        FieldType::Date => {
            w.push(("widget", s("datetime")));
            w.push(("format", s("YYYY-MM-DD")));
            w.push(("date_format", s("YYYY-MM-DD")));
            w.push(("time_format", Yaml::Bool(false)));
            w.push(("picker_utc", Yaml::Bool(true)));
            if !field.required {
                w.push(("default", s("")));
            }
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
                Yaml::List(vec![s("^https?://"), s("以 https:// 开头的完整网址")]),
            ));
        }
        FieldType::Texts => w.push(("widget", s("list"))),
        FieldType::Paths => {
            w.push(("widget", s("list")));
            w.push((
                "field",
                Yaml::map(vec![
                    ("name", s("file")),
                    ("label", s("文件")),
                    ("widget", s("file")),
                    ("media_folder", s("/content/static/files")),
                    ("public_folder", s("files")),
                ]),
            ));
        }
        FieldType::Ref(v) => {
            w.push(("widget", s("select")));
            w.push(("options", options(vocabulary(config, v))));
        }
        FieldType::Refs(v) => {
            w.push(("widget", s("select")));
            w.push(("multiple", Yaml::Bool(true)));
            if field.required {
                w.push(("min", Yaml::Int(1)));
            }
            w.push(("options", options(vocabulary(config, v))));
        }
        FieldType::Object(kind) => {
            w.push(("widget", s("object")));
            w.push(("collapsed", Yaml::Bool(true)));
            w.push(("fields", fields(kind, config, None)));
        }
        FieldType::Terms => {
            w.push(("widget", s("list")));
            w.push(("summary", s("{{fields.name}} ({{fields.id}})")));
            w.push(("fields", fields(&spec::TERM, config, None)));
        }
        FieldType::Regions => {
            w.push(("widget", s("list")));
            w.push(("summary", s("{{fields.name}} ({{fields.id}})")));
            w.push(("fields", region_fields(config, 3)));
        }
        FieldType::List(kind) => {
            w.push(("widget", s("list")));
            w.push(("fields", fields(kind, config, None)));
        }
        // A mapping of words has no form widget; kept as written, edited in VS Code.
        FieldType::WordMap => w.push(("widget", s("hidden"))),
    }
    w
}

fn one_field(field: &Field, config: &Config, name: &str) -> Yaml {
    let mut entries: Vec<(&str, Yaml)> = vec![("name", s(name)), ("label", s(field.label))];
    entries.extend(widget(field, config));
    // The form names a new notice's or page's file after its id, so the form asks for one.
    let file_id = field.name == "id" && !field.required;
    if file_id {
        entries.push((
            "hint",
            s("网址中使用的编号：小写字母、数字和 -，如 2025-chunjie-weiwen。"),
        ));
        return Yaml::map(entries);
    }
    if !field.required {
        entries.push(("required", Yaml::Bool(false)));
    }
    entries.push(("hint", s(field.help_zh)));
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
                    ("label", s(f.label)),
                    ("widget", s("list")),
                    ("required", Yaml::Bool(false)),
                    ("summary", s("{{fields.name}} ({{fields.id}})")),
                    ("hint", s(f.help_zh)),
                    ("fields", region_fields(config, depth - 1)),
                ]));
            }
        } else {
            list.push(one_field(f, config, f.name));
        }
    }
    Yaml::List(list)
}

/// The fields of `kind` as Decap fields; `body` names the field that Decap keeps as the
/// Markdown body of the file.
fn fields(kind: &Kind, config: &Config, body: Option<&str>) -> Yaml {
    let mut list: Vec<Yaml> = kind
        .fields
        .iter()
        .map(|f| {
            let name = if Some(f.name) == body { "body" } else { f.name };
            one_field(f, config, name)
        })
        .collect();
    if body.is_none() && (std::ptr::eq(kind, &spec::NOTICE) || std::ptr::eq(kind, &spec::PAGE)) {
        list.push(Yaml::map(vec![
            ("name", s("body")),
            ("label", s("正文")),
            ("widget", s("markdown")),
            ("hint", s("正文（Markdown）。")),
        ]));
    }
    Yaml::List(list)
}

fn folder_collection(
    name: &str,
    kind: &Kind,
    config: &Config,
    body: Option<&str>,
    extra: Vec<(&str, Yaml)>,
) -> Yaml {
    let mut entries = vec![
        ("name", s(name)),
        ("label", s(kind.label)),
        ("label_singular", s(kind.label)),
        ("folder", s(&format!("content/{name}"))),
        ("extension", s("md")),
        ("format", s("frontmatter")),
        ("create", Yaml::Bool(true)),
    ];
    entries.extend(extra);
    entries.push(("fields", fields(kind, config, body)));
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
        ("locale", s("zh_Hans")),
        ("site_url", s(&config.base_url)),
        ("display_url", s(&config.base_url)),
        ("media_folder", s("content/static/files")),
        ("public_folder", s(&format!("{}files", config.base_path))),
        ("omit_empty_optional_fields", Yaml::Bool(true)),
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
        folder_collection(
            "notices",
            &spec::NOTICE,
            config,
            None,
            vec![
                ("identifier_field", s("title")),
                ("slug", s("{{year}}-{{month}}-{{day}}-{{id}}")),
                ("summary", s("{{date}} {{title}}")),
                ("sortable_fields", Yaml::List(vec![s("date"), s("title")])),
            ],
        ),
        folder_collection(
            "pages",
            &spec::PAGE,
            config,
            None,
            vec![
                ("identifier_field", s("title")),
                ("slug", s("{{id}}")),
                ("sortable_fields", Yaml::List(vec![s("order"), s("title")])),
            ],
        ),
        Yaml::map(vec![
            ("name", s("settings")),
            ("label", s(spec::SITE.label)),
            ("editor", Yaml::map(vec![("preview", Yaml::Bool(false))])),
            (
                "files",
                Yaml::List(vec![Yaml::map(vec![
                    ("name", s("site")),
                    ("label", s("站点设置与词表 (site.yaml)")),
                    ("file", s("content/site.yaml")),
                    ("format", s("yml")),
                    ("fields", fields(&spec::SITE, config, None)),
                ])]),
            ),
        ]),
    ];
    root.push(("collections", Yaml::List(collections)));
    let header = "# Decap CMS 的配置，由 `youdai cms` 根据 content/site.yaml 生成；修改 site.yaml 后请重新生成。\n\
                  # The Decap CMS configuration, generated by `youdai cms` from content/site.yaml.\n";
    format!("{header}{}", yaml_out::to_string(&Yaml::map(root)))
}

pub fn index_html(config: &Config) -> String {
    let title = config
        .title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  <meta name=\"robots\" content=\"noindex\">\n  <title>内容管理 · {title}</title>\n</head>\n<body>\n  <!-- Decap CMS reads config.yml beside this file. -->\n  <script src=\"{DECAP_SCRIPT}\"></script>\n</body>\n</html>\n"
    )
}

/// Writes `config.yml` and `index.html` into `dir`; returns the files written.
pub fn write(dir: &Path, config: &Config, backend: &Backend) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = [
        ("config.yml", config_yml(config, backend)),
        ("index.html", index_html(config)),
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
