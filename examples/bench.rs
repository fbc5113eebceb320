//! The end-to-end benchmark: builds a corpus of generated Chinese news (JSON Lines, by
//! `../shared/bench/make_corpus.py`), then measures, each against its floor:
//!
//! 1. a plain read of the corpus (the floor for I/O);
//! 2. extraction alone on one thread, in this process (per-core speed of `extract`, then of
//!    `extract` + quads);
//! 3. `zhkg extract --emit nquads` (the whole pipeline on every core, no store);
//! 4. Oxigraph's own bulk loader loading those N-Quads into a fresh store (the floor for the store);
//! 5. `zhkg extract` into a fresh store, then again over it (every document replaced).
//!
//! For each run of the binary: seconds, MB/s, documents/s, quads/s and peak RSS.
//!
//! ```text
//! cargo build --release && cargo run --release --example bench -- [--mb 100] [--skip-second]
//! ```
//!
//! Everything goes under `target/bench/`. Not a test: timings depend on the machine; the figures go
//! in the README with the machine they came from.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One measured run.
struct Run {
    secs: f64,
    /// Peak resident set size, MiB (of the child process, or of this process so far).
    rss_mib: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb: f64 = args.iter().position(|a| a == "--mb").and_then(|i| args.get(i + 1)).map_or(100.0, |v| v.parse().expect("--mb N"));
    let skip_second = args.iter().any(|a| a == "--skip-second");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).unwrap();
    let zhkg = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("zhkg");
    assert!(zhkg.exists(), "{} is missing: run `cargo build --release` first", zhkg.display());

    println!("machine: {}", machine());
    let corpus = work.join(format!("corpus-{mb}.jsonl"));
    if !corpus.exists() {
        let script = root.join("../shared/bench/make_corpus.py");
        let st = Command::new("python3").arg(&script).arg("--mb").arg(mb.to_string()).arg("-o").arg(&corpus).status().unwrap();
        assert!(st.success(), "make_corpus.py failed");
    }
    let bytes = std::fs::metadata(&corpus).unwrap().len() as f64;
    let mbytes = bytes / 1e6;
    println!("corpus: {} ({mbytes:.1} MB)\n", corpus.display());

    // 1. the I/O floor
    let t = Instant::now();
    let mut f = std::fs::File::open(&corpus).unwrap();
    let mut buf = vec![0u8; 8 << 20];
    while f.read(&mut buf).unwrap() > 0 {}
    let read_floor = t.elapsed().as_secs_f64();
    println!("{:<44} {:>8.2} s {:>9.1} MB/s", "plain read (I/O floor)", read_floor, mbytes / read_floor);

    // 2. extraction alone, one thread
    let (docs, text_mb, extract_s, graph_s) = extract_alone(&corpus);
    println!(
        "{:<44} {:>8.2} s {:>9.1} MB/s   ({docs} documents, {text_mb:.1} MB of text)",
        "extract, 1 thread (text MB)",
        extract_s,
        text_mb / extract_s
    );
    println!("{:<44} {:>8.2} s {:>9.1} MB/s", "extract + quads, 1 thread (text MB)", extract_s + graph_s, text_mb / (extract_s + graph_s));

    // 3. the whole pipeline without a store
    let nq = work.join("corpus.nq");
    let out = std::fs::File::create(&nq).unwrap();
    let emit = run(Command::new(&zhkg).args(["extract", "--emit", "nquads"]).arg(&corpus).stdout(out));
    let quads = count_lines(&nq);
    report("zhkg extract --emit nquads (all cores)", &emit, mbytes, docs, quads);

    // 4. the store floor: Oxigraph's bulk loader on zhkg's N-Quads
    let floor_store = work.join("store-floor");
    let _ = std::fs::remove_dir_all(&floor_store);
    let t = Instant::now();
    {
        let store = oxigraph::store::Store::open(&floor_store).unwrap();
        let mut loader = store.bulk_loader();
        loader.load_from_reader(oxigraph::io::RdfFormat::NQuads, std::fs::File::open(&nq).unwrap()).unwrap();
        loader.commit().unwrap();
        store.flush().unwrap();
    }
    let load = Run { secs: t.elapsed().as_secs_f64(), rss_mib: self_peak_rss_mib() };
    report("Oxigraph bulk load of those N-Quads (floor)", &load, mbytes, docs, quads);

    // 5. zhkg into a fresh store, then over it again
    let store = work.join("store");
    let _ = std::fs::remove_dir_all(&store);
    let fresh = run(Command::new(&zhkg).arg("extract").arg("--store").arg(&store).arg(&corpus));
    report("zhkg extract into a fresh store", &fresh, mbytes, docs, quads);
    let second = (!skip_second).then(|| {
        let r = run(Command::new(&zhkg).arg("extract").arg("--store").arg(&store).arg(&corpus));
        report("zhkg extract again (every document replaced)", &r, mbytes, docs, quads);
        r
    });

    let floor = read_floor + load.secs;
    println!("\nfloors: read {read_floor:.2} s + bulk load {:.2} s = {floor:.2} s", load.secs);
    println!("fresh store: {:.2} × the floors; {:.2} × the bulk load alone", fresh.secs / floor, fresh.secs / load.secs);
    if let Some(r) = second {
        println!("second run: {:.2} × the floors", r.secs / floor);
    }
}

/// Extraction alone on one thread over the whole corpus: (documents, MB of text, seconds in
/// `extract`, seconds building quads).
fn extract_alone(corpus: &Path) -> (usize, f64, f64, f64) {
    let lex = zhkg::lexicon::Lexicon::builtin();
    let input = zhkg::ingest::Input::File { path: corpus.to_path_buf(), id: "bench".into() };
    let (mut n, mut text, mut ex, mut gr) = (0usize, 0usize, 0f64, 0f64);
    let _ = zhkg::ingest::read_each::<()>(&input, &Default::default(), &lex, |e| {
        if let zhkg::ingest::Event::Document(d) = e {
            let t = Instant::now();
            let x = zhkg::extract::extract(&d, &lex);
            let t1 = Instant::now();
            std::hint::black_box(zhkg::graph::document_quads(&d, &x, &lex));
            ex += (t1 - t).as_secs_f64();
            gr += t1.elapsed().as_secs_f64();
            n += 1;
            text += d.text.len();
        }
        Ok(())
    });
    (n, text as f64 / 1e6, ex, gr)
}

/// Runs a command to its end (standard error discarded) and measures its time and peak RSS.
fn run(cmd: &mut Command) -> Run {
    let t = Instant::now();
    let child = cmd.stderr(Stdio::null()).spawn().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our own child
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for our child, whose pid we own; std's Child is not waited on afterwards
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let secs = t.elapsed().as_secs_f64();
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "{cmd:?} failed: {status}");
    Run { secs, rss_mib: usage.ru_maxrss as f64 / 1024.0 }
}

fn report(what: &str, r: &Run, mbytes: f64, docs: usize, quads: usize) {
    println!(
        "{what:<44} {:>8.2} s {:>9.1} MB/s {:>9.0} docs/s {:>10.0} quads/s   peak RSS {:>6.0} MiB",
        r.secs,
        mbytes / r.secs,
        docs as f64 / r.secs,
        quads as f64 / r.secs,
        r.rss_mib
    );
}

fn count_lines(path: &PathBuf) -> usize {
    let mut f = std::fs::File::open(path).unwrap();
    let mut buf = vec![0u8; 8 << 20];
    let mut n = 0;
    loop {
        let k = f.read(&mut buf).unwrap();
        if k == 0 {
            return n;
        }
        n += buf[..k].iter().filter(|&&b| b == b'\n').count();
    }
}

fn self_peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn machine() -> String {
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
