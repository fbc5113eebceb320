use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use super::http::{percent_encode, trim_body, Endpoint};
use super::state::State;
use super::*;
use crate::graph::{document_graph, graph_iri};
use crate::ingest::Document;
use crate::lexicon::Lexicon;

/// An article written for these tests (names invented).
const ARTICLE: &str = "青禾县公安局党委委员、副局长符佳宁出席会议。\n青禾县公安局石桥派出所所长邝明远介绍，该所推出“枫林夜巡”平台。\n";

fn store_with_article() -> (Store, NamedNode) {
    let (store, graphs) = store_with_articles(1);
    (store, graphs[0].clone())
}

/// A store of the vocabulary and `n` documents (ARTICLE under n names); their graphs.
fn store_with_articles(n: usize) -> (Store, Vec<NamedNode>) {
    let lex = Lexicon::builtin();
    let store = Store::in_memory().unwrap();
    store.ensure_vocabulary().unwrap();
    let mut graphs = Vec::new();
    for i in 0..n {
        let name = if i == 0 { "a.txt".to_string() } else { format!("a{i}.txt") };
        let doc = Document::from_text(&name, None, ARTICLE, &lex);
        let x = crate::extract::extract(&doc, &lex);
        let (quads, _, digest) = document_graph(&doc, &x, &lex);
        let g = graph_iri(&doc.id);
        let mut w = crate::store::StoreWriter::new(&store);
        w.write(g.clone(), quads, digest).unwrap();
        w.finish().unwrap();
        graphs.push(g);
    }
    (store, graphs)
}

/// A server on 127.0.0.1 that answers every request with `status`; its base URL and how many
/// requests it got.
fn refusing_server(status: u16) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}/wrong", server.server_addr().to_ip().unwrap());
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = request.respond(tiny_http::Response::from_string("no such service here").with_status_code(status));
        }
    });
    (url, count)
}

fn options(endpoint: String, state: PathBuf) -> PushOptions {
    PushOptions {
        endpoint,
        target: Target::GraphPerDocument,
        credentials: None,
        state,
        all: false,
        vocabulary: true,
        format: WireFormat::NTriples,
        timeout: Duration::from_secs(10),
    }
}

#[test]
fn a_push_whose_first_graphs_are_all_refused_alike_stops_with_advice() {
    let (store, _) = store_with_articles(REFUSED_ALIKE + 5);
    let (url, count) = refusing_server(404);
    let dir = tempfile::tempdir().unwrap();
    let mut reported = 0;
    let e = push(&store, &options(url, dir.path().join("state.tsv")), &mut |ev| reported += usize::from(matches!(ev, Event::Failed(_)))).err().unwrap();
    // the vocabulary, the documents and the shared graph: 17 graphs; the first ten refused and
    // reported, then a stop
    assert_eq!(reported, REFUSED_ALIKE);
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), REFUSED_ALIKE);
    assert!(matches!(e, PushError::RefusedAlike { count: REFUSED_ALIKE, status: 404, left: 7, .. }), "{e}");
    let message = e.to_string();
    assert!(message.contains("HTTP 404 Not Found") && message.contains("Graph Store endpoint") && message.contains("/store"), "{message}");
}

#[test]
fn refusals_below_the_limit_or_of_a_small_push_are_each_reported_and_the_push_goes_on() {
    // fewer graphs than the limit (the vocabulary, the documents, the shared graph): each refused,
    // each reported, no stop
    let (store, _) = store_with_articles(REFUSED_ALIKE - 3);
    let (url, count) = refusing_server(403);
    let dir = tempfile::tempdir().unwrap();
    let s = push(&store, &options(url, dir.path().join("state.tsv")), &mut |_| {}).unwrap();
    assert_eq!((s.pushed, s.failed), (0, REFUSED_ALIKE - 1));
    assert_eq!(count.load(std::sync::atomic::Ordering::SeqCst), REFUSED_ALIKE - 1);
    // exactly as many graphs as the limit: nothing is left to spare, so no stop either
    let (store, _) = store_with_articles(REFUSED_ALIKE - 2);
    let (url, _) = refusing_server(403);
    let s = push(&store, &options(url, dir.path().join("state2.tsv")), &mut |_| {}).unwrap();
    assert_eq!(s.failed, REFUSED_ALIKE);
}

#[test]
fn a_computed_fingerprint_equals_the_one_the_store_records() {
    let (store, g) = store_with_article();
    let recorded = store.digest_of(&g).unwrap().unwrap();
    assert_eq!(body::computed_fingerprint(&store, &g).unwrap(), recorded);
    // the vocabulary records none: computed, and stable
    let vocab = NamedNode::new_unchecked(VOCABULARY_GRAPH);
    assert_eq!(store.digest_of(&vocab).unwrap(), None);
    let f = body::fingerprint(&store, &vocab).unwrap();
    assert_eq!(f.len(), 32);
    assert_eq!(f, body::fingerprint(&store, &vocab).unwrap());
    assert_ne!(f, recorded);
}

#[test]
fn a_graph_body_holds_its_triples_without_the_graph_name() {
    let (store, g) = store_with_article();
    let (bytes, n) = body::graph_body(&store, &g, WireFormat::NTriples).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(n, store.graph_len(g.as_ref()).unwrap());
    assert_eq!(text.lines().count(), n);
    assert!(text.contains("符佳宁"), "{text}");
    assert!(!text.contains(g.as_str()) || text.lines().all(|l| !l.ends_with(&format!("<{}> .", g.as_str()))));
    let (turtle, m) = body::graph_body(&store, &g, WireFormat::Turtle).unwrap();
    assert_eq!(m, n);
    let turtle = String::from_utf8(turtle).unwrap();
    assert!(turtle.starts_with("@prefix") && turtle.len() < text.len(), "{turtle}");
}

#[test]
fn a_merged_body_streams_every_graph_and_counts_its_triples() {
    let (store, g) = store_with_article();
    let graphs = vec![NamedNode::new_unchecked(VOCABULARY_GRAPH), g.clone()];
    let triples = Rc::new(Cell::new(0));
    let error = Rc::new(RefCell::new(None));
    let mut text = String::new();
    body::MergedBody::new(&store, &graphs, WireFormat::NTriples, triples.clone(), error.clone()).read_to_string(&mut text).unwrap();
    let expected = store.graph_len(graphs[0].as_ref()).unwrap() + store.graph_len(g.as_ref()).unwrap();
    assert_eq!(triples.get(), expected);
    assert_eq!(text.lines().count(), expected);
    assert!(error.borrow().is_none());
    // read in tiny pieces, the same bytes
    let mut small = Vec::new();
    let mut b = body::MergedBody::new(&store, &graphs, WireFormat::NTriples, triples.clone(), error);
    let mut buf = [0u8; 7];
    loop {
        let n = b.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        small.extend_from_slice(&buf[..n]);
    }
    assert_eq!(String::from_utf8(small).unwrap(), text);
}

#[test]
fn endpoints_must_be_http_urls_without_credentials_or_a_graph() {
    assert!(Endpoint::parse("http://127.0.0.1:7878/store").is_ok());
    assert!(Endpoint::parse("https://kg.example.org/ds/data").is_ok());
    for bad in ["ftp://h/store", "localhost:7878/store", "http://dba:dba@h/store", "http://h/store?graph=x", "http://h/store?default", "not a url"] {
        assert!(Endpoint::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn graph_urls_follow_the_protocol_and_encode_the_iri() {
    let e = Endpoint::parse("http://h:1/store").unwrap();
    assert_eq!(e.graph_url(Some("https://w3id.org/zhkg/graph/ab")), "http://h:1/store?graph=https%3A%2F%2Fw3id.org%2Fzhkg%2Fgraph%2Fab");
    assert_eq!(e.graph_url(None), "http://h:1/store?default");
    let e = Endpoint::parse("http://h/r/service?x=1").unwrap();
    assert_eq!(e.graph_url(Some("urn:a b")), "http://h/r/service?x=1&graph=urn%3Aa%20b");
    assert_eq!(percent_encode("浙江"), "%E6%B5%99%E6%B1%9F");
}

#[test]
fn error_bodies_are_one_short_line() {
    assert_eq!(trim_body(b"<html><body><h1>404</h1>\n  <p>No  such\tgraph</p></body></html>"), "404 No such graph");
    let long = "x".repeat(1000);
    let t = trim_body(long.as_bytes());
    assert!(t.chars().count() < 310 && t.ends_with('…'), "{t}");
    assert_eq!(trim_body(b""), "");
}

#[test]
fn the_default_state_file_is_beside_the_store_never_in_it() {
    let p = default_state_path(Path::new("/data/kg/"));
    assert_eq!(p, Path::new("/data/kg.push-state.tsv"));
    assert_eq!(default_state_path(Path::new("/data/./kg/.")), Path::new("/data/kg.push-state.tsv"));
    let rel = default_state_path(Path::new("kg"));
    assert!(rel.is_absolute() && rel.ends_with("kg.push-state.tsv"), "{}", rel.display());
}

#[test]
fn the_state_records_at_once_resumes_and_forgets_deleted_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.tsv");
    let mut s = State::load(&path).unwrap();
    assert!(s.pushed("http://a/store", "graph-per-document").is_empty());
    s.record("http://a/store", "graph-per-document", "urn:g1", Some("f1")).unwrap();
    s.record("http://a/store", "graph-per-document", "urn:g2", Some("f2")).unwrap();
    s.record("http://b/store", "default", "default", Some("f3")).unwrap();
    // recorded before any compaction: a push killed here resumes from this
    let again = State::load(&path).unwrap();
    assert_eq!(again.pushed("http://a/store", "graph-per-document").len(), 2);
    s.record("http://a/store", "graph-per-document", "urn:g1", None).unwrap();
    s.record("http://a/store", "graph-per-document", "urn:g2", Some("f2b")).unwrap();
    s.compact().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 2, "{text}");
    let again = State::load(&path).unwrap();
    let a = again.pushed("http://a/store", "graph-per-document");
    assert_eq!(a.get("urn:g2").map(String::as_str), Some("f2b"));
    assert!(!a.contains_key("urn:g1"));
    assert_eq!(again.pushed("http://b/store", "default").get("default").map(String::as_str), Some("f3"));
}

#[test]
fn a_state_line_cut_short_is_dropped_and_a_bad_line_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.tsv");
    std::fs::write(&path, "# header\nhttp://a/s\tgraph-per-document\turn:g1\tf1\nhttp://a/s\tgraph-per-doc").unwrap();
    let s = State::load(&path).unwrap();
    assert_eq!(s.pushed("http://a/s", "graph-per-document").len(), 1);
    std::fs::write(&path, "# header\nhttp://a/s\tgraph-per-document\turn:g1\n").unwrap();
    let e = State::load(&path).err().unwrap();
    assert!(e.to_string().contains("s.tsv:2: not a push state line"), "{e}");
}

/// One request as the fake server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    authorization: Option<String>,
    body: Vec<u8>,
}

/// A server on 127.0.0.1 that wants Digest: a request without `Authorization` gets a 401 and a
/// challenge, one with it a 201 (it does not check the hash: a real server does, in the
/// integration tests). Returns its endpoint and what it saw.
fn digest_server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/crud", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut out = stream;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let mut parts = line.split_whitespace();
                let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
                let (mut length, mut authorization) = (0usize, None);
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
                        "authorization" => authorization = Some(v.trim().to_string()),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let ok = authorization.is_some();
                log.lock().unwrap().push(Seen { method, target, authorization, body });
                let reply = if ok {
                    "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n".to_string()
                } else {
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"SPARQL\", nonce=\"abc\", opaque=\"x\", qop=\"auth\", algorithm=\"MD5\"\r\nContent-Length: 0\r\n\r\n".to_string()
                };
                out.write_all(reply.as_bytes()).unwrap();
            }
        }
    });
    (url, seen)
}

#[test]
fn a_digest_server_is_probed_once_with_head_and_every_put_answers_its_challenge() {
    let (store, g) = store_with_article();
    let (url, seen) = digest_server();
    let dir = tempfile::tempdir().unwrap();
    let opts = PushOptions { credentials: Some(Credentials { user: "dba".into(), password: "secret".into() }), ..options(url, dir.path().join("state.tsv")) };
    let s = push(&store, &opts, &mut |_| {}).unwrap();
    // the vocabulary, the document and the shared graph
    assert_eq!((s.pushed, s.failed), (3, 0), "{s:?}");
    let seen = seen.lock().unwrap().clone();
    let methods: Vec<&str> = seen.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["HEAD", "PUT", "PUT", "PUT"], "{seen:?}");
    assert!(seen[0].authorization.is_none() && seen[0].body.is_empty());
    for (r, nc) in seen[1..].iter().zip(["00000001", "00000002", "00000003"]) {
        let a = r.authorization.as_deref().unwrap();
        assert!(a.starts_with("Digest ") && a.contains("username=\"dba\"") && !a.contains("secret"), "{a}");
        assert!(a.contains(&format!("uri=\"{}\"", r.target)) && a.contains(&format!("nc={nc}")), "{a}");
        assert!(!r.body.is_empty());
    }
    assert!(seen[2].target.ends_with(&percent_encode(g.as_str())), "{seen:?}");
    assert!(String::from_utf8_lossy(&seen[2].body).contains("符佳宁"));
}

#[test]
fn without_credentials_a_401_stops_the_push_with_advice() {
    let (store, _) = store_with_article();
    let (url, _) = digest_server();
    let dir = tempfile::tempdir().unwrap();
    let opts = options(url, dir.path().join("state.tsv"));
    let e = push(&store, &opts, &mut |_| {}).err().unwrap();
    assert!(matches!(e, PushError::Unauthorized { had_credentials: false, .. }), "{e}");
    assert!(e.to_string().contains("--user"), "{e}");
}
