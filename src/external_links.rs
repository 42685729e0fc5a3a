//! `check --external`: every http(s) address the content writes is fetched, once each and a
//! few at a time, and each one a visitor could not open is reported where it is written.
//! Other sites move and vanish without telling anyone, and the national spot checks of
//! government websites fail a site for broken links.

use crate::diag::{Place, Report};
use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Addresses fetched at the same time: a few hundred links take well under a minute, and no
/// server sees more than a handful of our requests at once.
const AT_ONCE: usize = 8;
/// Redirects followed before a link counts as broken (a loop, or a chain no one maintains).
const MAX_REDIRECTS: u32 = 5;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The whole of one request, redirects included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Replaces `REQUEST_TIMEOUT`, in milliseconds, so that the tests wait for a server that
/// never answers for a moment rather than 15 seconds.
pub const TIMEOUT_VAR: &str = "YOUDAI_LINK_TIMEOUT_MS";
/// Says who is asking; "compatible" keeps the firewalls of some government sites from
/// turning away a tool whose name they do not know.
const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (compatible; youdai/",
    env!("CARGO_PKG_VERSION"),
    "; link check)"
);

/// What a check found, in distinct addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub checked: usize,
    pub broken: usize,
    /// Addresses whose server answered at all, even with an error.
    pub answered: usize,
}

impl Summary {
    /// The line printed after the diagnostics.
    pub fn line(&self) -> String {
        let line = tr!(
            "link-external-summary",
            checked = self.checked,
            broken = self.broken
        );
        if self.broken > 0 && self.answered == 0 {
            // Most likely this computer is offline, and the errors say nothing of the links.
            format!("{line}{}", tr!("link-external-none-answered"))
        } else {
            line
        }
    }
}

/// One address as fetched, and every place it is written (as written there).
#[derive(Debug, PartialEq)]
struct Address {
    url: String,
    written: Vec<(String, Place)>,
}

/// Why a link does not open, or that it does.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Opens,
    Status(u16),
    NoSuchHost,
    Refused,
    TimedOut,
    Tls(String),
    TooManyRedirects,
    Invalid(String),
    Failed(String),
}

/// Fetches the http(s) addresses among `links` (everything the content writes, with where)
/// and reports each broken one at every place it is written. `own` is the site's
/// `base_url`: links into the site itself are `check`'s own business, and its pages may
/// not be online yet.
pub fn check(links: &[(String, Place)], own: Option<&str>, report: &mut Report) -> Summary {
    let addresses = addresses(links, own);
    let timeout = request_timeout();
    let outcomes = fetch_all(&addresses, timeout);
    let mut broken = 0;
    for (address, outcome) in addresses.iter().zip(&outcomes) {
        if *outcome == Outcome::Opens {
            continue;
        }
        broken += 1;
        for (written, place) in &address.written {
            if let Some(message) = told(outcome, written, &address.url, timeout) {
                report.error(place.clone(), message);
            }
        }
    }
    // A server that answered, even wrongly, shows that this computer is online.
    let answered = outcomes
        .iter()
        .filter(|o| {
            matches!(
                o,
                Outcome::Opens | Outcome::Status(_) | Outcome::Tls(_) | Outcome::TooManyRedirects
            )
        })
        .count();
    Summary {
        checked: addresses.len(),
        broken,
        answered,
    }
}

/// The http(s) links that leave the site, grouped by the address fetched: the `#fragment`
/// never reaches the server, so `x#a` and `x#b` are fetched once.
fn addresses(links: &[(String, Place)], own: Option<&str>) -> Vec<Address> {
    let mut by_url: BTreeMap<String, Vec<(String, Place)>> = BTreeMap::new();
    for (written, place) in links {
        let text = written.trim();
        let scheme = text.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        if !matches!(scheme.as_deref(), Some("http" | "https")) {
            continue; // mailto:, tel:, geo:, relative links, anchors
        }
        let url = match url::Url::parse(text) {
            Ok(mut parsed) => {
                parsed.set_fragment(None);
                parsed.to_string()
            }
            Err(_) => text.to_string(), // fetched as written, and reported as not an address
        };
        if own.is_some_and(|own| url.starts_with(own)) {
            continue;
        }
        by_url
            .entry(url)
            .or_default()
            .push((written.clone(), place.clone()));
    }
    by_url
        .into_iter()
        .map(|(url, written)| Address { url, written })
        .collect()
}

/// `YOUDAI_LINK_TIMEOUT_MS` when it is a number of milliseconds, else 15 seconds.
fn request_timeout() -> Duration {
    std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(REQUEST_TIMEOUT, Duration::from_millis)
}

/// One client for every request. It keeps no cookies (ureq has none without its `cookies`
/// feature), speaks only http and https (no redirect, to `file:` or anywhere, reaches the
/// disk), and takes the usual HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the
/// environment, as curl does.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .timeout_connect(Some(CONNECT_TIMEOUT.min(timeout)))
        .timeout_global(Some(timeout))
        .user_agent(USER_AGENT)
        .build()
        .new_agent()
}

/// The outcome of every address, in order, fetched `AT_ONCE` at a time.
fn fetch_all(addresses: &[Address], timeout: Duration) -> Vec<Outcome> {
    let agent = agent(timeout);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome>>> = addresses.iter().map(|_| Mutex::new(None)).collect();
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(address) = addresses.get(i) else {
            break;
        };
        let outcome = fetch(&agent, &address.url);
        if let Ok(mut slot) = slots[i].lock() {
            *slot = Some(outcome);
        }
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..AT_ONCE.min(addresses.len()))
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        if workers.is_empty() {
            work(); // no thread to be had: one at a time, here
        }
        for worker in workers {
            let _ = worker.join(); // a panic is told below, as addresses left unchecked
        }
    });
    // A worker that died (a panic, a thread the system would not give) leaves its address
    // unchecked, which is reported rather than passed.
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Outcome::Failed(tr!("link-external-unchecked")))
        })
        .collect()
}

/// HEAD first, which costs the server nothing; GET when the HEAD was turned away or went
/// wrong in an odd way, as many servers (and the firewalls of government sites) answer HEAD
/// with 405, 403 or 404, or drop it, and still serve the page to a browser. A broken link
/// costs a second request; a false alarm would cost an editor's time.
fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    if let Err(e) = url::Url::parse(url) {
        return Outcome::Invalid(e.to_string());
    }
    let https = url.starts_with("https:"); // as `url::Url` writes it: in lower case
    match answer(agent.head(url).call(), https) {
        Outcome::Status(_) | Outcome::Failed(_) => answer(agent.get(url).call(), https),
        other => other,
    }
}

/// What a response, or the failure to get one, means for a visitor. The body is never
/// read: a link to a large file costs its headers only.
fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>, https: bool) -> Outcome {
    match result {
        Ok(response) => match response.status().as_u16() {
            status @ 400.. => Outcome::Status(status),
            _ => Outcome::Opens,
        },
        Err(e) => failure(e, https),
    }
}

fn failure(e: ureq::Error, https: bool) -> Outcome {
    use ureq::Error;
    match e {
        Error::StatusCode(status) => Outcome::Status(status),
        Error::HostNotFound => Outcome::NoSuchHost,
        Error::Timeout(_) => Outcome::TimedOut,
        Error::TooManyRedirects => Outcome::TooManyRedirects,
        Error::Tls(why) => Outcome::Tls(why.to_string()),
        Error::Rustls(why) => Outcome::Tls(why.to_string()),
        Error::BadUri(why) => Outcome::Invalid(why),
        // The system's resolver gives no kind of error of its own; std words it so.
        Error::Io(io) if io.to_string().starts_with("failed to lookup address") => {
            Outcome::NoSuchHost
        }
        Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => Outcome::Refused,
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Outcome::TimedOut,
            // rustls reports a failed handshake (a bad certificate, a server that does not
            // speak TLS) as invalid data on the socket.
            ErrorKind::InvalidData if https => Outcome::Tls(io.to_string()),
            _ => Outcome::Failed(io.to_string()),
        },
        other => Outcome::Failed(other.to_string()),
    }
}

/// `15`, `0.5`: seconds as people write them.
fn seconds(d: Duration) -> String {
    let text = format!("{:.1}", d.as_secs_f64());
    text.strip_suffix(".0").unwrap_or(&text).to_string()
}

/// What an editor reads about the link `written` (fetched as `fetched`), or None when it
/// opens.
fn told(outcome: &Outcome, written: &str, fetched: &str, timeout: Duration) -> Option<String> {
    let host = || {
        url::Url::parse(fetched)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default()
    };
    let url = written;
    Some(match outcome {
        Outcome::Opens => return None,
        Outcome::Status(status) => tr!(
            "link-external-status",
            url = url,
            status = *status,
            server = if *status >= 500 { "yes" } else { "no" }
        ),
        Outcome::NoSuchHost => tr!("link-external-no-host", url = url, host = host()),
        Outcome::Refused => tr!("link-external-refused", url = url, host = host()),
        Outcome::TimedOut => tr!(
            "link-external-timeout",
            url = url,
            seconds = seconds(timeout)
        ),
        Outcome::Tls(why) => tr!("link-external-tls", url = url, reason = why),
        Outcome::TooManyRedirects => tr!("link-external-redirects", url = url, max = MAX_REDIRECTS),
        Outcome::Invalid(why) => tr!("link-external-invalid", url = url, reason = why),
        Outcome::Failed(why) => tr!("link-external-failed", url = url, reason = why),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize) -> Place {
        Place::new("content/pages/a.md", line, 1)
    }

    #[test]
    fn only_addresses_of_other_sites_each_once() {
        let links: Vec<(String, Place)> = [
            "https://e.cn/x#top",
            "../benefits/a/",
            "mailto:a@b.cn",
            "tel:0354-1234567",
            "geo:37.7,112.7",
            "HTTPS://E.CN/x",
            "https://x.gov.cn/yd/benefits/a/",
            "http://x.gov.cn/other/",
            "#top",
            "//cdn.example.com/x.js",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| (l.to_string(), at(i + 1)))
        .collect();
        let found = addresses(&links, Some("https://x.gov.cn/yd/"));
        assert_eq!(
            found,
            vec![
                Address {
                    url: "http://x.gov.cn/other/".into(),
                    written: vec![("http://x.gov.cn/other/".into(), at(8))],
                },
                Address {
                    url: "https://e.cn/x".into(),
                    written: vec![
                        ("https://e.cn/x#top".into(), at(1)),
                        ("HTTPS://E.CN/x".into(), at(6))
                    ],
                },
            ]
        );
    }

    #[test]
    fn the_summary_suspects_an_offline_computer_when_no_server_answered() {
        let summary = |broken, answered| Summary {
            checked: 3,
            broken,
            answered,
        };
        assert_eq!(
            summary(0, 3).line(),
            "external links: 3 addresses checked, all open"
        );
        assert_eq!(
            summary(1, 2).line(),
            "external links: 3 addresses checked, 1 broken"
        );
        assert!(summary(3, 0)
            .line()
            .ends_with("if this computer is offline, connect it and check again"));
    }

    #[test]
    fn seconds_read_as_written() {
        assert_eq!(seconds(Duration::from_secs(15)), "15");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5");
    }

    #[test]
    fn every_failure_says_what_happened_and_what_to_do() {
        let url = "https://e.cn/x";
        let say = |outcome: Outcome| {
            told(&outcome, url, url, Duration::from_secs(10)).unwrap_or_default()
        };
        assert_eq!(say(Outcome::Opens), "");
        assert_eq!(
            say(Outcome::Status(404)),
            "link https://e.cn/x does not open: the server answers 404 (not found); correct the link or remove it"
        );
        assert!(say(Outcome::Status(599)).contains("599 (server error)"));
        assert!(say(Outcome::Status(499)).contains("499 (refused)"));
        assert!(say(Outcome::NoSuchHost).contains("no site e.cn"));
        assert!(say(Outcome::TimedOut).contains("no answer within 10 s"));
        assert!(say(Outcome::TooManyRedirects).contains("more than 5 times"));
        for outcome in [
            Outcome::Status(500),
            Outcome::NoSuchHost,
            Outcome::Refused,
            Outcome::TimedOut,
            Outcome::Tls("bad certificate".into()),
            Outcome::TooManyRedirects,
            Outcome::Invalid("empty host".into()),
            Outcome::Failed("connection reset".into()),
        ] {
            let message = say(outcome.clone());
            assert!(message.starts_with("link https://e.cn/x "), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
        let chinese = crate::i18n::message_in(
            crate::i18n::Lang::Chinese,
            "link-external-status",
            vec![
                ("url", url.into()),
                ("status", 404u16.into()),
                ("server", "no".into()),
            ],
        );
        assert_eq!(
            chinese,
            "链接 https://e.cn/x 无法打开：服务器回答 404（找不到）；请改正或删去这个链接"
        );
    }
}
