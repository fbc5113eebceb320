//! Resolution rules on people and units written for the tests (ids are plain strings here).

use super::*;

fn person(id: &str, name: &str, doc: &str, date: Option<&str>, posts: &[(&str, Option<&str>)]) -> LocalPerson {
    LocalPerson {
        id: id.to_string(),
        name: name.to_string(),
        doc: doc.to_string(),
        date: date.map(str::to_string),
        posts: posts.iter().map(|(t, u)| Affiliation { title: t.to_string(), unit: u.map(str::to_string), former: false }).collect(),
        birth: None,
        native: None,
    }
}

/// Two counties' bureaus in two provinces, a station under the first, a second station beside it,
/// the first county's government, and a provincial department.
fn facts() -> UnitFacts {
    let mut f = UnitFacts::default();
    for (u, place) in [("bureauA", "330326"), ("bureauB", "321322"), ("govA", "330326"), ("dept", "330000"), ("cityA", "330300")] {
        f.places.insert(u.to_string(), place.to_string());
    }
    for (u, parent) in [("stationA1", "bureauA"), ("stationA2", "bureauA"), ("bureauA", "cityA")] {
        f.parents.entry(u.to_string()).or_default().insert(parent.to_string());
    }
    f
}

fn entity_sizes(r: &Resolution) -> Vec<usize> {
    let mut v: Vec<usize> = r.entities.iter().map(|e| e.members.len()).collect();
    v.sort();
    v
}

#[test]
fn a_promotion_from_a_station_to_its_bureau_is_one_person() {
    let people = vec![
        person("d1#p", "甲乙丙", "d1", Some("2021-01-01"), &[("所长", Some("stationA1"))]),
        person("d2#p", "甲乙丙", "d2", Some("2023-01-01"), &[("副局长", Some("bureauA"))]),
    ];
    let r = resolve(people, &facts());
    assert_eq!(r.entities.len(), 1);
    let e = &r.entities[0];
    assert_eq!(e.links.len(), 1);
    assert_eq!(e.links[0].evidence, Evidence { rule: Rule::ParentUnit, basis: vec!["stationA1".into(), "bureauA".into()] });
    // the anchor is the earliest article
    assert_eq!(r.people[e.anchor()].doc, "d1");
    assert!(r.namesakes.is_empty());
}

#[test]
fn the_same_name_in_two_provinces_stays_two_people_listed_as_namesakes() {
    let people = vec![
        person("d1#p", "甲乙丙", "d1", None, &[("局长", Some("bureauA"))]),
        person("d2#p", "甲乙丙", "d2", None, &[("局长", Some("bureauB"))]),
    ];
    let f = facts();
    assert_eq!(compare_people(&people[0], &people[1], &f), Err(Apart::DifferentPlaces("330326".into(), "321322".into())));
    let r = resolve(people, &f);
    assert_eq!(r.entities.len(), 2);
    assert_eq!(r.namesakes, vec![("甲乙丙".to_string(), vec![0, 1])]);
}

#[test]
fn a_name_with_nothing_to_compare_is_never_merged() {
    let people = vec![
        person("d1#p", "甲乙丙", "d1", None, &[("局长", Some("bureauA"))]),
        person("d2#p", "甲乙丙", "d2", None, &[]),
        person("d3#p", "甲乙丙", "d3", None, &[("局长", None)]),
    ];
    let f = facts();
    assert_eq!(compare_people(&people[0], &people[1], &f), Err(Apart::NothingToCompare));
    // the same title without a unit is not an affiliation either
    assert_eq!(compare_people(&people[0], &people[2], &f), Err(Apart::NothingToCompare));
    assert_eq!(entity_sizes(&resolve(people, &f)), vec![1, 1, 1]);
}

#[test]
fn each_rule_in_order_of_strength() {
    let f = facts();
    let p = |posts: &[(&str, Option<&str>)]| person("x", "甲乙丙", "d", None, posts);
    let rule = |a: &[(&str, Option<&str>)], b: &[(&str, Option<&str>)]| compare_people(&p(a), &p(b), &f).map(|e| e.rule);
    assert_eq!(rule(&[("局长", Some("bureauA"))], &[("局长", Some("bureauA"))]), Ok(Rule::SamePost));
    assert_eq!(rule(&[("局长", Some("bureauA"))], &[("政委", Some("bureauA"))]), Ok(Rule::SameUnit));
    assert_eq!(rule(&[("所长", Some("stationA1"))], &[("局长", Some("cityA"))]), Ok(Rule::ParentUnit));
    assert_eq!(rule(&[("所长", Some("stationA1"))], &[("所长", Some("stationA2"))]), Ok(Rule::SiblingUnit));
    assert_eq!(rule(&[("局长", Some("bureauA"))], &[("县长", Some("govA"))]), Ok(Rule::SamePlace));
    // a province in common is not enough
    assert_eq!(rule(&[("局长", Some("bureauA"))], &[("厅长", Some("dept"))]), Err(Apart::UnrelatedUnits));
    // units with no place and no relation
    assert_eq!(rule(&[("队长", Some("teamX"))], &[("队长", Some("teamY"))]), Err(Apart::UnrelatedUnits));
}

#[test]
fn units_of_one_parent_in_different_places_are_not_siblings() {
    let mut f = facts();
    for u in ["bureauA", "bureauB"] {
        f.parents.entry(u.to_string()).or_default().insert("ministry".to_string());
    }
    let a = person("1", "甲乙丙", "d1", None, &[("局长", Some("bureauA"))]);
    let b = person("2", "甲乙丙", "d2", None, &[("局长", Some("bureauB"))]);
    assert!(matches!(compare_people(&a, &b, &f), Err(Apart::DifferentPlaces(..))));
}

#[test]
fn resolution_does_not_depend_on_the_order_of_documents() {
    let people = vec![
        person("d1#p", "甲乙丙", "d1", Some("2020-05-01"), &[("所长", Some("stationA1"))]),
        person("d2#p", "甲乙丙", "d2", Some("2022-05-01"), &[("副局长", Some("bureauA"))]),
        person("d3#p", "甲乙丙", "d3", Some("2021-05-01"), &[("所长", Some("stationA2"))]),
        person("d4#p", "甲乙丙", "d4", None, &[("局长", Some("bureauB"))]),
        person("d5#q", "丁戊", "d5", None, &[]),
    ];
    let f = facts();
    let base = resolve(people.clone(), &f);
    assert_eq!(entity_sizes(&base), vec![1, 1, 3]);
    // each entity: its members' ids, and its links as (rule, id, id)
    type View = Vec<(Vec<String>, Vec<(Rule, String, String)>)>;
    let view = |r: &Resolution| -> View {
        r.entities
            .iter()
            .map(|e| {
                let ids = e.members.iter().map(|&m| r.people[m].id.clone()).collect();
                let links = e.links.iter().map(|l| (l.evidence.rule, r.people[l.a].id.clone(), r.people[l.b].id.clone())).collect();
                (ids, links)
            })
            .collect()
    };
    for rotation in 1..people.len() {
        let mut p = people.clone();
        p.rotate_left(rotation);
        p.swap(0, 2);
        assert_eq!(view(&resolve(p, &f)), view(&base), "rotation {rotation}");
    }
}

#[test]
fn removing_the_link_in_the_middle_splits_the_person() {
    // station 1 (d1) and the bureau (d2) and station 2 (d3): d1 and d3 are siblings anyway, so all
    // three stay one; without d2's bureau post and with unrelated stations, they split
    let f = facts();
    let people = vec![
        person("d1#p", "甲乙丙", "d1", None, &[("所长", Some("stationA1"))]),
        person("d2#p", "甲乙丙", "d2", None, &[("副局长", Some("bureauA"))]),
        person("d3#p", "甲乙丙", "d3", None, &[("队长", Some("teamX"))]),
    ];
    assert_eq!(entity_sizes(&resolve(people.clone(), &f)), vec![1, 2]);
    assert_eq!(entity_sizes(&resolve(people[..1].to_vec(), &f)), vec![1]);
}

#[test]
fn an_entity_is_anchored_on_its_earliest_mention_so_later_articles_keep_its_id() {
    let f = facts();
    let early = person("d1#p", "甲乙丙", "d1", Some("2020-01-01"), &[("局长", Some("bureauA"))]);
    let later = person("d9#p", "甲乙丙", "d9", Some("2024-01-01"), &[("局长", Some("bureauA"))]);
    let undated = person("d0#p", "甲乙丙", "d0", None, &[("局长", Some("bureauA"))]);
    let one = resolve(vec![early.clone()], &f);
    let more = resolve(vec![later, undated, early], &f);
    assert_eq!(more.entities.len(), 1);
    assert_eq!(more.people[more.entities[0].anchor()].id, one.people[one.entities[0].anchor()].id);
}

#[test]
fn ancestors_are_found_through_several_levels_without_looping() {
    let mut f = facts();
    // a cycle someone's article stated: it must not hang
    f.parents.entry("cityA".to_string()).or_default().insert("stationA1".to_string());
    let a = f.ancestors("stationA1");
    assert_eq!(a, vec!["bureauA".to_string(), "cityA".to_string()]);
    assert_eq!(f.place("stationA1"), Some("330326"));
}

#[test]
fn different_births_or_native_places_keep_namesakes_apart_even_in_one_unit() {
    let f = UnitFacts::default();
    let mut a = person("p:1", "甘文博", "d1", None, &[("局长", Some("u:1"))]);
    let mut b = person("p:2", "甘文博", "d2", None, &[("局长", Some("u:1"))]);
    assert!(compare_people(&a, &b, &f).is_ok(), "same post, nothing against: one person");
    a.birth = Some("1976-03".into());
    b.birth = Some("1976".into());
    assert!(compare_people(&a, &b, &f).is_ok(), "a year agrees with a month of it");
    b.birth = Some("1981-05".into());
    assert_eq!(compare_people(&a, &b, &f), Err(Apart::DifferentBirths("1976-03".into(), "1981-05".into())));
    b.birth = None;
    a.native = Some("360828".into());
    b.native = Some("360800".into());
    assert!(compare_people(&a, &b, &f).is_ok(), "a county lies in its city");
    b.native = Some("130600".into());
    assert_eq!(compare_people(&a, &b, &f), Err(Apart::DifferentNativePlaces("360828".into(), "130600".into())));
}
