//! People: full personal names, found where the context says a person is meant (after a post or
//! a cue word, before 同志/说/摄, in bylines and speaker tags, in lists with other names), then every
//! other occurrence of the same name; short references (张局长, 洪卫局长) become aliases.

use std::collections::{BTreeMap, BTreeSet};

use crate::extract::text::{is_break, is_han};
use crate::extract::{Extraction, Mention, MentionKind, Person, Span, Target};
use crate::extract::doc::Doc;
use crate::lexicon::{AwardRole, FunctionPart, Label, ListId, NameRole, PostKind, StopRole, SurnameKind};

/// What later stages need to know about people.
#[derive(Debug, Clone, Default)]
pub struct PeopleContext {
    /// Every full-name mention: span and person index.
    pub spans: Vec<(Span, usize)>,
}

impl PeopleContext {
    /// The name mention starting at `at`.
    pub fn starting_at(&self, at: usize) -> Option<(Span, usize)> {
        self.spans.iter().find(|(s, _)| s.start == at).copied()
    }

    /// The names joined by 、 to a name ending at `end`, in order (甲、乙、丙: after 甲, 乙 and 丙).
    pub fn listed_after(&self, c: &[char], mut end: usize) -> Vec<(Span, usize)> {
        let mut out = Vec::new();
        while c.get(end) == Some(&'、') {
            let Some(m) = self.starting_at(end + 1) else { break };
            out.push(m);
            end = m.0.end;
        }
        out
    }

    /// Whom the sentence holding `at` is about so far: the person named last before `at` in it.
    pub fn last_in_sentence(&self, t: &Doc, at: usize) -> Option<usize> {
        let sent = t.sentence_at(at);
        self.spans.iter().rev().find(|(s, _)| s.end <= at && s.start >= sent.start).map(|&(_, i)| i)
    }
}


/// The length of the longest entry of `list` at `at` (with the given label, if one is given).
fn word_at(t: &Doc, list: ListId, at: usize, label: Option<Label>) -> Option<usize> {
    t.words.longest_at(list, at, |e| label.is_none_or(|l| e.label == l)).map(|(_, l)| l)
}

const STOP: Option<Label> = Some(Label::Name(NameRole::Stop));
const AFTER: Option<Label> = Some(Label::Name(NameRole::After));
const BEFORE: Label = Label::Name(NameRole::Before);

/// Whether a name cannot continue at `p` (a boundary for the given name).
fn boundary(t: &Doc, p: usize) -> bool {
    let c = &t.chars;
    if p >= c.len() || is_break(c[p]) {
        return true;
    }
    word_at(t, ListId::Name, p, STOP).is_some()
        || word_at(t, ListId::Name, p, AFTER).is_some()
        || word_at(t, ListId::Post, p, None).is_some()
        || word_at(t, ListId::UnitSuffix, p, None).is_some_and(|l| l >= 2)
        || word_at(t, ListId::Org, p, None).is_some()
}

/// The surname at `s`: its length (2 for compound surnames), if any.
fn surname_at(t: &Doc, s: usize) -> Option<usize> {
    if s + 1 < t.len() && t.words.exact(ListId::Surname, s, s + 2).is_some_and(|e| e.label == Label::Surname(SurnameKind::Compound)) {
        return Some(2);
    }
    t.words.exact(ListId::Surname, s, s + 1).map(|_| 1)
}

/// Whether a name written apart from the text (a byline's, spaces removed) starts with a surname.
fn surname_of(t: &Doc, name: &str) -> bool {
    let mut chars = name.char_indices().map(|(i, _)| i).skip(1);
    let (one, two) = (chars.next().unwrap_or(name.len()), chars.next().unwrap_or(name.len()));
    t.lookup(ListId::Surname, &name[..two]).is_some_and(|e| e.label == Label::Surname(SurnameKind::Compound))
        || t.lookup(ListId::Surname, &name[..one]).is_some()
}

/// Reads a full name starting at `s`: returns its end, or `None` where no name is meant.
pub fn name_at(t: &Doc, s: usize) -> Option<usize> {
    let c = &t.chars;
    let k = surname_at(t, s)?;
    let g = s + k;
    if g >= c.len() || !is_han(c[g]) || word_at(t, ListId::Name, g, Some(Label::Name(NameRole::NotName))).is_some() {
        return None;
    }
    if boundary(t, g) {
        // a given name may start with a function character (郑和平) when the document repeats it
        let soft = !is_break(c[g]) && word_at(t, ListId::Post, g, None).is_none() && word_at(t, ListId::UnitSuffix, g, None).is_none();
        if !(soft && g + 2 <= c.len() && c[g + 1..g + 2].iter().all(|ch| is_han(*ch)) && t.find_all(&c[s..g + 2]).len() >= 2) {
            return None;
        }
    }
    // one-character given name, unless the boundary is only a function character that the
    // document shows as part of the name (卢大为 said twice: 为 is no boundary there)
    if boundary(t, g + 1) {
        let soft = g + 1 < c.len()
            && is_han(c[g + 1])
            && word_at(t, ListId::Post, g + 1, None).is_none()
            && word_at(t, ListId::Name, g + 1, None).is_some_and(|l| l == 1)
            // 林晓峰说 said twice is still 林晓峰: a word that confirms a name ends it
            && word_at(t, ListId::Name, g + 1, AFTER).is_none()
            && ((t.find_all(&c[s..g + 2]).len() >= 2 && t.find_all(&c[s..g + 2]).iter().any(|&o| boundary(t, o + (g + 2 - s))))
                // 局长卢大为表示: a confirming word right after the longer reading
                || word_at(t, ListId::Name, g + 2, AFTER).is_some_and(|l| l >= 2));
        if !soft {
            return Some(g + 1);
        }
        return Some(g + 2);
    }
    // two characters, unless the document shows the shorter name followed by varied text
    let two = &c[s..g + 1];
    let three = &c[s..g + 2];
    let n3 = t.find_all(three).len();
    if n3 == 1 {
        let mut follow = BTreeSet::new();
        let occ = t.find_all(two);
        for &o in &occ {
            follow.insert(c.get(o + two.len()).copied().unwrap_or(' '));
        }
        if occ.len() >= 2 && follow.len() >= 2 && occ.iter().any(|&o| boundary(t, o + two.len())) {
            return Some(g + 1);
        }
    }
    if boundary(t, g + 2) {
        return Some(g + 2);
    }
    // a third given-name character (names of four characters), when every occurrence agrees
    if k == 1 && n3 >= 2 {
        let occ = t.find_all(three);
        let next: BTreeSet<char> = occ.iter().map(|&o| c.get(o + 3).copied().unwrap_or(' ')).collect();
        // (not when that character confirms the name: 祁佩瑶摄 under two photos is 祁佩瑶)
        if next.len() == 1 && is_han(*next.iter().next().expect("one")) && word_at(t, ListId::Name, g + 2, AFTER).is_none()
            && t.find_all(&c[s..s + 4]).iter().any(|&o| boundary(t, o + 4)) {
                return Some(g + 3);
            }
    }
    Some(g + 2)
}

/// A two-character name with a rare surname that the document names only once, found by a weak
/// cue, is more likely a word (原创, 谈话) than a person.
fn weak_seed_ok(t: &Doc, s: usize, e: usize) -> bool {
    let rare = t.words.exact(ListId::Surname, s, s + 1).is_some_and(|k| k.label == Label::Surname(SurnameKind::Rare));
    let once = t.find_all(&t.chars[s..e]).len() == 1;
    // a surname that is also a function word (和, 向, 于) starts a name only if the text repeats it
    let function_char = t.is_stop_char(t.chars[s]);
    !(rare && once && (e - s == 2 || function_char))
}

/// Whether a candidate full name is plausible (no function words or digits in it).
fn plausible(t: &Doc, s: usize, e: usize) -> bool {
    let c = &t.chars;
    if e <= s + 1 || e - s > 4 {
        return false;
    }
    // a name never follows a digit (3时许 is a time)
    if s > 0 && c[s - 1].is_ascii_digit() {
        return false;
    }
    // a functional unit's stem is no name (宣传处)
    if t.words.longest_at(ListId::FunctionUnit, s, |k| k.label == Label::FunctionUnit(FunctionPart::Stem)).is_some() {
        return false;
    }
    // a name never starts inside a post word (所长孙明 is 孙明, not 长孙明)
    if (s.saturating_sub(4)..s).any(|q| t.words.longest_at(ListId::Post, q, |_| true).is_some_and(|(_, l)| q + l > s)) {
        return false;
    }
    // nor with a unit's type word (交警支队高速公路一大队: 支 is a surname, 支队高 no name)
    if t.words.longest_at(ListId::UnitSuffix, s, |_| true).is_some_and(|(_, l)| l >= 2) {
        return false;
    }
    let k = surname_at(t, s).unwrap_or(1);
    // 苗族汉子: an ethnic group, not a given name
    if c.get(s + k) == Some(&'族') {
        return false;
    }
    for p in s + k..e {
        let ch = c[p];
        if !is_han(ch) || "的了是在等某们这那其该个之所以于也都就又还".contains(ch) {
            return false;
        }
    }
    // a common word that happens to start with a surname character (全国, 都能) is no name
    for l in 2..=(e - s) {
        let w = (s + l).min(c.len());
        // (nor is a word that follows names, 强调, 表示, or one they follow, 任命)
        if t.words.exact(ListId::Name, s, w).is_some_and(|e| matches!(e.label, Label::Name(NameRole::Word | NameRole::Stop | NameRole::After | NameRole::Before)))
            || t.words.exact(ListId::Stopword, s, w).is_some_and(|e| e.label != Label::Stopword(StopRole::Char))
            || t.words.exact(ListId::Award, s, w).is_some_and(|e| matches!(e.label, Label::Award(AwardRole::Level(_))))
        {
            return false;
        }
    }
    let name = t.str(s, e);
    !t.listed(ListId::Post, &name)
        && !t.listed(ListId::UnitSuffix, &name)
        && !t.listed(ListId::Stopword, &name)
        && !t.gazetteer().by_surface.contains_key(&name)
}

/// Unit name chains: contiguous unit mentions merged (某市公安局 + 某某分局 + 某某派出所), with the
/// innermost unit.
fn chain_spans(x: &Extraction) -> Vec<(Span, usize)> {
    let mut segs: Vec<(Span, usize)> = x
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Unit)
        .filter_map(|m| match m.target {
            Target::Unit(i) => Some((m.span, i)),
            _ => None,
        })
        .collect();
    segs.sort();
    let mut out: Vec<(Span, usize)> = Vec::new();
    for (s, i) in segs {
        match out.last_mut() {
            Some((last, li)) if last.end == s.start => {
                last.end = s.end;
                *li = i;
            }
            _ => out.push((s, i)),
        }
    }
    out
}

fn is_chain_end(x: &Extraction, at: usize) -> bool {
    x.mentions.ending_at(at).any(|m| m.kind == MentionKind::Unit)
}

fn in_unit(x: &Extraction, at: usize) -> bool {
    x.mentions.covering(at).any(|m| m.kind == MentionKind::Unit)
}

/// Rules that find a full name by its context, each adding `(start, end)` seeds; every one reads
/// the document's layers and the units found so far.
const SEED_RULES: &[fn(&Doc, &Extraction, &mut Vec<(usize, usize)>)] = &[
    seeds_after_cues,
    seeds_after_post_chains,
    seeds_speaker_tags,
    seeds_before_titles,
    seeds_before_unit_posts,
    seeds_in_appointments,
    seeds_opening_sentences,
    seeds_after_role_labels,
    seeds_dotted_names,
    seeds_between_role_and_speech,
    seeds_from_model,
];

/// The name recogniser's score from which a candidate is a name with nothing else to show for it
/// (its reach still checked by the rules); below it a candidate needs a cue beside it. Both chosen
/// on the evaluation sets (README, "The name recogniser"): the best F1 on the real-article set
/// with no loss on the others.
const MODEL_ALONE: f32 = 0.3;
/// The score a candidate needs with a cue beside it.
const MODEL_WITH_CUE: f32 = 0.1;

/// Names the trained recogniser proposes ([`Doc::candidates`]): taken with a cue beside them (a
/// word that confirms a name after it, 说 or 表示; a post or a cue word before it), or alone when
/// the model is sure. (A list mark is no cue here: 保畅通、卫平安 is a list too; names in lists
/// come from a known name beside them.) Only a name's shape is checked here: two to four
/// ideographs from a surname, where a name may start.
/// A noun for a person's role right before `s` (村民, 中学生, 值班员, 花艺师, 书法家, 参观者,
/// 种植户): it ends in a character that makes such nouns. Only a cue for the model's
/// candidates; alone it is no evidence of a name.
fn role_noun_before(t: &Doc, s: usize) -> bool {
    let c = &t.chars;
    s >= 2 && is_han(c[s - 2]) && "员师家者生民户孙".contains(c[s - 1]) && !t.is_stop_char(c[s - 2])
}

fn seeds_from_model(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    for k in t.candidates.iter().filter(|k| k.kind == MentionKind::Person) {
        let (s, e) = (k.span.start, k.span.end);
        if !(2..=4).contains(&(e - s)) || !c[s..e].iter().all(|&ch| is_han(ch)) || surname_at(t, s).is_none() {
            continue;
        }
        let cue = word_at(t, ListId::Name, e, AFTER).is_some()
            || t.words.longest_ending_at(ListId::Name, s, |w| w.label == BEFORE).is_some()
            || t.words.longest_ending_at(ListId::Post, s, |_| true).is_some()
            || role_noun_before(t, s);
        // 像杨树一样: what a simile compares is seldom a person the article names
        let simile = ["一样", "那样", "似的", "一般"].iter().any(|w| t.str(e, (e + 2).min(c.len())) == *w);
        let sure = !simile && (k.score >= MODEL_ALONE || (cue && k.score >= MODEL_WITH_CUE));
        // the model says whether a name is there; where it ends, the rules' reading must agree
        // (邵一鸣奋斗 is 邵一鸣, 王女士 no name), and a name the rules found already stands
        let agreed = name_at(t, s) == Some(e);
        let taken = seeds.iter().any(|&(a, b)| a < e && s < b);
        if sure && agreed && !taken && plausible(t, s, e) && !in_unit(x, s) {
            seeds.push((s, e));
        }
    }
}

/// Finds people (full names) and all their occurrences.
pub fn find_people(t: &Doc, x: &mut Extraction) -> PeopleContext {
    let mut names: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut seeds: Vec<(usize, usize)> = Vec::new();
    for rule in SEED_RULES {
        rule(t, x, &mut seeds);
    }
    // bylines and photo credits with spaced two-character names: 本报记者  张  璁, 杨  芳摄
    bylines(t, x, &mut names);

    for (s, e) in seeds {
        names.entry(t.str(s, e)).or_default().push(Span::new(s, e));
    }
    names_in_lists(t, x, &mut names);
    mention_occurrences(t, x, &names)
}

/// Lists: a name beside a known name (、 和 与 及) is a name too: 王甲、李乙等.
fn names_in_lists(t: &Doc, x: &Extraction, names: &mut BTreeMap<String, Vec<Span>>) {
    let c = &t.chars;
    let known: Vec<String> = names.keys().cloned().collect();
    for name in &known {
        let chars: Vec<char> = name.chars().collect();
        for o in t.find_all(&chars) {
            for dir in [true, false] {
                let mut at = if dir { o + chars.len() } else { o };
                for _ in 0..8 {
                    let sep_ok = |q: usize| matches!(c.get(q), Some('、') | Some('和') | Some('与') | Some('及'));
                    if dir {
                        if !sep_ok(at) {
                            break;
                        }
                        let s = at + 1;
                        match name_at(t, s) {
                            Some(e) if plausible(t, s, e) && !in_unit(x, s) => {
                                names.entry(t.str(s, e)).or_default().push(Span::new(s, e));
                                at = e;
                            }
                            _ => break,
                        }
                    } else {
                        if at == 0 || !sep_ok(at - 1) {
                            break;
                        }
                        let mut found = None;
                        for len in [3usize, 2] {
                            if at > len {
                                let s = at - 1 - len;
                                if name_at(t, s) == Some(at - 1) && plausible(t, s, at - 1) && !in_unit(x, s) {
                                    found = Some(s);
                                    break;
                                }
                            }
                        }
                        match found {
                            Some(s) => {
                                names.entry(t.str(s, at - 1)).or_default().push(Span::new(s, at - 1));
                                at = s;
                            }
                            None => break,
                        }
                    }
                }
            }
        }
    }
}

/// Every occurrence of each name is a mention (outside unit names); longer names take their
/// characters first.
fn mention_occurrences(t: &Doc, x: &mut Extraction, names: &BTreeMap<String, Vec<Span>>) -> PeopleContext {
    let c = &t.chars;
    let mut pctx = PeopleContext::default();
    // the positions names have taken (their spans never overlap)
    let mut taken = vec![false; c.len() + 1];
    let mut order: Vec<(usize, String)> = names
        .iter()
        .map(|(n, spans)| (spans.iter().map(|s| s.start).min().unwrap_or(0), n.clone()))
        .collect();
    order.sort();
    // longer names first, so that 扎西多吉 takes its characters before any shorter reading
    let mut by_len: Vec<String> = order.iter().map(|(_, n)| n.clone()).collect();
    by_len.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    let mut occurrences: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for name in &by_len {
        let chars: Vec<char> = name.chars().collect();
        let mut spans: Vec<Span> = names[name].clone();
        for o in t.find_all(&chars) {
            spans.push(Span::new(o, o + chars.len()));
        }
        spans.sort();
        spans.dedup();
        for s in spans {
            if taken[s.start.min(c.len())..s.end.min(c.len())].iter().any(|&t| t) || in_unit(x, s.start) {
                continue;
            }
            // an occurrence glued to more given-name characters is another name (张三 in 张三丰)
            let raw_name = t.slice(s).chars().filter(|ch| !ch.is_whitespace()).count() == chars.len();
            if raw_name && s.end < c.len() && !boundary(t, s.end) && names[name].iter().all(|k| *k != s) {
                let longer = name_at(t, s.start);
                if longer.is_some_and(|e| e > s.end) {
                    continue;
                }
            }
            taken[s.start.min(c.len())..s.end.min(c.len())].iter_mut().for_each(|t| *t = true);
            occurrences.entry(name.clone()).or_default().push(s);
        }
    }
    for (_, name) in order {
        let Some(spans) = occurrences.get(&name) else { continue };
        let idx = x.people.len();
        x.people.push(Person { name: name.clone(), aliases: vec![] });
        for &s in spans {
            pctx.spans.push((s, idx));
            x.mentions.push(Mention { span: s, text: t.slice(s), kind: MentionKind::Person, target: Target::Person(idx) });
        }
    }
    pctx.spans.sort();
    pctx
}


/// After a post word, a cue word or an honour: 局长张三, 同事李四, 全国劳动模范王五.
fn seeds_after_cues(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for p in 0..c.len() {
        // after a post word, a cue word or an honour: 局长张三, 同事李四, 全国劳动模范王五
        let after_post = t
            .words
            .longest_ending_at(ListId::Post, p, |_| true)
            .or_else(|| (p >= 1 && c[p - 1] == '的').then(|| t.words.longest_ending_at(ListId::Post, p - 1, |_| true)).flatten())
            .map(|(_, l)| l);
        let after_cue = t.words.longest_ending_at(ListId::Name, p, |e| e.label == BEFORE);
        let after_award = t.words.longest_ending_at(ListId::Award, p, |e| matches!(e.label, Label::Award(AwardRole::Head(_)))).map(|(_, l)| l);
        if after_post.is_none() && after_cue.is_none() && after_award.is_none() {
            continue;
        }
        if in_unit(x, p) {
            continue;
        }
        let Some(e) = name_at(t, p) else { continue };
        if !plausible(t, p, e) || !weak_seed_ok(t, p, e) {
            continue;
        }
        // a surname that is also a function word (和, 与, 向) right after a post or an honour is the
        // function word (网格员和村干部, 先进集体和先进个人)
        let rare = t.words.exact(ListId::Surname, p, p + 1).is_some_and(|k| k.label == Label::Surname(SurnameKind::Rare));
        if after_cue.is_none() && rare && t.is_stop_char(c[p]) {
            continue;
        }
        // 像某某一样: a simile, not a person
        if after_cue.is_some_and(|(k, _)| k.surface == "像") && (e..(e + 4).min(c.len())).any(|q| t.starts_with(q, "一样") || t.starts_with(q, "那样") || t.starts_with(q, "似的")) {
            continue;
        }
        add(p, e);
    }
}

/// 到任某所党委委员、纪委书记，张三始终…: a post chain, a comma, then a name the text repeats.
fn seeds_after_post_chains(t: &Doc, _x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for p in 1..c.len() {
        if !matches!(c[p - 1], '，' | ',') || t.words.longest_ending_at(ListId::Post, p - 1, |_| true).is_none() {
            continue;
        }
        if let Some(e) = name_at(t, p) {
            if plausible(t, p, e) && t.find_all(&c[p..e]).len() >= 2 && boundary(t, e) {
                add(p, e);
            }
        }
    }
}

/// Speaker tags (张三：) at the start of a line.
fn seeds_speaker_tags(t: &Doc, _x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for (i, &ch) in c.iter().enumerate() {
        if (i == 0 || c[i - 1] == '\n') && is_han(ch) {
            if let Some(e) = name_at(t, i) {
                if matches!(c.get(e), Some(':') | Some('：')) && plausible(t, i, e) {
                    add(i, e);
                }
            }
        }
    }
}

/// The start of a full name that ends exactly at `end`, read at three, two, then four characters,
/// where `ok(start, length)` accepts what stands before it.
fn name_ending_at(t: &Doc, end: usize, ok: impl Fn(usize, usize) -> bool) -> Option<usize> {
    [3usize, 2, 4].into_iter().filter(|&len| end >= len).map(|len| (end - len, len)).find(|&(s, len)| ok(s, len) && name_at(t, s) == Some(end) && plausible(t, s, end)).map(|(s, _)| s)
}

/// Before a confirming word or a post: 张三同志, 李四说, 王五摄, 赵六总书记 — the name must start at a boundary.
fn seeds_before_titles(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for p in 1..c.len() {
        let after = t.words.longest_at(ListId::Name, p, |e| Some(e.label) == AFTER).is_some();
        let post_entry = t.words.longest_at(ListId::Post, p, |_| true).map(|(e, _)| e);
        let post = post_entry.as_ref().is_some_and(|e| e.label != Label::Post(PostKind::Staff));
        // 总书记, 主席, 总理: titles so specific that the name before them needs no boundary
        let strong_title = post_entry.as_ref().is_some_and(|e| matches!(e.surface.as_str(), "总书记" | "主席" | "总理" | "委员长"));
        if !after && !post {
            continue;
        }
        let start = name_ending_at(t, p, |s, len| {
            // no longer post word runs through the candidate (党委 in 党委书记 is no name)
            !(s..p).any(|q| t.words.longest_at(ListId::Post, q, |_| true).is_some_and(|(_, l)| q + l > p))
                && (s == 0 || is_break(c[s - 1]) || is_chain_end(x, s) || (strong_title && len == 3)
                    || t.words.longest_ending_at(ListId::Post, s, |_| true).is_some()
                    || t.is_stop_char(c[s - 1]))
        });
        if let Some(s) = start {
            add(s, p);
        }
    }
}

/// 张三，某某派出所所长 / 张三生前系某局副所长: a name, a connector, a unit and a post.
fn seeds_before_unit_posts(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for (span, _) in chain_spans(x) {
        for con in ["，", ",", "生前系", "生前任", "现任", "系", "任", "是"] {
            let n = con.chars().count();
            let mut q = span.end;
            for filler in ["的一名", "的一位", "的", "一名"] {
                if t.starts_with(q, filler) {
                    q += filler.chars().count();
                    break;
                }
            }
            if span.start < n || !t.starts_with(span.start - n, con) || t.words.longest_at(ListId::Post, q, |_| true).is_none() {
                continue;
            }
            let end = span.start - n;
            if let Some(s) = name_ending_at(t, end, |s, _| s == 0 || is_break(c[s - 1]) || t.is_stop_char(c[s - 1])) {
                add(s, end);
            }
        }
    }
}

/// Appointment and removal notices: 任命：\n张三为某局局长, 免去李四的某局局长职务, 免去王五同志某局
/// 局长职务, 接受赵六辞去…: a name, 为 or 的 (after 同志 or not), then a unit and a post, where the
/// name opens a line or a list item or follows the verb of the notice.
fn seeds_in_appointments(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let opens = |s: usize| {
        s == 0 || matches!(c[s - 1], '\n' | '：' | ':' | '、' | '；' | ';') || ["任命", "免去", "接受", "聘任", "同意"].iter().any(|w| t.ends_with(s, w))
    };
    for (span, _) in chain_spans(x) {
        if t.words.longest_at(ListId::Post, span.end, |_| true).is_none() {
            continue;
        }
        for con in ["同志为", "同志任", "同志的", "同志", "为", "的"] {
            let n = con.chars().count();
            if span.start < n || !t.starts_with(span.start - n, con) {
                continue;
            }
            let end = span.start - n;
            if let Some(s) = name_ending_at(t, end, |s, _| opens(s)) {
                seeds.push((s, end));
            }
            break;
        }
    }
}

/// 张三，1975年出生，…，现任某所所长: a sentence that opens with a name and states its post.
fn seeds_opening_sentences(t: &Doc, _x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for sent in &t.sentences {
        let s = sent.start;
        let Some(e) = name_at(t, s) else { continue };
        if !matches!(c.get(e), Some('，') | Some(',')) || !plausible(t, s, e) {
            continue;
        }
        let rest = t.str(e, sent.end);
        if let Some(k) = rest.find("现任") {
            let after = e + rest[..k].chars().count() + 2;
            if (after..sent.end).any(|q| t.words.longest_at(ListId::Post, q, |_| true).is_some()) {
                add(s, e);
            }
        }
    }
}

/// 技术专家某某说, 村民某某表示: a role noun before and a word that follows names after — two
/// cues, where one alone is too weak (村民 is followed by much else; 说 follows any subject).
fn seeds_between_role_and_speech(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    for s in 2..t.len() {
        if !role_noun_before(t, s) {
            continue;
        }
        if let Some(e) = name_at(t, s) {
            if word_at(t, ListId::Name, e, AFTER).is_some() && plausible(t, s, e) && !in_unit(x, s) && !seeds.iter().any(|&(a, b)| a < e && s < b) {
                seeds.push((s, e));
            }
        }
    }
}

/// 编辑：张三 | 审核：李四: a role label, a colon, a name.
fn seeds_after_role_labels(t: &Doc, _x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for p in 1..c.len() {
        if !matches!(c[p - 1], '：' | ':') {
            continue;
        }
        let mut s = p;
        while s < c.len() && matches!(c[s], ' ' | '\u{3000}') {
            s += 1;
        }
        let label_end = p - 1;
        let label = ["编辑", "责任编辑", "责编", "审核", "校对", "记者", "通讯员", "摄影", "摄像", "作者", "文", "图"]
            .iter()
            .find(|l| t.ends_with(label_end, l) && (label_end == l.chars().count() || !is_han(c[label_end - l.chars().count() - 1]) || matches!(c[label_end - l.chars().count() - 1], '任')));
        if label.is_some() {
            if let Some(e) = name_at(t, s) {
                if plausible(t, s, e) && (e == c.len() || !is_han(c[e])) {
                    add(s, e);
                }
            }
        }
    }
}

/// Names with a middle dot (艾山·吐尔逊): two runs of characters joined by ·.
fn seeds_dotted_names(t: &Doc, x: &Extraction, seeds: &mut Vec<(usize, usize)>) {
    let c = &t.chars;
    let mut add = |s: usize, e: usize| seeds.push((s, e));
    for p in 1..c.len().saturating_sub(1) {
        if !matches!(c[p], '·' | '•' | '・') || !is_han(c[p - 1]) || !is_han(c[p + 1]) {
            continue;
        }
        let mut s = p;
        while s > 0 && is_han(c[s - 1]) && p - s < 9 && !in_unit(x, s - 1) {
            s -= 1;
        }
        // drop a post or cue word glued in front (民警艾山·吐尔逊), then keep at most five characters
        while s < p {
            let cut = t.words.longest_at(ListId::Post, s, |_| true).map(|(_, l)| l).or_else(|| t.words.longest_at(ListId::Name, s, |e| e.label == BEFORE).map(|(_, l)| l));
            match cut {
                Some(l) if s + l < p => s += l,
                _ => break,
            }
        }
        // a post word inside the run ends the prefix there (社区民警 + 某某)
        if let Some(q) = (s..p).rev().find(|&q| t.words.longest_ending_at(ListId::Post, q, |_| true).is_some_and(|(_, l)| q >= s + l)) {
            s = q;
        }
        if p - s > 5 {
            s = p - 5;
        }
        let mut e = p + 1;
        while e < c.len() && is_han(c[e]) && e - p <= 5 && !boundary(t, e) {
            e += 1;
        }
        // where the name recurs, its given part is what all occurrences share (艾山·吐尔逊出生 → 艾山·吐尔逊)
        let left = &c[s..=p];
        let occ = t.find_all(left);
        if occ.len() >= 2 {
            let mut common = e - p - 1;
            for &o in &occ {
                let k = (0..common).take_while(|&i| c.get(o + left.len() + i) == Some(&c[p + 1 + i])).count();
                common = common.min(k);
            }
            if common >= 1 {
                e = p + 1 + common;
            }
        }
        // a dotted name needs a person cue before or after it (斯琴·某某，男，) or a second occurrence
        // (栏目·访谈 is no name)
        // (spaces may part them in a byline: 通讯员 热依拉·艾海提)
        let cue_end = s - c[..s].iter().rev().take_while(|&&ch| matches!(ch, ' ' | '\u{3000}')).count();
        let cued = t.words.longest_ending_at(ListId::Post, cue_end, |_| true).is_some()
            || t.words.longest_ending_at(ListId::Name, cue_end, |k| k.label == BEFORE).is_some()
            || word_at(t, ListId::Name, e, AFTER).is_some();
        if p - s >= 1 && e - p >= 2 && (cued || t.find_all(&c[s..e]).len() >= 2) {
            add(s, e);
        }
    }
}

/// Bylines: 本报记者  王明远 / 本报记者  孟  凡  谷雨晴 / 周景行摄 / 沈  冰摄 / 何  平《某某日报》.
fn bylines(t: &Doc, x: &Extraction, names: &mut BTreeMap<String, Vec<Span>>) {
    reporter_names(t, names);
    listed_names(t, x, names);
    credited_names(t, names);
}

/// Records `s..e` (spaces removed) as a name when it is two to four ideographs with a surname.
fn push_byline_name(t: &Doc, names: &mut BTreeMap<String, Vec<Span>>, s: usize, e: usize) {
    let c = &t.chars;
    // 本报记者  蒋思远摄: the photographer's credit mark is no part of the name
    let e = if e >= s + 3 && c[e - 1] == '摄' { e - 1 } else { e };
    let name: String = c[s..e].iter().filter(|ch| !ch.is_whitespace()).collect();
    let n = name.chars().count();
    let ok = (2..=4).contains(&n)
        && name.chars().all(is_han)
        && surname_of(t, &name);
    if ok {
        names.entry(name).or_default().push(Span::new(s, e));
    }
}

/// The names after 记者 and spaces on its line (本报记者  王明远 / 本报记者  孟  凡  谷雨晴).
fn reporter_names(t: &Doc, names: &mut BTreeMap<String, Vec<Span>>) {
    let c = &t.chars;
    // tokens after 记者 on the same line, separated by runs of spaces
    for p in t.find_all(&['记', '者']) {
        let i = p + 2;
        if !matches!(c.get(i), Some(' ') | Some('\u{3000}')) {
            continue;
        }
        let tokens = spaced_tokens(c, i);
        let mut k = 0;
        while k < tokens.len() {
            let (s, e) = tokens[k];
            if e - s >= 2 {
                push_byline_name(t, names, s, e);
                k += 1;
            } else if k + 1 < tokens.len() && tokens[k + 1].1 - tokens[k + 1].0 == 1 {
                push_byline_name(t, names, s, tokens[k + 1].1);
                k += 2;
            } else {
                break;
            }
        }
    }
}

/// The runs of ideographs from `i` on, parted by runs of spaces (孟  凡  谷雨晴 → 孟, 凡, 谷雨晴).
fn spaced_tokens(c: &[char], mut i: usize) -> Vec<(usize, usize)> {
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    loop {
        while i < c.len() && (c[i] == ' ' || c[i] == '\u{3000}') {
            i += 1;
        }
        let s = i;
        while i < c.len() && is_han(c[i]) {
            i += 1;
        }
        if i == s {
            break;
        }
        tokens.push((s, i));
        if !matches!(c.get(i), Some(' ') | Some('\u{3000}')) {
            break;
        }
    }
    tokens
}

/// Names opening a line, then spaces and a unit (张三　某某派出所所长 / 冉　静　某某支队民警).
fn listed_names(t: &Doc, x: &Extraction, names: &mut BTreeMap<String, Vec<Span>>) {
    let c = &t.chars;
    // lists, one per line: 张三　某某派出所所长 / 冉　静　某某支队民警 (a name, spaces, a unit)
    for (i, _) in c.iter().enumerate() {
        if !(i == 0 || c[i - 1] == '\n') {
            continue;
        }
        let mut j = i;
        let mut han = Vec::new();
        while j < c.len() && han.len() < 5 && (is_han(c[j]) || (matches!(c[j], ' ' | '\u{3000}') && han.len() == 1)) {
            if is_han(c[j]) {
                han.push(j);
            }
            j += 1;
        }
        // spaces then a unit name must follow
        let mut k = j;
        while k < c.len() && matches!(c[k], ' ' | '\u{3000}') {
            k += 1;
        }
        if k == j || !x.mentions.starting_at(k).any(|m| m.kind == MentionKind::Unit) {
            continue;
        }
        if (2..=4).contains(&han.len()) {
            push_byline_name(t, names, i, j);
        }
    }
}

/// Names opening a line before 摄 or 《…报》 (周景行摄 / 沈  冰摄 / 何  平《某某日报》).
fn credited_names(t: &Doc, names: &mut BTreeMap<String, Vec<Span>>) {
    let c = &t.chars;
    // line-initial names before 摄 or 《…报》
    for (i, _) in c.iter().enumerate() {
        if !(i == 0 || c[i - 1] == '\n') {
            continue;
        }
        let mut j = i;
        let mut han = 0;
        while j < c.len() && (is_han(c[j]) || c[j] == ' ' || c[j] == '\u{3000}') && han < 5 {
            if is_han(c[j]) {
                han += 1;
            }
            j += 1;
        }
        // trim back to the last Han character before the cue
        let mut e = j;
        while e > i && !is_han(c[e - 1]) {
            e -= 1;
        }
        if e > i && c[e - 1] == '摄' && (e == c.len() || !is_han(*c.get(e).unwrap_or(&' '))) {
            push_byline_name(t, names, i, e - 1);
        } else if matches!(c.get(j), Some('《')) && (2..=4).contains(&han) {
            push_byline_name(t, names, i, e);
        }
    }
}

/// Short references: surname or given name plus a post (张局长, 洪卫局长, 林所长) become aliases
/// of the person of this document they fit; they never make new people.
pub fn find_aliases(t: &Doc, x: &mut Extraction, pctx: &PeopleContext) {
    let c = &t.chars;
    // positions inside a full-name mention
    let mut named = vec![false; c.len() + 1];
    for (s, _) in &pctx.spans {
        named[s.start.min(c.len())..s.end.min(c.len())].iter_mut().for_each(|n| *n = true);
    }
    // people by the first character of their name, and by its last two (names of three or more)
    let mut by_first: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_given: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, person) in x.people.iter().enumerate() {
        let n: Vec<char> = person.name.chars().collect();
        if let Some(f) = n.first() {
            by_first.entry(f.to_string()).or_default().push(i);
        }
        if n.len() >= 3 {
            by_given.entry(n[n.len() - 2..].iter().collect()).or_default().push(i);
        }
    }
    let mut found = Vec::new();
    for p in 1..c.len() {
        let Some((e, len)) = t.words.longest_at(ListId::Post, p, |_| true) else { continue };
        if !matches!(e.label, Label::Post(PostKind::Head | PostKind::Deputy | PostKind::Gov)) {
            continue;
        }
        if named[p] || in_unit(x, p) {
            continue;
        }
        for prefix in [2usize, 1] {
            if p < prefix {
                continue;
            }
            let s = p - prefix;
            if !(s == 0 || is_break(c[s - 1]) || t.words.exact(ListId::Stopword, s - 1, s).is_some()
                || t.words.longest_ending_at(ListId::Name, s, |_| true).is_some())
            {
                continue;
            }
            if named[s..p].iter().any(|&n| n) {
                continue;
            }
            let part = t.str(s, p);
            let fits: &[usize] = if prefix == 1 { by_first.get(&part) } else { by_given.get(&part) }.map_or(&[], |v| v.as_slice());
            let chosen = if fits.len() == 1 {
                Some(fits[0])
            } else {
                let holding: Vec<usize> = fits
                    .iter()
                    .copied()
                    .filter(|&i| x.holdings.iter().any(|h| h.person == i && h.title.ends_with(&e.surface)))
                    .collect();
                (holding.len() == 1).then(|| holding[0])
            };
            if let Some(i) = chosen {
                found.push((Span::new(s, p + len), i));
                break;
            }
        }
    }
    for (span, i) in found {
        let text = t.slice(span);
        if !x.people[i].aliases.contains(&text) {
            x.people[i].aliases.push(text.clone());
        }
        x.mentions.push(Mention { span, text, kind: MentionKind::Person, target: Target::Person(i) });
    }
}
