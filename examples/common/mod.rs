//! What the benchmarks share: the generated corpus, the machine's description, and running a
//! child process with its time and peak RSS. (A module of each example, not a crate.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `target/bench/corpus-<mb>.jsonl`, made by `../shared/bench/make_corpus.py` when missing (the
/// same arguments give the same bytes).
pub fn corpus(mb: f64) -> PathBuf {
    let work = root().join("target/bench");
    std::fs::create_dir_all(&work).unwrap();
    let corpus = work.join(format!("corpus-{mb}.jsonl"));
    if !corpus.exists() {
        let script = root().join("../shared/bench/make_corpus.py");
        let st = Command::new("python3").arg(&script).arg("--mb").arg(mb.to_string()).arg("-o").arg(&corpus).status().unwrap();
        assert!(st.success(), "make_corpus.py failed");
    }
    corpus
}

/// The release binary beside this example.
pub fn zhkg() -> PathBuf {
    let zhkg = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("zhkg");
    assert!(zhkg.exists(), "{} is missing: run `cargo build --release` first", zhkg.display());
    zhkg
}

/// One measured run of a child.
pub struct Run {
    /// Wall-clock seconds.
    pub secs: f64,
    /// Peak resident set size, MiB. (Linux starts a child's peak at its parent's RSS when it
    /// forks, so the benchmark stays small and measures everything in children.)
    pub rss_mib: f64,
    /// The exit status, when the child exited.
    pub status: Option<i32>,
    /// Why the child was stopped, when it was: over its time or its memory.
    pub stopped: Option<String>,
}

/// Runs a command to its end, or stops it (SIGKILL) past `limit` seconds or `max_rss_mib` of
/// resident memory, polling every 50 ms; measures its time and peak RSS. The child is reaped by
/// `wait4`, which also gives its resource usage (std's `wait` does not).
#[allow(clippy::zombie_processes)]
pub fn run_limited(cmd: &mut Command, limit: Option<Duration>, max_rss_mib: Option<f64>) -> Run {
    let t = Instant::now();
    let child = cmd.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut stopped = None;
    loop {
        // SAFETY: waits for our child, whose pid we own; std's Child is not waited on afterwards
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(r, 0, "wait4 failed");
        let over_time = limit.is_some_and(|l| t.elapsed() > l);
        let rss = current_rss_mib(pid);
        let over_memory = max_rss_mib.is_some_and(|m| rss > m);
        if stopped.is_none() && (over_time || over_memory) {
            stopped = Some(if over_time { format!("stopped after {:.0} s", t.elapsed().as_secs_f64()) } else { format!("stopped at {rss:.0} MiB") });
            // SAFETY: signals our own child, not yet reaped
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let secs = t.elapsed().as_secs_f64();
    let exited = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run { secs, rss_mib: usage.ru_maxrss as f64 / 1024.0, status: exited, stopped }
}

/// A running process's resident set size, MiB (0 when unknown).
fn current_rss_mib(pid: libc::pid_t) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().unwrap_or(0.0))))
        .unwrap_or(0.0)
        / 1024.0
}

/// The processor, cores and memory.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| c.lines().find_map(|l| l.strip_prefix("model name").map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0) / 1048576.0))
        .unwrap_or(0.0);
    format!("{cpu}, {cores} cores, {mem:.0} GiB")
}
