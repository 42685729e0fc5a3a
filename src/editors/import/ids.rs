//! Readable ids from titles: the title cut into words, each word written in pinyin, the
//! words joined by hyphens (公租房申请 → gongzufang-shenqing), as an editor would write them
//! by hand, so that an imported entry's address can be read aloud and typed.
//!
//! Words come from jieba's dictionary (a few catalog words added), so an id breaks where a
//! reader breaks the title, not every two syllables; ü is written v, as on a Chinese
//! keyboard (旅游 → lvyou), since ids are ASCII.

use super::mapping::halfwidth;
use crate::content::config::is_valid_id;
use jieba_rs::Jieba;
use pinyin::ToPinyin;
use std::sync::LazyLock;

/// The longest id made from a title; cut at a word, so a word is never split.
pub const MAX_LEN: usize = 48;

/// Words of benefit catalogs that the general dictionary cuts apart (公租房 → 公 / 租房).
const CATALOG_WORDS: &[&str] = &[
    "公租房",
    "廉租房",
    "优待证",
    "优待金",
    "光荣牌",
    "光荣院",
    "优抚对象",
    "优抚医院",
    "军属",
    "烈属",
    "随军家属",
    "残疾军人",
    "退役士兵",
    "抚恤金",
    "首道门票",
    "军休干部",
];

/// Words whose characters the character table reads otherwise (行 is xing alone, hang in
/// 银行).
const READINGS: &[(&str, &str)] = &[
    ("银行", "yinhang"),
    ("行业", "hangye"),
    ("长者", "zhangzhe"),
    ("乐园", "leyuan"),
    ("还款", "huankuan"),
    ("重庆", "chongqing"),
];

/// Loaded once, on the first id made (about 0.2 s): an import that keeps every id of the
/// previous one never loads it.
static WORDS: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for word in CATALOG_WORDS {
        jieba.add_word(word, None, None);
    }
    jieba
});

/// The pinyin of one character, ü as v; None for a character that has none.
fn syllable(c: char) -> Option<String> {
    c.to_pinyin().map(|p| p.plain().replace('ü', "v"))
}

/// One word of the title in id letters: its pinyin, letters and digits lowercased; a sign
/// inside a word (the · of a name) splits it.
fn id_words(word: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut rest = word;
    while let Some(c) = rest.chars().next() {
        if let Some((w, reading)) = READINGS.iter().find(|(w, _)| rest.starts_with(w)) {
            current.push_str(reading);
            rest = &rest[w.len()..];
            continue;
        }
        if let Some(s) = syllable(c) {
            current.push_str(&s);
        } else if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        rest = &rest[c.len_utf8()..];
    }
    if !current.is_empty() {
        out.push(current);
    }
}

/// A readable id from a title: its words in pinyin joined by `-`, at most [`MAX_LEN`]
/// characters, cut after a whole word. Empty when the title has no letters, digits or
/// Chinese characters at all.
pub fn slug(title: &str) -> String {
    let title = halfwidth(title);
    let mut words = Vec::new();
    // Only Chinese text needs the dictionary: a name such as "Plaza 5" does not load it.
    if title.chars().any(|c| c.to_pinyin().is_some()) {
        for token in WORDS.cut(&title, true) {
            id_words(token.word, &mut words);
        }
    } else {
        for word in title.split(|c: char| !c.is_ascii_alphanumeric()) {
            id_words(word, &mut words);
        }
    }
    let mut id = String::new();
    for w in &words {
        if id.is_empty() && w.len() > MAX_LEN {
            id = w[..MAX_LEN].to_string();
            break;
        }
        if id.len() + 1 + w.len() > MAX_LEN {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(w);
    }
    if is_valid_id(&id) {
        id
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_pinyin_joined_by_hyphens() {
        assert_eq!(slug("公租房申请"), "gongzufang-shenqing");
        assert_eq!(slug("医疗优先挂号、就诊"), "yiliao-youxian-guahao-jiuzhen");
        assert_eq!(slug("5A级景区免门票"), "5a-ji-jingqu-mian-menpiao");
        assert_eq!(
            slug("子女优先入读公办学校"),
            "zinv-youxian-rudu-gongban-xuexiao"
        );
        assert_eq!(slug("享受法律援助"), "xiangshou-falvyuanzhu");
        assert_eq!(slug("银行卡"), "yinhangka");
        assert_eq!(slug("Hotel ８８ 八折"), "hotel-88-bazhe");
        assert_eq!(slug("…"), "");
    }

    #[test]
    fn long_titles_are_cut_after_a_word() {
        let id = slug("凭优待证免费乘坐市内公共汽车（第1项）");
        assert_eq!(id, "ping-youdaizheng-mianfei-chengzuo-shinei");
        assert!(id.len() <= MAX_LEN);
        assert_eq!(slug(&"a".repeat(60)), "a".repeat(MAX_LEN));
    }
}
