use super::*;

fn lex() -> Lexicon {
    Lexicon::builtin()
}

#[test]
fn forum_chrome_is_removed_and_metadata_read() {
    let raw = "某某论坛\n\n搜索\n查看: 12|回复: 0\n[本地新闻] 某县公安局召开会议\n[复制链接]\n发表于 2022-3-7 09:00:01|来自:中国\n      正文第一段。\n0.jpg\n来源:某县公安\n回复\n\n使用道具 举报\n返回顶部 返回列表\n";
    let c = clean_text(raw, &lex());
    assert_eq!(c.text, "某县公安局召开会议\n正文第一段。");
    assert_eq!(c.meta.title.as_deref(), Some("某县公安局召开会议"));
    assert_eq!(c.meta.date.as_deref(), Some("2022-03-07"));
    assert_eq!(c.meta.source.as_deref(), Some("某县公安"));
}

#[test]
fn a_byline_on_a_source_or_posted_line_is_kept_as_text() {
    // 来源：paper, then the byline: the source is metadata, the byline text
    let c = clean_text("标题\n来源：某某晚报  记者 甲某某  通讯员 乙某某\n正文。\n", &lex());
    assert_eq!(c.meta.source.as_deref(), Some("某某晚报"));
    assert_eq!(c.text, "标题\n某某晚报  记者 甲某某  通讯员 乙某某\n正文。");
    // a forum's posted line with segments: the date, the source, the author's byline kept
    let c = clean_text("标题\n发表于 2025-01-18 09:42 | 来源：某某日报客户端 | 作者：某某日报记者 丙某某\n正文。\n", &lex());
    assert_eq!(c.meta.date.as_deref(), Some("2025-01-18"));
    assert_eq!(c.meta.source.as_deref(), Some("某某日报客户端"));
    assert_eq!(c.text, "标题\n作者：某某日报记者 丙某某\n正文。");
}

#[test]
fn header_comments_and_dateline_give_publication_and_date() {
    let raw = "# source: somewhere\n# publication: 某某日报 2024-05-10 第03版\n\n标题一行\n\n《某某日报》（2024年05月10日第 03 版）\n正文。\n";
    let c = clean_text(raw, &lex());
    assert_eq!(c.meta.publication.as_deref(), Some("某某日报"));
    assert_eq!(c.meta.date.as_deref(), Some("2024-05-10"));
    assert_eq!(c.meta.title.as_deref(), Some("标题一行"));
    assert!(c.text.starts_with("标题一行\n《某某日报》"));
}

#[test]
fn dates_in_common_forms() {
    assert_eq!(clean::parse_date("2021-11-3 16:24").as_deref(), Some("2021-11-03"));
    assert_eq!(clean::parse_date("2025年01月08日").as_deref(), Some("2025-01-08"));
    assert_eq!(clean::parse_date("2025-13-40"), None);
}

const ARTICLE: &str = "某县公安局民警在社区巡逻，群众纷纷点赞。派出所所长介绍了今年的工作。";

fn text(bytes: &[u8]) -> String {
    decode(bytes, None).unwrap().text
}

#[test]
fn decode_detects_gbk_gb18030_and_big5_without_being_told() {
    let (gbk, _, _) = encoding_rs::GBK.encode(ARTICLE);
    let d = decode(&gbk, None).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), (ARTICLE, "GBK"));
    let (gb18030, _, _) = encoding_rs::GB18030.encode(ARTICLE);
    assert_eq!(text(&gb18030), ARTICLE);
    let trad = "某縣公安局民警在社區巡邏，群眾紛紛點讚。派出所所長介紹了今年的工作。";
    let (big5, _, _) = encoding_rs::BIG5.encode(trad);
    let d = decode(&big5, None).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), (trad, "Big5"));
}

#[test]
fn decode_follows_byte_order_marks() {
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice("文本".as_bytes());
    assert_eq!(text(&utf8), "文本");
    for (bom, be) in [([0xFF, 0xFE], false), ([0xFE, 0xFF], true)] {
        let mut b = bom.to_vec();
        for u in ARTICLE.encode_utf16() {
            b.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        let d = decode(&b, None).unwrap();
        assert_eq!(d.text, ARTICLE);
        assert_eq!(d.encoding, if be { "UTF-16BE" } else { "UTF-16LE" });
    }
}

#[test]
fn an_encoding_given_overrides_detection_and_must_fit() {
    let (gbk, _, _) = encoding_rs::GBK.encode(ARTICLE);
    assert_eq!(decode(&gbk, Some("gbk")).unwrap().text, ARTICLE);
    assert_eq!(decode(&gbk, Some(" GB2312 ")).unwrap().text, ARTICLE);
    let e = decode(ARTICLE.as_bytes(), Some("big5")).unwrap_err();
    assert!(e.contains("not valid Big5") && e.contains("offset 0"), "{e}");
    let e = decode("abc某".as_bytes(), Some("big5")).unwrap_err();
    assert!(e.contains("offset 3"), "{e}");
    assert!(decode(b"x", Some("klingon")).unwrap_err().contains("unknown encoding"));
}

#[test]
fn binary_is_refused_and_broken_utf8_is_repaired_not_turned_into_mojibake() {
    assert!(decode(&[0, 1, 2, 3, 0], None).unwrap_err().contains("binary"));
    // a download cut in the middle of a character
    let bytes = ARTICLE.as_bytes();
    let cut = &bytes[..bytes.len() - 1];
    let d = decode(cut, None).unwrap();
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.text, ARTICLE.strip_suffix('。').unwrap());
    assert!(d.repair.unwrap().contains("truncated"));
    // one stray byte in a UTF-8 article stays UTF-8 (a legacy-encoding guess would garble it all)
    let mut stray = "民警在社区巡逻".as_bytes().to_vec();
    stray.push(0xFF);
    stray.extend_from_slice(ARTICLE.as_bytes());
    let d = decode(&stray, None).unwrap();
    assert_eq!(d.text, format!("民警在社区巡逻\u{fffd}{ARTICLE}"));
    assert!(d.repair.unwrap().contains("1 invalid UTF-8"));
    // random bytes are not text in any encoding
    let noise: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80).collect();
    let e = decode(&noise, None).unwrap_err();
    assert!(e.starts_with("not text"), "{e}");
}

#[test]
fn html_body_without_scripts_and_navigation() {
    let html = "<html><head><title>标题</title><meta name=\"pubdate\" content=\"2023-06-01\"><script>var x=1;</script></head><body><nav>首页 新闻</nav><div><p>第一段。</p><p>第二段。</p></div><footer>版权</footer></body></html>";
    let p = html::to_text(html);
    assert_eq!(p.title.as_deref(), Some("标题"));
    assert_eq!(p.date.as_deref(), Some("2023-06-01"));
    let c = clean_text(&p.text, &lex());
    // the headline is evidence too: it leads the text when the body does not repeat it
    assert_eq!(c.text, "标题\n第一段。\n第二段。");
}

#[test]
fn html_chrome_named_by_class_or_id_is_dropped_and_page_metadata_read() {
    let html = r#"<!DOCTYPE html><html><head><title>某县公安局开展夏季治安巡查_某某县人民政府网</title>
<meta name="ContentSource" content="某县公安局"><style>.x{}</style></head><body>
<div class="top-nav"><a>首页</a><a>政务公开</a></div>
<div class="position">当前位置：首页 &gt; 工作动态</div>
<div class="info">发布时间：2023-06-02 09:30　来源：某县公安局</div>
<div id="zoom"><p>6月1日，某县公安局组织民警开展夏季治安巡查。</p>
<div class="share-box">分享到微信朋友圈</div>
<p style="display: none">隐藏的统计代码文字文字文字</p>
<p>巡查覆盖全县十二个乡镇，排查隐患三十余处。</p></div>
<div class="related_news"><li>相关新闻：另一个县召开会议</li></div>
<div id="footer">版权所有 某县人民政府 网站标识码</div></body></html>"#;
    let p = html::to_text(html);
    assert_eq!(p.title.as_deref(), Some("某县公安局开展夏季治安巡查"));
    assert_eq!(p.date.as_deref(), Some("2023-06-02"));
    assert_eq!(p.source.as_deref(), Some("某县公安局"));
    let c = clean_text(&p.text, &lex());
    assert_eq!(
        c.text,
        "某县公安局开展夏季治安巡查\n6月1日，某县公安局组织民警开展夏季治安巡查。\n巡查覆盖全县十二个乡镇，排查隐患三十余处。"
    );
}

#[test]
fn a_forum_thread_gives_its_first_post_not_the_replies() {
    let html = r#"<html><head><title>[本地新闻] 某镇派出所民警救助落水群众 - 某某论坛 - Powered by Discuz!</title></head><body>
<div id="hd"><div class="hdc">某某论坛</div><form id="scbar_form"><input name="srchtxt"></form></div>
<div id="postlist">
<div id="post_101"><table><tr><td class="pls">楼主 用户甲</td><td class="plc"><em id="authorposton101">发表于 2022-3-7 09:00:01</em>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_101"><i class="pstatus">本帖最后由 用户甲 于 2022-3-7 10:00 编辑</i>
3月6日，某镇派出所民警在河边巡逻时救起一名落水群众，群众送来锦旗表示感谢。</td></tr></table></div></td></tr></table></div>
<div id="post_102"><table><tr><td class="t_f" id="postmessage_102">点赞！民警辛苦了，我们小区也需要这样的好民警。</td></tr></table></div>
</div>
<div id="f_pst"><textarea>回复框</textarea><p class="fastpost-tip">您需要登录后才可以回帖 登录 | 立即注册</p></div>
</body></html>"#;
    let p = html::to_text(html);
    assert_eq!(p.date.as_deref(), Some("2022-03-07"));
    let c = clean_text(&p.text, &lex());
    assert!(c.text.contains("3月6日，某镇派出所民警在河边巡逻时救起一名落水群众"), "{}", c.text);
    assert!(!c.text.contains("点赞"), "a reply leaked: {}", c.text);
    assert!(!c.text.contains("编辑") && !c.text.contains("登录") && !c.text.contains("论坛"), "{}", c.text);
    assert_eq!(c.meta.title.as_deref(), Some("某镇派出所民警救助落水群众"));
}

#[test]
fn hostile_html_does_not_crash_or_lose_the_text() {
    // 100,000 unclosed <div>s, then text; and a soup of broken tags
    let deep = format!("<html><body>{}<p>深处的正文，某县公安局民警巡逻。</p></body></html>", "<div>".repeat(100_000));
    let p = html::to_text(&deep);
    assert!(p.text.contains("深处的正文，某县公安局民警巡逻。"));
    assert!(p.warning.unwrap().contains("100002 levels deep"));
    // nesting that real pages have is read as a page
    let fine = format!("<html><body>{}<p>正文。</p>{}</body></html>", "<div class=\"x\">".repeat(500), "</div>".repeat(500));
    let p = html::to_text(&fine);
    assert_eq!((p.text.trim(), p.warning), ("正文。", None));
    let broken = "<html><body><p>第一段<b>加粗<i>斜体</p></b><td>表格外的单元格</td><p>第二段。</div></span></html><p>尾巴";
    let p = html::to_text(broken);
    for part in ["第一段", "加粗", "斜体", "表格外的单元格", "第二段。", "尾巴"] {
        assert!(p.text.contains(part), "{part} lost: {:?}", p.text);
    }
}

fn events(input: &Input, opts: &ReadOptions) -> Vec<String> {
    let mut out = Vec::new();
    let _ = read_each::<()>(input, opts, &lex(), |e| {
        out.push(match e {
            Event::Document(d) => format!("doc {} {}", d.id, d.text),
            Event::Skipped(e) => format!("skipped {e}"),
            Event::Warning(w) => format!("warning {w}"),
        });
        Ok(())
    });
    out
}

#[test]
fn jsonl_records_and_a_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, "{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2024-01-02\",\"text\":\"正文。\",\"lang\":\"zh\"}\n{broken\n{\"text\":\"第二篇。\"}\n").unwrap();
    let (docs, errs) = read(&Input::File { path: path.clone(), id: "c.jsonl".into() }, &ReadOptions::default(), &lex());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "a1");
    assert_eq!(docs[0].meta.date.as_deref(), Some("2024-01-02"));
    assert_eq!(docs[0].meta.extra.get("lang").map(String::as_str), Some("zh"));
    assert!(docs[1].id.starts_with("sha256-"));
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("c.jsonl:2: invalid JSON"), "{}", errs[0]);
}

#[test]
fn a_corpus_with_bad_records_deep_inside_names_each_line_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut body = Vec::new();
    body.extend_from_slice(b"\xEF\xBB\xBF"); // a BOM on line 1
    for i in 1..=1300 {
        let line = match i {
            1234 => "{\"id\": \"x\", \"text\": \"未闭合".to_string(),
            1240 => "[1, 2, 3]".to_string(),
            1250 => "{\"id\": 7, \"title\": \"无正文\"}".to_string(),
            1260 => format!("{{\"id\": \"big\", \"text\": \"{}\"}}", "长".repeat(400)),
            1270 => String::new(),
            _ => format!("{{\"id\": {i}, \"text\": \"第{i}篇。\"}}"),
        };
        body.extend_from_slice(line.as_bytes());
        body.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
    }
    body.extend_from_slice("{\"text\": \"末行没有换行符。\"}".as_bytes());
    std::fs::write(&path, &body).unwrap();
    let input = Input::File { path: path.clone(), id: "corpus.jsonl".into() };
    let ev = events(&input, &ReadOptions { max_doc_bytes: 1000, ..Default::default() });
    let skipped: Vec<&String> = ev.iter().filter(|e| e.starts_with("skipped")).collect();
    assert_eq!(skipped.len(), 4, "{skipped:?}");
    assert!(skipped[0].contains("corpus.jsonl:1234: invalid JSON"), "{}", skipped[0]);
    assert!(skipped[1].contains("corpus.jsonl:1240: a record must be a JSON object"), "{}", skipped[1]);
    assert!(skipped[2].contains("corpus.jsonl:1250: record has no \"text\""), "{}", skipped[2]);
    assert!(skipped[3].contains("corpus.jsonl:1260:") && skipped[3].contains("over the 1000 bytes limit"), "{}", skipped[3]);
    let docs: Vec<&String> = ev.iter().filter(|e| e.starts_with("doc")).collect();
    assert_eq!(docs.len(), 1300 - 5 + 1);
    assert_eq!(docs[0], "doc 1 第1篇。");
    assert_eq!(docs[1], "doc 2 第2篇。");
    assert!(docs.last().unwrap().starts_with("doc sha256-") && docs.last().unwrap().ends_with("末行没有换行符。"));
}

#[test]
fn a_gbk_corpus_line_is_decoded_and_a_truncated_file_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.jsonl");
    let line = format!("{{\"id\":\"g\",\"text\":\"{ARTICLE}\"}}\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&line);
    std::fs::write(&path, &gbk).unwrap();
    let ev = events(&Input::File { path, id: "gbk.jsonl".into() }, &ReadOptions::default());
    assert_eq!(ev, vec![format!("doc g {ARTICLE}")]);

    let path = dir.path().join("cut.txt");
    let bytes = ARTICLE.as_bytes();
    std::fs::write(&path, &bytes[..bytes.len() - 2]).unwrap();
    let ev = events(&Input::File { path, id: "cut.txt".into() }, &ReadOptions::default());
    assert_eq!(ev.len(), 2, "{ev:?}");
    assert!(ev[0].starts_with("warning") && ev[0].contains("cut.txt: truncated UTF-8"), "{}", ev[0]);
    assert!(ev[1].starts_with("doc cut.txt 某县公安局"));
}

#[test]
fn an_oversized_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // a sparse 200 MB file: refusing it must not read (or allocate) 200 MB
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(200 << 20).unwrap();
    let ev = events(&Input::File { path, id: "huge.txt".into() }, &ReadOptions::default());
    assert_eq!(ev.len(), 1);
    assert!(ev[0].contains("huge.txt: 200.0 MiB is over the 16.0 MiB limit"), "{}", ev[0]);
}

#[test]
fn a_file_that_vanishes_after_listing_is_reported_by_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "甲。").unwrap();
    std::fs::write(dir.path().join("b.txt"), "乙。").unwrap();
    let (inputs, errors) = expand(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty());
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    let all: Vec<String> = inputs.iter().flat_map(|i| events(i, &ReadOptions::default())).collect();
    assert_eq!(all.len(), 2);
    assert!(all[0].starts_with("skipped") && all[0].contains("a.txt: cannot read"), "{}", all[0]);
    assert_eq!(all[1], "doc b.txt 乙。");
}

#[test]
fn a_folder_without_permission_is_reported_and_the_rest_walked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("x.txt"), "甲。").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "乙。").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read_dir(&locked).is_ok(); // root ignores permissions
    let (inputs, errors) = expand(&[dir.path().to_path_buf()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        eprintln!("running as a user who can read any folder (root): only the readable case is checked");
        assert_eq!(inputs.len(), 2);
        return;
    }
    assert_eq!(inputs.len(), 1);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().contains("locked") && errors[0].to_string().contains("ermission"), "{}", errors[0]);
}

#[test]
fn expand_walks_folders_in_sorted_order_and_reports_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("b.txt"), "乙。").unwrap();
    std::fs::write(dir.path().join("sub/a.html"), "<p>甲。</p>").unwrap();
    std::fs::write(dir.path().join("skip.bin"), "x").unwrap();
    let missing = dir.path().join("nope.txt");
    let (inputs, errors) = expand(&[dir.path().to_path_buf(), missing.clone()]);
    let ids: Vec<String> = inputs
        .iter()
        .map(|i| match i {
            Input::File { id, .. } => id.clone(),
            Input::Stdin => "-".into(),
        })
        .collect();
    assert_eq!(ids, vec!["b.txt", "sub/a.html"]);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().contains("nope.txt"));
}

#[test]
fn a_json_file_may_hold_one_article_an_array_or_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("one.json", "{\n  \"id\": \"p1\",\n  \"title\": \"标题\",\n  \"text\": \"某县公安局民警巡逻。\"\n}\n", vec!["doc p1 某县公安局民警巡逻。"]),
        ("many.json", "[{\"id\": \"a\", \"text\": \"甲。\"}, {\"id\": \"b\"}, {\"id\": \"c\", \"text\": \"丙。\"}]", vec!["doc a 甲。", "skipped", "doc c 丙。"]),
        ("lines.json", "{\"id\": \"x\", \"text\": \"甲。\"}\n{\"id\": \"y\", \"text\": \"乙。\"}\n", vec!["doc x 甲。", "doc y 乙。"]),
    ];
    for (name, body, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let ev = events(&Input::File { path, id: name.into() }, &ReadOptions::default());
        assert_eq!(ev.len(), want.len(), "{name}: {ev:?}");
        for (got, want) in ev.iter().zip(&want) {
            assert!(got.starts_with(want), "{name}: {got} is not {want}");
        }
    }
    let ev = events(&Input::File { path: dir.path().join("many.json"), id: "m".into() }, &ReadOptions::default());
    assert!(ev[1].contains("many.json:2: record has no \"text\""), "{}", ev[1]);
}
