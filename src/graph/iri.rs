//! Content hashes and the IRIs of documents made from them: what the store needs to name a
//! document's graph and to fingerprint it, without the quad building of the rest of `graph`.
//!
//! A leaf: it imports nothing from the crate but [`vocab`](super::vocab), so that `store` can use it
//! without depending on `graph`'s other inputs (`extract`, `ingest`, `lexicon`, `resolve`).

use oxigraph::model::NamedNode;
use sha2::{Digest, Sha256};

use super::vocab::BASE;

/// Lower-case hex of the bytes (as `ingest::hex` writes content hashes).
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Short stable hash of the parts (20 hex characters of SHA-256).
pub fn key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0x1f]);
        }
        h.update(p.as_bytes());
    }
    hex(&h.finalize()[..10])
}

/// The key of a document (from its id).
pub fn doc_key(doc_id: &str) -> String {
    key(&["doc", doc_id])
}

/// The named graph of a document.
pub fn graph_iri(doc_id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{BASE}graph/{}", doc_key(doc_id)))
}

/// The IRI of a document.
pub fn doc_iri(doc_id: &str) -> String {
    format!("{BASE}doc/{}", doc_key(doc_id))
}

/// A fingerprint of a document's graph: 32 hex characters of SHA-256 over its N-Quads text (as
/// [`document_graph`](super::document_graph) writes it, sorted). Equal fingerprints, equal graphs.
/// The store keeps it beside each document so that extracting an unchanged document again need
/// not rewrite it.
pub fn digest(nquads: &str) -> String {
    hex(&Sha256::digest(nquads.as_bytes()))[..32].to_string()
}
