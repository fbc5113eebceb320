//! The push state: which graph, with which fingerprint, the last pushes left on which server.
//!
//! A text file of tab-separated lines `endpoint  target  graph  fingerprint` (`-` for a graph
//! deleted on the server), read top to bottom, later lines winning. A push appends a line after
//! each graph the server accepted, so a push that is stopped (killed, the server gone) resumes
//! where it stopped; at the end the file is rewritten with one line per graph (through a
//! temporary file renamed into place). A last line cut short by a kill is dropped: that graph is
//! sent again, which a PUT makes harmless.
//!
//! It never lives in the store's folder (that is RocksDB's) and never in the store itself: a push
//! reads the store only, so it works on a store opened read-only beside another reader.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::PushError;

/// The first line of a state file.
const HEADER: &str = "# zhkg push state: endpoint, target, graph, fingerprint (- = deleted); later lines win. Delete this file to push everything again.";

/// Graphs and their fingerprints, per (endpoint, target).
pub(crate) type Pushed = BTreeMap<String, String>;

/// The push state of every endpoint, loaded from and kept in one file.
pub(crate) struct State {
    path: PathBuf,
    entries: BTreeMap<(String, String), Pushed>,
    journal: Option<File>,
}

impl State {
    /// Reads the state at `path` (an absent file is an empty state).
    pub(crate) fn load(path: &Path) -> Result<State, PushError> {
        let mut state = State { path: path.to_path_buf(), entries: BTreeMap::new(), journal: None };
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| PushError::StateSyntax { path: path.to_path_buf(), line: 1, reason: "not UTF-8".into() })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(state),
            Err(source) => return Err(PushError::StateRead { path: path.to_path_buf(), source }),
        };
        let complete = match text.rfind('\n') {
            Some(i) => &text[..=i],
            None => "", // one line, cut short: nothing was recorded yet
        };
        for (i, line) in complete.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [endpoint, target, graph, fingerprint] = fields[..] else {
                return Err(PushError::StateSyntax {
                    path: path.to_path_buf(),
                    line: i + 1,
                    reason: format!("expected 4 tab-separated fields, found {}", fields.len()),
                });
            };
            if [endpoint, target, graph, fingerprint].iter().any(|f| f.is_empty()) {
                return Err(PushError::StateSyntax { path: path.to_path_buf(), line: i + 1, reason: "an empty field".into() });
            }
            state.apply(endpoint, target, graph, (fingerprint != "-").then_some(fingerprint));
        }
        Ok(state)
    }

    fn apply(&mut self, endpoint: &str, target: &str, graph: &str, fingerprint: Option<&str>) {
        let pushed = self.entries.entry((endpoint.to_string(), target.to_string())).or_default();
        match fingerprint {
            Some(f) => {
                pushed.insert(graph.to_string(), f.to_string());
            }
            None => {
                pushed.remove(graph);
            }
        }
    }

    /// What the state says `endpoint` holds for `target`.
    pub(crate) fn pushed(&self, endpoint: &str, target: &str) -> Pushed {
        self.entries.get(&(endpoint.to_string(), target.to_string())).cloned().unwrap_or_default()
    }

    /// Records that `endpoint` now holds `graph` (for `target`) with `fingerprint`, or (`None`)
    /// no longer holds it: at once, in the file, so that a stopped push resumes after it.
    pub(crate) fn record(&mut self, endpoint: &str, target: &str, graph: &str, fingerprint: Option<&str>) -> Result<(), PushError> {
        self.apply(endpoint, target, graph, fingerprint);
        if self.journal.is_none() {
            // start from a clean file (no line cut short by an earlier kill), then append
            self.compact()?;
            let f = OpenOptions::new().append(true).open(&self.path).map_err(|e| self.write_error(e))?;
            self.journal = Some(f);
        }
        let line = format!("{endpoint}\t{target}\t{graph}\t{}\n", fingerprint.unwrap_or("-"));
        let written = self.journal.as_mut().map(|f| f.write_all(line.as_bytes())).unwrap_or(Ok(()));
        written.map_err(|e| self.write_error(e))
    }

    /// Rewrites the file with one line per graph, atomically (a temporary file renamed into
    /// place). Does nothing when nothing was ever recorded and there is no file.
    pub(crate) fn compact(&mut self) -> Result<(), PushError> {
        self.journal = None;
        if self.entries.is_empty() && !self.path.exists() {
            return Ok(());
        }
        let mut text = String::from(HEADER);
        text.push('\n');
        for ((endpoint, target), pushed) in &self.entries {
            for (graph, fingerprint) in pushed {
                text.push_str(&format!("{endpoint}\t{target}\t{graph}\t{fingerprint}\n"));
            }
        }
        let mut tmp_name = self.path.file_name().unwrap_or_default().to_os_string();
        tmp_name.push(".tmp");
        let tmp = self.path.with_file_name(tmp_name);
        let written = std::fs::write(&tmp, text.as_bytes())
            .and_then(|()| File::open(&tmp)?.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &self.path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(self.write_error(e));
        }
        Ok(())
    }

    fn write_error(&self, source: std::io::Error) -> PushError {
        PushError::StateWrite { path: self.path.clone(), source }
    }
}
