//! Extraction: from a document's cleaned text to mentions and facts, as plain Rust values with
//! character spans.
//!
//! The stages run in a fixed order, each reading what the earlier ones found:
//! places → units (and their hierarchy) → people → posts → speakers → initiatives (and statistics)
//! → awards. Rules read their vocabulary from the [`Lexicon`]; no rule names a particular person,
//! unit or article.
//!
//! **Architecture invariant:** this module never imports `oxigraph` or mints IRIs; it knows nothing
//! about RDF. Extraction never fails: odd text gives fewer facts, not an error.
//!
//! Overlap policy (as in spaCy's EntityRuler): for lexicon matches, the longest match wins, then the
//! earliest; a character belongs to at most one unit mention and at most one person mention.

mod doc;
mod mentions;
pub mod names;
mod rules;
mod text;

pub use crate::lexicon::AttributeKind;
pub use doc::{Candidate, Doc};
pub use mentions::Mentions;
pub use text::Text;

use crate::ingest::Document;
use crate::lexicon::Lexicon;

/// A half-open range of Unicode code points `[start, end)` in the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A new span.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// Whether two spans share a code point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// The smallest span covering both.
    pub fn union(&self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    /// A person (full name or a short reference such as 张局长).
    Person,
    /// An organisation.
    Unit,
    /// A post word (局长).
    Post,
    /// An honour.
    Award,
    /// An initiative.
    Initiative,
    /// An administrative division.
    Place,
}

impl MentionKind {
    /// Lower-case name used in the graph and in `queries/mentions.rq`.
    pub fn as_str(&self) -> &'static str {
        match self {
            MentionKind::Person => "person",
            MentionKind::Unit => "unit",
            MentionKind::Post => "post",
            MentionKind::Award => "award",
            MentionKind::Initiative => "initiative",
            MentionKind::Place => "place",
        }
    }
}

/// The entity a mention is linked to (indices into the [`Extraction`]'s vectors).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// `people[i]`.
    Person(usize),
    /// `units[i]`.
    Unit(usize),
    /// `initiatives[i]`.
    Initiative(usize),
    /// An honour by name.
    Award(String),
    /// A post title (局长).
    Post(String),
    /// A division by gazetteer code.
    Place(String),
    /// A place name shared by several divisions that the article does not tell apart (朝阳区
    /// alone): the candidates' codes, sorted. Kept unlinked rather than guessed.
    Ambiguous(Vec<String>),
}

/// A span of text that refers to something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Where.
    pub span: Span,
    /// The text of the span, as written.
    pub text: String,
    /// What kind of thing.
    pub kind: MentionKind,
    /// Which thing.
    pub target: Target,
}

/// A person with a full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Full name, without spaces (张三).
    pub name: String,
    /// Other references to the same person in this document (张局长, 洪卫局长).
    pub aliases: Vec<String>,
}

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Canonical name (the fullest unambiguous name the article supports).
    pub name: String,
    /// Identity key: the canonical name with spelling variants removed (公安分局 → 分局).
    pub key: String,
    /// Whether the name identifies the unit beyond this article (it starts with a place, or is a
    /// national body); other units are scoped to their document.
    pub global: bool,
    /// Other surface forms seen in the article.
    pub aliases: Vec<String>,
    /// Unit type id (派出所 → `police-station`) and its Chinese label.
    pub unit_type: (String, String),
    /// Parent unit, from nesting in a name or a statement in the text.
    pub parent: Option<usize>,
    /// Gazetteer code of the unit's place, where known.
    pub place: Option<String>,
}

/// A person holding a post (in a unit, where the text names one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    /// `people[i]`.
    pub person: usize,
    /// The post word as written, without the unit (局长, 党委书记).
    pub title: String,
    /// The post's id from `post.tsv`.
    pub role: String,
    /// The post's kind from `post.tsv`: `head`, `deputy`, `gov`, `party`, `staff`, `rank`, …
    pub kind: String,
    /// `units[i]`, if the text names the unit.
    pub unit: Option<usize>,
    /// A former post (原所长, 曾任…, 免去…职务, a biography line with an end date).
    pub former: bool,
    /// A proposed post (拟任, 拟提名为): a statement of its own, never held.
    pub proposed: bool,
    /// When the holding began, as precisely as written (`2003`, `2003-09`, `2003-09-05`).
    pub start: Option<String>,
    /// When it ended; `None` when unknown or open (至今).
    pub end: Option<String>,
    /// The post word's span.
    pub span: Span,
    /// The sentence the holding is read from.
    pub evidence: Span,
}

/// An attribute of a person, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// `people[i]`.
    pub person: usize,
    /// Which attribute.
    pub kind: AttributeKind,
    /// Its value, normalised as [`AttributeKind`] says.
    pub value: String,
    /// For a native place, the gazetteer code of the division it names, where known.
    pub place: Option<String>,
    /// The value's span as written.
    pub span: Span,
    /// The sentence or line.
    pub evidence: Span,
}

/// Level of an honour, from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 全国, 国家级.
    National,
    /// 全国公安系统, 公安部.
    Ministry,
    /// 全省, a province.
    Provincial,
    /// 全市, a city.
    Municipal,
}

impl Level {
    /// The level's id (also the local name of its IRI).
    pub fn as_str(&self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Ministry => "ministry",
            Level::Provincial => "provincial",
            Level::Municipal => "municipal",
        }
    }
}

/// Who received an honour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recipient {
    /// `people[i]`.
    Person(usize),
    /// `units[i]`.
    Unit(usize),
    /// `initiatives[i]`.
    Initiative(usize),
}

/// One conferral of an honour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conferral {
    /// Recipients (an initiative's owning unit is listed beside the initiative).
    pub recipients: Vec<Recipient>,
    /// The honour's name as written (全国公安系统二级英模).
    pub award: String,
    /// Level, from the wording.
    pub level: Option<Level>,
    /// Year, where stated.
    pub year: Option<u16>,
    /// The honour's span.
    pub span: Span,
    /// The sentence.
    pub evidence: Span,
}

/// A campaign, programme, mechanism, brand, platform, app or system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initiative {
    /// Canonical name (五星争创机制).
    pub name: String,
    /// Other names (五星).
    pub aliases: Vec<String>,
    /// Kind id (campaign, programme, mechanism, brand, platform, system, model).
    pub kind: String,
    /// The unit that runs or created it, where the text says so.
    pub owner: Option<usize>,
    /// First span.
    pub span: Span,
    /// The sentence.
    pub evidence: Span,
}

/// A number stated about something (建成“平安楼道”1335个).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The value as a decimal string (1335, 1.1万 → 11000).
    pub value: String,
    /// The measure word (个, 名, 户).
    pub unit_text: String,
    /// What is counted.
    pub counted: String,
    /// The entity the number is about.
    pub about: Option<Recipient>,
    /// The number's span.
    pub span: Span,
    /// The sentence.
    pub evidence: Span,
}

/// A passage said by a speaker in an interview or Q&A.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    /// The speaker, if a person of this document.
    pub speaker: Option<usize>,
    /// The speaker label as written (主持人, 张三).
    pub label: String,
    /// The passage (the speaker label excluded).
    pub span: Span,
}

/// Everything found in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// People.
    pub people: Vec<Person>,
    /// Units.
    pub units: Vec<Unit>,
    /// Post holdings (and proposed posts).
    pub holdings: Vec<Holding>,
    /// Attributes of people (gender, birth, native place, …).
    pub attributes: Vec<Attribute>,
    /// Honours conferred.
    pub conferrals: Vec<Conferral>,
    /// Initiatives.
    pub initiatives: Vec<Initiative>,
    /// Numbers.
    pub observations: Vec<Observation>,
    /// Speakers' passages.
    pub utterances: Vec<Utterance>,
    /// Every mention, sorted by span.
    pub mentions: Mentions,
}

impl Extraction {
    /// Checks the span invariants against the text the extraction came from: every span lies
    /// within it (code points, `start <= end`), every mention's text is its span's text, every
    /// fact's evidence covers the fact's span. Used by the fuzz target and the tests; the first
    /// violation is returned.
    pub fn check(&self, text: &str) -> Result<(), String> {
        let chars: Vec<char> = text.chars().collect();
        let within = |what: &str, s: Span| {
            if s.start <= s.end && s.end <= chars.len() {
                Ok(())
            } else {
                Err(format!("{what} span {}..{} outside 0..{}", s.start, s.end, chars.len()))
            }
        };
        let covers = |what: &str, span: Span, evidence: Span| {
            within(what, span)?;
            within(what, evidence)?;
            if evidence.start <= span.start && span.end <= evidence.end {
                Ok(())
            } else {
                Err(format!("{what} evidence {}..{} does not cover {}..{}", evidence.start, evidence.end, span.start, span.end))
            }
        };
        for m in &self.mentions {
            within("mention", m.span)?;
            let got: String = chars[m.span.start..m.span.end].iter().collect();
            if got != m.text {
                return Err(format!("mention {:?} at {}..{} reads {got:?}", m.text, m.span.start, m.span.end));
            }
        }
        for h in &self.holdings {
            covers("holding", h.span, h.evidence)?;
        }
        for a in &self.attributes {
            covers("attribute", a.span, a.evidence)?;
        }
        for c in &self.conferrals {
            covers("conferral", c.span, c.evidence)?;
        }
        for i in &self.initiatives {
            covers("initiative", i.span, i.evidence)?;
        }
        for o in &self.observations {
            covers("observation", o.span, o.evidence)?;
        }
        for u in &self.utterances {
            within("utterance", u.span)?;
        }
        Ok(())
    }
}

/// Settings of the extractor. Every field has a documented default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractConfig {
    /// Longest proper-name part of a unit name without a place in it (武原 in 武原派出所).
    pub max_unit_name: usize,
    /// Longest initiative name built from unquoted text.
    pub max_initiative: usize,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig { max_unit_name: 4, max_initiative: 10 }
    }
}

/// Extracts mentions and facts from one document.
///
/// ```
/// use zhkg::{extract, ingest::Document, lexicon::Lexicon};
/// let lex = Lexicon::builtin();
/// let doc = Document::from_text("t", None, "某县公安局城关派出所所长王建国表示，将加强巡逻。", &lex);
/// let x = extract::extract(&doc, &lex);
/// assert_eq!(x.people[0].name, "王建国");
/// ```
pub fn extract(doc: &Document, lex: &Lexicon) -> Extraction {
    extract_with(doc, lex, &ExtractConfig::default())
}

/// [`extract`] with explicit settings.
pub fn extract_with(doc: &Document, lex: &Lexicon, cfg: &ExtractConfig) -> Extraction {
    let mut t = Doc::new(&doc.text, lex);
    t.candidates = names::Model::shipped().candidates(&t);
    extract_doc(&t, doc.meta.publication.as_deref(), doc.meta.date.as_deref(), cfg)
}

/// Runs the rules over a document's layers. `publication` is the unit that publishes the
/// article (本报), where its metadata names one; `date` its date (`YYYY-MM-DD`), which dates the
/// appointments and removals of a notice that states no date of its own.
pub fn extract_doc(t: &Doc, publication: Option<&str>, date: Option<&str>, cfg: &ExtractConfig) -> Extraction {
    let mut x = Extraction::default();
    let mut ctx = rules::units::Context::default();
    rules::units::find_places(t, &mut x, &mut ctx);
    rules::units::find_units(t, cfg, publication, &mut x, &mut ctx);
    let mut pctx = rules::people::find_people(t, &mut x);
    rules::posts::find_holdings(t, &mut x, &ctx, &mut pctx);
    rules::careers::find_careers(t, &mut x, &ctx, &pctx, date);
    rules::people::find_aliases(t, &mut x, &pctx);
    let sp = rules::speakers::find_utterances(t, &mut x);
    rules::initiatives::find_initiatives(t, cfg, &mut x, &sp);
    rules::awards::find_conferrals(t, &mut x);
    x.mentions.finish();
    x
}

#[cfg(test)]
mod tests;
