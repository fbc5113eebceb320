//! The query plan of a SPARQL query on a store, with the statistics of one run (rows and time per
//! operator), for rewriting the shipped queries for scale.
//!
//! ```text
//! cargo run --release --example explain -- STORE QUERY.rq [NAME=VALUE …] > plan.txt
//! ```
#![allow(clippy::print_stdout)]

use oxigraph::sparql::{QueryResults, SparqlEvaluator};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, file, binds @ ..] = &args[..] else { panic!("usage: explain STORE QUERY.rq [NAME=VALUE …]") };
    let store = oxigraph::store::Store::open_read_only(store).expect("a store");
    let text = std::fs::read_to_string(file).expect("a query file");
    let binds: Vec<(String, String)> = binds.iter().map(|b| b.split_once('=').map(|(n, v)| (n.to_string(), v.to_string())).expect("NAME=VALUE")).collect();
    let mut q = SparqlEvaluator::new().for_query(zhkg::query::parse_with(file, &text, &binds).expect("a query"));
    if q.dataset().is_default_dataset() {
        q.dataset_mut().set_default_graph_as_union();
    }
    let (results, explanation) = q.on_store(&store).compute_statistics().explain();
    let mut rows = 0;
    if let Ok(QueryResults::Solutions(s)) = results {
        rows = s.count();
    }
    println!("{rows} rows\n{explanation:?}");
}
