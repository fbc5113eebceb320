//! zhkg — Chinese public-sector news into an RDF knowledge graph.
//!
//! The pipeline is a chain of plain stages, each its own module:
//! [`ingest`] (bytes → cleaned [`ingest::Document`]) → [`extract`] (text → mentions and facts with
//! spans, no RDF) → [`graph`] (facts → quads: vocabulary, IRIs, provenance) → [`store`] (the
//! embedded Oxigraph store) → [`resolve`] (people across documents; [`pipeline::resolve`] reads
//! the store for it and writes its result back) → [`query`] / [`export`] (answers and files for
//! the user), [`serve`] (a read-only SPARQL 1.1 Protocol endpoint) and
//! [`push`] (the graphs to a SPARQL 1.1 Graph Store endpoint).
//! [`lexicon`] holds the vocabulary lists the extractor reads; [`eval`] scores the extractor against
//! gold annotations.
#![warn(missing_docs)]

pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod lexicon;
pub mod pipeline;
pub mod profile;
pub mod push;
pub mod query;
pub mod resolve;
pub mod serve;
pub mod store;
pub mod view;
