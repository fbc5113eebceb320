//! The evaluation as a feature: scores the extractor against gold files in the format of the
//! annotation guidelines (`gold/<name>.json` beside `docs/<doc>`), category by category, with the
//! same normalisation and counting as the independent scorer, so that a user who edits the
//! lexicons sees what they gained and lost.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::ingest;
use crate::lexicon::Lexicon;
use crate::query;
use crate::store::Store;

/// Categories: name, shipped query file ([`query::shipped`], the same contract as the scorer's),
/// columns that make one item.
pub const CATEGORIES: &[(&str, &str, &[&str])] = &[
    ("people", "people.rq", &["name"]),
    ("units", "units.rq", &["unit"]),
    ("hierarchy", "units.rq", &["unit", "parent"]),
    ("posts", "posts.rq", &["person", "post", "unit"]),
    ("awards", "awards.rq", &["recipient", "award"]),
    ("initiatives", "initiatives.rq", &["initiative"]),
];

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A file could not be read.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The store or a query failed.
    #[error("{0}")]
    Run(String),
}

/// Counts for one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall, F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp > 0 { self.tp as f64 / (self.tp + self.fp) as f64 } else { 0.0 };
        let r = if self.tp + self.fn_ > 0 { self.tp as f64 / (self.tp + self.fn_) as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }
}

/// A miss or a false hit, for `-v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The document.
    pub doc: String,
    /// The category.
    pub category: String,
    /// `missed` or `wrong`.
    pub what: &'static str,
    /// The item, columns joined by ` | `.
    pub item: String,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Counts per category, in [`CATEGORIES`] order.
    pub categories: Vec<(String, Counts)>,
    /// Every miss and false hit.
    pub diffs: Vec<Diff>,
    /// Number of gold files.
    pub documents: usize,
}

impl Report {
    /// All categories summed.
    pub fn all(&self) -> Counts {
        let mut c = Counts::default();
        for (_, k) in &self.categories {
            c.tp += k.tp;
            c.fp += k.fp;
            c.fn_ += k.fn_;
        }
        c
    }

    /// The table the scorer prints.
    pub fn table(&self) -> String {
        let mut s = format!("{:<12} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}\n", "category", "tp", "fp", "fn", "precision", "recall", "f1");
        let mut rows: Vec<(String, Counts)> = self.categories.clone();
        rows.push(("all".into(), self.all()));
        for (name, c) in rows {
            let (p, r, f) = c.prf();
            s.push_str(&format!("{:<12} {:>5} {:>5} {:>5} {:>9.3} {:>7.3} {:>6.3}\n", name, c.tp, c.fp, c.fn_, p, r, f));
        }
        s.push_str(&format!("documents: {}\n", self.documents));
        s
    }
}

const STRIP: &[char] = &['“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』', '《', '》', '〈', '〉', '【', '】', ' ', '\t', '\r', '\n', '\u{3000}'];

/// The scorer's normalisation: NFKC, quotes and spaces removed, edge punctuation trimmed.
pub fn norm(s: &str) -> String {
    let n: String = s.nfkc().filter(|c| !STRIP.contains(c)).collect();
    n.trim_matches(|c| "，。、；：,.;:".contains(c)).to_string()
}

struct Gold {
    alias: BTreeMap<String, String>,
    data: serde_json::Value,
}

impl Gold {
    fn canon(&self, s: &str) -> String {
        let n = norm(s);
        self.alias.get(&n).cloned().unwrap_or(n)
    }
    fn sets(&self, category: &str) -> (BTreeSet<Vec<String>>, BTreeSet<Vec<String>>) {
        let part = &self.data[category];
        let read = |key: &str| -> BTreeSet<Vec<String>> {
            part[key]
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|r| match r {
                            serde_json::Value::String(s) => vec![self.canon(s)],
                            serde_json::Value::Array(a) => a.iter().map(|v| self.canon(v.as_str().unwrap_or(""))).collect(),
                            _ => vec![],
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        (read("must"), read("optional"))
    }
}

/// Scores the extractor on an evaluation set (a folder with `gold/` and `docs/`).
pub fn evaluate(set: &Path, lex: &Lexicon) -> Result<Report, EvalError> {
    let gold_dir = set.join("gold");
    let docs_dir = set.join("docs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gold_dir)
        .map_err(|e| EvalError::File { path: gold_dir.clone(), message: e.to_string() })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(EvalError::File { path: gold_dir, message: "no gold files".into() });
    }
    let mut report = Report { documents: files.len(), ..Report::default() };
    let mut totals: Vec<Counts> = vec![Counts::default(); CATEGORIES.len()];
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| EvalError::File { path: f.clone(), message: e.to_string() })?;
        let data: serde_json::Value = serde_json::from_str(&text).map_err(|e| EvalError::File { path: f.clone(), message: e.to_string() })?;
        let mut alias = BTreeMap::new();
        if let Some(ents) = data["entities"].as_object() {
            for (canonical, aliases) in ents {
                let c = norm(canonical);
                alias.insert(c.clone(), c.clone());
                for a in aliases.as_array().into_iter().flatten() {
                    alias.insert(norm(a.as_str().unwrap_or("")), c.clone());
                }
            }
        }
        let gold = Gold { alias, data };
        let doc_name = gold.data["doc"].as_str().unwrap_or("").to_string();
        let doc_path = docs_dir.join(&doc_name);
        let store = Store::in_memory().map_err(|e| EvalError::Run(e.to_string()))?;
        let input = ingest::Input::File { path: doc_path.clone(), id: doc_name.clone() };
        let (docs, errors) = ingest::read(&input, &ingest::ReadOptions::default(), lex);
        if let Some(e) = errors.first() {
            return Err(EvalError::File { path: doc_path, message: e.to_string() });
        }
        for doc in &docs {
            let (_, quads) = crate::pipeline::process(doc, lex);
            store.replace_graph(&crate::graph::graph_iri(&doc.id), &quads).map_err(|e| EvalError::Run(e.to_string()))?;
        }
        store.ensure_vocabulary().map_err(|e| EvalError::Run(e.to_string()))?;
        // people.rq lists resolved people, as `zhkg extract` leaves them
        crate::pipeline::resolve::update(&store).map_err(|e| EvalError::Run(e.to_string()))?;
        for (ci, (category, qfile, cols)) in CATEGORIES.iter().enumerate() {
            let qtext = query::shipped(qfile).unwrap_or("");
            let (vars, rows) = query::select_rows(&store, qtext).map_err(|e| EvalError::Run(e.to_string()))?;
            let idx: Vec<usize> = cols.iter().map(|c| vars.iter().position(|v| v == c).unwrap_or(usize::MAX)).collect();
            let mut got = BTreeSet::new();
            for r in rows {
                let item: Vec<String> = idx.iter().map(|&i| gold.canon(r.get(i).map(String::as_str).unwrap_or(""))).collect();
                if item[0].is_empty() || (*category == "hierarchy" && item[1].is_empty()) {
                    continue;
                }
                got.insert(item);
            }
            let (must, optional) = gold.sets(category);
            let tp = got.intersection(&must).count();
            let fps: Vec<&Vec<String>> = got.iter().filter(|i| !must.contains(*i) && !optional.contains(*i)).collect();
            let fns: Vec<&Vec<String>> = must.iter().filter(|i| !got.contains(*i)).collect();
            totals[ci].tp += tp;
            totals[ci].fp += fps.len();
            totals[ci].fn_ += fns.len();
            for (what, items) in [("missed", fns), ("wrong", fps)] {
                for it in items {
                    report.diffs.push(Diff { doc: doc_name.clone(), category: category.to_string(), what, item: it.join(" | ") });
                }
            }
        }
    }
    report.categories = CATEGORIES.iter().zip(totals).map(|((n, _, _), c)| (n.to_string(), c)).collect();
    Ok(report)
}
