//! Integration tests: the `zhkg` binary end to end, on inputs the tests write themselves.

mod cli;
mod extract;
mod robust;
mod scale;
