//! `youdai serve`: build the site into memory, serve it on loopback, watch the sources,
//! rebuild on change and tell open pages to reload. This file only wires the parts
//! together: the watcher (`watch`), the rebuilds (`builder`), what is served (`snapshot`),
//! the socket (`listen`), requests (`http`) and the reload channel (`reload`). Nothing is
//! written anywhere.

mod builder;
mod http;
mod incremental;
mod listen;
mod reload;
mod snapshot;
mod watch;

use crate::content::config::parse_base_url;
use crate::model::Date;
use builder::{Builder, Msg};
use listen::Listener;
use reload::Hub;
use snapshot::Current;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

const USAGE_ERROR: u8 = 2;

/// What the builder tells `/_youdai/status`, for tests and benchmarks that wait on it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Status {
    /// Batches of changes seen.
    changes: u64,
    /// The batches the last full build had seen when it started.
    built: u64,
    building: bool,
    errors: usize,
    files: usize,
}

/// What request threads, the builder and the reload hub share.
pub(crate) struct Shared {
    current: Arc<Current>,
    hub: Hub,
    status: Mutex<Status>,
}

impl Shared {
    fn status(&self) -> Status {
        self.status.lock().map(|s| *s).unwrap_or_default()
    }

    fn update(&self, change: impl FnOnce(&mut Status)) {
        if let Ok(mut s) = self.status.lock() {
            change(&mut s);
        }
    }

    fn status_json(&self) -> String {
        let s = self.status();
        serde_json::json!({
            "changes": s.changes,
            "built": s.built,
            "building": s.building,
            "settled": !s.building && s.built == s.changes,
            "errors": s.errors,
            "files": s.files,
            "reloading_pages": self.hub.open_streams(),
        })
        .to_string()
    }
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    errln!("error: {message}");
    ExitCode::from(USAGE_ERROR)
}

/// The base URL the preview is built for, so that every link stays on this server.
fn base_url(addr: SocketAddr) -> String {
    match addr.ip() {
        ip if ip.is_unspecified() => format!("http://localhost:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
    }
}

pub fn run(root: &Path, bind: &str, port: u16, today: Date) -> ExitCode {
    if !root.is_dir() {
        return usage(tr!("cli-no-root", root = root.display().to_string()));
    }
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let listener = match Listener::bind(bind, port) {
        Ok(listener) => Arc::new(listener),
        Err(e) => return usage(e),
    };
    let addr = listener.addr();
    if !addr.ip().is_loopback() {
        errln!(
            "warning: {}",
            tr!("serve-not-loopback", addr = addr.to_string())
        );
    }
    let url = base_url(addr);
    let base = match parse_base_url(&url) {
        Ok(base) => base,
        Err(e) => return usage(e),
    };

    let current = Arc::new(Current::default());
    let fingerprint = {
        let current = current.clone();
        Box::new(move |path: &str| http::fingerprint(&current.get(), path))
    };
    let hub = match Hub::start(fingerprint) {
        Ok(hub) => hub,
        Err(e) => return usage(tr!("serve-cannot-start-reload", reason = e.to_string())),
    };
    let shared = Arc::new(Shared {
        current,
        hub,
        status: Mutex::new(Status::default()),
    });

    let (tx, rx) = mpsc::channel();
    let stopping = Arc::new(AtomicBool::new(false));
    {
        let (tx, stopping) = (tx.clone(), stopping.clone());
        // A second Ctrl-C leaves at once, whatever is still running.
        let _ = ctrlc::set_handler(move || {
            if stopping.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            let _ = tx.send(Msg::Stop);
        });
    }

    let accepting = match listener.serve(shared.clone(), stopping.clone()) {
        Ok(thread) => thread,
        Err(e) => {
            return usage(tr!(
                "serve-cannot-start-requests-because",
                reason = e.to_string()
            ))
        }
    };

    let mut builder = match Builder::new(root.clone(), today, base, shared.clone()) {
        Ok(builder) => builder,
        Err(e) => return usage(e),
    };
    // Watching starts first, so that a save during the first build is not missed.
    let watching = {
        let tx = tx.clone();
        watch::start(&root, move |batch| {
            let _ = tx.send(Msg::Changed(batch));
        })
    };
    match &watching {
        Ok(w) if w.polling_only => {
            errln!("note: {}", tr!("serve-polling-only"))
        }
        Ok(_) => {}
        Err(e) => errln!("warning: {}", tr!("serve-no-watch", reason = e)),
    }
    builder.first();
    outln!(
        "{}",
        tr!(
            "serve-serving",
            root = root.display().to_string(),
            url = url.as_str()
        )
    );

    builder.run(rx);
    stopping.store(true, Ordering::SeqCst);
    drop(watching);
    listener.wake();
    let _ = accepting.join();
    outln!("{}", tr!("serve-stopped"));
    ExitCode::SUCCESS
}
