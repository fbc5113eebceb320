//! Running SPARQL queries and writing their results: a CJK-aware table for terminals, and the
//! W3C formats (CSV, TSV, JSON, XML) otherwise; CONSTRUCT and DESCRIBE print Turtle.
//!
//! Queries see the union of all graphs as their default graph unless they name their own dataset
//! (FROM / FROM NAMED). The standard prefixes of [`crate::graph::vocab::PREFIXES`] are predeclared.

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Triple};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

mod bind;

use crate::graph::vocab::PREFIXES;
use crate::store::Store;

/// The shipped query files (`queries/*.rq`), compiled in, by file name: `eval` scores with some of
/// them, `serve`'s page offers them all as examples.
pub const SHIPPED: &[(&str, &str)] = &[
    ("awards.rq", include_str!("../../queries/awards.rq")),
    ("biography.rq", include_str!("../../queries/biography.rq")),
    ("careers.rq", include_str!("../../queries/careers.rq")),
    ("hierarchy.rq", include_str!("../../queries/hierarchy.rq")),
    ("initiatives.rq", include_str!("../../queries/initiatives.rq")),
    ("mentions.rq", include_str!("../../queries/mentions.rq")),
    ("merges.rq", include_str!("../../queries/merges.rq")),
    ("namesakes.rq", include_str!("../../queries/namesakes.rq")),
    ("people.rq", include_str!("../../queries/people.rq")),
    ("person-profile.rq", include_str!("../../queries/person-profile.rq")),
    ("places.rq", include_str!("../../queries/places.rq")),
    ("post-holders.rq", include_str!("../../queries/post-holders.rq")),
    ("posts.rq", include_str!("../../queries/posts.rq")),
    ("proposed.rq", include_str!("../../queries/proposed.rq")),
    ("provenance.rq", include_str!("../../queries/provenance.rq")),
    ("speakers.rq", include_str!("../../queries/speakers.rq")),
    ("statistics.rq", include_str!("../../queries/statistics.rq")),
    ("unit-leaders.rq", include_str!("../../queries/unit-leaders.rq")),
    ("unit-people.rq", include_str!("../../queries/unit-people.rq")),
    ("units-in-province.rq", include_str!("../../queries/units-in-province.rq")),
    ("units.rq", include_str!("../../queries/units.rq")),
];

/// The text of the shipped query file `name` (`people.rq`).
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Output formats for SELECT/ASK results; also the values of `zhkg query --format`, named as the
/// variants in lower case. Each variant's `help = None` keeps its doc comment out of `--help`,
/// which lists the values' names only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    /// Aligned columns for reading on a terminal.
    #[value(help = None::<&str>)]
    Table,
    /// SPARQL 1.1 Query Results CSV.
    #[value(help = None::<&str>)]
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    #[value(help = None::<&str>)]
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    #[value(help = None::<&str>)]
    Json,
    /// SPARQL Query Results XML.
    #[value(help = None::<&str>)]
    Xml,
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The query text is not valid SPARQL; `line` and `column` are 1-based (column in characters).
    #[error("{source_name}:{line}:{column}: SPARQL syntax error: {message}")]
    Syntax {
        /// Where the query came from (file name, or `-e`).
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// Evaluation failed.
    #[error("{0}")]
    Evaluation(String),
    /// Writing the results failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Prepares the evaluator with zhkg's prefixes.
fn evaluator() -> SparqlEvaluator {
    let mut e = SparqlEvaluator::new();
    for (p, ns) in PREFIXES {
        e = e.with_prefix(*p, *ns).expect("static prefixes are valid");
    }
    e
}

/// Where a SPARQL parser's message ("… error at L:C: detail") points: 1-based line and column
/// (in characters), and the detail after the position.
pub(crate) fn error_position(message: &str) -> Option<(usize, usize, &str)> {
    let (_, rest) = message.split_once("error at ")?;
    let pos: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
    let mut it = pos.split(':');
    let (line, column) = (it.next()?.parse::<usize>().ok()?, it.next()?.parse::<usize>().ok()?);
    let detail = rest[pos.len()..].trim_start_matches([':', ' ']);
    Some((line, column, detail))
}

/// The query's line `line` and a caret under character `column` (East Asian wide characters
/// counting two), both indented with "  | ".
pub(crate) fn caret_excerpt(text: &str, line: usize, column: usize) -> String {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let before: String = line_text.chars().take(column.saturating_sub(1)).collect();
    format!("  | {line_text}\n  | {}^", " ".repeat(before.width()))
}

fn syntax_error(source_name: &str, text: &str, err: impl std::fmt::Display) -> QueryError {
    let message = err.to_string();
    let (line, column, detail) = error_position(&message).unwrap_or((1, 1, &message));
    QueryError::Syntax {
        source_name: source_name.to_string(),
        line,
        column,
        message: format!("{detail}\n{}", caret_excerpt(text, line, column)),
    }
}

/// Writes CONSTRUCT/DESCRIBE triples in `format` with zhkg's prefixes, sorted and without
/// duplicates, so that the same store gives the same bytes.
pub(crate) fn write_triples(mut triples: Vec<Triple>, format: RdfFormat, out: impl Write) -> std::io::Result<()> {
    triples.sort_by_cached_key(|t| t.to_string());
    triples.dedup();
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in PREFIXES {
        ser = ser.with_prefix(*p, *ns).expect("static prefixes are valid");
    }
    let mut w = ser.for_writer(out);
    for t in &triples {
        w.serialize_triple(t)?;
    }
    w.finish()?;
    Ok(())
}

/// Runs a query and writes its results to `out`.
pub fn run(store: &Store, source_name: &str, text: &str, format: ResultFormat, out: &mut dyn Write) -> Result<(), QueryError> {
    run_with(store, source_name, text, &[], format, out)
}

/// Parses a query, with zhkg's prefixes predeclared and the variables given values (`--bind`)
/// replaced by them ([`bind::substitute`]).
pub fn parse_with(source_name: &str, text: &str, binds: &[(String, String)]) -> Result<spargebra::Query, QueryError> {
    let mut parser = spargebra::SparqlParser::new();
    for (p, ns) in PREFIXES {
        parser = parser.with_prefix(*p, *ns).expect("static prefixes are valid");
    }
    let mut query = parser.parse_query(text).map_err(|e| syntax_error(source_name, text, e))?;
    for (name, value) in binds {
        let var = oxigraph::sparql::Variable::new(name.trim_start_matches(['?', '$']))
            .map_err(|e| QueryError::Evaluation(format!("--bind {name}: not a variable name: {e}")))?;
        let spargebra::Query::Select { pattern, .. } = &mut query else {
            return Err(QueryError::Evaluation("--bind: only SELECT queries take values".into()));
        };
        bind::substitute(pattern, &var, &oxigraph::model::Literal::new_simple_literal(value));
    }
    Ok(query)
}

/// Like [`run`], with variables given values (`--bind name=value`, each a plain string literal),
/// replaced in the query before it is planned, everywhere in it (filters, subqueries and `EXISTS`
/// included), as SPARQL clients' "initial bindings" are; a `BIND(… AS ?name)` keeps the rows
/// where it gives the value ([`bind::substitute`]).
pub fn run_with(
    store: &Store,
    source_name: &str,
    text: &str,
    binds: &[(String, String)],
    format: ResultFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let query = parse_with(source_name, text, binds)?;
    let mut prepared = evaluator().for_query(query);
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared.on_store(store.inner()).execute().map_err(|e| QueryError::Evaluation(e.to_string()))?;
    write_results(results, format, out)
}

fn w3c(format: ResultFormat) -> QueryResultsFormat {
    match format {
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        ResultFormat::Json => QueryResultsFormat::Json,
        ResultFormat::Xml | ResultFormat::Table => QueryResultsFormat::Xml,
    }
}

fn write_results(results: QueryResults<'_>, format: ResultFormat, out: &mut dyn Write) -> Result<(), QueryError> {
    let ev = |e: &dyn std::fmt::Display| QueryError::Evaluation(e.to_string());
    match results {
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            if format == ResultFormat::Table {
                let names: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                let mut rows = Vec::new();
                for s in solutions {
                    let s = s.map_err(|e| ev(&e))?;
                    rows.push(vars.iter().map(|v| s.get(v).map(display_term).unwrap_or_default()).collect::<Vec<_>>());
                }
                out.write_all(table(&names, &rows).as_bytes())?;
            } else {
                // the serializer's errors are the writer's (a closed pipe is QueryError::Io)
                let mut w = QueryResultsSerializer::from_format(w3c(format)).serialize_solutions_to_writer(out, vars)?;
                for s in solutions {
                    w.serialize(&s.map_err(|e| ev(&e))?)?;
                }
                w.finish()?;
            }
        }
        QueryResults::Boolean(b) => {
            if format == ResultFormat::Table {
                writeln!(out, "{b}")?;
            } else {
                QueryResultsSerializer::from_format(w3c(format)).serialize_boolean_to_writer(out, b)?;
            }
        }
        QueryResults::Graph(triples) => {
            let all = triples.collect::<Result<Vec<_>, _>>().map_err(|e| ev(&e))?;
            write_triples(all, RdfFormat::Turtle, out)?;
        }
    }
    Ok(())
}

/// A term for a table cell: literals as their text, IRIs as written.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::Literal(l) => l.value().to_string(),
        Term::NamedNode(n) => n.as_str().to_string(),
        other => other.to_string(),
    }
}

/// Aligns rows into columns, counting East Asian wide characters as two columns.
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(clean(c).width());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let c = clean(c);
            s.push_str(&c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - c.width() + 2));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut out, header);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(&mut out, &rule);
    for r in rows {
        line(&mut out, r);
    }
    out.push_str(&format!("({} row{})\n", rows.len(), if rows.len() == 1 { "" } else { "s" }));
    out
}

/// Runs a SELECT query and returns its variables and rows, every cell as plain text (empty when
/// unbound). Used by `eval` and by tests.
pub fn select_rows(store: &Store, text: &str) -> Result<(Vec<String>, Vec<Vec<String>>), QueryError> {
    let mut prepared = evaluator().parse_query(text).map_err(|e| syntax_error("query", text, e))?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    match prepared.on_store(store.inner()).execute().map_err(|e| QueryError::Evaluation(e.to_string()))? {
        QueryResults::Solutions(solutions) => {
            let vars: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_string()).collect();
            let vs = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for s in solutions {
                let s = s.map_err(|e| QueryError::Evaluation(e.to_string()))?;
                rows.push(vs.iter().map(|v| s.get(v).map(display_term).unwrap_or_default()).collect());
            }
            Ok((vars, rows))
        }
        _ => Err(QueryError::Evaluation("not a SELECT query".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_wide_characters() {
        let t = table(&["name".into(), "id".into()], &[vec!["张三".into(), "x".into()], vec!["ab".into(), "y".into()]]);
        let lines: Vec<&str> = t.lines().collect();
        // "张三" is four columns wide, as wide as "name", so "x" starts at column 6 like "y"
        assert_eq!(lines[2], "张三  x");
        assert_eq!(lines[3], "ab    y");
        assert_eq!(lines[4], "(2 rows)");
    }

    /// A store of three labelled things in one named graph.
    fn labelled() -> Store {
        let store = Store::in_memory().unwrap();
        let g = oxigraph::model::NamedNode::new_unchecked("urn:g");
        let p = oxigraph::model::NamedNode::new_unchecked("urn:label");
        for (s, l) in [("urn:a", "甲"), ("urn:b", "乙"), ("urn:c", "丙")] {
            let q = oxigraph::model::Quad::new(oxigraph::model::NamedNode::new_unchecked(s), p.clone(), oxigraph::model::Literal::new_language_tagged_literal_unchecked(l, "zh"), g.clone());
            store.inner().insert(&q).unwrap();
        }
        store
    }

    fn csv(store: &Store, text: &str, binds: &[(&str, &str)]) -> String {
        let binds: Vec<(String, String)> = binds.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let mut out = Vec::new();
        run_with(store, "q.rq", text, &binds, ResultFormat::Csv, &mut out).unwrap();
        String::from_utf8(out).unwrap().replace("\r\n", "\n")
    }

    #[test]
    fn a_bound_variable_is_its_value_everywhere_in_the_query_and_keeps_its_column() {
        let store = labelled();
        // in a filter, with the column kept
        let q = "SELECT ?name ?s WHERE { ?s <urn:label> ?l FILTER(STR(?l) = ?name) }";
        assert_eq!(csv(&store, q, &[("name", "乙")]), "name,s\n乙,urn:b\n");
        // inside a subquery, which initial bindings do not reach
        let q = "SELECT ?name ?s WHERE { { SELECT ?s WHERE { ?s <urn:label> ?l FILTER(STR(?l) = ?name) } } }";
        assert_eq!(csv(&store, q, &[("name", "丙")]), "name,s\n丙,urn:c\n");
        // inside EXISTS
        let q = "SELECT ?s WHERE { ?s <urn:label> ?l FILTER NOT EXISTS { ?s <urn:label> ?m FILTER(STR(?m) = ?name) } } ORDER BY ?s";
        assert_eq!(csv(&store, q, &[("name", "甲")]), "s\nurn:b\nurn:c\n");
        // assigned by a BIND: the rows where the BIND gives the value, projected or not
        let q = "SELECT ?s WHERE { ?s <urn:label> ?l BIND(STR(?l) AS ?name) }";
        assert_eq!(csv(&store, q, &[("name", "甲")]), "s\nurn:a\n");
        let q = "SELECT ?s ?name WHERE { ?s <urn:label> ?l BIND(STR(?l) AS ?name) }";
        assert_eq!(csv(&store, q, &[("name", "甲")]), "s,name\nurn:a,甲\n");
        // not in the query: no restriction
        let q = "SELECT ?s WHERE { ?s <urn:label> ?l } ORDER BY ?s";
        assert_eq!(csv(&store, q, &[("other", "x")]).lines().count(), 4);
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let store = Store::in_memory().unwrap();
        let mut out = Vec::new();
        let err = run(&store, "q.rq", "SELECT ?x\nWHERE { ?x ?y }", ResultFormat::Csv, &mut out).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("q.rq:2:"), "{msg}");
    }
}
