//! One pass of every list over a document: the annotation table the extractor's rules read.
//!
//! [`Matcher`] is one character trie over the surfaces of every list and of the gazetteer, built
//! once at load. [`Matcher::annotate`] walks it once from each position of a document's text and
//! returns [`Matches`]: every occurrence of every surface (overlapping ones included), indexed by
//! start and by end, with a bit per list and position, so the questions the rules ask — the
//! longest entry of a list starting or ending at a position, the longest place in a window — cost
//! a bit test where nothing matches and the number of matches where something does.
//!
//! (An Aho–Corasick automaton over the same surfaces, the `aho-corasick` crate's, found the same
//! matches with 1.7 times the instructions: it steps through UTF-8 bytes, three per Chinese
//! character, and the code points of its byte offsets have to be counted again.)

use rustc_hash::FxHashMap as HashMap;

use super::{Entry, Gazetteer, Lexicon, ListId, Trie, WordList};

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

/// The trie over every surface, and what each surface is.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Every distinct surface; its value is the surface's number.
    trie: Trie,
    /// The trie's first step for characters of the Basic Multilingual Plane, by code point (0: no
    /// surface starts with it): most positions need no hash lookup at all.
    first: Vec<u32>,
    /// Per pattern, its range in `hits` (a surface may be in several lists).
    ranges: Vec<(u32, u32)>,
    hits: Vec<Hit>,
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
        for s in &order {
            let h = &by_surface[s];
            ranges.push((hits.len() as u32, (hits.len() + h.len()) as u32));
            hits.extend_from_slice(h);
        }
        let mut trie = Trie::default();
        for (i, s) in order.iter().enumerate() {
            trie.insert(s.chars(), i as u32);
        }
        let mut first = vec![0u32; 0x10000];
        for (&(node, c), &child) in &trie.edges {
            if node == 0 && (c as u32) < 0x10000 {
                first[c as usize] = child;
            }
        }
        Matcher { trie, first, ranges, hits }
    }

    /// Every match in `chars` (a document's text), from one walk of the trie at each position.
    pub fn annotate<'l>(&self, lex: &'l Lexicon, chars: &[char]) -> Matches<'l> {
        let mut all: Vec<Match> = Vec::new();
        for (at, &c) in chars.iter().enumerate() {
            let mut node = match self.first.get(c as usize) {
                Some(&n) => n,
                None => self.trie.edges.get(&(0, c)).copied().unwrap_or(0),
            };
            let mut len = 1;
            while node != 0 {
                if let Some(p) = self.trie.values[node as usize] {
                    let (from, to) = self.ranges[p as usize];
                    for &hit in &self.hits[from as usize..to as usize] {
                        all.push(Match { start: at as u32, len, hit });
                    }
                }
                node = match chars.get(at + len as usize) {
                    Some(&next) => self.trie.edges.get(&(node, next)).copied().unwrap_or(0),
                    None => 0,
                };
                len += 1;
            }
        }
        Matches::new(lex, chars.len(), all)
    }
}

/// Every match of the lexicon in one document, indexed by start and by end. Immutable once built.
#[derive(Debug, Clone)]
pub struct Matches<'l> {
    lex: &'l Lexicon,
    /// Each list's entries, by [`ListId::index`].
    entries: [&'l [Entry]; ListId::ALL.len()],
    /// Sorted by start, then length (shortest first).
    by_start: Vec<Match>,
    /// `by_start[first_at[p]..first_at[p + 1]]` start at `p`.
    first_at: Vec<u32>,
    /// Indices into `by_start`, sorted by end, then length (shortest first).
    by_end: Vec<u32>,
    /// `by_end[first_end[p]..first_end[p + 1]]` end at `p`.
    first_end: Vec<u32>,
    /// Per position, a bit per list ([`list_bit`]) that has a match starting there: most lookups
    /// find nothing, and this answers them without reading the matches.
    starts: Vec<u16>,
    /// The same for matches ending at each position.
    ends: Vec<u16>,
}

/// The gazetteer's bit in [`Matches`]'s position masks (the lists have the low ones).
const PLACE_BIT: u16 = 1 << 15;

/// The bit of a hit's list in [`Matches`]'s position masks.
fn hit_bit(h: Hit) -> u16 {
    match h {
        Hit::Word(l, _) => list_bit(l),
        Hit::Place(_) => PLACE_BIT,
    }
}

fn list_bit(l: ListId) -> u16 {
    1 << l.index()
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
    /// The table of `all`, which comes in order of start, then length.
    fn new(lex: &'l Lexicon, n: usize, by_start: Vec<Match>) -> Matches<'l> {
        debug_assert!(by_start.windows(2).all(|w| (w[0].start, w[0].len) <= (w[1].start, w[1].len)));
        let first_at = offsets(n, by_start.iter().map(|m| m.start as usize));
        let first_end = offsets(n, by_start.iter().map(|m| m.end()));
        // by end (a counting sort), then each end's run by length
        let mut next = first_end.clone();
        let mut by_end = vec![0u32; by_start.len()];
        let mut starts = vec![0u16; n + 1];
        let mut ends = vec![0u16; n + 1];
        for (i, m) in by_start.iter().enumerate() {
            let slot = &mut next[m.end()];
            by_end[*slot as usize] = i as u32;
            *slot += 1;
            starts[m.start as usize] |= hit_bit(m.hit);
            ends[m.end()] |= hit_bit(m.hit);
        }
        for end in 0..=n {
            let run = &mut by_end[first_end[end] as usize..first_end[end + 1] as usize];
            if run.len() > 1 {
                run.sort_unstable_by_key(|&i| (by_start[i as usize].len, i));
            }
        }
        let entries = ListId::ALL.map(|l| lex.list(l).entries());
        Matches { lex, entries, by_start, first_at, by_end, first_end, starts, ends }
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
            Hit::Word(l, i) if l == list => Some(&self.entries[l.index()][i as usize]),
            _ => None,
        }
    }

    /// Whether some match of a list in `bit` (a [`list_bit`], or the gazetteer's) starts at `at`.
    fn any_starting(&self, at: usize, bit: u16) -> bool {
        self.starts.get(at).is_some_and(|&b| b & bit != 0)
    }

    /// Whether some match of a list in `bit` ends at `end`.
    fn any_ending(&self, end: usize, bit: u16) -> bool {
        self.ends.get(end).is_some_and(|&b| b & bit != 0)
    }

    /// The longest entry of `list` that starts at `at` and that `keep` accepts, with its length.
    #[inline]
    pub fn longest_at(&self, list: ListId, at: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.longest_in(list, at, usize::MAX, keep)
    }

    /// The longest entry of `list` that ends at `end` and that `keep` accepts, with its length.
    #[inline]
    pub fn longest_ending_at(&self, list: ListId, end: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.longest_ending_in(list, 0, end, keep)
    }

    /// The longest entry of `list` that ends at `end`, starts at or after `from`, and that `keep`
    /// accepts, with its length: a lookup inside a window of the text (a quotation's inside).
    #[inline]
    pub fn longest_ending_in(&self, list: ListId, from: usize, end: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        if !self.any_ending(end, list_bit(list)) {
            return None;
        }
        self.ending_at(end)
            .rev()
            .filter(|m| m.start as usize >= from)
            .find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The longest entry of `list` that starts at `at`, ends at or before `limit`, and that `keep`
    /// accepts, with its length.
    #[inline]
    pub fn longest_in(&self, list: ListId, at: usize, limit: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        if !self.any_starting(at, list_bit(list)) {
            return None;
        }
        self.starting_at(at).iter().rev().filter(|m| m.end() <= limit).find_map(|m| self.entry(m, list).filter(|e| keep(e)).map(|e| (e, m.len as usize)))
    }

    /// The entry of `list` whose surface is exactly `[start, end)`.
    pub fn exact(&self, list: ListId, start: usize, end: usize) -> Option<&'l Entry> {
        if !self.any_starting(start, list_bit(list)) {
            return None;
        }
        self.starting_at(start).iter().find_map(|m| self.entry(m, list).filter(|_| m.end() == end))
    }

    /// The longest gazetteer surface starting at `at` and ending at or before `end`: the divisions
    /// it names, its length, and whether it is a full official name (as
    /// [`Gazetteer::longest_in`]).
    pub fn place_in(&self, at: usize, end: usize) -> Option<(&'l [usize], usize, bool)> {
        if !self.any_starting(at, PLACE_BIT) {
            return None;
        }
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
