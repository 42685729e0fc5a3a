//! What a government website must carry (《政府网站发展指引》, 《政府网站网页设计规范》) and what
//! builds citizens' trust: the 备案 footer, the head metadata, the 政务公开 table of notices,
//! "我要纠错" on every page, 变更记录 and 最近更新, the office of each region, the
//! sitemap's dates, and the spot-check warnings of `youdai check`.

mod common;

use common::*;

/// The basic fixture run as a `.gov.cn` bureau's site: publisher, feedback, region offices,
/// a change history and a notice with its 政务公开 fields.
fn government_site() -> Scratch {
    let s = Scratch::of("basic");
    let site = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    let site = site
        .replace("base_url: https://x.gov.cn/yd/", "base_url: https://tyjrswj.test.gov.cn/yd/")
        .replace(
            "regions:\n  - id: city\n    name: 测试市\n",
            "regions:\n  - id: city\n    name: 测试市\n    contact: { phone: \"0354-1110000\", address: 测试市人民路1号 }\n",
        )
        .replace(
            "        name: 东县\n",
            "        name: 东县\n        contact: { phone: \"0354-2220000\", address: 东县城关镇2号, hours: 工作日 }\n",
        );
    assert!(
        site.contains("0354-2220000"),
        "the fixture's site.yaml changed"
    );
    s.write(
        "content/site.yaml",
        &format!(
            "{site}publisher:\n  name: 测试市退役军人事务局\n  operator: 测试市政务信息中心\n  site_code: \"1407000012\"\n  icp: 晋ICP备12345678号\n  police: 晋公网安备14070202000123号\nfeedback: mailto:jiucuo@test.gov.cn\n"
        ),
    );
    s.write(
        "content/benefits/changed.yaml",
        "id: changed\ntitle: 门诊挂号费减免\ncategory: medical\ngroups: [veteran]\nregion: east\nsummary: 免收普通门诊挂号费。\nupdated: 2025-05-01\nchanges:\n  - { date: 2025-01-10, note: 减免范围扩大到乡镇卫生院。 }\n  - { date: 2025-05-01, note: 新增线上挂号减免。 }\n",
    );
    s.write(
        "content/notices/2025-05-28-gongshi.md",
        "---\ntitle: 优待金发放公示\ndate: 2025-05-28\nsummary: 公示期五个工作日。\ndoc_number: 测退役军人〔2025〕12号\nwritten: 2025-05-26\nindex_no: 11140700MB0000000X/2025-00012\n---\n公示内容。\n",
    );
    s
}

fn meta(html: &str, name: &str) -> Option<String> {
    let needle = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// Percent-decoding of a query value.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The 我要纠错 link of a page, taken apart: its address and its query, decoded.
fn feedback(html: &str) -> (String, Vec<(String, String)>) {
    let start = html
        .find("class=\"feedback\" href=\"")
        .expect("a 我要纠错 link")
        + 23;
    let end = html[start..].find('"').unwrap() + start;
    let href = html[start..end].replace("&amp;", "&");
    let (address, query) = href.split_once('?').expect("a query");
    let pairs = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), decode(v))
        })
        .collect();
    (address.to_string(), pairs)
}

#[test]
fn every_page_carries_the_footer_and_the_metadata_of_a_government_site() {
    let s = government_site();
    let site = s.built();
    for page in [
        "index.html",
        "benefits/index.html",
        "benefits/changed/index.html",
        "categories/medical/index.html",
        "groups/veteran/index.html",
        "regions/east/index.html",
        "regions/east/print/index.html",
        "partners/index.html",
        "notices/index.html",
        "notices/2025-05-28-gongshi/index.html",
        "about/index.html",
        "search/index.html",
        "finder/index.html",
        "recent/index.html",
        "404.html",
    ] {
        let html = site.page(page);
        for expected in [
            "主办单位：测试市退役军人事务局",
            "承办单位：测试市政务信息中心",
            "网站标识码：1407000012",
            "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">晋ICP备12345678号</a>",
            "<a href=\"https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=14070202000123\" rel=\"noopener\">晋公网安备14070202000123号</a>",
        ] {
            assert!(html.contains(expected), "{page} lacks `{expected}`");
        }
        assert_eq!(
            meta(&html, "SiteName").as_deref(),
            Some("测试市优待服务"),
            "{page}"
        );
        assert_eq!(
            meta(&html, "SiteDomain").as_deref(),
            Some("tyjrswj.test.gov.cn"),
            "{page}"
        );
        assert_eq!(
            meta(&html, "SiteIDCode").as_deref(),
            Some("1407000012"),
            "{page}"
        );
        assert!(meta(&html, "description").is_some(), "{page}");
        if page != "index.html" {
            assert!(
                meta(&html, "ColumnName").is_some_and(|c| !c.is_empty()),
                "{page}"
            );
            assert!(meta(&html, "ColumnType").is_some(), "{page}");
        }
    }
    let benefit = site.page("benefits/changed/index.html");
    assert_eq!(
        meta(&benefit, "ArticleTitle").as_deref(),
        Some("门诊挂号费减免")
    );
    assert_eq!(meta(&benefit, "PubDate").as_deref(), Some("2025-05-01"));
    assert!(meta(&benefit, "ContentSource").is_some());
    assert!(meta(&benefit, "Keywords").unwrap().contains("医疗服务"));
    let notice = site.page("notices/2025-05-28-gongshi/index.html");
    assert_eq!(
        meta(&notice, "ArticleTitle").as_deref(),
        Some("优待金发放公示")
    );
    assert_eq!(meta(&notice, "PubDate").as_deref(), Some("2025-05-28"));
    assert_eq!(
        meta(&notice, "ContentSource").as_deref(),
        Some("测试市退役军人事务局")
    );
    assert_eq!(
        meta(&site.page("notices/index.html"), "ColumnName").as_deref(),
        Some("通知公告")
    );
}

#[test]
fn a_notice_shows_its_government_information_table_and_the_open_data_carries_it() {
    let s = government_site();
    let site = s.built();
    let html = site.page("notices/2025-05-28-gongshi/index.html");
    let table = &html[html.find("<table class=\"gov-info\">").expect("the table")..];
    let table = &table[..table.find("</table>").unwrap()];
    for (label, value) in [
        ("索引号", "11140700MB0000000X/2025-00012"),
        ("发布机构", "测试市退役军人事务局"),
        ("文号", "测退役军人〔2025〕12号"),
        ("成文日期", "2025年5月26日"),
        ("发布日期", "2025年5月28日"),
    ] {
        let row = format!("<th scope=\"row\">{label}</th><td>");
        let at = table.find(&row).unwrap_or_else(|| panic!("no {label} row"));
        assert!(
            table[at + row.len()..].contains(value),
            "{label} is not {value}"
        );
    }
    let catalog = site.catalog();
    let notice = catalog["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "2025-05-28-gongshi")
        .unwrap();
    assert_eq!(notice["doc_number"], "测退役军人〔2025〕12号");
    assert_eq!(notice["written"], "2025-05-26");
    assert_eq!(notice["index_no"], "11140700MB0000000X/2025-00012");
    assert_eq!(catalog["site"]["publisher"]["name"], "测试市退役军人事务局");
}

#[test]
fn every_page_links_to_feedback_with_its_title_and_address() {
    let s = government_site();
    let site = s.built();
    for (page, title, url) in [
        (
            "index.html",
            "测试市优待服务",
            "https://tyjrswj.test.gov.cn/yd/",
        ),
        (
            "benefits/changed/index.html",
            "门诊挂号费减免",
            "https://tyjrswj.test.gov.cn/yd/benefits/changed/",
        ),
        (
            "categories/medical/index.html",
            "医疗服务",
            "https://tyjrswj.test.gov.cn/yd/categories/medical/",
        ),
        (
            "notices/2025-05-28-gongshi/index.html",
            "优待金发放公示",
            "https://tyjrswj.test.gov.cn/yd/notices/2025-05-28-gongshi/",
        ),
        (
            "partners/index.html",
            "优待商户",
            "https://tyjrswj.test.gov.cn/yd/partners/",
        ),
        (
            "about/index.html",
            "关于本站",
            "https://tyjrswj.test.gov.cn/yd/about/",
        ),
    ] {
        let (address, query) = feedback(&site.page(page));
        assert_eq!(address, "mailto:jiucuo@test.gov.cn", "{page}");
        let subject = &query.iter().find(|(k, _)| k == "subject").unwrap().1;
        let body = &query.iter().find(|(k, _)| k == "body").unwrap().1;
        assert_eq!(subject, &format!("我要纠错：{title}"), "{page}");
        assert!(body.contains(url), "{page}: {body}");
    }
    // A web form instead of mail: the title and address as query parameters.
    let site_yaml = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write(
        "content/site.yaml",
        &site_yaml.replace(
            "feedback: mailto:jiucuo@test.gov.cn",
            "feedback: https://www.test.gov.cn/jiucuo?site=yd",
        ),
    );
    let site = s.built();
    let (address, query) = feedback(&site.page("benefits/changed/index.html"));
    assert_eq!(address, "https://www.test.gov.cn/jiucuo");
    assert!(query.contains(&("site".into(), "yd".into())));
    assert!(query.contains(&("title".into(), "门诊挂号费减免".into())));
    assert!(query.contains(&(
        "url".into(),
        "https://tyjrswj.test.gov.cn/yd/benefits/changed/".into()
    )));
}

#[test]
fn changes_show_newest_first_and_recent_updates_have_a_page_and_a_feed() {
    let s = government_site();
    let site = s.built();
    let html = site.page("benefits/changed/index.html");
    let newer = html.find("新增线上挂号减免").expect("the newer change");
    let older = html
        .find("减免范围扩大到乡镇卫生院")
        .expect("the older change");
    assert!(newer < older, "newest first");
    let recent = site.page("recent/index.html");
    assert!(recent.contains("门诊挂号费减免"));
    assert!(recent.find("新增线上挂号减免").unwrap() < recent.find("减免范围扩大").unwrap());
    assert!(recent.contains("href=\"/yd/benefits/changed/\""));
    let feed = site.page("recent/atom.xml");
    assert!(feed.starts_with("<?xml"));
    assert_eq!(count(&feed, "<entry>"), 2);
    assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://tyjrswj.test.gov.cn/yd/benefits/changed/\"/>"));
    // `updated` stays the day of the last review.
    assert!(html.contains("最近核对"));
}

#[test]
fn a_region_s_office_shows_where_its_citizens_look() {
    let s = government_site();
    let site = s.built();
    // The county's own office on its page, its print catalog and its entries' pages...
    for page in [
        "regions/east/index.html",
        "regions/east/print/index.html",
        "benefits/changed/index.html",
    ] {
        let html = site.page(page);
        assert!(html.contains("0354-2220000"), "{page} lacks 东县's office");
        assert!(
            !html.contains("0354-1110000"),
            "{page} shows the city's office"
        );
    }
    // ...a town below it without one of its own shows the county's...
    assert!(site
        .page("regions/east-town/index.html")
        .contains("0354-2220000"));
    // ...and the city's entries the city's.
    assert!(site
        .page("benefits/free-bus/index.html")
        .contains("0354-1110000"));
}

#[test]
fn the_sitemap_says_when_entries_last_changed() {
    let s = government_site();
    let site = s.built();
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://tyjrswj.test.gov.cn/yd/benefits/changed/</loc><lastmod>2025-05-01</lastmod>"
    ));
    assert!(sitemap.contains(
        "<loc>https://tyjrswj.test.gov.cn/yd/notices/2025-05-28-gongshi/</loc><lastmod>2025-05-28</lastmod>"
    ));
    assert!(sitemap.contains("<loc>https://tyjrswj.test.gov.cn/yd/recent/</loc>"));
}

#[test]
fn check_warns_before_a_spot_check_would() {
    let s = government_site();
    // A month later than the fixture is written for: the newest notice is 34 days old.
    let run = youdai_env(
        &s.root(),
        &["check", "--today", "2025-07-01"],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(0);
    assert!(run
        .warnings()
        .iter()
        .any(|w| w.starts_with("content/notices/2025-05-28-gongshi.md:")
            && w.contains("已经 34 天没有更新")));
    // An entry without any date, and a category nobody touched for half a year.
    s.write(
        "content/benefits/undated.yaml",
        "id: undated\ntitle: 没有日期的项目\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: 说明。\n",
    );
    let run = youdai_env(
        &s.root(),
        &["check", "--today", "2026-03-01"],
        &[("YOUDAI_LANG", "en")],
    );
    run.expect_code(0);
    let warnings = run.warnings();
    assert!(warnings.iter().any(
        |w| w.starts_with("content/benefits/undated.yaml:1:1: warning: ")
            && w.contains("carries no date at all")
    ));
    assert!(warnings.iter().any(|w| w.starts_with("content/site.yaml:")
        && w.contains("\"医疗服务\"")
        && w.contains("since 2025-05-01")));
    // A .gov.cn site without its 主办单位 or 网站标识码.
    let site_yaml = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write(
        "content/site.yaml",
        &site_yaml.replace("  site_code: \"1407000012\"\n", ""),
    );
    let run = youdai_env(
        &s.root(),
        &["check", "--today", "2025-06-01"],
        &[("YOUDAI_LANG", "zh")],
    );
    assert!(run
        .warnings()
        .iter()
        .any(|w| w.starts_with("content/site.yaml:1:1: warning: ") && w.contains("网站标识码")));
    let start = site_yaml.find("publisher:").unwrap();
    s.write("content/site.yaml", &site_yaml[..start]);
    let run = youdai_env(
        &s.root(),
        &["check", "--today", "2025-06-01"],
        &[("YOUDAI_LANG", "zh")],
    );
    assert!(run
        .warnings()
        .iter()
        .any(|w| w.starts_with("content/site.yaml:1:1: warning: ") && w.contains("主办单位")));
    // A broken internal link stays an error.
    s.write(
        "content/pages/links.md",
        "---\ntitle: 链接\n---\n见[不存在的项目](/yd/benefits/nope/)。\n",
    );
    let run = youdai_env(
        &s.root(),
        &["check", "--today", "2025-06-01"],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(1);
    assert!(run
        .error_at("content/pages/links.md:4:1: error: ")
        .contains("没有 id 为 `nope` 的优待项目"));
}
