//! `youdai serve` driven as an editor's browser would: a copy of a small site served on a
//! free loopback port, requests with timeouts, reload streams, waits for rebuilds. Every
//! server is killed when its handle is dropped, and every read has a timeout, so a broken
//! server fails a test instead of hanging it.
#![allow(dead_code)]

use super::copy_dir;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// 2025-06-01 00:00 UTC, the day the fixture is written for.
pub const TODAY_EPOCH: &str = "1748736000";
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Long enough for a slow CI machine to notice, rebuild and answer.
pub const CHANGE_TIMEOUT: Duration = Duration::from_secs(30);

/// A copy of the fixture in a temp folder, with a secret beside it and inside it that no
/// request may reach.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("youdai-serve-test-")
            .tempdir()
            .unwrap();
        let fixture = super::fixture("basic");
        copy_dir(&fixture, &dir.path().join("site"));
        std::fs::write(
            dir.path().join("outside.txt"),
            "TOP-SECRET outside the root",
        )
        .unwrap();
        std::fs::write(dir.path().join("site/secret.txt"), "TOP-SECRET in the root").unwrap();
        Site { dir }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    pub fn serve(&self) -> Server {
        Server::start(&self.root(), &[], &[])
    }
}

/// A running `youdai serve`; dropping it kills the process.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    pub stdout: Arc<Mutex<String>>,
    pub stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    /// Asks the server to stop (SIGTERM, which it treats like Ctrl-C and which lets it
    /// remove its scratch folder), then kills it by pid if it has not within two seconds.
    fn drop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn collect(
    stream: impl Read + Send + 'static,
    into: Arc<Mutex<String>>,
    lines: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            into.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    });
}

impl Server {
    pub fn start(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_youdai"));
        cmd.args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(args)
            .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
            .env("YOUDAI_LANG", "en")
            .env_remove("YOUDAI_SERVE_WATCH")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start youdai serve");
        let (stdout, stderr) = (
            Arc::new(Mutex::new(String::new())),
            Arc::new(Mutex::new(String::new())),
        );
        let (tx, rx) = channel();
        collect(child.stdout.take().unwrap(), stdout.clone(), Some(tx));
        collect(child.stderr.take().unwrap(), stderr.clone(), None);
        let mut server = Server {
            child,
            addr: "127.0.0.1:9".parse().unwrap(),
            stdout,
            stderr,
        };
        server.addr = server.wait_for_address(&rx);
        server
    }

    pub fn wait_for_address(&mut self, lines: &Receiver<String>) -> SocketAddr {
        let deadline = Instant::now() + CHANGE_TIMEOUT;
        while Instant::now() < deadline {
            match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    if let Some(url) = line.split(" at http://").nth(1) {
                        let addr = url.split('/').next().unwrap();
                        return addr
                            .parse()
                            .unwrap_or_else(|_| panic!("an address in {line:?}"));
                    }
                }
                Err(_) => {
                    if let Ok(Some(status)) = self.child.try_wait() {
                        panic!(
                            "youdai serve exited with {status}\n{}",
                            self.stderr.lock().unwrap()
                        );
                    }
                }
            }
        }
        panic!(
            "youdai serve printed no address\n{}",
            self.stderr.lock().unwrap()
        );
    }

    pub fn get(&self, path: &str) -> Reply {
        get(self.addr, path)
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/_youdai/status").body).expect("status is JSON")
    }

    /// Waits until the server has taken in every change and built it.
    pub fn settle(&self, changes_at_least: u64) {
        wait_until("the rebuild to finish", || {
            let s = self.status();
            s["settled"] == true && s["changes"].as_u64().unwrap() >= changes_at_least
        });
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT).expect("connect to the server");
    stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
    stream
}

pub fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Reply {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    })
}

/// Sends raw bytes and reads until the server closes; None when it answered nothing.
pub fn raw(addr: SocketAddr, bytes: &[u8]) -> Option<Reply> {
    let mut stream = connect(addr);
    let _ = stream.write_all(bytes);
    // Half-closed, so that a server waiting for the rest of a request sees there is none.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    parse_reply(&answer)
}

pub fn request(addr: SocketAddr, method: &str, path: &str) -> Reply {
    let req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    raw(addr, req.as_bytes()).unwrap_or_else(|| panic!("no answer to {method} {path}"))
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path)
}

pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + CHANGE_TIMEOUT;
    while Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting for {what}");
}

/// The live-reload stream a page opens, read on a thread of its own.
pub struct Stream {
    pub events: Receiver<String>,
    pub _socket: TcpStream,
}

impl Stream {
    /// Opens the stream for the page at `path` as it is served now.
    pub fn open(server: &Server, path: &str) -> Stream {
        let page = server.get(path).text();
        let hash = page
            .split("data-hash=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{path} carries the reload script"))
            .to_string();
        let mut socket = connect(server.addr);
        socket
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let req =
            format!("GET /_youdai/events?path={path}&hash={hash} HTTP/1.1\r\nHost: x\r\n\r\n");
        socket.write_all(req.as_bytes()).unwrap();
        let mut reader = socket.try_clone().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(120) {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if tx
                            .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                            .is_err()
                        {
                            break;
                        }
                    }
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => break,
                }
            }
        });
        Stream {
            events: rx,
            _socket: socket,
        }
    }

    /// Whether "reload" arrives within `within`.
    pub fn reloads(&self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        let mut seen = String::new();
        while Instant::now() < deadline {
            if let Ok(chunk) = self.events.recv_timeout(Duration::from_millis(50)) {
                seen.push_str(&chunk);
                if seen.contains("event: reload") {
                    return true;
                }
            }
        }
        false
    }
}

pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The page as built, without what the server put in: the script tag and the error list.
pub fn strip_injected(html: &str) -> String {
    let start = html
        .rfind("<script src=\"/_youdai/live.js\"")
        .expect("the reload script");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}
