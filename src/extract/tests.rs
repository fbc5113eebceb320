//! Rule tests. Every sentence here is written for the test; none is taken from an evaluation article.

use super::*;

fn run(text: &str) -> Extraction {
    let lex = Lexicon::builtin();
    let doc = Document::from_text("t", None, text, &lex);
    extract(&doc, &lex)
}

fn people(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.people.iter().map(|p| p.name.clone()).collect();
    v.sort();
    v
}

fn units(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.units.iter().map(|u| u.name.clone()).collect();
    v.sort();
    v
}

fn posts(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x
        .holdings
        .iter()
        .map(|h| format!("{}|{}|{}", x.people[h.person].name, h.title, h.unit.map(|u| x.units[u].name.clone()).unwrap_or_default()))
        .collect();
    v.sort();
    v
}

fn hierarchy(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.units.iter().filter_map(|u| u.parent.map(|p| format!("{}<{}", u.name, x.units[p].name))).collect();
    v.sort();
    v
}

fn awards(x: &Extraction) -> Vec<String> {
    let mut v = Vec::new();
    for k in &x.conferrals {
        for r in &k.recipients {
            let who = match r {
                Recipient::Person(i) => x.people[*i].name.clone(),
                Recipient::Unit(i) => x.units[*i].name.clone(),
                Recipient::Initiative(i) => x.initiatives[*i].name.clone(),
            };
            v.push(format!("{who}|{}", k.award));
        }
    }
    v.sort();
    v
}

fn initiatives(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.initiatives.iter().map(|i| i.name.clone()).collect();
    v.sort();
    v
}

#[test]
fn post_chain_carries_units_and_resolves_short_forms() {
    let x = run("近日，嘉兴市副市长、市公安局党委书记、局长周立群到海宁市调研。");
    assert_eq!(people(&x), vec!["周立群"]);
    assert_eq!(
        posts(&x),
        // a government post's unit is the place (its 人民政府 an alias, as the guidelines say)
        vec!["周立群|党委书记|嘉兴市公安局", "周立群|副市长|嘉兴市", "周立群|局长|嘉兴市公安局"]
    );
}

#[test]
fn county_bureau_without_place_takes_the_place_of_the_chain() {
    let x = run("桐乡市副市长、公安局局长吴国平出席会议。");
    assert!(posts(&x).contains(&"吴国平|局长|桐乡市公安局".to_string()), "{:?}", posts(&x));
}

#[test]
fn nested_unit_names_give_the_hierarchy() {
    let x = run("昨天，海盐县公安局武原派出所民警钱小波救起一名落水儿童。");
    assert_eq!(hierarchy(&x), vec!["武原派出所<海盐县公安局"]);
    assert_eq!(posts(&x), vec!["钱小波|民警|武原派出所"]);
}

#[test]
fn functional_sub_units_are_named_after_their_parent() {
    let x = run("据江苏省南京市公安局刑侦支队二大队教导员孔德明介绍，案件已告破。");
    // named as written, so that every form the text uses can be matched
    assert!(units(&x).contains(&"江苏省南京市公安局刑侦支队二大队".to_string()), "{:?}", units(&x));
    assert!(hierarchy(&x).contains(&"江苏省南京市公安局刑侦支队<南京市公安局".to_string()), "{:?}", hierarchy(&x));
    assert_eq!(posts(&x), vec!["孔德明|教导员|江苏省南京市公安局刑侦支队二大队"]);
}

#[test]
fn county_short_bureau_is_the_county_public_security_bureau() {
    let x = run("海盐县局推出的便民举措受到好评。");
    assert_eq!(units(&x), vec!["海盐县公安局"]);
}

#[test]
fn left_boundary_skips_verbs_and_function_words() {
    let x = run("记者走进浙江省温州市公安局，看到民警正在值班。像平湖市公安局的同志一样。");
    assert_eq!(units(&x), vec!["平湖市公安局", "温州市公安局"]);
}

#[test]
fn post_after_name_with_connector() {
    let x = run("冯大勇生前系四川省宜宾市公安局翠屏区分局白沙派出所副所长。");
    assert_eq!(posts(&x), vec!["冯大勇|副所长|白沙派出所"]);
}

#[test]
fn short_references_are_aliases_not_people() {
    let x = run("丽水市公安局局长叶文斌介绍了经验。叶局长表示，将继续努力。");
    assert_eq!(people(&x), vec!["叶文斌"]);
    assert!(x.people[0].aliases.contains(&"叶局长".to_string()));
}

#[test]
fn two_character_names_when_the_document_shows_them() {
    let x = run("社区民警方明奋力追赶。方明说，这是职责所在。方明和同事一起回到派出所。");
    assert_eq!(people(&x), vec!["方明"]);
}

#[test]
fn compound_surnames() {
    let x = run("交警大队民警欧阳晓峰在路口执勤。");
    assert_eq!(people(&x), vec!["欧阳晓峰"]);
}

#[test]
fn anonymous_people_are_not_people() {
    let x = run("民警王女士说，张某已被抓获。");
    assert!(people(&x).is_empty(), "{:?}", people(&x));
}

#[test]
fn byline_with_spaced_names() {
    let x = run("本报记者  孟  凡  谷雨晴\n正文。");
    assert_eq!(people(&x), vec!["孟凡", "谷雨晴"]);
}

#[test]
fn honorific_chain_before_a_name_gives_awards() {
    let x = run("全国优秀人民警察、全省最美基层民警，开化县公安局的汪建华同志扎根山区。");
    assert_eq!(awards(&x), vec!["汪建华|全国优秀人民警察", "汪建华|全省最美基层民警"]);
    let k = x.conferrals.iter().find(|k| k.award == "全国优秀人民警察").unwrap();
    assert_eq!(k.level, Some(Level::National));
}

#[test]
fn trigger_verbs_give_awards_to_the_subject() {
    let x = run("成立于1990年的衢州市公安局交警支队，先后荣获全国先进集体、全国青年文明号集体等称号，荣立集体二等功3次。");
    let a = awards(&x);
    assert!(a.contains(&"衢州市公安局交警支队|全国先进集体".to_string()), "{a:?}");
    assert!(a.contains(&"衢州市公安局交警支队|集体二等功".to_string()), "{a:?}");
}

#[test]
fn quoted_initiatives_with_heads_and_cues() {
    let x = run("该局开展“清风护航”专项行动，推出“警民通”服务平台，建成“平安楼道”200个。我们要“走心”“走实”。");
    let i = initiatives(&x);
    // a distinctive quoted name is the initiative; the head word makes an alias
    assert!(i.contains(&"清风护航".to_string()), "{i:?}");
    assert!(i.contains(&"警民通".to_string()), "{i:?}");
    assert!(i.contains(&"平安楼道".to_string()), "{i:?}");
    assert!(!i.iter().any(|n| n.contains("走心")), "{i:?}");
    assert_eq!(x.observations.len(), 1);
    assert_eq!(x.observations[0].value, "200");
}

#[test]
fn initiative_owner_is_the_unit_before_it() {
    let x = run("松阳县公安局推出“山村守望”志愿服务项目。");
    let init = &x.initiatives[0];
    assert_eq!(init.name, "山村守望");
    assert_eq!(init.aliases, vec!["山村守望志愿服务项目"]);
    assert_eq!(x.units[init.owner.unwrap()].name, "松阳县公安局");
}

#[test]
fn numeric_catchwords_keep_their_head() {
    let x = run("全市开展“四能”主题教育实践活动，推行“三色”预警机制。");
    assert_eq!(initiatives(&x), vec!["三色预警机制", "四能主题教育实践活动"]);
}

#[test]
fn unquoted_campaign_names_are_short() {
    let x = run("今年冬季治安打击整治行动期间，全市共破案200起。");
    assert_eq!(initiatives(&x), vec!["冬季治安打击整治行动"]);
}

#[test]
fn township_government_posts() {
    let x = run("青山镇党委书记、镇长周明华介绍了情况。");
    assert_eq!(posts(&x), vec!["周明华|党委书记|青山镇", "周明华|镇长|青山镇"]);
}

#[test]
fn list_subjects_share_an_award() {
    let x = run("东城派出所民警刘一鸣、西城派出所民警吴子健等5名民警荣立个人三等功，另有12名民警荣立个人嘉奖。");
    assert_eq!(awards(&x), vec!["刘一鸣|个人三等功", "吴子健|个人三等功"]);
}

#[test]
fn passive_conferrer_is_not_the_recipient() {
    let x = run("宁海县公安局被浙江省公安厅授予“全省优秀公安局”称号。");
    assert_eq!(awards(&x), vec!["宁海县公安局|全省优秀公安局"]);
}

#[test]
fn names_with_a_middle_dot() {
    let x = run("民警艾山·买买提在边境执勤。艾山·买买提说，这里就是家。");
    assert_eq!(people(&x), vec!["艾山·买买提"]);
}

#[test]
fn numbers_reported_by_a_unit() {
    let x = run("今年以来，绍兴市公安局破获电信诈骗案件1.2万余起，抓获嫌疑人326人。");
    let obs: Vec<String> = x.observations.iter().map(|o| format!("{}|{}|{}", o.counted, o.value, o.unit_text)).collect();
    assert_eq!(obs, vec!["电信诈骗案件|12000|起", "抓获嫌疑人|326|人"]);
    assert!(x.observations.iter().all(|o| o.about == Some(Recipient::Unit(0))));
    let y = run("城西派出所民警走访了426户居民。");
    assert_eq!(y.observations.iter().map(|o| o.counted.as_str()).collect::<Vec<_>>(), vec!["居民"]);
}

#[test]
fn speakers_of_an_interview() {
    let x = run("主持人：请介绍一下。\n刘建设：好的，我们做了很多工作。");
    assert_eq!(x.utterances.len(), 2);
    assert_eq!(x.utterances[0].label, "主持人");
    assert_eq!(x.utterances[1].speaker.map(|i| x.people[i].name.clone()).as_deref(), Some("刘建设"));
}

#[test]
fn spans_are_code_points_and_match_their_text() {
    let x = run("𠮷字开头。温岭市公安局民警陈小东救人。");
    let chars: Vec<char> = "𠮷字开头。温岭市公安局民警陈小东救人。".chars().collect();
    for m in &x.mentions {
        let s: String = chars[m.span.start..m.span.end].iter().collect();
        assert_eq!(s, m.text);
    }
    assert!(x.mentions.iter().any(|m| m.text == "陈小东" && m.span.start == 13));
}

#[test]
fn county_bureau_sits_under_the_city_bureau_named_in_the_article() {
    let x = run("衢州市公安局召开会议，江山市公安局、常山县公安局参加。");
    let h = hierarchy(&x);
    assert!(h.contains(&"常山县公安局<衢州市公安局".to_string()), "{h:?}");
    assert!(h.contains(&"江山市公安局<衢州市公安局".to_string()), "{h:?}");
}

#[test]
fn a_team_formed_by_a_unit_belongs_to_it() {
    let x = run("城东派出所组建了一支由50人组成的红枫巡逻队。");
    assert_eq!(hierarchy(&x), vec!["红枫巡逻队<城东派出所"]);
}

#[test]
fn known_parents_of_national_bodies() {
    let x = run("中共中央政治局委员、中央政法委书记李明德出席会议。");
    assert!(hierarchy(&x).contains(&"中共中央政治局<中共中央".to_string()));
    assert_eq!(posts(&x), vec!["李明德|书记|中央政法委", "李明德|委员|中共中央政治局"]);
}

#[test]
fn parenthesised_abbreviation_is_an_alias() {
    let x = run("浙江省第二监狱（以下简称“浙二监”）推行改革。浙二监党委书记、监狱长赵国强说，成效明显。");
    assert_eq!(units(&x), vec!["浙江省第二监狱"]);
    assert_eq!(posts(&x), vec!["赵国强|党委书记|浙江省第二监狱", "赵国强|监狱长|浙江省第二监狱"]);
}

#[test]
fn a_bare_post_takes_the_articles_one_unit_of_its_kind() {
    // the unit is the sentence's subject, the post comes later without it
    let x = run("安吉县公安局召开全体民警大会，副局长韩立秋主持会议。");
    assert_eq!(posts(&x), vec!["韩立秋|副局长|安吉县公安局"]);
    // two bureaus: which one is not said, so none is guessed
    let x = run("安吉县公安局和德清县公安局召开联席会议，副局长韩立秋主持会议。");
    assert_eq!(posts(&x), vec!["韩立秋|副局长|"]);
}

#[test]
fn former_posts_are_marked() {
    let x = run("温州市公安局鹿城区分局五马派出所原所长黄志勇退休了。");
    let h = &x.holdings[0];
    assert!(h.former);
    assert_eq!(h.title, "所长");
    // 原 before the unit marks the post as former too; the next person's post stays current
    let x = run("原衢州市公安局副局长钱海涛已调任他职，衢州市公安局副局长孙立群出席会议。");
    let by_person: Vec<(bool, &str)> = x.holdings.iter().map(|h| (h.former, x.people[h.person].name.as_str())).collect();
    assert_eq!(by_person, vec![(true, "钱海涛"), (false, "孙立群")]);
    // also when the unit has no place: 原 is not part of its name
    let x = run("原石桥派出所所长戴国栋已退休。");
    assert_eq!(x.units.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(), vec!["石桥派出所"]);
    assert!(x.holdings[0].former);
}

#[test]
fn byline_names_take_the_publication_as_unit() {
    let lex = Lexicon::builtin();
    let doc = Document::from_text("t", None, "# publication: 法治日报 2024-02-03 第2版
标题
本报记者  余  敏  黄晓东
正文。", &lex);
    let x = extract(&doc, &lex);
    assert_eq!(posts(&x), vec!["余敏|记者|法治日报", "黄晓东|记者|法治日报"]);
}

#[test]
fn post_after_a_comma_belongs_to_the_following_name() {
    let x = run("参加座谈的有丽水市公安局局长何永明，莲都区公安局城西派出所所长金晓燕。");
    assert_eq!(posts(&x), vec!["何永明|局长|丽水市公安局", "金晓燕|所长|城西派出所"]);
}

#[test]
fn words_that_start_with_a_surname_are_not_names() {
    let x = run("全市民警高度重视，全力以赴。民警都能做到。");
    assert!(people(&x).is_empty(), "{:?}", people(&x));
}

#[test]
fn leader_named_before_a_post() {
    let x = run("会议传达了周建华书记的讲话精神。");
    assert_eq!(people(&x), vec!["周建华"]);
}

#[test]
fn agency_dateline_gives_the_reporters_unit() {
    let x = run("新华社杭州3月2日电（记者方一鸣、郑可欣）记者从浙江省公安厅获悉，案件告破。");
    assert_eq!(posts(&x), vec!["方一鸣|记者|新华社", "郑可欣|记者|新华社"]);
}

#[test]
fn role_labels_with_a_colon() {
    let x = run("正文。\n编辑：孔令辉 | 审核：曹雪莹");
    assert_eq!(people(&x), vec!["孔令辉", "曹雪莹"]);
}

#[test]
fn a_modifier_between_unit_and_post_and_a_list_with_he() {
    let x = run("接警后，城东派出所值班民警吕文博和辅警孙浩然赶到现场。");
    assert_eq!(posts(&x), vec!["吕文博|民警|城东派出所", "孙浩然|辅警|城东派出所"]);
}

#[test]
fn government_post_without_a_place_takes_the_articles_county() {
    let x = run("武义县召开会议。武义县公安局参加。副县长何建新出席。");
    assert!(posts(&x).contains(&"何建新|副县长|武义县".to_string()), "{:?}", posts(&x));
}

#[test]
fn functional_sub_unit_after_a_post_of_its_parent() {
    let x = run("福建省公安厅副厅长、刑事侦查总队总队长林海峰介绍了案情。");
    assert!(hierarchy(&x).contains(&"刑事侦查总队<福建省公安厅".to_string()), "{:?}", hierarchy(&x));
    assert!(posts(&x).contains(&"林海峰|总队长|刑事侦查总队".to_string()), "{:?}", posts(&x));
}

#[test]
fn honours_named_like_units_are_not_units() {
    let x = run("该社区先后获评杭州市绿色社区。");
    assert!(units(&x).is_empty(), "{:?}", units(&x));
}

#[test]
fn current_post_later_in_the_subjects_sentence() {
    let x = run("俞海涛，1975年出生，中共党员，现任城西派出所党支部书记、所长。");
    assert_eq!(posts(&x), vec!["俞海涛|党支部书记|城西派出所", "俞海涛|所长|城西派出所"]);
}

#[test]
fn a_whole_chain_after_xianren_reads_as_a_chain_before_a_name() {
    // places, party committees, short forms and the unit carried along, as before a name
    let x = run("社区民警邝云舒介绍了情况。邝云舒现任德清县委常委、县公安局党委书记、局长。");
    let p = posts(&x);
    for want in ["邝云舒|常委|德清县", "邝云舒|党委书记|德清县公安局", "邝云舒|局长|德清县公安局"] {
        assert!(p.contains(&want.to_string()), "{want} not in {p:?}");
    }
    // a government post and a unit's post in one clause
    let x = run("民警岑向晚介绍了情况。岑向晚现任海宁市副市长、海宁市公安局局长。");
    let p = posts(&x);
    assert!(p.contains(&"岑向晚|局长|海宁市公安局".to_string()) && p.iter().any(|h| h.starts_with("岑向晚|副市长|")), "{p:?}");
    // 曾任: former posts
    let x = run("民警岑向晚介绍了情况。岑向晚曾任海宁市公安局党委委员、副局长。");
    assert!(x.holdings.iter().filter(|h| h.title == "副局长" || h.title == "党委委员").all(|h| h.former), "{:?}", posts(&x));
    assert_eq!(x.holdings.iter().filter(|h| h.former).count(), 2, "{:?}", posts(&x));
    // 任 that is no verb of office: nothing read
    let x = run("民警岑向晚介绍了情况。岑向晚任务繁重，局长很关心。");
    assert_eq!(posts(&x), vec!["岑向晚|民警|"]);
}

#[test]
fn a_dotted_name_after_a_spaced_byline_post_is_whole() {
    let x = run("本报记者 邝云舒 通讯员 阿娜尔·托合提\n正文。");
    assert_eq!(people(&x), vec!["邝云舒", "阿娜尔·托合提"]);
    assert!(posts(&x).contains(&"阿娜尔·托合提|通讯员|".to_string()), "{:?}", posts(&x));
}

#[test]
fn a_passive_honour_goes_to_the_sentence_subject_and_its_kind_to_the_right_recipient() {
    // 被某厅记集体二等功: the sentence's subject, not the one who conferred it
    let x = run("德清县公安局新市派出所在处置警情中反应迅速，被浙江省公安厅记集体二等功。");
    assert_eq!(awards(&x), vec!["新市派出所|集体二等功"]);
    // 个人二等功 to the person of the sentence, though a unit is named nearer the honour
    let x = run("民警邝云舒是德清县公安局新市派出所的骨干，伤愈后回到岗位，荣立个人二等功。");
    assert_eq!(awards(&x), vec!["邝云舒|个人二等功"]);
    // a unit's type word starts no name (支 is a surname): 交警支队高速公路一大队 names nobody
    let x = run("许明哲是交警支队高速公路一大队的民警。");
    assert!(!people(&x).iter().any(|p| p.starts_with('支')), "{:?}", people(&x));
}

#[test]
fn a_quoted_name_with_a_modifier_and_a_general_head_is_an_initiative() {
    // a modifier between the quote and a head that only follows quoted names
    let x = run("按照省检察院“清江卫士”专项监督活动部署，他开办了“老许说事”调解工作室。");
    assert_eq!(initiatives(&x), vec!["清江卫士专项监督活动", "老许说事调解工作室"]);
    // but a kind of project, or a head inside a longer word, names nothing
    let x = run("这些“小而精”民生项目受到欢迎，派出所里的“警务通”自助服务区也很方便。");
    assert!(initiatives(&x).is_empty(), "{:?}", initiatives(&x));
}

#[test]
fn an_adverb_of_time_before_a_unit_word_is_no_name() {
    for text in ["副局长许明哲介绍，下一步分局将把平台推广到全区。", "目前派出所已有民警十人。"] {
        let x = run(text);
        assert!(units(&x).is_empty(), "{text}: {:?}", units(&x));
    }
}

#[test]
fn a_place_party_committee_holds_its_posts() {
    // 县委, 市委: the party committee of the place, so the post is the place's
    let x = run("嘉兴市委副书记邝云舒出席会议。");
    assert_eq!(posts(&x), vec!["邝云舒|副书记|嘉兴市"]);
    // a bare 县委 is the article's county, and the committee stays in the title; a party post
    // after one of the committee is the county's too
    let x = run("德清县召开会议，德清县公安局参加。县委书记邝云舒讲话，县委常委、政法委书记许明哲主持。");
    let p = posts(&x);
    for want in ["邝云舒|县委书记|德清县", "许明哲|县委常委|德清县", "许明哲|政法委书记|德清县"] {
        assert!(p.contains(&want.to_string()), "{want} not in {p:?}");
    }
    // no county to be had: the post, without a unit
    let x = run("县委书记邝云舒讲话。");
    assert_eq!(posts(&x), vec!["邝云舒|县委书记|"]);
}

#[test]
fn government_bureaus_and_bare_provincial_government() {
    let x = run("丽水市交通运输局、省政府有关部门参加。浙江省召开会议。");
    let u = units(&x);
    assert!(u.contains(&"丽水市交通运输局".to_string()), "{u:?}");
    assert!(u.contains(&"浙江省".to_string()), "{u:?}");
}

#[test]
fn gei_constructions_name_their_recipients() {
    let x = run("给丽水市公安局莲都区分局城东派出所所长陈志明记个人一等功；给衢州市公安局柯城区分局记集体二等功。");
    assert_eq!(awards(&x), vec!["柯城区分局|集体二等功", "陈志明|个人一等功"]);
}

#[test]
fn notice_lists_one_per_line() {
    let x = run("四、给以下同志记个人二等功：\n孔志远　嘉兴市公安局南湖区分局刑侦大队民警\n范　静　温州市公安局龙湾区分局民警\n五、其他");
    assert_eq!(awards(&x), vec!["孔志远|个人二等功", "范静|个人二等功"]);
    assert!(posts(&x).contains(&"范静|民警|龙湾区分局".to_string()), "{:?}", posts(&x));
}

#[test]
fn grant_verb_with_the_recipient_after_it() {
    let x = run("授予金华市公安局婺城区分局城西派出所“全省公安机关成绩突出派出所”称号。");
    assert_eq!(awards(&x), vec!["城西派出所|全省公安机关成绩突出派出所"]);
}

#[test]
fn and_inside_an_honour_does_not_split_it() {
    let x = run("宁波市公安局海曙区分局荣获“全国公安机关生态环境和资源保护工作先进集体”称号。");
    assert_eq!(awards(&x), vec!["海曙区分局|全国公安机关生态环境和资源保护工作先进集体"]);
}

#[test]
fn short_and_full_court_names_are_one_unit_named_in_full() {
    let x = run("龙泉市法院审理此案。龙泉市人民法院认为，被告人构成犯罪。");
    assert_eq!(units(&x), vec!["龙泉市人民法院"]);
}

#[test]
fn a_repeated_name_may_end_in_a_function_character() {
    let x = run("局长甘大为表示，要加强巡逻。甘大为说，群众满意是标准。");
    assert_eq!(people(&x), vec!["甘大为"]);
    let y = run("所长严有为介绍，今年警情下降。");
    assert_eq!(people(&y), vec!["严有为"]);
    let z = run("民警陈飞为群众排忧解难。");
    assert_eq!(people(&z), vec!["陈飞"]);
}

#[test]
fn ethnic_group_words_are_not_names() {
    let x = run("民警苗族汉子吴大山在村里走访。");
    assert!(!people(&x).iter().any(|p| p.starts_with("苗族")), "{:?}", people(&x));
}

#[test]
fn courts_are_not_placed_under_city_courts() {
    let x = run("丽水市中级人民法院、龙泉市人民法院和丽水市公安局、龙泉市公安局参加。");
    assert_eq!(hierarchy(&x), vec!["龙泉市公安局<丽水市公安局"]);
}

#[test]
fn police_function_short_forms_name_the_same_unit() {
    let x = run("台州市公安局交通警察支队召开会议。交警支队椒江大队大队长蒋海波介绍了经验。");
    assert_eq!(posts(&x), vec!["蒋海波|大队长|椒江大队"]);
    assert!(hierarchy(&x).contains(&"椒江大队<台州市公安局交通警察支队".to_string()), "{:?}", hierarchy(&x));
    assert!(x.units.iter().any(|u| u.aliases.contains(&"交警支队".to_string())));
}

#[test]
fn a_clause_before_a_name_is_not_an_honour() {
    let x = run("武义县人民法院立案庭等15个单位被评为2024年度平安建设先进集体，武义县公安局民警朱立新作交流发言。");
    assert!(!awards(&x).iter().any(|a| a.starts_with("朱立新")), "{:?}", awards(&x));
}

#[test]
fn time_words_are_not_part_of_unit_names() {
    let x = run("武义县召开会议，武义县各部门参加。今年县公安局破获案件120起。");
    assert_eq!(units(&x), vec!["武义县公安局"]);
}

#[test]
fn a_correspondent_is_not_staff_of_the_paper() {
    let lex = Lexicon::builtin();
    let doc = Document::from_text("t", None, "# publication: 某某日报 2024-02-03 第2版\n标题\n本报记者  余  敏  通讯员  黄晓东\n正文。", &lex);
    let x = extract(&doc, &lex);
    assert!(posts(&x).contains(&"余敏|记者|某某日报".to_string()), "{:?}", posts(&x));
    assert!(!posts(&x).iter().any(|p| p.starts_with("黄晓东|通讯员|某某日报")), "{:?}", posts(&x));
}

#[test]
fn dotted_names_after_a_post_and_unit() {
    let x = run("清水河派出所社区民警热依拉·艾海提一起走进了独居老人家。");
    assert_eq!(posts(&x), vec!["热依拉·艾海提|社区民警|清水河派出所"]);
    // a short place form alone before 派出所 is a name, not a link to a county elsewhere
    assert_eq!(x.units[0].place, None);
}

/// Place mentions as `text→code` (`text→?a,b` for namesakes left unlinked).
fn places(x: &Extraction) -> Vec<String> {
    x.mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Place)
        .map(|m| match &m.target {
            Target::Place(code) => format!("{}→{code}", m.text),
            Target::Ambiguous(codes) => format!("{}→?{}", m.text, codes.join(",")),
            _ => unreachable!(),
        })
        .collect()
}

fn unit_place(x: &Extraction, name: &str) -> Vec<Option<String>> {
    x.units.iter().filter(|u| u.name == name).map(|u| u.place.clone()).collect()
}

#[test]
fn a_county_named_alone_links_to_its_division_and_its_bureau_sits_there() {
    let x = run("长兴县公安局近日开展夏季治安巡查，长兴县各乡镇同步行动。");
    assert!(places(&x).contains(&"长兴县→330522".to_string()), "{:?}", places(&x));
    assert_eq!(unit_place(&x, "长兴县公安局"), vec![Some("330522".to_string())]);
}

#[test]
fn a_namesake_district_is_resolved_by_the_city_before_it_and_otherwise_left_unlinked() {
    let x = run("舟山市普陀区公安局民警李海涛巡逻。上海市普陀区公安局民警赵立群值班。");
    let p = places(&x);
    assert!(p.contains(&"普陀区→330903".to_string()) && p.contains(&"普陀区→310107".to_string()), "{p:?}");
    // two units of one name, told apart by their place
    let mut pl = unit_place(&x, "普陀区公安局");
    pl.sort();
    assert_eq!(pl, vec![Some("310107".to_string()), Some("330903".to_string())]);
    // named alone, with nothing in the article to choose by: unlinked, the candidates kept
    let x = run("朝阳区召开安全生产工作会议。");
    assert_eq!(places(&x), vec!["朝阳区→?110105,220104"]);
    // the article's other places choose
    let x = run("北京市公安局召开会议。会后，朝阳区召开安全生产工作会议。");
    assert!(places(&x).contains(&"朝阳区→110105".to_string()), "{:?}", places(&x));
}

#[test]
fn short_forms_and_pointing_words_follow_the_article() {
    let x = run("湖州市公安局召开会议。湖州警方表示，全市将深化平安建设，全省公安机关同步推进。");
    let p = places(&x);
    for want in ["湖州市→330500", "全市→330500", "全省→330000"] {
        assert!(p.contains(&want.to_string()), "no {want} in {p:?}");
    }
    // an everyday word is not a short form: 公安 is the police, not 公安县
    let x = run("公安机关开展平安建设，光明小区民警巡逻。");
    assert!(places(&x).is_empty(), "{:?}", places(&x));
}

#[test]
fn a_renamed_division_links_to_what_it_is_now() {
    let x = run("2008年，襄樊市公安局民警王建军在抗洪中荣立个人一等功。");
    assert!(places(&x).contains(&"襄樊市→420600".to_string()), "{:?}", places(&x));
    assert_eq!(unit_place(&x, "襄樊市公安局"), vec![Some("420600".to_string())]);
}

/// `Text::find_all` (a bucketed bigram index) finds what a plain left-to-right scan finds, for
/// every substring of two to four characters of an article.
#[test]
fn find_all_agrees_with_a_plain_scan() {
    let s = include_str!("../../data/huzhou-sanneng-interview.txt");
    let t = Text::new(s);
    let c = &t.chars;
    let naive = |needle: &[char]| {
        let (mut out, mut i) = (Vec::new(), 0);
        while i + needle.len() <= c.len() {
            if &c[i..i + needle.len()] == needle {
                out.push(i);
                i += needle.len();
            } else {
                i += 1;
            }
        }
        out
    };
    let mut checked = 0;
    for start in (0..c.len().saturating_sub(4)).step_by(7) {
        for len in 2..=4 {
            let needle = &c[start..start + len];
            assert_eq!(t.find_all(needle), naive(needle), "{:?}", needle.iter().collect::<String>());
            checked += 1;
        }
    }
    assert!(checked > 1000);
    assert_eq!(t.find_all(&['\u{10FFFF}', '了']), Vec::<usize>::new());
}

#[test]
fn discipline_bodies_and_party_departments_are_units_of_their_place() {
    let x = run("江西省纪委监委第三监督检查室主任刘志华介绍，南昌市委组织部副部长陈晓东参加座谈。");
    let u = units(&x);
    assert!(u.contains(&"江西省纪委监委".to_string()), "{u:?}");
    assert!(u.contains(&"南昌市委组织部".to_string()), "{u:?}");
    let p = posts(&x);
    assert!(p.contains(&"陈晓东|副部长|南昌市委组织部".to_string()), "{p:?}");
}

#[test]
fn congresses_tribunals_fire_stations_companies_and_customs_are_units() {
    let x = run("武昌区人大常委会主任谭文斌、临江人民法庭庭长周敏、东湖路消防救援站站长廖永康、宁波海关关长吴刚，以及宏远精密机械有限公司董事长钱伟出席。");
    let u = units(&x);
    for want in ["武昌区人大常委会", "临江人民法庭", "东湖路消防救援站", "宁波海关", "宏远精密机械有限公司"] {
        assert!(u.contains(&want.to_string()), "{want}: {u:?}");
    }
    let p = posts(&x);
    for want in ["谭文斌|主任|武昌区人大常委会", "周敏|庭长|临江人民法庭", "廖永康|站长|东湖路消防救援站", "钱伟|董事长|宏远精密机械有限公司"] {
        assert!(p.contains(&want.to_string()), "{want}: {p:?}");
    }
}

#[test]
fn a_county_court_keeps_its_city_in_its_name_a_county_bureau_does_not() {
    let x = run("苏州市姑苏区人民法院法官王丽和苏州市姑苏区公安局民警闫振东一同走访。");
    let u = units(&x);
    assert!(u.contains(&"苏州市姑苏区人民法院".to_string()), "{u:?}");
    assert!(u.contains(&"姑苏区公安局".to_string()), "{u:?}");
    // one identity whichever way an article writes the court
    let short = run("姑苏区人民法院法官王丽走访。");
    let (a, b) = (x.units.iter().find(|u| u.name.ends_with("人民法院")).unwrap(), &short.units[0]);
    assert_eq!(a.key, b.key);
}

#[test]
fn a_word_that_confirms_a_name_is_not_swallowed_by_it_when_repeated() {
    let x = run("民警钟岩说，夜巡要细。钟岩说，群众的事无小事。");
    let p = people(&x);
    assert!(p.contains(&"钟岩".to_string()), "{p:?}");
    assert!(!p.iter().any(|n| n.ends_with('说') || n.ends_with('摄')), "{p:?}");
}

#[test]
fn a_photo_credit_in_a_byline_names_the_photographer_without_the_mark() {
    let x = run("社区民警走访独居老人。\n本报记者  蒋思远摄\n本报记者  蒋思远");
    let p = people(&x);
    assert_eq!(p, vec!["蒋思远".to_string()]);
}

#[test]
fn honours_before_a_post_chain_go_to_the_person_after_it_even_past_an_unread_unit() {
    let x = run("全国劳动模范、浙江省海宁市电力工程有限责任公司带电作业班班长周强说，要把技术传下去。全国先进工作者，江苏省特种设备检验研究院党委委员、检测团队负责人吴敏说，要守住安全。");
    let a = awards(&x);
    assert!(a.iter().any(|s| s.contains("周强") && s.contains("全国劳动模范")), "{a:?}");
    assert!(a.iter().any(|s| s.contains("吴敏") && s.contains("全国先进工作者")), "{a:?}");
}


#[test]
fn the_name_recogniser_finds_people_no_rule_cue_stands_beside() {
    // residents and passers-by in community stories: no post, no speech verb
    for (text, name) in [("今年春天，村民刘建华在村口开了一家面馆，生意红火。", "刘建华"), ("会后，钱玉芬和邻居们一起打扫了楼道。", "钱玉芬"), ("退休教师韦秀英每天早上都到公园练拳。", "韦秀英")] {
        assert_eq!(people(&run(text)), vec![name.to_string()], "{text}");
    }
    // what a simile compares, and common words, are not taken
    assert!(people(&run("要像杨树一样扎根边疆，保畅通、卫平安。")).is_empty());
}

#[test]
fn the_shipped_name_model_loads_and_scores_spans_in_order() {
    let lex = Lexicon::builtin();
    let d = Doc::new("副局长谭文斌出席会议，民警林晓峰说要守好门。", &lex);
    let k = names::Model::shipped().candidates(&d);
    let got: Vec<String> = k.iter().map(|c| d.str(c.span.start, c.span.end)).collect();
    assert_eq!(got, vec!["谭文斌", "林晓峰"]);
    assert!(k.iter().all(|c| (0.0..=1.0).contains(&c.score) && c.kind == MentionKind::Person));
    // the file round-trips: written again, the same bytes
    let bytes = include_bytes!("../../data/names.model");
    assert_eq!(names::Model::read(bytes).unwrap().write(), bytes.to_vec());
}

#[test]
fn a_common_word_after_a_post_is_no_name() {
    // 展开, 来自, 游客 start with surname characters; after a post or a cue they are no names
    let x = run("民警展开资金查询。辅警来自天津，同事游客般打量四周。");
    assert!(people(&x).is_empty(), "{:?}", people(&x));
}

#[test]
fn settlement_chains_give_villages_under_towns() {
    // 乾元镇 is a township of the gazetteer (in 德清县 only); 青枫村 is invented
    let x = run("德清县乾元镇青枫村党支部书记吴子墨带领村民修路。2019年，周若溪任青枫村第一书记。");
    assert_eq!(units(&x), vec!["乾元镇", "青枫村"]);
    assert_eq!(hierarchy(&x), vec!["青枫村<乾元镇"]);
    assert_eq!(posts(&x), vec!["吴子墨|党支部书记|青枫村", "周若溪|第一书记|青枫村"]);
    let town = x.units.iter().find(|u| u.name == "乾元镇").unwrap();
    // known beyond the article by its county: there are townships of one name in many counties
    assert!(town.global);
    assert_eq!(town.key, "330521/乾元镇");
    assert_eq!(town.place.as_deref(), Some("330521"));
    // a village is known through its town, in its article
    assert!(!x.units.iter().find(|u| u.name == "青枫村").unwrap().global);
}

#[test]
fn a_settlement_named_only_as_a_place_is_no_unit() {
    let x = run("记者来到德清县乾元镇，镇上的集市很热闹。新市镇的老街也修好了。");
    assert_eq!(units(&x), Vec::<String>::new());
    // 新市镇 is a township of ten counties: governed, it is a unit known in its article only
    let y = run("新市镇党委书记沈一舟说，老街修好了。");
    assert_eq!(posts(&y), vec!["沈一舟|党委书记|新市镇"]);
    assert!(!y.units[0].global);
}

#[test]
fn settlements_need_a_certain_name() {
    // phrases that end with a settlement's character: no place, no township, no post
    let x = run("他走遍了全县的贫困村，帮助美丽乡村建设，推动城乡融合。两个贫困镇党委书记也来了。");
    assert_eq!(units(&x), Vec::<String>::new());
    // 驻村第一书记 is a post, not a village named 驻村
    let y = run("德清县乾元镇青枫村驻村第一书记周若溪说，路修好了。");
    assert_eq!(posts(&y), vec!["周若溪|驻村第一书记|青枫村"]);
}

#[test]
fn a_unit_named_after_a_settlement_keeps_its_name() {
    // as before settlements were units: the town is part of the name, not a parent
    let x = run("德清县乾元镇卫生院院长吴子墨介绍了情况。");
    assert!(units(&x).iter().all(|u| u != "乾元镇"), "{:?}", units(&x));
    let y = run("德清县乾元镇青枫村社区服务中心主任周若溪介绍了情况。");
    assert!(units(&y).iter().all(|u| u != "青枫村"), "{:?}", units(&y));
}

#[test]
fn courts_keep_their_official_names() {
    // a district court of a municipality is named with the municipality, as a county court is
    // with its city
    let x = run("天津市河西区人民法院审结了一批案件。");
    assert_eq!(units(&x), vec!["天津市河西区人民法院"]);
    // a specialised court is named with the short form of its place, not the full one
    let y = run("北京金融法院和广州互联网法院发布了典型案例。");
    assert_eq!(units(&y), vec!["北京金融法院", "广州互联网法院"]);
}

#[test]
fn parts_of_a_company_are_named_with_it() {
    let x = run("记者来到江州远航重工有限公司铸造分厂，分厂工艺员罗一帆正在调试设备。");
    assert!(units(&x).contains(&"江州远航重工有限公司铸造分厂".to_string()), "{:?}", units(&x));
    assert_eq!(hierarchy(&x), vec!["江州远航重工有限公司铸造分厂<江州远航重工有限公司"]);
    // a part's type word that ends a common word or a post is no part (全部, 干部)
    let y = run("江州远航重工有限公司全部干部职工参加了培训。");
    assert_eq!(hierarchy(&y), Vec::<String>::new());
    // and without a company or an institute before it, no part at all
    let z = run("他在技术中心和铸造车间之间来回奔走。");
    assert_eq!(units(&z), Vec::<String>::new());
}

#[test]
fn party_committee_posts_are_read_whole() {
    let x = run("嘉兴市第一医院党委常委、副院长韩知远，街道党工委委员、组织委员沈清禾出席。");
    let p = posts(&x);
    assert!(p.contains(&"韩知远|党委常委|嘉兴市第一医院".to_string()), "{p:?}");
    assert!(p.iter().any(|h| h.starts_with("沈清禾|组织委员|")), "{p:?}");
    assert!(!p.iter().any(|h| h.starts_with("韩知远|常委|") || h.starts_with("沈清禾|委员|")), "{p:?}");
}

#[test]
fn a_word_that_follows_names_is_no_name() {
    // 强调 follows names (某某强调); with a surname character first it is still no name
    let x = run("会上，总书记强调要抓好落实。队长曾提出三条意见。");
    assert_eq!(people(&x), Vec::<String>::new());
}

#[test]
fn initiatives_bounded_by_a_cue_may_be_long() {
    let x = run("今年以来，全县大力实施乡村道路环境综合整治攻坚行动，各镇建立起警医协作联动机制。");
    assert_eq!(initiatives(&x), vec!["乡村道路环境综合整治攻坚行动", "警医协作联动机制"]);
}

#[test]
fn manners_and_kinds_are_no_initiatives() {
    // a manner (某某式) and a mechanism named by two characters alone name nothing
    let x = run("各地开展“拉网式”排查，并启动预警机制。");
    assert_eq!(initiatives(&x), Vec::<String>::new());
    // a four-character phrase that starts with a number word is a name, not a numeric catchword
    let y = run("该局推出“一证速办”服务。");
    assert_eq!(initiatives(&y), vec!["一证速办"]);
}

#[test]
fn a_party_department_hangs_under_its_place() {
    let x = run("德清县委组织部部长沈一舟出席活动。德清县副县长韩知远也来了。");
    assert_eq!(hierarchy(&x), vec!["德清县委组织部<德清县"]);
    // the place's unit is the one its government posts go to
    assert!(posts(&x).contains(&"韩知远|副县长|德清县".to_string()), "{:?}", posts(&x));
    assert_eq!(x.units.iter().filter(|u| u.name == "德清县").count(), 1);
    // a government post in a list after another unit's post is not that unit's
    let y = run("德清县委组织部部长沈一舟、副县长韩知远出席活动。");
    assert!(!posts(&y).iter().any(|p| p.starts_with("韩知远|副县长|德清县委")), "{:?}", posts(&y));
}

#[test]
fn a_role_noun_and_a_speech_verb_frame_a_name() {
    let x = run("厂里的老技术员钱穆川说，这台机器用了二十年。村民们表示支持。");
    assert_eq!(people(&x), vec!["钱穆川"]);
    // a credit after the text: names, then 参与采写
    let y = run("（韩知远、沈一舟参与采写）");
    assert_eq!(people(&y), vec!["沈一舟", "韩知远"]);
}

#[test]
fn posthumous_honours_and_ranked_chains() {
    let x = run("省人力资源和社会保障厅追授韩知远同志“全省模范检察官”称号。");
    assert_eq!(awards(&x), vec!["韩知远|全省模范检察官"]);
    // 等 of a rank (一等功臣) is no list's 等; a memorial's 追记 is no part of the honour
    let y = run("——追记一等功臣、全国优秀共产党员、某某边境管理大队原副大队长沈一舟");
    assert_eq!(awards(&y), vec!["沈一舟|一等功臣", "沈一舟|全国优秀共产党员"]);
}

#[test]
fn customs_and_discipline_groups_nest() {
    let x = run("上报海关总署缉私局后，杭州海关所属钱江海关配合行动。德清县纪委监委第三派驻纪检监察组组长沈一舟说。");
    assert_eq!(
        hierarchy(&x),
        vec!["德清县纪委监委第三派驻纪检监察组<德清县纪委监委", "海关总署缉私局<海关总署", "钱江海关<杭州海关"]
    );
    assert!(posts(&x).contains(&"沈一舟|组长|德清县纪委监委第三派驻纪检监察组".to_string()), "{:?}", posts(&x));
}

#[test]
fn bureaus_of_development_zones() {
    let x = run("德清高新区市场监管局行政审批科科长邹一鸣说。");
    assert_eq!(hierarchy(&x), vec!["德清高新区市场监管局行政审批科<德清高新区市场监管局"]);
    let y = run("青枫新区经济发展局、青枫新区投资促进局联合发文。");
    assert_eq!(units(&y), vec!["青枫新区投资促进局", "青枫新区经济发展局"]);
    // a phrase before the zone word is no zone's name
    let z = run("他试着协调新区经济发展局解决问题。");
    assert!(units(&z).iter().all(|u| !u.contains("协调")), "{:?}", units(&z));
}

#[test]
fn a_village_committee_is_its_village() {
    let x = run("德清县乾元镇青枫村村委会主任周若溪说，路修好了。");
    assert_eq!(units(&x), vec!["乾元镇", "青枫村"]);
    assert_eq!(posts(&x), vec!["周若溪|主任|青枫村"]);
}

#[test]
fn a_community_named_alone_must_act_as_one() {
    let x = run("为了尽快熟悉社区情况，他走访了很多家庭。资金持续反哺社区建设。");
    assert_eq!(units(&x), Vec::<String>::new());
    let y = run("青枫巷社区党委书记周若溪介绍，青枫巷社区网格员每天巡查。");
    assert_eq!(units(&y), vec!["青枫巷社区"]);
}

#[test]
fn a_list_of_names_shares_the_posts_before_its_first() {
    let x = run("（本报记者韩知远、沈一舟、周若溪、邹一鸣）");
    assert_eq!(posts(&x).iter().filter(|p| p.contains("|记者|")).count(), 4, "{:?}", posts(&x));
}

#[test]
fn a_credited_agency_employs_its_reporter() {
    let lex = Lexicon::builtin();
    let mut doc = Document::from_text("t", None, "（据新华社杭州3月2日电  记者沈一舟）", &lex);
    doc.meta.publication = Some("人民日报".into());
    let x = extract(&doc, &lex);
    assert_eq!(posts(&x), vec!["沈一舟|记者|新华社"]);
}

// careers: attributes, dated posts, appointments, removals, proposed posts

fn careers(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x
        .holdings
        .iter()
        .map(|h| {
            let state = if h.proposed { "proposed" } else if h.former { "former" } else { "held" };
            let unit = h.unit.map(|u| x.units[u].name.clone()).unwrap_or_default();
            format!("{}|{}|{}|{}|{}|{}", x.people[h.person].name, h.title, unit, h.start.clone().unwrap_or_default(), h.end.clone().unwrap_or_default(), state)
        })
        .collect();
    v.sort();
    v
}

fn attributes(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.attributes.iter().map(|a| format!("{}|{}|{}", x.people[a.person].name, a.kind.as_str(), a.value)).collect();
    v.sort();
    v
}

#[test]
fn a_profile_states_every_attribute() {
    let x = run("甘文博，男，汉族，1979年11月生，江西万安人，2001年7月参加工作，2003年5月加入中国共产党，研究生学历，工学硕士。现任某县公安局副局长。");
    assert_eq!(
        attributes(&x),
        [
            "甘文博|birth|1979-11",
            "甘文博|degree|工学硕士",
            "甘文博|education|研究生学历",
            "甘文博|ethnicity|汉族",
            "甘文博|gender|男",
            "甘文博|native_place|江西万安",
            "甘文博|party_joined|2003-05",
            "甘文博|work_started|2001-07",
        ]
    );
    // the native place is linked to its county when the gazetteer knows it
    let np = x.attributes.iter().find(|a| a.kind == AttributeKind::NativePlace).expect("native place");
    assert_eq!(np.place.as_deref(), Some("360828"));
    x.check(&Document::from_text("t", None, "", &Lexicon::builtin()).text).ok();
}

#[test]
fn attribute_spans_are_the_values_as_written() {
    let text = "乔振宇，女，蒙古族，1985.04生，大学学历。";
    let x = run(text);
    let chars: Vec<char> = text.chars().collect();
    for a in &x.attributes {
        let written: String = chars[a.span.start..a.span.end].iter().collect();
        assert!(written.contains(a.value.split('-').next().unwrap_or("")), "{a:?} reads {written}");
        assert!(a.evidence.start <= a.span.start && a.span.end <= a.evidence.end);
    }
    assert_eq!(attributes(&x), ["乔振宇|birth|1985-04", "乔振宇|education|大学学历", "乔振宇|ethnicity|蒙古族", "乔振宇|gender|女"]);
}

#[test]
fn labelled_fields_are_read_like_clauses() {
    let x = run("姓名：甘文博\n性别：男\n民族：汉族\n出生年月：1979.11\n籍贯：江西省万安县\n入党时间：2003.05\n参加工作时间：2001.07\n学历：在职研究生\n学位：法学博士学位\n现任职务：某县公安局副局长");
    assert_eq!(
        attributes(&x),
        [
            "甘文博|birth|1979-11",
            "甘文博|degree|法学博士",
            "甘文博|education|在职研究生",
            "甘文博|ethnicity|汉族",
            "甘文博|gender|男",
            "甘文博|native_place|江西省万安县",
            "甘文博|party_joined|2003-05",
            "甘文博|work_started|2001-07",
        ]
    );
}

#[test]
fn a_birth_day_is_kept_to_its_month_and_an_age_is_no_birth() {
    let x = run("甘文博，男，1979年11月3日出生，江西万安人，2001年7月15日参加工作。");
    assert!(attributes(&x).contains(&"甘文博|birth|1979-11".to_string()), "{:?}", attributes(&x));
    assert!(attributes(&x).contains(&"甘文博|work_started|2001-07".to_string()), "{:?}", attributes(&x));
    let x = run("甘文博，男，45岁，江西万安人。");
    assert!(!attributes(&x).iter().any(|a| a.contains("birth")), "{:?}", attributes(&x));
}

#[test]
fn biography_lines_date_each_post_and_a_chain_gives_each_post_its_unit() {
    let x = run("甘文博简历\n甘文博，男，汉族，1970年10月出生。\n1988.09—1992.07 某某大学法律系学习\n1992.07—1998.03 万安县公安局治安大队民警\n1998.03－2005.06 万安县公安局刑警大队副大队长、大队长\n2005.06-2019.02 吉安市公安局副局长\n2019.02— 吉安市公安局局长");
    assert_eq!(
        careers(&x),
        [
            "甘文博|副大队长|万安县公安局刑警大队|1998-03|2005-06|former",
            "甘文博|副局长|吉安市公安局|2005-06|2019-02|former",
            "甘文博|大队长|万安县公安局刑警大队|1998-03|2005-06|former",
            "甘文博|局长|吉安市公安局|2019-02||held",
            "甘文博|民警|万安县公安局治安大队|1992-07|1998-03|former",
        ]
    );
}

#[test]
fn an_open_range_and_a_current_post_line_date_the_post_held_now() {
    let x = run("甘文博，男，1970年10月出生。现任吉安市公安局局长。\n2005.06—2019.02 吉安市公安局副局长\n2019.02—至今 吉安市公安局局长");
    assert!(careers(&x).contains(&"甘文博|局长|吉安市公安局|2019-02||held".to_string()), "{:?}", careers(&x));
    let x = run("甘文博，男，1970年10月出生。现任吉安市公安局局长。\n2019.02— 现职");
    assert_eq!(careers(&x), ["甘文博|局长|吉安市公安局|2019-02||held"]);
}

#[test]
fn prose_careers_are_former_undated_posts() {
    let x = run("甘文博，男，1970年10月出生，历任万安县公安局副局长、吉安市公安局治安支队支队长，现任吉安市公安局副局长。");
    let c = careers(&x);
    assert!(c.contains(&"甘文博|副局长|万安县公安局|||former".to_string()), "{c:?}");
    assert!(c.contains(&"甘文博|支队长|吉安市公安局治安支队|||former".to_string()), "{c:?}");
    assert!(c.contains(&"甘文博|副局长|吉安市公安局|||held".to_string()), "{c:?}");
}

#[test]
fn proposed_posts_are_never_held() {
    let x = run("甘文博，男，汉族，1979年11月生，研究生学历。现任万安县公安局副局长，拟任万安县公安局局长。\n乔振宇，女，1983年2月生，拟提名为万安县副县长候选人。");
    assert_eq!(
        careers(&x),
        ["乔振宇|副县长|万安县|||proposed", "甘文博|副局长|万安县公安局|||held", "甘文博|局长|万安县公安局|||proposed"]
    );
}

#[test]
fn appointments_start_and_removals_end_on_the_notice_date() {
    let x = run("某市人民政府关于甘文博等同志职务任免的通知\n经研究决定：\n任命甘文博为吉安市交通运输局局长；\n免去乔振宇的吉安市交通运输局局长职务；\n任命石志坚为吉安市教育局副局长，免去其吉安市民政局副局长职务。\n吉安市人民政府\n2025年3月12日");
    assert_eq!(
        careers(&x),
        [
            "乔振宇|局长|吉安市交通运输局||2025-03-12|former",
            "甘文博|局长|吉安市交通运输局|2025-03-12||held",
            "石志坚|副局长|吉安市教育局|2025-03-12||held",
            "石志坚|副局长|吉安市民政局||2025-03-12|former",
        ]
    );
}

#[test]
fn an_appointment_with_a_stated_date_starts_then() {
    let x = run("经研究决定：自2025年6月1日起，任命甘文博为吉安市交通运输局局长。\n2025年5月20日");
    assert_eq!(careers(&x), ["甘文博|局长|吉安市交通运输局|2025-06-01||held"]);
}

#[test]
fn a_person_who_no_longer_holds_a_post_leaves_it() {
    let x = run("经研究决定：甘文博同志不再担任吉安市交通运输局局长职务。\n2025年4月2日");
    assert_eq!(careers(&x), ["甘文博|局长|吉安市交通运输局||2025-04-02|former"]);
}

#[test]
fn dates_are_read_as_precisely_as_written() {
    use super::rules::careers::date_at;
    let d = |s: &str| date_at(&s.chars().collect::<Vec<_>>(), 0).map(|(v, _)| v);
    assert_eq!(d("1976年3月生").as_deref(), Some("1976-03"));
    assert_eq!(d("1976年3月5日").as_deref(), Some("1976-03-05"));
    assert_eq!(d("2003.09—2011.12").as_deref(), Some("2003-09"));
    assert_eq!(d("2003-9-5").as_deref(), Some("2003-09-05"));
    assert_eq!(d("２００３年").as_deref(), Some("2003"));
    assert_eq!(d("1998年入伍").as_deref(), Some("1998"));
    assert_eq!(d("2003.13").as_deref(), Some("2003"));
    assert_eq!(d("12345"), None);
    assert_eq!(d("1850年"), None);
}

#[test]
fn a_section_named_before_a_post_is_a_unit_of_its_bureau() {
    let x = run("甘文博现任吉安市财政局预算科科长。乔振宇系吉安市公安局科技信息化处副处长。");
    assert_eq!(hierarchy(&x), ["吉安市公安局科技信息化处<吉安市公安局", "吉安市财政局预算科<吉安市财政局"]);
    // without a post after it a section word names nothing (工作人员处理 is no unit)
    let x = run("吉安市财政局工作人员处理了此事。");
    assert_eq!(units(&x), ["吉安市财政局"]);
}

#[test]
fn dated_clauses_in_prose_date_their_posts_and_a_later_post_ends_an_earlier_one() {
    let x = run("乔振宇，女，汉族，1973年4月出生。现任吉安市人民法院院长。1995年8月参加工作，2011年3月至2016年9月任万安县人民法院院长；2016年9月任吉安市中级人民法院副院长；2021年8月起任吉安市人民法院院长。");
    let c = careers(&x);
    assert!(c.contains(&"乔振宇|院长|万安县人民法院|2011-03|2016-09|former".to_string()), "{c:?}");
    assert!(c.contains(&"乔振宇|副院长|吉安市中级人民法院|2016-09||former".to_string()), "{c:?}");
    assert!(c.contains(&"乔振宇|院长|吉安市人民法院|2021-08||held".to_string()), "{c:?}");
}

#[test]
fn every_name_of_an_appointment_list_takes_its_posts() {
    let x = run("经研究决定：\n任命：\n甘文博、乔振宇为吉安市人民法院审判员；\n石志坚为吉安市人民检察院检察员。\n2025年4月28日");
    assert_eq!(
        careers(&x),
        ["乔振宇|审判员|吉安市人民法院|2025-04-28||held", "甘文博|审判员|吉安市人民法院|2025-04-28||held", "石志坚|检察员|吉安市人民检察院|2025-04-28||held"]
    );
}

#[test]
fn removals_listed_under_a_heading_end_on_the_notice_date() {
    let x = run("决定免去：\n甘文博的吉安市人民检察院检察员职务；\n乔振宇的吉安市人民法院审判员职务。\n2025年4月28日");
    assert_eq!(careers(&x), ["乔振宇|审判员|吉安市人民法院||2025-04-28|former", "甘文博|检察员|吉安市人民检察院||2025-04-28|former"]);
}

#[test]
fn each_decision_takes_the_date_its_lead_states_else_the_notice_date() {
    let x = run("发布时间：2025-10-10\n2025年9月26日，吉安市人大常委会会议决定：\n任命甘文博为吉安市监察委员会委员；\n经吉安市纪委常委会研究决定：乔振宇同志任吉安市公安局副局长。");
    assert_eq!(careers(&x), ["乔振宇|副局长|吉安市公安局|2025-10-10||held", "甘文博|委员|吉安市监察委员会|2025-09-26||held"]);
}
#[test]
fn native_places_and_education_without_labels_or_with_wenhua() {
    let x = run("甘文博，男，1976年3月出生，汉族，籍贯浙江长兴，大学文化，中共党员。");
    assert_eq!(attributes(&x), ["甘文博|birth|1976-03", "甘文博|education|大学文化", "甘文博|ethnicity|汉族", "甘文博|gender|男", "甘文博|native_place|浙江长兴"]);
}

#[test]
fn a_name_after_a_proposing_word_is_proposed_not_appointed() {
    let x = run("经研究，拟提名甘文博为万安县县长候选人，拟推荐乔振宇为万安县政协副主席人选。");
    assert_eq!(careers(&x), ["乔振宇|副主席|万安县政协|||proposed", "甘文博|县长|万安县|||proposed"]);
}

#[test]
fn a_secondment_is_a_post_held_from_the_notice_date() {
    let x = run("经研究决定：甘文博同志挂职任万安县副县长（挂职时间两年）。
2025年3月1日");
    assert_eq!(careers(&x), ["甘文博|副县长|万安县|2025-03-01||held"]);
}

#[test]
fn a_biography_headed_by_its_name_reads_its_labelled_lines_and_dated_lines() {
    let x = run("甘文博简历
出生年月：1976年3月
性别：男
1998年8月—2003年9月  万安县公安局民警
2003年9月—今  万安县公安局副局长");
    assert_eq!(attributes(&x), ["甘文博|birth|1976-03", "甘文博|gender|男"]);
    assert_eq!(careers(&x), ["甘文博|副局长|万安县公安局|2003-09||held", "甘文博|民警|万安县公安局|1998-08|2003-09|former"]);
}

#[test]
fn a_candidacy_is_proposed_with_or_without_ni() {
    let x = run("经研究决定：甘文博同志任万安县芙蓉镇党委副书记，提名为芙蓉镇镇长候选人；提名乔振宇同志为万安县城投集团有限公司董事长人选。\n2025年3月1日");
    let c = careers(&x);
    assert!(c.iter().any(|r| r.starts_with("甘文博|镇长|") && r.ends_with("|proposed")), "{c:?}");
    assert!(c.iter().any(|r| r.starts_with("甘文博|党委副书记|") && r.ends_with("|held")), "{c:?}");
    assert!(c.iter().any(|r| r.starts_with("乔振宇|董事长|") && r.ends_with("|proposed")), "{c:?}");
    // 推荐 in a news sentence proposes nothing
    let x = run("专家推荐甘文博为大家讲解安全知识。");
    assert!(x.holdings.iter().all(|h| !h.proposed), "{:?}", careers(&x));
}

#[test]
fn a_short_city_bureau_after_a_county_level_city_is_that_citys() {
    // 瑞金 is a county-level city of 赣州: 市公安局 after 瑞金市副市长 is 瑞金市's, not 赣州市's
    let x = run("赣州市召开会议。瑞金市副市长、市公安局党委书记、局长甘文博出席。");
    assert!(posts(&x).contains(&"甘文博|局长|瑞金市公安局".to_string()), "{:?}", posts(&x));
}

#[test]
fn a_post_whose_written_unit_is_not_found_is_not_given_without_one() {
    // 装配科 is no unit the rules know: 副科长 with no unit would be wrong, so it is left out; the
    // post of the unit found beside it stays
    let x = run("甘文博，男，1970年10月出生。\n1992.07—1999.03 吉安市第二机械厂装配科副科长\n1999.03—2005.08 吉安市公安局民警");
    let c = careers(&x);
    assert!(!c.iter().any(|r| r.starts_with("甘文博|副科长||")), "{c:?}");
    assert!(c.contains(&"甘文博|民警|吉安市公安局|1999-03|2005-08|former".to_string()), "{c:?}");
}
