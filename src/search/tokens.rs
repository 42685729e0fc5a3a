//! Text into search tokens: the same rules `search.js` applies to a query, so both sides meet.
//!
//! Chinese has no spaces, so every run of Han characters gives its character bigrams (and,
//! in titles, its single characters); runs of ASCII letters and digits give words. Titles
//! and the names an entry is filed under also give pinyin: each pair of neighbouring
//! characters as two syllables (`:yi'niao` for 医疗), and the pinyin initials of each pair
//! and triple (`=grp` for 光荣牌). Pinyin is "fuzzy" the way Chinese input methods are:
//! zh/z, ch/c, sh/s, l/n, ang/an, eng/en, ing/in and ü/u are not told apart, because many
//! elderly users type them interchangeably.
//!
//! While the index is built a token is a packed `u64` [`Key`], not a string: a 10,000-entry
//! site has some four million (entry, token) pairs, and strings made the index the slowest
//! stage of a build. [`key_text`] spells a key the way `search.js` does.

use pinyin::ToPinyinMulti;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How strongly a token belongs to an entry: where it was found.
pub type Level = u8;
pub const TITLE: Level = 3;
pub const SUMMARY: Level = 2;
pub const BODY: Level = 1;

/// A token, packed. The top bit set: an ASCII word in base 37. Otherwise the next three
/// bits say what the rest holds: Han characters, a pinyin pair, initials, or a facet.
pub type Key = u64;
const WORD: u64 = 1 << 63;
const HAN: u64 = 0;
const PINYIN: u64 = 1 << 60;
const INITIALS: u64 = 2 << 60;
const FACET: u64 = 3 << 60;
const TAG: u64 = 7 << 60;

/// Longer "words" are codes or URLs nobody types; 12 base-37 digits fit in 63 bits.
pub const MAX_WORD: usize = 12;

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

fn han_key(a: char, b: Option<char>) -> Key {
    HAN | (u64::from(a as u32) << 21) | u64::from(b.map_or(0, |b| b as u32))
}

fn word_digit(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => u64::from(c - b'0') + 1,
        _ => u64::from(c - b'a') + 11,
    }
}

/// The tokens of one entry, each with the best level it was found at.
#[derive(Debug, Default)]
pub struct Tokens {
    keys: Vec<(Key, Level)>,
}

impl Tokens {
    pub fn push(&mut self, key: Key, level: Level) {
        self.keys.push((key, level));
    }

    pub fn extend(&mut self, keys: &[(Key, Level)]) {
        self.keys.extend_from_slice(keys);
    }

    /// Sorted by key, each key once, at the best level it was found at.
    pub fn finish(mut self) -> Vec<(Key, Level)> {
        self.keys
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        self.keys.dedup_by_key(|k| k.0);
        self.keys
    }

    /// Bigrams of Han runs (plus single characters at title level) and ASCII words.
    pub fn add_text(&mut self, text: &str, level: Level) {
        let mut prev: Option<char> = None;
        let (mut word, mut len) = (0u64, 0usize);
        for c in text.chars().map(normalize_char).chain(std::iter::once(' ')) {
            if c.is_ascii_alphanumeric() {
                if len < MAX_WORD {
                    word = word * 37 + word_digit(c as u8);
                }
                len += 1;
            } else if len > 0 {
                if len <= MAX_WORD {
                    self.push(WORD | word, level);
                }
                (word, len) = (0, 0);
            }
            if is_han(c) {
                if let Some(p) = prev {
                    self.push(han_key(p, Some(c)), level);
                }
                if level == TITLE {
                    self.push(han_key(c, None), level);
                }
                prev = Some(c);
            } else {
                prev = None;
            }
        }
    }

    /// Pinyin syllable pairs of the Han runs of `text`, and with `initials` their initials.
    pub fn add_pinyin(&mut self, text: &str, level: Level, initials: bool) {
        let mut run: Vec<&[u16]> = Vec::new();
        for c in text.chars().map(normalize_char).chain(std::iter::once(' ')) {
            let r = if is_han(c) { readings(c) } else { &[][..] };
            if !r.is_empty() {
                run.push(r);
                continue;
            }
            for w in run.windows(2) {
                for &a in w[0] {
                    for &b in w[1] {
                        self.push(PINYIN | (u64::from(a) << 16) | u64::from(b), level);
                    }
                }
            }
            if initials {
                self.add_initials(&run, level);
            }
            run.clear();
        }
    }

    fn add_initials(&mut self, run: &[&[u16]], level: Level) {
        let firsts: Vec<Vec<u64>> = run
            .iter()
            .map(|r| {
                let mut v: Vec<u64> = Vec::with_capacity(2);
                for &s in r.iter() {
                    let l = u64::from(SYLLABLES.fuzzy[usize::from(s)].as_bytes()[0] - b'a' + 1);
                    if !v.contains(&l) {
                        v.push(l);
                    }
                }
                v
            })
            .collect();
        for w in firsts.windows(2) {
            for &a in &w[0] {
                for &b in &w[1] {
                    self.push(INITIALS | (2 << 15) | (a << 10) | (b << 5), level);
                }
            }
        }
        for w in firsts.windows(3) {
            for &a in &w[0] {
                for &b in &w[1] {
                    for &c in &w[2] {
                        self.push(INITIALS | (3 << 15) | (a << 10) | (b << 5) | c, level);
                    }
                }
            }
        }
    }
}

/// The tokens `search.js` asks for when `word` is typed as a query, pinyin aside: the
/// bigrams of each Han run (a lone character as itself, which titles index) and each ASCII
/// word; an entry has the word when it has them all. `None` when a part of it can match
/// nothing (an ASCII word too long to be indexed).
pub fn word_keys(word: &str) -> Option<Vec<Key>> {
    let mut keys = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let (mut ascii, mut len) = (0u64, 0usize);
    for c in word.chars().map(normalize_char).chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() {
            if len < MAX_WORD {
                ascii = ascii * 37 + word_digit(c as u8);
            }
            len += 1;
        } else if len > 0 {
            if len > MAX_WORD {
                return None;
            }
            keys.push(WORD | ascii);
            (ascii, len) = (0, 0);
        }
        if is_han(c) {
            run.push(c);
            continue;
        }
        match run.len() {
            0 => {}
            1 => keys.push(han_key(run[0], None)),
            _ => keys.extend(run.windows(2).map(|w| han_key(w[0], Some(w[1])))),
        }
        run.clear();
    }
    Some(keys)
}

/// The fuzzy readings of a Han character (two at most) by number; empty without pinyin.
pub fn reading_ids(c: char) -> &'static [u16] {
    readings(c)
}

/// The spelling of a reading number.
pub fn reading_name(id: u16) -> &'static str {
    &SYLLABLES.fuzzy[usize::from(id)]
}

/// A filter token: `kind` 0 for a group, 1 for a region; `index` into the site's list.
pub fn facet_key(kind: u8, index: usize) -> Key {
    FACET | (u64::from(kind) << 32) | index as u64
}

/// The token as `search.js` spells it; `facet` names a filter token from (kind, index).
pub fn key_text(key: Key, facet: &dyn Fn(u8, usize) -> String) -> String {
    if key & WORD != 0 {
        let mut v = key & !WORD;
        let mut out = Vec::new();
        while v > 0 {
            let d = (v % 37) as u8;
            out.push(if d <= 10 { b'0' + d - 1 } else { b'a' + d - 11 });
            v /= 37;
        }
        out.reverse();
        return String::from_utf8(out).unwrap_or_default();
    }
    let body = key & !TAG;
    match key & TAG {
        HAN => {
            let mut s = String::new();
            s.extend(char::from_u32((body >> 21) as u32));
            if body & 0x1f_ffff != 0 {
                s.extend(char::from_u32((body & 0x1f_ffff) as u32));
            }
            s
        }
        PINYIN => {
            let f = &SYLLABLES.fuzzy;
            format!(
                ":{}'{}",
                f[(body >> 16) as usize],
                f[(body & 0xffff) as usize]
            )
        }
        INITIALS => {
            let letter = |shift: u64| char::from(b'a' + ((body >> shift) & 31) as u8 - 1);
            let mut s = format!("={}{}", letter(10), letter(5));
            if body >> 15 == 3 {
                s.push(letter(0));
            }
            s
        }
        _ => facet((body >> 32) as u8, (body & 0xffff_ffff) as usize),
    }
}

/// At most this many readings of a character with several (行: xing, hang).
const MAX_READINGS: usize = 2;

/// The fuzzy syllables, numbered, and each common Han character's readings by number.
struct Syllables {
    fuzzy: Vec<String>,
    ids: HashMap<String, u16>,
    /// Readings of U+4E00..U+9FFF, the block nearly all text is in.
    common: Vec<Vec<u16>>,
}

static SYLLABLES: LazyLock<Syllables> = LazyLock::new(|| {
    let mut s = Syllables {
        fuzzy: Vec::new(),
        ids: HashMap::new(),
        common: Vec::new(),
    };
    let common = (0x4E00u32..=0x9FFF)
        .map(|code| {
            char::from_u32(code)
                .map(|c| s.lookup(c))
                .unwrap_or_default()
        })
        .collect();
    s.common = common;
    s
});

static RARE: LazyLock<std::sync::Mutex<HashMap<char, &'static [u16]>>> =
    LazyLock::new(Default::default);

impl Syllables {
    fn lookup(&mut self, c: char) -> Vec<u16> {
        let mut out: Vec<u16> = Vec::new();
        let Some(multi) = c.to_pinyin_multi() else {
            return out;
        };
        for p in multi {
            let f = fuzzy(p.plain());
            if !f.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let next = self.fuzzy.len() as u16;
            let id = *self.ids.entry(f.clone()).or_insert(next);
            if id == next {
                self.fuzzy.push(f);
            }
            if !out.contains(&id) {
                out.push(id);
                if out.len() == MAX_READINGS {
                    break;
                }
            }
        }
        out
    }
}

/// The fuzzy readings of a Han character, as syllable numbers; empty without pinyin.
fn readings(c: char) -> &'static [u16] {
    let table = &*SYLLABLES;
    let code = c as u32;
    if (0x4E00..=0x9FFF).contains(&code) {
        return &table.common[(code - 0x4E00) as usize];
    }
    // Outside the common block: rare, so looked up once and kept.
    let mut rare = RARE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(r) = rare.get(&c) {
        return r;
    }
    let mut found: Vec<u16> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            if let Some(&id) = table.ids.get(&fuzzy(p.plain())) {
                if !found.contains(&id) && found.len() < MAX_READINGS {
                    found.push(id);
                }
            }
        }
    }
    let leaked: &'static [u16] = Box::leak(found.into_boxed_slice());
    rare.insert(c, leaked);
    leaked
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

/// The syllables `search.js` splits typed pinyin with, compactly: every syllable is an
/// initial and a final, and `bits` says which pairs exist, as hex digits of four pairs
/// each, the first pair in the top bit. A third of the size of the list spelled out, which
/// matters in a page that goes out with every search.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SyllableTable {
    pub initials: &'static [&'static str],
    pub finals: &'static [&'static str],
    pub bits: String,
}

const SYLLABLE_INITIALS: [&str; 24] = [
    "", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh",
    "r", "z", "c", "s", "y", "w",
];
const SYLLABLE_FINALS: [&str; 38] = [
    "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "g", "i", "ia", "ian", "iang",
    "iao", "ie", "in", "ing", "iong", "iu", "m", "n", "ng", "o", "ong", "ou", "u", "ua", "uai",
    "uan", "uang", "ue", "ui", "un", "uo", "v", "ve",
];

pub fn syllable_table() -> SyllableTable {
    // The same for every site: made once a run (the preview asks after every save).
    static MADE: std::sync::OnceLock<SyllableTable> = std::sync::OnceLock::new();
    MADE.get_or_init(make_syllable_table).clone()
}

fn make_syllable_table() -> SyllableTable {
    let all: std::collections::HashSet<String> = syllables().into_iter().collect();
    let pairs = SYLLABLE_INITIALS.len() * SYLLABLE_FINALS.len();
    let mut nibbles = vec![0u8; pairs.div_ceil(4)];
    for (i, initial) in SYLLABLE_INITIALS.iter().enumerate() {
        for (f, fin) in SYLLABLE_FINALS.iter().enumerate() {
            if all.contains(&format!("{initial}{fin}")) {
                let k = i * SYLLABLE_FINALS.len() + f;
                nibbles[k / 4] |= 8 >> (k % 4);
            }
        }
    }
    SyllableTable {
        initials: &SYLLABLE_INITIALS,
        finals: &SYLLABLE_FINALS,
        bits: nibbles.iter().map(|n| format!("{n:x}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(f: impl FnOnce(&mut Tokens)) -> HashMap<String, Level> {
        let mut t = Tokens::default();
        f(&mut t);
        t.finish()
            .into_iter()
            .map(|(k, l)| (key_text(k, &|kind, i| format!("#{kind}:{i}")), l))
            .collect()
    }

    /// One case of the vectors `search.js` is held to as well (tests/browser/tokens.test.mjs).
    #[derive(serde::Deserialize)]
    struct Case {
        why: String,
        query: String,
        asks: Vec<Vec<Vec<String>>>,
        #[serde(default)]
        cover: Option<Vec<Vec<Vec<String>>>>,
        title: Option<String>,
        body: Option<String>,
        finds: bool,
    }

    #[derive(serde::Deserialize)]
    struct Vectors {
        cases: Vec<Case>,
    }

    /// Whether an entry with `indexed` has every clause: all tokens of one of its alternatives.
    fn meets(asks: &[Vec<Vec<String>>], indexed: &HashMap<String, Level>) -> bool {
        !asks.is_empty()
            && asks.iter().all(|clause| {
                clause
                    .iter()
                    .any(|alt| alt.iter().all(|t| indexed.contains_key(t)))
            })
    }

    #[test]
    fn the_shared_vectors_meet_what_the_build_indexes() {
        let vectors: Vectors =
            serde_json::from_str(include_str!("../../tests/vectors/tokens.json")).unwrap();
        assert!(vectors.cases.len() >= 25, "{}", vectors.cases.len());
        for case in &vectors.cases {
            let why = format!("{:?} ({})", case.query, case.why);
            assert!(!case.why.is_empty(), "{why}");
            // Indexed as `entry_tokens` indexes a title, or a body.
            let indexed = match (&case.title, &case.body) {
                (Some(title), None) => tokens(|t| {
                    t.add_text(title, TITLE);
                    t.add_pinyin(title, TITLE, true);
                }),
                (None, Some(body)) => tokens(|t| t.add_text(body, BODY)),
                _ => panic!("{why}: a case has a title or a body"),
            };
            assert_eq!(
                meets(&case.asks, &indexed),
                case.finds,
                "{why}: {indexed:?}"
            );
            // Cut to fewer tokens, a query may find more, never less.
            if let Some(cover) = &case.cover {
                assert!(!case.finds || meets(cover, &indexed), "{why}: cover");
            }
            // The query side, pinyin aside, is the first alternative of every clause.
            let first: Vec<&str> = case
                .asks
                .iter()
                .flat_map(|clause| clause[0].iter().map(String::as_str))
                .collect();
            match word_keys(&case.query) {
                Some(keys) => {
                    let spelled: Vec<String> = keys
                        .into_iter()
                        .map(|k| key_text(k, &|_, _| String::new()))
                        .collect();
                    assert_eq!(spelled, first, "{why}");
                }
                None => assert!(
                    !case.finds && first.iter().any(|w| w.len() > MAX_WORD),
                    "{why}: word_keys finds a word too long"
                ),
            }
        }
    }

    #[test]
    fn full_width_and_case_fold_to_ascii() {
        let n: String = "ＡＰＰ１２３　Ｘ".chars().map(normalize_char).collect();
        assert_eq!(n, "app123 x");
        let t = tokens(|t| t.add_text("下载ＡＰＰ，拨打１２３４５", BODY));
        assert!(t.contains_key("app") && t.contains_key("12345"), "{t:?}");
    }

    #[test]
    fn words_pack_and_unpack() {
        let t = tokens(|t| t.add_text("2024年 Hello z9 abcdefghijkl abcdefghijklm", BODY));
        for w in ["2024", "hello", "z9", "abcdefghijkl"] {
            assert_eq!(t.get(w), Some(&BODY), "{w} in {t:?}");
        }
        assert!(
            !t.keys().any(|k| k.starts_with("abcdefghijklm")),
            "too long"
        );
    }

    #[test]
    fn bigrams_find_words_inside_longer_runs() {
        let t = tokens(|t| t.add_text("退役军人医疗保障", BODY));
        for bigram in ["退役", "役军", "军人", "医疗", "疗保", "保障"] {
            assert_eq!(t.get(bigram), Some(&BODY), "{bigram}");
        }
        assert!(
            !t.contains_key("退"),
            "single characters only at title level"
        );
        let t = tokens(|t| t.add_text("光荣、牌", BODY));
        assert!(!t.contains_key("荣牌"), "punctuation ends a run");
    }

    #[test]
    fn titles_also_give_single_characters() {
        let t = tokens(|t| t.add_text("县医院", TITLE));
        assert_eq!(t.get("县"), Some(&TITLE));
        assert_eq!(t.get("县医"), Some(&TITLE));
    }

    #[test]
    fn the_best_level_wins() {
        let t = tokens(|t| {
            t.add_text("医疗", BODY);
            t.add_text("医疗补助", TITLE);
            t.add_text("医疗", SUMMARY);
        });
        assert_eq!(t["医疗"], TITLE);
    }

    #[test]
    fn pinyin_pairs_and_initials() {
        let t = tokens(|t| t.add_pinyin("光荣牌", TITLE, true));
        assert!(t.contains_key(":guan'rong"), "{:?}", t.keys());
        assert!(t.contains_key(":rong'pai"));
        assert!(t.contains_key("=grp"));
        assert!(t.contains_key("=gr"));
        let t = tokens(|t| t.add_pinyin("医疗", TITLE, false));
        assert!(t.contains_key(":yi'niao"), "{:?}", t.keys());
        assert!(!t.keys().any(|k| k.starts_with('=')));
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
        let t = tokens(|t| t.add_pinyin("银行", TITLE, false));
        assert!(
            t.contains_key(":yin'han") && t.contains_key(":yin'xin"),
            "{t:?}"
        );
    }

    #[test]
    fn facets_spell_through_the_site() {
        let name = |kind: u8, i: usize| format!("#{}:{}", ["g", "r"][kind as usize], ["a", "b"][i]);
        assert_eq!(key_text(facet_key(1, 1), &name), "#r:b");
    }

    #[test]
    fn syllable_table_is_plain_ascii() {
        let s = syllables();
        assert!(s.len() > 380 && s.len() < 450, "{}", s.len());
        for must in ["yi", "liao", "guang", "zhuang", "lv", "a"] {
            assert!(s.iter().any(|x| x == must), "{must}");
        }
    }

    #[test]
    fn the_syllable_table_holds_every_syllable_and_no_other() {
        let t = syllable_table();
        let mut decoded = Vec::new();
        for (i, initial) in t.initials.iter().enumerate() {
            for (f, fin) in t.finals.iter().enumerate() {
                let k = i * t.finals.len() + f;
                let nibble = u8::from_str_radix(&t.bits[k / 4..k / 4 + 1], 16).unwrap();
                if nibble & (8 >> (k % 4)) != 0 {
                    decoded.push(format!("{initial}{fin}"));
                }
            }
        }
        decoded.sort();
        decoded.dedup();
        assert_eq!(decoded, syllables());
    }
}
