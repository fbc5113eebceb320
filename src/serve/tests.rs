//! The endpoint on plain requests over an in-memory store (the binary over a socket is tested in
//! `tests/it/serve.rs`).

use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use std::time::{Duration, Instant};

use super::negotiate::{by_name, choose, NegotiationError};
use super::run::{Busy, Slots};
use std::sync::Arc;
use super::*;
use crate::graph::vocab::{FOAF, RDF};
use crate::store::Store;

const G1: &str = "https://w3id.org/zhkg/graph/t1";
const G2: &str = "https://w3id.org/zhkg/graph/t2";

/// Two documents' graphs: 林晓明 in the first, 周雨桐 in the second.
fn store() -> Store {
    let st = Store::in_memory().unwrap();
    for (g, id, name) in [(G1, "p1", "林晓明"), (G2, "p2", "周雨桐")] {
        let s = NamedNode::new(format!("https://w3id.org/zhkg/id/person/{id}")).unwrap();
        let g = GraphName::NamedNode(NamedNode::new(g).unwrap());
        st.inner().insert(&Quad::new(s.clone(), NamedNode::new(format!("{RDF}type")).unwrap(), NamedNode::new(format!("{FOAF}Person")).unwrap(), g.clone())).unwrap();
        st.inner().insert(&Quad::new(s, NamedNode::new(format!("{FOAF}name")).unwrap(), Literal::new_simple_literal(name), g)).unwrap();
    }
    st
}

fn endpoint_with(options: ServeOptions) -> Endpoint {
    Endpoint::new(LiveStore::fixed(store()), options)
}

fn endpoint() -> Endpoint {
    endpoint_with(ServeOptions::default())
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn get(q: &str) -> Request {
    Request::new("GET", &format!("/sparql?query={}", enc(q)))
}

fn body(r: &Response) -> String {
    String::from_utf8(r.body.clone()).unwrap()
}

const NAMES: &str = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name";

#[test]
fn accept_headers_choose_by_weight_and_specificity() {
    use Format::*;
    let r = AnswerKind::Results;
    let g = AnswerKind::Graph;
    assert_eq!(choose(None, r), Ok(Json));
    assert_eq!(choose(Some(""), g), Ok(Turtle));
    assert_eq!(choose(Some("*/*"), r), Ok(Json));
    assert_eq!(choose(Some("*/*"), g), Ok(Turtle));
    assert_eq!(choose(Some("text/csv"), r), Ok(Csv));
    assert_eq!(choose(Some("application/sparql-results+xml;q=0.5, text/csv;q=0.9"), r), Ok(Csv));
    assert_eq!(choose(Some("text/*"), r), Ok(Csv));
    assert_eq!(choose(Some("TEXT/Tab-Separated-Values"), r), Ok(Tsv));
    // a browser's navigation Accept: XML outweighs the wildcard
    assert_eq!(choose(Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), r), Ok(Xml));
    assert_eq!(choose(Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), g), Ok(RdfXml));
    // the more specific range decides: JSON refused, everything else welcome
    assert_eq!(choose(Some("application/sparql-results+json;q=0, application/json;q=0, */*"), r), Ok(Xml));
    assert_eq!(choose(Some("text/turtle;q=0, */*;q=0.1"), g), Ok(NTriples));
    assert_eq!(choose(Some("application/ld+json"), g), Ok(JsonLd));
    assert!(matches!(choose(Some("image/png"), r), Err(NegotiationError::NotAcceptable { .. })));
    assert!(matches!(choose(Some("text/csv"), g), Err(NegotiationError::NotAcceptable { .. })));
    assert!(matches!(choose(Some("*/*;q=0"), r), Err(NegotiationError::NotAcceptable { .. })));
}

#[test]
fn format_names_depend_on_the_query_form() {
    assert_eq!(by_name("csv", AnswerKind::Results), Ok(Format::Csv));
    assert_eq!(by_name("xml", AnswerKind::Results), Ok(Format::Xml));
    assert_eq!(by_name("xml", AnswerKind::Graph), Ok(Format::RdfXml));
    assert_eq!(by_name("json", AnswerKind::Graph), Ok(Format::JsonLd));
    assert_eq!(by_name("text/turtle", AnswerKind::Graph), Ok(Format::Turtle));
    assert!(matches!(by_name("csv", AnswerKind::Graph), Err(NegotiationError::NotAcceptable { .. })));
    assert!(matches!(by_name("yaml", AnswerKind::Results), Err(NegotiationError::UnknownName(_))));
}

#[test]
fn get_form_post_and_query_post_give_the_same_answer() {
    let ep = endpoint();
    let a = ep.handle(&get(NAMES));
    assert_eq!(a.status, 200, "{}", body(&a));
    assert_eq!(a.header("content-type"), Some("application/sparql-results+json"));
    let text = body(&a);
    assert!(text.contains("林晓明") && text.contains("周雨桐"), "{text}");
    let form = Request::new("POST", "/sparql")
        .with_header("Content-Type", "application/x-www-form-urlencoded")
        .with_body(format!("query={}", enc(NAMES)));
    let direct = Request::new("POST", "/query").with_header("Content-Type", "application/sparql-query; charset=utf-8").with_body(NAMES);
    for r in [form, direct] {
        let b = ep.handle(&r);
        assert_eq!(b.status, 200, "{}", body(&b));
        assert_eq!(b.body, a.body);
    }
}

#[test]
fn each_format_is_written_as_negotiated() {
    let ep = endpoint();
    for (accept, ctype, needle) in [
        ("application/sparql-results+json", "application/sparql-results+json", "\"bindings\""),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("text/csv", "text/csv; charset=utf-8", "name\r\n周雨桐\r\n林晓明"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?name\n\"周雨桐\"\n\"林晓明\"\n"),
    ] {
        let r = ep.handle(&get(NAMES).with_header("Accept", accept));
        assert_eq!((r.status, r.header("content-type")), (200, Some(ctype)), "{accept}");
        assert!(body(&r).contains(needle), "{accept}: {}", body(&r));
        assert_eq!(r.header("vary"), Some("Accept"));
    }
    let construct = "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }";
    for (accept, ctype, needle) in [
        ("*/*", "text/turtle; charset=utf-8", "person:p1 foaf:name \"林晓明\""),
        ("application/n-triples", "application/n-triples", "<https://w3id.org/zhkg/id/person/p2> <http://xmlns.com/foaf/0.1/name> \"周雨桐\" ."),
        ("application/rdf+xml", "application/rdf+xml", "周雨桐</foaf:name>"),
        ("application/ld+json", "application/ld+json", "\"周雨桐\""),
    ] {
        let r = ep.handle(&get(construct).with_header("Accept", accept));
        assert_eq!((r.status, r.header("content-type")), (200, Some(ctype)), "{accept}: {}", body(&r));
        assert!(body(&r).contains(needle), "{accept}: {}", body(&r));
    }
    // format= overrides Accept
    let r = ep.handle(&Request::new("GET", &format!("/sparql?query={}&format=csv", enc(NAMES))).with_header("Accept", "application/sparql-results+json"));
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    let ask = ep.handle(&get("ASK { ?p foaf:name \"林晓明\" }"));
    assert_eq!(body(&ask).replace(' ', ""), "{\"head\":{},\"boolean\":true}");
}

#[test]
fn unsatisfiable_accept_is_406_and_bad_format_name_400() {
    let ep = endpoint();
    let r = ep.handle(&get(NAMES).with_header("Accept", "image/png"));
    assert_eq!(r.status, 406);
    assert!(body(&r).contains("text/csv"), "{}", body(&r));
    let r = ep.handle(&get("CONSTRUCT WHERE { ?s ?p ?o }").with_header("Accept", "text/csv"));
    assert_eq!(r.status, 406);
    let r = ep.handle(&Request::new("GET", &format!("/sparql?query={}&format=yaml", enc(NAMES))));
    assert_eq!(r.status, 400);
}

#[test]
fn a_syntax_error_is_400_with_line_column_and_caret() {
    let r = endpoint().handle(&get("SELECT ?x\nWHERE { ?x ?y }"));
    assert_eq!(r.status, 400);
    let text = body(&r);
    assert!(text.starts_with("SPARQL syntax error at line 2, column "), "{text}");
    assert!(text.contains("  | WHERE { ?x ?y }\n  | "), "{text}");
    assert!(text.trim_end().ends_with('^'), "{text}");
}

#[test]
fn updates_are_refused_in_every_form() {
    let ep = endpoint();
    let update = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }";
    let requests = [
        Request::new("POST", "/sparql").with_header("Content-Type", "application/x-www-form-urlencoded").with_body(format!("update={}", enc(update))),
        Request::new("POST", "/sparql").with_header("Content-Type", "application/sparql-update").with_body(update),
        get(update),
        Request::new("POST", "/update").with_header("Content-Type", "application/sparql-update").with_body(update),
    ];
    for r in requests {
        let resp = ep.handle(&r);
        assert_eq!(resp.status, 403, "{}", body(&resp));
        assert!(body(&resp).contains("read-only"));
    }
    let count = ep.handle(&get("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").with_header("Accept", "text/csv"));
    // the four quads of the two documents and the store's schema marker: nothing was added
    assert_eq!(body(&count), "n\r\n5\r\n");
}

#[test]
fn malformed_requests_get_4xx_with_a_reason() {
    let ep = endpoint();
    let cases = [
        (Request::new("GET", "/sparql"), 400),
        (Request::new("GET", &format!("/sparql?query={}&query={}", enc(NAMES), enc(NAMES))), 400),
        (Request::new("GET", "/sparql?query=%20"), 400),
        (Request::new("PUT", "/sparql").with_body(NAMES), 405),
        (Request::new("POST", "/sparql").with_header("Content-Type", "text/plain").with_body(NAMES), 415),
        (Request::new("POST", "/sparql").with_body(NAMES), 415),
        (Request::new("GET", &format!("/sparql?query={}&default-graph-uri=not%20an%20iri", enc(NAMES))), 400),
        (Request::new("GET", "/nothing-here"), 404),
        (Request::new("POST", "/"), 405),
    ];
    for (req, status) in cases {
        let r = ep.handle(&req);
        assert_eq!(r.status, status, "{} {}: {}", req.method, req.target, body(&r));
        assert!(!r.body.is_empty());
    }
    assert_eq!(ep.handle(&Request::new("PUT", "/sparql")).header("allow"), Some("GET, POST, OPTIONS"));
}

#[test]
fn the_request_dataset_replaces_the_union() {
    let ep = endpoint();
    let q = |params: &str| {
        let r = ep.handle(&Request::new("GET", &format!("/sparql?query={}{params}", enc(NAMES))).with_header("Accept", "text/csv"));
        assert_eq!(r.status, 200, "{}", body(&r));
        body(&r)
    };
    // (in code point order: 周 before 林)
    assert_eq!(q(""), "name\r\n周雨桐\r\n林晓明\r\n");
    assert_eq!(q(&format!("&default-graph-uri={}", enc(G2))), "name\r\n周雨桐\r\n");
    assert_eq!(q(&format!("&default-graph-uri={}&default-graph-uri={}", enc(G1), enc(G2))), "name\r\n周雨桐\r\n林晓明\r\n");
    // only named graphs: the default graph is empty, GRAPH sees the named ones
    assert_eq!(q(&format!("&named-graph-uri={}", enc(G1))), "name\r\n");
    let graphs = "SELECT ?name WHERE { GRAPH ?g { ?p foaf:name ?name } } ORDER BY ?name";
    let r = ep.handle(&Request::new("GET", &format!("/sparql?query={}&named-graph-uri={}", enc(graphs), enc(G1))).with_header("Accept", "text/csv"));
    assert_eq!(body(&r), "name\r\n林晓明\r\n");
    // the query's own FROM is honoured when the request states no dataset
    let from = format!("SELECT ?name FROM <{G1}> WHERE {{ ?p foaf:name ?name }}");
    assert_eq!(body(&ep.handle(&get(&from).with_header("Accept", "text/csv"))), "name\r\n林晓明\r\n");
}

#[test]
fn cors_headers_on_answers_errors_and_preflight() {
    let ep = endpoint();
    for r in [get(NAMES), get("SELECT"), Request::new("GET", "/")] {
        assert_eq!(ep.handle(&r).header("access-control-allow-origin"), Some("*"));
    }
    let pre = ep.handle(
        &Request::new("OPTIONS", "/sparql")
            .with_header("Origin", "http://localhost:3000")
            .with_header("Access-Control-Request-Method", "POST")
            .with_header("Access-Control-Request-Headers", "content-type"),
    );
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("access-control-allow-methods"), Some("GET, POST, OPTIONS"));
    assert_eq!(pre.header("access-control-allow-headers"), Some("Content-Type, Accept"));
    let only = endpoint_with(ServeOptions { allow_origin: "http://localhost:3000".into(), ..ServeOptions::default() });
    let r = only.handle(&get(NAMES));
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));
    assert_eq!(r.header("vary"), Some("Accept"));
    assert!(r.headers.iter().any(|(n, v)| n == "Vary" && v == "Origin"));
}

#[test]
fn the_page_and_its_examples_are_served() {
    let ep = endpoint();
    let page = ep.handle(&Request::new("GET", "/"));
    assert_eq!((page.status, page.header("content-type")), (200, Some("text/html; charset=utf-8")));
    assert!(body(&page).contains("<textarea"));
    for (path, ctype) in [("/page.js", "text/javascript; charset=utf-8"), ("/page.css", "text/css; charset=utf-8"), ("/examples.json", "application/json")] {
        let r = ep.handle(&Request::new("GET", path));
        assert_eq!((r.status, r.header("content-type")), (200, Some(ctype)), "{path}");
    }
    let ex: serde_json::Value = serde_json::from_slice(&ep.handle(&Request::new("GET", "/examples.json")).body).unwrap();
    assert_eq!(ex["first"], "people.rq");
    assert_eq!(ex["prefixes"]["foaf"], FOAF);
    let people = ex["queries"].as_array().unwrap().iter().find(|q| q["name"] == "people.rq").unwrap();
    assert_eq!(people["text"].as_str().unwrap(), include_str!("../../queries/people.rq"));
}

#[test]
fn every_shipped_query_is_an_example_and_parses() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".rq"))
        .collect();
    files.sort();
    let listed: Vec<&str> = crate::query::SHIPPED.iter().map(|(n, _)| *n).collect();
    assert_eq!(listed, files, "query::SHIPPED lists the query files");
    let ep = endpoint();
    for (name, text) in crate::query::SHIPPED {
        let r = ep.handle(&get(text));
        assert_eq!(r.status, 200, "{name}: {}", body(&r));
    }
}

#[test]
fn a_slow_query_is_answered_503_at_the_time_limit() {
    // a three-way cross join of every quad with a few hundred quads: minutes of work
    let st = store();
    let g = GraphName::NamedNode(NamedNode::new(G1).unwrap());
    for i in 0..400 {
        let s = NamedNode::new(format!("https://example.org/s{i}")).unwrap();
        st.inner().insert(&Quad::new(s.clone(), s.clone(), Literal::from(i), g.clone())).unwrap();
    }
    let ep = Endpoint::new(LiveStore::fixed(st), ServeOptions { timeout: Duration::from_millis(300), ..ServeOptions::default() });
    let r = ep.handle(&get("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"));
    assert_eq!(r.status, 503, "{}", body(&r));
    assert!(body(&r).contains("time limit"), "{}", body(&r));
}

#[test]
fn slots_bound_the_evaluations_at_once() {
    let slots = Slots::new(2, 0);
    let a = slots.acquire(Instant::now() + Duration::from_secs(1)).unwrap();
    let _b = slots.acquire(Instant::now() + Duration::from_secs(1)).unwrap();
    assert_eq!(slots.running(), 2);
    // no room to wait: refused at once, however far the deadline
    assert_eq!(slots.acquire(Instant::now() + Duration::from_secs(60)).err(), Some(Busy::QueueFull));
    drop(a);
    assert!(slots.acquire(Instant::now()).is_ok());
}

#[test]
fn a_request_waits_in_a_bounded_queue_and_gets_the_slot_freed() {
    let slots = Slots::new(1, 1);
    let held = slots.acquire(Instant::now()).unwrap();
    // one waits (a deadline far enough not to be reached in a test) …
    let waiter = {
        let slots = Arc::clone(&slots);
        std::thread::spawn(move || slots.acquire(Instant::now() + Duration::from_secs(60)).map(|_| ()))
    };
    while slots.waiting() == 0 {
        std::thread::yield_now();
    }
    // … the next finds the queue full, and one whose deadline passes gives up
    assert_eq!(slots.acquire(Instant::now() + Duration::from_secs(60)).err(), Some(Busy::QueueFull));
    drop(held);
    assert_eq!(waiter.join().unwrap(), Ok(()));
    assert_eq!((slots.running(), slots.waiting()), (0, 0));
    let _held = slots.acquire(Instant::now()).unwrap();
    assert_eq!(slots.acquire(Instant::now()).err(), Some(Busy::TimedOut));
    assert_eq!(slots.waiting(), 0);
}

#[test]
fn a_query_finding_every_slot_taken_and_the_queue_full_is_refused_503_with_retry_after() {
    let ep = endpoint_with(ServeOptions { max_running: 1, max_waiting: 0, timeout: Duration::from_secs(60), ..ServeOptions::default() });
    let held = ep.slots().acquire(Instant::now()).unwrap();
    let r = ep.handle(&get(NAMES));
    assert_eq!(r.status, 503, "{}", body(&r));
    assert!(body(&r).starts_with("busy: 1 queries are running") && body(&r).contains("waiting for one"), "{}", body(&r));
    assert_eq!(r.header("retry-after"), Some("5"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    // the page and preflights need no slot
    assert_eq!(ep.handle(&Request::new("GET", "/")).status, 200);
    drop(held);
    assert_eq!(ep.handle(&get(NAMES)).status, 200);
}

#[test]
fn too_large_an_answer_is_refused_with_a_hint() {
    let ep = endpoint_with(ServeOptions { max_response_bytes: 20, ..ServeOptions::default() });
    let r = ep.handle(&get(NAMES));
    assert_eq!(r.status, 500);
    assert!(body(&r).contains("LIMIT"), "{}", body(&r));
}

// ---- over a socket: the HTTP layer (server.rs) ----

/// The server on a free loopback port, with room for `connections` connections, on a thread that
/// lives as long as the test process.
fn listen(ep: Endpoint, connections: usize) -> std::net::SocketAddr {
    let server = Server::bind("127.0.0.1:0", ep).unwrap();
    let addr = server.local_addr();
    std::thread::spawn(move || server.run(connections, |_: &Exchange| {}));
    addr
}

/// A client connection; reads wait 30 s at most (a guard against a hang, not a measure).
struct Client {
    reader: std::io::BufReader<std::net::TcpStream>,
    stream: std::net::TcpStream,
}

/// An answer read off a connection: status, headers (names lower case), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl Client {
    fn connect(addr: std::net::SocketAddr) -> Client {
        let stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        Client { reader: std::io::BufReader::new(stream.try_clone().unwrap()), stream }
    }

    fn send(&mut self, raw: &[u8]) {
        use std::io::Write;
        self.stream.write_all(raw).unwrap();
    }

    fn get(&mut self, target: &str, extra: &str) {
        self.send(format!("GET {target} HTTP/1.1\r\nHost: t\r\nAccept: text/csv\r\n{extra}\r\n").as_bytes());
    }

    /// The next answer; for a HEAD request the body is not read.
    fn answer(&mut self, head_only: bool) -> Answer {
        use std::io::{BufRead, Read};
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("an answer within 30 s");
        let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status line: {line:?}"));
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':').unwrap();
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
        let mut answer = Answer { status, headers, body: String::new() };
        let length: usize = answer.header("content-length").map_or(0, |n| n.parse().unwrap());
        if !head_only {
            let mut body = vec![0u8; length];
            self.reader.read_exact(&mut body).unwrap();
            answer.body = String::from_utf8(body).unwrap();
        }
        answer
    }

    /// Whether the server closed the connection (nothing more to read, or reset), rather than
    /// leaving it open (nothing for 30 s).
    fn closed(&mut self) -> bool {
        use std::io::Read;
        match self.reader.read(&mut [0u8; 1]) {
            Ok(n) => n == 0,
            Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
        }
    }
}

fn target(q: &str) -> String {
    format!("/sparql?query={}", enc(q))
}

#[test]
fn over_a_socket_a_connection_is_kept_for_requests_in_turn_chunked_posts_and_head() {
    let addr = listen(endpoint(), 16);
    let mut c = Client::connect(addr);
    c.get(&target(NAMES), "");
    let a = c.answer(false);
    assert_eq!((a.status, a.body.as_str()), (200, "name\r\n周雨桐\r\n林晓明\r\n"));
    assert_eq!(a.header("access-control-allow-origin"), Some("*"));
    assert!(a.header("date").is_some() && a.header("connection").is_none(), "{:?}", a.headers);
    // on the same connection: the query POSTed in chunks, after asking whether to go on
    let q = NAMES.as_bytes();
    c.send(b"POST /sparql HTTP/1.1\r\nHost: t\r\nAccept: text/csv\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
    let go_on = c.answer(false);
    assert_eq!(go_on.status, 100);
    c.send(format!("{:x}\r\n", 10).as_bytes());
    c.send(&q[..10]);
    c.send(format!("\r\n{:x};ext=1\r\n", q.len() - 10).as_bytes());
    c.send(&q[10..]);
    c.send(b"\r\n0\r\n\r\n");
    let b = c.answer(false);
    assert_eq!((b.status, b.body.as_str()), (200, a.body.as_str()));
    // HEAD: the headers only; and the client's close is honoured
    c.send(format!("HEAD {} HTTP/1.1\r\nHost: t\r\nAccept: text/csv\r\nConnection: close\r\n\r\n", target(NAMES)).as_bytes());
    let h = c.answer(true);
    assert_eq!((h.status, h.header("content-length")), (200, Some(a.body.len().to_string().as_str())));
    assert_eq!(h.header("connection"), Some("close"));
    assert!(c.closed());
}

#[test]
fn over_a_socket_requests_that_cannot_be_read_are_answered_4xx_and_closed() {
    let addr = listen(endpoint(), 16);
    let mut c = Client::connect(addr);
    c.send(b"this is no request\r\n\r\n");
    let a = c.answer(false);
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(c.closed());
    let mut c = Client::connect(addr);
    c.send(format!("POST /sparql HTTP/1.1\r\nHost: t\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n", MAX_REQUEST_BYTES + 1).as_bytes());
    let a = c.answer(false);
    assert_eq!(a.status, 413, "{}", a.body);
    assert!(a.body.contains("MiB"), "{}", a.body);
}

#[test]
fn over_a_socket_a_query_finding_every_slot_taken_is_refused_503_at_once_and_the_connection_closed() {
    // a time limit longer than the client's guard: a request left waiting for the slot would
    // fail the test rather than be refused at the limit
    let ep = endpoint_with(ServeOptions { max_running: 1, max_waiting: 0, timeout: Duration::from_secs(120), ..ServeOptions::default() });
    let held = ep.slots().acquire(Instant::now()).unwrap();
    let addr = listen(ep, 16);
    let mut c = Client::connect(addr);
    c.get(&target(NAMES), "");
    let a = c.answer(false);
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.body.starts_with("busy:"), "{}", a.body);
    assert_eq!(a.header("retry-after"), Some("5"));
    assert_eq!(a.header("content-type"), Some("text/plain; charset=utf-8"));
    // the server is saturated: the client is asked to come back on a new connection
    assert_eq!(a.header("connection"), Some("close"));
    assert!(c.closed());
    drop(held);
    let mut c = Client::connect(addr);
    c.get(&target(NAMES), "");
    assert_eq!(c.answer(false).status, 200);
}

#[test]
fn over_a_socket_a_connection_opened_beside_many_kept_alive_ones_is_answered() {
    let addr = listen(endpoint(), 256);
    // a burst of connections, each answered once (the examples: no query slot needed, so none is
    // refused) and then kept open without a word
    let mut kept: Vec<Client> = (0..48).map(|_| Client::connect(addr)).collect();
    for c in &mut kept {
        c.get("/examples.json", "");
    }
    for c in &mut kept {
        let a = c.answer(false);
        assert_eq!((a.status, a.header("connection")), (200, None));
    }
    // a newcomer is not queued behind them
    let mut late = Client::connect(addr);
    late.get(&target(NAMES), "Connection: close\r\n");
    assert_eq!(late.answer(false).status, 200);
    // and each of them still gets a second answer on its own connection
    for c in &mut kept {
        c.get(&target("ASK {}"), "");
    }
    for c in &mut kept {
        let a = c.answer(false);
        assert!(a.status == 200 || a.status == 503, "{} {}", a.status, a.body);
    }
}

#[test]
fn over_a_socket_a_connection_past_the_bound_is_refused_503_with_retry_after() {
    let addr = listen(endpoint(), 2);
    let idle: Vec<std::net::TcpStream> = (0..2).map(|_| std::net::TcpStream::connect(addr).unwrap()).collect();
    let mut third = Client::connect(addr);
    third.get(&target(NAMES), "");
    let a = third.answer(false);
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.body.contains("2 connections are open"), "{}", a.body);
    assert_eq!(a.header("retry-after"), Some("5"));
    assert!(third.closed());
    // once the idle ones are gone, there is room again (the count falls as their threads end)
    drop(idle);
    let answered = (0..300).any(|_| {
        let mut c = Client::connect(addr);
        c.get(&target(NAMES), "");
        let ok = c.answer(false).status == 200;
        if !ok {
            std::thread::sleep(Duration::from_millis(20));
        }
        ok
    });
    assert!(answered, "no room after the idle connections closed");
}

#[test]
fn over_a_socket_answers_do_not_wait_for_a_log_that_does_not_keep_up() {
    let server = Server::bind("127.0.0.1:0", endpoint()).unwrap();
    let addr = server.local_addr();
    // a log that never returns (as a stderr nobody reads would): it hears of the first answer
    // and holds on to it
    let (never, stuck) = std::sync::mpsc::channel::<()>();
    std::mem::forget(never);
    std::thread::spawn(move || {
        server.run(16, move |_: &Exchange| {
            let _ = stuck.recv();
        })
    });
    for _ in 0..3 {
        let mut c = Client::connect(addr);
        c.get(&target(NAMES), "Connection: close\r\n");
        assert_eq!(c.answer(false).status, 200);
        assert!(c.closed());
    }
}
