//! `zhkg serve`: the store as a read-only SPARQL endpoint, with a log line per request.

use anyhow::{bail, Result};

use super::args::ServeArgs;
use zhkg::serve;

/// Runs `zhkg serve`: opens the store, binds, says where, and answers until the process is stopped.
pub fn run(a: ServeArgs) -> Result<u8> {
    let ServeArgs { store, bind, timeout, allow_origin } = a;
    let path = store.store.as_path();
    let live = serve::LiveStore::open(path)?;
    if allow_origin.is_empty() || unsendable_header(&allow_origin) {
        bail!("--allow-origin \"{allow_origin}\": give * or an origin such as http://localhost:3000");
    }
    let options = serve::ServeOptions { timeout: std::time::Duration::from_secs(timeout), allow_origin, ..serve::ServeOptions::default() };
    let (max_running, max_waiting) = (options.max_running, options.max_waiting);
    let server = serve::Server::bind(&bind, serve::Endpoint::new(live, options))?;
    let addr = server.local_addr();
    let base = format!("http://{addr}");
    eprintln!("zhkg: serving {} read-only (queries only: updates are refused)", path.display());
    if addr.ip().is_loopback() {
        eprintln!("zhkg: listening on loopback ({addr}): only this machine can connect (--bind 0.0.0.0:{} to share it)", addr.port());
    } else {
        eprintln!("zhkg: warning: {addr} is not a loopback address: anyone who can reach this machine can read the whole store");
    }
    eprintln!("zhkg: page      {base}/");
    eprintln!("zhkg: endpoint  {base}/sparql");
    eprintln!("zhkg: queries are cancelled after {timeout} s; at most {max_running} run at once and {max_waiting} wait for a turn (more are refused, 503); Ctrl-C stops");
    server.run(serve::MAX_CONNECTIONS, |x: &serve::Exchange| {
        if x.unlogged_before > 0 {
            eprintln!("zhkg: ({} requests answered but not logged: the log did not keep up)", x.unlogged_before);
        }
        eprintln!("zhkg: {} {} {} {} ({} bytes, {} ms)", x.remote.map_or("-".to_string(), |a| a.ip().to_string()), x.method, x.path, x.status, x.bytes, x.elapsed.as_millis());
    })?;
    Ok(0)
}

/// Whether a value cannot be sent as a header (control characters, non-ASCII).
fn unsendable_header(value: &str) -> bool {
    !value.bytes().all(|b| (0x20..0x7f).contains(&b))
}
