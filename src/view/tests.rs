use super::dot::{html, quote};
use super::*;
use crate::graph::graph_iri;
use crate::ingest::Document;
use crate::lexicon::Lexicon;
use crate::pipeline;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

/// Articles written for these tests: a county bureau with two stations, and the same deputy in a
/// second article.
const BUREAU: &str = "青禾县公安局党委委员、副局长符佳宁出席会议。\n青禾县公安局石桥派出所所长邝明远介绍，该所推出“枫林夜巡”平台。\n青禾县公安局柳湾派出所民警聂晓岚荣获全国公安系统二级英模称号。\n石桥派出所原所长戴国栋同志也参加了会议。\n";
const SECOND: &str = "青禾县公安局副局长符佳宁到柳湾派出所调研。\n";

fn store(docs: &[(&str, &str)]) -> Store {
    let lex = Lexicon::builtin();
    let store = Store::in_memory().unwrap();
    for (id, text) in docs {
        let doc = Document::from_text(*id, None, text, &lex);
        store.replace_graph(&graph_iri(&doc.id), &pipeline::process(&doc, &lex).1).unwrap();
    }
    store
}

fn labels(p: &Picture, kind: NodeKind) -> Vec<&str> {
    p.nodes.iter().filter(|n| n.kind == kind).map(|n| n.label.as_str()).collect()
}

fn id_of<'a>(p: &'a Picture, label: &str) -> &'a str {
    &p.nodes.iter().find(|n| n.label == label).unwrap_or_else(|| panic!("no node {label}: {p:#?}")).id
}

fn has_edge<'a>(p: &'a Picture, from: &str, to: &str, kind: EdgeKind) -> Option<&'a Edge> {
    let (f, t) = (id_of(p, from), id_of(p, to));
    p.edges.iter().find(|e| e.from == f && e.to == t && e.kind == kind)
}

#[test]
fn the_whole_store_gives_units_people_awards_initiatives_and_their_lines() {
    let p = collect(&store(&[("a.txt", BUREAU)]), None, 2).unwrap();
    assert_eq!(labels(&p, NodeKind::Unit), ["柳湾派出所", "石桥派出所", "青禾县公安局"]);
    assert_eq!(labels(&p, NodeKind::Person), ["戴国栋", "符佳宁", "聂晓岚", "邝明远"]);
    assert_eq!(labels(&p, NodeKind::Initiative), ["枫林夜巡"]);
    assert_eq!(labels(&p, NodeKind::Award), ["全国公安系统二级英模"]);
    assert!(has_edge(&p, "石桥派出所", "青禾县公安局", EdgeKind::SubUnitOf).is_some());
    assert!(has_edge(&p, "柳湾派出所", "青禾县公安局", EdgeKind::SubUnitOf).is_some());
    assert!(has_edge(&p, "石桥派出所", "枫林夜巡", EdgeKind::Runs).is_some());
    assert!(has_edge(&p, "聂晓岚", "全国公安系统二级英模", EdgeKind::Received).is_some());
    // two posts in one unit are one line
    let deputy = has_edge(&p, "符佳宁", "青禾县公安局", EdgeKind::HoldsPostIn).unwrap();
    assert_eq!(deputy.label.as_deref(), Some("党委委员、副局长"));
    assert!(!deputy.former);
    let former = has_edge(&p, "戴国栋", "石桥派出所", EdgeKind::HoldsPostIn).unwrap();
    assert_eq!((former.label.as_deref(), former.former), (Some("原所长"), true));
    assert!(p.focus.is_empty());
}

#[test]
fn the_same_store_gives_the_same_dot_bytes_whatever_order_documents_came_in() {
    let a = store(&[("a.txt", BUREAU), ("b.txt", SECOND)]);
    let b = store(&[("b.txt", SECOND), ("a.txt", BUREAU)]);
    let da = to_dot(&collect(&a, None, 2).unwrap());
    assert_eq!(da, to_dot(&collect(&a, None, 2).unwrap()));
    assert_eq!(da, to_dot(&collect(&b, None, 2).unwrap()));
    let fa = to_dot(&collect(&a, Some("柳湾派出所"), 1).unwrap());
    assert_eq!(fa, to_dot(&collect(&b, Some("柳湾派出所"), 1).unwrap()));
}

/// A hand-made picture: 市局 ← 县局 ← 所 — 甲 → 奖 ← 乙 — 县局's sibling 邻县局, and 丙 in 邻县局.
fn chain() -> Picture {
    let n = |id: &str, kind| Node { id: id.into(), kind, label: id.into(), sublabel: None };
    let e = |from: &str, to: &str, kind| Edge { from: from.into(), to: to.into(), kind, label: None, former: false };
    Picture {
        nodes: vec![
            n("市局", NodeKind::Unit),
            n("县局", NodeKind::Unit),
            n("邻县局", NodeKind::Unit),
            n("所", NodeKind::Unit),
            n("甲", NodeKind::Person),
            n("乙", NodeKind::Person),
            n("丙", NodeKind::Person),
            n("奖", NodeKind::Award),
        ],
        edges: vec![
            e("县局", "市局", EdgeKind::SubUnitOf),
            e("邻县局", "市局", EdgeKind::SubUnitOf),
            e("所", "县局", EdgeKind::SubUnitOf),
            e("甲", "所", EdgeKind::HoldsPostIn),
            e("丙", "邻县局", EdgeKind::HoldsPostIn),
            e("甲", "奖", EdgeKind::Received),
            e("乙", "奖", EdgeKind::Received),
        ],
        focus: Vec::new(),
        caption: None,
    }
}

fn ids(p: &Picture) -> Vec<&str> {
    let mut v: Vec<&str> = p.nodes.iter().map(|n| n.id.as_str()).collect();
    v.sort();
    v
}

#[test]
fn depth_limits_how_far_from_the_focus_nodes_appear_and_ancestors_always_do() {
    let whole = chain();
    // depth 0: the person alone (a person has no ancestors; her unit is a step away)
    assert_eq!(ids(&neighbourhood(&whole, &["甲"], 0)), ["甲"]);
    // depth 1: her unit and award, and the unit's parents up to the top, but not the sibling
    let one = neighbourhood(&whole, &["甲"], 1);
    assert_eq!(ids(&one), ["县局", "奖", "市局", "所", "甲"]);
    assert!(one.edges.iter().any(|e| e.from == "县局" && e.to == "市局"), "the ancestors' own edges are drawn");
    assert_eq!(one.focus, ["甲"]);
    // depth 2: the other recipient of the award
    assert_eq!(ids(&neighbourhood(&whole, &["甲"], 2)), ["乙", "县局", "奖", "市局", "所", "甲"]);
    // a unit at depth 0 still hangs from its whole chain
    assert_eq!(ids(&neighbourhood(&whole, &["所"], 0)), ["县局", "市局", "所"]);
    // going up counts as a step too: the parent's other child is two steps from 县局
    assert!(ids(&neighbourhood(&whole, &["县局"], 2)).contains(&"邻县局"));
    assert!(!ids(&neighbourhood(&whole, &["县局"], 1)).contains(&"邻县局"));
}

#[test]
fn focus_matches_names_and_aliases_in_the_store() {
    let s = store(&[("a.txt", BUREAU)]);
    let p = collect(&s, Some("邝明远"), 1).unwrap();
    assert_eq!(p.focus, [id_of(&p, "邝明远").to_string()]);
    assert_eq!(labels(&p, NodeKind::Unit), ["石桥派出所", "青禾县公安局"], "the unit and its ancestor");
    assert!(labels(&p, NodeKind::Person) == ["邝明远"]);
    assert!(p.caption.as_deref().unwrap().contains("邝明远"));
    // an award and an initiative are foci too
    assert!(collect(&s, Some("枫林夜巡"), 1).unwrap().nodes.iter().any(|n| n.label == "石桥派出所"));
    let award = collect(&s, Some("全国公安系统二级英模"), 1).unwrap();
    assert_eq!(labels(&award, NodeKind::Person), ["聂晓岚"]);
    // (leading and trailing spaces are not part of a name)
    assert!(collect(&s, Some(" 邝明远 "), 0).is_ok());
}

#[test]
fn an_unknown_focus_is_an_error_listing_names_like_it() {
    let s = store(&[("a.txt", BUREAU)]);
    let e = collect(&s, Some("石桥"), 1).unwrap_err();
    let ViewError::NoMatch { name, close } = &e else { panic!("{e}") };
    assert_eq!(name, "石桥");
    assert_eq!(close, &["石桥派出所"]);
    assert!(e.to_string().contains("\"石桥派出所\""), "{e}");
    // no containment: names sharing most characters
    assert_eq!(close_names("柳湾所", ["柳湾派出所", "石桥派出所", "聂晓岚"].into_iter()), ["柳湾派出所"]);
    let none = collect(&s, Some("查无此人"), 1).unwrap_err();
    assert!(none.to_string().contains("without --focus"), "{none}");
}

#[test]
fn people_resolved_across_documents_are_one_node_and_others_one_per_document() {
    let s = store(&[("a.txt", BUREAU), ("b.txt", SECOND)]);
    // before resolution: one 符佳宁 per document, told apart by the document
    let p = collect(&s, None, 2).unwrap();
    let deputies: Vec<&Node> = p.nodes.iter().filter(|n| n.label == "符佳宁").collect();
    assert_eq!(deputies.len(), 2);
    let mut subs: Vec<&str> = deputies.iter().map(|n| n.sublabel.as_deref().unwrap_or("")).collect();
    subs.sort();
    assert_eq!(subs, ["a.txt", "b.txt"]);
    assert_eq!(collect(&s, Some("符佳宁"), 0).unwrap().focus.len(), 2);

    // resolution links both to one entity, in its own graph
    let (_, rows) = crate::query::select_rows(&s, "SELECT ?p WHERE { ?p foaf:name \"符佳宁\"@zh }").unwrap();
    assert_eq!(rows.len(), 2);
    let kg = |l: &str| NamedNode::new_unchecked(format!("https://w3id.org/zhkg/ns#{l}"));
    let g = GraphName::NamedNode(NamedNode::new_unchecked("https://w3id.org/zhkg/graph/resolution"));
    let entity = NamedNode::new_unchecked("https://w3id.org/zhkg/id/entity/fu-jianing");
    for r in &rows {
        s.inner().insert(&Quad::new(NamedNode::new_unchecked(&r[0]), kg("resolvesTo"), entity.clone(), g.clone())).unwrap();
    }
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    s.inner().insert(&Quad::new(entity.clone(), rdf_type, kg("ResolvedPerson"), g.clone())).unwrap();
    let name = NamedNode::new_unchecked("http://xmlns.com/foaf/0.1/name");
    s.inner().insert(&Quad::new(entity.clone(), name, Literal::new_language_tagged_literal_unchecked("符佳宁", "zh"), g)).unwrap();

    let p = collect(&s, None, 2).unwrap();
    let deputies: Vec<&Node> = p.nodes.iter().filter(|n| n.label == "符佳宁").collect();
    assert_eq!(deputies.len(), 1);
    assert_eq!(deputies[0].id, entity.as_str());
    assert_eq!(deputies[0].sublabel, None, "one node needs no document to tell it apart");
    assert!(has_edge(&p, "符佳宁", "青禾县公安局", EdgeKind::HoldsPostIn).is_some());
    // the focus finds the entity by its people's names
    assert_eq!(collect(&s, Some("符佳宁"), 0).unwrap().focus, [entity.as_str().to_string()]);
}

#[test]
fn posts_without_a_unit_are_a_second_line_under_the_name() {
    let s = store(&[("a.txt", "据项目警官邝明远介绍，今年辖区警情下降。\n")]);
    let p = collect(&s, None, 2).unwrap();
    let n = p.nodes.iter().find(|n| n.label == "邝明远").unwrap();
    assert_eq!(n.sublabel.as_deref(), Some("项目警官"), "{p:#?}");
}

#[test]
fn dot_strings_escape_quotes_backslashes_and_line_breaks() {
    assert_eq!(quote("a\"b\\c\nd\r"), "\"a\\\"b\\\\c\\nd\"");
    assert_eq!(quote("青禾\\N"), "\"青禾\\\\N\"", "Graphviz's \\N must not be read as the node name");
    assert_eq!(html("<B>&\"'\n\\N"), "&lt;B&gt;&amp;&quot;&#39;<BR/>\\\\N");
}

#[test]
fn odd_names_reach_the_dot_text_escaped() {
    let mut p = chain();
    p.nodes[0].label = "<局> & \"x\"\\".into();
    p.edges[3].label = Some("局长\"\\\n副".into());
    let dot = to_dot(&p);
    assert!(dot.contains("<B>&lt;局&gt; &amp; &quot;x&quot;\\\\</B>"), "{dot}");
    assert!(dot.contains("label=\"局长\\\"\\\\\\n副\""), "{dot}");
    // every line of the body is one statement: no raw line break slipped into a string
    for line in dot.lines().skip(1) {
        assert!(line == "}" || line.ends_with(';') || line.ends_with('{'), "{line}");
    }
}

#[test]
fn dot_draws_the_hierarchy_parent_to_child_and_former_posts_dashed() {
    let mut p = collect(&store(&[("a.txt", BUREAU)]), None, 2).unwrap();
    let parent = id_of(&p, "青禾县公安局").trim_start_matches("https://w3id.org/zhkg/id/").to_string();
    let child = id_of(&p, "石桥派出所").trim_start_matches("https://w3id.org/zhkg/id/").to_string();
    let dot = to_dot(&p);
    assert!(dot.contains(&format!("\"{parent}\" -> \"{child}\"")), "{dot}");
    assert!(!dot.contains(&format!("\"{child}\" -> \"{parent}\"")));
    let dashed = dot.lines().find(|l| l.contains("原所长")).unwrap();
    assert!(dashed.contains("style=dashed"), "{dashed}");
    assert!(dot.contains("rankdir=LR") && dot.contains("WenQuanYi Zen Hei"));
    // a focus is outlined
    p.focus = vec![id_of(&p, "邝明远").to_string()];
    assert!(to_dot(&p).lines().any(|l| l.contains("邝明远") && l.contains("penwidth=3")));
}

#[test]
fn unlinked_nodes_go_into_a_box_of_their_own() {
    let mut p = chain();
    assert!(!to_dot(&p).contains("cluster_unlinked"));
    for name in ["丁", "戊", "己"] {
        p.nodes.push(Node { id: name.into(), kind: NodeKind::Person, label: name.into(), sublabel: None });
    }
    let dot = to_dot(&p);
    let cluster = dot.split("subgraph cluster_unlinked").nth(1).expect("a box for unlinked nodes");
    let cluster = cluster.split("\n  }").next().unwrap();
    for name in ["丁", "戊", "己"] {
        assert!(cluster.contains(&format!("\"{name}\" [")), "{cluster}");
    }
    assert!(!cluster.contains("\"甲\" ["));
}

#[test]
fn long_names_wrap_evenly() {
    let dot = to_dot(&Picture {
        nodes: vec![Node { id: "i".into(), kind: NodeKind::Initiative, label: "绿水青山就是金山银山守护集成应用".into(), sublabel: None }],
        ..Picture::default()
    });
    assert!(dot.contains("绿水青山就是金山<BR/>银山守护集成应用"), "{dot}");
}

