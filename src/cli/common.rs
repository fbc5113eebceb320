//! What several commands share: loading the lexicon, writing to a pipe that may close, writing a
//! file whole or not at all.

use anyhow::{bail, Context as _, Result};
use std::io::Write;
use std::path::Path;

use zhkg::lexicon::Lexicon;

/// The built-in lexicon plus the files of `dir`; every problem in them is printed, then one error.
pub fn load_lexicon(dir: Option<&Path>) -> Result<Lexicon> {
    let (lex, errors) = Lexicon::load(dir);
    for e in &errors {
        eprintln!("zhkg: {e}");
    }
    if !errors.is_empty() {
        bail!("{} problem(s) in the lexicon files", errors.len());
    }
    Ok(lex)
}

/// A closed pipe on standard output (`zhkg … | head`) is not an error.
pub fn ignore_broken_pipe(r: std::io::Result<()>) -> Result<()> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Writes `path` through a temporary file beside it, renamed into place once `write` succeeded:
/// a failed run never leaves half a file (or destroys the file it would have replaced).
pub fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let tmp = path.with_extension("zhkg-tmp");
    let f = std::fs::File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
    let mut w = std::io::BufWriter::new(f);
    let written = write(&mut w).and_then(|()| Ok(w.flush()?));
    drop(w);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))
}
