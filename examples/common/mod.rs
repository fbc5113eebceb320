//! What the benchmarks share: the generated corpus and its store, the shipped queries, the
//! machine's description, running a child process with its time and peak RSS, and `zhkg serve` as
//! a child. (A module of each example, not a crate.)
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
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

/// `target/bench/query-store-<mb>`, the store of the `mb` corpus that the query benchmarks share,
/// extracted when missing.
pub fn query_store(zhkg: &Path, mb: f64) -> PathBuf {
    let corpus = corpus(mb);
    let store = root().join(format!("target/bench/query-store-{mb}"));
    if !store.exists() {
        let r = run_limited(Command::new(zhkg).arg("extract").arg("--store").arg(&store).arg(&corpus).stderr(Stdio::null()), None, None);
        assert!(r.status.is_some_and(|s| s <= 1), "extract failed: {:?}", r.status);
        println!("store: extracted in {:.1} s (peak RSS {:.0} MiB)", r.secs, r.rss_mib);
        // compacted, as the README advises after a first build
        let r = run_limited(Command::new(zhkg).arg("optimize").arg("--store").arg(&store).stderr(Stdio::null()), None, None);
        assert!(r.status == Some(0), "optimize failed: {:?}", r.status);
        println!("store: optimized in {:.1} s (peak RSS {:.0} MiB)", r.secs, r.rss_mib);
    }
    store
}

/// `zhkg stats` of a store: the counts per class (not the table per document after them) and the
/// line with the total of quads.
pub fn store_stats(zhkg: &Path, store: &Path) -> (Vec<String>, String) {
    let stats = Command::new(zhkg).arg("stats").arg("--store").arg(store).output().unwrap();
    let stats = String::from_utf8_lossy(&stats.stdout);
    let classes = stats.lines().take_while(|l| !l.trim().is_empty()).map(str::to_string).collect();
    let total = stats.lines().find(|l| l.starts_with("total quads")).unwrap_or("").to_string();
    (classes, total)
}

/// The bytes of the files under a folder.
pub fn disk_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => disk_bytes(&e.path()),
                _ => e.metadata().map_or(0, |m| m.len()),
            })
            .sum()
    })
}

/// The shipped queries (`queries/*.rq`), by file name: the name and the path.
pub fn shipped_queries() -> Vec<(String, PathBuf)> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(root().join("queries")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "rq")).collect();
    files.sort();
    files.into_iter().map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p)).collect()
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
pub fn current_rss_mib(pid: libc::pid_t) -> f64 {
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

/// `zhkg serve` as a child process on a free loopback port, killed when dropped (and, on Linux,
/// when this process dies, by `PR_SET_PDEATHSIG`: a benchmark stopped any way leaves no server
/// behind).
pub struct Served {
    child: Child,
    /// `host:port` it listens on.
    pub addr: String,
    /// The most queries it runs at once, as it says when it starts.
    pub max_running: Option<usize>,
    log: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Served {
    /// Starts `zhkg serve --store STORE --bind 127.0.0.1:0 ARGS…` and reads its log up to the line
    /// naming the endpoint and the one after it; the rest of the log is read on a thread, so that
    /// the server never blocks on a full pipe. Call from the main thread: the parent-death signal
    /// follows the thread that spawned the child.
    pub fn start(zhkg: &Path, store: &Path, args: &[&str]) -> Served {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(zhkg);
        cmd.arg("serve").arg("--store").arg(store).args(["--bind", "127.0.0.1:0"]).args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        // SAFETY: prctl is async-signal-safe and touches only the child being started
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = Vec::new();
        let mut next_line = |seen: &mut Vec<String>, child: &mut Child| match lines.next() {
            Some(Ok(line)) => {
                seen.push(line.clone());
                line
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("zhkg serve ended before saying where it listens:\n{}", seen.join("\n"));
            }
        };
        let addr = loop {
            let line = next_line(&mut seen, &mut child);
            if let Some(rest) = line.strip_prefix("zhkg: endpoint  http://") {
                break rest.trim_end_matches("/sparql").to_string();
            }
        };
        // the line after the endpoint's: "queries are cancelled after T s; at most N run at once …"
        let limits = next_line(&mut seen, &mut child);
        let max_running = limits.split("at most ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok());
        let log = Arc::new(Mutex::new(seen));
        let sink = Arc::clone(&log);
        let reader = std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Served { child, addr, max_running, log, reader: Some(reader) }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How it ended, if it has.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Stops it (SIGKILL: it holds nothing to flush, the store being read-only to it), and reads
    /// its log to the end.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }

    /// Its log (on stderr: where it listens, then a line per request) so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The `p`-th percentile (0–100) of sorted values, by nearest rank; `None` for none.
pub fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}
