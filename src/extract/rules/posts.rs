//! Posts: who holds which post in which unit. Reads post chains before a name
//! (嘉兴市副市长、市公安局党委书记、局长张三 → three holdings, the unit carried along the chain),
//! posts after a name (张三，某某派出所所长; 李四生前系…副所长) and byline posts (本报记者王五).

use super::people::PeopleContext;
use crate::extract::doc::Doc;
use super::units::Context;
use crate::extract::{Extraction, Holding, Mention, MentionKind, Span, Target};
use crate::lexicon::{Entry, Label, ListId, PostKind};

/// The place whose government a post belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum GovPlace {
    /// A division of the gazetteer.
    Division(usize),
    /// A township named in the text (某某镇, 某某乡).
    Township(String),
}

/// A township name (two to four characters and 镇/乡/街道) ending at `end`.
fn township_before(t: &Doc, end: usize) -> Option<usize> {
    let c = &t.chars;
    let lvl = if t.ends_with(end, "街道") { 2 } else if end >= 1 && matches!(c[end - 1], '镇' | '乡') { 1 } else { return None };
    let stop = |k: usize| t.is_stop_char(c[k]);
    let mut s = end - lvl;
    while s > 0 && end - lvl - s < 4 && crate::extract::text::is_han(c[s - 1]) && !stop(s - 1) {
        s -= 1;
    }
    (end - lvl - s >= 2).then_some(s)
}

#[derive(Debug, Clone)]
struct Item {
    title: String,
    role: String,
    kind: String,
    unit: Option<usize>,
    gov_place: Option<GovPlace>,
    former: bool,
    span: Span,
}

fn item(e: &Entry, span: Span, unit: Option<usize>, former: bool) -> Item {
    Item { title: e.surface.clone(), role: e.id.clone(), kind: e.note.clone(), unit, gov_place: None, former, span }
}

/// Where `q` follows a place's party committee (县委, 市委, 区委, 旗委, 州委, 省委): the article's place of
/// that level (`Some(None)` when it has none); `None` when `q` follows no committee.
fn committee_level(c: &[char], ctx: &Context, q: usize) -> Option<Option<usize>> {
    if q < 2 || c[q - 1] != '委' {
        return None;
    }
    match c[q - 2] {
        '县' | '区' | '旗' => Some(ctx.county),
        '市' | '州' => Some(ctx.prefecture),
        '省' => Some(ctx.province),
        _ => None,
    }
}

/// Walks left from `end` over `[unit][的]post` items joined by 、 or 兼.
fn chain_before(t: &Doc, ctx: &Context, ctx_people: &[Span], end: usize) -> (Vec<Item>, usize) {
    let c = &t.chars;
    let mut items = Vec::new();
    let mut pos = post_end_before(t, ctx_people, end);
    let mut start = end;
    let mut after_comma = false;
    // a post word never starts inside a unit's name (中共中央政治局委员 → 委员, not 政治局委员)
    let inside = |p: usize| ctx.within_chain(p);
    while let Some((e, len)) = t.words.longest_ending_at(ListId::Post, pos, |e| e.label != Label::Post(PostKind::Modifier) && !inside(pos - e.surface.chars().count())) {
        let pstart = pos - len;
        let mut former = false;
        let mut ustart = pstart;
        if let Some((_, ml)) = t.words.longest_ending_at(ListId::Post, ustart, |m| m.label == Label::Post(PostKind::Modifier)) {
            ustart -= ml;
        }
        if pstart >= 1 && matches!(c[pstart - 1], '原' | '前') {
            former = true;
            ustart = pstart - 1;
        }
        let q = if ustart >= 1 && c[ustart - 1] == '的' { ustart - 1 } else { ustart };
        let mut it = item(e, Span::new(pstart, pos), None, former);
        let mut next = attach_unit(t, ctx, e, q, pos, &mut it).unwrap_or(ustart);
        // 原某县公安局副局长: 原 before the unit makes the post a former one too
        if !it.former && next < ustart && next >= 1 && c[next - 1] == '原' {
            it.former = true;
            next -= 1;
        }
        // a post word inside a unit name is not a post (派出所 → 所 is no post anyway)
        if ctx.in_chain(pstart) {
            break;
        }
        let had_unit = it.unit.is_some() || it.gov_place.is_some();
        // across a comma only a post with its own unit belongs to the chain
        if after_comma && !had_unit {
            break;
        }
        after_comma = false;
        items.push(it);
        start = next;
        if next >= 1 && matches!(c[next - 1], '、' | '兼') {
            pos = next - 1;
            continue;
        }
        // 某局党委委员，某区副区长、分局局长张三: a comma inside a chain of posts with units
        if had_unit && next >= 1 && matches!(c[next - 1], '，' | ',') && t.words.longest_ending_at(ListId::Post, next - 1, |_| true).is_some() {
            pos = next - 1;
            after_comma = true;
            continue;
        }
        break;
    }
    items.reverse();
    (items, start)
}

/// Where the post before a name starting at `end` ends: over spaces and the other names of a byline
/// list (本报记者  甲  乙) and a 的 after a post (现任某所所长的张三).
fn post_end_before(t: &Doc, ctx_people: &[Span], end: usize) -> usize {
    let c = &t.chars;
    let mut pos = end;
    // 本报记者  张三: spaces between a post and a name
    while pos > 0 && matches!(c[pos - 1], ' ' | '\u{3000}') {
        pos -= 1;
        // 本报记者  甲  乙: every name of a byline list takes the post
        if let Some(m) = ctx_people.iter().find(|s| s.end == pos) {
            pos = m.start;
        }
    }
    // 现任某所所长的张三: a post, 的, then the name
    if pos >= 1 && c[pos - 1] == '的' && t.words.longest_ending_at(ListId::Post, pos - 1, |_| true).is_some() {
        pos -= 1;
    }
    pos
}

/// The unit or government place written before a post `e` (its unit part ending at `q`, the post at
/// `pos`): a unit chain (某所所长), a place (某市副市长), a party committee (某县委常委) or a
/// township (某某镇镇长); sets it on `it` and returns where it starts.
fn attach_unit(t: &Doc, ctx: &Context, e: &Entry, q: usize, pos: usize, it: &mut Item) -> Option<usize> {
    let c = &t.chars;
    if let Some((span, ids)) = ctx.chain_ending_at(q) {
        it.unit = ids.last().copied();
        Some(span.start)
    } else if let Some((span, p)) = ctx.place_ending_at(q).filter(|_| matches!(e.label, Label::Post(PostKind::Gov | PostKind::Party))) {
        // 某市副市长; 某县党委书记
        it.gov_place = Some(GovPlace::Division(*p));
        Some(span.start)
    } else if let Some(level) = committee_level(c, ctx, q).filter(|_| e.label == Label::Post(PostKind::Party)) {
        // 某县委常委, 某市委副书记, 县委书记: a post of the place's party committee (县委, 市委,
        // 区委, 州委, 省委), held in the place: the one named (阳朔县委常委 → 常委 of 阳朔县), else
        // the article's place of that level, with the committee kept in the title as written
        // (县委书记: a bare 书记 would say nothing)
        match ctx.place_ending_at(q - 1) {
            Some((span, p)) => {
                it.gov_place = Some(GovPlace::Division(*p));
                Some(span.start)
            }
            None => {
                it.title = t.str(q - 2, pos);
                it.span = Span::new(q - 2, pos);
                it.gov_place = level.map(GovPlace::Division);
                Some(q - 2)
            }
        }
    } else if let Some(tn) = township_before(t, q).filter(|_| matches!(e.label, Label::Post(PostKind::Gov | PostKind::Party))) {
        // 某某镇镇长, 某某乡党委书记: townships are below the gazetteer
        it.gov_place = Some(GovPlace::Township(t.str(tn, q)));
        Some(tn)
    } else {
        None
    }
}

/// Reads `[connector] unit post[（post）][、post]` after a name ending at `end`.
fn chain_after(t: &Doc, ctx: &Context, people: &[Span], end: usize) -> Vec<Item> {
    let c = &t.chars;
    let mut p = end;
    // 张三同志任某局局长: 同志 between the name and the verb
    if ["同志任", "同志为", "同志现任", "同志挂职"].iter().any(|w| t.starts_with(p, w)) {
        p += 2;
    }
    // 张三挂职任某县副县长: a secondment is held like any post
    for w in ["挂职任", "挂职担任", "挂任"] {
        if t.starts_with(p, w) {
            p += w.chars().count() - 1;
            break;
        }
    }
    let connectors = ["，", ",", "生前系", "生前任", "现任", "曾任", "担任", "系", "任", "是", "为", "\u{3000}", "  ", " "];
    let Some(con) = connectors.into_iter().find(|con| t.starts_with(p, con)) else { return vec![] };
    p += con.chars().count();
    let former = con == "曾任";
    // 张三现任某县委常委、县公安局党委书记、局长。: after a verb of holding office, a clause that is
    // one whole post chain is read as a chain before a name is (places, units carried along)
    if matches!(con, "现任" | "曾任" | "担任" | "生前任" | "任") {
        let mut clause_end = (p..c.len()).find(|&k| matches!(c[k], '。' | '，' | ',' | '；' | ';' | '！' | '？' | '\n')).unwrap_or(c.len());
        // 任某县副县长（挂职两年）: a remark in brackets after the chain
        if clause_end > p && matches!(c[clause_end - 1], '）' | ')') {
            if let Some(o) = (p..clause_end - 1).rev().find(|&k| matches!(c[k], '（' | '(')) {
                clause_end = o;
            }
        }
        let (mut items, start) = chain_before(t, ctx, people, clause_end);
        if start == p && !items.is_empty() {
            for it in items.iter_mut() {
                it.former |= former;
            }
            return items;
        }
    }
    let Some((span, ids)) = ctx.chain_starting_at(p) else { return vec![] };
    let unit = ids.last().copied();
    let mut q = span.end;
    let skip_paren = |q: usize| -> usize {
        if matches!(c.get(q), Some('（') | Some('(')) {
            if let Some(k) = (q + 1..c.len().min(q + 30)).find(|&k| matches!(c[k], '）' | ')')) {
                return k + 1;
            }
        }
        q
    };
    q = skip_paren(q);
    // 张三是某所的一名辅警
    for filler in ["的一名", "的一位", "的"] {
        if t.starts_with(q, filler) && t.words.longest_at(ListId::Post, q + filler.chars().count(), |_| true).is_some() {
            q += filler.chars().count();
            break;
        }
    }
    let mut items = Vec::new();
    while let Some((e, len)) = t.words.longest_at(ListId::Post, q, |_| true) {
        items.push(item(e, Span::new(q, q + len), unit, former));
        q += len;
        // a post in brackets after a post is a second title of the same person (副监狱长（副院长）)
        if matches!(c.get(q), Some('（') | Some('(')) {
            if let Some((e2, l2)) = t.words.longest_at(ListId::Post, q + 1, |_| true) {
                if matches!(c.get(q + 1 + l2), Some('）') | Some(')')) {
                    items.push(item(e2, Span::new(q + 1, q + 1 + l2), unit, former));
                    q += l2 + 2;
                }
            }
        }
        q = skip_paren(q);
        if matches!(c.get(q), Some('、') | Some('兼')) && t.words.longest_at(ListId::Post, q + 1, |_| true).is_some() {
            q += 1;
            continue;
        }
        break;
    }
    // 张三，某所所长李四: the posts belong to the name that follows them
    if q < c.len() && crate::extract::text::is_han(c[q]) && super::people::name_at(t, q).is_some() {
        return vec![];
    }
    items
}

/// The unit type a head post implies (监狱长 → a prison), for posts given without a unit.
fn implied_type(title: &str) -> Option<&'static [&'static str]> {
    let t = title.trim_start_matches('副');
    Some(match t {
        "监狱长" => &["prison"],
        "所长" => &["police-station", "border-police-station", "coastal-police-station"],
        "局长" => &["public-security-bureau", "public-security-branch", "branch-bureau"],
        "大队长" => &["brigade"],
        "支队长" => &["detachment"],
        "检察长" => &["procuratorate"],
        "校长" | "法治副校长" => &["school"],
        "镇长" | "乡长" => &["government"],
        _ => return None,
    })
}

/// The government of a place, for a post such as 副市长 (see [`super::units::government_of`]); a
/// township's by its name.
fn gov_unit(t: &Doc, x: &mut Extraction, place: &GovPlace) -> usize {
    match place {
        GovPlace::Division(p) => super::units::government_of(t, x, *p),
        GovPlace::Township(name) => super::units::government_named(t, x, name, None, false),
    }
}

/// Finds every holding stated around the people of the document.
pub fn find_holdings(t: &Doc, x: &mut Extraction, ctx: &Context, pctx: &mut PeopleContext) {
    let mut out: Vec<Holding> = Vec::new();
    for &(span, person) in &pctx.spans.clone() {
        let people: Vec<Span> = pctx.spans.iter().map(|(s, _)| *s).collect();
        let (mut items, start) = posts_before(t, ctx, &people, span);
        carry_units(&mut items);
        list_unit(t, pctx, &out, start, &mut items);
        if items.is_empty() {
            share_posts(t, pctx, span, person, &mut out);
        }
        items.extend(chain_after(t, ctx, &people, span.end));
        if items.is_empty() {
            // 甲、乙为某院审判员: every name of a list before 为 or 任 takes the posts after it
            let end = pctx.listed_after(&t.chars, span.end).last().map_or(span.end, |(s, _)| s.end);
            if end > span.end && (t.starts_with(end, "为") || t.starts_with(end, "任") || t.starts_with(end, "同志任")) {
                items.extend(chain_after(t, ctx, &people, end));
            }
        }
        if items.is_empty() {
            items.extend(current_posts(t, ctx, &people, span));
        }
        let evidence = t.sentence_at(span.start);
        for mut it in items {
            let unit = holding_unit(t, x, ctx, &mut it);
            x.mentions.push(Mention { span: it.span, text: t.slice(it.span), kind: MentionKind::Post, target: Target::Post(it.title.clone()) });
            let h = Holding { person, title: it.title, role: it.role, kind: it.kind, unit, former: it.former, proposed: false, start: None, end: None, span: it.span, evidence };
            if !out.iter().any(|o| o.person == h.person && o.title == h.title && o.unit == h.unit) {
                out.push(h);
            }
        }
    }
    // a post with a unit supersedes the same post without one
    let with_unit: Vec<(usize, String)> = out.iter().filter(|h| h.unit.is_some()).map(|h| (h.person, h.title.clone())).collect();
    out.retain(|h| h.unit.is_some() || !with_unit.contains(&(h.person, h.title.clone())));
    x.holdings = out;
}

/// The post chain before a name at `span`, and where it starts; also one ended by a comma after a
/// verb of taking office (到任某所党委委员、纪委书记，张三).
fn posts_before(t: &Doc, ctx: &Context, people: &[Span], span: Span) -> (Vec<Item>, usize) {
    let c = &t.chars;
    let (mut items, start) = chain_before(t, ctx, people, span.start);
    // 到任某所党委委员、纪委书记，张三: a chain ended by a comma, after a verb of taking office
    if items.is_empty() && span.start >= 1 && matches!(c[span.start - 1], '，' | ',') {
        let (its, st) = chain_before(t, ctx, people, span.start - 1);
        if its.iter().any(|i| i.unit.is_some()) && st >= 1 && c[st - 1] == '任' {
            items = its;
        }
    }
    (items, start)
}

/// Carries the unit (or government place) forward along a chain (局长 after 市公安局党委书记).
fn carry_units(items: &mut [Item]) {
    let mut carry: Option<usize> = None;
    let mut gov_carry: Option<GovPlace> = None;
    for it in items.iter_mut() {
        if it.gov_place.is_some() {
            carry = None;
            gov_carry = it.gov_place.clone();
            continue;
        }
        // 某镇党委书记、镇长: a government post after one of the same place; 县委常委、政法委书记:
        // a party post after one of the place's committee
        if it.unit.is_none() && (it.kind == "gov" || it.kind == "party") && gov_carry.is_some() {
            it.gov_place = gov_carry.clone();
            continue;
        }
        gov_carry = None;
        match it.unit {
            Some(u) => carry = Some(u),
            None => it.unit = carry,
        }
    }
}

/// The posts of a chain that ends at `end` and starts at or after `from` (a biography line's
/// 某市公安局刑警大队副大队长、大队长; what follows 拟任, or 免去某某的 up to 职务), with their units,
/// as current holdings of `person` read from `evidence`; their post mentions are recorded. Empty
/// when no chain ends there.
pub(super) fn chain_holdings(t: &Doc, x: &mut Extraction, ctx: &Context, people: &[Span], person: usize, (from, end): (usize, usize), evidence: Span) -> Vec<Holding> {
    let (mut items, start) = chain_before(t, ctx, people, end);
    if items.is_empty() || start < from {
        return Vec::new();
    }
    carry_units(&mut items);
    // 某厂生产科副科长 with 生产科 no unit the rules know: a unit is written but not found, so the
    // post is not given as held nowhere (a bare 副科长 with no unit would be wrong)
    if (from..start).filter(|&k| crate::extract::text::is_han(t.chars[k])).count() >= 2 {
        items.retain(|i| i.unit.is_some() || i.gov_place.is_some());
    }
    let mut out = Vec::new();
    for mut it in items {
        let unit = holding_unit(t, x, ctx, &mut it);
        x.mentions.push(Mention { span: it.span, text: t.slice(it.span), kind: MentionKind::Post, target: Target::Post(it.title.clone()) });
        out.push(Holding { person, title: it.title, role: it.role, kind: it.kind, unit, former: it.former, proposed: false, start: None, end: None, span: it.span, evidence });
    }
    out
}

/// Posts with no unit, their chain starting after a 、 (某所民警甲、辅警乙): the unit of the previous
/// name in the list.
fn list_unit(t: &Doc, pctx: &PeopleContext, out: &[Holding], start: usize, items: &mut [Item]) {
    let c = &t.chars;
    // 某所民警甲、辅警乙: the unit of the previous name in the list
    if !items.is_empty() && items.iter().all(|i| i.unit.is_none() && i.gov_place.is_none()) && start >= 2 && matches!(c[start - 1], '、' | '和' | '与') {
        if let Some(&(_, prev)) = pctx.spans.iter().find(|(s, _)| s.end == start - 1) {
            let u = out.iter().rev().find(|h| h.person == prev && h.unit.is_some()).and_then(|h| h.unit);
            // (a government post, 副县长, is its place's, never another unit's)
            for it in items.iter_mut().filter(|i| i.kind != "gov") {
                it.unit = u;
            }
        }
    }
}

/// A name after a 、 with no post of its own (记者甲、乙): the posts written right before the name
/// before it, held by this one too.
fn share_posts(t: &Doc, pctx: &PeopleContext, span: Span, person: usize, out: &mut Vec<Holding>) {
    let c = &t.chars;
    // 记者甲、乙: a name after a 、 with no post of its own shares the posts of the name before
    if span.start >= 2 && matches!(c[span.start - 1], '、' | '和') {
        // 记者甲、乙、丙: back over the list to the name the posts stand before
        let mut first = pctx.spans.iter().find(|(s, _)| s.end == span.start - 1).copied();
        while let Some((fs, _)) = first {
            let before = (fs.start >= 2 && c[fs.start - 1] == '、').then(|| pctx.spans.iter().find(|(s, _)| s.end == fs.start - 1).copied()).flatten();
            match before {
                Some(b) if !out.iter().any(|h| h.person == first.expect("set").1 && h.span.end <= fs.start && fs.start - h.span.end <= 2) => first = Some(b),
                _ => break,
            }
        }
        if let Some((prev_span, prev)) = first {
            let shared: Vec<Holding> = out
                .iter()
                .filter(|h| h.person == prev && h.span.end <= prev_span.start && prev_span.start - h.span.end <= 2)
                .cloned()
                .collect();
            for h in shared {
                let h = Holding { person, ..h };
                if !out.iter().any(|o| o.person == h.person && o.title == h.title && o.unit == h.unit) {
                    out.push(h);
                }
            }
        }
    }
}

/// The posts after ，现任 in the sentence a name opens (张三，1978年出生，中共党员，现任某所党支部书记、所长).
fn current_posts(t: &Doc, ctx: &Context, people: &[Span], span: Span) -> Vec<Item> {
    let c = &t.chars;
    // 张三，1978年出生，中共党员，现任某所党支部书记、所长: the subject's current post later in its sentence
    if matches!(c.get(span.end), Some('，') | Some(',')) {
        let sent = t.sentence_at(span.start);
        let starts_sentence = span.start == sent.start || matches!(c[span.start - 1], '\n' | '。');
        if starts_sentence {
            let mut q = span.end;
            while q + 2 < sent.end {
                if t.starts_with(q, "，现任") {
                    return chain_after(t, ctx, people, q + 1);
                }
                q += 1;
            }
        }
    }
    Vec::new()
}

/// 据新华社某地某日电  记者某某: the agency a story is credited to (据 + a news organisation
/// earlier in the sentence) employs its reporter, not the publication that reprints it.
fn credited_agency(t: &Doc, x: &Extraction, at: usize) -> Option<usize> {
    let sent = t.sentence_at(at);
    let c = &t.chars;
    x.mentions
        .starting_in(sent.start, at)
        .filter(|m| m.kind == MentionKind::Unit && m.span.start >= 1 && c[m.span.start - 1] == '据')
        .filter_map(|m| match m.target {
            Target::Unit(u) if matches!(x.units[u].unit_type.0.as_str(), "news-agency" | "newspaper" | "broadcaster") => Some(u),
            _ => None,
        })
        .last()
}

/// The unit that holds a post: its government, its unit, the publication (for a media post), or the
/// one unit of the type its title implies; a bare government post (副县长某某) is the article's place's.
fn holding_unit(t: &Doc, x: &mut Extraction, ctx: &Context, it: &mut Item) -> Option<usize> {
    if it.kind == "gov" && it.gov_place.is_none() && it.unit.is_none() {
        // 副县长某某 in a county's article: that county
        let level = if it.title.contains("省") { ctx.province } else if it.title.contains("市") || it.title.contains("州") { ctx.prefecture } else if it.title.contains("县") || it.title.contains("区") { ctx.county } else { None };
        it.gov_place = level.map(GovPlace::Division);
    }
    match (&it.gov_place, it.unit) {
        (Some(p), _) => Some(gov_unit(t, x, p)),
        (None, Some(u)) => Some(u),
        (None, None) if it.kind == "media" => credited_agency(t, x, it.span.start).or(ctx.publication),
        (None, None) => implied_type(&it.title).and_then(|types| {
            let township = it.title.ends_with("镇长") || it.title.ends_with("乡长");
            let fits: Vec<usize> = (0..x.units.len())
                .filter(|&i| types.contains(&x.units[i].unit_type.0.as_str()))
                .filter(|&i| !township || x.units[i].name.contains('镇') || x.units[i].name.contains('乡'))
                .collect();
            (fits.len() == 1).then(|| fits[0])
        }),
    }
}
