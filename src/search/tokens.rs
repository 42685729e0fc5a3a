//! Text into search tokens: the same rules `search.js` applies to a query, so both sides meet.
//!
//! Chinese has no spaces, so every run of Han characters gives its character bigrams (and,
//! in titles, its single characters); runs of ASCII letters and digits give words. Titles
//! and the names an entry is filed under also give pinyin: each pair of neighbouring
//! characters as two syllables (`:yi'niao` for 医疗), and the pinyin initials of each pair
//! and triple (`=grp` for 光荣牌). Pinyin is "fuzzy" the way Chinese input methods are:
//! zh/z, ch/c, sh/s, l/n, ang/an, eng/en, ing/in and ü/u are not told apart, because many
//! elderly users type them interchangeably.

use pinyin::ToPinyinMulti;
use std::collections::HashMap;

/// How strongly a token belongs to an entry: where it was found.
pub type Level = u8;
pub const TITLE: Level = 3;
pub const SUMMARY: Level = 2;
pub const BODY: Level = 1;

/// Full-width ASCII to half-width, the ideographic space to a space, ASCII to lower case.
/// One character in, one character out, so positions in the text stay where they were.
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        '\u{3000}' => ' ',
        _ => c.to_ascii_lowercase(),
    }
}

/// Han characters, including the rare extensions and 〇 (as in 二〇二四).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// A stretch of text that tokenizes as one piece.
#[derive(Debug, PartialEq, Eq)]
pub enum Run {
    Han(Vec<char>),
    Word(String),
}

/// Splits normalized text into Han runs and ASCII words; everything else separates them.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars().map(normalize_char) {
        if is_han(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            word.push(c);
        } else {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !han.is_empty() {
        out.push(Run::Han(han));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// Longer "words" are codes or URLs nobody types; they would only bloat the index.
const MAX_WORD: usize = 24;

/// The tokens of one entry, each with the best level it was found at.
#[derive(Debug, Default)]
pub struct TokenSet {
    pub tokens: HashMap<String, Level>,
}

impl TokenSet {
    pub fn add(&mut self, token: String, level: Level) {
        let slot = self.tokens.entry(token).or_insert(level);
        if *slot < level {
            *slot = level;
        }
    }

    /// Bigrams of Han runs (plus single characters at title level) and ASCII words.
    pub fn add_text(&mut self, text: &str, level: Level) {
        for run in runs(text) {
            match run {
                Run::Han(chars) => {
                    if level == TITLE {
                        for c in &chars {
                            self.add(c.to_string(), level);
                        }
                    }
                    for pair in chars.windows(2) {
                        self.add(pair.iter().collect(), level);
                    }
                }
                Run::Word(w) if w.len() <= MAX_WORD => self.add(w, level),
                Run::Word(_) => {}
            }
        }
    }

    /// Pinyin syllable pairs of the Han runs of `text`, and with `initials` their initials.
    pub fn add_pinyin(&mut self, text: &str, level: Level, initials: bool) {
        for run in runs(text) {
            let Run::Han(chars) = run else { continue };
            let readings: Vec<Vec<String>> = chars.iter().map(|&c| readings(c)).collect();
            for w in readings.windows(2) {
                for a in &w[0] {
                    for b in &w[1] {
                        self.add(format!(":{a}'{b}"), level);
                    }
                }
            }
            if !initials {
                continue;
            }
            let firsts: Vec<Vec<char>> = readings.iter().map(|r| initial_letters(r)).collect();
            for w in firsts.windows(2) {
                for &a in &w[0] {
                    for &b in &w[1] {
                        self.add(format!("={a}{b}"), level);
                    }
                }
            }
            for w in firsts.windows(3) {
                for &a in &w[0] {
                    for &b in &w[1] {
                        for &c in &w[2] {
                            self.add(format!("={a}{b}{c}"), level);
                        }
                    }
                }
            }
        }
    }
}

/// At most this many readings of a character with several (行: xing, hang).
const MAX_READINGS: usize = 2;

/// The fuzzy pinyin readings of a Han character; empty for characters without pinyin.
pub fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let s = fuzzy(p.plain());
            if !out.contains(&s) {
                out.push(s);
                if out.len() == MAX_READINGS {
                    break;
                }
            }
        }
    }
    out
}

fn initial_letters(readings: &[String]) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for r in readings {
        if let Some(c) = r.chars().next() {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// One syllable as fuzzy input methods hear it. `search.js` has the same function.
pub fn fuzzy(syllable: &str) -> String {
    let mut s: String = syllable
        .chars()
        .map(|c| if c == 'ü' || c == 'v' { 'u' } else { c })
        .collect();
    for (long, short) in [("zh", "z"), ("ch", "c"), ("sh", "s")] {
        if let Some(rest) = s.strip_prefix(long) {
            s = format!("{short}{rest}");
        }
    }
    if let Some(rest) = s.strip_prefix('l') {
        s = format!("n{rest}");
    }
    if s.len() > 2 && s.ends_with("ng") && matches!(s.as_bytes()[s.len() - 3], b'a' | b'e' | b'i') {
        s.truncate(s.len() - 1);
    }
    s
}

/// Every plain syllable the pinyin table knows, sorted, as written (ü as v): what
/// `search.js` splits a typed pinyin query with.
pub fn syllables() -> Vec<String> {
    let mut all = std::collections::BTreeSet::new();
    for code in 0x4E00u32..=0x9FFF {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let plain = p.plain().replace('ü', "v");
                if plain.bytes().all(|b| b.is_ascii_lowercase()) {
                    all.insert(plain);
                }
            }
        }
    }
    all.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(f: impl FnOnce(&mut TokenSet)) -> TokenSet {
        let mut t = TokenSet::default();
        f(&mut t);
        t
    }

    #[test]
    fn full_width_and_case_fold_to_ascii() {
        let n: String = "ＡＰＰ１２３　Ｘ".chars().map(normalize_char).collect();
        assert_eq!(n, "app123 x");
    }

    #[test]
    fn han_runs_and_words_split() {
        assert_eq!(
            runs("2024年春节“光荣之家”ＡＰＰ"),
            vec![
                Run::Word("2024".into()),
                Run::Han("年春节".chars().collect()),
                Run::Han("光荣之家".chars().collect()),
                Run::Word("app".into()),
            ]
        );
    }

    #[test]
    fn bigrams_find_words_inside_longer_runs() {
        let t = set(|t| t.add_text("退役军人医疗保障", BODY));
        for bigram in ["退役", "役军", "军人", "医疗", "疗保", "保障"] {
            assert_eq!(t.tokens.get(bigram), Some(&BODY), "{bigram}");
        }
        assert!(
            !t.tokens.contains_key("退"),
            "single characters only at title level"
        );
    }

    #[test]
    fn titles_also_give_single_characters() {
        let t = set(|t| t.add_text("县医院", TITLE));
        assert_eq!(t.tokens.get("县"), Some(&TITLE));
        assert_eq!(t.tokens.get("县医"), Some(&TITLE));
    }

    #[test]
    fn the_best_level_wins() {
        let t = set(|t| {
            t.add_text("医疗", BODY);
            t.add_text("医疗补助", TITLE);
            t.add_text("医疗", SUMMARY);
        });
        assert_eq!(t.tokens["医疗"], TITLE);
    }

    #[test]
    fn pinyin_pairs_and_initials() {
        let t = set(|t| t.add_pinyin("光荣牌", TITLE, true));
        assert!(t.tokens.contains_key(":guan'rong"), "{:?}", t.tokens.keys());
        assert!(t.tokens.contains_key(":rong'pai"));
        assert!(t.tokens.contains_key("=grp"));
        assert!(t.tokens.contains_key("=gr"));
        let t = set(|t| t.add_pinyin("医疗", TITLE, false));
        assert!(t.tokens.contains_key(":yi'niao"), "{:?}", t.tokens.keys());
        assert!(!t.tokens.keys().any(|k| k.starts_with('=')));
    }

    #[test]
    fn fuzzy_pinyin_merges_what_people_confuse() {
        assert_eq!(fuzzy("zhang"), "zan");
        assert_eq!(fuzzy("zan"), "zan");
        assert_eq!(fuzzy("liao"), "niao");
        assert_eq!(fuzzy("shuang"), "suan");
        assert_eq!(fuzzy("qing"), "qin");
        assert_eq!(fuzzy("lü"), "nu");
        assert_eq!(fuzzy("lv"), "nu");
        assert_eq!(fuzzy("rong"), "rong");
        assert_eq!(fuzzy("ng"), "ng");
    }

    #[test]
    fn heteronyms_give_both_readings() {
        let r = readings('行');
        assert!(
            r.contains(&"xin".to_string()) && r.contains(&"han".to_string()),
            "{r:?}"
        );
    }

    #[test]
    fn syllable_table_is_plain_ascii() {
        let s = syllables();
        assert!(s.len() > 380 && s.len() < 450, "{}", s.len());
        for must in ["yi", "liao", "guang", "zhuang", "lv", "a"] {
            assert!(s.iter().any(|x| x == must), "{must}");
        }
    }
}
