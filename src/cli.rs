//! The command line: argument definitions (clap derive; the doc comments are the `--help`) and the
//! glue that calls the library. Only this module and `main.rs` print.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use is_terminal::IsTerminal;
use std::io::Write;
use std::path::PathBuf;

use zhkg::export::{self, ExportFormat, ExportOptions};
use zhkg::lexicon::Lexicon;
use zhkg::ingest::ReadOptions;
use zhkg::pipeline::{self, Problem};
use zhkg::profile::{self, Found};
use zhkg::push;
use zhkg::query::{self, QueryError, ResultFormat};
use zhkg::serve;
use zhkg::store::{Store, DEFAULT_STORE, STORE_ENV};
use zhkg::view;

/// Exit status when the run finished but some inputs were skipped (or, for `push`, some graphs
/// refused).
pub const EXIT_PARTIAL: u8 = 1;

/// zhkg: Chinese public-sector news → an RDF knowledge graph of people, posts, units, awards and
/// initiatives, kept with its evidence in an embedded Oxigraph store.
#[derive(Debug, Parser)]
#[command(name = "zhkg", version, about, long_about = None, after_help = "Example:\n  zhkg extract data/huzhou-sanneng-interview.txt\n  zhkg query queries/posts.rq\n  zhkg export -o graph.ttl\n  zhkg graph -o graph.svg\n\nExit status: 0 success; 1 finished, but some inputs were skipped, or (push) some graphs refused (each reported on stderr); 2 error.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct StoreArg {
    /// The store directory (RocksDB; `zhkg extract` creates it, the other commands need it).
    #[arg(long, env = STORE_ENV, default_value = DEFAULT_STORE, value_name = "DIR")]
    store: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract articles into the store: one named graph per document, replaced on re-extraction.
    #[command(after_help = "Examples:\n  zhkg extract data/huzhou-sanneng-interview.txt\n  zhkg extract --store kg corpus/ more.jsonl\n  cat article.txt | zhkg extract -\n  zhkg extract --emit nquads shard-07.jsonl | gzip > shard-07.nq.gz\n\nInputs: .txt .md .html .htm files, folders (walked recursively, sorted), JSON Lines corpora (.jsonl:\none article a line with id, title, date, source, url, text; .json: one such object or an array),\nand - for standard input.\nEncodings are detected (UTF-8, UTF-16 with BOM, GBK/GB18030, Big5 …); --encoding overrides.\nA bad input (binary, empty, broken JSON line, over --max-doc-size …) is reported on stderr with its\npath and line and skipped; the batch goes on. Documents are written in atomic batches: an\ninterrupted run leaves whole documents only, and running it again finishes the batch. Documents\nthe store holds unchanged are not written again (--rewrite writes them anyway).\nA progress line is drawn on a terminal only.\nA summary goes to stderr. Exit status: 0 all read; 1 some inputs skipped (each reported); 2 error.")]
    Extract {
        #[command(flatten)]
        store: StoreArg,
        /// Files, folders, or - for standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// A folder of extra lexicon files (post.tsv, unit-suffix.tsv …) that add to the built-in ones.
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
        /// Force the input encoding (e.g. gbk, big5, utf-16le); detected when not given.
        #[arg(long, value_name = "LABEL")]
        encoding: Option<String>,
        /// The largest document read, in MiB (a file, or one record of a corpus); larger ones are
        /// skipped with an error.
        #[arg(long, value_name = "MIB", default_value_t = 16)]
        max_doc_size: u64,
        /// Write the graph to standard output in this format instead of into a store (no store is
        /// opened): for map steps over shards, and for other triple stores' bulk loaders.
        #[arg(long, value_enum, value_name = "FORMAT")]
        emit: Option<EmitFormat>,
        /// Extraction threads (0: one per core). The output does not depend on it.
        #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
        jobs: usize,
        /// Write every document again, even those the store holds unchanged (which are otherwise
        /// skipped).
        #[arg(long, conflicts_with = "emit")]
        rewrite: bool,
    },
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of all documents.
    #[command(after_help = "Examples:\n  zhkg query queries/posts.rq\n  zhkg query --format csv queries/people.rq\n  zhkg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?p a foaf:Person }'\n  zhkg query queries/units-in-province.rq --bind province_name=浙江\n\nPrefixes rdf rdfs xsd owl org foaf schema prov nif itsrdf skos dcterms kg and zhkg's id prefixes\n(person unit post role award init place …) are predeclared. CONSTRUCT/DESCRIBE print Turtle.")]
    Query {
        #[command(flatten)]
        store: StoreArg,
        /// A query file.
        #[arg(value_name = "FILE", required_unless_present = "expr")]
        file: Option<PathBuf>,
        /// The query text itself.
        #[arg(short = 'e', long = "expr", value_name = "QUERY", conflicts_with = "file")]
        expr: Option<String>,
        /// Result format; `table` on a terminal, `csv` otherwise.
        #[arg(long, value_enum)]
        format: Option<ResultFormat>,
        /// Give a query variable a value (a string) before it runs, e.g. `--bind province_name=浙江`.
        /// Repeatable.
        #[arg(long = "bind", value_name = "NAME=VALUE", value_parser = parse_bind)]
        binds: Vec<(String, String)>,
    },
    /// Export the graph: Turtle (merged, readable prefixes), TriG or N-Quads (one graph per document) …
    #[command(after_help = "Examples:\n  zhkg export -o graph.ttl\n  zhkg export --format trig -o graph.trig\n  zhkg export --format nquads | gzip > graph.nq.gz\n\nOutput is sorted: the same store always gives byte-identical files.")]
    Export {
        #[command(flatten)]
        store: StoreArg,
        /// Output format.
        #[arg(long, value_enum, default_value = "turtle")]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Leave out the vocabulary graph (ontology/zhkg.ttl).
        #[arg(long)]
        no_vocabulary: bool,
    },
    /// Resolve people across the store's documents again (extract and remove do it themselves; run
    /// it after loading documents with another tool, such as `oxigraph load` of `--emit` shards).
    #[command(after_help = "Example:\n  zhkg resolve --store kg")]
    Resolve {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Remove documents (by id) from the store; people are resolved again without them.
    #[command(after_help = "Example:\n  zhkg remove --store kg news/2024-05-01.txt\n\nThe id is the one `extract` gave the document (the file path as given, or a corpus record's id): see queries/provenance.rq.")]
    Remove {
        #[command(flatten)]
        store: StoreArg,
        /// Document ids.
        #[arg(required = true, value_name = "DOC_ID")]
        ids: Vec<String>,
    },
    /// Show a person or a unit: posts over time, units, awards and initiatives, each with its article.
    #[command(after_help = "Examples:\n  zhkg show 张三\n  zhkg show 某某县公安局\n  zhkg show https://w3id.org/zhkg/id/entity/…   (one of several namesakes)\n\nA name several people share lists them with their articles; pick one by its id.")]
    Show {
        #[command(flatten)]
        store: StoreArg,
        /// A person's full name, a unit's name (full or short), or an id.
        name: String,
    },
    /// Explain an entity: which mentions were merged into it and on what evidence, and why its
    /// namesakes were kept apart.
    #[command(after_help = "Examples:\n  zhkg explain 张三\n  zhkg explain 某某县公安局\n\nqueries/merges.rq and queries/namesakes.rq list the same for every entity.")]
    Explain {
        #[command(flatten)]
        store: StoreArg,
        /// A person's full name, a unit's name, or an id.
        name: String,
    },
    /// Draw people, units, awards and initiatives as a picture (Graphviz DOT or SVG), the unit
    /// hierarchy as a tree.
    #[command(after_help = "Examples:\n  zhkg graph --format svg -o graph.svg\n  zhkg graph --focus 湖州市公安局 --depth 1 -o around.svg\n  zhkg graph --focus 张三 | dot -Tpng -o zhang.png\n\nWithout --focus the whole graph is drawn (readable for an article or a few). With --focus NAME,\nthe person (foaf:name), unit (its name or an alias), initiative or award of that name and\neverything at most --depth links away are drawn, with every unit's parents up to the top.\nPeople linked across documents by entity resolution are drawn once.\nDOT goes to standard output unless -o; SVG needs Graphviz's dot program (apt install graphviz).\nThe same store always gives the same DOT, byte for byte.")]
    Graph {
        #[command(flatten)]
        store: StoreArg,
        /// Draw only what lies around the person, unit, initiative or award of this name (an exact
        /// name; a name that matches nothing lists the names like it).
        #[arg(long, value_name = "NAME")]
        focus: Option<String>,
        /// With --focus: how many links away from it to draw (person → unit is one link, unit →
        /// its sub-unit another).
        #[arg(long, value_name = "N", default_value_t = 2)]
        depth: usize,
        /// Output format; `svg` when -o names a .svg file, else `dot`.
        #[arg(long, value_enum)]
        format: Option<GraphFormat>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the prefixes zhkg's query files use (predeclared by `zhkg query`), for other tools:
    /// SPARQL PREFIX lines to put before a query, Turtle @prefix lines, or JSON.
    #[command(after_help = "Examples:\n  { zhkg prefixes; cat queries/people.rq; } > people-full.rq    # for any SPARQL tool\n  zhkg prefixes --format json    # pyoxigraph's Store.query(..., prefixes=...)")]
    Prefixes {
        /// Output form.
        #[arg(long, value_enum, default_value = "sparql")]
        format: PrefixFormat,
    },
    /// Serve the store as a read-only SPARQL 1.1 endpoint (for YASGUI, rdflib, Protégé …), with a
    /// page to type queries in.
    #[command(after_help = "Examples:\n  zhkg serve --store kg\n  curl -H 'Accept: text/csv' --data-urlencode query@queries/people.rq http://127.0.0.1:7878/sparql\n\nThe page is at http://127.0.0.1:7878/, the endpoint at /sparql (alias /query): GET ?query=…,\nPOST of a form (query=…) or of the query itself (Content-Type: application/sparql-query);\ndefault-graph-uri and named-graph-uri are honoured. Answers by Accept: SPARQL JSON (the\ndefault), XML, CSV, TSV for SELECT/ASK; Turtle (the default), N-Triples, RDF/XML, JSON-LD for\nCONSTRUCT/DESCRIBE; format=csv … overrides. As with `zhkg query`, zhkg's prefixes are\npredeclared and the default graph is the union of all documents. Updates are refused (403).\nA query running past --timeout is cancelled (503). The store is read-only here and read again\nwhen it changes on disk (a `zhkg extract` beside it). Each request is logged on stderr.\nCtrl-C stops the server.")]
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// The address to listen on. Loopback by default; another address lets anyone who can reach
        /// it read the store. Port 0 takes a free port (the address is printed).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        bind: String,
        /// Seconds a query may run before it is cancelled and answered with 503.
        #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// The Access-Control-Allow-Origin sent with every answer: `*` lets any web page read them,
        /// an origin (http://localhost:3000) only that one.
        #[arg(long, value_name = "ORIGIN", default_value = "*")]
        allow_origin: String,
    },
    /// Push the store's graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph,
    /// Fuseki, GraphDB, Virtuoso …): one PUT per changed graph, a DELETE per removed document.
    #[command(after_help = PUSH_HELP)]
    Push {
        #[command(flatten)]
        store: StoreArg,
        /// The Graph Store endpoint: http://HOST:7878/store (Oxigraph), http://HOST:3030/DATASET/data
        /// (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service (GraphDB),
        /// http://HOST:8890/sparql-graph-crud-auth (Virtuoso).
        #[arg(long, value_name = "URL")]
        endpoint: String,
        /// Each graph of the store to the server's graph of the same IRI (documents, vocabulary,
        /// resolution): the default, spelled out for scripts.
        #[arg(long, conflicts_with_all = ["graph", "default_graph"])]
        graph_per_document: bool,
        /// Everything merged into this one named graph instead, with one PUT that replaces it.
        #[arg(long, value_name = "IRI", conflicts_with = "default_graph")]
        graph: Option<String>,
        /// Everything merged into the server's default graph instead, with one PUT to ?default
        /// that replaces it.
        #[arg(long)]
        default_graph: bool,
        /// The user, for a server that asks (Basic or Digest, as it asks).
        #[arg(long, env = "ZHKG_USER", value_name = "USER")]
        user: Option<String>,
        /// The password (better: the ZHKG_PASSWORD environment variable, kept out of shell history).
        #[arg(long, env = "ZHKG_PASSWORD", hide_env_values = true, value_name = "PASSWORD")]
        password: Option<String>,
        /// Send every graph, even those the server holds unchanged since the last push.
        #[arg(long)]
        all: bool,
        /// The push state file [default: STORE.push-state.tsv, beside the store's folder].
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        /// The body's syntax.
        #[arg(long, value_enum, default_value = "ntriples")]
        format: push::WireFormat,
        /// Seconds to wait for the server at any one step (connecting, a write, its answer: a big
        /// PUT can keep a server busy for minutes) before the push stops.
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        timeout: u64,
        /// Leave out the vocabulary graph (ontology/zhkg.ttl); an earlier push's copy is deleted.
        #[arg(long)]
        no_vocabulary: bool,
    },
    /// Counts per class and per document.
    #[command(after_help = "Example:\n  zhkg stats --store kg")]
    Stats {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Score the extractor against gold annotations (a folder with gold/ and docs/).
    #[command(after_help = "Example:\n  zhkg eval --gold ../shared/eval/dev -v\n\nGold files follow ../shared/eval/GUIDELINES.md. With --lexicon, see what your own lexicon entries gain or lose.")]
    Eval {
        /// The evaluation set: a folder holding gold/*.json and docs/.
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Extra lexicon files, as for `extract`.
        #[arg(long, value_name = "DIR")]
        lexicon: Option<PathBuf>,
        /// List every miss and every false hit.
        #[arg(short, long)]
        verbose: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PrefixFormat {
    /// `PREFIX p: <…>` lines.
    Sparql,
    /// `@prefix p: <…> .` lines.
    Turtle,
    /// One JSON object, prefix → namespace.
    Json,
}

// PUSH_HELP names push::REFUSED_ALIKE's value
const _: () = assert!(push::REFUSED_ALIKE == 10);

const PUSH_HELP: &str = "Examples:
  zhkg push --store kg --endpoint http://localhost:7878/store
  ZHKG_PASSWORD=secret zhkg push --store kg --user dba \\
      --endpoint http://localhost:8890/sparql-graph-crud-auth
  zhkg push --store kg --endpoint http://localhost:3030/ds/data --graph https://example.org/zhkg

Graph per document (the default): every graph of the store becomes the server's graph of the same
IRI, each sent with PUT ENDPOINT?graph=IRI, which replaces it: the vocabulary
(https://w3id.org/zhkg/graph/vocabulary), one graph per document (https://w3id.org/zhkg/graph/KEY)
and people across documents (https://w3id.org/zhkg/graph/resolution). Documents removed from the
store since the last push are deleted (DELETE ENDPOINT?graph=IRI). The store's bookkeeping graph
(https://w3id.org/zhkg/graph/store) is never sent. It is the default because a change then travels
as the graphs that changed, a removed document is one DELETE, and each fact's document stays a
GRAPH on the server. Query the server over the union of its named graphs to get zhkg query's
answers (Oxigraph: serve --union-default-graph, or the union-default-graph parameter of /query;
Fuseki: tdb2:unionDefaultGraph; Virtuoso: the default).

--graph IRI or --default-graph: everything merged into one graph, sent as one PUT that replaces it
(a PUT per document would replace the one before; a POST per document would keep what was removed).

Only what changed is sent: the push state records each graph's fingerprint as the server accepts
it, per endpoint and target, in STORE.push-state.tsv beside the store's folder (--state FILE to
put it elsewhere; the store itself is only read, so push works beside other readers). A push that
was stopped goes on where it stopped; --all sends everything again (after the server was wiped).

The server asks for credentials with a 401 and zhkg answers it, Basic or Digest: --user, and the
password in ZHKG_PASSWORD (or --password).

Errors: a graph the server refuses is reported (status and the start of the answer) and the push
goes on; but when the first 10 graphs are all refused alike and none taken (a wrong endpoint), the
push stops there, with advice, rather than report every graph.

Exit status: 0 all pushed; 1 some graphs refused (each reported; run again to retry them); 2 error
(bad arguments, no answer from the server: connection refused or timed out, 401, the first graphs
all refused alike).";

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EmitFormat {
    /// N-Quads, one graph per document, in input order.
    Nquads,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// Graphviz DOT text (render it with `dot -Tpng`, `-Tpdf` …).
    Dot,
    /// SVG, drawn by Graphviz's `dot` program.
    Svg,
}

fn load_lexicon(dir: Option<&std::path::Path>) -> Result<Lexicon> {
    let (lex, errors) = Lexicon::load(dir);
    for e in &errors {
        eprintln!("zhkg: {e}");
    }
    if !errors.is_empty() {
        bail!("{} problem(s) in the lexicon files", errors.len());
    }
    Ok(lex)
}

fn parse_bind(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got \"{s}\""))?;
    if k.is_empty() {
        return Err(format!("no variable name in \"{s}\""));
    }
    Ok((k.to_string(), v.to_string()))
}

/// The push's progress line: graphs sent of graphs to send (hidden off a terminal, as
/// [`progress_bar`]).
fn push_progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("{spinner} pushing {pos}/{len} graphs · {msg} quads · ETA {eta}").expect("a valid template"));
    bar
}

/// A progress line on standard error: drawn only when it is a terminal (indicatif hides it
/// otherwise), so logs and pipes stay clean.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} · {binary_bytes}/{binary_total_bytes} · {binary_bytes_per_sec} · ETA {eta}")
            .expect("a valid template"),
    );
    bar
}

fn show_progress(bar: &ProgressBar, p: &pipeline::Progress) {
    if bar.is_hidden() {
        return;
    }
    if let Some(total) = p.total_bytes {
        bar.set_length(total);
    }
    bar.set_position(p.bytes);
    bar.set_message(format!("{} documents", p.documents));
}

fn ignore_broken_pipe(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn nothing_found(name: &str, like: &[String]) -> String {
    if like.is_empty() {
        format!("no person or unit named \"{name}\" in the store (queries/people.rq and queries/units.rq list them)")
    } else {
        format!("no person or unit named \"{name}\"; names that contain it: {}", like.join("、"))
    }
}

/// Writes `path` through a temporary file beside it, renamed into place once `write` succeeded:
/// a failed run never leaves half a file (or destroys the file it would have replaced).
fn write_atomically(path: &std::path::Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let tmp = path.with_extension("zhkg-tmp");
    let f = std::fs::File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    let mut w = std::io::BufWriter::new(f);
    let written = write(&mut w).and_then(|()| Ok(w.flush()?));
    drop(w);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))
}

/// Runs the parsed command; returns the exit status.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Extract { store, paths, lexicon, encoding, max_doc_size, emit, jobs, rewrite } => {
            let lex = load_lexicon(lexicon.as_deref())?;
            if let Some(label) = &encoding {
                if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
                    bail!("unknown encoding \"{label}\" (try utf-8, gbk, gb18030, big5, utf-16le)");
                }
            }
            let read = ReadOptions { encoding, max_doc_bytes: max_doc_size.saturating_mul(1 << 20) };
            let opts = pipeline::RunOptions { read, jobs, rewrite };
            let bar = progress_bar();
            let report = |p: Problem<'_>| {
                bar.suspend(|| match p {
                    Problem::Skipped(e) => eprintln!("zhkg: skipped {e}"),
                    Problem::Warning(w) => eprintln!("zhkg: warning: {w}"),
                })
            };
            let progress = |p: &pipeline::Progress| show_progress(&bar, p);
            let s = match emit {
                Some(EmitFormat::Nquads) => {
                    let stdout = std::io::stdout();
                    let mut sink = pipeline::NQuadsSink::new(std::io::BufWriter::with_capacity(1 << 20, stdout.lock()))?;
                    let r = pipeline::run(&paths, &lex, &opts, &mut sink, report, progress).and_then(|s| sink.finish().map(|_| s));
                    match r {
                        Err(pipeline::PipelineError::Io(e)) => return ignore_broken_pipe(Err(e)).map(|_| 0),
                        other => other?,
                    }
                }
                None => {
                    let st = Store::open(&store.store)?;
                    pipeline::extract_paths(&st, &paths, &lex, &opts, report, progress)?
                }
            };
            bar.finish_and_clear();
            eprintln!(
                "zhkg: {} document(s): {} people, {} units, {} posts, {} awards, {} initiatives, {} triples{}{}",
                s.documents,
                s.people,
                s.units,
                s.posts,
                s.awards,
                s.initiatives,
                s.triples,
                if s.unchanged > 0 { format!("; {} unchanged in the store, not rewritten", s.unchanged) } else { String::new() },
                if s.skipped > 0 { format!("; {} input(s) skipped", s.skipped) } else { String::new() }
            );
            let r = s.resolution;
            if r.people > 0 {
                eprintln!(
                    "zhkg: the store's {} person mention(s) across documents resolve to {} person(s){}",
                    r.people,
                    r.entities,
                    if r.namesakes > 0 { format!("; {} name(s) shared by people kept apart (queries/namesakes.rq)", r.namesakes) } else { String::new() }
                );
            }
            Ok(if s.skipped > 0 { EXIT_PARTIAL } else { 0 })
        }
        Command::Query { store, file, expr, format, binds } => {
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
        Command::Export { store, format, output, no_vocabulary } => {
            let st = Store::open_read_only(&store.store)?;
            let fmt = format;
            let opts = ExportOptions { vocabulary: !no_vocabulary };
            match output {
                Some(path) => write_atomically(&path, |w| Ok(export::export(&st, fmt, opts, w)?))?,
                None => {
                    let stdout = std::io::stdout();
                    let mut w = std::io::BufWriter::new(stdout.lock());
                    match export::export(&st, fmt, opts, &mut w) {
                        Err(export::ExportError::Io(e)) => return ignore_broken_pipe(Err(e)).map(|_| 0),
                        other => other?,
                    }
                    ignore_broken_pipe(w.flush())?;
                }
            }
            Ok(0)
        }
        Command::Resolve { store } => {
            let st = Store::open(&store.store)?;
            let r = zhkg::pipeline::resolve::update(&st)?;
            eprintln!(
                "zhkg: {} person mention(s) resolve to {} person(s); {} name(s) shared by people kept apart; resolution graph: {} quad(s) added, {} removed",
                r.people, r.entities, r.namesakes, r.changed.0, r.changed.1
            );
            Ok(0)
        }
        Command::Remove { store, ids } => {
            let st = Store::open(&store.store)?;
            let mut missing = 0;
            for id in &ids {
                if st.remove_document(id)? {
                    eprintln!("zhkg: removed {id}");
                } else {
                    eprintln!("zhkg: {id}: no such document in the store");
                    missing += 1;
                }
            }
            let r = zhkg::pipeline::resolve::update(&st)?;
            eprintln!("zhkg: the store's {} person mention(s) resolve to {} person(s)", r.people, r.entities);
            Ok(if missing > 0 { EXIT_PARTIAL } else { 0 })
        }
        Command::Show { store, name } => {
            let st = Store::open_read_only(&store.store)?;
            let found = profile::find(&st, &name)?;
            let text = match &found {
                Found::People(ps) if ps.len() == 1 => profile::person_card(&st, &ps[0])?,
                Found::Unit(u) => profile::unit_card(&st, u)?,
                Found::Nothing(like) => bail!("{}", nothing_found(&name, like)),
                _ => profile::candidates(&st, &name, &found)?,
            };
            ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
            Ok(0)
        }
        Command::Explain { store, name } => {
            let st = Store::open_read_only(&store.store)?;
            let found = profile::find(&st, &name)?;
            let text = match &found {
                Found::People(ps) => {
                    let mut t = String::new();
                    for (i, p) in ps.iter().enumerate() {
                        if i > 0 {
                            t.push_str("\n────────\n\n");
                        }
                        t.push_str(&profile::explain_person(&st, p)?);
                    }
                    t
                }
                Found::Unit(u) => profile::explain_unit(&st, u)?,
                Found::Nothing(like) => bail!("{}", nothing_found(&name, like)),
                Found::Ambiguous(_) => profile::candidates(&st, &name, &found)?,
            };
            ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
            Ok(0)
        }
        Command::Graph { store, focus, depth, format, output } => {
            let st = Store::open_read_only(&store.store)?;
            let picture = view::collect(&st, focus.as_deref(), depth)?;
            if focus.is_none() && picture.nodes.len() > 400 {
                eprintln!("zhkg: note: {} nodes in one picture; --focus NAME draws the part around one of them", picture.nodes.len());
            }
            let dot = view::to_dot(&picture);
            let to_svg = output.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")));
            let bytes = match format.unwrap_or(if to_svg { GraphFormat::Svg } else { GraphFormat::Dot }) {
                GraphFormat::Dot => dot.into_bytes(),
                GraphFormat::Svg => {
                    let svg = view::render_svg(&dot)?;
                    for line in svg.warnings.lines() {
                        eprintln!("zhkg: warning: dot: {line}");
                    }
                    svg.bytes
                }
            };
            match output {
                Some(path) => write_atomically(&path, |w| Ok(w.write_all(&bytes)?))?,
                None => {
                    let mut out = std::io::stdout().lock();
                    ignore_broken_pipe(out.write_all(&bytes).and_then(|()| out.flush()))?;
                }
            }
            Ok(0)
        }
        Command::Prefixes { format } => {
            let prefixes = zhkg::graph::vocab::PREFIXES;
            let text = match format {
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
        Command::Serve { store, bind, timeout, allow_origin } => serve(&store.store, &bind, timeout, allow_origin),
        Command::Push { store, endpoint, graph_per_document: _, graph, default_graph, user, password, all, state, format, timeout, no_vocabulary } => {
            let target = match (graph, default_graph) {
                (Some(iri), _) => push::Target::named(&iri)?,
                (None, true) => push::Target::Default,
                (None, false) => push::Target::GraphPerDocument,
            };
            let credentials = match (user, password) {
                (Some(user), Some(password)) => Some(push::Credentials { user, password }),
                (Some(user), None) => bail!("--user {user} needs a password: set ZHKG_PASSWORD (or give --password)"),
                (None, _) => None,
            };
            let state = state.unwrap_or_else(|| push::default_state_path(&store.store));
            let st = Store::open_read_only(&store.store)?;
            let opts = push::PushOptions {
                endpoint: endpoint.clone(),
                target,
                credentials,
                state,
                all,
                vocabulary: !no_vocabulary,
                format,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
            };
            let bar = push_progress_bar();
            let started = std::time::Instant::now();
            let mut triples = 0usize;
            let s = push::push(&st, &opts, &mut |e| match e {
                push::Event::Planned { put, delete, .. } => bar.set_length((put + delete) as u64),
                push::Event::Done { triples: n, .. } => {
                    triples += n;
                    bar.set_message(triples.to_string());
                    bar.inc(1);
                }
                push::Event::Failed(f) => {
                    bar.suspend(|| eprintln!("zhkg: {f}"));
                    bar.inc(1);
                }
                _ => {}
            });
            bar.finish_and_clear();
            let s = s?;
            eprintln!(
                "zhkg: pushed {} graph(s) ({} quads) to {endpoint} in {:.1} s; {} unchanged; {} deleted; {} failed",
                s.pushed,
                s.triples,
                started.elapsed().as_secs_f64(),
                s.unchanged,
                s.deleted,
                s.failed
            );
            Ok(if s.failed > 0 { EXIT_PARTIAL } else { 0 })
        }
        Command::Stats { store } => {
            let st = Store::open_read_only(&store.store)?;
            let per_class = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } FILTER(?g != <https://w3id.org/zhkg/graph/vocabulary>) VALUES (?c ?class) { (foaf:Person \"people (per document)\") (kg:ResolvedPerson \"people (across documents)\") (org:Organization \"units\") (org:Membership \"posts\") (kg:AwardConferral \"awards\") (kg:Initiative \"initiatives\") (schema:Observation \"statistics\") (kg:Utterance \"passages\") (nif:Phrase \"mentions\") (foaf:Document \"documents\") } } GROUP BY ?class ORDER BY ?class";
            let per_doc = "SELECT ?doc_id (COUNT(*) AS ?triples) (COUNT(DISTINCT ?p) AS ?people) (COUNT(DISTINCT ?u) AS ?units) WHERE { GRAPH ?g { ?d a foaf:Document ; dcterms:identifier ?id . ?s ?pr ?o . OPTIONAL { ?s a foaf:Person . BIND(?s AS ?p) } OPTIONAL { ?s a org:Organization . BIND(?s AS ?u) } } BIND(STR(?id) AS ?doc_id) } GROUP BY ?doc_id ORDER BY ?doc_id";
            let (h1, r1) = query::select_rows(&st, per_class)?;
            let (h2, r2) = query::select_rows(&st, per_doc)?;
            let text = format!("{}\n{}\ntotal quads: {}\n", query::table(&h1, &r1), query::table(&h2, &r2), st.len()?);
            // `zhkg stats | head` closes the pipe early: that is not an error
            ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
            Ok(0)
        }
        Command::Eval { gold, lexicon, verbose } => {
            let lex = load_lexicon(lexicon.as_deref())?;
            let report = zhkg::eval::evaluate(&gold, &lex)?;
            let mut text = String::new();
            if verbose {
                let mut last = String::new();
                for d in &report.diffs {
                    let head = format!("{} / {}", d.doc, d.category);
                    if head != last {
                        text.push_str(&format!("{head}\n"));
                        last = head;
                    }
                    text.push_str(&format!("   {:<7} {}\n", d.what, d.item));
                }
            }
            text.push_str(&report.table());
            ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
            Ok(0)
        }
    }
}

/// `zhkg serve`: opens the store, binds, says where, and answers until the process is stopped.
fn serve(path: &std::path::Path, bind: &str, timeout: u64, allow_origin: String) -> Result<u8> {
    let store = serve::LiveStore::open(path)?;
    if allow_origin.is_empty() || unsendable_header(&allow_origin) {
        bail!("--allow-origin \"{allow_origin}\": give * or an origin such as http://localhost:3000");
    }
    let options = serve::ServeOptions { timeout: std::time::Duration::from_secs(timeout), allow_origin, ..serve::ServeOptions::default() };
    let max_running = options.max_running;
    let server = serve::Server::bind(bind, serve::Endpoint::new(store, options))?;
    let addr = server.local_addr();
    let base = format!("http://{addr}");
    eprintln!("zhkg: serving {} read-only (queries only: updates are refused)", path.display());
    if addr.ip().is_loopback() {
        eprintln!("zhkg: listening on loopback ({addr}): only this machine can connect (--bind 0.0.0.0:{} to share it)", addr.port());
    } else {
        eprintln!("zhkg: warning: {addr} is not a loopback address: anyone who can reach this machine can read the whole store");
    }
    eprintln!("zhkg: page      {base}/");
    eprintln!("zhkg: endpoint  {base}/sparql");
    eprintln!("zhkg: queries are cancelled after {timeout} s; at most {max_running} run at once; Ctrl-C stops");
    server.run(2 * max_running + 2, |x: &serve::Exchange| {
        eprintln!("zhkg: {} {} {} {} ({} bytes, {} ms)", x.remote.map_or("-".to_string(), |a| a.ip().to_string()), x.method, x.path, x.status, x.bytes, x.elapsed.as_millis());
    })?;
    Ok(0)
}

/// Whether a value cannot be sent as a header (control characters, non-ASCII).
fn unsendable_header(value: &str) -> bool {
    !value.bytes().all(|b| (0x20..0x7f).contains(&b))
}
