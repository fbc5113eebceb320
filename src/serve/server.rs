//! The HTTP side: the endpoint on a socket, a small blocking HTTP/1.1 server over `std::net`
//! (request heads parsed by `httparse`). Each connection is read and answered on its own thread,
//! so that a slow or idle connection holds up nobody else; the number of connections is bounded,
//! and one past the bound is answered 503 at once and closed.
//!
//! A connection is kept alive between requests (HTTP/1.1's default) unless the client asks to
//! close it, the server is busy (half its connections open, or the answer a 503), or the request
//! could not be read to its end. Reads and writes give up after [`IO_TIMEOUT`], an idle
//! keep-alive connection is closed after it too, and one request's head and body must arrive
//! within [`READ_LIMIT`]. Request bodies come with a `Content-Length` or chunked, at most
//! [`MAX_REQUEST_BYTES`]; `Expect: 100-continue` is answered. Every answer has a
//! `Content-Length` (answers are buffered whole by the endpoint).
//!
//! (tiny_http, used before, reads each connection on a pool thread for the connection's whole
//! life, and connections accepted in a burst could wait in its pool's queue behind keep-alive
//! connections that never ended: clients that were never answered.)

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime};

use super::endpoint::{Endpoint, RETRY_AFTER_SECONDS};
use super::message::{Request, Response};
use super::ServeError;

/// The largest request body read (a query, or a form holding one).
pub const MAX_REQUEST_BYTES: usize = 8 << 20;

/// The largest request head (request line and headers).
const MAX_HEAD_BYTES: usize = 64 << 10;

/// The most header fields in a request.
const MAX_HEADERS: usize = 100;

/// How long one read or write may wait, and an idle keep-alive connection stay open.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one request may take to arrive, from its first byte to its body's last.
pub const READ_LIMIT: Duration = Duration::from_secs(60);

/// The connections open at once by default (`zhkg serve`).
pub const MAX_CONNECTIONS: usize = 256;

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
    /// How many answers before this one went unlogged because the log did not keep up with them
    /// (answering never waits for the log).
    pub unlogged_before: usize,
}

/// Exchanges on their way to the log, which a thread of its own hears of: a connection's thread
/// never waits for the log (a slow reader of stderr would hold every connection open). When more
/// than [`LOG_BACKLOG`] wait, more are counted and left out.
struct Log {
    tx: mpsc::SyncSender<Exchange>,
    unlogged: Arc<AtomicUsize>,
}

/// The most exchanges waiting for the log.
const LOG_BACKLOG: usize = 4096;

impl Log {
    fn start(log: impl Fn(&Exchange) + Send + 'static) -> Result<Log, ServeError> {
        let (tx, rx) = mpsc::sync_channel::<Exchange>(LOG_BACKLOG);
        let unlogged = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&unlogged);
        std::thread::Builder::new()
            .name("zhkg-log".into())
            .spawn(move || {
                for mut x in rx {
                    x.unlogged_before = counted.swap(0, Ordering::AcqRel);
                    log(&x);
                }
            })
            .map_err(ServeError::Io)?;
        Ok(Log { tx, unlogged })
    }

    fn note(&self, x: Exchange) {
        if self.tx.try_send(x).is_err() {
            self.unlogged.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// The endpoint listening on a socket.
pub struct Server {
    listener: TcpListener,
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
        Ok(Server { listener, endpoint: Arc::new(endpoint), addr: local })
    }

    /// The address listened on (with the port chosen when port 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests, with up to `connections` connections open at once (each on its thread),
    /// until the process ends; `log` hears of every answer.
    pub fn run(self, connections: usize, log: impl Fn(&Exchange) + Send + 'static) -> Result<(), ServeError> {
        let log = Arc::new(Log::start(log)?);
        let max = connections.max(1);
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let stream = match stream {
                Ok(s) => s,
                // out of file descriptors, a connection reset before it was taken …: the next one
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            };
            if open.load(Ordering::Acquire) >= max {
                refuse_connection(stream, max, &log);
                continue;
            }
            open.fetch_add(1, Ordering::AcqRel);
            let guard = Open(Arc::clone(&open));
            let (endpoint, log) = (Arc::clone(&self.endpoint), Arc::clone(&log));
            // a thread that cannot start drops its closure: the connection is closed, the count
            // given back
            let _ = std::thread::Builder::new().name("zhkg-http".into()).spawn(move || {
                let busy = || guard.0.load(Ordering::Acquire) > max / 2;
                serve_connection(stream, &endpoint, &log, &busy);
            });
        }
        Ok(())
    }
}

/// An open connection, counted until dropped.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers a connection past the bound with 503 and closes it, on a short-lived thread of its own
/// (the accept loop goes on at once).
fn refuse_connection(mut stream: TcpStream, max: usize, log: &Arc<Log>) {
    let log = Arc::clone(log);
    let _ = std::thread::Builder::new().name("zhkg-http-refuse".into()).spawn(move || {
        let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
        let resp = Response::text(503, format!("busy: {max} connections are open, the most this server takes; try again later"))
            .with_header("Retry-After", &RETRY_AFTER_SECONDS.to_string());
        let _ = write_response(&mut stream, &resp, false, false, true);
        log.note(Exchange { remote: stream.peer_addr().ok(), method: "-".into(), path: "-".into(), status: 503, bytes: resp.body.len(), elapsed: Duration::ZERO, unlogged_before: 0 });
        close(stream, true);
    });
}

/// Closes a connection after its last answer. When the request may not have been read to its end
/// (`unread`: a refusal), what the client still sends is read and dropped for a moment first
/// (closing with unread bytes resets the connection, and a reset can overtake the answer);
/// otherwise only what has arrived already is.
fn close(stream: TcpStream, unread: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    let mut sink = [0u8; 16 << 10];
    if unread {
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        let until = Instant::now() + Duration::from_secs(2);
        let mut drained = 0usize;
        while Instant::now() < until && drained <= MAX_REQUEST_BYTES {
            match (&stream).read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => drained += n,
            }
        }
    } else if stream.set_nonblocking(true).is_ok() {
        while let Ok(n) = (&stream).read(&mut sink) {
            if n == 0 {
                break;
            }
        }
    }
}

/// The requests of one connection, answered in turn until it closes or is closed.
fn serve_connection(stream: TcpStream, endpoint: &Endpoint, log: &Log, busy: &dyn Fn() -> bool) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let remote = stream.peer_addr().ok();
    let mut conn = Connection { stream, buf: Vec::new() };
    loop {
        let incoming = match conn.read_request() {
            Ok(Some(r)) => r,
            // closed, or idle past the timeout, between requests
            Ok(None) => return,
            Err(refusal) => {
                let resp = Response::text(refusal.status, refusal.reason);
                let _ = write_response(&mut conn.stream, &resp, false, false, true);
                log.note(Exchange { remote, method: "-".into(), path: "-".into(), status: refusal.status, bytes: resp.body.len(), elapsed: Duration::ZERO, unlogged_before: 0 });
                close(conn.stream, true);
                return;
            }
        };
        let Incoming { request, http10, keep_alive, started } = incoming;
        let resp = endpoint.handle(&request);
        let keep = keep_alive && resp.status != 503 && !busy();
        let exchange = Exchange {
            remote,
            method: request.method.clone(),
            path: request.path().to_string(),
            status: resp.status,
            bytes: resp.body.len(),
            elapsed: started.elapsed(),
            unlogged_before: 0,
        };
        let written = write_response(&mut conn.stream, &resp, request.method == "HEAD", http10 && keep, !keep);
        log.note(exchange);
        if written.is_err() || !keep {
            close(conn.stream, false);
            return;
        }
    }
}

/// A request read off a connection.
struct Incoming {
    request: Request,
    /// Sent as HTTP/1.0 (which closes after the answer unless it asks to keep alive).
    http10: bool,
    /// Whether the client may send another request on the connection.
    keep_alive: bool,
    /// When its first byte was read.
    started: Instant,
}

/// A request that cannot be read: answered with this and the connection closed.
#[derive(Debug)]
struct Refusal {
    status: u16,
    reason: String,
}

fn refusal(status: u16, reason: impl Into<String>) -> Refusal {
    Refusal { status, reason: reason.into() }
}

/// A connection and the bytes read from it but not yet used (the start of a next request).
struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Connection {
    /// Reads more bytes into the buffer; 0 when the client closed its side.
    fn fill(&mut self, started: Option<Instant>) -> Result<usize, Refusal> {
        if started.is_some_and(|t| t.elapsed() > READ_LIMIT) {
            return Err(refusal(408, format!("the request did not arrive within {} s", READ_LIMIT.as_secs())));
        }
        let mut chunk = [0u8; 16 << 10];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(refusal(408, format!("nothing more of the request came for {} s", IO_TIMEOUT.as_secs())))
                }
                Err(e) => return Err(refusal(400, format!("cannot read the request: {e}"))),
            }
        }
    }

    /// Takes `n` bytes from the front of the buffer, reading until there are as many.
    fn take(&mut self, n: usize, started: Instant) -> Result<Vec<u8>, Refusal> {
        while self.buf.len() < n {
            if self.fill(Some(started))? == 0 {
                return Err(refusal(400, "the connection was closed before the request's body ended"));
            }
        }
        let rest = self.buf.split_off(n);
        Ok(std::mem::replace(&mut self.buf, rest))
    }

    /// Takes a line ending with CRLF (without it), reading until there is one.
    fn line(&mut self, started: Instant) -> Result<Vec<u8>, Refusal> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let mut line = self.take(end + 2, started)?;
                line.truncate(end);
                return Ok(line);
            }
            if self.buf.len() > MAX_HEAD_BYTES {
                return Err(refusal(400, "a line of the chunked body is too long"));
            }
            if self.fill(Some(started))? == 0 {
                return Err(refusal(400, "the connection was closed before the request's body ended"));
            }
        }
    }

    /// Reads the next request, its body whole; `None` when the client closed the connection, or
    /// left it idle past the timeout, before sending one.
    fn read_request(&mut self) -> Result<Option<Incoming>, Refusal> {
        // blank lines before a request are to be ignored (RFC 9112, 2.2)
        let skip_blank = |buf: &mut Vec<u8>| {
            let blank = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
            buf.drain(..blank);
        };
        skip_blank(&mut self.buf);
        let mut started = (!self.buf.is_empty()).then(Instant::now);
        let head_len = loop {
            if !self.buf.is_empty() {
                let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut req = httparse::Request::new(&mut headers);
                match req.parse(&self.buf) {
                    Ok(httparse::Status::Complete(n)) => break n,
                    Ok(httparse::Status::Partial) => {}
                    Err(httparse::Error::TooManyHeaders) => return Err(refusal(431, format!("more than {MAX_HEADERS} header fields"))),
                    Err(e) => return Err(refusal(400, format!("not an HTTP/1.1 request: {e}"))),
                }
                if self.buf.len() > MAX_HEAD_BYTES {
                    return Err(refusal(431, format!("the request's head is larger than {} KiB", MAX_HEAD_BYTES >> 10)));
                }
            }
            match self.fill(started) {
                Ok(0) => return Ok(None),
                Ok(_) => {
                    skip_blank(&mut self.buf);
                    started = started.or_else(|| (!self.buf.is_empty()).then(Instant::now));
                }
                // nothing of a request came: an idle connection, closed without a word
                Err(_) if started.is_none() => return Ok(None),
                Err(e) => return Err(e),
            }
        };
        let started = started.unwrap_or_else(Instant::now);
        let head = self.take(head_len, started)?;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        req.parse(&head).map_err(|e| refusal(400, format!("not an HTTP/1.1 request: {e}")))?;
        let http10 = req.version == Some(0);
        let mut request = Request {
            method: req.method.unwrap_or("GET").to_ascii_uppercase(),
            target: req.path.unwrap_or("/").to_string(),
            headers: req.headers.iter().map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).into_owned())).collect(),
            body: Vec::new(),
        };
        let tokens = |name: &str| -> Vec<String> {
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .flat_map(|(_, v)| v.split(',').map(|t| t.trim().to_ascii_lowercase()).collect::<Vec<_>>())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let connection = tokens("connection");
        let keep_alive = if http10 { connection.iter().any(|t| t == "keep-alive") } else { !connection.iter().any(|t| t == "close") };
        let chunked = match tokens("transfer-encoding").as_slice() {
            [] => false,
            [.., last] if last == "chunked" => true,
            _ => return Err(refusal(400, "a request body's Transfer-Encoding must end with chunked")),
        };
        let length = match tokens("content-length").as_slice() {
            [] => None,
            [first, rest @ ..] if rest.iter().all(|n| n == first) => {
                Some(first.parse::<usize>().map_err(|_| refusal(400, format!("Content-Length \"{first}\" is not a number")))?)
            }
            _ => return Err(refusal(400, "the request gives different Content-Lengths")),
        };
        if chunked && length.is_some() {
            return Err(refusal(400, "the request gives both Content-Length and Transfer-Encoding"));
        }
        if length.is_some_and(|n| n > MAX_REQUEST_BYTES) {
            return Err(refusal(413, format!("the request body is larger than {} MiB", MAX_REQUEST_BYTES >> 20)));
        }
        let has_body = chunked || length.is_some_and(|n| n > 0);
        match tokens("expect").as_slice() {
            [] => {}
            [e] if e == "100-continue" => {
                if has_body && !http10 && self.buf.is_empty() {
                    self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").map_err(|e| refusal(400, format!("cannot write to the client: {e}")))?;
                }
            }
            _ => return Err(refusal(417, "the only expectation understood is 100-continue")),
        }
        if chunked {
            request.body = self.chunked_body(started)?;
        } else if let Some(n) = length {
            request.body = self.take(n, started)?;
        }
        Ok(Some(Incoming { request, http10, keep_alive, started }))
    }

    /// A chunked body, decoded (trailer fields are read and dropped).
    fn chunked_body(&mut self, started: Instant) -> Result<Vec<u8>, Refusal> {
        let mut body = Vec::new();
        loop {
            let line = self.line(started)?;
            let size = std::str::from_utf8(&line).ok().and_then(|l| l.split(';').next()).map(str::trim).and_then(|hex| usize::from_str_radix(hex, 16).ok());
            let size = size.ok_or_else(|| refusal(400, "a chunk size is not a hexadecimal number"))?;
            if size == 0 {
                while !self.line(started)?.is_empty() {}
                return Ok(body);
            }
            if body.len().saturating_add(size) > MAX_REQUEST_BYTES {
                return Err(refusal(413, format!("the request body is larger than {} MiB", MAX_REQUEST_BYTES >> 20)));
            }
            body.extend(self.take(size, started)?);
            if !self.line(started)?.is_empty() {
                return Err(refusal(400, "a chunk is longer than its size says"));
            }
        }
    }
}

/// The reason phrase of the statuses the endpoint answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        417 => "Expectation Failed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes an answer: the status line, `Date`, the answer's headers, `Content-Length`, and
/// `Connection: keep-alive` (to an HTTP/1.0 client kept) or `close`; the body unless `head_only`.
fn write_response(stream: &mut TcpStream, resp: &Response, head_only: bool, keep_alive_10: bool, close: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\nDate: {}\r\nServer: zhkg\r\n", resp.status, reason(resp.status), httpdate::fmt_http_date(SystemTime::now()));
    for (name, value) in &resp.headers {
        // the framing is this layer's to say
        if ["content-length", "connection", "transfer-encoding"].iter().any(|n| name.eq_ignore_ascii_case(n)) || value.contains(['\r', '\n']) {
            continue;
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let no_body = resp.status == 204 || resp.status == 304 || resp.status < 200;
    if resp.status != 204 && resp.status >= 200 {
        head.push_str(&format!("Content-Length: {}\r\n", if no_body { 0 } else { resp.body.len() }));
    }
    if close {
        head.push_str("Connection: close\r\n");
    } else if keep_alive_10 {
        head.push_str("Connection: keep-alive\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only && !no_body {
        stream.write_all(&resp.body)?;
    }
    stream.flush()
}
