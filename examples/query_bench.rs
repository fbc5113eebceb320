//! The query benchmark: every shipped query (`queries/*.rq`) on the store of a generated corpus,
//! each timed with its peak RSS, beside the ingest benchmark (`examples/bench.rs`).
//!
//! ```text
//! cargo build --release && cargo run --release --example query_bench -- [--mb 20] [--timeout 120] [--max-rss-mib 8192]
//! ```
//!
//! The corpus is `../shared/bench/make_corpus.py --mb N` (kept under `target/bench/`), extracted
//! into `target/bench/query-store-N` (reused when present). Each query runs as
//! `zhkg query --format csv FILE` in a child process; a query past `--timeout` seconds, or past
//! `--max-rss-mib` of resident memory (so that a runaway query cannot take the machine), is
//! stopped and reported as such. Not a test: timings depend on the machine; the figures go in the
//! README with the machine they came from.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "common/mod.rs"]
mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str, default: f64| -> f64 {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} N")))
    };
    let mb = opt("--mb", 20.0);
    let timeout = Duration::from_secs_f64(opt("--timeout", 120.0));
    let max_rss = opt("--max-rss-mib", 8192.0);
    let zhkg = common::zhkg();

    println!("machine: {}", common::machine());
    let store = common::query_store(&zhkg, mb);
    let (classes, total) = common::store_stats(&zhkg, &store);
    println!("store: {} ({mb} MB corpus)\n{}\n{total}", store.display(), classes.join("\n"));
    println!("\n{:<24} {:>9} {:>10} {:>12}  note", "query", "seconds", "rows", "peak RSS");

    for (name, file) in common::shipped_queries() {
        let out = common::root().join("target/bench/query-answer.csv");
        let r = common::run_limited(
            Command::new(&zhkg).args(["query", "--format", "csv", "--store"]).arg(&store).arg(&file).stdout(std::fs::File::create(&out).unwrap()).stderr(Stdio::null()),
            Some(timeout),
            Some(max_rss),
        );
        let rows = std::fs::read_to_string(&out).map_or(0, |t| t.lines().count().saturating_sub(1));
        let note = match (&r.stopped, r.status) {
            (Some(why), _) => why.clone(),
            (None, Some(0)) => String::new(),
            (None, s) => format!("failed: {s:?}"),
        };
        let rows = if r.stopped.is_some() { "-".to_string() } else { rows.to_string() };
        println!("{name:<24} {:>9.2} {rows:>10} {:>8.0} MiB  {note}", r.secs, r.rss_mib);
    }
}
