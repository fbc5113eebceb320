//! Content negotiation: which serialisation an `Accept` header (q-values, wildcards) or a
//! `format=` parameter asks for, among those the query's form can be written in.
//!
//! Pure functions of header text; no I/O.

/// What a query answers with: solutions or a boolean (SELECT, ASK), or triples (CONSTRUCT, DESCRIBE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// SELECT and ASK.
    Results,
    /// CONSTRUCT and DESCRIBE.
    Graph,
}

impl AnswerKind {
    /// The query forms, for messages.
    fn forms(self) -> &'static str {
        match self {
            AnswerKind::Results => "SELECT/ASK",
            AnswerKind::Graph => "CONSTRUCT/DESCRIBE",
        }
    }
}

/// A serialisation the endpoint writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// Turtle, with zhkg's prefixes.
    Turtle,
    /// N-Triples.
    NTriples,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD.
    JsonLd,
}

impl Format {
    /// The `Content-Type` of a response in this format (text types say their charset).
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/sparql-results+json",
            Format::Xml => "application/sparql-results+xml",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Turtle => "text/turtle; charset=utf-8",
            Format::NTriples => "application/n-triples",
            Format::RdfXml => "application/rdf+xml",
            Format::JsonLd => "application/ld+json",
        }
    }

    /// Whether the format is for results or for triples.
    pub fn kind(self) -> AnswerKind {
        match self {
            Format::Json | Format::Xml | Format::Csv | Format::Tsv => AnswerKind::Results,
            _ => AnswerKind::Graph,
        }
    }
}

/// The media types offered, in the endpoint's order of preference (the first of a kind is its
/// default, and wins ties); aliases after the canonical types.
const OFFERS: &[(&str, Format)] = &[
    ("application/sparql-results+json", Format::Json),
    ("application/sparql-results+xml", Format::Xml),
    ("text/csv", Format::Csv),
    ("text/tab-separated-values", Format::Tsv),
    ("application/json", Format::Json),
    ("application/xml", Format::Xml),
    ("text/xml", Format::Xml),
    ("text/turtle", Format::Turtle),
    ("application/n-triples", Format::NTriples),
    ("application/rdf+xml", Format::RdfXml),
    ("application/ld+json", Format::JsonLd),
    ("application/x-turtle", Format::Turtle),
    ("application/json", Format::JsonLd),
    ("application/xml", Format::RdfXml),
    ("text/xml", Format::RdfXml),
];

/// Short names for the `format=` (or `output=`) parameter, as clients such as SPARQLWrapper send
/// them; the same name can mean a results format or a graph format.
const NAMES: &[(&str, Format)] = &[
    ("json", Format::Json),
    ("srj", Format::Json),
    ("xml", Format::Xml),
    ("srx", Format::Xml),
    ("csv", Format::Csv),
    ("tsv", Format::Tsv),
    ("turtle", Format::Turtle),
    ("ttl", Format::Turtle),
    ("n3", Format::Turtle),
    ("ntriples", Format::NTriples),
    ("n-triples", Format::NTriples),
    ("nt", Format::NTriples),
    ("rdfxml", Format::RdfXml),
    ("rdf+xml", Format::RdfXml),
    ("rdf", Format::RdfXml),
    ("xml", Format::RdfXml),
    ("jsonld", Format::JsonLd),
    ("json-ld", Format::JsonLd),
    ("json", Format::JsonLd),
];

/// Why no format could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NegotiationError {
    /// Nothing the client accepts is written for this query form (HTTP 406).
    #[error("none of the accepted media types ({accept}) is written for a {} query; this endpoint writes {}", kind.forms(), offered(*kind))]
    NotAcceptable {
        /// The `Accept` header or `format=` value.
        accept: String,
        /// The query's form.
        kind: AnswerKind,
    },
    /// The `format=` value names no format at all (HTTP 400).
    #[error("unknown format \"{0}\" (try json, xml, csv, tsv for SELECT/ASK; turtle, ntriples, rdfxml, jsonld for CONSTRUCT/DESCRIBE, or a media type)")]
    UnknownName(String),
}

/// The canonical media types of a kind, for messages.
fn offered(kind: AnswerKind) -> String {
    let mut seen: Vec<Format> = Vec::new();
    let mut names = Vec::new();
    for (mt, f) in OFFERS {
        if f.kind() == kind && !seen.contains(f) {
            seen.push(*f);
            names.push(*mt);
        }
    }
    names.join(", ")
}

/// The default format of a kind: JSON for results, Turtle for graphs.
pub fn default_format(kind: AnswerKind) -> Format {
    match kind {
        AnswerKind::Results => Format::Json,
        AnswerKind::Graph => Format::Turtle,
    }
}

/// One media range of an `Accept` header.
#[derive(Debug)]
struct Range<'a> {
    main: &'a str,
    sub: &'a str,
    q: f32,
}

fn parse_accept(header: &str) -> Vec<Range<'_>> {
    let mut ranges = Vec::new();
    for item in header.split(',') {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim();
        let Some((main, sub)) = media.split_once('/') else { continue };
        let (main, sub) = (main.trim(), sub.trim());
        if main.is_empty() || sub.is_empty() {
            continue;
        }
        let mut q = 1.0;
        for p in parts {
            if let Some((k, v)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("q") {
                    // an unreadable weight counts as the default rather than refusing the request
                    q = v.trim().parse::<f32>().ok().filter(|q| q.is_finite()).map_or(1.0, |q| q.clamp(0.0, 1.0));
                }
            }
        }
        ranges.push(Range { main, sub, q });
    }
    ranges
}

/// The weight the client gives `media_type`: that of the most specific range matching it
/// (`type/sub` over `type/*` over `*/*`), 0 when none does.
fn weight(ranges: &[Range<'_>], media_type: &str) -> f32 {
    let (main, sub) = media_type.split_once('/').unwrap_or((media_type, ""));
    let mut best: Option<(u8, f32)> = None;
    for r in ranges {
        let specificity = if r.main.eq_ignore_ascii_case(main) && r.sub.eq_ignore_ascii_case(sub) {
            3
        } else if r.main.eq_ignore_ascii_case(main) && r.sub == "*" {
            2
        } else if r.main == "*" && r.sub == "*" {
            1
        } else {
            continue;
        };
        best = match best {
            Some((s, q)) if s > specificity || (s == specificity && q >= r.q) => Some((s, q)),
            _ => Some((specificity, r.q)),
        };
    }
    best.map_or(0.0, |(_, q)| q)
}

/// Chooses the format for a query of `kind` from the request's `Accept` header: the offered media
/// type with the highest weight, the endpoint's preference breaking ties. No header (or an empty
/// one) means the default, JSON for results and Turtle for graphs; `*/*` means the same.
pub fn choose(accept: Option<&str>, kind: AnswerKind) -> Result<Format, NegotiationError> {
    let Some(header) = accept.map(str::trim).filter(|h| !h.is_empty()) else {
        return Ok(default_format(kind));
    };
    let ranges = parse_accept(header);
    let mut best: Option<(f32, Format)> = None;
    for (mt, f) in OFFERS {
        if f.kind() != kind {
            continue;
        }
        let q = weight(&ranges, mt);
        if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, *f));
        }
    }
    best.map(|(_, f)| f).ok_or_else(|| NegotiationError::NotAcceptable { accept: header.to_string(), kind })
}

/// The format named by a `format=` parameter: a short name (`json`, `csv`, `turtle` …) or a media
/// type, read for a query of `kind` (`xml` is results XML for SELECT and RDF/XML for CONSTRUCT).
pub fn by_name(value: &str, kind: AnswerKind) -> Result<Format, NegotiationError> {
    let v = value.trim().to_ascii_lowercase();
    let v = v.split(';').next().unwrap_or("").trim();
    let table: &[(&str, Format)] = if v.contains('/') { OFFERS } else { NAMES };
    let mut known = false;
    for (name, f) in table {
        if *name == v {
            known = true;
            if f.kind() == kind {
                return Ok(*f);
            }
        }
    }
    if known {
        Err(NegotiationError::NotAcceptable { accept: value.to_string(), kind })
    } else {
        Err(NegotiationError::UnknownName(value.to_string()))
    }
}
