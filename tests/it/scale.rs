//! Scaling out: `zhkg extract --emit nquads` as a map step over shards, merged by a triple store.

use std::path::Path;
use std::process::Stdio;

use crate::zhkg;


/// A JSON Lines corpus of every article in the repository's evaluation sets (real sentence
/// structure, people, units and awards shared between articles), one record a line.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["tests/eval/synthetic", "tests/eval/synthetic2", "tests/eval/synthetic3", "tests/eval/synthetic4"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d).join("docs")).unwrap().map(|e| e.unwrap().path()))
        .collect();
    files.push(root.join("data/huzhou-sanneng-interview.txt"));
    files.sort();
    files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let id = p.file_name().unwrap().to_string_lossy().into_owned();
            serde_json::json!({ "id": id, "date": "2024-05-01", "text": text }).to_string() + "\n"
        })
        .collect()
}

fn emit(input: &Path, jobs: &str) -> Vec<u8> {
    let out = zhkg().args(["extract", "--emit", "nquads", "-j", jobs]).arg(input).stderr(Stdio::null()).output().unwrap();
    assert!(out.status.success());
    out.stdout
}

fn export(store: &Path) -> Vec<u8> {
    let out = zhkg().args(["export", "--format", "nquads", "--store"]).arg(store).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Loads N-Quads streams into a fresh store with Oxigraph's own bulk loader (what any triple
/// store would do with them), not with zhkg.
fn bulk_load(store: &Path, streams: &[&[u8]]) {
    let st = oxigraph::store::Store::open(store).unwrap();
    let mut loader = st.bulk_loader();
    for s in streams {
        loader.load_from_slice(oxigraph::io::RdfFormat::NQuads, *s).unwrap();
    }
    loader.commit().unwrap();
    st.flush().unwrap();
}

#[test]
fn shards_extracted_apart_and_loaded_together_equal_one_run_over_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let records = corpus();
    assert!(records.len() > 20, "{}", records.len());
    let (a, b) = records.split_at(records.len() / 2);
    std::fs::write(d.join("all.jsonl"), records.concat()).unwrap();
    std::fs::write(d.join("a.jsonl"), a.concat()).unwrap();
    std::fs::write(d.join("b.jsonl"), b.concat()).unwrap();

    // one run into a store
    let st = zhkg().arg("extract").arg("--store").arg(d.join("one")).arg(d.join("all.jsonl")).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let one = export(&d.join("one"));
    assert!(one.len() > 100_000);

    // two shards, each a map step writing N-Quads, loaded together (in either order)
    let (na, nb) = (emit(&d.join("a.jsonl"), "2"), emit(&d.join("b.jsonl"), "1"));
    bulk_load(&d.join("ab"), &[&na, &nb]);
    bulk_load(&d.join("ba"), &[&nb, &na]);
    // the reduce step: people across the shards' documents, resolved once they are together
    for s in ["ab", "ba"] {
        let r = zhkg().arg("resolve").arg("--store").arg(d.join(s)).output().unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    assert!(export(&d.join("ab")) == one, "shards a+b loaded together differ from one run");
    assert!(export(&d.join("ba")) == one, "shards b+a loaded together differ from one run");

    // the stream itself does not depend on the number of threads
    assert!(emit(&d.join("all.jsonl"), "1") == emit(&d.join("all.jsonl"), "3"));
}

#[test]
fn emitting_opens_no_store_and_reports_problems_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("c.jsonl"), "{\"id\": \"x\", \"text\": \"某县公安局城关派出所所长王立新介绍情况。\"}\n{broken\n").unwrap();
    let out = zhkg().current_dir(d).args(["extract", "--emit", "nquads", "c.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("c.jsonl:2"), "{err}");
    let nq = String::from_utf8(out.stdout).unwrap();
    assert!(nq.lines().all(|l| l.ends_with(" .")), "N-Quads only on stdout");
    assert!(nq.contains("王立新") && nq.contains("<https://w3id.org/zhkg/graph/vocabulary>"));
    assert!(!d.join("zhkg-store").exists(), "no store is created");
    // not a terminal: no progress drawing on stderr
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}
