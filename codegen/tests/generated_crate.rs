//! The checked-in `generated/` crate matches the specs, and `generate` writes all or nothing.

use codegen::output;
mod common;
mod frozen;

use common::{Scratch, file_tree, workspace};
use std::fs;

/// `cargo xtask generate --check`, as a test: a stale crate fails `cargo test`.
#[test]
fn generated_crate_is_current() {
    let drift = codegen::generate_into(
        &workspace().join("specs"),
        &workspace().join("generated"),
        true,
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .drift;
    assert!(
        drift.is_empty(),
        "generated/ is out of date; run `cargo xtask generate`:\n{}",
        drift.describe()
    );
}

#[test]
fn a_misspelt_model_name_writes_nothing() {
    // The tests' own specs, so the texts edited below stay as they are.
    let specs = Scratch::new("specs-typo");
    frozen::copy_specs(&specs.0);
    let crate_dir = Scratch::copy_of(&workspace().join("generated"), "crate-typo");
    let spec = specs
        .0
        .join("container_service/private_endpoint_connections_update.yaml");
    let text = fs::read_to_string(&spec).expect("spec");
    let misspelt = text.replacen("model: ErrorResponse", "model: ErrorRespnse", 1);
    assert_ne!(misspelt, text);
    fs::write(&spec, misspelt).expect("write");
    // Also make a change that would rewrite files, to prove nothing is written.
    let other = specs
        .0
        .join("key_vault/private_endpoint_connections_put.yaml");
    let text = fs::read_to_string(&other).expect("spec");
    let bumped = text.replacen(
        "api_version: \"2024-11-01\"",
        "api_version: \"2099-01-01\"",
        1,
    );
    assert_ne!(bumped, text);
    fs::write(&other, bumped).expect("write");

    let before = file_tree(&crate_dir.0);
    let error =
        codegen::generate_into(&specs.0, &crate_dir.0, false).expect_err("the typo is refused");
    let message = error.to_string();
    assert!(
        message.contains("private_endpoint_connections_update.yaml:")
            && message.contains("unknown model `ErrorRespnse`"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `ErrorResponse`?"),
        "{message}"
    );
    let position = message.split(".yaml:").nth(1).expect("position");
    let mut numbers = position.split(':').take(2).map(|n| n.parse::<usize>());
    assert!(
        matches!((numbers.next(), numbers.next()), (Some(Ok(l)), Some(Ok(c))) if l > 1 && c > 1),
        "{message}"
    );
    assert_eq!(
        before,
        file_tree(&crate_dir.0),
        "generate wrote files despite a spec error"
    );
}

#[test]
fn a_hand_written_file_in_the_way_is_never_overwritten() {
    let crate_dir = Scratch::copy_of(&workspace().join("generated"), "crate-hand-written");
    let files = codegen::generate(&workspace().join("specs")).expect("generates");
    // A file the generator emits, replaced by one written by hand.
    let taken = crate_dir.0.join("src/batch/models.rs");
    fs::write(&taken, "// written by hand\n").expect("write");
    let stale = crate_dir.0.join("src/key_vault/models.rs");
    fs::write(&stale, format!("{}\n// old\n", codegen::emit::HEADER)).expect("write");
    let before = fs::read(&stale).expect("read");

    let error = output::apply(&crate_dir.0, &files).expect_err("refused");
    assert!(error.to_string().contains("src/batch/models.rs"), "{error}");
    assert_eq!(
        fs::read_to_string(&taken).expect("read"),
        "// written by hand\n"
    );
    assert_eq!(
        fs::read(&stale).expect("read"),
        before,
        "nothing was written"
    );
    assert!(output::drift(&crate_dir.0, &files).is_err());
}

#[test]
fn apply_touches_only_changed_files_and_removes_orphans() {
    let crate_dir = Scratch::copy_of(&workspace().join("generated"), "crate-apply");
    let files = codegen::generate(&workspace().join("specs")).expect("generates");

    // An orphaned emitted file, a stale one, and a hand-written file.
    let orphan = crate_dir.0.join("src/retired/mod.rs");
    fs::create_dir_all(orphan.parent().expect("parent")).expect("dir");
    fs::write(
        &orphan,
        format!(
            "{}\n// from a spec that was removed\n",
            codegen::emit::HEADER
        ),
    )
    .expect("write");
    let stale = crate_dir.0.join("src/batch/models.rs");
    fs::write(&stale, format!("{}\n// old\n", codegen::emit::HEADER)).expect("write");
    let hand_written = crate_dir.0.join("tests/support/mod.rs");
    let hand_written_before = fs::read(&hand_written).expect("support module");

    let check = output::drift(&crate_dir.0, &files).expect("drift");
    assert_eq!(check.stale, vec!["src/batch/models.rs".to_string()]);
    assert_eq!(check.orphaned, vec!["src/retired/mod.rs".to_string()]);
    assert!(check.missing.is_empty());

    let applied = output::apply(&crate_dir.0, &files).expect("apply");
    assert_eq!(applied, check);
    assert!(!orphan.exists());
    assert_eq!(
        fs::read(&hand_written).expect("support module"),
        hand_written_before
    );
    assert!(
        output::drift(&crate_dir.0, &files)
            .expect("drift")
            .is_empty()
    );
    assert!(
        output::apply(&crate_dir.0, &files)
            .expect("apply")
            .is_empty(),
        "a second run changes nothing"
    );
}
