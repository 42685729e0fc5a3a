//! Printing to the terminal. Output often goes through a pipe (`youdai check | head -1`);
//! once the reader has gone, printing stops quietly and the command finishes its work and
//! exits as it would have, instead of panicking on the closed pipe.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes one line to standard output (`to_stderr` false) or standard error.
pub fn line(to_stderr: bool, args: std::fmt::Arguments) {
    let closed = if to_stderr {
        &STDERR_CLOSED
    } else {
        &STDOUT_CLOSED
    };
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let written = if to_stderr {
        writeln!(std::io::stderr().lock(), "{args}")
    } else {
        writeln!(std::io::stdout().lock(), "{args}")
    };
    if written.is_err() {
        closed.store(true, Ordering::Relaxed);
    }
}

/// `println!` that survives a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::term::line(false, format_args!($($arg)*))
    };
}

/// `eprintln!` that survives a closed pipe.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::term::line(true, format_args!($($arg)*))
    };
}
