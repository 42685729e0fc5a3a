//! The listening socket. tiny_http reads requests and writes responses; two of its habits
//! (0.12) are worked around here, because a preview server must not stop answering:
//! - its accept loop ends for good at the first accept error (too many open files, say),
//!   so when it has, the same address is bound again;
//! - its connection pool can queue a new connection behind long-lived ones (open reload
//!   streams, idle keep-alive sockets) until some other connection ends, so a connection
//!   that closes at once is made every `NUDGE`, which lets one queued connection through.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tiny_http::{Request, Server};

const NUDGE: Duration = Duration::from_millis(100);

pub(crate) struct Listener {
    addr: SocketAddr,
    server: RwLock<Arc<Server>>,
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
        let server = Server::http(&addrs[..]).map_err(|e| {
            format!("cannot listen on {bind}:{port}: {e}; is another server using that port? Choose another with --port")
        })?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| format!("cannot listen on {bind}:{port}: not an IP address"))?;
        Ok(Listener {
            addr,
            server: RwLock::new(Arc::new(server)),
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
        let server = self.current();
        match server.recv_timeout(timeout) {
            Ok(request) => request,
            Err(e) => {
                self.bind_again(&server, &e);
                None
            }
        }
    }

    /// tiny_http says its accept loop has ended: listen again on the same address.
    fn bind_again(&self, failed: &Arc<Server>, why: &std::io::Error) {
        let Ok(mut guard) = self.server.write() else { return };
        if !Arc::ptr_eq(&guard, failed) {
            return;
        }
        match Server::http(self.addr) {
            Ok(server) => {
                eprintln!("warning: stopped accepting connections ({why}); listening again on {}", self.addr);
                *guard = Arc::new(server);
            }
            Err(e) => {
                eprintln!("warning: stopped accepting connections ({why}) and cannot listen again yet ({e}); retrying");
                drop(guard);
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }

    /// Starts the thread that lets queued connections through; it ends with `stopping`.
    pub fn nudge(self: &Arc<Self>, stopping: Arc<AtomicBool>) {
        let target = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.addr.port()),
            IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.addr.port()),
            _ => self.addr,
        };
        let _ = std::thread::Builder::new()
            .name("youdai-nudge".into())
            .spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    std::thread::sleep(NUDGE);
                    let _ = TcpStream::connect_timeout(&target, NUDGE);
                }
            });
    }
}
