//! What a push sends: each graph's fingerprint, and its triples as N-Triples or Turtle (the
//! Graph Store Protocol's bodies are graphs, so a graph's quads lose their graph name on the
//! wire and get it back from the URL).

use std::cell::{Cell, RefCell};
use std::io::{Read, Write};
use std::rc::Rc;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::io::WriterQuadSerializer;
use oxigraph::model::{GraphNameRef, NamedNode, Term, TripleRef};
use oxigraph::store::QuadIter;

use super::WireFormat;
use crate::graph::vocab::PREFIXES;
use crate::store::{Store, StoreError};

impl WireFormat {
    /// The `Content-Type` of the body.
    pub fn media_type(self) -> &'static str {
        match self {
            WireFormat::NTriples => "application/n-triples",
            WireFormat::Turtle => "text/turtle",
        }
    }

    fn serializer(self) -> RdfSerializer {
        match self {
            WireFormat::NTriples => RdfSerializer::from_format(RdfFormat::NTriples),
            WireFormat::Turtle => {
                let mut s = RdfSerializer::from_format(RdfFormat::Turtle);
                for (p, ns) in PREFIXES {
                    s = s.with_prefix(*p, *ns).expect("static prefixes are valid");
                }
                s
            }
        }
    }
}

/// The fingerprint of `graph`: the one the store records beside it (documents, resolution), else
/// computed the same way ([`crate::graph::digest`] of its sorted N-Quads: the vocabulary, and
/// documents another tool loaded). Equal fingerprints, equal graphs.
pub(crate) fn fingerprint(store: &Store, graph: &NamedNode) -> Result<String, StoreError> {
    if let Some(d) = store.digest_of(graph)? {
        return Ok(d);
    }
    computed_fingerprint(store, graph)
}

/// [`crate::graph::digest`] of the graph's quads as sorted N-Quads lines (duplicates kept once),
/// which is how zhkg fingerprints a graph it writes.
pub(crate) fn computed_fingerprint(store: &Store, graph: &NamedNode) -> Result<String, StoreError> {
    let mut lines = Vec::new();
    for q in store.inner().quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref()))) {
        lines.push(q?.to_string());
    }
    lines.sort_unstable();
    lines.dedup();
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 3).sum());
    for l in &lines {
        text.push_str(l);
        text.push_str(" .\n");
    }
    Ok(crate::graph::digest(&text))
}

/// The body of one graph, and how many triples it holds.
pub(crate) fn graph_body(store: &Store, graph: &NamedNode, format: WireFormat) -> Result<(Vec<u8>, usize), StoreError> {
    let mut w = format.serializer().for_writer(Vec::new());
    let mut n = 0;
    for q in store.inner().quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph.as_ref()))) {
        let q = q?;
        w.serialize_triple(TripleRef::from(q.as_ref())).map_err(io_to_store)?;
        n += 1;
    }
    Ok((w.finish().map_err(io_to_store)?, n))
}

fn io_to_store(e: std::io::Error) -> StoreError {
    // writing into memory cannot fail; this keeps the types honest
    StoreError::Query(format!("serializing: {e}"))
}

/// The text of an object literal, if it is one (for reading `dcterms:identifier`).
pub(crate) fn literal_value(t: &Term) -> Option<&str> {
    match t {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// A shared buffer the serializer writes into and the reader drains.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every triple of several graphs as one body, serialized as it is read (a whole store merged
/// need never be in memory). A store error ends the body early and is kept in
/// [`MergedBody::error`] for the caller, since the HTTP client only sees an I/O error.
pub(crate) struct MergedBody<'s> {
    store: &'s Store,
    graphs: &'s [NamedNode],
    next: usize,
    quads: Option<QuadIter<'static>>,
    out: Shared,
    taken: usize,
    serializer: Option<WriterQuadSerializer<Shared>>,
    triples: Rc<Cell<usize>>,
    error: Rc<RefCell<Option<StoreError>>>,
}

impl<'s> MergedBody<'s> {
    /// A body of the triples of `graphs`; `triples` counts them as they go, `error` receives a
    /// store error.
    pub(crate) fn new(store: &'s Store, graphs: &'s [NamedNode], format: WireFormat, triples: Rc<Cell<usize>>, error: Rc<RefCell<Option<StoreError>>>) -> MergedBody<'s> {
        let out = Shared::default();
        let serializer = Some(format.serializer().for_writer(out.clone()));
        triples.set(0);
        MergedBody { store, graphs, next: 0, quads: None, out, taken: 0, serializer, triples, error }
    }

    /// Serializes more triples into the buffer; false when there are no more.
    fn fill(&mut self) -> std::io::Result<bool> {
        let Some(ser) = self.serializer.as_mut() else { return Ok(false) };
        let mut written = 0;
        while written < 1024 {
            if self.quads.is_none() {
                let Some(g) = self.graphs.get(self.next) else {
                    if let Some(ser) = self.serializer.take() {
                        ser.finish()?;
                    }
                    return Ok(true);
                };
                self.next += 1;
                self.quads = Some(self.store.inner().quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref()))));
            }
            match self.quads.as_mut().and_then(Iterator::next) {
                Some(Ok(q)) => {
                    ser.serialize_triple(TripleRef::from(q.as_ref()))?;
                    self.triples.set(self.triples.get() + 1);
                    written += 1;
                }
                Some(Err(e)) => {
                    let msg = e.to_string();
                    *self.error.borrow_mut() = Some(StoreError::Storage(e));
                    return Err(std::io::Error::other(msg));
                }
                None => self.quads = None,
            }
        }
        Ok(true)
    }
}

impl Read for MergedBody<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            {
                let mut out = self.out.0.borrow_mut();
                if self.taken < out.len() {
                    let n = buf.len().min(out.len() - self.taken);
                    buf[..n].copy_from_slice(&out[self.taken..self.taken + n]);
                    self.taken += n;
                    if self.taken == out.len() {
                        out.clear();
                        self.taken = 0;
                    }
                    return Ok(n);
                }
            }
            if !self.fill()? {
                return Ok(0);
            }
        }
    }
}
