use super::*;

#[test]
fn parse_reports_duplicates_and_empty_surfaces_with_positions() {
    let text = "\u{feff}# header\n局长\thead\n\n局长\tdup\n\tnothing\n";
    let (list, errors) = WordList::parse(text, Path::new("post.tsv"));
    assert_eq!(list.len(), 1);
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].to_string(), "post.tsv:4:1: duplicate surface \"局长\" (first at line 2)");
    assert_eq!(errors[1].to_string(), "post.tsv:5:1: empty surface");
}

#[test]
fn longest_match_prefers_the_longer_entry() {
    let (list, _) = WordList::parse("局长\ta\n副局长\tb\n", Path::new("x"));
    let chars: Vec<char> = "副局长张三".chars().collect();
    let (e, len) = list.longest_at(&chars, 0).unwrap();
    assert_eq!((e.id.as_str(), len), ("b", 3));
    let (e, len) = list.longest_ending_at(&chars, 3).unwrap();
    assert_eq!((e.id.as_str(), len), ("b", 3));
}

#[test]
fn builtin_lists_load_without_errors() {
    let (lex, errors) = Lexicon::load(None);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(lex.list("post").contains("局长"));
    assert!(lex.gazetteer.by_surface.contains_key("嘉兴"));
}

#[test]
fn user_directory_adds_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.tsv"), "首席警务官\tchief-officer\thead\n").unwrap();
    let (lex, errors) = Lexicon::load(Some(dir.path()));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(lex.list("post").contains("首席警务官"));
    assert!(lex.list("post").contains("局长"));
}

#[test]
fn gazetteer_knows_codes_parents_and_short_forms() {
    let lex = Lexicon::builtin();
    let g = &lex.gazetteer;
    let chars: Vec<char> = "海盐县".chars().collect();
    let (idx, len, full) = g.longest_at(&chars, 0).unwrap();
    assert_eq!((len, full), (3, true));
    let place = &g.places[idx[0]];
    assert_eq!(place.code, "330424");
    let anc: Vec<&str> = g.ancestors(idx[0]).iter().map(|&i| g.places[i].name.as_str()).collect();
    assert_eq!(anc, vec!["嘉兴市", "浙江省"]);
}

#[test]
fn the_gazetteer_has_six_digit_codes_short_forms_and_former_names() {
    let g = &Lexicon::builtin().gazetteer;
    let p = g.by_code("330500").expect("湖州市");
    assert_eq!((p.name.as_str(), p.level.as_str(), p.parent.as_str()), ("湖州市", "prefecture", "330000"));
    assert!(p.short.contains(&"湖州".to_string()));
    assert!(g.places.iter().all(|p| p.code.len() == 6 && p.code.bytes().all(|b| b.is_ascii_digit())));
    assert!(g.places.iter().all(|p| p.parent.is_empty() || g.by_code(&p.parent).is_some()));
    // codes are unique: a city without counties (东莞市) is one division, not two
    let mut codes: Vec<&str> = g.places.iter().map(|p| p.code.as_str()).collect();
    codes.sort_unstable();
    let n = codes.len();
    codes.dedup();
    assert_eq!(codes.len(), n);
    assert!(g.by_code("420600").unwrap().former.iter().any(|(n, y)| n == "襄樊市" && *y == 2010));
    assert!(g.is_ambiguous("朝阳区") && g.is_ambiguous("普陀区") && !g.is_ambiguous("长兴县"));
    let new_xj = &g.places[g.by_surface["新疆"][0]];
    assert_eq!(new_xj.name, "新疆维吾尔自治区");
}
