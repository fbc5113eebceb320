//! Integration tests: the `zhkg` binary end to end, on inputs the tests write themselves.

mod cli;
mod extract;
mod golden;
mod push;
mod resolve;
mod robust;
mod scale;
mod serve;
mod view;

/// The `zhkg` binary as a plain process, without the caller's `ZHKG_STORE`.
fn zhkg() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("zhkg"));
    c.env_remove("ZHKG_STORE");
    c
}
