//! `youdai new DIR`: a small working site an editor can start from, ready for VS Code
//! (schemas, settings) and for checking on every pull request (GitHub Actions, GitLab CI),
//! with a guide for the office staff (README.md) in their language.

use crate::diag::Report;
use crate::i18n::{lang, Lang};
use crate::model::Date;
use std::path::Path;

/// (path in the new site, contents)
const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/benefits/life.yaml",
        include_str!("scaffold/benefits.yaml"),
    ),
    (
        "content/benefits/guangrong-pai.md",
        include_str!("scaffold/benefit.md"),
    ),
    (
        "content/partners/partners.yaml",
        include_str!("scaffold/partners.yaml"),
    ),
    (
        "content/notices/welcome.md",
        include_str!("scaffold/notice.md"),
    ),
    ("content/pages/about.md", include_str!("scaffold/about.md")),
    ("content/static/.gitkeep", ""),
    (".gitignore", "/public/\n"),
    (
        ".vscode/settings.json",
        include_str!("scaffold/editors/vscode-settings.json"),
    ),
    (
        ".vscode/extensions.json",
        include_str!("scaffold/editors/vscode-extensions.json"),
    ),
    (
        ".github/workflows/youdai-check.yml",
        include_str!("scaffold/editors/github-workflow.yml"),
    ),
    (
        ".gitlab-ci.yml",
        include_str!("scaffold/editors/gitlab-ci.yml"),
    ),
    (
        "import-mapping.yaml",
        crate::editors::import::DEFAULT_MAPPING,
    ),
];

/// The guide for editors, in Chinese or English as `--lang` says.
const GUIDE_ZH: &str = include_str!("scaffold/guide.zh.md");
const GUIDE_EN: &str = include_str!("scaffold/guide.en.md");

/// The review and notice dates the examples carry, replaced by the day the site is created
/// so that a new site does not start with "not reviewed for a year" or "no news for two
/// weeks" warnings.
const EXAMPLE_DATES: [&str; 2] = ["updated: 2025-01-15", "date: 2025-01-15"];

pub enum Error {
    NotEmpty,
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub fn create(dir: &Path, today: Date) -> Result<(), Error> {
    if dir.exists() && (!dir.is_dir() || std::fs::read_dir(dir)?.next().is_some()) {
        return Err(Error::NotEmpty);
    }
    let dated = [format!("updated: {today}"), format!("date: {today}")];
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = EXAMPLE_DATES
            .iter()
            .zip(&dated)
            .fold(text.to_string(), |text, (example, day)| {
                text.replace(example, day)
            });
        std::fs::write(target, text)?;
    }
    let guide = match lang() {
        Lang::Chinese => GUIDE_ZH,
        Lang::English => GUIDE_EN,
    };
    std::fs::write(dir.join("README.md"), guide)?;
    // The schemas carry the new site's own vocabularies.
    let mut report = Report::default();
    if let Some(config) = crate::content::load_config(dir, &mut report) {
        crate::editors::schema::write(&dir.join(crate::editors::schema::DEFAULT_DIR), &config)?;
    }
    Ok(())
}

/// What to do after `youdai new DIR`, step by step.
pub fn next_steps(dir: &Path) -> String {
    tr!("new-next-steps", dir = dir.display().to_string())
}
