//! People and units across articles: small multi-article corpora written for these tests (invented
//! names; real places, since place names are vocabulary).

use std::path::Path;

use crate::zhkg;

/// A folder of articles and a store.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn new(articles: &[(&str, &str)]) -> Corpus {
        let c = Corpus { dir: tempfile::tempdir().unwrap() };
        for (name, text) in articles {
            c.write(name, text);
        }
        c
    }
    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).unwrap();
    }
    /// Runs zhkg in the corpus folder (so document ids are the file names); stderr on failure.
    fn run(&self, args: &[&str]) -> String {
        let out = zhkg().current_dir(self.dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "zhkg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    fn extract(&self, store: &str, files: &[&str]) {
        let mut args = vec!["extract", "--store", store];
        args.extend(files);
        self.run(&args);
    }
    fn query(&self, store: &str, file: &str, binds: &[&str]) -> String {
        let q = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries").join(file);
        let mut args = vec!["query", "--format", "csv", "--store", store, q.to_str().unwrap()];
        for b in binds {
            args.extend(["--bind", b]);
        }
        self.run(&args)
    }
    fn export(&self, store: &str) -> String {
        self.run(&["export", "--format", "nquads", "--store", store])
    }
    /// people.rq's rows for a name: (id, documents).
    fn people(&self, store: &str, name: &str) -> Vec<(String, String)> {
        self.query(store, "people.rq", &[])
            .lines()
            .skip(1)
            .filter_map(|l| {
                let c: Vec<&str> = l.trim().split(',').collect();
                (c[0] == name).then(|| (c[1].to_string(), c[2].to_string()))
            })
            .collect()
    }
}

const STATION: &str = "# title: 城关派出所破获盗窃案\n# date: 2022-03-08\n近日，安吉县公安局城关派出所所长韩立秋带领民警破获一起盗窃案，追回被盗电动车12辆。\n";
const PROMOTED: &str = "# title: 安吉县公安局召开会议\n# date: 2024-05-20\n5月20日，安吉县公安局召开全体民警大会，安吉县公安局副局长韩立秋主持会议。\n";
const OTHER_PROVINCE: &str = "# title: 赣榆区公安分局表彰\n# date: 2023-09-01\n连云港市公安局赣榆分局交警大队大队长韩立秋介绍了整治情况。\n";
const NAME_ONLY: &str = "# title: 座谈会\n# date: 2023-01-15\n会上，韩立秋同志作了交流发言。\n";

#[test]
fn one_person_promoted_across_two_articles_is_one_entity_with_a_dated_career() {
    let c = Corpus::new(&[("a.txt", STATION), ("b.txt", PROMOTED)]);
    c.extract("s", &["a.txt", "b.txt"]);
    let people = c.people("s", "韩立秋");
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0].1, "2", "mentioned in both articles");
    let careers = c.query("s", "careers.rq", &["name=韩立秋"]);
    let rows: Vec<&str> = careers.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{careers}");
    assert!(rows[0].contains("2022-03-08,所长,城关派出所"), "{careers}");
    assert!(rows[1].contains("2024-05-20,副局长,安吉县公安局"), "{careers}");
    assert!(rows.iter().all(|r| r.contains(&people[0].0)), "both rows under the one id: {careers}");
    // the merge and its evidence
    let merges = c.query("s", "merges.rq", &[]);
    assert!(merges.contains("韩立秋") && merges.contains("a.txt,b.txt,parent-unit,"), "{merges}");
    let explain = c.run(&["explain", "--store", "s", "韩立秋"]);
    assert!(explain.contains("parent-unit") && explain.contains("城关派出所 is part of 安吉县公安局"), "{explain}");
    // who held the post on a date: only once an article says so
    let holders = |date: &str| c.query("s", "post-holders.rq", &["post=副局长", "unit=安吉县公安局", &format!("date={date}")]);
    assert!(holders("2024-12-31").contains(&format!("韩立秋,{},2024-05-20,b.txt", people[0].0)), "{}", holders("2024-12-31"));
    assert_eq!(holders("2023-12-31").lines().count(), 1, "not attested before 2024-05-20");
    // who led the unit over time
    let leaders = c.query("s", "unit-leaders.rq", &["unit_name=安吉县公安局"]);
    assert!(leaders.contains("安吉县公安局,2024-05-20,副局长,韩立秋"), "{leaders}");
    assert!(!leaders.contains("城关派出所"), "one unit asked for: {leaders}");
}

#[test]
fn namesakes_in_different_provinces_and_a_bare_name_stay_apart_and_are_listed_for_review() {
    let c = Corpus::new(&[("a.txt", STATION), ("b.txt", PROMOTED), ("c.txt", OTHER_PROVINCE), ("d.txt", NAME_ONLY)]);
    c.extract("s", &["a.txt", "b.txt", "c.txt", "d.txt"]);
    let people = c.people("s", "韩立秋");
    assert_eq!(people.len(), 3, "Anji's (two articles), Lianyungang's, and the bare name: {people:?}");
    let mut docs: Vec<&str> = people.iter().map(|p| p.1.as_str()).collect();
    docs.sort();
    assert_eq!(docs, ["1", "1", "2"]);
    let namesakes = c.query("s", "namesakes.rq", &[]);
    assert_eq!(namesakes.lines().filter(|l| l.starts_with("韩立秋,")).count(), 4, "{namesakes}");
    let explain = c.run(&["explain", "--store", "s", "韩立秋"]);
    assert!(explain.contains("different places (安吉县 / 连云港市") || explain.contains("different places (连云港市"), "{explain}");
    assert!(explain.contains("nothing to compare"), "{explain}");
    // an ambiguous name lists the candidates with their articles
    let show = c.run(&["show", "--store", "s", "韩立秋"]);
    assert!(show.contains("names several entities") && show.contains("c.txt") && show.contains("d.txt"), "{show}");
    for (id, _) in &people {
        assert!(show.contains(id.as_str()), "{show}");
    }
}

#[test]
fn a_unit_named_in_full_in_one_article_and_abbreviated_in_another_is_one_unit() {
    let full = "# date: 2023-02-01\n长兴县公安局局长毛振东出席党委会。\n";
    let short = "# date: 2023-06-01\n长兴县局开展夏夜治安巡查，长兴县局局长毛振东带队检查。\n";
    let c = Corpus::new(&[("full.txt", full), ("short.txt", short)]);
    c.extract("s", &["full.txt", "short.txt"]);
    let units = c.query("s", "units.rq", &[]);
    assert_eq!(units.lines().filter(|l| l.starts_with("长兴县公安局,")).count(), 1, "{units}");
    assert!(!units.contains("长兴县局,"), "{units}");
    assert_eq!(c.people("s", "毛振东").len(), 1, "same post in the same unit");
    let explain = c.run(&["explain", "--store", "s", "长兴县局"]);
    assert!(explain.contains("full.txt  长兴县公安局") && explain.contains("short.txt  长兴县局"), "{explain}");
    let card = c.run(&["show", "--store", "s", "长兴县公安局"]);
    assert!(card.contains("局长  毛振东"), "{card}");
}

#[test]
fn a_city_bureau_named_without_its_city_is_never_shared_across_cities() {
    let a = "# date: 2023-01-01\n湖州市召开平安建设会议。市公安局局长钟华庭通报了全市治安形势。\n";
    let b = "# date: 2023-01-02\n嘉兴市召开平安建设会议。市公安局局长钟华庭通报了全市治安形势。\n";
    let c = Corpus::new(&[("a.txt", a), ("b.txt", b)]);
    c.extract("s", &["a.txt", "b.txt"]);
    let units = c.query("s", "units.rq", &[]);
    assert!(!units.lines().any(|l| l.starts_with("市公安局,")), "a bare 市公安局 is resolved in its article or not shared: {units}");
    let ids = c.query(
        "s",
        "people.rq",
        &[],
    );
    // if both articles resolve the bureau to their own city, the two 钟华庭 are in different units
    // of different cities: two people
    let unit_rows = c.run(&["query", "--format", "csv", "--store", "s", "-e", "SELECT DISTINCT ?l WHERE { ?u a org:Organization ; skos:prefLabel ?x . BIND(STR(?x) AS ?l) } ORDER BY ?l"]);
    if unit_rows.contains("湖州市公安局") && unit_rows.contains("嘉兴市公安局") {
        assert_eq!(c.people("s", "钟华庭").len(), 2, "{ids}");
    } else {
        assert!(!unit_rows.lines().any(|l| l.trim() == "市公安局"), "{unit_rows}");
    }
}

#[test]
fn the_order_articles_are_added_in_does_not_change_the_graph() {
    let c = Corpus::new(&[("a.txt", STATION), ("b.txt", PROMOTED), ("c.txt", OTHER_PROVINCE), ("d.txt", NAME_ONLY)]);
    c.extract("one", &["a.txt", "b.txt", "c.txt", "d.txt"]);
    c.extract("two", &["d.txt", "c.txt"]);
    c.extract("two", &["b.txt"]);
    c.extract("two", &["a.txt"]);
    assert_eq!(c.export("one"), c.export("two"));
}

#[test]
fn re_extracting_or_removing_an_article_updates_the_people() {
    let c = Corpus::new(&[("a.txt", STATION), ("b.txt", PROMOTED), ("c.txt", OTHER_PROVINCE)]);
    c.extract("s", &["a.txt", "b.txt", "c.txt"]);
    assert_eq!(c.people("s", "韩立秋").len(), 2);
    // b.txt now says the person moved to the other province's bureau: Anji's station chief is alone,
    // and b's person joins Lianyungang's
    c.write("b.txt", "# title: 赣榆分局召开会议\n# date: 2024-05-20\n连云港市公安局赣榆分局召开全体民警大会，连云港市公安局赣榆分局交警大队大队长韩立秋主持会议。\n");
    c.extract("s", &["b.txt"]);
    let people = c.people("s", "韩立秋");
    assert_eq!(people.len(), 2, "{people:?}");
    let merges = c.query("s", "merges.rq", &[]);
    assert!(merges.contains("b.txt,c.txt,same-post,"), "{merges}");
    assert!(!merges.contains("a.txt"), "{merges}");
    // removing documents leaves the graph a store of the rest would have
    c.run(&["remove", "--store", "s", "c.txt"]);
    c.extract("rest", &["a.txt", "b.txt"]);
    assert_eq!(c.export("s"), c.export("rest"));
    let out = zhkg().current_dir(c.dir.path()).args(["remove", "--store", "s", "nope.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.txt: no such document"));
}

#[test]
fn former_posts_are_marked_in_careers_and_do_not_count_as_held() {
    let a = "# date: 2024-03-01\n原安吉县公安局副局长韩立秋已调任他职。安吉县公安局副局长程海鸥出席会议。\n";
    let c = Corpus::new(&[("a.txt", a)]);
    c.extract("s", &["a.txt"]);
    let careers = c.query("s", "careers.rq", &["name=韩立秋"]);
    assert!(careers.lines().skip(1).all(|l| l.contains(",true,")), "{careers}");
    assert!(careers.lines().count() > 1, "{careers}");
    let holders = c.query("s", "post-holders.rq", &["post=副局长", "unit=安吉县公安局", "date=2024-06-01"]);
    assert!(holders.contains("程海鸥") && !holders.contains("韩立秋"), "{holders}");
    let card = c.run(&["show", "--store", "s", "韩立秋"]);
    assert!(card.contains("原安吉县公安局副局长"), "{card}");
}

#[test]
fn resolve_rebuilds_what_extract_built_and_show_says_when_nothing_matches() {
    let c = Corpus::new(&[("a.txt", STATION), ("b.txt", PROMOTED)]);
    c.extract("s", &["a.txt", "b.txt"]);
    let before = c.export("s");
    let out = zhkg().current_dir(c.dir.path()).args(["resolve", "--store", "s"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 quad(s) added, 0 removed"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(c.export("s"), before);
    let out = zhkg().current_dir(c.dir.path()).args(["show", "--store", "s", "立秋"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("names that contain it: 韩立秋"), "{}", String::from_utf8_lossy(&out.stderr));
}

const NOTICE_A: &str = "万安县委组织部干部任前公示\n甘文博，男，汉族，1979年11月生，江西万安人，研究生学历。现任万安县公安局副局长，拟任万安县公安局局长。\n中共万安县委组织部\n2025年4月18日\n";
const NEWS_A: &str = "# title: 万安县公安局开展夏季治安巡查\n# date: 2025-06-02\n6月2日，万安县公安局副局长甘文博带队开展夏季治安巡查。\n";
const NOTICE_B: &str = "吉安市委组织部干部任前公示\n甘文博，男，汉族，1986年2月生，江西吉安人，大学学历。现任万安县公安局副局长，拟任吉安市公安局副局长。\n中共吉安市委组织部\n2025年5月9日\n";

#[test]
fn a_notice_and_a_news_report_that_agree_on_a_post_are_one_person_and_a_different_birth_keeps_a_namesake_apart() {
    let c = Corpus::new(&[("notice-a.txt", NOTICE_A), ("news-a.txt", NEWS_A), ("notice-b.txt", NOTICE_B)]);
    c.extract("s1", &["notice-a.txt", "news-a.txt"]);
    let one = c.people("s1", "甘文博");
    assert_eq!(one.len(), 1, "{one:?}");
    assert_eq!(one[0].1, "2", "both documents: {one:?}");
    // the same post in the same unit, but born seven years apart: two people, and the reason says so
    c.extract("s1", &["notice-b.txt"]);
    let two = c.people("s1", "甘文博");
    assert_eq!(two.len(), 2, "{two:?}");
    let explain = c.run(&["explain", "--store", "s1", "甘文博"]);
    assert!(explain.contains("different births (1979-11 / 1986-02)"), "{explain}");
    // and biography.rq gives each of them the birth their notice states
    let bio = c.query("s1", "biography.rq", &[]);
    assert!(bio.contains("甘文博,男,汉族,1979-11,江西万安") && bio.contains("甘文博,男,汉族,1986-02,江西吉安"), "{bio}");
}
