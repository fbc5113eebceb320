//! Text as code points, with sentence boundaries and the character classes the rules use.

use std::cell::OnceCell;

use super::Span;

/// The cleaned text as a vector of code points, with sentence spans.
#[derive(Debug, Clone)]
pub struct Text {
    /// Code points.
    pub chars: Vec<char>,
    /// Sentences (split at 。！？；… and line breaks), in order.
    pub sentences: Vec<Span>,
    /// Every character bigram with its start position, sorted (by bigram, then position); built on
    /// first use by [`Text::find_all`], so that the rules' many "how often does this string occur"
    /// questions cost the number of occurrences, not the length of the document (a long document
    /// would otherwise be quadratic). One vector, not one per bigram: building it allocates once.
    bigrams: OnceCell<Bigrams>,
}

/// Sentence-final punctuation.
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…' | '\n')
}

/// Punctuation and other separators that no name crosses.
pub fn is_break(c: char) -> bool {
    !is_han(c) && c != '·' && c != '•'
}

pub use crate::lexicon::is_han;

/// Opening quotation marks.
pub fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '「' | '『' | '"' | '‘')
}

/// Closing quotation marks.
pub fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '"' | '’')
}

impl Text {
    /// Splits the text into code points and sentences.
    pub fn new(s: &str) -> Text {
        let chars: Vec<char> = s.chars().collect();
        let mut sentences = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            if is_sentence_end(chars[i]) {
                let mut end = i + 1;
                // keep closing quotes and brackets with their sentence
                while end < chars.len() && matches!(chars[end], '”' | '’' | '」' | '）' | ')') {
                    end += 1;
                }
                if chars[i] == '\n' {
                    end = i;
                }
                if end > start {
                    sentences.push(Span::new(start, end));
                }
                start = if chars[i] == '\n' { i + 1 } else { end };
                i = start;
                continue;
            }
            i += 1;
        }
        if start < chars.len() {
            sentences.push(Span::new(start, chars.len()));
        }
        Text { chars, sentences, bigrams: OnceCell::new() }
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> String {
        self.chars[span.start.min(self.chars.len())..span.end.min(self.chars.len())].iter().collect()
    }

    /// The text of `[start, end)`.
    pub fn str(&self, start: usize, end: usize) -> String {
        self.slice(Span::new(start, end))
    }

    /// The sentence that contains position `at` (an empty span at `at` if none).
    pub fn sentence_at(&self, at: usize) -> Span {
        let i = self.sentences.partition_point(|s| s.end <= at);
        self.sentences.get(i).copied().filter(|s| s.start <= at).unwrap_or(Span::new(at, at))
    }

    /// Whether `chars[at..]` starts with `s`.
    pub fn starts_with(&self, at: usize, s: &str) -> bool {
        let mut i = at;
        for c in s.chars() {
            if i >= self.chars.len() || self.chars[i] != c {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Whether `chars[..end]` ends with `s`.
    pub fn ends_with(&self, end: usize, s: &str) -> bool {
        let n = s.chars().count();
        end >= n && self.starts_with(end - n, s)
    }

    /// Number of code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// All start positions of `needle` (non-overlapping, left to right).
    pub fn find_all(&self, needle: &[char]) -> Vec<usize> {
        let mut out = Vec::new();
        if needle.is_empty() || needle.len() > self.chars.len() {
            return out;
        }
        if needle.len() == 1 {
            out.extend(self.chars.iter().enumerate().filter(|(_, &c)| c == needle[0]).map(|(i, _)| i));
            return out;
        }
        let index = self.bigrams.get_or_init(|| Bigrams::new(&self.chars));
        let mut next = 0;
        for &i in index.candidates(needle[0], needle[1]) {
            let i = i as usize;
            if i >= next && self.chars.get(i..i + needle.len()) == Some(needle) {
                out.push(i);
                next = i + needle.len();
            }
        }
        out
    }
}

/// Where each character bigram starts, bucketed by a hash of the bigram (a counting sort: linear,
/// no comparisons). A bucket holds its positions in increasing order; bigrams that share a bucket
/// are told apart by comparing the text.
#[derive(Debug, Clone)]
struct Bigrams {
    /// `positions[starts[b]..starts[b + 1]]` are the positions in bucket `b`.
    starts: Vec<u32>,
    positions: Vec<u32>,
    shift: u32,
}

impl Bigrams {
    fn bucket(a: char, b: char, shift: u32) -> usize {
        let h = (u64::from(a) << 21 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> shift) as usize
    }

    fn new(chars: &[char]) -> Bigrams {
        let n = chars.len().saturating_sub(1);
        // about one bucket a position, a power of two
        let bits = (n.max(1).next_power_of_two().trailing_zeros()).max(4);
        let shift = 64 - bits;
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for w in chars.windows(2) {
            starts[Bigrams::bucket(w[0], w[1], shift) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut positions = vec![0u32; n];
        for (i, w) in chars.windows(2).enumerate() {
            let b = Bigrams::bucket(w[0], w[1], shift);
            positions[next[b] as usize] = i as u32;
            next[b] += 1;
        }
        Bigrams { starts, positions, shift }
    }

    /// The positions whose bigram may be `(a, b)`, in increasing order.
    fn candidates(&self, a: char, b: char) -> &[u32] {
        let k = Bigrams::bucket(a, b, self.shift);
        &self.positions[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}
