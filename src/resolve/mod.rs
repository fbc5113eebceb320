//! Cross-document entity resolution: which document-scoped people are one person.
//!
//! Every document graph has its own person node per full name (`person:<doc, name>`): within an
//! article one name is one person. Across articles the same name may be the same person or a
//! namesake, and only the evidence tells. This module decides, as a pure function of the people
//! the store holds ([`LocalPerson`]) and what the store says about units ([`UnitFacts`]):
//!
//! Two people **merge** when they have the same full name and an affiliation that agrees
//! ([`Rule`], strongest first): the same post in the same unit, the same unit, a unit and one of
//! its parent units, two units of one parent, or units in the same place (a county, or a city).
//! They **stay apart** otherwise ([`Apart`]): their documents state different births or native
//! places (a notice's or a biography's profile), their places differ (two provinces, two cities), their
//! units are unrelated, or one of them has nothing to compare (a name with no post in a named
//! unit). Namesakes kept apart are listed together ([`Resolution::namesakes`]) so that an analyst
//! can review them; nothing is merged on the name alone.
//!
//! Merges are the connected components of the merge links, built from the links in a fixed order
//! (strongest rule first, then by the people's ids) and keeping the links that joined something:
//! the explanation of each merge. The result depends only on the set of people, never on the
//! order in which documents were added, so it is simply computed again whenever documents change.
//!
//! **Architecture invariant:** like `extract`, this module knows no RDF, mints no IRI and never
//! touches the store: ids are opaque strings (the store's IRIs). `pipeline::resolve` reads its
//! inputs from the store and writes its result back, and `graph::resolution_quads` turns the
//! result into quads.

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A person as one document knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPerson {
    /// The document-scoped id (the person's IRI in its document graph).
    pub id: String,
    /// Full name.
    pub name: String,
    /// The document's id.
    pub doc: String,
    /// The document's date (`YYYY-MM-DD`), if it has one.
    pub date: Option<String>,
    /// The posts the document gives the person.
    pub posts: Vec<Affiliation>,
    /// Birth as the document states it (`YYYY` or `YYYY-MM`), if it does.
    pub birth: Option<String>,
    /// The gazetteer code of the person's native place (籍贯), if the document states one the
    /// gazetteer knows.
    pub native: Option<String>,
}

/// A post a person holds (or held), in a unit where the text names one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Affiliation {
    /// The post title as written (局长).
    pub title: String,
    /// The unit's id, if the text names the unit.
    pub unit: Option<String>,
    /// A former post (原…, 曾任…).
    pub former: bool,
}

/// What the store says about units, over all documents.
#[derive(Debug, Clone, Default)]
pub struct UnitFacts {
    /// Each unit's parent units (`org:subOrganizationOf`).
    pub parents: BTreeMap<String, BTreeSet<String>>,
    /// Each unit's place, as a six-digit GB/T 2260 code (`schema:location`).
    pub places: BTreeMap<String, String>,
}

impl UnitFacts {
    /// The unit's ancestors (parents, their parents, …), nearest first, without repeats.
    pub fn ancestors(&self, unit: &str) -> Vec<String> {
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::from([unit]);
        let mut out: Vec<String> = Vec::new();
        let mut queue = std::collections::VecDeque::from([unit]);
        while let Some(u) = queue.pop_front() {
            for p in self.parents.get(u).into_iter().flatten() {
                if seen.insert(p) {
                    out.push(p.clone());
                    queue.push_back(p);
                }
            }
        }
        out
    }

    /// The unit's place, or its nearest ancestor's.
    pub fn place(&self, unit: &str) -> Option<&str> {
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::from([unit]);
        let mut queue = std::collections::VecDeque::from([unit]);
        while let Some(u) = queue.pop_front() {
            if let Some(p) = self.places.get(u) {
                return Some(p);
            }
            for p in self.parents.get(u).into_iter().flatten() {
                if seen.insert(p) {
                    queue.push_back(p);
                }
            }
        }
        None
    }
}

/// Why two people are one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The same post title in the same unit.
    SamePost,
    /// Posts in the same unit.
    SameUnit,
    /// One's unit is a parent (or further ancestor) of the other's.
    ParentUnit,
    /// Their units have a parent in common.
    SiblingUnit,
    /// Their units are in the same county or city (or one's place contains the other's, below the
    /// province).
    SamePlace,
}

impl Rule {
    /// The rule's id (`same-post`), as written in the graph.
    pub fn as_str(&self) -> &'static str {
        match self {
            Rule::SamePost => "same-post",
            Rule::SameUnit => "same-unit",
            Rule::ParentUnit => "parent-unit",
            Rule::SiblingUnit => "sibling-unit",
            Rule::SamePlace => "same-place",
        }
    }
}

/// The evidence for merging two people: the rule and what it rests on (unit ids, or a place code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    /// The rule that holds.
    pub rule: Rule,
    /// Unit ids (for unit rules: the two units, the shared one once) or a place code.
    pub basis: Vec<String>,
}

/// Why two people with the same name stay apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Apart {
    /// Their documents give different births (the two dates).
    DifferentBirths(String, String),
    /// Their documents give native places that do not overlap (the two place codes).
    DifferentNativePlaces(String, String),
    /// One of them has no post in a named unit: nothing to compare.
    NothingToCompare,
    /// Their places do not overlap (the two place codes that show it).
    DifferentPlaces(String, String),
    /// Their units are not related and share no place below the province.
    UnrelatedUnits,
}

impl Apart {
    /// The reason's id (`different-places`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Apart::DifferentBirths(..) => "different-births",
            Apart::DifferentNativePlaces(..) => "different-native-places",
            Apart::NothingToCompare => "nothing-to-compare",
            Apart::DifferentPlaces(..) => "different-places",
            Apart::UnrelatedUnits => "unrelated-units",
        }
    }
}

/// A merge link between two people (indices into [`Resolution::people`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The evidence.
    pub evidence: Evidence,
    /// One person.
    pub a: usize,
    /// The other.
    pub b: usize,
}

/// One resolved person: the document-scoped people it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The shared full name.
    pub name: String,
    /// Indices into [`Resolution::people`], the anchor first: the earliest mention (by the
    /// document's date, undated last, then document id), which names the entity.
    pub members: Vec<usize>,
    /// The links that joined the members (one fewer than the members).
    pub links: Vec<Link>,
}

impl Entity {
    /// The anchor: the member whose id names the entity.
    pub fn anchor(&self) -> usize {
        self.members[0]
    }
}

/// The result: people, the entities they form, and the namesakes kept apart.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Every document-scoped person, sorted by (name, id).
    pub people: Vec<LocalPerson>,
    /// Entities, sorted by (name, anchor id).
    pub entities: Vec<Entity>,
    /// Names shared by several entities: the name and the entities' indices.
    pub namesakes: Vec<(String, Vec<usize>)>,
}


/// How much of a place a code names: 2 (province), 4 (city) or 6 (county) significant digits.
fn significant(code: &str) -> &str {
    let mut s = code;
    while s.len() > 2 && s.ends_with("00") {
        s = &s[..s.len() - 2];
    }
    s
}

/// Whether one place contains the other (or they are the same).
fn nested(a: &str, b: &str) -> bool {
    let (a, b) = (significant(a), significant(b));
    a.starts_with(b) || b.starts_with(a)
}

/// Whether two dates as written (`1976`, `1976-03`) can be the same: equal to the precision both give.
fn same_date(a: &str, b: &str) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// What a person's posts say, ready to compare.
struct Profile {
    /// Birth, as stated.
    birth: Option<String>,
    /// Native place code, as stated.
    native: Option<String>,
    /// (unit, title) of every post in a named unit.
    posts: BTreeSet<(String, String)>,
    units: BTreeSet<String>,
    /// Each unit's ancestors.
    ancestors: BTreeMap<String, Vec<String>>,
    /// Each unit's parents.
    parents: BTreeMap<String, BTreeSet<String>>,
    /// Each unit's place.
    unit_places: BTreeMap<String, String>,
    places: BTreeSet<String>,
}

impl Profile {
    fn new(p: &LocalPerson, facts: &UnitFacts) -> Profile {
        Profile::cached(p, facts, &mut HashMap::new())
    }

    /// With the units' ancestors kept in `cache` across people (a unit's closure is computed once).
    fn cached(p: &LocalPerson, facts: &UnitFacts, cache: &mut HashMap<String, Vec<String>>) -> Profile {
        let posts: BTreeSet<(String, String)> = p.posts.iter().filter_map(|a| a.unit.clone().map(|u| (u, a.title.clone()))).collect();
        let units: BTreeSet<String> = posts.iter().map(|(u, _)| u.clone()).collect();
        let ancestors = units.iter().map(|u| (u.clone(), cache.entry(u.clone()).or_insert_with(|| facts.ancestors(u)).clone())).collect();
        let parents = units.iter().map(|u| (u.clone(), facts.parents.get(u).cloned().unwrap_or_default())).collect();
        let unit_places: BTreeMap<String, String> = units.iter().filter_map(|u| facts.place(u).map(|p| (u.clone(), p.to_string()))).collect();
        let places = unit_places.values().cloned().collect();
        Profile { birth: p.birth.clone(), native: p.native.clone(), posts, units, ancestors, parents, unit_places, places }
    }
}

/// Compares two people with the same name: the strongest evidence that they are one, or why not.
fn compare(x: &Profile, y: &Profile) -> Result<Evidence, Apart> {
    // what notices and biographies state of a person tells namesakes apart, whatever their posts
    if let (Some(a), Some(b)) = (&x.birth, &y.birth) {
        if !same_date(a, b) {
            return Err(Apart::DifferentBirths(a.clone(), b.clone()));
        }
    }
    if let (Some(a), Some(b)) = (&x.native, &y.native) {
        if !nested(a, b) {
            return Err(Apart::DifferentNativePlaces(a.clone(), b.clone()));
        }
    }
    if x.units.is_empty() || y.units.is_empty() {
        return Err(Apart::NothingToCompare);
    }
    let ev = |rule, basis: Vec<&String>| Ok(Evidence { rule, basis: basis.into_iter().cloned().collect() });
    if let Some((u, _)) = x.posts.intersection(&y.posts).next() {
        return ev(Rule::SamePost, vec![u]);
    }
    if let Some(u) = x.units.intersection(&y.units).next() {
        return ev(Rule::SameUnit, vec![u]);
    }
    for (a, b) in [(x, y), (y, x)] {
        for ua in &a.units {
            for ub in &b.units {
                if a.ancestors[ua].contains(ub) {
                    return ev(Rule::ParentUnit, vec![ua, ub]);
                }
            }
        }
    }
    for ux in &x.units {
        for uy in &y.units {
            // (units of one parent in different places are not close: two provinces' bureaus)
            let apart = matches!((x.unit_places.get(ux), y.unit_places.get(uy)), (Some(a), Some(b)) if !nested(a, b));
            if let Some(p) = x.parents[ux].intersection(&y.parents[uy]).next().filter(|_| !apart) {
                return ev(Rule::SiblingUnit, vec![ux, uy, p]);
            }
        }
    }
    // places: the finest place both are in, below the province
    let mut shared: Option<&str> = None;
    for px in &x.places {
        for py in &y.places {
            if nested(px, py) {
                let coarser = if significant(px).len() <= significant(py).len() { px } else { py };
                if significant(coarser).len() > 2 && shared.is_none_or(|s| significant(coarser).len() > significant(s).len()) {
                    shared = Some(coarser);
                }
            }
        }
    }
    if let Some(p) = shared {
        return Ok(Evidence { rule: Rule::SamePlace, basis: vec![p.to_string()] });
    }
    if !x.places.is_empty() && !y.places.is_empty() && !x.places.iter().any(|px| y.places.iter().any(|py| nested(px, py))) {
        let (px, py) = (x.places.first().cloned().unwrap_or_default(), y.places.first().cloned().unwrap_or_default());
        return Err(Apart::DifferentPlaces(px, py));
    }
    Err(Apart::UnrelatedUnits)
}

/// Compares two people by what their posts say (the rules in the module docs):
/// `Ok` with the evidence that they are one person, or `Err` with why they stay apart. Names are
/// not compared: call it for people with the same name.
pub fn compare_people(a: &LocalPerson, b: &LocalPerson, facts: &UnitFacts) -> Result<Evidence, Apart> {
    compare(&Profile::new(a, facts), &Profile::new(b, facts))
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Resolves people across documents. Deterministic, and independent of the order of `people`.
pub fn resolve(mut people: Vec<LocalPerson>, facts: &UnitFacts) -> Resolution {
    people.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    people.dedup_by(|a, b| a.id == b.id);
    for p in &mut people {
        p.posts.sort();
        p.posts.dedup();
    }
    let mut cache = HashMap::new();
    let profiles: Vec<Profile> = people.iter().map(|p| Profile::cached(p, facts, &mut cache)).collect();
    let mut entities = Vec::new();
    let mut namesakes = Vec::new();
    let mut start = 0;
    while start < people.len() {
        let name = &people[start].name;
        let end = start + people[start..].iter().take_while(|p| &p.name == name).count();
        // every pair with the same name, strongest evidence first
        let mut links = Vec::new();
        for a in start..end {
            for b in a + 1..end {
                if let Ok(evidence) = compare(&profiles[a], &profiles[b]) {
                    links.push(Link { evidence, a, b });
                }
            }
        }
        links.sort_by(|l, m| (l.evidence.rule, &people[l.a].id, &people[l.b].id).cmp(&(m.evidence.rule, &people[m.a].id, &people[m.b].id)));
        // union-find over this name's people (indices relative to `start`)
        let mut parent: Vec<usize> = (0..end - start).collect();
        let mut kept: Vec<Link> = Vec::new();
        // what each group states of its person (births, native places): a link that would join two
        // groups that disagree is not taken, so a person stated with no birth never bridges two
        // namesakes whose notices give different ones
        let mut stated: Vec<(Vec<String>, Vec<String>)> =
            (start..end).map(|i| (people[i].birth.iter().cloned().collect(), people[i].native.iter().cloned().collect())).collect();
        for l in links {
            let (ra, rb) = (find(&mut parent, l.a - start), find(&mut parent, l.b - start));
            if ra == rb {
                continue;
            }
            let (sa, sb) = (&stated[ra], &stated[rb]);
            let births_agree = sa.0.iter().all(|x| sb.0.iter().all(|y| same_date(x, y)));
            let natives_agree = sa.1.iter().all(|x| sb.1.iter().all(|y| nested(x, y)));
            if !(births_agree && natives_agree) {
                continue;
            }
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            let moved = std::mem::take(&mut stated[hi]);
            stated[lo].0.extend(moved.0);
            stated[lo].1.extend(moved.1);
            parent[hi] = lo;
            kept.push(l);
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in start..end {
            let r = find(&mut parent, i - start);
            groups.entry(r).or_default().push(i);
        }
        let first = entities.len();
        let order = |i: &usize| (people[*i].date.clone().unwrap_or_else(|| "~".into()), people[*i].doc.clone(), people[*i].id.clone());
        let mut group_entities: Vec<Entity> = groups
            .into_values()
            .map(|mut members| {
                members.sort_by_key(order);
                let links = kept.iter().filter(|l| members.contains(&l.a)).cloned().collect();
                Entity { name: name.clone(), members, links }
            })
            .collect();
        group_entities.sort_by(|a, b| people[a.anchor()].id.cmp(&people[b.anchor()].id));
        entities.extend(group_entities);
        if entities.len() - first > 1 {
            namesakes.push((name.clone(), (first..entities.len()).collect()));
        }
        start = end;
    }
    Resolution { people, entities, namesakes }
}
