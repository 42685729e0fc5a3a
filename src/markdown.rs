//! Markdown into sanitized HTML, and into plain text for snippets and search.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::sync::LazyLock;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id"]);
    b
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(sanitizer);

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

/// CommonMark with tables to HTML, for a page of the site. Raw HTML in the source goes
/// through ammonia; link and image addresses are checked here, so Markdown without raw
/// HTML skips the (costly) HTML re-parse and is still safe: pulldown-cmark escapes all text
/// and attributes. A link or image with an unsafe address keeps only its text.
pub fn to_html(markdown: &str) -> String {
    render(markdown, None)
}

/// As [`to_html`], for a text read away from its page (a feed reader): every relative
/// address is resolved against `base`, the absolute URL of the page the text was written for.
pub fn to_html_absolute(markdown: &str, base: &url::Url) -> String {
    render(markdown, Some(base))
}

/// `dest` resolved against `base`, if there is one.
fn resolved<'a>(dest: CowStr<'a>, base: Option<&url::Url>) -> CowStr<'a> {
    match base.map(|b| b.join(&dest)) {
        Some(Ok(url)) => CowStr::from(String::from(url)),
        _ => dest,
    }
}

fn render(markdown: &str, base: Option<&url::Url>) -> String {
    let mut has_raw_html = false;
    // For each open link and image: whether it was dropped, so that its end goes too (an
    // image's text may hold another image).
    let (mut links, mut images) = (Vec::new(), Vec::new());
    let events = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        Event::Html(_) | Event::InlineHtml(_) => {
            has_raw_html = true;
            Some(event)
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            links.push(!safe);
            safe.then(|| {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: resolved(dest_url, base),
                    title,
                    id,
                })
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = is_safe_url(&dest_url);
            images.push(!safe);
            safe.then(|| {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: resolved(dest_url, base),
                    title,
                    id,
                })
            })
        }
        Event::End(TagEnd::Link) => (!links.pop().unwrap_or(false)).then_some(event),
        Event::End(TagEnd::Image) => (!images.pop().unwrap_or(false)).then_some(event),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if has_raw_html {
        out = match base {
            None => SANITIZER.clean(&out).to_string(),
            Some(base) => sanitizer()
                .url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()))
                .clean(&out)
                .to_string(),
        };
        out = tidy(&out);
    }
    out.retain(crate::escape::is_writable);
    out
}

/// Mends what ammonia leaves behind where it removed an unsafe address, which the HTML
/// checker rejects: an `<a>` without `href` gives way to its bare text, an `<img>` without
/// `src` goes, and an `<img>` without `alt` gets an empty one. `html` is ammonia's output,
/// which html5ever wrote: every `<` in text is escaped, attribute values are double-quoted
/// and elements nest properly, so a `</a>` closes the latest `<a>`.
fn tidy(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    // For each open `<a>`: whether it was dropped.
    let mut anchors: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let end = tag_end(tag).unwrap_or(tag.len());
        let (tag, after) = tag.split_at(end);
        rest = after;
        let (name, attributes) = tag_parts(tag);
        match name {
            "a" => {
                let keep = attributes.contains(&"href");
                anchors.push(!keep);
                if keep {
                    out.push_str(tag);
                }
            }
            "/a" => {
                if !anchors.pop().unwrap_or(false) {
                    out.push_str(tag);
                }
            }
            "img" if !attributes.contains(&"src") => {}
            "img" if !attributes.contains(&"alt") => {
                let open = tag.trim_end_matches('>').trim_end_matches('/').trim_end();
                out.push_str(open);
                out.push_str(" alt=\"\">");
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `html`, up to its `>` outside quotes.
fn tag_end(html: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A tag's name (`a`, `/a`, lowercased by html5ever) and the names of its attributes.
fn tag_parts(tag: &str) -> (&str, Vec<&str>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace() || c == '>')
        .unwrap_or(inner.len());
    let (name, mut rest) = inner.split_at(name_end);
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(rest.len());
        attributes.push(&rest[..end]);
        rest = &rest[end..];
        if let Some(value) = rest.strip_prefix('=') {
            // A quoted value, which html5ever always writes.
            let close = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map_or(value.len(), |i| i + 2),
                _ => value
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(value.len()),
            };
            rest = &value[close..];
        }
    }
    (name, attributes)
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
            "<a href=\"javascript:alert(1)\">a</a> <script>x</script>",
            "![a](javascript:alert(1))",
        ] {
            let html = to_html(src);
            assert!(!html.to_lowercase().contains("javascript"), "{html}");
            // What is left is the text, not a link to nowhere (the HTML checker rejects one).
            assert!(
                html.contains('a') && !html.contains("<a") && !html.contains("<img"),
                "{html}"
            );
        }
        assert!(to_html("[a](https://x.cn/)").contains("href=\"https://x.cn/\""));
        assert!(to_html("[a](tel:0354-1)").contains("href=\"tel:0354-1\""));
    }

    #[test]
    fn what_the_sanitizer_leaves_is_mended() {
        assert_eq!(
            tidy("<p><a rel=\"noopener noreferrer\">a</a> <a href=\"/x\">b</a></p>"),
            "<p>a <a href=\"/x\">b</a></p>"
        );
        assert_eq!(
            tidy("<img src=\"x.png\"><img alt=\"\"><img title=\"a>b\" src=\"y\" alt=\"y\">"),
            "<img src=\"x.png\" alt=\"\"><img title=\"a>b\" src=\"y\" alt=\"y\">"
        );
        // A `<` inside a quoted value is not a tag.
        assert_eq!(
            tidy("<a title=\"<a\" href=\"/x\">c</a>"),
            "<a title=\"<a\" href=\"/x\">c</a>"
        );
    }

    #[test]
    fn relative_addresses_are_resolved_for_a_feed() {
        let page = url::Url::parse("https://x.gov.cn/yd/notices/a/").unwrap();
        let html = to_html_absolute(
            "[p](../../about/) ![i](b.png) [h](#top) [e](https://e.cn/)",
            &page,
        );
        assert!(
            html.contains("href=\"https://x.gov.cn/yd/about/\""),
            "{html}"
        );
        assert!(
            html.contains("src=\"https://x.gov.cn/yd/notices/a/b.png\""),
            "{html}"
        );
        assert!(
            html.contains("href=\"https://x.gov.cn/yd/notices/a/#top\""),
            "{html}"
        );
        assert!(html.contains("href=\"https://e.cn/\""), "{html}");
        let raw = to_html_absolute("<p><a href=\"/yd/x/\">x</a> <img src=\"c.png\"></p>", &page);
        assert!(raw.contains("href=\"https://x.gov.cn/yd/x/\""), "{raw}");
        assert!(
            raw.contains("src=\"https://x.gov.cn/yd/notices/a/c.png\""),
            "{raw}"
        );
        assert!(to_html("[p](../../about/)").contains("href=\"../../about/\""));
    }

    #[test]
    fn characters_no_document_may_carry_are_left_out() {
        let html = to_html("a\u{FFFE}b\u{1}c\u{FDD0}d\u{1FFFF}e\u{85}f\tg");
        assert_eq!(html, "<p>abcdef\tg</p>\n");
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
