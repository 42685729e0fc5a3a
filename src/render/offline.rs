//! The service worker that keeps the site working with no signal. Its version is a hash of
//! the site, so it updates itself whenever the site changes; the site works fully without it.
//!
//! What a phone keeps, and the budget it keeps it in (BENCHMARKS.md, "Offline"):
//! - at install, the *shell*: the home page, the finder, the search page, the offline page,
//!   the theme's style sheet, scripts and icon, and the first page of every group and region
//!   listing. Its size grows with the number of groups and regions, never with the entries
//!   (every page stays within 30 KB);
//! - at install too, the finder's data, while all of it fits in [`FINDER_BUDGET`]: it is
//!   about as large as the entries' titles and summaries, so a city's catalog fits and a
//!   10,000-entry site does not; there the data of each region is kept once the finder has
//!   fetched it;
//! - as they are used, at most [`KEPT`] more files: every page opened and every file of the
//!   search index or the finder fetched (the first query's fragments included), the oldest
//!   dropped first. What the first visit fetched before the worker was running, the page
//!   tells it (youdai.js), so the first page and the first query are kept too.
//!
//! A page not kept answers with the offline page (what is available, and that the page is
//! not), never with the 404 page: offline, nobody can tell that a page does not exist.

use crate::model::Site;
use crate::output::OutputFile;
use crate::routes::{self, Urls};
use crate::theme::ThemeFiles;

/// Bytes of finder data kept at install at most.
pub const FINDER_BUDGET: usize = 256 * 1024;
/// Files kept as they are used, at most.
pub const KEPT: usize = 120;

/// The addresses kept at install, root-relative: the shell, then the finder's data when it
/// fits in [`FINDER_BUDGET`]. `finder` is the finder page's extras (`search::FinderPage`).
pub fn precache(site: &Site, theme: &ThemeFiles, finder: &serde_json::Value) -> Vec<String> {
    let c = &site.config;
    let urls = Urls { config: c };
    let mut routes: Vec<String> = vec![
        routes::HOME.to_string(),
        routes::FINDER.to_string(),
        routes::SEARCH.to_string(),
        routes::OFFLINE.to_string(),
    ];
    routes.extend(
        theme
            .statics
            .keys()
            .filter(|p| {
                (p.starts_with(routes::ASSETS) && (p.ends_with(".css") || p.ends_with(".js")))
                    || *p == "favicon.svg"
            })
            .cloned(),
    );
    routes.extend(c.groups.iter().map(|g| routes::group(&g.id)));
    routes.extend(c.regions.iter().map(|r| routes::region(&r.id)));
    let mut addresses: Vec<String> = routes.iter().map(|r| urls.path(r)).collect();
    let files: Vec<(String, usize)> =
        serde_json::from_value(finder["files"].clone()).unwrap_or_default();
    let stamp = finder["stamp"].as_str().unwrap_or_default();
    if files.iter().map(|f| f.1).sum::<usize>() <= FINDER_BUDGET {
        addresses.extend(
            files
                .iter()
                .map(|(p, _)| format!("{}{stamp}", urls.path(p))),
        );
    }
    addresses
}

/// The service worker. Its version is the fingerprint of the whole site (`site_print`:
/// the settings, the theme, every entry's source and the search index's stamps) and of what
/// it keeps at install.
pub fn service_worker(
    site: &Site,
    site_print: u64,
    theme: &ThemeFiles,
    finder: &serde_json::Value,
) -> OutputFile {
    let urls = Urls {
        config: &site.config,
    };
    let precache = serde_json::to_string(&precache(site, theme, finder)).unwrap_or_default();
    let version = format!(
        "yd-{:016x}",
        crate::fingerprint::of(&(site_print, &precache))
    );
    let base = urls.path(routes::HOME);
    let offline = urls.path(routes::OFFLINE);
    let js = format!(
        r#"/* youdai offline support (src/render/offline.rs says what is kept and why). Pages come from the network first and are kept for when there is no signal; other files, which never change within a version (the data files' addresses carry a stamp), from the cache first. */
const VERSION = "{version}";
const SHELL = VERSION + "-shell";
const KEPT = VERSION + "-kept";
const KEPT_MAX = {kept};
const BASE = "{base}";
const OFFLINE = "{offline}";
const PRECACHE = {precache};
const SHELL_PAGES = new Set(PRECACHE);
self.addEventListener("install", (event) => {{
  event.waitUntil(caches.open(SHELL)
    .then((cache) => Promise.all(PRECACHE.map((u) => cache.add(u).catch(() => {{}}))))
    .then(() => self.skipWaiting()));
}});
self.addEventListener("activate", (event) => {{
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("yd-") && k !== SHELL && k !== KEPT).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
}});
/* A page is kept under its address without the query: finder/?group=... is finder/. */
function key(url) {{
  return url.pathname.endsWith("/") || url.pathname.endsWith(".html") ? url.origin + url.pathname : url.href;
}}
let trimming = Promise.resolve();
function keep(request, response, as) {{
  if (response && response.ok && response.type === "basic") {{
    const copy = response.clone();
    trimming = trimming.then(() => caches.open(KEPT).then((cache) => cache.put(as || request, copy)
      .then(() => cache.keys())
      .then((keys) => Promise.all(keys.slice(0, Math.max(0, keys.length - KEPT_MAX)).map((k) => cache.delete(k))))))
      .catch(() => {{}});
  }}
  return response;
}}
self.addEventListener("fetch", (event) => {{
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === "navigate") {{
    event.respondWith(fetch(request).then((r) => (SHELL_PAGES.has(url.pathname) ? r : keep(request, r, key(url)))).catch(() =>
      caches.match(key(url), {{ ignoreSearch: true }}).then((hit) => hit || caches.match(OFFLINE))));
    return;
  }}
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((r) => keep(request, r))));
}});
/* What the page fetched before this worker ran (its own address, the search and finder files of its first query): kept too. */
self.addEventListener("message", (event) => {{
  const wanted = (event.data && Array.isArray(event.data.keep) ? event.data.keep : []).slice(0, 60);
  event.waitUntil(Promise.all(wanted.map((u) => {{
    let url;
    try {{ url = new URL(u, self.location.href); }} catch (e) {{ return null; }}
    if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return null;
    return caches.match(key(url)).then((hit) => hit || fetch(url.href).then((r) => keep(url.href, r, key(url)), () => null));
  }})).then(() => trimming));
}});
"#,
        kept = KEPT,
    );
    OutputFile {
        path: routes::SERVICE_WORKER.into(),
        bytes: js.into_bytes(),
    }
}
