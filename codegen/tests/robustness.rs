//! Spec robustness at volume, the short run: seeded mutants of the real specs (`specs/`) and of
//! the upstream OpenAPI files (`specs/upstream/`), through load → lower → emit and through the
//! importer. No case may panic; each gives code that parses as Rust or an error that says where
//! (see `codegen::mutate`). The long run is `cargo xtask fuzz` (RELIABILITY.md).
//!
//! `ROBUSTNESS_CASES` changes the number of spec cases (the importer gets a tenth).

mod common;

use codegen::mutate::{Corpus, Target, Verdict, case_seed, run};
use common::{Scratch, workspace};

fn cases(default: u64) -> u64 {
    std::env::var("ROBUSTNESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn run_many(target: Target, seed: u64, count: u64) {
    let scratch = Scratch::new(&format!("robustness-{target:?}"));
    let corpus = Corpus::read(&workspace().join("specs"), Some(&scratch.0)).expect("corpus");
    let (mut accepted, mut refused, mut failed) = (0, 0, Vec::new());
    for index in 0..count {
        let case = run(&corpus, target, case_seed(seed, index), true);
        match &case.verdict {
            Verdict::Accepted => accepted += 1,
            Verdict::Refused => refused += 1,
            Verdict::Failed(_) => failed.push(case.to_string()),
        }
    }
    println!(
        "{target:?}: {accepted} accepted, {refused} refused, {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    // The mutants reach both outcomes, so the run tries the generator and not only the parser.
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn mutated_specs_never_panic_and_errors_say_where() {
    run_many(Target::Specs, 2026, cases(2_000));
}

#[test]
fn mutated_openapi_files_never_panic_and_errors_say_where() {
    run_many(Target::Import, 2026, cases(2_000) / 10);
}

/// The provider `1.5e300` once became the module `5e300` and panicked in emit (fuzz seed
/// 0x74e449af26962551 of the first long run).
#[test]
fn a_provider_part_starting_with_a_digit_is_a_located_error() {
    let scratch = Scratch::new("robustness-provider");
    let module = scratch.0.join("specs/key_vault");
    common::copy_tree(&workspace().join("specs/key_vault"), &module);
    let spec = module.join("private_endpoint_connections_put.yaml");
    let text = std::fs::read_to_string(&spec).expect("spec");
    assert!(text.contains("\nprovider: Microsoft.KeyVault\n"));
    std::fs::write(
        &spec,
        text.replace(
            "\nprovider: Microsoft.KeyVault\n",
            "\nprovider: \"1.5e300\"\n",
        ),
    )
    .expect("write");
    let message = codegen::generate(&scratch.0.join("specs"))
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("private_endpoint_connections_put.yaml:2:"),
        "{message}"
    );
    assert!(
        message.contains("is not a resource provider namespace"),
        "{message}"
    );
}

/// Sample compile checks: the first accepted mutants of the production specs (three, or
/// `ROBUSTNESS_COMPILE`), each written over its spec in a copy of `specs/`, generated into a copy
/// of the crate and built with `cargo check --all-targets`. Slow, so not in the short run:
/// `cargo test -p codegen --test robustness -- --ignored`.
#[test]
#[ignore]
fn accepted_mutants_compile() {
    let wanted: usize = std::env::var("ROBUSTNESS_COMPILE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let corpus = Corpus::read(&workspace().join("specs"), None).expect("corpus");
    let mut compiled = Vec::new();
    for index in 0..20_000 {
        if compiled.len() == wanted {
            break;
        }
        let case = run(&corpus, Target::Specs, case_seed(77, index), false);
        let production = !case.file.is_empty() && !case.file.starts_with("fixture/");
        if case.verdict != Verdict::Accepted || !production {
            continue;
        }
        let scratch = Scratch::new(&format!("robustness-compile-{index}"));
        let specs = scratch.0.join("specs");
        for module in ["batch", "container_service", "key_vault", "fixture"] {
            common::copy_tree(&workspace().join("specs").join(module), &specs.join(module));
        }
        std::fs::write(specs.join(&case.file), &case.document).expect("mutant");
        let crate_dir = scratch.0.join("generated");
        common::copy_tree(&workspace().join("generated"), &crate_dir);
        // Alone the mutant was accepted; with the whole folder a cross-spec check may refuse it.
        if codegen::generate_into(&specs, &crate_dir, false).is_err() {
            continue;
        }
        common::cargo_on_generated_copy(&scratch.0, &["check", "--all-targets"]);
        compiled.push(format!("{case}"));
    }
    println!(
        "compiled {} accepted mutants:\n{}",
        compiled.len(),
        compiled.join("\n")
    );
    assert_eq!(compiled.len(), wanted);
}
