//! Reading the store into a [`Catalog`]: one SPARQL SELECT per kind of thing, over the union of
//! all graphs, gathered into sorted nodes and merged edges.

use std::collections::{BTreeMap, BTreeSet};

use super::{Catalog, Edge, EdgeKind, Node, NodeKind, Picture};
use crate::query::{select_rows, QueryError};
use crate::store::Store;

/// Local people with their names, documents, and the entity they resolve to (if resolution has
/// run). Resolution lives in its own graph; the union default graph sees it beside the documents.
const PEOPLE: &str = r#"SELECT ?local ?name ?entity ?entity_name ?doc WHERE {
  ?local a foaf:Person ; foaf:name ?name .
  OPTIONAL { ?local kg:resolvesTo ?entity . OPTIONAL { ?entity foaf:name ?entity_name } }
  OPTIONAL { ?local kg:mentionedIn ?d . ?d dcterms:identifier ?doc }
}"#;

const UNITS: &str = r#"SELECT ?unit ?label WHERE {
  ?unit a org:Organization .
  OPTIONAL { ?unit skos:prefLabel ?label }
}"#;

const UNIT_ALIASES: &str = r#"SELECT ?unit ?alias WHERE { ?unit a org:Organization ; skos:altLabel ?alias }"#;

const HIERARCHY: &str = r#"SELECT ?unit ?parent WHERE { ?unit org:subOrganizationOf ?parent }"#;

const MEMBERSHIPS: &str = r#"SELECT ?person ?title ?unit ?former WHERE {
  ?m a org:Membership ; org:member ?person ; kg:postTitle ?title .
  OPTIONAL { ?m org:organization ?unit }
  OPTIONAL { ?m kg:former ?former }
}"#;

const AWARDS: &str = r#"SELECT ?recipient ?name ?award ?level ?year WHERE {
  ?c a kg:AwardConferral ; kg:recipient ?recipient ; kg:awardName ?name .
  OPTIONAL { ?c kg:award ?award }
  OPTIONAL { ?c kg:awardLevel ?l . ?l skos:prefLabel ?level FILTER(LANG(?level) = "zh") }
  OPTIONAL { ?c kg:year ?year }
}"#;

const INITIATIVES: &str = r#"SELECT ?initiative ?name ?unit ?kind WHERE {
  ?initiative a kg:Initiative ; schema:name ?name .
  OPTIONAL { ?initiative prov:wasAssociatedWith ?unit }
  OPTIONAL { ?initiative kg:initiativeKind ?k . ?k skos:prefLabel ?kind FILTER(LANG(?kind) = "zh") }
}"#;

/// The rows of a SELECT, each cell its text ("" when unbound).
fn rows(store: &Store, query: &str) -> Result<Vec<Vec<String>>, QueryError> {
    Ok(select_rows(store, query)?.1)
}

/// A node as it is gathered: every label seen (the least is shown) and every second line.
#[derive(Default)]
struct Draft {
    labels: BTreeSet<String>,
    sub: BTreeSet<String>,
    docs: BTreeSet<String>,
}

/// Gathers nodes and edges; sorts and merges them in [`Builder::finish`].
#[derive(Default)]
struct Builder {
    nodes: BTreeMap<(NodeKind, String), Draft>,
    names: BTreeMap<String, BTreeSet<String>>,
    /// (from, to, kind, former) → labels, merged into one line each.
    edges: BTreeMap<(String, String, EdgeKind, bool), BTreeSet<String>>,
}

impl Builder {
    fn node(&mut self, kind: NodeKind, id: &str, label: &str) -> &mut Draft {
        if !label.is_empty() {
            self.names.entry(id.to_string()).or_default().insert(label.to_string());
        }
        let d = self.nodes.entry((kind, id.to_string())).or_default();
        if !label.is_empty() {
            d.labels.insert(label.to_string());
        }
        d
    }
    fn name(&mut self, id: &str, name: &str) {
        if !name.is_empty() {
            self.names.entry(id.to_string()).or_default().insert(name.to_string());
        }
    }
    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind, former: bool, label: Option<&str>) {
        let labels = self.edges.entry((from.to_string(), to.to_string(), kind, former)).or_default();
        if let Some(l) = label.filter(|l| !l.is_empty()) {
            labels.insert(l.to_string());
        }
    }

    fn finish(self) -> Catalog {
        // people who share a name get their documents as a second line, so they can be told apart
        let mut person_labels: BTreeMap<&str, usize> = BTreeMap::new();
        for ((kind, _), d) in &self.nodes {
            if *kind == NodeKind::Person {
                if let Some(l) = d.labels.first() {
                    *person_labels.entry(l).or_default() += 1;
                }
            }
        }
        let mut nodes: Vec<Node> = Vec::with_capacity(self.nodes.len());
        for ((kind, id), d) in &self.nodes {
            let label = d.labels.first().cloned().unwrap_or_else(|| id.rsplit('/').next().unwrap_or(id).to_string());
            let mut sub: Vec<String> = d.sub.iter().cloned().collect();
            if *kind == NodeKind::Person && person_labels.get(label.as_str()).copied().unwrap_or(0) > 1 && !d.docs.is_empty() {
                sub.push(d.docs.iter().cloned().collect::<Vec<_>>().join(", "));
            }
            let sublabel = if sub.is_empty() { None } else { Some(sub.join("、")) };
            nodes.push(Node { id: id.clone(), kind: *kind, label, sublabel });
        }
        nodes.sort_by(|a, b| (a.kind, &a.label, &a.id).cmp(&(b.kind, &b.label, &b.id)));
        let ids: BTreeSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
        let mut edges: Vec<Edge> = self
            .edges
            .into_iter()
            // a statement about something the picture does not show (a unit's parent that is not
            // an org:Organization, say) is left out
            .filter(|((from, to, _, _), _)| ids.contains(from.as_str()) && ids.contains(to.as_str()) && from != to)
            .map(|((from, to, kind, former), labels)| {
                let label = if labels.is_empty() {
                    None
                } else {
                    let joined = labels.into_iter().collect::<Vec<_>>().join("、");
                    Some(if former { format!("原{joined}") } else { joined })
                };
                Edge { from, to, kind, label, former }
            })
            .collect();
        edges.sort();
        let names = self.names.into_iter().filter(|(id, _)| ids.contains(id.as_str())).collect();
        Catalog { picture: Picture { nodes, edges, focus: Vec::new(), caption: None }, names }
    }
}

/// Everything drawable in the store.
pub(super) fn catalog(store: &Store) -> Result<Catalog, QueryError> {
    let mut b = Builder::default();

    // people: one node per resolved entity, else per document-scoped person
    let mut person_node: BTreeMap<String, String> = BTreeMap::new();
    let people = rows(store, PEOPLE)?;
    for r in &people {
        let (local, entity) = (&r[0], &r[2]);
        // (a local person resolved twice, which resolution should not do, goes to the least IRI)
        let node = if entity.is_empty() { local } else { entity };
        let slot = person_node.entry(local.clone()).or_insert_with(|| node.clone());
        if *node < *slot {
            *slot = node.clone();
        }
    }
    for r in &people {
        let (local, name, entity_name, doc) = (&r[0], &r[1], &r[3], &r[4]);
        let node = person_node[local].clone();
        // a resolved entity's own name is its label; its people's names are names it answers to
        let label = if entity_name.is_empty() { name } else { entity_name };
        let d = b.node(NodeKind::Person, &node, label);
        if !doc.is_empty() {
            d.docs.insert(doc.clone());
        }
        b.name(&node, name);
    }
    let person = |id: &str| person_node.get(id).map(String::as_str);

    // units, their aliases and the hierarchy
    let mut units: BTreeSet<String> = BTreeSet::new();
    for r in rows(store, UNITS)? {
        b.node(NodeKind::Unit, &r[0], &r[1]);
        units.insert(r[0].clone());
    }
    for r in rows(store, UNIT_ALIASES)? {
        b.name(&r[0], &r[1]);
    }
    for r in rows(store, HIERARCHY)? {
        if units.contains(&r[0]) {
            b.edge(&r[0], &r[1], EdgeKind::SubUnitOf, false, None);
        }
    }

    // posts: a line to the unit, or (no unit named) a second line under the person's name
    for r in rows(store, MEMBERSHIPS)? {
        let Some(p) = person(&r[0]) else { continue };
        let (title, unit) = (&r[1], &r[2]);
        let former = matches!(r[3].as_str(), "true" | "1");
        if unit.is_empty() || !units.contains(unit) {
            let text = if former { format!("原{title}") } else { title.clone() };
            b.node(NodeKind::Person, p, "").sub.insert(text);
        } else {
            b.edge(p, unit, EdgeKind::HoldsPostIn, former, Some(title));
        }
    }

    // initiatives (before awards, which initiatives can receive)
    let mut initiatives: BTreeSet<String> = BTreeSet::new();
    for r in rows(store, INITIATIVES)? {
        let (id, name, unit, kind) = (&r[0], &r[1], &r[2], &r[3]);
        let d = b.node(NodeKind::Initiative, id, name);
        if !kind.is_empty() {
            d.sub.insert(kind.clone());
        }
        initiatives.insert(id.clone());
        if !unit.is_empty() {
            b.edge(unit, id, EdgeKind::Runs, false, None);
        }
    }

    // awards: one node per award, a line from each recipient
    for r in rows(store, AWARDS)? {
        let (recipient, name, award, level, year) = (&r[0], &r[1], &r[2], &r[3], &r[4]);
        let from = match person(recipient) {
            Some(p) => p.to_string(),
            None if units.contains(recipient) || initiatives.contains(recipient) => recipient.clone(),
            None => continue,
        };
        // (the graph always links the award concept; a name alone still makes one node per name)
        let id = if award.is_empty() { format!("award:{name}") } else { award.clone() };
        let d = b.node(NodeKind::Award, &id, name);
        if !level.is_empty() {
            d.sub.insert(level.clone());
        }
        b.edge(&from, &id, EdgeKind::Received, false, Some(year));
    }
    Ok(b.finish())
}
