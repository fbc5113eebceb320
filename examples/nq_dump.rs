//! Prints every quad the pipeline produces for the given files or folders, one per line, in the
//! order produced (a byte-exact reference for checking that speed work changes no output):
//! `cargo run --release --example nq_dump PATH...`.
#![allow(clippy::print_stdout)]

use std::io::Write;

fn main() {
    let lex = zhkg::lexicon::Lexicon::builtin();
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let (inputs, errors) = zhkg::ingest::expand(&paths);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for e in errors {
        writeln!(out, "error: {e}").unwrap();
    }
    for input in &inputs {
        let (docs, errors) = zhkg::ingest::read(input, &Default::default(), &lex);
        for e in errors {
            writeln!(out, "error: {e}").unwrap();
        }
        for doc in &docs {
            let (_, quads) = zhkg::pipeline::process(doc, &lex);
            for q in quads {
                writeln!(out, "{q}").unwrap();
            }
        }
    }
}
