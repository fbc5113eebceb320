//! Writing the store as RDF files: Turtle (the merged view, with readable prefixes), TriG and
//! N-Quads (each document in its own graph), N-Triples and RDF/XML (merged). Output is sorted, so
//! the same store always gives byte-identical files.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Quad, Triple};
use std::io::Write;

use crate::graph::vocab::PREFIXES;
use crate::store::{Store, StoreError};

/// Export formats; also the values of `zhkg export --format`, named as the variants in lower case
/// (`nquads`). Each variant's `help = None` keeps its doc comment out of `--help`, which lists the
/// values' names only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "lower")]
pub enum ExportFormat {
    /// Turtle: every graph merged into one.
    #[value(help = None::<&str>)]
    Turtle,
    /// TriG: one graph per document, plus the vocabulary graph.
    #[value(help = None::<&str>)]
    Trig,
    /// N-Quads: as TriG, one statement a line.
    #[value(help = None::<&str>)]
    NQuads,
    /// N-Triples: merged, one statement a line.
    #[value(help = None::<&str>)]
    NTriples,
    /// RDF/XML: merged.
    #[value(help = None::<&str>)]
    RdfXml,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Options for an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportOptions {
    /// Whether to include the vocabulary graph (`ontology/zhkg.ttl`).
    pub vocabulary: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { vocabulary: true }
    }
}

fn serializer(format: ExportFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(match format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::Trig => RdfFormat::TriG,
        ExportFormat::NQuads => RdfFormat::NQuads,
        ExportFormat::NTriples => RdfFormat::NTriples,
        ExportFormat::RdfXml => RdfFormat::RdfXml,
    });
    if matches!(format, ExportFormat::Turtle | ExportFormat::Trig | ExportFormat::RdfXml) {
        for (p, ns) in PREFIXES {
            // span IRIs live under doc:, so no prefix covers them (they would need escapes)
            s = s.with_prefix(*p, *ns).expect("static prefixes are valid");
        }
    }
    s
}

/// Writes the store in `format` to `out`.
pub fn export(store: &Store, format: ExportFormat, opts: ExportOptions, out: &mut dyn Write) -> Result<(), ExportError> {
    let vocab = crate::graph::vocab::VOCABULARY_GRAPH;
    let mut quads: Vec<Quad> = Vec::new();
    for q in store.inner().iter() {
        let q = q.map_err(StoreError::from)?;
        if let GraphNameRef::NamedNode(n) = q.graph_name.as_ref() {
            // the store's own description is about this store, not data to hand on
            if n.as_str() == crate::graph::vocab::STORE_GRAPH || (!opts.vocabulary && n.as_str() == vocab) {
                continue;
            }
        }
        quads.push(q);
    }
    let mut w = serializer(format).for_writer(out);
    match format {
        ExportFormat::Trig | ExportFormat::NQuads => {
            quads.sort_by_cached_key(|q| (q.graph_name.to_string(), q.subject.to_string(), q.predicate.to_string(), q.object.to_string()));
            for q in &quads {
                w.serialize_quad(q)?;
            }
        }
        _ => {
            let mut triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
            triples.sort_by_cached_key(|t| (t.subject.to_string(), t.predicate.to_string(), t.object.to_string()));
            triples.dedup();
            for t in &triples {
                w.serialize_triple(t)?;
            }
        }
    }
    w.finish()?;
    Ok(())
}
