//! Any bytes, read as a text file, a web page or a JSON corpus (the first byte chooses), go through
//! decode → clean → extract → quads without a panic, and every span stays inside the cleaned text
//! (`zhkg::pipeline::check_bytes`, which `cargo test` also runs on every file of
//! `tests/fuzz-regressions/` and `fuzz/seeds/`).
//!
//! Run from the project root: `cargo +nightly fuzz run ingest_extract fuzz/corpus fuzz/seeds --
//! -max_total_time=600`. Copy a crash input it finds into `tests/fuzz-regressions/`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use zhkg::lexicon::Lexicon;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::builtin)
}

fuzz_target!(|data: &[u8]| {
    if let Err(e) = zhkg::pipeline::check_bytes(data, lexicon()) {
        panic!("{e}");
    }
});
