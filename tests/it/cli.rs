//! CLI behaviour: extract, query, export, stats, errors.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const ARTICLE: &str = "[本地新闻] 某市公安局召开表彰会\n发表于 2023-4-5 10:00:00\n金华市副市长、市公安局党委书记、局长郑光明出席会议。\n会上，东阳市公安局横店派出所所长俞晓峰介绍了“红色驿站”志愿服务项目。\n全国优秀人民警察、浦江县公安局民警楼建新同志荣获全省最美基层民警称号。\n来源:金华公安\n使用道具 举报\n";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture { dir: tempfile::tempdir().unwrap() }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }
    fn store(&self) -> PathBuf {
        self.path("store")
    }
    fn zhkg(&self) -> Command {
        let mut c = Command::cargo_bin("zhkg").unwrap();
        c.current_dir(self.dir.path()).env_remove("ZHKG_STORE");
        c
    }
    fn extract(&self, paths: &[&Path]) -> assert_cmd::assert::Assert {
        let mut c = self.zhkg();
        c.arg("extract").arg("--store").arg(self.store());
        for p in paths {
            c.arg(p);
        }
        c.assert()
    }
    fn query(&self, q: &str, format: &str) -> String {
        let out = self.zhkg().args(["query", "--format", format, "--store"]).arg(self.store()).args(["-e", q]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    fn count(&self) -> usize {
        let csv = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "csv");
        csv.lines().nth(1).unwrap().trim().parse().unwrap()
    }
    fn export(&self, format: &str) -> Vec<u8> {
        let out = self.zhkg().args(["export", "--format", format, "--store"]).arg(self.store()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }
}

#[test]
fn extract_prints_a_summary_and_twice_gives_the_same_store() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success().stderr(predicate::str::contains("1 document(s)").and(predicate::str::contains("people")));
    let n1 = f.count();
    f.extract(&[&a]).success();
    assert_eq!(f.count(), n1);
    assert!(n1 > 50);
}

#[test]
fn an_unchanged_document_is_not_rewritten_unless_asked_and_a_changed_one_is_replaced() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    let b = f.write("b.txt", "嘉兴市公安局民警钱多多值班。");
    f.extract(&[&a, &b]).success().stderr(predicate::str::contains("unchanged").not());
    let before = f.export("nquads");
    // the same inputs: both unchanged, nothing written
    f.extract(&[&a, &b]).success().stderr(predicate::str::contains("2 unchanged in the store, not rewritten"));
    // --rewrite writes them again, to the same graph
    f.zhkg().args(["extract", "--rewrite", "--store"]).arg(f.store()).arg(&a).arg(&b).assert().success().stderr(predicate::str::contains("unchanged").not());
    assert!(f.export("nquads") == before);
    // one changed: it alone is written, and replaces its old graph whole
    f.write("b.txt", "嘉兴市公安局民警孙小圣值班。");
    f.extract(&[&a, &b]).success().stderr(predicate::str::contains("1 unchanged in the store"));
    let people = f.query("SELECT ?n WHERE { GRAPH ?g { ?p foaf:name ?n } ?d kg:graphDigest ?x FILTER(?d = ?g) }", "csv");
    let people = people.replace("\r\n", "\n");
    assert!(people.contains("孙小圣") && !people.contains("钱多多"), "{people}");
}

#[test]
fn changed_document_replaces_its_graph() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    f.write("a.txt", "嘉兴市公安局民警钱多多值班。");
    f.extract(&[&a]).success();
    // the old article's people are gone, from its graph and from the people across documents
    let people = f.query("SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n }", "csv");
    assert_eq!(people.replace("\r\n", "\n").trim(), "n\n钱多多");
    let resolved = f.query("SELECT ?n WHERE { ?p a kg:ResolvedPerson ; foaf:name ?n }", "csv");
    assert_eq!(resolved.replace("\r\n", "\n").trim(), "n\n钱多多");
}

#[test]
fn shipped_queries_return_their_contract_columns() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    for (file, header) in [
        ("people.rq", "name,id,documents"),
        ("careers.rq", "person,id,as_of,post,unit,former,doc_id,start,end"),
        ("unit-leaders.rq", "unit,as_of,post,person,id,former,doc_id"),
        ("units.rq", "unit,parent,type"),
        ("posts.rq", "person,post,unit,as_of"),
        ("awards.rq", "recipient,award,level,year"),
        ("initiatives.rq", "initiative,kind,unit"),
        ("mentions.rq", "doc_id,text,type,start,end,entity"),
        ("places.rq", "place,code,level,parent,mentions"),
        ("units-in-province.rq", "province,unit,place"),
        ("hierarchy.rq", "unit,ancestor,place,province"),
    ] {
        let out = f.zhkg().args(["query", "--format", "csv", "--store"]).arg(f.store()).arg(root.join(file)).output().unwrap();
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().next().unwrap().trim(), header, "{file}");
        assert!(text.lines().count() > 1, "{file} returned no rows");
    }
    let posts = f.query(&std::fs::read_to_string(root.join("posts.rq")).unwrap(), "csv");
    assert!(posts.contains("郑光明,局长,金华市公安局,2023-04-05"), "{posts}");
    assert!(posts.contains("郑光明,副市长,金华市,2023-04-05"), "{posts}");
    assert!(posts.contains("俞晓峰,所长,横店派出所"), "{posts}");
    let units = f.query(&std::fs::read_to_string(root.join("units.rq")).unwrap(), "csv");
    assert!(units.contains("横店派出所,东阳市公安局"), "{units}");
    let mentions = f.query(&std::fs::read_to_string(root.join("mentions.rq")).unwrap(), "csv");
    assert!(mentions.contains("a.txt,郑光明,person,"), "{mentions}");
    let places = f.query(&std::fs::read_to_string(root.join("places.rq")).unwrap(), "csv");
    assert!(places.contains("金华市,330700,prefecture,浙江省,"), "{places}");
    // a police station named without a place is in its county bureau's province
    let in_province = |name: &str| {
        let out = f.zhkg().args(["query", "--format", "csv", "--store"]).arg(f.store()).arg(root.join("units-in-province.rq")).args(["--bind", &format!("province_name={name}")]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(in_province("浙江").contains("浙江省,横店派出所,东阳市"), "{}", in_province("浙江"));
    assert_eq!(in_province("浙江省"), in_province("浙江"));
    assert_eq!(in_province("江苏").lines().count(), 1, "only the header");
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    for format in ["csv", "json", "table"] {
        let mut child = crate::zhkg()
            .args(["query", "--format", format, "--store"])
            .arg(f.store())
            .args(["-e", "SELECT * WHERE { ?s ?p ?o }"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // like `| head -1`, closed before zhkg writes
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && err.is_empty(), "{format}: {:?} {err}", out.status);
    }
}

#[test]
fn query_formats() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    let q = "SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n FILTER(STR(?n) = \"郑光明\") }";
    assert_eq!(f.query(q, "csv"), "n\r\n郑光明\r\n");
    assert_eq!(f.query(q, "tsv"), "?n\n\"郑光明\"@zh\n");
    let json: serde_json::Value = serde_json::from_str(&f.query(q, "json")).unwrap();
    assert_eq!(json["results"]["bindings"][0]["n"]["value"], "郑光明");
    assert!(f.query(q, "xml").contains("<literal xml:lang=\"zh\">郑光明</literal>"));
    let table = f.query(q, "table");
    assert!(table.starts_with("n\n──────\n郑光明\n"), "{table}");
    assert_eq!(f.query("ASK { ?p a foaf:Person }", "json").trim(), "{\"head\":{},\"boolean\":true}");
    let ttl = f.query("CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }", "csv");
    assert!(ttl.contains("foaf:name \"郑光明\"@zh"), "{ttl}");
}

#[test]
fn sparql_syntax_error_names_line_and_column_and_fails() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    let q = f.write("bad.rq", "SELECT ?x WHERE {\n  ?x nosuchprefix:name ?n\n}\n");
    f.zhkg()
        .args(["query", "--store"])
        .arg(f.store())
        .arg(&q)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.rq:2:").and(predicate::str::contains("SPARQL syntax error")).and(predicate::str::contains("?x nosuchprefix:name ?n")));
}

#[test]
fn missing_file_is_named_and_the_others_still_processed() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    let missing = f.path("missing.txt");
    f.extract(&[&missing, &a])
        .code(1)
        .stderr(predicate::str::contains("missing.txt").and(predicate::str::contains("1 document(s)")));
    assert!(f.query("SELECT ?n WHERE { ?p foaf:name ?n }", "csv").contains("郑光明"));
}

#[test]
fn export_is_deterministic_and_reparses_to_the_same_triples() {
    let f = Fixture::new();
    let a = f.write("docs/a.txt", ARTICLE);
    let b = f.write("docs/b.txt", "丽水市公安局局长叶文斌表示，将推进“智慧安防”工程。");
    f.extract(&[&a, &b]).success();
    let ttl1 = f.export("turtle");
    let ttl2 = f.export("turtle");
    assert_eq!(ttl1, ttl2);
    // re-parse: the Turtle holds exactly the merged triples of the store
    let parsed: std::collections::BTreeSet<String> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(&ttl1)
        .map(|q| oxigraph::model::Triple::from(q.unwrap()).to_string())
        .collect();
    let nt = String::from_utf8(f.export("ntriples")).unwrap();
    let direct: std::collections::BTreeSet<String> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
        .for_slice(nt.as_bytes())
        .map(|q| oxigraph::model::Triple::from(q.unwrap()).to_string())
        .collect();
    assert_eq!(parsed, direct);
    // N-Quads keep one graph per document (plus the vocabulary, the shared entities and the people
    // across documents)
    let nq = String::from_utf8(f.export("nquads")).unwrap();
    let graphs: std::collections::BTreeSet<&str> = nq.lines().filter_map(|l| l.rsplit(' ').nth(1)).collect();
    assert_eq!(graphs.len(), 5, "{graphs:?}");
    // a fresh store built from the same inputs in another order exports the same bytes
    let g = Fixture::new();
    g.write("docs/a.txt", ARTICLE);
    g.write("docs/b.txt", "丽水市公安局局长叶文斌表示，将推进“智慧安防”工程。");
    g.extract(&[&g.path("docs/b.txt"), &g.path("docs/a.txt")]).success();
    // documents keep their ids (file names), so the bytes are the same
    assert_eq!(g.export("nquads"), f.export("nquads"));
}

#[test]
fn folder_and_stdin_inputs() {
    let f = Fixture::new();
    f.write("corpus/x/one.txt", "衢州市公安局民警方建国值班。");
    f.write("corpus/two.html", "<html><head><title>标题</title></head><body><nav>导航</nav><p>丽水市公安局民警叶小舟巡逻。</p></body></html>");
    f.write("corpus/c.jsonl", "{\"id\":\"n1\",\"text\":\"温州市公安局民警陈大海值班。\"}\n");
    f.extract(&[&f.path("corpus")]).success().stderr(predicate::str::contains("3 document(s)"));
    f.zhkg().args(["extract", "--store"]).arg(f.store()).arg("-").write_stdin("台州市公安局民警金小山值班。").assert().success();
    let names = f.query("SELECT ?n WHERE { ?p foaf:name ?n } ORDER BY ?n", "csv");
    for n in ["方建国", "叶小舟", "陈大海", "金小山"] {
        assert!(names.contains(n), "{n} missing in {names}");
    }
    let ids = f.query("SELECT ?id WHERE { ?d a foaf:Document ; dcterms:identifier ?id } ORDER BY ?id", "csv");
    assert!(ids.contains("x/one.txt") && ids.contains("two.html") && ids.contains("n1") && ids.contains("stdin-"), "{ids}");
}

#[test]
fn stats_and_help() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    f.extract(&[&a]).success();
    f.zhkg().args(["stats", "--store"]).arg(f.store()).assert().success().stdout(predicate::str::contains("people").and(predicate::str::contains("a.txt")));
    for cmd in ["extract", "query", "export", "stats", "eval", "resolve", "remove", "show", "explain"] {
        f.zhkg().args([cmd, "--help"]).assert().success().stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn query_on_a_missing_store_says_so() {
    let f = Fixture::new();
    f.zhkg().args(["query", "--store"]).arg(f.path("nowhere")).args(["-e", "ASK {}"]).assert().code(2).stderr(predicate::str::contains("no store here"));
}

#[test]
fn a_second_writer_is_told_the_store_is_in_use() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    // the first process holds the store while it waits for standard input
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("zhkg"))
        .args(["extract", "--store"])
        .arg(f.store())
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until the first process has opened the store (created, and its schema recorded)
    for _ in 0..200 {
        let opened = zhkg::store::Store::open_read_only(&f.store()).ok().and_then(|s| s.schema_version().ok().flatten());
        if opened.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    f.extract(&[&a]).code(2).stderr(predicate::str::contains("store is in use by another process"));
    // readers are not locked out
    f.zhkg().args(["query", "--format", "csv", "--store"]).arg(f.store()).args(["-e", "ASK {}"]).assert().success();
    drop(first.stdin.take());
    first.wait().unwrap();
    f.extract(&[&a]).success();
}

#[test]
fn gbk_file_and_bad_inputs_in_one_batch() {
    let f = Fixture::new();
    let (gbk, _, _) = encoding_rs::GBK.encode("嘉兴市公安局民警沈家明在社区巡逻。");
    let g = f.path("gbk.txt");
    std::fs::write(&g, &gbk).unwrap();
    let bin = f.path("blob.txt");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let empty = f.write("empty.txt", "   \n");
    f.extract(&[&bin, &g, &empty])
        .code(1)
        .stderr(predicate::str::contains("blob.txt").and(predicate::str::contains("binary")).and(predicate::str::contains("empty.txt")).and(predicate::str::contains("1 document(s)")));
    assert!(f.query("SELECT ?n WHERE { ?p foaf:name ?n }", "csv").contains("沈家明"));
}

#[test]
fn eval_scores_people_as_the_shipped_people_query_lists_them() {
    // a gold set of one article: people.rq lists resolved people, so eval must resolve as extract does
    let f = Fixture::new();
    let set = f.dir.path().join("set");
    std::fs::create_dir_all(set.join("docs")).unwrap();
    std::fs::create_dir_all(set.join("gold")).unwrap();
    std::fs::write(set.join("docs").join("a.txt"), ARTICLE).unwrap();
    let gold = serde_json::json!({
        "doc": "a.txt",
        "entities": {},
        "people": { "must": ["郑光明", "俞晓峰", "楼建新"], "optional": [] },
        "units": { "must": [], "optional": [] },
        "hierarchy": { "must": [], "optional": [] },
        "posts": { "must": [], "optional": [] },
        "awards": { "must": [], "optional": [] },
        "initiatives": { "must": [], "optional": [] },
    });
    std::fs::write(set.join("gold").join("a.json"), gold.to_string()).unwrap();
    let out = f.zhkg().args(["eval", "--gold"]).arg(&set).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let people: Vec<&str> = table.lines().find(|l| l.starts_with("people")).unwrap_or_else(|| panic!("{table}")).split_whitespace().collect();
    // category, tp, fp, fn …
    assert_eq!(&people[1..4], ["3", "0", "0"], "{table}");
}

/// The export of a store, its lines sorted (the graph of people across documents left out: its
/// entity IRIs are named after the earliest mention, which removing a document may change).
fn export_lines(f: &Fixture) -> Vec<String> {
    let text = String::from_utf8(f.export("nquads")).unwrap();
    let mut lines: Vec<String> = text.lines().filter(|l| !l.ends_with("<https://w3id.org/zhkg/graph/resolution> .")).map(str::to_string).collect();
    lines.sort();
    lines
}

#[test]
fn optimize_compacts_the_files_and_keeps_what_the_store_holds() {
    let f = Fixture::new();
    let a = f.write("a.txt", ARTICLE);
    let b = f.write("b.txt", "东阳市公安局横店派出所民警王小明获评全省优秀人民警察。");
    f.extract(&[&a, &b]).success();
    let before = export_lines(&f);
    let out = f.zhkg().args(["optimize", "--store"]).arg(f.store()).assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("compacted"));
    assert_eq!(export_lines(&f), before);
    // and the store is still one zhkg writes to: another document, then its removal
    let c = f.write("c.txt", "金华市公安局交警支队开展“平安出行”行动。");
    f.extract(&[&c]).success();
    f.zhkg().args(["remove", "--store"]).arg(f.store()).arg("c.txt").assert().success();
    assert_eq!(export_lines(&f), before);
}

#[test]
fn removing_or_replacing_a_document_leaves_the_store_built_without_it() {
    // three articles that share units (金华市公安局, 东阳市公安局, places) and a unit's post
    let texts = [
        ARTICLE.to_string(),
        "东阳市公安局横店派出所民警王小明获评全省优秀人民警察。金华市公安局局长郑光明到东阳市公安局调研。".to_string(),
        "金华市公安局交警支队开展“平安出行”行动。东阳市公安局党委书记、局长李大为出席。".to_string(),
    ];
    let all = Fixture::new();
    let paths: Vec<PathBuf> = texts.iter().enumerate().map(|(i, t)| all.write(&format!("{i}.txt"), t)).collect();
    all.extract(&paths.iter().map(PathBuf::as_path).collect::<Vec<_>>()).success();
    let shared = |f: &Fixture| f.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zhkg/graph/shared> { ?s ?p ?o } }", "csv");
    assert_ne!(shared(&all).lines().nth(1), Some("0"), "the articles share entities");

    // removed: as if never extracted
    all.zhkg().args(["remove", "--store"]).arg(all.store()).arg("1.txt").assert().success();
    let without = Fixture::new();
    let rest: Vec<PathBuf> = [0, 2].iter().map(|&i| without.write(&format!("{i}.txt"), &texts[i])).collect();
    without.extract(&rest.iter().map(PathBuf::as_path).collect::<Vec<_>>()).success();
    assert_eq!(export_lines(&all), export_lines(&without));

    // replaced by a version that shares less: as if extracted so from the start
    let changed = "东阳市公安局民警王小明值班。";
    all.write("0.txt", changed);
    all.extract(&[&paths[0]]).success();
    let fresh = Fixture::new();
    let now: Vec<PathBuf> = vec![fresh.write("0.txt", changed), fresh.write("2.txt", &texts[2])];
    fresh.extract(&now.iter().map(PathBuf::as_path).collect::<Vec<_>>()).success();
    assert_eq!(export_lines(&all), export_lines(&fresh));

    // and the last document out takes the shared graph with it
    all.zhkg().args(["remove", "--store"]).arg(all.store()).args(["0.txt", "2.txt"]).assert().success();
    assert_eq!(shared(&all).replace("\r\n", "\n").trim(), "n\n0");
}

/// A 公示 page listing people in a table and the same notice written as sentences.
const NOTICE_TABLE: &str = "<html><head><title>某县委组织部干部任前公示</title></head><body><div class=\"content\">
<p>根据有关规定，经县委常委会研究，拟对甘文博等2名同志任职，现予以公示。</p>
<table><tr><th>姓名</th><th>性别</th><th>民族</th><th>出生年月</th><th>籍贯</th><th>学历</th><th>现任职务</th><th>拟任职务</th></tr>
<tr><td>甘文博</td><td>男</td><td>汉族</td><td>1979.11</td><td>江西万安</td><td>研究生</td><td>万安县公安局副局长</td><td>万安县公安局局长</td></tr>
<tr><td>乔振宇</td><td>女</td><td>回族</td><td>1984.02</td><td>江西吉安</td><td>大学</td><td>万安县司法局副局长</td><td>万安县民政局局长</td></tr>
</table><p>中共万安县委组织部</p><p>2025年4月18日</p></div></body></html>";
const NOTICE_TEXT: &str = "某县委组织部干部任前公示
根据有关规定，经县委常委会研究，拟对甘文博等2名同志任职，现予以公示。
甘文博，男，汉族，1979年11月生，江西万安人，研究生学历。现任万安县公安局副局长，拟任万安县公安局局长。
乔振宇，女，回族，1984年2月生，江西吉安人，大学学历。现任万安县司法局副局长，拟任万安县民政局局长。
中共万安县委组织部
2025年4月18日";

#[test]
fn a_notice_table_gives_the_facts_of_its_text_form() {
    let answers = |name: &str, text: &str| -> Vec<String> {
        let f = Fixture::new();
        let p = f.write(name, text);
        f.extract(&[&p]).success();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut out = Vec::new();
        for (file, cols) in [("biography.rq", 3usize), ("posts.rq", 4), ("proposed.rq", 4), ("careers.rq", 0)] {
            let csv = f.query(&std::fs::read_to_string(root.join(file)).unwrap(), "csv");
            for line in csv.replace("\r\n", "\n").lines() {
                // the columns both forms state alike (education is 研究生 in the table, 研究生学历 in text)
                let fields: Vec<&str> = line.split(',').collect();
                let kept: Vec<&str> = match file {
                    "biography.rq" => fields.iter().take(5).copied().collect(),
                    "careers.rq" => [0usize, 3, 4, 5, 7, 8].iter().filter_map(|&i| fields.get(i).copied()).collect(),
                    _ => fields.iter().take(cols).copied().collect(),
                };
                out.push(format!("{file}: {}", kept.join(",")));
            }
        }
        out
    };
    let table = answers("notice.html", NOTICE_TABLE);
    let text = answers("notice.txt", NOTICE_TEXT);
    assert_eq!(table, text);
    // the contract's columns (biography.rq's first five, careers.rq's start and end)
    assert_eq!(text[0], "biography.rq: person,gender,ethnicity,birth,native_place");
    assert!(text.contains(&"careers.rq: person,post,unit,former,start,end".to_string()), "{text:?}");
    // and they are the facts the notice states
    assert!(text.contains(&"biography.rq: 甘文博,男,汉族,1979-11,江西万安".to_string()), "{text:?}");
    assert!(text.contains(&"proposed.rq: 乔振宇,局长,万安县民政局,2025-04-18".to_string()), "{text:?}");
    assert!(text.contains(&"posts.rq: 甘文博,副局长,万安县公安局,2025-04-18".to_string()), "{text:?}");
    assert!(!text.iter().any(|l| l.starts_with("posts.rq: 甘文博,局长")), "a proposed post is not held: {text:?}");
}

#[test]
fn a_corpus_on_standard_input_gives_the_quads_of_the_same_file() {
    let f = Fixture::new();
    let corpus = "{\"id\": \"a-1\", \"date\": \"2025-03-01\", \"text\": \"某县公安局城关派出所所长甘文博介绍了情况。\"}\n\
                  {\"id\": \"a-2\", \"text\": \n\
                  {\"id\": \"a-3\", \"text\": \"吉安市公安局副局长乔振宇出席会议。\"}\n";
    let p = f.write("corpus.jsonl", corpus);
    let from_file = f.zhkg().args(["extract", "--emit", "nquads", "-j", "1"]).arg(&p).output().unwrap();
    let from_stdin = f
        .zhkg()
        .args(["extract", "--emit", "nquads", "-j", "1", "--stdin-format", "jsonl", "-"])
        .write_stdin(corpus)
        .output()
        .unwrap();
    // the broken record is skipped and named by its line, the others give the file's quads
    assert_eq!(from_stdin.status.code(), Some(1));
    let err = String::from_utf8_lossy(&from_stdin.stderr);
    assert!(err.contains("skipped -:2: invalid JSON"), "{err}");
    assert!(!from_stdin.stdout.is_empty());
    assert_eq!(from_stdin.stdout, from_file.stdout);
    // without the flag standard input is one document, as before
    let one = f.zhkg().args(["extract", "--emit", "nquads", "-"]).write_stdin("甘文博，某县公安局民警。").output().unwrap();
    assert_eq!(one.status.code(), Some(0), "{}", String::from_utf8_lossy(&one.stderr));
}
