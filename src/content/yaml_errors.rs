//! YAML syntax errors in an office worker's words. The parser says where it got stuck; the
//! cause is often elsewhere: a tab, a full-width `：` or `，` typed by a Chinese input method,
//! a `[` never closed lines above, an unclosed quote, a line indented too far. This finds
//! the likely cause and its place, from the text itself.

use super::yaml::Pos;

/// Full-width punctuation that a Chinese input method types where YAML needs ASCII.
const FULL_WIDTH: &[char] = &[
    '：', '，', '、', '【', '】', '［', '］', '｛', '｝', '“', '”', '‘', '’',
];

/// A syntax error explained: where to look and what to do.
pub struct Explained {
    pub pos: Pos,
    pub message: String,
}

/// Explains the parser's complaint `info` at `at` (1-based line and column) in `source`.
pub fn explain(source: &str, info: &str, at: Pos) -> Explained {
    let lines: Vec<&str> = source.lines().collect();
    let line_text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let explained = |pos: Pos, message: String| Explained { pos, message };

    if info.contains("tab") {
        let pos = first_indenting_tab(source, at.line).unwrap_or(at);
        return explained(pos, tr!("yaml-tab"));
    }
    if info.contains("quoted scalar") {
        let quote = char_at(line_text(at.line), at.col).unwrap_or('"');
        return explained(at, tr!("yaml-unclosed-quote", quote = quote.to_string()));
    }
    let flow = info.contains("']'")
        || info.contains("'}'")
        || info.contains("flow")
        || info.contains("illegal placement of ':'");
    if flow {
        if let Some((open, pos)) = unclosed_bracket(source, at) {
            let id = if open == '[' {
                tr!("yaml-unclosed-list")
            } else {
                tr!("yaml-unclosed-mapping")
            };
            return explained(pos, id);
        }
    }
    // The line the parser stopped on, and the one before it, which it often stops after.
    let previous = (1..at.line)
        .rev()
        .find(|&n| !line_text(n).trim().is_empty());
    let suspects: Vec<usize> = std::iter::once(at.line).chain(previous).collect();
    if let Some((pos, c)) = suspects
        .iter()
        .find_map(|&n| full_width(line_text(n)).map(|(col, c)| (Pos { line: n, col }, c)))
    {
        return explained(pos, full_width_message(c));
    }
    if info.contains("mapping values are not allowed") {
        let here = line_text(at.line);
        if let Some(p) = previous {
            let indent = |t: &str| t.len() - t.trim_start().len();
            let above = line_text(p);
            if indent(here) > indent(above) && above.trim_end().contains(": ") {
                let pos = Pos {
                    line: at.line,
                    col: indent(here) + 1,
                };
                return explained(pos, tr!("yaml-indent-continues"));
            }
        }
        if let Some((key, value)) = here.trim().split_once(": ") {
            let key = key.trim_start_matches("- ").trim();
            return explained(
                at,
                tr!(
                    "yaml-colon-in-value",
                    key = key,
                    value = value.replace('"', "\\\"")
                ),
            );
        }
    }
    if info.contains("expect ':'") || info.contains("expected ':'") {
        if let Some(p) = previous {
            let text = line_text(p);
            let col = text.len() - text.trim_start().len() + 1;
            return explained(Pos { line: p, col }, tr!("yaml-missing-colon"));
        }
    }
    if info.contains("did not find expected key") || info.contains("block") {
        return explained(at, tr!("yaml-indentation", info = info));
    }
    explained(at, tr!("yaml-syntax", info = info))
}

/// The message for a full-width character where YAML needs its ASCII twin.
pub fn full_width_message(c: char) -> String {
    match c {
        '：' => tr!("yaml-fullwidth-colon"),
        '，' | '、' => tr!("yaml-fullwidth-comma", char = c.to_string()),
        '“' | '”' | '‘' | '’' => tr!("yaml-fullwidth-quote", char = c.to_string()),
        _ => tr!("yaml-fullwidth-bracket", char = c.to_string()),
    }
}

/// The first full-width character of `FULL_WIDTH` in a line, outside ASCII quotes, with
/// its 1-based column.
pub fn full_width(line: &str) -> Option<(usize, char)> {
    let mut quote = None;
    for (i, c) in line.chars().enumerate() {
        match (quote, c) {
            (None, '#') if i == 0 || line.chars().nth(i - 1) == Some(' ') => return None,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if FULL_WIDTH.contains(&c) => return Some((i + 1, c)),
            _ => {}
        }
    }
    None
}

fn char_at(line: &str, col: usize) -> Option<char> {
    line.chars().nth(col.saturating_sub(1))
}

/// The innermost `[` or `{` still open where the parser stopped, skipping quoted text and
/// comments.
fn unclosed_bracket(source: &str, at: Pos) -> Option<(char, Pos)> {
    let mut open: Vec<(char, Pos)> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line_no = n + 1;
        if line_no > at.line {
            break;
        }
        let mut quote = None;
        let mut prev = ' ';
        for (i, c) in line.chars().enumerate() {
            if line_no == at.line && i + 1 >= at.col {
                break;
            }
            match (quote, c) {
                (None, '#') if prev == ' ' => break,
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '[' | '{') => open.push((
                    c,
                    Pos {
                        line: line_no,
                        col: i + 1,
                    },
                )),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = c;
        }
    }
    open.pop()
}

/// The first tab used as indentation at or after `from_line`, else before it: the scanner
/// reports tab errors at the scalar it was reading, but the editor needs the tab itself.
fn first_indenting_tab(source: &str, from_line: usize) -> Option<Pos> {
    let tab_in = |(i, line): (usize, &str)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent].find('\t').map(|col| Pos {
            line: i + 1,
            col: col + 1,
        })
    };
    let lines: Vec<&str> = source.lines().collect();
    let from = from_line.saturating_sub(1).min(lines.len());
    lines[from..]
        .iter()
        .enumerate()
        .map(|(i, l)| (i + from, *l))
        .find_map(tab_in)
        .or_else(|| {
            lines[..from]
                .iter()
                .enumerate()
                .rev()
                .map(|(i, l)| (i, *l))
                .find_map(tab_in)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str) -> (Pos, String) {
        let e = super::super::yaml::parse(source, 0).unwrap_err();
        (e.pos, e.message)
    }

    #[test]
    fn causes_are_found_where_they_are() {
        let (pos, message) = at("id: t\ntitle：免费乘车\ncategory: life\n");
        assert_eq!(pos, Pos { line: 2, col: 6 });
        assert!(message.contains("full-width colon"), "{message}");

        let (pos, message) = at("id: t\ngroups: [veteran, family\nregion: east\nsummary: s\n");
        assert_eq!(pos, Pos { line: 2, col: 9 });
        assert!(message.contains("`]`"), "{message}");

        let (pos, message) = at("id: t\ngroups:\n\t- veteran\n");
        assert_eq!(pos, Pos { line: 3, col: 1 });
        assert!(message.contains("two spaces"), "{message}");

        let (pos, message) = at("id: t\nsummary: “他说: 你好”\n");
        assert_eq!(pos, Pos { line: 2, col: 10 });
        assert!(message.contains("full-width quote"), "{message}");

        let (_, message) = at("id: t\ntitle: 说明: 免费\n");
        assert!(message.contains("title: \"说明: 免费\""), "{message}");

        let (pos, message) = at("id: t\ntitle: x\n  category: life\n");
        assert_eq!(pos, Pos { line: 3, col: 3 });
        assert!(message.contains("indented"), "{message}");

        let (pos, message) = at("id: t\ntitle: \"abc\n");
        assert_eq!(pos, Pos { line: 2, col: 8 });
        assert!(message.contains("quote"), "{message}");
    }
}
