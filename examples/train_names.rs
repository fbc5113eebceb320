//! Trains the person-name recogniser (`src/extract/names.rs`) and writes `data/names.model`.
//!
//!     cargo run --release --example train_names -- [CORPORA_DIR] [--epochs N] [-o FILE]
//!
//! CORPORA_DIR (default `../shared/corpora/ner`) holds People's Daily 1998 NER in character BIO
//! (`pd1998-dev.bio`, `pd1998-test.bio`) and MSRA / People's Daily samples as JSON Lines
//! (`msra-test.jsonl`, `msra-1000.jsonl`, `pd1998-1000.jsonl`). Only person names are learnt
//! (PER, PERSON). Sentences are deduplicated by text; `pd1998-test.bio` is held out and scored
//! (exact spans), everything else is trained on, in file order, with no randomness: the same
//! corpora give the same model file, byte for byte.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;
use zhkg::extract::names::{BuildIdentity, Features, Model, TAGS};
use zhkg::extract::Doc;
use zhkg::lexicon::Lexicon;

const B: usize = 1;
const I: usize = 2;

struct Sentence {
    text: String,
    tags: Vec<usize>,
}

/// One character, NFKC-normalised where that gives one character (full-width digits, letters).
fn norm(ch: char) -> char {
    let mut it = std::iter::once(ch).nfkc();
    match (it.next(), it.next()) {
        (Some(a), None) => a,
        _ => ch,
    }
}

fn read_bio(path: &PathBuf) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let (mut chars, mut tags) = (String::new(), Vec::new());
    for line in text.lines().chain(std::iter::once("")) {
        let line = line.trim_end();
        if line.is_empty() {
            if !tags.is_empty() {
                out.push(Sentence { text: std::mem::take(&mut chars), tags: std::mem::take(&mut tags) });
            }
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(ch), Some(tag)) = (parts.next().and_then(|s| s.chars().next()), parts.next()) else { continue };
        chars.push(norm(ch));
        tags.push(match tag {
            "B-PER" => B,
            "I-PER" => I,
            _ => 0,
        });
    }
    out
}

fn read_jsonl(path: &PathBuf) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let chars: Vec<char> = v["text"].as_str().unwrap_or("").chars().map(norm).collect();
        let mut tags = vec![0; chars.len()];
        for e in v["entity_list"].as_array().into_iter().flatten() {
            if !matches!(e["entity_type"].as_str(), Some("PER" | "PERSON")) {
                continue;
            }
            let (b, end) = (e["entity_index"]["begin"].as_u64().unwrap_or(0) as usize, e["entity_index"]["end"].as_u64().unwrap_or(0) as usize);
            if b < end && end <= tags.len() {
                tags[b] = B;
                for t in &mut tags[b + 1..end] {
                    *t = I;
                }
            }
        }
        out.push(Sentence { text: chars.into_iter().collect(), tags });
    }
    out
}

fn spans(tags: &[usize]) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i] == B {
            let s = i;
            i += 1;
            while i < tags.len() && tags[i] == I {
                i += 1;
            }
            out.insert((s, i));
        } else {
            i += 1;
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let epochs: usize = flag("--epochs").map_or(40, |v| v.parse().expect("--epochs N"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = flag("-o").map_or(root.join("data/names.model"), PathBuf::from);
    // the one argument that is neither a flag nor a flag's value
    let mut rest = args.iter().enumerate().filter(|&(i, a)| !a.starts_with('-') && (i == 0 || !matches!(args[i - 1].as_str(), "--epochs" | "-o")));
    let dir = rest.next().map_or(root.join("../shared/corpora/ner"), |(_, a)| PathBuf::from(a));

    let test = read_bio(&dir.join("pd1998-test.bio"));
    let held: BTreeSet<&str> = test.iter().map(|s| s.text.as_str()).collect();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut train = Vec::new();
    for s in read_bio(&dir.join("pd1998-dev.bio"))
        .into_iter()
        .chain(read_jsonl(&dir.join("pd1998-1000.jsonl")))
        .chain(read_jsonl(&dir.join("msra-test.jsonl")))
        .chain(read_jsonl(&dir.join("msra-1000.jsonl")))
    {
        if !held.contains(s.text.as_str()) && seen.insert(s.text.clone()) {
            train.push(s);
        }
    }
    let names: usize = train.iter().map(|s| spans(&s.tags).len()).sum();
    println!("train: {} sentences, {names} person names; held out: {} sentences (pd1998-test)", train.len(), test.len());

    let lex = Lexicon::builtin();
    // every position's features, worked out once
    let feats: Vec<Vec<Vec<u64>>> = train
        .iter()
        .map(|s| {
            let d = Doc::new(&s.text, &lex);
            let features = Features::new(&d);
            (0..d.chars.len())
                .map(|i| {
                    let mut f = Vec::new();
                    features.at(i, &mut f);
                    f
                })
                .collect()
        })
        .collect();

    // averaged perceptron: w, and u accumulating c·Δ; the average is w − u/c
    let mut m = Model::default();
    let mut u: HashMap<u64, [f32; TAGS], BuildIdentity> = HashMap::default();
    let mut ut = [[0f32; TAGS]; TAGS + 1];
    let mut c = 1f32;
    for epoch in 0..epochs {
        let mut wrong = 0;
        for (s, f) in train.iter().zip(&feats) {
            let em: Vec<[f32; TAGS]> = f.iter().map(|fs| m.emission(fs)).collect();
            let z = m.decode(&em);
            if z != s.tags {
                wrong += 1;
                for i in 0..z.len() {
                    let (gp, zp) = (if i == 0 { TAGS } else { s.tags[i - 1] }, if i == 0 { TAGS } else { z[i - 1] });
                    if (gp, s.tags[i]) != (zp, z[i]) {
                        m.trans[gp][s.tags[i]] += 1.0;
                        ut[gp][s.tags[i]] += c;
                        m.trans[zp][z[i]] -= 1.0;
                        ut[zp][z[i]] -= c;
                    }
                    if s.tags[i] != z[i] {
                        for k in &f[i] {
                            let w = m.weights.entry(*k).or_default();
                            w[s.tags[i]] += 1.0;
                            w[z[i]] -= 1.0;
                            let a = u.entry(*k).or_default();
                            a[s.tags[i]] += c;
                            a[z[i]] -= c;
                        }
                    }
                }
            }
            c += 1.0;
        }
        println!("epoch {}: {wrong} of {} sentences tagged wrong", epoch + 1, train.len());
    }
    for (k, w) in m.weights.iter_mut() {
        let a = u.get(k).copied().unwrap_or_default();
        for t in 0..TAGS {
            w[t] -= a[t] / c;
        }
    }
    for from in 0..=TAGS {
        for to in 0..TAGS {
            m.trans[from][to] -= ut[from][to] / c;
        }
    }
    m.weights.retain(|_, w| w.iter().any(|x| x.abs() >= 1e-3));

    // the held-out score, exact spans
    let (mut tp, mut fp, mut fnn) = (0, 0, 0);
    for s in &test {
        let d = Doc::new(&s.text, &lex);
        let got: BTreeSet<(usize, usize)> = m.candidates(&d).iter().map(|k| (k.span.start, k.span.end)).collect();
        let want = spans(&s.tags);
        tp += got.intersection(&want).count();
        fp += got.difference(&want).count();
        fnn += want.difference(&got).count();
    }
    let (p, r) = (tp as f64 / (tp + fp).max(1) as f64, tp as f64 / (tp + fnn).max(1) as f64);
    println!("held out (pd1998-test, person names, exact spans): P {p:.3} R {r:.3} F1 {:.3} ({tp} tp, {fp} fp, {fnn} fn)", 2.0 * p * r / (p + r).max(1e-9));
    let bytes = m.write();
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    println!("wrote {} ({} features, {:.1} MB)", out.display(), m.weights.len(), bytes.len() as f64 / 1e6);
}
