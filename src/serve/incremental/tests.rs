//! The promise of incremental builds: after any edit, what is served is what a full build
//! of the same files writes, byte for byte. A few hundred random edits (add, change,
//! delete, rename, move between files, expire, settings, static files, a broken file) are
//! applied one at a time to a generated site; after each the incremental outcome is held
//! against a fresh full build. `YOUDAI_EDITS=2000` runs longer; `YOUDAI_EDIT_SEED` varies.

use super::Incremental;
use crate::build::render_site;
use crate::content::LoadOptions;
use crate::model::Date;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// xorshift64*: the same seed gives the same edits.
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
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const CATEGORIES: &[&str] = &["life", "medical", "travel"];
const GROUPS: &[&str] = &["active", "veteran", "family"];
const REGIONS: &[&str] = &["city", "east", "west", "east-town"];
const KINDS: &[&str] = &["scenic", "shop"];
const WORDS: &[&str] = &[
    "免费", "乘车", "公交", "医疗", "门诊", "挂号", "公园", "门票", "优先", "办理", "补贴", "景区",
];

#[derive(Clone)]
struct Benefit {
    id: String,
    title: String,
    category: String,
    groups: Vec<String>,
    region: String,
    number: Option<u32>,
    valid_until: Option<&'static str>,
    /// `content/benefits/<file>`: a list file (`.yaml`) or a file of its own (`.md`).
    file: String,
}

#[derive(Clone)]
struct Partner {
    id: String,
    name: String,
    kind: String,
    region: String,
    file: String,
}

#[derive(Clone)]
struct Notice {
    id: String,
    title: String,
    date: &'static str,
    pinned: bool,
    expires: Option<&'static str>,
}

#[derive(Clone)]
struct Page {
    id: String,
    title: String,
    order: Option<u32>,
}

/// The site as the test knows it; its files are written from this.
struct Spec {
    title: String,
    extra_category: bool,
    east_name: String,
    benefits: Vec<Benefit>,
    partners: Vec<Partner>,
    notices: Vec<Notice>,
    pages: Vec<Page>,
    statics: Vec<String>,
    /// A file made unreadable on purpose: a build must fail until the next edit.
    broken: Option<String>,
    next_id: usize,
}

impl Spec {
    fn fresh_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }

    fn words(rng: &mut Rng) -> String {
        (0..2 + rng.below(3)).map(|_| *rng.pick(WORDS)).collect()
    }

    fn new_benefit(&mut self, rng: &mut Rng) -> Benefit {
        let id = self.fresh_id("b");
        let file = if rng.chance(30) {
            format!("{id}.md")
        } else {
            format!("list-{}.yaml", rng.below(3))
        };
        Benefit {
            title: Self::words(rng),
            category: rng.pick(CATEGORIES).to_string(),
            groups: (0..1 + rng.below(2))
                .map(|_| rng.pick(GROUPS).to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            region: rng.pick(REGIONS).to_string(),
            number: rng.chance(70).then(|| rng.below(50) as u32 + 1),
            valid_until: None,
            file,
            id,
        }
    }

    fn files(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        let extra = if self.extra_category {
            "  - { id: jobs, name: 就业创业 }\n"
        } else {
            ""
        };
        files.insert(
            "content/site.yaml".to_string(),
            format!(
                "title: {}\nbase_url: https://x.gov.cn/yd/\nregions:\n  - id: city\n    name: 测试市\n    children:\n      - id: east\n        name: {}\n        children:\n          - {{ id: east-town, name: 东镇 }}\n      - {{ id: west, name: 西县 }}\ncategories:\n  - {{ id: life, name: 生活服务 }}\n  - {{ id: medical, name: 医疗服务 }}\n  - {{ id: travel, name: 文旅交通 }}\n{extra}groups:\n  - {{ id: active, name: 现役军人 }}\n  - {{ id: veteran, name: 退役军人 }}\n  - {{ id: family, name: 军属 }}\npartner_kinds:\n  - {{ id: scenic, name: 旅游景区 }}\n  - {{ id: shop, name: 生活服务网点 }}\n",
                self.title, self.east_name
            ),
        );
        for b in &self.benefits {
            let fields = format!(
                "id: {}\ntitle: {}\ncategory: {}\ngroups: [{}]\nregion: {}\nsummary: {}的说明。\n{}{}updated: 2025-05-01\n",
                b.id,
                b.title,
                b.category,
                b.groups.join(", "),
                b.region,
                b.title,
                b.number.map(|n| format!("number: {n}\n")).unwrap_or_default(),
                b.valid_until.map(|d| format!("valid_until: {d}\n")).unwrap_or_default(),
            );
            let path = format!("content/benefits/{}", b.file);
            let text = files.entry(path).or_insert_with(String::new);
            if b.file.ends_with(".md") {
                text.push_str(&format!("---\n{fields}---\n{}的详细说明。\n", b.title));
            } else {
                for (i, line) in fields.lines().enumerate() {
                    text.push_str(if i == 0 { "- " } else { "  " });
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        for p in &self.partners {
            let path = format!("content/partners/{}", p.file);
            let text = files.entry(path).or_insert_with(String::new);
            text.push_str(&format!(
                "- id: {}\n  name: {}\n  kind: {}\n  region: {}\n  offer: 凭优待证九折。\n  updated: 2025-05-01\n",
                p.id, p.name, p.kind, p.region
            ));
        }
        for n in &self.notices {
            files.insert(
                format!("content/notices/{}.md", n.id),
                format!(
                    "---\ntitle: {}\ndate: {}\nsummary: {}。\n{}{}---\n{}的正文。见[目录](/yd/benefits/)。\n",
                    n.title,
                    n.date,
                    n.title,
                    if n.pinned { "pinned: true\n" } else { "" },
                    n.expires.map(|e| format!("expires: {e}\n")).unwrap_or_default(),
                    n.title
                ),
            );
        }
        for p in &self.pages {
            files.insert(
                format!("content/pages/{}.md", p.id),
                format!(
                    "---\ntitle: {}\n{}---\n{}的内容。\n",
                    p.title,
                    p.order.map(|o| format!("order: {o}\n")).unwrap_or_default(),
                    p.title
                ),
            );
        }
        for s in &self.statics {
            files.insert(format!("content/static/files/{s}"), format!("static {s}"));
        }
        if let Some(path) = &self.broken {
            let text = files.entry(path.clone()).or_default();
            text.push_str("\n: : [ broken\n");
        }
        files
    }

    /// One random edit; returns what it did, for the failure message.
    fn edit(&mut self, rng: &mut Rng) -> String {
        self.broken = None;
        match rng.below(16) {
            0 | 1 if !self.benefits.is_empty() => {
                let i = rng.below(self.benefits.len());
                self.benefits[i].title = Self::words(rng);
                format!("retitle benefit {}", self.benefits[i].id)
            }
            2 if !self.benefits.is_empty() => {
                let i = rng.below(self.benefits.len());
                self.benefits[i].category = rng.pick(CATEGORIES).to_string();
                self.benefits[i].region = rng.pick(REGIONS).to_string();
                format!("recategorize benefit {}", self.benefits[i].id)
            }
            3 if !self.benefits.is_empty() => {
                let i = rng.below(self.benefits.len());
                self.benefits[i].valid_until = match self.benefits[i].valid_until {
                    None => Some("2025-01-31"),
                    Some(_) => None,
                };
                format!("expire or renew benefit {}", self.benefits[i].id)
            }
            4 | 5 => {
                let b = self.new_benefit(rng);
                let what = format!("add benefit {} to {}", b.id, b.file);
                self.benefits.push(b);
                what
            }
            6 if self.benefits.len() > 1 => {
                let b = self.benefits.remove(rng.below(self.benefits.len()));
                format!("delete benefit {}", b.id)
            }
            7 if !self.benefits.is_empty() => {
                let i = rng.below(self.benefits.len());
                let to = if rng.chance(50) {
                    format!("moved-{}.md", self.benefits[i].id)
                } else {
                    format!("list-{}.yaml", rng.below(4))
                };
                self.benefits[i].file = to.clone();
                format!("move benefit {} to {to}", self.benefits[i].id)
            }
            8 => {
                let id = self.fresh_id("p");
                let p = Partner {
                    name: Self::words(rng),
                    kind: rng.pick(KINDS).to_string(),
                    region: rng.pick(REGIONS).to_string(),
                    file: format!("partners-{}.yaml", rng.below(2)),
                    id,
                };
                let what = format!("add partner {}", p.id);
                self.partners.push(p);
                what
            }
            9 if !self.partners.is_empty() => {
                let i = rng.below(self.partners.len());
                if rng.chance(50) {
                    self.partners[i].name = Self::words(rng);
                    format!("rename partner {}", self.partners[i].id)
                } else {
                    let p = self.partners.remove(i);
                    format!("delete partner {}", p.id)
                }
            }
            10 => {
                let id = self.fresh_id("n");
                let date = *rng.pick(&["2025-04-01", "2025-05-10", "2025-05-30", "2025-07-01"]);
                // Archived by today when it expired, and never before its own date.
                let expires = (date < "2025-05-15" && rng.chance(40)).then_some("2025-05-15");
                let n = Notice {
                    title: Self::words(rng),
                    date,
                    pinned: rng.chance(30),
                    expires,
                    id,
                };
                let what = format!("add notice {}", n.id);
                self.notices.push(n);
                what
            }
            11 if !self.notices.is_empty() => {
                let i = rng.below(self.notices.len());
                if rng.chance(50) {
                    self.notices[i].pinned = !self.notices[i].pinned;
                    self.notices[i].title = Self::words(rng);
                    format!("change notice {}", self.notices[i].id)
                } else {
                    let n = self.notices.remove(i);
                    format!("delete notice {}", n.id)
                }
            }
            12 => {
                if self.pages.len() > 1 && rng.chance(40) {
                    let p = self.pages.remove(rng.below(self.pages.len()));
                    format!("delete page {}", p.id)
                } else if !self.pages.is_empty() && rng.chance(50) {
                    let i = rng.below(self.pages.len());
                    self.pages[i].order = rng.chance(70).then(|| rng.below(5) as u32);
                    self.pages[i].title = Self::words(rng);
                    format!("change page {}", self.pages[i].id)
                } else {
                    let id = self.fresh_id("page");
                    self.pages.push(Page {
                        id: id.clone(),
                        title: Self::words(rng),
                        order: None,
                    });
                    format!("add page {id}")
                }
            }
            13 => {
                match rng.below(3) {
                    0 => self.title = format!("{}优待服务", Self::words(rng)),
                    1 => self.extra_category = !self.extra_category,
                    _ => self.east_name = format!("{}县", rng.pick(WORDS)),
                }
                "change site.yaml".into()
            }
            14 => {
                if !self.statics.is_empty() && rng.chance(50) {
                    let s = self.statics.remove(rng.below(self.statics.len()));
                    format!("delete static {s}")
                } else {
                    let name = format!("{}.pdf", self.fresh_id("f"));
                    self.statics.push(name.clone());
                    format!("add static {name}")
                }
            }
            _ => {
                let files = self.files();
                let paths: Vec<&String> = files.keys().filter(|p| p.ends_with(".yaml")).collect();
                let path = rng.pick(&paths).to_string();
                self.broken = Some(path.clone());
                format!("break {path}")
            }
        }
    }
}

/// Writes `now` over `before` in `root`; returns the paths that changed.
fn write_files(
    root: &Path,
    before: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut changed = Vec::new();
    for (path, text) in now {
        if before.get(path) != Some(text) {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
            changed.push(path.clone());
        }
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        std::fs::remove_file(root.join(path)).unwrap();
        changed.push(path.clone());
    }
    changed
}

#[test]
fn after_every_edit_the_served_site_is_the_full_build() {
    let edits: usize = std::env::var("YOUDAI_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("YOUDAI_EDIT_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut spec = Spec {
        title: "测试市优待服务".into(),
        extra_category: false,
        east_name: "东县".into(),
        benefits: Vec::new(),
        partners: Vec::new(),
        notices: Vec::new(),
        pages: vec![Page {
            id: "about".into(),
            title: "关于本站".into(),
            order: Some(1),
        }],
        statics: vec!["guide.pdf".into()],
        broken: None,
        next_id: 0,
    };
    for _ in 0..12 {
        let b = spec.new_benefit(&mut rng);
        spec.benefits.push(b);
    }
    let options = LoadOptions {
        today: Date::parse("2025-06-01").unwrap(),
        base_url: None,
    };
    let mut written = spec.files();
    write_files(root, &BTreeMap::new(), &written);
    let mut engine = Incremental::default();
    let mut served: HashMap<String, Vec<u8>> = HashMap::new();
    let (mut compared, mut failed_builds, mut rendered) = (0, 0, 0usize);
    for step in 0..=edits {
        let (what, changed) = if step == 0 {
            ("the first build".to_string(), None)
        } else {
            let what = spec.edit(&mut rng);
            let now = spec.files();
            let changed = write_files(root, &written, &now);
            written = now;
            (what, Some(changed))
        };
        let outcome = engine.build(root, &options, changed.as_deref());
        let full = render_site(root, &options);
        match (outcome.update, full) {
            (Some(update), Some(files)) => {
                rendered += update.put.len();
                for path in &update.remove {
                    served.remove(path);
                }
                for f in update.put {
                    served.insert(f.path, f.bytes);
                }
                let expected: HashMap<String, Vec<u8>> =
                    files.into_iter().map(|f| (f.path, f.bytes)).collect();
                let mut missing: Vec<&String> =
                    expected.keys().filter(|p| !served.contains_key(*p)).collect();
                let mut extra: Vec<&String> =
                    served.keys().filter(|p| !expected.contains_key(*p)).collect();
                missing.sort();
                extra.sort();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "step {step} ({what}), seed {seed}: missing {missing:?}, left over {extra:?}"
                );
                let mut differ: Vec<&String> = expected
                    .iter()
                    .filter(|(p, bytes)| served.get(*p) != Some(bytes))
                    .map(|(p, _)| p)
                    .collect();
                differ.sort();
                assert!(
                    differ.is_empty(),
                    "step {step} ({what}), seed {seed}: these files differ from a full build: {differ:?}"
                );
                compared += 1;
            }
            (None, None) => {
                failed_builds += 1;
                if std::env::var("YOUDAI_EDIT_DEBUG").is_ok() {
                    eprintln!("step {step} ({what}) failed: {:?}", outcome.report);
                }
            }
            (incremental, full_files) => panic!(
                "step {step} ({what}), seed {seed}: the incremental build {} but the full build {}\n{:?}",
                if incremental.is_some() { "succeeded" } else { "failed" },
                if full_files.is_some() { "succeeded" } else { "failed" },
                outcome.report
            ),
        }
    }
    // The edits exercised both outcomes, and most builds rendered only part of the site.
    assert!(
        compared > edits / 2 && failed_builds > 0,
        "{compared} compared, {failed_builds} failed"
    );
    assert!(
        rendered < compared * served.len(),
        "every build rendered everything: {rendered} files over {compared} builds"
    );
}

/// Save → every file that shows the edit rebuilt, in memory, on a big site: the median of
/// `YOUDAI_BENCH_EDITS` (default 15) edits of one benefit, with each stage's time. The edit
/// puts 新 in front of the `YOUDAI_BENCH_FIELD` (default `title`, which moves the benefit to
/// the end of its category in the search results; `summary` moves nothing) and takes it away
/// again; saves are `YOUDAI_BENCH_PAUSE_MS` apart (default 300: an editor saves, then looks).
/// `YOUDAI_BENCH_SITE=DIR cargo test --release --lib bench_incremental -- --ignored --nocapture`
/// (a site from `python3 bench/gensite.py --no-hugo 16667 DIR` has 10,000 benefits).
#[test]
#[ignore]
fn bench_incremental() {
    let Ok(site) = std::env::var("YOUDAI_BENCH_SITE") else {
        eprintln!("set YOUDAI_BENCH_SITE to a site root");
        return;
    };
    let edits: usize = std::env::var("YOUDAI_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let field = std::env::var("YOUDAI_BENCH_FIELD").unwrap_or_else(|_| "title".into());
    let pause: u64 = std::env::var("YOUDAI_BENCH_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    crate::output::copy_tree_for_tests(Path::new(&site), &root);
    let options = LoadOptions {
        today: Date::parse("2025-06-01").unwrap(),
        base_url: None,
    };
    let mut engine = Incremental::default();
    let started = std::time::Instant::now();
    assert!(engine.build(&root, &options, None).update.is_some());
    eprintln!(
        "first build: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );

    // The first benefit of a list file in the middle of the catalog.
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/benefits"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let file = files[files.len() / 2].clone();
    let rel = file
        .strip_prefix(&root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut totals = Vec::new();
    let mut stages: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for i in 0..edits {
        std::thread::sleep(std::time::Duration::from_millis(pause));
        let text = std::fs::read_to_string(&file).unwrap();
        let key = format!("{field}: ");
        let at = text.find(&key).unwrap() + key.len();
        let edited = format!(
            "{}{}{}",
            &text[..at],
            if i % 2 == 0 { "新" } else { "" },
            &text[at..].trim_start_matches('新')
        );
        std::fs::write(&file, edited).unwrap();
        let started = std::time::Instant::now();
        let outcome = engine.build(&root, &options, Some(std::slice::from_ref(&rel)));
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let update = outcome.update.expect("the edit builds");
        totals.push(took);
        for (stage, d) in outcome.timings {
            stages
                .entry(stage)
                .or_default()
                .push(d.as_secs_f64() * 1000.0);
        }
        eprintln!("edit {i}: {took:.0} ms, {} files put", update.put.len());
        if i == 0 {
            let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
            for f in &update.put {
                let kind = f.path.split('/').take(2).collect::<Vec<_>>().join("/");
                let k = kinds.entry(kind).or_default();
                k.0 += 1;
                k.1 += f.bytes.len();
            }
            for (kind, (n, bytes)) in kinds {
                eprintln!("    {kind}: {n} files, {bytes} bytes");
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    eprintln!("median save -> rebuilt: {:.0} ms", median(&mut totals));
    for (stage, mut times) in stages {
        eprintln!("  {stage}: {:.0} ms", median(&mut times));
    }
}
