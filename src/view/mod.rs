//! Pictures of the graph: people, units, awards and initiatives, with the unit hierarchy drawn as
//! a tree.
//!
//! [`collect`] reads the store (SPARQL through [`crate::query`]) into a [`Picture`] — plain nodes
//! and edges, the whole graph or the neighbourhood of a focus — and [`to_dot`] writes it as
//! Graphviz DOT; [`render_svg`] turns DOT into SVG with Graphviz's `dot` program.
//!
//! People are drawn once per resolved entity when cross-document resolution has linked them
//! (`kg:resolvesTo`), else once per document-scoped person; units are shared across documents
//! already.
//!
//! **Architecture invariant:** this module only reads the store, through [`crate::query`]; it mints
//! no IRI and writes nothing. Its output depends on the store's content only: nodes and edges are
//! sorted and identified by IRIs, so the same store always gives the same DOT bytes.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use zhkg::{lexicon::Lexicon, ingest::Document, pipeline, store::Store, graph, view};
//! let lex = Lexicon::builtin();
//! let doc = Document::from_text("a.txt", None, "青禾县公安局石桥派出所所长邝明远值班。", &lex);
//! let store = Store::in_memory()?;
//! store.replace_graph(&graph::graph_iri(&doc.id), &pipeline::process(&doc, &lex).1)?;
//! let picture = view::collect(&store, Some("石桥派出所"), 1)?;
//! assert!(picture.nodes.iter().any(|n| n.label == "邝明远"));
//! let dot = view::to_dot(&picture);
//! assert!(dot.starts_with("digraph"));
//! # Ok(())
//! # }
//! ```

mod dot;
mod read;
mod svg;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

pub use dot::to_dot;
pub use svg::{render_svg, Svg};

use crate::query::QueryError;
use crate::store::Store;

/// What a node stands for. The order is the order nodes are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// An organisation or one of its units (`org:Organization`).
    Unit,
    /// A person (`foaf:Person`), or a resolved entity standing for several.
    Person,
    /// An initiative (`kg:Initiative`): a campaign, programme, platform …
    Initiative,
    /// An award (a concept of the `kg:awards` scheme).
    Award,
}

/// What an edge says. Each edge runs in the direction of its RDF statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// A unit (`from`) is part of another (`to`): `org:subOrganizationOf`.
    SubUnitOf,
    /// A person (`from`) holds or held posts in a unit (`to`): `org:Membership`; the label holds
    /// the post titles.
    HoldsPostIn,
    /// A person, unit or initiative (`from`) received an award (`to`): `kg:AwardConferral`; the
    /// label holds the year when the article gives one.
    Received,
    /// A unit (`from`) runs an initiative (`to`): `prov:wasAssociatedWith`, read backwards.
    Runs,
}

/// One thing in the picture.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Node {
    /// Stable id: the IRI of the entity (a resolved person's IRI when there is one).
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Its name (person, initiative, award) or preferred label (unit).
    pub label: String,
    /// A second, smaller line: posts held without a unit, an initiative's kind, an award's level,
    /// the document of a person whose name another person in the store shares.
    pub sublabel: Option<String>,
}

/// One line between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    /// The node the statement is about (see [`EdgeKind`]).
    pub from: String,
    /// The other node.
    pub to: String,
    /// What it says.
    pub kind: EdgeKind,
    /// Text on the line: post titles (`党委书记、局长`, `原所长`), award years.
    pub label: Option<String>,
    /// A former post (`kg:former`): drawn dashed.
    pub former: bool,
}

/// A picture: nodes and edges, sorted, and which nodes were asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picture {
    /// Nodes, sorted by kind, label, id.
    pub nodes: Vec<Node>,
    /// Edges between nodes of the picture, sorted.
    pub edges: Vec<Edge>,
    /// Ids of the nodes `--focus` named (empty for the whole graph), sorted.
    pub focus: Vec<String>,
    /// The name `--focus` gave and the depth, for the picture's caption.
    pub caption: Option<String>,
}

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ViewError {
    /// Reading the store failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// `--focus` named nothing in the store.
    #[error("{}", no_match_message(name, close))]
    NoMatch {
        /// The name asked for.
        name: String,
        /// Names in the store that look like it (containing it, contained in it, or sharing most
        /// of its characters), at most ten.
        close: Vec<String>,
    },
    /// Graphviz's `dot` is not installed (or not on `PATH`).
    #[error("Graphviz's `dot` program was not found: install Graphviz (apt install graphviz) to draw SVG, or use --format dot")]
    GraphvizMissing,
    /// `dot` ran and failed.
    #[error("dot -Tsvg failed ({status}): {stderr}")]
    Graphviz {
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it wrote on standard error.
        stderr: String,
    },
    /// Talking to `dot` failed.
    #[error("running dot: {0}")]
    Io(#[from] std::io::Error),
}

fn no_match_message(name: &str, close: &[String]) -> String {
    if close.is_empty() {
        format!("no person, unit, initiative or award is named \"{name}\" (and no name is like it); run `zhkg graph` without --focus, or `zhkg query queries/people.rq`, to see the names")
    } else {
        let list: Vec<String> = close.iter().map(|c| format!("\"{c}\"")).collect();
        format!("no person, unit, initiative or award is named \"{name}\"; names like it: {}", list.join(", "))
    }
}

/// Everything the store holds that a picture can show, with every name a node answers to.
#[derive(Debug, Default)]
struct Catalog {
    picture: Picture,
    /// Node id → the names `--focus` matches (names, labels, aliases).
    names: BTreeMap<String, BTreeSet<String>>,
}

/// Reads a picture from the store: with `focus`, the nodes named `focus` and everything at most
/// `depth` edges away from them (in either direction), plus every ancestor of every unit shown,
/// so the hierarchy reads as a tree; without it, everything.
///
/// A person matches by `foaf:name` (its own or its resolved entity's), a unit by `skos:prefLabel`
/// or `skos:altLabel`, an initiative by `schema:name`, an award by its name. A name that matches
/// nothing is a [`ViewError::NoMatch`] listing names like it.
pub fn collect(store: &Store, focus: Option<&str>, depth: usize) -> Result<Picture, ViewError> {
    let catalog = read::catalog(store)?;
    match focus {
        None => Ok(catalog.picture),
        Some(name) => around(&catalog, name.trim(), depth),
    }
}

/// The part of the catalog around the nodes named `name`.
fn around(catalog: &Catalog, name: &str, depth: usize) -> Result<Picture, ViewError> {
    let starts: Vec<&str> =
        catalog.names.iter().filter(|(_, names)| names.contains(name)).map(|(id, _)| id.as_str()).collect();
    if starts.is_empty() {
        let all = catalog.names.values().flatten().map(String::as_str);
        return Err(ViewError::NoMatch { name: name.to_string(), close: close_names(name, all) });
    }
    let mut picture = neighbourhood(&catalog.picture, &starts, depth);
    picture.caption = Some(format!("焦点：{name} · {depth} 步以内"));
    Ok(picture)
}

/// The nodes at most `depth` edges from `starts`, the ancestors of their units, and every edge
/// among them (the induced subgraph), sorted as the whole picture is.
fn neighbourhood(whole: &Picture, starts: &[&str], depth: usize) -> Picture {
    let mut adjacent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut parents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &whole.edges {
        adjacent.entry(&e.from).or_default().push(&e.to);
        adjacent.entry(&e.to).or_default().push(&e.from);
        if e.kind == EdgeKind::SubUnitOf {
            parents.entry(&e.from).or_default().push(&e.to);
        }
    }
    let mut seen: BTreeSet<&str> = starts.iter().copied().collect();
    let mut queue: VecDeque<(&str, usize)> = starts.iter().map(|s| (*s, 0)).collect();
    while let Some((id, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for next in adjacent.get(id).into_iter().flatten() {
            if seen.insert(next) {
                queue.push_back((next, d + 1));
            }
        }
    }
    // every unit's chain of parents, so that each unit hangs in its tree
    let mut stack: Vec<&str> = seen.iter().copied().collect();
    while let Some(id) = stack.pop() {
        for p in parents.get(id).into_iter().flatten() {
            if seen.insert(p) {
                stack.push(p);
            }
        }
    }
    Picture {
        nodes: whole.nodes.iter().filter(|n| seen.contains(n.id.as_str())).cloned().collect(),
        edges: whole.edges.iter().filter(|e| seen.contains(e.from.as_str()) && seen.contains(e.to.as_str())).cloned().collect(),
        focus: starts.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>().into_iter().collect(),
        caption: None,
    }
}

/// Names like `name`: those containing it or contained in it first, else those sharing at least
/// half of its characters; at most ten, closest first.
fn close_names<'a>(name: &str, all: impl Iterator<Item = &'a str>) -> Vec<String> {
    let all: BTreeSet<&str> = all.collect();
    if name.is_empty() {
        return Vec::new();
    }
    let mut close: Vec<&str> = all.iter().copied().filter(|n| n.contains(name) || (n.chars().count() >= 2 && name.contains(n))).collect();
    if close.is_empty() {
        let wanted: BTreeSet<char> = name.chars().collect();
        let need = wanted.len().div_ceil(2).max(1);
        let mut scored: Vec<(usize, &str)> = all
            .iter()
            .map(|n| (n.chars().collect::<BTreeSet<char>>().intersection(&wanted).count(), *n))
            .filter(|(shared, _)| *shared >= need)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        close = scored.into_iter().map(|(_, n)| n).collect();
    } else {
        // the nearest in length first
        let len = name.chars().count();
        close.sort_by_key(|n| (n.chars().count().abs_diff(len), *n));
    }
    close.into_iter().take(10).map(str::to_string).collect()
}

#[cfg(test)]
mod tests;
