//! "您是不是要找": homophone typos corrected without a dictionary in the page. Pinyin input
//! gives the right sound and a wrong character (优待正 for 优待证), so a query that finds
//! nothing is read as sounds and matched against the bigrams the index has that sound alike.
//!
//! Three parts, all fetched only after a query has found nothing:
//! - `search/y/N.txt`: the fuzzy readings of the Han characters U+4E00 + 512N .. +511, a line
//!   each (`zen` for 正; two readings `,`-separated), 41 files of about 2 KB: what the
//!   browser needs to know how a typed character sounds, for the characters typed only;
//! - records `?dai'zen` in the index fragments: the bigrams of titles and of the names
//!   entries are filed under that read so (待证), commonest first, the same fuzzy pinyin as
//!   the pinyin tokens (zh/z, l/n, ...);
//! - `search/correct.js`, the code that reads them (`correct.js` beside this file).

use super::tokens::{is_han, reading_ids, reading_name};
use crate::output::OutputFile;
use std::collections::HashMap;

/// Characters per readings file.
pub const READINGS_PER_FILE: u32 = 512;
const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;
/// Spellings kept per sound: a typo is corrected to one of the commonest.
const SPELLINGS: usize = 8;

/// `search/y/N.txt`: every common Han character's fuzzy readings, a line each.
pub fn reading_files() -> Vec<OutputFile> {
    // The same for every site: made once a run (the preview asks after every save).
    static MADE: std::sync::OnceLock<Vec<OutputFile>> = std::sync::OnceLock::new();
    MADE.get_or_init(make_reading_files).clone()
}

fn make_reading_files() -> Vec<OutputFile> {
    (FIRST..=LAST)
        .step_by(READINGS_PER_FILE as usize)
        .enumerate()
        .map(|(n, start)| {
            let lines: Vec<String> = (start..(start + READINGS_PER_FILE).min(LAST + 1))
                .map(|code| {
                    let ids = char::from_u32(code).map_or(&[][..], reading_ids);
                    let names: Vec<&str> = ids.iter().map(|&r| reading_name(r)).collect();
                    names.join(",")
                })
                .collect();
            OutputFile {
                path: format!("{}y/{n}.txt", crate::routes::SEARCH_DATA),
                bytes: lines.join("\n").into_bytes(),
            }
        })
        .collect()
}

/// `search/correct.js`: what the search page imports to read these files, when a query has
/// found nothing (the page that every search loads does not carry it).
pub fn correction_script() -> OutputFile {
    OutputFile {
        path: format!("{}correct.js", crate::routes::SEARCH_DATA),
        bytes: include_bytes!("correct.js").to_vec(),
    }
}

/// A bigram with how often it is found.
type Spelling = (u32, char, char);

/// The records `?SOUND'SOUND` → bigrams that read so, from the texts pinyin is indexed for
/// (titles and filed names), each text as often as it is found.
pub fn spellings<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
    let mut counts: HashMap<(char, char), u32> = HashMap::new();
    for text in texts {
        let mut prev: Option<char> = None;
        for c in text.chars() {
            if !is_han(c) {
                prev = None;
                continue;
            }
            if let Some(p) = prev {
                *counts.entry((p, c)).or_default() += 1;
            }
            prev = Some(c);
        }
    }
    let mut sounds: HashMap<(u16, u16), Vec<Spelling>> = HashMap::new();
    for (&(a, b), &n) in &counts {
        for &ra in reading_ids(a) {
            for &rb in reading_ids(b) {
                sounds.entry((ra, rb)).or_default().push((n, a, b));
            }
        }
    }
    let mut out: Vec<(String, String)> = sounds
        .into_iter()
        .map(|((ra, rb), mut found)| {
            found.sort_unstable_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
            let text: String = found
                .iter()
                .take(SPELLINGS)
                .flat_map(|&(_, a, b)| [a, b])
                .collect();
            (format!("?{}'{}", reading_name(ra), reading_name(rb)), text)
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sound_lists_the_bigrams_that_read_so_commonest_first() {
        let s = spellings(["优待证申领", "优待证", "带证明", "代征"]);
        let get = |k: &str| s.iter().find(|(n, _)| n == k).map(|(_, t)| t.as_str());
        // zheng is heard as zen; 待证 twice, 带证 and 代征 once.
        assert_eq!(get("?dai'zen"), Some("待证代征带证"));
        assert_eq!(get("?you'dai"), Some("优待"));
        assert_eq!(get("?zen'sen"), Some("证申"));
    }

    #[test]
    fn the_readings_files_cover_the_common_block_a_line_a_character() {
        let files = reading_files();
        assert_eq!(files.len(), 41);
        let line = |c: char| {
            let code = c as u32 - FIRST;
            let file = &files[(code / READINGS_PER_FILE) as usize];
            let text = std::str::from_utf8(&file.bytes).unwrap();
            text.split('\n')
                .nth((code % READINGS_PER_FILE) as usize)
                .unwrap()
                .to_string()
        };
        assert_eq!(line('正'), "zen");
        assert_eq!(line('证'), "zen");
        assert_eq!(line('一'), "yi");
        assert!(line('行').split(',').any(|r| r == "han"), "{}", line('行'));
        assert!(files.iter().all(|f| f.bytes.len() < 4096));
    }
}
