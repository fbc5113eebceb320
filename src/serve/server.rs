//! The HTTP side: the endpoint behind tiny_http, a small blocking HTTP/1.1 server. A fixed number
//! of handler threads take requests from it; each reads the body (bounded), asks the
//! [`Endpoint`], and writes the answer with a `Content-Length`.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::endpoint::Endpoint;
use super::message::{Request, Response};
use super::ServeError;

/// The largest request body read (a query, or a form holding one).
pub const MAX_REQUEST_BYTES: usize = 8 << 20;

/// One request answered, for a log line.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The client's address.
    pub remote: Option<SocketAddr>,
    /// The method.
    pub method: String,
    /// The path, without the query string (which holds the query).
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// The size of the body answered.
    pub bytes: usize,
    /// From the request read to the answer ready.
    pub elapsed: Duration,
}

/// The endpoint listening on a socket.
pub struct Server {
    http: Arc<tiny_http::Server>,
    endpoint: Arc<Endpoint>,
    addr: SocketAddr,
}

impl Server {
    /// Binds `addr` (`127.0.0.1:7878`, `[::1]:0`, `localhost:7878` …; port 0 takes a free port, see
    /// [`Server::local_addr`]).
    pub fn bind(addr: &str, endpoint: Endpoint) -> Result<Server, ServeError> {
        let bind_error = |message: String| ServeError::Bind { addr: addr.to_string(), message };
        let addrs: Vec<SocketAddr> = addr.to_socket_addrs().map_err(|e| bind_error(e.to_string()))?.collect();
        let listener = TcpListener::bind(&addrs[..]).map_err(|e| bind_error(e.to_string()))?;
        let local = listener.local_addr().map_err(|e| bind_error(e.to_string()))?;
        let http = tiny_http::Server::from_listener(listener, None).map_err(|e| bind_error(e.to_string()))?;
        Ok(Server { http: Arc::new(http), endpoint: Arc::new(endpoint), addr: local })
    }

    /// The address listened on (with the port chosen when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests on `threads` threads until the process ends; `log` hears of every answer.
    pub fn run(self, threads: usize, log: impl Fn(&Exchange) + Send + Sync + 'static) -> Result<(), ServeError> {
        let log = Arc::new(log);
        let mut handles = Vec::new();
        for i in 0..threads.max(1) {
            let http = Arc::clone(&self.http);
            let endpoint = Arc::clone(&self.endpoint);
            let log = Arc::clone(&log);
            let h = std::thread::Builder::new()
                .name(format!("zhkg-http-{i}"))
                .spawn(move || {
                    while let Ok(req) = http.recv() {
                        answer(&endpoint, req, &*log);
                    }
                })
                .map_err(ServeError::Io)?;
            handles.push(h);
        }
        for h in handles {
            let _ = h.join();
        }
        Ok(())
    }
}

/// Reads one request, answers it and reports it.
fn answer(endpoint: &Endpoint, mut req: tiny_http::Request, log: &dyn Fn(&Exchange)) {
    let started = Instant::now();
    let mut plain = Request {
        method: req.method().as_str().to_ascii_uppercase(),
        target: req.url().to_string(),
        headers: req.headers().iter().map(|h| (h.field.as_str().as_str().to_string(), h.value.as_str().to_string())).collect(),
        body: Vec::new(),
    };
    let read = req.as_reader().take(MAX_REQUEST_BYTES as u64 + 1).read_to_end(&mut plain.body);
    let resp = match read {
        Err(e) => Response::text(400, format!("cannot read the request body: {e}")),
        Ok(n) if n > MAX_REQUEST_BYTES => Response::text(413, format!("the request body is larger than {} MiB", MAX_REQUEST_BYTES >> 20)),
        Ok(_) => endpoint.handle(&plain),
    };
    let exchange = Exchange {
        remote: req.remote_addr().copied(),
        method: plain.method.clone(),
        path: plain.path().to_string(),
        status: resp.status,
        bytes: resp.body.len(),
        elapsed: started.elapsed(),
    };
    let mut out = tiny_http::Response::from_data(resp.body).with_status_code(resp.status).with_chunked_threshold(usize::MAX);
    for (name, value) in &resp.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out = out.with_header(h);
        }
    }
    // a client that went away is no error of ours
    let _ = req.respond(out);
    log(&exchange);
}
