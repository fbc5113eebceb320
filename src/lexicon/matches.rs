//! One pass of every list over a document: the annotation table the extractor's rules read.
//!
//! [`Matcher`] is one Aho–Corasick automaton over the surfaces of every list and of the gazetteer,
//! built once at load. [`Matcher::annotate`] runs it over a document's text once and returns
//! [`Matches`]: every occurrence of every surface (overlapping ones included), indexed by start
//! and by end, so the questions the rules ask — the longest entry of a list starting or ending at a
//! position, the longest place in a window — cost the number of matches at that position, not a
//! walk of a trie.

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap as HashMap;

use super::{Entry, Gazetteer, Lexicon, ListId, WordList};

/// What a surface is: an entry of a list, or a gazetteer surface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// `list`'s entry number `entry`.
    Word(ListId, u32),
    /// The gazetteer's surface number (see [`Gazetteer::surface`]).
    Place(u32),
}

/// One occurrence of a surface in a document: code points `[start, start + len)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First code point.
    pub start: u32,
    /// Length in code points.
    pub len: u32,
    /// What matched.
    pub hit: Hit,
}

impl Match {
    /// One past the last code point.
    pub fn end(&self) -> usize {
        (self.start + self.len) as usize
    }
}

/// The automaton over every surface, and what each of its patterns is.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// Per pattern, its range in `hits` (a surface may be in several lists).
    ranges: Vec<(u32, u32)>,
    hits: Vec<Hit>,
    /// Per pattern, its length in code points.
    lens: Vec<u32>,
}

impl Matcher {
    /// Compiles every surface of `lists` and of `gazetteer`.
    pub fn new(lists: &[WordList], gazetteer: &Gazetteer) -> Matcher {
        let mut all: Vec<(&str, Hit)> = Vec::new();
        for (list, words) in ListId::ALL.iter().zip(lists) {
            // boilerplate entries are line patterns, never matched in text
            if *list == ListId::Boilerplate {
                continue;
            }
            all.extend(words.entries().iter().enumerate().map(|(i, e)| (e.surface.as_str(), Hit::Word(*list, i as u32))));
        }
        all.extend(gazetteer.surfaces().map(|(i, s)| (s, Hit::Place(i))));
        // one pattern per distinct surface, in first-seen order
        let mut by_surface: HashMap<&str, Vec<Hit>> = HashMap::default();
        let mut order: Vec<&str> = Vec::new();
        for (surface, hit) in all {
            let hits = by_surface.entry(surface).or_default();
            if hits.is_empty() {
                order.push(surface);
            }
            hits.push(hit);
        }
        let mut ranges = Vec::with_capacity(order.len());
        let mut hits = Vec::new();
        let mut lens = Vec::with_capacity(order.len());
        for s in &order {
            let h = &by_surface[s];
            ranges.push((hits.len() as u32, (hits.len() + h.len()) as u32));
            hits.extend_from_slice(h);
            lens.push(s.chars().count() as u32);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&order)
            .expect("the lexicon's surfaces fit one automaton");
        Matcher { automaton, ranges, hits, lens }
    }

    /// Every match in `text`, in one pass.
    pub fn annotate<'l>(&self, lex: &'l Lexicon, text: &str) -> Matches<'l> {
        let bytes = text.as_bytes();
        // the automaton reports matches by their end, in order: code points are counted on the way
        let (mut at_byte, mut at_char) = (0usize, 0u32);
        let mut count_to = |end: usize| {
            at_char += bytes[at_byte..end].iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32;
            at_byte = end;
            at_char
        };
        let mut all: Vec<Match> = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            let end = count_to(m.end());
            let (from, to) = self.ranges[p];
            for &hit in &self.hits[from as usize..to as usize] {
                all.push(Match { start: end - self.lens[p], len: self.lens[p], hit });
            }
        }
        let n = count_to(bytes.len()) as usize;
        Matches::new(lex, n, all)
    }
}

/// Every match of the lexicon in one document, indexed by start and by end. Immutable once built.
#[derive(Debug, Clone)]
pub struct Matches<'l> {
    lex: &'l Lexicon,
    /// Sorted by start, then length (shortest first).
    by_start: Vec<Match>,
    /// `by_start[first_at[p]..first_at[p + 1]]` start at `p`.
    first_at: Vec<u32>,
    /// Indices into `by_start`, sorted by end, then length (shortest first).
    by_end: Vec<u32>,
    /// `by_end[first_end[p]..first_end[p + 1]]` end at `p`.
    first_end: Vec<u32>,
}

/// Offsets of each position's run in a vector sorted by position (`n + 2` entries).
fn offsets(n: usize, positions: impl Iterator<Item = usize>) -> Vec<u32> {
    let mut counts = vec![0u32; n + 2];
    for p in positions {
        counts[p + 1] += 1;
    }
    for i in 1..counts.len() {
        counts[i] += counts[i - 1];
    }
    counts
}

impl<'l> Matches<'l> {
    /// The table of `all`, which comes in order of end.
    fn new(lex: &'l Lexicon, n: usize, mut all: Vec<Match>) -> Matches<'l> {
        // by end, then length, then hit: the automaton's order within one end is its own
        all.sort_by_key(|m| (m.end(), m.len, hit_order(m.hit)));
        let first_end = offsets(n, all.iter().map(|m| m.end()));
        // by start (a counting sort): for one start, a later end is a longer match
        let first_at = offsets(n, all.iter().map(|m| m.start as usize));
        let mut next = first_at.clone();
        let mut by_start = vec![Match { start: 0, len: 0, hit: Hit::Place(0) }; all.len()];
        let mut by_end = Vec::with_capacity(all.len());
        for m in all {
            let slot = &mut next[m.start as usize];
            by_start[*slot as usize] = m;
            by_end.push(*slot);
            *slot += 1;
        }
        Matches { lex, by_start, first_at, by_end, first_end }
    }

    /// The lexicon the matches are of.
    pub fn lexicon(&self) -> &'l Lexicon {
        self.lex
    }

    /// Every match starting at `at`, shortest first.
    pub fn starting_at(&self, at: usize) -> &[Match] {
        match (self.first_at.get(at), self.first_at.get(at + 1)) {
            (Some(&a), Some(&b)) => &self.by_start[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Every match ending at `end`, shortest first.
    pub fn ending_at(&self, end: usize) -> impl DoubleEndedIterator<Item = &Match> + '_ {
        let run = match (self.first_end.get(end), self.first_end.get(end + 1)) {
            (Some(&a), Some(&b)) => &self.by_end[a as usize..b as usize],
            _ => &[],
        };
        run.iter().map(|&i| &self.by_start[i as usize])
    }

    /// The entry a match of `list` stands for.
    fn entry(&self, m: &Match, list: ListId) -> Option<&'l Entry> {
        match m.hit {
            Hit::Word(l, i) if l == list => Some(&self.lex.list(list).entries()[i as usize]),
            _ => None,
        }
    }

    /// The longest entry of `list` that starts at `at` and that `keep` accepts, with its length.
    pub fn longest_at(&self, list: ListId, at: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.starting_at(at).iter().rev().find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The longest entry of `list` that ends at `end` and that `keep` accepts, with its length.
    pub fn longest_ending_at(&self, list: ListId, end: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.ending_at(end).rev().find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The longest entry of `list` that ends at `end`, starts at or after `from`, and that `keep`
    /// accepts, with its length: a lookup inside a window of the text (a quotation's inside).
    pub fn longest_ending_in(&self, list: ListId, from: usize, end: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.ending_at(end)
            .rev()
            .filter(|m| m.start as usize >= from)
            .find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The longest entry of `list` that starts at `at`, ends at or before `limit`, and that `keep`
    /// accepts, with its length.
    pub fn longest_in(&self, list: ListId, at: usize, limit: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.starting_at(at).iter().rev().filter(|m| m.end() <= limit).find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The entry of `list` whose surface is exactly `[start, end)`.
    pub fn exact(&self, list: ListId, start: usize, end: usize) -> Option<&'l Entry> {
        self.starting_at(start).iter().find_map(|m| self.entry(m, list).filter(|_| m.end() == end))
    }

    /// The longest gazetteer surface starting at `at` and ending at or before `end`: the divisions
    /// it names, its length, and whether it is a full official name (as
    /// [`Gazetteer::longest_in`]).
    pub fn place_in(&self, at: usize, end: usize) -> Option<(&'l [usize], usize, bool)> {
        self.starting_at(at).iter().rev().find_map(|m| match m.hit {
            Hit::Place(i) if m.end() <= end => {
                let (v, full) = self.lex.gazetteer.surface(i);
                Some((v, m.len as usize, full))
            }
            _ => None,
        })
    }

    /// The longest gazetteer surface starting at `at`.
    pub fn place_at(&self, at: usize) -> Option<(&'l [usize], usize, bool)> {
        self.place_in(at, usize::MAX)
    }

    /// Number of matches.
    pub fn len(&self) -> usize {
        self.by_start.len()
    }

    /// Whether nothing matched.
    pub fn is_empty(&self) -> bool {
        self.by_start.is_empty()
    }
}

/// A total order of hits, so that the table is the same whatever order the automaton reports.
fn hit_order(h: Hit) -> (u8, u32) {
    match h {
        Hit::Word(l, i) => (l as u8, i),
        Hit::Place(i) => (u8::MAX, i),
    }
}
