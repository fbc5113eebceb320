//! `zhkg serve`: the binary listening on a free loopback port over a store written for the test,
//! asked over plain HTTP (raw requests on a `TcpStream`), its answers compared with `zhkg query`'s.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::zhkg;

/// A county bureau's meeting (names invented for the test).
const ARTICLE: &str = "# title: 澄川县公安局召开半年工作会议\n# date: 2024-07-02\n7月2日，澄川县公安局召开半年工作会议。澄川县公安局党委书记、局长岑望舒出席会议并讲话。\n会上，澄川县公安局东渡派出所所长骆海潮介绍了“夜鹭守护”巡防机制。\n澄川县公安局交警大队民警闻溪月荣获全省优秀人民警察称号。\n";

/// A second article, extracted while the server runs.
const LATER: &str = "# title: 澄川县公安局西岭派出所开展走访\n# date: 2024-08-15\n澄川县公安局西岭派出所所长蔺砚秋带队走访辖区企业。\n";

/// A query no store of this size answers in a lifetime: four copies of every quad, crossed.
const SLOW: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

/// A folder with a store holding [`ARTICLE`].
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture { dir: tempfile::tempdir().unwrap() };
        f.extract("meeting.txt", ARTICLE);
        f
    }
    /// A store of every article the repository ships (the sample and the evaluation sets'
    /// documents), on which every shipped query finds something.
    fn with_repository_articles() -> Fixture {
        let f = Fixture { dir: tempfile::tempdir().unwrap() };
        // (the sets whose texts are in the repository)
        let mut sets: Vec<PathBuf> = std::fs::read_dir(repo("tests/eval")).unwrap().map(|e| e.unwrap().path().join("docs")).filter(|d| d.is_dir()).collect();
        sets.sort();
        let out = zhkg().arg("extract").arg("--store").arg(f.store()).arg(repo("data/huzhou-sanneng-interview.txt")).args(&sets).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        f
    }
    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }
    fn extract(&self, name: &str, text: &str) {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = zhkg().arg("extract").arg("--store").arg(self.store()).arg(&path).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    /// `zhkg query` of a query file or text, in a format.
    fn query(&self, query: &str, format: &str) -> Vec<u8> {
        let mut c = zhkg();
        c.arg("query").arg("--store").arg(self.store()).args(["--format", format]);
        if query.ends_with(".rq") {
            c.arg(repo(query));
        } else {
            c.args(["-e", query]);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }
    fn serve(&self, args: &[&str]) -> Server {
        Server::start(&self.store(), "127.0.0.1:0", args)
    }
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `zhkg serve` on a free port, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server and reads its first lines, up to the one naming the endpoint.
    fn start(store: &Path, bind: &str, args: &[&str]) -> Server {
        let mut child = zhkg()
            .arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", bind])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = String::new();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("zhkg serve ended before saying where it listens:\n{seen}");
            };
            seen.push_str(&line);
            seen.push('\n');
            if let Some(rest) = line.strip_prefix("zhkg: endpoint  http://") {
                break rest.trim_end_matches("/sparql").to_string();
            }
        };
        // keep reading the request log, so that the server never blocks on a full pipe
        let log = Arc::new(Mutex::new(seen));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        Server { child, addr, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// One request on its own connection; the answer's status, headers (names lower case) and body.
    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        try_request(&self.addr, method, target, headers, body).unwrap_or_else(|e| panic!("{method} {target}: {e}"))
    }

    fn get(&self, query: &str, accept: &str) -> Answer {
        self.request("GET", &format!("/sparql?query={}", enc(query)), &[("Accept", accept)], b"")
    }

    fn post_form(&self, query: &str, accept: &str) -> Answer {
        let body = format!("query={}", enc(query));
        self.request("POST", "/sparql", &[("Accept", accept), ("Content-Type", "application/x-www-form-urlencoded")], body.as_bytes())
    }

    fn post_query(&self, query: &str, accept: &str) -> Answer {
        self.request("POST", "/query", &[("Accept", accept), ("Content-Type", "application/sparql-query")], query.as_bytes())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request on its own connection to `addr`; no answer within two minutes (connecting, sending,
/// or between two reads of the answer), a connection that fails, or an answer that is no HTTP
/// response, is an error saying which.
fn try_request(addr: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Answer, String> {
    let limit = Duration::from_secs(120);
    let sock = addr.parse().map_err(|e| format!("{addr}: {e}"))?;
    let mut s = TcpStream::connect_timeout(&sock, limit).map_err(|e| format!("connecting: {e}"))?;
    s.set_read_timeout(Some(limit)).unwrap();
    s.set_write_timeout(Some(limit)).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).and_then(|()| s.write_all(body)).map_err(|e| format!("sending: {e}"))?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| format!("reading the answer ({} bytes read): {e}", raw.len()))?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| format!("no header block in {:?}", String::from_utf8_lossy(&raw)))?;
    let head = String::from_utf8(raw[..split].to_vec()).map_err(|e| e.to_string())?;
    let body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).ok_or_else(|| format!("no status line in {head:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let answer = Answer { status, headers, body };
    // (a 204 has no body and, RFC 9110 8.6, no Content-Length)
    if method != "HEAD" && answer.status != 204 {
        assert_eq!(answer.header("content-length").map(|n| n.parse::<usize>().unwrap()), Some(answer.body.len()), "{head}");
    }
    Ok(answer)
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap()
}

/// The shipped queries (`queries/*.rq`), by file name: the path from the repository's root and
/// the text.
fn shipped_queries() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("queries")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "rq")).collect();
    files.sort();
    files.iter().map(|p| (format!("queries/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read_to_string(p).unwrap())).collect()
}

/// The header of a CSV answer, and its rows in sorted order (a query without ORDER BY may list
/// them in another order each time).
fn columns_and_rows(csv: &str) -> (Option<&str>, Vec<&str>) {
    let mut lines = csv.lines();
    let header = lines.next();
    let mut rows: Vec<&str> = lines.collect();
    rows.sort_unstable();
    (header, rows)
}

#[test]
fn serve_answers_get_and_both_posts_as_zhkg_query_does() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    for (file, person_or_unit) in [("queries/people.rq", "岑望舒"), ("queries/units.rq", "东渡派出所")] {
        let text = read(file);
        for (format, accept) in [("csv", "text/csv"), ("json", "application/sparql-results+json")] {
            let expected = f.query(file, format);
            assert!(String::from_utf8_lossy(&expected).contains(person_or_unit), "{file}: {}", String::from_utf8_lossy(&expected));
            for (how, a) in [("GET", s.get(&text, accept)), ("POST form", s.post_form(&text, accept)), ("POST query", s.post_query(&text, accept))] {
                assert_eq!(a.status, 200, "{file} {how}: {}", a.text());
                assert_eq!(a.text(), String::from_utf8(expected.clone()).unwrap(), "{file} {how} {accept}");
            }
        }
    }
    assert!(s.log().contains("POST /query 200"), "{}", s.log());
}

#[test]
fn serve_writes_each_format_by_accept() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let people = read("queries/people.rq");
    for (accept, format, content_type) in [
        ("application/sparql-results+json", "json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
        ("text/csv", "csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
        // a wildcard gets JSON, a q-value decides between two
        ("*/*", "json", "application/sparql-results+json"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.8", "xml", "application/sparql-results+xml"),
    ] {
        let a = s.get(&people, accept);
        assert_eq!((a.status, a.header("content-type")), (200, Some(content_type)), "{accept}");
        assert_eq!(a.body, f.query("queries/people.rq", format), "{accept}");
    }
    let construct = "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p a foaf:Person ; foaf:name ?n }";
    let turtle = s.get(construct, "text/turtle");
    assert_eq!((turtle.status, turtle.header("content-type")), (200, Some("text/turtle; charset=utf-8")));
    assert!(turtle.text().contains("\"骆海潮\""), "{}", turtle.text());
    // zhkg query prints CONSTRUCT answers as Turtle too
    assert_eq!(turtle.body, f.query(construct, "csv"));
    let nt = s.get(construct, "application/n-triples, text/turtle;q=0.5");
    assert_eq!(nt.header("content-type"), Some("application/n-triples"));
    assert!(nt.text().lines().all(|l| l.starts_with('<') && l.ends_with(" .")), "{}", nt.text());
    // format= overrides Accept
    let csv = s.request("GET", &format!("/sparql?query={}&format=csv", enc(&people)), &[("Accept", "application/sparql-results+json")], b"");
    assert_eq!(csv.body, f.query("queries/people.rq", "csv"));
}

#[test]
fn serve_refuses_unsatisfiable_accept_bad_syntax_and_updates() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let none = s.get(&read("queries/people.rq"), "image/png");
    assert_eq!(none.status, 406, "{}", none.text());
    assert!(none.text().contains("application/sparql-results+json"), "{}", none.text());

    let bad = s.get("SELECT ?name\nWHERE { ?p foaf:name ?name ", "application/sparql-results+json");
    assert_eq!(bad.status, 400);
    assert!(bad.text().starts_with("SPARQL syntax error at line 2, column "), "{}", bad.text());
    assert!(bad.text().contains("| WHERE { ?p foaf:name ?name"), "{}", bad.text());

    let count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let before = s.get(count, "text/csv").text();
    let update = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> \"x\" } }";
    let refused = [
        s.request("POST", "/sparql", &[("Content-Type", "application/x-www-form-urlencoded")], format!("update={}", enc(update)).as_bytes()),
        s.request("POST", "/sparql", &[("Content-Type", "application/sparql-update")], update.as_bytes()),
        s.post_form(update, "*/*"),
    ];
    for a in refused {
        assert_eq!(a.status, 403, "{}", a.text());
        assert!(a.text().contains("read-only"), "{}", a.text());
    }
    assert_eq!(s.get(count, "text/csv").text(), before);
}

#[test]
fn serve_sends_cors_headers_and_answers_preflight() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let a = s.get("ASK { ?p foaf:name ?n FILTER(STR(?n) = \"闻溪月\") }", "application/sparql-results+json");
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    assert!(a.text().contains("true"), "{}", a.text());
    let pre = s.request(
        "OPTIONS",
        "/sparql",
        &[("Origin", "http://localhost:3000"), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")],
        b"",
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-origin"), Some("*"));
    assert_eq!(pre.header("access-control-allow-methods"), Some("GET, POST, OPTIONS"));
    assert_eq!(pre.header("access-control-allow-headers"), Some("Content-Type, Accept"));
    drop(s);
    let only = f.serve(&["--allow-origin", "http://localhost:3000"]);
    let a = only.get("ASK {}", "*/*");
    assert_eq!(a.header("access-control-allow-origin"), Some("http://localhost:3000"));
}

#[test]
fn serve_cancels_a_query_past_the_timeout_and_goes_on_answering() {
    let f = Fixture::new();
    let s = f.serve(&["--timeout", "1"]);
    let slow = s.post_form(SLOW, "application/sparql-results+json");
    assert_eq!(slow.status, 503, "{}", slow.text());
    assert!(slow.text().contains("time limit"), "{}", slow.text());
    let next = s.get(&read("queries/people.rq"), "text/csv");
    assert_eq!(next.status, 200);
    assert!(next.text().contains("岑望舒"));
}

#[test]
fn serve_serves_the_page_and_its_examples() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let page = s.request("GET", "/", &[], b"");
    assert_eq!((page.status, page.header("content-type")), (200, Some("text/html; charset=utf-8")));
    assert!(page.text().contains("<textarea") && page.text().contains("page.js"), "{}", page.text());
    for path in ["/page.js", "/page.css"] {
        assert_eq!(s.request("GET", path, &[], b"").status, 200, "{path}");
    }
    let examples = s.request("GET", "/examples.json", &[], b"").text();
    assert!(examples.contains("\"people.rq\"") && examples.contains("\"units.rq\""), "{examples}");
    assert_eq!(s.request("GET", "/missing", &[], b"").status, 404);
}

#[test]
fn serve_follows_the_store_when_an_extract_runs_beside_it() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let people = read("queries/people.rq");
    assert!(!s.get(&people, "text/csv").text().contains("蔺砚秋"));
    f.extract("later.txt", LATER);
    let after = s.get(&people, "text/csv");
    assert_eq!(after.status, 200, "{}", after.text());
    assert!(after.text().contains("蔺砚秋") && after.text().contains("岑望舒"), "{}", after.text());
    assert_eq!(after.body, f.query("queries/people.rq", "csv"));
}

#[test]
fn serve_says_where_it_listens_and_warns_off_loopback() {
    let f = Fixture::new();
    let s = f.serve(&[]);
    let log = s.log();
    assert!(log.contains("read-only"), "{log}");
    assert!(log.contains(&format!("zhkg: page      http://{}/", s.addr)), "{log}");
    assert!(!log.contains("warning"), "{log}");
    assert!(log.contains(&format!("zhkg: listening on loopback ({}): only this machine can connect", s.addr)), "{log}");
    // the same port again: refused with the reason
    let out = zhkg().arg("serve").arg("--store").arg(f.store()).args(["--bind", &s.addr]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on"), "{}", String::from_utf8_lossy(&out.stderr));
    // any address: served, with a warning (said before the address)
    let all = Server::start(&f.store(), "0.0.0.0:0", &[]);
    assert!(all.log().contains("zhkg: warning: 0.0.0.0:"), "{}", all.log());
    assert!(all.log().contains("not a loopback address"), "{}", all.log());
    drop(all);
    // no store: an error before listening
    let out = zhkg().arg("serve").arg("--store").arg(f.dir.path().join("none")).args(["--bind", "127.0.0.1:0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store here"));
}

#[test]
fn serve_under_32_concurrent_clients_answers_each_shipped_query_or_refuses_it_with_503() {
    let f = Fixture::with_repository_articles();
    let s = f.serve(&["--timeout", "5"]);
    let queries = shipped_queries();
    // 32 clients at once, each with 4 shipped queries from its own place in the list, by GET and
    // by POST in turn: more requests than the server runs at once or has threads for
    let results: Vec<(usize, Result<Answer, String>)> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..32)
            .map(|c| {
                let (addr, queries) = (&s.addr, &queries);
                scope.spawn(move || {
                    (0..4)
                        .map(|k| {
                            let q = (c * 4 + k) % queries.len();
                            let text = &queries[q].1;
                            let accept = [("Accept", "text/csv")];
                            let answer = if k % 2 == 0 {
                                try_request(addr, "GET", &format!("/sparql?query={}", enc(text)), &accept, b"")
                            } else {
                                try_request(addr, "POST", "/sparql", &[accept[0], ("Content-Type", "application/sparql-query")], text.as_bytes())
                            };
                            (q, answer)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        clients.into_iter().flat_map(|c| c.join().unwrap()).collect()
    });
    assert_eq!(results.len(), 128);
    let mut answered: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (q, result) in results {
        let name = &queries[q].0;
        match result {
            Ok(a) if a.status == 200 => {
                assert_eq!(a.header("content-type"), Some("text/csv; charset=utf-8"), "{name}");
                answered.entry(q).or_default().push(a.text());
            }
            // refused: cancelled at the time limit, or busy (every slot taken and the queue full,
            // or no slot within the time limit); either way said so
            Ok(a) if a.status == 503 => assert!(a.text().contains("time limit") || a.text().starts_with("busy: "), "{name}: {}", a.text()),
            Ok(a) => panic!("{name}: {} {}", a.status, a.text()),
            Err(e) => panic!("{name}: no answer: {e}"),
        }
    }
    assert!(!answered.is_empty(), "none of the 128 requests was answered");
    for (q, bodies) in &answered {
        let name = &queries[*q].0;
        let expected = String::from_utf8(f.query(name, "csv")).unwrap();
        let (columns, rows) = columns_and_rows(&expected);
        assert!(columns.is_some_and(|c| !c.is_empty()), "{name}: {expected}");
        for body in bodies {
            let (got_columns, got_rows) = columns_and_rows(body);
            assert_eq!(got_columns, columns, "{name}: the columns");
            assert_eq!(got_rows, rows, "{name}: the rows");
        }
    }
    // and it goes on answering
    let after = s.get(&read("queries/people.rq"), "text/csv");
    assert_eq!(after.status, 200, "{}", after.text());
    assert_eq!(after.body, f.query("queries/people.rq", "csv"));
}

/// A client that keeps its connection between requests, as browsers and SPARQLWrapper do, and
/// opens a new one when the server closed it. Reads wait 30 s at most: a guard against a hang.
struct KeepAlive {
    addr: String,
    conn: Option<BufReader<TcpStream>>,
}

impl KeepAlive {
    fn new(addr: &str) -> KeepAlive {
        KeepAlive { addr: addr.to_string(), conn: None }
    }

    /// A GET of a query on the kept connection (a new one when there is none).
    fn get(&mut self, query: &str) -> Result<Answer, String> {
        if self.conn.is_none() {
            let s = TcpStream::connect(&self.addr).map_err(|e| format!("connecting: {e}"))?;
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            self.conn = Some(BufReader::new(s));
        }
        let conn = self.conn.as_mut().unwrap();
        let head = format!("GET /sparql?query={} HTTP/1.1\r\nHost: {}\r\nAccept: text/csv\r\n\r\n", enc(query), self.addr);
        conn.get_mut().write_all(head.as_bytes()).map_err(|e| format!("sending: {e}"))?;
        let mut status_line = String::new();
        conn.read_line(&mut status_line).map_err(|e| format!("reading the status line: {e}"))?;
        let status = status_line.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| format!("no status line: {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            conn.read_line(&mut line).map_err(|e| format!("reading the headers: {e}"))?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (k, v) = line.split_once(':').ok_or_else(|| format!("not a header: {line:?}"))?;
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let length: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).ok_or("no Content-Length")?;
        let mut body = vec![0; length];
        conn.read_exact(&mut body).map_err(|e| format!("reading the body: {e}"))?;
        let answer = Answer { status, headers, body };
        if answer.header("connection") == Some("close") {
            self.conn = None;
        }
        Ok(answer)
    }
}

/// The most queries the server runs at once and the most that wait, as it says when it starts.
fn limits(log: &str) -> (usize, usize) {
    let line = log.lines().find(|l| l.contains(" run at once and ")).unwrap_or_else(|| panic!("no limits in the log:\n{log}"));
    let number_after = |what: &str| line.split(what).nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    (number_after("at most "), number_after("run at once and "))
}

#[test]
fn serve_answers_every_keep_alive_client_of_a_burst_of_slow_queries_and_a_newcomer_with_200_or_503() {
    let f = Fixture::new();
    let s = f.serve(&["--timeout", "2"]);
    // the line after the endpoint's, which the server may not have written yet
    let mut log = s.log();
    for _ in 0..300 {
        if log.contains(" run at once and ") {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
        log = s.log();
    }
    let (running, waiting) = limits(&log);
    // more slow queries at once than run and wait together: the rest are refused at once
    let clients = running + waiting + 8;
    let people = read("queries/people.rq");
    let expected = f.query("queries/people.rq", "csv");
    let (burst, newcomer) = std::thread::scope(|scope| {
        let burst: Vec<_> = (0..clients)
            .map(|_| {
                let addr = &s.addr;
                let people = &people;
                scope.spawn(move || {
                    // on one connection (kept unless the server closes it): a slow query, then a quick one
                    let mut c = KeepAlive::new(addr);
                    [c.get(SLOW), c.get(people)]
                })
            })
            .collect();
        // a client that connects in the middle of the burst
        let newcomer = KeepAlive::new(&s.addr).get(&people);
        (burst.into_iter().flat_map(|h| h.join().unwrap()).collect::<Vec<_>>(), newcomer)
    });
    let mut queue_full = 0;
    for (i, answer) in burst.into_iter().chain([newcomer]).enumerate() {
        let a = answer.unwrap_or_else(|e| panic!("request {i}: no answer: {e}"));
        match a.status {
            200 => assert_eq!(a.body, expected, "request {i}"),
            503 => {
                assert_eq!(a.header("content-type"), Some("text/plain; charset=utf-8"), "request {i}");
                if a.text().starts_with("busy: ") {
                    assert!(a.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok()), "request {i}: {:?}", a.headers);
                    queue_full += usize::from(a.text().contains("waiting for one"));
                } else {
                    assert!(a.text().contains("time limit"), "request {i}: {}", a.text());
                }
            }
            other => panic!("request {i}: {other} {}", a.text()),
        }
    }
    assert!(queue_full > 0, "none of {clients} slow queries at once found the queue full ({running} run, {waiting} wait)");
    // and it goes on answering: the page at once; a query as soon as a slot is free, and until
    // then with 503 (a cancelled SLOW holds its slot until its evaluation next reads the store,
    // which a join of what was read already may not do for a long while)
    assert_eq!(s.request("GET", "/", &[], b"").status, 200);
    let after = KeepAlive::new(&s.addr).get(&people).expect("an answer");
    assert!(after.status == 200 && after.body == expected || after.status == 503, "{} {}", after.status, after.text());
}
