//! Live reload. Every open page holds a Server-Sent Events stream that names its path and
//! a fingerprint of what it was sent; after each publish, the pages whose fingerprint
//! changed are told to reload, and no other. Also what goes into served HTML (and only
//! there): the script tag and, while the content has errors, the list of them.

use super::snapshot::Problems;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

/// Site ids match `^[a-z0-9][a-z0-9-]*$`, so nothing the site builds starts with `_`
/// except a static file someone puts in `content/static/_youdai/`, which these hide.
pub(crate) const EVENTS_PATH: &str = "/_youdai/events";
pub(crate) const SCRIPT_PATH: &str = "/_youdai/live.js";
pub(crate) const SCRIPT: &str = include_str!("live.js");

/// Open streams beyond this are refused; each is one socket and no thread.
const MAX_STREAMS: usize = 256;
/// A comment this often finds streams whose browser has gone.
const PING: Duration = Duration::from_secs(15);

const STREAM_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\n\
Connection: close\r\n\r\n\
retry: 1000\n\n";
const RELOAD: &[u8] = b"event: reload\ndata: changed\n\n";

/// What the server would now send for a path, as a number; see `http::fingerprint`.
pub(crate) type Fingerprint = Box<dyn Fn(&str) -> u64 + Send>;
pub(crate) type Stream = Box<dyn Write + Send>;

enum Message {
    Join(Stream, String, u64),
    Published,
}

/// The handle that request handlers and the builder share; the streams live on one thread.
#[derive(Clone)]
pub(crate) struct Hub {
    tx: Sender<Message>,
    open: Arc<AtomicUsize>,
}

impl Hub {
    pub fn start(fingerprint: Fingerprint) -> std::io::Result<Hub> {
        let (tx, rx) = channel();
        let open = Arc::new(AtomicUsize::new(0));
        let count = open.clone();
        std::thread::Builder::new()
            .name("youdai-reload".into())
            .spawn(move || run(rx, fingerprint, count))?;
        Ok(Hub { tx, open })
    }

    pub fn has_room(&self) -> bool {
        self.open.load(Ordering::Relaxed) < MAX_STREAMS
    }

    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Takes over a request's raw connection as an event stream for the page at `path`,
    /// which was sent with fingerprint `hash`.
    pub fn join(&self, stream: Stream, path: String, hash: u64) {
        self.open.fetch_add(1, Ordering::Relaxed);
        let _ = self.tx.send(Message::Join(stream, path, hash));
    }

    /// A new snapshot is being served.
    pub fn published(&self) {
        let _ = self.tx.send(Message::Published);
    }
}

struct Client {
    stream: Stream,
    path: String,
    hash: u64,
}

fn send(stream: &mut Stream, bytes: &[u8]) -> bool {
    stream
        .write_all(bytes)
        .and_then(|()| stream.flush())
        .is_ok()
}

fn run(rx: Receiver<Message>, fingerprint: Fingerprint, open: Arc<AtomicUsize>) {
    let mut clients: Vec<Client> = Vec::new();
    loop {
        match rx.recv_timeout(PING) {
            Ok(Message::Join(mut stream, path, hash)) => {
                // A page that changed between being sent and asking is reloaded at once.
                if send(&mut stream, STREAM_HEAD) && fingerprint(&path) == hash {
                    clients.push(Client { stream, path, hash });
                } else {
                    send(&mut stream, RELOAD);
                }
            }
            Ok(Message::Published) => {
                let mut now: HashMap<String, u64> = HashMap::new();
                clients.retain_mut(|c| {
                    let current = *now
                        .entry(c.path.clone())
                        .or_insert_with(|| fingerprint(&c.path));
                    if current == c.hash {
                        return true;
                    }
                    send(&mut c.stream, RELOAD);
                    false
                });
            }
            Err(RecvTimeoutError::Timeout) => {
                clients.retain_mut(|c| send(&mut c.stream, b": ping\n\n"))
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
        open.store(clients.len(), Ordering::Relaxed);
    }
}

use crate::escape::html as escape;

/// The script tag for the page at `path`, after the list of errors if there are any.
pub(crate) fn snippet(
    path: &str,
    hash: u64,
    problems: Option<&Problems>,
    has_site: bool,
) -> String {
    let mut out = String::new();
    if let Some(p) = problems {
        let headline = if has_site {
            tr!("serve-banner-over-site", count = p.errors)
        } else {
            tr!("serve-banner-no-site", count = p.errors)
        };
        out.push_str(&format!(
            "<div id=\"youdai-errors\" role=\"alert\" style=\"position:fixed;top:0;left:0;right:0;\
z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#fff1f0;\
color:#5c0a0a;border-bottom:4px solid #c41d1d;box-shadow:0 2px 12px rgba(0,0,0,.25);\
font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left\">\
<strong style=\"font-family:system-ui,sans-serif\">{}</strong>\
<pre style=\"margin:8px 0 0;white-space:pre-wrap;font:inherit;background:none;color:inherit\">{}</pre></div>",
            escape(&headline),
            escape(&p.lines.join("\n"))
        ));
    }
    out.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-path=\"{}\" data-hash=\"{hash:016x}\"></script>",
        escape(path)
    ));
    out
}

/// `html` with `snippet` just before its last `</body>`, or at its end without one.
pub(crate) fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page of the server's own, for when there is no site to show.
pub(crate) fn own_page(title: &str, snippet: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
<body style=\"font-family:system-ui,sans-serif;padding:2em\"><p>{}</p>{snippet}</body></html>\n",
        if crate::i18n::lang() == crate::i18n::Lang::English {
            "en"
        } else {
            "zh-CN"
        },
        escape(title),
        escape(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = inject(html, "<script></script>");
        assert_eq!(
            out,
            b"<html><body><p>&lt;/body&gt;</p><script></script></BODY></html>"
        );
        assert_eq!(inject(b"<p>no body", "<i>"), b"<p>no body<i>");
    }

    #[test]
    fn errors_are_listed_as_check_prints_them_and_escaped() {
        let problems = Problems {
            lines: vec!["content/benefits/a.yaml:3:5: error: unknown group `<veterans>`".into()],
            errors: 1,
        };
        let s = snippet("/a/\"x", 0xab, Some(&problems), true);
        assert!(s.contains("content/benefits/a.yaml:3:5: error: unknown group `&lt;veterans&gt;`"));
        assert!(s.contains("1 error in the content. This is the last good build"));
        assert!(s.contains("data-path=\"/a/&quot;x\" data-hash=\"00000000000000ab\""));
        assert!(!snippet("/", 1, None, true).contains("youdai-errors"));
    }
}
