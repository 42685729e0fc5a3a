//! `youdai import`: the bureau's 194-row catalog, as an XLSX workbook (a merged title row, a
//! two-row header with merged cells, categories merged down the rows, phone numbers stored as
//! numbers, dates stored as dates, full-width digits, four bad rows) and as the CSV Excel
//! saves from it, becomes YAML that `youdai check` accepts; bad rows are named; importing
//! twice writes the same file; importing it again under another name is refused; the rows
//! `--force` leaves out are recorded and `youdai check` keeps reporting them; ids are
//! readable pinyin; `updated` comes only from the sheet.

mod common;

use common::yaml::yaml_to_json;
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ITEMS: usize = 194;

const CATEGORIES: [&str; 7] = [
    "荣誉激励",
    "生活服务",
    "医疗服务",
    "教育优待",
    "住房保障",
    "文旅交通",
    "就业创业",
];

const SERVICES: [&str; 12] = [
    "悬挂光荣牌",
    "免费乘坐市内公共汽车",
    "优先挂号就诊",
    "子女优先入读公办学校",
    "优先配租公共租赁住房",
    "国有景区免首道门票",
    "参加退役军人专场招聘会",
    "享受法律援助",
    "车站设立优先通道",
    "免费参加职业技能培训",
    "春节走访慰问",
    "申请创业担保贷款贴息",
];

const GROUPS: [&str; 6] = [
    "现役军人、退役军人",
    "军属",
    "全体优待对象",
    "残疾军人",
    "烈士遗属、因公牺牲军人遗属、病故军人遗属",
    "退役军人和军属",
];

const DEPARTMENTS: [&str; 5] = [
    "市退役军人事务局",
    "市交通运输局",
    "市卫生健康委员会",
    "市教育局",
    "市住房和城乡建设局",
];

/// What a cell of the catalog holds, as the bureau's workbook stores it.
#[derive(Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Date(u16, u8, u8),
    Empty,
}

/// Item `n` (1-based) of the catalog: the cells of columns A to I.
fn item(n: usize) -> Vec<Cell> {
    let text = |s: &str| Cell::Text(s.to_string());
    let number = if n % 25 == 12 {
        // Typed with a Chinese input method: full-width digits, stored as text.
        Cell::Text(
            n.to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap())
                .collect(),
        )
    } else if n == 150 {
        Cell::Number(149.0) // a duplicate number
    } else {
        Cell::Number(n as f64)
    };
    let service = SERVICES[n % SERVICES.len()];
    let summary = if n == 88 {
        Cell::Empty // forgotten
    } else {
        text(&format!("凭优待证{service}（第{n}项）。"))
    };
    let groups = if n == 37 {
        text("军嫂") // not a group of site.yaml
    } else {
        text(GROUPS[n % GROUPS.len()])
    };
    let basis = if n.is_multiple_of(3) {
        text("《军人地位和权益保障法》")
    } else {
        Cell::Empty
    };
    let how = if n.is_multiple_of(4) {
        text("1、携带优待证到窗口登记\n2、工作人员核验后办理")
    } else {
        Cell::Empty
    };
    let phone = match n % 5 {
        0 => text("0354-3021234"),
        1 => Cell::Number(13912340000.0 + n as f64), // a mobile number stored as a number
        _ => Cell::Number(3543020000.0 + n as f64),  // a landline that lost its 0
    };
    let until = if n == 120 {
        text("2025-13-01")
    } else if n.is_multiple_of(10) {
        Cell::Date(2026, 12, 31)
    } else {
        Cell::Empty
    };
    vec![
        number,
        Cell::Empty, // the category column, merged down each category's rows
        summary,
        groups,
        text(DEPARTMENTS[n % DEPARTMENTS.len()]),
        basis,
        how,
        phone,
        until,
    ]
}

/// The category of item `n`: seven blocks in the catalog's order.
fn category_of(n: usize) -> usize {
    (n - 1) * CATEGORIES.len() / ITEMS
}

const TITLE: &str = "晋中市军人军属、退役军人和其他优抚对象基本优待目录清单";
const HEADER: [&str; 9] = [
    "序号",
    "类别",
    "优待内容",
    "优待对象",
    "责任单位",
    "政策依据",
    "办理方式及联系电话",
    "",
    "有效期至",
];

/// Row (0-based) of item `n` in the sheet: a title row and two header rows come first.
fn row_of(n: usize) -> u32 {
    (n + 2) as u32
}

fn write_xlsx(path: &Path) {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.merge_range(0, 0, 0, 8, TITLE, &plain).unwrap();
    for (col, name) in HEADER.iter().enumerate() {
        let col = col as u16;
        match col {
            6 => {
                ws.merge_range(1, 6, 1, 7, name, &plain).unwrap();
            }
            7 => {}
            _ => {
                ws.merge_range(1, col, 2, col, name, &plain).unwrap();
            }
        }
    }
    ws.write_string(2, 6, "办理方式").unwrap();
    ws.write_string(2, 7, "联系电话").unwrap();
    for n in 1..=ITEMS {
        for (col, cell) in item(n).into_iter().enumerate() {
            let (row, col) = (row_of(n), col as u16);
            match cell {
                Cell::Text(t) => {
                    ws.write_string(row, col, t).unwrap();
                }
                Cell::Number(x) => {
                    ws.write_number(row, col, x).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    ws.write_datetime_with_format(row, col, &dt, &date).unwrap();
                }
                Cell::Empty => {}
            }
        }
    }
    for (c, name) in CATEGORIES.iter().enumerate() {
        let items: Vec<usize> = (1..=ITEMS).filter(|&n| category_of(n) == c).collect();
        let (first, last) = (items[0], *items.last().unwrap());
        ws.merge_range(row_of(first), 1, row_of(last), 1, name, &plain)
            .unwrap();
    }
    workbook.save(path).unwrap();
}

/// The same catalog as Excel on Chinese Windows saves it as CSV: GB18030, a merged cell's
/// text only in its first cell, numbers as digits, dates as 2026/12/31.
fn write_csv(path: &Path) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut title = vec![TITLE.to_string()];
    title.resize(9, String::new());
    rows.push(title);
    rows.push(HEADER.iter().map(|s| s.to_string()).collect());
    let mut sub = vec![String::new(); 9];
    sub[6] = "办理方式".into();
    sub[7] = "联系电话".into();
    rows.push(sub);
    for n in 1..=ITEMS {
        let mut row: Vec<String> = item(n)
            .into_iter()
            .map(|c| match c {
                Cell::Text(t) => t,
                Cell::Number(x) => format!("{x}"),
                Cell::Date(y, m, d) => format!("{y}/{m}/{d}"),
                Cell::Empty => String::new(),
            })
            .collect();
        if n == 1 || category_of(n) != category_of(n - 1) {
            row[1] = CATEGORIES[category_of(n)].to_string();
        }
        rows.push(row);
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in rows {
        out.write_record(row).unwrap();
    }
    let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(path, bytes).unwrap();
}

/// A new site (the `youdai new` example: 示例市 with the usual categories and groups).
fn new_site(s: &Scratch) -> PathBuf {
    let dir = s.path().join("site");
    youdai(&["new", dir.to_str().unwrap()]).expect_code(0);
    dir
}

fn import(root: &Path, sheet: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        root.to_str().unwrap(),
        "--out",
    ];
    let out = root.join("content/benefits/catalog.yaml");
    let out = out.to_str().unwrap().to_string();
    args.push(&out);
    args.extend_from_slice(extra);
    youdai(&args)
}

fn entries(root: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(root.join("content/benefits/catalog.yaml")).unwrap();
    yaml_to_json(&text).as_array().unwrap().clone()
}

fn by_number(entries: &[Value], n: i64) -> &Value {
    entries
        .iter()
        .find(|e| e["number"] == n)
        .unwrap_or_else(|| panic!("no entry numbered {n}"))
}

/// The bad rows, as the sheet program numbers them: title, header, header, then item 1.
fn assert_bad_rows_named(run: &Run, sheet: &str, word: &str) {
    let line = |row: usize, col: usize| format!("{sheet}:{row}:{col}: {word}: ");
    let unknown = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&line(40, 4)))
        .unwrap_or_else(|| panic!("row 40 (item 37) is named:\n{}", run.stderr));
    assert!(
        unknown.contains("row 40, column D (优待对象)") && unknown.contains("unknown group `军嫂`"),
        "{unknown}"
    );
    let empty = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&line(91, 3)))
        .unwrap_or_else(|| panic!("row 91 (item 88) is named:\n{}", run.stderr));
    assert!(empty.contains("优待内容 (summary) is empty"), "{empty}");
    let date = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&line(123, 9)))
        .unwrap_or_else(|| panic!("row 123 (item 120) is named:\n{}", run.stderr));
    assert!(date.contains("`2025-13-01` is not a date"), "{date}");
    let twice = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&line(153, 1)))
        .unwrap_or_else(|| panic!("row 153 (item 150) is named:\n{}", run.stderr));
    assert!(
        twice.contains("number 149 is also used in row 152"),
        "{twice}"
    );
    let rows: std::collections::BTreeSet<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(&format!(": {word}: ")) && l.contains(": row "))
        .filter(|l| !l.contains("lost its leading zero"))
        .map(|l| l.split(':').nth(1).unwrap())
        .collect();
    assert_eq!(
        rows.into_iter().collect::<Vec<_>>(),
        ["123", "153", "40", "91"],
        "exactly the four bad rows:\n{}",
        run.stderr
    );
}

#[test]
fn a_workbook_with_bad_rows_is_refused_whole_and_every_bad_row_is_named() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("优待目录.xlsx");
    write_xlsx(&sheet);
    let before = tree(&root);
    let run = import(&root, &sheet, &[]);
    run.expect_code(1);
    assert_bad_rows_named(&run, sheet.to_str().unwrap(), "error");
    assert!(
        run.stdout
            .contains("4 rows cannot be imported; nothing was written"),
        "{}",
        run.stdout
    );
    assert_same_tree(&before, &tree(&root));
}

#[test]
fn with_force_the_good_rows_become_content_that_checks_clean() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("优待目录.xlsx");
    write_xlsx(&sheet);
    let run = import(&root, &sheet, &["--force"]);
    run.expect_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert_bad_rows_named(&run, sheet.to_str().unwrap(), "warning");
    assert!(
        run.stdout
            .contains("imported 190 benefits into content/benefits/catalog.yaml (4 rows skipped)"),
        "{}",
        run.stdout
    );
    // Phone numbers that lost their zero are put right, and said so once for the column.
    let zeros: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.contains("leading zero"))
        .collect();
    assert_eq!(
        zeros,
        [format!(
            "{}:5:8: warning: rows 5, 6, 7, 10, 11, 12, 15, 16, 17, 20… (117 rows), column H (联系电话): phone numbers were stored as numbers and lost their leading zero; imported with the zero put back (row 5: `3543020002` as \"03543020002\"): check them, and format the column as text",
            sheet.display()
        )],
        "{}",
        run.stderr
    );

    let check = youdai(&["check", "--root", root.to_str().unwrap(), "--today", TODAY]);
    check.expect_code(0);
    assert!(
        check.stdout.contains("ok: 193 benefits"),
        "{}",
        check.stdout
    );

    let text = std::fs::read_to_string(root.join("content/benefits/catalog.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../../schema/benefit.schema.json\n"));
    assert!(text.contains("优待目录.xlsx"));
    let all = entries(&root);
    assert_eq!(all.len(), 190);
    let ids: std::collections::BTreeSet<&str> =
        all.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 190, "ids are unique");
    // Every id is the title's words in pinyin (ü as v), cut after a word; repeats numbered.
    for id in &ids {
        assert!(!id.starts_with("benefit-"), "{id}");
        assert!(
            id.len() <= 52
                && id.split('-').all(|w| !w.is_empty()
                    && (w.bytes().all(|b| b.is_ascii_lowercase())
                        || w.bytes().all(|b| b.is_ascii_digit()))),
            "{id}"
        );
        assert!(id.starts_with("ping-youdaizheng-"), "凭优待证…: {id}");
    }
    for (n, id) in [
        (3, "ping-youdaizheng-zinv-youxian-rudu-gongban"),
        (7, "ping-youdaizheng-xiangshou-falvyuanzhu-di-7"),
        (8, "ping-youdaizheng-chezhan-sheli-youxian-tongdao"),
        (12, "ping-youdaizheng-xuangua-guangrongpai-di-12"),
        (13, "ping-youdaizheng-mianfei-chengzuo-shinei-2"),
        (25, "ping-youdaizheng-mianfei-chengzuo-shinei-3"),
    ] {
        assert_eq!(by_number(&all, n)["id"], id);
    }

    let first = by_number(&all, 1);
    assert_eq!(first["category"], "honor");
    assert_eq!(first["region"], "city", "the site's one top region");
    assert_eq!(first["summary"], "凭优待证免费乘坐市内公共汽车（第1项）。");
    assert_eq!(first["title"], "凭优待证免费乘坐市内公共汽车（第1项）");
    assert_eq!(first["id"], "ping-youdaizheng-mianfei-chengzuo-shinei");
    assert_eq!(
        first["contact"], "13912340001",
        "a mobile number stays as it is"
    );
    assert_eq!(first["groups"], serde_json::json!(["family"]), "军属");
    assert!(
        all.iter().all(|e| e.get("updated").is_none()),
        "the sheet has no review date, and the import invents none"
    );
    assert!(
        run.warnings().iter().any(|w| w.starts_with(&format!(
            "{}:3:1: warning: the sheet has no column for the date each row was last reviewed (核对日期, updated)",
            sheet.display()
        ))),
        "and says so once:\n{}",
        run.stderr
    );
    assert_eq!(by_number(&all, 2)["contact"], "03543020002");
    assert_eq!(by_number(&all, 5)["contact"], "0354-3021234");
    assert_eq!(
        by_number(&all, 2)["groups"],
        serde_json::json!(["active", "family", "disabled", "veteran", "bereaved"]),
        "全体优待对象"
    );
    assert_eq!(
        by_number(&all, 4)["groups"],
        serde_json::json!(["bereaved"]),
        "三类遗属"
    );
    assert_eq!(
        by_number(&all, 6)["groups"],
        serde_json::json!(["active", "veteran"])
    );
    assert_eq!(by_number(&all, 12)["number"], 12, "full-width １２");
    assert_eq!(
        by_number(&all, 4)["how_to_claim"],
        "1. 携带优待证到窗口登记\n2. 工作人员核验后办理\n"
    );
    assert_eq!(by_number(&all, 3)["basis"], "《军人地位和权益保障法》");
    assert_eq!(by_number(&all, 10)["valid_until"], "2026-12-31");
    assert_eq!(by_number(&all, 194)["category"], "jobs");
    assert_eq!(by_number(&all, 100)["category"], "education");
}

#[test]
fn importing_twice_writes_the_same_file_and_keeps_ids() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("catalog.xlsx");
    write_xlsx(&sheet);
    import(&root, &sheet, &["--force"]).expect_code(0);
    let first = std::fs::read(root.join("content/benefits/catalog.yaml")).unwrap();

    // Nothing in the sheet changed, so nothing in the file does.
    import(&root, &sheet, &["--force"]).expect_code(0);
    let second = std::fs::read(root.join("content/benefits/catalog.yaml")).unwrap();
    assert!(first == second, "the same sheet gives the same bytes");
    let files: Vec<String> = tree(&root.join("content/benefits")).into_keys().collect();
    assert_eq!(
        files,
        ["catalog.yaml", "guangrong-pai.md", "life.yaml"],
        "no duplicates"
    );

    // The CSV that Excel saves from the same sheet gives the same entries.
    let csv = s.path().join("catalog.csv");
    write_csv(&csv);
    let run = import(&root, &csv, &["--force"]);
    run.expect_code(0);
    assert_bad_rows_named(&run, csv.to_str().unwrap(), "warning");
    let from_csv = std::fs::read_to_string(root.join("content/benefits/catalog.yaml")).unwrap();
    let body = |t: &str| -> String {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&from_csv), body(&String::from_utf8(first).unwrap()));
    assert!(from_csv.contains("from catalog.csv"));
}

#[test]
fn a_changed_row_keeps_its_id_and_no_review_date_is_invented() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("catalog.csv");
    write_csv(&sheet);
    import(&root, &sheet, &["--force"]).expect_code(0);
    let before = entries(&root);

    // Item 5 gets a new text and item 6 leaves the catalog; the rest keep their numbers.
    let raw = std::fs::read(&sheet).unwrap();
    let (text, _, _) = encoding_rs::GB18030.decode(&raw);
    let text = text
        .replace("（第5项）。", "（第5项），全年有效，节假日照常办理。")
        .lines()
        .filter(|l| !l.contains("（第6项）"))
        .collect::<Vec<_>>()
        .join("\n");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&sheet, bytes).unwrap();
    import(&root, &sheet, &["--force"]).expect_code(0);
    let after = entries(&root);
    assert_eq!(after.len(), before.len() - 1);
    for e in &after {
        let old = by_number(&before, e["number"].as_i64().unwrap());
        assert_eq!(e["id"], old["id"], "ids never change");
        assert!(e.get("updated").is_none(), "{e}");
    }
}

#[test]
fn updated_comes_from_the_sheets_review_date_column() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("reviewed.csv");
    std::fs::write(
        &sheet,
        "序号,优待内容,优待对象,类别,核对日期\n\
         1,每年一次免费体检,军属,医疗服务,2025/3/1\n\
         2,免费乘坐公交车,退役军人,生活服务,\n",
    )
    .unwrap();
    let r = root.to_str().unwrap();
    let run = youdai(&[
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        r,
    ]);
    run.expect_code(0);
    assert!(run.warnings().is_empty(), "{}", run.stderr);
    let all = yaml_to_json(
        &std::fs::read_to_string(root.join("content/benefits/reviewed.yaml")).unwrap(),
    );
    assert_eq!(
        all[0]["updated"], "2025-03-01",
        "核对日期 is the review date"
    );
    assert!(all[1].get("updated").is_none(), "an empty cell gives none");

    // The option that used to invent it is gone.
    let run = youdai(&[
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        r,
        "--today",
        TODAY,
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
}

#[test]
fn partners_import_with_kinds_cards_and_places() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("商户.csv");
    std::fs::write(
        &sheet,
        "\u{feff}名称,类型,所在地区,优惠内容,凭优待证,联系电话,纬度,经度,优待对象\n\
         东城博物馆,旅游景区,东城区,免费参观,是,3543021111,37.68,112.75,\n\
         西县人民医院,医疗机构,西城,免收普通挂号费,否,0354-1234567,,,现役军人、退役军人\n\
         某酒店,宾馆,示例市,八折,是,,,,\n",
    )
    .unwrap();
    let args = [
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "partners",
        "--root",
        root.to_str().unwrap(),
    ];
    let run = youdai(&args);
    run.expect_code(1);
    let line = run.error_at(&format!("{}:4:2: error: ", sheet.display()));
    assert!(line.contains("unknown partner kind `宾馆`"), "{line}");

    let run = youdai(&[&args[..], &["--force"]].concat());
    run.expect_code(0);
    let out = root.join("content/partners/shanghu.yaml");
    let text = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("{}", run.stdout));
    let all = yaml_to_json(&text);
    assert_eq!(all[0]["name"], "东城博物馆");
    assert_eq!(all[0]["kind"], "scenic");
    assert_eq!(all[0]["region"], "east");
    assert_eq!(all[0]["requires_card"], true);
    assert_eq!(all[0]["phone"], "03543021111");
    assert_eq!(
        all[0]["location"],
        serde_json::json!({ "lat": 37.68, "lon": 112.75 })
    );
    assert_eq!(
        all[1]["region"], "west",
        "西城 is 西城县 without its suffix"
    );
    assert_eq!(all[1]["requires_card"], false);
    assert_eq!(all[1]["groups"], serde_json::json!(["active", "veteran"]));
    check(&root).expect_code(0);
}

#[test]
fn wrong_usage_is_exit_2_and_writes_nothing() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("x.xlsx");
    write_xlsx(&sheet);
    let before = tree(&root);
    let r = root.to_str().unwrap();
    let sh = sheet.to_str().unwrap();
    youdai(&[
        "import",
        sh,
        "--kind",
        "benefits",
        "--root",
        r,
        "--out",
        "/tmp/elsewhere.yaml",
    ])
    .expect_code(2);
    youdai(&["import", "missing.xlsx", "--kind", "benefits", "--root", r]).expect_code(2);
    youdai(&["import", sh, "--kind", "notices", "--root", r]).expect_code(2);
    // A hand-written file is never replaced.
    let life = root.join("content/benefits/life.yaml");
    let run = youdai(&[
        "import",
        sh,
        "--kind",
        "benefits",
        "--root",
        r,
        "--force",
        "--out",
        life.to_str().unwrap(),
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("was not written by youdai import"),
        "{}",
        run.stderr
    );
    youdai(&[
        "import",
        sh,
        "--kind",
        "benefits",
        "--root",
        r,
        "--category",
        "nope",
    ])
    .expect_code(2);
    let odt = s.path().join("x.docx");
    std::fs::write(&odt, "not a sheet").unwrap();
    youdai(&[
        "import",
        odt.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        r,
    ])
    .expect_code(2);
    assert_same_tree(&before, &tree(&root));
}

#[test]
fn the_mapping_is_editable() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "事项,说明,享受人员,分类\n免费体检,每年一次免费体检,军嫂,医疗服务\n",
    )
    .unwrap();
    let args = [
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        root.to_str().unwrap(),
    ];
    // The built-in mapping knows neither 事项 nor 享受人员 nor 军嫂.
    let run = youdai(&args);
    run.expect_code(1);
    let mapping = std::fs::read_to_string(root.join("import-mapping.yaml")).unwrap();
    let mapping = mapping
        .replacen(
            "benefits:\n",
            "benefits:\n  事项: title\n  享受人员: groups\n",
            1,
        )
        .replacen("  说明: details\n", "  说明: summary\n", 1)
        .replacen("  groups:\n", "  groups:\n    军嫂: family\n", 1);
    std::fs::write(root.join("import-mapping.yaml"), mapping).unwrap();
    let run = youdai(&args);
    run.expect_code(0);
    let all =
        yaml_to_json(&std::fs::read_to_string(root.join("content/benefits/sheet.yaml")).unwrap());
    assert_eq!(all[0]["title"], "免费体检");
    assert_eq!(all[0]["summary"], "每年一次免费体检");
    assert_eq!(all[0]["groups"], serde_json::json!(["family"]));
    assert_eq!(all[0]["category"], "medical");
    assert_eq!(all[0]["id"], "mianfei-tijian");
}

/// `youdai import SHEET --kind benefits --root ROOT --out ROOT/OUT EXTRA...` in `lang`.
fn import_to(root: &Path, sheet: &Path, out: &str, extra: &[&str], lang: &str) -> Run {
    let out = root.join(out);
    let mut args = vec![
        "import",
        sheet.to_str().unwrap(),
        "--kind",
        "benefits",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    youdai_env(&std::env::temp_dir(), &args, &[("YOUDAI_LANG", lang)])
}

#[test]
fn a_corrected_sheet_under_a_new_name_is_refused_not_imported_twice() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("优待目录.xlsx");
    write_xlsx(&sheet);
    import(&root, &sheet, &["--force"]).expect_code(0);
    let before = tree(&root);

    // The same catalog into a second file would list every benefit twice.
    let run = import_to(
        &root,
        &sheet,
        "content/benefits/catalog-2025.yaml",
        &["--force"],
        "en",
    );
    run.expect_code(1);
    let line = run.error_at(&format!("{}:4:1: error: ", sheet.display()));
    assert!(
        line.ends_with(
            "190 rows of this sheet are already in content/benefits/catalog.yaml (the same number, title and region: row 4 is the entry at line 6 there); importing them into content/benefits/catalog-2025.yaml would list them twice. To replace content/benefits/catalog.yaml with this sheet, import it with --out content/benefits/catalog.yaml"
        ),
        "{line}"
    );
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    assert_same_tree(&before, &tree(&root));

    let run = import_to(
        &root,
        &sheet,
        "content/benefits/catalog-2025.yaml",
        &["--force"],
        "zh",
    );
    run.expect_code(1);
    let line = run.error_at(&format!("{}:4:1: error: ", sheet.display()));
    assert!(
        line.ends_with(
            "这张表格有 190 行已经在 content/benefits/catalog.yaml 中（序号、名称和地区都相同，如第 4 行就是该文件第 6 行的条目）；再导入到 content/benefits/catalog-2025.yaml 会让这些条目重复出现。如果要用这张表格更新 content/benefits/catalog.yaml，请加上 --out content/benefits/catalog.yaml 重新导入"
        ),
        "{line}"
    );
    assert!(run.stdout.contains("未写入任何文件"), "{}", run.stdout);
    assert_same_tree(&before, &tree(&root));

    // As the message says: the same file again is an update.
    import_to(
        &root,
        &sheet,
        "content/benefits/catalog.yaml",
        &["--force"],
        "en",
    )
    .expect_code(0);
    check(&root).expect_code(0);
}

#[test]
fn rows_already_in_a_hand_written_file_are_refused_too() {
    let s = Scratch::empty();
    let root = new_site(&s);
    std::fs::write(
        root.join("content/benefits/medical.yaml"),
        "- id: tijian\n  number: 1\n  title: 每年一次免费体检\n  category: medical\n  groups: [family]\n  region: city\n  summary: 每年一次免费体检。\n",
    )
    .unwrap();
    let sheet = s.path().join("medical.csv");
    std::fs::write(
        &sheet,
        "序号,项目名称,优待内容,优待对象,类别\n1,每年一次免费体检,每年一次免费体检。,军属,医疗服务\n2,优先就诊,优先就诊。,军属,医疗服务\n",
    )
    .unwrap();
    let run = import_to(&root, &sheet, "content/benefits/imported.yaml", &[], "en");
    run.expect_code(1);
    let line = run.error_at(&format!("{}:2:1: error: ", sheet.display()));
    assert!(
        line.contains("1 row of this sheet is already in content/benefits/medical.yaml")
            && line.contains("content/benefits/medical.yaml is kept by hand: delete these rows from the sheet or from content/benefits/medical.yaml"),
        "{line}"
    );
    assert!(!root.join("content/benefits/imported.yaml").exists());
}

/// The line and column of the record item of sheet row `row`.
fn record_place(record: &str, row: usize) -> (usize, usize) {
    let (i, line) = record
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().trim_start_matches("- ") == format!("row: {row}"))
        .unwrap_or_else(|| panic!("row {row} is recorded:\n{record}"));
    (i + 1, line.find("row:").unwrap() + 1)
}

#[test]
fn rows_left_out_with_force_are_recorded_and_check_keeps_reporting_them() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("优待目录.xlsx");
    write_xlsx(&sheet);
    let sh = sheet.display().to_string();
    let run = import(&root, &sheet, &["--force"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains(
            "the skipped rows are listed in import-skipped/benefits/catalog.yaml; youdai check reports them until they are imported"
        ),
        "{}",
        run.stdout
    );
    let rel = "import-skipped/benefits/catalog.yaml";
    let record = std::fs::read_to_string(root.join(rel)).unwrap();
    let listed = yaml_to_json(&record);
    assert_eq!(listed["sheet"], sh.as_str());
    assert_eq!(listed["out"], "content/benefits/catalog.yaml");
    let rows: Vec<i64> = listed["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["row"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, [40, 91, 123, 153], "{record}");
    assert_eq!(listed["skipped"][0]["column"], "D");
    assert_eq!(listed["skipped"][0]["header"], "优待对象");
    assert_eq!(listed["skipped"][0]["field"], "groups");

    // `check` passes (the site is fine) but says, at each recorded row, what was left out.
    let run = check(&root);
    run.expect_code(0);
    let (line, col) = record_place(&record, 40);
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.starts_with(&format!("{rel}:{line}:{col}: warning: ")))
        .unwrap_or_else(|| panic!("row 40 is reported at {line}:{col}:\n{}", run.stderr));
    assert!(
        warning.contains(&format!(
            "row 40, column D (优待对象) of {sh} was not imported into content/benefits/catalog.yaml: unknown group `军嫂`"
        )) && warning.contains(&format!(
            "Correct it in the sheet and import again (youdai import {sh} --kind benefits --out content/benefits/catalog.yaml"
        )),
        "{warning}"
    );
    let recorded: Vec<&str> = run
        .warnings()
        .into_iter()
        .filter(|w| w.starts_with(rel))
        .collect();
    assert_eq!(recorded.len(), 4, "{}", run.stderr);
    let (line, col) = record_place(&record, 91);
    assert!(recorded
        .iter()
        .any(|w| w.starts_with(&format!("{rel}:{line}:{col}: "))
            && w.contains("row 91, column C (优待内容)")
            && w.contains("优待内容 (summary) is empty")));

    let zh = youdai_env(
        &std::env::temp_dir(),
        &["check", "--root", root.to_str().unwrap(), "--today", TODAY],
        &[("YOUDAI_LANG", "zh")],
    );
    zh.expect_code(0);
    let (line, col) = record_place(&record, 40);
    let warning = zh
        .warnings()
        .into_iter()
        .find(|w| w.starts_with(&format!("{rel}:{line}:{col}: warning: ")))
        .unwrap_or_else(|| panic!("{}", zh.stderr));
    assert!(
        warning.contains(&format!(
            "表格 {sh} 的第 40 行 D 列（优待对象）没有导入到 content/benefits/catalog.yaml："
        )) && warning.contains("请在表格中改正后重新导入"),
        "{warning}"
    );
}

#[test]
fn an_import_that_skips_nothing_removes_the_record() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "序号,优待内容,优待对象,类别\n1,每年一次免费体检,军属,医疗服务\n2,免费乘车,军嫂,生活服务\n",
    )
    .unwrap();
    let run = import_to(
        &root,
        &sheet,
        "content/benefits/sheet.yaml",
        &["--force"],
        "zh",
    );
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("跳过的行已记录在 import-skipped/benefits/sheet.yaml 中"),
        "{}",
        run.stdout
    );
    let warning = run
        .warnings()
        .into_iter()
        .find(|w| w.starts_with(&format!("{}:3:3: warning: ", sheet.display())))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        warning.contains("已跳过：第 3 行 C 列（优待对象）：`军嫂` 不是 site.yaml 中的优待对象"),
        "{warning}"
    );
    assert!(root.join("import-skipped/benefits/sheet.yaml").is_file());

    std::fs::write(
        &sheet,
        "序号,优待内容,优待对象,类别\n1,每年一次免费体检,军属,医疗服务\n2,免费乘车,军属,生活服务\n",
    )
    .unwrap();
    let run = import_to(&root, &sheet, "content/benefits/sheet.yaml", &[], "zh");
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("已导入 2 个优待项目到 content/benefits/sheet.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        !root.join("import-skipped").exists(),
        "the record and its folders are gone"
    );
    let run = check(&root);
    run.expect_code(0);
    assert!(
        run.warnings().iter().all(|w| !w.contains("import-skipped")),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_rows_are_named_in_chinese_by_row_column_and_header() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let sheet = s.path().join("优待目录.xlsx");
    write_xlsx(&sheet);
    let run = import_to(&root, &sheet, "content/benefits/catalog.yaml", &[], "zh");
    run.expect_code(1);
    let sh = sheet.display();
    let line = run.error_at(&format!("{sh}:40:4: error: "));
    assert!(
        line.contains("第 40 行 D 列（优待对象）：`军嫂` 不是 site.yaml 中的优待对象"),
        "{line}"
    );
    let line = run.error_at(&format!("{sh}:91:3: error: "));
    assert!(
        line.contains("第 91 行 C 列（优待内容）：优待内容（summary）是空的"),
        "{line}"
    );
    let line = run.error_at(&format!("{sh}:153:1: error: "));
    assert!(line.contains("序号 149 和第 152 行重复了"), "{line}");
    let zeros = run
        .warnings()
        .into_iter()
        .find(|w| w.starts_with(&format!("{sh}:5:8: warning: ")))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        zeros.ends_with("第 5、6、7、10、11、12、15、16、17、20… 行（共 117 行）H 列（联系电话）：电话号码被存成了数字，丢掉了开头的 0；已补上 0 导入（如第 5 行的 `3543020002` 按“03543020002”导入）。请核对，并把这一列的单元格格式设为“文本”"),
        "{zeros}"
    );
    assert!(
        run.stdout.contains("有 4 行无法导入，未写入任何文件"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_record_is_never_written_through_a_link() {
    let s = Scratch::empty();
    let root = new_site(&s);
    let outside = s.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("import-skipped")).unwrap();
    let sheet = s.path().join("sheet.csv");
    std::fs::write(
        &sheet,
        "序号,优待内容,优待对象,类别\n1,每年一次免费体检,军属,医疗服务\n2,免费乘车,军嫂,生活服务\n",
    )
    .unwrap();
    let run = import_to(
        &root,
        &sheet,
        "content/benefits/sheet.yaml",
        &["--force"],
        "en",
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("import-skipped is a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(tree(&outside).is_empty(), "nothing lands outside the site");
    assert!(
        !root.join("content/benefits/sheet.yaml").exists(),
        "nor half of it inside"
    );
}
