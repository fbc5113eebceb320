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

#[test]
fn decode_handles_bom_gbk_and_binary() {
    let (gbk, _, _) = encoding_rs::GBK.encode("某县公安局民警在社区巡逻，群众纷纷点赞。");
    assert_eq!(decode(&gbk, None).unwrap(), "某县公安局民警在社区巡逻，群众纷纷点赞。");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice("文本".as_bytes());
    assert_eq!(decode(&bom, None).unwrap(), "文本");
    assert!(decode(&[0, 1, 2, 3, 0], None).unwrap_err().contains("binary"));
    assert_eq!(decode(&gbk, Some("gbk")).unwrap().chars().count(), 20);
}

#[test]
fn html_body_without_scripts_and_navigation() {
    let html = "<html><head><title>标题</title><meta name=\"pubdate\" content=\"2023-06-01\"><script>var x=1;</script></head><body><nav>首页 新闻</nav><div><p>第一段。</p><p>第二段。</p></div><footer>版权</footer></body></html>";
    let p = html::to_text(html);
    assert_eq!(p.title.as_deref(), Some("标题"));
    assert_eq!(p.date.as_deref(), Some("2023-06-01"));
    let c = clean_text(&p.text, &lex());
    assert_eq!(c.text, "第一段。\n第二段。");
}

#[test]
fn jsonl_records_and_a_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.jsonl");
    std::fs::write(&path, "{\"id\":\"a1\",\"title\":\"T\",\"date\":\"2024-01-02\",\"text\":\"正文。\",\"lang\":\"zh\"}\n{broken\n{\"text\":\"第二篇。\"}\n").unwrap();
    let (docs, errs) = read(&Input::File { path: path.clone(), id: "c.jsonl".into() }, None, &lex());
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].id, "a1");
    assert_eq!(docs[0].meta.date.as_deref(), Some("2024-01-02"));
    assert_eq!(docs[0].meta.extra.get("lang").map(String::as_str), Some("zh"));
    assert!(docs[1].id.starts_with("sha256-"));
    assert_eq!(errs.len(), 1);
    assert!(errs[0].to_string().contains("c.jsonl:2: invalid JSON"), "{}", errs[0]);
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
