//! Speakers in interviews and Q&A: a line that starts with a speaker label and a colon
//! (主持人：…, 张三：…) is a passage said by that speaker.

use crate::extract::doc::Doc;
use crate::extract::text::is_han;
use crate::extract::{Extraction, MentionKind, Span, Target, Utterance};

/// Role labels that introduce a passage without naming a person.
const ROLE_LABELS: &[&str] = &["主持人", "记者", "本报记者", "问", "答", "主播", "嘉宾", "编者按"];

/// Finds passages and their speakers; returns them too (initiatives read "我们" as the speaker's unit).
pub fn find_utterances(t: &Doc, x: &mut Extraction) -> Vec<Utterance> {
    let c = &t.chars;
    let mut out = Vec::new();
    let mut line_start = 0;
    while line_start < c.len() {
        let line_end = (line_start..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len());
        let colon = (line_start..line_end.min(line_start + 12)).find(|&k| matches!(c[k], '：' | ':'));
        if let Some(k) = colon {
            let label = t.str(line_start, k);
            let speaker = x
                .mentions
                .starting_at(line_start)
                .find(|m| m.kind == MentionKind::Person && m.span == Span::new(line_start, k))
                .and_then(|m| match m.target {
                    Target::Person(i) => Some(i),
                    _ => None,
                });
            let is_role = ROLE_LABELS.contains(&label.as_str());
            if (speaker.is_some() || is_role) && label.chars().all(is_han) && k + 1 < line_end {
                out.push(Utterance { speaker, label, span: Span::new(k + 1, line_end) });
            }
        }
        line_start = line_end + 1;
    }
    x.utterances = out.clone();
    out
}
