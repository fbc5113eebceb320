//! Reading what resolution needs from the store: every document's people with their posts, and
//! the units' parents and places over all documents.

use std::collections::BTreeMap;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use super::{Affiliation, LocalPerson, UnitFacts};
use crate::graph::vocab::{PREFIXES, RESOLUTION_GRAPH};
use crate::store::{Store, StoreError};

/// Rows of a SELECT over the document graphs (every named graph but the resolution graph; the
/// vocabulary and store graphs hold no people or units): one `Option<Term>` per variable.
fn select(store: &Store, vars: &[&str], pattern: &str) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
    let mut q = String::new();
    for (p, ns) in PREFIXES {
        q.push_str(&format!("PREFIX {p}: <{ns}>\n"));
    }
    let projection: Vec<String> = vars.iter().map(|v| format!("?{v}")).collect();
    q.push_str(&format!(
        "SELECT DISTINCT {} WHERE {{ GRAPH ?g {{ {pattern} }} FILTER(?g != <{RESOLUTION_GRAPH}>) }}",
        projection.join(" ")
    ));
    let prepared = SparqlEvaluator::new().parse_query(&q).map_err(|e| StoreError::Query(format!("{e}")))?;
    let QueryResults::Solutions(solutions) = prepared.on_store(store.inner()).execute().map_err(|e| StoreError::Query(e.to_string()))?
    else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.map_err(|e| StoreError::Query(e.to_string()))?;
        rows.push(vars.iter().map(|v| s.get(*v).cloned()).collect());
    }
    Ok(rows)
}

/// The string of an IRI or a literal.
fn text(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        Some(Term::Literal(l)) => Some(l.value().to_string()),
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
    let mut by_id: BTreeMap<String, LocalPerson> = BTreeMap::new();
    let rows = select(
        store,
        &["p", "name", "docid", "date"],
        "?p a foaf:Person ; foaf:name ?name ; kg:mentionedIn ?d . ?d dcterms:identifier ?docid . OPTIONAL { ?d dcterms:issued ?date }",
    )?;
    for r in rows {
        let (Some(id), Some(name), Some(doc)) = (text(&r[0]), text(&r[1]), text(&r[2])) else { continue };
        let date = text(&r[3]);
        by_id.entry(id.clone()).or_insert(LocalPerson { id, name, doc, date, posts: Vec::new() });
    }
    let rows = select(
        store,
        &["m", "p", "title", "u", "former"],
        "?m a org:Membership ; org:member ?p ; kg:postTitle ?title . OPTIONAL { ?m org:organization ?u } OPTIONAL { ?m kg:former ?former }",
    )?;
    for r in rows {
        let (Some(p), Some(title)) = (text(&r[1]), text(&r[2])) else { continue };
        if let Some(person) = by_id.get_mut(&p) {
            person.posts.push(Affiliation { title, unit: text(&r[3]), former: text(&r[4]).as_deref() == Some("true") });
        }
    }
    Ok(by_id.into_values().collect())
}

/// The units' parents and places, over all documents.
pub fn unit_facts(store: &Store) -> Result<UnitFacts, StoreError> {
    let mut facts = UnitFacts::default();
    for r in select(store, &["u", "parent"], "?u org:subOrganizationOf ?parent")? {
        if let (Some(u), Some(p)) = (text(&r[0]), text(&r[1])) {
            facts.parents.entry(u).or_default().insert(p);
        }
    }
    for r in select(store, &["u", "place"], "?u a org:Organization ; schema:location ?place")? {
        if let (Some(u), Some(code)) = (text(&r[0]), text(&r[1]).as_deref().and_then(place_code)) {
            // a unit has one place; should documents disagree, the smallest code wins (deterministic)
            facts.places.entry(u).and_modify(|c| *c = c.clone().min(code.clone())).or_insert(code);
        }
    }
    Ok(facts)
}
