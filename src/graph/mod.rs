//! Facts to quads: the vocabulary, IRI minting and provenance.
//!
//! Every document becomes one named graph `graph:<key>` that holds its metadata, its text (as a
//! NIF context), its mentions and its facts, so that replacing one document replaces one graph.
//! IRIs derive from content only — a document's id, canonical names, spans — never from counters
//! or clocks, so the same input always gives the same quads and separately built shards merge.
//!
//! **Architecture invariant:** only this module mints IRIs. It does not touch the store.

pub mod iri;
pub mod vocab;

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::extract::{AttributeKind, Extraction, Recipient, Span, Target};
use crate::ingest::Document;
use crate::lexicon::Lexicon;
use vocab::iri;

// (a leaf module, so that `store` can name documents' graphs without depending on this one)
pub use iri::{digest, doc_iri, doc_key, graph_iri, key};

/// The quads of one document as they are added, each one's N-Quads line (without ` .`) written at
/// once into the buffer of its graph ([`Part`]): the document's own graph, or the shared graph for
/// a quad about shared entities alone ([`Out::is_shared`]).
struct Out {
    doc: Part,
    shared: Part,
    /// The document's graph, subject of its contribution records.
    g: String,
    /// IRIs of this document's entities that are shared beyond it (units known beyond the article,
    /// their posts); concepts (places, unit types, roles, awards, levels, kinds) are shared by
    /// their namespace.
    shared_iris: rustc_hash::FxHashSet<String>,
}

/// The quads of one graph: each one's N-Quads line written into one buffer, and the quad itself
/// only when a store needs quads (a sink that takes text never pays for them).
struct Part {
    g: GraphName,
    /// `<graph>`, as every line ends.
    g_text: String,
    quads: Option<Vec<Quad>>,
    text: String,
    lines: Vec<std::ops::Range<usize>>,
}

/// The object of a quad being added.
#[derive(Clone, Copy)]
enum Obj<'a> {
    /// An IRI.
    Iri(&'a str),
    /// A string tagged `@zh`.
    Zh(&'a str),
    /// A plain string.
    Plain(&'a str),
    /// A string and its datatype, a prefixed name.
    Typed(&'a str, &'a str),
    /// A prefixed name (a class).
    Named(&'a str),
}

/// Namespaces of concepts, which every document names alike: a quad about one of them alone is
/// shared.
const SHARED_NAMESPACES: &[&str] = &[
    "https://w3id.org/zhkg/id/place/",
    "https://w3id.org/zhkg/id/unit-type/",
    "https://w3id.org/zhkg/id/role/",
    "https://w3id.org/zhkg/id/award/",
    "https://w3id.org/zhkg/id/award-level/",
    "https://w3id.org/zhkg/id/initiative-kind/",
];

/// Adding quads by kind of object; the predicate is a prefixed name (`rdf:type`).
trait Emit {
    fn add(&mut self, s: &str, p: &str, o: Obj);
    fn a(&mut self, s: &str, class: &str) {
        self.add(s, "rdf:type", Obj::Named(class));
    }
    fn rel(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, Obj::Iri(o));
    }
    fn zh(&mut self, s: &str, p: &str, text: &str) {
        self.add(s, p, Obj::Zh(text));
    }
    fn lit(&mut self, s: &str, p: &str, text: &str) {
        self.add(s, p, Obj::Plain(text));
    }
    fn typed(&mut self, s: &str, p: &str, text: &str, dt: &str) {
        self.add(s, p, Obj::Typed(text, dt));
    }
    fn int(&mut self, s: &str, p: &str, n: usize) {
        self.typed(s, p, &n.to_string(), "xsd:integer");
    }
}

impl Part {
    fn new(g: NamedNode, quads: bool, capacity: usize) -> Part {
        Part {
            g_text: format!("<{}>", g.as_str()),
            g: GraphName::NamedNode(g),
            quads: quads.then(|| Vec::with_capacity(capacity)),
            text: String::with_capacity(160 * capacity),
            lines: Vec::with_capacity(capacity),
        }
    }

    /// The quads (none when only text was asked for) in the order of their lines, duplicates
    /// dropped, the lines (`s p o g .`) and their number.
    fn finish(self) -> (Vec<Quad>, String, usize) {
        sorted(self.quads, &self.text, self.lines)
    }
}

impl Emit for Part {
    fn add(&mut self, s: &str, p: &str, o: Obj) {
        let start = self.text.len();
        triple_text(&mut self.text, s, p, o);
        let t = &mut self.text;
        t.push(' ');
        t.push_str(&self.g_text);
        self.lines.push(start..self.text.len());
        if let Some(quads) = &mut self.quads {
            let object: Term = match o {
                Obj::Iri(o) => NamedNode::new_unchecked(o).into(),
                Obj::Named(o) => named(o).into(),
                Obj::Zh(v) => Literal::new_language_tagged_literal_unchecked(v, "zh").into(),
                Obj::Plain(v) => Literal::new_simple_literal(v).into(),
                Obj::Typed(v, dt) => Literal::new_typed_literal(v, named(dt)).into(),
            };
            let q = Quad::new(NamedNode::new_unchecked(s), named(p), object, self.g.clone());
            debug_assert_eq!(self.text[start..], q.to_string());
            quads.push(q);
        }
    }
}

/// Appends the N-Triples form of a triple (without ` .`); the predicate is a prefixed name.
fn triple_text(t: &mut String, s: &str, p: &str, o: Obj) {
    t.push('<');
    t.push_str(s);
    t.push_str("> <");
    with_named(p, |n| t.push_str(n.as_str()));
    t.push_str("> ");
    match o {
        Obj::Iri(o) => {
            t.push('<');
            t.push_str(o);
            t.push('>');
        }
        Obj::Named(o) => {
            t.push('<');
            with_named(o, |n| t.push_str(n.as_str()));
            t.push('>');
        }
        Obj::Zh(v) => {
            quoted(t, v);
            t.push_str("@zh");
        }
        Obj::Plain(v) => quoted(t, v),
        Obj::Typed(v, dt) => {
            quoted(t, v);
            with_named(dt, |n| {
                // oxrdf keeps an xsd:string literal as a plain one
                if n.as_ref() != oxigraph::model::vocab::xsd::STRING {
                    t.push_str("^^<");
                    t.push_str(n.as_str());
                    t.push('>');
                }
            });
        }
    }
}

impl Out {
    fn new(g: NamedNode, quads: bool, capacity: usize) -> Out {
        Out {
            g: g.as_str().to_string(),
            doc: Part::new(g, quads, capacity),
            shared: Part::new(NamedNode::new_unchecked(vocab::SHARED_GRAPH), quads, capacity / 4),
            shared_iris: Default::default(),
        }
    }

    /// Whether `iri` names something shared beyond this document.
    fn is_shared(&self, iri: &str) -> bool {
        SHARED_NAMESPACES.iter().any(|ns| iri.starts_with(ns)) || self.shared_iris.contains(iri)
    }

    /// Each graph's [`Part::finish`], one after the other: the document's graph, the shared graph,
    /// and the records of what the document contributes to the shared graph (`graph:<key>
    /// kg:contributes "triple"`, in the store graph), by which removing the document removes a
    /// shared triple no other document gives. Also the length of the text of the document's own
    /// graph, which comes first.
    fn finish(self) -> (Vec<Quad>, String, usize, usize) {
        let want_quads = self.doc.quads.is_some();
        let shared_g_text = self.shared.g_text.clone();
        let (mut quads, mut text, mut n) = self.doc.finish();
        let (shared_quads, shared_text, shared_n) = self.shared.finish();
        let mut records = Part::new(NamedNode::new_unchecked(vocab::STORE_GRAPH), want_quads, shared_n);
        for line in shared_text.lines() {
            let triple = line.strip_suffix(" .").and_then(|l| l.strip_suffix(&shared_g_text)).and_then(|l| l.strip_suffix(' '));
            records.add(&self.g, "kg:contributes", Obj::Plain(triple.expect("a line ends with its graph")));
        }
        let (record_quads, record_text, record_n) = records.finish();
        let own = text.len();
        quads.extend(shared_quads);
        quads.extend(record_quads);
        text.push_str(&shared_text);
        text.push_str(&record_text);
        n += shared_n + record_n;
        (quads, text, n, own)
    }
}

impl Emit for Out {
    /// A quad whose subject is shared and whose object is a value, a term of a vocabulary or
    /// shared too goes to the shared graph; any other stays in the document's.
    fn add(&mut self, s: &str, p: &str, o: Obj) {
        let shared = self.is_shared(s)
            && match o {
                Obj::Iri(o) => self.is_shared(o) || !o.starts_with(vocab::BASE) || o.starts_with(vocab::KG),
                _ => true,
            };
        if shared { self.shared.add(s, p, o) } else { self.doc.add(s, p, o) }
    }
}

/// The node of a prefixed name.
fn named(prefixed: &str) -> NamedNode {
    with_named(prefixed, NamedNode::clone)
}

/// `f` of the node of a prefixed name. The few thousand names a run uses (predicates, classes,
/// datatypes) are expanded once per thread, instead of split, looked up and joined for every quad.
fn with_named<R>(prefixed: &str, f: impl FnOnce(&NamedNode) -> R) -> R {
    thread_local! {
        static EXPANDED: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, NamedNode>> = Default::default();
    }
    EXPANDED.with(|cache| {
        if let Some(n) = cache.borrow().get(prefixed) {
            return f(n);
        }
        let n = NamedNode::new_unchecked(iri(prefixed));
        let r = f(&n);
        let mut cache = cache.borrow_mut();
        // bounded: `field:` names come from input metadata
        if cache.len() < 4096 {
            cache.insert(prefixed.into(), n);
        }
        r
    })
}

/// The OWL-Time property and XSD datatype of a date as written: a year, a month or a day.
fn time_property(d: &str) -> (&'static str, &'static str) {
    match d.len() {
        4 => ("time:inXSDgYear", "xsd:gYear"),
        7 => ("time:inXSDgYearMonth", "xsd:gYearMonth"),
        _ => ("time:inXSDDate", "xsd:date"),
    }
}

fn id(prefix: &str, parts: &[&str]) -> String {
    iri(&format!("{prefix}:{}", key(parts)))
}

/// IRIs of one document's entities, minted once per entity (every mention refers to one).
struct Ids {
    dk: String,
    people: Vec<String>,
    units: Vec<String>,
    /// Whether `units[i]` is known beyond the document (its IRI is not scoped to it).
    global: Vec<bool>,
    initiatives: Vec<String>,
}

impl Ids {
    fn new(dk: String, x: &Extraction) -> Ids {
        let people = x.people.iter().map(|p| id("person", &[&dk, &p.name])).collect();
        let (units, global) = (0..x.units.len())
            .map(|i| match unit_key(x, i) {
                (k, true) => (id("unit", &[&k]), true),
                (k, false) => (id("unit", &[&dk, &k]), false),
            })
            .unzip();
        let initiatives = x.initiatives.iter().map(|init| id("init", &[&dk, &init.name])).collect();
        Ids { dk, people, units, global, initiatives }
    }
    /// The IRIs of the units known beyond the document.
    fn global_units(&self) -> impl Iterator<Item = &String> {
        self.units.iter().zip(&self.global).filter(|(_, &g)| g).map(|(u, _)| u)
    }
    fn person(&self, i: usize) -> &str {
        &self.people[i]
    }
    fn unit(&self, i: usize) -> &str {
        &self.units[i]
    }
    fn initiative(&self, i: usize) -> &str {
        &self.initiatives[i]
    }
    fn recipient(&self, r: &Recipient) -> &str {
        match *r {
            Recipient::Person(i) => self.person(i),
            Recipient::Unit(i) => self.unit(i),
            Recipient::Initiative(i) => self.initiative(i),
        }
    }
}

/// The identity key of `units[i]` and whether it is known beyond the document.
fn unit_key(x: &Extraction, i: usize) -> (String, bool) {
    let u = &x.units[i];
    if u.global {
        // (a unit named after a namesake place has the place's code in its key already)
        return (u.key.clone(), true);
    }
    // a named sub-unit of a unit known beyond this article is known beyond it too
    if let Some(p) = u.parent {
        let (pk, pg) = unit_key(x, p);
        if pg {
            return (format!("{pk}/{}", u.key), true);
        }
    }
    (u.key.clone(), false)
}

/// The quads of one document: metadata, text, mentions and facts, all in its own named graph,
/// sorted by their N-Quads text.
pub fn document_quads(doc: &Document, x: &Extraction, lex: &Lexicon) -> Vec<Quad> {
    document_out(doc, x, lex, true).finish().0
}

/// [`document_quads`], with their N-Quads text (one quad a line, in the same order), which the
/// sort writes anyway (for streaming without formatting again), and the fingerprint of the
/// document's own graph ([`digest`] of its lines).
pub fn document_graph(doc: &Document, x: &Extraction, lex: &Lexicon) -> (Vec<Quad>, String, String) {
    let (quads, text, _, own) = document_out(doc, x, lex, true).finish();
    let fingerprint = digest(&text[..own]);
    (quads, text, fingerprint)
}

/// The N-Quads text of [`document_quads`] alone (no `Quad` values are built), and the number of
/// quads.
pub fn document_nquads(doc: &Document, x: &Extraction, lex: &Lexicon) -> (String, usize) {
    let (_, text, n, _) = document_out(doc, x, lex, false).finish();
    (text, n)
}

fn document_out(doc: &Document, x: &Extraction, lex: &Lexicon, quads: bool) -> Out {
    let graph = graph_iri(&doc.id);
    // about ten quads a mention, and the document's own
    let mut o = Out::new(graph.clone(), quads, 10 * x.mentions.len() + 64);
    let ids = Ids::new(doc_key(&doc.id), x);
    o.shared_iris.extend(ids.global_units().cloned());
    let d = doc_iri(&doc.id);
    let n = doc.text.chars().count();
    let ctx = format!("{d}#char=0,{n}");
    let chars: Vec<char> = doc.text.chars().collect();
    let span_iri = |s: Span| format!("{d}#char={},{}", s.start, s.end);

    // provenance of the graph and the document
    let g = graph.as_str().to_string();
    o.a(&g, "prov:Entity");
    o.rel(&g, "prov:wasDerivedFrom", &d);
    o.rel(&g, "prov:wasAttributedTo", &iri("kg:zhkg"));
    o.a(&d, "foaf:Document");
    o.a(&d, "schema:NewsArticle");
    o.lit(&d, "dcterms:identifier", &doc.id);
    o.lit(&d, "dcterms:language", "zh");
    o.lit(&d, "kg:contentHash", &doc.content_hash());
    if let Some(t) = &doc.meta.title {
        o.zh(&d, "dcterms:title", t);
    }
    if let Some(date) = &doc.meta.date {
        o.typed(&d, "dcterms:issued", date, "xsd:date");
    }
    if let Some(s) = &doc.meta.source {
        o.zh(&d, "kg:sourceName", s);
    }
    if let Some(p) = &doc.meta.publication {
        o.zh(&d, "kg:sourceName", p);
    }
    if let Some(u) = &doc.meta.url {
        if let Ok(u) = NamedNode::new(u.clone()) {
            o.rel(&d, "dcterms:source", u.as_str());
        }
    }
    for (k, v) in &doc.meta.extra {
        o.lit(&d, &format!("field:{}", vocab::field_name(k)), v);
    }
    o.a(&ctx, "nif:Context");
    o.a(&ctx, "nif:RFC5147String");
    o.zh(&ctx, "nif:isString", &doc.text);
    o.int(&ctx, "nif:beginIndex", 0);
    o.int(&ctx, "nif:endIndex", n);
    o.rel(&ctx, "nif:sourceUrl", &d);

    let mut spans_done: BTreeSet<Span> = BTreeSet::new();
    let mut span = |o: &mut Out, s: Span, class: &str| -> String {
        let si = span_iri(s);
        if spans_done.insert(s) {
            o.a(&si, "nif:RFC5147String");
            o.rel(&si, "nif:referenceContext", &ctx);
            o.int(&si, "nif:beginIndex", s.start);
            o.int(&si, "nif:endIndex", s.end);
            let text: String = chars[s.start.min(chars.len())..s.end.min(chars.len())].iter().collect();
            o.lit(&si, "nif:anchorOf", &text);
        }
        o.a(&si, class);
        si
    };

    // people
    for (i, p) in x.people.iter().enumerate() {
        let pi = ids.person(i);
        o.a(pi, "foaf:Person");
        o.a(pi, "schema:Person");
        o.zh(pi, "foaf:name", &p.name);
        for a in &p.aliases {
            o.zh(pi, "skos:altLabel", a);
        }
        o.rel(pi, "kg:mentionedIn", &d);
    }
    // units and their places
    let mut places_done = BTreeSet::new();
    for (i, u) in x.units.iter().enumerate() {
        let ui = ids.unit(i);
        o.a(ui, "org:Organization");
        o.a(ui, if u.parent.is_some() { "org:OrganizationalUnit" } else { "org:FormalOrganization" });
        let schema_class = match u.unit_type.0.as_str() {
            "newspaper" | "news-agency" | "broadcaster" => "schema:NewsMediaOrganization",
            "school" | "university" | "college" => "schema:EducationalOrganization",
            "hospital" | "museum" | "cultural-centre" | "theatre" | "art-troupe" => "schema:Organization",
            _ => "schema:GovernmentOrganization",
        };
        o.a(ui, schema_class);
        o.zh(ui, "skos:prefLabel", &u.name);
        for a in &u.aliases {
            o.zh(ui, "skos:altLabel", a);
        }
        let ti = iri(&format!("unittype:{}", u.unit_type.0));
        o.rel(ui, "org:classification", &ti);
        o.a(&ti, "skos:Concept");
        o.zh(&ti, "skos:prefLabel", &u.unit_type.1);
        if let Some(p) = u.parent {
            o.rel(ui, "org:subOrganizationOf", ids.unit(p));
        }
        if let Some(code) = &u.place {
            o.rel(ui, "schema:location", &iri(&format!("place:{code}")));
            place_quads(&mut o, lex, code, &mut places_done);
        }
        o.rel(ui, "kg:mentionedIn", &d);
    }
    // holdings: org:Post (when the unit is known) and a dated org:Membership
    for h in &x.holdings {
        let pi = ids.person(h.person);
        let ri = id("role", &[&h.title]);
        o.a(&ri, "org:Role");
        o.zh(&ri, "skos:prefLabel", &h.title);
        o.lit(&ri, "skos:notation", &h.role);
        o.lit(&ri, "kg:postKind", &h.kind);
        let ui = h.unit.map(|u| ids.unit(u));
        if h.proposed {
            // a proposed post (拟任) is a statement of its own, never a membership
            let ni = id("nomination", &[&ids.dk, pi, &h.title, ui.unwrap_or(""), &h.span.start.to_string()]);
            o.a(&ni, "kg:Nomination");
            o.rel(&ni, "kg:nominee", pi);
            o.rel(&ni, "org:role", &ri);
            o.zh(&ni, "kg:postTitle", &h.title);
            if let Some(ui) = &ui {
                o.rel(&ni, "kg:proposedIn", ui);
            }
            if let Some(date) = &doc.meta.date {
                o.typed(&ni, "kg:asOf", date, "xsd:date");
            }
            let ev = span(&mut o, h.evidence, "nif:Sentence");
            o.rel(&ni, "prov:wasDerivedFrom", &ev);
            continue;
        }
        let mi = id("membership", &[&ids.dk, pi, &h.title, ui.unwrap_or(""), &h.span.start.to_string()]);
        o.a(&mi, "org:Membership");
        o.rel(&mi, "org:member", pi);
        o.rel(&mi, "org:role", &ri);
        o.zh(&mi, "kg:postTitle", &h.title);
        if let Some(date) = &doc.meta.date {
            o.typed(&mi, "kg:asOf", date, "xsd:date");
        }
        if h.former {
            o.typed(&mi, "kg:former", "true", "xsd:boolean");
        }
        if h.start.is_some() || h.end.is_some() {
            // dates as written (a year, a month or a day), as an OWL-Time interval
            let during = format!("{mi}#during");
            o.rel(&mi, "org:memberDuring", &during);
            o.a(&during, "time:ProperInterval");
            for (date, edge, tag) in [(&h.start, "time:hasBeginning", "start"), (&h.end, "time:hasEnd", "end")] {
                if let Some(d) = date {
                    let instant = format!("{mi}#{tag}");
                    o.rel(&during, edge, &instant);
                    o.a(&instant, "time:Instant");
                    let (p, dt) = time_property(d);
                    o.typed(&instant, p, d, dt);
                }
            }
        }
        let ev = span(&mut o, h.evidence, "nif:Sentence");
        o.rel(&mi, "prov:wasDerivedFrom", &ev);
        if let (Some(ui), Some(u)) = (&ui, h.unit) {
            o.rel(&mi, "org:organization", ui);
            if !h.former {
                let post = id("post", &[ui, &h.title]);
                if o.is_shared(ui) {
                    // the post of a unit known beyond the article is too
                    o.shared_iris.insert(post.clone());
                }
                o.a(&post, "org:Post");
                o.zh(&post, "skos:prefLabel", &format!("{}{}", x.units[u].name, h.title));
                o.rel(&post, "org:postIn", ui);
                o.rel(&post, "org:role", &ri);
                o.rel(&post, "org:heldBy", pi);
                o.rel(pi, "org:holds", &post);
                o.rel(&mi, "kg:post", &post);
            }
        }
    }
    // attributes of people, each with the span it is read from
    for a in &x.attributes {
        let pi = ids.person(a.person).to_string();
        let prop = match a.kind {
            AttributeKind::Gender => "schema:gender",
            AttributeKind::Birth => "schema:birthDate",
            AttributeKind::PartyJoined => "kg:partyJoined",
            AttributeKind::WorkStarted => "kg:workStarted",
            AttributeKind::Ethnicity => "kg:ethnicity",
            AttributeKind::NativePlace => "kg:nativePlace",
            AttributeKind::Education => "kg:education",
            AttributeKind::Degree => "kg:degree",
        };
        match a.kind {
            AttributeKind::Gender => o.rel(&pi, prop, &iri(if a.value == "女" { "schema:Female" } else { "schema:Male" })),
            // dates as written: a year or a month (or a day)
            AttributeKind::Birth | AttributeKind::PartyJoined | AttributeKind::WorkStarted => o.typed(&pi, prop, &a.value, time_property(&a.value).1),
            _ => o.zh(&pi, prop, &a.value),
        }
        if let Some(code) = &a.place {
            o.rel(&pi, "kg:nativeDivision", &iri(&format!("place:{code}")));
            place_quads(&mut o, lex, code, &mut places_done);
        }
        let si = span(&mut o, a.span, "nif:Phrase");
        o.rel(&si, "kg:attributeOf", &pi);
        o.rel(&si, "kg:attribute", &iri(prop));
        let ev = span(&mut o, a.evidence, "nif:Sentence");
        o.rel(&si, "prov:wasDerivedFrom", &ev);
    }
    // awards
    for k in &x.conferrals {
        let ai = id("award", &[&k.award]);
        o.a(&ai, "skos:Concept");
        o.zh(&ai, "skos:prefLabel", &k.award);
        o.rel(&ai, "skos:inScheme", &iri("kg:awards"));
        let rec: Vec<&str> = k.recipients.iter().map(|r| ids.recipient(r)).collect();
        let ci = id("conferral", &[&ids.dk, &k.award, &k.span.start.to_string(), &rec.join(" ")]);
        o.a(&ci, "kg:AwardConferral");
        for r in &rec {
            o.rel(&ci, "kg:recipient", r);
            o.zh(r, "schema:award", &k.award);
        }
        o.rel(&ci, "kg:award", &ai);
        o.zh(&ci, "kg:awardName", &k.award);
        if let Some(l) = k.level {
            o.rel(&ci, "kg:awardLevel", &iri(&format!("level:{}", l.as_str())));
        }
        if let Some(y) = k.year {
            o.typed(&ci, "kg:year", &y.to_string(), "xsd:gYear");
        }
        let ev = span(&mut o, k.evidence, "nif:Sentence");
        o.rel(&ci, "prov:wasDerivedFrom", &ev);
    }
    // initiatives
    for (i, init) in x.initiatives.iter().enumerate() {
        let ii = ids.initiative(i);
        o.a(ii, "kg:Initiative");
        o.zh(ii, "schema:name", &init.name);
        for a in &init.aliases {
            o.zh(ii, "skos:altLabel", a);
        }
        o.rel(ii, "kg:initiativeKind", &iri(&format!("initkind:{}", init.kind)));
        if let Some(u) = init.owner {
            o.rel(ii, "prov:wasAssociatedWith", ids.unit(u));
        }
        let ev = span(&mut o, init.evidence, "nif:Sentence");
        o.rel(ii, "prov:wasDerivedFrom", &ev);
        o.rel(ii, "kg:mentionedIn", &d);
    }
    // numbers
    for ob in &x.observations {
        let si = id("stat", &[&ids.dk, &ob.span.start.to_string()]);
        o.a(&si, "schema:Observation");
        let dt = if ob.value.contains('.') { "xsd:decimal" } else { "xsd:integer" };
        o.typed(&si, "schema:value", &ob.value, dt);
        o.zh(&si, "schema:unitText", &ob.unit_text);
        o.zh(&si, "kg:countedThing", &ob.counted);
        if let Some(r) = &ob.about {
            o.rel(&si, "schema:observationAbout", ids.recipient(r));
        }
        if let Some(date) = &doc.meta.date {
            o.typed(&si, "schema:observationDate", date, "xsd:date");
        }
        let ev = span(&mut o, ob.span, "nif:Phrase");
        o.rel(&si, "prov:wasDerivedFrom", &ev);
    }
    // speakers
    for u in &x.utterances {
        let ui = id("utterance", &[&ids.dk, &u.span.start.to_string()]);
        o.a(&ui, "kg:Utterance");
        o.zh(&ui, "kg:speakerLabel", &u.label);
        if let Some(p) = u.speaker {
            o.rel(&ui, "kg:speaker", ids.person(p));
        }
        let ev = span(&mut o, u.span, "nif:Phrase");
        o.rel(&ui, "prov:wasDerivedFrom", &ev);
    }
    // mentions
    for m in &x.mentions {
        let si = span(&mut o, m.span, "nif:Phrase");
        o.lit(&si, "kg:mentionType", m.kind.as_str());
        let target: Cow<str> = match &m.target {
            Target::Person(i) => ids.person(*i).into(),
            Target::Unit(i) => ids.unit(*i).into(),
            Target::Initiative(i) => ids.initiative(*i).into(),
            Target::Award(name) => id("award", &[name]).into(),
            Target::Post(title) => id("role", &[title]).into(),
            Target::Place(code) => {
                place_quads(&mut o, lex, code, &mut places_done);
                iri(&format!("place:{code}")).into()
            }
            Target::Ambiguous(codes) => {
                // unlinked: the candidates are named, none is chosen
                for code in codes {
                    place_quads(&mut o, lex, code, &mut places_done);
                    o.rel(&si, "kg:candidate", &iri(&format!("place:{code}")));
                }
                continue;
            }
        };
        o.rel(&si, "itsrdf:taIdentRef", &target);
    }
    o
}

/// The IRI of a resolved person: from the name and the id of the entity's anchor (its earliest
/// mention), so it stays the same as later articles are added.
pub fn entity_iri(name: &str, anchor_id: &str) -> String {
    id("entity", &["person", name, anchor_id])
}

/// The quads of the resolution graph (`graph:resolution`), sorted: each resolved person
/// (`kg:ResolvedPerson`, with `foaf:name`) and the document-scoped people that `kg:resolvesTo` it;
/// each merge link (`kg:Merge`: the two people, the rule, what it rests on); and each name shared
/// by entities kept apart (`kg:NamesakeGroup`), for review. With their N-Quads text, as
/// [`document_graph`] gives it.
pub fn resolution_quads(r: &crate::resolve::Resolution) -> (Vec<Quad>, String) {
    let g = NamedNode::new_unchecked(vocab::RESOLUTION_GRAPH);
    let mut o = Part::new(g.clone(), true, 64);
    o.a(g.as_str(), "prov:Entity");
    o.rel(g.as_str(), "prov:wasAttributedTo", &iri("kg:zhkg"));
    let iris: Vec<String> = r.entities.iter().map(|e| entity_iri(&e.name, &r.people[e.anchor()].id)).collect();
    for (e, ei) in r.entities.iter().zip(&iris) {
        o.a(ei, "kg:ResolvedPerson");
        o.zh(ei, "foaf:name", &e.name);
        for &m in &e.members {
            o.rel(&r.people[m].id, "kg:resolvesTo", ei);
        }
        for l in &e.links {
            let (a, b) = (&r.people[l.a].id, &r.people[l.b].id);
            let mi = id("merge", &[a, b]);
            o.a(&mi, "kg:Merge");
            o.rel(ei, "kg:merge", &mi);
            o.rel(&mi, "kg:mergeOf", a);
            o.rel(&mi, "kg:mergeOf", b);
            o.lit(&mi, "kg:mergeRule", l.evidence.rule.as_str());
            for basis in &l.evidence.basis {
                let target = if l.evidence.rule == crate::resolve::Rule::SamePlace { iri(&format!("place:{basis}")) } else { basis.clone() };
                o.rel(&mi, "kg:mergeBasis", &target);
            }
        }
    }
    for (name, members) in &r.namesakes {
        let ni = id("namesakes", &[name]);
        o.a(&ni, "kg:NamesakeGroup");
        o.zh(&ni, "foaf:name", name);
        for &e in members {
            o.rel(&ni, "kg:namesake", &iris[e]);
        }
    }
    let (quads, text, _) = o.finish();
    (quads, text)
}

/// The quads in the order of their N-Quads lines, duplicates dropped, that text (`s p o g .`
/// lines), and the number of lines. `lines` are the ranges of `text` that hold each quad's line;
/// the sort moves indices, not quads.
fn sorted(quads: Option<Vec<Quad>>, text: &str, lines: Vec<std::ops::Range<usize>>) -> (Vec<Quad>, String, usize) {
    let mut keys: Vec<(&str, usize)> = lines.into_iter().enumerate().map(|(i, r)| (&text[r], i)).collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<Quad>> = quads.unwrap_or_default().into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(slots.len());
    let mut lines = String::with_capacity(text.len() + 3 * keys.len());
    let mut last = None;
    let mut n = 0;
    for (k, i) in keys {
        // equal text, equal quads: keep one
        if last != Some(k) {
            lines.push_str(k);
            lines.push_str(" .\n");
            out.extend(slots.get_mut(i).and_then(Option::take));
            last = Some(k);
            n += 1;
        }
    }
    (out, lines, n)
}

/// Appends a string literal's quoted, escaped form, as N-Quads (and oxrdf's `Display`) write it.
fn quoted(out: &mut String, s: &str) {
    use std::fmt::Write;
    let escaped = |c: char| matches!(c, '\0'..='\u{1F}' | '"' | '\\' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}');
    out.push('"');
    let mut rest = s;
    while let Some(i) = rest.find(escaped) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("a character at a match");
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{C}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => write!(out, "\\u{:04X}", u32::from(c)).expect("writing to a String cannot fail"),
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

fn place_quads(o: &mut Out, lex: &Lexicon, code: &str, done: &mut BTreeSet<String>) {
    let mut code = code.to_string();
    while done.insert(code.clone()) {
        let Some(p) = lex.gazetteer.by_code(&code) else { return };
        let pi = iri(&format!("place:{code}"));
        o.a(&pi, "schema:AdministrativeArea");
        o.zh(&pi, "schema:name", &p.name);
        o.lit(&pi, "skos:notation", &p.code);
        o.lit(&pi, "kg:divisionLevel", &p.level);
        for s in &p.short {
            o.zh(&pi, "schema:alternateName", s);
        }
        for (name, _) in &p.former {
            o.zh(&pi, "kg:formerName", name);
        }
        if p.parent.is_empty() {
            return;
        }
        o.rel(&pi, "schema:containedInPlace", &iri(&format!("place:{}", p.parent)));
        code = p.parent.clone();
    }
}

#[cfg(test)]
mod tests;
