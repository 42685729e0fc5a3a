//! Content errors: the editor's typo in, one line `path:line:col: error: message` out, with
//! the place counted by hand from the file text in each test (lines and columns from 1,
//! columns in characters).
//!
//! Each test copies the good fixture `tests/fixtures/basic` and adds one broken file.

mod common;

use common::*;

/// Adds `files` to a copy of the basic site, builds it, and expects exit 1 with nothing
/// written.
fn broken(files: &[(&str, &str)]) -> Run {
    let s = Scratch::of("basic");
    for (rel, text) in files {
        s.write(rel, text);
    }
    let run = s.build(&[]);
    run.expect_code(1);
    assert!(!s.out().exists(), "a failed build creates no output folder");
    assert!(
        !run.errors().is_empty(),
        "the failure is explained:\n{}",
        run.stderr
    );
    for line in run.errors() {
        assert_diagnostic_shape(line);
    }
    run
}

/// `path:line:col: error: message` with a path relative to the site root.
fn assert_diagnostic_shape(line: &str) {
    let mut parts = line.splitn(4, ':');
    let path = parts.next().unwrap();
    let line_no = parts.next().unwrap_or("");
    let col = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("");
    assert!(
        path.starts_with("content/") || path.starts_with("themes/"),
        "path relative to the site root: {line}"
    );
    assert!(
        line_no.parse::<usize>().is_ok_and(|n| n >= 1)
            && col.parse::<usize>().is_ok_and(|n| n >= 1),
        "line and column are numbers from 1: {line}"
    );
    assert!(
        rest.starts_with(" error: ") || rest.starts_with(" warning: "),
        "then ` error: `: {line}"
    );
}

const BENEFIT_HEAD: &str = "\
id: typo-entry
title: 拼写错误
category: life
groups: [veteran]
region: city
summary: 字段名写错了。
";

#[test]
fn an_unknown_field_is_an_error_that_suggests_the_right_name() {
    // Line 7, column 1: the key `valid_untill`.
    let text = format!("{BENEFIT_HEAD}valid_untill: 2026-01-01\n");
    let run = broken(&[("content/benefits/typo.yaml", &text)]);
    let line = run.error_at("content/benefits/typo.yaml:7:1: error: ");
    assert!(line.contains("`valid_untill`"), "{line}");
    assert!(line.contains("did you mean `valid_until`?"), "{line}");
    assert_eq!(run.errors().len(), 1, "exactly one error:\n{}", run.stderr);
}

#[test]
fn an_unknown_field_in_front_matter_is_placed_at_its_line_in_the_file() {
    // The front matter starts on line 2; `colour` is on line 4 of the file.
    let text = "---\ntitle: 颜色\ndate: 2025-05-02\ncolour: red\n---\n正文。\n";
    let run = broken(&[("content/notices/colour.md", text)]);
    let line = run.error_at("content/notices/colour.md:4:1: error: ");
    assert!(line.contains("`colour`"), "{line}");
}

#[test]
fn a_missing_required_field_is_reported_at_its_entry() {
    // The second item of the list (line 7, column 3: where its mapping starts) has no summary.
    let text = "\
- id: has-summary
  title: 有摘要
  category: life
  groups: [veteran]
  region: city
  summary: 完整。
- id: no-summary
  title: 缺少摘要
  category: life
  groups: [veteran]
  region: city
";
    let run = broken(&[("content/benefits/missing.yaml", text)]);
    let line = run.error_at("content/benefits/missing.yaml:7:3: error: ");
    assert!(
        line.contains("`summary`"),
        "names the missing field: {line}"
    );
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
}

#[test]
fn an_unquoted_phone_number_is_read_as_a_number() {
    // Line 6, column 8: the value after `phone: `.
    let text = "\
id: phone-shop
name: 电话商店
kind: shop
region: city
offer: 九折
phone: 03541234567
";
    let run = broken(&[("content/partners/phone.yaml", text)]);
    let line = run.error_at("content/partners/phone.yaml:6:8: error: ");
    assert!(
        line.contains("number"),
        "says it is read as a number: {line}"
    );
    assert!(line.contains("03541234567"), "{line}");
}

#[test]
fn dates_must_exist() {
    // `valid_from: ` is 12 characters: the value is at column 13 of line 7;
    // `updated: ` is 9: column 10 of line 8.
    let text = format!("{BENEFIT_HEAD}valid_from: 2024-13-01\nupdated: 2024-02-30\n");
    let run = broken(&[("content/benefits/dates.yaml", &text)]);
    let month = run.error_at("content/benefits/dates.yaml:7:13: error: ");
    assert!(month.contains("2024-13-01"), "{month}");
    let day = run.error_at("content/benefits/dates.yaml:8:10: error: ");
    assert!(day.contains("2024-02-30"), "{day}");
}

#[test]
fn valid_until_must_not_precede_valid_from() {
    // `valid_until: ` is 13 characters: the value is at column 14 of line 8.
    let text = format!("{BENEFIT_HEAD}valid_from: 2025-03-01\nvalid_until: 2025-01-01\n");
    let run = broken(&[("content/benefits/reversed.yaml", &text)]);
    let line = run.error_at("content/benefits/reversed.yaml:8:14: error: ");
    assert!(
        line.contains("2025-01-01") && line.contains("2025-03-01"),
        "{line}"
    );
}

#[test]
fn ids_are_lowercase_letters_digits_and_dashes() {
    // Line 1, column 5: the value after `id: `.
    let text = BENEFIT_HEAD.replace("id: typo-entry", "id: Bad_ID");
    let run = broken(&[("content/benefits/badid.yaml", &text)]);
    let line = run.error_at("content/benefits/badid.yaml:1:5: error: ");
    assert!(line.contains("Bad_ID"), "{line}");
}

#[test]
fn a_duplicate_id_names_both_places() {
    // `free-bus` is at line 1, column 5 of content/benefits/single.yaml already.
    let text = BENEFIT_HEAD.replace("id: typo-entry", "id: free-bus");
    let run = broken(&[("content/benefits/zz-dup.yaml", &text)]);
    let first = "content/benefits/single.yaml:1:5";
    let second = "content/benefits/zz-dup.yaml:1:5";
    let lines: Vec<&str> = run
        .errors()
        .into_iter()
        .filter(|l| l.contains("free-bus"))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "one error for one duplicate:\n{}",
        run.stderr
    );
    let line = lines[0];
    let names_both = (line.starts_with(&format!("{second}: error: ")) && line.contains(first))
        || (line.starts_with(&format!("{first}: error: ")) && line.contains(second));
    assert!(names_both, "names {first} and {second}: {line}");
}

#[test]
fn unknown_vocabulary_ids_suggest_the_closest_one() {
    // category value at 3:11, the second group at 4:19 (`groups: [veteran, ` is 18
    // characters), region at 5:9; the partner's kind at 3:7.
    let benefit = "\
id: typo-refs
title: 引用错误
category: medicl
groups: [veteran, veterans]
region: eest
summary: 三个拼错的引用。
";
    let partner = "\
id: typo-kind
name: 拼错类型
kind: shopp
region: city
offer: 九折
";
    let run = broken(&[
        ("content/benefits/refs.yaml", benefit),
        ("content/partners/kind.yaml", partner),
    ]);
    let category = run.error_at("content/benefits/refs.yaml:3:11: error: ");
    assert!(
        category.contains("`medicl`") && category.contains("did you mean `medical`?"),
        "{category}"
    );
    // The exact form of SPEC section 5's example.
    assert_eq!(
        run.error_at("content/benefits/refs.yaml:4:19: error: "),
        "content/benefits/refs.yaml:4:19: error: unknown group `veterans` (did you mean `veteran`?)"
    );
    let region = run.error_at("content/benefits/refs.yaml:5:9: error: ");
    assert!(
        region.contains("`eest`") && region.contains("did you mean `east`?"),
        "{region}"
    );
    let kind = run.error_at("content/partners/kind.yaml:3:7: error: ");
    assert!(
        kind.contains("`shopp`") && kind.contains("did you mean `shop`?"),
        "{kind}"
    );
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
}

#[test]
fn a_yaml_syntax_error_is_placed() {
    // An unquoted `: ` inside a value: the second colon is at line 2, column 10
    // (`title: 注意` is 9 characters).
    let text = "id: syntax\ntitle: 注意: 这里\ncategory: life\n";
    let run = broken(&[("content/benefits/syntax.yaml", text)]);
    let line = run.error_at("content/benefits/syntax.yaml:2:10: error: ");
    assert!(
        line.to_lowercase().contains("yaml"),
        "says it is a YAML problem: {line}"
    );
}

#[test]
fn front_matter_must_be_there_and_closed() {
    let missing = "title: 没有分隔线\ndate: 2025-05-02\n\n正文。\n";
    let unclosed = "---\ntitle: 没有结束\ndate: 2025-05-02\n正文。\n";
    let run = broken(&[
        ("content/notices/missing.md", missing),
        ("content/notices/unclosed.md", unclosed),
    ]);
    let line = run.error_at("content/notices/missing.md:1:1: error: ");
    assert!(line.contains("front matter"), "{line}");
    let line = run.error_at("content/notices/unclosed.md:1:1: error: ");
    assert!(line.contains("front matter"), "{line}");
}

#[test]
fn every_error_in_every_file_is_reported_sorted_by_file_then_line() {
    let late_first = format!("{BENEFIT_HEAD}valid_untill: 2026-01-01\n")
        .replace("region: city", "region: nowhere");
    let run = broken(&[
        // Errors on lines 5 and 7, written so that a naive pass would meet line 7 first
        // only if it sorted wrongly.
        ("content/benefits/b.yaml", &late_first),
        (
            "content/benefits/a.yaml",
            &BENEFIT_HEAD.replace("id: typo-entry", "id: A"),
        ),
        (
            "content/partners/p.yaml",
            "id: p\nname: x\nkind: shop\nregion: city\noffer: y\nphone: 0354\n",
        ),
        (
            "content/notices/n.md",
            "---\ntitle: x\ndate: 2025-13-01\n---\n正文\n",
        ),
        ("content/pages/p.md", "no front matter\n"),
    ]);
    let places: Vec<(String, usize)> = run
        .errors()
        .iter()
        .map(|l| {
            let mut p = l.splitn(3, ':');
            (
                p.next().unwrap().to_string(),
                p.next().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("content/benefits/a.yaml", 1),
        ("content/benefits/b.yaml", 5),
        ("content/benefits/b.yaml", 7),
        ("content/notices/n.md", 3),
        ("content/pages/p.md", 1),
        ("content/partners/p.yaml", 6),
    ];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(f, l)| (f.to_string(), *l)).collect();
    assert_eq!(places, expected, "all errors, sorted:\n{}", run.stderr);
}

#[test]
fn warnings_do_not_fail_the_build() {
    let s = Scratch::of("basic");
    // A file that is not an entry is ignored with a warning. A missing attachment is a
    // broken link on the notice's page: an error, at its line.
    s.write("content/benefits/README.txt", "notes for editors\n");
    s.write(
        "content/notices/2025-05-25-attach.md",
        "---\ntitle: 附件缺失\ndate: 2025-05-25\nattachments: [files/missing.pdf]\n---\n正文。\n",
    );
    let run = s.build(&[]);
    run.expect_code(1);
    assert!(run
        .error_at("content/notices/2025-05-25-attach.md:4:15: error: ")
        .contains("is missing"));
    s.write(
        "content/notices/2025-05-25-attach.md",
        "---\ntitle: 附件\ndate: 2025-05-25\n---\n正文。\n",
    );
    let run = s.build(&[]);
    run.expect_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    let warnings = run.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/benefits/README.txt:")),
        "warned about the stray file:\n{}",
        run.stderr
    );
    for w in &warnings {
        assert_diagnostic_shape(w);
    }
    assert!(
        Site(s.out()).has("notices/2025-05-25-attach/index.html"),
        "the site was written"
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_do_not_shift_places() {
    // Saved by Notepad: a BOM, then CRLF lines. The BOM is not a column.
    let text = "\u{feff}id: Bad_ID\r\ntitle: x\r\ncategory: medicl\r\ngroups: [veteran]\r\nregion: city\r\nsummary: s\r\n";
    let run = broken(&[("content/benefits/notepad.yaml", text)]);
    run.error_at("content/benefits/notepad.yaml:1:5: error: ");
    run.error_at("content/benefits/notepad.yaml:3:11: error: ");
}

#[test]
fn paths_in_subfolders_are_relative_to_the_site_root_with_slashes() {
    let text = BENEFIT_HEAD.replace("id: typo-entry", "id: Bad_ID");
    let run = broken(&[("content/benefits/counties/east/bad.yaml", &text)]);
    run.error_at("content/benefits/counties/east/bad.yaml:1:5: error: ");
}

#[test]
fn a_duplicate_id_in_one_file_names_both_lines() {
    // `- id: ` is 6 characters: the ids are at 1:7 and 7:7.
    let item = "- id: twin\n  title: 双胞胎\n  category: life\n  groups: [veteran]\n  region: city\n  summary: s\n";
    let text = format!("{item}{item}");
    let run = broken(&[("content/benefits/twins.yaml", &text)]);
    let lines: Vec<&str> = run
        .errors()
        .into_iter()
        .filter(|l| l.contains("twin"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("content/benefits/twins.yaml:7:7: error: ")
            && lines[0].contains("content/benefits/twins.yaml:1:7"),
        "{}",
        lines[0]
    );
}

#[test]
fn site_yaml_is_checked_like_any_entry() {
    let s = Scratch::of("basic");
    let site = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    // Line 2 becomes the misspelt `langauge`.
    let site = site.replacen('\n', "\nlangauge: zh-CN\n", 1);
    s.write("content/site.yaml", &site);
    let run = s.build(&[]);
    run.expect_code(1);
    let line = run.error_at("content/site.yaml:2:1: error: ");
    assert!(line.contains("did you mean `language`?"), "{line}");
    assert!(!s.out().exists());
}

#[test]
fn a_notice_region_must_exist() {
    // `region: ` is 8 characters: the value is at line 4, column 9.
    let text = "---\ntitle: 地区拼错\ndate: 2025-05-02\nregion: eastt\n---\n正文。\n";
    let run = broken(&[("content/notices/region.md", text)]);
    let line = run.error_at("content/notices/region.md:4:9: error: ");
    assert!(line.contains("did you mean `east`?"), "{line}");
}

#[test]
fn a_tab_used_for_indentation_is_reported_on_its_line() {
    // The tab is the first character of line 3.
    let text = "id: tabbed\ntitle: 制表符\n\tcategory: life\n";
    let run = broken(&[("content/benefits/tab.yaml", text)]);
    let line = run.error_at("content/benefits/tab.yaml:3:1: error: ");
    assert!(line.contains("tab"), "{line}");
}
