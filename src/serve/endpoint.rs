//! The endpoint: routes a [`Request`] to the SPARQL protocol, the page or an error, and adds the
//! CORS headers. Everything here works on plain values; `server.rs` puts it on a socket.

use oxigraph::sparql::CancellationToken;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::message::{Request, Response};
use super::negotiate::{self, NegotiationError};
use super::protocol::{self, READ_ONLY};
use super::run::{self, Busy, Dataset, Failure, Rejected, Slots};
use super::source::LiveStore;
use super::page;

/// How the endpoint behaves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How long a query may run before the request is answered with 503 and the evaluation
    /// cancelled.
    pub timeout: Duration,
    /// The `Access-Control-Allow-Origin` value sent with every response (`*`: any page may read
    /// the answers).
    pub allow_origin: String,
    /// How many queries are evaluated at once; more wait for a free slot until their time limit.
    pub max_running: usize,
    /// How many queries may wait for a free slot; more are refused at once (503, Retry-After)
    /// rather than left waiting behind them.
    pub max_waiting: usize,
    /// The largest answer, in bytes, kept for one response.
    pub max_response_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        let max_running = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
        ServeOptions {
            timeout: Duration::from_secs(30),
            allow_origin: "*".to_string(),
            max_running,
            // a round of queries waiting for the running ones: a longer queue only makes its tail
            // wait to be refused at the time limit
            max_waiting: 2 * max_running,
            max_response_bytes: run::MAX_RESPONSE_BYTES,
        }
    }
}

/// The methods the endpoint answers, for `Allow` and CORS preflights.
const METHODS: &str = "GET, POST, OPTIONS";

/// A read-only SPARQL endpoint over a store, with its page.
pub struct Endpoint {
    store: LiveStore,
    options: ServeOptions,
    slots: Arc<Slots>,
}

impl Endpoint {
    /// An endpoint over `store`.
    pub fn new(store: LiveStore, options: ServeOptions) -> Endpoint {
        let slots = Slots::new(options.max_running, options.max_waiting);
        Endpoint { store, options, slots }
    }

    /// The options it runs with.
    pub fn options(&self) -> &ServeOptions {
        &self.options
    }

    /// The evaluation slots, for tests that take them to make the endpoint busy.
    #[cfg(test)]
    pub(super) fn slots(&self) -> Arc<Slots> {
        Arc::clone(&self.slots)
    }

    /// Answers one request (never panics on a request's content; every failure is a status).
    pub fn handle(&self, req: &Request) -> Response {
        let mut resp = self.route(req);
        resp.headers.push(("Access-Control-Allow-Origin".into(), self.options.allow_origin.clone()));
        if self.options.allow_origin != "*" {
            resp.headers.push(("Vary".into(), "Origin".into()));
        }
        resp
    }

    fn route(&self, req: &Request) -> Response {
        if req.method == "OPTIONS" {
            // a CORS preflight (or a plain OPTIONS): what may be sent
            return Response::new(204, "text/plain; charset=utf-8", Vec::new())
                .with_header("Allow", METHODS)
                .with_header("Access-Control-Allow-Methods", METHODS)
                .with_header("Access-Control-Allow-Headers", "Content-Type, Accept")
                .with_header("Access-Control-Max-Age", "86400");
        }
        match req.path() {
            "/sparql" | "/query" => self.sparql(req),
            "/update" => Response::text(403, READ_ONLY),
            path => match page::asset(path) {
                Some(_) if req.method != "GET" && req.method != "HEAD" => {
                    Response::text(405, format!("method {} is not allowed for {path}", req.method)).with_header("Allow", "GET")
                }
                Some((content_type, body)) => Response::new(200, content_type, body).with_header("Cache-Control", "no-cache"),
                None => Response::text(404, format!("nothing at {path}: the page is at /, the SPARQL endpoint at /sparql")),
            },
        }
    }

    /// The SPARQL 1.1 Protocol query operation.
    fn sparql(&self, req: &Request) -> Response {
        let op = match protocol::parse(req) {
            Ok(op) => op,
            Err(resp) => return resp,
        };
        let query = match run::parse_query(&op.query) {
            Ok(q) => q,
            Err(Rejected::Update) => return Response::text(403, READ_ONLY),
            Err(Rejected::Syntax(message)) => return Response::text(400, message),
        };
        let kind = query.kind();
        let format = match &op.format {
            Some(name) => negotiate::by_name(name, kind),
            None => negotiate::choose(req.header("accept"), kind),
        };
        let format = match format {
            Ok(f) => f,
            Err(e @ NegotiationError::NotAcceptable { .. }) => return Response::text(406, e),
            Err(e) => return Response::text(400, e),
        };
        let dataset = match op.has_dataset().then(|| Dataset::new(&op.default_graphs, &op.named_graphs)).transpose() {
            Ok(d) => d,
            Err(message) => return Response::text(400, message),
        };
        let timeout = self.options.timeout;
        let deadline = Instant::now() + timeout;
        let slot = match self.slots.acquire(deadline) {
            Ok(slot) => slot,
            Err(Busy::QueueFull) => {
                return busy(format!(
                    "busy: {} queries are running (the most at once) and {} more are waiting for one (the most that wait); try again later",
                    self.slots.max(),
                    self.slots.max_waiting()
                ))
            }
            Err(Busy::TimedOut) => {
                return busy(format!("busy: {} queries are running (the most at once), and none ended within the time limit ({})", self.slots.max(), seconds(timeout)))
            }
        };
        // the store only once the query has its slot: a request refused for being busy costs no
        // look at the store's files
        let store = match self.store.current() {
            Ok(s) => s,
            Err(e) => return Response::text(500, format!("cannot read the store: {e}")),
        };
        let token = CancellationToken::new();
        let (tx, rx) = mpsc::sync_channel(1);
        let worker_token = token.clone();
        let limit = self.options.max_response_bytes;
        let spawned = std::thread::Builder::new().name("zhkg-query".into()).spawn(move || {
            let answer = run::evaluate(&store, query, dataset.as_ref(), format, &worker_token, limit);
            // the request may have given up already: nobody to tell then
            let _ = tx.send(answer);
            drop(slot);
        });
        if let Err(e) = spawned {
            return busy(format!("busy: cannot start a query thread: {e}"));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Ok(body)) => Response::new(200, format.content_type(), body).with_header("Vary", "Accept"),
            Ok(Err(Failure::Evaluation(message))) => Response::text(500, format!("query evaluation failed: {message}")),
            Ok(Err(Failure::TooLarge)) => Response::text(
                500,
                format!("the answer is larger than {} MiB, the most one response holds: add LIMIT (and OFFSET to page), or use zhkg query/export", limit >> 20),
            ),
            Ok(Err(Failure::Cancelled)) | Err(mpsc::RecvTimeoutError::Timeout) => {
                token.cancel();
                Response::text(503, format!("the query ran longer than the time limit ({}, zhkg serve --timeout) and was cancelled", seconds(timeout)))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Response::text(500, "the query's evaluation ended without an answer (an internal error)"),
        }
    }
}

/// The seconds a client refused for being busy is asked to wait before it asks again.
pub const RETRY_AFTER_SECONDS: u64 = 5;

/// A 503 for a server too busy to run the query: the reason, and when to try again.
fn busy(reason: String) -> Response {
    Response::text(503, reason).with_header("Retry-After", &RETRY_AFTER_SECONDS.to_string())
}

fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}
