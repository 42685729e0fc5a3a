//! Output that real clients accept: a JSON reader keeps every field of the catalog, a feed
//! reader finds the notices' links, an XML parser reads the feed whatever the titles hold,
//! the HTML checker finds each anchor once and no link to nowhere, and crawlers find the
//! sitemap. `tests/browser/validate.test.mjs` runs the real validators on the same outputs.

mod common;

use common::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Every key that occurs twice in one JSON object of `text`, as `path.key`. JSON readers
/// keep one of the two silently, so a duplicate is a field lost to every client.
fn duplicate_keys(text: &str) -> Vec<String> {
    struct Dups(Vec<String>);
    impl<'de> Deserialize<'de> for Dups {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dups, D::Error> {
            d.deserialize_any(DupsVisitor)
        }
    }
    struct DupsVisitor;
    impl<'de> Visitor<'de> for DupsVisitor {
        type Value = Dups;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dups, A::Error> {
            let mut seen = std::collections::HashSet::new();
            let mut dups = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let inner: Dups = map.next_value()?;
                dups.extend(inner.0.into_iter().map(|d| format!("{key}.{d}")));
                if !seen.insert(key.clone()) {
                    dups.push(key);
                }
            }
            Ok(Dups(dups))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dups, A::Error> {
            let mut dups = Vec::new();
            let mut i = 0;
            while let Some(inner) = seq.next_element::<Dups>()? {
                dups.extend(inner.0.into_iter().map(|d| format!("[{i}].{d}")));
                i += 1;
            }
            Ok(Dups(dups))
        }
        fn visit_str<E>(self, _: &str) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
        fn visit_unit<E>(self) -> Result<Dups, E> {
            Ok(Dups(Vec::new()))
        }
    }
    serde_json::from_str::<Dups>(text).expect("valid JSON").0
}

#[test]
fn a_partners_website_and_its_page_url_are_two_fields_of_the_catalog() {
    let s = Scratch::of("basic");
    s.write(
        "content/partners/web.yaml",
        "id: web-shop\nname: 网上商店\nkind: shop\nregion: city\noffer: 九折。\nwebsite: https://shop.example.com/youdai\n",
    );
    let site = s.built();
    let text = site.page("api/catalog.json");
    assert_eq!(duplicate_keys(&text), Vec::<String>::new(), "no key twice");
    let catalog = site.catalog();
    let shop = catalog["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "web-shop")
        .expect("the partner is in the catalog");
    assert_eq!(shop["website"], "https://shop.example.com/youdai");
    assert_eq!(shop["url"], "https://x.gov.cn/yd/partners/web-shop/");
    assert!(site
        .page("partners/web-shop/index.html")
        .contains("href=\"https://shop.example.com/youdai\""));
}

#[test]
fn the_demo_catalog_has_no_duplicate_key() {
    let s = Scratch::empty();
    build(&repo_root(), &s.out(), &[]).expect_code(0);
    let site = Site(s.out());
    let text = site.page("api/catalog.json");
    assert_eq!(duplicate_keys(&text), Vec::<String>::new());
    let websites = site.catalog()["partners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["website"].is_string())
        .count();
    assert!(websites >= 3, "the demo partners keep their websites");
}

#[test]
fn a_partner_written_with_url_is_told_the_field_is_now_website() {
    let s = Scratch::of("basic");
    s.write(
        "content/partners/old.yaml",
        "id: old-field\nname: 旧写法\nkind: shop\nregion: city\noffer: 九折。\nurl: https://shop.example.com/\n",
    );
    let run = s.check();
    run.expect_code(1);
    let line = run.error_at("content/partners/old.yaml:6:1: error: ");
    assert!(
        line.contains("`url` is now called `website`")
            && line.contains("website: https://shop.example.com/"),
        "{line}"
    );
    assert_eq!(run.errors().len(), 1, "one error, not also `unknown field`");
}

#[test]
fn relative_links_of_a_notice_are_absolute_in_the_feed() {
    let s = Scratch::of("basic");
    s.write(
        "content/notices/2025-05-25-links.md",
        "---\ntitle: 链接\ndate: 2025-05-25\nsummary: 有相对链接。\n---\n见[关于本站](../../about/)、[公告](/yd/notices/)和[本页小节](#a)。\n\n<a href=\"../2025-05-01-pinned/\">置顶公告</a> ![图](../../files/a.png)\n",
    );
    s.write("content/static/files/a.png", "png");
    let site = s.built();
    let feed = site.page("notices/atom.xml");
    let entry = feed
        .split("<entry>")
        .find(|e| e.contains("2025-05-25-links"))
        .expect("the notice is in the feed");
    let page = "https://x.gov.cn/yd/notices/2025-05-25-links/";
    assert!(
        entry.contains(&format!("<content type=\"html\" xml:base=\"{page}\">")),
        "{entry}"
    );
    for absolute in [
        "href=&quot;https://x.gov.cn/yd/about/&quot;",
        "href=&quot;https://x.gov.cn/yd/notices/&quot;",
        "href=&quot;https://x.gov.cn/yd/notices/2025-05-25-links/#a&quot;",
        "href=&quot;https://x.gov.cn/yd/notices/2025-05-01-pinned/&quot;",
        "src=&quot;https://x.gov.cn/yd/files/a.png&quot;",
    ] {
        assert!(entry.contains(absolute), "{absolute} in {entry}");
    }
    // The page itself keeps them as written: they work where they were written.
    assert!(site
        .page("notices/2025-05-25-links/index.html")
        .contains("href=\"../../about/\""));
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

#[test]
fn characters_xml_forbids_do_not_reach_the_feed_or_the_pages() {
    let s = Scratch::of("basic");
    s.write(
        "content/notices/2025-05-26-odd.md",
        "---\ntitle: \"奇怪\u{FFFE}的\u{1}标题\u{FFFF}\"\ndate: 2025-05-26\nsummary: \"摘要\u{FFFE}\u{85}\"\ntags: [\"标\u{FDD0}签\"]\n---\n正文\u{FFFE}\u{7}里也有\u{10FFFF}。\n",
    );
    s.write(
        "content/benefits/odd.yaml",
        "id: odd\ntitle: \"复制\u{FFFE}来的 R&D 标题\"\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: \"摘要\u{FFFF}\"\n",
    );
    let site = s.built();
    for rel in [
        "notices/atom.xml",
        "sitemap.xml",
        "benefits/odd/index.html",
        "benefits/index.html",
        "notices/2025-05-26-odd/index.html",
        "notices/index.html",
        "index.html",
    ] {
        let text = site.page(rel);
        let bad: Vec<String> = text
            .chars()
            .filter(|&c| !is_xml_char(c) || c.is_control() && !c.is_ascii_whitespace())
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{rel} carries {bad:?}");
    }
    let feed = site.page("notices/atom.xml");
    assert!(
        feed.contains("<title>奇怪的标题</title>"),
        "the rest of the title stays"
    );
    assert!(site
        .page("notices/2025-05-26-odd/index.html")
        .contains("正文里也有"));
    // The QR code's label is escaped like any other text.
    assert!(site
        .page("benefits/odd/index.html")
        .contains("aria-label=\"复制来的 R&amp;D 标题的二维码\""));
}

/// Every `id="..."` of an HTML page.
fn ids_of(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn a_category_and_a_partner_kind_of_the_same_id_have_different_anchors() {
    let s = Scratch::of("basic");
    let site_yaml = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write(
        "content/site.yaml",
        &site_yaml.replace(
            "  - { id: shop, name: 生活服务网点 }",
            "  - { id: shop, name: 生活服务网点 }\n  - { id: medical, name: 医疗机构 }",
        ),
    );
    s.write(
        "content/partners/clinic.yaml",
        "id: city-clinic\nname: 市门诊部\nkind: medical\nregion: city\noffer: 免挂号费。\n",
    );
    let site = s.built();
    for rel in [
        "groups/veteran/index.html",
        "regions/east/index.html",
        "partners/index.html",
        "index.html",
    ] {
        let html = site.page(rel);
        let mut ids = ids_of(&html);
        ids.sort_unstable();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids, unique, "{rel}: an id occurs twice");
    }
    let group = site.page("groups/veteran/index.html");
    assert!(group.contains("id=\"c-medical\"") && group.contains("id=\"k-medical\""));
    // Every link to a partner kind finds its section.
    assert!(site
        .page("partners/index.html")
        .contains("id=\"k-medical\""));
    assert!(site
        .page("index.html")
        .contains(&href("/yd/partners/#k-medical")));
    assert!(site
        .page("partners/city-clinic/index.html")
        .contains(&href("/yd/partners/#k-medical")));
    let catalog = site.catalog();
    let kind = catalog["partner_kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "medical")
        .unwrap();
    assert_eq!(kind["url"], "https://x.gov.cn/yd/partners/#k-medical");
}

/// Every start tag `<name ...>` of an HTML page.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    let bare = format!("<{name}>");
    html.match_indices(&open)
        .chain(html.match_indices(&bare))
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn a_link_or_image_whose_unsafe_address_is_dropped_leaves_its_text_not_an_empty_tag() {
    let built = built("unsafe");
    let mut wrong = Vec::new();
    for (rel, bytes) in tree(&built.0) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for a in tags(&html, "a") {
            if !a.contains(" href=\"") || a.contains(" href=\"\"") {
                wrong.push(format!("{rel}: {a}"));
            }
        }
        for img in tags(&html, "img") {
            if !img.contains(" src=\"") || !img.contains(" alt=\"") {
                wrong.push(format!("{rel}: {img}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let page = built.page("benefits/evil-md/index.html");
    for text in ["点我", "这个", "那个"] {
        assert!(page.contains(text), "the link text `{text}` stays");
    }
}

#[test]
fn robots_txt_lets_crawlers_in_and_names_the_sitemap() {
    let site = built("basic");
    let robots = site.page("robots.txt");
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://x.gov.cn/yd/sitemap.xml"),
        "{robots}"
    );
    assert!(!robots.contains("Disallow: /\n"), "nothing is shut out");

    let s = Scratch::of("basic");
    s.write("content/static/robots.txt", "User-agent: *\nDisallow: /\n");
    let run = s.build(&[]);
    run.expect_code(1);
    run.error_at("content/static/robots.txt:");
}
