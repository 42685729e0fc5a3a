//! Shared helpers for the integration tests: run the real `youdai` binary on small fixture
//! sites and look at what it wrote and said.
//!
//! Every test binary compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod serve;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The day every test builds for, unless it is testing "today" itself.
pub const TODAY: &str = "2025-06-01";

/// The repository root, which is itself a site root (the demo site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`: a site root (it holds `content/`).
pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The diagnostics printed as `path:line:col: error: message`.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }

    pub fn warnings(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": warning: "))
            .collect()
    }

    /// Panics with the whole output unless the exit status is `code`.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "expected exit status {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Panics unless some error line starts with `prefix` (e.g. `content/a.yaml:3:5: error: `);
    /// returns that line.
    pub fn error_at(&self, prefix: &str) -> &str {
        self.errors()
            .into_iter()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| {
                panic!(
                    "no error line starts with `{prefix}`\n--- stderr\n{}",
                    self.stderr
                )
            })
    }
}

/// Runs `youdai ARGS` in `cwd` with a clean environment for dates.
pub fn youdai_in(cwd: &Path, args: &[&str]) -> Run {
    youdai_env(cwd, args, &[])
}

/// Runs `youdai ARGS` in `cwd` with extra environment variables. Messages are in English
/// (`YOUDAI_LANG=en`) unless `env` asks for another language: most tests match English
/// words; the Chinese ones say `("YOUDAI_LANG", "zh")`.
pub fn youdai_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_youdai"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("YOUDAI_LANG", "en");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("run the youdai binary"))
}

/// Runs `youdai ARGS` in a neutral folder (the system temp folder).
pub fn youdai(args: &[&str]) -> Run {
    youdai_in(&std::env::temp_dir(), args)
}

/// `youdai build --root ROOT --out OUT --today 2025-06-01 EXTRA...`.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    youdai(&args)
}

/// `youdai check --root ROOT --today 2025-06-01`.
pub fn check(root: &Path) -> Run {
    youdai(&["check", "--root", root.to_str().unwrap(), "--today", TODAY])
}

/// A temporary folder holding a copy of a fixture at `<tmp>/site`; the output of a build
/// goes to `<tmp>/out` (outside the site root) unless a test says otherwise.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn empty() -> Scratch {
        Scratch {
            dir: tempfile::Builder::new()
                .prefix("youdai-test-")
                .tempdir()
                .expect("create a temp folder"),
        }
    }

    /// A copy of `tests/fixtures/<name>` at `<tmp>/site`.
    pub fn of(name: &str) -> Scratch {
        let s = Scratch::empty();
        copy_dir(&fixture(name), &s.root());
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Writes `text` at `rel` under the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Builds the site into `out()` for 2025-06-01.
    pub fn build(&self, extra: &[&str]) -> Run {
        build(&self.root(), &self.out(), extra)
    }

    pub fn check(&self) -> Run {
        check(&self.root())
    }

    /// Builds and panics unless the build succeeded.
    pub fn built(&self) -> Site {
        self.build(&[]).expect_code(0);
        Site(self.out())
    }
}

/// A built output folder.
pub struct Site(pub PathBuf);

/// A fixture built into a temp folder that lives as long as this value.
pub struct Built {
    pub scratch: Scratch,
    pub site: Site,
}

impl std::ops::Deref for Built {
    type Target = Site;
    fn deref(&self) -> &Site {
        &self.site
    }
}

/// Copies `tests/fixtures/<name>` and builds it for 2025-06-01; panics if the build fails.
pub fn built(name: &str) -> Built {
    let scratch = Scratch::of(name);
    let site = scratch.built();
    Built { scratch, site }
}

impl Site {
    pub fn has(&self, rel: &str) -> bool {
        self.0.join(rel).is_file()
    }

    /// The text of an output file; panics with the list of files if it is missing.
    pub fn page(&self, rel: &str) -> String {
        match std::fs::read(self.0.join(rel)) {
            Ok(bytes) => String::from_utf8(bytes).expect("output file is UTF-8"),
            Err(e) => panic!(
                "cannot read {rel} in the output: {e}\nfiles written: {:#?}",
                tree(&self.0).keys().collect::<Vec<_>>()
            ),
        }
    }

    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.0.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn catalog(&self) -> serde_json::Value {
        serde_json::from_str(&self.page("api/catalog.json")).expect("api/catalog.json is JSON")
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, by path relative to it, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                // A link is recorded as where it points, never followed.
                let bytes = if kind.is_symlink() {
                    let to = std::fs::read_link(&path).unwrap();
                    format!("-> {}", to.display()).into_bytes()
                } else {
                    std::fs::read(&path).unwrap()
                };
                out.insert(rel, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two trees hold the same files with the same bytes, naming the first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees hold different files");
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs between the two trees");
    }
}

/// `href="<url>"` as the built-in theme writes links.
pub fn href(url: &str) -> String {
    format!("href=\"{url}\"")
}

/// How often `needle` occurs in `haystack`.
pub fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Runs `youdai ARGS` in `cwd` as a crafted input's victim would: with at most
/// `memory_mb` of address space and `seconds` of time. Panics, naming the input, when it
/// runs over the time (the child is killed first); a child that runs out of memory or
/// aborts ends with a signal, and `code` is then -1.
pub fn youdai_limited(cwd: &Path, args: &[&str], memory_mb: u64, seconds: u64) -> Run {
    youdai_limited_env(cwd, args, &[], memory_mb, seconds)
}

/// `youdai_limited` with extra environment variables, as `youdai_env` takes them.
pub fn youdai_limited_env(
    cwd: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    memory_mb: u64,
    seconds: u64,
) -> Run {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_youdai"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("YOUDAI_LANG", "en")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let bytes = memory_mb * 1024 * 1024;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("run the youdai binary");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for youdai") {
            break status;
        }
        if started.elapsed().as_secs() >= seconds {
            let _ = child.kill();
            let _ = child.wait();
            panic!("youdai {args:?} ran over {seconds} s and was stopped");
        }
        // Short at first, as most runs end within milliseconds.
        let pause = (started.elapsed() / 8).clamp(
            std::time::Duration::from_micros(500),
            std::time::Duration::from_millis(50),
        );
        std::thread::sleep(pause);
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Panics unless every line on stderr is a well-formed diagnostic of SPEC §5, or one of
/// the few plain `error:`/`warning:` lines of the command line itself, and nothing on
/// either stream carries a control character or a panic.
pub fn assert_well_formed(run: &Run) {
    for line in run.stderr.lines() {
        let diagnostic = line
            .split_once(": error: ")
            .or_else(|| line.split_once(": warning: "))
            .and_then(|(place, message)| {
                let mut parts = place.rsplitn(3, ':');
                let col = parts.next()?.parse::<usize>().ok()?;
                let line_no = parts.next()?.parse::<usize>().ok()?;
                let file = parts.next()?;
                (col > 0 && line_no > 0 && !file.is_empty() && !message.trim().is_empty())
                    .then_some(())
            })
            .is_some();
        let plain = line.starts_with("error: ") || line.starts_with("warning: ");
        assert!(
            diagnostic || plain,
            "a stderr line that is not a diagnostic: {line:?}\n--- stderr\n{}",
            run.stderr
        );
    }
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("panicked"), "youdai panicked:\n{text}");
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the terminal: {text:?}"
        );
    }
}
