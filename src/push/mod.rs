//! `zhkg push`: the store's graphs sent to any SPARQL 1.1 Graph Store HTTP Protocol endpoint
//! (Oxigraph's `/store`, Fuseki's `/ds/data`, GraphDB's `/repositories/R/rdf-graphs/service`,
//! Virtuoso's `/sparql-graph-crud-auth` …).
//!
//! **Graph per document** (the default, [`Target::GraphPerDocument`]): every graph of the store
//! becomes the graph of the same IRI on the server, each with one `PUT {endpoint}?graph=IRI`:
//! the vocabulary, every document graph, and the resolution graph (people across documents).
//! A PUT replaces the graph, so pushing twice leaves the same data and a document extracted
//! again replaces its graph; a graph the store no longer holds (`zhkg remove`) is deleted with
//! `DELETE {endpoint}?graph=IRI`. The server then holds what the store holds, graph for graph,
//! and SPARQL over the union of its named graphs answers as `zhkg query` does.
//!
//! **One target graph** ([`Target::Graph`], [`Target::Default`]): everything merged into one
//! graph, sent as a single `PUT` of the merged triples (streamed), which replaces that graph
//! whole: one request per document would have each replace the last, and POST per document
//! would keep what was removed from the store. A change anywhere sends everything again.
//!
//! **Resume**: the push state ([`default_state_path`]) records, per endpoint and target, the
//! fingerprint of each graph the server accepted, as soon as it accepted it. A push sends only
//! graphs whose fingerprint differs from the recorded one (all of them with
//! [`PushOptions::all`]) and deletes those recorded but gone from the store; a push that was
//! stopped goes on where it stopped. The store's graph `graph/store` (bookkeeping) is never sent.
//!
//! **Architecture invariant:** push only reads the store (through [`Store::inner`], as `export`
//! does), so it runs on a store opened read-only; its state lives in a file outside the store.
//! An HTTP error fails one graph and the push goes on; no HTTP answer at all (connection refused,
//! reset, timed out) stops it, with what was done recorded.

mod body;
mod http;
mod state;
#[cfg(test)]
mod tests;

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

use oxigraph::model::NamedNode;

use crate::graph::vocab::{BASE, DCTERMS, RESOLUTION_GRAPH, SHARED_GRAPH, VOCABULARY_GRAPH};
use crate::store::{Store, StoreError};
use http::{Client, Endpoint, Payload, Reply};

/// Where the store's graphs go on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Each graph of the store to the server's graph of the same IRI (one PUT each).
    GraphPerDocument,
    /// Everything merged into this named graph (one PUT).
    Graph(NamedNode),
    /// Everything merged into the server's default graph (one PUT to `?default`).
    Default,
}

impl Target {
    /// [`Target::Graph`] of `iri`, checked.
    pub fn named(iri: &str) -> Result<Target, PushError> {
        NamedNode::new(iri).map(Target::Graph).map_err(|e| PushError::GraphIri { iri: iri.to_string(), reason: e.to_string() })
    }

    /// The name the push state files this target under.
    fn key(&self) -> String {
        match self {
            Target::GraphPerDocument => "graph-per-document".into(),
            Target::Graph(g) => format!("graph={}", g.as_str()),
            Target::Default => "default".into(),
        }
    }
}

/// The body's syntax; also the values of `zhkg push --format`, named as the variants in lower case
/// (`ntriples`). The variants' doc comments are the values' help in `zhkg push --help`, word for
/// word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
#[value(rename_all = "lower")]
pub enum WireFormat {
    /// N-Triples (application/n-triples): every Graph Store server reads it.
    #[default]
    NTriples,
    /// Turtle (text/turtle) with zhkg's prefixes: smaller on the wire.
    Turtle,
}

/// A user and password, for servers that ask (Basic or Digest, as the server's challenge says).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user.
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("user", &self.user).field("password", &"…").finish()
    }
}

/// What to push where.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The Graph Store endpoint (`http://localhost:7878/store`).
    pub endpoint: String,
    /// Where the graphs go on the server.
    pub target: Target,
    /// Sent when the server asks for them.
    pub credentials: Option<Credentials>,
    /// The push state file (see [`default_state_path`]).
    pub state: PathBuf,
    /// Send every graph, even those the state says the server holds unchanged.
    pub all: bool,
    /// Send the vocabulary graph (`ontology/zhkg.ttl`) too.
    pub vocabulary: bool,
    /// The body's syntax.
    pub format: WireFormat,
    /// The longest to wait at any one step: a read or write that stalls, the server's answer
    /// (which, after a big PUT, can take minutes), connecting (at most 30 s).
    pub timeout: Duration,
}

/// Why a push could not run, or stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The endpoint is not a usable URL.
    #[error("{url}: {reason}")]
    Endpoint {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The target graph is not an absolute IRI.
    #[error("--graph {iri}: not an absolute IRI ({reason})")]
    GraphIri {
        /// The IRI given.
        iri: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A request got no HTTP answer (connection refused, reset, timed out …): the push stopped.
    #[error("{endpoint}: no answer from the server to {request}: {reason}{}", if *.done > 0 { format!(" ({} graph(s) pushed before it, recorded: run the same command again to go on)", .done) } else { String::new() })]
    Connection {
        /// The endpoint.
        endpoint: String,
        /// The request: `PUT <graph>`.
        request: String,
        /// The transport's words.
        reason: String,
        /// Requests that had succeeded before it.
        done: usize,
    },
    /// The server wants credentials it was not given, or refused the ones it was given.
    #[error("{endpoint}: HTTP 401 Unauthorized: {}", if *.had_credentials { "the server refused the user and password" } else { "the server asks for a user (--user, and --password or ZHKG_PASSWORD)" })]
    Unauthorized {
        /// The endpoint.
        endpoint: String,
        /// Whether credentials were sent.
        had_credentials: bool,
    },
    /// The server refused the first [`REFUSED_ALIKE`] graphs with the same status and took none:
    /// most likely not a Graph Store endpoint, or one that takes no writes. The push stopped
    /// rather than send (and report) every other graph to be refused alike.
    #[error("{endpoint}: the server refused the first {count} graphs alike (HTTP {status} {reason}) and took none; stopped before sending the other {left}. Is it the server's Graph Store endpoint, open for writes? (Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data; GraphDB: http://HOST:7200/repositories/REPO/rdf-graphs/service; Virtuoso: http://HOST:8890/sparql-graph-crud-auth)")]
    RefusedAlike {
        /// The endpoint.
        endpoint: String,
        /// Graphs refused.
        count: usize,
        /// The status they were refused with.
        status: u16,
        /// Its reason phrase.
        reason: String,
        /// Requests not sent.
        left: usize,
    },
    /// The state file could not be read.
    #[error("{path}: cannot read the push state: {source}")]
    StateRead {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The state file holds a line that is not a state line.
    #[error("{path}:{line}: not a push state line: {reason} (delete the file to push everything again)")]
    StateSyntax {
        /// The state file.
        path: PathBuf,
        /// The line, 1-based.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The state file could not be written.
    #[error("{path}: cannot write the push state: {source} (--state FILE puts it elsewhere)")]
    StateWrite {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A graph the server did not accept: the push went on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `PUT` or `DELETE`.
    pub method: &'static str,
    /// The graph's IRI (`None`: the server's default graph).
    pub graph: Option<String>,
    /// The id of the document whose graph it is, when the store holds it.
    pub doc_id: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// Its reason phrase.
    pub reason: String,
    /// The start of the response body (tags and whitespace collapsed, cut at 300 characters),
    /// or where a redirect pointed.
    pub body: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.graph {
            Some(g) => write!(f, "{} <{g}>", self.method)?,
            None => write!(f, "{} the default graph", self.method)?,
        }
        if let Some(id) = &self.doc_id {
            write!(f, " (document {id})")?;
        }
        write!(f, ": HTTP {} {}", self.status, self.reason)?;
        if !self.body.is_empty() {
            write!(f, ": {}", self.body)?;
        }
        Ok(())
    }
}

/// What a push reports as it goes.
#[derive(Debug)]
#[non_exhaustive]
pub enum Event<'a> {
    /// What will be sent: graphs to PUT, graphs to DELETE, graphs the server holds unchanged.
    Planned {
        /// Graphs to send.
        put: usize,
        /// Graphs to delete.
        delete: usize,
        /// Graphs not sent, unchanged since the last push.
        unchanged: usize,
    },
    /// A graph was sent (or deleted) and the server accepted it.
    Done {
        /// The graph's IRI (`None`: the default graph).
        graph: Option<&'a str>,
        /// Triples sent (0 for a DELETE).
        triples: usize,
    },
    /// The server did not accept a graph.
    Failed(&'a Failure),
}

/// What a push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Graphs sent and accepted.
    pub pushed: usize,
    /// Triples in them.
    pub triples: usize,
    /// Graphs not sent because the server holds them unchanged.
    pub unchanged: usize,
    /// Graphs deleted on the server (gone from the store).
    pub deleted: usize,
    /// Graphs the server did not accept (PUT or DELETE).
    pub failed: usize,
}

/// Where the push state goes when `--state` does not say: beside the store's folder (never in
/// it: that is RocksDB's), named after it: `kg` → `kg.push-state.tsv`.
pub fn default_state_path(store: &Path) -> PathBuf {
    let abs = std::path::absolute(store).unwrap_or_else(|_| store.to_path_buf());
    // `kg/`, `./kg` and `kg/.` name the same folder
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            c => clean.push(c),
        }
    }
    let name = clean.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "zhkg-store".into());
    clean.with_file_name(format!("{name}.push-state.tsv"))
}

/// A push stops (with [`PushError::RefusedAlike`]) when this many graphs in a row, the first of
/// the push, were refused with one status while more remain: a wrong endpoint refuses them all,
/// and thousands of identical lines would hide the advice. Fewer refusals are each reported and
/// the push goes on.
pub const REFUSED_ALIKE: usize = 10;

/// A graph to send, with its fingerprint.
struct Item {
    graph: NamedNode,
    fingerprint: String,
}

/// Pushes the store's graphs to `opts.endpoint`, reporting each step to `on`. Returns the summary
/// (with [`Summary::failed`] graphs the server refused: the others were pushed), or an error
/// when the push could not run or stopped (what was done before is recorded).
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use zhkg::push::{push, default_state_path, PushOptions, Target, WireFormat};
/// let store = zhkg::store::Store::open_read_only(std::path::Path::new("kg"))?;
/// let opts = PushOptions {
///     endpoint: "http://localhost:7878/store".into(),
///     target: Target::GraphPerDocument,
///     credentials: None,
///     state: default_state_path(std::path::Path::new("kg")),
///     all: false,
///     vocabulary: true,
///     format: WireFormat::NTriples,
///     timeout: std::time::Duration::from_secs(600),
/// };
/// let summary = push(&store, &opts, &mut |_| {})?;
/// println!("{} graph(s) pushed", summary.pushed);
/// # Ok(()) }
/// ```
pub fn push(store: &Store, opts: &PushOptions, on: &mut dyn FnMut(Event<'_>)) -> Result<Summary, PushError> {
    let endpoint = Endpoint::parse(&opts.endpoint).map_err(|reason| PushError::Endpoint { url: opts.endpoint.clone(), reason })?;
    let mut state = state::State::load(&opts.state)?;
    let target = opts.target.key();
    let items = current_graphs(store, opts.vocabulary)?;
    let mut client = Client::new(opts.credentials.clone(), opts.timeout);
    let mut run = Run { endpoint: &endpoint, client: &mut client, state: &mut state, target: &target, summary: Summary::default(), done: 0, refused_alike: None, on };
    let result = match &opts.target {
        Target::GraphPerDocument => run.per_graph(store, &items, opts),
        Target::Graph(g) => run.merged(store, &items, Some(g.as_str()), opts),
        Target::Default => run.merged(store, &items, None, opts),
    };
    let summary = run.summary;
    // keep the file short whatever happened (what was done is in it already)
    let compacted = state.compact();
    result?;
    compacted?;
    Ok(summary)
}

/// The graphs to push, in the order they are sent: the vocabulary, the documents (sorted), the
/// shared graph (what is true of entities documents share) and the resolution graph (people
/// across documents), which refer to them — each with its fingerprint.
fn current_graphs(store: &Store, vocabulary: bool) -> Result<Vec<Item>, StoreError> {
    let mut graphs = Vec::new();
    let vocab = NamedNode::new_unchecked(VOCABULARY_GRAPH);
    if vocabulary && store.has_graph(&vocab)? {
        graphs.push(vocab);
    }
    graphs.extend(store.document_graphs()?);
    let shared = NamedNode::new_unchecked(SHARED_GRAPH);
    if store.has_graph(&shared)? {
        graphs.push(shared);
    }
    let resolution = NamedNode::new_unchecked(RESOLUTION_GRAPH);
    if store.has_graph(&resolution)? {
        graphs.push(resolution);
    }
    graphs
        .into_iter()
        .map(|graph| Ok(Item { fingerprint: body::fingerprint(store, &graph)?, graph }))
        .collect()
}

/// The id of the document whose graph `graph` is (`graph/<key>` holds `doc/<key>`), for messages.
fn doc_id_of(store: &Store, graph: &str) -> Option<String> {
    let key = graph.strip_prefix(&format!("{BASE}graph/"))?;
    let doc = NamedNode::new(format!("{BASE}doc/{key}")).ok()?;
    let id = NamedNode::new_unchecked(format!("{DCTERMS}identifier"));
    let g = NamedNode::new(graph).ok()?;
    let q = store.inner().quads_for_pattern(Some(doc.as_ref().into()), Some(id.as_ref()), None, Some(g.as_ref().into())).next()?.ok()?;
    body::literal_value(&q.object).map(str::to_string)
}

/// One push under way.
struct Run<'r> {
    endpoint: &'r Endpoint,
    client: &'r mut Client,
    state: &'r mut state::State,
    target: &'r str,
    summary: Summary,
    done: usize,
    /// While nothing was accepted: the status every refusal so far had, with its reason phrase
    /// (`None` once two differ).
    refused_alike: Option<(u16, String)>,
    on: &'r mut dyn FnMut(Event<'_>),
}

impl Run<'_> {
    /// Sends one request; an answer is a reply (2xx or not), no answer stops the push.
    fn request(&mut self, method: &str, graph: Option<&str>, content_type: Option<&str>, payload: &mut Payload<'_>) -> Result<Reply, PushError> {
        let url = self.endpoint.graph_url(graph);
        let reply = self.client.send(method, &url, content_type, payload).map_err(|t| PushError::Connection {
            endpoint: self.endpoint.url.clone(),
            request: match graph {
                Some(g) => format!("{method} <{g}>"),
                None => format!("{method} the default graph"),
            },
            reason: t.0,
            done: self.done,
        })?;
        if reply.status == 401 {
            return Err(PushError::Unauthorized { endpoint: self.endpoint.url.clone(), had_credentials: self.client.has_credentials() });
        }
        Ok(reply)
    }

    fn fail(&mut self, store: &Store, method: &'static str, graph: Option<&str>, reply: Reply) {
        let body = match &reply.location {
            Some(l) if (300..400).contains(&reply.status) => format!("redirected to {l} (give that URL as --endpoint)"),
            _ => reply.body,
        };
        let failure = Failure {
            method,
            graph: graph.map(str::to_string),
            doc_id: graph.and_then(|g| doc_id_of(store, g)),
            status: reply.status,
            reason: reply.reason,
            body,
        };
        if self.summary.failed == 0 {
            self.refused_alike = Some((failure.status, failure.reason.clone()));
        } else if self.refused_alike.as_ref().is_some_and(|(status, _)| *status != failure.status) {
            self.refused_alike = None;
        }
        self.summary.failed += 1;
        (self.on)(Event::Failed(&failure));
    }

    /// The error that stops the push when the first [`REFUSED_ALIKE`] graphs were all refused
    /// alike, nothing accepted, and `left` requests remain.
    fn refused_alike(&self, left: usize) -> Result<(), PushError> {
        match &self.refused_alike {
            Some((status, reason)) if self.done == 0 && self.summary.failed >= REFUSED_ALIKE && left > 0 => Err(PushError::RefusedAlike {
                endpoint: self.endpoint.url.clone(),
                count: self.summary.failed,
                status: *status,
                reason: reason.clone(),
                left,
            }),
            _ => Ok(()),
        }
    }

    /// Graph per document: a PUT per changed graph, a DELETE per graph gone from the store.
    fn per_graph(&mut self, store: &Store, items: &[Item], opts: &PushOptions) -> Result<(), PushError> {
        let pushed = self.state.pushed(&self.endpoint.url, self.target);
        let to_put: Vec<&Item> = items.iter().filter(|i| opts.all || pushed.get(i.graph.as_str()) != Some(&i.fingerprint)).collect();
        let current: std::collections::HashSet<&str> = items.iter().map(|i| i.graph.as_str()).collect();
        let to_delete: Vec<&String> = pushed.keys().filter(|g| !current.contains(g.as_str())).collect();
        self.summary.unchanged = items.len() - to_put.len();
        (self.on)(Event::Planned { put: to_put.len(), delete: to_delete.len(), unchanged: self.summary.unchanged });
        let resolution = to_put.last().filter(|i| i.graph.as_str() == RESOLUTION_GRAPH);
        let documents = &to_put[..to_put.len() - usize::from(resolution.is_some())];
        let total = to_put.len() + to_delete.len();
        for (i, item) in documents.iter().enumerate() {
            self.put_graph(store, item, opts.format)?;
            self.refused_alike(total - i - 1)?;
        }
        // removed documents before the resolution graph, which no longer refers to them
        for graph in to_delete {
            let reply = self.request("DELETE", Some(graph), None, &mut Payload::Empty)?;
            // a graph already gone is what was wanted
            if (200..300).contains(&reply.status) || reply.status == 404 {
                self.state.record(&self.endpoint.url, self.target, graph, None)?;
                self.done += 1;
                self.summary.deleted += 1;
                (self.on)(Event::Done { graph: Some(graph), triples: 0 });
            } else {
                self.fail(store, "DELETE", Some(graph), reply);
            }
        }
        if let Some(item) = resolution {
            self.put_graph(store, item, opts.format)?;
        }
        Ok(())
    }

    fn put_graph(&mut self, store: &Store, item: &Item, format: WireFormat) -> Result<(), PushError> {
        let (bytes, triples) = body::graph_body(store, &item.graph, format)?;
        let reply = self.request("PUT", Some(item.graph.as_str()), Some(format.media_type()), &mut Payload::Bytes(&bytes))?;
        if (200..300).contains(&reply.status) {
            self.state.record(&self.endpoint.url, self.target, item.graph.as_str(), Some(&item.fingerprint))?;
            self.done += 1;
            self.summary.pushed += 1;
            self.summary.triples += triples;
            (self.on)(Event::Done { graph: Some(item.graph.as_str()), triples });
        } else {
            self.fail(store, "PUT", Some(item.graph.as_str()), reply);
        }
        Ok(())
    }

    /// One target graph: one PUT of every graph's triples, when any of them changed.
    fn merged(&mut self, store: &Store, items: &[Item], graph: Option<&str>, opts: &PushOptions) -> Result<(), PushError> {
        let name = graph.unwrap_or("default");
        let mut lines = String::new();
        for i in items {
            lines.push_str(&format!("{} {}\n", i.graph.as_str(), i.fingerprint));
        }
        let fingerprint = crate::graph::digest(&lines);
        let pushed = self.state.pushed(&self.endpoint.url, self.target);
        if !opts.all && pushed.get(name) == Some(&fingerprint) {
            self.summary.unchanged = 1;
            (self.on)(Event::Planned { put: 0, delete: 0, unchanged: 1 });
            return Ok(());
        }
        (self.on)(Event::Planned { put: 1, delete: 0, unchanged: 0 });
        let graphs: Vec<NamedNode> = items.iter().map(|i| i.graph.clone()).collect();
        let triples = Rc::new(Cell::new(0));
        let error = Rc::new(RefCell::new(None));
        let mut make = || -> Box<dyn std::io::Read + '_> { Box::new(body::MergedBody::new(store, &graphs, opts.format, Rc::clone(&triples), Rc::clone(&error))) };
        let reply = self.request("PUT", graph, Some(opts.format.media_type()), &mut Payload::Stream(&mut make));
        if let Some(e) = error.borrow_mut().take() {
            return Err(e.into());
        }
        let reply = reply?;
        if (200..300).contains(&reply.status) {
            self.state.record(&self.endpoint.url, self.target, name, Some(&fingerprint))?;
            self.done += 1;
            self.summary.pushed = 1;
            self.summary.triples = triples.get();
            (self.on)(Event::Done { graph, triples: triples.get() });
        } else {
            self.fail(store, "PUT", graph, reply);
        }
        Ok(())
    }
}
