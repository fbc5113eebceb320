//! The mentions found so far, indexed by where they start and end, so that a rule asks "which
//! mentions end here" at the cost of the answer, not of every mention in the document.
//!
//! Mentions are only added while rules run; their spans never change (a rule may point a mention
//! at another entity with [`Mentions::retarget`]). Lookups give mentions in the order they were
//! added, as a scan of the list would.

use std::ops::Deref;

use rustc_hash::FxHashMap as HashMap;

use super::{Mention, Span, Target};

/// Every mention of a document, with indexes by start and by end.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    list: Vec<Mention>,
    by_start: HashMap<usize, Vec<u32>>,
    by_end: HashMap<usize, Vec<u32>>,
    /// The longest span, which bounds a search for the mentions covering a position.
    longest: usize,
}

impl Mentions {
    /// Adds a mention.
    pub fn push(&mut self, m: Mention) {
        let i = self.list.len() as u32;
        self.by_start.entry(m.span.start).or_default().push(i);
        self.by_end.entry(m.span.end).or_default().push(i);
        self.longest = self.longest.max(m.span.len());
        self.list.push(m);
    }

    fn get<'a>(&'a self, ids: Option<&'a Vec<u32>>) -> impl DoubleEndedIterator<Item = &'a Mention> + 'a {
        ids.map(|v| v.as_slice()).unwrap_or_default().iter().map(|&i| &self.list[i as usize])
    }

    /// The mentions that start at `at`, in the order they were added.
    pub fn starting_at(&self, at: usize) -> impl DoubleEndedIterator<Item = &Mention> + '_ {
        self.get(self.by_start.get(&at))
    }

    /// The mentions that end at `end`, in the order they were added.
    pub fn ending_at(&self, end: usize) -> impl DoubleEndedIterator<Item = &Mention> + '_ {
        self.get(self.by_end.get(&end))
    }

    /// The mentions that start in `[from, to)`, in the order they were added.
    pub fn starting_in(&self, from: usize, to: usize) -> impl Iterator<Item = &Mention> + '_ {
        let mut ids: Vec<u32> = (from..to).filter_map(|p| self.by_start.get(&p)).flatten().copied().collect();
        ids.sort_unstable();
        ids.into_iter().map(|i| &self.list[i as usize])
    }

    /// The mentions that share a code point with `span`, in the order they were added.
    pub fn overlapping(&self, span: Span) -> impl Iterator<Item = &Mention> + '_ {
        let from = span.start.saturating_sub(self.longest);
        self.starting_in(from, span.end).filter(move |m| m.span.overlaps(&span))
    }

    /// The mentions whose span contains position `at`.
    pub fn covering(&self, at: usize) -> impl Iterator<Item = &Mention> + '_ {
        self.overlapping(Span::new(at, at + 1))
    }

    /// Points mentions at other entities: `f` gets each mention and returns its new target, or
    /// `None` to leave it.
    pub fn retarget(&mut self, mut f: impl FnMut(&Mention) -> Option<Target>) {
        for m in &mut self.list {
            if let Some(t) = f(m) {
                m.target = t;
            }
        }
    }

    /// Sorts by span then kind and drops repeats of a span and kind (the first added stays).
    pub fn finish(&mut self) {
        let mut list = std::mem::take(&mut self.list);
        list.sort_by(|a, b| a.span.cmp(&b.span).then(a.kind.cmp(&b.kind)));
        list.dedup_by(|a, b| a.span == b.span && a.kind == b.kind);
        *self = Mentions::default();
        for m in list {
            self.push(m);
        }
    }
}

impl Mentions {
    /// Keeps the mentions `f` maps to `Some`, as it maps them (a rule that drops an entity drops
    /// its mentions and renumbers the rest); the order stays.
    pub fn filter_map(&mut self, f: impl FnMut(Mention) -> Option<Mention>) {
        let list = std::mem::take(&mut self.list);
        *self = list.into_iter().filter_map(f).collect::<Vec<_>>().into();
    }
}

impl Deref for Mentions {
    type Target = [Mention];
    fn deref(&self) -> &[Mention] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a Mention;
    type IntoIter = std::slice::Iter<'a, Mention>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl From<Vec<Mention>> for Mentions {
    fn from(list: Vec<Mention>) -> Mentions {
        let mut m = Mentions::default();
        for x in list {
            m.push(x);
        }
        m
    }
}

impl PartialEq for Mentions {
    fn eq(&self, other: &Mentions) -> bool {
        self.list == other.list
    }
}

impl Eq for Mentions {}
