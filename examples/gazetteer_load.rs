//! Times loading the built-in gazetteer and the whole lexicon (start-up cost):
//! `cargo run --release --example gazetteer_load`.
#![allow(clippy::print_stdout)]

fn main() {
    let n = 50;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(zhkg::lexicon::Gazetteer::builtin());
    }
    let g = t.elapsed() / n;
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(zhkg::lexicon::Lexicon::builtin());
    }
    let l = t.elapsed() / n;
    let gz = zhkg::lexicon::Gazetteer::builtin();
    println!("gazetteer: {} divisions, {} surfaces; load {:.2} ms; whole lexicon {:.2} ms", gz.places.len(), gz.by_surface.len(), g.as_secs_f64() * 1e3, l.as_secs_f64() * 1e3);
}
