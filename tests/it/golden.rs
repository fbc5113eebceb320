//! Golden files: the N-Quads of every evaluation article, byte for byte.
//!
//! `tests/golden/<set>/<article>.nq` holds the quads of the article's own graph that
//! `zhkg extract --emit nquads ARTICLE` printed when the file was last reviewed (the vocabulary and
//! store graphs, the same for every article, are left out). A change of the extractor's output shows here as a diff; a
//! restructuring must leave every file identical. `UPDATE_GOLDEN=1 cargo test --release golden`
//! writes the files anew, to be reviewed in the commit's diff.
//!
//! The sets: the sample (`data/`), the shared dev set (`../shared/eval/dev/docs`, skipped with a
//! note where `../shared` is absent, never under CI) and the sets written for zhkg
//! (`tests/eval/*/docs`, or `../shared/eval/<set>/docs` for a set whose texts live there).

use std::path::{Path, PathBuf};

use super::zhkg;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every evaluation set: its golden folder's name and its articles.
fn sets() -> Vec<(String, Vec<PathBuf>)> {
    let mut sets = vec![("sample".to_string(), vec![root().join("data/huzhou-sanneng-interview.txt")])];
    sets.extend(shared_set("dev"));
    // (the folders only: tests/eval also holds the careers guidelines)
    let mut written: Vec<PathBuf> = std::fs::read_dir(root().join("tests/eval")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    written.sort();
    for set in written {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        if set.join("docs").is_dir() {
            sets.push((name, articles(&set.join("docs"))));
        } else {
            // a set whose gold is here and whose texts are in ../shared (tests/eval/real)
            sets.extend(shared_set(&name));
        }
    }
    sets
}

/// A set whose texts are in `../shared/eval/<name>/docs`: missing only outside CI, with a note.
fn shared_set(name: &str) -> Option<(String, Vec<PathBuf>)> {
    let dir = root().join("../shared/eval").join(name).join("docs");
    if dir.is_dir() {
        return Some((name.to_string(), articles(&dir)));
    }
    assert!(std::env::var_os("CI").is_none(), "{} is missing under CI", dir.display());
    eprintln!("note: {} not found; the {name} set's golden files are not compared", dir.display());
    None
}

fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    v.sort();
    assert!(!v.is_empty(), "no articles in {}", dir.display());
    v
}

/// The quads of the article's graph, as printed.
fn nquads(article: &Path) -> Vec<u8> {
    let out = zhkg().args(["extract", "--emit", "nquads", "-j", "1"]).arg(article).output().unwrap();
    assert!(out.status.success(), "{}: {}", article.display(), String::from_utf8_lossy(&out.stderr));
    let shared = ["<https://w3id.org/zhkg/graph/vocabulary> .", "<https://w3id.org/zhkg/graph/store> ."];
    let mut kept = Vec::new();
    for line in out.stdout.split_inclusive(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(line);
        if !shared.iter().any(|g| text.trim_end().ends_with(g)) {
            kept.extend_from_slice(line);
        }
    }
    assert!(!kept.is_empty(), "{}: no quads of its own", article.display());
    kept
}

#[test]
fn every_evaluation_article_gives_its_golden_nquads() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    let mut compared = 0;
    for (set, articles) in sets() {
        let dir = root().join("tests/golden").join(&set);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
        }
        for article in articles {
            let golden = dir.join(format!("{}.nq", article.file_stem().unwrap().to_string_lossy()));
            let got = nquads(&article);
            if update {
                std::fs::write(&golden, &got).unwrap();
                continue;
            }
            let want = std::fs::read(&golden).unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", golden.display()));
            compared += 1;
            if got != want {
                let (g, w) = (String::from_utf8_lossy(&got), String::from_utf8_lossy(&want));
                let first = g.lines().zip(w.lines()).position(|(a, b)| a != b).unwrap_or(g.lines().count().min(w.lines().count()));
                differ.push(format!(
                    "{}: differs from line {} ({} lines, golden {})\n  got:    {}\n  golden: {}",
                    golden.display(),
                    first + 1,
                    g.lines().count(),
                    w.lines().count(),
                    g.lines().nth(first).unwrap_or("(end)"),
                    w.lines().nth(first).unwrap_or("(end)"),
                ));
            }
        }
    }
    assert!(differ.is_empty(), "{} of {compared} golden files differ:\n{}", differ.len(), differ.join("\n"));
    assert!(update || compared >= 40, "only {compared} articles compared");
}
