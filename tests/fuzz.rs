//! A bounded mutation fuzz of the content loader and renderer: the fixture site's files,
//! mangled the ways hands and attackers mangle YAML and Markdown, must never make youdai
//! panic, abort, hang or run out of memory, and every line it prints must be a
//! well-formed diagnostic.
//!
//! CI runs a few hundred cases. A longer run, with another seed:
//!
//! ```sh
//! YOUDAI_FUZZ_CASES=20000 YOUDAI_FUZZ_SEED=7 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! A failing case prints its seed and number, and leaves the site it made under the
//! system's temp folder for a look.

mod common;

use common::*;
use std::path::Path;

/// A small deterministic generator (xorshift64*): the same seed gives the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Pieces that mean something to YAML, Markdown, HTML or a terminal.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a\n",
    "? ",
    "!",
    "!!str ",
    "!!binary ",
    "|",
    ">",
    "#",
    "'",
    "\"",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\0",
    "\u{1b}[2J",
    "\u{7}",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\u{feff}",
    "\u{fffe}",
    "\u{202e}",
    "：",
    "，",
    "【",
    "“",
    "　",
    "~",
    "null",
    "true",
    "0x1F",
    "2025-13-01",
    "2025-02-30",
    "0354",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:x\">a</a>",
    "](",
    "![",
    "<",
    ">",
    "&amp;",
    "`",
    "```\n",
    "|a|b|\n|-|-|\n",
    "\\",
    "%",
    "id: ",
    "groups: ",
    "region: ",
    "category: ",
    "valid_until: ",
    "../../etc/passwd",
    "/etc/passwd",
];

/// Larger constructs: deep nesting and repetition.
fn construct(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3000);
    match rng.below(9) {
        0 => "- ".repeat(n) + "x\n",
        1 => "[".repeat(n),
        2 => "{a: ".repeat(n),
        3 => "> ".repeat(n) + "引用\n",
        4 => "<div>".repeat(n),
        5 => "*".repeat(n),
        6 => "[a](".repeat(n),
        7 => format!("a: &x [{}]\nb: [*x, *x, *x, *x]\n", "x, ".repeat(n)),
        _ => "优待".repeat(n),
    }
}

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(8) {
            0 | 1 => {
                let token = rng.pick(TOKENS).as_bytes().to_vec();
                bytes.splice(at..at, token);
            }
            2 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            4 => bytes.truncate(at),
            5 => {
                if at < bytes.len() {
                    bytes[at] = rng.next() as u8;
                }
            }
            6 => {
                let piece = construct(rng).into_bytes();
                bytes.splice(at..at, piece);
            }
            _ => {
                // Swap two lines: indentation and order errors.
                let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
                if lines.len() > 2 {
                    let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                    let mut lines: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                    lines.swap(i, j);
                    bytes = lines.join(&b'\n');
                }
            }
        }
    }
    bytes
}

/// The fixture's content files, by path relative to the site root.
fn seeds(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy();
        if entry.file_type().is_file() && (rel.ends_with(".yaml") || rel.ends_with(".md")) {
            files.push((rel.into_owned(), std::fs::read(entry.path()).unwrap()));
        }
    }
    files
}

#[test]
fn mangled_content_never_takes_youdai_down() {
    let cases: usize = std::env::var("YOUDAI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("YOUDAI_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let s = Scratch::of("basic");
    let root = s.root();
    let files = seeds(&root);
    let out = s.path().join("out");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.wrapping_mul(0x1000_0000_01b3));
    let mut codes = [0usize; 2];
    for case in 0..cases {
        let (rel, original) = rng.pick(&files).clone();
        let mangled = mutate(&mut rng, &original);
        std::fs::write(root.join(&rel), &mangled).unwrap();
        let building = case % 4 == 0;
        let args: Vec<&str> = if building {
            vec![
                "build",
                "--root",
                ".",
                "--today",
                TODAY,
                "--out",
                out.to_str().unwrap(),
            ]
        } else {
            vec!["check", "--root", ".", "--today", TODAY]
        };
        let run = youdai_limited(&root, &args, 768, 30);
        let failed = std::panic::catch_unwind(|| {
            assert!(
                run.code == 0 || run.code == 1,
                "exit status {} (a crash or abort)\n{}",
                run.code,
                run.stderr
            );
            assert_well_formed(&run);
        });
        if let Err(e) = failed {
            let keep = s.dir.path().to_path_buf();
            std::mem::forget(s);
            panic!(
                "fuzz case {case} of seed {seed} failed on {rel}; the site is kept at {}\n{}",
                keep.display(),
                e.downcast_ref::<String>().cloned().unwrap_or_default()
            );
        }
        codes[run.code as usize] += 1;
        std::fs::write(root.join(&rel), &original).unwrap();
    }
    // The mutations reach both outcomes: some files still load, most are reported.
    assert!(codes[0] > 0 && codes[1] > 0, "outcomes: {codes:?}");
    println!(
        "{cases} cases of seed {seed}: {} loaded, {} reported errors",
        codes[0], codes[1]
    );
}
