//! `zhkg export`: the store as one RDF file.

use anyhow::Result;
use std::io::Write;

use super::args::ExportArgs;
use super::common::{ignore_broken_pipe, write_atomically};
use zhkg::export::{self, ExportOptions};
use zhkg::store::Store;

/// Runs `zhkg export`; returns the exit status.
pub fn run(a: ExportArgs) -> Result<u8> {
    let ExportArgs { store, format: fmt, output, no_vocabulary } = a;
    let st = Store::open_read_only(&store.store)?;
    let opts = ExportOptions { vocabulary: !no_vocabulary };
    match output {
        Some(path) => write_atomically(&path, |w| Ok(export::export(&st, fmt, opts, w)?))?,
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match export::export(&st, fmt, opts, &mut w) {
                Err(export::ExportError::Io(e)) => return ignore_broken_pipe(Err(e)).map(|_| 0),
                other => other?,
            }
            ignore_broken_pipe(w.flush())?;
        }
    }
    Ok(0)
}
