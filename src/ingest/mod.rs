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
use std::io::{BufRead, BufReader, Read};
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
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Why an input could not be read. Each names the path (and the line, for corpora).
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
    #[error("{}: {reason}", at(.path, *.line))]
    NotText {
        /// The input.
        path: PathBuf,
        /// 1-based line, for a corpus record.
        line: Option<usize>,
        /// Why.
        reason: String,
    },
    /// A JSON Lines record is broken.
    #[error("{}: {reason}", at(.path, Some(*.line)))]
    BadRecord {
        /// The corpus.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// Nothing left after cleaning.
    #[error("{}: no article text (empty after removing page chrome)", at(.path, *.line))]
    Empty {
        /// The input.
        path: PathBuf,
        /// 1-based line, for a corpus record.
        line: Option<usize>,
    },
    /// Larger than one document may be ([`ReadOptions::max_doc_bytes`]).
    #[error("{}: {} is over the {} limit for one document (raise it with --max-doc-size)", at(.path, *.line), size_of(*.size), size_of(*.limit))]
    TooLarge {
        /// The input.
        path: PathBuf,
        /// 1-based line, for a corpus record.
        line: Option<usize>,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

fn at(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{}:{l}", path.display()),
        None => path.display().to_string(),
    }
}

fn size_of(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// Something worth telling the user about an input that was still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The input.
    pub path: PathBuf,
    /// 1-based line, for a corpus record.
    pub line: Option<usize>,
    /// What was done.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", at(&self.path, self.line), self.message)
    }
}

/// What reading an input produces, one at a time (a corpus gives many).
#[derive(Debug)]
pub enum Event {
    /// A document ready for extraction.
    Document(Document),
    /// An input, or a record of a corpus, that could not be read; the rest goes on.
    Skipped(IngestError),
    /// An input that was read, with a repair the user should know about.
    Warning(Warning),
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force an input encoding (a WHATWG label such as `gbk`); detected when `None`.
    pub encoding: Option<String>,
    /// The largest document (file, or corpus record) read, in bytes. Larger ones are skipped with
    /// an error rather than read whole: news articles are kilobytes, and a 200 MB "article" is a
    /// broken crawl.
    pub max_doc_bytes: u64,
    /// What standard input (`-`) holds: one document (the default), or a JSON Lines corpus read
    /// record by record, as a `.jsonl` file is (for a map step that pipes shards through zhkg).
    pub stdin: StdinFormat,
}

/// What standard input holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StdinFormat {
    /// One document, text or HTML.
    #[default]
    Document,
    /// A JSON Lines corpus, one article a line.
    Jsonl,
}

/// Default [`ReadOptions::max_doc_bytes`]: 16 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { encoding: None, max_doc_bytes: DEFAULT_MAX_DOC_BYTES, stdin: StdinFormat::Document }
    }
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

/// Reads one input, handing each document, skipped record and warning to `each` as it comes: a
/// JSON Lines corpus is streamed record by record, so its size does not bound memory. Stops early
/// only when `each` returns an error, which is returned.
pub fn read_each<E>(
    input: &Input,
    opts: &ReadOptions,
    lex: &Lexicon,
    mut each: impl FnMut(Event) -> Result<(), E>,
) -> Result<(), E> {
    let (path, id) = match input {
        Input::Stdin => (PathBuf::from("-"), None),
        Input::File { path, id } => (path.clone(), Some(id.as_str())),
    };
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    if matches!(input, Input::Stdin) && opts.stdin == StdinFormat::Jsonl {
        // a corpus on standard input: streamed like a .jsonl file, errors named `-:LINE`
        return read_jsonl(&path, BufReader::with_capacity(1 << 20, std::io::stdin().lock()), opts, lex, each);
    }
    if ext == "jsonl" {
        return match std::fs::File::open(&path) {
            Ok(f) => read_jsonl(&path, BufReader::with_capacity(1 << 20, f), opts, lex, each),
            Err(e) => each(Event::Skipped(IngestError::Io { path, source: e })),
        };
    }
    let bytes = match read_bounded(input, opts.max_doc_bytes) {
        Ok(Ok(b)) => b,
        Ok(Err(size)) => {
            return each(Event::Skipped(IngestError::TooLarge { path, line: None, size, limit: opts.max_doc_bytes }))
        }
        Err(e) => return each(Event::Skipped(IngestError::Io { path, source: e })),
    };
    read_bytes(&path, id, &bytes, opts, lex, each)
}

/// Reads the bytes of one input already in memory: decodes them, then reads them as a page
/// (`.html`, or markup that starts like a page), a corpus (`.json` holding JSON Lines) or plain
/// text, by `path`'s extension. `id` is the document's id; `None` (standard input) gives
/// `stdin-<hash>` and no path. Never panics, whatever the bytes (this is the fuzzed entry point).
pub fn read_bytes<E>(
    path: &Path,
    id: Option<&str>,
    bytes: &[u8],
    opts: &ReadOptions,
    lex: &Lexicon,
    mut each: impl FnMut(Event) -> Result<(), E>,
) -> Result<(), E> {
    let path = path.to_path_buf();
    let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("").to_ascii_lowercase();
    let decoded = match decode(bytes, opts.encoding.as_deref()) {
        Ok(d) => d,
        Err(reason) => return each(Event::Skipped(IngestError::NotText { path, line: None, reason })),
    };
    if let Some(message) = decoded.repair {
        each(Event::Warning(Warning { path: path.clone(), line: None, message }))?;
    }
    let text = decoded.text;
    if ext == "json" {
        // one article as a JSON object, a JSON array of them, or JSON Lines saved as .json
        return match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v @ serde_json::Value::Object(_)) => match record_value(&path, 1, v, lex) {
                Ok(doc) => each(Event::Document(doc)),
                Err(e) => each(Event::Skipped(e)),
            },
            Ok(serde_json::Value::Array(items)) => {
                // an item's position in the array stands where a corpus gives a line number
                for (i, v) in items.into_iter().enumerate() {
                    match record_value(&path, i + 1, v, lex) {
                        Ok(doc) => each(Event::Document(doc))?,
                        Err(e) => each(Event::Skipped(e))?,
                    }
                }
                Ok(())
            }
            _ => read_jsonl(&path, std::io::Cursor::new(text.into_bytes()), opts, lex, each),
        };
    }
    let is_html = matches!(ext.as_str(), "html" | "htm" | "xhtml") || looks_like_html(&text);
    let mut doc = if is_html {
        let page = html::to_text(&text);
        if let Some(message) = page.warning {
            each(Event::Warning(Warning { path: path.clone(), line: None, message }))?;
        }
        let mut d = Document::from_text(String::new(), Some(path.clone()), &page.text, lex);
        d.meta.title = page.title.or(d.meta.title);
        d.meta.date = page.date.or(d.meta.date);
        d.meta.source = page.source.or(d.meta.source);
        d
    } else {
        Document::from_text(String::new(), Some(path.clone()), &text, lex)
    };
    if doc.text.trim().is_empty() {
        return each(Event::Skipped(IngestError::Empty { path, line: None }));
    }
    doc.id = match id {
        Some(id) => id.to_string(),
        None => format!("stdin-{}", &doc.content_hash()[..16]),
    };
    if id.is_none() {
        doc.path = None;
    }
    each(Event::Document(doc))
}

/// Reads one input into documents (a corpus gives many), with the inputs or records that could not
/// be read beside them; warnings are dropped. For tests and small tools: [`read_each`] streams.
pub fn read(input: &Input, opts: &ReadOptions, lex: &Lexicon) -> (Vec<Document>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let _ = read_each::<std::convert::Infallible>(input, opts, lex, |e| {
        match e {
            Event::Document(d) => docs.push(d),
            Event::Skipped(e) => errors.push(e),
            Event::Warning(_) => {}
        }
        Ok(())
    });
    (docs, errors)
}

/// The whole of a file or standard input, or `Err(size)` (without reading it all) when it is larger
/// than `max` bytes.
fn read_bounded(input: &Input, max: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut buf = Vec::new();
    match input {
        Input::Stdin => {
            std::io::stdin().lock().take(max + 1).read_to_end(&mut buf)?;
        }
        Input::File { path, .. } => {
            let f = std::fs::File::open(path)?;
            let len = f.metadata()?.len();
            if len > max {
                return Ok(Err(len));
            }
            // the file may grow between the size check and the read: bound the read as well
            f.take(max + 1).read_to_end(&mut buf)?;
        }
    }
    if buf.len() as u64 > max {
        return Ok(Err(buf.len() as u64));
    }
    Ok(Ok(buf))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(200).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Decoded text, with the encoding it was read as and any repair made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `GBK`, `Big5` …).
    pub encoding: &'static str,
    /// What was repaired, if anything (a character cut off at the end, a few invalid bytes).
    pub repair: Option<String>,
}

/// Decodes bytes. `encoding` (a WHATWG label such as `gbk`) overrides detection and must fit
/// exactly. Otherwise a byte-order mark decides (UTF-8, UTF-16LE/BE); then UTF-8 is taken when the
/// bytes are UTF-8, or nearly so (a character cut off at the end, or at most one invalid sequence
/// in 20 characters, each replaced by U+FFFD, which no extracted name can contain); otherwise the
/// encoding is detected by `chardetng` (GB18030, Big5, Shift_JIS …) and must decode with almost no
/// errors. Binary input (NUL bytes) is refused. Mojibake is never returned knowingly: a text that
/// fits no encoding is an error, not a guess.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded, String> {
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| format!("unknown encoding \"{label}\" (try utf-8, gbk, gb18030, big5, utf-16le)"))?;
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            let at = first_bad(enc, bytes);
            return Err(format!("not valid {} (first invalid byte at offset {at})", enc.name()));
        }
        return Ok(Decoded { text: text.into_owned(), encoding: enc.name(), repair: None });
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(format!("not valid {} after its byte-order mark", enc.name()));
        }
        return Ok(Decoded { text: text.into_owned(), encoding: enc.name(), repair: None });
    }
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes), not text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Decoded { text: s.to_string(), encoding: "UTF-8", repair: None }),
        Err(e) if e.error_len().is_none() => {
            // valid up to an incomplete character at the very end: a truncated download
            let text = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default().to_string();
            let cut = bytes.len() - e.valid_up_to();
            return Ok(Decoded {
                text,
                encoding: "UTF-8",
                repair: Some(format!("truncated UTF-8: the last {cut} byte(s), an incomplete character, dropped")),
            });
        }
        Err(_) => {}
    }
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{fffd}').count();
    let good = lossy.chars().filter(|&c| !c.is_ascii() && c != '\u{fffd}').count();
    if good >= 20 * bad {
        return Ok(Decoded {
            encoding: "UTF-8",
            repair: Some(format!("{bad} invalid UTF-8 sequence(s) replaced by U+FFFD")),
            text: lossy.into_owned(),
        });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    let (text, _, had_errors) = enc.decode(bytes);
    let n = if had_errors { text.chars().filter(|&c| c == '\u{fffd}').count() } else { 0 };
    if n * 50 > text.chars().count().max(1) {
        return Err(format!("not text: {n} undecodable sequences as {} (detected), none better (use --encoding)", enc.name()));
    }
    // a detector always names some encoding; random bytes read as windows-1252 are mojibake,
    // not text: most of a real text is ASCII, CJK or common punctuation
    let total = text.chars().count().max(1);
    let plausible = text.chars().filter(|&c| is_plausible(c)).count();
    if plausible * 10 < total * 8 {
        return Err(format!(
            "not text: read as {} (detected) only {}% of it is letters, CJK or punctuation (use --encoding to force one)",
            enc.name(),
            plausible * 100 / total
        ));
    }
    let repair = (n > 0).then(|| format!("read as {} (detected); {n} undecodable sequence(s) replaced", enc.name()));
    Ok(Decoded { text: text.into_owned(), encoding: enc.name(), repair })
}

/// A character that real text is mostly made of: printable ASCII and whitespace, CJK ideographs,
/// kana, hangul, CJK and full-width punctuation.
fn is_plausible(c: char) -> bool {
    (c.is_ascii() && (!c.is_ascii_control() || c.is_ascii_whitespace()))
        || crate::lexicon::is_han(c)
        || matches!(c as u32, 0x3000..=0x30FF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF | 0x2010..=0x2027 | 0x00B7)
}

fn first_bad(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let mut read = 0;
    loop {
        let (r, n) = dec.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match r {
            // the malformed bytes end `extra` bytes before what has been read
            encoding_rs::DecoderResult::Malformed(bad, extra) => return read.saturating_sub(bad as usize + extra as usize),
            encoding_rs::DecoderResult::InputEmpty => return read,
            encoding_rs::DecoderResult::OutputFull => out.reserve(bytes.len()),
        }
    }
}

/// Reads one line into `buf` (without its line break), keeping at most `max` bytes of it; the rest
/// of a longer line is read and thrown away. Returns the line's full length, or `None` at the end.
fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, max: u64) -> std::io::Result<Option<u64>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok(any.then_some(total));
        }
        any = true;
        let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        let room = (max + 1).saturating_sub(buf.len() as u64) as usize;
        buf.extend_from_slice(&part[..part.len().min(room)]);
        total += part.len() as u64;
        let used = done.unwrap_or(part.len());
        r.consume(used);
        if done.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(total));
        }
    }
}

/// The fields of a corpus record that [`Metadata`] has a place for; any other field is kept in
/// [`Metadata::extra`].
pub const RECORD_FIELDS: &[&str] = &["id", "title", "date", "source", "url", "text"];

fn read_jsonl<E>(
    path: &Path,
    mut reader: impl BufRead,
    opts: &ReadOptions,
    lex: &Lexicon,
    mut each: impl FnMut(Event) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        line += 1;
        let skipped = |e: IngestError| Event::Skipped(e);
        let len = match read_line_bounded(&mut reader, &mut buf, opts.max_doc_bytes) {
            Ok(Some(n)) => n,
            Ok(None) => return Ok(()),
            Err(e) => {
                let reason = format!("cannot read further: {e}");
                return each(skipped(IngestError::BadRecord { path: path.to_path_buf(), line, reason }));
            }
        };
        if len > opts.max_doc_bytes {
            let e = IngestError::TooLarge { path: path.to_path_buf(), line: Some(line), size: len, limit: opts.max_doc_bytes };
            each(skipped(e))?;
            continue;
        }
        let bytes = if line == 1 { buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf) } else { &buf[..] };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match decode(bytes, opts.encoding.as_deref()) {
            Ok(d) => {
                if let Some(message) = d.repair {
                    each(Event::Warning(Warning { path: path.to_path_buf(), line: Some(line), message }))?;
                }
                d.text
            }
            Err(reason) => {
                each(skipped(IngestError::NotText { path: path.to_path_buf(), line: Some(line), reason }))?;
                continue;
            }
        };
        match record(path, line, &text, lex) {
            Ok(doc) => each(Event::Document(doc))?,
            Err(e) => each(skipped(e))?,
        }
    }
}

/// One JSON Lines record as a document.
fn record(path: &Path, line: usize, text: &str, lex: &Lexicon) -> Result<Document, IngestError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| IngestError::BadRecord { path: path.to_path_buf(), line, reason: format!("invalid JSON: {e}") })?;
    record_value(path, line, value, lex)
}

/// One parsed record (an object with `text`) as a document.
fn record_value(path: &Path, line: usize, value: serde_json::Value, lex: &Lexicon) -> Result<Document, IngestError> {
    let bad = |reason: String| IngestError::BadRecord { path: path.to_path_buf(), line, reason };
    let obj = value.as_object().ok_or_else(|| bad("a record must be a JSON object".into()))?;
    let body = obj.get("text").and_then(|v| v.as_str()).ok_or_else(|| bad("record has no \"text\" string".into()))?;
    let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let mut doc = Document::from_text(String::new(), Some(path.to_path_buf()), body, lex);
    if doc.text.trim().is_empty() {
        return Err(IngestError::Empty { path: path.to_path_buf(), line: Some(line) });
    }
    doc.id = match obj.get("id") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(v @ serde_json::Value::Number(_)) => v.to_string(),
        Some(serde_json::Value::Null) | None => format!("sha256-{}", &doc.content_hash()[..16]),
        Some(_) => return Err(bad("\"id\" must be a non-empty string or a number".into())),
    };
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
        if !RECORD_FIELDS.contains(&k.as_str()) {
            doc.meta.extra.insert(k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()));
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests;
