//! Careers: what notices and biographies say about people, and the dates of their posts.
//! - profiles: 张三，男，汉族，1976年3月生，浙江长兴人，1998年8月参加工作，2001年6月加入中国共产党，
//!   研究生学历，法学硕士。现任…，拟任…。 and labelled fields (性别：男, 出生年月：1976.03);
//! - dated biography lines: `2003.09—2011.12 某市公安局副局长` (start and end; 至今 or nothing after
//!   the dash: open);
//! - prose careers: 历任…、…, 先后任… (former posts, undated);
//! - appointments (任命张三为…, 张三任…) dated by the notice, removals (免去张三的…职务) ended by it;
//! - proposed posts (拟任, 拟提名为…候选人): statements of their own, never held.
//!
//! Its vocabulary is the lexicon's `career.tsv`, read from the document's layers. It reads the people, units and posts found before it and
//! adds holdings and attributes; it never adds a person.

use std::collections::HashMap;

use super::people::PeopleContext;
use super::posts::chain_holdings;
use super::units::Context;
use crate::extract::doc::Doc;
use crate::extract::{Attribute, Extraction, Holding, Span};
use crate::lexicon::{AttributeKind, CareerField, CareerRole, Label, ListId};

/// The longest word of `role` (`career.tsv`) at `at`, its length.
fn word_at(t: &Doc, at: usize, role: CareerRole) -> Option<usize> {
    t.words.longest_at(ListId::Career, at, |e| e.label == Label::Career(role)).map(|(_, l)| l)
}

/// The longest word of `role` ending at `end`, its length.
fn word_before(t: &Doc, end: usize, role: CareerRole) -> Option<usize> {
    t.words.longest_ending_at(ListId::Career, end, |e| e.label == Label::Career(role)).map(|(_, l)| l)
}

/// Whether `s`, a string the rule built, is a word of `role`.
fn is(t: &Doc, s: &str, role: CareerRole) -> bool {
    t.lookup(ListId::Career, s).is_some_and(|e| e.label == Label::Career(role))
}

/// What a field label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// An attribute of the person (性别：, 出生年月：).
    Attribute(AttributeKind),
    /// The posts held now (现任职务：).
    Current,
    /// The posts proposed (拟任职务：).
    Proposed,
    /// Nothing read (政治面貌：).
    Skip,
}

/// What the field label `s` names, if it is one.
fn label(t: &Doc, s: &str) -> Option<Field> {
    Some(match t.lookup(ListId::Career, s)?.label {
        Label::Career(CareerRole::Proposed) => Field::Proposed,
        Label::Career(CareerRole::Field(CareerField::Attribute(a))) => Field::Attribute(a),
        Label::Career(CareerRole::Field(CareerField::Current)) => Field::Current,
        Label::Career(CareerRole::Field(CareerField::Skip)) => Field::Skip,
        _ => return None,
    })
}

fn digit(ch: char) -> Option<u32> {
    match ch {
        '0'..='9' => ch.to_digit(10),
        '０'..='９' => Some(ch as u32 - '０' as u32),
        _ => None,
    }
}

/// Up to `max` digits at `p`: their value and how many.
fn number_at(c: &[char], p: usize, max: usize) -> Option<(u32, usize)> {
    let mut v = 0;
    let mut n = 0;
    while n < max && p + n < c.len() {
        match digit(c[p + n]) {
            Some(d) => v = v * 10 + d,
            None => break,
        }
        n += 1;
    }
    (n > 0 && c.get(p + n).and_then(|&ch| digit(ch)).is_none()).then_some((v, n))
}

/// A date written at `p` (1976年3月, 1976年3月5日, 1976.03, 2003-09, 2003/9/5, 1998年), as precisely
/// as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; and where it ends.
pub(crate) fn date_at(c: &[char], p: usize) -> Option<(String, usize)> {
    if p > 0 && digit(c[p - 1]).is_some() {
        return None;
    }
    let (y, n) = number_at(c, p, 4)?;
    if n != 4 || !(1900..2100).contains(&y) {
        return None;
    }
    let mut q = p + 4;
    let year = format!("{y:04}");
    let han = c.get(q) == Some(&'年');
    let sep = c.get(q).copied().filter(|ch| matches!(ch, '.' | '．' | '-' | '/' | '－'));
    if !han && sep.is_none() {
        return Some((year, q));
    }
    q += 1;
    let Some((m, mn)) = number_at(c, q, 2).filter(|(m, _)| (1..=12).contains(m)) else {
        // 1998年入伍: a year; 2003.13 or 2003-2011: the year alone
        return Some((year, if han { q } else { p + 4 }));
    };
    q += mn;
    if han {
        if c.get(q) != Some(&'月') {
            return Some((year, p + 5));
        }
        q += 1;
        if let Some((d, dn)) = number_at(c, q, 2).filter(|(d, _)| (1..=31).contains(d)) {
            if matches!(c.get(q + dn), Some('日') | Some('号')) {
                return Some((format!("{year}-{m:02}-{d:02}"), q + dn + 1));
            }
        }
        return Some((format!("{year}-{m:02}"), q));
    }
    if c.get(q).copied() == sep {
        if let Some((d, dn)) = number_at(c, q + 1, 2).filter(|(d, _)| (1..=31).contains(d)) {
            return Some((format!("{year}-{m:02}-{d:02}"), q + 1 + dn));
        }
    }
    Some((format!("{year}-{m:02}"), q))
}

fn is_space(ch: char) -> bool {
    matches!(ch, ' ' | '\u{3000}' | '\t' | '\u{a0}')
}

fn skip_spaces(c: &[char], mut p: usize) -> usize {
    while p < c.len() && is_space(c[p]) {
        p += 1;
    }
    p
}

/// A biography line's range at `p`: `2003.09—2011.12`, `2019.02—至今`, `2019.02— ` (open),
/// `2003年9月至2011年12月`: (start, end or `None` when open, where the line's text starts).
fn range_at(t: &Doc, p: usize) -> Option<(String, Option<String>, usize)> {
    let c = &t.chars;
    let (start, mut q) = date_at(c, p)?;
    q = skip_spaces(c, q);
    let dashes = |ch: char| matches!(ch, '—' | '–' | '－' | '-' | '~' | '～' | '至' | '到' | '―' | '─' | '一');
    let d0 = q;
    while q < c.len() && dashes(c[q]) && q - d0 < 3 {
        q += 1;
    }
    if q == d0 {
        return None;
    }
    q = skip_spaces(c, q);
    let mut end = None;
    if let Some((e, k)) = date_at(c, q) {
        end = Some(e);
        q = k;
    } else if let Some(l) = word_at(t, q, CareerRole::Open).filter(|&l| c[q..q + l] != ['现', '职']) {
        q += l;
    }
    q = skip_spaces(c, q);
    while q < c.len() && matches!(c[q], '，' | ',' | '：' | ':' | '、') {
        q += 1;
    }
    Some((start, end, skip_spaces(c, q)))
}

/// The line `[start, end)` holding `at`.
fn line_at(c: &[char], at: usize) -> (usize, usize) {
    let s = (0..at).rev().find(|&k| c[k] == '\n').map_or(0, |k| k + 1);
    let e = (at..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len());
    (s, e)
}

/// The end of a clause from `p`: before ，；。 or a line break.
fn clause_end(c: &[char], p: usize, stops: &[char]) -> usize {
    (p..c.len()).find(|&k| stops.contains(&c[k]) || c[k] == '\n').unwrap_or(c.len())
}

/// `[s, e)` without spaces, closing punctuation and bracketed remarks at its end ((试用期一年),
/// （其间：…）).
fn trim_end(c: &[char], s: usize, mut e: usize) -> usize {
    loop {
        while e > s && (is_space(c[e - 1]) || matches!(c[e - 1], '。' | '；' | ';' | '，' | ',' | '、')) {
            e -= 1;
        }
        if e > s && matches!(c[e - 1], '）' | ')') {
            if let Some(o) = (s..e - 1).rev().find(|&k| matches!(c[k], '（' | '(')) {
                e = o;
                continue;
            }
        }
        return e;
    }
}

/// The dates of a notice's decisions: the document's date (its 落款, a date on a line of its own,
/// else its metadata), and each lead sentence that opens a decision (…会议决定：, 经…研究决定：)
/// with the date it states, if any. A decision takes the date of the last lead before it, else the
/// document's; a clause that states its own (自2025年6月1日起) takes that.
struct NoticeDates {
    default: Option<String>,
    leads: Vec<(usize, Option<String>)>,
}

impl NoticeDates {
    fn read(t: &Doc, date: Option<&str>) -> NoticeDates {
        let c = &t.chars;
        let mut signed = None;
        let mut s = 0;
        for k in 0..=c.len() {
            if k < c.len() && c[k] != '\n' {
                continue;
            }
            let p = skip_spaces(c, s);
            if let Some((d, q)) = date_at(c, p) {
                if d.len() == 10 && trim_end(c, q, k) == q {
                    signed = Some(d);
                }
            }
            s = k + 1;
        }
        let leads = t
            .sentences
            .iter()
            .filter(|sent| ["研究", "会议", "选举", "常委会"].iter().any(|w| t.slice(**sent).contains(w)))
            .map(|sent| (sent.start, (sent.start..sent.end).find_map(|k| date_at(c, k).map(|(d, _)| d).filter(|d| d.len() == 10))))
            .collect();
        NoticeDates { default: signed.or(date.map(str::to_string)), leads }
    }

    /// The date of the decision stated at `p`.
    fn at(&self, t: &Doc, p: usize) -> Option<String> {
        stated_from(t, t.sentence_at(p))
            .or_else(|| self.leads.iter().rev().find(|(s, _)| *s <= p).and_then(|(_, d)| d.clone()))
            .or_else(|| self.default.clone())
    }
}

/// A profile subject: a name followed by what profiles state (张三，男，; 张三（女，; 姓名：张三).
fn opens_profile(t: &Doc, span: Span) -> bool {
    let c = &t.chars;
    let before = t.str(span.start.saturating_sub(4), span.start);
    let before = before.trim_end();
    if before.ends_with("姓名：") || before.ends_with("姓名:") {
        return true;
    }
    let mut q = span.end;
    if t.starts_with(q, "同志") {
        q += 2;
    }
    // 某某同志简历 (a heading): the labelled lines after it
    if t.starts_with(q, "简历") || t.starts_with(q, "个人简历") {
        return true;
    }
    if !matches!(c.get(q), Some('，') | Some(',') | Some('（') | Some('(') | Some(' ') | Some('\u{3000}')) {
        return false;
    }
    q = skip_spaces(c, q + 1);
    // 张三，性别：男 (a table row read as text, or a labelled profile)
    if let Some(k) = (q + 1..(q + 12).min(c.len())).find(|&k| matches!(c[k], '：' | ':')) {
        if label(t, &t.str(q, k)).is_some_and(|l| l != Field::Skip) {
            return true;
        }
    }
    if matches!(c.get(q), Some('男') | Some('女')) && matches!(c.get(q + 1), Some('，') | Some(',') | Some('）') | Some(')') | Some(' ') | Some('、')) {
        return true;
    }
    if word_at(t, q, CareerRole::Ethnicity).is_some() {
        return true;
    }
    date_at(c, q).is_some_and(|(_, e)| t.starts_with(e, "生") || t.starts_with(e, "出生"))
}

/// Finds attributes, dated and proposed posts, appointments and removals.
pub fn find_careers(t: &Doc, x: &mut Extraction, ctx: &Context, pctx: &PeopleContext, date: Option<&str>) {
    let c = &t.chars;
    let people: Vec<Span> = pctx.spans.iter().map(|(s, _)| *s).collect();
    let mut found: Vec<Holding> = Vec::new();
    // the profiles' subjects, in text order
    let subjects: Vec<(Span, usize)> = pctx.spans.iter().copied().filter(|&(s, _)| opens_profile(t, s)).collect();
    // a biography of one person: its only person, where no profile opens
    let sole = (x.people.len() == 1 && !pctx.spans.is_empty()).then_some(0);
    let subject_at = |p: usize| -> Option<usize> { subjects.iter().rev().find(|(s, _)| s.start <= p).map(|&(_, i)| i).or(sole) };

    // profiles: the fields after the name, to the end of its paragraph and the labelled lines after it
    for (k, &(span, person)) in subjects.iter().enumerate() {
        let limit = subjects.get(k + 1).map_or(c.len(), |(s, _)| s.start);
        let (_, mut end) = line_at(c, span.start);
        // labelled lines (性别：男) and 现任/拟任 lines continue the profile
        while end < limit {
            let (ns, ne) = line_at(c, (end + 1).min(c.len().saturating_sub(1)));
            let p = skip_spaces(c, ns);
            if ns >= c.len() || ns <= end || p >= ne || range_at(t, p).is_some() {
                break;
            }
            let lab = (p..ne.min(p + 12)).find(|&q| matches!(c[q], '：' | ':')).and_then(|q| label(t, &t.str(p, q)));
            let cue = word_at(t, p, CareerRole::Proposed).is_some() || t.starts_with(p, "现任");
            if lab.is_none() && !cue {
                break;
            }
            end = ne;
        }
        read_fields(t, x, ctx, &people, person, (span.end, end.min(limit)), &mut found);
    }

    // dated biography lines
    let mut p = 0;
    while p < c.len() {
        let (ls, le) = line_at(c, p);
        let q = skip_spaces(c, ls);
        if let Some((start, end, ts)) = range_at(t, q) {
            if let Some(person) = subject_at(ls) {
                read_line(t, x, ctx, &people, person, (start, end), (ts, le), Span::new(ls, le), &mut found);
            }
        }
        p = le + 1;
    }

    // dated clauses in prose: …；2011年3月至2016年9月任某院院长；2021年8月起任某院院长
    for k in 1..c.len() {
        if !matches!(c[k - 1], '；' | ';' | '，' | ',' | '。') || digit(c[k]).is_none() {
            continue;
        }
        let Some(person) = subject_at(k) else { continue };
        let stop = clause_end(c, k, &['；', ';', '。']);
        let sent = t.sentence_at(k).union(Span::new(k, stop));
        let (start, end, mut ts) = match range_at(t, k) {
            Some(r) => r,
            None => {
                let Some((d, mut q)) = date_at(c, k) else { continue };
                if t.starts_with(q, "起") || t.starts_with(q, "以来") {
                    q += if c[q] == '起' { 1 } else { 2 };
                }
                (d, None, q)
            }
        };
        // a verb of taking office must follow (2015年任…), not any clause that opens with a date
        let verb = ["起任", "起担任", "任", "担任", "调任", "出任", "改任", "升任"].into_iter().find(|w| t.starts_with(ts, w));
        let Some(verb) = verb else { continue };
        ts += verb.chars().count();
        read_line(t, x, ctx, &people, person, (start, end), (ts, stop), sent, &mut found);
    }

    // prose careers: 历任…、…
    for k in 0..c.len() {
        let Some(l) = word_at(t, k, CareerRole::Former) else { continue };
        if k > 0 && word_before(t, k, CareerRole::Former).is_some() {
            continue;
        }
        let from = k + l;
        let person = pctx.last_in_sentence(t, k).or_else(|| subject_at(k));
        let Some(person) = person else { continue };
        let stop = clause_end(c, from, &['。', '；', ';']);
        let evidence = t.sentence_at(k);
        for (s, e) in segments(c, from, stop) {
            // 历任…，现任…: the list of past posts ends where a clause of another tense starts
            if ['现', '拟', '任', '调', '后', '今'].contains(&c[s]) || date_at(c, s).is_some() {
                break;
            }
            for mut h in chain_holdings(t, x, ctx, &people, person, (s, e), evidence) {
                h.former = true;
                found.push(h);
            }
        }
    }

    // 拟提名某某为…候选人, 拟推荐某某为…人选: proposed posts of the name after the proposing word
    // (提名 and 推荐 without 拟 propose too where the clause ends in 人选 or 候选人)
    let candidacy = |stop: usize| {
        let e = trim_end(c, 0, stop);
        t.ends_with(e, "人选") || t.ends_with(e, "候选人")
    };
    for &(span, person) in &pctx.spans {
        let weak = t.ends_with(span.start, "提名") || t.ends_with(span.start, "推荐");
        if word_before(t, span.start, CareerRole::Proposed).is_none() && !weak {
            continue;
        }
        let mut q = span.end;
        if t.starts_with(q, "同志") {
            q += 2;
        }
        if !t.starts_with(q, "为") {
            continue;
        }
        let stop = clause_end(c, q + 1, &['，', ',', '；', ';', '。']);
        if word_before(t, span.start, CareerRole::Proposed).is_none() && !candidacy(stop) {
            continue;
        }
        // what the posts rules read after 为 here is proposed, not held
        x.holdings.retain(|o| !(o.person == person && !o.former && !o.proposed && o.span.start > q && o.span.end <= stop));
        proposed(t, x, ctx, &people, person, (q + 1, stop), t.sentence_at(q), &mut found);
    }

    // 某某任…，提名为某镇镇长候选人: a candidacy of the person the sentence is about
    for k in 1..c.len() {
        if !(matches!(c[k - 1], '，' | ',' | '；' | ';') && (t.starts_with(k, "提名为") || t.starts_with(k, "推荐为"))) {
            continue;
        }
        let stop = clause_end(c, k + 3, &['，', ',', '；', ';', '。']);
        if !candidacy(stop) {
            continue;
        }
        if let Some(person) = pctx.last_in_sentence(t, k) {
            proposed(t, x, ctx, &people, person, (k + 3, stop), t.sentence_at(k), &mut found);
        }
    }

    // removals: 免去某某的…职务, 免去其…职务, 某某不再担任…职务
    // (a notice's decisions and their dates are read only where a notice's words are)
    let notice = ["任免", "任命", "免去", "免职", "任职", "研究决定"].iter().any(|w| !t.find_all(&w.chars().collect::<Vec<_>>()).is_empty());
    let dates = if notice { NoticeDates::read(t, date) } else { NoticeDates { default: date.map(str::to_string), leads: Vec::new() } };
    removals(t, x, ctx, pctx, &people, &dates, &mut found);

    // 某某任…，兼任…: a concurrent post of the person the sentence appoints
    for k in 1..c.len() {
        if !(matches!(c[k - 1], '，' | ',') && c[k] == '兼') {
            continue;
        }
        let from = if t.starts_with(k, "兼任") { k + 2 } else { k + 1 };
        let sent = t.sentence_at(k);
        let Some(person) = pctx.last_in_sentence(t, k) else { continue };
        if !x.holdings.iter().any(|h| h.person == person && h.span.start >= sent.start && h.span.end <= k) {
            continue;
        }
        let stop = clause_end(c, from, &['，', ',', '；', ';', '。']);
        for h in chain_holdings(t, x, ctx, &people, person, (from, trim_end(c, from, stop)), sent) {
            found.push(h);
        }
    }
    merge(x, found);
    // a career moves on: a dated post with no end, begun before the person's latest dated post,
    // is a past one (2016年9月任甲；2021年8月起任乙 → 甲 is no longer held)
    let mut latest: HashMap<usize, &str> = HashMap::new();
    for h in x.holdings.iter().filter(|h| !h.proposed) {
        if let Some(d) = h.start.as_deref() {
            let e = latest.entry(h.person).or_insert(d);
            *e = (*e).max(d);
        }
    }
    let latest: HashMap<usize, String> = latest.into_iter().map(|(p, d)| (p, d.to_string())).collect();
    for h in x.holdings.iter_mut().filter(|h| !h.proposed && !h.former && h.end.is_none()) {
        if let (Some(s), Some(l)) = (&h.start, latest.get(&h.person)) {
            // (compared at the precision both give: 2016 < 2016-09 is not known)
            let n = s.len().min(l.len());
            if s[..n] < l[..n] {
                h.former = true;
            }
        }
    }

    // appointments in a notice: dated by the notice (or the date the clause states)
    if notice {
        for h in x.holdings.iter_mut().filter(|h| !h.former && !h.proposed && h.start.is_none()) {
            let Some(&(ps, _)) = pctx.spans.iter().filter(|(s, i)| *i == h.person && s.end <= h.span.start && h.span.start - s.end <= 40).last() else { continue };
            let cs = (0..ps.start).rev().find(|&k| matches!(c[k], '；' | ';' | '。' | '\n' | '：' | ':')).map_or(0, |k| k + 1);
            let between = t.str(cs, ps.start);
            // 甲、乙为…: past the other names of the list
            let r = pctx.listed_after(c, ps.end).into_iter().take_while(|(s, _)| s.end <= h.span.start).last().map_or(ps.end, |(s, _)| s.end);
            let after = t.str(r, h.span.start);
            let appointed = ["任命", "聘任", "聘为", "任用"].iter().any(|w| between.contains(w))
                || ["为", "任", "同志任", "担任", "同志为", "挂职", "同志挂职"].iter().any(|w| after.starts_with(w));
            if !appointed || ["免去", "辞去", "不再担任", "撤销"].iter().any(|w| between.contains(w) || after.contains(w)) {
                continue;
            }
            h.start = dates.at(t, ps.start);
        }
    }

}

/// Adds what the careers rules found: a dated, removed or proposed holding updates the same undated
/// one; a second undated reading of a post is dropped.
fn merge(x: &mut Extraction, found: Vec<Holding>) {
    for h in found {
        let same = x.holdings.iter().position(|o| o.person == h.person && o.title == h.title && o.unit == h.unit && o.proposed == h.proposed);
        match same {
            Some(i) if x.holdings[i].start.is_none() && x.holdings[i].end.is_none() => {
                let o = &mut x.holdings[i];
                o.start = h.start.or(o.start.take());
                o.end = h.end;
                o.former |= h.former;
            }
            Some(_) if h.start.is_none() && h.end.is_none() && !h.former => {}
            _ => x.holdings.push(h),
        }
    }
}

/// Past 同志 and 的 after a name (免去某某同志的…职务): where the post's words start.
fn past_comrade_of(t: &Doc, mut q: usize) -> usize {
    if t.starts_with(q, "同志") {
        q += 2;
    }
    if t.chars.get(q) == Some(&'的') {
        q += 1;
    }
    q
}

/// 自2025年6月1日起: the date a clause states for itself.
fn stated_from(t: &Doc, sent: Span) -> Option<String> {
    let c = &t.chars;
    (sent.start..sent.end).find_map(|k| {
        if c[k] != '自' {
            return None;
        }
        let (d, e) = date_at(c, k + 1)?;
        t.starts_with(e, "起").then_some(d)
    })
}

/// The non-empty pieces of `[s, e)` between characters that `sep` accepts.
fn pieces(c: &[char], s: usize, e: usize, sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = s;
    for k in s..=e {
        if k == e || sep(c[k]) {
            if k > a {
                out.push((a, k));
            }
            a = k + 1;
        }
    }
    out
}

/// Parts of `[s, e)` split at ，and ；, trimmed: each may end a post chain.
fn segments(c: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    pieces(c, s, e, |ch| matches!(ch, '，' | ',' | '；' | ';'))
        .into_iter()
        .map(|(a, k)| (a, trim_end(c, a, k)))
        .filter(|&(a, b)| b > a)
        .map(|(a, b)| (skip_spaces(c, a), b))
        .collect()
}

/// A biography line: the posts of its text, with the line's dates.
#[allow(clippy::too_many_arguments)]
fn read_line(t: &Doc, x: &mut Extraction, ctx: &Context, people: &[Span], person: usize, (start, end): (String, Option<String>), (ts, le): (usize, usize), line: Span, found: &mut Vec<Holding>) {
    let c = &t.chars;
    let te = trim_end(c, ts, le);
    if te <= ts || word_before(t, te, CareerRole::Study).is_some() {
        return;
    }
    let mut from = ts;
    for w in ["先后任", "历任", "担任", "任"] {
        if t.starts_with(from, w) {
            from += w.chars().count();
            break;
        }
    }
    // 2019.02— 现职: the current posts began then
    if word_at(t, from, CareerRole::Open).is_some_and(|l| from + l == te) || label(t, &t.str(from, te)) == Some(Field::Current) {
        for h in x.holdings.iter_mut().filter(|h| h.person == person && !h.former && !h.proposed && h.start.is_none()) {
            h.start = Some(start.clone());
        }
        for h in found.iter_mut().filter(|h| h.person == person && !h.former && !h.proposed && h.start.is_none()) {
            h.start = Some(start.clone());
        }
        return;
    }
    let mut hs = chain_holdings(t, x, ctx, people, person, (from, te), line);
    if hs.is_empty() {
        for (s, e) in segments(c, from, te) {
            hs.extend(chain_holdings(t, x, ctx, people, person, (s, e), line));
        }
    }
    for mut h in hs {
        h.start = Some(start.clone());
        h.end = end.clone();
        h.former |= end.is_some();
        found.push(h);
    }
}

/// The fields of a profile in `[from, to)`: attributes, current and proposed posts.
fn read_fields(t: &Doc, x: &mut Extraction, ctx: &Context, people: &[Span], person: usize, (from, to): (usize, usize), found: &mut Vec<Holding>) {
    let c = &t.chars;
    let mut attrs: Vec<Attribute> = Vec::new();
    // clauses: split at ，；。 line breaks and spaces
    let clauses = pieces(c, from, to, |ch| matches!(ch, '，' | ',' | '；' | ';' | '。' | '\n') || is_space(ch));
    let mut clauses = clauses.into_iter();
    while let Some((mut s, e)) = clauses.next() {
        while s < e && matches!(c[s], '（' | '(' | '）' | ')') {
            s += 1;
        }
        let mut e = e;
        while e > s && matches!(c[e - 1], '）' | ')') {
            e -= 1;
        }
        if s >= e {
            continue;
        }
        let evidence = t.sentence_at(s);
        // a label: 性别：男 (its value may follow a space: 性别： 男)
        let colon = (s..e.min(s + 14)).find(|&q| matches!(c[q], '：' | ':'));
        let lab = colon.and_then(|q| label(t, &t.str(s, q)).map(|l| (l, q)));
        let (what, vs) = match lab {
            Some((l, q)) => {
                let mut vs = q + 1;
                if vs >= e {
                    // the value is the next clause (read to its end below)
                    match clauses.next() {
                        Some((ns, _)) => vs = ns,
                        None => continue,
                    }
                }
                (Some(l), vs)
            }
            None => (None, s),
        };
        let e = if lab.is_some() && vs > e { clause_end(c, vs, &['，', ',', '；', ';', '。', ' ', '\u{3000}']) } else { e };
        let value = t.str(vs, e);
        let mut add = |kind: AttributeKind, value: String, span: Span, place: Option<String>| {
            if !attrs.iter().any(|a| a.kind == kind) {
                attrs.push(Attribute { person, kind, value, place, span, evidence: t.sentence_at(span.start).union(span) });
            }
        };
        let span = Span::new(vs, e);
        match what {
            Some(Field::Skip) => {}
            Some(Field::Attribute(AttributeKind::Gender)) if value == "男" || value == "女" => add(AttributeKind::Gender, value, span, None),
            Some(Field::Attribute(AttributeKind::Ethnicity)) => add(AttributeKind::Ethnicity, value, span, None),
            Some(Field::Attribute(AttributeKind::Birth)) => {
                if let Some((d, de)) = date_at(c, vs) {
                    add(AttributeKind::Birth, month_at_most(&d), Span::new(vs, de), None);
                }
            }
            Some(Field::Attribute(AttributeKind::WorkStarted)) | Some(Field::Attribute(AttributeKind::PartyJoined)) => {
                if let Some((d, de)) = date_at(c, vs) {
                    let k = if what == Some(Field::Attribute(AttributeKind::WorkStarted)) { AttributeKind::WorkStarted } else { AttributeKind::PartyJoined };
                    add(k, month_at_most(&d), Span::new(vs, de), None);
                }
            }
            Some(Field::Attribute(AttributeKind::NativePlace)) => {
                let v = value.trim_end_matches('人').to_string();
                let n = v.chars().count();
                add(AttributeKind::NativePlace, v, Span::new(vs, vs + n), division(t, vs, vs + n));
            }
            Some(Field::Attribute(AttributeKind::Education)) => {
                for (ps, pe) in parts(c, vs, e) {
                    let v = t.str(ps, pe);
                    if is_degree(&v) {
                        add(AttributeKind::Degree, v.trim_end_matches("学位").to_string(), Span::new(ps, pe), None);
                    } else {
                        add(AttributeKind::Education, v, Span::new(ps, pe), None);
                    }
                }
            }
            Some(Field::Attribute(AttributeKind::Degree)) => add(AttributeKind::Degree, value.trim_end_matches("学位").to_string(), span, None),
            Some(Field::Current) => {
                let evidence = Span::new(s, e).union(evidence);
                for h in chain_holdings(t, x, ctx, people, person, (vs, trim_end(c, vs, e)), evidence) {
                    found.push(h);
                }
            }
            Some(Field::Proposed) => proposed(t, x, ctx, people, person, (vs, e), evidence, found),
            Some(_) => {}
            None => {
                if value == "男" || value == "女" {
                    add(AttributeKind::Gender, value, span, None);
                } else if is(t, &value, CareerRole::Ethnicity) {
                    add(AttributeKind::Ethnicity, value, span, None);
                } else if let Some((d, de)) = date_at(c, s) {
                    let rest = t.str(de, e);
                    let dspan = Span::new(s, de);
                    if rest == "生" || rest.starts_with("出生") || rest == "年生" {
                        add(AttributeKind::Birth, month_at_most(&d), dspan, None);
                    } else if rest.starts_with("参加工作") {
                        add(AttributeKind::WorkStarted, month_at_most(&d), dspan, None);
                    } else if rest.starts_with("加入中国共产党") || rest.starts_with("入党") || rest.starts_with("加入中共") {
                        add(AttributeKind::PartyJoined, month_at_most(&d), dspan, None);
                    }
                } else if value.starts_with("生于") {
                    if let Some((d, de)) = date_at(c, s + 2) {
                        add(AttributeKind::Birth, month_at_most(&d), Span::new(s + 2, de), None);
                    }
                } else if let Some(v) = value.strip_prefix("籍贯").filter(|v| !v.is_empty() && t.place_in_str(c, s + 2).is_some()) {
                    // 籍贯浙江长兴 (no colon)
                    let n = v.trim_end_matches('人').chars().count();
                    add(AttributeKind::NativePlace, t.str(s + 2, s + 2 + n), Span::new(s + 2, s + 2 + n), division(t, s + 2, s + 2 + n));
                } else if value.strip_suffix("文化").is_some_and(|v| is(t, v, CareerRole::Education)) {
                    // 大学文化, 研究生文化: the level as written
                    add(AttributeKind::Education, value, span, None);
                } else if value.ends_with('人') && (3..=12).contains(&value.chars().count()) && t.place_in_str(c, s).is_some() {
                    add(AttributeKind::NativePlace, t.str(s, e - 1), Span::new(s, e - 1), division(t, s, e - 1));
                } else if value.ends_with("学历") || is(t, &value, CareerRole::Education) || is_degree(&value) || value.contains('、') && parts(c, s, e).iter().any(|&(ps, pe)| is_degree(&t.str(ps, pe)) || t.str(ps, pe).ends_with("学历")) {
                    for (ps, pe) in parts(c, s, e) {
                        let v = t.str(ps, pe);
                        if is_degree(&v) {
                            add(AttributeKind::Degree, v.trim_end_matches("学位").to_string(), Span::new(ps, pe), None);
                        } else if v.ends_with("学历") || is(t, &v, CareerRole::Education) {
                            add(AttributeKind::Education, v, Span::new(ps, pe), None);
                        }
                    }
                } else if t.starts_with(s, "现任") || t.starts_with(s, "现为") {
                    let evidence = Span::new(s, e).union(evidence);
                    for h in chain_holdings(t, x, ctx, people, person, (s + 2, trim_end(c, s + 2, e)), evidence) {
                        found.push(h);
                    }
                } else if let Some(l) = word_at(t, s, CareerRole::Proposed) {
                    proposed(t, x, ctx, people, person, (s + l, e), evidence, found);
                }
            }
        }
    }
    x.attributes.extend(attrs);
}

/// A degree: 法学硕士, 工学学士, 管理学博士(学位).
fn is_degree(v: &str) -> bool {
    let v = v.trim_end_matches("学位");
    let n = v.chars().count();
    (3..=8).contains(&n) && (v.ends_with("学士") || v.ends_with("硕士") || v.ends_with("博士")) && !v.ends_with("研究生")
}

/// `[s, e)` split at 、 and spaces.
fn parts(c: &[char], s: usize, e: usize) -> Vec<(usize, usize)> {
    pieces(c, s, e, |ch| matches!(ch, '、' | '/') || is_space(ch))
}

/// A profile's date (birth, party entry, start of work) as `YYYY` or `YYYY-MM`: a day is dropped,
/// as biographies and the query contract (`biography.rq`) keep them.
fn month_at_most(d: &str) -> String {
    d.chars().take(7).collect()
}

/// The division a native place names (浙江长兴 → 长兴县), where the gazetteer knows it: each place
/// read in turn, the next inside the one before.
fn division(t: &Doc, s: usize, e: usize) -> Option<String> {
    let g = t.gazetteer();
    let c = &t.chars;
    let mut p = s;
    let mut last: Option<usize> = None;
    while p < e {
        let Some((idx, len, _)) = g.longest_in(c, p, e) else { break };
        let hints: Vec<usize> = last.into_iter().collect();
        last = Some(g.resolve(idx, &hints, &[])?);
        p += len;
        // 浙江省长兴县: the level words are part of the names; 浙江长兴: nothing between
    }
    (p == e).then(|| last.map(|i| g.places[i].code.clone())).flatten()
}

/// The proposed posts after a proposing word, in `[s, e)`: 某县公安局局长, 某县县长候选人.
#[allow(clippy::too_many_arguments)]
fn proposed(t: &Doc, x: &mut Extraction, ctx: &Context, people: &[Span], person: usize, (s, e): (usize, usize), evidence: Span, found: &mut Vec<Holding>) {
    let c = &t.chars;
    let mut te = trim_end(c, s, e);
    for w in ["候选人预备人选", "候选人", "人选", "职务"] {
        if t.ends_with(te, w) {
            te -= w.chars().count();
            break;
        }
    }
    let evidence = Span::new(s, te).union(evidence);
    for mut h in chain_holdings(t, x, ctx, people, person, (s, te), evidence) {
        h.proposed = true;
        h.former = false;
        found.push(h);
    }
}

/// Removals: 免去某某（同志）的…职务, 免去其…职务, 某某不再担任…职务, 接受某某辞去…职务: each post
/// removed is a former holding, ended on the notice's date.
fn removals(t: &Doc, x: &mut Extraction, ctx: &Context, pctx: &PeopleContext, people: &[Span], dates: &NoticeDates, found: &mut Vec<Holding>) {
    let c = &t.chars;
    let mut cases: Vec<(Vec<usize>, usize)> = Vec::new();
    let ending: HashMap<usize, usize> = pctx.spans.iter().map(|&(s, i)| (s.end, i)).collect();
    for k in 0..c.len() {
        if let Some(l) = word_at(t, k, CareerRole::Removal) {
            if k > 0 && word_before(t, k, CareerRole::Removal).is_some() {
                continue;
            }
            let mut q = skip_spaces(c, k + l);
            while matches!(c.get(q), Some('：') | Some(':')) {
                q = skip_spaces(c, q + 1);
            }
            // 免去：\n甲的…职务；\n乙的…职务。: a heading, then one removal per line
            if c.get(q) == Some(&'\n') {
                let mut ls = q + 1;
                while let Some((s, i)) = pctx.starting_at(skip_spaces(c, ls)) {
                    let listed = pctx.listed_after(c, s.end);
                    let r = listed.last().map_or(s.end, |(s, _)| s.end);
                    let who = std::iter::once(i).chain(listed.iter().map(|&(_, i)| i)).collect();
                    let r = past_comrade_of(t, r);
                    cases.push((who, r));
                    ls = line_at(c, r).1 + 1;
                    if ls >= c.len() {
                        break;
                    }
                }
                continue;
            }
            let mut who = Vec::new();
            if c.get(q) == Some(&'其') || t.str(k, k + l).ends_with('其') {
                if c.get(q) == Some(&'其') {
                    q += 1;
                }
                // 其: the person the sentence is about, the last named before
                who.extend(pctx.last_in_sentence(t, k));
            } else if let Some((s, i)) = pctx.starting_at(q) {
                let listed = pctx.listed_after(c, s.end);
                q = listed.last().map_or(s.end, |(s, _)| s.end);
                who.push(i);
                who.extend(listed.iter().map(|&(_, i)| i));
            }
            if who.is_empty() {
                continue;
            }
            cases.push((who, past_comrade_of(t, q)));
        } else if let Some(&i) = ending.get(&k) {
            // 某某不再担任…职务; 接受某某辞去…职务的请求
            let mut q = k;
            if t.starts_with(q, "同志") {
                q += 2;
            }
            if let Some(l) = word_at(t, q, CareerRole::Quit) {
                cases.push((vec![i], q + l));
            }
        }
    }
    let duties = if cases.is_empty() { Vec::new() } else { t.find_all(&['职', '务']) };
    for (who, q) in cases {
        let stop = clause_end(c, q, &['，', ',', '；', ';', '。']);
        let end = duties.iter().copied().find(|&k| k >= q && k < stop).unwrap_or(stop);
        let evidence = t.sentence_at(q);
        for &person in &who {
            for mut h in chain_holdings(t, x, ctx, people, person, (q, trim_end(c, q, end)), evidence) {
                h.former = true;
                h.end = dates.at(t, q);
                // the same post read as current from this clause is the removed one
                x.holdings.retain(|o| !(o.person == h.person && o.title == h.title && o.unit == h.unit && !o.former && o.span == h.span));
                found.push(h);
            }
        }
    }
}
