//! The command line: argument definitions ([`args`]: clap derive; the doc comments are the
//! `--help`) and the glue that calls the library, one file per command or group of commands.
//! Only this module and `main.rs` print.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod common;
mod eval;
mod export;
mod extract;
mod graph;
mod push;
mod query;
mod resolve;
mod serve;
mod show;

pub use args::Cli;
use args::Command;

/// Exit status when the run finished but some inputs were skipped (or, for `push`, some graphs
/// refused).
pub const EXIT_PARTIAL: u8 = 1;

/// Runs the parsed command; returns the exit status.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Query(a) => query::query(a),
        Command::Export(a) => export::run(a),
        Command::Resolve(a) => resolve::resolve(a),
        Command::Remove(a) => resolve::remove(a),
        Command::Optimize(a) => resolve::optimize(a),
        Command::Show(a) => show::show(a),
        Command::Explain(a) => show::explain(a),
        Command::Graph(a) => graph::run(a),
        Command::Prefixes(a) => query::prefixes(a),
        Command::Serve(a) => serve::run(a),
        Command::Push(a) => push::run(a),
        Command::Stats(a) => query::stats(a),
        Command::Eval(a) => eval::run(a),
    }
}
