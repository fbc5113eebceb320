//! The lists zhkg reads and the typed labels of their entries.
//!
//! Every list's second and third columns are parsed at load into one of the enums here, so rules
//! compare enum values, never strings, and a tag that no rule knows is a `path:line:col` error at
//! load instead of an entry that silently matches nothing.

use std::fmt;

/// One of the lists of `data/lexicon/`; its file is `<name>.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListId {
    /// `surname.tsv`: surnames (single, compound, rare).
    Surname,
    /// `post.tsv`: posts, titles and ranks.
    Post,
    /// `unit-suffix.tsv`: type words that end a unit's name (公安局, 派出所).
    UnitSuffix,
    /// `function-unit.tsv`: stems and suffixes of functional sub-units (宣传 + 处).
    FunctionUnit,
    /// `org.tsv`: bodies known by name (公安部, 人民日报).
    Org,
    /// `award.tsv`: honours, their levels and the words that confer them.
    Award,
    /// `initiative.tsv`: the heads and cues of initiatives' names.
    Initiative,
    /// `name.tsv`: words around and inside personal names.
    Name,
    /// `boilerplate.tsv`: whole-line patterns of web-page chrome.
    Boilerplate,
    /// `stopword.tsv`: function characters and words that end names.
    Stopword,
    /// `org-parent.tsv`: bodies above named national bodies.
    OrgParent,
    /// `place-ref.tsv`: references to the article's own place (全省, 本县).
    PlaceRef,
    /// `career.tsv`: the words of notices and biographies (性别, 拟任, 免去, 至今).
    Career,
}

impl ListId {
    /// Every list, in load order.
    pub const ALL: [ListId; 13] = [
        ListId::Surname,
        ListId::Post,
        ListId::UnitSuffix,
        ListId::FunctionUnit,
        ListId::Org,
        ListId::Award,
        ListId::Initiative,
        ListId::Name,
        ListId::Boilerplate,
        ListId::Stopword,
        ListId::OrgParent,
        ListId::PlaceRef,
        ListId::Career,
    ];

    /// The list's name: its file is `data/lexicon/<name>.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            ListId::Surname => "surname",
            ListId::Post => "post",
            ListId::UnitSuffix => "unit-suffix",
            ListId::FunctionUnit => "function-unit",
            ListId::Org => "org",
            ListId::Award => "award",
            ListId::Initiative => "initiative",
            ListId::Name => "name",
            ListId::Boilerplate => "boilerplate",
            ListId::Stopword => "stopword",
            ListId::OrgParent => "org-parent",
            ListId::PlaceRef => "place-ref",
            ListId::Career => "career",
        }
    }

    /// The list of this name, if any.
    pub fn from_name(name: &str) -> Option<ListId> {
        ListId::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Its index in [`ListId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ListId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `surname.tsv`, column 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurnameKind {
    /// A common one-character surname.
    Single,
    /// A two-character surname (欧阳).
    Compound,
    /// A rare surname, often an ordinary character too.
    Rare,
}

/// `post.tsv`, column 3: what kind of post, which decides the unit it is held in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PostKind {
    /// A post of a place's government (县长): the unit is the place's 人民政府.
    Gov,
    /// A party-body post (书记), held in the unit the party body belongs to.
    Party,
    /// The head of a unit (局长).
    Head,
    /// A deputy (副局长).
    Deputy,
    /// A staff post (民警, 通讯员).
    Staff,
    /// A rank (一级警长).
    Rank,
    /// A post of the publication that runs the article (记者).
    Media,
    /// A military post.
    Military,
    /// A post in education (校长).
    Education,
    /// A word that modifies the post after it (原, 时任) and is no post alone.
    Modifier,
}

impl PostKind {
    /// The tag as written in `post.tsv` (also the value in the graph).
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Gov => "gov",
            PostKind::Party => "party",
            PostKind::Head => "head",
            PostKind::Deputy => "deputy",
            PostKind::Staff => "staff",
            PostKind::Rank => "rank",
            PostKind::Media => "media",
            PostKind::Military => "military",
            PostKind::Education => "education",
            PostKind::Modifier => "modifier",
        }
    }
}

/// `unit-suffix.tsv`, column 3: what may stand before the type word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitForm {
    /// A place (嘉兴市公安局).
    Placed,
    /// A proper name (武原派出所).
    Named,
    /// A county's short form (海盐县局 for 海盐县公安局).
    CountyShort,
    /// A settlement (镇, 街道, 村): a unit only where its name is certain — a township of the
    /// gazetteer, a name right after a full place, or the next level of a settlement chain
    /// (某县某镇某村) — since such words end common phrases too (乡村, 城镇, 新农村).
    Settled,
    /// A part of a company or an institute (生产技术部, 甲醇分厂, 焊接中心): a unit only right
    /// after its parent's name (某有限公司生产技术部), named with it.
    Internal,
}

/// `function-unit.tsv`, column 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FunctionPart {
    /// The function (宣传, 刑侦).
    Stem,
    /// The sub-unit's type word (处, 科, 大队).
    Suffix,
}

/// `org.tsv`, column 2: a body known by name, or a phrase that only looks like one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgRole {
    /// A body (its id in column 2, its type in column 3).
    Body,
    /// `-`: text that is no body and that no unit rule may read as one.
    Skip,
}

/// `award.tsv`, column 3 of a `head`: what kind of honour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HonourKind {
    /// A title (先进个人).
    Title,
    /// A prize (金奖).
    Prize,
    /// A merit citation (一等功).
    Merit,
}

/// The level an award's wording gives (`award.tsv`, column 3 of a `level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AwardLevel {
    /// 全国.
    National,
    /// 公安部, 全国公安系统.
    Ministry,
    /// 全省.
    Provincial,
    /// 全市.
    Municipal,
}

/// `award.tsv`, columns 2 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AwardRole {
    /// The head word that ends an honour's name.
    Head(HonourKind),
    /// A level word that may start one.
    Level(AwardLevel),
    /// A word that confers (荣获, 被评为); `weak` ones only with other evidence.
    Trigger {
        /// Whether the word confers only beside other evidence.
        weak: bool,
    },
    /// A word that leads an honour's name.
    Lead,
    /// A word that marks who holds it.
    Holder,
}

/// The kind of an initiative (`initiative.tsv`, column 3 of a `head`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitiativeKind {
    /// A campaign (专项行动).
    Campaign,
    /// A programme (工程).
    Programme,
    /// A mechanism (机制).
    Mechanism,
    /// A brand (品牌).
    Brand,
    /// A platform (平台).
    Platform,
    /// A system (系统).
    System,
    /// A model (模式).
    Model,
}

impl InitiativeKind {
    /// The tag as written (also the value in the graph).
    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeKind::Campaign => "campaign",
            InitiativeKind::Programme => "programme",
            InitiativeKind::Mechanism => "mechanism",
            InitiativeKind::Brand => "brand",
            InitiativeKind::Platform => "platform",
            InitiativeKind::System => "system",
            InitiativeKind::Model => "model",
        }
    }
}

/// `initiative.tsv`, columns 2 and 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitiativeRole {
    /// A head word that ends an initiative's name; its kind, if the word gives one, and whether
    /// it ends only quoted names (a `*` after the kind).
    Head {
        /// The kind, where the head gives one.
        kind: Option<InitiativeKind>,
        /// Whether only a quoted name takes this head.
        quoted_only: bool,
    },
    /// A word that introduces an initiative (开展, 推出).
    Cue,
    /// A generic word that is no initiative's name alone.
    Generic,
}

/// `name.tsv`, column 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRole {
    /// A word that ends a name (说, 同志).
    Stop,
    /// A common word that starts with a surname's character.
    Word,
    /// A character that starts no given name.
    NotName,
    /// A word that confirms a name before it (表示).
    After,
    /// A word that introduces a name after it (记者).
    Before,
}

/// `stopword.tsv`, column 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopRole {
    /// A function character (的, 在).
    Char,
    /// A function word.
    Word,
    /// A generic word that ends a name when scanning left.
    Generic,
}

/// `place-ref.tsv`, column 2: which of the article's own places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceLevel {
    /// The article's province.
    Province,
    /// Its prefecture.
    Prefecture,
    /// Its county.
    County,
}

/// What a notice or biography says about a person (also the attribute an extracted fact states).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttributeKind {
    /// 男 or 女.
    Gender,
    /// As written, with 族 (汉族).
    Ethnicity,
    /// Birth, `YYYY` or `YYYY-MM`.
    Birth,
    /// Native place (籍贯), as written without 人 (浙江长兴).
    NativePlace,
    /// Joined the Communist Party, a date.
    PartyJoined,
    /// Started work, a date.
    WorkStarted,
    /// Education level as written (研究生学历).
    Education,
    /// Degree as written (法学硕士).
    Degree,
}

impl AttributeKind {
    /// The attribute's name in the queries and the gold files (`native_place`).
    pub fn as_str(&self) -> &'static str {
        match self {
            AttributeKind::Gender => "gender",
            AttributeKind::Ethnicity => "ethnicity",
            AttributeKind::Birth => "birth",
            AttributeKind::NativePlace => "native_place",
            AttributeKind::PartyJoined => "party_joined",
            AttributeKind::WorkStarted => "work_started",
            AttributeKind::Education => "education",
            AttributeKind::Degree => "degree",
        }
    }
}

/// `career.tsv`, column 3 of a field label: what the field states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CareerField {
    /// An attribute of the person (性别, 出生年月, 籍贯 …).
    Attribute(AttributeKind),
    /// 现任职务: the posts held now.
    Current,
    /// 政治面貌, 出生地: nothing zhkg reads.
    Skip,
}

/// `career.tsv`, column 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CareerRole {
    /// An ethnic group (汉族).
    Ethnicity,
    /// An education level written without 学历 (研究生).
    Education,
    /// A field label before ：.
    Field(CareerField),
    /// A word before a proposed post (拟任); as a label, the proposed posts.
    Proposed,
    /// A word before posts held in the past (历任).
    Former,
    /// A word before a person whose post is removed (免去).
    Removal,
    /// A word after a person, before the post left (不再担任).
    Quit,
    /// A word of appointment (任命).
    Appoint,
    /// A word that ends a line of study (学习).
    Study,
    /// A word that leaves a range open (至今).
    Open,
}

/// An entry's typed label: the parsed second and third columns of its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// `surname.tsv`.
    Surname(SurnameKind),
    /// `post.tsv` (the role id stays in [`super::Entry::id`]).
    Post(PostKind),
    /// `unit-suffix.tsv` (the unit type id stays in [`super::Entry::id`]).
    UnitSuffix(UnitForm),
    /// `function-unit.tsv`.
    FunctionUnit(FunctionPart),
    /// `org.tsv`.
    Org(OrgRole),
    /// `award.tsv`.
    Award(AwardRole),
    /// `initiative.tsv`.
    Initiative(InitiativeRole),
    /// `name.tsv`.
    Name(NameRole),
    /// `stopword.tsv`.
    Stopword(StopRole),
    /// `place-ref.tsv`.
    PlaceRef(PlaceLevel),
    /// `career.tsv`.
    Career(CareerRole),
    /// Lists whose columns are free text (`org-parent.tsv`, `boilerplate.tsv`).
    Free,
}

/// Why a tag was refused: the column (1-based) and the message.
pub type TagError = (usize, String);

fn pick<T: Copy>(col: usize, what: &str, value: &str, options: &[(&str, T)]) -> Result<T, TagError> {
    options.iter().find(|(k, _)| *k == value).map(|&(_, v)| v).ok_or_else(|| {
        let known: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
        (col, format!("unknown {what} \"{value}\" (known: {})", known.join(", ")))
    })
}

impl Label {
    /// Parses an entry's second (`id`) and third (`note`) columns for `list`.
    pub fn parse(list: ListId, id: &str, note: &str) -> Result<Label, TagError> {
        use ListId as L;
        Ok(match list {
            L::Surname => Label::Surname(pick(2, "surname kind", id, &[("single", SurnameKind::Single), ("compound", SurnameKind::Compound), ("rare", SurnameKind::Rare)])?),
            L::Post => Label::Post(pick(3, "post kind", note, &[
                ("gov", PostKind::Gov), ("party", PostKind::Party), ("head", PostKind::Head), ("deputy", PostKind::Deputy),
                ("staff", PostKind::Staff), ("rank", PostKind::Rank), ("media", PostKind::Media), ("military", PostKind::Military),
                ("education", PostKind::Education), ("modifier", PostKind::Modifier),
            ])?),
            L::UnitSuffix => Label::UnitSuffix(pick(3, "unit form", note, &[("placed", UnitForm::Placed), ("named", UnitForm::Named), ("county-short", UnitForm::CountyShort), ("settled", UnitForm::Settled), ("internal", UnitForm::Internal)])?),
            L::FunctionUnit => Label::FunctionUnit(pick(2, "function-unit part", id, &[("stem", FunctionPart::Stem), ("suffix", FunctionPart::Suffix)])?),
            L::Org => Label::Org(if id == "-" { OrgRole::Skip } else { OrgRole::Body }),
            L::Award => Label::Award(award_role(id, note)?),
            L::Initiative => Label::Initiative(initiative_role(id, note)?),
            L::Name => Label::Name(pick(2, "name role", id, &[
                ("stop", NameRole::Stop), ("word", NameRole::Word), ("notname", NameRole::NotName), ("after", NameRole::After), ("before", NameRole::Before),
            ])?),
            L::Stopword => Label::Stopword(pick(2, "stopword role", id, &[("char", StopRole::Char), ("word", StopRole::Word), ("generic", StopRole::Generic)])?),
            L::PlaceRef => Label::PlaceRef(pick(2, "place level", id, &[("province", PlaceLevel::Province), ("prefecture", PlaceLevel::Prefecture), ("county", PlaceLevel::County)])?),
            L::Career => Label::Career(career_role(id, note)?),
            L::OrgParent | L::Boilerplate => Label::Free,
        })
    }
}

fn career_role(id: &str, note: &str) -> Result<CareerRole, TagError> {
    Ok(match id {
        "field" => CareerRole::Field(pick(3, "career field", note, &[
            ("gender", CareerField::Attribute(AttributeKind::Gender)),
            ("ethnicity", CareerField::Attribute(AttributeKind::Ethnicity)),
            ("birth", CareerField::Attribute(AttributeKind::Birth)),
            ("native-place", CareerField::Attribute(AttributeKind::NativePlace)),
            ("party-joined", CareerField::Attribute(AttributeKind::PartyJoined)),
            ("work-started", CareerField::Attribute(AttributeKind::WorkStarted)),
            ("education", CareerField::Attribute(AttributeKind::Education)),
            ("degree", CareerField::Attribute(AttributeKind::Degree)),
            ("current", CareerField::Current),
            ("skip", CareerField::Skip),
        ])?),
        _ => pick(2, "career role", id, &[
            ("ethnicity", CareerRole::Ethnicity), ("education", CareerRole::Education), ("proposed", CareerRole::Proposed),
            ("former", CareerRole::Former), ("removal", CareerRole::Removal), ("quit", CareerRole::Quit), ("appoint", CareerRole::Appoint),
            ("study", CareerRole::Study), ("open", CareerRole::Open),
        ])?,
    })
}

fn award_role(id: &str, note: &str) -> Result<AwardRole, TagError> {
    Ok(match id {
        "head" => AwardRole::Head(pick(3, "honour kind", note, &[("title", HonourKind::Title), ("prize", HonourKind::Prize), ("merit", HonourKind::Merit)])?),
        "level" => AwardRole::Level(pick(3, "award level", note, &[
            ("national", AwardLevel::National), ("ministry", AwardLevel::Ministry), ("provincial", AwardLevel::Provincial), ("municipal", AwardLevel::Municipal),
        ])?),
        "trigger" => AwardRole::Trigger { weak: pick(3, "trigger strength", note, &[("", false), ("weak", true)])? },
        "lead" => AwardRole::Lead,
        "holder" => AwardRole::Holder,
        _ => return Err((2, format!("unknown award role \"{id}\" (known: head, level, trigger, lead, holder)"))),
    })
}

fn initiative_role(id: &str, note: &str) -> Result<InitiativeRole, TagError> {
    Ok(match id {
        "head" => {
            let quoted_only = note.ends_with('*');
            let kind = note.trim_end_matches('*');
            let kind = if kind.is_empty() {
                None
            } else {
                Some(pick(3, "initiative kind", kind, &[
                    ("campaign", InitiativeKind::Campaign), ("programme", InitiativeKind::Programme), ("mechanism", InitiativeKind::Mechanism),
                    ("brand", InitiativeKind::Brand), ("platform", InitiativeKind::Platform), ("system", InitiativeKind::System), ("model", InitiativeKind::Model),
                ])?)
            };
            InitiativeRole::Head { kind, quoted_only }
        }
        "cue" => InitiativeRole::Cue,
        "generic" => InitiativeRole::Generic,
        _ => return Err((2, format!("unknown initiative role \"{id}\" (known: head, cue, generic)"))),
    })
}
