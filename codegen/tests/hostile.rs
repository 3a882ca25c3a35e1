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

/// Names that truly collide, added to the hostile fixture: each is refused with its own
/// `file:line:column`, and no other name is.
#[test]
fn true_conflicts_are_refused_each_with_its_location() {
    let scratch = Scratch::new("hostile-conflicts");
    let module = scratch.0.join("specs/hostile");
    copy_tree(&workspace().join("codegen/tests/fixtures/hostile"), &module);
    let definitions = module.join("definitions.yaml");
    let text = std::fs::read_to_string(&definitions).expect("definitions");
    let conflicts_models = "models:
  - name: Twins
    description: Two properties that differ only by case and `_`.
    properties:
      - { name: fooBar, type: string, description: One. }
      - { name: foo_bar, type: string, description: The other. }
  - name: Self
    description: A model named `Self`.
  - name: Größe
    description: A model name that is not ASCII.
";
    let conflicts_enums = "enums:
  - name: Selves
    description: Two values that become the same variant.
    extensible: false
    values: [{ value: self }, { value: Self }]
  - name: Catches
    description: A value named like the catch-all of an extensible enum.
    extensible: true
    values: [{ value: UnknownValue }]
";
    let text =
        text.replacen("models:\n", conflicts_models, 1)
            .replacen("enums:\n", conflicts_enums, 1);
    std::fs::write(&definitions, &text).expect("write");
    let message = codegen::generate(&scratch.0.join("specs"))
        .expect_err("the conflicts are refused")
        .to_string();
    let line_of = |needle: &str| {
        1 + text
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"))
    };
    let line_exact = |wanted: &str| {
        1 + text
            .lines()
            .position(|l| l == wanted)
            .unwrap_or_else(|| panic!("{wanted}"))
    };
    let expected = [
        (line_of("{ name: foo_bar"), "foo_bar"),
        (line_exact("  - name: Self"), "Self"),
        (line_exact("  - name: Größe"), "Größe"),
        (line_of("values: [{ value: self }"), "Self"),
        (line_of("values: [{ value: UnknownValue }]"), "UnknownValue"),
    ];
    // A refused declaration leaves the names it would have declared unknown to the rest; those
    // follow-on errors are located too, but are not conflicts of their own.
    let errors: Vec<&str> = message
        .lines()
        .filter(|l| l.contains(": error: ") && !l.contains(": error: unknown "))
        .collect();
    for (line, name) in expected {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("definitions.yaml:{line}:")) && e.contains(name)),
            "no located error for `{name}` at line {line}:\n{message}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{message}");
}
