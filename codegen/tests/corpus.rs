//! The corpus test (issue 10, item 5): every operation of every whole upstream OpenAPI file in
//! `../shared/upstream/specification` (beside the workspace) is imported into a scratch copy of
//! the workspace, generated, linted with clippy and replayed by the generated crate's tests.
//!
//! It is honest about what does not work yet: [`KNOWN_REFUSALS`] lists each operation the
//! importer refuses today, with the exact reason, and [`KNOWN_LINTS`] each clippy lint the
//! generated code still triggers. Anything else fails the test, and so does an entry that no
//! longer happens (an operation that now imports, a lint that is gone): the lists only shrink.
//!
//! Run it alone with `cargo test -p codegen --test corpus -- --nocapture` to see the per-file
//! counts (`imported N/M, compiled`).

mod common;

use codegen::import::{ImportOptions, default_output, import, write};
use common::{Scratch, copy_tree, workspace};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// An operation the importer refuses today, and why (the refusal's message, exactly).
struct KnownRefusal {
    /// The OpenAPI file's name, e.g. `keyvault.json`.
    file: &'static str,
    operation: &'static str,
    reason: &'static str,
}

const fn refused(
    file: &'static str,
    operation: &'static str,
    reason: &'static str,
) -> KnownRefusal {
    KnownRefusal {
        file,
        operation,
        reason,
    }
}

// The reasons, as the importer words them.
const PAGED: &str = "paged operations (`x-ms-pageable`) cannot be represented";
const URI_HEADER: &str = "header type Some(\"string\") with format Some(\"uri\") cannot be represented (string, or integer with int32/int64)";
const DURATION: &str = "`type: string` with `format: duration` cannot be represented in a spec";
const OPTIONAL_BODY: &str = "an optional request body (`required: false`) cannot be represented: the spec's body parameter is required";
const DATE: &str = "`type: string` with `format: date` cannot be represented in a spec";
/// The Batch long-running DELETE's example lists the final poll's 200, which the operation does
/// not declare.
const UNDECLARED_STATUS: &str = "the imported spec is refused: it would not generate. Nothing was \
written; line numbers refer to the YAML the import would write to \
batch/private_endpoint_connection_delete.yaml:
  line 67, column 11: example `PrivateEndpointConnectionDelete` answers with status 200, which the operation does not list
    hint: add the status to `responses` or fix the example
      67 |     file: examples/PrivateEndpointConnectionDelete.json";

/// Every refusal of today's importer. Shrink it as the importer learns; never grow it to make
/// the test pass without saying why in the commit.
const KNOWN_REFUSALS: &[KnownRefusal] = &[
    refused(
        "BatchManagement.json",
        "ApplicationPackage_Create",
        OPTIONAL_BODY,
    ),
    refused("BatchManagement.json", "ApplicationPackage_List", PAGED),
    refused("BatchManagement.json", "Application_Create", OPTIONAL_BODY),
    refused("BatchManagement.json", "Application_List", PAGED),
    refused("BatchManagement.json", "BatchAccount_List", PAGED),
    refused(
        "BatchManagement.json",
        "BatchAccount_ListByResourceGroup",
        PAGED,
    ),
    refused("BatchManagement.json", "BatchAccount_ListDetectors", PAGED),
    refused(
        "BatchManagement.json",
        "BatchAccount_ListOutboundNetworkDependenciesEndpoints",
        PAGED,
    ),
    refused(
        "BatchManagement.json",
        "Certificate_ListByBatchAccount",
        PAGED,
    ),
    refused(
        "BatchManagement.json",
        "Location_ListSupportedCloudServiceSkus",
        PAGED,
    ),
    refused(
        "BatchManagement.json",
        "Location_ListSupportedVirtualMachineSkus",
        PAGED,
    ),
    refused("BatchManagement.json", "Operations_List", PAGED),
    refused("BatchManagement.json", "Pool_Create", DURATION),
    refused("BatchManagement.json", "Pool_DisableAutoScale", DURATION),
    refused("BatchManagement.json", "Pool_Get", DURATION),
    refused("BatchManagement.json", "Pool_ListByBatchAccount", PAGED),
    refused("BatchManagement.json", "Pool_StopResize", DURATION),
    refused("BatchManagement.json", "Pool_Update", DURATION),
    refused(
        "BatchManagement.json",
        "PrivateEndpointConnection_Delete",
        UNDECLARED_STATUS,
    ),
    refused(
        "BatchManagement.json",
        "PrivateEndpointConnection_ListByBatchAccount",
        PAGED,
    ),
    refused(
        "BatchManagement.json",
        "PrivateLinkResource_ListByBatchAccount",
        PAGED,
    ),
    refused(
        "keyvault.json",
        "PrivateEndpointConnections_ListByResource",
        PAGED,
    ),
    refused("keyvault.json", "Vaults_List", PAGED),
    refused("keyvault.json", "Vaults_ListByResourceGroup", PAGED),
    refused("keyvault.json", "Vaults_ListBySubscription", PAGED),
    refused("keyvault.json", "Vaults_ListDeleted", PAGED),
    refused(
        "managedClusters.json",
        "AgentPools_AbortLatestOperation",
        URI_HEADER,
    ),
    refused("managedClusters.json", "AgentPools_Delete", URI_HEADER),
    refused(
        "managedClusters.json",
        "AgentPools_DeleteMachines",
        URI_HEADER,
    ),
    refused("managedClusters.json", "AgentPools_List", PAGED),
    refused(
        "managedClusters.json",
        "AgentPools_UpgradeNodeImageVersion",
        URI_HEADER,
    ),
    refused("managedClusters.json", "Machines_List", PAGED),
    refused(
        "managedClusters.json",
        "MaintenanceConfigurations_CreateOrUpdate",
        DATE,
    ),
    refused(
        "managedClusters.json",
        "MaintenanceConfigurations_Get",
        DATE,
    ),
    refused(
        "managedClusters.json",
        "MaintenanceConfigurations_ListByManagedCluster",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "ManagedClusters_AbortLatestOperation",
        URI_HEADER,
    ),
    refused("managedClusters.json", "ManagedClusters_Delete", URI_HEADER),
    refused("managedClusters.json", "ManagedClusters_List", PAGED),
    refused(
        "managedClusters.json",
        "ManagedClusters_ListByResourceGroup",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "ManagedClusters_ListMeshRevisionProfiles",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "ManagedClusters_ListMeshUpgradeProfiles",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "ManagedClusters_ListOutboundNetworkDependenciesEndpoints",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "ManagedClusters_UpdateTags",
        URI_HEADER,
    ),
    refused(
        "managedClusters.json",
        "ManagedNamespaces_Delete",
        URI_HEADER,
    ),
    refused(
        "managedClusters.json",
        "ManagedNamespaces_ListByManagedCluster",
        PAGED,
    ),
    refused("managedClusters.json", "Operations_List", PAGED),
    refused("managedClusters.json", "Snapshots_List", PAGED),
    refused(
        "managedClusters.json",
        "Snapshots_ListByResourceGroup",
        PAGED,
    ),
    refused(
        "managedClusters.json",
        "TrustedAccessRoleBindings_Delete",
        URI_HEADER,
    ),
    refused(
        "managedClusters.json",
        "TrustedAccessRoleBindings_List",
        PAGED,
    ),
    refused("managedClusters.json", "TrustedAccessRoles_List", PAGED),
];

/// A clippy lint the generated code still triggers: the emitted file, the lint, and why.
struct KnownLint {
    file: &'static str,
    lint: &'static str,
    why: &'static str,
}

/// Every clippy lint of today's generated code (clippy runs on `--all-targets`).
const KNOWN_LINTS: &[KnownLint] = &[KnownLint {
    file: "src/key_vault/client.rs",
    lint: "clippy::large_enum_variant",
    why: "PrivateEndpointConnections_Get's outcome enum: a 200 with a body beside a 204 without",
}];

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
        let mut imported = 0;
        for operation in &operations {
            seen.insert((name.clone(), operation.clone()));
            let outcome = import_operation(file, operation, &specs);
            let known = KNOWN_REFUSALS
                .iter()
                .find(|k| k.file == name && k.operation == operation);
            match (outcome, known) {
                (Ok(()), None) => imported += 1,
                (Ok(()), Some(_)) => surprises.push(format!(
                    "{name} {operation} now imports: remove it from KNOWN_REFUSALS"
                )),
                (Err(reason), Some(known)) if known.reason == reason => {}
                (Err(reason), _) => surprises.push(format!(
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
    assert!(
        tests.status.success(),
        "the generated crate's tests fail:\n{report}"
    );
    let (passed, failed) = test_totals(&report);
    println!("tests: {passed} passed, {failed} failed");
    assert_quirks_replayed(&crate_dir);
    for (name, imported, total) in counts {
        println!("{name}: imported {imported}/{total}, compiled");
    }
}

/// Imports one operation into `specs` as `cargo xtask import` would, with a warning for each
/// example file missing upstream. The error is the refusal's message, without the machine's paths.
fn import_operation(openapi: &Path, operation_id: &str, specs: &Path) -> Result<(), String> {
    let options = ImportOptions {
        skip_missing_examples: true,
    };
    let imported = import(openapi, operation_id, &options).map_err(|e| e.message)?;
    write(&imported, &default_output(specs, &imported))
        .map(|_| ())
        .map_err(|e| e.to_string().replace(&format!("{}/", specs.display()), ""))
}

/// `../shared/upstream/specification`, beside the workspace (CI's clean clone is `<root>/main`
/// beside `<root>/shared`).
fn upstream_specification() -> PathBuf {
    let workspace = workspace();
    let upstream = workspace
        .parent()
        .map(|root| root.join("shared/upstream/specification"))
        .filter(|dir| dir.is_dir());
    upstream.unwrap_or_else(|| {
        panic!(
            "the corpus test needs the upstream OpenAPI files in ../shared/upstream/specification \
             beside the workspace ({}); they are missing",
            workspace.display()
        )
    })
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
