//! Namespaces and terms. Standard vocabularies first; `kg:` only for what none of them has.

/// zhkg's base IRI.
pub const BASE: &str = "https://w3id.org/zhkg/";
/// zhkg's own vocabulary.
pub const KG: &str = "https://w3id.org/zhkg/ns#";
/// W3C Organization Ontology.
pub const ORG: &str = "http://www.w3.org/ns/org#";
/// FOAF.
pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
/// schema.org.
pub const SCHEMA: &str = "https://schema.org/";
/// PROV-O.
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// NIF 2.0 core.
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
/// ITS 2.0 RDF.
pub const ITSRDF: &str = "http://www.w3.org/2005/11/its/rdf#";
/// SKOS.
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// Dublin Core terms.
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// OWL-Time.
pub const TIME: &str = "http://www.w3.org/2006/time#";
/// RDF.
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RDFS.
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// XML Schema datatypes.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// OWL.
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// The prefixes used for Turtle output and query files, readable and stable.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("owl", OWL),
    ("org", ORG),
    ("foaf", FOAF),
    ("schema", SCHEMA),
    ("prov", PROV),
    ("nif", NIF),
    ("itsrdf", ITSRDF),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("time", TIME),
    ("kg", KG),
    ("person", "https://w3id.org/zhkg/id/person/"),
    ("entity", "https://w3id.org/zhkg/id/entity/"),
    ("merge", "https://w3id.org/zhkg/id/merge/"),
    ("namesakes", "https://w3id.org/zhkg/id/namesakes/"),
    ("unit", "https://w3id.org/zhkg/id/unit/"),
    ("unittype", "https://w3id.org/zhkg/id/unit-type/"),
    ("post", "https://w3id.org/zhkg/id/post/"),
    ("role", "https://w3id.org/zhkg/id/role/"),
    ("membership", "https://w3id.org/zhkg/id/membership/"),
    ("nomination", "https://w3id.org/zhkg/id/nomination/"),
    ("award", "https://w3id.org/zhkg/id/award/"),
    ("conferral", "https://w3id.org/zhkg/id/conferral/"),
    ("level", "https://w3id.org/zhkg/id/award-level/"),
    ("init", "https://w3id.org/zhkg/id/initiative/"),
    ("initkind", "https://w3id.org/zhkg/id/initiative-kind/"),
    ("place", "https://w3id.org/zhkg/id/place/"),
    ("stat", "https://w3id.org/zhkg/id/stat/"),
    ("utterance", "https://w3id.org/zhkg/id/utterance/"),
    ("graph", "https://w3id.org/zhkg/graph/"),
    ("field", FIELD),
];

/// Properties named after the input's own metadata fields (a corpus record's `lang`, a header's
/// `# author:`), one per field name, so that nothing the input says about a document is lost.
pub const FIELD: &str = "https://w3id.org/zhkg/field/";

/// The local name of a field property: ASCII letters, digits, `-`, `_` and `.` as they are, every
/// other byte percent-encoded (an IRI-safe, reversible name).
pub fn field_name(key: &str) -> String {
    key.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The IRI of a prefixed name (`org:Post` → full IRI). Panics only on an unknown prefix, which is a
/// programming error caught by the tests.
pub fn iri(prefixed: &str) -> String {
    let (p, local) = prefixed.split_once(':').expect("prefixed name");
    let ns = PREFIXES.iter().find(|(k, _)| *k == p).map(|(_, v)| *v).expect("known prefix");
    [ns, local].concat()
}

/// The named graph that holds the vocabulary (`ontology/zhkg.ttl`).
pub const VOCABULARY_GRAPH: &str = "https://w3id.org/zhkg/graph/vocabulary";
/// The graph of what is true of entities that documents share (units known beyond one article and
/// their posts, places, unit types, roles, awards): each such triple once, however many documents
/// give it, so that a query joining through a shared entity does not meet it once per document.
/// Each document graph's contributions are recorded in the store graph (`kg:contributes`).
pub const SHARED_GRAPH: &str = "https://w3id.org/zhkg/graph/shared";
/// The graph that describes the store itself (its schema version); not a document, not exported.
pub const STORE_GRAPH: &str = "https://w3id.org/zhkg/graph/store";
/// The graph that ties documents together: people resolved across documents (`kg:resolvesTo`), the
/// evidence of each merge and the namesakes kept apart. Derived from the document graphs by
/// `resolve`, rebuilt whenever they change; exported like a document graph.
pub const RESOLUTION_GRAPH: &str = "https://w3id.org/zhkg/graph/resolution";
/// The version of the graph layout zhkg writes: IRI patterns, vocabulary terms, graph structure.
/// Raised whenever a store written before the change would answer the shipped queries wrongly.
/// Stores written before versioning count as version 0. History: 1, the first versioned layout;
/// 2, places under six-digit GB/T 2260 codes (`place:330500`, not `place:3305`), `kg:candidate`
/// for namesake places, units named after namesake places keyed by the place's code; 3, people
/// resolved across documents (`graph:resolution`, which `queries/people.rq` reads) and `kg:postKind`;
/// 4, what is true of shared entities once in `graph:shared`, not in every document's graph.
pub const SCHEMA_VERSION: u32 = 4;
