//! `youdai`: the command line; everything else is the library's.

use std::process::ExitCode;

/// Rendering 100,000 pages on several threads is allocation-bound; glibc's allocator spent
/// a quarter of the time in `malloc` and fragmented badly, mimalloc does neither.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    youdai::cli::run()
}
