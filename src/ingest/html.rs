//! HTML to text: the page's title, date, source and article body. The body is the first element
//! that a content selector of `data/html.tsv` matches with enough Chinese text (a CMS article
//! container, a forum thread's first post, `<article>` …, else `<body>`); inside it, scripts,
//! styles, forms and every element whose class or id names page chrome (navigation, ads, sharing,
//! replies …) are dropped. Block elements become line breaks. The title, when the body does not
//! already start with it, becomes the first line, so that what a headline says is evidence too.

use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use std::sync::OnceLock;

/// Text and metadata read from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Title line, then body text, one block per line.
    pub text: String,
    /// `og:title`, else the `<h1>` the `<title>` begins with, else `<title>` without a site suffix.
    pub title: Option<String>,
    /// A date from common meta tags or a 发布时间 line, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// 来源 from a meta tag (`ContentSource`, `source`) or a 来源 line.
    pub source: Option<String>,
    /// Set when the page could not be read as a page (see [`MAX_NESTING`]).
    pub warning: Option<String>,
}

/// The rules of `data/html.tsv`.
struct Rules {
    content: Vec<Selector>,
    chrome: Vec<String>,
    skip: Vec<String>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut r = Rules { content: Vec::new(), chrome: Vec::new(), skip: Vec::new() };
        for line in include_str!("../../data/html.tsv").lines() {
            let Some((kind, value)) = line.split_once('\t') else { continue };
            match kind {
                "content" => r.content.push(Selector::parse(value.trim()).expect("data/html.tsv: bad selector")),
                "chrome" => r.chrome.push(value.trim().to_ascii_lowercase()),
                "skip" => r.skip.push(value.trim().to_ascii_lowercase()),
                _ => {}
            }
        }
        r
    })
}

/// Elements nested deeper than this are read as plain text rather than walked (no recursion
/// without bound on hostile markup).
const MAX_DEPTH: usize = 200;

/// A body candidate needs this many Han characters to win over the next selector.
const MIN_BODY_HAN: usize = 20;

fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| crate::lexicon::is_han(c)).count()
}

/// Markup nested deeper than this (by a cheap count of open tags) is not given to the HTML parser,
/// whose time grows with the square of the nesting depth (100,000 unclosed `<div>`s take a minute):
/// its tags are stripped instead. Real pages nest a few dozen levels.
pub const MAX_NESTING: usize = 3000;

/// Converts an HTML page to text. Never fails: broken markup is repaired by the HTML5 parser, and
/// hostile nesting is read with its tags stripped (and a warning).
pub fn to_text(html: &str) -> Page {
    let depth = nesting(html);
    if depth > MAX_NESTING {
        return Page {
            text: strip_tags(html),
            warning: Some(format!("HTML nested {depth} levels deep: read with its tags stripped, not as a page")),
            ..Page::default()
        };
    }
    let doc = Html::parse_document(html);
    let rules = rules();
    let mut page = Page::default();
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let title_tag = doc.select(&sel("title")).next().map(|e| squash(&e.text().collect::<String>()));
    let h1 = doc.select(&sel("h1")).map(|e| squash(&e.text().collect::<String>())).find(|t| han_count(t) >= 2);
    let mut og_title = None;
    for m in doc.select(&sel("meta")) {
        let key = m.value().attr("property").or(m.value().attr("name")).unwrap_or("").to_ascii_lowercase();
        let content = m.value().attr("content").unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        match key.as_str() {
            "og:title" | "articletitle" => og_title = Some(squash(content)),
            "article:published_time" | "pubdate" | "publishdate" | "firstpublishedtime" | "date" | "dc.date"
            | "dcterms.created" | "publish_time" => {
                page.date = page.date.take().or_else(|| super::clean::parse_date(content));
            }
            "contentsource" | "source" => page.source = page.source.take().or(Some(squash(content))),
            _ => {}
        }
    }
    page.title = og_title
        .or_else(|| h1.clone().filter(|h| title_tag.as_deref().is_some_and(|t| t.starts_with(h.as_str()))))
        .or_else(|| title_tag.as_deref().map(without_site_suffix))
        .or(h1)
        .filter(|t| !t.is_empty());

    let root = rules
        .content
        .iter()
        .find_map(|s| doc.select(s).find(|e| han_count(&e.text().collect::<String>()) >= MIN_BODY_HAN))
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let mut body = String::new();
    walk(root, &mut body, 0, true);
    if han_count(&body) < MIN_BODY_HAN {
        // the chrome words took the article with them (a site that calls its body "side-main"):
        // fall back to the container without them
        let mut all = String::new();
        walk(root, &mut all, 0, false);
        if han_count(&all) > han_count(&body) {
            body = all;
        }
    }

    // 发布时间 and 来源 lines usually sit above the body container, outside it
    if page.date.is_none() || page.source.is_none() {
        let mut whole = String::new();
        if let Some(b) = doc.select(&sel("body")).next() {
            walk(b, &mut whole, 0, false);
        }
        static DATE: OnceLock<Regex> = OnceLock::new();
        static SOURCE: OnceLock<Regex> = OnceLock::new();
        let date = DATE.get_or_init(|| {
            Regex::new(r"(?:发布时间|发布日期|发表于|发表时间|时间|日期)\s*[:：]?\s*((?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})").expect("static regex")
        });
        let source = SOURCE.get_or_init(|| {
            Regex::new(r"(?:来源|稿源|出处)\s*[:：]\s*([\p{Han}A-Za-z0-9·]{2,30})").expect("static regex")
        });
        if page.date.is_none() {
            page.date = date.captures(&whole).and_then(|c| super::clean::parse_date(&c[1]));
        }
        if page.source.is_none() {
            page.source = source.captures(&whole).map(|c| c[1].to_string());
        }
    }

    let lead = body.trim_start().lines().next().map(squash).unwrap_or_default();
    page.text = match &page.title {
        Some(t) if !lead.starts_with(t.as_str()) && !body.contains(t.as_str()) => format!("{t}\n{body}"),
        _ => body,
    };
    page
}

/// Whitespace runs (including U+3000) as one space, trimmed.
fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{3000}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// `标题_某某网` / `标题 - 某某网` / `标题|某某网` → `标题`, when what is left is a real title.
fn without_site_suffix(t: &str) -> String {
    for sep in ["_", " - ", "|", "｜", "——", " – "] {
        if let Some((head, _)) = t.split_once(sep) {
            if han_count(head) >= 4 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Whether an element is chrome by its class or id words, or hidden.
fn is_chrome(e: &scraper::node::Element, rules: &Rules) -> bool {
    if let Some(style) = e.attr("style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let words = e.attr("class").into_iter().chain(e.attr("id"));
    words
        .flat_map(|v| v.split(|c: char| c == '-' || c == '_' || c.is_whitespace()))
        .any(|w| !w.is_empty() && rules.chrome.iter().any(|c| c.eq_ignore_ascii_case(w)))
}

const BLOCK: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "blockquote", "pre", "dd", "dt", "td", "th", "center", "figcaption",
];

fn walk(el: ElementRef<'_>, out: &mut String, depth: usize, drop_chrome: bool) {
    let rules = rules();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if rules.skip.iter().any(|s| s == name) || (drop_chrome && is_chrome(e, rules)) {
                    continue;
                }
                if name == "table" {
                    // a 公示 table of people (姓名, 性别, 出生年月, 现任职务, 拟任职务 …): one
                    // labelled sentence per person, read as the same facts as the text form
                    if let Some(text) = ElementRef::wrap(child).and_then(person_table) {
                        out.push_str(&text);
                        continue;
                    }
                }
                let block = BLOCK.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(c) = ElementRef::wrap(child) {
                    if depth < MAX_DEPTH {
                        walk(c, out, depth + 1, drop_chrome);
                    } else {
                        // text() walks iteratively, so hostile nesting cannot overflow the stack
                        out.push_str(&c.text().collect::<String>());
                    }
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// A table whose header row has a 姓名 column, as one line per person: `张三，性别：男，出生年月：
/// 1976.03，现任职务：…，拟任职务：…。` (the header cells as labels, empty cells and 序号 left out).
/// Other tables are read as text.
fn person_table(table: ElementRef<'_>) -> Option<String> {
    static ROW: OnceLock<Selector> = OnceLock::new();
    static CELL: OnceLock<Selector> = OnceLock::new();
    let row = ROW.get_or_init(|| Selector::parse("tr").expect("static selector"));
    let cell = CELL.get_or_init(|| Selector::parse("td, th").expect("static selector"));
    let rows: Vec<Vec<String>> = table
        .select(row)
        .map(|r| r.select(cell).map(|c| c.text().collect::<String>().split_whitespace().collect::<String>().replace('\u{3000}', "")).collect())
        .collect();
    let h = rows.iter().position(|r| r.iter().any(|c| c == "姓名"))?;
    let header = &rows[h];
    let name_col = header.iter().position(|c| c == "姓名")?;
    let mut out = String::from("\n");
    for r in &rows[h + 1..] {
        let Some(name) = r.get(name_col).filter(|n| !n.is_empty()) else { continue };
        let mut line = name.clone();
        for (k, v) in r.iter().enumerate() {
            let label = header.get(k).map(String::as_str).unwrap_or("");
            if k == name_col || v.is_empty() || label.is_empty() || label == "序号" {
                continue;
            }
            line.push('，');
            line.push_str(label);
            line.push('：');
            line.push_str(v);
        }
        line.push_str("。\n");
        out.push_str(&line);
    }
    Some(out)
}

/// Elements that never nest (void) or whose end tag is usually left out: they do not count.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
    "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "rp", "rt",
];

/// The deepest nesting of start tags, counted without parsing (an upper bound for messy pages).
fn nesting(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let close = b.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = b[start..].iter().position(|&c| c == b'>').map(|p| start + p);
        if end.is_some_and(|e| e > 0 && b[e - 1] == b'/') {
            continue;
        }
        depth += 1;
        max = max.max(depth);
    }
    max
}

/// Text with tags removed (script and style bodies too), block tags as line breaks, the common
/// character references decoded.
fn strip_tags(html: &str) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        Regex::new(r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|</?([a-z][a-z0-9]*)[^>]*>").expect("static regex")
    });
    let mut out = String::with_capacity(html.len() / 2);
    let mut last = 0;
    for m in tag.captures_iter(html) {
        let whole = m.get(0).expect("match");
        out.push_str(&html[last..whole.start()]);
        if m.get(1).is_some_and(|n| BLOCK.contains(&n.as_str().to_ascii_lowercase().as_str())) {
            out.push('\n');
        }
        last = whole.end();
    }
    out.push_str(&html[last..]);
    out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}
