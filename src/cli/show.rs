//! `zhkg show` and `zhkg explain`: one person or unit, as a card or as the evidence behind it.

use anyhow::{bail, Result};
use std::io::Write;

use super::args::{ExplainArgs, ShowArgs};
use super::common::ignore_broken_pipe;
use zhkg::profile::{self, Found};
use zhkg::store::Store;

fn nothing_found(name: &str, like: &[String]) -> String {
    if like.is_empty() {
        format!("no person or unit named \"{name}\" in the store (queries/people.rq and queries/units.rq list them)")
    } else {
        format!("no person or unit named \"{name}\"; names that contain it: {}", like.join("、"))
    }
}

/// Runs `zhkg show`; returns the exit status.
pub fn show(a: ShowArgs) -> Result<u8> {
    let ShowArgs { store, name } = a;
    let st = Store::open_read_only(&store.store)?;
    let found = profile::find(&st, &name)?;
    let text = match &found {
        Found::People(ps) if ps.len() == 1 => profile::person_card(&st, &ps[0])?,
        Found::Unit(u) => profile::unit_card(&st, u)?,
        Found::Nothing(like) => bail!("{}", nothing_found(&name, like)),
        _ => profile::candidates(&st, &name, &found)?,
    };
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(0)
}

/// Runs `zhkg explain`; returns the exit status.
pub fn explain(a: ExplainArgs) -> Result<u8> {
    let ExplainArgs { store, name } = a;
    let st = Store::open_read_only(&store.store)?;
    let found = profile::find(&st, &name)?;
    let text = match &found {
        Found::People(ps) => {
            let mut t = String::new();
            for (i, p) in ps.iter().enumerate() {
                if i > 0 {
                    t.push_str("\n────────\n\n");
                }
                t.push_str(&profile::explain_person(&st, p)?);
            }
            t
        }
        Found::Unit(u) => profile::explain_unit(&st, u)?,
        Found::Nothing(like) => bail!("{}", nothing_found(&name, like)),
        Found::Ambiguous(_) => profile::candidates(&st, &name, &found)?,
    };
    ignore_broken_pipe(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(0)
}
