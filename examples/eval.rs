//! `zhkg eval` without the on-disk store: `cargo run --example eval -- ../shared/eval/dev [-v]`.
#![allow(clippy::print_stdout)]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = args.first().expect("an evaluation set folder");
    let lex = zhkg::lexicon::Lexicon::builtin();
    let report = zhkg::eval::evaluate(std::path::Path::new(set), &lex).expect("evaluation");
    if args.iter().any(|a| a == "-v") {
        for d in &report.diffs {
            println!("{} / {}  {:<7} {}", d.doc, d.category, d.what, d.item);
        }
    }
    print!("{}", report.table());
}
