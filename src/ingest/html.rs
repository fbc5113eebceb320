//! HTML to text: the page's title, date and article body; scripts, styles, navigation, forms,
//! headers, footers and asides are dropped. Block elements become line breaks.

use scraper::{ElementRef, Html, Node, Selector};

/// Text and metadata read from an HTML page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Body text, one block per line.
    pub text: String,
    /// `<title>` or `og:title`.
    pub title: Option<String>,
    /// A date from common meta tags, `YYYY-MM-DD`.
    pub date: Option<String>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "select",
    "textarea", "iframe", "svg", "template", "head",
];
const BLOCK: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "blockquote", "pre", "dd", "dt", "td", "th",
];

/// Converts an HTML page to text (never fails: broken markup is repaired by the HTML5 parser).
pub fn to_text(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut page = Page::default();
    if let Ok(sel) = Selector::parse("title") {
        page.title = doc.select(&sel).next().map(|e| e.text().collect::<String>().trim().to_string()).filter(|t| !t.is_empty());
    }
    if let Ok(sel) = Selector::parse("meta") {
        for m in doc.select(&sel) {
            let key = m.value().attr("property").or(m.value().attr("name")).unwrap_or("").to_ascii_lowercase();
            let content = m.value().attr("content").unwrap_or("");
            if key == "og:title" && !content.is_empty() {
                page.title = Some(content.trim().to_string());
            }
            if page.date.is_none()
                && ["article:published_time", "pubdate", "publishdate", "date", "dc.date"].contains(&key.as_str())
            {
                page.date = super::clean::parse_date(content);
            }
        }
    }
    let root = ["article", "main", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|sel| doc.select(&sel).next())
        .unwrap_or_else(|| doc.root_element());
    let mut out = String::new();
    walk(root, &mut out, 0);
    page.text = out;
    page
}

fn walk(el: ElementRef<'_>, out: &mut String, depth: usize) {
    // Deeply nested markup is flattened rather than recursed into without bound.
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    out.push('\n');
                }
                if let Some(c) = ElementRef::wrap(child) {
                    if depth < 256 {
                        walk(c, out, depth + 1);
                    } else {
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
