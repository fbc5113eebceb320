//! Vocabulary lists kept as data: loading, validation and fast longest-match lookup.
//!
//! Every list is a UTF-8 TSV file under `data/lexicon/` (`surface<TAB>id[<TAB>note]`, `#` comments,
//! blank lines skipped, a BOM on line 1 stripped). The defaults are compiled into the binary so that
//! zhkg runs from anywhere; a user directory given with `--lexicon DIR` adds entries from files of
//! the same names. The file name is the list's label.
//!
//! This module knows nothing about RDF or the store.

mod labels;
mod matches;

pub use labels::*;
pub use matches::{Hit, Match, Matcher, Matches};

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A CJK ideograph (including the extension blocks).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0x30000..=0x323AF)
}

/// One entry of a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The surface form, as it appears in text.
    pub surface: String,
    /// The second column (an id, a kind or a role, depending on the file).
    pub id: String,
    /// The third column, empty when absent.
    pub note: String,
    /// The second and third columns parsed for the entry's list.
    pub label: Label,
}

/// A problem found in a lexicon file: `path:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct LexiconError {
    /// The file (or the name of the built-in list).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, lower-case, without a final period.
    pub message: String,
}

/// A character trie mapping strings to `u32` values: longest-match lookups walk it one character
/// at a time, with no string built or hashed per step, and stop as soon as no key can continue.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    /// `(node, character)` → child node; node 0 is the root.
    edges: HashMap<(u32, char), u32>,
    /// The value of the key that ends at each node, if any.
    values: Vec<Option<u32>>,
    /// A one-hash Bloom filter of the keys' first characters ([`Trie::FIRST_BITS`] bits, small
    /// enough to stay in cache): most text positions start no key, and a bit test turns them away
    /// before any hashing.
    first: Vec<u64>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie { edges: HashMap::default(), values: vec![None], first: vec![0; Trie::FIRST_BITS / 64] }
    }
}

impl Trie {
    const FIRST_BITS: usize = 4096;

    /// The bit of `c` in the first-character filter.
    fn first_bit(c: char) -> usize {
        (u32::from(c).wrapping_mul(0x9E37_79B1) >> (32 - Trie::FIRST_BITS.trailing_zeros())) as usize
    }

    /// Sets the value of the key spelled by `chars`.
    pub(crate) fn insert(&mut self, chars: impl Iterator<Item = char>, value: u32) {
        let mut chars = chars.peekable();
        if let Some(&c) = chars.peek() {
            let bit = Trie::first_bit(c);
            self.first[bit / 64] |= 1 << (bit % 64);
        }
        let mut node = 0;
        for c in chars {
            let next = self.values.len() as u32;
            node = *self.edges.entry((node, c)).or_insert(next);
            if node == next {
                self.values.push(None);
            }
        }
        self.values[node as usize] = Some(value);
    }

    /// Whether a key may start with `c` (false only when none does). Callers test it before
    /// walking, inlined, so that the common case costs no call.
    #[inline]
    pub(crate) fn may_start(&self, c: char) -> bool {
        let bit = Trie::first_bit(c);
        self.first[bit / 64] >> (bit % 64) & 1 == 1
    }

    /// The values of the keys that are prefixes of `chars` (the empty key excluded), with their
    /// lengths in characters, shortest first.
    pub(crate) fn prefixes_of<'a>(&'a self, chars: impl IntoIterator<Item = &'a char> + 'a) -> impl Iterator<Item = (u32, usize)> + 'a {
        let mut node = 0;
        chars
            .into_iter()
            .map_while(move |&c| {
                node = *self.edges.get(&(node, c))?;
                Some(self.values[node as usize])
            })
            .enumerate()
            .filter_map(|(i, v)| Some((v?, i + 1)))
    }
}

/// A list of entries with a longest-match index.
#[derive(Debug, Clone, Default)]
pub struct WordList {
    entries: Vec<Entry>,
    by_surface: HashMap<String, usize>,
    /// Every surface, for lookups that start at a position.
    forward: Trie,
    /// Every surface reversed, for lookups that end at a position.
    backward: Trie,
}

impl WordList {
    /// Parses TSV text of `list`; returns the list and every line error (duplicates, empty
    /// surfaces, tags the list does not know).
    pub fn parse(text: &str, path: &Path, list: ListId) -> (WordList, Vec<LexiconError>) {
        let mut words = WordList::default();
        let mut errors = Vec::new();
        words.extend_from(text, path, list, &mut errors);
        (words, errors)
    }

    fn extend_from(&mut self, text: &str, path: &Path, kind: ListId, errors: &mut Vec<LexiconError>) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut first_line: HashMap<String, usize> = HashMap::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let surface = cols.next().unwrap_or("").trim().to_string();
            let id = cols.next().unwrap_or("").trim().to_string();
            let note = cols.next().unwrap_or("").trim().to_string();
            if surface.is_empty() {
                errors.push(LexiconError {
                    path: path.to_path_buf(),
                    line: i + 1,
                    column: 1,
                    message: "empty surface".into(),
                });
                continue;
            }
            if let Some(first) = first_line.get(&surface) {
                errors.push(LexiconError {
                    path: path.to_path_buf(),
                    line: i + 1,
                    column: 1,
                    message: format!("duplicate surface \"{surface}\" (first at line {first})"),
                });
                continue;
            }
            let label = match Label::parse(kind, &id, &note) {
                Ok(label) => label,
                Err((col, message)) => {
                    // the column's first character, counted in characters as editors do
                    let column = line.split('\t').take(col - 1).map(|f| f.chars().count() + 1).sum::<usize>() + 1;
                    errors.push(LexiconError { path: path.to_path_buf(), line: i + 1, column, message });
                    continue;
                }
            };
            first_line.insert(surface.clone(), i + 1);
            self.push(Entry { surface, id, note, label });
        }
    }

    /// Adds (or replaces) one entry.
    pub fn push(&mut self, entry: Entry) {
        if let Some(&i) = self.by_surface.get(&entry.surface) {
            self.entries[i] = entry;
        } else {
            let i = self.entries.len();
            self.forward.insert(entry.surface.chars(), i as u32);
            self.backward.insert(entry.surface.chars().rev(), i as u32);
            self.by_surface.insert(entry.surface.clone(), i);
            self.entries.push(entry);
        }
    }

    /// The entry for exactly this surface.
    pub fn get(&self, surface: &str) -> Option<&Entry> {
        self.by_surface.get(surface).map(|&i| &self.entries[i])
    }

    /// The entry for exactly this surface, given as characters (no string is built). Surfaces are
    /// never empty, so neither is a match.
    pub fn get_chars(&self, surface: &[char]) -> Option<&Entry> {
        let (i, len) = self.forward.prefixes_of(surface).last()?;
        (len == surface.len()).then(|| &self.entries[i as usize])
    }

    /// Whether the surface is listed.
    pub fn contains(&self, surface: &str) -> bool {
        self.by_surface.contains_key(surface)
    }

    /// The longest entry that starts at `chars[at..]`, with its length in characters.
    #[inline]
    pub fn longest_at(&self, chars: &[char], at: usize) -> Option<(&Entry, usize)> {
        self.longest_at_filtered(chars, at, |_| true)
    }

    /// Like [`WordList::longest_at`], keeping only entries the filter accepts.
    #[inline]
    pub fn longest_at_filtered(
        &self,
        chars: &[char],
        at: usize,
        keep: impl Fn(&Entry) -> bool,
    ) -> Option<(&Entry, usize)> {
        match chars.get(at) {
            Some(&c) if self.forward.may_start(c) => self.longest(self.forward.prefixes_of(&chars[at..]), keep),
            _ => None,
        }
    }

    /// The last entry of `matches` (entry index, length) that the filter accepts.
    fn longest(&self, matches: impl Iterator<Item = (u32, usize)>, keep: impl Fn(&Entry) -> bool) -> Option<(&Entry, usize)> {
        matches.map(|(i, len)| (&self.entries[i as usize], len)).filter(|(e, _)| keep(e)).last()
    }

    /// The longest entry that ends exactly at `chars[..end]`, with its length in characters.
    #[inline]
    pub fn longest_ending_at(&self, chars: &[char], end: usize) -> Option<(&Entry, usize)> {
        self.longest_ending_at_filtered(chars, end, |_| true)
    }

    /// Like [`WordList::longest_ending_at`], keeping only entries the filter accepts.
    #[inline]
    pub fn longest_ending_at_filtered(
        &self,
        chars: &[char],
        end: usize,
        keep: impl Fn(&Entry) -> bool,
    ) -> Option<(&Entry, usize)> {
        match end.checked_sub(1).and_then(|last| chars.get(last)) {
            Some(&c) if self.backward.may_start(c) => self.longest(self.backward.prefixes_of(chars[..end].iter().rev()), keep),
            _ => None,
        }
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries whose second column equals `id`.
    pub fn with_id<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.entries.iter().filter(move |e| e.id == id)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn builtin(list: ListId) -> &'static str {
    match list {
        ListId::Surname => include_str!("../../data/lexicon/surname.tsv"),
        ListId::Post => include_str!("../../data/lexicon/post.tsv"),
        ListId::UnitSuffix => include_str!("../../data/lexicon/unit-suffix.tsv"),
        ListId::FunctionUnit => include_str!("../../data/lexicon/function-unit.tsv"),
        ListId::Org => include_str!("../../data/lexicon/org.tsv"),
        ListId::Award => include_str!("../../data/lexicon/award.tsv"),
        ListId::Initiative => include_str!("../../data/lexicon/initiative.tsv"),
        ListId::Name => include_str!("../../data/lexicon/name.tsv"),
        ListId::Boilerplate => include_str!("../../data/lexicon/boilerplate.tsv"),
        ListId::Stopword => include_str!("../../data/lexicon/stopword.tsv"),
        ListId::OrgParent => include_str!("../../data/lexicon/org-parent.tsv"),
        ListId::PlaceRef => include_str!("../../data/lexicon/place-ref.tsv"),
        ListId::Career => include_str!("../../data/lexicon/career.tsv"),
    }
}

/// One administrative division of the gazetteer (`data/places.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Official code (GB/T 2260 / 统计用区划代码).
    pub code: String,
    /// Official full name (嘉兴市).
    pub name: String,
    /// `province`, `prefecture` or `county`.
    pub level: String,
    /// Code of the containing division, empty for provinces.
    pub parent: String,
    /// Short forms (嘉兴 for 嘉兴市, 新疆 for 新疆维吾尔自治区).
    pub short: Vec<String>,
    /// Former names and the year they stopped being used (襄樊市, 2010 for 襄阳市), from
    /// `data/places-former.tsv`.
    pub former: Vec<(String, u16)>,
}

/// The gazetteer: every division with its full name and short forms.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// All divisions, in file order.
    pub places: Vec<Place>,
    /// Surface (full name or short form) → indices into `places`.
    pub by_surface: HashMap<String, Vec<usize>>,
    /// Every surface, indexing `surfaces`.
    trie: Trie,
    /// Per surface: the divisions it names and whether it is a full official (or former) name.
    surfaces: Vec<(Vec<usize>, bool)>,
    /// The text of each of `surfaces`.
    surface_names: Vec<String>,
    by_code: HashMap<String, usize>,
    /// Townships (镇, 乡, 街道, 苏木; `data/towns.tsv`) → codes of the counties that have one of
    /// that name.
    towns: HashMap<String, Vec<String>>,
}

impl Gazetteer {
    /// The built-in gazetteer: `data/places.tsv` and the former names of `data/places-former.tsv`.
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::parse(include_str!("../../data/places.tsv"));
        g.add_former(include_str!("../../data/places-former.tsv"));
        g.add_towns(include_str!("../../data/towns.tsv"));
        g.index();
        g
    }

    /// Adds townships (`name<TAB>county codes` lines).
    fn add_towns(&mut self, text: &str) {
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let Some((name, codes)) = line.split_once('\t') else { continue };
            self.towns.insert(name.to_string(), codes.split(',').map(String::from).collect());
        }
    }

    /// The codes of the counties that have a township (镇, 乡, 街道, 苏木) of this name.
    pub fn town(&self, name: &str) -> Option<&[String]> {
        self.towns.get(name).map(|v| v.as_slice())
    }

    fn add_surface(&mut self, s: &str, idx: usize) {
        let v = self.by_surface.entry(s.to_string()).or_default();
        if !v.contains(&idx) {
            v.push(idx);
        }
    }

    /// Builds the longest-match trie over the surfaces of two characters or more (shorter ones
    /// never match), once every name is in.
    fn index(&mut self) {
        self.trie = Trie::default();
        self.surfaces.clear();
        self.surface_names.clear();
        for (surface, v) in &self.by_surface {
            if surface.chars().nth(1).is_none() {
                continue;
            }
            let full = v.iter().any(|&i| {
                let p = &self.places[i];
                p.name == *surface || p.former.iter().any(|(f, _)| f == surface)
            });
            self.trie.insert(surface.chars(), self.surfaces.len() as u32);
            self.surfaces.push((v.clone(), full));
            self.surface_names.push(surface.clone());
        }
    }

    /// Adds former names (`name<TAB>code<TAB>year<TAB>note` lines) as surfaces of the divisions
    /// they now belong to. Lines naming an unknown code are skipped.
    fn add_former(&mut self, text: &str) {
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(code)) = (cols.first(), cols.get(1)) else { continue };
            let Some(&idx) = self.by_code.get(*code) else { continue };
            let year = cols.get(2).and_then(|y| y.parse().ok()).unwrap_or(0);
            self.places[idx].former.push((name.to_string(), year));
            self.add_surface(name, idx);
        }
    }

    /// Which of the divisions `idx` (all sharing one name) a text means, or `None` when nothing
    /// tells them apart. One division is itself; divisions in one line of containment give the
    /// outermost; otherwise the only one inside a place of `hints` (places named just before,
    /// nearest first: 舟山市 in 舟山市普陀区), else of `context` (the article's county,
    /// prefecture, province). Never a guess: an unresolved name stays unlinked.
    pub fn resolve(&self, idx: &[usize], hints: &[usize], context: &[usize]) -> Option<usize> {
        let mut cands = idx.to_vec();
        cands.sort_unstable();
        cands.dedup();
        if cands.len() == 1 {
            return Some(cands[0]);
        }
        if let Some(&top) = cands.iter().find(|&&c| cands.iter().all(|&d| d == c || self.ancestors(d).contains(&c))) {
            return Some(top);
        }
        for h in hints.iter().chain(context) {
            let inside: Vec<usize> = cands.iter().copied().filter(|&c| c == *h || self.ancestors(c).contains(h)).collect();
            if inside.len() == 1 {
                return Some(inside[0]);
            }
        }
        None
    }

    /// Whether a surface names more than one division (朝阳区: Beijing's and Changchun's).
    pub fn is_ambiguous(&self, surface: &str) -> bool {
        self.by_surface.get(surface).is_some_and(|v| self.resolve(v, &[], &[]).is_none())
    }

    fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 4 {
                continue;
            }
            let idx = g.places.len();
            let short: Vec<String> =
                cols.get(4).map(|s| s.split(',').filter(|s| !s.is_empty()).map(String::from).collect()).unwrap_or_default();
            g.places.push(Place {
                code: cols[0].into(),
                name: cols[1].into(),
                level: cols[2].into(),
                parent: cols[3].into(),
                short: short.clone(),
                former: Vec::new(),
            });
            g.by_code.insert(cols[0].into(), idx);
            g.add_surface(cols[1], idx);
            for s in &short {
                g.add_surface(s, idx);
            }
        }
        g
    }

    /// The division with this code.
    pub fn by_code(&self, code: &str) -> Option<&Place> {
        self.by_code.get(code).map(|&i| &self.places[i])
    }

    /// Longest place surface starting at `at`: (indices of the divisions, length, whether the
    /// surface is the full official name).
    #[inline]
    pub fn longest_at(&self, chars: &[char], at: usize) -> Option<(&[usize], usize, bool)> {
        self.longest_in(chars, at, chars.len())
    }

    /// Like [`Gazetteer::longest_at`], for surfaces that end at or before `end`.
    #[inline]
    pub fn longest_in(&self, chars: &[char], at: usize, end: usize) -> Option<(&[usize], usize, bool)> {
        let window = chars.get(at..end.min(chars.len())).unwrap_or_default();
        if !self.trie.may_start(*window.first()?) {
            return None;
        }
        let (i, len) = self.trie.prefixes_of(window).last()?;
        let (v, full) = &self.surfaces[i as usize];
        Some((v.as_slice(), len, *full))
    }

    /// Every surface of two characters or more, with its number for [`Gazetteer::surface`].
    pub fn surfaces(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        self.surface_names.iter().enumerate().map(|(i, s)| (i as u32, s.as_str()))
    }

    /// The divisions surface `i` names, and whether it is a full official (or former) name.
    pub fn surface(&self, i: u32) -> (&[usize], bool) {
        let (v, full) = &self.surfaces[i as usize];
        (v.as_slice(), *full)
    }

    /// The chain of ancestors (parent first) of a division.
    pub fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = &self.places[idx];
        while let Some(&p) = self.by_code.get(&cur.parent) {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            cur = &self.places[p];
        }
        out
    }
}

/// Every list zhkg uses, loaded and indexed.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// One list per [`ListId`], in the order of [`ListId::ALL`].
    lists: Vec<WordList>,
    /// The administrative-division gazetteer.
    pub gazetteer: Gazetteer,
    /// Compiled boilerplate patterns (whole-line).
    pub boilerplate: Vec<regex::Regex>,
    /// One automaton over every list's surfaces and the gazetteer's: a document is matched once.
    matcher: Matcher,
}

impl Lexicon {
    /// The built-in lexicon (data compiled into the binary).
    pub fn builtin() -> Lexicon {
        let (lex, errors) = Lexicon::load(None);
        debug_assert!(errors.is_empty(), "built-in lexicon has errors: {errors:?}");
        lex
    }

    /// Loads the built-in lists, then adds entries from `user_dir/<list>.tsv` where present.
    /// Returns the lexicon and every problem found (the lexicon is usable regardless: faulty lines
    /// are skipped); a `.tsv` file in `user_dir` that names no list is a problem too.
    pub fn load(user_dir: Option<&Path>) -> (Lexicon, Vec<LexiconError>) {
        let mut errors = Vec::new();
        let mut lists = Vec::with_capacity(ListId::ALL.len());
        for list in ListId::ALL {
            let path = PathBuf::from(format!("data/lexicon/{list}.tsv"));
            let (mut words, mut errs) = WordList::parse(builtin(list), &path, list);
            errors.append(&mut errs);
            if let Some(dir) = user_dir {
                let upath = dir.join(format!("{list}.tsv"));
                match std::fs::read_to_string(&upath) {
                    Ok(text) => words.extend_from(&text, &upath, list, &mut errors),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => errors.push(LexiconError { path: upath.clone(), line: 0, column: 0, message: format!("cannot read: {e}") }),
                }
            }
            lists.push(words);
        }
        if let Some(dir) = user_dir {
            errors.extend(unknown_lists(dir));
        }
        let gazetteer = Gazetteer::builtin();
        let matcher = Matcher::new(&lists, &gazetteer);
        let mut lex = Lexicon { lists, gazetteer, boilerplate: Vec::new(), matcher };
        let mut boilerplate = Vec::new();
        for e in lex.list(ListId::Boilerplate).entries() {
            match regex::Regex::new(&format!("^(?:{})$", e.surface)) {
                Ok(re) => boilerplate.push(re),
                Err(err) => errors.push(LexiconError {
                    path: PathBuf::from("boilerplate.tsv"),
                    line: 0,
                    column: 1,
                    message: format!("bad pattern \"{}\": {err}", e.surface),
                }),
            }
        }
        lex.boilerplate = boilerplate;
        (lex, errors)
    }

    /// The list `list`.
    #[inline]
    pub fn list(&self, list: ListId) -> &WordList {
        &self.lists[list.index()]
    }

    /// Every match of every list and of the gazetteer in `chars` (a document's text), found in
    /// one pass: the table the extractor's rules read instead of walking the lists themselves.
    pub fn annotate(&self, chars: &[char]) -> Matches<'_> {
        self.matcher.annotate(self, chars)
    }

    /// Whether a character is a single-character stop word (`stopword.tsv`, role `char`): a function
    /// character that ends a name when scanning (的, 在, 和 …).
    pub fn is_stop_char(&self, ch: char) -> bool {
        let mut b = [0u8; 4];
        self.list(ListId::Stopword).get(ch.encode_utf8(&mut b)).is_some_and(|e| e.label == Label::Stopword(StopRole::Char))
    }

    /// Counts of entries per list, for `--help`-style summaries.
    pub fn summary(&self) -> Vec<(&'static str, usize)> {
        ListId::ALL.iter().map(|&k| (k.name(), self.list(k).len())).collect()
    }
}

/// A `.tsv` file in a user's lexicon folder that names no list: an error, not a file quietly
/// ignored.
fn unknown_lists(dir: &Path) -> Vec<LexiconError> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    names
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .filter(|p| p.file_stem().and_then(|s| s.to_str()).and_then(ListId::from_name).is_none())
        .map(|p| {
            let known: Vec<&str> = ListId::ALL.iter().map(|l| l.name()).collect();
            LexiconError { path: p, line: 1, column: 1, message: format!("no list has this name (lists: {})", known.join(", ")) }
        })
        .collect()
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\t{}", self.surface, self.id)
    }
}

#[cfg(test)]
mod tests;
