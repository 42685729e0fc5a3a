//! `youdai`: parse the command line, dispatch, print diagnostics, exit 0 / 1 / 2.

mod build;
mod cli;
mod content;
mod diag;
mod markdown;
mod model;
mod output;
mod render;
mod scaffold;
mod theme;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
