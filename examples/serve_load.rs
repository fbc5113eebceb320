//! The endpoint under load: `zhkg serve` on the store of a generated corpus, asked by concurrent
//! clients for the shipped queries (`queries/*.rq`) for a while, on loopback only.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_load -- [--mb 20] [--clients 32] [--seconds 60] [--timeout 10] [--max-rss-mib 8192] [--close] [--no-wait] [--skip a.rq,b.rq]
//! ```
//!
//! The store is `query_bench`'s (`target/bench/query-store-N`, extracted from
//! `../shared/bench/make_corpus.py --mb N` when missing). The server runs as a child
//! (`zhkg serve --bind 127.0.0.1:0 --timeout T`). Each client is a thread with its own keep-alive
//! connection (`--close`: a new connection for each request) that loops over the shipped queries,
//! starting at its own place in the list, and sends them in turn as a POST of the query
//! (`application/sparql-query`) and as a GET of `?query=`, asking for `text/csv`. After a 503 with
//! `Retry-After` a client waits that long before its next request, as a person at the page would
//! (`--no-wait`: it asks again at once). A client starts no request after `--seconds`; every request gives up at `--seconds` + T + 10 s after the start,
//! so the load never lasts longer than that. The server is stopped past `--max-rss-mib` of
//! resident memory (so that a runaway query cannot take the machine), and killed at the end, or
//! when this process dies.
//!
//! Reported: the machine, the store, the requests answered (200), refused (503), failed otherwise
//! (other statuses, no answer by the deadline, transport errors), and the latency percentiles of
//! the answered and of the refused, overall and per query. Exits with 1 when any request got
//! anything but 200 or 503, or the server ended before the clients. Not a test: the figures depend
//! on the machine; they go in the README with the machine they came from.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// After the last request may start and the server's time limit, how long a request may still
/// take (the server's answer travelling, a handler thread freeing up).
const MARGIN: Duration = Duration::from_secs(10);

/// What one request came to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// An HTTP status.
    Status(u16),
    /// Nothing by the request's deadline.
    NoAnswer,
    /// The connection failed (refused, reset, closed early …).
    Transport(String),
}

/// How the clients behave: a new connection per request (`--close`); asking again at once after
/// a 503 instead of waiting its Retry-After (`--no-wait`).
#[derive(Clone, Copy)]
struct How {
    close: bool,
    no_wait: bool,
}

/// One request.
struct Sample {
    client: usize,
    query: usize,
    outcome: Outcome,
    latency: Duration,
    bytes: u64,
    /// Why a 503 was answered.
    refusal: Option<Refusal>,
}

/// The reasons a 503 gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Every slot taken and the queue of waiting queries full: refused at once.
    QueueFull,
    /// Waited for a slot until the time limit.
    NoSlot,
    /// As many connections open as the server takes: refused at once.
    Connections,
    /// Ran past the time limit and was cancelled.
    TimeLimit,
    /// Too many connections, or another reason.
    Other,
}

fn refusal(start: &[u8]) -> Refusal {
    let text = String::from_utf8_lossy(start);
    if text.starts_with("busy") && text.contains("waiting for one") {
        Refusal::QueueFull
    } else if text.starts_with("busy") && text.contains("none ended within the time limit") {
        Refusal::NoSlot
    } else if text.starts_with("busy") && text.contains("connections are open") {
        Refusal::Connections
    } else if text.contains("ran longer than the time limit") {
        Refusal::TimeLimit
    } else {
        Refusal::Other
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str, default: f64| -> f64 {
        args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map_or(default, |v| v.parse().unwrap_or_else(|_| panic!("{name} N")))
    };
    let mb = opt("--mb", 20.0);
    let clients = opt("--clients", 32.0) as usize;
    let seconds = Duration::from_secs_f64(opt("--seconds", 60.0));
    let timeout = opt("--timeout", 10.0) as u64;
    let max_rss = opt("--max-rss-mib", 8192.0);
    let close = args.iter().any(|a| a == "--close");
    let no_wait = args.iter().any(|a| a == "--no-wait");
    let how = How { close, no_wait };
    assert!(clients >= 1 && timeout >= 1, "--clients and --timeout are at least 1");
    let zhkg = common::zhkg();

    println!("machine: {}", common::machine());
    let store = common::query_store(&zhkg, mb);
    let (_, total) = common::store_stats(&zhkg, &store);
    println!("store: {} ({mb} MB corpus; {total}; {:.0} MiB on disk)", store.display(), common::disk_bytes(&store) as f64 / 1048576.0);
    // --skip a.rq,b.rq leaves queries out (to see the server when every query fits the time limit)
    let skip: Vec<String> = args.iter().position(|a| a == "--skip").and_then(|i| args.get(i + 1)).map_or(vec![], |v| v.split(',').map(str::to_string).collect());
    let queries: Vec<(String, String)> = common::shipped_queries().into_iter().filter(|(name, _)| !skip.contains(name)).map(|(name, path)| (name, std::fs::read_to_string(path).unwrap())).collect();

    let mut server = common::Served::start(&zhkg, &store, &["--timeout", &timeout.to_string()]);
    let base = format!("http://{}", server.addr);
    wait_until_answering(&base);
    let at_once = server.max_running.map_or("?".to_string(), |n| n.to_string());
    println!("server: zhkg serve --timeout {timeout} on {} (at most {at_once} queries at once)", server.addr);
    println!(
        "load: {clients} clients ({}, {}) for {:.0} s over {} shipped queries, POST application/sparql-query and GET ?query= in turn, Accept text/csv; every request ends by {:.0} s",
        if close { "a new connection for each request" } else { "one keep-alive connection each" },
        if no_wait { "asking again at once after a 503" } else { "waiting a 503's Retry-After" },
        seconds.as_secs_f64(),
        queries.len(),
        (seconds + Duration::from_secs(timeout) + MARGIN).as_secs_f64()
    );

    let start = Instant::now();
    let stop_at = start + seconds;
    let hard_end = stop_at + Duration::from_secs(timeout) + MARGIN;
    let mut peak_rss = 0.0f64;
    let mut server_end: Option<String> = None;
    // set when the server is gone: the clients stop instead of counting refused connections
    let gone = AtomicBool::new(false);
    let samples: Vec<Sample> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (base, queries, gone) = (&base, &queries, &gone);
                scope.spawn(move || client(c, base, queries, stop_at, hard_end, gone, how))
            })
            .collect();
        // watch the server while the clients run: its memory, and whether it is still there
        while !handles.iter().all(|h| h.is_finished()) {
            if server_end.is_none() {
                let rss = common::current_rss_mib(server.pid() as libc::pid_t);
                peak_rss = peak_rss.max(rss);
                if rss > max_rss {
                    server.kill();
                    server_end = Some(format!("stopped at {rss:.0} MiB of resident memory (--max-rss-mib {max_rss:.0}) after {:.1} s", start.elapsed().as_secs_f64()));
                } else if let Some(status) = server.exited() {
                    server_end = Some(format!("ended by itself ({status}) after {:.1} s", start.elapsed().as_secs_f64()));
                } else if Instant::now() > hard_end + Duration::from_secs(5) {
                    // every request has its deadline; this only guards against a client stuck elsewhere
                    server.kill();
                    server_end = Some("stopped: clients still running after their deadline".into());
                }
            }
            gone.store(server_end.is_some(), Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(100));
        }
        handles.into_iter().flat_map(|h| h.join().expect("a client panicked")).collect()
    });
    let load_secs = start.elapsed().as_secs_f64();
    server.kill();
    let log = server.log();
    let log_file = common::root().join("target/bench/serve_load-server.log");
    std::fs::write(&log_file, log.join("\n") + "\n").unwrap();
    let tail = &log[log.len().saturating_sub(5)..];

    report(&queries, &samples, clients, load_secs, peak_rss, Duration::from_secs(timeout));
    println!("\nthe server's log (a line per request, with its time in the server): {}", log_file.display());
    let failed = samples.iter().filter(|s| !matches!(s.outcome, Outcome::Status(200 | 503))).count();
    if let Some(why) = &server_end {
        println!("\nserver {why}; its last log lines:\n  {}", tail.join("\n  "));
    }
    if failed > 0 || server_end.is_some() {
        println!("\nFAILED: {failed} request(s) got neither 200 nor 503{}", if server_end.is_some() { ", and the server ended before the clients" } else { "" });
        std::process::exit(1);
    }
}

/// Asks `ASK {}` until the server answers 200, for 30 s at most.
fn wait_until_answering(base: &str) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(2))).build().into();
    let t = Instant::now();
    loop {
        match agent.get(&format!("{base}/sparql?query=ASK%20%7B%7D")).call() {
            Ok(r) if r.status() == 200 => return,
            other if t.elapsed() > Duration::from_secs(30) => panic!("the server does not answer ASK {{}} after 30 s: {other:?}"),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// One client: the queries in turn from its own place in the list, until `stop_at` or the server is
/// `gone`; each request gives up at `hard_end`. One keep-alive connection, or with `close` a new
/// connection for each request.
fn client(c: usize, base: &str, queries: &[(String, String)], stop_at: Instant, hard_end: Instant, gone: &AtomicBool, how: How) -> Vec<Sample> {
    let How { close, no_wait } = how;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(Duration::from_secs(10)))
        .max_idle_connections(if close { 0 } else { 1 })
        .build()
        .into();
    let url = format!("{base}/sparql");
    let mut samples = Vec::new();
    for k in 0.. {
        let now = Instant::now();
        if now >= stop_at || gone.load(Ordering::Relaxed) {
            break;
        }
        let q = (c + k) % queries.len();
        let text = &queries[q].1;
        let left = Some(hard_end.saturating_duration_since(now));
        let t = Instant::now();
        let sent = if k % 2 == 0 {
            agent
                .post(&url)
                .header("Accept", "text/csv")
                .header("Content-Type", "application/sparql-query")
                .config()
                .timeout_global(left)
                .build()
                .send(text.as_bytes())
        } else {
            let encoded: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            agent.get(&format!("{url}?query={encoded}")).header("Accept", "text/csv").config().timeout_global(left).build().call()
        };
        let (outcome, bytes, refused, retry_after) = match sent {
            Ok(mut r) => {
                let status = r.status().as_u16();
                let retry_after = r.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
                // the start of the body tells a 503's reason; the rest is counted
                let mut start = Vec::new();
                let mut reader = r.body_mut().as_reader();
                let read = (&mut reader).take(200).read_to_end(&mut start).and_then(|n| Ok(n as u64 + std::io::copy(&mut reader, &mut std::io::sink())?));
                match read {
                    Ok(n) => (Outcome::Status(status), n, (status == 503).then(|| refusal(&start)), retry_after),
                    Err(e) => (io_outcome(e), 0, None, None),
                }
            }
            Err(ureq::Error::Timeout(_)) => (Outcome::NoAnswer, 0, None, None),
            Err(e) => (Outcome::Transport(e.to_string()), 0, None, None),
        };
        samples.push(Sample { client: c, query: q, outcome, latency: t.elapsed(), bytes, refusal: refused });
        // a refused client waits as it is asked to (Retry-After), as a person at the page would,
        // rather than asking again at once
        if let Some(wait) = retry_after.filter(|_| !no_wait) {
            let now = Instant::now();
            std::thread::sleep(Duration::from_secs(wait).min(stop_at.saturating_duration_since(now)));
        }
    }
    samples
}

/// A failed read of a body: past the deadline, or a transport error.
fn io_outcome(e: std::io::Error) -> Outcome {
    let timed_out = e.kind() == std::io::ErrorKind::TimedOut || e.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>()).is_some_and(|u| matches!(u, ureq::Error::Timeout(_)));
    if timed_out {
        Outcome::NoAnswer
    } else {
        Outcome::Transport(format!("reading the answer: {e}"))
    }
}

fn report(queries: &[(String, String)], samples: &[Sample], clients: usize, load_secs: f64, peak_rss: f64, timeout: Duration) {
    let count = |f: &dyn Fn(&Outcome) -> bool| samples.iter().filter(|s| f(&s.outcome)).count();
    let answered = count(&|o| *o == Outcome::Status(200));
    let refused = count(&|o| *o == Outcome::Status(503));
    let other_5xx = count(&|o| matches!(o, Outcome::Status(s) if *s >= 500 && *s != 503));
    let client_errors = count(&|o| matches!(o, Outcome::Status(s) if (400..500).contains(s)));
    let other_status = count(&|o| matches!(o, Outcome::Status(s) if *s != 200 && !(400..600).contains(s)));
    let no_answer = count(&|o| *o == Outcome::NoAnswer);
    let transport = count(&|o| matches!(o, Outcome::Transport(_)));
    let mb = samples.iter().map(|s| s.bytes).sum::<u64>() as f64 / 1e6;

    println!("\nrequests: {} in {load_secs:.1} s (the last answer included); server peak RSS {peak_rss:.0} MiB; {mb:.1} MB answered", samples.len());
    println!("  answered 200         {answered:>7}   ({:.1}/s)", answered as f64 / load_secs);
    let why = |r: Refusal| samples.iter().filter(|s| s.refusal == Some(r)).count();
    println!(
        "  refused 503          {refused:>7}   ({} at once for a full queue, {} for too many connections, {} waited for a slot until the time limit, {} ran past it, {} other)",
        why(Refusal::QueueFull),
        why(Refusal::Connections),
        why(Refusal::NoSlot),
        why(Refusal::TimeLimit),
        why(Refusal::Other)
    );
    println!("  other 5xx            {other_5xx:>7}");
    println!("  4xx                  {client_errors:>7}");
    if other_status > 0 {
        println!("  other statuses       {other_status:>7}");
    }
    println!("  no answer in time    {no_answer:>7}");
    println!("  transport errors     {transport:>7}");
    let late = samples.iter().filter(|s| matches!(s.outcome, Outcome::Status(_)) && s.latency > timeout + Duration::from_secs(1)).count();
    println!("  answers (any status) later than the time limit + 1 s: {late}");
    // how evenly the clients were served: the answers (200 or 503) each got
    let mut per_client = vec![0usize; clients];
    for s in samples.iter().filter(|s| matches!(s.outcome, Outcome::Status(200 | 503))) {
        per_client[s.client] += 1;
    }
    per_client.sort_unstable();
    println!(
        "  answers per client: min {}, median {}, max {}; {} of {clients} clients got none",
        per_client[0],
        per_client[clients / 2],
        per_client[clients - 1],
        per_client.iter().filter(|&&n| n == 0).count()
    );
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for s in samples {
        match &s.outcome {
            Outcome::Transport(why) => *reasons.entry(why.clone()).or_default() += 1,
            Outcome::Status(code) if !matches!(code, 200 | 503) => *reasons.entry(format!("status {code} for {}", queries[s.query].0)).or_default() += 1,
            _ => {}
        }
    }
    for (why, n) in reasons.iter().take(10) {
        println!("    {n} × {why}");
    }

    let latencies = |query: Option<usize>, status: u16| -> Vec<Duration> {
        let mut v: Vec<Duration> = samples.iter().filter(|s| query.is_none_or(|q| s.query == q) && s.outcome == Outcome::Status(status)).map(|s| s.latency).collect();
        v.sort();
        v
    };
    let cells = |v: &[Duration]| -> String {
        let p = |x: f64| common::percentile(v, x).map_or("-".to_string(), |d| format!("{:.2}", d.as_secs_f64()));
        format!("{:>6} {:>7} {:>7} {:>7} {:>7}", v.len(), p(50.0), p(95.0), p(99.0), p(100.0))
    };
    println!("\nlatency, seconds         {:>6} {:>7} {:>7} {:>7} {:>7}", "n", "p50", "p95", "p99", "max");
    println!("  answered 200           {}", cells(&latencies(None, 200)));
    println!("  refused 503            {}", cells(&latencies(None, 503)));

    println!(
        "\n{:<22}  {:>6} {:>7} {:>7} {:>7} {:>7}  | {:>6} {:>7} {:>7} {:>7} {:>7}  | {:>5}",
        "query", "200", "p50", "p95", "p99", "max", "503", "p50", "p95", "p99", "max", "other"
    );
    for (q, (name, _)) in queries.iter().enumerate() {
        let other = samples.iter().filter(|s| s.query == q && !matches!(s.outcome, Outcome::Status(200 | 503))).count();
        println!("{name:<22}  {}  | {}  | {other:>5}", cells(&latencies(Some(q), 200)), cells(&latencies(Some(q), 503)));
    }
}
