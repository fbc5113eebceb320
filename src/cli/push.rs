//! `zhkg push`: the store's graphs to a Graph Store endpoint, with a progress line and a summary.

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::PushArgs;
use super::EXIT_PARTIAL;
use zhkg::push;
use zhkg::store::Store;

/// The push's progress line: graphs sent of graphs to send (hidden off a terminal, as extract's
/// is).
fn push_progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(ProgressStyle::with_template("{spinner} pushing {pos}/{len} graphs · {msg} quads · ETA {eta}").expect("a valid template"));
    bar
}

/// Runs `zhkg push`; returns the exit status.
pub fn run(a: PushArgs) -> Result<u8> {
    let PushArgs { store, endpoint, graph_per_document: _, graph, default_graph, user, password, all, state, format, timeout, no_vocabulary } = a;
    let target = match (graph, default_graph) {
        (Some(iri), _) => push::Target::named(&iri)?,
        (None, true) => push::Target::Default,
        (None, false) => push::Target::GraphPerDocument,
    };
    let credentials = match (user, password) {
        (Some(user), Some(password)) => Some(push::Credentials { user, password }),
        (Some(user), None) => bail!("--user {user} needs a password: set ZHKG_PASSWORD (or give --password)"),
        (None, _) => None,
    };
    let state = state.unwrap_or_else(|| push::default_state_path(&store.store));
    let st = Store::open_read_only(&store.store)?;
    let opts = push::PushOptions {
        endpoint: endpoint.clone(),
        target,
        credentials,
        state,
        all,
        vocabulary: !no_vocabulary,
        format,
        timeout: std::time::Duration::from_secs(timeout.max(1)),
    };
    let bar = push_progress_bar();
    let started = std::time::Instant::now();
    let mut triples = 0usize;
    let s = push::push(&st, &opts, &mut |e| match e {
        push::Event::Planned { put, delete, .. } => bar.set_length((put + delete) as u64),
        push::Event::Done { triples: n, .. } => {
            triples += n;
            bar.set_message(triples.to_string());
            bar.inc(1);
        }
        push::Event::Failed(f) => {
            bar.suspend(|| eprintln!("zhkg: {f}"));
            bar.inc(1);
        }
        _ => {}
    });
    bar.finish_and_clear();
    let s = s?;
    eprintln!(
        "zhkg: pushed {} graph(s) ({} quads) to {endpoint} in {:.1} s; {} unchanged; {} deleted; {} failed",
        s.pushed,
        s.triples,
        started.elapsed().as_secs_f64(),
        s.unchanged,
        s.deleted,
        s.failed
    );
    Ok(if s.failed > 0 { EXIT_PARTIAL } else { 0 })
}
