use super::*;
use crate::extract::extract;

fn quads(text: &str) -> Vec<Quad> {
    let lex = Lexicon::builtin();
    let doc = Document::from_text("doc-1.txt", None, text, &lex);
    let x = extract(&doc, &lex);
    document_quads(&doc, &x, &lex)
}

#[test]
fn same_input_gives_the_same_quads() {
    let a = quads("余杭区公安局良渚派出所所长任志刚介绍，该所推出“良渚守护”平台。");
    let b = quads("余杭区公安局良渚派出所所长任志刚介绍，该所推出“良渚守护”平台。");
    assert_eq!(a, b);
    assert!(!a.is_empty());
}

#[test]
fn what_the_document_says_is_in_its_graph_what_is_true_of_shared_entities_in_the_shared_graph() {
    let q = quads("余杭区公安局民警任志刚值班。");
    let graph = |name: &str| GraphName::NamedNode(NamedNode::new_unchecked(name));
    let (own, shared, store) = (GraphName::NamedNode(graph_iri("doc-1.txt")), graph(vocab::SHARED_GRAPH), graph(vocab::STORE_GRAPH));
    assert!(q.iter().all(|q| [&own, &shared, &store].contains(&&q.graph_name)));
    let in_graph = |g: &GraphName, s: &str, p: &str| q.iter().any(|q| &q.graph_name == g && q.subject.to_string().contains(s) && q.predicate.as_str() == iri(p));
    // the person and the mentions are the document's; the unit's name, type and place are shared,
    // that the document mentions the unit is the document's
    assert!(in_graph(&own, "/person/", "foaf:name"));
    assert!(in_graph(&own, "#char=", "nif:anchorOf"));
    assert!(in_graph(&shared, "/unit/", "skos:prefLabel") && !in_graph(&own, "/unit/", "skos:prefLabel"));
    assert!(in_graph(&shared, "/place/", "schema:name") && !in_graph(&own, "/place/", "schema:name"));
    assert!(in_graph(&own, "/unit/", "kg:mentionedIn") && !in_graph(&shared, "/unit/", "kg:mentionedIn"));
    // one record in the store graph per shared triple, naming it
    let shared_n = q.iter().filter(|q| q.graph_name == shared).count();
    let records: Vec<&Quad> = q.iter().filter(|q| q.graph_name == store).collect();
    assert_eq!(records.len(), shared_n);
    assert!(records.iter().all(|r| r.predicate.as_str() == iri("kg:contributes") && r.subject.to_string() == format!("<{}>", graph_iri("doc-1.txt").as_str())));
}

#[test]
fn global_units_share_iris_across_documents_people_do_not() {
    let lex = Lexicon::builtin();
    let d1 = Document::from_text("a", None, "余杭区公安局民警任志刚值班。", &lex);
    let d2 = Document::from_text("b", None, "余杭区公安局民警任志刚值班。", &lex);
    let (x1, x2) = (extract(&d1, &lex), extract(&d2, &lex));
    let i1 = Ids::new(doc_key("a"), &x1);
    let i2 = Ids::new(doc_key("b"), &x2);
    assert_eq!(i1.unit(0), i2.unit(0));
    assert_ne!(i1.person(0), i2.person(0));
}

#[test]
fn a_station_named_under_a_bureau_is_known_through_it_namesakes_under_other_bureaus_stay_apart() {
    let lex = Lexicon::builtin();
    let ids = |key: &str, text: &str| {
        let d = Document::from_text(key, None, text, &lex);
        let x = extract(&d, &lex);
        let i = x.units.iter().position(|u| u.name.ends_with("派出所")).expect("the station is a unit");
        let ids = Ids::new(doc_key(key), &x);
        let global = ids.global_units().any(|u| u == ids.unit(i));
        (ids.unit(i).to_string(), global)
    };
    let (a, a_global) = ids("a", "余杭区公安局城关派出所民警任志刚值班。");
    let (b, _) = ids("b", "余杭区公安局城关派出所所长李明介绍情况。");
    let (c, _) = ids("c", "长兴县公安局城关派出所民警王强值班。");
    // the same bureau's station in two articles is one unit known beyond either
    assert_eq!(a, b);
    assert!(a_global);
    // the station of that name under another bureau is another unit
    assert_ne!(a, c);
    // so is a station whose name is a place's short form (城北 of 城北区)
    let (d, _) = ids("d", "余杭区公安局城北派出所民警任志刚值班。");
    let (e, _) = ids("e", "长兴县公安局城北派出所民警王强值班。");
    assert_ne!(d, e);
}

#[test]
fn spans_carry_their_anchor_text() {
    let q = quads("余杭区公安局民警任志刚值班。");
    let anchor = q.iter().find(|q| q.predicate.as_str().ends_with("anchorOf") && q.object.to_string() == "\"任志刚\"");
    assert!(anchor.is_some());
    assert!(anchor.unwrap().subject.to_string().contains("#char=8,11"));
}

#[test]
fn metadata_fields_without_a_term_of_their_own_are_kept_under_field_names() {
    let lex = Lexicon::builtin();
    let mut doc = Document::from_text("doc-1.txt", None, "余杭区公安局民警任志刚值班。", &lex);
    doc.meta.extra.insert("lang".into(), "zh".into());
    doc.meta.extra.insert("采集 时间".into(), "2024-01-02".into());
    let q = document_quads(&doc, &extract(&doc, &lex), &lex);
    let field = |name: &str| q.iter().find(|q| q.predicate.as_str() == format!("{}{name}", vocab::FIELD)).map(|q| q.object.to_string());
    assert_eq!(field("lang").as_deref(), Some("\"zh\""));
    assert_eq!(field("%E9%87%87%E9%9B%86%20%E6%97%B6%E9%97%B4").as_deref(), Some("\"2024-01-02\""));
}

#[test]
fn a_namesake_place_mention_names_its_candidates_and_links_to_none() {
    let q = quads("朝阳区召开安全生产工作会议。");
    let cand: Vec<String> = q.iter().filter(|q| q.predicate.as_str().ends_with("#candidate")).map(|q| q.object.to_string()).collect();
    assert_eq!(cand, vec!["<https://w3id.org/zhkg/id/place/110105>", "<https://w3id.org/zhkg/id/place/220104>"]);
    assert!(!q.iter().any(|q| q.predicate.as_str().ends_with("taIdentRef") && q.subject.to_string().contains("#char=0,3")));
    // the candidates are described, so a reader can choose
    assert!(q.iter().any(|q| q.subject.to_string() == "<https://w3id.org/zhkg/id/place/220104>"
        && q.predicate.as_str().ends_with("containedInPlace")
        && q.object.to_string() == "<https://w3id.org/zhkg/id/place/220100>"));
}

#[test]
fn every_line_is_its_quads_display_text() {
    let mut o = super::Out::new(graph_iri("doc-1.txt"), true, 8);
    let s = "https://w3id.org/zhkg/doc/1";
    o.lit(s, "dcterms:title", "标题 \"引\" \\ \t\n\r\u{8}\u{c}\u{1}\u{7f}\u{fffe}\u{ffff} end");
    o.zh(s, "dcterms:title", "某县\n公安局");
    o.int(s, "nif:beginIndex", 3);
    o.typed(s, "dcterms:issued", "2024-01-02", "xsd:date");
    o.typed(s, "kg:note", "a plain string", "xsd:string");
    o.rel(s, "dcterms:source", s);
    o.a(s, "foaf:Document");
    o.a(s, "foaf:Document");
    let (quads, text, n, _) = o.finish();
    assert_eq!((n, quads.len()), (7, 7), "the repeated quad is dropped");
    let lines: Vec<String> = quads.iter().map(|q| format!("{q} .")).collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), lines);
}

#[test]
fn the_text_alone_is_the_text_of_the_quads() {
    let lex = Lexicon::builtin();
    let doc = Document::from_text("sample.txt", None, include_str!("../../data/huzhou-sanneng-interview.txt"), &lex);
    let x = crate::extract::extract(&doc, &lex);
    let (quads, text, _) = document_graph(&doc, &x, &lex);
    let (alone, n) = document_nquads(&doc, &x, &lex);
    assert!(n > 1000);
    assert_eq!((alone.as_str(), n), (text.as_str(), quads.len()));
    let lines: Vec<String> = quads.iter().map(|q| format!("{q} .")).collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), lines);
}
