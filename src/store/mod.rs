//! The embedded Oxigraph store (RocksDB on disk): opening with clear errors, replacing a
//! document's graph atomically, the vocabulary graph, counts.
//!
//! **Architecture invariant:** only this module (and `query`/`export`, through [`Store::inner`])
//! touches the Oxigraph `Store`.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Transaction;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

mod writer;
pub use writer::{Outcome, StoreWriter};

use crate::graph::iri::graph_iri;
use crate::graph::vocab::{KG, RESOLUTION_GRAPH, SCHEMA_VERSION, SHARED_GRAPH, STORE_GRAPH, VOCABULARY_GRAPH, XSD};

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
    /// The store was written by an older zhkg, whose graph layout this one does not read.
    #[error("{path}: this store was written by an older zhkg (store schema {found}; this zhkg writes schema {expected}), so the shipped queries would answer it wrongly. Extract your inputs again into a new store (zhkg extract --store NEW_DIR …), or delete {path} and extract again; `zhkg export` of the old store works with the older zhkg")]
    OldSchema {
        /// The store directory.
        path: PathBuf,
        /// The version the store records (0: before versioning).
        found: u32,
        /// The version this zhkg writes.
        expected: u32,
    },
    /// The store was written by a newer zhkg.
    #[error("{path}: this store was written by a newer zhkg (store schema {found}; this zhkg knows schema {expected}): upgrade zhkg, or use another --store")]
    NewerSchema {
        /// The store directory.
        path: PathBuf,
        /// The version the store records.
        found: u32,
        /// The version this zhkg writes.
        expected: u32,
    },
    /// A read or write failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// The built-in vocabulary did not parse (a build defect).
    #[error("vocabulary: {0}")]
    Vocabulary(String),
    /// An internal query failed (a build defect, or a store another tool damaged).
    #[error("reading the store: {0}")]
    Query(String),
}

/// The shipped vocabulary, as quads in the vocabulary graph.
pub fn vocabulary_quads() -> Result<Vec<Quad>, StoreError> {
    RdfParser::from_format(RdfFormat::Turtle)
        .without_named_graphs()
        .with_default_graph(NamedNode::new_unchecked(VOCABULARY_GRAPH))
        .for_slice(VOCABULARY_TTL.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| StoreError::Vocabulary(e.to_string()))
}

/// The quad that records a store's schema version (in the store graph, which exports leave out).
fn schema_quad(version: u32) -> Quad {
    let g = NamedNode::new_unchecked(STORE_GRAPH);
    Quad::new(
        g.clone(),
        NamedNode::new_unchecked(format!("{KG}schemaVersion")),
        Literal::new_typed_literal(version.to_string(), NamedNode::new_unchecked(format!("{XSD}integer"))),
        g,
    )
}

/// The quad that records the fingerprint of a document graph's quads (in the store graph).
fn digest_quad(graph: &NamedNode, digest: &str) -> Quad {
    Quad::new(
        graph.clone(),
        NamedNode::new_unchecked(format!("{KG}graphDigest")),
        Literal::new_simple_literal(digest),
        NamedNode::new_unchecked(STORE_GRAPH),
    )
}

/// What a stream of zhkg's quads starts with so that loading it anywhere gives a zhkg store: the
/// schema marker and the vocabulary graph.
pub fn header_quads() -> Result<Vec<Quad>, StoreError> {
    let mut quads = vec![schema_quad(SCHEMA_VERSION)];
    quads.extend(vocabulary_quads()?);
    Ok(quads)
}

/// Removes the sorted files a bulk load that was killed left behind (`bulk-*.sst`; RocksDB never
/// took them in, or took in a copy). Called once the store is open for writing, so no other
/// process is loading into it.
#[cfg(feature = "persistent")]
fn remove_stale_load_files(path: &Path) {
    let Ok(entries) = std::fs::read_dir(path) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The predicate of the records of what a document graph contributes to the shared graph, and
/// the graph that holds them (the store graph).
fn contributes() -> (NamedNode, NamedNode) {
    (NamedNode::new_unchecked(format!("{KG}contributes")), NamedNode::new_unchecked(STORE_GRAPH))
}

/// Removes the records of what `graph` contributes to the shared graph (`kg:contributes`), but for
/// those in `keep` (its new version's), and each shared triple whose record was the last. Part of
/// the caller's transaction, so the shared graph changes with the document or not at all.
fn retract_contributions(t: &mut Transaction<'_>, graph: &NamedNode, keep: &FxHashSet<&Quad>) -> Result<(), StoreError> {
    let (p, store) = contributes();
    let records: Vec<Quad> = t.quads_for_pattern(Some(graph.as_ref().into()), Some(p.as_ref()), None, Some(store.as_ref().into())).collect::<Result<_, _>>()?;
    for r in records.iter().filter(|r| !keep.contains(r)) {
        t.remove(r);
        if t.quads_for_pattern(None, Some(p.as_ref()), Some(r.object.as_ref()), Some(store.as_ref().into())).next().transpose()?.is_some() {
            continue;
        }
        // no other document gives it
        let Term::Literal(triple) = &r.object else { continue };
        for q in RdfParser::from_format(RdfFormat::NTriples)
            .without_named_graphs()
            .with_default_graph(NamedNode::new_unchecked(SHARED_GRAPH))
            .for_slice(format!("{} .", triple.value()).as_bytes())
            .flatten()
        {
            t.remove(&q);
        }
    }
    Ok(())
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
            Ok(inner) => {
                let store = Store { inner };
                store.check_schema(path, true)?;
                remove_stale_load_files(path);
                Ok(store)
            }
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
                Ok(inner) => {
                    let store = Store { inner };
                    store.check_schema(path, false)?;
                    return Ok(store);
                }
                // (a store being created has its CURRENT file before all its column families)
                Err(e) if attempt < 10 && ["No such file", "Column family not found"].iter().any(|m| e.to_string().contains(m)) => {
                    attempt += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100 * attempt));
                }
                Err(e) => return Err(StoreError::Open { path: path.to_path_buf(), source: e }),
            }
        }
    }

    /// An in-memory store (tests, `--emit`), marked with the current schema version.
    pub fn in_memory() -> Result<Store, StoreError> {
        let store = Store { inner: oxigraph::store::Store::new()? };
        store.check_schema(Path::new(":memory:"), true)?;
        Ok(store)
    }

    /// The schema version the store records: `None` when it records none.
    pub fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        let g = NamedNode::new_unchecked(STORE_GRAPH);
        let p = NamedNode::new_unchecked(format!("{KG}schemaVersion"));
        for q in self.inner.quads_for_pattern(Some(g.as_ref().into()), Some(p.as_ref()), None, Some(g.as_ref().into())) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().parse().unwrap_or(0)));
            }
        }
        Ok(None)
    }

    /// Records `version` as the store's schema version (replacing the version it recorded).
    pub fn set_schema_version(&self, version: u32) -> Result<(), StoreError> {
        let g = NamedNode::new_unchecked(STORE_GRAPH);
        let p = NamedNode::new_unchecked(format!("{KG}schemaVersion"));
        let old: Vec<Quad> =
            self.inner.quads_for_pattern(Some(g.as_ref().into()), Some(p.as_ref()), None, Some(g.as_ref().into())).collect::<Result<_, _>>()?;
        let mut t = self.inner.start_transaction()?;
        for q in &old {
            t.remove(q);
        }
        t.insert(&schema_quad(version));
        t.commit()?;
        Ok(())
    }

    /// Refuses a store written with another schema version. A new, empty store is marked with the
    /// current version when `write` is set; a store with data and no version predates versioning.
    fn check_schema(&self, path: &Path, write: bool) -> Result<(), StoreError> {
        let expected = SCHEMA_VERSION;
        match self.schema_version()? {
            Some(v) if v == expected => Ok(()),
            Some(v) if v > expected => Err(StoreError::NewerSchema { path: path.to_path_buf(), found: v, expected }),
            Some(v) => Err(StoreError::OldSchema { path: path.to_path_buf(), found: v, expected }),
            None if !self.inner.is_empty()? => Err(StoreError::OldSchema { path: path.to_path_buf(), found: 0, expected }),
            None if write => self.set_schema_version(expected),
            None => Ok(()),
        }
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

    /// Makes `graph` hold exactly `quads` (whose fingerprint, as [`crate::graph::iri::digest`]
    /// computes it, is `digest`), writing only the difference and the new fingerprint, in one
    /// transaction.
    /// When the store's fingerprint of the graph is `digest` already, nothing is read or written.
    /// Returns how many quads were added and removed.
    pub fn sync_graph(&self, graph: &NamedNode, quads: &[Quad], digest: &str) -> Result<(usize, usize), StoreError> {
        let old = self.digest_of(graph)?;
        if old.as_deref() == Some(digest) {
            return Ok((0, 0));
        }
        let wanted: std::collections::HashSet<&Quad> = quads.iter().collect();
        let mut stale = Vec::new();
        let mut present = std::collections::HashSet::new();
        for q in self.inner.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref()))) {
            let q = q?;
            if wanted.contains(&q) {
                present.insert(q);
            } else {
                stale.push(q);
            }
        }
        let fresh: Vec<&Quad> = quads.iter().filter(|q| !present.contains(*q)).collect();
        let mut t = self.inner.start_transaction()?;
        t.insert_named_graph(graph);
        for q in &stale {
            t.remove(q);
        }
        for q in &fresh {
            t.insert(*q);
        }
        if let Some(old) = &old {
            t.remove(&digest_quad(graph, old));
        }
        t.insert(&digest_quad(graph, digest));
        t.commit()?;
        Ok((fresh.len(), stale.len()))
    }

    /// Removes the graph of the document `doc_id` and its fingerprint, in one transaction. Returns
    /// whether the store held it. (Resolution is not updated here: see
    /// `pipeline::resolve::update`.)
    pub fn remove_document(&self, doc_id: &str) -> Result<bool, StoreError> {
        let graph = graph_iri(doc_id);
        if !self.has_graph(&graph)? {
            return Ok(false);
        }
        let store_graph = NamedNode::new_unchecked(STORE_GRAPH);
        let mut t = self.inner.start_transaction()?;
        retract_contributions(&mut t, &graph, &Default::default())?;
        t.remove_named_graph(&graph)?;
        let digests: Vec<Quad> = self
            .inner
            .quads_for_pattern(Some(graph.as_ref().into()), None, None, Some(store_graph.as_ref().into()))
            .collect::<Result<_, _>>()?;
        for q in &digests {
            t.remove(q);
        }
        t.commit()?;
        Ok(true)
    }

    /// The fingerprint of the quads the store holds for `graph`, if it recorded one (documents
    /// loaded from N-Quads by other tools have none).
    pub fn digest_of(&self, graph: &NamedNode) -> Result<Option<String>, StoreError> {
        let g = NamedNode::new_unchecked(STORE_GRAPH);
        let p = NamedNode::new_unchecked(format!("{KG}graphDigest"));
        for q in self.inner.quads_for_pattern(Some(graph.as_ref().into()), Some(p.as_ref()), None, Some(g.as_ref().into())) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// Whether the store's records of what `graph` contributes to the shared graph are exactly
    /// those among `quads` (a document's fingerprint covers its own graph only).
    pub fn contributions_are(&self, graph: &NamedNode, quads: &[Quad]) -> Result<bool, StoreError> {
        let (p, store) = contributes();
        let in_store = GraphName::NamedNode(store.clone());
        let wanted: FxHashSet<&Quad> = quads.iter().filter(|q| q.predicate == p && q.graph_name == in_store).collect();
        let mut n = 0;
        for q in self.inner.quads_for_pattern(Some(graph.as_ref().into()), Some(p.as_ref()), None, Some(store.as_ref().into())) {
            if !wanted.contains(&q?) {
                return Ok(false);
            }
            n += 1;
        }
        Ok(n == wanted.len())
    }

    /// Whether the store holds `graph`.
    pub fn has_graph(&self, graph: &NamedNode) -> Result<bool, StoreError> {
        Ok(self.inner.contains_named_graph(graph)?)
    }

    /// Loads the shipped vocabulary into its own graph (replacing an older copy).
    pub fn ensure_vocabulary(&self) -> Result<(), StoreError> {
        self.replace_graph(&NamedNode::new_unchecked(VOCABULARY_GRAPH), &vocabulary_quads()?)
    }

    /// Named graphs that hold documents (the vocabulary, store, resolution and shared graphs excluded), sorted.
    pub fn document_graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut out = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(n) = g? {
                if ![VOCABULARY_GRAPH, STORE_GRAPH, RESOLUTION_GRAPH, SHARED_GRAPH].contains(&n.as_str()) {
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

    /// Compacts the store's files (RocksDB's compaction, through Oxigraph): after a bulk load the
    /// data sits in many overlapping files, and an index lookup searches each of them. What the
    /// store holds does not change.
    pub fn optimize(&self) -> Result<(), StoreError> {
        #[cfg(feature = "persistent")]
        self.inner.optimize()?;
        Ok(())
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
        assert_eq!(store.len().unwrap(), n + 1); // + the schema version
        assert!(store.document_graphs().unwrap().is_empty());
    }

    #[cfg(feature = "persistent")]
    #[test]
    fn a_store_records_its_schema_and_one_from_another_version_is_refused_with_advice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kg");
        let g = NamedNode::new_unchecked("https://w3id.org/zhkg/graph/a");
        {
            let s = Store::open(&path).unwrap();
            assert_eq!(s.schema_version().unwrap(), Some(SCHEMA_VERSION));
            s.replace_graph(&g, &[quad(&g, "甲")]).unwrap();
        }
        assert!(Store::open(&path).is_ok());
        assert!(Store::open_read_only(&path).is_ok());

        // a store from before versioning: data, no version
        Store::open(&path).unwrap().inner().remove_named_graph(NamedNode::new_unchecked(STORE_GRAPH).as_ref()).unwrap();
        for r in [Store::open(&path).err(), Store::open_read_only(&path).err()] {
            let e = r.expect("an unversioned store with data is refused");
            assert!(matches!(e, StoreError::OldSchema { found: 0, .. }), "{e}");
            let msg = e.to_string();
            assert!(msg.contains("older zhkg") && msg.contains("--store NEW_DIR"), "{msg}");
        }

        // a store from a newer zhkg
        {
            let raw = oxigraph::store::Store::open(&path).unwrap();
            Store { inner: raw }.set_schema_version(SCHEMA_VERSION + 1).unwrap();
        }
        let e = Store::open(&path).err().expect("a newer store is refused");
        assert!(e.to_string().contains("newer zhkg") && e.to_string().contains("upgrade zhkg"), "{e}");
        // refused stores are left as they were
        let raw = Store { inner: oxigraph::store::Store::open_read_only(&path).unwrap() };
        assert_eq!(raw.schema_version().unwrap(), Some(SCHEMA_VERSION + 1));
        assert_eq!(raw.graph_len(g.as_ref()).unwrap(), 1);
    }
}
