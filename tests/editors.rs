//! The editors' side: `youdai new` sets up VS Code and CI, `check` speaks JSON and GitHub
//! annotations, warnings point at what needs a look, and `youdai cms` writes a web form that
//! names every field.

mod common;

use common::yaml::*;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn new_site(s: &Scratch) -> std::path::PathBuf {
    let dir = s.path().join("site");
    youdai(&["new", dir.to_str().unwrap()]).expect_code(0);
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn new_sets_up_vs_code_schemas_and_ci() {
    let s = Scratch::empty();
    let dir = new_site(&s);

    let settings: Value = serde_json::from_str(&read(&dir.join(".vscode/settings.json"))).unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    for (schema, globs) in schemas {
        assert!(dir.join(schema).is_file(), "{schema} exists");
        assert!(!globs.as_array().unwrap().is_empty());
    }
    assert!(schemas.contains_key("./schema/benefit.schema.json"));
    let ext: Value = serde_json::from_str(&read(&dir.join(".vscode/extensions.json"))).unwrap();
    assert_eq!(ext["recommendations"][0], "redhat.vscode-yaml");

    // Each YAML file names its schema on its first line, by a path that exists.
    for (file, schema) in [
        ("content/site.yaml", "site.schema.json"),
        ("content/benefits/life.yaml", "benefit.schema.json"),
        ("content/partners/partners.yaml", "partner.schema.json"),
    ] {
        let text = read(&dir.join(file));
        let first = text.lines().next().unwrap();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{file} starts with a schema line: {first}"));
        assert!(target.ends_with(schema), "{file}: {target}");
        let resolved = dir.join(file).parent().unwrap().join(target);
        assert!(resolved.is_file(), "{file} → {}", resolved.display());
        // ... and its content is valid by that schema.
        let v = validator(&resolved);
        let json = content_json(&dir.join(file));
        assert!(v.is_valid(&json), "{file}: {:#?}", complaints(&v, &json));
    }

    let github = yaml_to_json(&read(&dir.join(".github/workflows/youdai-check.yml")));
    assert!(github["on"].get("pull_request").is_some(), "{github}");
    let steps = github["jobs"]["check"]["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["run"] == "youdai check --format github"));
    let gitlab = yaml_to_json(&read(&dir.join(".gitlab-ci.yml")));
    let job = &gitlab["youdai-check"];
    assert!(job["rules"].to_string().contains("merge_request_event"));
    assert!(job["script"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l == "youdai check"));

    let mapping = read(&dir.join("import-mapping.yaml"));
    assert!(mapping.contains("优待内容: summary"));
}

#[test]
fn new_says_what_to_do_next_and_leaves_a_guide_in_chinese() {
    let s = Scratch::empty();
    let dir = s.path().join("站点");
    let run = youdai_env(
        s.path(),
        &["new", dir.to_str().unwrap()],
        &[("YOUDAI_LANG", "zh")],
    );
    run.expect_code(0);
    // Every step, in order, with the command that does it.
    let steps = [
        "content/site.yaml",
        "youdai import",
        "youdai serve",
        "http://127.0.0.1:8000/",
        "youdai check",
        "git commit",
    ];
    let mut at = 0;
    for step in steps {
        let found = run.stdout[at..]
            .find(step)
            .unwrap_or_else(|| panic!("`{step}` after the steps before it:\n{}", run.stdout));
        at += found;
    }
    assert!(run.stdout.contains("接下来") && run.stdout.contains("导入优待目录表格"));
    assert!(run.stdout.contains("README.md"), "{}", run.stdout);

    // The guide is for office staff: what each folder holds, how to add, check, preview, commit.
    let guide = read(&dir.join("README.md"));
    for words in [
        "# 编辑指南",
        "content/benefits/",
        "content/static/",
        "youdai import",
        "youdai check",
        "youdai serve",
        "git commit",
        "合并请求",
        "英文（半角）",
    ] {
        assert!(guide.contains(words), "the guide says {words}");
    }
    // It is not content: the new site checks clean.
    youdai_env(
        s.path(),
        &["check", "--root", dir.to_str().unwrap()],
        &[("YOUDAI_LANG", "zh")],
    )
    .expect_code(0);

    // In English, the steps and the guide are English.
    let en_dir = s.path().join("site-en");
    let run = youdai(&["new", en_dir.to_str().unwrap()]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("Next (in the site's folder"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("youdai import catalog.xlsx --kind benefits"));
    assert!(read(&en_dir.join("README.md")).starts_with("# Editor's guide"));
}

#[test]
fn check_speaks_json() {
    let s = Scratch::of("basic");
    s.write(
        "content/benefits/bad.yaml",
        "id: bad\ntitle: x\ncategory: medicl\ngroups: [veteran]\nregion: city\nsummary: s\n",
    );
    let text = s.check();
    text.expect_code(1);
    let run = youdai(&[
        "check",
        "--root",
        s.root().to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let out: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(out["ok"], false);
    assert_eq!(out["errors"], 1);
    let d = &out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap()
        .clone();
    assert_eq!(d["file"], "content/benefits/bad.yaml");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 11);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `medical`?"));
    // The same diagnostics as the text format, in the same order.
    let as_text: Vec<String> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {}: {}",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    let text_lines: Vec<&str> = text
        .stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(as_text, text_lines);

    s.remove("content/benefits/bad.yaml");
    let run = youdai(&[
        "check",
        "--root",
        s.root().to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let good: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(good["ok"], true);
    assert_eq!(good["counts"]["benefits"], 5);
    assert_eq!(good["errors"], 0);

    // One shape, with or without errors: a tool reads the same keys either way.
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&good), keys(&out));
    assert_eq!(
        keys(&good),
        ["counts", "diagnostics", "errors", "ok", "warnings"]
    );
    assert!(
        out["counts"].is_null(),
        "counts are null when not ok: {out}"
    );
    assert!(good["diagnostics"].is_array() && out["diagnostics"].is_array());
    assert_eq!(
        keys(&good["diagnostics"][0]),
        keys(&out["diagnostics"][0]),
        "each diagnostic has the same fields"
    );

    // A site.yaml so broken that nothing loads: still the same shape.
    s.write("content/site.yaml", "title: [\n");
    let run = youdai(&[
        "check",
        "--root",
        s.root().to_str().unwrap(),
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let broken: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(keys(&broken), keys(&good));
    assert_eq!(broken["ok"], false);
    assert!(broken["counts"].is_null());
}

#[test]
fn check_speaks_github_annotations_with_repository_paths() {
    let s = Scratch::of("basic");
    s.write(
        "content/benefits/bad.yaml",
        "id: bad\ntitle: x\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: s\ncontact: 03541234567\n",
    );
    // CI runs in the repository; here the site is in its `site/` folder.
    let run = youdai_in(
        s.path(),
        &[
            "check", "--root", "site", "--today", TODAY, "--format", "github",
        ],
    );
    run.expect_code(1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.starts_with("::error file=site/content/benefits/bad.yaml,line=7,col=10,title=youdai check::`contact` must be text"),
        "{line}"
    );
    assert!(run
        .stdout
        .lines()
        .any(|l| l.starts_with("::warning file=site/content/notices/")));
    assert!(run.stdout.lines().last().unwrap().starts_with("1 error, "));

    // The default stays the text format on stderr.
    let text = youdai_in(s.path(), &["check", "--root", "site", "--today", TODAY]);
    text.error_at("content/benefits/bad.yaml:7:10: error: ");
    assert!(!text.stdout.contains("::error"));
}

/// GitHub shows at most 10 error annotations of a step in a pull request's files: every
/// diagnostic also goes to the step summary, each linked to its line.
#[test]
fn github_format_lists_every_diagnostic_in_the_step_summary() {
    let s = Scratch::of("basic");
    let mut bad = String::new();
    for i in 0..12 {
        bad.push_str(&format!(
            "- id: bad-{i}\n  title: 第{i}条\n  category: life\n  groups: [veterans]\n  region: city\n  summary: s\n"
        ));
    }
    s.write("content/benefits/bad.yaml", &bad);
    let summary = s.path().join("summary.md");
    std::fs::write(&summary, "earlier steps' summary\n").unwrap();
    let env = [
        ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "bureau/site"),
        ("GITHUB_SHA", "0123abcd"),
        ("YOUDAI_LANG", "zh"),
    ];
    let run = youdai_env(
        s.path(),
        &[
            "check", "--root", "site", "--today", TODAY, "--format", "github",
        ],
        &env,
    );
    run.expect_code(1);
    assert_eq!(count(&run.stdout, "::error "), 12, "{}", run.stdout);
    assert!(run.stdout.lines().last().unwrap().starts_with("12 个错误"));

    let text = read(&summary);
    assert!(
        text.starts_with("earlier steps' summary\n"),
        "appended: {text}"
    );
    assert!(text.contains("### youdai 内容检查"), "{text}");
    assert!(text.contains("| 位置 | 类型 | 问题和改法 |"), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("content/benefits/bad.yaml"))
        .collect();
    assert_eq!(rows.len(), 12, "{text}");
    assert!(
        rows[0].starts_with("| [site/content/benefits/bad.yaml:4:12](https://github.com/bureau/site/blob/0123abcd/site/content/benefits/bad.yaml#L4) | ❌ 错误 | "),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("veterans"), "{}", rows[0]);
    // The warnings too.
    assert!(text.contains("⚠️ 提醒"), "{text}");

    // In English, and without the links when GitHub's variables are missing.
    std::fs::remove_file(&summary).unwrap();
    let run = youdai_env(
        s.path(),
        &[
            "check", "--root", "site", "--today", TODAY, "--format", "github",
        ],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    run.expect_code(1);
    let text = read(&summary);
    assert!(
        text.contains("| place | kind | problem and fix |"),
        "{text}"
    );
    assert!(text.contains("| site/content/benefits/bad.yaml:4:12 | ❌ error | "));
    assert!(text.contains("12 errors, "), "{text}");

    // A clean check says so in one line.
    s.remove("content/benefits/bad.yaml");
    std::fs::remove_file(&summary).unwrap();
    youdai_env(
        s.path(),
        &[
            "check", "--root", "site", "--today", TODAY, "--format", "github",
        ],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    )
    .expect_code(0);
    assert!(read(&summary).contains("ok: 5 benefits"));
}

#[test]
fn warnings_point_at_what_needs_a_look() {
    let s = Scratch::of("basic");
    // Reviewed 2024-05-01, over a year before 2025-06-01; `updated:` is 9 characters.
    s.write(
        "content/benefits/stale.yaml",
        "id: stale\ntitle: 旧条目\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: s\nupdated: 2024-05-01\n",
    );
    // Reviewed recently, and expired ones are not nagged about.
    s.write(
        "content/benefits/fresh.yaml",
        "- id: fresh\n  title: 新条目\n  category: life\n  groups: [veteran]\n  region: city\n  summary: s\n  updated: 2025-01-01\n- id: gone\n  title: 已过期\n  category: life\n  groups: [veteran]\n  region: city\n  summary: s\n  updated: 2020-01-01\n  valid_until: 2024-12-31\n",
    );
    // An offer ending in 19 days.
    s.write(
        "content/partners/ending.yaml",
        "id: ending-shop\nname: 快到期的商户\nkind: shop\nregion: city\noffer: 九折\nvalid_until: 2025-06-20\n",
    );
    // Links: two to missing entries, one outside the base path, one to a missing file,
    // and good ones that say nothing.
    s.write(
        "content/pages/links.md",
        "---\ntitle: 链接\n---\n见[公交](../benefits/free-bus/)和[诊所](/yd/benefits/east-clinic/)。\n\n\
         [没有](../benefits/free-buss/)\n\n[站外](/benefits/free-bus/)\n\n[附件](/yd/files/missing.pdf)\n\n\
         [指南](/yd/files/guide.pdf) [商户](../../partners/nope/) [外站](https://example.com/x/)\n",
    );
    // Broken links inside the site are errors (the spot checks fail a site for them); the
    // rest are warnings, which never fail a build.
    let run = s.build(&[]);
    run.expect_code(1);
    let e = |prefix: &str| run.error_at(prefix).to_string();
    let w = |prefix: &str| -> String {
        run.warnings()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("a warning at {prefix}\n{}", run.stderr))
            .to_string()
    };
    assert!(w("content/benefits/stale.yaml:7:10: warning: ")
        .contains("last reviewed on 2024-05-01, over a year ago"));
    assert!(
        !run.stderr.contains("content/benefits/fresh.yaml"),
        "{}",
        run.stderr
    );
    assert!(w("content/partners/ending.yaml:6:14: warning: ")
        .contains("ends on 2025-06-20 (in 19 days)"));
    assert!(w("content/notices/2025-05-20-latest.md:2:1: warning: ").contains("no `summary`"));
    let line6 = e("content/pages/links.md:6:1: error: ");
    assert!(
        line6.contains("no benefit with id `free-buss` (did you mean `free-bus`?)"),
        "{line6}"
    );
    assert!(w("content/pages/links.md:8:1: warning: ").contains("leaves the site"));
    assert!(e("content/pages/links.md:10:1: error: ").contains("attachment is missing"));
    assert!(e("content/pages/links.md:12:1: error: ").contains("no partner with id `nope`"));
    let on_line = |n: usize| {
        run.stderr
            .lines()
            .filter(|l| l.starts_with(&format!("content/pages/links.md:{n}:")))
            .count()
    };
    assert_eq!((on_line(4), on_line(12)), (0, 1), "{}", run.stderr);
    s.write(
        "content/pages/links.md",
        "---\ntitle: 链接\n---\n见[公交](../benefits/free-bus/)和[站外](/benefits/free-bus/)。\n",
    );

    // With --today a year on, the fresh entry is stale too; warnings never fail a check.
    let later = youdai(&[
        "check",
        "--root",
        s.root().to_str().unwrap(),
        "--today",
        "2026-02-01",
    ]);
    later.expect_code(0);
    assert!(
        later
            .stderr
            .contains("content/benefits/fresh.yaml:7:12: warning: "),
        "{}",
        later.stderr
    );
}

#[test]
fn the_web_form_names_every_field_and_offers_the_site_vocabularies() {
    let s = Scratch::empty();
    let dir = new_site(&s);
    let root = dir.to_str().unwrap();
    let zh = [("YOUDAI_LANG", "zh")];
    // Without a repository to commit to, the form cannot be made.
    let run = youdai(&["cms", "--root", root]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--repo OWNER/NAME is needed"),
        "{}",
        run.stderr
    );
    let run = youdai_env(s.path(), &["cms", "--root", root], &zh);
    run.expect_code(2);
    assert!(run.stderr.contains("需要 --repo"), "{}", run.stderr);
    // The repository is taken from the `origin` remote when there is one.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(
        dir.join(".git/config"),
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:bureau/youdai-site.git\n",
    )
    .unwrap();
    let run = youdai_env(s.path(), &["cms", "--root", root], &zh);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("网页表单随网站一起发布，地址是 https://example.gov.cn/yd/admin/"),
        "{}",
        run.stdout
    );

    let config = yaml_to_json(&read(&dir.join("content/static/admin/config.yml")));
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "bureau/youdai-site");
    assert_eq!(config["media_folder"], "content/static/files");
    assert_eq!(config["public_folder"], "/yd/files");
    assert_eq!(config["locale"], "zh_Hans");
    // Decap at a pinned version, which the browser runs only with the right bytes.
    let html = read(&dir.join("content/static/admin/index.html"));
    assert!(
        html.contains("<script src=\"https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js\" integrity=\"sha384-"),
        "{html}"
    );
    assert!(html.contains("crossorigin=\"anonymous\""), "{html}");
    assert!(
        html.contains("<title>内容管理 · 示例市军人军属优待服务</title>"),
        "{html}"
    );
    // ...and the script that leaves empty optional fields out of saved files.
    assert!(html.contains("preSave"), "{html}");

    let schema = |name: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(&read(&dir.join("schema").join(name))).unwrap();
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let collections = config["collections"].as_array().unwrap();
    let names = |c: &Value| -> BTreeSet<String> {
        c["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert!(f["label"].is_string() && f["widget"].is_string(), "{f}");
                f["name"].as_str().unwrap().to_string()
            })
            .collect()
    };
    for (collection, schema_file, body_is) in [
        ("benefits", "benefit.schema.json", Some("details")),
        ("partners", "partner.schema.json", Some("details")),
        ("notices", "notice.schema.json", None),
        ("pages", "page.schema.json", None),
    ] {
        let c = collections
            .iter()
            .find(|c| c["name"] == collection)
            .unwrap_or_else(|| panic!("a collection {collection}"));
        assert_eq!(c["folder"], format!("content/{collection}"));
        let mut expected: BTreeSet<String> = schema(schema_file)
            .into_iter()
            .filter(|f| Some(f.as_str()) != body_is)
            .collect();
        expected.insert("body".into());
        assert_eq!(names(c), expected, "{collection}");
    }
    let settings = collections
        .iter()
        .find(|c| c["name"] == "settings")
        .unwrap();
    let site_file = &settings["files"][0];
    assert_eq!(site_file["file"], "content/site.yaml");
    assert_eq!(
        names(site_file),
        schema("site.schema.json")
            .into_iter()
            .collect::<BTreeSet<_>>()
    );

    // The choices are the site's own.
    let benefits = collections
        .iter()
        .find(|c| c["name"] == "benefits")
        .unwrap();
    let field = |name: &str| -> Value {
        benefits["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    let values = |f: Value| -> Vec<String> {
        f["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        values(field("groups")),
        ["active", "family", "disabled", "veteran", "bereaved"]
    );
    assert_eq!(field("groups")["multiple"], true);
    assert_eq!(field("groups")["widget"], "youdai-choice");
    assert_eq!(values(field("region")), ["city", "east", "west"]);
    assert_eq!(field("category")["options"][0]["label"], "荣誉激励");
    assert_eq!(field("valid_until")["required"], false);
    // An empty default would be saved as `valid_until: ""`.
    assert!(field("valid_until").get("default").is_none());
    assert!(field("summary")["hint"]
        .as_str()
        .unwrap()
        .contains("一两句话"));

    let fields_of = |collection: &str| -> Vec<Value> {
        collections
            .iter()
            .find(|c| c["name"] == collection)
            .unwrap()["fields"]
            .as_array()
            .unwrap()
            .clone()
    };
    // A partner is saved without a place on the map.
    let location = fields_of("partners")
        .into_iter()
        .find(|f| f["name"] == "location")
        .unwrap();
    assert_eq!(location["required"], false);
    for part in location["fields"].as_array().unwrap() {
        assert_eq!(part["required"], false, "{part}");
    }
    // A notice or page is named by its file: the form does not ask for an id, nor name new
    // files after one that may be empty.
    for collection in ["notices", "pages"] {
        let id = fields_of(collection)
            .into_iter()
            .find(|f| f["name"] == "id")
            .unwrap();
        assert_eq!(id["required"], false, "{collection}: {id}");
        assert!(id["hint"].as_str().unwrap().contains("不填就用文件名"));
        let c = collections
            .iter()
            .find(|c| c["name"] == collection)
            .unwrap();
        assert!(
            c["slug"].as_str().unwrap().contains("default('"),
            "{collection}: {}",
            c["slug"]
        );
    }

    // In English, the form is English.
    let out = s.path().join("admin-en");
    let run = youdai(&["cms", "--root", root, "--out", out.to_str().unwrap()]);
    run.expect_code(0);
    let en = yaml_to_json(&read(&out.join("config.yml")));
    assert_eq!(en["locale"], "en");
    assert_eq!(en["collections"][0]["label"], "Benefits");
    let summary = en["collections"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "summary")
        .unwrap()
        .clone();
    assert_eq!(summary["label"], "summary");
    assert_eq!(summary["hint"], "One or two plain sentences.");
    assert!(read(&out.join("config.yml")).starts_with("# The Decap CMS web form"));

    // The form is published with the site, under /admin/.
    let out = s.path().join("out");
    build(&dir, &out, &[]).expect_code(0);
    assert!(out.join("admin/index.html").is_file() && out.join("admin/config.yml").is_file());
}
