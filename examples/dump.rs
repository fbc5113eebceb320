//! Prints what the extractor finds in a file, without a store: `cargo run --example dump FILE`.
#![allow(clippy::print_stdout)]

use zhkg::extract::{extract, Recipient};
use zhkg::ingest::{read, Input};
use zhkg::lexicon::Lexicon;

fn main() {
    let lex = Lexicon::builtin();
    for path in std::env::args().skip(1) {
        let id = std::path::Path::new(&path).file_name().unwrap().to_string_lossy().into_owned();
        let (docs, errs) = read(&Input::File { path: path.clone().into(), id }, &Default::default(), &lex);
        for e in errs {
            println!("error: {e}");
        }
        for doc in docs {
            let x = extract(&doc, &lex);
            println!("== {} title={:?} date={:?} source={:?} pub={:?}", doc.id, doc.meta.title, doc.meta.date, doc.meta.source, doc.meta.publication);
            println!("people: {}", x.people.iter().map(|p| format!("{}{:?}", p.name, p.aliases)).collect::<Vec<_>>().join(" "));
            for u in &x.units {
                println!("unit: {} [{}] parent={} place={:?} aliases={:?}", u.name, u.unit_type.1, u.parent.map(|p| x.units[p].name.clone()).unwrap_or_default(), u.place, u.aliases);
            }
            for h in &x.holdings {
                println!("post: {} | {} | {}{}", x.people[h.person].name, h.title, h.unit.map(|u| x.units[u].name.clone()).unwrap_or_default(), if h.former { " (former)" } else { "" });
            }
            for k in &x.conferrals {
                let who: Vec<String> = k.recipients.iter().map(|r| match r {
                    Recipient::Person(i) => x.people[*i].name.clone(),
                    Recipient::Unit(i) => x.units[*i].name.clone(),
                    Recipient::Initiative(i) => x.initiatives[*i].name.clone(),
                }).collect();
                println!("award: {} | {} | {:?} {:?}", who.join("+"), k.award, k.level, k.year);
            }
            for i in &x.initiatives {
                println!("init: {} {:?} ({}) owner={}", i.name, i.aliases, i.kind, i.owner.map(|u| x.units[u].name.clone()).unwrap_or_default());
            }
            if std::env::var("DUMP_MENTIONS").is_ok() { for m in &x.mentions { println!("m: {:?} {} {:?} {:?}", m.span, m.text, m.kind, m.target); } }
            for o in &x.observations {
                println!("stat: {} {} {}", o.counted, o.value, o.unit_text);
            }
            for u in &x.utterances {
                println!("said: {} {:?}", u.label, u.span);
            }
        }
    }
}
