//! `zhkg serve`: a read-only SPARQL 1.1 Protocol endpoint over a store, for browser clients
//! (YASGUI), rdflib's SPARQLWrapper, Protégé and the like, with a small page to type queries in.
//!
//! - `protocol`: the query operation read from a request (GET, POSTed form, POSTed query;
//!   `default-graph-uri`/`named-graph-uri`; `format=`), updates refused;
//! - `negotiate`: the answer's format from `Accept` (q-values, wildcards) or `format=`;
//! - `run`: parse with zhkg's prefixes, evaluate over the union of the document graphs (as
//!   `zhkg query` does), serialise, under a time limit with Oxigraph's cancellation token, a
//!   bounded number at once and a bounded number waiting;
//! - `source`: the store, opened read-only and reopened when it changes on disk;
//! - `endpoint`: routing, status codes, CORS, on plain [`Request`]/[`Response`] values (tested
//!   without sockets);
//! - `server`: the endpoint on a socket, a small blocking HTTP/1.1 server (a thread per
//!   connection, a bounded number of connections, no async runtime);
//! - `page`: the HTML page and the shipped queries as examples, compiled in.
//!
//! **Invariant:** read-only. The store is opened read-only and no update operation exists here.
//! Like `query` and `export`, this module reaches Oxigraph's store through [`Store::inner`].
//!
//! [`Store::inner`]: crate::store::Store::inner

mod endpoint;
mod message;
mod negotiate;
mod page;
mod protocol;
mod run;
mod server;
mod source;
#[cfg(test)]
mod tests;

pub use endpoint::{Endpoint, ServeOptions};
pub use message::{Request, Response};
pub use negotiate::{AnswerKind, Format};
pub use server::{Exchange, Server, MAX_CONNECTIONS, MAX_REQUEST_BYTES};
pub use source::LiveStore;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address could not be resolved or bound.
    #[error("cannot listen on {addr}: {message}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The system's reason.
        message: String,
    },
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A thread could not be started.
    #[error("cannot start the server's threads: {0}")]
    Io(#[source] std::io::Error),
}
