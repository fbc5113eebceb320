//! Rules: each a function of the document's layers (`Doc`) and the facts found so far, run in a
//! fixed order by `extract_doc`: places and units, people, posts, careers (dates, removals, proposed posts and attributes), speakers, initiatives (and
//! statistics), awards. A rule file holds one family of rules; each rule is a small function named
//! for what it finds, with an example of the text it reads.

pub(super) mod awards;
pub(super) mod careers;
pub(super) mod initiatives;
pub(super) mod people;
pub(super) mod posts;
pub(super) mod speakers;
pub(super) mod units;
