//! The corpus test (issue 10, item 5): every operation of every whole upstream OpenAPI file in
//! `specs/upstream/specification` (a verbatim copy of `../shared/upstream`, which
//! `the_upstream_copy_is_verbatim` checks wherever that folder is present) is imported, as
//! `cargo xtask import --all --keep-going` does, into a scratch copy of the workspace,
//! generated, linted with clippy and replayed by the generated crate's tests.
//!
//! It is honest about what does not work yet: [`KNOWN_REFUSALS`] lists each operation the
//! importer refuses today, with the exact reason, and [`KNOWN_LINTS`] each clippy lint the
//! generated code still triggers. Anything else fails the test, and so does an entry that no
//! longer happens (an operation that now imports, a lint that is gone): the lists only shrink.
//!
//! Run it alone with `cargo test -p codegen --test corpus -- --nocapture` to see the per-file
//! counts (`imported N/M, compiled`).

mod common;

use codegen::import::{ImportOptions, Selection, import_many, write_many};
use common::{Scratch, copy_tree, workspace};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// An operation the importer refuses today, and why (the refusal's message, exactly).
struct KnownRefusal {
    /// The OpenAPI file's name, e.g. `keyvault.json`.
    file: &'static str,
    operation: &'static str,
    reason: &'static str,
}

/// Every refusal of today's importer (none, for the three whole files). Add an entry only with
/// the reason, exactly, and say why in the commit.
const KNOWN_REFUSALS: &[KnownRefusal] = &[];

/// A clippy lint the generated code still triggers: the emitted file, the lint, and why.
struct KnownLint {
    file: &'static str,
    lint: &'static str,
    why: &'static str,
}

/// Every clippy lint of today's generated code (clippy runs on `--all-targets`).
const KNOWN_LINTS: &[KnownLint] = &[];

/// An emitted replay of an upstream example that fails today, and why.
struct KnownFailingReplay {
    test: &'static str,
    why: &'static str,
}

/// Every emitted replay that fails today (none). The test fails on any failure not listed,
/// and on an entry that passes: the list only shrinks. Add an entry only with the reason, and
/// say why in the commit.
const KNOWN_FAILING_REPLAYS: &[KnownFailingReplay] = &[];

/// An upstream example the replays must cope with, and the emitted test that proves they do
/// (it must exist once its operation imports; the crate's tests then all pass).
struct Quirk {
    file: &'static str,
    operation: &'static str,
    /// The emitted test file and test, e.g. `tests/batch_examples.rs`.
    tests: &'static str,
    test: &'static str,
    quirk: &'static str,
}

const QUIRKS: &[Quirk] = &[
    Quirk {
        file: "BatchManagement.json",
        operation: "PrivateLinkResource_Get",
        tests: "tests/batch_examples.rs",
        test: "get_private_link_resource_replays_200",
        quirk: "the example says api-version 2022-01-01; the client sends the spec's 2022-06-01",
    },
    Quirk {
        file: "keyvault.json",
        operation: "PrivateEndpointConnections_Delete",
        tests: "tests/key_vault_examples.rs",
        test: "key_vault_delete_private_endpoint_connection_replays_202",
        quirk: "the example's 202 Location is on https://some.endpoint.com",
    },
    Quirk {
        file: "keyvault.json",
        operation: "PrivateEndpointConnections_ListByResource",
        tests: "tests/key_vault_examples.rs",
        test: "key_vault_list_private_endpoint_connection_round_trips",
        quirk: "the example's body says \"nextLink\": null",
    },
    Quirk {
        file: "keyvault.json",
        operation: "PrivateEndpointConnections_ListByResource",
        tests: "tests/key_vault_examples.rs",
        test: "key_vault_list_private_endpoint_connection_replays_200",
        quirk: "the example's page says \"nextLink\": null; the paged replay reads it as absent",
    },
    Quirk {
        file: "BatchManagement.json",
        operation: "PrivateEndpointConnection_Delete",
        tests: "tests/batch_examples.rs",
        test: "private_endpoint_connection_delete_replays_202",
        quirk: "the example's DELETE 202 has no Location: accepted with nothing to follow, it is over",
    },
];

#[test]
fn every_upstream_operation_imports_generates_passes_clippy_and_replays() {
    let upstream = upstream_specification();
    let files = openapi_files(&upstream);
    assert!(
        !files.is_empty(),
        "no OpenAPI file with operations under {}",
        upstream.display()
    );
    let scratch = Scratch::new("corpus");
    let specs = scratch.0.join("specs");
    copy_tree(&workspace().join("specs"), &specs);
    let crate_dir = scratch.0.join("generated");
    copy_tree(&workspace().join("generated"), &crate_dir);

    let mut counts = Vec::new();
    let mut surprises = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let name = file_name(file);
        let operations = operation_ids(file);
        let refusals = import_file(file, &specs);
        let mut imported = 0;
        for operation in &operations {
            seen.insert((name.clone(), operation.clone()));
            let known = KNOWN_REFUSALS
                .iter()
                .find(|k| k.file == name && k.operation == operation);
            match (refusals.get(operation), known) {
                (None, None) => imported += 1,
                (None, Some(_)) => surprises.push(format!(
                    "{name} {operation} now imports: remove it from KNOWN_REFUSALS"
                )),
                (Some(reason), Some(known)) if known.reason == reason => {}
                (Some(reason), _) => surprises.push(format!(
                    "{name} {operation} is refused: {reason:?}\n  update KNOWN_REFUSALS if that is expected"
                )),
            }
        }
        println!("{name}: imported {imported}/{}", operations.len());
        counts.push((name, imported, operations.len()));
    }
    for known in KNOWN_REFUSALS {
        if !seen.contains(&(known.file.to_string(), known.operation.to_string())) {
            surprises.push(format!(
                "KNOWN_REFUSALS names {} {}, which is not an operation upstream",
                known.file, known.operation
            ));
        }
    }
    assert!(surprises.is_empty(), "{}", surprises.join("\n"));

    codegen::generate_into(&specs, &crate_dir, false).unwrap_or_else(|e| panic!("{e}"));
    println!("generated");
    assert_lints_are_the_known_ones(&scratch.0);
    println!("clippy: only the {} known lints", KNOWN_LINTS.len());
    let tests = common::cargo_output_on_generated_copy(&scratch.0, &["test", "--no-fail-fast"]);
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&tests.stdout),
        String::from_utf8_lossy(&tests.stderr)
    );
    let failing: BTreeSet<&str> = report
        .lines()
        // `test <name> ... FAILED`, or `<name> --- FAILED` where the harness is terse.
        .filter_map(|line| {
            line.strip_suffix(" --- FAILED")
                .or_else(|| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        })
        .collect();
    let known: BTreeSet<&str> = KNOWN_FAILING_REPLAYS.iter().map(|k| k.test).collect();
    assert_eq!(
        failing, known,
        "the failing replays are not exactly KNOWN_FAILING_REPLAYS:\n{report}"
    );
    assert!(
        tests.status.success() || !known.is_empty(),
        "the generated crate's tests fail:\n{report}"
    );
    for known in KNOWN_FAILING_REPLAYS {
        println!("known failing replay {}: {}", known.test, known.why);
    }
    let (passed, failed) = test_totals(&report);
    println!("tests: {passed} passed, {failed} failed");
    assert_quirks_replayed(&crate_dir);
    for (name, imported, total) in counts {
        println!("{name}: imported {imported}/{total}, compiled");
    }
}

/// Imports every operation of `openapi` into `specs` as `cargo xtask import --all --keep-going
/// --skip-missing-examples` does: the models go to each module's `definitions.yaml`. Gives the
/// refused operations with their reasons, without the machine's paths.
fn import_file(openapi: &Path, specs: &Path) -> BTreeMap<String, String> {
    let options = ImportOptions {
        skip_missing_examples: true,
    };
    let selection = Selection {
        all: true,
        ..Selection::default()
    };
    let batch = import_many(openapi, &selection, &options).unwrap_or_else(|e| panic!("{e}"));
    let written = write_many(&batch.imported, specs, true).unwrap_or_else(|e| panic!("{e}"));
    let scratch = format!("{}/", specs.display());
    batch
        .refused
        .into_iter()
        .chain(written.refused)
        .map(|refusal| (refusal.operation, refusal.reason.replace(&scratch, "")))
        .collect()
}

/// The whole upstream files, as the repository keeps them.
fn upstream_specification() -> PathBuf {
    workspace().join("specs/upstream/specification")
}

/// `specs/upstream` is a verbatim copy of `../shared/upstream` (beside the workspace, as in
/// CI's clean clone `<root>/main` beside `<root>/shared`): every upstream file is there, byte
/// for byte. Where the shared folder is absent there is nothing to compare, and it says so.
#[test]
fn the_upstream_copy_is_verbatim() {
    let Some(shared) = workspace()
        .parent()
        .map(|root| root.join("shared/upstream/specification"))
        .filter(|dir| dir.is_dir())
    else {
        println!("no ../shared/upstream beside the workspace: nothing to compare");
        return;
    };
    let copy = upstream_specification();
    let mut differ = Vec::new();
    for (path, contents) in common::file_tree(&shared) {
        let relative = path.strip_prefix(&shared).expect("under shared");
        if fs::read(copy.join(relative)).ok().as_ref() != Some(&contents) {
            differ.push(relative.display().to_string());
        }
    }
    assert!(
        differ.is_empty(),
        "specs/upstream/specification differs from ../shared/upstream/specification in:\n{}\ncopy the shared files over",
        differ.join("\n")
    );
}

/// Every `*.json` under `dir` with at least one operation, sorted.
fn openapi_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = common::file_tree(dir)
        .into_keys()
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| !operation_ids(path).is_empty())
        .collect();
    files.sort();
    files
}

/// The operationIds of an OpenAPI file, in file order; none for any other JSON file.
fn operation_ids(file: &Path) -> Vec<String> {
    let text = fs::read_to_string(file).unwrap_or_default();
    let document: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let Some(paths) = document.get("paths").and_then(|p| p.as_object()) else {
        return Vec::new();
    };
    paths
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|operation| operation.get("operationId")?.as_str())
        .map(str::to_string)
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs clippy on every target of the generated copy and checks that it reports exactly the
/// [`KNOWN_LINTS`]; with none known, this is `cargo clippy --all-targets -- -D warnings`.
fn assert_lints_are_the_known_ones(scratch: &Path) {
    let output = common::cargo_output_on_generated_copy(
        scratch,
        &["clippy", "--all-targets", "--message-format=json"],
    );
    let mut found = BTreeSet::new();
    let mut rendered = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let diagnostic = &message["message"];
        let Some(text) = diagnostic["rendered"].as_str() else {
            continue;
        };
        let lint = diagnostic["code"]["code"].as_str().unwrap_or("");
        // The summary lines ("1 warning emitted") point at no file.
        let Some(file) = diagnostic["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
            .and_then(|span| span["file_name"].as_str())
        else {
            continue;
        };
        let file = file.strip_prefix("generated/").unwrap_or(file);
        if found.insert((file.to_string(), lint.to_string())) {
            rendered.push(text.to_string());
        }
    }
    assert!(
        output.status.success(),
        "clippy fails on the generated crate:\n{}\n{}",
        rendered.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    );
    let known: BTreeSet<(String, String)> = KNOWN_LINTS
        .iter()
        .map(|k| (k.file.to_string(), k.lint.to_string()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "clippy's lints differ from KNOWN_LINTS; update the list (or fix the generator)\n\
         new: {new:?}\ngone: {gone:?}\n{}",
        rendered.join("\n")
    );
    for known in KNOWN_LINTS {
        println!(
            "clippy: known {} in {}: {}",
            known.lint, known.file, known.why
        );
    }
}

/// Sums the `test result: ok. N passed; M failed` lines of `cargo test`.
fn test_totals(report: &str) -> (usize, usize) {
    let count = |line: &str, word: &str| {
        line.split(';')
            .find_map(|part| {
                part.trim()
                    .strip_suffix(word)?
                    .trim()
                    .rsplit(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or(0)
    };
    report
        .lines()
        .filter(|line| line.starts_with("test result:"))
        .fold((0, 0), |(passed, failed), line| {
            (
                passed + count(line, "passed"),
                failed + count(line, "failed"),
            )
        })
}

/// Each [`QUIRKS`] test was emitted, unless its operation is still a known refusal.
fn assert_quirks_replayed(crate_dir: &Path) {
    for quirk in QUIRKS {
        let refused = KNOWN_REFUSALS
            .iter()
            .any(|k| k.file == quirk.file && k.operation == quirk.operation);
        if refused {
            println!(
                "not yet replayed ({} is refused): {}",
                quirk.operation, quirk.quirk
            );
            continue;
        }
        let tests = fs::read_to_string(crate_dir.join(quirk.tests)).unwrap_or_default();
        assert!(
            tests.contains(&format!("fn {}(", quirk.test)),
            "{} has no test {} of {} {} ({})",
            quirk.tests,
            quirk.test,
            quirk.file,
            quirk.operation,
            quirk.quirk
        );
        println!("replayed: {} ({})", quirk.test, quirk.quirk);
    }
}
