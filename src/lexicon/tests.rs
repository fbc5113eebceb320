use super::*;

#[test]
fn parse_reports_duplicates_and_empty_surfaces_with_positions() {
    let text = "\u{feff}# header\n局长\thead\n\n局长\tdup\n\tnothing\n";
    let (list, errors) = WordList::parse(text, Path::new("post.tsv"), ListId::OrgParent);
    assert_eq!(list.len(), 1);
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].to_string(), "post.tsv:4:1: duplicate surface \"局长\" (first at line 2)");
    assert_eq!(errors[1].to_string(), "post.tsv:5:1: empty surface");
}

#[test]
fn longest_match_prefers_the_longer_entry() {
    let (list, _) = WordList::parse("局长\ta\n副局长\tb\n", Path::new("x"), ListId::OrgParent);
    let chars: Vec<char> = "副局长张三".chars().collect();
    let (e, len) = list.longest_at(&chars, 0).unwrap();
    assert_eq!((e.id.as_str(), len), ("b", 3));
    let (e, len) = list.longest_ending_at(&chars, 3).unwrap();
    assert_eq!((e.id.as_str(), len), ("b", 3));
}

#[test]
fn an_unknown_tag_is_an_error_at_its_column() {
    let text = "局长\thead\thead\n大队长\tbrigade-head\tchief\n";
    let (list, errors) = WordList::parse(text, Path::new("post.tsv"), ListId::Post);
    assert_eq!(list.len(), 1);
    assert_eq!(list.get("局长").unwrap().label, Label::Post(PostKind::Head));
    assert_eq!(errors.len(), 1);
    // 大队长 (3) + tab, brigade-head (12) + tab: the kind starts at column 18
    assert!(errors[0].to_string().starts_with("post.tsv:2:18: unknown post kind \"chief\""), "{}", errors[0]);
}

#[test]
fn a_user_file_that_names_no_list_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("posts.tsv"), "首席警务官\tchief-officer\thead\n").unwrap();
    let (lex, errors) = Lexicon::load(Some(dir.path()));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.starts_with("no list has this name"), "{}", errors[0]);
    assert!(errors[0].path.ends_with("posts.tsv"));
    assert!(!lex.list(ListId::Post).contains("首席警务官"));
}

#[test]
fn builtin_lists_load_without_errors() {
    let (lex, errors) = Lexicon::load(None);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(lex.list(ListId::Post).contains("局长"));
    assert!(lex.gazetteer.by_surface.contains_key("嘉兴"));
}

#[test]
fn user_directory_adds_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("post.tsv"), "首席警务官\tchief-officer\thead\n").unwrap();
    let (lex, errors) = Lexicon::load(Some(dir.path()));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(lex.list(ListId::Post).contains("首席警务官"));
    assert!(lex.list(ListId::Post).contains("局长"));
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

/// Every text the tests have: the sample, the evaluation sets (the shared dev set where present)
/// and the fuzz seeds, decoded as `ingest` would.
fn every_text() -> Vec<(std::path::PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("data"), root.join("../shared/eval/dev/docs"), root.join("fuzz/seeds")];
    for set in std::fs::read_dir(root.join("tests/eval")).unwrap() {
        dirs.push(set.unwrap().path().join("docs"));
    }
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = read.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            out.push((p, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    out
}

/// The one-pass table answers every lookup the tries answer, on every text the tests have: the
/// longest entry of each list starting and ending at each position, with no filter and with each
/// label as the filter, and the longest place in windows of every length.
#[test]
fn the_annotation_table_answers_as_the_tries_do() {
    let lex = Lexicon::builtin();
    let texts = every_text();
    assert!(texts.len() >= 40, "only {} texts", texts.len());
    let mut checked = 0usize;
    for (path, text) in &texts {
        let chars: Vec<char> = text.chars().collect();
        let m = lex.annotate(&chars);
        for list in ListId::ALL.into_iter().filter(|&l| l != ListId::Boilerplate) {
            let words = lex.list(list);
            let mut labels: Vec<Label> = words.entries().iter().map(|e| e.label).collect();
            labels.dedup();
            labels.sort_by_key(|l| format!("{l:?}"));
            labels.dedup();
            for at in 0..=chars.len() {
                let key = |r: Option<(&Entry, usize)>| r.map(|(e, l)| (e.surface.clone(), l));
                assert_eq!(key(m.longest_at(list, at, |_| true)), key(words.longest_at(&chars, at)), "{}: {list} at {at}", path.display());
                assert_eq!(key(m.longest_ending_at(list, at, |_| true)), key(words.longest_ending_at(&chars, at)), "{}: {list} ending at {at}", path.display());
                for &label in &labels {
                    assert_eq!(
                        key(m.longest_at(list, at, |e| e.label == label)),
                        key(words.longest_at_filtered(&chars, at, |e| e.label == label)),
                        "{}: {list} {label:?} at {at}",
                        path.display()
                    );
                    assert_eq!(
                        key(m.longest_ending_at(list, at, |e| e.label == label)),
                        key(words.longest_ending_at_filtered(&chars, at, |e| e.label == label)),
                        "{}: {list} {label:?} ending at {at}",
                        path.display()
                    );
                }
                for end in at + 1..=(at + 6).min(chars.len()) {
                    let e = m.exact(list, at, end).map(|e| e.surface.clone());
                    assert_eq!(e, words.get_chars(&chars[at..end]).map(|e| e.surface.clone()), "{}: {list} exactly {at}..{end}", path.display());
                    // inside a window: as the tries answer on the window's own characters
                    let window = &chars[at..end];
                    assert_eq!(key(m.longest_in(list, at, end, |_| true)), key(words.longest_at(window, 0)), "{}: {list} in {at}..{end}", path.display());
                    assert_eq!(
                        key(m.longest_ending_in(list, at, end, |_| true)),
                        key(words.longest_ending_at(window, window.len())),
                        "{}: {list} ending in {at}..{end}",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        for at in 0..chars.len() {
            for end in at..=(at + 12).min(chars.len()) {
                let key = |r: Option<(&[usize], usize, bool)>| r.map(|(v, l, f)| (v.to_vec(), l, f));
                assert_eq!(key(m.place_in(at, end)), key(lex.gazetteer.longest_in(&chars, at, end)), "{}: place in {at}..{end}", path.display());
            }
            let key = |r: Option<(&[usize], usize, bool)>| r.map(|(v, l, f)| (v.to_vec(), l, f));
            assert_eq!(key(m.place_at(at)), key(lex.gazetteer.longest_at(&chars, at)), "{}: place at {at}", path.display());
        }
    }
    assert!(checked > 100_000, "only {checked} positions checked");
}
