//! The embedded Oxigraph store (RocksDB on disk): opening with clear errors, replacing a
//! document's graph atomically, the vocabulary graph, counts.
//!
//! **Architecture invariant:** only this module (and `query`/`export`, through [`Store::inner`])
//! touches the Oxigraph `Store`.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad};
use std::path::PathBuf;
#[cfg(feature = "persistent")]
use std::path::Path;

use crate::graph::vocab::VOCABULARY_GRAPH;

/// Environment variable that sets the default store location.
pub const STORE_ENV: &str = "ZHKG_STORE";
/// Default store location, relative to the working directory.
pub const DEFAULT_STORE: &str = "zhkg-store";

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// Another process holds the store open for writing.
    #[error("{path}: store is in use by another process (close it, or use --store to pick another location)")]
    Locked {
        /// The store directory.
        path: PathBuf,
    },
    /// The store could not be opened.
    #[error("{path}: cannot open store: {source}")]
    Open {
        /// The store directory.
        path: PathBuf,
        /// Oxigraph's error.
        source: oxigraph::store::StorageError,
    },
    /// The store does not exist (read-only commands).
    #[error("{path}: no store here (run `zhkg extract --store {path} FILE` first)")]
    Missing {
        /// The store directory.
        path: PathBuf,
    },
    /// A read or write failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// The built-in vocabulary did not parse (a build defect).
    #[error("vocabulary: {0}")]
    Vocabulary(String),
}

/// The knowledge-graph store.
pub struct Store {
    inner: oxigraph::store::Store,
}

/// The vocabulary shipped with zhkg (`ontology/zhkg.ttl`).
pub const VOCABULARY_TTL: &str = include_str!("../../ontology/zhkg.ttl");

impl Store {
    /// Opens (creating if needed) the store at `path` for reading and writing.
    #[cfg(feature = "persistent")]
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        match oxigraph::store::Store::open(path) {
            Ok(inner) => Ok(Store { inner }),
            Err(e) => {
                let msg = e.to_string();
                if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
                    Err(StoreError::Locked { path: path.to_path_buf() })
                } else {
                    Err(StoreError::Open { path: path.to_path_buf(), source: e })
                }
            }
        }
    }

    /// Opens an existing store for reading only (works beside a writer).
    #[cfg(feature = "persistent")]
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        // a reader opened while a writer flushes or compacts can see a file list that is being
        // replaced; the state settles within moments, so try again a few times before giving up
        let mut attempt = 0;
        loop {
            match oxigraph::store::Store::open_read_only(path) {
                Ok(inner) => return Ok(Store { inner }),
                Err(e) if attempt < 10 && e.to_string().contains("No such file") => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
                }
                Err(e) => return Err(StoreError::Open { path: path.to_path_buf(), source: e }),
            }
        }
    }

    /// An in-memory store (tests, `--emit`).
    pub fn in_memory() -> Result<Store, StoreError> {
        Ok(Store { inner: oxigraph::store::Store::new()? })
    }

    /// The Oxigraph store, for queries and dumps.
    pub fn inner(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Replaces the content of `graph` with `quads` in one transaction: afterwards the graph holds
    /// exactly the new quads, or (on error) exactly the old ones.
    pub fn replace_graph(&self, graph: &NamedNode, quads: &[Quad]) -> Result<(), StoreError> {
        let mut t = self.inner.start_transaction()?;
        t.remove_named_graph(graph)?;
        t.insert_named_graph(graph);
        for q in quads {
            t.insert(q);
        }
        t.commit()?;
        Ok(())
    }

    /// Loads the shipped vocabulary into its own graph (replacing an older copy).
    pub fn ensure_vocabulary(&self) -> Result<(), StoreError> {
        let g = NamedNode::new_unchecked(VOCABULARY_GRAPH);
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .without_named_graphs()
            .with_default_graph(g.clone())
            .for_slice(VOCABULARY_TTL.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Vocabulary(e.to_string()))?;
        self.replace_graph(&g, &quads)
    }

    /// Named graphs that hold documents (the vocabulary graph excluded), sorted.
    pub fn document_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g? {
                if n.as_str() != VOCABULARY_GRAPH {
                    out.push(n);
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Number of quads in a graph.
    pub fn graph_len(&self, graph: NamedNodeRef<'_>) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self.inner.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph))) {
            q?;
            n += 1;
        }
        Ok(n)
    }

    /// Total number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    /// Writes everything to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "persistent")]
        self.inner.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphName, Literal, NamedOrBlankNode};

    fn quad(g: &NamedNode, o: &str) -> Quad {
        Quad::new(
            NamedOrBlankNode::NamedNode(NamedNode::new_unchecked("https://w3id.org/zhkg/id/person/x")),
            NamedNode::new_unchecked("http://xmlns.com/foaf/0.1/name"),
            Literal::new_simple_literal(o),
            GraphName::NamedNode(g.clone()),
        )
    }

    #[test]
    fn replacing_a_graph_leaves_exactly_the_new_quads() {
        let store = Store::in_memory().unwrap();
        let g = NamedNode::new_unchecked("https://w3id.org/zhkg/graph/a");
        store.replace_graph(&g, &[quad(&g, "甲"), quad(&g, "乙")]).unwrap();
        store.replace_graph(&g, &[quad(&g, "丙")]).unwrap();
        assert_eq!(store.graph_len(g.as_ref()).unwrap(), 1);
        assert!(store.inner().contains(&quad(&g, "丙")).unwrap());
    }

    #[test]
    fn the_vocabulary_is_its_own_graph_and_not_a_document() {
        let store = Store::in_memory().unwrap();
        store.ensure_vocabulary().unwrap();
        store.ensure_vocabulary().unwrap();
        let vocab = NamedNode::new_unchecked(VOCABULARY_GRAPH);
        let n = store.graph_len(vocab.as_ref()).unwrap();
        assert!(n > 100, "{n}");
        assert_eq!(store.len().unwrap(), n);
        assert!(store.document_graphs().unwrap().is_empty());
    }
}
