//! `zhkg eval`: the extractor scored against gold annotations.

use anyhow::Result;
use std::io::Write;

use super::args::EvalArgs;
use super::common::{ignore_broken_pipe, load_lexicon};

/// Runs `zhkg eval`; returns the exit status.
pub fn run(a: EvalArgs) -> Result<u8> {
    let EvalArgs { gold, lexicon, verbose } = a;
    let lex = load_lexicon(lexicon.as_deref())?;
    let report = zhkg::eval::evaluate(&gold, &lex)?;
    let mut text = String::new();
    if verbose {
        let mut last = String::new();
        for d in &report.diffs {
            let head = format!("{} / {}", d.doc, d.category);
            if head != last {
                text.push_str(&format!("{head}\n"));
                last = head;
            }
            text.push_str(&format!("   {:<7} {}\n", d.what, d.item));
        }
    }
    text.push_str(&report.table());
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(0)
}
