//! The trained person-name recogniser: a character tagger (O, B, I) whose weights are an averaged
//! perceptron's, over characters around each position and the lexicon's words there (surnames,
//! posts before, words that confirm a name after). Its output is a layer of scored spans
//! ([`Doc::candidates`]); the people rules decide what becomes a person.
//!
//! The shipped weights are `data/names.model`, written by `examples/train_names.rs` from the
//! annotated corpora in `../shared/corpora/ner` (see the README); the same corpora give the same
//! file, byte for byte. The features here and in training are one piece of code, [`Features`].
//!
//! Hand-written (about 250 lines) rather than on a crate: the `crfs` crate (a pure-Rust port of
//! CRFsuite, with L-BFGS training since 0.4) would do the job and may score better on the same
//! features; it was not measured here. (The message of the commit that added this module says no
//! crate trains to a file the binary embeds; that was wrong.)

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::extract::doc::{Candidate, Doc};
use crate::extract::text::is_han;
use crate::extract::{MentionKind, Span};
use crate::lexicon::{Label, ListId, NameRole, SurnameKind};

/// Tags: outside (0), first character of a name, a later character.
pub const TAGS: usize = 3;
const B: usize = 1;
const I: usize = 2;

/// A name's mean margin that scores 0.5, and the margin that moves the score by a step of the
/// logistic curve (the shipped model's margins on names run from about 15 to 140).
const MARGIN_MID: f32 = 50.0;
const MARGIN_SCALE: f32 = 10.0;

/// The file's first bytes (and its format's version).
pub const MAGIC: &[u8; 10] = b"ZHKGNAMES1";

/// Weights per feature and tag, and per tag pair (`trans[from][to]`; `from == TAGS` is the start).
#[derive(Debug, Default, Clone)]
pub struct Model {
    /// Per feature key, a weight per tag.
    pub weights: HashMap<u64, [f32; TAGS], BuildIdentity>,
    /// Per tag pair, from the previous tag (or the start) to this one.
    pub trans: [[f32; TAGS]; TAGS + 1],
}

/// Feature keys are hashes already: the map uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
pub struct BuildIdentity;

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = Identity;
    fn build_hasher(&self) -> Identity {
        Identity(0)
    }
}

/// The hasher of [`BuildIdentity`].
#[derive(Debug, Default)]
pub struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A key for a template and up to two characters (a fixed mix: the same on every machine).
fn key(template: u64, a: char, b: char) -> u64 {
    let mut h = template.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (u64::from(a as u32) << 21) ^ u64::from(b as u32);
    h ^= h >> 29;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^= h >> 32;
    h
}

/// The features of a document's positions. What the lexicon says at each position is looked up
/// once here, not again for each position whose window reaches it.
pub struct Features<'d, 'l> {
    t: &'d Doc<'l>,
    /// 1 where a surname starts, 2 where a compound one does.
    surname: Vec<u8>,
    /// Where a post word ends, where a cue word (同事, 战友 …) ends.
    post_end: Vec<bool>,
    cue_end: Vec<bool>,
    /// Where a word that confirms a name (说, 表示 …) starts, where a post word starts.
    after_start: Vec<bool>,
    post_start: Vec<bool>,
}

impl<'d, 'l> Features<'d, 'l> {
    /// Reads the lexicon's words of `t` once.
    pub fn new(t: &'d Doc<'l>) -> Self {
        let n = t.chars.len();
        let surname = (0..n)
            .map(|j| {
                if j + 1 < n && t.words.exact(ListId::Surname, j, j + 2).is_some_and(|e| e.label == Label::Surname(SurnameKind::Compound)) {
                    2
                } else {
                    u8::from(t.words.exact(ListId::Surname, j, j + 1).is_some())
                }
            })
            .collect();
        let post_end = (0..n).map(|j| t.words.longest_ending_at(ListId::Post, j, |_| true).is_some()).collect();
        let cue_end = (0..n).map(|j| t.words.longest_ending_at(ListId::Name, j, |e| e.label == Label::Name(NameRole::Before)).is_some()).collect();
        let after_start = (0..n).map(|j| t.words.longest_at(ListId::Name, j, |e| e.label == Label::Name(NameRole::After)).is_some()).collect();
        let post_start = (0..n).map(|j| t.words.longest_at(ListId::Post, j, |_| true).is_some()).collect();
        Features { t, surname, post_end, cue_end, after_start, post_start }
    }

    /// The features of position `i`, into `out`.
    pub fn at(&self, i: usize, out: &mut Vec<u64>) {
        out.clear();
        let c = &self.t.chars;
        let at = |k: isize| -> char {
            let j = i as isize + k;
            if j < 0 {
                '^'
            } else {
                c.get(j as usize).map_or('$', |&ch| if ch.is_ascii_digit() { '0' } else { ch })
            }
        };
        let (p2, p1, c0, n1, n2) = (at(-2), at(-1), at(0), at(1), at(2));
        out.push(key(0, '\0', '\0'));
        out.push(key(1, c0, '\0'));
        out.push(key(2, p1, '\0'));
        out.push(key(3, n1, '\0'));
        out.push(key(4, p2, '\0'));
        out.push(key(5, n2, '\0'));
        out.push(key(6, p1, c0));
        out.push(key(7, c0, n1));
        out.push(key(8, p1, n1));
        out.push(key(9, u8::from(is_han(c0)) as char, u8::from(is_han(p1)) as char));
        // the lexicon: a surname here, or before; a post or a cue word ending here; a confirming
        // word or a post after
        out.push(key(10, self.surname[i] as char, '\0'));
        if i >= 1 {
            out.push(key(11, self.surname[i - 1] as char, c0));
        }
        out.push(key(12, self.post_end[i] as u8 as char, self.cue_end[i] as u8 as char));
        for k in 1..=4 {
            if self.after_start.get(i + k).copied().unwrap_or(false) {
                out.push(key(13, k as u8 as char, '\0'));
            }
            if self.post_start.get(i + k).copied().unwrap_or(false) {
                out.push(key(14, k as u8 as char, '\0'));
            }
        }
    }
}

impl Model {
    /// The shipped model (read once per process).
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::read(include_bytes!("../../data/names.model")).expect("data/names.model is a names model"))
    }

    /// Parses a model file.
    pub fn read(bytes: &[u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let f32_at = |b: &[u8], k: usize| f32::from_le_bytes(b[k..k + 4].try_into().expect("4 bytes"));
        let mut m = Model::default();
        let tn = (TAGS + 1) * TAGS * 4;
        let (trans, rest) = (rest.get(..tn)?, rest.get(tn..)?);
        for from in 0..=TAGS {
            for to in 0..TAGS {
                m.trans[from][to] = f32_at(trans, (from * TAGS + to) * 4);
            }
        }
        let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let body = rest.get(4..)?;
        let row = 8 + TAGS * 4;
        if body.len() != n * row {
            return None;
        }
        m.weights.reserve(n);
        for r in body.chunks_exact(row) {
            let k = u64::from_le_bytes(r[..8].try_into().ok()?);
            m.weights.insert(k, [f32_at(r, 8), f32_at(r, 12), f32_at(r, 16)]);
        }
        Some(m)
    }

    /// The model as a file: weights sorted by key, so the same weights give the same bytes.
    pub fn write(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for row in &self.trans {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let mut keys: Vec<&u64> = self.weights.keys().collect();
        keys.sort();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            out.extend_from_slice(&k.to_le_bytes());
            for w in &self.weights[k] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// The emission scores of a position with these features.
    pub fn emission(&self, features: &[u64]) -> [f32; TAGS] {
        let mut s = [0f32; TAGS];
        for k in features {
            if let Some(w) = self.weights.get(k) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    }

    /// Emission scores of every position.
    pub fn emissions(&self, t: &Doc) -> Vec<[f32; TAGS]> {
        let features = Features::new(t);
        let mut f = Vec::with_capacity(24);
        (0..t.chars.len())
            .map(|i| {
                features.at(i, &mut f);
                self.emission(&f)
            })
            .collect()
    }

    /// The best tag sequence (Viterbi) over given emissions.
    pub fn decode(&self, em: &[[f32; TAGS]]) -> Vec<usize> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![[0f32; TAGS]; n];
        let mut back = vec![[0usize; TAGS]; n];
        for y in 0..TAGS {
            score[0][y] = self.trans[TAGS][y] + em[0][y];
        }
        for i in 1..n {
            for y in 0..TAGS {
                let (best, arg) = (0..TAGS).map(|p| (score[i - 1][p] + self.trans[p][y], p)).fold((f32::MIN, 0), |a, b| if b.0 > a.0 { b } else { a });
                score[i][y] = best + em[i][y];
                back[i][y] = arg;
            }
        }
        let mut y = (0..TAGS).fold(0, |a, b| if score[n - 1][b] > score[n - 1][a] { b } else { a });
        let mut tags = vec![0; n];
        for i in (0..n).rev() {
            tags[i] = y;
            y = back[i][y];
        }
        tags
    }

    /// Scored person-name spans: each tagged B I…, its score the mean over its characters of how
    /// far the chosen tag's emission leads the next best, squashed into `[0, 1]` by a logistic
    /// curve around [`MARGIN_MID`].
    pub fn candidates(&self, t: &Doc) -> Vec<Candidate> {
        let em = self.emissions(t);
        let tags = self.decode(&em);
        let mut out = Vec::new();
        let mut i = 0;
        while i < tags.len() {
            if tags[i] != B {
                i += 1;
                continue;
            }
            let s = i;
            i += 1;
            while i < tags.len() && tags[i] == I {
                i += 1;
            }
            let margin: f32 = (s..i)
                .map(|k| {
                    let y = if k == s { B } else { I };
                    let other = (0..TAGS).filter(|&z| z != y).map(|z| em[k][z]).fold(f32::MIN, f32::max);
                    em[k][y] - other
                })
                .sum::<f32>()
                / (i - s) as f32;
            out.push(Candidate { span: Span::new(s, i), kind: MentionKind::Person, score: 1.0 / (1.0 + (-(margin - MARGIN_MID) / MARGIN_SCALE).exp()) });
        }
        out
    }
}
