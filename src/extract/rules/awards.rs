//! Awards and honours: each conferral with its recipient, the honour's name as written, its
//! level and year. Read from trigger verbs (荣获, 被评为, 荣立 …), from honorific chains before a
//! name (全国公安系统二级英模、全国最美基层民警沈某), from copulas (他是全国劳动模范) and from
//! holder words (“某某”获得者王某).

use crate::extract::doc::Doc;
use crate::extract::text::{is_close_quote, is_han, is_open_quote};
use crate::extract::{Conferral, Extraction, Level, MentionKind, Recipient, Span, Target};
use crate::lexicon::{AwardLevel, AwardRole, Entry, Label, ListId, NameRole};

fn level_of(t: &Doc, name: &str) -> Option<Level> {
    let c: Vec<char> = name.chars().filter(|ch| !is_open_quote(*ch) && !is_close_quote(*ch)).collect();
    // skip a leading year
    let mut i = 0;
    while i < c.len() && (c[i].is_ascii_digit() || c[i] == '年' || c[i] == '度') {
        i += 1;
    }
    if let Some((e, _)) = t.longest_in_str(ListId::Award, &c, i, is_level) {
        return match e.label {
            Label::Award(AwardRole::Level(AwardLevel::National)) => Some(Level::National),
            Label::Award(AwardRole::Level(AwardLevel::Ministry)) => Some(Level::Ministry),
            Label::Award(AwardRole::Level(AwardLevel::Provincial)) => Some(Level::Provincial),
            Label::Award(AwardRole::Level(AwardLevel::Municipal)) => Some(Level::Municipal),
            _ => None,
        };
    }
    if let Some((idx, _, _)) = t.place_in_str(&c, i) {
        return match t.gazetteer().places[idx[0]].level.as_str() {
            "province" => Some(Level::Provincial),
            _ => Some(Level::Municipal),
        };
    }
    None
}

fn year_of(name: &str) -> Option<u16> {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() == 4 {
        return digits.parse().ok().filter(|y| (1949..=2100).contains(y));
    }
    None
}

fn is_level(e: &Entry) -> bool {
    matches!(e.label, Label::Award(AwardRole::Level(_)))
}

fn is_head(e: &Entry) -> bool {
    matches!(e.label, Label::Award(AwardRole::Head(_)))
}

/// Whether a span of text ends with an honour head word (ignoring closing quotes).
fn has_head(t: &Doc, span: Span) -> bool {
    let mut end = span.end;
    while end > span.start && is_close_quote(t.chars[end - 1]) {
        end -= 1;
    }
    t.words.longest_ending_in(ListId::Award, span.start, end, is_head).is_some()
}

/// Whether the honour's name starts like one (a level word, a place, a year or a quote).
fn has_lead(t: &Doc, span: Span) -> bool {
    if span.is_empty() {
        return false;
    }
    let first = t.chars[span.start];
    if is_open_quote(first) || first.is_ascii_digit() {
        return true;
    }
    // a rank (一等功臣, 二级英模): the lead word may start a longer head word (一等功)
    if ["一等", "二等", "三等", "特等", "一级", "二级"].iter().any(|w| t.starts_with(span.start, w)) {
        return true;
    }
    t.words.longest_in(ListId::Award, span.start, span.end, |e| matches!(e.label, Label::Award(AwardRole::Level(_) | AwardRole::Lead))).is_some()
        || t.words.place_in(span.start, span.end).is_some()
}

/// Splits a run of honours into items: at 、 and 和/及 and between adjacent quotes (”“).
fn items(t: &Doc, start: usize, end: usize) -> Vec<Span> {
    let c = &t.chars;
    let mut out = Vec::new();
    let mut s = start;
    let mut k = start;
    while k < end {
        // 和/及 join two honours only when the part before already ends like one
        let split_here = c[k] == '、' || (matches!(c[k], '和' | '及') && k > s && has_head(t, Span::new(s, k)));
        if split_here {
            if k > s {
                out.push(Span::new(s, k));
            }
            s = k + 1;
        } else if is_close_quote(c[k]) && k + 1 < end && is_open_quote(c[k + 1]) {
            out.push(Span::new(s, k + 1));
            s = k + 1;
        }
        k += 1;
    }
    if end > s {
        out.push(Span::new(s, end));
    }
    out
}

/// Cleans an item: strips counts (1次), 等, 称号 and surrounding quotes that enclose the whole item.
fn trim_item(t: &Doc, span: Span) -> Span {
    let c = &t.chars;
    let (mut s, mut e) = (span.start, span.end);
    // trailing count: 1次, 4次
    if e > s && c[e - 1] == '次' {
        let mut k = e - 1;
        while k > s && c[k - 1].is_ascii_digit() {
            k -= 1;
        }
        if k < e - 1 {
            e = k;
        }
    }
    for tail in ["等荣誉称号", "等称号", "荣誉称号", "称号", "等荣誉", "等"] {
        if t.ends_with(e, tail) && e - tail.chars().count() > s + 1 {
            e -= tail.chars().count();
            break;
        }
    }
    while s < e && matches!(c[s], '“' | '"' | '「') && e > s + 1 && matches!(c[e - 1], '”' | '"' | '」') && !c[s + 1..e - 1].iter().any(|ch| is_open_quote(*ch)) {
        s += 1;
        e -= 1;
    }
    Span::new(s, e)
}

struct Found {
    span: Span,
    recipients: Vec<Recipient>,
}

/// The nearest person, unit or initiative before `at`; with the text, an entity right after 被/由
/// (the one who confers, 被某局授予) is skipped.
fn entity_before_in(x: &Extraction, t: Option<&Doc>, from: usize, at: usize) -> Option<(Recipient, Span)> {
    entity_before_where(x, t, from, at, |_| true)
}

/// [`entity_before_in`] among the recipients `keep` accepts.
fn entity_before_where(x: &Extraction, t: Option<&Doc>, from: usize, at: usize, keep: impl Fn(&Recipient) -> bool) -> Option<(Recipient, Span)> {
    x.mentions
        .starting_in(from, at)
        .filter(|m| m.span.end <= at)
        .filter(|m| t.is_none_or(|t| !after_passive(x, t, m.span.start)))
        .filter_map(|m| match m.target {
            Target::Person(i) => Some((Recipient::Person(i), m.span)),
            Target::Unit(i) => Some((Recipient::Unit(i), m.span)),
            Target::Initiative(i) => Some((Recipient::Initiative(i), m.span)),
            _ => None,
        })
        .filter(|(r, _)| keep(r))
        .max_by_key(|(_, s)| (s.end, std::cmp::Reverse(s.start)))
}

/// Whether the unit chain that contains a mention starting at `start` follows 被/由 (被某部某局授予).
fn after_passive(x: &Extraction, t: &Doc, start: usize) -> bool {
    let mut s = start;
    while let Some(m) = x.mentions.ending_at(s).find(|m| m.kind == MentionKind::Unit && m.span.start < s) {
        s = m.span.start;
    }
    s > 0 && matches!(t.chars[s - 1], '被' | '由')
}

/// A subject and the entities joined to it by 、 before it (each may carry its unit and post).
fn list_before(x: &Extraction, t: &Doc, first: Recipient, from: usize, to: usize) -> Vec<Recipient> {
    let mut out = vec![first];
    let target = |r: &Recipient| match *r {
        Recipient::Person(i) => Target::Person(i),
        Recipient::Unit(i) => Target::Unit(i),
        Recipient::Initiative(i) => Target::Initiative(i),
    };
    let to_rec = |m: &crate::extract::Mention| match m.target {
        Target::Person(i) => Some(Recipient::Person(i)),
        Target::Unit(i) => Some(Recipient::Unit(i)),
        _ => None,
    };
    let Some(mut cur) = x.mentions.starting_in(from, to).filter(|m| m.target == target(&first) && m.span.end <= to).max_by_key(|m| m.span.end).map(|m| m.span.start) else {
        return out;
    };
    for _ in 0..20 {
        // skip back over the post and unit words that qualify the current member
        while let Some(m) = x.mentions.ending_at(cur).find(|m| matches!(m.kind, MentionKind::Post | MentionKind::Unit) && m.span.start < cur) {
            if m.kind == MentionKind::Unit && matches!(first, Recipient::Unit(_)) {
                break;
            }
            cur = m.span.start;
        }
        if cur <= from || t.chars[cur - 1] != '、' {
            break;
        }
        let Some(m) = x.mentions.ending_at(cur - 1).filter(|m| matches!(m.kind, MentionKind::Person | MentionKind::Unit)).min_by_key(|m| m.span.start) else { break };
        match to_rec(m) {
            Some(r) if std::mem::discriminant(&r) == std::mem::discriminant(&first) => {
                if !out.contains(&r) {
                    out.push(r);
                }
                cur = m.span.start;
                // a unit chain: continue from its first segment
                while let Some(m2) = x.mentions.ending_at(cur).find(|k| k.kind == MentionKind::Unit && k.span.start < cur) {
                    cur = m2.span.start;
                }
            }
            _ => break,
        }
    }
    out
}

/// The person or (innermost) unit whose mention chain starts at `at`, and where the chain ends.
fn innermost_at(x: &Extraction, at: usize) -> Option<(Recipient, usize)> {
    let first = x.mentions.starting_at(at).filter(|m| matches!(m.kind, MentionKind::Person | MentionKind::Unit)).max_by_key(|m| m.span.end)?;
    if first.kind == MentionKind::Person {
        let Target::Person(i) = first.target else { return None };
        return Some((Recipient::Person(i), first.span.end));
    }
    let mut end = first.span.end;
    let mut last = first;
    while let Some(m) = x.mentions.starting_at(end).find(|m| m.kind == MentionKind::Unit && m.span.end > end) {
        end = m.span.end;
        last = m;
    }
    match last.target {
        Target::Unit(i) => Some((Recipient::Unit(i), end)),
        _ => None,
    }
}

/// A post mention at `at` followed by a person: that person and where the name ends.
fn person_after_post(x: &Extraction, at: usize) -> Option<(Recipient, usize)> {
    let post = x.mentions.starting_at(at).find(|m| m.kind == MentionKind::Post)?;
    let person = x.mentions.starting_at(post.span.end).find(|m| m.kind == MentionKind::Person)?;
    match person.target {
        Target::Person(i) => Some((Recipient::Person(i), person.span.end)),
        _ => None,
    }
}

/// The people or units named between `from` and `to` (innermost unit of each chain).
fn entities_in(x: &Extraction, from: usize, to: usize) -> Vec<Recipient> {
    let mut out = Vec::new();
    let mut q = from;
    while q < to {
        match innermost_at(x, q) {
            // 给某所所长张三记…: the person after a unit and a post is the recipient
            Some((Recipient::Unit(_), end)) if end <= to && person_after_post(x, end).is_some_and(|(_, e)| e <= to) => {
                let (r, e) = person_after_post(x, end).expect("checked");
                if !out.contains(&r) {
                    out.push(r);
                }
                q = e;
            }
            Some((r, end)) if end <= to => {
                if !out.contains(&r) {
                    out.push(r);
                }
                q = end;
            }
            _ => q += 1,
        }
    }
    out
}

/// 给以下同志记…：then one per line: the people (or units) that open the following lines, up to the
/// next numbered section (五、…) or a blank line.
fn following_list(x: &Extraction, t: &Doc, from: usize, units: bool) -> Vec<Recipient> {
    let c = &t.chars;
    let mut out = Vec::new();
    let Some(mut line) = (from..c.len()).find(|&k| c[k] == '\n').map(|k| k + 1) else { return out };
    while line < c.len() {
        let end = (line..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len());
        let head: String = c[line..end.min(line + 3)].iter().collect();
        if head.chars().next().is_some_and(|ch| "一二三四五六七八九十".contains(ch)) && head.contains('、') {
            break;
        }
        match innermost_at(x, line) {
            Some((r @ Recipient::Person(_), _)) if !units => out.push(r),
            Some((r @ Recipient::Unit(_), _)) if units => out.push(r),
            _ => break,
        }
        line = end + 1;
    }
    out
}

fn last_person_before(x: &Extraction, at: usize) -> Option<usize> {
    x.mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Person && m.span.end <= at)
        .max_by_key(|m| m.span.end)
        .and_then(|m| match m.target {
            Target::Person(i) => Some(i),
            _ => None,
        })
}

/// Finds conferrals (after initiatives, which may be recipients).
pub fn find_conferrals(t: &Doc, x: &mut Extraction) {
    let found = scan(t, x);
    push_found(t, x, found);
}

fn push_found(t: &Doc, x: &mut Extraction, found: Vec<Found>) {
    for f in found {
        let name = t.slice(f.span);
        let c: Vec<char> = name.chars().collect();
        if f.recipients.is_empty() || c.len() < 2 {
            continue;
        }
        // an honour's name is one phrase: ideographs, quotes, digits, letters, ·; never a
        // sentence break or a replacement character (fuzzing found a 他是… clause running over !)
        let evidence = t.sentence_at(f.span.start);
        let name_char = |ch: &char| is_han(*ch) || is_open_quote(*ch) || is_close_quote(*ch) || ch.is_ascii_alphanumeric() || matches!(ch, '·' | '（' | '）' | '(' | ')' | '-' | '—');
        if !c.iter().all(name_char) || f.span.end > evidence.end {
            continue;
        }
        if x.conferrals.iter().any(|k| k.span == f.span && k.recipients == f.recipients) {
            continue;
        }
        x.mentions.push(crate::extract::Mention { span: f.span, text: name.clone(), kind: MentionKind::Award, target: Target::Award(name.clone()) });
        x.conferrals.push(Conferral { recipients: f.recipients, level: level_of(t, &name), year: year_of(&name), award: name, span: f.span, evidence });
    }
}

/// Every honour found with its recipients, rule after rule in a fixed order.
fn scan(t: &Doc, x: &Extraction) -> Vec<Found> {
    let mut out = Vec::new();
    triggered(t, x, &mut out);
    honorific_chains(t, x, &mut out);
    copulas(t, x, &mut out);
    holder_words(t, x, &mut out);
    out
}

/// 1. trigger verbs: the honours after them, the clause's subject before them (甲荣获“某某”称号).
fn triggered(t: &Doc, x: &Extraction, out: &mut Vec<Found>) {
    let c = &t.chars;
    let mut p = 0;
    while p < c.len() {
        let Some((e, len)) = t.words.longest_at(ListId::Award, p, |e| matches!(e.label, Label::Award(AwardRole::Trigger { .. }))) else {
            p += 1;
            continue;
        };
        p = trigger_at(t, x, p, e, len, out);
    }
}

/// The honours after one trigger verb at `p` (荣获, 被评为, 给…记, 授予…); returns where its clause ends.
fn trigger_at(t: &Doc, x: &Extraction, p: usize, e: &Entry, len: usize, out: &mut Vec<Found>) -> usize {
    let c = &t.chars;
    let after = p + len;
    // the honours run to the end of the clause
    let mut end = after;
    while end < c.len() && !matches!(c[end], '，' | ',' | '（' | '(' | '：' | ':') && !crate::extract::text::is_sentence_end(c[end]) {
        end += 1;
    }
    let sent = t.sentence_at(p);
    let clause_start = (sent.start..p).rev().find(|&k| matches!(c[k], '，' | ',')).map(|k| k + 1).unwrap_or(sent.start);
    let subject = clause_subject(t, x, sent, clause_start, p);
    let strong = e.label == Label::Award(AwardRole::Trigger { weak: false });
    let (explicit, after) = explicit_recipients(t, x, e, clause_start, p, after);
    for it in items(t, after, end) {
        let it = trim_item(t, it);
        let ic: Vec<char> = c[it.start..it.end].to_vec();
        if ic.len() < 2 || !(ic.iter().all(|ch| is_han(*ch) || is_open_quote(*ch) || is_close_quote(*ch) || ch.is_ascii_digit())) {
            continue;
        }
        // a strong trigger (荣获, 被评为, 授予) needs a head word or a level lead; 获得 needs both
        let ok = if strong { has_head(t, it) || (has_lead(t, it) && ic.len() >= 5) } else { has_head(t, it) && has_lead(t, it) };
        if ok {
            let r = honour_recipients(t, x, &ic, subject, explicit.as_ref(), sent, p);
            out.push(Found { span: it, recipients: r });
        }
    }
    end
}

/// The subject of a trigger's clause (民警王某荣获…), else the sentence's when the clause is bare
/// (…，被公安部记集体一等功), else for 他/她 the last person named before.
fn clause_subject(t: &Doc, x: &Extraction, sent: Span, clause_start: usize, p: usize) -> Option<Recipient> {
    // the sentence's subject stands in only when the clause has none of its own (…，126名民警荣立…)
    let clause_head = t.str(clause_start, p);
    // …，被公安部记集体一等功: a passive clause's subject is the sentence's (the entity after 被
    // confers the honour, and is skipped)
    let bare_clause = clause_head.chars().count() <= 3
        || ["先后", "曾", "还", "也", "并", "多次", "已"].iter().any(|a| clause_head.trim() == *a)
        || clause_head.trim_start_matches(['先', '后', '曾', '还', '也', '并', '已']).starts_with('被');
    entity_before_in(x, Some(t), clause_start, p)
        .or_else(|| if bare_clause { entity_before_in(x, Some(t), sent.start, p) } else { None })
        .map(|(r, _)| r)
        .or_else(|| {
            // 他/她 as the subject: the last person named before
            let head = t.str(clause_start, p);
            (head.starts_with('他') || head.starts_with('她')).then(|| last_person_before(x, p).map(Recipient::Person)).flatten()
        })
}

/// The recipients a trigger names itself (给甲、乙记…, 授予甲…, 给以下同志记…：), if any, and where
/// its honours start.
fn explicit_recipients(t: &Doc, x: &Extraction, e: &Entry, clause_start: usize, p: usize, after: usize) -> (Option<Vec<Recipient>>, usize) {
    let c = &t.chars;
    // 给甲、乙记集体一等功 / 授予甲“某某”称号 / 给以下同志记个人二等功：(a list follows)
    let mut explicit: Option<Vec<Recipient>> = None;
    let mut after = after;
    if let Some(g) = (clause_start..p).rev().find(|&k| c[k] == '给') {
        let between = t.str(g + 1, p);
        if between.starts_with("以下") {
            explicit = Some(following_list(x, t, p, between.contains("单位") || between.contains("集体")));
        } else {
            let r = entities_in(x, g + 1, p);
            if !r.is_empty() {
                explicit = Some(r);
            }
        }
    } else if e.surface.ends_with("授予") || e.surface == "追授" {
        // the recipients stand right after the verb, the honour after them
        let mut q = after;
        let mut r = Vec::new();
        while let Some(m) = innermost_at(x, q) {
            r.push(m.0);
            q = m.1;
            // 授予某某同志“…”称号
            if t.starts_with(q, "同志") {
                q += 2;
            }
            if matches!(c.get(q), Some('、')) {
                q += 1;
            }
        }
        if !r.is_empty() {
            explicit = Some(r);
            after = q;
        }
    }
    (explicit, after)
}

/// Who receives one honour `ic` after a trigger at `p`: the subject (of the kind 个人/集体 asks for)
/// with the list it closes (甲、乙等8名民警荣立…), or the recipients the trigger named; and an
/// initiative's owning unit with the initiative.
fn honour_recipients(t: &Doc, x: &Extraction, ic: &[char], subject: Option<Recipient>, explicit: Option<&Vec<Recipient>>, sent: Span, p: usize) -> Vec<Recipient> {
    // 个人二等功 goes to a person, 集体一等功 to a unit: a subject of the other kind gives way
    // to the nearest one of the right kind in the sentence
    let wants: Option<fn(&Recipient) -> bool> = if ic.windows(2).any(|w| w == ['个', '人']) {
        Some(|r| matches!(r, Recipient::Person(_)))
    } else if ic.windows(2).any(|w| w == ['集', '体']) {
        Some(|r| matches!(r, Recipient::Unit(_)))
    } else {
        None
    };
    let subject = match (wants, subject) {
        (Some(fits), Some(s)) if !fits(&s) && explicit.is_none() => entity_before_where(x, Some(t), sent.start, p, fits).map(|(r, _)| r),
        _ => subject,
    };
    let mut r: Vec<Recipient> = subject.into_iter().collect();
    // 甲、乙等8名民警荣立…: every member of a list before the trigger
    if let Some(first) = r.first().copied() {
        r = list_before(x, t, first, sent.start, p);
    }
    if let Some(ex) = explicit {
        r = ex.clone();
    }
    if let Some(Recipient::Initiative(i)) = r.first().copied() {
        if let Some(o) = x.initiatives[i].owner {
            r.push(Recipient::Unit(o));
        }
    }
    r
}

/// 2. honorific chains before a name: items ending in an honour head, joined by 、
/// (全国公安系统二级英模、全国最美基层民警沈某).
fn honorific_chains(t: &Doc, x: &Extraction, out: &mut Vec<Found>) {
    let c = &t.chars;
    for m in x.mentions.iter().filter(|m| m.kind == MentionKind::Person) {
        let Target::Person(person) = m.target else { continue };
        // skip back over [unit][的][post] before the name: several posts joined by 、, each
        // after its own unit (某厂党委常委、副厂长王某), a unit the rules did not read before a
        // post (某公司带电作业班班长王某) when nothing between is a clause
        let mut q = m.span.start;
        loop {
            let before = q;
            while let Some(pm) = x.mentions.ending_at(q).find(|k| k.kind == MentionKind::Post) {
                q = units_before(x, pm.span.start);
                if q >= 1 && c[q - 1] == '的' {
                    q -= 1;
                }
                q = units_before(x, q);
                if q >= 1 && !matches!(c[q - 1], '、' | '，' | ',') {
                    q = unread_unit_start(t, x, q).unwrap_or(q);
                }
            }
            if q >= 2 && c[q - 1] == '、' && x.mentions.ending_at(q - 1).any(|k| k.kind == MentionKind::Post) {
                q -= 1;
            }
            if q == before {
                break;
            }
        }
        if q >= 1 && c[q - 1] == '的' {
            q -= 1;
        }
        q = units_before(x, q);
        if q >= 1 && matches!(c[q - 1], '，' | ',') && q < m.span.start {
            q -= 1;
        }
        chain_left(t, q, Recipient::Person(person), out);
    }
}

/// Where the unit mentions ending at `q` (a chain of them) start; `q` when none ends there.
fn units_before(x: &Extraction, mut q: usize) -> usize {
    while let Some(um) = x.mentions.ending_at(q).find(|k| k.kind == MentionKind::Unit) {
        q = um.span.start;
    }
    q
}

/// Before a post at `q` whose unit the rules did not read: the start of that stretch, back over
/// any posts before it joined by 、, to the 、 or ， after which an honour ends; `None` when a
/// person or an honour word lies between.
fn unread_unit_start(t: &Doc, x: &Extraction, q: usize) -> Option<usize> {
    let c = &t.chars;
    let mut s = q;
    loop {
        while s > 0 && q - s < 32 && is_han(c[s - 1]) {
            s -= 1;
        }
        if s < 2 || c[s - 1] != '、' {
            break;
        }
        let mut ps = s - 1;
        while ps > 0 && is_han(c[ps - 1]) {
            ps -= 1;
        }
        if has_head(t, Span::new(ps, s - 1)) {
            break;
        }
        s -= 1;
    }
    let clean = s > 0
        && matches!(c[s - 1], '、' | '，' | ',')
        && !x.mentions.starting_in(s, q).any(|k| k.kind == MentionKind::Person)
        && !has_head(t, Span::new(s, q));
    clean.then_some(s)
}

/// 他是/她是 + honours, every one ending in a head word (他是全国劳动模范).
fn copulas(t: &Doc, x: &Extraction, out: &mut Vec<Found>) {
    let c = &t.chars;
    for p in 0..c.len().saturating_sub(2) {
        if (c[p] == '他' || c[p] == '她') && c[p + 1] == '是' {
            let mut end = p + 2;
            while end < c.len() && !matches!(c[end], '，' | ',') && !crate::extract::text::is_sentence_end(c[end]) {
                end += 1;
            }
            let Some(person) = last_person_before(x, p) else { continue };
            let its: Vec<Span> = items(t, p + 2, end).into_iter().map(|s| trim_item(t, s)).collect();
            if !its.is_empty() && its.iter().all(|s| has_head(t, *s)) {
                for s in its {
                    out.push(Found { span: s, recipients: vec![Recipient::Person(person)] });
                }
            }
        }
    }
}

/// 3. holder words: the honours before them go to the person after them (“某某”获得者王某).
fn holder_words(t: &Doc, x: &Extraction, out: &mut Vec<Found>) {
    let c = &t.chars;
    let mut p = 0;
    while p < c.len() {
        if let Some((_, len)) = t.words.longest_at(ListId::Award, p, |e| e.label == Label::Award(AwardRole::Holder)) {
            if let Some(m) = x.mentions.starting_at(p + len).find(|m| m.kind == MentionKind::Person) {
                if let Target::Person(person) = m.target {
                    let sent = t.sentence_at(p);
                    let mut s = p;
                    while s > sent.start && !matches!(c[s - 1], '，' | '。' | '；' | ',' | '：') {
                        s -= 1;
                    }
                    for it in items(t, s, p) {
                        let it = trim_item(t, it);
                        if it.len() >= 2 {
                            out.push(Found { span: it, recipients: vec![Recipient::Person(person)] });
                        }
                    }
                }
            }
            p += len;
        } else {
            p += 1;
        }
    }
}

/// Honours joined by 、 that end right before `q` (the start of a name and its post).
fn chain_left(t: &Doc, q: usize, who: Recipient, out: &mut Vec<Found>) {
    let c = &t.chars;
    let mut end = q;
    let mut first = true;
    loop {
        if !first {
            if end == 0 || c[end - 1] != '、' {
                break;
            }
            end -= 1;
        } else if end >= 1 && matches!(c[end - 1], '，' | ',' | '、') {
            end -= 1;
        }
        first = false;
        let mut s = end;
        while s > 0 && !matches!(c[s - 1], '、' | '，' | '。' | '；' | ',' | '\n' | '：' | ':') {
            s -= 1;
        }
        if s == end {
            break;
        }
        // leading cue words (像, 如) are not part of the honour
        let mut st = s;
        while st < end
            && (t.words.exact(ListId::Name, st, st + 1).is_some_and(|e| e.label == Label::Name(NameRole::Before)) || !(is_han(c[st]) || is_open_quote(c[st]) || c[st].is_ascii_digit()))
        {
            st += 1;
        }
        // a memorial's headline word (追记某某, 追忆) is not part of the honour
        if ["追记", "追忆"].iter().any(|w| t.starts_with(st, w)) && end - st > 4 {
            st += 2;
        }
        let it = Span::new(st, end);
        let ic = &c[st..end];
        // an honour before a name is a short phrase, not a clause with its own verb or list
        let clause_like = ic.len() > 24
            // (等 of a list, not of a rank: 一等功臣)
            || ic.iter().enumerate().any(|(k, &ch)| ch == '等' && !(k > 0 && "一二三四特".contains(ic[k - 1])))
            || (st..end).any(|k| t.words.longest_in(ListId::Award, k, end, |e| e.label == Label::Award(AwardRole::Trigger { weak: false })).is_some());
        if ic.len() < 3 || clause_like || !has_head(t, it) || !has_lead(t, it) {
            break;
        }
        out.push(Found { span: it, recipients: vec![who] });
        end = s;
    }
}
