//! Places and units: gazetteer matches, unit names built from suffixes (公安局, 派出所, 支队 …),
//! name chains and the hierarchy they state (海盐县公安局武原派出所 → 武原派出所 under 海盐县公安局),
//! short forms resolved in context (市公安局 → 嘉兴市公安局, 海盐县局 → 海盐县公安局) and aliases
//! (以下简称“X”, 嘉兴公安, 本报).

use std::collections::HashMap;

use crate::extract::doc::Doc;
use crate::extract::text::is_han;
use crate::extract::{ExtractConfig, Extraction, Mention, MentionKind, Span, Target, Unit};
use crate::lexicon::{Entry, FunctionPart, Gazetteer, Label, ListId, OrgRole, PlaceLevel, PostKind, StopRole, UnitForm};

/// What later stages need to know about places and units.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Place mentions: span and gazetteer index.
    pub places: Vec<(Span, usize)>,
    /// The article's main prefecture and province (gazetteer indices), where it has one.
    pub prefecture: Option<usize>,
    /// See `prefecture`.
    pub province: Option<usize>,
    /// The article's main county, where it names one more than once.
    pub county: Option<usize>,
    /// The article's own places (county, prefecture, province), then every place it names without
    /// doubt, most named first: the context that tells namesakes apart.
    pub named: Vec<usize>,
    /// Unit name chains: the whole chain's span and its units, outermost first.
    pub chains: Vec<(Span, Vec<usize>)>,
    /// The publication's unit (本报), where known.
    pub publication: Option<usize>,
    /// Positions of `chains` and `places`, built by [`Context::seal`] once units are done, so that
    /// the later stages look them up instead of scanning them.
    index: Option<Index>,
}

#[derive(Debug, Clone, Default)]
struct Index {
    /// The first chain (in order) ending / starting at a position.
    chain_by_end: rustc_hash::FxHashMap<usize, usize>,
    chain_by_start: rustc_hash::FxHashMap<usize, usize>,
    /// The first place ending at a position.
    place_by_end: rustc_hash::FxHashMap<usize, usize>,
    /// Per position: bit 1, a chain covers it; bit 2, it lies strictly inside a chain (not at
    /// its start).
    covered: Vec<u8>,
}

impl Context {
    /// Indexes the chains and places; they must not change after.
    pub fn seal(&mut self) {
        let mut ix = Index::default();
        for (i, (s, _)) in self.chains.iter().enumerate() {
            ix.chain_by_end.entry(s.end).or_insert(i);
            ix.chain_by_start.entry(s.start).or_insert(i);
            if ix.covered.len() < s.end {
                ix.covered.resize(s.end, 0);
            }
            for p in s.start..s.end {
                ix.covered[p] |= if p > s.start { 3 } else { 1 };
            }
        }
        for (i, (s, _)) in self.places.iter().enumerate() {
            ix.place_by_end.entry(s.end).or_insert(i);
        }
        self.index = Some(ix);
    }

    /// The chain that ends exactly at `end`.
    pub fn chain_ending_at(&self, end: usize) -> Option<&(Span, Vec<usize>)> {
        match &self.index {
            Some(ix) => ix.chain_by_end.get(&end).map(|&i| &self.chains[i]),
            None => self.chains.iter().find(|(s, _)| s.end == end),
        }
    }
    /// The chain that starts exactly at `start`.
    pub fn chain_starting_at(&self, start: usize) -> Option<&(Span, Vec<usize>)> {
        match &self.index {
            Some(ix) => ix.chain_by_start.get(&start).map(|&i| &self.chains[i]),
            None => self.chains.iter().find(|(s, _)| s.start == start),
        }
    }
    /// Whether a position lies inside a unit chain.
    pub fn in_chain(&self, at: usize) -> bool {
        match &self.index {
            Some(ix) => ix.covered.get(at).is_some_and(|b| b & 1 != 0),
            None => self.chains.iter().any(|(s, _)| s.start <= at && at < s.end),
        }
    }
    /// Whether a position lies inside a unit chain and is not where it starts.
    pub fn within_chain(&self, at: usize) -> bool {
        match &self.index {
            Some(ix) => ix.covered.get(at).is_some_and(|b| b & 2 != 0),
            None => self.chains.iter().any(|(s, _)| s.start < at && at < s.end),
        }
    }
    /// The first place mention that ends at `end`.
    pub fn place_ending_at(&self, end: usize) -> Option<&(Span, usize)> {
        match &self.index {
            Some(ix) => ix.place_by_end.get(&end).map(|&i| &self.places[i]),
            None => self.places.iter().find(|(s, _)| s.end == end),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegKind {
    Named,
    Placed,
    Function,
    CountyShort,
    Org,
    Settled,
    Internal,
}

#[derive(Debug, Clone)]
struct Seg {
    start: usize,
    suffix_start: usize,
    end: usize,
    kind: SegKind,
    type_id: String,
    type_label: String,
}

/// Types whose name may be just a place (嘉兴市公安局) or, in context, nothing (公安局 after 海盐县副县长).
const PLACE_LEVEL_TYPES: &[&str] = &[
    "public-security-bureau",
    "public-security-department",
    "state-security-bureau",
    "state-security-department",
    "justice-bureau",
    "justice-department",
    "government",
    "court",
    "procuratorate",
];

/// The article's own places, innermost first.
fn article_places(ctx: &Context) -> Vec<usize> {
    [ctx.county, ctx.prefecture, ctx.province].into_iter().flatten().collect()
}

/// Places named before `at` in the same sentence, nearest first.
fn places_before(t: &Doc, ctx: &Context, at: usize) -> Vec<usize> {
    let sent = t.sentence_at(at);
    // places are in text order and never overlap: those before `at` are a prefix
    let before = ctx.places.partition_point(|(s, _)| s.end <= at);
    ctx.places[..before].iter().rev().take_while(|(s, _)| s.start >= sent.start).map(|(_, p)| *p).collect()
}

/// Finds place mentions and the article's main prefecture and province.
pub fn find_places(t: &Doc, x: &mut Extraction, ctx: &mut Context) {
    let (found, counts) = gazetteer_names(t);
    article_context(t.gazetteer(), &counts, ctx);
    place_mentions(t, x, ctx, found);
    place_refs(t, x, ctx);
}

/// Every full place name of the gazetteer in the text (a short one not after an ideograph), and how
/// often each place not in doubt is named.
fn gazetteer_names(t: &Doc) -> (Vec<(Span, Vec<usize>)>, HashMap<usize, usize>) {
    let g = t.gazetteer();
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut i = 0;
    let mut found = Vec::new();
    while i < t.len() {
        if let Some((idx, len, full)) = t.words.place_at(i) {
            let prev_han = i > 0 && is_han(t.chars[i - 1]);
            if full && (len >= 3 || !prev_han) {
                found.push((Span::new(i, i + len), idx.to_vec()));
            }
            // the article's context comes from names not in doubt: a namesake (朝阳: a city in
            // Liaoning, districts of Beijing and Changchun, a county) votes for none of them
            if let Some(p) = g.resolve(idx, &[], &[]) {
                if g.places[p].level != "county" || full {
                    *counts.entry(p).or_default() += 1;
                }
            }
            i += len;
            continue;
        }
        i += 1;
    }
    (found, counts)
}

/// The article's county, prefecture and province (each the most named of its level, named twice at
/// least), then every place it names without doubt, the most named first.
fn article_context(g: &Gazetteer, counts: &HashMap<usize, usize>, ctx: &mut Context) {
    // the article's prefecture: the most named one (its counties count for it too)
    let mut pref: HashMap<usize, usize> = HashMap::new();
    let mut prov: HashMap<usize, usize> = HashMap::new();
    for (&p, &n) in counts {
        let mut chain = vec![p];
        chain.extend(g.ancestors(p));
        for q in chain {
            match g.places[q].level.as_str() {
                "prefecture" => *pref.entry(q).or_default() += n,
                "province" => *prov.entry(q).or_default() += n,
                _ => {}
            }
        }
    }
    let best = |m: &HashMap<usize, usize>| {
        let mut v: Vec<(usize, usize)> = m.iter().map(|(&k, &v)| (v, k)).collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        match v.as_slice() {
            [(n, k), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(m, _)| m < n) => Some(*k),
            _ => None,
        }
    };
    let mut county: HashMap<usize, usize> = HashMap::new();
    for (&p, &n) in counts {
        if g.places[p].level == "county" {
            *county.entry(p).or_default() += n;
        }
    }
    ctx.county = best(&county);
    ctx.prefecture = best(&pref);
    ctx.province = best(&prov).or_else(|| ctx.prefecture.and_then(|p| g.ancestors(p).first().copied()));
    // then every other place the article names without doubt, the most named first
    let mut named: Vec<(usize, usize)> = counts.iter().map(|(&p, &n)| (n, p)).collect();
    named.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ctx.named = article_places(ctx);
    ctx.named.extend(named.into_iter().map(|(_, p)| p));
}

/// A place mention for each name found, resolved among its namesakes by the places before it and the
/// article's (朝阳 in an article about Liaoning); ambiguous when the text does not tell.
fn place_mentions(t: &Doc, x: &mut Extraction, ctx: &mut Context, found: Vec<(Span, Vec<usize>)>) {
    let g = t.gazetteer();
    for (span, idx) in found {
        let text = t.slice(span);
        let target = match g.resolve(&idx, &places_before(t, ctx, span.start), &ctx.named) {
            Some(p) => {
                ctx.places.push((span, p));
                Target::Place(g.places[p].code.clone())
            }
            // a two-character name shared by several divisions (城区, 郊区, 矿区) is a common noun
            // more often than a place: not a mention unless the text tells which
            None if text.chars().count() <= 2 => continue,
            None => {
                let mut codes: Vec<String> = idx.iter().map(|&i| g.places[i].code.clone()).collect();
                codes.sort();
                codes.dedup();
                Target::Ambiguous(codes)
            }
        };
        x.mentions.push(Mention { span, text, kind: MentionKind::Place, target });
    }
}

/// References to the article's own places (全省, 市里, 本县), where it has one of that level.
fn place_refs(t: &Doc, x: &mut Extraction, ctx: &Context) {
    let g = t.gazetteer();
    // 全省, 市里, 本县: the article's own province, city, county, where it has one
    let mut i = 0;
    while i < t.len() {
        let Some((e, len)) = t.words.longest_at(ListId::PlaceRef, i, |_| true) else {
            i += 1;
            continue;
        };
        let place = match e.label {
            Label::PlaceRef(PlaceLevel::Province) => ctx.province,
            Label::PlaceRef(PlaceLevel::Prefecture) => ctx.prefecture,
            Label::PlaceRef(PlaceLevel::County) => ctx.county,
            _ => None,
        };
        // 全区 is a district only in an article about one; a level the article lacks links nothing
        if let Some(p) = place.filter(|&p| !(e.surface.contains('区') && !g.places[p].name.ends_with('区'))) {
            let span = Span::new(i, i + len);
            if x.mentions.overlapping(span).next().is_none() {
                x.mentions.push(Mention { span, text: t.slice(span), kind: MentionKind::Place, target: Target::Place(g.places[p].code.clone()) });
            }
        }
        i += len;
    }
}

/// The unit-name segments of the text, left to right: at each position the longest of an org word,
/// a function unit (执勤二队), an ordinal unit (第三中队) and a unit suffix (公安局, 派出所).
fn scan_segments(t: &Doc) -> Vec<Seg> {
    let c = &t.chars;
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if !is_han(c[i]) {
            i += 1;
            continue;
        }
        let (best, skip) = segment_at(t, i);
        match best {
            Some(seg) => {
                let len = seg.end - seg.start;
                // a longer post word wins (中队长 is a post, not 中队 + 长)
                if t.words.longest_at(ListId::Post, i, |_| true).is_some_and(|(_, pl)| pl > len) {
                    i += 1;
                    continue;
                }
                i = seg.end;
                out.push(seg);
            }
            None => i += skip.max(1),
        }
    }
    out
}

/// The longest segment starting at `i`, or none and the length of an org word to skip.
fn segment_at(t: &Doc, i: usize) -> (Option<Seg>, usize) {
    let c = &t.chars;
    let mut best: Option<Seg> = None;
    let mut skip = 0;
    if let Some((e, len)) = t.words.longest_at(ListId::Org, i, |_| true) {
        if e.label == Label::Org(OrgRole::Skip) {
            skip = len;
        } else {
            best = Some(Seg {
                start: i,
                suffix_start: i,
                end: i + len,
                kind: SegKind::Org,
                type_id: e.note.clone(),
                type_label: e.surface.clone(),
            });
        }
    }
    if let Some(seg) = function_segment(t, i) {
        prefer_longer(&mut best, seg);
    }
    if let Some(len) = ordinal_unit(c, i) {
        let label: String = c[i + len - 2..i + len].iter().collect();
        let seg = Seg { start: i, suffix_start: i, end: i + len, kind: SegKind::Function, type_id: format!("function-{label}"), type_label: label };
        prefer_longer(&mut best, seg);
    }
    if let Some(seg) = suffix_segment(t, i) {
        prefer_longer(&mut best, seg);
    }
    (best, skip)
}

/// Keeps `seg` when it is longer than the best so far (the first of equal length stays).
fn prefer_longer(best: &mut Option<Seg>, seg: Seg) {
    if best.as_ref().is_none_or(|b| b.end - b.start < seg.end - seg.start) {
        *best = Some(seg);
    }
}

/// A function unit at `i`: a stem and a suffix, an ordinal between them allowed (执勤二队).
fn function_segment(t: &Doc, i: usize) -> Option<Seg> {
    let stem = |e: &Entry| e.label == Label::FunctionUnit(FunctionPart::Stem);
    let suffix = |e: &Entry| e.label == Label::FunctionUnit(FunctionPart::Suffix);
    let c = &t.chars;
    let (_, sl0) = t.words.longest_at(ListId::FunctionUnit, i, stem)?;
    // an ordinal may stand between stem and suffix (执勤二队)
    let mut sl = sl0;
    while sl - sl0 < 3 && i + sl < c.len() && "一二三四五六七八九十".contains(c[i + sl]) {
        sl += 1;
    }
    let (suf, fl) = t.words.longest_at(ListId::FunctionUnit, i + sl, suffix).or_else(|| {
        (sl > sl0).then(|| t.words.longest_at(ListId::FunctionUnit, i + sl0, suffix)).flatten().map(|(e, l)| (e, l - (sl - sl0)))
    })?;
    let len = sl + fl;
    Some(Seg {
        start: i,
        suffix_start: i,
        end: i + len,
        kind: SegKind::Function,
        type_id: format!("function-{}", suf.surface),
        type_label: suf.surface.clone(),
    })
}

/// A unit suffix at `i` (公安局; 县局 stands for 公安局).
fn suffix_segment(t: &Doc, i: usize) -> Option<Seg> {
    let (e, len) = t.words.longest_at(ListId::UnitSuffix, i, |_| true)?;
    Some(Seg {
        start: i,
        suffix_start: i,
        end: i + len,
        kind: match e.label {
            Label::UnitSuffix(UnitForm::CountyShort) => SegKind::CountyShort,
            Label::UnitSuffix(UnitForm::Placed) => SegKind::Placed,
            Label::UnitSuffix(UnitForm::Settled) => SegKind::Settled,
            Label::UnitSuffix(UnitForm::Internal) => SegKind::Internal,
            _ => SegKind::Named,
        },
        type_id: e.id.clone(),
        type_label: if e.label == Label::UnitSuffix(UnitForm::CountyShort) { "公安局".into() } else { e.surface.clone() },
    })
}

fn ordinal_unit(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if c.get(j) == Some(&'第') {
        j += 1;
    }
    let k = j;
    while j < c.len() && j - k < 3 && "一二三四五六七八九十".contains(c[j]) {
        j += 1;
    }
    if j == k || j + 2 > c.len() {
        return None;
    }
    let s: String = c[j..j + 2].iter().collect();
    if !["支队", "大队", "中队", "分队", "总队", "监区"].contains(&s.as_str()) {
        // 第四检察部, 第二审判庭
        let s3: String = c[j..(j + 3).min(c.len())].iter().collect();
        if k > i && ["检察部", "审判庭"].contains(&s3.as_str()) {
            return Some(j + 3 - i);
        }
        // 执勤二队, 二队: a bare 队 after an ordinal
        if c[j] == '队' && j > k {
            return Some(j + 1 - i);
        }
        return None;
    }
    if c.get(j + 2) == Some(&'伍') || c.get(j + 2) == Some(&'长') {
        return None;
    }
    // "一支队伍" / "三个大队" are counts, not names: the ordinal must not follow a number word
    if i > 0 && "一二三四五六七八九十几每各".contains(c[i - 1]) {
        return None;
    }
    Some(j + 2 - i)
}

/// The place of the only public-security bureau of a level the article names so far.
fn sole_bureau(x: &Extraction, g: &Gazetteer, level: &str) -> Option<usize> {
    let places: Vec<usize> = x
        .units
        .iter()
        .filter(|u| u.unit_type.0 == "public-security-bureau")
        .filter_map(|u| u.place.as_deref())
        .filter_map(|code| g.places.iter().position(|p| p.code == code && p.level == level))
        .collect();
    let mut uniq = places.clone();
    uniq.sort();
    uniq.dedup();
    (uniq.len() == 1).then(|| uniq[0])
}

/// Whether one of the divisions `a` contains one of `b` (or the reverse).
fn related(g: &Gazetteer, a: &[usize], b: &[usize]) -> bool {
    a.iter().any(|&i| b.iter().any(|&j| g.ancestors(j).contains(&i) || g.ancestors(i).contains(&j)))
}

/// Where a unit's name starts, scanning left from its suffix (at most to `limit`).
fn left_name_start(t: &Doc, suffix_start: usize, limit: usize, max_plain: usize) -> Option<usize> {
    let c = &t.chars;
    let g = t.gazetteer();
    let mut j = suffix_start;
    while j > limit && is_han(c[j - 1]) && suffix_start - j < 16 {
        j -= 1;
    }
    // 建成11处警务站: a measure word after a number is not part of a name
    if j > 0 && j < suffix_start && c[j - 1].is_ascii_digit() && "个处家名所支座条项批年月日号届期".contains(c[j]) {
        j += 1;
    }
    // a place in the window starts the name (走进安徽省芜湖市公安局 → 安徽省芜湖市公安局)
    let mut p = j;
    while p < suffix_start {
        if let Some((_, len, full)) = t.words.place_in(p, suffix_start) {
            let end = p + len;
            if end <= suffix_start {
                let followed_by_place = t.words.place_in(end, suffix_start).is_some_and(|(idx2, _, f2)| {
                    // 浙江永康市: the next place lies inside this one (会同赣州市 is a verb and a city)
                    f2 && t.words.place_in(p, end).is_some_and(|(idx1, _, _)| related(g, idx1, idx2))
                });
                // a short form (太湖) inside a longer run of characters (南太湖) is no place
                if full || (p == j && (end == suffix_start || followed_by_place)) {
                    // stop words between the place and the suffix mean the place is not part of the name
                    if !has_stop(t, end, suffix_start) {
                        return Some(p);
                    }
                }
            }
        }
        p += 1;
    }
    // no place: the name runs back to the nearest stop char or word
    let mut k = suffix_start;
    while k > j {
        if t.is_stop_char(c[k - 1]) {
            break;
        }
        if t.words.longest_ending_at(ListId::Stopword, k, is_stop_word).is_some() {
            break;
        }
        k -= 1;
    }
    // 原石桥派出所所长: 原 (former) before a name without a place belongs to the post, not the name
    // (a place starting with 原, 原阳县, was found above)
    if k < suffix_start && c[k] == '原' && suffix_start - k > 2 {
        k += 1;
    }
    if suffix_start - k > max_plain {
        // 达布达尔乡人民政府: a township name may be longer than a plain name; so may a zone's
        // (某某高新区市场监管局)
        for start in (suffix_start.saturating_sub(10).max(k))..suffix_start {
            let name = t.str(start, suffix_start);
            if is_zone(t, start, suffix_start) || suffix_start - start <= 7 && is_township(&name) {
                return Some(start);
            }
        }
        return None;
    }
    Some(k)
}

fn is_stop_word(e: &Entry) -> bool {
    e.label == Label::Stopword(StopRole::Word)
}

fn has_stop(t: &Doc, from: usize, to: usize) -> bool {
    (from..to).any(|k| {
        t.is_stop_char(t.chars[k]) || t.words.longest_ending_at(ListId::Stopword, k + 1, is_stop_word).is_some_and(|(_, l)| k + 1 - l >= from)
    })
}

fn is_generic(t: &Doc, name: &str) -> bool {
    t.lookup(ListId::Stopword, name).is_some_and(|e| e.label != Label::Stopword(StopRole::Char))
        || t.listed(ListId::UnitSuffix, name)
        || t.listed(ListId::Post, name)
}

/// The places a unit name starts with (`(division, start, end, full name?)`, the division `None`
/// when its name is shared and nothing tells which), and where they end.
fn place_prefix(t: &Doc, ctx: &Context, start: usize, end: usize) -> (Vec<(Option<usize>, usize, usize, bool)>, usize) {
    let g = t.gazetteer();
    let mut out: Vec<(Option<usize>, usize, usize, bool)> = Vec::new();
    let around = &ctx.named;
    let mut p = start;
    while p < end {
        match t.words.place_in(p, end) {
            Some((idx, len, full)) => {
                // a short form (和平) after a place is part of the name, unless another place follows
                let next_full = t.words.place_in(p + len, end).is_some_and(|(idx2, _, f)| f && related(g, idx, idx2));
                if !full && p > start && !next_full {
                    break;
                }
                let mut hints: Vec<usize> = out.iter().rev().filter_map(|o| o.0).collect();
                hints.extend(places_before(t, ctx, start));
                out.push((g.resolve(idx, &hints, around), p, p + len, full));
                p += len;
            }
            _ => break,
        }
    }
    (out, p)
}

/// The nearest place of a level named in the same sentence before `at`, else the article's own.
fn context_place(t: &Doc, ctx: &Context, at: usize, level: Option<&str>) -> Option<usize> {
    let g = t.gazetteer();
    let sent = t.sentence_at(at);
    let near = ctx
        .places
        .iter()
        .rev()
        .filter(|(s, _)| s.end <= at && s.start >= sent.start)
        // (a county-level city is a 市 too: 桐乡市副市长、市公安局局长 → 桐乡市公安局)
        .find(|(_, p)| level.is_none_or(|l| g.places[*p].level == l || l == "prefecture" && g.places[*p].level == "county" && g.places[*p].name.ends_with('市')))
        .map(|(_, p)| *p);
    near.or(match level {
        Some("county") => ctx.county,
        Some("prefecture") => ctx.prefecture,
        Some("province") => ctx.province,
        _ => None,
    })
}

struct Builder {
    by_name: HashMap<String, usize>,
}

impl Builder {
    fn unit(&mut self, x: &mut Extraction, name: &str, surface: &str, type_id: &str, type_label: &str, global: bool) -> usize {
        self.unit_in(x, None, name, surface, type_id, type_label, global)
    }

    /// Like [`Builder::unit`], with the identity key qualified by a place code (`scope`) for a unit
    /// named after a namesake place.
    #[allow(clippy::too_many_arguments)]
    fn unit_in(&mut self, x: &mut Extraction, scope: Option<&str>, name: &str, surface: &str, type_id: &str, type_label: &str, global: bool) -> usize {
        let key = match scope {
            Some(code) => format!("{code}/{}", identity_key(name)),
            None => identity_key(name),
        };
        let i = match self.by_name.get(&key) {
            Some(&i) => i,
            None => {
                x.units.push(Unit {
                    name: name.to_string(),
                    key: key.clone(),
                    global,
                    aliases: vec![],
                    unit_type: (type_id.to_string(), type_label.to_string()),
                    parent: None,
                    place: None,
                });
                self.by_name.insert(key, x.units.len() - 1);
                x.units.len() - 1
            }
        };
        let u = &mut x.units[i];
        u.global |= global;
        // the fuller spelling of the same unit names it (某区人民法院 over 某区法院)
        if name.chars().count() > u.name.chars().count() && identity_key(name) == u.key {
            let old = std::mem::replace(&mut u.name, name.to_string());
            if !u.aliases.contains(&old) {
                u.aliases.push(old);
            }
        }
        if surface != u.name && !u.aliases.iter().any(|a| a == surface) {
            u.aliases.push(surface.to_string());
        }
        i
    }
}

/// A development zone's name at `start..end` (某某高新区, 某某新区, 某某工业园区): no division of
/// the gazetteer, but the place its bureaus are named after (某某高新区市场监管局). What comes
/// before the zone word starts with a place, or is a short name after a break (贵安新区), or
/// nothing (高新区社会事务局, the article's zone); never a phrase (试着协调新区).
fn is_zone(t: &Doc, start: usize, end: usize) -> bool {
    const ZONES: &[&str] = &["新区", "高新区", "开发区", "经开区", "园区", "保税区", "综保区", "自贸区", "示范区", "试验区"];
    let c = &t.chars;
    let name = t.str(start, end);
    let Some(zone) = ZONES.iter().filter(|z| name.ends_with(**z)).map(|z| z.chars().count()).max() else { return false };
    let prefix = end - start - zone;
    let clean = start == 0 || !is_han(c[start - 1]) || t.is_stop_char(c[start - 1]);
    end - start <= 10
        && (start..end).all(|k| is_han(c[k]))
        && (prefix == 0 && clean || t.words.place_in(start, end - zone).is_some() || prefix <= 2 && clean)
}

/// A township name (某某镇, 某某乡, 某某街道): below the gazetteer, but a place all the same.
fn is_township(name: &str) -> bool {
    let n = name.chars().count();
    (3..=6).contains(&n) && (name.ends_with('镇') || name.ends_with('乡') || name.ends_with("街道"))
}

/// Spelling variants that name the same unit (城东公安分局 = 城东分局).
pub fn identity_key(name: &str) -> String {
    name.replace("公安分局", "分局")
        .replace("人民法院", "法院")
        .replace("人民检察院", "检察院")
        // the usual short forms of police functions (交警支队 = 交通警察支队)
        .replace("交通警察", "交警")
        .replace("刑事侦查", "刑侦")
        .replace("经济犯罪侦查", "经侦")
        .replace("网络安全保卫", "网安")
}

/// Finds units, their hierarchy and aliases.
pub fn find_units(t: &Doc, cfg: &ExtractConfig, publication: Option<&str>, x: &mut Extraction, ctx: &mut Context) {
    let mut b = Builder { by_name: HashMap::new() };
    let (chains, loose) = group_chains(t, cfg, ctx, scan_segments(t));
    for chain in chains {
        name_chain(t, x, ctx, &mut b, &chain);
    }
    settlements_named_before(t, x, ctx, &loose);
    settlement_bodies(t, x, ctx);
    parentheticals(t, x, ctx, &mut b);
    stated_parents(t, x, ctx, &mut b);
    place_police_aliases(t, x, ctx, &mut b);
    drop_idle_settlements(t, x, ctx, &mut b);
    if let Some(p) = publication {
        let i = b.unit(x, p, p, "newspaper", "报社", true);
        ctx.publication = Some(i);
        for s in t.find_all(&['本', '报']) {
            if !ctx.in_chain(s) {
                add_alias_mention(t, x, ctx, Span::new(s, s + 2), i);
            }
        }
    } else {
        ctx.publication = x.units.iter().position(|u| u.unit_type.0 == "newspaper");
    }
    ctx.chains.sort_by_key(|(s, _)| (s.start, s.end));
    ctx.seal();
}

/// Groups segments into chains (某市公安局 + 某某分局 + 某某派出所): a segment joins the chain
/// before it when the gap between them can be part of its name. Settlements whose name is not
/// certain come back apart, as mentions of settlements the article may name elsewhere.
fn group_chains(t: &Doc, cfg: &ExtractConfig, ctx: &Context, segs: Vec<Seg>) -> (Vec<Vec<Seg>>, Vec<Seg>) {
    let mut chains: Vec<Vec<Seg>> = Vec::new();
    let mut loose = Vec::new();
    let mut last_end = 0usize;
    // where the settlements at the end of the last chain began, and `last_end` before them
    let mut settled_from: Option<(usize, usize)> = None;
    for (n, mut seg) in segs.iter().cloned().enumerate() {
        if seg.kind != SegKind::Settled {
            // a unit named after the settlements before it (某街道养老服务中心, 某镇某村卫生室) takes
            // their names into its own, as it did before settlements were units; a community
            // (某街道某社区) is a unit of its own under them
            if let (Some((len, end_before)), Some(ch)) = (settled_from, chains.last_mut()) {
                if seg.type_id != "community" && joins(t, ch.last().expect("chains are never empty"), &seg) {
                    ch.truncate(len);
                    if ch.is_empty() {
                        chains.pop();
                    }
                    last_end = end_before;
                }
            }
            settled_from = None;
        }
        if seg.kind == SegKind::Internal {
            // a part of the company or institute just named (某有限公司生产技术部); nothing else
            if let Some(ch) = chains.last_mut().filter(|ch| ch.last().is_some_and(|p| p.end >= last_end && part_of(t, p, &seg))) {
                seg.start = ch.last().expect("chains are never empty").end;
                ch.push(seg);
                last_end = ch.last().expect("just pushed").end;
            }
            continue;
        }
        if seg.kind == SegKind::Settled {
            // a settlement right before another unit's type word names that unit (某镇派出所,
            // 某镇人民政府), as it always has
            // (its own committee, 某村村委会, is the settlement's body: see settlement_bodies)
            if segs.get(n + 1).is_some_and(|next| {
                next.suffix_start == seg.end && next.kind != SegKind::Settled && !SETTLEMENT_BODIES.contains(&next.type_label.as_str())
            }) {
                continue;
            }
            let prev = chains.last().and_then(|ch| ch.last()).filter(|p| p.end >= last_end);
            match settlement_start(t, ctx, &seg, prev, last_end) {
                Settle::Joins(s) => {
                    seg.start = s;
                    let ch = chains.last_mut().expect("a chain to join");
                    settled_from.get_or_insert((ch.len(), last_end));
                    ch.push(seg);
                }
                Settle::Starts(s) => {
                    seg.start = s;
                    settled_from = Some((0, last_end));
                    chains.push(vec![seg]);
                }
                Settle::Loose => {
                    loose.push(seg);
                    continue;
                }
            }
            last_end = chains.last().and_then(|ch| ch.last()).map(|s| s.end).unwrap_or(last_end);
            continue;
        }
        match chains.last_mut().filter(|ch| joins(t, ch.last().expect("chains are never empty"), &seg)) {
            Some(ch) => {
                seg.start = ch.last().map(|p| p.end).unwrap_or(0);
                ch.push(seg);
            }
            None => {
                // a functional sub-unit with no parent counts only as a short form of one the
                // article named in full (刑侦支队二大队 after 某市公安局刑侦支队二大队)
                if matches!(seg.kind, SegKind::Named | SegKind::Placed | SegKind::CountyShort) {
                    // a company's name is a trade name and its line of business (宏远精密机械有限公司)
                    let max_plain = if seg.type_id == "company" { 2 * cfg.max_unit_name } else { cfg.max_unit_name };
                    match left_name_start(t, seg.suffix_start, last_end, max_plain) {
                        Some(s) => seg.start = s,
                        None => {
                            last_end = seg.end;
                            continue;
                        }
                    }
                }
                chains.push(vec![seg]);
            }
        }
        last_end = chains.last().and_then(|ch| ch.last()).map(|s| s.end).unwrap_or(last_end);
    }
    (chains, loose)
}

/// Types whose parts (部门, 分厂, 中心, 班组) are named after them.
const WHOLE_TYPES: &[&str] = &[
    "company",
    "research-institute",
    "research-centre",
    "service-centre",
    "hospital",
];

/// Whether `seg`, a part's type word, names a part of the unit `prev` ends: a name of two to ten
/// characters between them (生产技术部, 8万吨模锻压力机班组), no function word or post in it. A
/// section (科, 股, 处) is a part of any unit but a settlement, where a post follows it.
fn part_of(t: &Doc, prev: &Seg, seg: &Seg) -> bool {
    let c = &t.chars;
    // a section (某局预算科) of any unit but a settlement, where a post follows it (预算科科长)
    let section = seg.type_id == "section"
        && !matches!(prev.kind, SegKind::Settled)
        && t.words.longest_at(ListId::Post, seg.end, |_| true).is_some();
    if !(WHOLE_TYPES.contains(&prev.type_id.as_str()) || prev.kind == SegKind::Internal || section) || seg.suffix_start < prev.end {
        return false;
    }
    let (from, to) = (prev.end, seg.suffix_start);
    // 干部: the type word is part of a post word
    let in_post = inside_post_word(t, to);
    (2..=10).contains(&(to - from))
        && (from..to).all(|k| is_han(c[k]) || c[k].is_ascii_alphanumeric())
        && is_han(c[to - 1])
        && !in_post
        && !stop_besides_posted(t, from, to)
        && !is_generic(t, &t.str(from, to))
}

/// [`has_stop`], but 派驻 (posted, as a discipline group is in the body it watches: 第三派驻纪检监察组)
/// is part of a name.
fn stop_besides_posted(t: &Doc, from: usize, to: usize) -> bool {
    match (from..to.saturating_sub(1)).find(|&k| t.starts_with(k, "派驻")) {
        Some(k) => has_stop(t, from, k) || has_stop(t, k + 2, to),
        None => has_stop(t, from, to),
    }
}

/// Whether a post word that starts before `at` runs over it (驻村第一书记 over 村, 干部 over 部).
fn inside_post_word(t: &Doc, at: usize) -> bool {
    (at.saturating_sub(4)..at).any(|k| t.words.longest_at(ListId::Post, k, |_| true).is_some_and(|(_, l)| k + l > at))
}

/// Where a settlement's segment goes.
enum Settle {
    /// It is the next level of the settlement chain before it (某镇 + 某村); its name starts here.
    Joins(usize),
    /// It starts a chain here (its places first).
    Starts(usize),
    /// Its name is not certain.
    Loose,
}

/// A settlement's own committee, written after its name (某村村委会): the settlement itself.
const SETTLEMENT_BODIES: &[&str] = &["村委会", "居委会"];

/// 某村村委会: the committee after a settlement's mention is an alias of the settlement, so that
/// the posts after it (村委会主任) are held there.
fn settlement_bodies(t: &Doc, x: &mut Extraction, ctx: &mut Context) {
    let found: Vec<(Span, usize)> = x
        .mentions
        .iter()
        .filter_map(|m| match m.target {
            Target::Unit(i) if m.kind == MentionKind::Unit && SETTLEMENT_TYPES.contains(&x.units[i].unit_type.0.as_str()) => {
                SETTLEMENT_BODIES.iter().find(|b| t.starts_with(m.span.end, b)).map(|b| (Span::new(m.span.start, m.span.end + b.chars().count()), i))
            }
            _ => None,
        })
        .collect();
    for (span, i) in found {
        if !ctx.chains.iter().any(|(s, _)| *s == span) {
            add_alias_mention(t, x, ctx, span, i);
        }
    }
}

const SETTLEMENT_TYPES: &[&str] = &["subdistrict", "town", "township", "sumu", "village", "gacha"];

/// Whether, and where, a settlement's name is certain: the next level of a settlement chain
/// (某镇某村), a township of the gazetteer (some places written before it), or a name right after a
/// full place (某县某村).
fn settlement_start(t: &Doc, ctx: &Context, seg: &Seg, prev: Option<&Seg>, last_end: usize) -> Settle {
    let c = &t.chars;
    let g = t.gazetteer();
    // 驻村第一书记, 村委会主任: the character is part of a post word
    let in_post = inside_post_word(t, seg.suffix_start);
    // 乡村, 城镇, 村民, 村里: the suffix character starts or ends a common word
    let next = c.get(seg.end).copied().unwrap_or(' ');
    let common = match seg.type_id.as_str() {
        "village" => "民庄落里级子干务容貌".contains(next),
        "town" | "township" => "村镇".contains(next),
        _ => false,
    };
    if in_post || common {
        return Settle::Loose;
    }
    let plain = |from: usize, to: usize| {
        from < to && (from..to).all(|k| is_han(c[k])) && !has_stop(t, from, to) && !is_generic(t, &t.str(from, to))
    };
    if let Some(p) = prev.filter(|p| p.kind == SegKind::Settled && p.end <= seg.suffix_start) {
        if seg.suffix_start - p.end <= 5 && plain(p.end, seg.suffix_start) {
            return Settle::Joins(p.end);
        }
    }
    // the places written right before a name (某省某市某县): the chain starts with them
    let with_places = |mut s: usize| {
        while let Some((span, _)) = ctx.place_ending_at(s).filter(|(span, _)| span.start >= last_end && span.start < s) {
            s = span.start;
        }
        s
    };
    let village = matches!(seg.type_id.as_str(), "village" | "gacha");
    if !village {
        let from = seg.suffix_start.saturating_sub(6).max(last_end);
        if let Some(s) = (from..seg.suffix_start.saturating_sub(1)).find(|&s| g.town(&t.str(s, seg.end)).is_some() && plain(s, seg.suffix_start)) {
            return Settle::Starts(with_places(s));
        }
    }
    let from = seg.suffix_start.saturating_sub(4).max(last_end);
    for s in from..seg.suffix_start.saturating_sub(1) {
        let after_full_place = ctx
            .place_ending_at(s)
            .is_some_and(|(span, _)| t.words.place_in(span.start, s).is_some_and(|(_, l, full)| full && span.start + l == s));
        if after_full_place && plain(s, seg.suffix_start) && t.words.place_in(s, seg.suffix_start).is_none() {
            return Settle::Starts(with_places(s));
        }
    }
    // a short name after a break, governed (。某某村党委书记)
    if governed_at(t, seg.end) {
        let max = if village { 3 } else { 4 };
        for n in 2..=max.min(seg.suffix_start) {
            let s = seg.suffix_start - n;
            if s >= last_end && (s == 0 || !is_han(c[s - 1]) || t.is_stop_char(c[s - 1])) && plain(s, seg.suffix_start) {
                return Settle::Starts(s);
            }
        }
    }
    Settle::Loose
}

/// Settlements that act as no organisation are places, not units: a settlement is kept when a post
/// or a party body follows one of its mentions (某村党支部书记, 某街道党工委, 某镇镇长) or a unit
/// it contains is kept (某街道某社区).
fn drop_idle_settlements(t: &Doc, x: &mut Extraction, ctx: &mut Context, b: &mut Builder) {
    // (a community named alone, with no place or parent, is held to the same test: 反哺社区,
    // 熟悉社区 are phrases; its staff (社区民警, 网格员) show it too)
    let lone_community = |u: &Unit| u.unit_type.0 == "community" && u.parent.is_none() && u.place.is_none();
    let settlement = |u: &Unit| SETTLEMENT_TYPES.contains(&u.unit_type.0.as_str()) || lone_community(u);
    if !x.units.iter().any(settlement) {
        return;
    }
    let mut keep: Vec<bool> = x.units.iter().map(|u| !settlement(u)).collect();
    for m in x.mentions.iter() {
        if let (MentionKind::Unit, Target::Unit(i)) = (m.kind, &m.target) {
            let staffed = lone_community(&x.units[*i]) && t.words.longest_at(ListId::Post, m.span.end, |_| true).is_some();
            if governed_at(t, m.span.end) || staffed {
                keep[*i] = true;
            }
        }
    }
    // a kept unit keeps the settlements it lies in
    for i in 0..x.units.len() {
        if keep[i] {
            let mut p = x.units[i].parent;
            while let Some(q) = p.filter(|&q| !keep[q]) {
                keep[q] = true;
                p = x.units[q].parent;
            }
        }
    }
    drop_units(x, ctx, b, &keep);
}

/// Drops the units `keep` says no to, renumbering every reference to the others: parents,
/// mentions, chains and the builder's names. References to a dropped unit go with it.
fn drop_units(x: &mut Extraction, ctx: &mut Context, b: &mut Builder, keep: &[bool]) {
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut new_index = vec![None; keep.len()];
    let mut n = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            new_index[i] = Some(n);
            n += 1;
        }
    }
    let units = std::mem::take(&mut x.units);
    x.units = units
        .into_iter()
        .zip(keep)
        .filter(|(_, &k)| k)
        .map(|(mut u, _)| {
            u.parent = u.parent.and_then(|p| new_index[p]);
            u
        })
        .collect();
    x.mentions.filter_map(|mut m| {
        if let Target::Unit(i) = m.target {
            m.target = Target::Unit(new_index[i]?);
        }
        Some(m)
    });
    ctx.chains = std::mem::take(&mut ctx.chains)
        .into_iter()
        .filter_map(|(span, ids)| {
            let ids: Vec<usize> = ids.into_iter().filter_map(|i| new_index[i]).collect();
            (!ids.is_empty()).then_some((span, ids))
        })
        .collect();
    b.by_name.retain(|_, i| match new_index[*i] {
        Some(j) => {
            *i = j;
            true
        }
        None => false,
    });
}

/// Whether a party body or a leading post starts at `end` (某村党支部书记, 某街道党工委, 某镇镇长,
/// 某社区主任); staff (某镇消防员) may only work in a place.
fn governed_at(t: &Doc, end: usize) -> bool {
    let body = ["党委", "党工委", "党支部", "党总支", "纪委", "纪工委"].iter().chain(SETTLEMENT_BODIES).find(|w| t.starts_with(end, w));
    let after = end + body.map(|w| w.chars().count()).unwrap_or(0);
    let leads = |e: &Entry| matches!(e.label, Label::Post(PostKind::Party | PostKind::Gov | PostKind::Head | PostKind::Deputy));
    body.is_some() || t.words.longest_at(ListId::Post, after, leads).is_some()
}

/// A settlement the article named with certainty, written again bare (初到某村, 任某村第一书记).
fn settlements_named_before(t: &Doc, x: &mut Extraction, ctx: &mut Context, loose: &[Seg]) {
    let named: HashMap<String, usize> =
        x.units.iter().enumerate().filter(|(_, u)| SETTLEMENT_TYPES.contains(&u.unit_type.0.as_str())).map(|(i, u)| (u.name.clone(), i)).collect();
    if named.is_empty() {
        return;
    }
    for seg in loose {
        let hit = (seg.suffix_start.saturating_sub(6)..seg.suffix_start)
            .find_map(|s| named.get(&t.str(s, seg.end)).map(|&i| (s, i)))
            .filter(|&(s, _)| !ctx.in_chain(s) && !ctx.in_chain(seg.end - 1));
        if let Some((s, i)) = hit {
            let span = Span::new(s, seg.end);
            x.mentions.push(Mention { span, text: t.str(s, seg.end), kind: MentionKind::Unit, target: Target::Unit(i) });
            ctx.chains.push((span, vec![i]));
        }
    }
}

/// Whether `seg` continues the chain whose last segment is `prev`.
fn joins(t: &Doc, prev: &Seg, seg: &Seg) -> bool {
    let c = &t.chars;
    let gap = seg.suffix_start.saturating_sub(prev.end);
    if seg.suffix_start < prev.end {
        return false;
    }
    match seg.kind {
        SegKind::Org | SegKind::CountyShort | SegKind::Settled | SegKind::Internal => false,
        SegKind::Function => {
            let gap_text = t.str(prev.end, seg.suffix_start);
            gap == 0
                || (gap == 2 && gap_text == "直属")
                // 某站公路口岸执勤队: a short name before a functional sub-unit
                || ((1..=4).contains(&gap)
                    && (prev.end..seg.suffix_start).all(|k| is_han(c[k]))
                    && !stop_besides_posted(t, prev.end, seg.suffix_start)
                    && !is_generic(t, &gap_text)
                    && t.words.longest_ending_at(ListId::Post, seg.suffix_start, |_| true).is_none())
                || (gap <= 4
                    && c[seg.suffix_start - 1] == '区'
                    && !has_stop(t, prev.end, seg.suffix_start)
                    && (prev.end..seg.suffix_start).all(|k| is_han(c[k])))
        }
        // 某部监狱管理局, 某海关缉私局: a bureau of a national body or a customs house, named after it
        SegKind::Named | SegKind::Placed if gap == 0 && (prev.kind == SegKind::Org || prev.type_id == "customs") => true,
        SegKind::Named | SegKind::Placed => {
            // a place at the start of the gap may hold a stop character (成都, 和平)
            let from = t.words.place_in(prev.end, seg.suffix_start).map(|(_, l, _)| prev.end + l).unwrap_or(prev.end);
            // a full place inside the gap starts a new name (某大队会同某市公安局)
            let inner_place = (prev.end + 1..seg.suffix_start).any(|k| t.words.place_in(k, seg.suffix_start).is_some_and(|(_, _, f)| f));
            (1..=8).contains(&gap)
                && !inner_place
                && (prev.end..seg.suffix_start).all(|k| is_han(c[k]))
                && !has_stop(t, from, seg.suffix_start)
                && !is_generic(t, &t.str(prev.end, seg.suffix_start))
        }
    }
}

/// What naming a segment gives: the unit's name, whether it is global and its place; or the end
/// of the chain's units; or a unit the article named already, which the whole chain is.
enum Named {
    Unit(String, bool, Option<usize>),
    Stop,
    Known(usize),
}

/// Names each segment of a chain, outermost first, registers its unit under the one before, and
/// records the chain.
fn name_chain(t: &Doc, x: &mut Extraction, ctx: &mut Context, b: &mut Builder, chain: &[Seg]) {
    let mut ids: Vec<usize> = Vec::new();
    let mut parent: Option<usize> = None;
    let mut chain_start = None;
    for (k, seg) in chain.iter().enumerate() {
        let named = match seg.kind {
            SegKind::Org => Named::Unit(t.str(seg.start, seg.end), true, None),
            SegKind::Function if parent.is_none() => function_without_parent(t, x, chain, seg, &mut parent),
            SegKind::Function => function_in_chain(t, x, chain, seg, parent),
            SegKind::CountyShort => county_short(t, x, ctx, seg),
            SegKind::Named | SegKind::Placed if k > 0 => named_in_chain(t, x, ctx, seg, parent),
            // a settlement inside a settlement (某镇某村) is known through it
            SegKind::Settled if k > 0 => Named::Unit(t.str(seg.start, seg.end), false, None),
            SegKind::Internal => function_in_chain(t, x, chain, seg, parent),
            SegKind::Settled => named_settlement(t, ctx, seg),
            SegKind::Named | SegKind::Placed => named_first(t, x, ctx, seg),
        };
        let (name, global, place) = match named {
            Named::Unit(name, global, place) => (name, global, place),
            Named::Stop => break,
            Named::Known(i) => {
                // the unit itself: link this mention and stop
                let end = chain.last().map(|s| s.end).unwrap_or(seg.end);
                let written = t.str(seg.start, end);
                x.mentions.push(Mention { span: Span::new(seg.start, end), text: written.clone(), kind: MentionKind::Unit, target: Target::Unit(i) });
                if !x.units[i].aliases.contains(&written) {
                    x.units[i].aliases.push(written);
                }
                ids.push(i);
                ctx.chains.push((Span::new(*chain_start.get_or_insert(seg.start), end), ids));
                return;
            }
        };
        let Some(i) = register(t, x, b, seg, k, parent, (&name, global, place)) else { break };
        chain_start.get_or_insert(seg.start);
        ids.push(i);
        parent = Some(i);
    }
    if let (Some(s), Some(last)) = (chain_start, chain.get(ids.len().saturating_sub(1))) {
        if !ids.is_empty() {
            ctx.chains.push((Span::new(s, last.end), ids));
        }
    }
}

/// A functional sub-unit first in its chain: the end of a unit named before (compared by identity
/// keys, so 交警支队 finds 某市公安局交通警察支队), or a sub-unit of the unit whose post comes
/// just before it (某厅副厅长、刑事侦查总队总队长).
fn function_without_parent(t: &Doc, x: &Extraction, chain: &[Seg], seg: &Seg, parent: &mut Option<usize>) -> Named {
    let c = &t.chars;
    let written = t.str(seg.start, chain.last().map(|s| s.end).unwrap_or(seg.end));
    let own = t.str(seg.start, seg.end);
    // the whole written chain, or its first part, as the end of a unit named before
    // compared by identity keys, so 交警支队 finds 某市公安局交通警察支队
    let (wk, ok) = (identity_key(&written), identity_key(&own));
    let hit = x.units.iter().position(|u| u.key.ends_with(&wk) && u.key != wk)
        .map(|u| (u, chain.len()))
        .or_else(|| x.units.iter().position(|u| u.key.ends_with(&ok) && u.key != ok).map(|u| (u, 1)));
    // 某厅副厅长、刑事侦查总队总队长: a functional sub-unit named after a post of its parent
    let after_post = (seg.start >= 2 && matches!(c[seg.start - 1], '、' | '兼'))
        .then(|| t.words.longest_ending_at(ListId::Post, seg.start - 1, |_| true).map(|(_, l)| seg.start - 1 - l))
        .flatten()
        .and_then(|ps| x.mentions.ending_at(ps).rev().find(|m| m.kind == MentionKind::Unit))
        .and_then(|m| match m.target {
            Target::Unit(u) => Some(u),
            _ => None,
        });
    let hit = hit.or(after_post.map(|u| (u, 0)));
    match hit {
        Some((u, 0)) => {
            *parent = Some(u);
            Named::Unit(own, x.units[u].global, None)
        }
        Some((u, n)) if n == chain.len() => Named::Known(u),
        Some((u, _)) => Named::Unit(x.units[u].name.clone(), x.units[u].global, None),
        None => Named::Stop,
    }
}

/// A functional sub-unit inside a chain, named as the text writes the chain (星城监狱五监区); the
/// parent's identity keeps differently written chains together.
fn function_in_chain(t: &Doc, x: &Extraction, chain: &[Seg], seg: &Seg, parent: Option<usize>) -> Named {
    let Some(p) = parent else { return Named::Stop };
    let surface = t.str(seg.start, seg.end);
    let written = t.str(chain[0].start, seg.end);
    let written = if written.chars().count() > surface.chars().count() { written } else { format!("{}{}", x.units[p].name, surface) };
    Named::Unit(written, x.units[p].global, None)
}

/// 某县局, 市局: a county's (or city's) public-security bureau, by its short form.
fn county_short(t: &Doc, x: &Extraction, ctx: &Context, seg: &Seg) -> Named {
    let g = t.gazetteer();
    let (places, rest) = place_prefix(t, ctx, seg.start, seg.suffix_start);
    let level = if seg.type_id == "city-short" { "prefecture" } else { "county" };
    match places.last() {
        Some(&(Some(p), _, _, _)) if rest == seg.suffix_start && g.places[p].level == level => {
            Named::Unit(format!("{}公安局", g.places[p].name), true, Some(p))
        }
        None if seg.start == seg.suffix_start => {
            // bare 县局 / 市局: the county or city of the sentence, else of the article
            match context_place(t, ctx, seg.start, Some(level)).or_else(|| sole_bureau(x, g, level)) {
                Some(p) => Named::Unit(format!("{}公安局", g.places[p].name), true, Some(p)),
                None => return Named::Stop,
            }
        }
        _ => return Named::Stop,
    }
}

/// A named or placed unit after the first of its chain.
fn named_in_chain(t: &Doc, x: &Extraction, ctx: &Context, seg: &Seg, parent: Option<usize>) -> Named {
    let surface = t.str(seg.start, seg.end);
    let name_part = t.str(seg.start, seg.suffix_start);
    if seg.kind == SegKind::Placed && name_part.chars().count() == 1 {
        // 人民政府作政府工作报告: a one-character gap is no name
        return Named::Stop;
    }
    if name_part.is_empty() || seg.type_id.starts_with("bank-") {
        // a bureau of a national body is named after it (某部监狱管理局), a bank's
        // branch after its bank (某银行某某分行)
        let Some(p) = parent else { return Named::Stop };
        Named::Unit(format!("{}{}", x.units[p].name, surface), x.units[p].global, None)
    } else if is_generic(t, &name_part) {
        return Named::Stop;
    } else {
        // known beyond the article on its own name only when that name starts with the full name
        // of a place that names one division (某省公安厅杭州市公安局); a station or team named otherwise (某某派出所
        // under 某县公安局) is known through its parent, as there are namesakes under other parents
        let g = t.gazetteer();
        let (places, _) = place_prefix(t, ctx, seg.start, seg.suffix_start);
        // (written in full: 城北 of 城北派出所 is no 城北区)
        let own_name = matches!(places.first(), Some(&(Some(p), _, _, true)) if !g.is_ambiguous(&g.places[p].name));
        Named::Unit(surface.clone(), own_name && parent.is_some_and(|p| x.units[p].global), None)
    }
}

/// A settlement that starts its chain, named bare (某镇, not 某县某镇) and known by the county
/// it lies in: the one written before it, else the only county with a township of that name.
fn named_settlement(t: &Doc, ctx: &Context, seg: &Seg) -> Named {
    let g = t.gazetteer();
    let (mut places, mut rest) = place_prefix(t, ctx, seg.start, seg.suffix_start);
    if rest >= seg.suffix_start {
        // 港南村: a village named like a county's short form
        match places.pop() {
            Some((_, start, _, false)) => rest = start,
            _ => return Named::Stop,
        }
    }
    let name = t.str(rest, seg.end);
    let written = places.last().and_then(|&(p, ..)| p).filter(|&p| g.places[p].level != "province");
    let county = written.or_else(|| match g.town(&name) {
        Some([code]) => g.places.iter().position(|p| &p.code == code),
        _ => None,
    });
    Named::Unit(name, county.is_some(), county)
}

/// A named or placed unit that starts its chain: with its place, a place from context, or its own
/// name.
fn named_first(t: &Doc, x: &Extraction, ctx: &Context, seg: &Seg) -> Named {
    let g = t.gazetteer();
    let surface = t.str(seg.start, seg.end);
    let name_part = t.str(seg.start, seg.suffix_start);
    let suffix_text = t.str(seg.suffix_start, seg.end);
    let (places, rest) = place_prefix(t, ctx, seg.start, seg.suffix_start);
    let rest_text = t.str(rest, seg.suffix_start);
    let place_level = PLACE_LEVEL_TYPES.contains(&seg.type_id.as_str());
    if let Some(&(p, _ps, pe, full)) = places.last() {
        // keep only the last place of a place chain (江西省九江市 → 九江市)
        // a short form before a place-level type is the place itself (海盐公安局 → 海盐县公安局);
        // otherwise the name stays as written (某省边检总站, 绵阳支队)
        if !rest_text.is_empty() && is_generic(t, &rest_text) {
            // 某市绿色社区, 某省文明单位: an honour, not a unit
            return Named::Stop;
        }
        let written = t.str(places.last().expect("non-empty").1, pe);
        let place_name = match p {
            Some(p) if !full && rest == seg.suffix_start && place_level => g.places[p].name.clone(),
            _ => written,
        };
        // a short form alone before a non-place unit type is just a name
        // (清水河派出所 need not be in 清水河县): no place link, no global identity
        if !full && places.len() == 1 && rest_text.is_empty() && !place_level {
            Named::Unit(format!("{place_name}{suffix_text}"), false, None)
        } else {
            // a namesake place nothing resolves (朝阳区 alone) names the unit
            // for this article only: no place link, no global identity
            Named::Unit(format!("{place_name}{rest_text}{suffix_text}"), p.is_some(), p)
        }
    } else if place_level && (name_part.is_empty() || ["市", "县", "区", "省", "州"].contains(&name_part.as_str())) {
        let level = match name_part.as_str() {
            "市" | "州" => Some("prefecture"),
            "县" | "区" => Some("county"),
            "省" => Some("province"),
            _ => None,
        };
        match context_place(t, ctx, seg.start, level) {
            // a government named by its place alone (省政府 → 四川省), as the
            // annotation guidelines name governments
            Some(p) if seg.type_id == "government" => Named::Unit(g.places[p].name.clone(), true, Some(p)),
            Some(p) => Named::Unit(format!("{}{}", g.places[p].name, suffix_text), true, Some(p)),
            None => return Named::Stop,
        }
    } else if let Some(u) = (surface.chars().count() >= 4)
        .then(|| x.units.iter().position(|u| u.name.ends_with(&surface) && u.name != surface))
        .flatten()
    {
        // 星城监狱 after 某省星城监狱: the same unit, named short
        Named::Unit(x.units[u].name.clone(), x.units[u].global, None)
    } else if name_part.is_empty()
        || (seg.kind == SegKind::Placed && !is_township(&name_part) && !is_zone(t, seg.start, seg.suffix_start))
        || is_generic(t, &name_part)
        || name_part.chars().count() < 2 && !place_level
    {
        return Named::Stop;
    } else {
        Named::Unit(surface.clone(), false, None)
    }
}

/// Registers a segment's unit (its identity, place and parent) and its mention; `None` when the
/// unit is no unit after all (a community without a name).
fn register(t: &Doc, x: &mut Extraction, b: &mut Builder, seg: &Seg, k: usize, parent: Option<usize>, named: (&str, bool, Option<usize>)) -> Option<usize> {
    let (name, global, place) = named;
    let g = t.gazetteer();
    let surface = t.str(seg.start, seg.end);
    let type_id = if seg.kind == SegKind::CountyShort { "public-security-bureau" } else { seg.type_id.as_str() };
    if seg.kind == SegKind::Function || seg.type_id.starts_with("bank-") {
        if let Some(p) = parent {
            let key = format!("{}/{}", x.units[p].key, surface);
            if let Some(&existing) = b.by_name.get(&key) {
                b.by_name.insert(identity_key(name), existing);
            } else {
                b.by_name.insert(key, x.units.len());
            }
        }
    }
    if let (SegKind::Function, 0, Some(p)) = (seg.kind, k, parent) {
        b.by_name.entry(format!("{}/{}", x.units[p].key, surface)).or_insert(x.units.len());
    }
    // a community needs a name of three characters or a parent (织密社区 is a verb and a noun)
    if seg.type_id == "community" && parent.is_none() && name.chars().count() < 5 && place.is_none() {
        return None;
    }
    // units named after namesake places (普陀区公安局 of 上海 and of 舟山) are told apart
    // by the place's code, in this article and across articles
    // a settlement by the county it lies in (there are nineteen 永兴镇)
    let scope = place
        .filter(|&p| seg.kind == SegKind::Settled || name.starts_with(&g.places[p].name) && g.is_ambiguous(&g.places[p].name))
        .map(|p| g.places[p].code.as_str());
    let i = b.unit_in(x, scope, name, &surface, type_id, &seg.type_label, global);
    if let Some(p) = place {
        x.units[i].place.get_or_insert(g.places[p].code.clone());
        fuller_with_city(x, g, i, p, name, &surface);
    }
    if let Some(p) = parent {
        set_parent(x, i, p);
    } else if let Some(p) = place.filter(|_| PARTY_DEPARTMENTS.contains(&type_id) && x.units[i].parent.is_none()) {
        // a party department of a place (某区委组织部) is one of its party committee's, which the
        // guidelines name by the place
        let gov = government_of(t, x, p);
        b.by_name.entry(x.units[gov].key.clone()).or_insert(gov);
        set_parent(x, i, gov);
    }
    x.mentions.push(Mention {
        span: Span::new(seg.start, seg.end),
        text: surface.clone(),
        kind: MentionKind::Unit,
        target: Target::Unit(i),
    });
    Some(i)
}

/// The departments of a place's party committee (某区委组织部), which hang under the place.
const PARTY_DEPARTMENTS: &[&str] =
    &["party-organization-department", "party-propaganda-department", "party-united-front-department", "party-political-legal-commission"];

/// The government of a division, for a post such as 副市长 or a party department of the place
/// (某区委组织部): the place's name (湖州市 → 湖州市; the annotation guidelines name the place),
/// with its 人民政府 as an alias; the government's own name when the text writes it.
pub fn government_of(t: &Doc, x: &mut Extraction, p: usize) -> usize {
    let p = &t.gazetteer().places[p];
    government_named(t, x, &p.name, Some(p.code.clone()), true)
}

/// [`government_of`] for a place by name (a township below the gazetteer has no code).
pub fn government_named(t: &Doc, x: &mut Extraction, place_name: &str, code: Option<String>, global: bool) -> usize {
    let gov = format!("{place_name}人民政府");
    let written = !t.find_all(&gov.chars().collect::<Vec<_>>()).is_empty();
    if let Some(i) = x.units.iter().position(|u| {
        u.unit_type.0 == "government" && (u.name == gov || u.name == place_name || (code.is_some() && u.place == code && u.parent.is_none()))
    }) {
        return i;
    }
    let (name, alias) = if written { (gov.clone(), place_name.to_string()) } else { (place_name.to_string(), gov) };
    x.units.push(Unit {
        key: identity_key(&name),
        name,
        global,
        aliases: vec![alias],
        unit_type: ("government".into(), "人民政府".into()),
        parent: None,
        place: code,
    });
    x.units.len() - 1
}

/// 苏州市吴江区人民法院: a county-level court or procuratorate written after its city is named with
/// it, as its official name is (a county's bureaus are not: 秦安县公安局), while its identity stays
/// that of 吴江区人民法院, so articles that write it either way still meet on one unit.
fn fuller_with_city(x: &mut Extraction, g: &Gazetteer, i: usize, p: usize, name: &str, surface: &str) {
    let place = &g.places[p];
    let judicial = matches!(x.units[i].unit_type.0.as_str(), "court" | "procuratorate");
    if !judicial || place.level != "county" || x.units[i].name != name || !name.starts_with(&place.name) {
        return;
    }
    // the city is a prefecture, or a municipality (北京市朝阳区人民检察院)
    let Some(city) = g.by_code(&place.parent).filter(|c| c.level == "prefecture" || c.level == "province" && c.name.ends_with('市')) else { return };
    let fuller = format!("{}{name}", city.name);
    if surface.ends_with(&fuller) {
        let short = std::mem::replace(&mut x.units[i].name, fuller);
        if !x.units[i].aliases.contains(&short) {
            x.units[i].aliases.push(short);
        }
    }
}

/// Sets a unit's parent; a more specific parent (one under the current parent) replaces it.
fn set_parent(x: &mut Extraction, child: usize, parent: usize) {
    if child == parent || ancestors(x, parent).contains(&child) {
        return;
    }
    match x.units[child].parent {
        None => x.units[child].parent = Some(parent),
        Some(old) if old != parent && ancestors(x, parent).contains(&old) => x.units[child].parent = Some(parent),
        Some(_) => {}
    }
}

fn ancestors(x: &Extraction, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = x.units[i].parent;
    while let Some(p) = cur {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        cur = x.units[p].parent;
    }
    out
}

/// Parents known by name (中共中央政治局 → 中共中央) and stated in words (某所组建了…某某巡逻队).
fn stated_parents(t: &Doc, x: &mut Extraction, ctx: &mut Context, b: &mut Builder) {
    for i in 0..x.units.len() {
        if let Some(e) = t.lookup(ListId::OrgParent, &x.units[i].name) {
            let parent = e.id.clone();
            let type_id = t.lookup(ListId::Org, &parent).map(|o| o.note.clone()).unwrap_or_default();
            let p = b.unit(x, &parent, &parent, &type_id, &parent, true);
            set_parent(x, i, p);
        }
    }
    // the administrative chain: a county bureau sits under its city's bureau when the article names both
    let g = t.gazetteer();
    for i in 0..x.units.len() {
        // police bureaus only: a county court is supervised by, not part of, the city's court
        if x.units[i].parent.is_some() || x.units[i].unit_type.0 != "public-security-bureau" {
            continue;
        }
        let Some(code) = x.units[i].place.clone() else { continue };
        let Some(place) = g.by_code(&code) else { continue };
        if place.level != "county" {
            continue;
        }
        let parent_code = place.parent.clone();
        let same_type = x.units[i].unit_type.0.clone();
        if let Some(p) = (0..x.units.len()).find(|&j| j != i && x.units[j].place.as_deref() == Some(parent_code.as_str()) && x.units[j].unit_type.0 == same_type) {
            set_parent(x, i, p);
        }
    }
    // stated in words between two chains: 甲隶属于乙, 乙受甲领导 (the child first); 甲所属乙,
    // 甲下属的乙 (the parent first)
    const LINKS: &[(&str, bool)] =
        &[("隶属于", false), ("隶属", false), ("归属于", false), ("受", false), ("所属的", true), ("所属", true), ("下属的", true), ("下属", true)];
    for (span, ids) in ctx.chains.clone() {
        for &(word, parent_first) in LINKS {
            if !t.starts_with(span.end, word) {
                continue;
            }
            let at = span.end + word.chars().count();
            let Some((next_span, next)) = ctx.chains.iter().find(|(s2, _)| s2.start == at) else { continue };
            if word == "受" && !t.starts_with(next_span.end, "领导") {
                continue;
            }
            let last = |v: &[usize]| *v.last().expect("chains are never empty");
            let (child, parent) = if parent_first { (next[0], last(&ids)) } else { (last(&ids), last(next)) };
            set_parent(x, child, parent);
        }
    }
    // 某派出所组建了一支…的某某巡逻队: the team belongs to the unit that formed it
    for (span, ids) in ctx.chains.clone() {
        let unit = *ids.last().expect("chains are never empty");
        let sent = t.sentence_at(span.start);
        let rest = t.str(span.end, sent.end);
        let formed = ["组建", "成立", "设立", "组织成立"].iter().any(|v| rest.starts_with(v));
        if !formed {
            continue;
        }
        if let Some((_, ids2)) = ctx.chains.iter().find(|(s2, _)| s2.start > span.end && s2.end <= sent.end) {
            let team = ids2[0];
            if x.units[team].parent.is_none() && x.units[team].unit_type.0.ends_with("team") || x.units[team].unit_type.0 == "squadron" {
                set_parent(x, team, unit);
            }
        }
    }
}

fn add_alias_mention(t: &Doc, x: &mut Extraction, ctx: &mut Context, span: Span, unit: usize) {
    let text = t.slice(span);
    if text != x.units[unit].name && !x.units[unit].aliases.contains(&text) {
        x.units[unit].aliases.push(text.clone());
    }
    x.mentions.push(Mention { span, text, kind: MentionKind::Unit, target: Target::Unit(unit) });
    ctx.chains.push((span, vec![unit]));
}

/// 某监狱（以下简称“某监”）and 某监狱（某医院）: the parenthesised name is an alias.
fn parentheticals(t: &Doc, x: &mut Extraction, ctx: &mut Context, b: &mut Builder) {
    let c = &t.chars;
    let chains = ctx.chains.clone();
    let mut aliases: Vec<(Vec<char>, usize)> = Vec::new();
    for (span, ids) in &chains {
        let e = span.end;
        if !matches!(c.get(e), Some('（') | Some('(')) {
            continue;
        }
        let Some(close) = (e + 1..c.len().min(e + 40)).find(|&k| matches!(c[k], '）' | ')')) else { continue };
        let unit = *ids.last().expect("chains are never empty");
        let inner = t.str(e + 1, close);
        if let Some(rest) = inner.strip_prefix("以下简称").or_else(|| inner.strip_prefix("简称")) {
            let name: String = rest.chars().filter(|ch| !matches!(ch, '“' | '”' | '"' | '「' | '」')).collect();
            if name.chars().count() >= 2 {
                aliases.push((name.chars().collect(), unit));
            }
            continue;
        }
        // a whole unit chain inside the brackets names the same unit
        if let Some((inner_span, inner_ids)) = chains.iter().find(|(s, _)| s.start == e + 1 && s.end == close) {
            let other = *inner_ids.last().expect("non-empty");
            if other != unit {
                let alias = t.slice(*inner_span);
                if !x.units[unit].aliases.contains(&alias) {
                    x.units[unit].aliases.push(alias.clone());
                }
                x.mentions.retarget(|m| (m.target == Target::Unit(other)).then_some(Target::Unit(unit)));
                x.units[other].name.clear(); // merged away; dropped below
                b.by_name.insert(identity_key(&alias), unit);
            }
        }
    }
    for (name, unit) in aliases {
        for s in t.find_all(&name) {
            if !ctx.in_chain(s) {
                add_alias_mention(t, x, ctx, Span::new(s, s + name.len()), unit);
            }
        }
    }
    // drop units merged into others, renumbering references
    let keep: Vec<bool> = x.units.iter().map(|u| !u.name.is_empty()).collect();
    drop_units(x, ctx, b, &keep);
}

/// 嘉兴公安, 海盐公安: a place and 公安, not followed by a word that makes it something else,
/// refers to the place's public security bureau.
fn place_police_aliases(t: &Doc, x: &mut Extraction, ctx: &mut Context, b: &mut Builder) {
    let g = t.gazetteer();
    let c = &t.chars;
    let mut i = 0;
    while i < c.len() {
        let Some((idx, len, _)) = t.words.place_at(i) else {
            i += 1;
            continue;
        };
        let e = i + len;
        let prev_ok = i == 0 || !is_han(c[i - 1]) || t.is_stop_char(c[i - 1]);
        if prev_ok && t.starts_with(e, "公安") && !ctx.in_chain(i) {
            let next = c.get(e + 2).copied().unwrap_or('。');
            let resolved = g.resolve(idx, &places_before(t, ctx, i), &ctx.named);
            if let (false, Some(p)) = ("局厅分机部民系工队干战警事处所报".contains(next), resolved) {
                let place = &g.places[p];
                let short = t.str(i, e);
                // an existing police unit of the place (某区分局 for 某区公安) comes first
                let existing = x.units.iter().position(|u| {
                    (u.place.as_deref() == Some(place.code.as_str()) || u.name.starts_with(&short))
                        && matches!(u.unit_type.0.as_str(), "public-security-bureau" | "public-security-branch" | "branch-bureau")
                });
                let district = place.level == "county" && place.name.ends_with('区');
                let u = match existing {
                    Some(u) => Some(u),
                    None if place.level != "province" && !district => {
                        let name = format!("{}公安局", place.name);
                        let u = b.unit(x, &name, &name, "public-security-bureau", "公安局", true);
                        x.units[u].place.get_or_insert(place.code.clone());
                        Some(u)
                    }
                    None => None,
                };
                if let Some(u) = u {
                    add_alias_mention(t, x, ctx, Span::new(i, e + 2), u);
                    i = e + 2;
                    continue;
                }
            }
        }
        i = e;
    }
}
