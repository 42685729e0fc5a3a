//! `youdai new DIR`: a small working site an editor can start from.

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
];

pub enum Error {
    NotEmpty,
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub fn create(dir: &Path) -> Result<(), Error> {
    if dir.exists() && (!dir.is_dir() || std::fs::read_dir(dir)?.next().is_some()) {
        return Err(Error::NotEmpty);
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}
