//! The whole extraction path for a batch: inputs → documents → facts → quads → store, one
//! transaction per document. A bad input is reported and skipped; the rest of the batch goes on.

use std::path::PathBuf;

use crate::extract::{self, Extraction};
use crate::graph;
use crate::ingest::{self, Document, IngestError};
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

/// Settings of a batch.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Force an input encoding (a WHATWG label such as `gbk`); detected when `None`.
    pub encoding: Option<String>,
}

/// Extracts one document and returns its extraction and quads (no store involved).
pub fn process(doc: &Document, lex: &Lexicon) -> (Extraction, Vec<oxigraph::model::Quad>) {
    let x = extract::extract(doc, lex);
    let quads = graph::document_quads(doc, &x, lex);
    (x, quads)
}

/// Extracts every input into the store. Input problems go to `on_error` and are counted as
/// skipped; a store failure stops the batch (documents already committed stay whole).
pub fn extract_paths(
    store: &Store,
    paths: &[PathBuf],
    lex: &Lexicon,
    opts: &Options,
    mut on_error: impl FnMut(&IngestError),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    store.ensure_vocabulary()?;
    let (inputs, errors) = ingest::expand(paths);
    for e in &errors {
        on_error(e);
    }
    summary.skipped += errors.len();
    for input in &inputs {
        let (docs, errors) = ingest::read(input, opts.encoding.as_deref(), lex);
        for e in &errors {
            on_error(e);
        }
        summary.skipped += errors.len();
        for doc in docs {
            let (x, quads) = process(&doc, lex);
            store.replace_graph(&graph::graph_iri(&doc.id), &quads)?;
            summary.add(&x, quads.len());
        }
    }
    store.flush()?;
    Ok(summary)
}
