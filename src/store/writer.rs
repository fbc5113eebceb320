//! Writing many document graphs fast, without giving up whole-document atomicity.
//!
//! A document new to the store goes through Oxigraph's bulk loader (sorted SST files ingested into
//! RocksDB), in batches of whole documents; each batch becomes visible at once. A document the
//! store already holds is replaced in a transaction (remove its graph, insert the new quads), many
//! documents per transaction. Either way a reader, or the store after a crash, sees every document
//! whole (old or new), never part of one.
//!
//! Beside each document the store keeps a fingerprint of its quads
//! ([`crate::graph::iri::digest`]), in the store graph; a document whose fingerprint has not
//! changed is not written again, so running the same corpus twice costs reading it (unless
//! [`StoreWriter::rewrite_all`] says otherwise).
//!
//! Why two paths: the bulk loader is several times faster than transactions on this storage, but it
//! only adds; it cannot remove the old version of a document, and a graph it is still loading is not
//! yet visible to [`Store::has_graph`]. So a document whose graph is in a batch still in flight and
//! that comes again (a corpus that repeats an id) first waits for the loader to finish, then takes
//! the transaction path, and the last version wins, as it does one document at a time.

use oxigraph::model::{NamedNode, Quad};
use std::time::{Duration, Instant};
use rustc_hash::FxHashSet;

use super::{digest_quad, retract_contributions, Store, StoreError};

/// Quads per bulk-loader batch (one batch is one background sort and one atomic ingestion).
const LOAD_BATCH_QUADS: usize = 200_000;
/// Quads loaded between two full commits of the bulk loader (bounds how much work a crash loses
/// and the set of graphs in flight).
const COMMIT_EVERY_QUADS: usize = 4_000_000;
/// Quads per replacement transaction.
const REPLACE_BATCH_QUADS: usize = 50_000;
/// Bulk-loader batches sorted in the background at once.
const LOADER_THREADS: usize = 2;
/// A batch that has waited this long is sent even when small, so a slow trickle of documents
/// still reaches the disk (and a stopped run keeps them) within seconds.
const BATCH_MAX_WAIT: Duration = Duration::from_secs(1);

/// Writes document graphs into a [`Store`] in batches. Call [`StoreWriter::finish`] at the end: a
/// writer dropped without it loses the batches not yet written (whole documents only).
pub struct StoreWriter<'a> {
    store: &'a Store,
    loader: Option<oxigraph::store::BulkLoader<'a>>,
    /// Quads of new documents waiting for the next loader batch.
    new_quads: Vec<Quad>,
    /// Graphs given to the loader since its last full commit (not yet surely visible).
    in_flight: FxHashSet<NamedNode>,
    loaded_since_commit: usize,
    /// When a batch last went to the loader or a replacement transaction.
    last_flush: Instant,
    /// Documents to replace in the next transaction, in arrival order.
    replacements: Vec<Replacement>,
    replacement_quads: usize,
    /// Write documents even when their fingerprint is unchanged.
    rewrite: bool,
}

/// A document to replace: its graph, new quads, and the fingerprints before and after.
struct Replacement {
    graph: NamedNode,
    quads: Vec<Quad>,
    old: Option<String>,
    new: String,
}

/// What became of a document given to [`StoreWriter::write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Queued to be written (new, or changed).
    Written,
    /// The store already holds exactly these quads for it.
    Unchanged,
}

impl<'a> StoreWriter<'a> {
    /// A writer into `store`.
    pub fn new(store: &'a Store) -> StoreWriter<'a> {
        StoreWriter {
            store,
            loader: None,
            new_quads: Vec::new(),
            in_flight: FxHashSet::default(),
            loaded_since_commit: 0,
            last_flush: Instant::now(),
            replacements: Vec::new(),
            replacement_quads: 0,
            rewrite: false,
        }
    }

    /// Writes every document, even one the store already holds unchanged (to measure writing, or
    /// to repair a store whose graphs were edited by hand).
    pub fn rewrite_all(mut self, yes: bool) -> Self {
        self.rewrite = yes;
        self
    }

    /// Queues `graph` to hold exactly `quads` (with what they add to the shared graph and its
    /// records), whose fingerprint is `digest`, replacing what the store holds for it. It is
    /// written when its batch fills, or at [`StoreWriter::finish`].
    pub fn write(&mut self, graph: NamedNode, quads: Vec<Quad>, digest: String) -> Result<Outcome, StoreError> {
        if self.in_flight.contains(&graph) {
            // this document is in a batch the loader may still be sorting: let it land first
            self.commit_loads()?;
        }
        let old = self.store.digest_of(&graph)?;
        if old.as_deref() == Some(digest.as_str()) && !self.rewrite && self.store.contributions_are(&graph, &quads)? {
            return Ok(Outcome::Unchanged);
        }
        if old.is_some() || self.store.has_graph(&graph)? {
            self.replacement_quads += quads.len();
            self.replacements.push(Replacement { graph, quads, old, new: digest });
            if self.replacement_quads >= REPLACE_BATCH_QUADS || self.last_flush.elapsed() >= BATCH_MAX_WAIT {
                self.flush_replacements()?;
            }
        } else {
            self.new_quads.extend(quads);
            self.new_quads.push(digest_quad(&graph, &digest));
            self.in_flight.insert(graph);
            if self.new_quads.len() >= LOAD_BATCH_QUADS || self.last_flush.elapsed() >= BATCH_MAX_WAIT {
                self.send_batch()?;
                if self.loaded_since_commit >= COMMIT_EVERY_QUADS {
                    self.commit_loads()?;
                }
            }
        }
        Ok(Outcome::Written)
    }

    /// Writes everything queued and waits until it is in the store.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.flush_replacements()?;
        self.commit_loads()?;
        self.store.flush()
    }

    /// Hands the queued new documents to the bulk loader as one batch (sorted in the background).
    fn send_batch(&mut self) -> Result<(), StoreError> {
        if self.new_quads.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.new_quads);
        self.loaded_since_commit += batch.len();
        self.last_flush = Instant::now();
        let store = self.store;
        let loader = self.loader.get_or_insert_with(|| {
            // each batch is ingested whole as soon as it is sorted, not all at the end: a long run
            // that stops keeps the batches it finished
            store.inner().bulk_loader().with_num_threads(LOADER_THREADS).without_atomicity()
        });
        Ok(loader.load_quads(batch)?)
    }

    /// Sends the last batch and waits for the loader to ingest everything it was given.
    fn commit_loads(&mut self) -> Result<(), StoreError> {
        self.send_batch()?;
        if let Some(loader) = self.loader.take() {
            loader.commit()?;
        }
        self.in_flight.clear();
        self.loaded_since_commit = 0;
        Ok(())
    }

    /// Replaces the queued documents, and their fingerprints, in one transaction.
    fn flush_replacements(&mut self) -> Result<(), StoreError> {
        if self.replacements.is_empty() {
            return Ok(());
        }
        // what the loader still holds must be visible first: a shared triple's last record may be
        // in a loaded document
        self.commit_loads()?;
        let docs = std::mem::take(&mut self.replacements);
        self.replacement_quads = 0;
        self.last_flush = Instant::now();
        let mut t = self.store.inner().start_transaction()?;
        for r in &docs {
            retract_contributions(&mut t, &r.graph, &r.quads.iter().collect())?;
            t.remove_named_graph(&r.graph)?;
            t.insert_named_graph(&r.graph);
            for q in &r.quads {
                t.insert(q);
            }
            if let Some(old) = &r.old {
                t.remove(&digest_quad(&r.graph, old));
            }
            t.insert(&digest_quad(&r.graph, &r.new));
        }
        t.commit()?;
        Ok(())
    }
}
