//! Search the way people talk: the words citizens use (看病, 坐车, 老兵) stand for the words
//! the content uses (医疗, 乘车, 退役军人). A built-in table of this field's everyday words,
//! extended or overridden word by word by site.yaml `synonyms`.
//!
//! Each synonym becomes one more record of the index, `~看病`, whose postings are the
//! entries that have the word itself or any of the words it stands for (at the best level
//! of any), filed in the fragment of the word's first token, which the browser fetches for
//! the query anyway: a synonym costs no request and no byte of the page, and the rows of
//! its first results travel with it, as a word's do. The record's text is its words, which
//! the page highlights and names.

use super::postings::Postings;
use super::tokens::{is_han, key_text, normalize_char, word_keys, Key, Level, MAX_WORD, TITLE};
use std::collections::HashMap;
use std::hash::BuildHasher;

/// What citizens say → what benefit catalogs write. A query word found here also finds the
/// entries that have any of the words. Keys are words nobody writes in a catalog, so the
/// words the content does use keep their precision.
pub const BUILTIN: &[(&str, &[&str])] = &[
    // Seeing a doctor
    ("看病", &["医疗", "医院", "就医", "就诊"]),
    ("看医生", &["医疗", "医院", "就医", "就诊"]),
    ("瞧病", &["医疗", "医院", "就医", "就诊"]),
    ("住医院", &["住院"]),
    ("医药费", &["医疗费用", "医疗补助", "医疗保障"]),
    ("报销", &["医疗补助", "补助"]),
    ("买药", &["药房", "药店", "药品"]),
    ("药店", &["药房"]),
    ("看眼睛", &["眼科"]),
    ("配眼镜", &["眼镜"]),
    ("检查身体", &["体检"]),
    // Getting about
    ("坐车", &["乘车", "乘坐", "公交", "公共交通", "客运"]),
    ("坐公交", &["公交", "公共交通"]),
    ("公交车", &["公交", "公共交通"]),
    ("坐火车", &["火车", "铁路", "车站"]),
    ("火车站", &["车站", "火车"]),
    ("汽车站", &["客运", "车站"]),
    ("买票", &["购票", "门票", "车票"]),
    ("免票", &["免门票", "门票减免", "门票"]),
    ("打车", &["出租车"]),
    ("景点", &["景区"]),
    ("旅游", &["景区", "景点"]),
    ("逛公园", &["公园", "景区"]),
    // Who
    ("老兵", &["退役军人", "退伍军人"]),
    ("退伍", &["退役"]),
    ("复员", &["退役"]),
    ("当过兵", &["退役军人", "退伍军人"]),
    ("当兵", &["入伍", "服役", "军人"]),
    ("参军", &["入伍", "征兵"]),
    ("当兵的", &["军人"]),
    ("军嫂", &["军属", "现役军人家属", "随军家属", "军人配偶"]),
    ("军娃", &["军人子女"]),
    ("孩子", &["子女"]),
    ("小孩", &["子女"]),
    ("残废", &["残疾", "伤残"]),
    ("残疾人", &["残疾"]),
    ("烈属", &["烈士遗属", "烈士家属"]),
    ("烈士家属", &["烈士遗属", "烈属"]),
    ("老伴", &["配偶"]),
    ("媳妇", &["配偶", "家属"]),
    ("老婆", &["配偶", "家属"]),
    ("爱人", &["配偶", "家属"]),
    ("老人", &["老年"]),
    ("困难户", &["困难", "帮扶"]),
    ("低保", &["最低生活保障", "救助"]),
    // Home, school, work, money
    ("养老院", &["光荣院", "供养"]),
    ("敬老院", &["光荣院", "供养"]),
    ("房子", &["住房", "房源"]),
    ("租房", &["公租房", "租赁住房", "配租"]),
    ("廉租房", &["公租房", "租赁住房"]),
    ("上学", &["入学", "教育", "学位"]),
    ("幼儿园", &["入园", "入托"]),
    ("考大学", &["高考", "大学"]),
    ("找工作", &["就业", "招聘", "岗位"]),
    ("上班", &["就业", "岗位"]),
    ("招工", &["招聘"]),
    ("做生意", &["创业"]),
    ("开店", &["创业"]),
    ("借钱", &["贷款"]),
    ("发钱", &["补助", "补贴", "优待金", "抚恤金"]),
    ("补贴", &["补助"]),
    ("慰问金", &["慰问"]),
    ("过年", &["春节"]),
    ("过节", &["节日", "春节", "慰问"]),
    // Errands
    ("打官司", &["法律援助", "法律"]),
    ("律师", &["法律援助"]),
    ("办事", &["优先办理", "窗口"]),
    ("排队", &["优先"]),
    ("剪头", &["理发"]),
    ("剪头发", &["理发"]),
    ("光荣匾", &["光荣牌"]),
    ("优待卡", &["优待证"]),
];

/// The built-in table with the site's own synonyms: a site's word replaces the built-in
/// one of the same spelling, and adds to the table otherwise. Keys as a query is folded
/// (full-width to half-width, lower case); a key that is not one run of Han characters or
/// one ASCII word is left out, because `search.js` looks keys up inside the runs of a query.
pub fn table(site: &[(String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    let mut table: Vec<(String, Vec<String>)> = Vec::new();
    let builtin = BUILTIN
        .iter()
        .map(|(k, ws)| (k.to_string(), ws.iter().map(|w| w.to_string()).collect()));
    for (key, words) in builtin.chain(site.iter().cloned()) {
        let key: String = key.trim().chars().map(normalize_char).collect();
        if !is_one_run(&key) {
            continue;
        }
        let words: Vec<String> = words
            .iter()
            .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|w| !w.is_empty() && *w != key)
            .collect();
        match table.iter_mut().find(|(k, _)| *k == key) {
            Some(known) => known.1 = words,
            None => table.push((key, words)),
        }
    }
    table
}

fn is_one_run(key: &str) -> bool {
    let ascii = key.chars().all(|c| c.is_ascii_alphanumeric());
    !key.is_empty() && (key.chars().all(is_han) || (ascii && key.len() <= MAX_WORD))
}

/// One synonym's record: filed in the fragment of `anchor`, the key's first token.
pub struct Synonym {
    pub anchor: String,
    pub name: String,
    pub postings: Postings,
    /// The words it stands for, one a line: what the page highlights and names.
    pub words: String,
}

/// The records of the synonyms that find anything, from every token's postings.
pub fn records<S: BuildHasher>(
    table: &[(String, Vec<String>)],
    postings: &HashMap<Key, Postings, S>,
    entries: usize,
) -> Vec<Synonym> {
    let mut best = vec![0 as Level; entries];
    let mut word = vec![0 as Level; entries];
    let mut token = vec![0 as Level; entries];
    let mut out = Vec::new();
    for (key, words) in table {
        let Some(anchor) = word_keys(key).and_then(|k| k.first().copied()) else {
            continue;
        };
        best.fill(0);
        for w in std::iter::once(key).chain(words) {
            // An entry has a word at the weakest level it has each of its tokens.
            let Some(keys) = word_keys(w).filter(|k| !k.is_empty()) else {
                continue;
            };
            word.fill(TITLE);
            for k in keys {
                spread(postings.get(&k), &mut token);
                word.iter_mut()
                    .zip(&token)
                    .for_each(|(w, &t)| *w = (*w).min(t));
            }
            best.iter_mut()
                .zip(&word)
                .for_each(|(b, &w)| *b = (*b).max(w));
        }
        let mut p = Postings::default();
        for (entry, &level) in best.iter().enumerate() {
            if level > 0 {
                p.lists[usize::from(TITLE - level)].push(entry as u32);
            }
        }
        if p.lists.iter().all(Vec::is_empty) {
            continue;
        }
        out.push(Synonym {
            anchor: key_text(anchor, &|_, _| String::new()),
            name: format!("~{key}"),
            postings: p,
            words: words.join("\n"),
        });
    }
    out
}

/// A token's postings as a level per entry.
fn spread(postings: Option<&Postings>, levels: &mut [Level]) {
    levels.fill(0);
    for (list, level) in postings.iter().flat_map(|p| p.lists.iter().zip([3, 2, 1])) {
        for &e in list {
            levels[e as usize] = level;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tokens::{Tokens, BODY, SUMMARY};

    fn postings(texts: &[(&str, Level)]) -> HashMap<Key, Postings> {
        let mut map: HashMap<Key, Postings> = HashMap::new();
        for (entry, (text, level)) in texts.iter().enumerate() {
            let mut t = Tokens::default();
            t.add_text(text, *level);
            for (k, l) in t.finish() {
                map.entry(k).or_default().lists[usize::from(TITLE - l)].push(entry as u32);
            }
        }
        map
    }

    #[test]
    fn a_synonym_finds_its_words_and_itself_at_their_best_level() {
        let map = postings(&[
            ("优抚对象医疗补助", TITLE),
            ("去医院看病", BODY),
            ("免费乘坐公共交通", SUMMARY),
            ("医院挂号", SUMMARY),
        ]);
        let table = vec![("看病".to_string(), vec!["医疗".into(), "医院".into()])];
        let r = records(&table, &map, 4);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].name, "~看病");
        assert_eq!(r[0].anchor, "看病");
        assert_eq!(r[0].words, "医疗\n医院");
        // Entry 1 has 看病 and 医院 in its body only; entry 3 医院 in its summary.
        assert_eq!(r[0].postings.lists, [vec![0], vec![3], vec![1]]);
    }

    #[test]
    fn a_word_of_several_bigrams_needs_them_all() {
        let map = postings(&[("退役军人", TITLE), ("退役士兵和军人", TITLE)]);
        let table = vec![("老兵".to_string(), vec!["退役军人".into()])];
        let r = records(&table, &map, 2);
        // Like a typed query, 退役 and 役军 and 军人: the second lacks 役军.
        assert_eq!(r[0].postings.lists[0], [0]);
    }

    #[test]
    fn the_site_extends_and_overrides_the_builtin_table() {
        let t = table(&[
            ("看病".into(), vec!["门诊".into()]),
            ("ＡＰＰ".into(), vec!["手机 应用".into()]),
            ("两个 词".into(), vec!["不行".into()]),
        ]);
        let get = |k: &str| t.iter().find(|(key, _)| key == k).map(|(_, w)| w.clone());
        assert_eq!(get("看病"), Some(vec!["门诊".to_string()]));
        assert_eq!(get("app"), Some(vec!["手机 应用".to_string()]));
        assert_eq!(get("两个 词"), None, "a key must be one run");
        assert!(get("坐车").is_some());
    }

    #[test]
    fn every_builtin_key_is_one_run() {
        for (key, words) in BUILTIN {
            assert!(is_one_run(key), "{key}");
            assert!(!words.is_empty(), "{key}");
        }
    }
}
