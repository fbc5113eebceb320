//! Reading input: files, folders, standard input and JSON Lines corpora; decoding bytes to text;
//! turning HTML into text; removing page and forum chrome; reading document metadata.
//!
//! Output is a [`Document`]: the cleaned text that every character offset in the graph refers to,
//! plus metadata. This is the only module that decodes bytes. It knows nothing about extraction
//! or RDF.

mod clean;
mod html;

pub use clean::{clean_text, Cleaned, Metadata};

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::lexicon::Lexicon;

/// One article, ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The document's own identifier: its JSON Lines `id`, its path relative to the folder it was
    /// found in (or its file name), or `stdin-<hash>` for standard input. Re-extracting a document
    /// with the same id replaces it.
    pub id: String,
    /// Where it was read from, if a file.
    pub path: Option<PathBuf>,
    /// The cleaned text. All spans are Unicode code-point offsets into this string.
    pub text: String,
    /// Title, date, source, publication, URL and other fields, where the input gives them.
    pub meta: Metadata,
}

impl Document {
    /// SHA-256 of the cleaned text, hex.
    pub fn content_hash(&self) -> String {
        hex(&Sha256::digest(self.text.as_bytes()))
    }

    /// Builds a document from raw text: cleans it and reads metadata from it.
    pub fn from_text(id: impl Into<String>, path: Option<PathBuf>, raw: &str, lex: &Lexicon) -> Document {
        let c = clean_text(raw, lex);
        Document { id: id.into(), path, text: c.text, meta: c.meta }
    }
}

/// Hex encoding of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why an input could not be read. Each carries the path (and line, for corpora).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The bytes are not text in any supported encoding.
    #[error("{path}: {reason}")]
    NotText {
        /// The input.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A JSON Lines record is broken.
    #[error("{path}:{line}: {reason}")]
    BadRecord {
        /// The corpus.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// Nothing left after cleaning.
    #[error("{path}: no article text (empty after removing page chrome)")]
    Empty {
        /// The input.
        path: PathBuf,
    },
}

/// An input named on the command line, expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, with the id it gets (relative path or file name).
    File {
        /// Path to read.
        path: PathBuf,
        /// Document id.
        id: String,
    },
    /// Standard input.
    Stdin,
}

/// File extensions read when walking a folder.
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "jsonl", "json", "xhtml"];

/// Expands the command-line paths: files as given, folders walked recursively in sorted order
/// (only files with [`EXTENSIONS`]), `-` as standard input. Paths that do not exist or folders that
/// cannot be read are returned as errors; the rest still expands.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(IngestError::Io { path: p.clone(), source: e }),
            Ok(m) if m.is_dir() => {
                for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                    match entry {
                        Err(e) => {
                            let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| p.clone());
                            errors.push(IngestError::Io { path, source: e.into() });
                        }
                        Ok(e) if e.file_type().is_file() => {
                            let ext = e.path().extension().and_then(|x| x.to_str()).unwrap_or("");
                            if EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
                                let rel = e.path().strip_prefix(p).unwrap_or(e.path());
                                inputs.push(Input::File {
                                    path: e.path().to_path_buf(),
                                    id: rel.to_string_lossy().replace('\\', "/"),
                                });
                            }
                        }
                        Ok(_) => {}
                    }
                }
            }
            Ok(_) => {
                let id = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                inputs.push(Input::File { path: p.clone(), id });
            }
        }
    }
    (inputs, errors)
}

/// Reads one input into documents (a JSON Lines corpus gives many). Broken records are returned
/// as errors beside the documents that could be read.
pub fn read(input: &Input, encoding: Option<&str>, lex: &Lexicon) -> (Vec<Document>, Vec<IngestError>) {
    let (path, id, bytes) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                return (vec![], vec![IngestError::Io { path: "-".into(), source: e }]);
            }
            (PathBuf::from("-"), None, buf)
        }
        Input::File { path, id } => match std::fs::read(path) {
            Ok(b) => (path.clone(), Some(id.clone()), b),
            Err(e) => return (vec![], vec![IngestError::Io { path: path.clone(), source: e }]),
        },
    };
    let text = match decode(&bytes, encoding) {
        Ok(t) => t,
        Err(reason) => return (vec![], vec![IngestError::NotText { path, reason }]),
    };
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "jsonl" || (ext == "json" && text.trim_start().starts_with('{') && text.trim().lines().count() > 1) {
        return read_jsonl(&path, &text, lex);
    }
    let is_html = matches!(ext.as_str(), "html" | "htm" | "xhtml") || looks_like_html(&text);
    let doc = if is_html {
        let page = html::to_text(&text);
        let mut d = Document::from_text(String::new(), Some(path.clone()), &page.text, lex);
        d.meta.title = page.title.or(d.meta.title);
        d.meta.date = page.date.or(d.meta.date);
        d
    } else {
        Document::from_text(String::new(), Some(path.clone()), &text, lex)
    };
    let mut doc = doc;
    if doc.text.trim().is_empty() {
        return (vec![], vec![IngestError::Empty { path }]);
    }
    doc.id = id.unwrap_or_else(|| format!("stdin-{}", &doc.content_hash()[..16]));
    if matches!(input, Input::Stdin) {
        doc.path = None;
    }
    (vec![doc], vec![])
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(200).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Decodes bytes: a BOM decides (UTF-8, UTF-16LE/BE); otherwise valid UTF-8 is taken as is; otherwise
/// the encoding is detected (GB18030, Big5 …). `encoding` (a WHATWG label such as `gbk`) overrides.
/// Binary input (NUL bytes, or too many replacement characters after decoding) is refused.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String, String> {
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| format!("unknown encoding \"{label}\""))?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(format!("not valid {}", enc.name()));
        }
        return Ok(text.into_owned());
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(format!("not valid {} after its byte-order mark", enc.name()));
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes), not text".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    let (text, _, bad) = enc.decode(bytes);
    if bad {
        let n = text.chars().filter(|&c| c == '\u{fffd}').count();
        if n * 50 > text.chars().count().max(1) {
            return Err(format!("not text: {n} undecodable sequences as {}", enc.name()));
        }
    }
    Ok(text.into_owned())
}

fn read_jsonl(path: &Path, text: &str, lex: &Lexicon) -> (Vec<Document>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| IngestError::BadRecord { path: path.to_path_buf(), line: i + 1, reason };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                errors.push(bad(format!("invalid JSON: {e}")));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            errors.push(bad("a record must be a JSON object".into()));
            continue;
        };
        let Some(body) = obj.get("text").and_then(|v| v.as_str()) else {
            errors.push(bad("record has no \"text\" string".into()));
            continue;
        };
        let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let mut doc = Document::from_text(String::new(), Some(path.to_path_buf()), body, lex);
        if doc.text.trim().is_empty() {
            errors.push(bad("record has no article text".into()));
            continue;
        }
        doc.id = obj
            .get("id")
            .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
            .unwrap_or_else(|| format!("sha256-{}", &doc.content_hash()[..16]));
        if let Some(t) = get("title") {
            doc.meta.title = Some(t);
        }
        if let Some(d) = get("date").and_then(|d| clean::parse_date(&d)) {
            doc.meta.date = Some(d);
        }
        if let Some(s) = get("source") {
            doc.meta.source = Some(s);
        }
        if let Some(u) = get("url") {
            doc.meta.url = Some(u);
        }
        for (k, v) in obj {
            if !["id", "title", "date", "source", "url", "text"].contains(&k.as_str()) {
                doc.meta.extra.insert(k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
            }
        }
        docs.push(doc);
    }
    (docs, errors)
}

#[cfg(test)]
mod tests;
