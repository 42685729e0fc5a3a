//! `check --external`: every link to another site is opened, and each one a visitor could
//! not open is an error at the place it is written, in text, JSON and GitHub formats.
//! The "other sites" are a small HTTP server on 127.0.0.1 that this file starts, with a
//! page for each way a link breaks.

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long youdai waits for one link in these tests (`YOUDAI_LINK_TIMEOUT_MS`).
const TIMEOUT_MS: &str = "1000";
/// What `/big` claims to send: far more than a link check may read.
const BIG: u64 = 1 << 30;

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

#[derive(Default)]
struct Log {
    requests: Mutex<Vec<Seen>>,
    stop: AtomicBool,
    /// Bytes of `/big`'s body written before the client went away, and whether it did.
    big_sent: AtomicU64,
    big_done: AtomicBool,
}

/// Another site, on 127.0.0.1, for as long as this value lives.
struct Server {
    port: u16,
    log: Arc<Log>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Log::default());
        let shared = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let log = shared.clone();
                std::thread::spawn(move || serve(stream, port, &log));
            }
        });
        Server { port, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.log.requests.lock().unwrap().clone()
    }

    /// How often `method path` was asked for.
    fn count(&self, method: &str, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.log.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, which then sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Reads the request head (bounded), or None when it is not HTTP (a TLS handshake, say).
fn read_head(stream: &mut TcpStream) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            // A request starts with its method; a TLS handshake with 0x16.
            Ok(1) if !head.is_empty() || byte[0].is_ascii_uppercase() => head.push(byte[0]),
            _ => return None,
        }
    }
    let text = String::from_utf8(head).ok()?;
    let mut lines = text.lines();
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Seen {
        method,
        path,
        headers,
    })
}

fn serve(mut stream: TcpStream, port: u16, log: &Log) {
    let Some(request) = read_head(&mut stream) else {
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    log.requests.lock().unwrap().push(request.clone());
    let head = request.method == "HEAD";
    let respond = |stream: &mut TcpStream, status: &str, extra: &str| {
        let body = if head { "" } else { "page" };
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Length: 4\r\nConnection: close\r\n{extra}\r\n{body}"
        );
    };
    let path = request.path.as_str();
    match path {
        "/ok" => respond(&mut stream, "200 OK", "Set-Cookie: visitor=1; Path=/\r\n"),
        "/gone" => respond(&mut stream, "404 Not Found", ""),
        "/error" => respond(&mut stream, "500 Internal Server Error", ""),
        "/moved" => respond(
            &mut stream,
            "301 Moved Permanently",
            "Location: /ok\r\nSet-Cookie: moved=1; Path=/\r\n",
        ),
        "/no-head" if head => respond(&mut stream, "405 Method Not Allowed", ""),
        "/no-head" => respond(&mut stream, "200 OK", ""),
        "/to-file" => respond(&mut stream, "302 Found", "Location: file:///etc/passwd\r\n"),
        "/hang" => {
            // Accepts, reads, and never answers.
            while !log.stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        "/big" if head => respond(&mut stream, "405 Method Not Allowed", ""),
        "/big" => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {BIG}\r\n\r\n"
            );
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < BIG && stream.write_all(&chunk).is_ok() {
                sent += chunk.len() as u64;
            }
            log.big_sent.store(sent, Ordering::SeqCst);
            log.big_done.store(true, Ordering::SeqCst);
        }
        p if p.starts_with("/loop/") => {
            let n: u64 = p["/loop/".len()..].parse().unwrap_or(0);
            let next = format!("Location: http://127.0.0.1:{port}/loop/{}\r\n", n + 1);
            respond(&mut stream, "302 Found", &next);
        }
        _ => respond(&mut stream, "404 Not Found", ""),
    }
}

/// A port on which nothing listens.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// The basic site, with links to every page of `server` in a notice, a benefit, a page, a
/// partner's website and site.yaml's feedback.
fn site_linking_to(server: &Server) -> Scratch {
    let s = Scratch::of("basic");
    let u = |path: &str| server.url(path);
    let refused = format!("http://127.0.0.1:{}/", closed_port());
    // Body from line 6 on; every link starts its line (column 1).
    s.write(
        "content/notices/2025-05-25-links.md",
        &format!(
            "---\ntitle: 相关网站\ndate: 2025-05-25\nsummary: 外部链接\n---\n\
             [正常]({ok})\n\
             [已删除]({gone})\n\
             [已搬家]({moved})\n\
             [循环]({looping})\n\
             [不回答]({hang})\n\
             [出错]({error})\n\
             [不许HEAD]({no_head})\n\
             [大文件]({big})\n\
             [本地文件]({to_file})\n\
             [没人听]({refused})\n\
             [加密](https://127.0.0.1:{port}/ok)\n\
             [邮件](mailto:youdai@example.gov.cn) [电话](tel:0354-1234567) [站内](../../benefits/free-bus/)\n",
            ok = u("/ok"),
            gone = u("/gone"),
            moved = u("/moved"),
            looping = u("/loop/0"),
            hang = u("/hang"),
            error = u("/error"),
            no_head = u("/no-head"),
            big = u("/big"),
            to_file = u("/to-file"),
            refused = refused,
            port = server.port,
        ),
    );
    // The same broken address again, as an image and with an anchor: fetched once,
    // reported at both places.
    s.write(
        "content/pages/links.md",
        &format!(
            "---\ntitle: 友情链接\n---\n![标志]({gone})\n\n[同一页]({gone}#part)\n",
            gone = u("/gone")
        ),
    );
    // A link in a YAML field: its value starts at column 15.
    s.write(
        "content/benefits/claim.yaml",
        &format!(
            "id: claim\ntitle: 在线申领\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: s\nhow_to_claim: 见[说明]({})\n",
            u("/error")
        ),
    );
    // A partner's website: its value starts at column 10.
    s.write(
        "content/partners/site.yaml",
        &format!(
            "id: web-shop\nname: 网店\nkind: shop\nregion: city\noffer: 九折\nwebsite: {}\n",
            u("/gone")
        ),
    );
    let site = std::fs::read_to_string(s.root().join("content/site.yaml")).unwrap();
    s.write(
        "content/site.yaml",
        &format!("{site}feedback: {}\n", u("/moved")),
    );
    s
}

/// `youdai check --external ...` with a short timeout, no proxy, and a time limit.
fn check_external(s: &Scratch, extra: &[&str], lang: &str) -> Run {
    let root = s.root();
    let mut args = vec![
        "check",
        "--external",
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    youdai_limited_env(
        s.path(),
        &args,
        &[
            ("YOUDAI_LINK_TIMEOUT_MS", TIMEOUT_MS),
            ("YOUDAI_LANG", lang),
            ("NO_PROXY", "*"),
        ],
        // Address space is not the point here (each thread's allocator reserves plenty of
        // it, and ureq gives every DNS lookup a thread): the time is.
        4096,
        30,
    )
}

const NOTICE: &str = "content/notices/2025-05-25-links.md";

#[test]
fn broken_links_to_other_sites_are_errors_where_they_are_written() {
    let server = Server::start();
    let s = site_linking_to(&server);
    let run = check_external(&s, &[], "en");
    run.expect_code(1);
    assert_well_formed(&run);
    let u = |path: &str| server.url(path);
    let line =
        |at: &str, url: &str, what: &str| format!("{at}: error: link {url} does not open: {what}");
    let gone = "the server answers 404 (not found); correct the link or remove it";
    let expected = [
        line(&format!("{NOTICE}:7:1"), &u("/gone"), gone),
        line(
            &format!("{NOTICE}:9:1"),
            &u("/loop/0"),
            "it redirects more than 5 times (perhaps in a loop); open it in a browser and write the address it ends at here, or remove the link",
        ),
        line(
            &format!("{NOTICE}:10:1"),
            &u("/hang"),
            "no answer within 1 s (the site may be closed, or too slow); try it in a browser, correct the link or remove it",
        ),
        line(
            &format!("{NOTICE}:11:1"),
            &u("/error"),
            "the server answers 500 (server error); correct the link or remove it",
        ),
        line("content/benefits/claim.yaml:7:15", &u("/error"), "the server answers 500 (server error); correct the link or remove it"),
        line("content/pages/links.md:4:1", &u("/gone"), gone),
        line("content/pages/links.md:6:1", &format!("{}#part", u("/gone")), gone),
        line("content/partners/site.yaml:6:10", &u("/gone"), gone),
    ];
    for want in &expected {
        assert!(
            run.errors().contains(&want.as_str()),
            "missing: {want}\n--- stderr\n{}",
            run.stderr
        );
    }
    // A redirect to a local file (never read: the client speaks only http and https, and
    // takes `file:///etc/passwd` for a path on the same server), the port nobody listens
    // on, and TLS spoken to a server that does not: broken, each saying why.
    assert!(run
        .error_at(&format!(
            "{NOTICE}:14:1: error: link {} does not open",
            u("/to-file")
        ))
        .ends_with("correct the link or remove it"));
    let refused = run.error_at(&format!("{NOTICE}:15:1: error: "));
    assert!(refused.contains("refuses the connection"), "{refused}");
    let tls = run.error_at(&format!("{NOTICE}:16:1: error: "));
    assert!(tls.contains("the secure connection fails"), "{tls}");
    // Nothing else: the good links (also behind a redirect, or refusing HEAD), mailto:,
    // tel: and the link inside the site say nothing.
    assert_eq!(run.errors().len(), expected.len() + 3, "{}", run.stderr);
    for good in ["/ok", "/moved", "/no-head", "/big"] {
        let shown = format!("{} ", u(good));
        assert!(!run.stderr.contains(&shown), "{good}\n{}", run.stderr);
    }
    for good in ["mailto:", "tel:", "free-bus"] {
        assert!(!run.stderr.contains(good), "{good}\n{}", run.stderr);
    }
    assert_eq!(
        run.stdout.lines().last(),
        Some("external links: 11 addresses checked, 7 broken"),
        "{}",
        run.stdout
    );
}

#[test]
fn each_address_is_fetched_once_politely_and_never_read_whole() {
    let server = Server::start();
    let s = site_linking_to(&server);
    check_external(&s, &[], "en").expect_code(1);
    // Written four times, asked once (GET again after the 404, in case HEAD was the problem).
    assert_eq!(server.count("HEAD", "/gone"), 1);
    assert_eq!(server.count("GET", "/gone"), 1);
    // Good at the first try: no second request.
    assert_eq!(
        server.count("HEAD", "/ok"),
        2,
        "the link, and /moved's target"
    );
    assert_eq!(server.count("GET", "/ok"), 0);
    // HEAD refused, GET answered.
    assert_eq!(
        (
            server.count("HEAD", "/no-head"),
            server.count("GET", "/no-head")
        ),
        (1, 1)
    );
    // A redirect loop is given up after a few steps.
    let hops = server
        .seen()
        .iter()
        .filter(|r| r.method == "HEAD" && r.path.starts_with("/loop/"))
        .count();
    assert!((2..=7).contains(&hops), "{hops} requests to /loop/");
    // Who is asking is said; cookies that were set are never sent back.
    for request in server.seen() {
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        assert!(
            header("user-agent").is_some_and(|ua| ua.contains("youdai/")),
            "{request:?}"
        );
        assert_eq!(header("cookie"), None, "{request:?}");
    }
    // The 1 GiB file: the check stopped after its headers. The server's writes fail once
    // youdai has gone; what it managed to write fits in the sockets' buffers.
    for _ in 0..100 {
        if server.log.big_done.load(Ordering::SeqCst) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.log.big_done.load(Ordering::SeqCst));
    let sent = server.log.big_sent.load(Ordering::SeqCst);
    assert!(sent < 64 << 20, "{sent} bytes of /big were read");
}

#[test]
fn broken_links_in_chinese() {
    let server = Server::start();
    let s = site_linking_to(&server);
    let run = check_external(&s, &[], "zh");
    run.expect_code(1);
    let gone = server.url("/gone");
    assert_eq!(
        run.error_at(&format!("{NOTICE}:7:1: error: ")),
        format!(
            "{NOTICE}:7:1: error: 链接 {gone} 无法打开：服务器回答 404（找不到）；请改正或删去这个链接"
        )
    );
    let hang = run.error_at(&format!("{NOTICE}:10:1: error: "));
    assert!(hang.contains("1 秒内没有回应"), "{hang}");
    assert_eq!(
        run.stdout.lines().last(),
        Some("站外链接：检查了 11 个网址，7 个无法打开")
    );
}

#[test]
fn json_and_github_formats_carry_the_broken_links() {
    let server = Server::start();
    let s = site_linking_to(&server);
    let gone = server.url("/gone");

    let run = check_external(&s, &["--format", "json"], "en");
    run.expect_code(1);
    let out: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(out["ok"], false);
    assert_eq!(out["errors"], 11);
    let at_partner = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "content/partners/site.yaml" && d["severity"] == "error")
        .expect("the partner's website");
    assert_eq!(
        (&at_partner["line"], &at_partner["column"]),
        (&6.into(), &10.into())
    );
    assert_eq!(at_partner["severity"], "error");
    assert!(at_partner["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!("link {gone} does not open")));

    let run = check_external(&s, &["--format", "github"], "en");
    run.expect_code(1);
    assert!(
        run.stdout.lines().any(|l| l.starts_with(&format!(
            "::error file=site/content/notices/2025-05-25-links.md,line=7,col=1,title=youdai check::link {gone} does not open"
        ))),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.lines().last(),
        Some("external links: 11 addresses checked, 7 broken")
    );
}

#[test]
fn good_links_pass_and_plain_check_fetches_nothing() {
    let server = Server::start();
    let s = Scratch::of("basic");
    s.write(
        "content/pages/links.md",
        &format!(
            "---\ntitle: 友情链接\n---\n[甲]({}) [乙]({}) [丙]({})\n",
            server.url("/ok"),
            server.url("/moved"),
            server.url("/no-head")
        ),
    );
    s.check().expect_code(0);
    assert!(
        server.seen().is_empty(),
        "check without --external went online"
    );

    let run = check_external(&s, &[], "en");
    run.expect_code(0);
    assert!(run.errors().is_empty(), "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().last(),
        Some("external links: 3 addresses checked, all open")
    );
}

#[test]
fn when_no_site_answers_the_summary_says_the_computer_may_be_offline() {
    let s = Scratch::of("basic");
    s.write(
        "content/pages/links.md",
        &format!(
            "---\ntitle: 友情链接\n---\n[甲](http://127.0.0.1:{}/)\n",
            closed_port()
        ),
    );
    let run = check_external(&s, &[], "en");
    run.expect_code(1);
    run.error_at("content/pages/links.md:4:1: error: link http://127.0.0.1:");
    assert_eq!(
        run.stdout.lines().last(),
        Some("external links: 1 address checked, 1 broken; no site answered at all: if this computer is offline, connect it and check again")
    );
}
