//! `youdai serve` as an editor meets it: a copy of a small site served on a free loopback
//! port, pages edited and broken and fixed while it runs, and a browser's worth of odd and
//! hostile requests thrown at it. Every test kills the server it started, and every read
//! has a timeout, so that a broken server fails a test instead of hanging it.
//!
//! The site is a copy of the `basic` fixture (the town of 测试市); the helpers that start
//! and drive the server are in `tests/common/serve.rs`.
//!
//! Two ignored tests measure instead of check (see BENCHMARKS.md, "Preview server"):
//! `YOUDAI_BENCH_SITE=DIR cargo test --release --test serve -- --ignored --nocapture`.

mod common;

use common::serve::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn the_site_is_served_as_built_with_the_right_content_types() {
    let site = Site::new();
    let server = site.serve();
    let out = site.dir.path().join("out");
    let base = format!("http://{}/", server.addr);
    let built = Command::new(env!("CARGO_BIN_EXE_youdai"))
        .args([
            "build",
            "--root",
            site.root().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--today", "2025-06-01", "--base-url", &base])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );

    let files = files_under(&out);
    assert!(files.len() > 30, "{files:?}");
    for rel in &files {
        let on_disk = std::fs::read(out.join(rel)).unwrap();
        let reply = server.get(&format!("/{rel}"));
        assert_eq!(reply.status, 200, "/{rel}");
        let ext = rel.rsplit('.').next().unwrap();
        let expected = match ext {
            "html" => "text/html; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "json" => "application/json; charset=utf-8",
            "svg" => "image/svg+xml; charset=utf-8",
            "xml" if rel.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
            "xml" => "application/xml; charset=utf-8",
            "png" => "image/png",
            "pdf" => "application/pdf",
            "txt" => "text/plain; charset=utf-8",
            "webmanifest" => "application/manifest+json; charset=utf-8",
            "bin" => "application/octet-stream",
            other => panic!(
                "no expected content type for .{other} (/{rel}); add one to the server and here"
            ),
        };
        assert_eq!(reply.header("content-type"), Some(expected), "/{rel}");
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "/{rel}"
        );
        if ext == "html" {
            let served = reply.text();
            assert_eq!(
                strip_injected(&served),
                String::from_utf8(on_disk).unwrap(),
                "/{rel}"
            );
        } else {
            assert!(
                reply.body == on_disk,
                "/{rel} is served byte for byte, nothing injected"
            );
        }
    }
    // The served script is the only addition, and the built files on disk never carry it.
    assert!(!std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("_youdai"));
    let script = server.get("/_youdai/live.js");
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));

    // Folders, redirects, 404s and methods.
    assert_eq!(server.get("/").status, 200);
    let moved = server.get("/benefits/free-bus?from=test");
    assert_eq!(moved.status, 301);
    assert_eq!(
        moved.header("location"),
        Some("/benefits/free-bus/?from=test")
    );
    let missing = server.get("/benefits/no-such-thing/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page_404 = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert_eq!(
        strip_injected(&missing.text()),
        page_404,
        "404 answers with the site's 404.html"
    );
    let head = request(server.addr, "HEAD", "/");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(request(server.addr, "POST", "/").status, 405);
    assert_eq!(request(server.addr, "DELETE", "/index.html").status, 405);

    assert!(
        !site.root().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn an_edit_is_shown_without_a_restart_and_only_changed_pages_reload() {
    let site = Site::new();
    let server = site.serve();
    assert!(server
        .get("/benefits/free-bus/")
        .text()
        .contains("免费乘坐市内公交"));
    let page = Stream::open(&server, "/benefits/free-bus/");
    let unrelated = Stream::open(&server, "/partners/east-park/");
    let changes = server.status()["changes"].as_u64().unwrap();

    let edited = site
        .read("content/benefits/single.yaml")
        .replace("免费乘坐市内公交", "免费乘坐全市公交和地铁");
    site.write("content/benefits/single.yaml", &edited);

    assert!(
        page.reloads(CHANGE_TIMEOUT),
        "the edited page is told to reload"
    );
    assert!(server
        .get("/benefits/free-bus/")
        .text()
        .contains("免费乘坐全市公交和地铁"));
    server.settle(changes + 1);
    assert!(
        server
            .get("/benefits/")
            .text()
            .contains("免费乘坐全市公交和地铁"),
        "listings follow"
    );
    assert!(server
        .get("/api/catalog.json")
        .text()
        .contains("免费乘坐全市公交和地铁"));
    assert!(
        !unrelated.reloads(Duration::from_millis(300)),
        "a page that did not change stays put"
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn a_broken_file_is_shown_on_every_page_until_it_is_fixed() {
    let site = Site::new();
    let server = site.serve();
    let good = site.read("content/benefits/single.yaml");
    let page = Stream::open(&server, "/partners/");
    let changes = server.status()["changes"].as_u64().unwrap();

    site.write(
        "content/benefits/single.yaml",
        &good.replace("groups: [active, veteran]", "groups: [active, veterans]"),
    );
    assert!(
        page.reloads(CHANGE_TIMEOUT),
        "pages reload to show the errors"
    );
    server.settle(changes + 1);
    let check = Command::new(env!("CARGO_BIN_EXE_youdai"))
        .args([
            "check",
            "--root",
            site.root().to_str().unwrap(),
            "--today",
            "2025-06-01",
        ])
        .env("YOUDAI_LANG", "en")
        .output()
        .unwrap();
    let check = String::from_utf8(check.stderr).unwrap();
    let errors: Vec<&str> = check.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(
        errors
            .iter()
            .any(|l| l.starts_with("content/benefits/single.yaml:5:")),
        "{check}"
    );
    for path in ["/", "/partners/", "/benefits/free-bus/", "/no-such-page/"] {
        let html = server.get(path).text();
        assert!(
            html.contains("id=\"youdai-errors\""),
            "{path} shows the errors"
        );
        for line in &errors {
            assert!(
                html.contains(&escape_html(line)),
                "{path} shows `{line}` as check prints it"
            );
        }
    }
    // The last good site is still there under the errors.
    assert!(server
        .get("/benefits/free-bus/")
        .text()
        .contains("免费乘坐市内公交"));
    assert!(!server
        .get("/assets/youdai.css")
        .text()
        .contains("youdai-errors"));

    // A YAML syntax error too, then the fix.
    site.write(
        "content/benefits/single.yaml",
        "id: free-bus\ntitle: [unclosed\n",
    );
    server.settle(changes + 2);
    assert!(server
        .get("/")
        .text()
        .contains("content/benefits/single.yaml:"));
    let page = Stream::open(&server, "/partners/");
    site.write("content/benefits/single.yaml", &good);
    assert!(
        page.reloads(CHANGE_TIMEOUT),
        "fixing the file reloads the page"
    );
    server.settle(changes + 3);
    let html = server.get("/partners/").text();
    assert!(
        !html.contains("youdai-errors"),
        "the errors are gone once fixed"
    );
    assert_eq!(server.status()["errors"], 0);
    assert!(
        server.stderr().contains("content/benefits/single.yaml:5:"),
        "the terminal shows them too"
    );
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_then_the_site() {
    let site = Site::new();
    let good = site.read("content/site.yaml");
    site.write("content/site.yaml", &good.replace("title:", "titel:"));
    let server = site.serve();
    let reply = server.get("/");
    assert_eq!(reply.status, 500);
    assert!(
        reply.text().contains("content/site.yaml:"),
        "{}",
        reply.text()
    );
    let changes = server.status()["changes"].as_u64().unwrap();
    site.write("content/site.yaml", &good);
    server.settle(changes + 1);
    assert_eq!(server.get("/").status, 200);
    assert!(server.get("/").text().contains("测试市优待服务"));
}

#[test]
fn traversal_attempts_are_refused() {
    let site = Site::new();
    let server = site.serve();
    let targets = [
        "/../secret.txt",
        "/../../outside.txt",
        "/../content/site.yaml",
        "/benefits/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/outside.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2foutside.txt",
        "/benefits%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5c..%5coutside.txt",
        "/benefits\\..\\..\\secret.txt",
        "//secret.txt",
        "//../secret.txt",
        "/benefits//../../secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%25252e%25252e/secret.txt",
        "/./secret.txt",
        "/content/site.yaml",
        "/secret.txt",
        "/secret.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt",
        "/%uff0e%uff0e/secret.txt",
        "http://localhost/../secret.txt",
        "*",
    ];
    for target in targets {
        let reply = raw(
            server.addr,
            format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let Some(reply) = reply else { continue };
        assert!(
            reply.status == 400 || reply.status == 404,
            "{target} answered {}",
            reply.status
        );
        let text = reply.text();
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("base_url:"),
            "{target} leaked a file"
        );
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn garbage_requests_do_not_break_it() {
    let site = Site::new();
    let server = site.serve();
    let long_url = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(256 << 10)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\n{}Connection: close\r\n\r\n",
        "X-A: 1\r\n".repeat(5000)
    );
    let garbage: Vec<Vec<u8>> = vec![
        b"\r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n".to_vec(),
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec(),
        (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        b"GET /\xff\xfe HTTP/1.1\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nshort".to_vec(),
        b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nHost: x".to_vec(),
        b"G".to_vec(),
        long_url.into_bytes(),
        long_header.into_bytes(),
        many_headers.into_bytes(),
    ];
    for bytes in &garbage {
        if let Some(reply) = raw(server.addr, bytes) {
            assert!(reply.status >= 200, "{reply:?}");
            assert!(
                reply.status != 500,
                "a client's garbage is not a server error"
            );
        }
        assert_eq!(
            server.get("/").status,
            200,
            "still serving after {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
        );
    }
    let long = raw(
        server.addr,
        format!(
            "GET /{} HTTP/1.1\r\nConnection: close\r\n\r\n",
            "a".repeat(20_000)
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(long.status, 414);
    let events = get(server.addr, "/_youdai/events?path=/");
    assert_eq!(events.status, 400);
}

#[test]
fn many_connections_at_once_are_all_answered() {
    let site = Site::new();
    let server = site.serve();
    // Idle sockets and open reload streams must not starve page requests.
    let idle: Vec<TcpStream> = (0..50).map(|_| connect(server.addr)).collect();
    let streams: Vec<Stream> = (0..40).map(|_| Stream::open(&server, "/")).collect();
    let addr = server.addr;
    let paths = [
        "/",
        "/benefits/",
        "/partners/east-park/",
        "/assets/youdai.css",
        "/nope/",
        "/api/catalog.json",
    ];
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                let path = paths[i % paths.len()];
                let reply = get(addr, path);
                (path, reply.status)
            })
        })
        .collect();
    for t in threads {
        let (path, status) = t.join().unwrap();
        assert_eq!(status, if path == "/nope/" { 404 } else { 200 }, "{path}");
    }
    assert!(server.status()["reloading_pages"].as_u64().unwrap() >= 40);
    drop((idle, streams));
}

/// The server's resident memory, from /proc.
fn resident_kb(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .expect("the server is running");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

#[test]
fn an_endless_header_is_cut_off_and_memory_stays_bounded() {
    let site = Site::new();
    let server = site.serve();
    assert_eq!(server.get("/").status, 200);
    let before = resident_kb(&server);
    let mut stream = connect(server.addr);
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Endless: ")
        .unwrap();
    let chunk = vec![b'a'; 64 << 10];
    let mut sent = 0usize;
    while sent < 64 << 20 {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(
        sent < 64 << 20,
        "the server took all {sent} bytes of one header line"
    );
    let after = resident_kb(&server);
    assert!(
        after < before + 32 * 1024,
        "the server grew from {before} kB to {after} kB on {sent} bytes of header"
    );
    // Many header fields, and a header just under the limit with the request that follows.
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: 1\r\n".repeat(200));
    assert_eq!(raw(server.addr, many.as_bytes()).unwrap().status, 431);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(24 << 10)
    );
    assert_eq!(raw(server.addr, big.as_bytes()).unwrap().status, 200);
    assert_eq!(server.get("/").status, 200, "still serving");
}

#[test]
fn half_requests_are_dropped_in_time_while_everyone_else_is_served() {
    let site = Site::new();
    let server = site.serve();
    // A page's reload stream, which must outlive every timeout below.
    let page = Stream::open(&server, "/benefits/free-bus/");
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = connect(server.addr);
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    let idle: Vec<TcpStream> = (0..10).map(|_| connect(server.addr)).collect();
    // Meanwhile, every page is served, and kept-alive connections carry request after
    // request.
    for _ in 0..20 {
        assert_eq!(server.get("/").status, 200);
    }
    let mut kept = BufReader::new(connect(server.addr));
    for path in ["/", "/benefits/", "/assets/youdai.css", "/nope/"] {
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        kept.get_mut().write_all(req.as_bytes()).unwrap();
        let (status, _) = read_keep_alive(&mut kept).expect("an answer on the same connection");
        assert_eq!(status, if path == "/nope/" { 404 } else { 200 }, "{path}");
    }
    // The half requests are answered 408 and closed, and idle connections closed, once the
    // server's wait for a request is over (10 s), well before these reads give up (30 s).
    for mut s in slow {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer)
            .expect("the server closes a half request");
        assert_eq!(parse_reply(&answer).map(|r| r.status), Some(408));
    }
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut answer = Vec::new();
        s.read_to_end(&mut answer)
            .expect("the server closes an idle connection");
        assert!(answer.is_empty(), "closed without a word");
    }
    // The reload stream is still open and still reloads.
    let edited = site
        .read("content/benefits/single.yaml")
        .replace("免费乘坐市内公交", "免费乘坐全市公交和地铁");
    site.write("content/benefits/single.yaml", &edited);
    assert!(
        page.reloads(CHANGE_TIMEOUT),
        "the open page is told to reload"
    );
}

fn non_loopback_address() -> Option<std::net::IpAddr> {
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    probe.connect("192.0.2.1:9").ok()?;
    let ip = probe.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn it_listens_on_loopback_only_unless_told_otherwise() {
    let site = Site::new();
    let server = site.serve();
    assert!(server.addr.ip().is_loopback(), "{}", server.addr);
    assert_eq!(server.addr.ip().to_string(), "127.0.0.1");
    if let Some(ip) = non_loopback_address() {
        let outside = SocketAddr::new(ip, server.addr.port());
        assert!(
            TcpStream::connect_timeout(&outside, Duration::from_secs(2)).is_err(),
            "{outside} must not reach the preview"
        );
    }
    // Links in the pages stay on the preview server.
    let home = server.get("/").text();
    assert!(home.contains(&format!("http://{}/", server.addr)));
    assert!(!home.contains("https://x.gov.cn/yd/"));
}

#[test]
fn a_port_in_use_is_a_usage_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = Site::new();
    let out = Command::new(env!("CARGO_BIN_EXE_youdai"))
        .args([
            "serve",
            "--root",
            site.root().to_str().unwrap(),
            "--port",
            &port,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--port"));
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = Site::new();
    let mut server = site.serve();
    let _stream = Stream::open(&server, "/");
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running 10 s after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", server.stderr());
    wait_until("the last words", || {
        server.stdout.lock().unwrap().contains("stopped")
    });
}

#[test]
fn saves_in_quick_succession_are_one_rebuild() {
    let site = Site::new();
    let server = site.serve();
    let changes = server.status()["changes"].as_u64().unwrap();
    let text = site.read("content/notices/2025-05-01-pinned.md");
    for i in 0..5 {
        site.write(
            "content/notices/2025-05-01-pinned.md",
            &format!("{text}\n第{i}次保存。\n"),
        );
    }
    site.write(
        "content/pages/about.md",
        &site
            .read("content/pages/about.md")
            .replace("维护", "维护和更新"),
    );
    server.settle(changes + 1);
    let batches = server.status()["changes"].as_u64().unwrap() - changes;
    // Six saves within a few milliseconds; a second batch only if this machine stalled
    // for longer than the quiet window between two of them.
    assert!(batches <= 2, "{batches} rebuilds for six quick saves");
    // Past the poll's next look, which must not count the same saves again.
    std::thread::sleep(Duration::from_millis(2500));
    server.settle(changes + batches);
    assert_eq!(
        server.status()["changes"].as_u64().unwrap(),
        changes + batches
    );
    assert!(server
        .get("/notices/2025-05-01-pinned/")
        .text()
        .contains("第4次保存"));
    assert!(server.get("/about/").text().contains("维护和更新"));
}

#[test]
fn without_file_events_the_poll_still_sees_changes() {
    let site = Site::new();
    let server = Server::start(&site.root(), &[], &[("YOUDAI_SERVE_WATCH", "poll")]);
    let edited = site
        .read("content/partners/partners.yaml")
        .replace("东县森林公园", "东县国家森林公园");
    site.write("content/partners/partners.yaml", &edited);
    wait_until("the poll to notice", || {
        server
            .get("/partners/east-park/")
            .text()
            .contains("东县国家森林公园")
    });
    // New and removed files too.
    site.write(
        "content/benefits/new.yaml",
        "id: new-one\ntitle: 新增优待\ncategory: life\ngroups: [veteran]\nregion: city\nsummary: 新增。\n",
    );
    wait_until("the new entry", || {
        server.get("/benefits/new-one/").status == 200
    });
    std::fs::remove_file(site.root().join("content/benefits/new.yaml")).unwrap();
    wait_until("the removed entry to go", || {
        server.get("/benefits/new-one/").status == 404
    });
}

// ---------------------------------------------------------------------------------------
// Measurements, not checks: run by hand, see BENCHMARKS.md.

fn bench_site() -> PathBuf {
    PathBuf::from(
        std::env::var("YOUDAI_BENCH_SITE")
            .expect("YOUDAI_BENCH_SITE=a site made by bench/gensite.py"),
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Save -> reload event -> the edited page served with the edit, for one entry at a time.
#[test]
#[ignore]
fn bench_edit_to_served_latency() {
    let root = bench_site();
    let rounds: usize = std::env::var("YOUDAI_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    // YOUDAI_BENCH_BUSY=1: save every 0.7 s, while the last save's full build still runs.
    let busy = std::env::var("YOUDAI_BENCH_BUSY").is_ok_and(|v| v == "1");
    let started = Instant::now();
    let server = Server::start(&root, &[], &[]);
    println!(
        "first build and start: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let file = root.join("content/benefits/catalog-0001.yaml");
    let original = std::fs::read_to_string(&file).unwrap();
    let title_line = original
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .unwrap()
        .to_string();
    let mut latencies = Vec::new();
    let mut settles = Vec::new();
    for round in 0..rounds {
        let changes = server.status()["changes"].as_u64().unwrap();
        let stream = Stream::open(&server, "/benefits/b00001/");
        let marker = format!("编辑{round}号");
        let t0 = Instant::now();
        std::fs::write(
            &file,
            original.replacen(&title_line, &format!("  title: \"{marker}\""), 1),
        )
        .unwrap();
        assert!(stream.reloads(CHANGE_TIMEOUT), "round {round}: no reload");
        let page = server.get("/benefits/b00001/").text();
        let latency = t0.elapsed().as_secs_f64() * 1000.0;
        assert!(
            page.contains(&marker),
            "round {round}: the page lacks the edit"
        );
        latencies.push(latency);
        if busy {
            // The next save lands while the full build of this one is still running.
            std::thread::sleep(Duration::from_millis(700));
            continue;
        }
        server.settle(changes + 1);
        settles.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(200));
    }
    if busy {
        let t = Instant::now();
        server.settle(rounds as u64);
        settles.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&file, &original).unwrap();
    for v in [&mut latencies, &mut settles] {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    }
    println!(
        "edit -> edited page served: median {:.1} ms, min {:.1}, p90 {:.1}, max {:.1} ({} rounds)",
        percentile(&latencies, 0.5),
        latencies[0],
        percentile(&latencies, 0.9),
        latencies[latencies.len() - 1],
        rounds
    );
    println!(
        "edit -> full rebuild served (listings, search, feeds): median {:.0} ms, min {:.0}, max {:.0}",
        percentile(&settles, 0.5),
        settles[0],
        settles[settles.len() - 1]
    );
    println!(
        "server log:\n{}",
        server
            .stdout
            .lock()
            .unwrap()
            .lines()
            .take(12)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A bounded load run: keep-alive clients on loopback, a mix of pages, listings, assets,
/// redirects and 404s, with four reload streams open throughout.
#[test]
#[ignore]
fn bench_load_run() {
    let root = bench_site();
    let total: usize = std::env::var("YOUDAI_BENCH_REQUESTS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20_000);
    let clients: usize = std::env::var("YOUDAI_BENCH_CLIENTS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(32);
    let server = Server::start(&root, &[], &[]);
    let addr = server.addr;
    let paths: Arc<Vec<(String, u16)>> = Arc::new(vec![
        ("/".into(), 200),
        ("/benefits/".into(), 200),
        ("/benefits/b00001/".into(), 200),
        ("/benefits/b00420/".into(), 200),
        ("/partners/p00007/".into(), 200),
        ("/categories/medical/".into(), 200),
        ("/assets/youdai.css".into(), 200),
        ("/favicon.svg".into(), 200),
        ("/notices/".into(), 200),
        ("/no-such-page/".into(), 404),
        ("/benefits/b00001".into(), 301),
    ]);
    // Pages open in a few tabs hold their reload streams throughout.
    let _tabs: Vec<Stream> = (0..4).map(|_| Stream::open(&server, "/")).collect();
    let started = Instant::now();
    let per_client = total.div_ceil(clients);
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let paths = paths.clone();
            std::thread::spawn(move || {
                let mut errors = 0usize;
                let mut times = Vec::with_capacity(per_client);
                let mut bytes = 0usize;
                let mut stream = BufReader::new(connect(addr));
                for i in 0..per_client {
                    let (path, expected) = &paths[(c + i) % paths.len()];
                    let t = Instant::now();
                    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                    let ok = stream.get_mut().write_all(req.as_bytes()).is_ok()
                        && match read_keep_alive(&mut stream) {
                            Some((status, n)) => {
                                bytes += n;
                                status == *expected
                            }
                            None => false,
                        };
                    if !ok {
                        if errors == 0 {
                            eprintln!("first error: GET {path}");
                        }
                        errors += 1;
                        stream = BufReader::new(connect(addr));
                    }
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                }
                (errors, times, bytes)
            })
        })
        .collect();
    let (mut errors, mut times, mut bytes) = (0, Vec::new(), 0);
    for t in threads {
        let (e, ts, b) = t.join().unwrap();
        errors += e;
        times.extend(ts);
        bytes += b;
    }
    let secs = started.elapsed().as_secs_f64();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{} requests, {clients} keep-alive clients, {errors} errors, {:.2} s, {:.0} req/s, {:.1} MB, latency median {:.2} ms, p99 {:.2} ms, max {:.1} ms",
        times.len(),
        secs,
        times.len() as f64 / secs,
        bytes as f64 / 1e6,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    assert_eq!(errors, 0);
}

/// Reads one response with a Content-Length body; returns its status and size.
fn read_keep_alive(stream: &mut BufReader<TcpStream>) -> Option<(u16, usize)> {
    let mut line = String::new();
    stream.read_line(&mut line).ok()?;
    let status: u16 = line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).ok()?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some((status, length))
}

/// A link planted in the content, before the server starts or while it runs, is an error
/// shown in the browser; nothing is ever served or rendered through it.
#[test]
fn links_in_the_content_are_never_followed() {
    use std::os::unix::fs::symlink;
    let site = Site::new();
    let outside = site.dir.path().join("outside.txt");
    std::fs::create_dir_all(site.root().join("content/static")).unwrap();
    symlink(&outside, site.root().join("content/static/leak.txt")).unwrap();
    let server = site.serve();
    server.settle(0);
    let reply = server.get("/leak.txt");
    assert_ne!(reply.status, 200);
    assert!(!reply.text().contains("TOP-SECRET"));
    assert!(server.get("/").text().contains("symbolic link"));

    // Fixed, then a linked entry file is saved while it runs: the early page of an
    // edited entry must not read through it either.
    std::fs::remove_file(site.root().join("content/static/leak.txt")).unwrap();
    let changes = server.status()["changes"].as_u64().unwrap();
    server.settle(changes + 1);
    assert_eq!(server.get("/").status, 200);
    std::fs::write(
        &outside,
        "id: leaked\ntitle: TOP-SECRET\ncategory: life\ngroups: [veteran]\nregion: east\nsummary: x\n",
    )
    .unwrap();
    symlink(&outside, site.root().join("content/benefits/leak.yaml")).unwrap();
    server.settle(changes + 2);
    for path in ["/benefits/leaked/", "/"] {
        assert!(!server.get(path).text().contains("TOP-SECRET"), "{path}");
    }
}
