//! The whole extraction path for a batch: inputs → documents → facts → quads → store, one
//! transaction per document. A bad input is reported and skipped; the rest of the batch goes on.

use std::path::PathBuf;

use crate::extract::{self, Extraction};
use crate::graph;
use crate::ingest::{self, Document, Event, IngestError, ReadOptions, Warning};
use crate::lexicon::Lexicon;
use crate::store::{Store, StoreError};

/// Counts for the end-of-run summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents extracted and stored.
    pub documents: usize,
    /// Inputs (or corpus lines) skipped with an error.
    pub skipped: usize,
    /// People found.
    pub people: usize,
    /// Units found.
    pub units: usize,
    /// Post holdings found.
    pub posts: usize,
    /// Conferrals found.
    pub awards: usize,
    /// Initiatives found.
    pub initiatives: usize,
    /// Quads written.
    pub triples: usize,
}

impl Summary {
    fn add(&mut self, x: &Extraction, quads: usize) {
        self.documents += 1;
        self.people += x.people.len();
        self.units += x.units.len();
        self.posts += x.holdings.len();
        self.awards += x.conferrals.len();
        self.initiatives += x.initiatives.len();
        self.triples += quads;
    }
}

/// Something about an input that the user must be told, as it happens.
#[derive(Debug)]
pub enum Problem<'a> {
    /// An input or corpus record was skipped; the batch went on.
    Skipped(&'a IngestError),
    /// An input was read after a repair (a truncated character, invalid bytes replaced).
    Warning(&'a Warning),
}

/// Extracts one document and returns its extraction and quads (no store involved).
pub fn process(doc: &Document, lex: &Lexicon) -> (Extraction, Vec<oxigraph::model::Quad>) {
    let x = extract::extract(doc, lex);
    let quads = graph::document_quads(doc, &x, lex);
    (x, quads)
}

/// Extracts every input into the store, one transaction per document, reading corpora as streams.
/// Input problems go to `report` (skipped inputs are counted); a store failure stops the batch, and
/// every document committed before it stays whole.
pub fn extract_paths(
    store: &Store,
    paths: &[PathBuf],
    lex: &Lexicon,
    opts: &ReadOptions,
    mut report: impl FnMut(Problem<'_>),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    store.ensure_vocabulary()?;
    let (inputs, errors) = ingest::expand(paths);
    for e in &errors {
        report(Problem::Skipped(e));
    }
    summary.skipped += errors.len();
    for input in &inputs {
        ingest::read_each(input, opts, lex, |event| {
            match event {
                Event::Document(doc) => {
                    let (x, quads) = process(&doc, lex);
                    store.replace_graph(&graph::graph_iri(&doc.id), &quads)?;
                    summary.add(&x, quads.len());
                }
                Event::Skipped(e) => {
                    report(Problem::Skipped(&e));
                    summary.skipped += 1;
                }
                Event::Warning(w) => report(Problem::Warning(&w)),
            }
            Ok::<(), StoreError>(())
        })?;
    }
    store.flush()?;
    Ok(summary)
}

/// The fuzzed property, in one place for the fuzz target (`fuzz/`) and the regression tests: any
/// bytes, read as a text file, a web page or a JSON corpus (the first byte chooses), go through
/// decode → clean → extract → quads without a panic, and every span stays inside the cleaned
/// text ([`Extraction::check`]). Returns how many documents were read, or the first violation.
pub fn check_bytes(data: &[u8], lex: &Lexicon) -> Result<usize, String> {
    let Some((&mode, bytes)) = data.split_first() else { return Ok(0) };
    let path = match mode % 3 {
        0 => "fuzz.txt",
        1 => "fuzz.html",
        _ => "fuzz.json",
    };
    let mut n = 0;
    ingest::read_bytes(path.as_ref(), Some("fuzz"), bytes, &ReadOptions::default(), lex, |e| {
        if let Event::Document(doc) = e {
            let (x, quads) = process(&doc, lex);
            x.check(&doc.text)?;
            if quads.is_empty() {
                return Err("a document gave no quads".to_string());
            }
            n += 1;
        }
        Ok(())
    })?;
    Ok(n)
}
