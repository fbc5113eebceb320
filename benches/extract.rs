//! Micro-benchmarks of the extractor alone, per MB of text, so that a regression in a rule or a
//! lexicon lookup shows: `cargo bench --bench extract`. The inputs are the articles in the
//! repository (the sample and the evaluation sets written for zhkg): real sentence structure,
//! dense in people, units and awards. `cargo test --release --benches` runs each once, as a smoke
//! test.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

use zhkg::ingest::Document;
use zhkg::lexicon::Lexicon;

fn documents(lex: &Lexicon) -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("data/huzhou-sanneng-interview.txt")];
    for set in ["synthetic", "synthetic2", "synthetic3", "synthetic4"] {
        let dir = root.join("tests/eval").join(set).join("docs");
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        paths.extend(files);
    }
    paths
        .iter()
        .map(|p| {
            let id = p.file_name().unwrap().to_string_lossy().into_owned();
            Document::from_text(id, Some(p.clone()), &std::fs::read_to_string(p).unwrap(), lex)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lex = Lexicon::builtin();
    let docs = documents(&lex);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let extractions: Vec<_> = docs.iter().map(|d| zhkg::extract::extract(d, &lex)).collect();

    let mut g = c.benchmark_group("articles");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("extract", |b| {
        b.iter(|| docs.iter().map(|d| zhkg::extract::extract(d, &lex).people.len()).sum::<usize>())
    });
    g.bench_function("quads", |b| {
        b.iter(|| docs.iter().zip(&extractions).map(|(d, x)| zhkg::graph::document_quads(d, x, &lex).len()).sum::<usize>())
    });
    g.bench_function("clean", |b| {
        b.iter(|| docs.iter().map(|d| Document::from_text("x", None, &d.text, &lex).text.len()).sum::<usize>())
    });
    g.finish();

    // one long document: rules that scan the whole text per mention show up here
    let long = Document::from_text("long", None, &docs.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join("\n"), &lex);
    let mut g = c.benchmark_group("one long document");
    g.throughput(Throughput::Bytes(long.text.len() as u64));
    g.sample_size(10);
    g.bench_function("extract", |b| b.iter(|| zhkg::extract::extract(&long, &lex).people.len()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
