//! `zhkg push` against real Graph Store servers started by the tests on 127.0.0.1: the Oxigraph
//! server (`pip install oxigraph`; found through `ZHKG_OXIGRAPH_BIN` or `PATH`) and, where it is
//! installed, Virtuoso (`virtuoso-t`, Debian's `virtuoso-opensource`; or `ZHKG_VIRTUOSO_BIN`).
//! Without a server a test is skipped with a note, unless `CI` is set (CI installs both).
//! The articles are written for the tests (invented people, real places).

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::GraphName;

use crate::zhkg;

const ANJI: &str = "# title: 安吉县公安局召开年度表彰大会\n# date: 2024-01-15\n1月15日，安吉县公安局召开表彰大会。安吉县公安局党委委员、副局长柯文瀚出席会议并讲话。\n安吉县公安局递铺派出所所长钱望舒介绍，该所推出“竹乡夜巡”平台。\n安吉县公安局孝丰派出所民警宁晓禾荣获全国优秀人民警察称号。\n";
const DEQING: &str = "# title: 德清县公安局开展平安护航行动\n# date: 2024-02-20\n2月20日，德清县公安局党委书记、局长詹俊逸到新市派出所调研。新市派出所所长莫清远汇报了“平安护航”行动开展情况。\n";
const VISIT: &str = "# title: 安吉县公安局领导检查指导工作\n# date: 2024-03-02\n3月2日，安吉县公安局副局长柯文瀚到递铺派出所检查指导工作。\n";
const VISIT_CHANGED: &str = "# title: 安吉县公安局领导检查指导工作\n# date: 2024-03-02\n3月2日，安吉县公安局副局长柯文瀚到孝丰派出所检查指导工作，孝丰派出所所长沈听澜陪同。\n";

/// Shipped queries that must answer something on the test corpus, so that comparing their answers
/// proves something; every shipped query is compared.
const ANSWERING: &[&str] = &["people.rq", "units.rq", "posts.rq", "careers.rq", "awards.rq", "hierarchy.rq", "initiatives.rq", "merges.rq"];

/// The file names of every shipped query (`queries/*.rq`), sorted.
fn shipped_queries() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".rq"))
        .collect();
    names.sort();
    names
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A program named by `env` or found on `PATH`; without it the test is skipped with a note,
/// unless `CI` is set (CI installs it), where its absence fails the test.
fn program_or_skip(test: &str, env: &str, name: &str, install: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("PATH").and_then(|path| std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())) {
        return Some(p);
    }
    assert!(!ci(), "{test}: {name} is not installed ({install}), and CI is set");
    eprintln!("note: {test} skipped: {name} not found ({install}; or set {env})");
    None
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server process killed when the test ends, panicking or not.
struct Server {
    child: Child,
    port: u16,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Waits until the port accepts connections (the process still running).
    fn wait_until_up(mut self, what: &str) -> Server {
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{what} exited at start: {status}");
            }
            assert!(start.elapsed() < Duration::from_secs(120), "{what} did not start listening on {} within 120 s", self.port);
            std::thread::sleep(Duration::from_millis(100));
        }
        self
    }

    fn oxigraph(bin: &Path) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Server::oxigraph_at(bin, &dir.path().join("db"), free_port(), "serve");
        s._dir = Some(dir);
        s
    }

    /// `oxigraph serve` (or `serve-read-only`) of the store at `location`, on `port`.
    fn oxigraph_at(bin: &Path, location: &Path, port: u16, serve: &str) -> Server {
        let child = Command::new(bin)
            .args([serve, "--location"])
            .arg(location)
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
        Server { child, port, _dir: None }.wait_until_up(&format!("oxigraph {serve}"))
    }

    fn virtuoso(bin: &Path) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let (port, sql_port) = (free_port(), free_port());
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nLockFile = {d}/v.lck\nTransactionFile = {d}/v.trx\nxa_persistent_file = {d}/v.pxa\n\
             [TempDatabase]\nDatabaseFile = {d}/v-temp.db\nTransactionFile = {d}/v-temp.trx\n\
             [Parameters]\nServerPort = {sql_port}\nDisableUnixSocket = 1\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nDirsAllowed = .\n\
             [HTTPServer]\nServerPort = {port}\nServerRoot = {d}\nEnabledDavVSP = 0\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).unwrap();
        let child = Command::new(bin)
            .args(["+foreground", "+configfile"])
            .arg(dir.path().join("virtuoso.ini"))
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
        Server { child, port, _dir: Some(dir) }.wait_until_up("virtuoso-t")
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(60))).build().into()
}

fn get(url: &str, accept: &str) -> String {
    let mut r = agent().get(url).header("Accept", accept).call().unwrap();
    assert_eq!(r.status().as_u16(), 200, "GET {url}");
    r.body_mut().with_config().limit(1 << 30).read_to_string().unwrap()
}

/// The graph names of N-Quads text (`None`: the default graph), with their number of quads.
fn graphs_of(nquads: &str) -> BTreeMap<Option<String>, usize> {
    let mut m = BTreeMap::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads.as_bytes()) {
        let g = match q.unwrap().graph_name {
            GraphName::NamedNode(n) => Some(n.into_string()),
            _ => None,
        };
        *m.entry(g).or_default() += 1;
    }
    m
}

/// Lines of N-Quads (or N-Triples) text, sorted.
fn sorted_lines(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    v.sort();
    v
}

/// A folder of articles and a store in it; zhkg runs there, so document ids are the file names.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        let c = Corpus { dir: tempfile::tempdir().unwrap() };
        for (name, text) in [("anji.txt", ANJI), ("deqing.txt", DEQING), ("visit.txt", VISIT)] {
            c.write(name, text);
        }
        c.ok(&["extract", "--store", "kg", "anji.txt", "deqing.txt", "visit.txt"]);
        c
    }
    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn run(&self, args: &[&str]) -> Output {
        zhkg().current_dir(self.dir.path()).env_remove("ZHKG_PASSWORD").env_remove("ZHKG_USER").args(args).output().unwrap()
    }
    /// Runs zhkg, which must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "zhkg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    /// `zhkg push --store kg --endpoint URL ARGS`, which must exit 0; its summary line.
    fn push(&self, endpoint: &str, args: &[&str]) -> Summary {
        let mut all = vec!["push", "--store", "kg", "--endpoint", endpoint];
        all.extend(args);
        let out = self.run(&all);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "zhkg {all:?}: {err}");
        Summary::parse(&err)
    }
    /// What the server should hold: the store's graphs as N-Quads, the bookkeeping graph left out.
    fn export(&self) -> Vec<String> {
        sorted_lines(&self.ok(&["export", "--store", "kg", "--format", "nquads"]))
    }
    /// The store's quads per graph (the bookkeeping graph left out).
    fn counts(&self) -> BTreeMap<String, usize> {
        graphs_of(&self.ok(&["export", "--store", "kg", "--format", "nquads"])).into_iter().map(|(g, n)| (g.expect("a named graph"), n)).collect()
    }
    /// A shipped query's answer from `zhkg query`, as CSV.
    fn query_csv(&self, file: &str) -> String {
        let q = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(file);
        self.ok(&["query", "--format", "csv", "--store", "kg", q.to_str().unwrap()])
    }
    fn query(&self, file: &str) -> Vec<String> {
        sorted_lines(&self.query_csv(file))
    }
}

/// The numbers of the summary line `zhkg: pushed N graph(s) (M quads) to URL in T s; K unchanged; D deleted; F failed`.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    pushed: usize,
    quads: usize,
    unchanged: usize,
    deleted: usize,
    failed: usize,
}

impl Summary {
    fn parse(stderr: &str) -> Summary {
        let line = stderr.lines().find(|l| l.starts_with("zhkg: pushed ")).unwrap_or_else(|| panic!("no summary in: {stderr}"));
        let n = |after: &str| -> usize {
            let i = line.find(after).unwrap_or_else(|| panic!("{after:?} not in {line}"));
            line[..i].rsplit([' ', '(']).next().unwrap().parse().unwrap_or_else(|_| panic!("{line}"))
        };
        Summary { pushed: n(" graph(s)"), quads: n(" quads)"), unchanged: n(" unchanged"), deleted: n(" deleted"), failed: n(" failed") }
    }
}

/// The server's whole dataset as N-Quads text.
fn server_nquads(s: &Server) -> String {
    get(&s.url("/store"), "application/n-quads")
}

/// The server's whole dataset as sorted N-Quads lines.
fn server_dump(s: &Server) -> Vec<String> {
    sorted_lines(&server_nquads(s))
}

/// A query's answer from the Oxigraph server, with zhkg's predeclared prefixes and the union of the
/// named graphs as the default graph (as `zhkg query` runs it), as sorted CSV lines.
fn server_query(s: &Server, file: &str) -> Vec<String> {
    let text = with_prefixes(file);
    let mut r = agent()
        .post(s.url("/query?union-default-graph"))
        .header("Content-Type", "application/sparql-query")
        .header("Accept", "text/csv")
        .send(text.as_bytes())
        .unwrap();
    let body = r.body_mut().read_to_string().unwrap();
    assert_eq!(r.status().as_u16(), 200, "{file}: {body}");
    sorted_lines(&body)
}

/// The rows of a SPARQL CSV answer (RFC 4180: quoted fields, doubled quotes, CRLF), sorted, the
/// header first. Servers quote differently (Virtuoso quotes every field), so answers are compared
/// as rows, not as text.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    let header = if rows.is_empty() { Vec::new() } else { rows.remove(0) };
    rows.sort();
    std::iter::once(header).chain(rows).collect()
}

/// A shipped query with zhkg's predeclared prefixes written out, for a server that has none.
fn with_prefixes(file: &str) -> String {
    let mut text = String::new();
    for (p, ns) in zhkg::graph::vocab::PREFIXES {
        text.push_str(&format!("PREFIX {p}: <{ns}>\n"));
    }
    text.push_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(file)).unwrap());
    text
}

fn oxigraph_bin_or_skip(test: &str) -> Option<PathBuf> {
    program_or_skip(test, "ZHKG_OXIGRAPH_BIN", "oxigraph", "pip install oxigraph==0.5.13")
}

fn oxigraph_or_skip(test: &str) -> Option<Server> {
    oxigraph_bin_or_skip(test).map(|b| Server::oxigraph(&b))
}

#[test]
fn push_mirrors_the_store_graph_for_graph_and_the_queries_answer_as_locally() {
    let Some(server) = oxigraph_or_skip("push_mirrors_the_store_graph_for_graph_and_the_queries_answer_as_locally") else { return };
    let c = Corpus::new();
    let graphs = c.counts();
    // the vocabulary, three documents, the shared entities, people across documents
    assert_eq!(graphs.len(), 6, "{graphs:?}");
    assert!(graphs.contains_key("https://w3id.org/zhkg/graph/resolution") && graphs.contains_key("https://w3id.org/zhkg/graph/vocabulary"));
    let s = c.push(&server.url("/store"), &[]);
    assert_eq!(s, Summary { pushed: 6, quads: graphs.values().sum(), unchanged: 0, deleted: 0, failed: 0 });
    // quad for quad, graph for graph; the bookkeeping graph is not sent
    assert_eq!(server_dump(&server), c.export());
    let on_server = graphs_of(&server_nquads(&server));
    assert_eq!(on_server.len(), 6);
    assert!(!on_server.contains_key(&Some("https://w3id.org/zhkg/graph/store".to_string())));
    let queries = shipped_queries();
    assert!(queries.len() >= 19, "{queries:?}");
    for q in &queries {
        let local = c.query(q);
        if ANSWERING.contains(&q.as_str()) {
            assert!(local.len() > 1, "{q} answers nothing: the comparison would prove nothing");
        }
        assert_eq!(server_query(&server, q), local, "{q}");
    }
    // the state is beside the store, not in it
    let state = std::fs::read_to_string(c.path("kg.push-state.tsv")).unwrap();
    assert_eq!(state.lines().filter(|l| !l.starts_with('#')).count(), 6, "{state}");
    assert!(!c.path("kg").join("kg.push-state.tsv").exists());
}

#[test]
fn pushing_again_sends_nothing_a_changed_document_replaces_its_graph_and_a_removed_one_is_deleted() {
    let Some(server) = oxigraph_or_skip("pushing_again_sends_nothing_a_changed_document_replaces_its_graph_and_a_removed_one_is_deleted") else { return };
    let c = Corpus::new();
    let endpoint = server.url("/store");
    assert_eq!(c.push(&endpoint, &[]).pushed, 6);

    // a mark added to a document graph behind zhkg's back survives a push: nothing was sent …
    let anji = c.counts().into_keys().find(|g| c.export().iter().any(|l| l.contains("安吉县公安局召开") && l.ends_with(&format!("<{g}> .")))).unwrap();
    let graph_url = format!("{endpoint}?graph={}", anji.replace(':', "%3A").replace('/', "%2F"));
    let mark = "<urn:x:mark> <urn:x:p> \"mark\" .\n";
    let r = agent().post(&graph_url).header("Content-Type", "application/n-triples").send(mark.as_bytes()).unwrap();
    assert!(r.status().is_success(), "{:?}", r.status());
    let s = c.push(&endpoint, &[]);
    assert_eq!((s.pushed, s.quads, s.unchanged, s.deleted, s.failed), (0, 0, 6, 0, 0));
    assert!(server_dump(&server).iter().any(|l| l.contains("urn:x:mark")));
    // … and --all sends everything again, which replaces each graph
    let s = c.push(&endpoint, &["--all"]);
    assert_eq!((s.pushed, s.unchanged), (6, 0));
    assert_eq!(server_dump(&server), c.export());

    // a document extracted again with other text: its graph is replaced (so are the resolution
    // and the shared graph, when what it says of shared entities changed)
    let before = server_dump(&server);
    c.write("visit.txt", VISIT_CHANGED);
    c.ok(&["extract", "--store", "kg", "visit.txt"]);
    let s = c.push(&endpoint, &[]);
    assert!(s.pushed >= 1 && s.pushed <= 3 && s.unchanged == 6 - s.pushed && s.deleted == 0, "{s:?}");
    let after = server_dump(&server);
    assert_ne!(after, before);
    assert_eq!(after, c.export());
    assert!(after.iter().any(|l| l.contains("沈听澜")));

    // a document removed from the store: its graph is deleted on the server
    c.ok(&["remove", "--store", "kg", "deqing.txt"]);
    let s = c.push(&endpoint, &[]);
    assert_eq!((s.deleted, s.failed), (1, 0), "{s:?}");
    let after = server_dump(&server);
    assert_eq!(after, c.export());
    assert!(!after.iter().any(|l| l.contains("詹俊逸")));
    assert_eq!(c.push(&endpoint, &[]), Summary { pushed: 0, quads: 0, unchanged: 5, deleted: 0, failed: 0 });
    // the vocabulary left out: the earlier copy is deleted too
    assert_eq!(c.push(&endpoint, &["--no-vocabulary"]), Summary { pushed: 0, quads: 0, unchanged: 4, deleted: 1, failed: 0 });
    let on_server = graphs_of(&server_nquads(&server));
    assert_eq!(on_server.len(), 4);
    assert!(!on_server.contains_key(&Some("https://w3id.org/zhkg/graph/vocabulary".to_string())));
}

/// A proxy on `listener` in front of `upstream` (`http://127.0.0.1:PORT`) that forwards
/// `budget` requests (method, path, body, Content-Type), then closes its connection and its
/// listener as a server that died would: the next request gets no answer.
fn dying_proxy(listener: TcpListener, upstream: String, budget: usize) -> std::thread::JoinHandle<()> {
    use std::io::{BufRead, BufReader, Read, Write};
    std::thread::spawn(move || {
        let mut served = 0;
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut out = stream;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if served == budget {
                    return; // the connection and the listener are dropped here
                }
                let mut parts = line.split_whitespace();
                let (method, target) = (parts.next().unwrap().to_string(), parts.next().unwrap().to_string());
                let (mut length, mut content_type) = (0usize, String::new());
                loop {
                    let mut h = String::new();
                    reader.read_line(&mut h).unwrap();
                    let h = h.trim_end();
                    if h.is_empty() {
                        break;
                    }
                    let (k, v) = h.split_once(':').unwrap();
                    match k.to_ascii_lowercase().as_str() {
                        "content-length" => length = v.trim().parse().unwrap(),
                        "content-type" => content_type = v.trim().to_string(),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let url = format!("{upstream}{target}");
                let status = match method.as_str() {
                    "PUT" => agent().put(&url).header("Content-Type", &content_type).send(&body[..]),
                    "DELETE" => agent().delete(&url).call(),
                    other => panic!("unexpected {other}"),
                }
                .unwrap()
                .status()
                .as_u16();
                served += 1;
                write!(out, "HTTP/1.1 {status} Forwarded\r\nContent-Length: 0\r\n\r\n").unwrap();
            }
        }
    })
}

#[test]
fn a_push_stopped_by_a_server_gone_away_resumes_where_it_stopped() {
    let Some(server) = oxigraph_or_skip("a_push_stopped_by_a_server_gone_away_resumes_where_it_stopped") else { return };
    let c = Corpus::new();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let endpoint = format!("http://127.0.0.1:{port}/store");
    let state = c.path("elsewhere.tsv");
    let push = |c: &Corpus| c.run(&["push", "--store", "kg", "--endpoint", &endpoint, "--state", state.to_str().unwrap()]);

    // the server goes away after two graphs: the push stops with status 2, and says what it kept
    let first = dying_proxy(listener, server.url(""), 2);
    let out = push(&c);
    first.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no answer from the server") && err.contains("2 graph(s) pushed before it, recorded"), "{err}");
    let recorded = std::fs::read_to_string(&state).unwrap();
    assert_eq!(recorded.lines().filter(|l| !l.starts_with('#')).count(), 2, "{recorded}");
    assert!(!c.path("kg.push-state.tsv").exists());

    // back again: the push sends the other four only
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let _second = dying_proxy(listener, server.url(""), usize::MAX);
    let out = push(&c);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let s = Summary::parse(&err);
    assert_eq!((s.pushed, s.unchanged, s.failed), (4, 2, 0), "{s:?}");
    assert_eq!(server_dump(&server), c.export());
}

#[test]
fn merged_into_one_graph_is_one_put_that_replaces_it() {
    let Some(server) = oxigraph_or_skip("merged_into_one_graph_is_one_put_that_replaces_it") else { return };
    let c = Corpus::new();
    let endpoint = server.url("/store");
    let target = "https://example.org/zhkg";
    let s = c.push(&endpoint, &["--graph", target, "--format", "turtle"]);
    assert_eq!((s.pushed, s.unchanged), (1, 0));
    let merged = || sorted_lines(&c.ok(&["export", "--store", "kg", "--format", "ntriples"]));
    let on_server = || sorted_lines(&get(&format!("{endpoint}?graph={}", target.replace(':', "%3A").replace('/', "%2F")), "application/n-triples"));
    assert_eq!(on_server(), merged());
    assert_eq!(c.push(&endpoint, &["--graph", target]).unchanged, 1);
    c.ok(&["remove", "--store", "kg", "deqing.txt"]);
    assert_eq!(c.push(&endpoint, &["--graph", target]).pushed, 1);
    let now = on_server();
    assert_eq!(now, merged());
    assert!(!now.iter().any(|l| l.contains("詹俊逸")));
    // the server's default graph likewise; nothing else on the server was touched
    assert_eq!(c.push(&endpoint, &["--default-graph"]).pushed, 1);
    assert_eq!(sorted_lines(&get(&format!("{endpoint}?default"), "application/n-triples")), merged());
    let graphs: Vec<Option<String>> = graphs_of(&server_nquads(&server)).into_keys().collect();
    assert_eq!(graphs, [None, Some(target.to_string())]);
}

#[test]
fn http_errors_are_reported_per_graph_the_push_goes_on_with_status_1_and_they_are_sent_next_time() {
    let Some(bin) = oxigraph_bin_or_skip("http_errors_are_reported_per_graph_the_push_goes_on_with_status_1_and_they_are_sent_next_time") else { return };
    let c = Corpus::new();

    // a wrong path: every graph reported with the status and the server's words
    let server = Server::oxigraph(&bin);
    let wrong = server.url("/nowhere");
    let out = c.run(&["push", "--store", "kg", "--endpoint", &wrong]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let reported: Vec<&str> = err.lines().filter(|l| l.starts_with("zhkg: PUT <https://w3id.org/zhkg/graph/")).collect();
    assert_eq!(reported.len(), 6, "{err}");
    assert!(reported.iter().all(|l| l.contains(": HTTP 404 Not Found: PUT /nowhere is not supported")), "{err}");
    assert!(reported.iter().any(|l| l.contains("(document anji.txt)")), "{err}");
    assert_eq!(Summary::parse(&err), Summary { pushed: 0, quads: 0, unchanged: 0, deleted: 0, failed: 6 });
    drop(server);

    // a server that refuses writes: the graphs it refuses are reported, the others were pushed
    // before, and the refused ones are sent when the server takes them again
    let dir = tempfile::tempdir().unwrap();
    let (db, port) = (dir.path().join("db"), free_port());
    let endpoint = format!("http://127.0.0.1:{port}/store");
    {
        let _rw = Server::oxigraph_at(&bin, &db, port, "serve");
        assert_eq!(c.push(&endpoint, &[]).pushed, 6);
    }
    c.write("visit.txt", VISIT_CHANGED);
    c.ok(&["extract", "--store", "kg", "visit.txt"]);
    c.ok(&["remove", "--store", "kg", "deqing.txt"]);
    {
        let _ro = Server::oxigraph_at(&bin, &db, port, "serve-read-only");
        let out = c.run(&["push", "--store", "kg", "--endpoint", &endpoint]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        let refused: Vec<&str> = err.lines().filter(|l| l.contains(": HTTP 403 Forbidden: The server is read-only")).collect();
        assert!(refused.iter().any(|l| l.starts_with("zhkg: PUT <") && l.contains("(document visit.txt)")), "{err}");
        assert!(refused.iter().any(|l| l.starts_with("zhkg: DELETE <https://w3id.org/zhkg/graph/")), "{err}");
        let s = Summary::parse(&err);
        assert_eq!((s.pushed, s.deleted, s.failed), (0, 0, refused.len()), "{err}");
    }
    let rw = Server::oxigraph_at(&bin, &db, port, "serve");
    let s = c.push(&endpoint, &[]);
    assert!(s.pushed >= 1 && s.deleted == 1 && s.failed == 0, "{s:?}");
    assert_eq!(server_dump(&rw), c.export());
}

#[test]
fn a_refused_connection_is_a_clear_error_with_status_2() {
    let c = Corpus::new();
    let port = free_port(); // bound and released: nothing listens there
    let endpoint = format!("http://127.0.0.1:{port}/store");
    let out = c.run(&["push", "--store", "kg", "--endpoint", &endpoint]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("zhkg: {endpoint}: no answer from the server to PUT <https://w3id.org/zhkg/graph/vocabulary>: ")) && err.to_lowercase().contains("refused"), "{err}");
    assert!(!err.contains("pushed"), "{err}");
    // bad arguments are errors too
    for (args, says) in [
        (vec!["--endpoint", "ftp://127.0.0.1/store"], "not an http:// or https:// URL"),
        (vec!["--endpoint", "http://u:p@127.0.0.1/store"], "--user"),
        (vec!["--endpoint", &endpoint, "--graph", "not an iri"], "not an absolute IRI"),
        (vec!["--endpoint", &endpoint, "--user", "dba"], "ZHKG_PASSWORD"),
    ] {
        let mut all = vec!["push", "--store", "kg"];
        all.extend(args.iter().copied());
        let out = c.run(&all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}

#[test]
fn virtuoso_takes_the_push_with_digest_authentication() {
    let Some(bin) = program_or_skip("virtuoso_takes_the_push_with_digest_authentication", "ZHKG_VIRTUOSO_BIN", "virtuoso-t", "apt install virtuoso-opensource") else {
        return;
    };
    let server = Server::virtuoso(&bin);
    let c = Corpus::new();
    let endpoint = server.url("/sparql-graph-crud-auth");
    // the HTTP listener comes up before the SPARQL services: wait for the endpoint's 401
    let start = Instant::now();
    while agent().head(&endpoint).call().map(|r| r.status().as_u16()).unwrap_or(0) != 401 {
        assert!(start.elapsed() < Duration::from_secs(120), "Virtuoso's {endpoint} never asked for a password");
        std::thread::sleep(Duration::from_millis(200));
    }
    // a wrong password: refused, status 2
    let out = zhkg()
        .current_dir(c.dir.path())
        .env("ZHKG_PASSWORD", "wrong")
        .args(["push", "--store", "kg", "--endpoint", &endpoint, "--user", "dba"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("HTTP 401") && err.contains("refused the user and password"), "{err}");

    let push = || {
        let out = zhkg()
            .current_dir(c.dir.path())
            .env("ZHKG_PASSWORD", "dba")
            .args(["push", "--store", "kg", "--endpoint", &endpoint, "--user", "dba"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{err}");
        Summary::parse(&err)
    };
    let graphs = c.counts();
    let s = push();
    assert_eq!((s.pushed, s.failed, s.quads), (6, 0, graphs.values().sum()), "{s:?}");
    // every graph on the server with as many triples as in the store (Virtuoso rewrites some
    // literals, so the counts are compared, not the text)
    let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/zhkg/graph/\")) } GROUP BY ?g";
    let url = format!("{}?query={}&format=text%2Fcsv", server.url("/sparql"), q.bytes().map(|b| format!("%{b:02X}")).collect::<String>());
    let mut on_server = BTreeMap::new();
    for line in get(&url, "text/csv").lines().skip(1) {
        let (g, n) = line.rsplit_once(',').unwrap();
        on_server.insert(g.trim_matches('"').to_string(), n.trim().parse::<usize>().unwrap());
    }
    assert_eq!(on_server, graphs);
    // the shipped queries answer as `zhkg query` does (Virtuoso's default graph is the union of
    // its graphs), but for hierarchy.rq: Virtuoso 7.2 evaluates a path `+` with both ends unbound
    // to almost nothing (README, "Push to a triple store")
    for q in shipped_queries().iter().filter(|q| *q != "hierarchy.rq") {
        let mut r = agent()
            .post(server.url("/sparql"))
            .header("Accept", "text/csv")
            .send_form([("query", with_prefixes(q).as_str())])
            .unwrap();
        let body = r.body_mut().read_to_string().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{q}: {body}");
        let local = csv_rows(&c.query_csv(q));
        if ANSWERING.contains(&q.as_str()) {
            assert!(local.len() > 1, "{q} answers nothing: the comparison would prove nothing");
        }
        assert_eq!(csv_rows(&body), local, "{q} on Virtuoso");
    }
    assert_eq!(push().pushed, 0);
    c.ok(&["remove", "--store", "kg", "deqing.txt"]);
    let s = push();
    assert_eq!(s.deleted, 1, "{s:?}");
}
