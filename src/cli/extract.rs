//! `zhkg extract`: inputs into the store (or N-Quads on standard output), with a progress line and
//! a summary.

use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressStyle};

use super::args::{EmitFormat, ExtractArgs, StdinArg};
use super::common::{ignore_broken_pipe, load_lexicon};
use super::EXIT_PARTIAL;
use zhkg::ingest::{ReadOptions, StdinFormat};
use zhkg::pipeline::{self, Problem};
use zhkg::store::Store;

/// A progress line on standard error: drawn only when it is a terminal (indicatif hides it
/// otherwise), so logs and pipes stay clean.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} · {binary_bytes}/{binary_total_bytes} · {binary_bytes_per_sec} · ETA {eta}")
            .expect("a valid template"),
    );
    bar
}

fn show_progress(bar: &ProgressBar, p: &pipeline::Progress) {
    if bar.is_hidden() {
        return;
    }
    if let Some(total) = p.total_bytes {
        bar.set_length(total);
    }
    bar.set_position(p.bytes);
    bar.set_message(format!("{} documents", p.documents));
}

/// Runs `zhkg extract`; returns the exit status.
pub fn run(a: ExtractArgs) -> Result<u8> {
    let ExtractArgs { store, paths, lexicon, encoding, max_doc_size, emit, jobs, stdin_format, rewrite } = a;
    let lex = load_lexicon(lexicon.as_deref())?;
    if let Some(label) = &encoding {
        if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
            bail!("unknown encoding \"{label}\" (try utf-8, gbk, gb18030, big5, utf-16le)");
        }
    }
    let stdin = match stdin_format {
        StdinArg::Document => StdinFormat::Document,
        StdinArg::Jsonl => StdinFormat::Jsonl,
    };
    let read = ReadOptions { encoding, max_doc_bytes: max_doc_size.saturating_mul(1 << 20), stdin };
    let opts = pipeline::RunOptions { read, jobs, rewrite };
    let bar = progress_bar();
    let report = |p: Problem<'_>| {
        bar.suspend(|| match p {
            Problem::Skipped(e) => eprintln!("zhkg: skipped {e}"),
            Problem::Warning(w) => eprintln!("zhkg: warning: {w}"),
        })
    };
    let progress = |p: &pipeline::Progress| show_progress(&bar, p);
    let s = match emit {
        Some(EmitFormat::Nquads) => {
            let stdout = std::io::stdout();
            let mut sink = pipeline::NQuadsSink::new(std::io::BufWriter::with_capacity(1 << 20, stdout.lock()))?;
            let r = pipeline::run(&paths, &lex, &opts, &mut sink, report, progress).and_then(|s| sink.finish().map(|_| s));
            match r {
                Err(pipeline::PipelineError::Io(e)) => return ignore_broken_pipe(Err(e)).map(|_| 0),
                other => other?,
            }
        }
        None => {
            let st = Store::open(&store.store)?;
            pipeline::extract_paths(&st, &paths, &lex, &opts, report, progress)?
        }
    };
    bar.finish_and_clear();
    eprintln!(
        "zhkg: {} document(s): {} people, {} units, {} posts, {} awards, {} initiatives, {} triples{}{}",
        s.documents,
        s.people,
        s.units,
        s.posts,
        s.awards,
        s.initiatives,
        s.triples,
        if s.unchanged > 0 { format!("; {} unchanged in the store, not rewritten", s.unchanged) } else { String::new() },
        if s.skipped > 0 { format!("; {} input(s) skipped", s.skipped) } else { String::new() }
    );
    let r = s.resolution;
    if r.people > 0 {
        eprintln!(
            "zhkg: the store's {} person mention(s) across documents resolve to {} person(s){}",
            r.people,
            r.entities,
            if r.namesakes > 0 { format!("; {} name(s) shared by people kept apart (queries/namesakes.rq)", r.namesakes) } else { String::new() }
        );
    }
    Ok(if s.skipped > 0 { EXIT_PARTIAL } else { 0 })
}
