//! Initiatives: campaigns, programmes, mechanisms, brands, platforms, apps and systems.
//!
//! Quoted names are a strong cue, but only with something that makes them an initiative: a head
//! word after the quote (“五星”争创机制), a head word before it (平台“某某”), a verb that makes
//! it an object of work (开展“某某”), an initiative word inside it (“某某行动”), or a place in a
//! list of such quotes. Slogans, principles and quoted speech have none of these (“走心”“走实”),
//! and quotes with inner punctuation are never names. Unquoted names need a head word that is
//! specific enough (专项行动, 管理制度, 警官制) and a cue verb or a known-initiative context.

use crate::extract::doc::Doc;
use crate::extract::text::{is_close_quote, is_han, is_open_quote};
use crate::extract::{ExtractConfig, Extraction, Initiative, Mention, MentionKind, Observation, Recipient, Span, Target, Utterance};
use crate::lexicon::{AwardRole, Entry, InitiativeKind, InitiativeRole, Label, ListId};

#[derive(Debug, Clone)]
struct Cand {
    name: String,
    alias: Option<String>,
    kind: Option<InitiativeKind>,
    span: Span,
}

/// The role of an initiative's head word, if `e` is one.
fn head(e: &Entry) -> Option<(Option<InitiativeKind>, bool)> {
    match e.label {
        Label::Initiative(InitiativeRole::Head { kind, quoted_only }) => Some((kind, quoted_only)),
        _ => None,
    }
}

/// The kind of a head word (none for words that are no head).
fn kind_of(e: &Entry) -> Option<InitiativeKind> {
    head(e).and_then(|(k, _)| k)
}

fn is_cue(e: &Entry) -> bool {
    e.label == Label::Initiative(InitiativeRole::Cue)
}

fn head_after(t: &Doc, at: usize, quoted: bool) -> Option<(String, Option<InitiativeKind>, usize)> {
    t.words
        .longest_at(ListId::Initiative, at, |e| head(e).is_some_and(|(_, only)| quoted || !only))
        .map(|(e, l)| (e.surface.clone(), kind_of(e), l))
}

fn cue_before(t: &Doc, at: usize) -> bool {
    let c = &t.chars;
    let mut at = at;
    if at >= 1 && c[at - 1] == '了' {
        at -= 1;
    }
    // a count between the verb and the name: 组建了9支“…”
    let mut k = at;
    while k > 0 && (c[k - 1].is_ascii_digit() || "一二三四五六七八九十支个项家批".contains(c[k - 1])) && at - k < 4 {
        k -= 1;
    }
    if k < at && k >= 1 && c[k - 1] == '了' {
        k -= 1;
    }
    [at, k].iter().any(|&p| t.words.longest_ending_at(ListId::Initiative, p, is_cue).is_some())
}

/// Quoted spans: (open, close) indices of the quote marks.
fn quotes(c: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if matches!(c[i], '“' | '「' | '『') {
            if let Some(j) = (i + 1..c.len().min(i + 40)).find(|&j| matches!(c[j], '”' | '」' | '』' | '“' | '\n')) {
                if matches!(c[j], '”' | '」' | '』') {
                    out.push((i, j));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// 四能, 五星, 两个确立: a number word and one or two characters (a counter between them
/// allowed); not a four-character phrase that starts with one (一网通办).
fn numeric_catchword(inner: &[char]) -> bool {
    let nums = "一二三四五六七八九十两百千万";
    let k = inner.iter().take_while(|c| nums.contains(**c)).count();
    let rest = inner.len() - k;
    k >= 1 && ((1..=2).contains(&rest) || rest == 3 && inner[k] == '个')
}

fn is_name_like(inner: &[char]) -> bool {
    let n = inner.len();
    (2..=15).contains(&n)
        && !inner.iter().any(|ch| "，。！？；：、,.!?;:（）()…—".contains(*ch) || is_open_quote(*ch) || is_close_quote(*ch))
        && inner.iter().any(|ch| is_han(*ch))
        && !inner.ends_with(&['的']) && !inner.ends_with(&['了'])
}

/// Finds initiatives, their owners, and the numbers stated about them.
pub fn find_initiatives(t: &Doc, cfg: &ExtractConfig, x: &mut Extraction, utterances: &[Utterance]) {
    let qs = quotes(&t.chars);
    // whether each position lies within a quotation, its marks included
    let mut in_quote = vec![false; t.len() + 1];
    for &(o, e) in &qs {
        in_quote[o..=e].iter_mut().for_each(|q| *q = true);
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut accepted: Vec<bool> = vec![false; qs.len()];
    for (qi, &(o, e)) in qs.iter().enumerate() {
        if let Some(k) = quoted_name(t, o, e) {
            cands.push(k);
            accepted[qi] = true;
        }
    }
    quote_lists(t, &qs, &mut accepted, &mut cands);
    unquoted_names(t, cfg, x, &in_quote, &mut cands);
    policing_models(t, x, &in_quote, &mut cands);
    merge_candidates(t, x, cands, utterances);
    stated_short_names(t, x);
    drop_aliases(x);
    quoted_mentions(t, x, &qs);
    observations(t, x);
}

/// A quotation that names an initiative: a head word after it (“五星”争创机制, possibly after a
/// short modifier), before it (平台“某某”), inside it (“某某行动”), or a cue verb before it.
fn quoted_name(t: &Doc, o: usize, e: usize) -> Option<Cand> {
    let c = &t.chars;
    let inner = &c[o + 1..e];
    if !is_name_like(inner) {
        return None;
    }
    let x_name: String = inner.iter().collect();
    // head right after the quote, possibly after a short modifier: “某某”掌上执法APP
    if let Some((h, kind, l)) = head_after(t, e + 1, true) {
        // a distinctive name is the initiative (“某某”应用 → 某某); a numeric catchword (“四能”,
        // “五星”) needs its head to name anything (四能主题教育实践活动)
        let (name, alias) = if numeric_catchword(inner) { (format!("{x_name}{h}"), x_name.clone()) } else { (x_name.clone(), format!("{x_name}{h}")) };
        return Some(Cand { name, alias: Some(alias), kind, span: Span::new(o, e + 1 + l) });
    }
    if let Some((name, kind, end)) = head_after_modifier(t, e, &x_name) {
        return Some(Cand { name, alias: Some(x_name), kind, span: Span::new(o, end) });
    }
    // head before the quote: 服务民生平台“某某”
    let before = t.words.longest_ending_at(ListId::Initiative, o, |e| head(e).is_some_and(|(k, only)| !only && matches!(k, Some(InitiativeKind::Platform | InitiativeKind::Brand))));
    // an initiative word inside the quote: “某某行动”, “某某热线”
    let inside = t.words.longest_ending_in(ListId::Initiative, o + 1, e, |e| head(e).is_some()).filter(|(_, l)| *l < inner.len());
    let kind = if let Some((h, _)) = before.or(inside) {
        kind_of(h)
    } else if inner.ends_with(&['式']) {
        // 开展“拉网式”核查: a manner (某某式) names nothing by itself
        return None;
    } else if cue_before(t, o) {
        Some(InitiativeKind::Programme)
    } else {
        return None;
    };
    Some(Cand { name: x_name, alias: None, kind, span: Span::new(o, e + 1) })
}

/// A short modifier, then a head, after the quotation that closes at `e`: the name, the kind and
/// the end. A head of the quoted-only kind (“某某”专项监督活动, “某某”调解工作室) never names a
/// programme here (“某某”民生项目 is a kind of project, not one), nor a place or room it is the
/// start of (活动室, 服务区).
fn head_after_modifier(t: &Doc, e: usize, x_name: &str) -> Option<(String, Option<InitiativeKind>, usize)> {
    let c = &t.chars;
    for m in 1..=4 {
        let p = e + 1 + m;
        if p > c.len() || !c[e + 1..p].iter().all(|ch| is_han(*ch) && !t.is_stop_char(*ch)) {
            return None;
        }
        let found = head_after(t, p, true).filter(|(_, kind, l)| {
            let quoted_only = t.words.exact(ListId::Initiative, p, p + l).and_then(head).is_some_and(|(_, only)| only);
            !quoted_only || (*kind != Some(InitiativeKind::Programme) && !c.get(p + l).is_some_and(|ch| "区室站中".contains(*ch)))
        });
        if let Some((h, kind, l)) = found {
            let modifier: String = c[e + 1..p].iter().collect();
            return Some((format!("{x_name}{modifier}{h}"), kind, p + l));
        }
    }
    None
}

/// Lists of quotes: “甲”、“乙”等品牌 / “甲”“乙”…… / “甲”100个、“乙”200个: the members of a list
/// closed by 等 and a head, and the neighbours of an accepted member.
fn quote_lists(t: &Doc, qs: &[(usize, usize)], accepted: &mut [bool], cands: &mut Vec<Cand>) {
    let c = &t.chars;
    let joined = |a: usize, b: usize| -> bool {
        let (_, e1) = qs[a];
        let (o2, _) = qs[b];
        let between: String = c[e1 + 1..o2].iter().collect();
        between.is_empty()
            || between == "、"
            || (between.ends_with('、') && between[..between.len() - '、'.len_utf8()].chars().all(|ch| ch.is_ascii_digit() || ch == '.' || "个家项名处户".contains(ch)))
    };
    for qi in 0..qs.len() {
        // a list closed by 等 + head: every member
        let mut last = qi;
        while last + 1 < qs.len() && joined(last, last + 1) {
            last += 1;
        }
        let close = qs[last].1 + 1;
        if last > qi && c.get(close) == Some(&'等') {
            let h = t.words.longest_at(ListId::Initiative, close + 1, |e| head(e).is_some()).or_else(|| {
                // 等群防群治品牌: a short modifier then the head
                (1..=4).find_map(|m| t.words.longest_at(ListId::Initiative, close + 1 + m, |e| kind_of(e) == Some(InitiativeKind::Brand)))
            });
            if let Some((h, _)) = h {
                for (k, &(o, e)) in qs.iter().enumerate().take(last + 1).skip(qi) {
                    if !accepted[k] && is_name_like(&c[o + 1..e]) {
                        cands.push(Cand { name: c[o + 1..e].iter().collect(), alias: None, kind: kind_of(h), span: Span::new(o, e + 1) });
                        accepted[k] = true;
                    }
                }
            }
        }
    }
    for qi in 0..qs.len().saturating_sub(1) {
        for (a, b) in [(qi, qi + 1), (qi + 1, qi)] {
            if accepted[a] && !accepted[b] && joined(qi, qi + 1) {
                let (o, e) = qs[b];
                if is_name_like(&c[o + 1..e]) {
                    let kind = cands.iter().find(|k| k.span.start == qs[a].0).map(|k| k.kind).unwrap_or(Some(InitiativeKind::Programme));
                    cands.push(Cand { name: c[o + 1..e].iter().collect(), alias: None, kind, span: Span::new(o, e + 1) });
                    accepted[b] = true;
                }
            }
        }
    }
}

/// Unquoted names ending in a specific head: 开展冬季治安整治行动, 落实社区警官制.
fn unquoted_names(t: &Doc, cfg: &ExtractConfig, x: &Extraction, in_quote: &[bool], cands: &mut Vec<Cand>) {
    let c = &t.chars;
    let mut p = 0;
    while p < c.len() {
        let Some((h, kind, l)) = head_after(t, p, false) else {
            p += 1;
            continue;
        };
        let end = p + l;
        if in_quote[p] || end < c.len() && is_han(c[end]) && head_after(t, end, false).is_none() && !"建设理念".contains(c[end]) && !(kind == Some(InitiativeKind::Campaign) && l >= 4) {
            p += 1;
            continue;
        }
        // the name runs back to a cue verb, a stop word or punctuation
        let mut s = p;
        let mut cued = false;
        while s > 0 && is_han(c[s - 1]) {
            if t.words.longest_ending_at(ListId::Initiative, s, is_cue).is_some() {
                cued = true;
                break;
            }
            // 建立起某某机制, 开展了某某行动: the particle after the verb is no part of the name
            if matches!(c[s - 1], '起' | '了') && s >= 2 && t.words.longest_ending_at(ListId::Initiative, s - 1, is_cue).is_some() {
                cued = true;
                break;
            }
            if t.is_stop_char(c[s - 1]) || p - s >= cfg.max_initiative {
                break;
            }
            s -= 1;
        }
        // a leading generic body (全国公安机关, 全省) is not part of the name
        while let Some((_, gl)) = t.words.longest_at(ListId::Award, s, |e| matches!(e.label, Label::Award(AwardRole::Level(_)))) {
            if s + gl >= p {
                break;
            }
            s += gl;
        }
        // an unquoted name is short: the last four characters before the head at most
        // (今年冬季治安打击整治行动 → 冬季治安打击整治行动), unless a cue verb bounds it
        // (实施某某某某整治攻坚行动)
        if p - s > 4 && !cued {
            s = p - 4;
        }
        let modifier: String = c[s..p].iter().collect();
        let is_policing = h == "警务";
        // 核查机制, 协作机制: a mechanism named by two characters alone is a kind of mechanism
        let bare_mechanism = matches!(h.as_str(), "机制" | "工作机制" | "制度") && p - s <= 2;
        let ok = (2..=cfg.max_initiative).contains(&(p - s))
            && t.lookup(ListId::Initiative, &modifier).is_none_or(|e| e.label != Label::Initiative(InitiativeRole::Generic))
            && !t.listed(ListId::Stopword, &modifier)
            && (cued || (kind == Some(InitiativeKind::Campaign) && p - s >= 3) || (s > 0 && matches!(c[s - 1], '、' | '（' | '(')))
            && !x.mentions.overlapping(Span::new(s, end)).any(|m| m.kind != MentionKind::Place);
        if ok && (!is_policing || p - s == 2) && !bare_mechanism {
            cands.push(Cand { name: format!("{modifier}{h}"), alias: None, kind, span: Span::new(s, end) });
        }
        p = end;
    }
}

/// X警务 in a list (数字警务、绿色警务、文化警务): two-character modifiers.
fn policing_models(t: &Doc, x: &Extraction, in_quote: &[bool], cands: &mut Vec<Cand>) {
    let c = &t.chars;
    for p in 2..c.len().saturating_sub(1) {
        if c[p] == '警' && c[p + 1] == '务' {
            let s = p - 2;
            let modifier: String = c[s..p].iter().collect();
            let prev = if s > 0 { c[s - 1] } else { '。' };
            let next = c.get(p + 2).copied().unwrap_or('。');
            let listed = matches!(prev, '、' | '（' | '(') || matches!(next, '、' | '）' | ')');
            let cued = t.words.longest_ending_at(ListId::Initiative, s, is_cue).is_some();
            if modifier.chars().all(is_han)
                && (listed || cued || "建理".contains(next))
                && t.lookup(ListId::Initiative, &modifier).is_none_or(|e| e.label != Label::Initiative(InitiativeRole::Generic))
                && !in_quote[p]
                && x.mentions.overlapping(Span::new(s, p + 2)).next().is_none()
            {
                cands.push(Cand { name: format!("{modifier}警务"), alias: None, kind: Some(InitiativeKind::Model), span: Span::new(s, p + 2) });
            }
        }
    }
}

/// Candidates merged by name, in text order, into initiatives and their mentions.
fn merge_candidates(t: &Doc, x: &mut Extraction, mut cands: Vec<Cand>, utterances: &[Utterance]) {
    cands.sort_by_key(|k| k.span);
    for k in cands {
        let idx = match x.initiatives.iter().position(|i| i.name == k.name || i.aliases.contains(&k.name)) {
            Some(i) => i,
            None => {
                let evidence = t.sentence_at(k.span.start);
                let owner = owner_of(t, x, k.span, utterances);
                x.initiatives.push(Initiative { name: k.name.clone(), aliases: vec![], kind: k.kind.map_or_else(String::new, |k| k.as_str().to_string()), owner, span: k.span, evidence });
                x.initiatives.len() - 1
            }
        };
        if let Some(a) = k.alias {
            if a != x.initiatives[idx].name && !x.initiatives[idx].aliases.contains(&a) {
                x.initiatives[idx].aliases.push(a);
            }
        }
        x.mentions.push(Mention { span: k.span, text: t.slice(k.span), kind: MentionKind::Initiative, target: Target::Initiative(idx) });
    }
}

/// 以下简称“某某” after an initiative: an alias.
fn stated_short_names(t: &Doc, x: &mut Extraction) {
    let c = &t.chars;
    for i in 0..x.initiatives.len() {
        let end = x.initiatives[i].span.end;
        let tail = t.str(end, (end + 14).min(c.len()));
        for lead in ["（以下简称", "(以下简称", "（简称"] {
            if let Some(rest) = tail.strip_prefix(lead) {
                let alias: String = rest.chars().skip_while(|ch| is_open_quote(*ch)).take_while(|ch| !is_close_quote(*ch) && *ch != '）').collect();
                if alias.chars().count() >= 2 && !x.initiatives[i].aliases.contains(&alias) {
                    x.initiatives[i].aliases.push(alias);
                }
            }
        }
    }
}

/// Initiatives that are only an alias of another (“夏季行动” after its long form) are dropped; their
/// mentions point to the one that has the name as an alias.
fn drop_aliases(x: &mut Extraction) {
    let mut drop = vec![false; x.initiatives.len()];
    for i in 0..x.initiatives.len() {
        for j in 0..x.initiatives.len() {
            if i != j && !drop[j] && x.initiatives[j].aliases.contains(&x.initiatives[i].name) {
                drop[i] = true;
            }
        }
    }
    if drop.iter().any(|d| *d) {
        let mut map = vec![None; drop.len()];
        let mut kept = Vec::new();
        for (i, init) in x.initiatives.drain(..).enumerate() {
            if !drop[i] {
                map[i] = Some(kept.len());
                kept.push(init);
            }
        }
        // mentions of a dropped initiative point to the one that has its name as an alias
        let names: Vec<(String, usize)> = kept.iter().enumerate().flat_map(|(i, k)| k.aliases.iter().map(move |a| (a.clone(), i))).collect();
        x.initiatives = kept;
        x.mentions.retarget(|m| {
            let Target::Initiative(i) = m.target else { return None };
            let ni = map[i].or_else(|| {
                let txt: String = m.text.chars().filter(|ch| !is_open_quote(*ch) && !is_close_quote(*ch)).collect();
                names.iter().find(|(a, _)| *a == txt).map(|(_, k)| *k)
            });
            Some(Target::Initiative(ni.unwrap_or(0)))
        });
    }
}

/// Every other quoted occurrence of a known initiative is a mention of it (“某某”被评为…).
fn quoted_mentions(t: &Doc, x: &mut Extraction, qs: &[(usize, usize)]) {
    let c = &t.chars;
    let known: Vec<(String, usize)> = x.initiatives.iter().enumerate().flat_map(|(i, k)| std::iter::once((k.name.clone(), i)).chain(k.aliases.iter().map(move |a| (a.clone(), i)))).collect();
    for &(o, e) in qs {
        let inner: String = c[o + 1..e].iter().collect();
        let span = Span::new(o, e + 1);
        if x.mentions.overlapping(span).any(|m| m.kind == MentionKind::Initiative) {
            continue;
        }
        if let Some((_, i)) = known.iter().find(|(n, _)| *n == inner) {
            x.mentions.push(Mention { span, text: t.slice(span), kind: MentionKind::Initiative, target: Target::Initiative(*i) });
        }
    }
}

/// The unit that runs an initiative: the nearest unit before it in the sentence, else — when the
/// speaker says 我们 — the speaker's unit.
fn owner_of(t: &Doc, x: &Extraction, span: Span, utterances: &[Utterance]) -> Option<usize> {
    let sent = t.sentence_at(span.start);
    let unit = x
        .mentions
        .starting_in(sent.start, span.start)
        .filter(|m| m.kind == MentionKind::Unit && m.span.end <= span.start)
        .max_by_key(|m| m.span.end)
        .and_then(|m| match m.target {
            Target::Unit(i) => Some(i),
            _ => None,
        });
    if unit.is_some() {
        return unit;
    }
    let we = t.str(sent.start, span.start).contains("我们");
    if we {
        let u = utterances.iter().find(|u| u.span.start <= span.start && span.end <= u.span.end)?;
        let person = u.speaker?;
        // the speaker's own unit, not the government of a place they are also an official of
        return x
            .holdings
            .iter()
            .filter(|h| h.person == person)
            .filter_map(|h| h.unit)
            .find(|&u| x.units[u].unit_type.0 != "government");
    }
    None
}

/// Counts in the text: after an initiative's name, and after a noun in a sentence about a unit.
fn observations(t: &Doc, x: &mut Extraction) {
    let mut out = initiative_counts(t, x);
    unit_counts(t, x, &mut out);
    x.observations = out;
}

/// 建成“某某小区”1335个: a count right after an initiative's name.
fn initiative_counts(t: &Doc, x: &Extraction) -> Vec<Observation> {
    let c = &t.chars;
    let mut out = Vec::new();
    for m in x.mentions.iter().filter(|m| m.kind == MentionKind::Initiative) {
        let Target::Initiative(i) = m.target else { continue };
        let mut e = m.span.end;
        let s = e;
        while e < c.len() && (c[e].is_ascii_digit() || c[e] == '.') {
            e += 1;
        }
        if e == s || e >= c.len() || !"个家项名处户座所条件次".contains(c[e]) {
            continue;
        }
        let value = t.str(s, e);
        if value.parse::<f64>().is_err() {
            continue;
        }
        let counted: String = m.text.chars().filter(|ch| !is_open_quote(*ch) && !is_close_quote(*ch)).collect();
        out.push(Observation {
            value,
            unit_text: c[e].to_string(),
            counted,
            about: Some(Recipient::Initiative(i)),
            span: Span::new(s, e + 1),
            evidence: t.sentence_at(s),
        });
    }
    out
}

/// 某局今年以来破获案件120起: a count with its measure word, reported by the unit its sentence opens with.
fn unit_counts(t: &Doc, x: &Extraction, out: &mut Vec<Observation>) {
    let c = &t.chars;
    // 某局今年以来破获案件120起 / 建成警务站11处 / 帮助走失老人回家37人: a number with its measure
    // word after a noun, in a sentence whose subject is a unit, is reported by that unit
    let mut p = 0;
    while p < c.len() {
        if !c[p].is_ascii_digit() || (p > 0 && (c[p - 1].is_ascii_digit() || c[p - 1] == '.')) {
            p += 1;
            continue;
        }
        let s = p;
        let mut e = p;
        while e < c.len() && (c[e].is_ascii_digit() || c[e] == '.') {
            e += 1;
        }
        let digits = t.str(s, e);
        let mut k = e;
        let mut factor = 1.0f64;
        if c.get(k) == Some(&'万') {
            factor = 10_000.0;
            k += 1;
        } else if c.get(k) == Some(&'亿') {
            factor = 100_000_000.0;
            k += 1;
        }
        while matches!(c.get(k), Some('余') | Some('多')) {
            k += 1;
        }
        let Some(&measure) = c.get(k) else { break };
        if !"个家项名处户座所条件次起人辆台只支批".contains(measure) || digits.parse::<f64>().is_err() {
            p = e;
            continue;
        }
        let (b, counted) = counted_noun(t, s, k);
        let sent = t.sentence_at(s);
        let unit = first_unit_before(x, sent.start, b);
        let already = out.iter().any(|o| o.span.start == s);
        if let (Some(u), false) = (unit, already) {
            if counted.chars().count() >= 2 {
                let value = digits.parse::<f64>().map(|v| v * factor).unwrap_or(0.0);
                let value = if value.fract() == 0.0 { format!("{}", value as i64) } else { format!("{value}") };
                out.push(Observation { value, unit_text: measure.to_string(), counted, about: Some(Recipient::Unit(u)), span: Span::new(s, k + 1), evidence: sent });
            }
        }
        p = k + 1;
    }
}

/// What a number at `s` (its measure word at `k`) counts: the noun run before it (破获案件120起),
/// else the one after the measure word (写满了3139户居民); with where the run before starts.
fn counted_noun(t: &Doc, s: usize, k: usize) -> (usize, String) {
    let c = &t.chars;
    // what is counted: the noun run right before the number
    let mut b = s;
    while b > 0 && is_han(c[b - 1]) && s - b < 6 && !"的了和与及、在是将已共计约近达".contains(c[b - 1]) {
        b -= 1;
    }
    let mut counted = t.str(b, s);
    if counted.chars().count() < 2 {
        // 写满了3139户居民: the noun follows the measure word
        let mut a = k + 1;
        while a < c.len() && is_han(c[a]) && a - (k + 1) < 6 && !"的了和与及、在是将".contains(c[a]) {
            a += 1;
        }
        counted = t.str(k + 1, a);
    }
    (b, counted)
}

/// The first unit named in `from..to` (the sentence's subject, 某局今年以来…).
fn first_unit_before(x: &Extraction, from: usize, to: usize) -> Option<usize> {
    x.mentions
        .starting_in(from, to)
        .filter(|m| m.kind == MentionKind::Unit && m.span.end <= to)
        .min_by_key(|m| m.span.start)
        .and_then(|m| match m.target {
            Target::Unit(i) => Some(i),
            _ => None,
        })
}
