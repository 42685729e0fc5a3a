//! Text made safe to put into HTML and XML: the five characters that markup gives meaning
//! escaped, and the characters no page or feed may carry left out. One function for the
//! templates, the feeds, the QR codes and the preview server's error list.

/// Whether `c` may stand in a page or a feed. XML 1.0 forbids the control characters other
/// than tab, line feed and carriage return, and U+FFFE and U+FFFF: one of them in a title
/// makes the whole feed unreadable. HTML counts every control and noncharacter as an error.
/// Text copied from Word or a PDF brings them in unseen, so they are left out of the output.
pub fn is_writable(c: char) -> bool {
    let n = c as u32;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        && !(0xFDD0..=0xFDEF).contains(&n)
        && n & 0xFFFE != 0xFFFE
}

/// Only what HTML needs escaped; tera's default also escapes `/`, which mangles every URL.
/// Characters no page or feed may carry are left out.
pub fn html(input: &str) -> String {
    // Every value of every page passes here: most need nothing done, which a look at the
    // bytes tells (`may_need`), and they are copied whole.
    let bytes = input.as_bytes();
    let first = (0..bytes.len()).find(|&i| LOOK[usize::from(bytes[i])] && may_need(bytes, i));
    let Some(first) = first else {
        return input.to_string();
    };
    let mut out = String::with_capacity(input.len() + 8);
    out.push_str(&input[..first]);
    push_escaped(&mut out, &input[first..]);
    out
}

/// `input` escaped at the end of `out`, one character at a time.
fn push_escaped(out: &mut String, input: &str) {
    for c in input.chars() {
        match c {
            c if !is_writable(c) => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The bytes `may_need` looks at twice; every other byte needs nothing.
const LOOK: [bool; 256] = {
    let mut look = [false; 256];
    let mut b = 0;
    while b < 256 {
        look[b] = b < 0x20
            || matches!(b, 0x22 | 0x26 | 0x27 | 0x3C | 0x3E | 0x7F | 0xC2 | 0xEF)
            || b >= 0xF0;
        b += 1;
    }
    look
};

/// Whether the character that starts at byte `i` may be escaped or left out: markup, a
/// control character (C0, DEL, C1: `C2 80`..`C2 9F`), or a character from U+FDD0 up
/// (`EF B7`, `EF BF`, four-byte ones), where the noncharacters are. Chinese text and its
/// full-width punctuation (`EF BC`, `EF BD`) need nothing.
fn may_need(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7F | 0xF0..=0xFF => true,
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)),
        0xEF => bytes.get(i + 1).is_some_and(|b| matches!(b, 0xB7 | 0xBF)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    /// Every character looked at, for comparison with the quick look at the bytes.
    fn slowly(input: &str) -> String {
        let mut out = String::new();
        super::push_escaped(&mut out, input);
        out
    }

    #[test]
    fn the_quick_look_misses_nothing_the_slow_one_escapes_or_drops() {
        let samples = [
            "",
            "平遥县优抚对象医疗补助，（住院）费用按比例补助！",
            "a<b>&\"c\"'d'",
            "tab\tline\nreturn\r",
            "bell\u{7}del\u{7f}c1\u{85}\u{9f}nbsp\u{a0}",
            "非字符\u{fdd0}\u{fdef}\u{fdf0}\u{fffe}\u{ffff}\u{fffd}",
            "补充\u{1fffe}\u{10ffff}\u{1f600}😀𠀀",
            "全角，．：；？！（）～＂＇＜＞＆",
            "ends with c2\u{80}",
        ];
        for s in samples {
            assert_eq!(super::html(s), slowly(s), "{s:?}");
        }
        for n in (0..0x11_0000).step_by(7) {
            if let Some(c) = char::from_u32(n) {
                let s = format!("a{c}b");
                assert_eq!(super::html(&s), slowly(&s), "U+{n:04X}");
            }
        }
        for n in (0xFDC0..0xFE00).chain(0xFFF0..0x1_0000).chain(0x80..0xA0) {
            if let Some(c) = char::from_u32(n) {
                let s = format!("{c}");
                assert_eq!(super::html(&s), slowly(&s), "U+{n:04X}");
            }
        }
    }
}
