//! Every path of the output and the address that links to it. Pages, listings, feeds, the
//! search index, the service worker, the preview server and the check that keeps static
//! files from overwriting pages all ask here, so that nothing is written at one path and
//! linked at another.

use crate::model::Config;

/// Rows per listing page; long listings continue at `<dir>page/N/`.
pub const PAGE_SIZE: usize = 40;

pub const HOME: &str = "";
pub const BENEFITS: &str = "benefits/";
pub const PARTNERS: &str = "partners/";
pub const NOTICES: &str = "notices/";
pub const SEARCH: &str = "search/";
pub const FINDER: &str = "finder/";
/// 最近更新: the latest changes across the site.
pub const RECENT: &str = "recent/";
pub const NOTICES_FEED: &str = "notices/atom.xml";
pub const RECENT_FEED: &str = "recent/atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const CATALOG: &str = "api/catalog.json";
pub const SERVICE_WORKER: &str = "sw.js";
pub const NOT_FOUND: &str = "404.html";
/// What the service worker shows for a page not kept on the phone while it is offline.
pub const OFFLINE: &str = "offline.html";
/// The search index's files (`search/i/N.bin`, `search/d/N.txt`, ...).
pub const SEARCH_DATA: &str = "search/";
/// The finder's answers, per group and region.
pub const FINDER_DATA: &str = "finder/data/";
/// The theme's CSS, scripts and images.
pub const ASSETS: &str = "assets/";

pub fn benefit(id: &str) -> String {
    format!("{BENEFITS}{id}/")
}
pub fn partner(id: &str) -> String {
    format!("{PARTNERS}{id}/")
}
pub fn notice(id: &str) -> String {
    format!("{NOTICES}{id}/")
}
pub fn page(id: &str) -> String {
    format!("{id}/")
}
pub fn category(id: &str) -> String {
    format!("categories/{id}/")
}
pub fn group(id: &str) -> String {
    format!("groups/{id}/")
}
pub fn region(id: &str) -> String {
    format!("regions/{id}/")
}
/// A region's printable catalog.
pub fn region_print(id: &str) -> String {
    format!("regions/{id}/print/")
}

/// The partners that serve a region: its own and those of the regions above it.
pub fn region_partners(id: &str) -> String {
    format!("regions/{id}/partners/")
}

/// The anchor of a category's section in a listing. A category and a partner kind may share
/// an id (`medical`) and head sections of the same group or region page, so each kind of
/// section has its own prefix, which also keeps them apart from the page's own ids (`main`).
pub fn category_anchor(id: &str) -> String {
    format!("c-{id}")
}

/// The anchor of a partner kind's section in a listing; see [`category_anchor`].
pub fn kind_anchor(id: &str) -> String {
    format!("k-{id}")
}

/// A partner kind has no page of its own: it is a section of the partners listing.
pub fn partner_kind(id: &str) -> String {
    format!("{PARTNERS}#{}", kind_anchor(id))
}

/// Page `n` (from 1) of the listing at `dir`.
pub fn listing_page(dir: &str, n: usize) -> String {
    if n <= 1 {
        dir.to_string()
    } else {
        format!("{dir}page/{n}/")
    }
}

/// The file a route is written to: `benefits/x/` → `benefits/x/index.html`; files such as
/// `404.html` are themselves.
pub fn file(route: &str) -> String {
    if route.is_empty() || route.ends_with('/') {
        format!("{route}index.html")
    } else {
        route.to_string()
    }
}

/// The output path of an attachment written under `content/static/`.
pub fn attachment(written: &str) -> String {
    let clean = written.trim_start_matches('/');
    clean
        .strip_prefix("content/static/")
        .unwrap_or(clean)
        .to_string()
}

/// The top-level folders the build writes pages and data into.
const SECTIONS: &[&str] = &[
    "api",
    "benefits",
    "categories",
    "finder",
    "groups",
    "notices",
    "partners",
    "recent",
    "regions",
    "search",
];

/// The top-level files the build writes.
const TOP_FILES: &[&str] = &[
    "index.html",
    NOT_FOUND,
    OFFLINE,
    SITEMAP,
    ROBOTS,
    SERVICE_WORKER,
];

/// Whether a free page may not have this id: its folder would be one of the build's own.
pub fn is_reserved_page_id(id: &str) -> bool {
    SECTIONS.contains(&id) || ["admin", "assets", "index", "sitemap", "static", "404"].contains(&id)
}

/// Whether a static file at `path` (relative to the output) would land where the build
/// writes: in one of its sections, on one of its top-level files, or on a free page.
pub fn is_generated(path: &str, page_ids: &[&str]) -> bool {
    let first = path.split('/').next().unwrap_or("");
    TOP_FILES.contains(&path)
        || (path.contains('/') && SECTIONS.contains(&first))
        || page_ids.iter().any(|id| path == file(&page(id)))
}

/// Output paths and the addresses that link to them, honouring the path of `base_url`.
#[derive(Clone, Copy)]
pub struct Urls<'a> {
    pub config: &'a Config,
}

impl Urls<'_> {
    /// `benefits/x/` → `/yd/benefits/x/`.
    pub fn path(&self, route: &str) -> String {
        format!("{}{}", self.config.base_path, route)
    }

    /// `benefits/x/` → `https://example.gov.cn/yd/benefits/x/`.
    pub fn absolute(&self, route: &str) -> String {
        format!("{}{}", self.config.base_url, route)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_may_not_take_generated_paths() {
        let pages = ["about"];
        for taken in [
            "index.html",
            "offline.html",
            "sitemap.xml",
            "robots.txt",
            "search/i/3.bin",
            "finder/data/veteran.json",
            "benefits/x/index.html",
            "about/index.html",
        ] {
            assert!(is_generated(taken, &pages), "{taken}");
        }
        for free in [
            "files/a.pdf",
            "assets/logo.png",
            "img/x.png",
            "about/photo.jpg",
        ] {
            assert!(!is_generated(free, &pages), "{free}");
        }
    }

    #[test]
    fn listing_pages_and_files() {
        assert_eq!(listing_page(BENEFITS, 1), "benefits/");
        assert_eq!(listing_page(BENEFITS, 3), "benefits/page/3/");
        assert_eq!(file(HOME), "index.html");
        assert_eq!(file(NOT_FOUND), "404.html");
        assert_eq!(file(&benefit("x")), "benefits/x/index.html");
    }
}
