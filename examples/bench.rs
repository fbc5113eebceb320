//! The end-to-end benchmark: builds a corpus of generated Chinese news (JSON Lines, by
//! `../shared/bench/make_corpus.py`), then measures, each against its floor:
//!
//! 1. a plain read of the corpus (the floor for I/O);
//! 2. extraction alone on one thread, in this process (per-core speed of `extract`, then of
//!    `extract` + quads);
//! 3. `zhkg extract --emit nquads` (the whole pipeline on every core, no store);
//! 4. Oxigraph's own bulk loader loading those N-Quads into a fresh store (the floor for the store);
//! 5. `zhkg extract` into a fresh store, then again over it (nothing changed, so nothing written),
//!    then with `--rewrite` (every document replaced; `--skip-second` leaves this out).
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

#[path = "common/mod.rs"]
mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{machine, Run};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // the in-process measurements run in a child of their own, so each peak RSS is its own
    match args.first().map(String::as_str) {
        Some("--child-extract") => return child_extract(Path::new(&args[1])),
        Some("--child-load") => return child_load(Path::new(&args[1]), Path::new(&args[2])),
        // the quads of an N-Quads file by kind, per MB of the given corpus
        Some("--kinds") => return kinds(Path::new(&args[1]), std::fs::metadata(&args[2]).unwrap().len() as f64 / 1e6),
        _ => {}
    }
    let mb: f64 = args.iter().position(|a| a == "--mb").and_then(|i| args.get(i + 1)).map_or(100.0, |v| v.parse().expect("--mb N"));
    let skip_second = args.iter().any(|a| a == "--skip-second");
    let work = common::root().join("target/bench");
    let zhkg = common::zhkg();

    println!("machine: {}", machine());
    let corpus = common::corpus(mb);
    let bytes = std::fs::metadata(&corpus).unwrap().len() as f64;
    let mbytes = bytes / 1e6;
    println!("corpus: {} ({mbytes:.1} MB)\n", corpus.display());

    // 1. the I/O floor
    let t = Instant::now();
    let mut f = std::fs::File::open(&corpus).unwrap();
    let mut buf = vec![0u8; 8 << 20];
    while f.read(&mut buf).unwrap() > 0 {}
    let read_floor = t.elapsed().as_secs_f64();
    println!("{:<48} {:>8.2} s {:>9.1} MB/s", "plain read (I/O floor)", read_floor, mbytes / read_floor);

    // 2. extraction alone, one thread
    let me = std::env::current_exe().unwrap();
    let out = Command::new(&me).arg("--child-extract").arg(&corpus).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let v: Vec<f64> = line.split_whitespace().map(|x| x.parse().unwrap()).collect();
    let (docs, text_mb, extract_s, graph_s) = (v[0] as usize, v[1], v[2], v[3]);
    println!(
        "{:<48} {:>8.2} s {:>9.1} MB/s   ({docs} documents, {text_mb:.1} MB of text)",
        "extract, 1 thread (text MB)",
        extract_s,
        text_mb / extract_s
    );
    println!("{:<48} {:>8.2} s {:>9.1} MB/s", "extract + quads, 1 thread (text MB)", extract_s + graph_s, text_mb / (extract_s + graph_s));

    // 3. the whole pipeline without a store
    let nq = work.join("corpus.nq");
    let out = std::fs::File::create(&nq).unwrap();
    let emit = run(Command::new(&zhkg).args(["extract", "--emit", "nquads"]).arg(&corpus).stdout(out));
    let quads = count_lines(&nq);
    report("zhkg extract --emit nquads (all cores)", &emit, mbytes, docs, quads);
    kinds(&nq, mbytes);

    // 4. the store floor: Oxigraph's bulk loader on zhkg's N-Quads
    let floor_store = work.join("store-floor");
    let load = run(Command::new(&me).arg("--child-load").arg(&nq).arg(&floor_store));
    report("Oxigraph bulk load of those N-Quads (floor)", &load, mbytes, docs, quads);

    // 5. zhkg into a fresh store, then over it again
    let store = work.join("store");
    let _ = std::fs::remove_dir_all(&store);
    let fresh = run(Command::new(&zhkg).arg("extract").arg("--store").arg(&store).arg(&corpus));
    report("zhkg extract into a fresh store", &fresh, mbytes, docs, quads);
    let again = run(Command::new(&zhkg).arg("extract").arg("--store").arg(&store).arg(&corpus));
    report("zhkg extract again (unchanged: nothing written)", &again, mbytes, docs, quads);
    let second = (!skip_second).then(|| {
        let r = run(Command::new(&zhkg).args(["extract", "--rewrite", "--store"]).arg(&store).arg(&corpus));
        report("zhkg extract --rewrite (every doc replaced)", &r, mbytes, docs, quads);
        r
    });

    let floor = read_floor + load.secs;
    println!("\nfloors: read {read_floor:.2} s + bulk load {:.2} s = {floor:.2} s", load.secs);
    println!("fresh store: {:.2} × the floors; {:.2} × the bulk load alone", fresh.secs / floor, fresh.secs / load.secs);
    println!("again, unchanged: {:.2} × the floors", again.secs / floor);
    if let Some(r) = second {
        println!("again, every document replaced: {:.2} × the floors", r.secs / floor);
    }
}

/// Extraction alone on one thread over the whole corpus; prints documents, MB of text, seconds in
/// `extract`, seconds building quads.
fn child_extract(corpus: &Path) {
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
    println!("{n} {} {ex} {gr}", text as f64 / 1e6);
}

/// Oxigraph's bulk loader, alone: loads `nq` into a new store at `store`.
fn child_load(nq: &Path, store: &Path) {
    let _ = std::fs::remove_dir_all(store);
    let st = oxigraph::store::Store::open(store).unwrap();
    let mut loader = st.bulk_loader();
    loader.load_from_reader(oxigraph::io::RdfFormat::NQuads, std::io::BufReader::new(std::fs::File::open(nq).unwrap())).unwrap();
    loader.commit().unwrap();
    st.flush().unwrap();
}

/// Runs a command to its end (standard error discarded) and measures its time and peak RSS.
fn run(cmd: &mut Command) -> Run {
    let r = common::run_limited(cmd.stderr(Stdio::null()), None, None);
    assert!(r.status.is_some_and(|s| s <= 1), "{cmd:?} failed: {:?}", r.status);
    r
}

fn report(what: &str, r: &Run, mbytes: f64, docs: usize, quads: usize) {
    println!(
        "{what:<48} {:>8.2} s {:>9.1} MB/s {:>9.0} docs/s {:>10.0} quads/s   peak RSS {:>6.0} MiB",
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

/// The quads of an N-Quads file by kind — `rdf:type` by class, everything else by predicate — with
/// their number per MB of corpus, most first: where the graph's size goes.
fn kinds(nq: &Path, mbytes: f64) {
    use std::collections::HashMap;
    use std::io::BufRead;
    const TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for line in std::io::BufReader::new(std::fs::File::open(nq).unwrap()).lines() {
        let line = line.unwrap();
        // subject, predicate, then the object: IRIs hold no spaces
        let mut parts = line.splitn(3, ' ');
        let (Some(_), Some(p), Some(rest)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let kind = if p == TYPE { format!("a {}", rest.split(' ').next().unwrap_or("")) } else { p.to_string() };
        *counts.entry(kind).or_default() += 1;
        total += 1;
    }
    let mut v: Vec<(usize, String)> = counts.into_iter().map(|(k, n)| (n, k)).collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    println!("\nquads by kind ({total} in all, {:.0} per MB of corpus):", total as f64 / mbytes);
    for (n, k) in v.iter().take(30) {
        println!("{:>10} {:>8.0}/MB {:>5.1} %  {k}", n, *n as f64 / mbytes, 100.0 * *n as f64 / total as f64);
    }
    if v.len() > 30 {
        println!("{:>10} in {} more kinds", v[30..].iter().map(|(n, _)| n).sum::<usize>(), v.len() - 30);
    }
}
