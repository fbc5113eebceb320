//! Bad input and hard stops: fuzz regressions replayed, span invariants on every article in the
//! repository, a mixed batch of broken inputs through the binary, a process killed mid-batch, a
//! store from another schema version.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad};
use zhkg::ingest::{self, Input, ReadOptions};
use zhkg::lexicon::Lexicon;
use zhkg::store::Store;

use crate::zhkg;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn fuzz_seeds_and_crash_inputs_replay_without_a_violation() {
    let lex = Lexicon::builtin();
    let seeds = files(&root().join("fuzz/seeds"));
    assert!(seeds.len() >= 4, "the fuzz seeds are missing");
    for p in &seeds {
        let n = zhkg::pipeline::check_bytes(&std::fs::read(p).unwrap(), &lex).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(n >= 1, "{}: a seed should give a document", p.display());
    }
    for p in files(&root().join("tests/fuzz-regressions")) {
        if let Err(e) = zhkg::pipeline::check_bytes(&std::fs::read(&p).unwrap(), &lex) {
            panic!("{}: {e}", p.display());
        }
    }
}

#[test]
fn every_span_of_every_article_in_the_repository_is_valid() {
    let lex = Lexicon::builtin();
    let mut paths = files(&root().join("data"));
    for set in std::fs::read_dir(root().join("tests/eval")).unwrap() {
        paths.extend(files(&set.unwrap().path().join("docs")));
    }
    let mut checked = 0;
    for p in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let (docs, errs) = ingest::read(&Input::File { path: p.clone(), id: "x".into() }, &ReadOptions::default(), &lex);
        assert!(errs.is_empty(), "{errs:?}");
        for d in docs {
            let x = zhkg::extract::extract(&d, &lex);
            x.check(&d.text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            checked += x.mentions.len();
        }
    }
    assert!(checked > 1000, "only {checked} mentions checked");
}


#[test]
fn a_batch_of_broken_inputs_reports_each_and_keeps_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let store = d.join("store");
    let html = "<html><head><title>某县公安局表彰先进_某县人民政府网</title></head><body><div class=\"top-nav\">首页 机构设置</div>\
        <div class=\"article-content\"><p>某县公安局交警大队民警陈立群被评为全省优秀人民警察。</p></div>\
        <div class=\"comment-list\">网友评论：向陈警官学习</div></body></html>";
    std::fs::write(d.join("page.html"), html).unwrap();
    let mut corpus = String::new();
    for i in 1..=30 {
        corpus.push_str(&match i {
            17 => "{\"id\": \"bad\", \"text\": \"没有闭合\n".to_string(),
            _ => format!("{{\"id\": \"n{i}\", \"text\": \"第{i}条：某县公安局民警巡逻。\"}}\n"),
        });
    }
    std::fs::write(d.join("corpus.jsonl"), corpus).unwrap();
    let cut = "某县公安局派出所所长吴国栋介绍情况。".as_bytes();
    std::fs::write(d.join("cut.txt"), &cut[..cut.len() - 1]).unwrap();
    std::fs::write(d.join("blob.txt"), [0u8, 1, 2, 3, 0, 255]).unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    let out = zhkg()
        .arg("extract")
        .arg("--store")
        .arg(&store)
        .args([d.join("page.html"), d.join("corpus.jsonl"), d.join("cut.txt"), d.join("blob.txt"), d.join("empty.txt"), d.join("gone.txt")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [
        "corpus.jsonl:17: invalid JSON",
        "cut.txt: truncated UTF-8",
        "blob.txt: binary file",
        "empty.txt: no article text",
        "gone.txt: cannot read",
        "31 document(s)",
        "4 input(s) skipped",
    ] {
        assert!(err.contains(expected), "no {expected:?} in:\n{err}");
    }
    // one line per problem, each naming its input
    assert_eq!(err.lines().filter(|l| l.starts_with("zhkg: skipped")).count(), 4, "{err}");
    let st = Store::open_read_only(&store).unwrap();
    assert_eq!(st.document_graphs().unwrap().len(), 31);
    let q = "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n } ORDER BY ?n";
    let (_, rows) = zhkg::query::select_rows(&st, q).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["吴国栋", "陈立群"]);
    let (_, rows) = zhkg::query::select_rows(&st, "SELECT ?t WHERE { ?c nif:isString ?t FILTER(CONTAINS(?t, \"陈立群\")) }").unwrap();
    assert!(!rows[0][0].contains("评论") && !rows[0][0].contains("首页"), "page chrome in the text: {}", rows[0][0]);
}

/// The text of generated article `i`: a county bureau, a station chief, a campaign, an honour.
fn doc_text(i: usize) -> String {
    const SURNAMES: &[char] = &['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
    const GIVEN: &[char] = &['伟', '芳', '军', '洋', '勇', '杰', '涛', '明', '超', '华', '平', '刚'];
    const PLACES: &[&str] = &["安平", "清河", "永昌", "临江", "怀远", "宜春", "开化", "龙泉", "松阳", "遂昌"];
    let name: String = [SURNAMES[i % 10], GIVEN[(i / 10) % 12], GIVEN[(i / 120 + i) % 12]].iter().collect();
    let place = PLACES[(i / 7) % 10];
    format!(
        "{place}县公安局召开第{i}次工作会议\n{place}县公安局城关派出所所长{name}介绍，今年以来该所开展“平安{place}”专项行动，破获案件{i}起，抓获嫌疑人{}名。\n\
         会上，{place}县公安局党委书记、局长{}{}强调，要扎实推进“枫桥式派出所”创建工作。\n{name}同志曾被评为全省优秀人民警察。\n",
        i % 50 + 3,
        SURNAMES[(i + 3) % 10],
        GIVEN[(i + 5) % 12],
    )
}

fn quads_of(store: &Store, g: &NamedNode) -> BTreeSet<String> {
    store
        .inner()
        .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
        .map(|q| q.unwrap().to_string())
        .collect()
}

#[test]
fn killing_extract_mid_batch_leaves_whole_documents_and_a_rerun_completes() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    const N: usize = 600;
    let records: Vec<String> = (0..N)
        .map(|i| serde_json::json!({ "id": format!("a{i:05}"), "text": doc_text(i) }).to_string() + "\n")
        .collect();
    let store = dir.path().join("store");

    // what each document's graph must hold, from the library, without the binary
    let lex = Lexicon::builtin();
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, records.concat()).unwrap();
    let mut expected = std::collections::BTreeMap::new();
    let (ds, errs) = ingest::read(&ingest::Input::File { path: corpus.clone(), id: "corpus.jsonl".into() }, &ReadOptions::default(), &lex);
    assert!(errs.is_empty());
    // each document's own graph, and what it adds to the shared graph with its records
    let mut contributed = std::collections::BTreeMap::new();
    for d in ds {
        let (_, quads) = zhkg::pipeline::process(&d, &lex);
        let g = zhkg::graph::graph_iri(&d.id);
        let (own, shared): (Vec<&Quad>, Vec<&Quad>) = quads.iter().partition(|q| q.graph_name == GraphName::NamedNode(g.clone()));
        expected.insert(g.clone(), own.iter().map(|q| q.to_string()).collect::<BTreeSet<String>>());
        contributed.insert(g, shared.into_iter().cloned().collect::<Vec<Quad>>());
    }
    let whole = |st: &Store, g: &NamedNode| -> bool { contributed[g].iter().all(|q| st.inner().contains(q).unwrap()) };
    assert_eq!(expected.len(), N);

    // the corpus comes through a named pipe, a record every few milliseconds, so the run is
    // surely in the middle of its batch, reading and writing, when it is killed
    let fifo = dir.path().join("stream.jsonl");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    let run = |input: &Path| zhkg().arg("extract").arg("--store").arg(&store).arg(input).stderr(Stdio::null()).spawn().unwrap();
    let mut child = run(&fifo);
    let feed = {
        let (fifo, records) = (fifo.clone(), records.clone());
        std::thread::spawn(move || {
            let Ok(mut w) = std::fs::OpenOptions::new().write(true).open(&fifo) else { return };
            for r in &records {
                if w.write_all(r.as_bytes()).and_then(|_| w.flush()).is_err() {
                    return; // the reader was killed
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    // wait until some documents are committed, then SIGKILL (no chance to clean up)
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(Instant::now() < deadline, "no document was committed");
        assert!(child.try_wait().unwrap().is_none(), "the batch finished before it could be killed");
        let committed = Store::open_read_only(&store).ok().and_then(|s| s.document_graphs().ok()).map_or(0, |g| g.len());
        if committed >= 30 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    feed.join().unwrap();

    // the store opens for writing (recovery), answers queries, and holds whole documents only
    let present = {
        let st = Store::open(&store).expect("the store opens after a kill");
        let (_, rows) = zhkg::query::select_rows(&st, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }").unwrap();
        assert!(rows[0][0].parse::<usize>().unwrap() > 0);
        let graphs = st.document_graphs().unwrap();
        for g in &graphs {
            let want = expected.get(g).unwrap_or_else(|| panic!("unexpected graph {g}"));
            assert_eq!(&quads_of(&st, g), want, "{g} is not whole");
            assert!(whole(&st, g), "{g}: its shared triples are not all there");
        }
        graphs.len()
    };
    assert!((30..N).contains(&present), "{present} of {N} documents after the kill");
    let leftovers = std::fs::read_dir(&store).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with("bulk-")).count();
    assert_eq!(leftovers, 0, "the files of the killed bulk load are removed when the store is opened");

    // running the same corpus again completes the batch
    let status = run(&corpus).wait().unwrap();
    assert!(status.success());
    let st = Store::open_read_only(&store).unwrap();
    let graphs = st.document_graphs().unwrap();
    assert_eq!(graphs.len(), N);
    for g in &graphs {
        assert_eq!(&quads_of(&st, g), &expected[g], "{g} after the rerun");
        assert!(whole(&st, g), "{g}: its shared triples after the rerun");
    }
}

#[test]
fn a_store_from_an_older_zhkg_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "某县公安局派出所所长吴国栋介绍情况。").unwrap();
    assert!(zhkg().arg("extract").arg("--store").arg(&store).arg(&a).status().unwrap().success());
    // make it look like a store from before schema versions
    Store::open(&store)
        .unwrap()
        .inner()
        .remove_named_graph(NamedNode::new_unchecked("https://w3id.org/zhkg/graph/store").as_ref())
        .unwrap();
    for args in [vec!["extract", "--store"], vec!["query", "-e", "ASK {}", "--store"], vec!["export", "--store"]] {
        let mut c = zhkg();
        c.args(&args).arg(&store);
        if args[0] == "extract" {
            c.arg(&a);
        }
        let out = c.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("written by an older zhkg") && err.contains("Extract your inputs again"), "{err}");
        assert_eq!(err.lines().count(), 1, "one clear line, not a dump: {err}");
    }
}
