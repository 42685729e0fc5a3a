//! The listening socket and its connections: each request's head read within limits, its
//! answer written, and the connection kept for the next request or closed. A preview
//! server must never stop answering, whatever a client sends, so:
//! - a request's head is at most `MAX_HEAD` bytes (else 431) and must arrive complete
//!   within `HEAD_TIME` of the server starting to wait for it (else 408; a kept-alive
//!   connection on which nothing arrives is closed quietly);
//! - at most `MAX_CONNECTIONS` connections are open at once, a thread each (reload streams
//!   are handed to the reload thread and hold none); past that a connection gets 503;
//! - writes time out, so a client that reads nothing frees its thread;
//! - an accept error (too many open files) waits a moment and accepting goes on;
//! - responses go out with TCP_NODELAY (a head and a body written apart would otherwise
//!   wait 40 ms on every kept-alive response, Nagle's algorithm meeting delayed ACKs).
//!
//! The head is parsed by `httparse`; the rest is written here. tiny_http 0.12, which this
//! replaces, reads a head line by line with no limit on its size or its time (a client
//! sending an endless header made it take gigabytes; one sending half a request held a
//! thread for good) and offers no setting for either; its connection pool could also
//! queue a new connection behind long-lived ones.

use super::http::{self, Answer, Reply};
use super::Shared;
use std::io::{ErrorKind, Read, Write};
use std::net::ToSocketAddrs;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A request's line and header fields; browsers send a few KB at most.
pub(crate) const MAX_HEAD: usize = 32 * 1024;
/// Header fields in a request; browsers send about 20.
const MAX_FIELDS: usize = 100;
/// The time a request's head has to arrive, and a kept-alive connection to be used again.
pub(crate) const HEAD_TIME: Duration = Duration::from_secs(10);
/// The time a client has to take each part of an answer.
const WRITE_TIME: Duration = Duration::from_secs(30);
/// The same for a reload stream: the reload thread writes to every stream in turn.
const STREAM_WRITE_TIME: Duration = Duration::from_secs(5);
/// Open connections (each a thread while it is not a reload stream).
pub(crate) const MAX_CONNECTIONS: usize = 512;
const THREAD_STACK: usize = 512 * 1024;
/// After refusing a request, what of it is still coming is read and dropped, up to this
/// much and this long, so that the client sees the answer rather than a reset.
const LINGER_BYTES: usize = 256 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(1);
/// The wait after an accept error before accepting again.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// A request as the site's handler sees it.
pub(crate) struct Request {
    pub method: String,
    pub url: String,
}

/// What reading a request's head came to.
enum Head {
    Request {
        request: Request,
        head_only: bool,
        /// No request follows on this connection.
        close: bool,
    },
    /// The client closed, or sent nothing in time on a kept-alive connection.
    Gone,
    /// Answered with this status and text, then the connection is closed.
    Refused(u16, String),
}

pub(crate) struct Listener {
    socket: TcpListener,
    addr: SocketAddr,
    open: Arc<AtomicUsize>,
}

impl Listener {
    pub fn bind(bind: &str, port: u16) -> Result<Listener, String> {
        let addrs: Vec<SocketAddr> = match bind.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => (bind, port)
                .to_socket_addrs()
                .map_err(|e| tr!("server-bind-unknown", bind = bind, reason = e.to_string()))?
                .collect(),
        };
        let socket = TcpListener::bind(&addrs[..]).map_err(|e| {
            tr!(
                "server-port-taken",
                bind = bind,
                port = port,
                reason = e.to_string()
            )
        })?;
        let addr = socket.local_addr().map_err(|e| {
            tr!(
                "server-cannot-listen",
                bind = bind,
                port = port,
                reason = e.to_string()
            )
        })?;
        Ok(Listener {
            socket,
            addr,
            open: Arc::new(AtomicUsize::new(0)),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Accepts connections on a thread of its own until `stopping` (then call `wake`).
    pub fn serve(
        self: &Arc<Self>,
        shared: Arc<Shared>,
        stopping: Arc<AtomicBool>,
    ) -> std::io::Result<JoinHandle<()>> {
        let this = self.clone();
        std::thread::Builder::new()
            .name("youdai-accept".into())
            .spawn(move || this.accept_loop(&shared, &stopping))
    }

    fn accept_loop(&self, shared: &Arc<Shared>, stopping: &AtomicBool) {
        let mut told = false;
        while !stopping.load(Ordering::SeqCst) {
            let stream = match self.socket.accept() {
                Ok((stream, _)) => stream,
                Err(e) => {
                    if !told && !stopping.load(Ordering::SeqCst) {
                        eprintln!(
                            "warning: {}",
                            tr!("server-accept-failed", reason = e.to_string())
                        );
                        told = true;
                    }
                    std::thread::sleep(ACCEPT_RETRY);
                    continue;
                }
            };
            told = false;
            if stopping.load(Ordering::SeqCst) {
                break;
            }
            let _ = stream.set_nodelay(true);
            let _ = stream.set_write_timeout(Some(WRITE_TIME));
            if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.open.fetch_sub(1, Ordering::SeqCst);
                // The answer fits in the socket's buffer: the accept loop does not wait.
                let reply = Reply::text(503, &tr!("server-too-many-connections"));
                let mut stream = stream;
                let _ = write_reply(&mut stream, &reply, false, true);
                continue;
            }
            let open = Open(self.open.clone());
            let shared = shared.clone();
            let spawned = std::thread::Builder::new()
                .name("youdai-http".into())
                .stack_size(THREAD_STACK)
                .spawn(move || {
                    let _open = open;
                    connection(stream, &shared);
                });
            // A thread that cannot start drops its connection (and its count).
            drop(spawned);
        }
    }

    /// Unblocks the accept loop once `stopping` is set.
    pub fn wake(&self) {
        let target = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.addr.port())
            }
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&target, Duration::from_secs(1));
    }
}

/// One open connection, counted while it lives.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers the requests of one connection until it closes.
fn connection(mut stream: TcpStream, shared: &Shared) {
    // Bytes read past a request's head: the start of the next one.
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let (request, head_only, close) = match read_head(&mut stream, &mut buf) {
            Head::Request {
                request,
                head_only,
                close,
            } => (request, head_only, close),
            Head::Gone => return,
            Head::Refused(status, why) => return refuse(stream, &Reply::text(status, &why)),
        };
        let answer = catch_unwind(AssertUnwindSafe(|| http::handle(&request, shared)))
            .unwrap_or_else(|_| Answer::Reply(Reply::text(500, &tr!("server-failed"))));
        match answer {
            Answer::Reply(reply) => {
                if write_reply(&mut stream, &reply, head_only, close).is_err() || close {
                    return;
                }
            }
            Answer::Events { path, hash } => {
                let _ = stream.set_read_timeout(None);
                let _ = stream.set_write_timeout(Some(STREAM_WRITE_TIME));
                shared.hub.join(Box::new(stream), path, hash);
                return;
            }
        }
    }
}

/// Reads one request's head into `buf` (which may already hold its start) and takes it
/// out of `buf`, within `MAX_HEAD` bytes and `HEAD_TIME`.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Head {
    let deadline = Instant::now() + HEAD_TIME;
    let mut chunk = [0u8; 8192];
    loop {
        if !buf.is_empty() {
            let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
            let mut parsed = httparse::Request::new(&mut fields);
            match parsed.parse(buf) {
                Ok(httparse::Status::Complete(len)) => {
                    let head = head_of(&parsed);
                    buf.drain(..len);
                    return head;
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    return Head::Refused(431, tr!("server-too-many-fields"));
                }
                Err(httparse::Error::Version) => {
                    return Head::Refused(505, tr!("server-http-version"));
                }
                Err(_) => return Head::Refused(400, tr!("server-bad-request")),
            }
        }
        if buf.len() >= MAX_HEAD {
            return Head::Refused(431, tr!("server-head-too-large", kb = MAX_HEAD / 1024));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return timed_out(buf);
        }
        let room = chunk.len().min(MAX_HEAD - buf.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Head::Gone,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return timed_out(buf);
            }
            Err(_) => return Head::Gone,
        }
    }
}

fn timed_out(buf: &[u8]) -> Head {
    if buf.is_empty() {
        Head::Gone
    } else {
        Head::Refused(408, tr!("server-head-too-slow"))
    }
}

fn head_of(parsed: &httparse::Request) -> Head {
    let method = parsed.method.unwrap_or("").to_string();
    let url = parsed.path.unwrap_or("").to_string();
    let field = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let connection = field("connection").unwrap_or_default();
    let keep_alive = match parsed.version {
        Some(1) => !connection.contains("close"),
        _ => connection.contains("keep-alive"),
    };
    // A request with a body: the body is not read, so nothing after it can be either.
    let has_body = field("transfer-encoding").is_some()
        || field("content-length").is_some_and(|l| l.trim() != "0");
    Head::Request {
        head_only: method == "HEAD",
        request: Request { method, url },
        close: !keep_alive || has_body,
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Writes `reply` with its length (never chunked, so browsers show progress and HEAD
/// tells the size); the body only when `!head_only`.
fn write_reply(
    stream: &mut TcpStream,
    reply: &Reply,
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let body = reply.body.as_ref();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        body.len()
    );
    if reply.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    // A location comes from the request's own path, which cannot hold a line break; a
    // header that did would be dropped rather than split.
    if let Some(location) = reply
        .location
        .as_deref()
        .filter(|l| !l.contains(['\r', '\n']))
    {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        // Small bodies go out with the head in one write.
        if body.len() <= 64 * 1024 {
            bytes.extend_from_slice(body);
        } else {
            stream.write_all(&bytes)?;
            bytes.clear();
            stream.write_all(body)?;
        }
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Answers and closes, reading a little of what the client is still sending first, so
/// that closing with unread data does not reset the connection before the answer is read.
fn refuse(mut stream: TcpStream, reply: &Reply) {
    if write_reply(&mut stream, reply, false, true).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut drained = 0;
    let mut chunk = [0u8; 8192];
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}
