//! The HTTP side of a push: the Graph Store Protocol's URLs, PUT/DELETE through `ureq`, and
//! answers to Basic and Digest challenges (through `http-auth`).
//!
//! Credentials are never sent before the server asks: the first request of a push with a user is
//! a `HEAD` (no body to send twice), and the scheme the server's 401 names (Digest before Basic
//! when it offers both) answers every request after it. A Digest nonce the server lets go stale
//! is renewed from its next 401, and the request sent again.

use std::io::Read;
use std::time::Duration;

use ureq::http::{Response, Uri};
use ureq::{Agent, Body, SendBody};

use super::Credentials;

/// A parsed Graph Store endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// The URL as the user gave it (it has no user or password in it).
    pub(crate) url: String,
}

impl Endpoint {
    /// Checks that `url` is an http(s) URL with a host and no credentials in it.
    pub(crate) fn parse(url: &str) -> Result<Endpoint, String> {
        let uri: Uri = url.parse().map_err(|e| format!("not a URL ({e})"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err("not an http:// or https:// URL".into()),
        }
        let Some(authority) = uri.authority() else { return Err("no host in the URL".into()) };
        if authority.as_str().contains('@') {
            return Err("a user or password in the URL (give them with --user and --password or ZHKG_PASSWORD)".into());
        }
        if uri.path_and_query().is_some_and(|pq| pq.query().is_some_and(|q| q.split('&').any(|p| p == "default" || p.starts_with("graph=")))) {
            return Err("the URL names a graph already (give the endpoint alone; zhkg adds ?graph=…)".into());
        }
        Ok(Endpoint { url: url.to_string() })
    }

    /// The URL of `graph` on this endpoint (`None`: the default graph), as the protocol spells it:
    /// `?graph=` and the percent-encoded IRI, or `?default`.
    pub(crate) fn graph_url(&self, graph: Option<&str>) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        match graph {
            Some(iri) => format!("{}{sep}graph={}", self.url, percent_encode(iri)),
            None => format!("{}{sep}default", self.url),
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A request body, made anew for each attempt (a request answered by a challenge is sent again).
pub(crate) enum Payload<'a> {
    /// No body (HEAD, DELETE).
    Empty,
    /// The whole body in memory (one graph).
    Bytes(&'a [u8]),
    /// A body made as it is sent, of unknown length (the merged graph of a whole store).
    Stream(&'a mut dyn FnMut() -> Box<dyn Read + 'a>),
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    /// The HTTP status.
    pub(crate) status: u16,
    /// Its reason phrase ("Not Found").
    pub(crate) reason: String,
    /// The start of the response body, whitespace collapsed (for error messages).
    pub(crate) body: String,
    /// Where a redirect points.
    pub(crate) location: Option<String>,
}

/// Why a request got no HTTP answer at all (connection refused, reset, timed out, TLS …).
#[derive(Debug, Clone)]
pub(crate) struct Transport(pub(crate) String);

/// An HTTP client for one push: an agent with zhkg's settings and the credentials' state.
pub(crate) struct Client {
    agent: Agent,
    credentials: Option<Credentials>,
    auth: Auth,
}

enum Auth {
    /// Credentials given, and nothing sent yet: probe before the first body.
    Unprobed,
    /// No credentials, or a server that asked for none.
    Open,
    /// The server asked: answer each request so.
    Answer(http_auth::PasswordClient),
}

impl Client {
    /// An agent with a User-Agent `zhkg/<version>`, `timeout` for any read or write that stalls
    /// (waiting for the answer to a big PUT is one read) and for connecting (at most 30 s: a
    /// server that is there answers at once), no redirects followed (a PUT's body is not sent twice; the redirect is
    /// reported), and HTTP error statuses returned as replies.
    pub(crate) fn new(credentials: Option<Credentials>, timeout: Duration) -> Client {
        let agent: Agent = Agent::config_builder()
            .user_agent(concat!("zhkg/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(timeout.min(Duration::from_secs(30))))
            .timeout_per_read(Some(timeout))
            .timeout_per_write(Some(timeout))
            .build()
            .into();
        let auth = if credentials.is_some() { Auth::Unprobed } else { Auth::Open };
        Client { agent, credentials, auth }
    }

    /// Whether credentials were given.
    pub(crate) fn has_credentials(&self) -> bool {
        self.credentials.is_some()
    }

    /// Sends `method` (`PUT`, `DELETE`, `HEAD`) to `url`, answering the server's challenge once.
    pub(crate) fn send(&mut self, method: &str, url: &str, content_type: Option<&str>, payload: &mut Payload<'_>) -> Result<Reply, Transport> {
        if matches!(self.auth, Auth::Unprobed) && !matches!(payload, Payload::Empty) {
            // learn the scheme with a request that has no body to send twice
            self.auth = Auth::Open;
            let probe = self.send_once("HEAD", url, None, &mut Payload::Empty)?;
            if probe.0.status == 401 {
                self.learn(&probe.1)?;
            }
        }
        let (reply, challenges) = self.send_once(method, url, content_type, payload)?;
        if reply.status != 401 || self.credentials.is_none() {
            return Ok(reply);
        }
        // first contact, or a nonce gone stale: answer the new challenge once
        self.learn(&challenges)?;
        Ok(self.send_once(method, url, content_type, payload)?.0)
    }

    /// Takes up the strongest scheme of a 401's challenges.
    fn learn(&mut self, challenges: &[String]) -> Result<(), Transport> {
        let mut builder = http_auth::PasswordClient::builder();
        for c in challenges {
            builder = builder.challenges(c);
        }
        match builder.build() {
            Ok(client) => self.auth = Auth::Answer(client),
            Err(_) => self.auth = Auth::Open, // a scheme zhkg cannot answer: the 401 is reported
        }
        Ok(())
    }

    fn send_once(&mut self, method: &str, url: &str, content_type: Option<&str>, payload: &mut Payload<'_>) -> Result<(Reply, Vec<String>), Transport> {
        let authorization = match (&mut self.auth, &self.credentials) {
            (Auth::Answer(client), Some(c)) => {
                let uri = request_target(url);
                let body = match payload {
                    Payload::Empty => Some(&[][..]),
                    Payload::Bytes(b) => Some(*b),
                    Payload::Stream(_) => None,
                };
                let params = http_auth::PasswordParams { username: &c.user, password: &c.password, uri: &uri, method, body };
                Some(client.respond(&params).map_err(|e| Transport(format!("cannot answer the server's authentication challenge: {e}")))?)
            }
            _ => None,
        };
        let with_headers = |mut b: ureq::RequestBuilder<ureq::typestate::WithBody>| {
            if let Some(a) = &authorization {
                b = b.header("Authorization", a);
            }
            if let Some(ct) = content_type {
                b = b.header("Content-Type", ct);
            }
            b
        };
        let result = match (method, payload) {
            ("PUT", Payload::Bytes(b)) => with_headers(self.agent.put(url)).send(*b),
            ("PUT", Payload::Stream(make)) => {
                let mut reader = make();
                with_headers(self.agent.put(url)).send(SendBody::from_reader(&mut reader))
            }
            ("PUT", Payload::Empty) => with_headers(self.agent.put(url)).send(&[][..]),
            ("DELETE", _) => with_headers_without_body(self.agent.delete(url), authorization.as_deref()).call(),
            _ => with_headers_without_body(self.agent.head(url), authorization.as_deref()).call(),
        };
        let mut response = result.map_err(|e| Transport(describe(&e)))?;
        Ok(reply_of(&mut response))
    }
}

fn with_headers_without_body(mut b: ureq::RequestBuilder<ureq::typestate::WithoutBody>, authorization: Option<&str>) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
    if let Some(a) = authorization {
        b = b.header("Authorization", a);
    }
    b
}

/// The request target (path and query) of `url`, which a Digest answer signs.
fn request_target(url: &str) -> String {
    url.parse::<Uri>().ok().and_then(|u| u.path_and_query().map(|pq| pq.as_str().to_string())).unwrap_or_else(|| "/".into())
}

/// The reply, with the start of its body, and the challenges of a 401.
fn reply_of(response: &mut Response<Body>) -> (Reply, Vec<String>) {
    let status = response.status();
    let challenges = response.headers().get_all("www-authenticate").iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    let mut bytes = Vec::new();
    // read what there is (a small body lets the connection be used again); keep the start
    let _ = response.body_mut().as_reader().take(1 << 20).read_to_end(&mut bytes);
    let reply = Reply { status: status.as_u16(), reason: status.canonical_reason().unwrap_or("").to_string(), body: trim_body(&bytes), location };
    (reply, challenges)
}

/// The start of an error body for one line of a report: tags and runs of whitespace become one
/// space, and it is cut after 300 characters.
pub(crate) fn trim_body(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut in_tag = false;
    let mut space = false;
    for c in text.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                space = true;
            }
            _ if in_tag => {}
            c if c.is_whitespace() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + " …";
    }
    out
}

/// A transport error as one clause, the OS's words kept.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        other => other.to_string(),
    }
}
