//! Markdown into sanitized HTML, and into plain text for snippets and search.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::sync::LazyLock;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id"]);
    b
});

/// Schemes a link in content may use; anything else (javascript:, data:, vbscript:) is dropped.
fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            matches!(&cleaned[..i], "http" | "https" | "mailto" | "tel" | "geo")
        }
        _ => true,
    }
}

/// CommonMark with tables to HTML. Raw HTML in the source goes through ammonia; link and
/// image addresses are checked here, so Markdown without raw HTML skips the (costly)
/// HTML re-parse and is still safe: pulldown-cmark escapes all text and attributes.
pub fn to_html(markdown: &str) -> String {
    let mut has_raw_html = false;
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => {
            has_raw_html = true;
            event
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed(""),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if has_raw_html {
        SANITIZER.clean(&out).to_string()
    } else {
        out
    }
}

/// The words of a Markdown text without markup, for snippets, feeds and search.
pub fn to_plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_handlers_do_not_survive() {
        let html = to_html("hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        for src in [
            "[a](javascript:alert(1))",
            "[a](JavaScript:alert(1))",
            "[a](java\tscript:x)",
        ] {
            let html = to_html(src);
            assert!(!html.to_lowercase().contains("javascript"), "{html}");
        }
        assert!(to_html("[a](https://x.cn/)").contains("href=\"https://x.cn/\""));
        assert!(to_html("[a](tel:0354-1)").contains("href=\"tel:0354-1\""));
    }

    #[test]
    fn tables_render() {
        assert!(to_html("|a|b|\n|-|-|\n|1|2|\n").contains("<table>"));
    }

    #[test]
    fn plain_text() {
        assert_eq!(to_plain("# 标题\n\n正文 **粗**"), "标题 正文 粗");
    }
}
