//! The `zhkg` binary: parse the arguments, run, print any error once, exit with a status.
#![allow(clippy::print_stderr)]

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: see Cargo.toml for why.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("zhkg: {e:#}");
            ExitCode::from(2)
        }
    }
}
