//! Running one query for the endpoint: parsed with zhkg's prefixes, evaluated over the union of
//! the document graphs (or the dataset the request or the query names), and serialised into a
//! buffer, on a worker thread that the request waits for no longer than the time limit.
//!
//! **Time limit.** Oxigraph's evaluator takes a `CancellationToken` and checks it whenever it reads
//! from the store; at the deadline the request is answered (503) and the token cancelled. Work
//! that reads nothing from the store (a join or sort of what was read already) does not check the
//! token, so the worker may go on until its next read or its end; serialisation checks it for
//! every row. A bounded number of workers ([`Slots`]) keeps abandoned evaluations from piling up,
//! and a bounded queue in front of them keeps requests from waiting for nothing.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use spargebra::SparqlParser;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use super::negotiate::{AnswerKind, Format};
use crate::graph::vocab::PREFIXES;
use crate::query;
use crate::store::Store;

/// The largest serialised answer kept in memory for one response; a larger one is refused with a
/// hint to add LIMIT (answers are buffered so that an error can still change the status).
pub const MAX_RESPONSE_BYTES: usize = 256 << 20;

/// A query parsed with zhkg's predeclared prefixes.
pub struct ParsedQuery {
    query: spargebra::Query,
}

impl ParsedQuery {
    /// Whether it answers with results or triples.
    pub fn kind(&self) -> AnswerKind {
        match self.query {
            spargebra::Query::Select { .. } | spargebra::Query::Ask { .. } => AnswerKind::Results,
            spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => AnswerKind::Graph,
        }
    }
}

/// Why a query text was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    /// Not SPARQL: the message names the line and column and shows the line.
    Syntax(String),
    /// A SPARQL Update, which this endpoint does not run.
    Update,
}

fn parser() -> SparqlParser {
    let mut p = SparqlParser::new();
    for (prefix, ns) in PREFIXES {
        p = p.with_prefix(*prefix, *ns).expect("static prefixes are valid");
    }
    p
}

/// Parses a query; an update, or text that is no query, is rejected with the reason.
pub fn parse_query(text: &str) -> Result<ParsedQuery, Rejected> {
    match parser().parse_query(text) {
        Ok(query) => Ok(ParsedQuery { query }),
        Err(_) if parser().parse_update(text).is_ok() => Err(Rejected::Update),
        Err(e) => Err(Rejected::Syntax(syntax_message(text, &e.to_string()))),
    }
}

/// "SPARQL syntax error at line L, column C: …" with the line and a caret under the column.
fn syntax_message(text: &str, message: &str) -> String {
    match query::error_position(message) {
        Some((line, column, detail)) => {
            format!("SPARQL syntax error at line {line}, column {column}: {detail}\n{}", query::caret_excerpt(text, line, column))
        }
        None => format!("SPARQL syntax error: {message}"),
    }
}

/// The dataset a request states (`default-graph-uri`, `named-graph-uri`), checked.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    default: Vec<GraphName>,
    named: Vec<NamedOrBlankNode>,
}

impl Dataset {
    /// Reads the IRIs; an invalid one is named in the error.
    pub fn new(default: &[String], named: &[String]) -> Result<Dataset, String> {
        let iri = |param: &str, s: &String| NamedNode::new(s.as_str()).map_err(|e| format!("{param} \"{s}\" is not an IRI: {e}"));
        Ok(Dataset {
            default: default.iter().map(|s| iri("default-graph-uri", s).map(GraphName::from)).collect::<Result<_, _>>()?,
            named: named.iter().map(|s| iri("named-graph-uri", s).map(NamedOrBlankNode::from)).collect::<Result<_, _>>()?,
        })
    }
}

/// Why an evaluation gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Oxigraph failed to evaluate the query.
    Evaluation(String),
    /// The token was cancelled (the time limit passed).
    Cancelled,
    /// The answer grew past [`MAX_RESPONSE_BYTES`].
    TooLarge,
}

/// A `Write` into memory that stops at a size (with an error the evaluation turns into
/// [`Failure::TooLarge`]) and when the token is cancelled.
struct Buffer<'a> {
    bytes: Vec<u8>,
    limit: usize,
    token: &'a CancellationToken,
    over: bool,
}

impl Write for Buffer<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.token.is_cancelled() {
            return Err(std::io::Error::other("cancelled"));
        }
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(std::io::Error::other("too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn failure(e: QueryEvaluationError) -> Failure {
    match e {
        QueryEvaluationError::Cancelled => Failure::Cancelled,
        other => Failure::Evaluation(other.to_string()),
    }
}

/// Evaluates `query` on `store` and serialises the answer in `format` (whose kind must be the
/// query's). The default graph is the union of all graphs unless the query names its dataset
/// (FROM, FROM NAMED) or `dataset` is given, which replaces the query's.
pub fn evaluate(store: &Store, query: ParsedQuery, dataset: Option<&Dataset>, format: Format, token: &CancellationToken, limit: usize) -> Result<Vec<u8>, Failure> {
    let mut prepared = SparqlEvaluator::new().with_cancellation_token(token.clone()).for_query(query.query);
    match dataset {
        Some(d) => {
            prepared.dataset_mut().set_default_graph(d.default.clone());
            prepared.dataset_mut().set_available_named_graphs(d.named.clone());
        }
        None if prepared.dataset().is_default_dataset() => prepared.dataset_mut().set_default_graph_as_union(),
        None => {}
    }
    let results = prepared.on_store(store.inner()).execute().map_err(failure)?;
    let mut out = Buffer { bytes: Vec::new(), limit, token, over: false };
    let written = write(results, format, &mut out, token);
    match written {
        Ok(()) => Ok(out.bytes),
        Err(_) if out.over => Err(Failure::TooLarge),
        Err(_) if token.is_cancelled() => Err(Failure::Cancelled),
        Err(f) => Err(f),
    }
}

fn results_format(format: Format) -> QueryResultsFormat {
    match format {
        Format::Xml => QueryResultsFormat::Xml,
        Format::Csv => QueryResultsFormat::Csv,
        Format::Tsv => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

fn rdf_format(format: Format) -> RdfFormat {
    match format {
        Format::NTriples => RdfFormat::NTriples,
        Format::RdfXml => RdfFormat::RdfXml,
        Format::JsonLd => RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() },
        _ => RdfFormat::Turtle,
    }
}

fn write(results: QueryResults<'_>, format: Format, out: &mut Buffer<'_>, token: &CancellationToken) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::Evaluation(format!("writing the answer: {e}"));
    match results {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            let mut w = QueryResultsSerializer::from_format(results_format(format)).serialize_solutions_to_writer(&mut *out, vars).map_err(io)?;
            for s in solutions {
                if token.is_cancelled() {
                    return Err(Failure::Cancelled);
                }
                w.serialize(&s.map_err(failure)?).map_err(io)?;
            }
            w.finish().map_err(io)?;
        }
        QueryResults::Boolean(b) => {
            QueryResultsSerializer::from_format(results_format(format)).serialize_boolean_to_writer(&mut *out, b).map_err(io)?;
        }
        QueryResults::Graph(triples) => {
            // sorted and without duplicates, as `zhkg query` prints them: the same store gives the
            // same bytes
            let mut all = Vec::new();
            for t in triples {
                if token.is_cancelled() {
                    return Err(Failure::Cancelled);
                }
                all.push(t.map_err(failure)?);
            }
            query::write_triples(all, rdf_format(format), &mut *out).map_err(io)?;
        }
    }
    Ok(())
}

/// A bounded number of evaluations at once, and a bounded number of requests waiting for one. A
/// request waits for a free slot until its deadline; when as many requests wait already as the
/// queue holds, it is refused at once (it would only wait behind them to be refused at its
/// deadline). A slot is held by the worker thread until the evaluation ends, even after its
/// request gave up.
pub struct Slots {
    state: Mutex<State>,
    freed: Condvar,
    max: usize,
    max_waiting: usize,
}

struct State {
    running: usize,
    waiting: usize,
}

/// A taken slot, given back when dropped.
pub struct Slot {
    slots: Arc<Slots>,
}

/// Why no slot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// Every slot was taken and the queue full: refused without waiting.
    QueueFull,
    /// Waited in the queue until the deadline, and no slot came free.
    TimedOut,
}

impl Slots {
    /// Room for `max` evaluations at once (at least one) and `max_waiting` requests waiting.
    pub fn new(max: usize, max_waiting: usize) -> Arc<Slots> {
        Arc::new(Slots { state: Mutex::new(State { running: 0, waiting: 0 }), freed: Condvar::new(), max: max.max(1), max_waiting })
    }

    /// Takes a slot: at once when one is free, else waiting in the queue until `deadline` at most,
    /// or not at all when the queue is full.
    pub fn acquire(self: &Arc<Self>, deadline: Instant) -> Result<Slot, Busy> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.running >= self.max {
            if state.waiting >= self.max_waiting {
                return Err(Busy::QueueFull);
            }
            state.waiting += 1;
            while state.running >= self.max {
                let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
                    state.waiting -= 1;
                    return Err(Busy::TimedOut);
                };
                state = self.freed.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
            }
            state.waiting -= 1;
        }
        state.running += 1;
        Ok(Slot { slots: Arc::clone(self) })
    }

    /// How many evaluations run now.
    #[cfg(test)]
    pub fn running(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).running
    }

    /// How many requests wait for a slot now.
    #[cfg(test)]
    pub fn waiting(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).waiting
    }

    /// The most that run at once.
    pub fn max(&self) -> usize {
        self.max
    }

    /// The most that wait for a slot.
    pub fn max_waiting(&self) -> usize {
        self.max_waiting
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.slots.state.lock().unwrap_or_else(|e| e.into_inner());
        state.running -= 1;
        self.slots.freed.notify_one();
    }
}
