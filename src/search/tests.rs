//! A small site in, the index files out, read back the way `search.js` reads them.

use super::postings::{decode, fnv1a, Postings};
use super::*;
use crate::content::{self, LoadOptions};
use crate::model::Date;
use std::path::Path;

/// The settings of the small sites of the search tests (and the finder's).
pub(super) const SITE: &str = "title: 测试
base_url: https://example.gov.cn/yd/
regions:
  - id: city
    name: 晋中市
    children:
      - { id: pingyao, name: 平遥县 }
      - { id: yuci, name: 榆次区 }
categories:
  - { id: honor, name: 荣誉激励 }
  - { id: medical, name: 医疗服务 }
groups:
  - { id: veteran, name: 退役军人 }
  - { id: disabled, name: 残疾军人 }
partner_kinds:
  - { id: scenic, name: 旅游景区 }
";

const BENEFITS: &str = "- id: care
  title: 平遥县优抚对象医疗补助
  category: medical
  groups: [veteran]
  region: pingyao
  summary: 住院费用按比例补助。
- id: care-yuci
  title: 榆次区优抚对象医疗补助
  category: medical
  groups: [disabled]
  region: yuci
  summary: 住院费用按比例补助。
- id: plaque
  title: 悬挂光荣牌
  category: honor
  groups: [veteran, disabled]
  region: city
  summary: 为退役军人家庭悬挂光荣牌。
  details: 由乡镇退役军人服务站上门悬挂，同时开展医疗政策宣传。
- id: old
  title: 已结束的专项体检活动
  category: medical
  groups: [veteran]
  region: city
  summary: 活动已结束。
  valid_until: 2023-12-31
";

const PARTNERS: &str = "- id: gucheng
  name: 平遥古城
  kind: scenic
  region: pingyao
  offer: 免收首道门票
";

fn load(dir: &Path) -> Site {
    load_files(
        dir,
        &[
            ("content/benefits/all.yaml", BENEFITS),
            ("content/partners/all.yaml", PARTNERS),
            (
                "content/pages/card.md",
                "---\ntitle: 如何申领优待证\n---\n带上**身份证**。\n",
            ),
        ],
    )
}

/// A site of [`SITE`] and `files` (path under the root, text), loaded on 2025-06-01 without
/// errors.
pub(super) fn load_files(dir: &Path, files: &[(&str, &str)]) -> Site {
    for (rel, text) in [("content/site.yaml", SITE)].iter().chain(files) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = LoadOptions {
        today: Date::parse("2025-06-01").unwrap(),
        base_url: None,
    };
    let loaded = content::load(dir, &options);
    assert!(!loaded.report.has_errors(), "{:?}", loaded.report);
    loaded.site.unwrap()
}

struct Index {
    files: HashMap<String, Vec<u8>>,
    page: SearchIndex,
    /// What the search page hands `search.js`.
    json: String,
}

impl Index {
    fn build(site: &Site) -> Index {
        let files = index_files(site)
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        Index {
            files,
            page: search_index(site),
            json: search_page(site).json,
        }
    }

    fn postings(&self, token: &str) -> Postings {
        self.record(token, token)
            .map(|(p, _)| p)
            .unwrap_or_default()
    }

    /// A record and its text, from the fragment `search.js` fetches for `token`.
    fn record(&self, token: &str, name: &str) -> Option<(Postings, String)> {
        let n = fnv1a(token.as_bytes()) as usize % self.page.fragments;
        let bytes = &self.files[&format!("search/i/{n}.bin")];
        decode::fragment(bytes)
            .1
            .into_iter()
            .find(|(t, _, _)| t == name)
            .map(|(_, p, text)| (p, text))
    }

    /// Entry ids of a record's postings, title, summary and body.
    fn ids(&self, postings: &Postings) -> [Vec<String>; 3] {
        postings
            .lists
            .clone()
            .map(|l| l.iter().map(|&n| self.id(n)).collect())
    }

    /// Every result row, from the row files, as JSON arrays.
    fn rows(&self) -> Vec<serde_json::Value> {
        let mut rows = Vec::new();
        for i in 0..self.page.entries.div_ceil(self.page.shard) {
            let file: serde_json::Value =
                serde_json::from_slice(&self.files[&format!("search/d/{i}.json")]).unwrap();
            rows.extend(file.as_array().unwrap().iter().cloned());
        }
        rows
    }

    fn id(&self, number: u32) -> String {
        self.rows()[number as usize][3]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Entry ids with the token at title, summary and body level.
    fn find(&self, token: &str) -> [Vec<String>; 3] {
        self.postings(token)
            .lists
            .map(|l| l.iter().map(|&n| self.id(n)).collect())
    }
}

#[test]
fn entries_are_numbered_in_result_order_and_expired_ones_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    let ids: Vec<String> = (0..5).map(|n| index.id(n)).collect();
    // honor before medical; same titles in different regions together; then partners, pages.
    assert_eq!(ids, ["plaque", "care", "care-yuci", "gucheng", "card"]);
    assert_eq!(
        serde_json::Value::from(index.page.ranges.clone()),
        serde_json::json!({"honor": [0, 1], "medical": [1, 3], "partners": [3, 4], "pages": [4, 5]})
    );
    assert_eq!(
        index.rows()[1],
        serde_json::json!([
            "b",
            1,
            1,
            "care",
            "平遥县优抚对象医疗补助",
            "住院费用按比例补助。"
        ])
    );
}

#[test]
fn bigrams_rank_title_before_summary_before_body() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    let [title, summary, body] = index.find("医疗");
    assert_eq!(title, ["care", "care-yuci"]);
    // The category name counts as summary: every medical entry is found by 医疗.
    assert!(summary.is_empty(), "{summary:?}");
    assert_eq!(body, ["plaque"]);
    assert_eq!(index.find("退役")[1], ["plaque", "care"]);
    assert!(
        index.find("结束").iter().all(Vec::is_empty),
        "expired entries are not indexed"
    );
}

#[test]
fn pinyin_and_initials_find_titles() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    assert_eq!(index.find("=grp")[0], ["plaque"]);
    assert_eq!(index.find(":yi'niao")[0], ["care", "care-yuci"]);
    // Region names give pinyin at summary level: pingyao finds what is filed under 平遥县.
    assert_eq!(index.find(":pin'yao")[0], ["care", "gucheng"]);
}

#[test]
fn facets_follow_the_region_tree_and_partners_serve_every_group() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    assert_eq!(
        index.find("#r:pingyao")[0],
        ["plaque", "care", "gucheng", "card"]
    );
    assert_eq!(index.find("#r:city")[0], ["plaque", "card"]);
    assert_eq!(
        index.find("#g:disabled")[0],
        ["plaque", "care-yuci", "gucheng"]
    );
}

#[test]
fn the_index_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let site = load(dir.path());
    assert_eq!(index_files(&site), index_files(&site));
    assert_eq!(search_page(&site).json, search_page(&site).json);
}

#[test]
fn a_word_brings_the_rows_of_its_first_results() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    let rows = index.rows();
    // Every word's fragment holds the rows of its first entries, as the row files have them.
    for token in ["医疗", "退役", "=grp", ":yi'niao"] {
        let n = fnv1a(token.as_bytes()) as usize % index.page.fragments;
        let (pool, tokens) = decode::fragment(&index.files[&format!("search/i/{n}.bin")]);
        let postings = &tokens.iter().find(|(t, _, _)| t == token).unwrap().1;
        let first: Vec<u32> = postings.first().collect();
        assert!(!first.is_empty(), "{token}");
        for e in first {
            let (_, row) = pool.iter().find(|(n, _)| *n == e).expect(token);
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(row).unwrap(),
                rows[e as usize]
            );
        }
    }
}

#[test]
fn separators_in_titles_and_names_stay_inside_their_fields() {
    // Issue 9: a `|` in a category name shifted every later label in search results.
    let dir = tempfile::tempdir().unwrap();
    load(dir.path());
    let site = SITE
        .replace("name: 荣誉激励", "name: '荣誉|激励'")
        .replace("name: 医疗服务", r#"name: "医疗\t\"服\n务\"""#)
        .replace("name: 平遥县", "name: '平遥|县'")
        .replace("name: 旅游景区", "name: 旅游</script>景区");
    std::fs::write(dir.path().join("content/site.yaml"), site).unwrap();
    let odd = r#"- id: odd
  title: "竖线|制表\t引号\"和'换行\n标题"
  category: medical
  groups: [veteran]
  region: yuci
  summary: "a|b\tc"
"#;
    std::fs::write(dir.path().join("content/benefits/odd.yaml"), odd).unwrap();
    let options = LoadOptions {
        today: Date::parse("2025-06-01").unwrap(),
        base_url: None,
    };
    let loaded = content::load(dir.path(), &options);
    assert!(!loaded.report.has_errors(), "{:?}", loaded.report);
    let index = Index::build(&loaded.site.unwrap());
    // What the page hands `search.js`, read back as it reads it.
    let page: serde_json::Value = serde_json::from_str(&index.json).unwrap();
    assert_eq!(
        page["categories"],
        serde_json::json!(["荣誉|激励", "医疗\t\"服\n务\""])
    );
    assert_eq!(
        page["regions"],
        serde_json::json!(["晋中市", "平遥|县", "榆次区"])
    );
    assert_eq!(page["kinds"], serde_json::json!(["旅游</script>景区"]));
    assert!(
        !index.json.contains("</"),
        "nothing ends the <script> early"
    );
    let odd = index
        .rows()
        .into_iter()
        .find(|r| r[3] == "odd")
        .expect("the odd entry has a row");
    // Whitespace inside a title shows as one space; everything else is kept as written.
    assert_eq!(
        odd,
        serde_json::json!(["b", 1, 2, "odd", "竖线|制表 引号\"和'换行 标题", "a|b c"])
    );
}

#[test]
fn the_stamp_changes_with_what_the_index_is_made_of() {
    let dir = tempfile::tempdir().unwrap();
    let stamp_of = |site_yaml: &str, benefits: &str| {
        load(dir.path());
        std::fs::write(dir.path().join("content/site.yaml"), site_yaml).unwrap();
        std::fs::write(dir.path().join("content/benefits/all.yaml"), benefits).unwrap();
        let options = LoadOptions {
            today: Date::parse("2025-06-01").unwrap(),
            base_url: None,
        };
        let loaded = content::load(dir.path(), &options);
        assert!(!loaded.report.has_errors(), "{:?}", loaded.report);
        search_index(&loaded.site.unwrap()).stamp
    };
    let base = stamp_of(SITE, BENEFITS);
    assert_eq!(base, stamp_of(SITE, BENEFITS));
    let changed = [
        stamp_of(SITE, &BENEFITS.replace("悬挂光荣牌", "悬挂光荣匾")),
        stamp_of(
            &SITE.replace("regions:", "synonyms:\n  光荣户: [光荣牌]\nregions:"),
            BENEFITS,
        ),
        stamp_of(&SITE.replace("name: 医疗服务", "name: 医疗保障"), BENEFITS),
        // 榆次区 moved from under 晋中市 to the top: the region filter's postings change.
        stamp_of(
            &SITE
                .replace("      - { id: yuci, name: 榆次区 }\n", "")
                .replace("categories:", "  - { id: yuci, name: 榆次区 }\ncategories:"),
            BENEFITS,
        ),
    ];
    for (i, s) in changed.iter().enumerate() {
        assert_ne!(&base, s, "change {i}");
    }
}

#[test]
fn everyday_words_are_records_in_the_fragment_their_query_fetches() {
    let dir = tempfile::tempdir().unwrap();
    load(dir.path());
    let site_yaml = SITE.replace(
        "regions:",
        "synonyms:\n  光荣户: [光荣牌]\n  看病: [医疗, 身份证]\nregions:",
    );
    std::fs::write(dir.path().join("content/site.yaml"), site_yaml).unwrap();
    let options = LoadOptions {
        today: Date::parse("2025-06-01").unwrap(),
        base_url: None,
    };
    let loaded = content::load(dir.path(), &options);
    assert!(!loaded.report.has_errors(), "{:?}", loaded.report);
    let index = Index::build(&loaded.site.unwrap());
    // Built in: 老兵 for 退役军人, which the plaque's summary has, and the group care is
    // filed under.
    let (veteran, words) = index.record("老兵", "~老兵").expect("~老兵 with 老兵");
    assert_eq!(words, "退役军人\n退伍军人");
    assert_eq!(index.ids(&veteran)[1], ["plaque", "care"]);
    // The site's own word, and its 看病 in place of the built-in one: 医疗 in titles and
    // the plaque's details, 身份证 in the page's body.
    let (own, _) = index.record("光荣", "~光荣户").expect("~光荣户 with 光荣");
    assert_eq!(index.ids(&own)[0], ["plaque"]);
    let (doctor, words) = index.record("看病", "~看病").expect("~看病");
    assert_eq!(words, "医疗\n身份证");
    assert_eq!(
        index.ids(&doctor),
        [
            vec!["care".to_string(), "care-yuci".to_string()],
            vec![],
            vec!["plaque".to_string(), "card".to_string()]
        ]
    );
    // Its first rows travel with it.
    let n = fnv1a("看病".as_bytes()) as usize % index.page.fragments;
    let (pool, _) = decode::fragment(&index.files[&format!("search/i/{n}.bin")]);
    for e in doctor.first() {
        assert!(pool.iter().any(|(p, _)| *p == e), "row of entry {e}");
    }
}

#[test]
fn sounds_and_readings_are_there_to_correct_a_typo() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::build(&load(dir.path()));
    // 如何申领优待证: 待证 sounds dai-zen (zheng heard as zen), as 正 in 优待正 does.
    let (_, spellings) = index
        .record("?dai'zen", "?dai'zen")
        .expect("the sound of 待证");
    assert_eq!(spellings, "待证");
    let line = |c: char| {
        let code = c as usize - 0x4E00;
        let file = String::from_utf8(index.files[&format!("search/y/{}.txt", code / 512)].clone())
            .unwrap();
        file.split('\n').nth(code % 512).unwrap().to_string()
    };
    assert_eq!(line('正'), "zen");
    assert_eq!(
        index
            .files
            .keys()
            .filter(|p| p.starts_with("search/y/"))
            .count(),
        41
    );
    let script = String::from_utf8(index.files["search/correct.js"].clone()).unwrap();
    assert!(script.contains("export function correct"));
}
