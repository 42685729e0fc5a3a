//! `youdai`: parse the command line, dispatch, print diagnostics, exit 0 / 1 / 2.

#[macro_use]
mod term;
#[macro_use]
mod i18n;

mod build;
mod cli;
mod cms;
mod content;
mod diag;
mod escape;
mod external_links;
mod import;
mod markdown;
mod model;
mod output;
mod render;
mod routes;
mod scaffold;
mod schema;
mod search;
mod serve;
mod site_fs;
mod theme;
mod yaml_out;

use std::process::ExitCode;

/// Rendering 100,000 pages on several threads is allocation-bound; glibc's allocator spent
/// a quarter of the time in `malloc` and fragmented badly, mimalloc does neither.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
