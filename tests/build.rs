//! A small site in, the pages out: output paths, what each page lists, time, the open-data
//! catalog, base URLs, feeds and determinism.
//!
//! The fixture `tests/fixtures/basic` is the town of 测试市 (city) with two counties, 东县
//! (east, with the town 东镇 east-town below it) and 西县 (west). It has, as of 2025-06-01:
//! - benefits: `free-bus` (single mapping, city, travel, active+veteran, valid until 2030),
//!   `east-clinic`, `west-park`, `old-subsidy` (expired 2025-05-31), `future-rebate`
//!   (valid from 2025-07-01) in one sequence, and `water-discount` (Markdown, city, family+veteran);
//! - partners: `east-park` (east, no groups = everyone), `veteran-shop` (city, veteran only),
//!   `old-shop` (expired 2025-01-31), `new-shop` (valid from 2025-09-01);
//! - notices: a pinned one, a current one with `&` and `<...>` in its title, an expired one
//!   and an expired pinned one;
//! - the page `about`, and two static files.

mod common;

use common::*;
use serde_json::{json, Value};

fn basic() -> Built {
    built("basic")
}

/// The ids of the entries of one list of the catalog.
fn ids(catalog: &Value, key: &str) -> Vec<String> {
    catalog[key]
        .as_array()
        .unwrap_or_else(|| panic!("catalog.{key} is a list"))
        .iter()
        .map(|e| e["id"].as_str().expect("every entry has an id").to_string())
        .collect()
}

fn entry<'a>(catalog: &'a Value, key: &str, id: &str) -> &'a Value {
    catalog[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("catalog.{key} has no entry `{id}`"))
}

#[test]
fn every_output_path_of_the_contract_is_written() {
    let site = basic();
    let expected = [
        "index.html",
        "search/index.html",
        "finder/index.html",
        "benefits/index.html",
        "benefits/free-bus/index.html",
        "benefits/east-clinic/index.html",
        "benefits/west-park/index.html",
        "benefits/water-discount/index.html",
        "benefits/old-subsidy/index.html",
        "categories/life/index.html",
        "categories/medical/index.html",
        "categories/travel/index.html",
        "groups/active/index.html",
        "groups/veteran/index.html",
        "groups/family/index.html",
        "regions/city/index.html",
        "regions/east/index.html",
        "regions/west/index.html",
        "regions/east-town/index.html",
        "partners/index.html",
        "partners/east-park/index.html",
        "partners/veteran-shop/index.html",
        "notices/index.html",
        "notices/2025-05-01-pinned/index.html",
        "notices/2025-05-20-latest/index.html",
        "notices/2025-03-01-archived/index.html",
        "notices/2025-02-01-pinned-expired/index.html",
        "notices/atom.xml",
        "about/index.html",
        "api/catalog.json",
        "sitemap.xml",
        "404.html",
    ];
    let missing: Vec<&str> = expected.iter().copied().filter(|p| !site.has(p)).collect();
    assert!(missing.is_empty(), "missing output files: {missing:?}");

    let about = site.page("about/index.html");
    assert!(about.contains("关于本站"), "the page shows its title");
    assert!(
        about.contains("本站由测试市退役军人事务局维护。"),
        "the page shows its body"
    );
}

#[test]
fn static_files_are_copied_unchanged() {
    let site = basic();
    let root = fixture("basic");
    for rel in ["files/guide.pdf", "img/dot.png"] {
        let original = std::fs::read(root.join("content/static").join(rel)).unwrap();
        assert_eq!(site.bytes(rel), original, "{rel} is copied byte for byte");
    }
}

#[test]
fn a_file_holds_one_benefit_or_a_list_and_markdown_bodies_become_details() {
    let site = basic();
    let catalog = site.catalog();
    let benefits = ids(&catalog, "benefits");
    // single.yaml is one mapping, list.yaml a sequence, water-discount.md front matter + body.
    for id in ["free-bus", "east-clinic", "west-park", "water-discount"] {
        assert!(
            benefits.contains(&id.to_string()),
            "{id} is published: {benefits:?}"
        );
    }

    let water = entry(&catalog, "benefits", "water-discount");
    assert_eq!(
        water["details"].as_str().map(str::trim_end),
        Some("减免部分由**市财政**承担。\n\n| 对象 | 每月减免 |\n|---|---|\n| 军属 | 5 吨 |"),
        "the Markdown body is the benefit's details, as source text"
    );

    let page = site.page("benefits/water-discount/index.html");
    assert!(
        page.contains("<strong>市财政</strong>"),
        "details are rendered as HTML"
    );
    assert!(page.contains("<table>"), "Markdown tables are rendered");
    assert!(!page.contains("**市财政**"), "no raw Markdown on the page");

    let clinic = site.page("benefits/east-clinic/index.html");
    assert!(
        clinic.contains("<ol>") && clinic.contains("到挂号窗口出示优待证。"),
        "how_to_claim is rendered as a Markdown list"
    );
}

#[test]
fn region_pages_follow_the_region_tree() {
    let site = basic();
    let city = site.page("regions/city/index.html");
    let east = site.page("regions/east/index.html");
    let west = site.page("regions/west/index.html");
    let free_bus = href("/yd/benefits/free-bus/");
    let clinic = href("/yd/benefits/east-clinic/");
    let park = href("/yd/partners/east-park/");

    // An entry for the city applies in every county below it.
    for (name, page) in [("city", &city), ("east", &east), ("west", &west)] {
        assert!(
            page.contains(&free_bus),
            "free-bus (city) is on regions/{name}"
        );
    }
    // A county's entry applies there only.
    assert!(east.contains(&clinic), "east-clinic is on regions/east");
    assert!(
        !west.contains(&clinic),
        "east-clinic is not on regions/west"
    );
    assert!(
        !city.contains(&clinic),
        "east-clinic is not on the city's page"
    );
    assert!(east.contains(&park), "the east partner is on regions/east");
    assert!(
        !west.contains(&park),
        "the east partner is not on regions/west"
    );
    assert!(
        !city.contains(&park),
        "the east partner is not on the city's page"
    );

    // Two levels down, both parents' entries apply, and no cousin's.
    let town = site.page("regions/east-town/index.html");
    assert!(
        town.contains(&free_bus),
        "the city's entry is on regions/east-town"
    );
    assert!(
        town.contains(&clinic),
        "the county's entry is on regions/east-town"
    );
    assert!(
        town.contains(&park),
        "the county's partner is on regions/east-town"
    );
    assert!(
        !town.contains(&href("/yd/benefits/west-park/")),
        "west-park is not on regions/east-town"
    );
    assert!(
        !east.contains(&href("/yd/benefits/west-park/")),
        "west-park is not on regions/east"
    );
}

#[test]
fn group_pages_list_their_benefits_and_partners_for_everyone() {
    let site = basic();
    let veteran = site.page("groups/veteran/index.html");
    let family = site.page("groups/family/index.html");
    let active = site.page("groups/active/index.html");

    for id in ["free-bus", "east-clinic", "water-discount"] {
        assert!(
            veteran.contains(&href(&format!("/yd/benefits/{id}/"))),
            "{id} is on groups/veteran"
        );
    }
    assert!(
        !veteran.contains(&href("/yd/benefits/west-park/")),
        "west-park is for family only"
    );
    assert!(family.contains(&href("/yd/benefits/west-park/")));
    assert!(
        !family.contains(&href("/yd/benefits/free-bus/")),
        "free-bus is not for family"
    );

    // A partner without `groups` serves every group; one with groups only those.
    for (name, page) in [
        ("veteran", &veteran),
        ("family", &family),
        ("active", &active),
    ] {
        assert!(
            page.contains(&href("/yd/partners/east-park/")),
            "east-park (no groups) is on groups/{name}"
        );
    }
    assert!(veteran.contains(&href("/yd/partners/veteran-shop/")));
    assert!(!family.contains(&href("/yd/partners/veteran-shop/")));
    assert!(!active.contains(&href("/yd/partners/veteran-shop/")));
}

#[test]
fn an_expired_benefit_leaves_the_listings_but_keeps_its_page() {
    let site = basic();
    let link = href("/yd/benefits/old-subsidy/");
    for listing in [
        "benefits/index.html",
        "categories/life/index.html",
        "groups/veteran/index.html",
        "regions/city/index.html",
        "regions/east/index.html",
        "index.html",
    ] {
        assert!(
            !site.page(listing).contains(&link),
            "old-subsidy is not listed on {listing}"
        );
    }
    // The current one in the same category is still listed.
    assert!(site
        .page("categories/life/index.html")
        .contains(&href("/yd/benefits/water-discount/")));

    let page = site.page("benefits/old-subsidy/index.html");
    assert!(
        page.contains("已停发的冬季取暖补贴"),
        "the page still shows the benefit"
    );
    assert!(
        page.contains("已于2025年5月31日到期"),
        "the page says plainly that it is no longer valid"
    );
    assert!(
        !site.page("benefits/free-bus/index.html").contains("已于"),
        "a current benefit is not marked as expired"
    );
}

#[test]
fn the_catalog_keeps_expired_entries_with_their_dates_and_omits_future_ones() {
    // SPEC 6: api/catalog.json holds "every published entry"; SPEC 4 calls an entry whose
    // valid_from is after today "not published yet", while an expired one keeps its page.
    // So the open-data catalog keeps expired entries, with the valid_until that says so.
    let c = basic().catalog();
    let benefits = c["benefits"].as_array().expect("benefits");
    let old = benefits
        .iter()
        .find(|b| b["id"] == "old-subsidy")
        .expect("the expired old-subsidy is in api/catalog.json");
    assert!(old["valid_until"].is_string(), "{old}");
    let partners = ids(&c, "partners");
    assert!(partners.contains(&"old-shop".to_string()), "{partners:?}");
    assert!(!partners.contains(&"new-shop".to_string()), "{partners:?}");
}

#[test]
fn an_expired_partner_leaves_the_listings_but_keeps_its_page_and_a_future_one_waits() {
    let site = basic();
    let old = href("/yd/partners/old-shop/");
    for listing in [
        "partners/index.html",
        "groups/veteran/index.html",
        "regions/city/index.html",
        "regions/east/index.html",
    ] {
        let page = site.page(listing);
        assert!(!page.contains(&old), "old-shop is not listed on {listing}");
        assert!(
            !page.contains("new-shop"),
            "new-shop is not listed on {listing}"
        );
    }
    assert!(site
        .page("partners/index.html")
        .contains(&href("/yd/partners/veteran-shop/")));
    let partners = ids(&site.catalog(), "partners");
    assert!(!partners.contains(&"new-shop".to_string()), "{partners:?}");

    let page = site.page("partners/old-shop/index.html");
    assert!(page.contains("已结束合作的超市"));
    assert!(
        page.contains("已于2025年1月31日"),
        "the page says plainly that the offer ended"
    );
    assert!(
        !site.has("partners/new-shop/index.html"),
        "not published before 2025-09-01"
    );
}

#[test]
fn validity_and_expiry_include_their_last_day() {
    let s = Scratch::of("basic");
    let site = Site(s.out());
    let on = |day: &str| {
        let run = youdai(&[
            "build",
            "--root",
            s.root().to_str().unwrap(),
            "--out",
            s.out().to_str().unwrap(),
            "--today",
            day,
        ]);
        run.expect_code(0);
    };
    // old-subsidy is valid until 2025-05-31: still listed that day.
    on("2025-05-31");
    assert!(site
        .page("benefits/index.html")
        .contains(&href("/yd/benefits/old-subsidy/")));
    // future-rebate is valid from 2025-07-01: published that day.
    on("2025-07-01");
    assert!(site
        .page("benefits/index.html")
        .contains(&href("/yd/benefits/future-rebate/")));
    // The notice expires 2025-04-01: current that day, archived the next.
    on("2025-04-01");
    let notices = site.page("notices/index.html");
    let link = href("/yd/notices/2025-03-01-archived/");
    let at = notices.find(&link).expect("listed");
    assert!(
        notices.find("往期公告").is_none_or(|archive| at < archive),
        "not archived on its last day"
    );
    on("2025-04-02");
    let notices = site.page("notices/index.html");
    let archive = notices.find("往期公告").expect("archive heading");
    assert!(
        notices.find(&link).expect("listed") > archive,
        "archived the day after"
    );
}

#[test]
fn every_page_has_the_search_form_and_the_home_page_leads_everywhere() {
    let site = basic();
    for (path, bytes) in tree(&site.0) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                html.contains("action=\"/yd/search/\""),
                "{path} has a search form that submits to search/"
            );
        }
    }
    let home = site.page("index.html");
    for link in [
        "/yd/finder/",
        "/yd/categories/life/",
        "/yd/categories/medical/",
        "/yd/categories/travel/",
        "/yd/notices/",
    ] {
        assert!(home.contains(&href(link)), "the home page links to {link}");
    }
}

/// What a browser has to show search results or the finder's answer: the text of an
/// output page, every other file in the page's own folder (data published beside it, such
/// as index shards), every local file the page loads (`src="..."`, `data-...="..."`), and
/// every `.js` or `.json` file those scripts name. (A plain link such as the footer's to
/// api/catalog.json is not loaded by the page, so it does not count.)
fn page_with_its_data(site: &Site, page: &str) -> String {
    fn local(url: &str) -> String {
        let url = url.strip_prefix("https://x.gov.cn").unwrap_or(url);
        let url = url.strip_prefix("/yd/").unwrap_or(url);
        let url = url.split(['?', '#']).next().unwrap_or("");
        let mut url = url.trim_start_matches('/');
        while let Some(rest) = url.strip_prefix("./").or_else(|| url.strip_prefix("../")) {
            url = rest;
        }
        url.to_string()
    }
    // Attribute values of src= and data-*= in HTML.
    fn loaded_by_html(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, _) in html.match_indices("=\"") {
            let name_start = html[..i]
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |p| p + 1);
            let name = &html[name_start..i];
            if name == "src" || name.starts_with("data-") {
                let value = &html[i + 2..];
                let value = &value[..value.find('"').unwrap_or(0)];
                out.push(local(value));
            }
        }
        out
    }
    // Quoted strings naming .js or .json files in a script.
    fn named_by_script(js: &str) -> Vec<String> {
        js.split(['"', '\'', '`'])
            .filter(|s| {
                !s.contains(char::is_whitespace) && (s.ends_with(".js") || s.ends_with(".json"))
            })
            .map(local)
            .collect()
    }
    let html = site.page(page);
    let mut text = html.clone();
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = loaded_by_html(&html);
    let folder = page.rsplit_once('/').map_or("", |(dir, _)| dir);
    if !folder.is_empty() {
        queue.extend(
            tree(&site.0.join(folder))
                .into_keys()
                .map(|rel| format!("{folder}/{rel}")),
        );
    }
    while let Some(rel) = queue.pop() {
        if rel.is_empty() || !seen.insert(rel.clone()) || !site.has(&rel) {
            continue;
        }
        let more = String::from_utf8_lossy(&site.bytes(&rel)).into_owned();
        if rel.ends_with(".js") {
            queue.extend(named_by_script(&more));
        }
        text.push_str(&more);
    }
    text
}

/// Asserts that `page` with its data names every current benefit and partner and none of
/// the not yet valid ones. (Expired ones may be in the data if a script filters them out
/// by date; that needs a browser to check.)
fn assert_offers_current_entries(page: &str) {
    let site = basic();
    let text = page_with_its_data(&site, page);
    for id in [
        "free-bus",
        "east-clinic",
        "west-park",
        "water-discount",
        "east-park",
        "veteran-shop",
    ] {
        assert!(
            text.contains(id),
            "{page} (with what it loads) has the current entry {id}"
        );
    }
    for id in ["future-rebate", "new-shop"] {
        assert!(!text.contains(id), "{page} leaves out {id}");
    }
}

#[test]
fn the_search_page_has_every_current_entry_to_find() {
    // SPEC 6: search/index.html shows the results for ?q=WORDS.
    assert_offers_current_entries("search/index.html");
}

#[test]
fn the_finder_page_has_every_current_entry_to_show() {
    // SPEC 6: finder/index.html?group=ID&region=ID shows every current benefit and partner
    // that applies to that group in that region.
    assert_offers_current_entries("finder/index.html");
}

#[test]
fn a_benefit_not_valid_yet_is_not_published() {
    let site = basic();
    assert!(!site.has("benefits/future-rebate/index.html"));
    assert!(!ids(&site.catalog(), "benefits").contains(&"future-rebate".to_string()));
    for listing in [
        "benefits/index.html",
        "categories/life/index.html",
        "groups/veteran/index.html",
    ] {
        assert!(
            !site.page(listing).contains("future-rebate"),
            "not on {listing}"
        );
    }
    assert!(!site.page("sitemap.xml").contains("future-rebate"));
}

#[test]
fn source_date_epoch_is_today_when_no_date_is_given() {
    // 2025-07-02 12:00 UTC: future-rebate (valid from 2025-07-01) is published.
    let july = "1751457600";
    // 2025-06-01 12:00 UTC: it is not.
    let june = "1748779200";
    let s = Scratch::of("basic");
    let root = s.root();
    let out = s.out();
    let (root, out) = (root.to_str().unwrap(), out.to_str().unwrap());
    let args = ["build", "--root", root, "--out", out];

    youdai_env(s.path(), &args, &[("SOURCE_DATE_EPOCH", july)]).expect_code(0);
    let site = Site(s.out());
    assert!(
        site.has("benefits/future-rebate/index.html"),
        "published on 2025-07-02"
    );
    assert!(ids(&site.catalog(), "benefits").contains(&"future-rebate".to_string()));

    youdai_env(s.path(), &args, &[("SOURCE_DATE_EPOCH", june)]).expect_code(0);
    assert!(
        !site.has("benefits/future-rebate/index.html"),
        "not yet on 2025-06-01"
    );

    // --today wins over SOURCE_DATE_EPOCH.
    let mut with_today = args.to_vec();
    with_today.extend(["--today", "2025-06-01"]);
    youdai_env(s.path(), &with_today, &[("SOURCE_DATE_EPOCH", july)]).expect_code(0);
    assert!(
        !site.has("benefits/future-rebate/index.html"),
        "--today overrides the env"
    );
}

#[test]
fn expired_notices_go_to_the_archive_and_pinned_ones_to_the_home_page() {
    let site = basic();
    let home = site.page("index.html");
    let notices = site.page("notices/index.html");
    let pinned = href("/yd/notices/2025-05-01-pinned/");
    let latest = href("/yd/notices/2025-05-20-latest/");
    let archived = href("/yd/notices/2025-03-01-archived/");
    let pinned_expired = href("/yd/notices/2025-02-01-pinned-expired/");

    // Home: the pinned notice, first; current notices; nothing expired, pinned or not.
    assert!(
        home.contains(&pinned),
        "the pinned notice is on the home page"
    );
    assert!(
        home.contains(&latest),
        "the latest notice is on the home page"
    );
    assert!(
        home.find(&pinned) < home.find(&latest),
        "the pinned notice comes first on the home page"
    );
    assert!(
        !home.contains(&archived),
        "an expired notice is not on the home page"
    );
    assert!(
        !home.contains(&pinned_expired),
        "a pinned notice is shown only while not expired"
    );

    // notices/: current ones newest first, then the archive under its heading.
    let heading = notices
        .find("往期公告")
        .expect("notices/index.html has the archive heading");
    let at = |link: &str| {
        notices
            .find(link)
            .unwrap_or_else(|| panic!("{link} is on notices/index.html"))
    };
    assert!(at(&latest) < at(&pinned), "current notices newest first");
    assert!(
        at(&pinned) < heading,
        "a current notice is above the archive"
    );
    assert!(
        at(&archived) > heading,
        "the expired notice is under 往期公告"
    );
    assert!(
        at(&pinned_expired) > heading,
        "the expired pinned notice is under 往期公告"
    );

    // The expired notice keeps its page.
    assert!(site
        .page("notices/2025-03-01-archived/index.html")
        .contains("春节慰问活动安排"));
}

#[test]
fn the_catalog_carries_every_published_entry_as_written_with_its_url() {
    let site = basic();
    let c = site.catalog();
    for key in [
        "site",
        "categories",
        "groups",
        "regions",
        "partner_kinds",
        "benefits",
        "partners",
        "notices",
        "pages",
    ] {
        assert!(c.get(key).is_some(), "api/catalog.json has `{key}`");
    }
    assert_eq!(c["site"]["title"], "测试市优待服务");
    assert_eq!(c["site"]["base_url"], "https://x.gov.cn/yd/");

    // Vocabularies in the order site.yaml lists them.
    assert_eq!(ids(&c, "categories"), ["life", "medical", "travel"]);
    assert_eq!(ids(&c, "groups"), ["active", "veteran", "family"]);
    assert_eq!(ids(&c, "partner_kinds"), ["scenic", "shop"]);
    let mut regions = Vec::new();
    fn collect(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
            Value::Object(map) => {
                if let Some(Value::String(id)) = map.get("id") {
                    out.push(id.clone());
                }
                map.values().for_each(|i| collect(i, out));
            }
            _ => {}
        }
    }
    collect(&c["regions"], &mut regions);
    assert_eq!(
        regions,
        ["city", "east", "east-town", "west"],
        "regions in tree order"
    );

    let benefits = ids(&c, "benefits");
    for id in ["east-clinic", "free-bus", "water-discount", "west-park"] {
        assert!(benefits.contains(&id.to_string()), "{id} is in the catalog");
    }
    assert!(
        !benefits.contains(&"future-rebate".to_string()),
        "not valid yet"
    );

    // A benefit with its fields exactly as written (absent fields omitted) plus its url.
    assert_eq!(
        entry(&c, "benefits", "free-bus"),
        &json!({
            "id": "free-bus",
            "number": 1,
            "title": "免费乘坐市内公交",
            "category": "travel",
            "groups": ["active", "veteran"],
            "region": "city",
            "summary": "凭优待证免费乘坐市内公共汽车。",
            "documents": ["优待证"],
            "valid_until": "2030-12-31",
            "url": "https://x.gov.cn/yd/benefits/free-bus/"
        })
    );
    let clinic = entry(&c, "benefits", "east-clinic");
    assert_eq!(
        clinic["how_to_claim"].as_str().map(str::trim_end),
        Some("1. 到挂号窗口出示优待证。\n2. 免收挂号费。"),
        "Markdown fields are the source text (a trailing newline may go)"
    );
    assert_eq!(
        entry(&c, "benefits", "water-discount")["updated"],
        "2025-01-15"
    );

    assert_eq!(
        entry(&c, "partners", "veteran-shop"),
        &json!({
            "id": "veteran-shop",
            "name": "老兵便利店",
            "kind": "shop",
            "region": "city",
            "offer": "退役军人购物九折。",
            "groups": ["veteran"],
            "phone": "0354-1234567",
            "url": "https://x.gov.cn/yd/partners/veteran-shop/"
        })
    );
    let park = entry(&c, "partners", "east-park");
    assert_eq!(park["requires_card"], true);
    assert!(
        park.get("groups").is_none(),
        "absent `groups` is omitted, not []"
    );

    let notice = entry(&c, "notices", "2025-05-20-latest");
    assert_eq!(
        notice["title"], "水电 & 燃气 <优惠> 说明",
        "titles are raw text in JSON"
    );
    assert_eq!(notice["date"], "2025-05-20");
    assert_eq!(notice["attachments"], json!(["files/guide.pdf"]));
    assert_eq!(
        notice["url"],
        "https://x.gov.cn/yd/notices/2025-05-20-latest/"
    );
    assert!(notice.get("expires").is_none() && notice.get("summary").is_none());
    assert!(
        notice
            .as_object()
            .unwrap()
            .values()
            .any(|v| v.as_str().map(str::trim_end) == Some("新的水电燃气优惠说明见附件。")),
        "the notice's Markdown body is in the catalog as source text: {notice}"
    );
    assert_eq!(
        entry(&c, "notices", "2025-03-01-archived")["expires"],
        "2025-04-01"
    );

    let about = entry(&c, "pages", "about");
    assert_eq!(about["title"], "关于本站");
    assert_eq!(about["order"], 1);
    assert_eq!(about["url"], "https://x.gov.cn/yd/about/");
}

#[test]
fn links_honour_the_path_of_base_url_and_the_command_line_can_override_it() {
    let s = Scratch::of("basic");
    let site = s.built();
    let list = site.page("benefits/index.html");
    assert!(list.contains(&href("/yd/benefits/free-bus/")));
    assert!(
        !list.contains("href=\"/benefits/"),
        "no link skips the /yd/ path"
    );
    // Every link, image and form of every page, 404.html included (it is served at any
    // depth), is under /yd/ or absolute.
    for (path, bytes) in tree(&s.out()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\"", "action=\""] {
            for (i, _) in html.match_indices(attr) {
                let value = &html[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                let ok = [
                    "/yd/", "https://", "http://", "tel:", "mailto:", "geo:", "#",
                ]
                .iter()
                .any(|p| value.starts_with(p));
                assert!(
                    ok,
                    "{path}: {attr}{value}\" does not honour base_url's path"
                );
            }
        }
    }

    // Without the trailing slash, the path is the same folder.
    s.build(&["--base-url", "https://other.example/sub"])
        .expect_code(0);
    let list = site.page("benefits/index.html");
    assert!(
        list.contains(&href("/sub/benefits/free-bus/")),
        "links move to /sub/"
    );
    assert!(!list.contains("/yd/"), "no link keeps the old path");
    assert_eq!(
        entry(&site.catalog(), "benefits", "free-bus")["url"],
        "https://other.example/sub/benefits/free-bus/"
    );
    assert!(site
        .page("sitemap.xml")
        .contains("<loc>https://other.example/sub/benefits/free-bus/</loc>"));
    for (path, bytes) in tree(&s.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("x.gov.cn"),
            "{path} still names the site.yaml host"
        );
    }
}

#[test]
fn the_atom_feed_carries_the_notices_with_escaped_titles() {
    let site = basic();
    let feed = site.page("notices/atom.xml");
    assert!(feed.starts_with("<?xml"), "an XML declaration first");
    assert!(feed.contains("<feed") && feed.contains("http://www.w3.org/2005/Atom"));
    assert!(feed.trim_end().ends_with("</feed>"));
    let entries = count(&feed, "<entry>");
    assert_eq!(entries, count(&feed, "</entry>"), "every entry is closed");
    // The two current notices at least, and never more than the four published.
    assert!((2..=4).contains(&entries), "{entries} entries");
    for id in ["2025-05-20-latest", "2025-05-01-pinned"] {
        assert!(
            feed.contains(&format!("https://x.gov.cn/yd/notices/{id}/")),
            "{id} is in the feed"
        );
    }
    assert!(
        feed.contains("<title>水电 &amp; 燃气 &lt;优惠&gt; 说明</title>"),
        "the title is escaped"
    );
    assert!(!feed.contains("<优惠>"), "no raw `<` from a title");
}

#[test]
fn the_sitemap_lists_absolute_urls() {
    let site = basic();
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<urlset"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() >= 10, "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with("https://x.gov.cn/yd/"), "absolute: {loc}");
    }
    for expected in [
        "https://x.gov.cn/yd/",
        "https://x.gov.cn/yd/benefits/free-bus/",
        "https://x.gov.cn/yd/partners/veteran-shop/",
        "https://x.gov.cn/yd/notices/2025-05-20-latest/",
        "https://x.gov.cn/yd/about/",
    ] {
        assert!(locs.contains(&expected), "{expected} is in the sitemap");
    }
}

#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let s = Scratch::of("basic");
    let a = s.path().join("a");
    let b = s.path().join("b");
    build(&s.root(), &a, &[]).expect_code(0);
    build(&s.root(), &b, &[]).expect_code(0);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 20, "the build wrote the site");
    assert_same_tree(&ta, &tb);

    // The same from inside the site with relative paths: no absolute path leaks in.
    let c = s.path().join("c");
    youdai_in(
        &s.root(),
        &["build", "--root", ".", "--out", "../c", "--today", TODAY],
    )
    .expect_code(0);
    assert_same_tree(&ta, &tree(&c));
}

/// The demo site's notices run up to late 2026, so it is built on a fixed day of that
/// period (2025-06-01 would leave only five of its notices published).
const DEMO_TODAY: &str = "2026-11-01";

#[test]
fn the_repository_demo_site_builds_and_covers_every_vocabulary() {
    let s = Scratch::empty();
    let root = repo_root();
    let (a, b) = (s.path().join("a"), s.path().join("b"));
    let build_demo = |out: &std::path::Path| {
        let run = youdai(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            DEMO_TODAY,
        ]);
        run.expect_code(0);
        assert!(run.errors().is_empty(), "{}", run.stderr);
    };
    build_demo(&a);
    let site = Site(a.clone());
    let c = site.catalog();
    let list = |key: &str| c[key].as_array().cloned().unwrap_or_default();
    let distinct = |items: &[Value], field: &str| -> std::collections::BTreeSet<String> {
        items
            .iter()
            .flat_map(|e| match &e[field] {
                Value::String(s) => vec![s.clone()],
                Value::Array(v) => v
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect(),
                _ => vec![],
            })
            .collect()
    };
    let vocabulary =
        |key: &str| -> std::collections::BTreeSet<String> { ids(&c, key).into_iter().collect() };

    let benefits = list("benefits");
    assert!(benefits.len() >= 40, "{} current benefits", benefits.len());
    assert_eq!(vocabulary("categories").len(), 7);
    assert_eq!(
        distinct(&benefits, "category"),
        vocabulary("categories"),
        "every category is used"
    );
    assert_eq!(vocabulary("groups").len(), 5);
    assert_eq!(
        distinct(&benefits, "groups"),
        vocabulary("groups"),
        "every group is used"
    );
    let partners = list("partners");
    assert!(partners.len() >= 15, "{} current partners", partners.len());
    assert_eq!(
        distinct(&partners, "kind"),
        vocabulary("partner_kinds"),
        "every partner kind is used"
    );
    let notices = list("notices");
    assert!(notices.len() >= 6, "{} notices", notices.len());
    assert!(
        ids(&c, "pages").contains(&"about".to_string()),
        "an about page"
    );
    assert!(site.has("about/index.html"));

    // Every entry of the catalog has its page where its url says.
    for key in ["benefits", "partners", "notices", "pages"] {
        for e in list(key) {
            let url = e["url"].as_str().expect("every entry has a url");
            let rel = url
                .strip_prefix(c["site"]["base_url"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{url} is under base_url"));
            assert!(site.has(&format!("{rel}index.html")), "{url} has a page");
        }
    }

    // And the demo builds the same twice.
    build_demo(&b);
    assert_same_tree(&tree(&a), &tree(&b));
}

/// A rebuild links the files that came out the same from the previous output instead of
/// writing them again (writing is most of a rebuild on a disk); changed files are new.
#[test]
fn a_rebuild_does_not_write_unchanged_files_again() {
    use std::os::unix::fs::MetadataExt;
    let s = Scratch::of("basic");
    s.built();
    let inode = |rel: &str| std::fs::metadata(s.out().join(rel)).unwrap().ino();
    let (same, edited) = (
        inode("partners/index.html"),
        inode("benefits/free-bus/index.html"),
    );
    let text = std::fs::read_to_string(s.root().join("content/benefits/single.yaml")).unwrap();
    s.write(
        "content/benefits/single.yaml",
        &text.replace("免费乘坐市内公交", "免费乘坐市内公交车"),
    );
    let site = s.built();
    assert_eq!(
        inode("partners/index.html"),
        same,
        "an unchanged page was written again"
    );
    assert_ne!(inode("benefits/free-bus/index.html"), edited);
    assert!(site
        .page("benefits/free-bus/index.html")
        .contains("免费乘坐市内公交车"));
    // The previous output is gone and nothing of it lingers beside the new one.
    let beside: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}
