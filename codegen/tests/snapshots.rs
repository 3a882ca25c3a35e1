//! The emitted code of the real specs and of the edge-case fixture, under insta snapshots.

mod common;

use common::workspace;
use std::path::Path;

#[test]
fn specs_emit_the_checked_in_snapshots() {
    let files = codegen::generate(&workspace().join("specs")).unwrap_or_else(|e| panic!("{e}"));
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
