//! youdai (优待): a static-site generator for public benefit catalogs, discount partners and
//! notices. The stages, in the order data flows through them: `content` (load and check),
//! `model`, `render` and `search` (pure), `output` (the only writer); `build` composes them,
//! `serve` rebuilds them incrementally, `cli` turns arguments into calls.

#[macro_use]
mod term;
#[macro_use]
mod i18n;

mod build;
pub mod cli;
mod content;
mod diag;
mod editors;
mod escape;
mod external_links;
mod fingerprint;
mod markdown;
mod minify;
mod model;
mod output;
mod pieces;
mod render;
mod routes;
mod search;
mod serve;
mod site_fs;
mod theme;

/// The unit tests (and the preview's benchmark among them) run on the allocator the `youdai`
/// binary runs on, so that what they time is what an editor waits for.
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
