//! The whole extraction path for a batch: inputs → documents → facts → quads → a sink (the store,
//! or N-Quads on a stream), with extraction spread over threads and the output kept in input
//! order. A bad input is reported and skipped; the rest of the batch goes on. Writing a store
//! ends with [`resolve::update`]: people resolved again across all the store's documents.

pub mod resolve;

use std::io::Write;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};

use oxigraph::model::{NamedNode, Quad};

use crate::extract::{self, Extraction};
use crate::graph;
use crate::ingest::{self, Document, Event, IngestError, Input, ReadOptions, Warning};
use crate::lexicon::Lexicon;
use crate::store::{Outcome, Store, StoreError, StoreWriter};

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
    /// Quads extracted.
    pub triples: usize,
    /// Documents the store already held unchanged, so not written again.
    pub unchanged: usize,
    /// People resolved across the store's documents afterwards (zero when writing no store).
    pub resolution: resolve::Summary,
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

    fn merge(&mut self, o: &Summary) {
        self.documents += o.documents;
        self.skipped += o.skipped;
        self.people += o.people;
        self.units += o.units;
        self.posts += o.posts;
        self.awards += o.awards;
        self.initiatives += o.initiatives;
        self.triples += o.triples;
        self.unchanged += o.unchanged;
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

/// One document's graph, ready to be written.
#[derive(Debug)]
pub struct DocGraph {
    /// The document's named graph.
    pub graph: NamedNode,
    /// Its content, in the form the sink asked for ([`Sink::wants`]).
    pub content: Content,
}

/// A document's graph content, as a sink takes it; made on the worker threads.
#[derive(Debug)]
pub enum Content {
    /// The quads, with their fingerprint ([`graph::digest`]).
    Quads {
        /// Everything the graph is to hold.
        quads: Vec<Quad>,
        /// Their fingerprint.
        digest: String,
    },
    /// N-Quads text, one quad a line.
    NQuads(String),
}

/// The form of [`Content`] a sink takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wants {
    /// [`Content::Quads`].
    Quads,
    /// [`Content::NQuads`].
    NQuads,
}

/// Where extracted documents go: a store ([`StoreWriter`]) or a stream of N-Quads ([`NQuadsSink`]).
pub trait Sink {
    /// The form the documents are to come in (prepared on the worker threads, so that the
    /// writer's thread, which keeps input order, has little to do).
    fn wants(&self) -> Wants;
    /// Takes one document's graph.
    fn write(&mut self, doc: DocGraph) -> Result<Outcome, PipelineError>;
}

impl Sink for StoreWriter<'_> {
    fn wants(&self) -> Wants {
        Wants::Quads
    }
    fn write(&mut self, doc: DocGraph) -> Result<Outcome, PipelineError> {
        let (quads, digest) = match doc.content {
            Content::Quads { quads, digest } => (quads, digest),
            Content::NQuads(_) => unreachable!("a StoreWriter asks for quads"),
        };
        Ok(StoreWriter::write(self, doc.graph, quads, digest)?)
    }
}

/// Why a run stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes document graphs as N-Quads, in input order, each document's quads together (as
/// produced). The stream starts with the vocabulary graph and the store's schema marker, so that
/// what any bulk loader makes of one or many such streams is a zhkg store.
pub struct NQuadsSink<W: Write> {
    out: W,
}

impl<W: Write> NQuadsSink<W> {
    /// A sink writing to `out`; writes the vocabulary and schema header at once.
    pub fn new(mut out: W) -> Result<NQuadsSink<W>, PipelineError> {
        for q in crate::store::header_quads()? {
            writeln!(out, "{q} .")?;
        }
        Ok(NQuadsSink { out })
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> Result<W, PipelineError> {
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Sink for NQuadsSink<W> {
    fn wants(&self) -> Wants {
        Wants::NQuads
    }
    fn write(&mut self, doc: DocGraph) -> Result<Outcome, PipelineError> {
        match doc.content {
            Content::NQuads(text) => self.out.write_all(text.as_bytes())?,
            Content::Quads { quads, .. } => {
                for q in &quads {
                    // oxrdf's Display of a quad is its N-Quads form
                    writeln!(self.out, "{q} .")?;
                }
            }
        }
        Ok(Outcome::Written)
    }
}

/// How far a run has got, for a progress display.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents done.
    pub documents: usize,
    /// Input bytes done (whole inputs, plus the text of the current one so far).
    pub bytes: u64,
    /// All input bytes, when known (not for standard input).
    pub total_bytes: Option<u64>,
}

/// What the reader hands the workers, in input order. (Boxing the document would save little: a
/// few dozen items are in flight.)
#[allow(clippy::large_enum_variant)]
enum Item {
    Event(Event),
    /// An input was read to its end; it had this many bytes.
    EndOfInput(u64),
}

/// What a worker hands back, in any order; put back in input order by sequence number.
enum Done {
    Document { doc: DocGraph, counts: Summary, text_bytes: u64 },
    Skipped(IngestError),
    Warning(Warning),
    EndOfInput(u64),
}

/// How a run reads and works.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// How inputs are read.
    pub read: ReadOptions,
    /// Extraction threads (0: one per core).
    pub jobs: usize,
    /// Into a store: write every document, even those it holds unchanged.
    pub rewrite: bool,
}

/// The number of extraction threads for `jobs` (0: one per core).
pub fn threads(jobs: usize) -> usize {
    if jobs > 0 {
        jobs
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// Extracts every input into `sink` with `opts.jobs` extraction threads (0: one per core), reading
/// corpora as streams. One thread reads and cleans, the workers extract and build quads, and the
/// caller's thread writes, in input order: the result does not depend on `jobs`. Input problems go
/// to `report` in input order (skipped inputs are counted); `progress` is called after each
/// document. A sink failure stops the run.
pub fn run(
    paths: &[PathBuf],
    lex: &Lexicon,
    opts: &RunOptions,
    sink: &mut dyn Sink,
    mut report: impl FnMut(Problem<'_>),
    mut progress: impl FnMut(&Progress),
) -> Result<Summary, PipelineError> {
    let mut summary = Summary::default();
    let (inputs, errors) = ingest::expand(paths);
    for e in &errors {
        report(Problem::Skipped(e));
    }
    summary.skipped += errors.len();
    let sizes: Vec<Option<u64>> = inputs
        .iter()
        .map(|i| match i {
            Input::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .collect();
    let mut state = Progress { total_bytes: sizes.iter().copied().sum(), ..Progress::default() };
    let workers = threads(opts.jobs);
    let read = &opts.read;
    let wants = sink.wants();
    let (item_tx, item_rx) = mpsc::sync_channel::<(u64, Item)>(workers * 4);
    let (done_tx, done_rx) = mpsc::sync_channel::<(u64, Done)>(workers * 4);
    let item_rx = Arc::new(Mutex::new(item_rx));

    std::thread::scope(|s| {
        s.spawn(move || {
            let mut seq = 0u64;
            let mut send = |item: Item| {
                seq += 1;
                item_tx.send((seq, item)).map_err(|_| ())
            };
            for (input, size) in inputs.iter().zip(&sizes) {
                if ingest::read_each(input, read, lex, |e| send(Item::Event(e))).is_err() {
                    return; // the writer stopped
                }
                if send(Item::EndOfInput(size.unwrap_or(0))).is_err() {
                    return;
                }
            }
        });
        for _ in 0..workers {
            let rx = Arc::clone(&item_rx);
            let tx = done_tx.clone();
            s.spawn(move || loop {
                let next = rx.lock().map(|r| r.recv());
                let Ok(Ok((seq, item))) = next else { return };
                let done = match item {
                    Item::Event(Event::Document(doc)) => {
                        let x = extract::extract(&doc, lex);
                        let (content, n) = match wants {
                            Wants::Quads => {
                                let (quads, _, digest) = graph::document_graph(&doc, &x, lex);
                                let n = quads.len();
                                (Content::Quads { digest, quads }, n)
                            }
                            // the text alone: no quad values built only to be dropped
                            Wants::NQuads => {
                                let (text, n) = graph::document_nquads(&doc, &x, lex);
                                (Content::NQuads(text), n)
                            }
                        };
                        let mut counts = Summary::default();
                        counts.add(&x, n);
                        let graph = DocGraph { graph: graph::graph_iri(&doc.id), content };
                        Done::Document { doc: graph, counts, text_bytes: doc.text.len() as u64 }
                    }
                    Item::Event(Event::Skipped(e)) => Done::Skipped(e),
                    Item::Event(Event::Warning(w)) => Done::Warning(w),
                    Item::EndOfInput(n) => Done::EndOfInput(n),
                };
                if tx.send((seq, done)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        drop(item_rx);

        // write in input order; results that arrive early wait in `ahead` (at most the items in flight)
        let mut ahead = std::collections::BTreeMap::new();
        let mut next = 1u64;
        let mut finished_inputs = 0u64;
        for (seq, done) in done_rx {
            ahead.insert(seq, done);
            while let Some(done) = ahead.remove(&next) {
                next += 1;
                match done {
                    Done::Document { doc, counts, text_bytes } => {
                        if sink.write(doc)? == Outcome::Unchanged {
                            summary.unchanged += 1;
                        }
                        summary.merge(&counts);
                        state.documents += 1;
                        state.bytes += text_bytes;
                    }
                    Done::Skipped(e) => {
                        report(Problem::Skipped(&e));
                        summary.skipped += 1;
                    }
                    Done::Warning(w) => report(Problem::Warning(&w)),
                    Done::EndOfInput(n) => {
                        finished_inputs += n;
                        state.bytes = finished_inputs;
                    }
                }
                progress(&state);
            }
        }
        Ok(summary)
    })
}

/// Extracts every input into the store (see [`run`]): new documents are bulk-loaded and changed
/// ones replaced, in batches of whole documents; unchanged ones are left as they are unless
/// `opts.rewrite` is set. A store failure stops the batch, and every
/// document written before it stays whole.
pub fn extract_paths(
    store: &Store,
    paths: &[PathBuf],
    lex: &Lexicon,
    opts: &RunOptions,
    report: impl FnMut(Problem<'_>),
    progress: impl FnMut(&Progress),
) -> Result<Summary, PipelineError> {
    store.ensure_vocabulary()?;
    let mut writer = StoreWriter::new(store).rewrite_all(opts.rewrite);
    let mut summary = run(paths, lex, opts, &mut writer, report, progress)?;
    writer.finish()?;
    summary.resolution = resolve::update(store)?;
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
