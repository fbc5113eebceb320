//! Views of one person or one unit for the terminal: `zhkg show` (a profile card) and
//! `zhkg explain` (why the mentions of an entity are one entity, and why namesakes are not).
//!
//! Everything is read from the store with SPARQL; every line of a card names the article it comes
//! from, and the sentence where there is one.

use std::collections::BTreeMap;
use std::fmt::Write;

use oxigraph::model::Literal;

use crate::query::{self, QueryError};
use crate::resolve::{self, Apart, Rule};
use crate::store::Store;

/// What a name (or an IRI) given to `show`/`explain` refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Resolved people (IRIs), one or several namesakes.
    People(Vec<String>),
    /// A unit (IRI).
    Unit(String),
    /// Several things of different kinds, or several units: (IRI, one line about it).
    Ambiguous(Vec<(String, String)>),
    /// Nothing by that name; names that contain it, if any.
    Nothing(Vec<String>),
}

fn lit(s: &str) -> String {
    Literal::new_simple_literal(s).to_string()
}

fn rows(store: &Store, q: &str) -> Result<Vec<Vec<String>>, QueryError> {
    Ok(query::select_rows(store, q)?.1)
}

/// Finds the people and units a name (or an IRI) refers to.
pub fn find(store: &Store, name: &str) -> Result<Found, QueryError> {
    let name = name.trim();
    if name.starts_with("http://") || name.starts_with("https://") {
        let iri = format!("<{}>", name.replace(['<', '>', ' '], ""));
        let kind = rows(store, &format!("SELECT ?k WHERE {{ {{ {iri} a kg:ResolvedPerson BIND(\"p\" AS ?k) }} UNION {{ {iri} a org:Organization BIND(\"u\" AS ?k) }} UNION {{ ?x kg:resolvesTo ?e . FILTER(?x = {iri}) BIND(STR(?e) AS ?k) }} }} LIMIT 1"))?;
        return Ok(match kind.first().map(|r| r[0].as_str()) {
            Some("p") => Found::People(vec![name.to_string()]),
            Some("u") => Found::Unit(name.to_string()),
            Some(entity) => Found::People(vec![entity.to_string()]),
            None => Found::Nothing(Vec::new()),
        });
    }
    let n = lit(name);
    let people: Vec<String> = rows(store, &format!("SELECT DISTINCT ?e WHERE {{ ?e a kg:ResolvedPerson ; foaf:name ?n . FILTER(STR(?n) = {n}) }} ORDER BY ?e"))?
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    let units: Vec<Vec<String>> = rows(
        store,
        &format!("SELECT DISTINCT ?u (SAMPLE(STR(?pl)) AS ?label) WHERE {{ ?u a org:Organization ; skos:prefLabel ?pl ; skos:prefLabel|skos:altLabel ?l . FILTER(STR(?l) = {n}) }} GROUP BY ?u ORDER BY ?u"),
    )?;
    match (people.len(), units.len()) {
        (0, 1) => Ok(Found::Unit(units[0][0].clone())),
        (_, 0) if !people.is_empty() => Ok(Found::People(people)),
        (0, 0) => {
            let like = rows(
                store,
                &format!("SELECT DISTINCT ?l WHERE {{ {{ ?x a kg:ResolvedPerson ; foaf:name ?n }} UNION {{ ?x a org:Organization ; skos:prefLabel ?n }} FILTER(CONTAINS(STR(?n), {n})) BIND(STR(?n) AS ?l) }} ORDER BY ?l LIMIT 20"),
            )?;
            Ok(Found::Nothing(like.into_iter().map(|r| r[0].clone()).collect()))
        }
        _ => {
            let mut out: Vec<(String, String)> = people.iter().map(|p| (p.clone(), format!("person {name}"))).collect();
            out.extend(units.iter().map(|u| (u[0].clone(), format!("unit {}", u[1]))));
            Ok(Found::Ambiguous(out))
        }
    }
}

/// One post of a person, as an article gives it.
struct Post {
    date: String,
    doc: String,
    title: String,
    unit: String,
    former: bool,
    sentence: String,
    /// Start and end as the text dates them (empty when it does not).
    start: String,
    end: String,
}

fn posts_of(store: &Store, entity: &str) -> Result<Vec<Post>, QueryError> {
    let q = format!(
        "SELECT DISTINCT ?date ?doc ?title ?unit ?former ?sentence ?start ?end WHERE {{
           ?l kg:resolvesTo <{entity}> ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc . OPTIONAL {{ ?d dcterms:issued ?date }}
           ?m org:member ?l ; kg:postTitle ?title ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?sentence .
           OPTIONAL {{ ?m org:organization ?u . ?u skos:prefLabel ?unit }}
           OPTIONAL {{ ?m kg:former ?former }}
           OPTIONAL {{ ?m org:memberDuring/time:hasBeginning/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?start }}
           OPTIONAL {{ ?m org:memberDuring/time:hasEnd/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?end }}
         }} ORDER BY ?start ?date ?doc ?title ?unit"
    );
    Ok(rows(store, &q)?
        .into_iter()
        .map(|r| Post {
            date: r[0].clone(),
            doc: r[1].clone(),
            title: r[2].clone(),
            unit: r[3].clone(),
            former: r[4] == "true",
            sentence: r[5].clone(),
            start: r[6].clone(),
            end: r[7].clone(),
        })
        .collect())
}

fn post_text(p: &Post) -> String {
    let dates = match (p.start.as_str(), p.end.as_str()) {
        ("", "") => String::new(),
        (s, "") => format!(" ({s}—)"),
        ("", e) => format!(" (—{e})"),
        (s, e) => format!(" ({s}—{e})"),
    };
    format!("{}{}{}{dates}", if p.former { "原" } else { "" }, p.unit, p.title)
}

/// What notices and biographies state about the person, one line per attribute and value.
fn attribute_lines(store: &Store, entity: &str) -> Result<Vec<String>, QueryError> {
    let q = format!(
        "SELECT DISTINCT ?label ?value ?doc WHERE {{
           ?l kg:resolvesTo <{entity}> ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc .
           ?s kg:attributeOf ?l ; kg:attribute ?p ; nif:anchorOf ?value .
           VALUES (?p ?label) {{ (schema:gender \"性别\") (kg:ethnicity \"民族\") (schema:birthDate \"出生\") (kg:nativePlace \"籍贯\")
                                (kg:partyJoined \"入党\") (kg:workStarted \"参加工作\") (kg:education \"学历\") (kg:degree \"学位\") }}
         }} ORDER BY ?label ?value ?doc"
    );
    Ok(rows(store, &q)?.into_iter().map(|r| format!("  {}：{}  [{}]", r[0], r[1], r[2])).collect())
}

/// Shortens a sentence for one line of a card.
fn quote(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > 60 {
        format!("「{}…」", chars[..58].iter().collect::<String>())
    } else {
        format!("「{s}」")
    }
}

/// One line per document mention of a resolved person: the document, its date and what it says.
fn mention_lines(store: &Store, entity: &str) -> Result<Vec<(String, String, String)>, QueryError> {
    let q = format!(
        "SELECT ?doc ?date (GROUP_CONCAT(DISTINCT ?post; separator=\", \") AS ?posts) WHERE {{
           ?l kg:resolvesTo <{entity}> ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc . OPTIONAL {{ ?d dcterms:issued ?date }}
           OPTIONAL {{ ?m org:member ?l ; kg:postTitle ?t . OPTIONAL {{ ?m org:organization ?u . ?u skos:prefLabel ?ul }}
                      OPTIONAL {{ ?m kg:former ?f }} BIND(CONCAT(IF(BOUND(?f), \"原\", \"\"), COALESCE(STR(?ul), \"\"), STR(?t)) AS ?post) }}
         }} GROUP BY ?doc ?date ORDER BY ?date ?doc"
    );
    Ok(rows(store, &q)?.into_iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect())
}

/// The profile card of a resolved person.
pub fn person_card(store: &Store, entity: &str) -> Result<String, QueryError> {
    let mut out = String::new();
    let name = rows(store, &format!("SELECT ?n WHERE {{ <{entity}> foaf:name ?n }}"))?.into_iter().next().map(|r| r[0].clone()).unwrap_or_default();
    let docs = mention_lines(store, entity)?;
    let _ = writeln!(out, "{name}  ·  person  ·  {} document(s)\n{entity}", docs.len());
    let aliases = rows(store, &format!("SELECT DISTINCT ?a WHERE {{ ?l kg:resolvesTo <{entity}> ; skos:altLabel ?x BIND(STR(?x) AS ?a) }} ORDER BY ?a"))?;
    if !aliases.is_empty() {
        let _ = writeln!(out, "also called: {}", aliases.iter().map(|r| r[0].as_str()).collect::<Vec<_>>().join("、"));
    }
    let attrs = attribute_lines(store, entity)?;
    if !attrs.is_empty() {
        let _ = writeln!(out, "\nAs stated (notices, biographies)");
        for a in &attrs {
            let _ = writeln!(out, "{a}");
        }
    }
    let posts = posts_of(store, entity)?;
    let _ = writeln!(out, "\nPosts (as of each article's date; 原 = former; (start—end) where the text dates them)");
    if posts.is_empty() {
        let _ = writeln!(out, "  none named");
    }
    for p in &posts {
        let date = if p.date.is_empty() { "undated".to_string() } else { p.date.clone() };
        let _ = writeln!(out, "  {date:<10}  {}  [{}] {}", post_text(p), p.doc, quote(&p.sentence));
    }
    let awards = rows(
        store,
        &format!(
            "SELECT DISTINCT ?award ?year ?doc ?sentence WHERE {{ ?l kg:resolvesTo <{entity}> ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc .
               ?c kg:recipient ?l ; kg:awardName ?award ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?sentence . OPTIONAL {{ ?c kg:year ?year }} }} ORDER BY ?year ?award ?doc"
        ),
    )?;
    let _ = writeln!(out, "\nAwards");
    if awards.is_empty() {
        let _ = writeln!(out, "  none named");
    }
    for a in &awards {
        let year = if a[1].is_empty() { String::new() } else { format!("{} ", a[1]) };
        let _ = writeln!(out, "  {year}{}  [{}] {}", a[0], a[2], quote(&a[3]));
    }
    // initiatives named in a sentence that names the person
    let inits = rows(
        store,
        &format!(
            "SELECT DISTINCT ?init ?doc ?sentence WHERE {{ ?l kg:resolvesTo <{entity}> ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc .
               ?mp itsrdf:taIdentRef ?l ; nif:referenceContext ?ctx ; nif:beginIndex ?mb .
               ?i a kg:Initiative ; schema:name ?init ; prov:wasDerivedFrom ?s . ?s nif:referenceContext ?ctx ; nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sentence .
               FILTER(?mb >= ?sb && ?mb < ?se) }} ORDER BY ?doc ?init"
        ),
    )?;
    if !inits.is_empty() {
        let _ = writeln!(out, "\nInitiatives (named with the person)");
        for i in &inits {
            let _ = writeln!(out, "  {}  [{}] {}", i[0], i[1], quote(&i[2]));
        }
    }
    let _ = writeln!(out, "\nArticles");
    for (doc, date, posts) in &docs {
        let _ = writeln!(out, "  {doc}  {}{}", if date.is_empty() { "undated" } else { date }, if posts.is_empty() { String::new() } else { format!("  {posts}") });
    }
    Ok(out)
}

/// The profile card of a unit.
pub fn unit_card(store: &Store, unit: &str) -> Result<String, QueryError> {
    let mut out = String::new();
    let head = rows(
        store,
        &format!("SELECT (SAMPLE(STR(?l)) AS ?label) (SAMPLE(STR(?tl)) AS ?type) (SAMPLE(STR(?pn)) AS ?place) WHERE {{ <{unit}> skos:prefLabel ?l . OPTIONAL {{ <{unit}> org:classification/skos:prefLabel ?tl }} OPTIONAL {{ <{unit}> schema:location/schema:name ?pn }} }}"),
    )?;
    let (label, kind, place) = head.first().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).unwrap_or_default();
    let _ = writeln!(out, "{label}  ·  unit{}{}\n{unit}", if kind.is_empty() { String::new() } else { format!("  ·  {kind}") }, if place.is_empty() { String::new() } else { format!("  ·  {place}") });
    let names = rows(store, &format!("SELECT DISTINCT ?a WHERE {{ <{unit}> skos:altLabel ?x BIND(STR(?x) AS ?a) }} ORDER BY ?a"))?;
    if !names.is_empty() {
        let _ = writeln!(out, "also written: {}", names.iter().map(|r| r[0].as_str()).collect::<Vec<_>>().join("、"));
    }
    let list = |q: String| -> Result<Vec<String>, QueryError> { Ok(rows(store, &q)?.into_iter().map(|r| r[0].clone()).collect()) };
    let parents = list(format!("SELECT DISTINCT ?l WHERE {{ <{unit}> org:subOrganizationOf/skos:prefLabel ?x BIND(STR(?x) AS ?l) }} ORDER BY ?l"))?;
    let children = list(format!("SELECT DISTINCT ?l WHERE {{ ?c org:subOrganizationOf <{unit}> ; skos:prefLabel ?x BIND(STR(?x) AS ?l) }} ORDER BY ?l"))?;
    let _ = writeln!(out, "\npart of: {}", if parents.is_empty() { "—".to_string() } else { parents.join("、") });
    let _ = writeln!(out, "sub-units: {}", if children.is_empty() { "—".to_string() } else { children.join("、") });
    let people = rows(
        store,
        &format!(
            "SELECT DISTINCT ?title ?person ?date ?doc ?former WHERE {{ ?m org:organization <{unit}> ; kg:postTitle ?title ; org:member ?l .
               ?l kg:resolvesTo ?e ; kg:mentionedIn ?d . ?e foaf:name ?person . ?d dcterms:identifier ?doc . OPTIONAL {{ ?m kg:asOf ?date }} OPTIONAL {{ ?m kg:former ?former }} }}
             ORDER BY ?title ?date ?person ?doc"
        ),
    )?;
    let _ = writeln!(out, "\nPeople by post (as of each article's date; 原 = former)");
    if people.is_empty() {
        let _ = writeln!(out, "  none named");
    }
    for p in &people {
        let date = if p[2].is_empty() { "undated" } else { &p[2] };
        let _ = writeln!(out, "  {}{}  {}  {date}  [{}]", if p[4] == "true" { "原" } else { "" }, p[0], p[1], p[3]);
    }
    let inits = rows(store, &format!("SELECT DISTINCT ?n ?doc WHERE {{ ?i prov:wasAssociatedWith <{unit}> ; schema:name ?n ; kg:mentionedIn ?d . ?d dcterms:identifier ?doc }} ORDER BY ?n ?doc"))?;
    if !inits.is_empty() {
        let _ = writeln!(out, "\nInitiatives");
        for i in &inits {
            let _ = writeln!(out, "  {}  [{}]", i[0], i[1]);
        }
    }
    let awards = rows(
        store,
        &format!("SELECT DISTINCT ?a ?year ?doc ?sentence WHERE {{ ?c kg:recipient <{unit}> ; kg:awardName ?a ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?sentence ; nif:referenceContext/nif:sourceUrl/dcterms:identifier ?doc . OPTIONAL {{ ?c kg:year ?year }} }} ORDER BY ?year ?a ?doc"),
    )?;
    if !awards.is_empty() {
        let _ = writeln!(out, "\nAwards");
        for a in &awards {
            let year = if a[1].is_empty() { String::new() } else { format!("{} ", a[1]) };
            let _ = writeln!(out, "  {year}{}  [{}] {}", a[0], a[2], quote(&a[3]));
        }
    }
    let docs = list(format!("SELECT DISTINCT ?doc WHERE {{ <{unit}> kg:mentionedIn ?d . ?d dcterms:identifier ?x BIND(STR(?x) AS ?doc) }} ORDER BY ?doc"))?;
    let _ = writeln!(out, "\nArticles: {}", docs.join(", "));
    Ok(out)
}

/// The list shown for an ambiguous name: each candidate with what tells it apart.
pub fn candidates(store: &Store, name: &str, found: &Found) -> Result<String, QueryError> {
    let mut out = format!("\"{name}\" names several entities; pick one by its id (zhkg show ID):\n");
    let items: Vec<(String, String)> = match found {
        Found::People(ps) => ps.iter().map(|p| (p.clone(), format!("person {name}"))).collect(),
        Found::Ambiguous(items) => items.clone(),
        _ => Vec::new(),
    };
    for (iri, what) in items {
        let _ = writeln!(out, "  {iri}  {what}");
        if what.starts_with("person") {
            for (doc, date, posts) in mention_lines(store, &iri)? {
                let _ = writeln!(out, "      {doc} {}{}", if date.is_empty() { "undated" } else { &date }, if posts.is_empty() { String::new() } else { format!(": {posts}") });
            }
        }
    }
    Ok(out)
}

fn labels(store: &Store) -> Result<BTreeMap<String, String>, QueryError> {
    let q = "SELECT ?x (MIN(STR(?l)) AS ?label) WHERE { { ?x a org:Organization ; skos:prefLabel ?l } UNION { ?x a schema:AdministrativeArea ; schema:name ?l } } GROUP BY ?x";
    Ok(rows(store, q)?.into_iter().map(|r| (r[0].clone(), r[1].clone())).collect())
}

fn place_label(labels: &BTreeMap<String, String>, code: &str) -> String {
    labels.iter().find(|(k, _)| k.ends_with(&format!("/place/{code}"))).map(|(_, v)| v.clone()).unwrap_or_else(|| code.to_string())
}

/// The evidence of a merge, in words.
fn evidence_text(rule: Rule, basis: &[String], labels: &BTreeMap<String, String>) -> String {
    let l = |i: usize| basis.get(i).map(|b| labels.get(b).cloned().unwrap_or_else(|| b.clone())).unwrap_or_default();
    match rule {
        Rule::SamePost => format!("the same post in the same unit ({})", l(0)),
        Rule::SameUnit => format!("posts in the same unit ({})", l(0)),
        Rule::ParentUnit => format!("{} is part of {}", l(0), l(1)),
        Rule::SiblingUnit => format!("{} and {} are both part of {}", l(0), l(1), l(2)),
        Rule::SamePlace => format!("units in the same place ({})", basis.first().map(|c| place_label(labels, c)).unwrap_or_default()),
    }
}

/// `zhkg explain`: which mentions a resolved person is made of, the evidence of each merge, and
/// why each namesake stayed apart (recomputed with the same rules the resolution used).
pub fn explain_person(store: &Store, entity: &str) -> Result<String, QueryError> {
    let store_err = |e: crate::store::StoreError| QueryError::Evaluation(e.to_string());
    let name = rows(store, &format!("SELECT ?n WHERE {{ <{entity}> foaf:name ?n }}"))?.into_iter().next().map(|r| r[0].clone()).unwrap_or_default();
    let people: Vec<_> = crate::pipeline::resolve::people(store).map_err(store_err)?.into_iter().filter(|p| p.name == name).collect();
    let facts = crate::pipeline::resolve::unit_facts(store).map_err(store_err)?;
    let r = resolve::resolve(people, &facts);
    let labels = labels(store)?;
    let iri_of = |e: &resolve::Entity| crate::graph::entity_iri(&e.name, &r.people[e.anchor()].id);
    let Some(me) = r.entities.iter().find(|e| iri_of(e) == entity) else {
        return Ok(format!("{entity}: not a resolved person in this store (run `zhkg resolve` after loading documents by other means)\n"));
    };
    let doc_line = |i: usize| {
        let p = &r.people[i];
        let posts: Vec<String> = p
            .posts
            .iter()
            .map(|a| format!("{}{}{}", if a.former { "原" } else { "" }, a.unit.as_ref().map(|u| labels.get(u).cloned().unwrap_or_default()).unwrap_or_default(), a.title))
            .collect();
        format!("{} ({}){}", p.doc, p.date.as_deref().unwrap_or("undated"), if posts.is_empty() { ": name only".to_string() } else { format!(": {}", posts.join(", ")) })
    };
    let mut out = String::new();
    let _ = writeln!(out, "{name}  {entity}\n\n{} mention(s) in as many documents are this person:", me.members.len());
    for &m in &me.members {
        let _ = writeln!(out, "  {}", doc_line(m));
    }
    if me.links.is_empty() {
        let _ = writeln!(out, "\nNo merge: one document.");
    } else {
        let _ = writeln!(out, "\nMerged because (same full name, and):");
        for l in &me.links {
            let (a, b) = (&r.people[l.a].doc, &r.people[l.b].doc);
            let _ = writeln!(out, "  {} + {}: {} — {}", a.min(b), a.max(b), l.evidence.rule.as_str(), evidence_text(l.evidence.rule, &l.evidence.basis, &labels));
        }
    }
    let others: Vec<&resolve::Entity> = r.entities.iter().filter(|e| iri_of(e) != entity).collect();
    if !others.is_empty() {
        let _ = writeln!(out, "\nNamesakes kept apart (queries/namesakes.rq):");
        for o in others {
            // the reason for the closest pair: every pair is apart, or they would be one
            let mut reasons: Vec<Apart> = Vec::new();
            for &a in &me.members {
                for &b in &o.members {
                    if let Err(why) = resolve::compare_people(&r.people[a], &r.people[b], &facts) {
                        reasons.push(why);
                    }
                }
            }
            // the most telling reason first: places that differ, then unrelated units
            let rank = |a: &Apart| match a {
                Apart::DifferentBirths(..) | Apart::DifferentNativePlaces(..) => 0,
                Apart::DifferentPlaces(..) => 0,
                Apart::UnrelatedUnits => 1,
                Apart::NothingToCompare => 2,
            };
            reasons.sort_by_key(rank);
            let why = match reasons.first() {
                Some(Apart::DifferentBirths(a, b)) => format!("different births ({a} / {b})"),
                Some(Apart::DifferentNativePlaces(a, b)) => format!("different native places ({} / {})", place_label(&labels, a), place_label(&labels, b)),
                Some(Apart::DifferentPlaces(a, b)) => format!("different places ({} / {})", place_label(&labels, a), place_label(&labels, b)),
                Some(Apart::UnrelatedUnits) => "unrelated units, no shared place below the province".to_string(),
                Some(Apart::NothingToCompare) | None => "nothing to compare (one of them has no post in a named unit)".to_string(),
            };
            let _ = writeln!(out, "  {}  — {why}", iri_of(o));
            for &m in &o.members {
                let _ = writeln!(out, "      {}", doc_line(m));
            }
        }
    }
    Ok(out)
}

/// `zhkg explain` for a unit: one IRI for every document that names it, and the forms they use.
pub fn explain_unit(store: &Store, unit: &str) -> Result<String, QueryError> {
    let mut out = String::new();
    let label = rows(store, &format!("SELECT (MIN(STR(?l)) AS ?x) WHERE {{ <{unit}> skos:prefLabel ?l }}"))?.into_iter().next().map(|r| r[0].clone()).unwrap_or_default();
    let _ = writeln!(out, "{label}  {unit}\n");
    let _ = writeln!(
        out,
        "Documents share this unit when their canonical names agree: the name an article gives it in full, or a\nshort form the article resolves to it (县局 → 县公安局 of the county it names). A name without a place\n(市公安局 alone) stays within its article.\n"
    );
    let forms = rows(
        store,
        &format!(
            "SELECT ?doc ?form (COUNT(*) AS ?n) WHERE {{ ?m itsrdf:taIdentRef <{unit}> ; nif:anchorOf ?f ; nif:referenceContext/nif:sourceUrl/dcterms:identifier ?d . BIND(STR(?d) AS ?doc) BIND(STR(?f) AS ?form) }} GROUP BY ?doc ?form ORDER BY ?doc ?form"
        ),
    )?;
    let _ = writeln!(out, "Named as:");
    for f in &forms {
        let _ = writeln!(out, "  {}  {} ×{}", f[0], f[1], f[2]);
    }
    Ok(out)
}
