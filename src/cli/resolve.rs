//! `zhkg resolve`, `zhkg remove` and `zhkg optimize`: the commands that change the store's
//! documents, their resolution or its files without extracting.

use anyhow::Result;

use super::args::{RemoveArgs, StoreArg};
use super::EXIT_PARTIAL;
use zhkg::pipeline::resolve::update;
use zhkg::store::Store;

/// Runs `zhkg resolve`; returns the exit status.
pub fn resolve(store: StoreArg) -> Result<u8> {
    let st = Store::open(&store.store)?;
    let r = update(&st)?;
    eprintln!(
        "zhkg: {} person mention(s) resolve to {} person(s); {} name(s) shared by people kept apart; resolution graph: {} quad(s) added, {} removed",
        r.people, r.entities, r.namesakes, r.changed.0, r.changed.1
    );
    Ok(0)
}

/// Runs `zhkg optimize`; returns the exit status.
pub fn optimize(store: StoreArg) -> Result<u8> {
    let st = Store::open(&store.store)?;
    let started = std::time::Instant::now();
    st.optimize()?;
    eprintln!("zhkg: {} compacted in {:.1} s", store.store.display(), started.elapsed().as_secs_f64());
    Ok(0)
}

/// Runs `zhkg remove`; returns the exit status.
pub fn remove(a: RemoveArgs) -> Result<u8> {
    let RemoveArgs { store, ids } = a;
    let st = Store::open(&store.store)?;
    let mut missing = 0;
    for id in &ids {
        if st.remove_document(id)? {
            eprintln!("zhkg: removed {id}");
        } else {
            eprintln!("zhkg: {id}: no such document in the store");
            missing += 1;
        }
    }
    let r = update(&st)?;
    eprintln!("zhkg: the store's {} person mention(s) resolve to {} person(s)", r.people, r.entities);
    Ok(if missing > 0 { EXIT_PARTIAL } else { 0 })
}
