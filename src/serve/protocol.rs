//! The SPARQL 1.1 Protocol's query operation read from a request: the query by GET, by POST of a
//! form, or by POST of the query itself, with its `default-graph-uri`/`named-graph-uri` parameters
//! and an optional `format=` override. Update operations are refused here, before anything runs.
//!
//! Pure: a [`Request`] in, a [`QueryRequest`] or the error [`Response`] out.

use super::message::{Request, Response};

/// The parts of a query operation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryRequest {
    /// The query text.
    pub query: String,
    /// `default-graph-uri` values, in order.
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` values, in order.
    pub named_graphs: Vec<String>,
    /// A `format=` (or `output=`) value that overrides `Accept`.
    pub format: Option<String>,
}

impl QueryRequest {
    /// Whether the request states its own dataset (which then replaces the query's FROM clauses).
    pub fn has_dataset(&self) -> bool {
        !self.default_graphs.is_empty() || !self.named_graphs.is_empty()
    }
}

/// The explanation a refused update gets.
pub const READ_ONLY: &str = "this endpoint is read-only: SPARQL Update is not accepted (zhkg extract and zhkg remove change the store)";

/// The media type of a request body, lower case, without parameters.
fn media_type(req: &Request) -> Option<String> {
    req.header("content-type").map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

/// Reads the query operation of a GET or POST to the endpoint.
pub fn parse(req: &Request) -> Result<QueryRequest, Response> {
    let mut params: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
    let mut query_in_body = None;
    match req.method.as_str() {
        "GET" | "HEAD" => {}
        "POST" => match media_type(req).as_deref() {
            Some("application/x-www-form-urlencoded") => {
                params.extend(form_urlencoded::parse(&req.body).into_owned());
            }
            Some("application/sparql-query") => {
                let text = String::from_utf8(req.body.clone())
                    .map_err(|e| Response::text(400, format!("the query is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())))?;
                query_in_body = Some(text);
            }
            Some("application/sparql-update") => return Err(Response::text(403, READ_ONLY)),
            other => {
                return Err(Response::text(
                    415,
                    format!(
                        "a POST to the endpoint needs Content-Type application/x-www-form-urlencoded (query=…) or application/sparql-query (the query as the body); got {}",
                        other.map_or("none".to_string(), |t| format!("\"{t}\""))
                    ),
                ))
            }
        },
        other => {
            return Err(Response::text(405, format!("method {other} is not allowed here: use GET or POST (SPARQL 1.1 Protocol)")).with_header("Allow", "GET, POST, OPTIONS"))
        }
    }
    if params.iter().any(|(k, _)| k == "update" || k == "using-graph-uri" || k == "using-named-graph-uri") {
        return Err(Response::text(403, READ_ONLY));
    }
    let mut op = QueryRequest::default();
    let mut queries = Vec::new();
    if let Some(q) = query_in_body {
        queries.push(q);
    }
    for (k, v) in params {
        match k.as_str() {
            "query" => queries.push(v),
            "default-graph-uri" => op.default_graphs.push(v),
            "named-graph-uri" => op.named_graphs.push(v),
            // the first one counts
            "format" | "output" if op.format.is_none() => op.format = Some(v),
            // other parameters (a client's cache busters, `results=`, `timeout=` …) are ignored
            _ => {}
        }
    }
    match queries.len() {
        0 => Err(Response::text(400, "no query: give it as the query parameter (GET /sparql?query=…, or a POSTed form), or POST it with Content-Type application/sparql-query; the page at / lets you type one")),
        1 => {
            op.query = queries.pop().unwrap_or_default();
            if op.query.trim().is_empty() {
                return Err(Response::text(400, "the query is empty"));
            }
            Ok(op)
        }
        n => Err(Response::text(400, format!("{n} queries in one request: give exactly one"))),
    }
}
