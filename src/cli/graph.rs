//! `zhkg graph`: the store drawn as Graphviz DOT, or as SVG through Graphviz's `dot`.

use anyhow::Result;
use std::io::Write;

use super::args::{GraphArgs, GraphFormat};
use super::common::{ignore_broken_pipe, write_atomically};
use zhkg::store::Store;
use zhkg::view;

/// Runs `zhkg graph`; returns the exit status.
pub fn run(a: GraphArgs) -> Result<u8> {
    let GraphArgs { store, focus, depth, format, output } = a;
    let st = Store::open_read_only(&store.store)?;
    let picture = view::collect(&st, focus.as_deref(), depth)?;
    if focus.is_none() && picture.nodes.len() > 400 {
        eprintln!("zhkg: note: {} nodes in one picture; --focus NAME draws the part around one of them", picture.nodes.len());
    }
    let dot = view::to_dot(&picture);
    let to_svg = output.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")));
    let bytes = match format.unwrap_or(if to_svg { GraphFormat::Svg } else { GraphFormat::Dot }) {
        GraphFormat::Dot => dot.into_bytes(),
        GraphFormat::Svg => {
            let svg = view::render_svg(&dot)?;
            for line in svg.warnings.lines() {
                eprintln!("zhkg: warning: dot: {line}");
            }
            svg.bytes
        }
    };
    match output {
        Some(path) => write_atomically(&path, |w| Ok(w.write_all(&bytes)?))?,
        None => {
            let mut out = std::io::stdout().lock();
            ignore_broken_pipe(out.write_all(&bytes).and_then(|()| out.flush()))?;
        }
    }
    Ok(0)
}
