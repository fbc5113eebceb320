//! The page at `/`: HTML, script and style compiled into the binary (nothing is fetched from the
//! network), and the shipped query files ([`SHIPPED`]) as examples (`/examples.json`).

use crate::graph::vocab::PREFIXES;
use crate::query::SHIPPED;

const INDEX_HTML: &str = include_str!("page/index.html");
const PAGE_JS: &str = include_str!("page/page.js");
const PAGE_CSS: &str = include_str!("page/page.css");

/// The example the page opens with.
pub const FIRST_EXAMPLE: &str = "people.rq";

/// The examples and the predeclared prefixes, as the page reads them.
fn examples_json() -> String {
    let queries: Vec<serde_json::Value> = SHIPPED.iter().map(|(name, text)| serde_json::json!({ "name": name, "text": text })).collect();
    let prefixes: serde_json::Map<String, serde_json::Value> = PREFIXES.iter().map(|(p, ns)| (p.to_string(), serde_json::Value::from(*ns))).collect();
    serde_json::json!({ "queries": queries, "first": FIRST_EXAMPLE, "prefixes": prefixes }).to_string()
}

/// The content type and body of a static resource of the page, `None` for any other path.
pub fn asset(path: &str) -> Option<(&'static str, Vec<u8>)> {
    Some(match path {
        "/" | "/index.html" => ("text/html; charset=utf-8", INDEX_HTML.as_bytes().to_vec()),
        "/page.js" => ("text/javascript; charset=utf-8", PAGE_JS.as_bytes().to_vec()),
        "/page.css" => ("text/css; charset=utf-8", PAGE_CSS.as_bytes().to_vec()),
        "/examples.json" => ("application/json", examples_json().into_bytes()),
        _ => return None,
    })
}
