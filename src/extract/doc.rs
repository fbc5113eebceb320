//! The document as the rules see it: its text and the annotation layers over it.
//!
//! As in GATE's ANNIE (gazetteer lookups, then grammar rules over them) and spaCy's `Doc`, the
//! layers are computed once, before any rule runs, and rules only read them:
//! - the text ([`Text`]: code points, sentences, occurrences of a string);
//! - [`Matches`]: every match of every lexicon list and of the gazetteer, from one pass;
//! - [`Candidate`]s: scored spans proposed by a model (a statistical name recogniser), empty when
//!   no model runs.
//!
//! A rule never walks the lexicon itself: it asks the layers what is known at a position.

use std::ops::Deref;

use super::text::Text;
use super::{MentionKind, Span};
use crate::lexicon::{Entry, Gazetteer, Lexicon, ListId, Matches};

/// A span proposed by a model, with its score in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Where.
    pub span: Span,
    /// What the model takes it for.
    pub kind: MentionKind,
    /// How sure the model is.
    pub score: f32,
}

/// A document's text with its annotation layers. Immutable once built.
#[derive(Debug)]
pub struct Doc<'l> {
    /// The text.
    pub text: Text,
    /// Every lexicon and gazetteer match.
    pub words: Matches<'l>,
    /// Scored spans from a model, sorted by span; empty when none ran.
    pub candidates: Vec<Candidate>,
}

impl<'l> Doc<'l> {
    /// Splits `s` and annotates it with every list of `lex`.
    pub fn new(s: &str, lex: &'l Lexicon) -> Doc<'l> {
        let text = Text::new(s);
        let words = lex.annotate(&text.chars);
        Doc { text, words, candidates: Vec::new() }
    }

    /// The gazetteer (to resolve namesakes and walk containment).
    pub fn gazetteer(&self) -> &'l Gazetteer {
        &self.words.lexicon().gazetteer
    }

    /// The entry of `list` whose surface is `s` (an exact lookup of a string the rule built).
    pub fn lookup(&self, list: ListId, s: &str) -> Option<&'l Entry> {
        self.words.lexicon().list(list).get(s)
    }

    /// Whether `s` is a surface of `list`.
    pub fn listed(&self, list: ListId, s: &str) -> bool {
        self.lookup(list, s).is_some()
    }

    /// The longest entry of `list` at `at` in `chars`, a string the rule built (an honour's name
    /// with its quotes removed), not the document's text: the one lookup that walks a list.
    pub fn longest_in_str(&self, list: ListId, chars: &[char], at: usize, keep: impl Fn(&Entry) -> bool) -> Option<(&'l Entry, usize)> {
        self.words.lexicon().list(list).longest_at_filtered(chars, at, keep)
    }

    /// The longest gazetteer surface at `at` in `chars`, a string the rule built.
    pub fn place_in_str(&self, chars: &[char], at: usize) -> Option<(&'l [usize], usize, bool)> {
        self.gazetteer().longest_at(chars, at)
    }

    /// Whether a character is a single-character stop word (的, 在, 和 …).
    pub fn is_stop_char(&self, ch: char) -> bool {
        self.words.lexicon().is_stop_char(ch)
    }
}

impl Deref for Doc<'_> {
    type Target = Text;
    fn deref(&self) -> &Text {
        &self.text
    }
}
