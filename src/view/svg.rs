//! SVG through Graphviz: the DOT text piped through `dot -Tsvg`.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use super::ViewError;

/// An SVG drawing and what `dot` said while making it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg {
    /// The SVG document (UTF-8).
    pub bytes: Vec<u8>,
    /// `dot`'s standard error when it succeeded anyway (warnings), trimmed; usually empty.
    pub warnings: String,
}

/// Lays out and draws `dot` (DOT text) as SVG with Graphviz's `dot` program, found on `PATH`.
/// Missing Graphviz is [`ViewError::GraphvizMissing`]; a failed run is [`ViewError::Graphviz`]
/// with its standard error.
pub fn render_svg(dot: &str) -> Result<Svg, ViewError> {
    let mut child = match Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ViewError::GraphvizMissing),
        Err(e) => return Err(ViewError::Io(e)),
    };
    // write from a thread while this one reads, so that neither side waits on a full pipe
    let mut stdin = child.stdin.take().ok_or_else(|| ViewError::Io(std::io::Error::other("no stdin for dot")))?;
    let text = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&text));
    let mut stderr = child.stderr.take().ok_or_else(|| ViewError::Io(std::io::Error::other("no stderr for dot")))?;
    let errors = std::thread::spawn(move || {
        let mut s = Vec::new();
        stderr.read_to_end(&mut s).map(|_| s)
    });
    let mut bytes = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut bytes)?;
    }
    let status = child.wait()?;
    let written = writer.join().map_err(|_| ViewError::Io(std::io::Error::other("the thread writing to dot panicked")))?;
    let stderr = errors.join().map_err(|_| ViewError::Io(std::io::Error::other("the thread reading dot's errors panicked")))??;
    let stderr = String::from_utf8_lossy(&stderr).trim().to_string();
    if !status.success() {
        return Err(ViewError::Graphviz { status, stderr });
    }
    // (dot stops reading only when it fails, and then the status says so)
    written?;
    Ok(Svg { bytes, warnings: stderr })
}
