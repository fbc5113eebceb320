//! Times the extractor alone (no store) over a JSON Lines corpus: `cargo run --release --example speed FILE.jsonl`.
#![allow(clippy::print_stdout)]

fn main() {
    let path = std::env::args().nth(1).expect("a .jsonl corpus");
    let lex = zhkg::lexicon::Lexicon::builtin();
    let input = zhkg::ingest::Input::File { path: path.clone().into(), id: "c".into() };
    let t0 = std::time::Instant::now();
    let (docs, _) = zhkg::ingest::read(&input, &Default::default(), &lex);
    let t1 = std::time::Instant::now();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut quads = 0;
    let mut t_extract = std::time::Duration::ZERO;
    let mut t_graph = std::time::Duration::ZERO;
    for d in &docs {
        let a = std::time::Instant::now();
        let x = zhkg::extract::extract(d, &lex);
        let b = std::time::Instant::now();
        quads += zhkg::graph::document_quads(d, &x, &lex).len();
        t_extract += b - a;
        t_graph += b.elapsed();
    }
    let mb = bytes as f64 / 1e6;
    println!("{} docs, {:.1} MB: read {:.2}s, extract {:.2}s ({:.2} MB/s), graph {:.2}s, {} quads", docs.len(), mb, (t1 - t0).as_secs_f64(), t_extract.as_secs_f64(), mb / t_extract.as_secs_f64(), t_graph.as_secs_f64(), quads);
}
