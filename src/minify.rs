//! The theme's scripts and styles made small, because every byte of them reaches a phone on
//! every first visit: scripts through oxc's minifier (names shortened, comments and spare
//! whitespace gone, the syntax left as written so that old phones still run it), styles by
//! dropping comments and the whitespace the CSS grammar does not need.

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Where and why a script could not be read: 1-based line and column, and oxc's words.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub line: usize,
    pub col: usize,
    pub detail: String,
}

/// A classic script (or the body of an inline one), minified. Only names inside functions
/// are shortened: a script's top-level names may be read by another script on the page.
/// Nothing is rewritten into newer syntax (no compression pass), so a script written for
/// old browsers still runs on them.
pub fn script(source: &str) -> Result<String, Unreadable> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::script()).parse();
    if let Some(problem) = parsed.diagnostics.first() {
        let offset = problem.labels.first().map_or(0, |l| l.offset() as usize);
        let (line, col) = line_col(source, offset);
        return Err(Unreadable {
            line,
            col,
            detail: problem.message.to_string(),
        });
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions {
            top_level: Some(false),
            ..MangleOptions::default()
        }),
        compress: None,
        ..MinifierOptions::default()
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    Ok(Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code)
}

/// A style sheet without comments and without the whitespace around `{`, `}`, `;`, `,` and
/// `>`, after `:` or at the ends of lines; other whitespace becomes one space, since it can
/// matter (`a :hover`, `calc(1px + 2px)`). Strings are copied as they are.
pub fn style(source: &str) -> String {
    const TIGHT: &[char] = &['{', '}', ';', ',', '>'];
    let mut out = String::with_capacity(source.len());
    let mut space = false;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_whitespace() => space = true,
            c => {
                let after_tight = out.ends_with(TIGHT) || out.ends_with(':');
                if space && !out.is_empty() && !TIGHT.contains(&c) && !after_tight {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    let mut escaped = false;
                    for s in chars.by_ref() {
                        out.push(s);
                        if s == c && !escaped {
                            break;
                        }
                        escaped = s == '\\' && !escaped;
                    }
                }
            }
        }
    }
    out
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::{script, style, Unreadable};

    #[test]
    fn scripts_keep_their_behaviour_and_their_top_level_names() {
        let source = "// Why.\nvar shown = 0;\nfunction count(items) {\n  /* each */\n  var total = items.length;\n  return total + shown;\n}\n";
        assert_eq!(
            script(source).unwrap(),
            "var shown=0;function count(e){var t=e.length;return t+shown}"
        );
    }

    #[test]
    fn scripts_are_not_rewritten_into_newer_syntax() {
        let small = script("function f(a, b) { a = a || b; return a; }").unwrap();
        assert!(!small.contains("||="), "{small}");
    }

    #[test]
    fn an_unreadable_script_says_where() {
        let err = script("var a = 1;\nvar b = (;\n").unwrap_err();
        assert_eq!((err.line, err.col), (2, 10), "{err:?}");
        assert!(!err.detail.is_empty());
        let _: Unreadable = err;
    }

    #[test]
    fn styles_lose_comments_and_spare_whitespace_only() {
        let source = "/* The theme. */\n.a > .b,\n.c :hover {\n  margin: 0 auto;\n  width: calc(1px + 2px);\n  content: \"› /* not a comment */  \";\n}\n";
        assert_eq!(
            style(source),
            ".a>.b,.c :hover{margin:0 auto;width:calc(1px + 2px);content:\"› /* not a comment */  \";}"
        );
    }
}
