//! Resolution's store I/O, around the pure [`crate::resolve::resolve`]: reading what it needs from
//! the store (every document's people with their posts, and the units' parents and places over all
//! documents), and writing its result as the resolution graph ([`update`]).
//!
//! The reading is index scans by predicate, not SPARQL: this runs after every extraction, over the
//! whole store.

use std::collections::{BTreeMap, HashMap};

use oxigraph::model::{NamedNode, NamedOrBlankNodeRef, Quad, Term, TermRef};

use crate::graph::vocab::{iri, RESOLUTION_GRAPH};
use crate::resolve::{resolve, Affiliation, LocalPerson, UnitFacts};
use crate::store::{Store, StoreError};

/// What [`update`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Document-scoped people read.
    pub people: usize,
    /// The entities they resolve to.
    pub entities: usize,
    /// Names shared by entities kept apart.
    pub namesakes: usize,
    /// Quads added to and removed from the resolution graph.
    pub changed: (usize, usize),
}

/// Resolves the people of every document in the store again and makes the resolution graph say
/// so, writing only what changed (one transaction). Run after documents are added, replaced or
/// removed; the result depends only on the documents the store holds.
pub fn update(store: &Store) -> Result<Summary, StoreError> {
    let r = resolve(people(store)?, &unit_facts(store)?);
    let (quads, text) = crate::graph::resolution_quads(&r);
    let graph = NamedNode::new_unchecked(RESOLUTION_GRAPH);
    let changed = store.sync_graph(&graph, &quads, &crate::graph::digest(&text))?;
    // into sorted files: a reader opening the store then does not replay the write-ahead log (a
    // second and more for every `zhkg query` on a store of thousands of documents)
    store.flush()?;
    Ok(Summary { people: r.people.len(), entities: r.entities.len(), namesakes: r.namesakes.len(), changed })
}

/// A predicate or class by prefixed name.
fn term(prefixed: &str) -> NamedNode {
    NamedNode::new_unchecked(iri(prefixed))
}

/// Every quad with this predicate (and object, if given), in any graph but the resolution graph.
fn with(store: &Store, p: &NamedNode, o: Option<&NamedNode>) -> Result<Vec<Quad>, StoreError> {
    let mut out = Vec::new();
    for q in store.inner().quads_for_pattern(None, Some(p.as_ref()), o.map(|o| o.as_ref().into()), None) {
        let q = q?;
        if !matches!(&q.graph_name, oxigraph::model::GraphName::NamedNode(g) if g.as_str() == RESOLUTION_GRAPH) {
            out.push(q);
        }
    }
    Ok(out)
}

/// `(subject, graph) → object text` for every quad with this predicate (one index scan).
fn values(store: &Store, p: &str) -> Result<HashMap<(String, String), String>, StoreError> {
    let mut out = HashMap::new();
    for q in with(store, &term(p), None)? {
        if let (NamedOrBlankNodeRef::NamedNode(s), Some(o)) = (q.subject.as_ref(), text(q.object.as_ref())) {
            out.entry((s.as_str().to_string(), q.graph_name.to_string())).or_insert(o);
        }
    }
    Ok(out)
}

fn text(t: TermRef<'_>) -> Option<String> {
    match t {
        TermRef::NamedNode(n) => Some(n.as_str().to_string()),
        TermRef::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// The place code of a place IRI (`…/id/place/330522` → `330522`).
fn place_code(iri: &str) -> Option<String> {
    let code = iri.rsplit('/').next()?;
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then(|| code.to_string())
}

/// Every document-scoped person in the store, with their posts.
pub fn people(store: &Store) -> Result<Vec<LocalPerson>, StoreError> {
    // a document's graph holds one document: its id and date, by graph
    let by_graph = |p: &str| -> Result<HashMap<String, String>, StoreError> {
        Ok(with(store, &term(p), None)?.into_iter().filter_map(|q| Some((q.graph_name.to_string(), text(q.object.as_ref())?))).collect())
    };
    let (ident, issued) = (by_graph("dcterms:identifier")?, by_graph("dcterms:issued")?);
    // in document graphs only people have a foaf:name
    let mut by_id: BTreeMap<String, LocalPerson> = BTreeMap::new();
    for q in with(store, &term("foaf:name"), None)? {
        let (NamedOrBlankNodeRef::NamedNode(s), Some(name)) = (q.subject.as_ref(), text(q.object.as_ref())) else { continue };
        let g = q.graph_name.to_string();
        let Some(doc) = ident.get(&g) else { continue };
        let id = s.as_str().to_string();
        by_id.entry(id.clone()).or_insert(LocalPerson { id, name, doc: doc.clone(), date: issued.get(&g).cloned(), posts: Vec::new(), birth: None, native: None });
    }
    // what notices and biographies state: birth and native place
    for (p, field) in [("schema:birthDate", 0), ("kg:nativeDivision", 1)] {
        for ((s, _), v) in values(store, p)? {
            if let Some(person) = by_id.get_mut(&s) {
                match field {
                    0 => person.birth = Some(v),
                    _ => person.native = place_code(&v),
                }
            }
        }
    }
    let (titles, organizations, former) = (values(store, "kg:postTitle")?, values(store, "org:organization")?, values(store, "kg:former")?);
    for q in with(store, &term("org:member"), None)? {
        let (Term::NamedNode(p), NamedOrBlankNodeRef::NamedNode(m)) = (&q.object, q.subject.as_ref()) else { continue };
        let Some(person) = by_id.get_mut(p.as_str()) else { continue };
        let key = (m.as_str().to_string(), q.graph_name.to_string());
        let Some(title) = titles.get(&key) else { continue };
        let unit = organizations.get(&key).cloned();
        person.posts.push(Affiliation { title: title.clone(), unit, former: former.get(&key).map(String::as_str) == Some("true") });
    }
    Ok(by_id.into_values().collect())
}

/// The units' parents and places, over all documents.
pub fn unit_facts(store: &Store) -> Result<UnitFacts, StoreError> {
    let mut facts = UnitFacts::default();
    for q in with(store, &term("org:subOrganizationOf"), None)? {
        if let (NamedOrBlankNodeRef::NamedNode(u), Term::NamedNode(p)) = (q.subject.as_ref(), &q.object) {
            facts.parents.entry(u.as_str().to_string()).or_default().insert(p.as_str().to_string());
        }
    }
    // (only units have a schema:location in zhkg's graphs)
    for q in with(store, &term("schema:location"), None)? {
        if let (NamedOrBlankNodeRef::NamedNode(u), Some(code)) = (q.subject.as_ref(), text(q.object.as_ref()).as_deref().and_then(place_code)) {
            // a unit has one place; should documents disagree, the smallest code wins (deterministic)
            facts.places.entry(u.as_str().to_string()).and_modify(|c| *c = c.clone().min(code.clone())).or_insert(code);
        }
    }
    Ok(facts)
}

