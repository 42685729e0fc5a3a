//! The words an editor reads: Chinese by default, English with `--lang en` or
//! `YOUDAI_LANG=en`. Every message lives in the Fluent catalogs under `locales/` (compiled
//! in), one file per area and language, so that a message cannot exist in one language
//! only (a test holds the two to the same ids) and wording is changed without touching code.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

static_loader! {
    static CATALOGS = {
        locales: "./locales",
        fallback_language: "zh-CN",
        // Fluent wraps arguments in invisible isolation marks for right-to-left text;
        // in a terminal line they are noise (and `diag::one_line` would show them).
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages messages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Chinese,
    English,
}

impl Lang {
    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Chinese => fluent_templates::langid!("zh-CN"),
            Lang::English => fluent_templates::langid!("en"),
        }
    }

    /// `en`, `en-US`, `english` → English; `zh`, `zh-CN`, `cn` → Chinese.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("en") {
            Some(Lang::English)
        } else if t.starts_with("zh") || t == "cn" || t == "chinese" {
            Some(Lang::Chinese)
        } else {
            None
        }
    }
}

/// Chinese unless told otherwise; the unit tests, which match English words, start in English.
static ENGLISH: AtomicBool = AtomicBool::new(cfg!(test));

/// Chooses the language of every message from here on.
pub fn set(lang: Lang) {
    ENGLISH.store(lang == Lang::English, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::English
    } else {
        Lang::Chinese
    }
}

/// The language a command line asks for: `--lang X` (or `--lang=X`) anywhere among the
/// arguments, else `YOUDAI_LANG`, else Chinese. Read before the arguments are parsed,
/// so that even a usage error is in the editor's language.
pub fn from_command_line(args: &[std::ffi::OsString], env: Option<&str>) -> Lang {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|w| w.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(lang) = value.as_deref().and_then(Lang::parse) {
            return lang;
        }
    }
    env.and_then(Lang::parse).unwrap_or(Lang::Chinese)
}

/// An argument of a message: text, or a number (which English plurals choose by).
pub struct Arg(FluentValue<'static>);

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg(FluentValue::from(v.to_string()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Arg {
        Arg(FluentValue::from(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg(FluentValue::from(v.clone()))
    }
}
impl From<&&str> for Arg {
    fn from(v: &&str) -> Arg {
        Arg(FluentValue::from(v.to_string()))
    }
}
macro_rules! numeric_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(v: $t) -> Arg {
                Arg(FluentValue::from(v))
            }
        }
        impl From<&$t> for Arg {
            fn from(v: &$t) -> Arg {
                Arg(FluentValue::from(*v))
            }
        }
    )*};
}
numeric_args!(usize, u64, u32, i64, i32, u16);

impl From<crate::model::Date> for Arg {
    fn from(v: crate::model::Date) -> Arg {
        Arg(FluentValue::from(v.to_string()))
    }
}
impl From<&crate::model::Date> for Arg {
    fn from(v: &crate::model::Date) -> Arg {
        Arg(FluentValue::from(v.to_string()))
    }
}

/// The message `id` in the current language, with its arguments filled in.
pub fn message(id: &str, args: Vec<(&'static str, Arg)>) -> String {
    message_in(lang(), id, args)
}

pub fn message_in(lang: Lang, id: &str, args: Vec<(&'static str, Arg)>) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .into_iter()
        .map(|(name, Arg(value))| (Cow::Borrowed(name), value))
        .collect();
    CATALOGS.lookup_with_args(&lang.id(), id, &args)
}

/// A message whose id is made at run time (a command's help, say), if the catalogs have it.
pub fn try_message(id: &str) -> Option<String> {
    try_message_in(lang(), id)
}

pub fn try_message_in(lang: Lang, id: &str) -> Option<String> {
    CATALOGS.try_lookup(&lang.id(), id)
}

/// `tr!("message-id", name = value, ...)`: a message of the catalogs in the current
/// language.
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::message($id, Vec::new())
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $id,
            vec![$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Message ids defined in every `.ftl` file of a language folder.
    fn ids(lang: &str) -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut ids = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                let starts_message = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
                if let (true, Some((id, _))) = (starts_message, line.split_once(" =")) {
                    assert!(
                        ids.insert(id.trim().to_string()),
                        "{lang}: `{id}` is defined twice"
                    );
                }
            }
        }
        ids
    }

    /// Every id a `tr!` in the code asks for.
    fn used() -> BTreeSet<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        for entry in walkdir::WalkDir::new(src)
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("tr!(\"") {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + 5..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue; // include_str!("...") and the like
                }
                if let Some((id, _)) = rest.split_once('"') {
                    used.insert(id.to_string());
                }
            }
        }
        used.remove("message-id");
        used
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let (zh, en) = (ids("zh-CN"), ids("en"));
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "only in Chinese: {only_zh:?}");
        assert!(only_en.is_empty(), "only in English: {only_en:?}");
        let missing: Vec<_> = used().into_iter().filter(|id| !zh.contains(id)).collect();
        assert!(
            missing.is_empty(),
            "used in the code but in no catalog: {missing:?}"
        );
    }

    #[test]
    fn the_language_comes_from_the_flag_then_the_environment() {
        let args = |a: &[&str]| {
            a.iter()
                .map(|s| s.into())
                .collect::<Vec<std::ffi::OsString>>()
        };
        assert_eq!(
            from_command_line(&args(&["youdai", "check"]), None),
            Lang::Chinese
        );
        assert_eq!(
            from_command_line(&args(&["youdai", "check", "--lang", "en"]), None),
            Lang::English
        );
        assert_eq!(
            from_command_line(&args(&["youdai", "--lang=en", "check"]), Some("zh")),
            Lang::English
        );
        assert_eq!(
            from_command_line(&args(&["youdai"]), Some("en")),
            Lang::English
        );
        assert_eq!(
            from_command_line(&args(&["youdai", "--lang", "zh"]), Some("en")),
            Lang::Chinese
        );
    }

    #[test]
    fn arguments_and_plurals() {
        assert_eq!(
            message_in(
                Lang::English,
                "errors-nothing-written",
                vec![("count", Arg::from(1usize))]
            ),
            "1 error; nothing was written"
        );
        assert_eq!(
            message_in(
                Lang::English,
                "errors-nothing-written",
                vec![("count", Arg::from(3usize))]
            ),
            "3 errors; nothing was written"
        );
        assert_eq!(
            message_in(
                Lang::Chinese,
                "errors-nothing-written",
                vec![("count", Arg::from(3usize))]
            ),
            "3 个错误，未写入任何文件"
        );
    }
}
