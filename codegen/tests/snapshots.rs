//! The emitted code of the tests' frozen copies of the real specs, of the test-only fixture
//! service, and of the edge-case fixture, under insta snapshots. The frozen copies keep these
//! snapshots still when a provider is re-imported; `generated_crate.rs` checks that the
//! checked-in crate matches the production specs.

mod common;
mod frozen;

use common::{Scratch, workspace};
use std::path::Path;

#[test]
fn specs_emit_the_checked_in_snapshots() {
    let specs = Scratch::new("snapshot-specs");
    frozen::copy_specs(&specs.0);
    let files = codegen::generate(&specs.0).unwrap_or_else(|e| panic!("{e}"));
    // The API records under api/ are the specs as data, not emitted code.
    for file in files.into_iter().filter(|f| f.path.ends_with(".rs")) {
        let name = file.path.replace('/', "__");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn edge_case_fixture_emits_the_checked_in_snapshots() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edge_cases.yaml");
    let file = codegen::load::load_file(&path, "contoso/edge_cases.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let krate = codegen::lower::lower(&[file]).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_debug_snapshot!("edge_cases__ir", krate);
    for file in codegen::emit::emit(&krate).expect("emits") {
        insta::assert_snapshot!(
            format!("edge_cases__{}", file.path.replace('/', "__")),
            file.contents
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let first = codegen::generate(&workspace().join("specs")).expect("generates");
    let second = codegen::generate(&workspace().join("specs")).expect("generates");
    assert_eq!(first, second);
}
