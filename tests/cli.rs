//! The command line: exit status 0 success, 1 content errors, 2 wrong usage; `check` writes
//! nothing; `new` starts a site that builds cleanly.

mod common;

use common::*;

#[test]
fn no_arguments_is_wrong_usage() {
    let run = youdai(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("build"),
        "usage names the commands:\n{}",
        run.stderr
    );
}

#[test]
fn help_lists_the_commands_and_succeeds() {
    let run = youdai(&["--help"]);
    run.expect_code(0);
    for command in ["build", "check", "serve", "new"] {
        assert!(
            run.stdout.contains(command),
            "--help names `{command}`:\n{}",
            run.stdout
        );
    }
}

#[test]
fn unknown_flags_and_commands_are_wrong_usage() {
    let root = fixture("basic");
    let root = root.to_str().unwrap();
    youdai(&["build", "--root", root, "--frobnicate"]).expect_code(2);
    youdai(&["check", "--root", root, "--out", "x"]).expect_code(2);
    youdai(&["publish"]).expect_code(2);
}

#[test]
fn a_bad_date_for_today_is_wrong_usage() {
    let s = Scratch::of("basic");
    let root = s.root();
    let root = root.to_str().unwrap();
    let out = s.out();
    let out = out.to_str().unwrap();
    for bad in ["2025-13-01", "2025-02-30", "2025-6-1", "tomorrow", ""] {
        let run = youdai(&["build", "--root", root, "--out", out, "--today", bad]);
        run.expect_code(2);
        assert!(!run.stderr.is_empty(), "--today {bad:?} is explained");
        youdai(&["check", "--root", root, "--today", bad]).expect_code(2);
    }
    assert!(!s.out().exists(), "nothing was built");
}

#[test]
fn a_bad_source_date_epoch_or_base_url_is_wrong_usage() {
    let s = Scratch::of("basic");
    let root = s.root();
    let out = s.out();
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    youdai_env(s.path(), &args, &[("SOURCE_DATE_EPOCH", "yesterday")]).expect_code(2);
    s.build(&["--base-url", "/sub/"]).expect_code(2);
    s.build(&["--base-url", "ftp://x.example/"]).expect_code(2);
    assert!(!s.out().exists());
}

#[test]
fn a_missing_root_is_wrong_usage() {
    let s = Scratch::empty();
    let missing = s.path().join("no-such-site");
    build(&missing, &s.path().join("out"), &[]).expect_code(2);
    check(&missing).expect_code(2);
}

#[test]
fn check_accepts_good_content_and_writes_nothing() {
    let s = Scratch::of("basic");
    let before = tree(s.path());
    let run = s.check();
    run.expect_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert_same_tree(&before, &tree(s.path()));
    assert!(!s.root().join("public").exists());
}

#[test]
fn check_reports_errors_with_exit_1_and_writes_nothing() {
    let s = Scratch::of("basic");
    s.write("content/benefits/bad.yaml", "id: bad\ntitle: x\n");
    let before = tree(s.path());
    let run = s.check();
    run.expect_code(1);
    assert!(
        run.errors()
            .iter()
            .any(|l| l.starts_with("content/benefits/bad.yaml:1:1: error: ")),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(s.path()));
}

#[test]
fn root_defaults_to_the_current_folder() {
    let s = Scratch::of("basic");
    youdai_in(&s.root(), &["check", "--today", TODAY]).expect_code(0);
    youdai_in(&s.root(), &["build", "--today", TODAY]).expect_code(0);
    assert!(
        s.root().join("public/index.html").is_file(),
        "build writes ROOT/public by default"
    );
}

#[test]
fn new_creates_a_site_that_builds_and_names_its_placeholders() {
    let s = Scratch::empty();
    let dir = s.path().join("my-site");
    // Created on the day the test builds for (2025-06-01), as its examples are dated then.
    youdai_env(
        s.path(),
        &["new", dir.to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "1748736000")],
    )
    .expect_code(0);
    assert!(dir.join("content/site.yaml").is_file());

    let run = build(&dir, &s.path().join("out"), &[]);
    run.expect_code(0);
    let site = Site(s.path().join("out"));
    let catalog = site.catalog();
    for key in ["benefits", "partners", "notices", "pages"] {
        assert!(
            catalog[key].as_array().is_some_and(|a| !a.is_empty()),
            "the new site has example {key}"
        );
    }
    assert!(site.has("index.html"));

    // Until the bureau replaces them, check points at the samples: the address, the
    // sample city's name and phone numbers, the sample page; and at nothing else.
    let check = youdai(&["check", "--root", dir.to_str().unwrap(), "--today", TODAY]);
    check.expect_code(0);
    let warnings = check.warnings();
    for expected in [
        "content/site.yaml:1:1: warning: base_url is still the sample address",
        "content/site.yaml:1:1: warning: the site title",
        "content/pages/about.md:1:1: warning: the page",
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(expected)),
            "missing `{expected}`:\n{}",
            check.stderr
        );
    }
    for w in &warnings {
        assert!(
            w.contains("sample") || w.contains("government site") || w.contains("has no benefits"),
            "a warning that is not about the samples or the empty sample categories: {w}"
        );
    }
    // In Chinese, as an editor reads them.
    let zh = youdai_env(&dir, &["check", "--today", TODAY], &[("YOUDAI_LANG", "zh")]);
    assert!(zh.stderr.contains("仍是示例地址"), "{}", zh.stderr);
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let s = Scratch::empty();
    let dir = s.path().join("taken");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let run = youdai(&["new", dir.to_str().unwrap()]);
    run.expect_code(2);
    assert!(!run.stderr.is_empty());
    let left = tree(&dir);
    assert_eq!(left.len(), 1, "nothing was added: {:?}", left.keys());
    assert_eq!(left["notes.txt"], b"mine");

    // An empty folder is fine.
    let empty = s.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    youdai(&["new", empty.to_str().unwrap()]).expect_code(0);
}
