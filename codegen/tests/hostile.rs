//! Hostile identifiers: a fixture service (`fixtures/hostile/`) whose every name is hard (Rust
//! keywords, `self`/`Self`/`crate`, names starting with a digit, non-ASCII names, names of the
//! generated helpers: `Options`, `Outcome`, `Client`, `new`, `default`, `ServiceError`) must
//! generate a crate that builds and passes clippy; names that truly collide are refused, each
//! with its location.

mod common;
mod frozen;

use common::{Scratch, copy_tree, workspace};

#[test]
fn hostile_names_give_a_crate_that_passes_clippy() {
    let scratch = Scratch::new("hostile");
    let specs = scratch.0.join("specs");
    frozen::copy_specs(&specs);
    copy_tree(
        &workspace().join("codegen/tests/fixtures/hostile"),
        &specs.join("hostile"),
    );
    let crate_dir = scratch.0.join("generated");
    copy_tree(&workspace().join("generated"), &crate_dir);
    codegen::generate_into(&specs, &crate_dir, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(crate_dir.join("src/hostile/client.rs").exists());
    common::cargo_on_generated_copy(
        &scratch.0,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    );
}
