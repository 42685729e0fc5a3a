//! The listening socket. tiny_http reads requests and writes responses; three of its habits
//! (0.12) are worked around here, because a preview server must not stop answering:
//! - its accept loop ends for good at the first accept error (too many open files, say),
//!   so when it has, the same address is bound again;
//! - its connection pool can queue a new connection behind long-lived ones (open reload
//!   streams, idle keep-alive sockets) until some other connection ends, so every `NUDGE`
//!   a few connections that close at once are made, each of which lets one through;
//! - it writes a response's head and body separately, which Nagle's algorithm and delayed
//!   ACKs turn into a 40 ms wait on every kept-alive response, so the listening socket is
//!   made with TCP_NODELAY, which Linux passes on to the sockets it accepts.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use tiny_http::{Request, Server};

const NUDGE: Duration = Duration::from_millis(50);
const NUDGES: usize = 4;
const RETRY: Duration = Duration::from_secs(1);

fn open(addrs: &[SocketAddr]) -> std::io::Result<Server> {
    let listener = TcpListener::bind(addrs)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let on: libc::c_int = 1;
        // SAFETY: a valid socket, and a pointer to a c_int that outlives the call.
        unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
    Server::from_listener(listener, None).map_err(std::io::Error::other)
}

struct Broken {
    next_try: Instant,
    told: bool,
}

pub(crate) struct Listener {
    addr: SocketAddr,
    server: RwLock<Arc<Server>>,
    /// Set while the accept loop is dead and binding again has not worked yet.
    broken: Mutex<Option<Broken>>,
}

impl Listener {
    pub fn bind(bind: &str, port: u16) -> Result<Listener, String> {
        let addrs: Vec<SocketAddr> = match bind.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => (bind, port)
                .to_socket_addrs()
                .map_err(|e| format!("--bind {bind}: not an address or a known host name ({e})"))?
                .collect(),
        };
        let server = open(&addrs[..]).map_err(|e| {
            format!("cannot listen on {bind}:{port}: {e}; is another server using that port? Choose another with --port")
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| format!("cannot listen on {bind}:{port}: not an IP address"))?;
        Ok(Listener {
            addr,
            server: RwLock::new(Arc::new(server)),
            broken: Mutex::new(None),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn current(&self) -> Arc<Server> {
        match self.server.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The next request, or None after `timeout`.
    pub fn recv(&self, timeout: Duration) -> Option<Request> {
        self.retry();
        let server = self.current();
        match server.recv_timeout(timeout) {
            Ok(request) => request,
            Err(e) => {
                // tiny_http says its accept loop has ended: listen again on the same address.
                errln!(
                    "warning: stopped accepting connections ({e}); listening again on {}",
                    self.addr
                );
                if let Ok(mut broken) = self.broken.lock() {
                    broken.get_or_insert(Broken {
                        next_try: Instant::now(),
                        told: false,
                    });
                }
                None
            }
        }
    }

    /// Binds again, at most once every `RETRY`, until it works.
    fn retry(&self) {
        let Ok(mut broken) = self.broken.lock() else {
            return;
        };
        let Some(state) = broken.as_mut() else { return };
        if Instant::now() < state.next_try {
            return;
        }
        match open(&[self.addr]) {
            Ok(server) => {
                if let Ok(mut guard) = self.server.write() {
                    *guard = Arc::new(server);
                }
                *broken = None;
                errln!("listening again on {}", self.addr);
            }
            Err(e) => {
                if !state.told {
                    errln!(
                        "warning: cannot listen on {} yet ({e}); retrying every second",
                        self.addr
                    );
                    state.told = true;
                }
                state.next_try = Instant::now() + RETRY;
            }
        }
    }

    /// Starts the thread that lets queued connections through; it ends with `stopping`.
    pub fn nudge(self: &Arc<Self>, stopping: Arc<AtomicBool>) {
        let target = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.addr.port())
            }
            _ => self.addr,
        };
        let _ = std::thread::Builder::new()
            .name("youdai-nudge".into())
            .spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    std::thread::sleep(NUDGE);
                    for _ in 0..NUDGES {
                        if let Ok(stream) = TcpStream::connect_timeout(&target, NUDGE) {
                            reset(stream);
                        }
                    }
                }
            });
    }
}

/// Closes with a reset rather than a FIN, so that the nudges leave no sockets waiting out
/// TIME_WAIT behind them.
fn reset(stream: TcpStream) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: a valid socket, and a pointer to a linger that outlives the call.
        unsafe {
            libc::setsockopt(
                stream.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                (&linger as *const libc::linger).cast(),
                std::mem::size_of::<libc::linger>() as libc::socklen_t,
            );
        }
    }
    drop(stream);
}
