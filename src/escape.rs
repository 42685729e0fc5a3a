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
    let mut out = String::with_capacity(input.len() + 8);
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
    out
}
