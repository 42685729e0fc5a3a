//! Request to response: which file of the build a URL names (and the many that it must
//! not), its content type, and the live-reload script and error list put into HTML.
//! Files come from the in-memory snapshot only, so nothing else on disk can be reached.

use super::listen::Request;
use super::reload::{self, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::snapshot::{Bytes, Snapshot};
use super::Shared;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Longer request targets are answered 414; browsers themselves stop near 8 KB.
pub(crate) const MAX_URL: usize = 8 * 1024;
pub(crate) const STATUS_PATH: &str = "/_youdai/status";

/// What a request path names in the build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    File(String),
    /// A folder asked for without its trailing slash: where to send the browser.
    Redirect(String),
    Missing,
    /// A path that cannot name a file of the build, and why.
    Refused(PathProblem),
}

/// Why a request path cannot name a file of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PathProblem {
    NoLeadingSlash,
    EmptySegment,
    BadPercent,
    NotUtf8,
    DotSegment,
    SlashInName,
}

impl PathProblem {
    /// What the browser shows: `bad request: ...` in the editor's language.
    fn message(self) -> String {
        let why = match self {
            PathProblem::NoLeadingSlash => tr!("server-path-no-slash"),
            PathProblem::EmptySegment => tr!("server-path-empty-segment"),
            PathProblem::BadPercent => tr!("server-path-bad-percent"),
            PathProblem::NotUtf8 => tr!("server-path-not-utf8"),
            PathProblem::DotSegment => tr!("server-path-dot-segment"),
            PathProblem::SlashInName => tr!("server-path-slash-in-name"),
        };
        tr!("server-bad-request-why", why = why)
    }
}

fn percent_decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let text = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(text, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The output path a request path names, decoded once, segment by segment: an encoded
/// `/` is part of a name and so refused, as are `.`, `..`, empty segments (`//`),
/// backslashes and control characters. What remains can only be a key of the snapshot.
fn output_key(path: &str) -> Result<(String, bool), PathProblem> {
    let rest = path.strip_prefix('/').ok_or(PathProblem::NoLeadingSlash)?;
    if rest.is_empty() {
        return Ok((String::new(), true));
    }
    let folder = rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut names = Vec::new();
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err(PathProblem::EmptySegment);
        }
        let decoded = percent_decode(segment).ok_or(PathProblem::BadPercent)?;
        let name = String::from_utf8(decoded).map_err(|_| PathProblem::NotUtf8)?;
        if name == "." || name == ".." {
            return Err(PathProblem::DotSegment);
        }
        if name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        {
            return Err(PathProblem::SlashInName);
        }
        names.push(name);
    }
    Ok((names.join("/"), folder))
}

pub(crate) fn target(files: &HashMap<String, Bytes>, path: &str) -> Target {
    let (key, folder) = match output_key(path) {
        Ok(found) => found,
        Err(why) => return Target::Refused(why),
    };
    let index = if key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{key}/index.html")
    };
    if folder {
        return if files.contains_key(&index) {
            Target::File(index)
        } else {
            Target::Missing
        };
    }
    if files.contains_key(&key) {
        Target::File(key)
    } else if files.contains_key(&index) {
        Target::Redirect(format!("{path}/"))
    } else {
        Target::Missing
    }
}

/// What the server would send for `path` now, as a number: a page reloads when it changes.
pub(crate) fn fingerprint(snapshot: &Snapshot, path: &str) -> u64 {
    fingerprint_of(snapshot, &target(&snapshot.files, path))
}

fn fingerprint_of(snapshot: &Snapshot, target: &Target) -> u64 {
    let mut h = DefaultHasher::new();
    snapshot.problems.hash(&mut h);
    if snapshot.has_site() {
        match target {
            Target::File(key) => (0u8, key, snapshot.files.get(key)).hash(&mut h),
            Target::Redirect(to) => (1u8, to).hash(&mut h),
            Target::Missing => (2u8, snapshot.files.get("404.html")).hash(&mut h),
            Target::Refused(why) => (3u8, why).hash(&mut h),
        }
    }
    h.finish()
}

pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        "pdf" => "application/pdf",
        "ofd" => "application/ofd",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

#[derive(Debug)]
pub(crate) enum Body {
    Shared(Bytes),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(bytes) => bytes,
            Body::Owned(bytes) => bytes,
        }
    }
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub location: Option<String>,
    pub body: Body,
}

/// What a request is answered with.
pub(crate) enum Answer {
    Reply(Reply),
    /// The connection becomes the live-reload stream of the page at `path`, sent with
    /// fingerprint `hash`.
    Events {
        path: String,
        hash: u64,
    },
}

impl Reply {
    pub(crate) fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Body::Owned(format!("{text}\n").into_bytes()),
        }
    }

    fn html(status: u16, html: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            location: None,
            body: Body::Owned(html),
        }
    }
}

fn split_url(url: &str) -> (&str, &str) {
    let url = url.split('#').next().unwrap_or(url);
    url.split_once('?').unwrap_or((url, ""))
}

/// The answer for a URL of the site.
pub(crate) fn site_reply(snapshot: &Snapshot, url: &str) -> Reply {
    let (path, query) = split_url(url);
    let target = target(&snapshot.files, path);
    let snippet = || {
        let hash = fingerprint_of(snapshot, &target);
        reload::snippet(path, hash, snapshot.problems.as_ref(), snapshot.has_site())
    };
    if !snapshot.has_site() {
        return match &snapshot.problems {
            Some(_) => Reply::html(500, reload::own_page(&tr!("serve-page-errors"), &snippet())),
            None => Reply::html(
                503,
                reload::own_page(&tr!("serve-page-building"), &snippet()),
            ),
        };
    }
    match &target {
        Target::File(key) => {
            let bytes = snapshot.files[key].clone();
            let content_type = content_type(key);
            let body = if content_type.starts_with("text/html") {
                Body::Owned(reload::inject(&bytes, &snippet()))
            } else {
                Body::Shared(bytes)
            };
            Reply {
                status: 200,
                content_type,
                location: None,
                body,
            }
        }
        Target::Redirect(to) => {
            let location = if query.is_empty() {
                to.clone()
            } else {
                format!("{to}?{query}")
            };
            Reply {
                location: Some(location),
                ..Reply::text(301, &tr!("server-moved"))
            }
        }
        Target::Missing => match snapshot.files.get("404.html") {
            Some(page) => Reply::html(404, reload::inject(page, &snippet())),
            None => Reply::text(404, &tr!("server-not-found")),
        },
        Target::Refused(why) => Reply::text(400, &why.message()),
    }
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| percent_decode(v))
        .and_then(|v| String::from_utf8(v).ok())
}

/// Answers one request. Never panics on what a client sends.
pub(crate) fn handle(request: &Request, shared: &Shared) -> Answer {
    let url = request.url.as_str();
    let reply = |r: Reply| Answer::Reply(r);
    if url.len() > MAX_URL {
        return reply(Reply::text(414, &tr!("server-url-too-long")));
    }
    let method = request.method.as_str();
    if !matches!(method, "GET" | "HEAD") {
        return reply(Reply::text(405, &tr!("server-method")));
    }
    let (path, query) = split_url(url);
    match path {
        EVENTS_PATH => {
            let page = query_value(query, "path");
            let hash = query_value(query, "hash").and_then(|h| u64::from_str_radix(&h, 16).ok());
            match (page, hash) {
                _ if method != "GET" => reply(Reply::text(405, &tr!("server-events-method"))),
                (Some(path), Some(hash)) if shared.hub.has_room() => Answer::Events { path, hash },
                (Some(_), Some(_)) => reply(Reply::text(503, &tr!("server-too-many-pages"))),
                _ => reply(Reply::text(400, &tr!("server-events-query"))),
            }
        }
        SCRIPT_PATH => reply(Reply {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            location: None,
            body: Body::Owned(SCRIPT.as_bytes().to_vec()),
        }),
        STATUS_PATH => reply(Reply {
            status: 200,
            content_type: "application/json; charset=utf-8",
            location: None,
            body: Body::Owned(shared.status_json().into_bytes()),
        }),
        _ => reply(site_reply(&shared.current.get(), url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;
    use crate::serve::snapshot::Problems;

    fn site() -> Snapshot {
        let files = [
            "index.html",
            "404.html",
            "benefits/a/index.html",
            "assets/youdai.css",
            "files/%2e%2e.pdf",
        ];
        Snapshot::default().updated(
            files
                .iter()
                .map(|p| OutputFile {
                    path: p.to_string(),
                    bytes: format!("<html><body>{p}</body></html>").into_bytes(),
                })
                .collect(),
            &[],
        )
    }

    #[test]
    fn paths_name_files_folders_and_redirects() {
        let s = site();
        let t = |p: &str| target(&s.files, p);
        assert_eq!(t("/"), Target::File("index.html".into()));
        assert_eq!(
            t("/benefits/a/"),
            Target::File("benefits/a/index.html".into())
        );
        assert_eq!(
            t("/benefits/a/index.html"),
            Target::File("benefits/a/index.html".into())
        );
        assert_eq!(t("/benefits/a"), Target::Redirect("/benefits/a/".into()));
        assert_eq!(
            t("/assets/youdai.css"),
            Target::File("assets/youdai.css".into())
        );
        assert_eq!(t("/assets/youdai.css/"), Target::Missing);
        assert_eq!(t("/benefits/b/"), Target::Missing);
        assert_eq!(
            t("/%62enefits/a/"),
            Target::File("benefits/a/index.html".into())
        );
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        let s = site();
        for path in [
            "/../content/site.yaml",
            "/benefits/../../etc/passwd",
            "/%2e%2e/content/site.yaml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fcontent%2fsite.yaml",
            "/benefits%2f..%2f..%2fsecret",
            "/..\\content\\site.yaml",
            "/%5c..%5csecret",
            "//etc/passwd",
            "/benefits//a/",
            "/./index.html",
            "/%2e/index.html",
            "/a%00.html",
            "/a%0d%0aSet-Cookie:%20x",
            "/%zz",
            "/%e4%b8",
            "*",
            "http://evil.example/",
            "",
        ] {
            assert!(
                matches!(target(&s.files, path), Target::Refused(_)),
                "{path:?} must be refused"
            );
        }
        // Decoded once: a doubly encoded dot is a literal name, which here happens to exist.
        assert_eq!(
            target(&s.files, "/files/%252e%252e.pdf"),
            Target::File("files/%2e%2e.pdf".into())
        );
        assert_eq!(
            target(&s.files, "/%252e%252e/content/site.yaml"),
            Target::Missing
        );
    }

    #[test]
    fn html_gets_the_script_and_nothing_else_does() {
        let s = site();
        let page = site_reply(&s, "/benefits/a/?q=1");
        assert_eq!(
            (page.status, page.content_type),
            (200, "text/html; charset=utf-8")
        );
        let html = String::from_utf8(page.body.as_ref().to_vec()).unwrap();
        assert!(html.ends_with("</script></body></html>"), "{html}");
        assert!(html.contains("data-path=\"/benefits/a/\""));
        let css = site_reply(&s, "/assets/youdai.css");
        assert_eq!(css.content_type, "text/css; charset=utf-8");
        assert!(matches!(css.body, Body::Shared(_)));
        let missing = site_reply(&s, "/nope/");
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(missing.body.as_ref()).contains("404.html"));
        let moved = site_reply(&s, "/benefits/a?x=1");
        assert_eq!(
            (moved.status, moved.location.as_deref()),
            (301, Some("/benefits/a/?x=1"))
        );
        assert_eq!(site_reply(&s, "/../x").status, 400);
    }

    #[test]
    fn errors_show_on_every_page_and_change_its_fingerprint() {
        let mut s = site();
        let before = fingerprint(&s, "/benefits/a/");
        s.problems = Some(Problems {
            lines: vec!["content/site.yaml:1:1: error: broken".into()],
            errors: 1,
        });
        assert_ne!(fingerprint(&s, "/benefits/a/"), before);
        for url in ["/", "/benefits/a/", "/missing/"] {
            let body = String::from_utf8(site_reply(&s, url).body.as_ref().to_vec()).unwrap();
            assert!(
                body.contains("content/site.yaml:1:1: error: broken"),
                "{url}"
            );
        }
        let empty = Snapshot {
            problems: s.problems.clone(),
            ..Snapshot::default()
        };
        let reply = site_reply(&empty, "/anything");
        assert_eq!(reply.status, 500);
        assert!(String::from_utf8_lossy(reply.body.as_ref()).contains("error: broken"));
    }

    #[test]
    fn content_types_say_utf_8_for_text() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("api/catalog.json", "application/json; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("notices/atom.xml", "application/atom+xml; charset=utf-8"),
            ("favicon.svg", "image/svg+xml; charset=utf-8"),
            ("assets/youdai.js", "text/javascript; charset=utf-8"),
            ("files/a.PDF", "application/pdf"),
            ("img/dot.png", "image/png"),
            ("files/unknown.bin", "application/octet-stream"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
