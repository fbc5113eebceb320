//! Writing a [`Picture`] as Graphviz DOT: left to right, the unit hierarchy as a tree (parent →
//! child), people beside their units, initiatives and awards beyond them; shapes and colours by
//! kind, a legend, fonts that have Chinese glyphs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{Edge, EdgeKind, Node, NodeKind, Picture};

/// Font families tried in order: Chinese-capable ones first (Graphviz measures text with the first
/// it finds; SVG viewers read the list as CSS).
const FONTS: &str = "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Zen Hei,Microsoft YaHei,PingFang SC,sans-serif";

/// Fill, border and name of each kind of node.
struct Look {
    fill: &'static str,
    line: &'static str,
    shape: &'static str,
    style: &'static str,
    name: &'static str,
}

fn look(kind: NodeKind) -> Look {
    match kind {
        NodeKind::Unit => Look { fill: "#dce8f6", line: "#3b6ea8", shape: "box", style: "rounded,filled", name: "单位" },
        NodeKind::Person => Look { fill: "#fde8cf", line: "#c0762a", shape: "ellipse", style: "filled", name: "人物" },
        NodeKind::Initiative => Look { fill: "#e2f0da", line: "#4f8f3a", shape: "box", style: "filled", name: "举措" },
        NodeKind::Award => Look { fill: "#fff3bf", line: "#a8861a", shape: "box", style: "filled,diagonals", name: "荣誉" },
    }
}

const SUB_UNIT: &str = "#3b6ea8";
const POST: &str = "#c0762a";
const FORMER: &str = "#9b9b9b";
const RUNS: &str = "#4f8f3a";
const RECEIVED: &str = "#a8861a";

/// The picture as Graphviz DOT. Deterministic: the same picture always gives the same bytes (the
/// picture is sorted, and nothing here depends on anything else).
pub fn to_dot(p: &Picture) -> String {
    let mut out = String::with_capacity(256 + 160 * (p.nodes.len() + p.edges.len()));
    let fonts = quote(FONTS);
    out.push_str("digraph zhkg {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, ranksep=0.55, nodesep=0.18, splines=true, fontname={fonts}, fontsize=12, labelloc=t, labeljust=l, pad=0.3, bgcolor=\"white\"];"
    );
    let _ = writeln!(out, "  node [fontname={fonts}, fontsize=13, penwidth=1.2, margin=\"0.12,0.05\", height=0.3];");
    let _ = writeln!(out, "  edge [fontname={fonts}, fontsize=10, arrowsize=0.6, penwidth=1.1];");
    let _ = writeln!(out, "  label=<{}>;", legend(p));
    let linked: BTreeSet<&str> = p.edges.iter().flat_map(|e| [e.from.as_str(), e.to.as_str()]).collect();
    let (linked_nodes, alone): (Vec<&Node>, Vec<&Node>) = p.nodes.iter().partition(|n| linked.contains(n.id.as_str()));
    // (the unlinked box first: dot then places it below the rest)
    unlinked(&mut out, &alone, &p.focus, ranks(p));
    for n in &linked_nodes {
        node(&mut out, n, p.focus.contains(&n.id));
    }
    for e in &p.edges {
        edge(&mut out, e);
    }
    out.push_str("}\n");
    out
}

/// Nodes without a line to any other, in a box of their own, laid out as a grid (rows chained by
/// invisible edges) rather than one long column.
fn unlinked(out: &mut String, alone: &[&Node], focus: &[String], ranks: usize) {
    if alone.len() < 2 {
        for n in alone {
            node(out, n, focus.contains(&n.id));
        }
        return;
    }
    let _ = writeln!(out, "  subgraph cluster_unlinked {{");
    let _ = writeln!(out, "    label=\"未与其他节点相连\"; labeljust=l; style=\"dashed,rounded\"; color=\"#bbbbbb\"; fontcolor=\"#777777\";");
    for n in alone {
        out.push_str("  ");
        node(out, n, focus.contains(&n.id));
    }
    let columns = grid_columns(alone.len(), ranks);
    for row in alone.chunks(columns) {
        for pair in row.windows(2) {
            let _ = writeln!(out, "    {} -> {} [style=invis];", quote(dot_id(&pair[0].id)), quote(dot_id(&pair[1].id)));
        }
    }
    out.push_str("  }\n");
}

/// Columns of the grid of unlinked nodes: about twice as many columns as rows (labels are wide),
/// but no more than the columns (ranks) the rest of the picture has, which would widen it.
fn grid_columns(n: usize, ranks: usize) -> usize {
    let mut c = 1;
    while c * c < 2 * n {
        c += 1;
    }
    c.min(ranks.max(3)).min(8)
}

/// How many columns (Graphviz ranks) the linked part of the picture takes: the nodes on its
/// longest path, following the edges as they are drawn.
fn ranks(p: &Picture) -> usize {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &p.edges {
        let (from, to) = drawn(e);
        next.entry(from).or_default().push(to);
    }
    // the longest path from each node, memoised; a cycle (a unit its own ancestor, in bad data)
    // counts as ending where it closes
    fn longest<'a>(n: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, memo: &mut BTreeMap<&'a str, usize>, open: &mut BTreeSet<&'a str>) -> usize {
        if let Some(&d) = memo.get(n) {
            return d;
        }
        if !open.insert(n) {
            return 0;
        }
        let d = 1 + next.get(n).into_iter().flatten().map(|m| longest(m, next, memo, open)).max().unwrap_or(0);
        open.remove(n);
        memo.insert(n, d);
        d
    }
    let mut memo = BTreeMap::new();
    let mut open = BTreeSet::new();
    next.keys().copied().collect::<Vec<_>>().into_iter().map(|n| longest(n, &next, &mut memo, &mut open)).max().unwrap_or(1)
}

/// An edge's ends as drawn: hierarchy parent → child, posts unit → person, the rest as stated.
fn drawn(e: &Edge) -> (&str, &str) {
    match e.kind {
        EdgeKind::SubUnitOf | EdgeKind::HoldsPostIn => (&e.to, &e.from),
        EdgeKind::Runs | EdgeKind::Received => (&e.from, &e.to),
    }
}

fn node(out: &mut String, n: &Node, focus: bool) {
    let l = look(n.kind);
    let name: Vec<String> = wrap(&n.label, 9).iter().map(|l| html(l)).collect();
    let mut label = format!("<B>{}</B>", name.join("<BR/>"));
    if let Some(s) = &n.sublabel {
        let _ = write!(label, "<BR/><FONT POINT-SIZE=\"10\" COLOR=\"#555555\">{}</FONT>", html(s));
    }
    let (line, width) = if focus { ("#c0392b", "3") } else { (l.line, "1.2") };
    let _ = writeln!(
        out,
        "  {} [label=<{label}>, shape={}, style=\"{}\", fillcolor=\"{}\", color=\"{line}\", penwidth={width}, tooltip={}];",
        quote(dot_id(&n.id)),
        l.shape,
        l.style,
        l.fill,
        quote(&n.id)
    );
}

fn edge(out: &mut String, e: &Edge) {
    let label = e.label.as_deref().map(|l| format!(", label={}", quote(l))).unwrap_or_default();
    // the hierarchy is drawn parent → child, so the tree grows away from its root, and posts
    // unit → person, so people sit beside the units they work in
    let (from, to) = drawn(e);
    let attrs = match e.kind {
        EdgeKind::SubUnitOf => format!("color=\"{SUB_UNIT}\", penwidth=1.8, arrowhead=none"),
        EdgeKind::HoldsPostIn if e.former => format!("color=\"{FORMER}\", fontcolor=\"#777777\", style=dashed, arrowhead=none{label}"),
        EdgeKind::HoldsPostIn => format!("color=\"{POST}\", fontcolor=\"#8a4f12\", arrowhead=none{label}"),
        EdgeKind::Runs => format!("color=\"{RUNS}\"{label}"),
        EdgeKind::Received => format!("color=\"{RECEIVED}\", fontcolor=\"#7a5f0a\"{label}"),
    };
    let _ = writeln!(out, "  {} -> {} [{attrs}];", quote(dot_id(from)), quote(dot_id(to)));
}

/// The caption (when a focus was asked for) and the legend, as an HTML-like table.
fn legend(p: &Picture) -> String {
    let mut t = String::from("<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"3\">");
    if let Some(c) = &p.caption {
        let _ = write!(t, "<TR><TD COLSPAN=\"8\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"14\"><B>{}</B></FONT></TD></TR>", html(c));
    }
    t.push_str("<TR>");
    for kind in [NodeKind::Unit, NodeKind::Person, NodeKind::Initiative, NodeKind::Award] {
        let l = look(kind);
        let n = p.nodes.iter().filter(|n| n.kind == kind).count();
        let _ = write!(t, "<TD BGCOLOR=\"{}\" BORDER=\"1\" COLOR=\"{}\">{} {n}</TD>", l.fill, l.line, l.name);
    }
    let _ = write!(
        t,
        "<TD><FONT COLOR=\"{SUB_UNIT}\">━ 上级→下级</FONT></TD><TD><FONT COLOR=\"{POST}\">━ 现任职务</FONT></TD><TD><FONT COLOR=\"{FORMER}\">┅ 原任职务</FONT></TD><TD><FONT COLOR=\"{RUNS}\">→ 推出</FONT>　<FONT COLOR=\"{RECEIVED}\">→ 获得</FONT></TD>"
    );
    t.push_str("</TR></TABLE>");
    t
}

/// A long name broken into lines of about `width` characters, as even as they can be (Chinese
/// has no spaces to break at; a run of ASCII letters or digits is never split).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width + 1 {
        return vec![text.to_string()];
    }
    let lines = chars.len().div_ceil(width);
    let per = chars.len().div_ceil(lines);
    let mut out = Vec::with_capacity(lines);
    let mut start = 0;
    while start < chars.len() {
        let mut end = (start + per).min(chars.len());
        while end < chars.len() && chars[end - 1].is_ascii_alphanumeric() && chars[end].is_ascii_alphanumeric() {
            end += 1;
        }
        out.push(chars[start..end].iter().collect());
        start = end;
    }
    out
}

/// The DOT id of a node: its IRI without zhkg's common prefix (`unit/…`, `person/…`), which keeps
/// the DOT readable and is as unique as the IRI.
fn dot_id(id: &str) -> &str {
    id.strip_prefix(ID_BASE).unwrap_or(id)
}

const ID_BASE: &str = "https://w3id.org/zhkg/id/";

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n` (Graphviz's own escapes
/// such as `\N` would otherwise be read in labels).
pub(super) fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => {}
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Text inside an HTML-like label: the XML specials escaped, line breaks as `<BR/>`, and `\`
/// doubled (Graphviz reads `\N`, `\G` … as the node's or graph's name even here).
pub(super) fn html(s: &str) -> String {
    let mut h = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => h.push_str("\\\\"),
            '&' => h.push_str("&amp;"),
            '<' => h.push_str("&lt;"),
            '>' => h.push_str("&gt;"),
            '"' => h.push_str("&quot;"),
            '\'' => h.push_str("&#39;"),
            '\n' => h.push_str("<BR/>"),
            '\r' => {}
            // (control characters are not XML)
            c if c.is_control() => h.push(' '),
            c => h.push(c),
        }
    }
    h
}
