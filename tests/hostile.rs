//! Content as an attacker or a careless hand would write it, and command lines that would
//! once have destroyed files: each case runs the real binary with a memory and time limit
//! and asserts the exit status, the placed error line, and that nothing outside the output
//! changed (SPEC §6: safe, atomic, bounded).

mod common;

use common::*;
use std::os::unix::fs::symlink;
use std::path::Path;

/// Memory and time every crafted input gets: a small site needs a fraction of either.
const MEMORY_MB: u64 = 1024;
const SECONDS: u64 = 60;

fn check_limited(root: &Path) -> Run {
    let run = youdai_limited(
        root,
        &["check", "--root", ".", "--today", TODAY],
        MEMORY_MB,
        SECONDS,
    );
    assert_well_formed(&run);
    run
}

fn build_limited(root: &Path, out: &Path) -> Run {
    let run = youdai_limited(
        root,
        &[
            "build",
            "--root",
            ".",
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
        ],
        MEMORY_MB,
        SECONDS,
    );
    assert_well_formed(&run);
    run
}

// --- `--out` never destroys what is not a youdai output --------------------------------

#[test]
fn out_inside_the_site_root_that_holds_other_files_is_refused() {
    let s = Scratch::of("basic");
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    s.write(".git/objects/ab/cdef", "object");
    s.write("docs/guide.md", "# 编辑指南\n");
    let before = tree(&s.root());
    for out in [".git", "docs", "./docs/", "content/../.git"] {
        let run = youdai_in(
            &s.root(),
            &["build", "--root", ".", "--out", out, "--today", TODAY],
        );
        run.expect_code(2);
        assert!(
            run.stderr.contains("other files"),
            "--out {out}: {}",
            run.stderr
        );
    }
    assert_same_tree(&before, &tree(&s.root()));
}

#[test]
fn out_naming_a_file_or_a_link_is_refused_and_nothing_moves() {
    let s = Scratch::of("basic");
    std::fs::write(s.path().join("notes.txt"), "keep me").unwrap();
    let elsewhere = s.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("mine.txt"), "mine").unwrap();
    symlink(&elsewhere, s.path().join("linked")).unwrap();
    let before = tree(s.path());
    let run = build(&s.root(), &s.path().join("notes.txt"), &[]);
    run.expect_code(2);
    assert!(run.stderr.contains("is a file"), "{}", run.stderr);
    let run = build(&s.root(), &s.path().join("linked"), &[]);
    run.expect_code(2);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_same_tree(&before, &tree(s.path()));
    assert!(s.path().join("linked").is_symlink());
}

#[test]
fn the_default_public_folder_of_hand_written_files_is_not_replaced() {
    let s = Scratch::of("basic");
    s.write("public/handmade.html", "<p>mine</p>");
    let run = youdai_in(&s.root(), &["build", "--today", TODAY]);
    run.expect_code(2);
    assert_eq!(
        std::fs::read_to_string(s.root().join("public/handmade.html")).unwrap(),
        "<p>mine</p>"
    );
    // A youdai output there is replaced as before.
    std::fs::remove_dir_all(s.root().join("public")).unwrap();
    youdai_in(&s.root(), &["build", "--today", TODAY]).expect_code(0);
    youdai_in(&s.root(), &["build", "--today", TODAY]).expect_code(0);
}

// --- symbolic links are never followed ----------------------------------------------------

/// A file outside the site with a recognisable secret in it.
fn secret(s: &Scratch) -> std::path::PathBuf {
    let dir = s.path().join("outside");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("passwd"), "root:x:0:0:SECRET-ROOT-LINE\n").unwrap();
    std::fs::write(
        dir.join("entry.yaml"),
        "id: leaked\ntitle: SECRET-ROOT-LINE\ncategory: life\ngroups: [veteran]\nregion: east\nsummary: x\n",
    )
    .unwrap();
    dir
}

#[test]
fn links_in_content_and_themes_are_errors_and_nothing_is_read_through_them() {
    type Plant = fn(&Scratch, &Path);
    let cases: &[(&str, Plant)] = &[
        ("content/static/passwd.txt", |s, outside| {
            symlink(
                outside.join("passwd"),
                s.root().join("content/static/passwd.txt"),
            )
            .unwrap()
        }),
        ("content/static", |s, outside| {
            std::fs::remove_dir_all(s.root().join("content/static")).unwrap();
            symlink(outside, s.root().join("content/static")).unwrap()
        }),
        ("content/benefits", |s, outside| {
            std::fs::remove_dir_all(s.root().join("content/benefits")).unwrap();
            symlink(outside, s.root().join("content/benefits")).unwrap()
        }),
        ("content/benefits/leak.yaml", |s, outside| {
            symlink(
                outside.join("entry.yaml"),
                s.root().join("content/benefits/leak.yaml"),
            )
            .unwrap()
        }),
        ("content/site.yaml", |s, outside| {
            std::fs::remove_file(s.root().join("content/site.yaml")).unwrap();
            symlink(outside.join("passwd"), s.root().join("content/site.yaml")).unwrap()
        }),
        ("themes/default", |s, outside| {
            std::fs::create_dir_all(s.root().join("themes")).unwrap();
            std::fs::create_dir_all(outside.join("templates")).unwrap();
            std::fs::write(
                outside.join("templates/404.html"),
                "SECRET-ROOT-LINE {{ site.title }}",
            )
            .unwrap();
            symlink(outside, s.root().join("themes/default")).unwrap()
        }),
    ];
    for (link, plant) in cases {
        let s = Scratch::of("basic");
        let outside = secret(&s);
        plant(&s, &outside);
        let run = check_limited(&s.root());
        run.expect_code(1);
        let line = run.error_at(&format!("{link}:1:1: error: "));
        assert!(line.contains("symbolic link"), "{line}");
        let run = build_limited(&s.root(), &s.out());
        run.expect_code(1);
        assert!(
            !s.out().exists(),
            "{link}: a build with a link wrote output"
        );
        assert!(
            !run.stderr.contains("SECRET") && !run.stdout.contains("SECRET"),
            "{link}: the linked file's text was printed:\n{}",
            run.stderr
        );
    }
}

// --- bounded: crafted YAML and Markdown -----------------------------------------------------

/// A few hundred bytes of nested aliases that stand for 10^12 values.
fn laughs() -> String {
    let mut yaml = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    yaml
}

#[test]
fn nested_aliases_are_an_error_at_their_line_not_gigabytes() {
    let s = Scratch::of("basic");
    let yaml = format!(
        "id: laughs\ntitle: 笑\ncategory: life\ngroups: [veteran]\nregion: east\nsummary: x\n{}",
        laughs()
    );
    // As fields of a benefit (unknown ones, but the parser meets the aliases first) ...
    s.write("content/benefits/laughs.yaml", &yaml);
    let run = check_limited(&s.root());
    run.expect_code(1);
    let line = run.error_at("content/benefits/laughs.yaml:10:");
    assert!(line.contains("alias"), "{line}");
    // ... and in site.yaml.
    let s = Scratch::of("basic");
    let site = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write("content/site.yaml", &format!("{site}\n{}", laughs()));
    let run = check_limited(&s.root());
    run.expect_code(1);
    assert!(run.error_at("content/site.yaml:").contains("alias"));
}

#[test]
fn deep_nesting_is_an_error_at_its_place_not_a_crash() {
    let deep_block = format!("id: deep\ntags:\n{}x\n", "- ".repeat(50_000));
    let deep_flow = format!("id: deep\ntags: {}\n", "[".repeat(50_000));
    for (rel, text) in [
        ("content/benefits/deep.yaml", deep_block.clone()),
        ("content/benefits/flow.yaml", deep_flow.clone()),
        (
            "content/notices/deep.md",
            format!("---\n{deep_block}---\n正文\n"),
        ),
        (
            "content/site.yaml",
            format!("title: x\nbase_url: https://x.gov.cn/\nregions: {deep_flow}"),
        ),
    ] {
        let s = Scratch::of("basic");
        s.write(rel, &text);
        let run = check_limited(&s.root());
        run.expect_code(1);
        let line = run.error_at(&format!("{rel}:"));
        assert!(line.contains("nested") || line.contains("YAML"), "{line}");
    }
}

#[test]
fn a_long_text_of_links_is_checked_in_time() {
    let s = Scratch::of("basic");
    let links: String = (0..40_000)
        .map(|i| format!("[第{i}条](/yd/benefits/x{i}/) 说明\n"))
        .collect();
    s.write(
        "content/notices/links.md",
        &format!("---\ntitle: 链接\ndate: 2025-01-01\nsummary: 很多链接\n---\n{links}"),
    );
    // Quadratic line counting took minutes for this in a debug build.
    let run = youdai_limited(
        &s.root(),
        &["check", "--root", ".", "--today", TODAY],
        MEMORY_MB,
        30,
    );
    // Every one of them is a broken link, reported on its own line.
    run.expect_code(1);
    assert_eq!(run.errors().len(), 40_000);
    run.error_at("content/notices/links.md:40005:1: error: ");
}

// --- diagnostics are one line each, with nothing from content driving the terminal --------

#[test]
fn values_cannot_forge_lines_or_send_escape_sequences() {
    let s = Scratch::of("basic");
    s.write(
        "content/benefits/forge.yaml",
        "id: forge\ntitle: 伪造\ncategory: life\nregion: east\nsummary: x\ngroups: [\"veteran\\ncontent/benefits/ok.yaml:1:1: error: forged line\", \"\\e[2J\\e]0;pwned\\a\"]\n",
    );
    let run = check_limited(&s.root());
    run.expect_code(1);
    assert_eq!(
        run.errors()
            .iter()
            .filter(|l| l.starts_with("content/benefits/ok.yaml"))
            .count(),
        0,
        "a forged diagnostic line:\n{}",
        run.stderr
    );
    let line = run.error_at("content/benefits/forge.yaml:6:");
    assert!(line.contains("\\n"), "{line}");
}

#[test]
fn an_id_longer_than_64_characters_is_an_error_at_the_id() {
    let s = Scratch::of("basic");
    let long = "a".repeat(300);
    s.write(
        "content/benefits/long.yaml",
        &format!(
            "id: {long}\ntitle: 长\ncategory: life\ngroups: [veteran]\nregion: east\nsummary: x\n"
        ),
    );
    let run = check_limited(&s.root());
    run.expect_code(1);
    assert!(run
        .error_at("content/benefits/long.yaml:1:5: error: ")
        .contains("64"));
    let fine = "a".repeat(64);
    s.write(
        "content/benefits/long.yaml",
        &format!(
            "id: {fine}\ntitle: 长\ncategory: life\ngroups: [veteran]\nregion: east\nsummary: x\n"
        ),
    );
    check_limited(&s.root()).expect_code(0);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::process::{Command, Stdio};
    let s = Scratch::of("basic");
    s.write("content/benefits/bad.yaml", "id: Bad Id\n");
    // `youdai check | head -0`: the reader is gone before youdai writes a line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_youdai"))
        .args(["check", "--root", ".", "--today", TODAY])
        .current_dir(s.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{status:?}: it panicked or crashed");
}

// --- atomic: killed and failed builds ------------------------------------------------------

#[test]
fn what_killed_builds_left_is_cleared_and_a_half_swapped_output_restored() {
    let s = Scratch::of("basic");
    let site = s.built();
    let good = tree(&site.0);
    // What `kill -9` leaves: a staging folder of a process that is gone (pid 4194300 is
    // above Linux's default pid_max of 4194304 minus a margin, so never running here), and
    // an output moved aside in the middle of a swap, with nothing in its place.
    let dead = 4_194_300;
    let staging = s.path().join(format!(".out.staging-{dead}"));
    std::fs::create_dir_all(staging.join("benefits")).unwrap();
    std::fs::write(staging.join("benefits/half.html"), vec![b'x'; 4096]).unwrap();
    let moved = s.path().join(format!(".out.old-{}", dead + 1));
    std::fs::rename(s.out(), &moved).unwrap();

    // The next build fails on bad content, yet the last good output is back in place.
    s.write("content/benefits/bad.yaml", "id: Bad Id\n");
    s.build(&[]).expect_code(1);
    assert_same_tree(&good, &tree(&s.out()));
    let left: Vec<String> = std::fs::read_dir(s.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect();
    assert!(left.is_empty(), "left beside the output: {left:?}");
}

#[test]
fn a_build_killed_while_writing_leaves_the_old_output_and_the_next_clears_up() {
    use std::process::{Command, Stdio};
    let s = Scratch::empty();
    copy_dir(&repo_root().join("content"), &s.root().join("content"));
    build(&s.root(), &s.out(), &[]).expect_code(0);
    let good = tree(&s.out());
    let staged = |dir: &Path| {
        std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(".out.staging-"))
    };
    let mut killed = 0;
    for _ in 0..5 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_youdai"))
            .args(["build", "--root", ".", "--today", TODAY, "--out"])
            .arg(s.out())
            .current_dir(s.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !staged(s.path()) && std::time::Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::yield_now();
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        assert_same_tree(&good, &tree(&s.out()));
    }
    assert!(killed > 0, "no build was caught in the middle");
    assert!(staged(s.path()), "the killed builds left no staging folder");
    build(&s.root(), &s.out(), &[]).expect_code(0);
    assert!(
        !staged(s.path()),
        "the next build did not clear the leftovers"
    );
    assert_same_tree(&good, &tree(&s.out()));
}

#[test]
fn a_previous_output_that_cannot_be_removed_does_not_fail_the_new_build() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let s = Scratch::of("basic");
    s.built();
    // A folder of the old output that the building user may not change: as root, one
    // owned by root that the build (run as `nobody`) cannot empty; otherwise, read-only.
    let locked = s.out().join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("file.txt"), "old").unwrap();
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root {
        let nobody = 65534;
        for entry in walkdir::WalkDir::new(s.path()) {
            let path = entry.unwrap().into_path();
            if !path.starts_with(&locked) {
                std::os::unix::fs::lchown(&path, Some(nobody), Some(nobody)).unwrap();
            }
        }
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    s.write("content/pages/new.md", "---\ntitle: 新页面\n---\n新的\n");
    if as_root {
        let nobody = 65534;
        std::os::unix::fs::lchown(s.root().join("content/pages/new.md"), Some(nobody), None)
            .unwrap();
    }
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_youdai"));
    cmd.args(["build", "--root", ".", "--today", TODAY, "--out"])
        .arg(s.out())
        .current_dir(s.root());
    if as_root {
        cmd.uid(65534).gid(65534);
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        std::fs::read_to_string(s.out().join("new/index.html"))
            .unwrap()
            .contains("新的"),
        "the new site is in place"
    );
    assert!(!s.out().join("locked").exists());
    let _ = std::fs::set_permissions(
        walkdir::WalkDir::new(s.path())
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == "locked")
            .map(|e| e.into_path())
            .unwrap_or(locked),
        std::fs::Permissions::from_mode(0o755),
    );
}
