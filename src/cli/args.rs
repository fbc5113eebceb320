//! The command line's arguments: the clap derive definitions, nothing else. Their doc comments are
//! the `--help` text, word for word. A command's own help is the doc comment of its [`Command`]
//! variant (and its `after_help`); its arguments are a struct named after it (`ExtractArgs` …) or
//! just [`StoreArg`], whose fields' doc comments are the arguments' help. Where a value names a
//! library type (`--format` of query, export and push), the library's enum is the value itself.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use zhkg::export::ExportFormat;
use zhkg::push::{self, WireFormat};
use zhkg::query::ResultFormat;
use zhkg::store::{DEFAULT_STORE, STORE_ENV};

/// zhkg: Chinese public-sector news → an RDF knowledge graph of people, posts, units, awards and
/// initiatives, kept with its evidence in an embedded Oxigraph store.
#[derive(Debug, Parser)]
#[command(name = "zhkg", version, about, long_about = None, after_help = "Example:\n  zhkg extract data/huzhou-sanneng-interview.txt\n  zhkg query queries/posts.rq\n  zhkg export -o graph.ttl\n  zhkg graph -o graph.svg\n\nExit status: 0 success; 1 finished, but some inputs were skipped, or (push) some graphs refused (each reported on stderr); 2 error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct StoreArg {
    /// The store directory (RocksDB; `zhkg extract` creates it, the other commands need it).
    #[arg(long, env = STORE_ENV, default_value = DEFAULT_STORE, value_name = "DIR")]
    pub store: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract articles into the store: one named graph per document, replaced on re-extraction.
    #[command(after_help = "Examples:\n  zhkg extract data/huzhou-sanneng-interview.txt\n  zhkg extract --store kg corpus/ more.jsonl\n  cat article.txt | zhkg extract -\n  zhkg extract --emit nquads shard-07.jsonl | gzip > shard-07.nq.gz\n  zcat shard-07.jsonl.gz | zhkg extract --emit nquads --stdin-format jsonl -\n\nInputs: .txt .md .html .htm files, folders (walked recursively, sorted), JSON Lines corpora (.jsonl:\none article a line with id, title, date, source, url, text; .json: one such object or an array),\nand - for standard input.\nEncodings are detected (UTF-8, UTF-16 with BOM, GBK/GB18030, Big5 …); --encoding overrides.\nA bad input (binary, empty, broken JSON line, over --max-doc-size …) is reported on stderr with its\npath and line and skipped; the batch goes on. Documents are written in atomic batches: an\ninterrupted run leaves whole documents only, and running it again finishes the batch. Documents\nthe store holds unchanged are not written again (--rewrite writes them anyway).\nA progress line is drawn on a terminal only.\nA summary goes to stderr. Exit status: 0 all read; 1 some inputs skipped (each reported); 2 error.")]
    Extract(ExtractArgs),
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union of all documents.
    #[command(after_help = "Examples:\n  zhkg query queries/posts.rq\n  zhkg query --format csv queries/people.rq\n  zhkg query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?p a foaf:Person }'\n  zhkg query queries/units-in-province.rq --bind province_name=浙江\n\nPrefixes rdf rdfs xsd owl org foaf schema prov nif itsrdf skos dcterms kg and zhkg's id prefixes\n(person unit post role award init place …) are predeclared. CONSTRUCT/DESCRIBE print Turtle.")]
    Query(QueryArgs),
    /// Export the graph: Turtle (merged, readable prefixes), TriG or N-Quads (one graph per document) …
    #[command(after_help = "Examples:\n  zhkg export -o graph.ttl\n  zhkg export --format trig -o graph.trig\n  zhkg export --format nquads | gzip > graph.nq.gz\n\nOutput is sorted: the same store always gives byte-identical files.")]
    Export(ExportArgs),
    /// Resolve people across the store's documents again (extract and remove do it themselves; run
    /// it after loading documents with another tool, such as `oxigraph load` of `--emit` shards).
    #[command(after_help = "Example:\n  zhkg resolve --store kg")]
    Resolve(StoreArg),
    /// Compact the store's files after a large build: queries then search fewer files (on the
    /// 100 MB benchmark corpus's store, 20–40 % faster; 4.3 GB on disk become 2.8 GB).
    #[command(after_help = "Example:\n  zhkg optimize --store kg\n\nWhat the store holds does not change. Worth it after a first build or a large batch; it\nrewrites the whole store (21 s for 13 M quads on 2 cores), so not after each small addition.")]
    Optimize(StoreArg),
    /// Remove documents (by id) from the store; people are resolved again without them.
    #[command(after_help = "Example:\n  zhkg remove --store kg news/2024-05-01.txt\n\nThe id is the one `extract` gave the document (the file path as given, or a corpus record's id): see queries/provenance.rq.")]
    Remove(RemoveArgs),
    /// Show a person or a unit: posts over time, units, awards and initiatives, each with its article.
    #[command(after_help = "Examples:\n  zhkg show 张三\n  zhkg show 某某县公安局\n  zhkg show https://w3id.org/zhkg/id/entity/…   (one of several namesakes)\n\nA name several people share lists them with their articles; pick one by its id.")]
    Show(ShowArgs),
    /// Explain an entity: which mentions were merged into it and on what evidence, and why its
    /// namesakes were kept apart.
    #[command(after_help = "Examples:\n  zhkg explain 张三\n  zhkg explain 某某县公安局\n\nqueries/merges.rq and queries/namesakes.rq list the same for every entity.")]
    Explain(ExplainArgs),
    /// Draw people, units, awards and initiatives as a picture (Graphviz DOT or SVG), the unit
    /// hierarchy as a tree.
    #[command(after_help = "Examples:\n  zhkg graph --format svg -o graph.svg\n  zhkg graph --focus 湖州市公安局 --depth 1 -o around.svg\n  zhkg graph --focus 张三 | dot -Tpng -o zhang.png\n\nWithout --focus the whole graph is drawn (readable for an article or a few). With --focus NAME,\nthe person (foaf:name), unit (its name or an alias), initiative or award of that name and\neverything at most --depth links away are drawn, with every unit's parents up to the top.\nPeople linked across documents by entity resolution are drawn once.\nDOT goes to standard output unless -o; SVG needs Graphviz's dot program (apt install graphviz).\nThe same store always gives the same DOT, byte for byte.")]
    Graph(GraphArgs),
    /// Print the prefixes zhkg's query files use (predeclared by `zhkg query`), for other tools:
    /// SPARQL PREFIX lines to put before a query, Turtle @prefix lines, or JSON.
    #[command(after_help = "Examples:\n  { zhkg prefixes; cat queries/people.rq; } > people-full.rq    # for any SPARQL tool\n  zhkg prefixes --format json    # pyoxigraph's Store.query(..., prefixes=...)")]
    Prefixes(PrefixesArgs),
    /// Serve the store as a read-only SPARQL 1.1 endpoint (for YASGUI, rdflib, Protégé …), with a
    /// page to type queries in.
    #[command(after_help = "Examples:\n  zhkg serve --store kg\n  curl -H 'Accept: text/csv' --data-urlencode query@queries/people.rq http://127.0.0.1:7878/sparql\n\nThe page is at http://127.0.0.1:7878/, the endpoint at /sparql (alias /query): GET ?query=…,\nPOST of a form (query=…) or of the query itself (Content-Type: application/sparql-query);\ndefault-graph-uri and named-graph-uri are honoured. Answers by Accept: SPARQL JSON (the\ndefault), XML, CSV, TSV for SELECT/ASK; Turtle (the default), N-Triples, RDF/XML, JSON-LD for\nCONSTRUCT/DESCRIBE; format=csv … overrides. As with `zhkg query`, zhkg's prefixes are\npredeclared and the default graph is the union of all documents. Updates are refused (403).\nA query running past --timeout is cancelled (503). The store is read-only here and read again\nwhen it changes on disk (a `zhkg extract` beside it). Each request is logged on stderr.\nCtrl-C stops the server.")]
    Serve(ServeArgs),
    /// Push the store's graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint (Oxigraph,
    /// Fuseki, GraphDB, Virtuoso …): one PUT per changed graph, a DELETE per removed document.
    #[command(after_help = PUSH_HELP)]
    Push(PushArgs),
    /// Counts per class and per document.
    #[command(after_help = "Example:\n  zhkg stats --store kg")]
    Stats(StoreArg),
    /// Score the extractor against gold annotations (a folder with gold/ and docs/).
    #[command(after_help = "Example:\n  zhkg eval --gold ../shared/eval/dev -v\n\nGold files follow ../shared/eval/GUIDELINES.md. With --lexicon, see what your own lexicon entries gain or lose.")]
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Files, folders, or - for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A folder of extra lexicon files (post.tsv, unit-suffix.tsv …) that add to the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    /// Force the input encoding (e.g. gbk, big5, utf-16le); detected when not given.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// The largest document read, in MiB (a file, or one record of a corpus); larger ones are
    /// skipped with an error.
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    pub max_doc_size: u64,
    /// Write the graph to standard output in this format instead of into a store (no store is
    /// opened): for map steps over shards, and for other triple stores' bulk loaders.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub emit: Option<EmitFormat>,
    /// Extraction threads (0: one per core). The output does not depend on it.
    #[arg(short = 'j', long, value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// What standard input (`-`) holds: one document, or a JSON Lines corpus (one article a line,
    /// read record by record, as a .jsonl file is: for Spark's rdd.pipe or Hadoop streaming).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "document")]
    pub stdin_format: StdinArg,
    /// Write every document again, even those the store holds unchanged (which are otherwise
    /// skipped).
    #[arg(long, conflicts_with = "emit")]
    pub rewrite: bool,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// A query file.
    #[arg(value_name = "FILE", required_unless_present = "expr")]
    pub file: Option<PathBuf>,
    /// The query text itself.
    #[arg(short = 'e', long = "expr", value_name = "QUERY", conflicts_with = "file")]
    pub expr: Option<String>,
    /// Result format; `table` on a terminal, `csv` otherwise.
    #[arg(long, value_enum)]
    pub format: Option<ResultFormat>,
    /// Give a query variable a value (a string) before it runs, e.g. `--bind province_name=浙江`.
    /// Repeatable.
    #[arg(long = "bind", value_name = "NAME=VALUE", value_parser = parse_bind)]
    pub binds: Vec<(String, String)>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "turtle")]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Leave out the vocabulary graph (ontology/zhkg.ttl).
    #[arg(long)]
    pub no_vocabulary: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Document ids.
    #[arg(required = true, value_name = "DOC_ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// A person's full name, a unit's name (full or short), or an id.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// A person's full name, a unit's name, or an id.
    pub name: String,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Draw only what lies around the person, unit, initiative or award of this name (an exact
    /// name; a name that matches nothing lists the names like it).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// With --focus: how many links away from it to draw (person → unit is one link, unit →
    /// its sub-unit another).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub depth: usize,
    /// Output format; `svg` when -o names a .svg file, else `dot`.
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PrefixesArgs {
    /// Output form.
    #[arg(long, value_enum, default_value = "sparql")]
    pub format: PrefixFormat,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The address to listen on. Loopback by default; another address lets anyone who can reach
    /// it read the store. Port 0 takes a free port (the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Seconds a query may run before it is cancelled and answered with 503.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// The Access-Control-Allow-Origin sent with every answer: `*` lets any web page read them,
    /// an origin (http://localhost:3000) only that one.
    #[arg(long, value_name = "ORIGIN", default_value = "*")]
    pub allow_origin: String,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// The Graph Store endpoint: http://HOST:7878/store (Oxigraph), http://HOST:3030/DATASET/data
    /// (Fuseki), http://HOST:7200/repositories/REPO/rdf-graphs/service (GraphDB),
    /// http://HOST:8890/sparql-graph-crud-auth (Virtuoso).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// Each graph of the store to the server's graph of the same IRI (documents, vocabulary,
    /// resolution): the default, spelled out for scripts.
    #[arg(long, conflicts_with_all = ["graph", "default_graph"])]
    pub graph_per_document: bool,
    /// Everything merged into this one named graph instead, with one PUT that replaces it.
    #[arg(long, value_name = "IRI", conflicts_with = "default_graph")]
    pub graph: Option<String>,
    /// Everything merged into the server's default graph instead, with one PUT to ?default
    /// that replaces it.
    #[arg(long)]
    pub default_graph: bool,
    /// The user, for a server that asks (Basic or Digest, as it asks).
    #[arg(long, env = "ZHKG_USER", value_name = "USER")]
    pub user: Option<String>,
    /// The password (better: the ZHKG_PASSWORD environment variable, kept out of shell history).
    #[arg(long, env = "ZHKG_PASSWORD", hide_env_values = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Send every graph, even those the server holds unchanged since the last push.
    #[arg(long)]
    pub all: bool,
    /// The push state file [default: STORE.push-state.tsv, beside the store's folder].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The body's syntax.
    #[arg(long, value_enum, default_value = "ntriples")]
    pub format: WireFormat,
    /// Seconds to wait for the server at any one step (connecting, a write, its answer: a big
    /// PUT can keep a server busy for minutes) before the push stops.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    pub timeout: u64,
    /// Leave out the vocabulary graph (ontology/zhkg.ttl); an earlier push's copy is deleted.
    #[arg(long)]
    pub no_vocabulary: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The evaluation set: a folder holding gold/*.json and docs/.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Extra lexicon files, as for `extract`.
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    /// List every miss and every false hit.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PrefixFormat {
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
pub enum StdinArg {
    /// One document, text or HTML.
    Document,
    /// A JSON Lines corpus.
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EmitFormat {
    /// N-Quads, one graph per document, in input order.
    Nquads,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT text (render it with `dot -Tpng`, `-Tpdf` …).
    Dot,
    /// SVG, drawn by Graphviz's `dot` program.
    Svg,
}

/// Parses `--bind NAME=VALUE`.
fn parse_bind(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| format!("expected NAME=VALUE, got \"{s}\""))?;
    if k.is_empty() {
        return Err(format!("no variable name in \"{s}\""));
    }
    Ok((k.to_string(), v.to_string()))
}
