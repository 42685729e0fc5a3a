//! The service worker that keeps opened pages, the home page, the finder and the search
//! index working with no signal. Its version is a hash of the site, so it updates itself
//! whenever the site changes; the site works fully without it.

use crate::model::Site;
use crate::output::OutputFile;
use crate::routes::{self, Urls};
use crate::theme::ThemeFiles;

/// A fast hash, stable across builds and platforms, which is all a cache version needs:
/// FNV-1a's constants over eight bytes at a time (the catalog it covers is megabytes).
fn version_hash(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for part in parts {
        let mut words = part.chunks_exact(8);
        for word in &mut words {
            let n = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            hash = (hash ^ n).wrapping_mul(0x100000001b3).rotate_left(29);
        }
        for byte in words.remainder() {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x100000001b3);
        }
        hash ^= part.len() as u64;
    }
    hash
}

pub fn service_worker(site: &Site, catalog: &[u8], theme: &ThemeFiles) -> OutputFile {
    let urls = Urls {
        config: &site.config,
    };
    let mut parts: Vec<&[u8]> = vec![catalog];
    parts.extend(theme.templates.values().map(|t| t.as_bytes()));
    parts.extend(theme.statics.values().map(Vec::as_slice));
    let version = format!("yd-{:016x}", version_hash(&parts));
    let base = urls.path(routes::HOME);
    let precache: Vec<String> = [
        routes::HOME.to_string(),
        routes::FINDER.to_string(),
        routes::SEARCH.to_string(),
        format!("{}youdai.css", routes::ASSETS),
        format!("{}youdai.js", routes::ASSETS),
        routes::NOT_FOUND.to_string(),
    ]
    .iter()
    .map(|p| format!("\"{}\"", urls.path(p)))
    .collect();
    let js = format!(
        r#"/* youdai offline support. Pages are fetched from the network first and kept for when there is no signal; other files are served from the cache and refreshed behind. */
const VERSION = "{version}";
const BASE = "{base}";
const PRECACHE = [{precache}];
self.addEventListener("install", (event) => {{
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
}});
self.addEventListener("activate", (event) => {{
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("yd-") && k !== VERSION).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
}});
function keep(request, response) {{
  if (response && response.ok && response.type === "basic") {{
    const copy = response.clone();
    caches.open(VERSION).then((cache) => cache.put(request, copy));
  }}
  return response;
}}
self.addEventListener("fetch", (event) => {{
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === "navigate") {{
    event.respondWith(fetch(request).then((r) => keep(request, r)).catch(() =>
      caches.match(request, {{ ignoreSearch: true }}).then((hit) => hit || caches.match(BASE + "404.html"))));
    return;
  }}
  event.respondWith(caches.match(request).then((hit) => {{
    const fresh = fetch(request).then((r) => keep(request, r)).catch(() => hit || Response.error());
    return hit || fresh;
  }}));
}});
"#,
        precache = precache.join(", ")
    );
    OutputFile {
        path: "sw.js".into(),
        bytes: js.into_bytes(),
    }
}
