//! `zhkg query`, `zhkg stats` and `zhkg prefixes`: answers to SPARQL queries, and the prefixes
//! they predeclare.

use anyhow::{bail, Context as _, Result};
use is_terminal::IsTerminal;
use std::io::Write;

use super::args::{PrefixFormat, PrefixesArgs, QueryArgs, StoreArg};
use super::common::ignore_broken_pipe;
use zhkg::query::{self, QueryError, ResultFormat};
use zhkg::store::Store;

/// Runs `zhkg query`; returns the exit status.
pub fn query(a: QueryArgs) -> Result<u8> {
    let QueryArgs { store, file, expr, format, binds } = a;
    let (name, text) = match (file, expr) {
        (_, Some(e)) => ("-e".to_string(), e),
        (Some(f), None) => {
            let t = std::fs::read_to_string(&f).with_context(|| format!("{}: cannot read", f.display()))?;
            (f.display().to_string(), t)
        }
        (None, None) => bail!("give a query file or -e QUERY"),
    };
    let st = Store::open_read_only(&store.store)?;
    let fmt = match format {
        Some(f) => f,
        None if std::io::stdout().is_terminal() => ResultFormat::Table,
        None => ResultFormat::Csv,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match query::run_with(&st, &name, &text, &binds, fmt, &mut out) {
        Ok(()) => {}
        Err(QueryError::Io(e)) => return ignore_broken_pipe(Err(e)).map(|_| 0),
        Err(e) => return Err(e.into()),
    }
    ignore_broken_pipe(out.flush())?;
    Ok(0)
}

/// Runs `zhkg stats`; returns the exit status.
pub fn stats(store: StoreArg) -> Result<u8> {
    let st = Store::open_read_only(&store.store)?;
    let per_class = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(?g != <https://w3id.org/zhkg/graph/vocabulary>) VALUES (?c ?class) { (foaf:Person \"people (per document)\") (kg:ResolvedPerson \"people (across documents)\") (org:Organization \"units\") (org:Membership \"posts\") (kg:AwardConferral \"awards\") (kg:Initiative \"initiatives\") (schema:Observation \"statistics\") (kg:Utterance \"passages\") (nif:Phrase \"mentions\") (foaf:Document \"documents\") } } GROUP BY ?class ORDER BY ?class";
    // (a unit known beyond one document is described in the shared graph; its document graphs
    // say it is mentioned there)
    let per_doc = "SELECT ?doc_id ?triples (COALESCE(?np, 0) AS ?people) (COALESCE(?nu, 0) AS ?units) WHERE { \
        { SELECT ?g (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?pr ?o } } GROUP BY ?g } \
        GRAPH ?g { ?d a foaf:Document ; dcterms:identifier ?id } \
        OPTIONAL { SELECT ?g (COUNT(?p) AS ?np) WHERE { GRAPH ?g { ?p a foaf:Person } } GROUP BY ?g } \
        OPTIONAL { SELECT ?g (COUNT(?u) AS ?nu) WHERE { GRAPH ?g { ?u kg:mentionedIn ?doc } ?u a org:Organization } GROUP BY ?g } \
        BIND(STR(?id) AS ?doc_id) } ORDER BY ?doc_id";
    let (h1, r1) = query::select_rows(&st, per_class)?;
    let (h2, r2) = query::select_rows(&st, per_doc)?;
    let text = format!("{}\n{}\ntotal quads: {}\n", query::table(&h1, &r1), query::table(&h2, &r2), st.len()?);
    // `zhkg stats | head` closes the pipe early: that is not an error
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(0)
}

/// Runs `zhkg prefixes`; returns the exit status.
pub fn prefixes(a: PrefixesArgs) -> Result<u8> {
    let prefixes = zhkg::graph::vocab::PREFIXES;
    let text = match a.format {
        PrefixFormat::Sparql => prefixes.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect::<String>(),
        PrefixFormat::Turtle => prefixes.iter().map(|(p, ns)| format!("@prefix {p}: <{ns}> .\n")).collect::<String>(),
        PrefixFormat::Json => {
            let map: serde_json::Map<String, serde_json::Value> = prefixes.iter().map(|(p, ns)| (p.to_string(), serde_json::Value::from(*ns))).collect();
            format!("{}\n", serde_json::Value::Object(map))
        }
    };
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(0)
}
