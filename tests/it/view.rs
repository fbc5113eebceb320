//! `zhkg graph`: the picture of a store written for the test, as DOT and SVG, around a focus, and
//! its errors.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::zhkg;

/// A county bureau with two stations, a deputy head, a station head and a former one, an
/// initiative and an award (names invented for the test).
const ARTICLE: &str = "# title: 青禾县公安局表彰基层民警\n# date: 2024-03-12\n3月12日，青禾县公安局召开表彰大会。青禾县公安局党委委员、副局长符佳宁出席会议并讲话。\n会上，青禾县公安局石桥派出所所长邝明远介绍，该所推出“枫林夜巡”平台，守护群众平安。\n青禾县公安局柳湾派出所民警聂晓岚荣获全国公安系统二级英模称号。\n石桥派出所原所长戴国栋同志也参加了会议。\n";

/// A temporary folder holding a store with [`ARTICLE`] extracted into it.
struct Extracted {
    dir: tempfile::TempDir,
}

impl Extracted {
    fn new() -> Extracted {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("bureau.txt");
        std::fs::write(&article, ARTICLE).unwrap();
        let out = zhkg().arg("extract").arg("--store").arg(dir.path().join("store")).arg(&article).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Extracted { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn graph(&self, args: &[&str]) -> Output {
        zhkg().arg("graph").arg("--store").arg(self.path("store")).args(args).output().unwrap()
    }
    fn dot(&self, args: &[&str]) -> String {
        let out = self.graph(args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
}

/// The DOT id of the node labelled `label` (its line is `"id" [label=<<B>label</B>…`).
fn id_of<'a>(dot: &'a str, label: &str) -> &'a str {
    let line = dot.lines().find(|l| l.contains(&format!("[label=<<B>{label}</B>"))).unwrap_or_else(|| panic!("no node {label} in\n{dot}"));
    line.trim().split('"').nth(1).unwrap()
}

/// The attributes of the edge drawn from `from` to `to` (by labels), if there is one.
fn edge<'a>(dot: &'a str, from: &str, to: &str) -> Option<&'a str> {
    let head = format!("\"{}\" -> \"{}\" [", id_of(dot, from), id_of(dot, to));
    dot.lines().find(|l| l.trim_start().starts_with(&head))
}

#[test]
fn graph_draws_the_hierarchy_people_awards_and_initiatives_as_dot() {
    let x = Extracted::new();
    let dot = x.dot(&["--format", "dot"]);
    assert!(dot.starts_with("digraph zhkg {") && dot.trim_end().ends_with('}'), "{dot}");
    for label in ["青禾县公安局", "石桥派出所", "柳湾派出所", "符佳宁", "邝明远", "聂晓岚", "戴国栋", "枫林夜巡", "全国公安系统二级英模"] {
        id_of(&dot, label);
    }
    // the hierarchy as a tree: parent → child
    assert!(edge(&dot, "青禾县公安局", "石桥派出所").is_some(), "{dot}");
    assert!(edge(&dot, "青禾县公安局", "柳湾派出所").is_some(), "{dot}");
    assert!(edge(&dot, "石桥派出所", "青禾县公安局").is_none());
    // posts, with their titles; a former post dashed
    assert!(edge(&dot, "青禾县公安局", "符佳宁").unwrap().contains("label=\"党委委员、副局长\""));
    assert!(edge(&dot, "石桥派出所", "邝明远").unwrap().contains("label=\"所长\""));
    let former = edge(&dot, "石桥派出所", "戴国栋").unwrap();
    assert!(former.contains("label=\"原所长\"") && former.contains("style=dashed"), "{former}");
    // the initiative its station runs, the award its officer received
    assert!(edge(&dot, "石桥派出所", "枫林夜巡").is_some());
    assert!(edge(&dot, "聂晓岚", "全国公安系统二级英模").is_some());
    // Chinese-capable fonts and a legend
    assert!(dot.contains("WenQuanYi Zen Hei") && dot.contains("单位 3") && dot.contains("人物 4"), "{dot}");
}

#[test]
fn graph_gives_the_same_bytes_every_time_and_writes_files_whole() {
    let x = Extracted::new();
    let first = x.dot(&[]);
    assert_eq!(first, x.dot(&[]));
    let file = x.path("picture.dot");
    assert!(x.graph(&["-o", file.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), first);
    // no temporary file left beside it
    let names: Vec<String> = std::fs::read_dir(x.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("zhkg-tmp")), "{names:?}");
}

#[test]
fn graph_focus_draws_the_neighbourhood_and_the_units_above_it() {
    let x = Extracted::new();
    let dot = x.dot(&["--focus", "邝明远", "--depth", "1"]);
    // his station, and the bureau above it (always, to make the tree), outlined focus
    assert!(edge(&dot, "青禾县公安局", "石桥派出所").is_some(), "{dot}");
    assert!(edge(&dot, "石桥派出所", "邝明远").is_some(), "{dot}");
    assert!(dot.lines().any(|l| l.contains("<B>邝明远</B>") && l.contains("penwidth=3")), "{dot}");
    assert!(dot.contains("焦点：邝明远"));
    // not the other station's people, nor what lies two links away
    for absent in ["柳湾派出所", "聂晓岚", "枫林夜巡", "戴国栋", "符佳宁"] {
        assert!(!dot.contains(&format!("<B>{absent}</B>")), "{absent} in\n{dot}");
    }
    // two links (the default): the station's former head and its initiative; the bureau's
    // deputy and the other station are three away
    let two = x.dot(&["--focus", "邝明远"]);
    for present in ["戴国栋", "枫林夜巡"] {
        assert!(two.contains(&format!("<B>{present}</B>")), "{present} missing from\n{two}");
    }
    for absent in ["符佳宁", "柳湾派出所"] {
        assert!(!two.contains(&format!("<B>{absent}</B>")), "{absent} in\n{two}");
    }
    assert!(x.dot(&["--focus", "邝明远", "--depth", "3"]).contains("<B>符佳宁</B>"));
}

#[test]
fn graph_focus_on_an_unknown_name_fails_and_lists_names_like_it() {
    let x = Extracted::new();
    let out = x.graph(&["--focus", "石桥"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no person, unit, initiative or award is named \"石桥\"") && err.contains("\"石桥派出所\""), "{err}");
    let out = x.graph(&["--focus", "查无此人"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("without --focus"));
}

/// Whether Graphviz's `dot` runs here. Without it the test is skipped with a note — unless `CI`
/// is set: CI installs Graphviz, so there its absence fails the test.
fn graphviz_or_skip(test: &str) -> bool {
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{test}: Graphviz's dot is not installed, and CI is set (CI installs graphviz)");
    eprintln!("note: {test} skipped: Graphviz's dot is not installed (apt install graphviz)");
    false
}

#[test]
fn graph_svg_is_an_svg_document_with_the_chinese_labels() {
    if !graphviz_or_skip("graph_svg_is_an_svg_document_with_the_chinese_labels") {
        return;
    }
    let x = Extracted::new();
    let out = x.graph(&["--format", "svg"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let svg = String::from_utf8(out.stdout).unwrap();
    let start = svg.find("<svg").expect("an <svg> element");
    assert!(svg[..start].trim_start().starts_with("<?xml"), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    for label in ["青禾县公安局", "石桥派出所", "邝明远", "原所长", "全国公安系统二级英模", "枫林夜巡"] {
        assert!(svg.contains(&format!(">{label}</text>")), "{label} missing from the SVG");
    }
    // -o FILE.svg means SVG without --format
    let file = x.path("picture.svg");
    assert!(x.graph(&["--focus", "聂晓岚", "-o", file.to_str().unwrap()]).status.success());
    let svg = std::fs::read_to_string(&file).unwrap();
    assert!(svg.contains("<svg") && svg.contains(">聂晓岚</text>") && svg.contains(">柳湾派出所</text>"));
}

#[test]
fn graph_svg_without_graphviz_says_how_to_get_it() {
    let x = Extracted::new();
    let empty = x.path("no-programs");
    std::fs::create_dir(&empty).unwrap();
    let target = x.path("picture.svg");
    let out = zhkg()
        .env("PATH", &empty)
        .arg("graph")
        .arg("--store")
        .arg(x.path("store"))
        .args(["--format", "svg", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt install graphviz") && err.contains("--format dot"), "{err}");
    assert!(!Path::new(&target).exists(), "no file for a failed picture");
}

#[test]
fn odd_names_survive_graphviz() {
    use zhkg::view::{render_svg, to_dot, Edge, EdgeKind, Node, NodeKind, Picture};
    if !graphviz_or_skip("odd_names_survive_graphviz") {
        return;
    }
    // (Graphviz would put the node's name for an unescaped \N)
    let node = |id: &str, kind, label: &str| Node { id: id.into(), kind, label: label.into(), sublabel: None };
    let p = Picture {
        nodes: vec![node("u", NodeKind::Unit, "<局>&\"\\N"), node("p", NodeKind::Person, "甲")],
        edges: vec![Edge { from: "p".into(), to: "u".into(), kind: EdgeKind::HoldsPostIn, label: Some("局长\"\\N\n副".into()), former: false }],
        focus: Vec::new(),
        caption: Some("焦点：<甲> & \"乙\"".into()),
    };
    let svg = String::from_utf8(render_svg(&to_dot(&p)).unwrap().bytes).unwrap();
    assert!(svg.contains(">&lt;局&gt;&amp;&quot;\\N</text>"), "{svg}");
    assert!(svg.contains(">局长&quot;\\N</text>"), "{svg}");
    assert!(svg.contains("焦点：&lt;甲&gt; &amp; &quot;乙&quot;"), "{svg}");
}
