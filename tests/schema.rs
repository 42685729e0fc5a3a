//! The JSON Schemas of `youdai schema`: they accept the demo site's content, and on every
//! fixture entry they give the same verdict as `youdai check`, in both directions.

mod common;

use common::yaml::*;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn write_schemas(root: &Path, dir: &Path) {
    let run = youdai(&[
        "schema",
        dir.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]);
    run.expect_code(0);
}

/// Every file below `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn schema_of(section: &str) -> &'static str {
    match section {
        "benefits" => "benefit.schema.json",
        "partners" => "partner.schema.json",
        "notices" => "notice.schema.json",
        "pages" => "page.schema.json",
        _ => unreachable!(),
    }
}

#[test]
fn the_schemas_accept_the_demo_site() {
    let s = Scratch::empty();
    let dir = s.path().join("schema");
    let root = repo_root();
    write_schemas(&root, &dir);
    check(&root).expect_code(0);

    let site = validator(&dir.join("site.schema.json"));
    let json = content_json(&root.join("content/site.yaml"));
    assert!(site.is_valid(&json), "{:#?}", complaints(&site, &json));

    let mut checked = 0;
    for section in ["benefits", "partners", "notices", "pages"] {
        let v = validator(&dir.join(schema_of(section)));
        for file in files(&root.join("content").join(section)) {
            let json = content_json(&file);
            assert!(
                v.is_valid(&json),
                "{} is valid content but not valid by its schema:\n{:#?}",
                file.display(),
                complaints(&v, &json)
            );
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "the demo site has many entry files ({checked})"
    );
}

#[test]
fn check_and_the_schema_agree_on_every_fixture_entry() {
    let cases = fixture("schema-cases");
    let base = Scratch::of("basic");
    let schema_dir = base.path().join("schema");
    write_schemas(&base.root(), &schema_dir);
    base.check().expect_code(0);

    let mut seen = (0, 0);
    for section in ["benefits", "partners", "notices"] {
        let v = validator(&schema_dir.join(schema_of(section)));
        for case in files(&cases.join(section)) {
            let name = case.file_name().unwrap().to_str().unwrap().to_string();
            let expected_good = name.starts_with("good-");

            let s = Scratch::of("basic");
            let rel = format!("content/{section}/{name}");
            s.write(&rel, &std::fs::read_to_string(&case).unwrap());
            let run = s.check();
            let check_good = run.code == 0;
            assert!(run.code == 0 || run.code == 1, "{}", run.stderr);

            let json: Value = content_json(&case);
            let schema_good = v.is_valid(&json);

            assert_eq!(
                check_good, expected_good,
                "youdai check on {rel}:\n{}",
                run.stderr
            );
            assert_eq!(
                schema_good,
                expected_good,
                "the schema on {rel} (check said {}):\n{:#?}",
                if check_good { "good" } else { "bad" },
                complaints(&v, &json)
            );
            if expected_good {
                seen.0 += 1;
            } else {
                seen.1 += 1;
                assert!(
                    run.errors().iter().any(|l| l.starts_with(&rel)),
                    "check blames {rel}:\n{}",
                    run.stderr
                );
            }
        }
    }
    assert!(seen.0 >= 5 && seen.1 >= 10, "{seen:?}");
}

#[test]
fn allowed_values_and_help_come_from_site_yaml() {
    let s = Scratch::of("basic");
    let dir = s.path().join("schema");
    write_schemas(&s.root(), &dir);
    let benefit: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("benefit.schema.json")).unwrap())
            .unwrap();
    let p = &benefit["properties"];
    // Ids, then names: an entry may write either (SPEC §2).
    assert_eq!(
        p["category"]["enum"],
        serde_json::json!([
            "life",
            "medical",
            "travel",
            "生活服务",
            "医疗服务",
            "文旅交通"
        ])
    );
    assert_eq!(
        p["region"]["enum"],
        serde_json::json!([
            "city",
            "east",
            "east-town",
            "west",
            "测试市",
            "东县",
            "东镇",
            "西县"
        ])
    );
    // Each value says which it is, in both languages.
    let described = |i: usize| {
        p["category"]["enumDescriptions"][i]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(described(0).contains("“生活服务”的编号") && described(0).contains("the id of"));
    assert!(
        described(3).contains("等同于编号 `life`")
            && described(3).contains("the same as the id `life`")
    );
    assert_eq!(
        p["category"]["markdownEnumDescriptions"],
        p["category"]["enumDescriptions"]
    );
    let east_town = p["region"]["enumDescriptions"][2].as_str().unwrap();
    assert!(east_town.contains("测试市 › 东县 › 东镇"), "{east_town}");
    let help = p["department"]["description"].as_str().unwrap();
    assert!(
        help.contains("责任单位") && help.contains("Who provides it"),
        "{help}"
    );
    let partner: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("partner.schema.json")).unwrap())
            .unwrap();
    assert_eq!(
        partner["properties"]["kind"]["enum"],
        serde_json::json!(["scenic", "shop", "旅游景区", "生活服务网点"])
    );

    // A new vocabulary term appears once the schemas are written again, and `check` says
    // when they are out of date.
    let site = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write(
        "content/site.yaml",
        &site.replace(
            "  - { id: travel, name: 文旅交通 }",
            "  - { id: travel, name: 文旅交通 }\n  - { id: jobs, name: 就业创业 }",
        ),
    );
    std::fs::rename(&dir, s.root().join("schema")).unwrap();
    let run = s.check();
    run.expect_code(0);
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.starts_with("schema/benefit.schema.json:1:1: warning: out of date")),
        "{}",
        run.stderr
    );
    // In Chinese, the default, it says the same.
    let zh = youdai_env(
        s.path(),
        &["check", "--root", "site", "--today", TODAY],
        &[("YOUDAI_LANG", "zh")],
    );
    assert!(
        zh.stderr.contains("schema/benefit.schema.json:1:1: warning: 与 content/site.yaml 不一致，编辑器会给出过时的选项；请运行 `youdai schema schema` 重新生成"),
        "{}",
        zh.stderr
    );
    let run = youdai_env(
        s.path(),
        &["schema", "site/schema", "--root", "site"],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("已把 5 个检查规则文件（JSON Schema）写入 site/schema"),
        "{}",
        run.stdout
    );
    let run = s.check();
    assert!(!run.stderr.contains("out of date"), "{}", run.stderr);
    let benefit: Value = serde_json::from_str(
        &std::fs::read_to_string(s.root().join("schema/benefit.schema.json")).unwrap(),
    )
    .unwrap();
    assert!(benefit["properties"]["category"]["enum"]
        .as_array()
        .unwrap()
        .contains(&Value::from("jobs")));
}

#[test]
fn schema_needs_a_good_site_yaml() {
    let s = Scratch::of("basic");
    s.write("content/site.yaml", "title: x\n");
    let run = youdai(&[
        "schema",
        s.path().join("schema").to_str().unwrap(),
        "--root",
        s.root().to_str().unwrap(),
    ]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content/site.yaml:1:1: error: "),
        "{}",
        run.stderr
    );
    assert!(!s.path().join("schema").exists());
    assert!(run
        .stdout
        .contains("fix content/site.yaml first; nothing was written"));
    let zh = youdai_env(
        s.path(),
        &["schema", "schema", "--root", "site"],
        &[("YOUDAI_LANG", "zh")],
    );
    zh.expect_code(1);
    assert!(
        zh.stdout
            .contains("请先改正 content/site.yaml；未写入任何文件"),
        "{}",
        zh.stdout
    );
}
