//! The mistakes an office worker makes, and what `youdai check` tells them: in Chinese by
//! default, in English with `--lang en`, each at the line and column to fix, in words
//! that say what is wrong (no month 13, a tab, a full-width colon, a list never closed)
//! rather than what the parser expected.

mod common;

use common::*;

/// `youdai check` on the basic fixture with `rel` written as `text`, in `lang`.
fn check_with(rel: &str, text: &str, lang: &str) -> Run {
    let s = Scratch::of("basic");
    s.write(rel, text);
    youdai_env(
        &s.root(),
        &["check", "--today", TODAY],
        &[("YOUDAI_LANG", lang)],
    )
}

/// Asserts the error at `place` says `zh` in Chinese and `en` with `--lang en`.
fn says(rel: &str, text: &str, place: &str, zh: &str, en: &str) {
    let run = check_with(rel, text, "zh");
    run.expect_code(1);
    let line = run.error_at(&format!("{rel}:{place}: error: "));
    assert!(line.contains(zh), "Chinese: {line}");
    let s = Scratch::of("basic");
    s.write(rel, text);
    let run = youdai_in(&s.root(), &["check", "--today", TODAY, "--lang", "en"]);
    run.expect_code(1);
    let line = run.error_at(&format!("{rel}:{place}: error: "));
    assert!(line.contains(en), "English: {line}");
}

const BENEFIT: &str =
    "id: t\ntitle: 测试\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: 说明。\n";

#[test]
fn a_date_that_does_not_exist_says_why() {
    says(
        "content/benefits/t.yaml",
        &format!("{BENEFIT}valid_until: 2025-13-01\n"),
        "7:14",
        "没有 13 月",
        "has no month 13",
    );
    says(
        "content/benefits/t.yaml",
        &format!("{BENEFIT}valid_until: 2025-02-30\n"),
        "7:14",
        "2025 年 2 月没有 30 日",
        "has no day 30",
    );
    says(
        "content/benefits/t.yaml",
        &format!("{BENEFIT}valid_until: 2025/3/1\n"),
        "7:14",
        "2025-03-01",
        "2025-03-01",
    );
}

#[test]
fn a_tab_is_named_where_it_is() {
    says(
        "content/benefits/t.yaml",
        "id: t\ntitle: 测试\ngroups:\n\t- veteran\n",
        "4:1",
        "Tab",
        "two spaces",
    );
}

#[test]
fn full_width_punctuation_is_named() {
    says(
        "content/benefits/t.yaml",
        "id: t\ntitle：免费乘车\ncategory: life\n",
        "2:6",
        "全角冒号",
        "full-width colon",
    );
    says(
        "content/benefits/t.yaml",
        &BENEFIT.replace("groups: [veteran]", "groups: [veteran，family]"),
        "4:17",
        "中文的 `，`",
        "Chinese `，`",
    );
    says(
        "content/benefits/t.yaml",
        &BENEFIT.replace("groups: [veteran]", "groups: 【veteran, family】"),
        "4:9",
        "全角括号 `【`",
        "full-width bracket `【`",
    );
    says(
        "content/benefits/t.yaml",
        &BENEFIT.replace("summary: 说明。", "summary: “他说: 你好”"),
        "6:10",
        "中文引号",
        "full-width quote",
    );
}

#[test]
fn a_list_never_closed_is_reported_where_it_starts() {
    says(
        "content/benefits/t.yaml",
        "id: t\ntitle: 测试\ncategory: life\ngroups: [veteran, family\nregion: city\nsummary: 说明。\n",
        "4:9",
        "没有对应的 `]`",
        "has no matching `]`",
    );
}

#[test]
fn merge_keys_work() {
    let s = Scratch::of("basic");
    s.write(
        "content/benefits/t.yaml",
        "- &base\n  id: a\n  title: 甲\n  category: life\n  groups: [veteran]\n  region: city\n  summary: 说明。\n  updated: 2025-05-01\n- <<: *base\n  id: b\n  title: 乙\n",
    );
    s.check().expect_code(0);
    let site = s.built();
    let b = site.page("benefits/b/index.html");
    assert!(b.contains("乙") && b.contains("说明。"));
}

#[test]
fn unknown_values_list_the_site_s_names() {
    let text = BENEFIT.replace("groups: [veteran]", "groups: [老兵]");
    let run = check_with("content/benefits/t.yaml", &text, "zh");
    let line = run.error_at("content/benefits/t.yaml:4:10: error: ");
    assert!(
        line.contains("没有叫 `老兵` 的优待对象")
            && line.contains("现役军人 (active)、退役军人 (veteran)"),
        "{line}"
    );
    let run = check_with("content/benefits/t.yaml", &text, "en");
    let line = run.error_at("content/benefits/t.yaml:4:10: error: ");
    assert!(
        line.contains("site.yaml defines: 现役军人 (active), 退役军人 (veteran)"),
        "{line}"
    );
}

#[test]
fn names_are_taken_as_the_ids_they_name() {
    let s = Scratch::of("basic");
    s.write(
        "content/benefits/t.yaml",
        "id: t\ntitle: 测试\ncategory: 文旅交通\ngroups: [退役军人, 军属]\nregion: 东县\nsummary: 说明。\nupdated: 2025-05-01\n",
    );
    s.check().expect_code(0);
    let site = s.built();
    let catalog = site.catalog();
    let b = catalog["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "t")
        .unwrap();
    assert_eq!(b["category"], "travel");
    assert_eq!(b["groups"], serde_json::json!(["veteran", "family"]));
    assert_eq!(b["region"], "east");
    assert!(site.page("regions/east/index.html").contains("测试"));
}

#[test]
fn a_catalog_imported_twice_is_warned_about() {
    let s = Scratch::of("basic");
    let entry = |id: &str| {
        format!("id: {id}\nnumber: 7\ntitle: 门诊减免\ncategory: medical\ngroups: [veteran]\nregion: east\nsummary: 说明。\nupdated: 2025-05-01\n")
    };
    s.write("content/benefits/a.yaml", &entry("menzhen"));
    s.write("content/benefits/b.yaml", &entry("menzhen-2"));
    let run = youdai_env(
        &s.root(),
        &["check", "--today", TODAY],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(0);
    assert!(run
        .warnings()
        .iter()
        .any(|w| w.starts_with("content/benefits/b.yaml:1:5: warning: ")
            && w.contains("content/benefits/a.yaml:1:5")
            && w.contains("导入了两次")));
}

#[test]
fn undated_entries_of_one_file_are_one_warning() {
    let s = Scratch::of("basic");
    let list: String = (0..30)
        .map(|i| format!("- id: e{i}\n  title: 项目{i}\n  category: life\n  groups: [veteran]\n  region: city\n  summary: 说明。\n"))
        .collect();
    s.write("content/benefits/list.yaml", &list);
    let run = youdai_env(
        &s.root(),
        &["check", "--today", TODAY],
        &[("YOUDAI_LANG", "zh")],
    );
    let undated: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("没有任何日期") && w.starts_with("content/benefits/"))
        .collect();
    assert_eq!(undated.len(), 1, "{undated:?}");
    assert!(undated[0]
        .starts_with("content/benefits/list.yaml:1:3: warning: 这个文件中有 30 个优待项目"));
}

#[test]
fn usage_errors_are_in_the_editor_s_language() {
    let run = youdai_env(&std::env::temp_dir(), &["biuld"], &[("YOUDAI_LANG", "zh")]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("没有 `biuld` 这个命令"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("您是不是要写 `build`"),
        "{}",
        run.stderr
    );
    let run = youdai_env(
        &std::env::temp_dir(),
        &["check", "--today", "2025-13-01"],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("没有 13 月"), "{}", run.stderr);
    let run = youdai(&["--lang", "en", "biuld"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unrecognized subcommand"),
        "{}",
        run.stderr
    );
    let help = youdai_env(
        &std::env::temp_dir(),
        &["build", "--help"],
        &[("YOUDAI_LANG", "zh")],
    );
    help.expect_code(0);
    assert!(
        help.stdout.contains("把网站构建到输出文件夹"),
        "{}",
        help.stdout
    );
}
