//! Cleaning plain text: page and forum chrome out, metadata lines read and removed, indentation
//! trimmed. The result is the text every span refers to.

use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::lexicon::Lexicon;

/// Cleaned text and the metadata read from the raw text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Content lines, trimmed, joined by `\n`.
    pub text: String,
    /// What the raw text says about the document.
    pub meta: Metadata,
}

/// A document's metadata, where the input gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Title: a forum thread title (`[板块] 标题`), a page's `<title>`, a JSON Lines `title`, else the
    /// first short line without final punctuation.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`.
    pub date: Option<String>,
    /// 来源 named by the page.
    pub source: Option<String>,
    /// Publication (newspaper, agency, site) named by a header or dateline.
    pub publication: Option<String>,
    /// Original URL.
    pub url: Option<String>,
    /// Everything else: header comments (`# key: value`), unknown JSON Lines fields.
    pub extra: BTreeMap<String, String>,
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// Parses the first date in `s` (2021-11-3, 2025年01月08日, 2024/5/1) as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})");
    let c = r.captures(s)?;
    let (y, m, d): (u32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Cleans raw text (see the module docs). Never fails; an input of only chrome gives empty text.
pub fn clean_text(raw: &str, lex: &Lexicon) -> Cleaned {
    static HEADER: OnceLock<Regex> = OnceLock::new();
    static FORUM_TITLE: OnceLock<Regex> = OnceLock::new();
    static POSTED: OnceLock<Regex> = OnceLock::new();
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    static DATELINE: OnceLock<Regex> = OnceLock::new();
    let header = re(&HEADER, r"^#\s*([A-Za-z_][\w-]*)\s*:\s*(.*)$");
    let forum_title = re(&FORUM_TITLE, r"^\[[^\[\]]{1,10}\]\s*(\S.*)$");
    let posted = re(&POSTED, r"^发表于\s*(.*)$");
    // the source's name, then (in a byline such as 来源：某某晚报  记者 甲  通讯员 乙) the rest
    let source = re(&SOURCE, r"^(?:来源|稿源|出处)\s*[:：]\s*([^\s|｜]{1,40})\s*(.*)$");
    let dateline = re(&DATELINE, r"《([^《》]{2,20})》\s*[（(]\s*(\d{4}年\d{1,2}月\d{1,2}日)");

    let mut out = Cleaned::default();
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut lines: Vec<String> = Vec::new();
    let mut title_line: Option<usize> = None;
    let mut in_header = true;
    for line in raw.lines() {
        let t = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
        if t.is_empty() {
            continue;
        }
        if in_header {
            if let Some(c) = header.captures(t) {
                let (k, v) = (c[1].to_string(), c[2].trim().to_string());
                match k.as_str() {
                    "publication" => {
                        let name: String = v.split_whitespace().next().unwrap_or("").to_string();
                        if !name.is_empty() {
                            out.meta.publication = Some(name);
                        }
                        if let Some(d) = parse_date(&v) {
                            out.meta.date = Some(d);
                        }
                    }
                    "original_url" | "url" => out.meta.url = Some(v.clone()),
                    "title" => out.meta.title = Some(v.clone()),
                    "date" => out.meta.date = parse_date(&v).or(out.meta.date.take()),
                    "source" if !v.contains(' ') && !v.contains('@') => out.meta.source = Some(v.clone()),
                    _ => {}
                }
                out.meta.extra.insert(k, v);
                continue;
            }
        }
        in_header = false;
        if posted.is_match(t) {
            // 发表于 2025-01-18 09:42 | 来源：某某日报 | 作者：某某日报记者 甲: the date, the source,
            // and an author's byline kept as text (it names a person and their post)
            let mut segments = t.split(['|', '｜']).map(str::trim);
            if let Some(c) = segments.next().and_then(|first| posted.captures(first)) {
                if out.meta.date.is_none() {
                    out.meta.date = parse_date(&c[1]);
                }
            }
            for segment in segments {
                if let Some(c) = source.captures(segment) {
                    out.meta.source = Some(c[1].to_string());
                } else if segment.starts_with("作者") {
                    lines.push(segment.to_string());
                }
            }
            continue;
        }
        // 发布时间：2025-05-06 at a page's head: its date, not text
        if lines.len() < 8 {
            static PUBLISHED: OnceLock<Regex> = OnceLock::new();
            let published = re(&PUBLISHED, r"^(?:发布时间|发布日期|发文日期|成文日期|日期)\s*[:：]\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)[\d:\s]*(.*)$");
            if let Some(c) = published.captures(t) {
                let rest = c[2].trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{3000}');
                // 发布时间：… 来源：…: a source after the date; anything else keeps the line as text
                let src = source.captures(rest);
                if out.meta.date.is_none() && (rest.is_empty() || src.is_some()) {
                    out.meta.date = parse_date(&c[1]);
                }
                if rest.is_empty() {
                    continue;
                }
            }
        }
        if let Some(c) = source.captures(t) {
            out.meta.source = Some(c[1].to_string());
            // 来源：某某晚报  记者 甲: the byline after the source's name is text
            if !c[2].trim().is_empty() {
                lines.push(t[c.get(1).map_or(0, |m| m.start())..].to_string());
            }
            continue;
        }
        if lex.boilerplate.iter().any(|r| r.is_match(t)) {
            continue;
        }
        if title_line.is_none() {
            if let Some(c) = forum_title.captures(t) {
                title_line = Some(lines.len());
                out.meta.title = Some(c[1].trim().to_string());
                lines.push(c[1].trim().to_string());
                continue;
            }
        }
        // 新华社南宁5月6日电, 某某网讯: the agency or site that published the item
        if out.meta.publication.is_none() && lines.len() < 8 {
            static AGENCY: OnceLock<Regex> = OnceLock::new();
            let agency = re(&AGENCY, r"^(新华社|中新社|中国新闻社|(?:\p{Han}{2,4})网)(?:\p{Han}{0,6}\d{1,2}月\d{1,2}日)?(?:电|讯)");
            if let Some(c) = agency.captures(t) {
                out.meta.publication = Some(c[1].to_string());
            }
        }
        if let Some(c) = dateline.captures(t) {
            if out.meta.publication.is_none() {
                out.meta.publication = Some(c[1].to_string());
            }
            if out.meta.date.is_none() {
                out.meta.date = parse_date(&c[2]);
            }
        }
        lines.push(t.to_string());
    }
    if out.meta.date.is_none() {
        // a notice signed and dated at its end (落款): 2025年5月6日 on a line of its own
        static SIGNED: OnceLock<Regex> = OnceLock::new();
        let signed = re(&SIGNED, r"^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})$");
        out.meta.date = lines.iter().rev().find(|l| l.len() <= 30 && l.starts_with(|c: char| c.is_ascii_digit()) && signed.is_match(l)).and_then(|l| parse_date(l));
    }
    if let Some(i) = title_line {
        // Everything above a forum thread's title is site chrome (site name, search box).
        lines.drain(..i);
    } else if out.meta.title.is_none() {
        if let Some(first) = lines.first() {
            let n = first.chars().count();
            if n <= 60 && !first.ends_with(['。', '！', '？', '.', '!', '?', '；']) {
                out.meta.title = Some(first.clone());
            }
        }
    }
    out.text = lines.join("\n");
    out
}
