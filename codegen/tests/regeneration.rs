//! A new api-version, end to end: a modified copy of an upstream Batch OpenAPI file is
//! imported, generated and compiled. The diff of `generated/` is exactly the API change, and the
//! summary names each change, marking the removal as breaking.
//!
//! It runs on the tests' own frozen specs and a frozen excerpt of the upstream Batch file, so a
//! re-import of the production specs changes nothing here.

use codegen::import::{ImportOptions, import, write};
use std::collections::BTreeMap;
mod common;
mod frozen;

use common::{Scratch, copy_tree, workspace};
use std::fs;
use std::path::{Path, PathBuf};

/// The excerpt of the upstream Batch 2022-06-01 file that the frozen Batch spec was imported from.
const BATCH_EXCERPT: &str = "codegen/tests/fixtures/openapi/batch_excerpt/BatchManagement.json";

/// The upstream Batch excerpt as a new api-version would ship it: version bumped, a property
/// added, an enum value added, status 204 removed.
fn bumped_upstream(into: &Path) -> PathBuf {
    let source = workspace().join(BATCH_EXCERPT);
    let mut openapi: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(source).expect("upstream")).expect("JSON");
    openapi["info"]["version"] = "2024-07-01".into();
    let path = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Batch/batchAccounts/{accountName}/privateEndpointConnections/{privateEndpointConnectionName}";
    let responses = openapi["paths"][path]["patch"]["responses"]
        .as_object_mut()
        .expect("responses");
    responses.remove("204");
    let properties =
        &mut openapi["definitions"]["PrivateEndpointConnectionProperties"]["properties"];
    properties.as_object_mut().expect("properties").insert(
        "privateEndpointIpAddress".into(),
        serde_json::json!({
            "type": "string",
            "readOnly": true,
            "description": "The IP address of the private endpoint."
        }),
    );
    let status = &mut openapi["definitions"]["PrivateLinkServiceConnectionStatus"];
    status["enum"]
        .as_array_mut()
        .expect("enum")
        .push("Expired".into());
    status["x-ms-enum"]["values"]
        .as_array_mut()
        .expect("values")
        .push(serde_json::json!({
            "value": "Expired",
            "description": "The private endpoint connection has expired."
        }));
    let file = into.join("2024-07-01/BatchManagement.json");
    fs::create_dir_all(file.parent().expect("dir")).expect("dir");
    fs::write(&file, serde_json::to_string_pretty(&openapi).expect("JSON")).expect("write");
    file
}

/// Lines only in `old` (prefixed `-`) and only in `new` (`+`), in order, by longest common subsequence.
fn line_diff(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(format!("+{}", b[j]));
            j += 1;
        } else {
            out.push(format!("-{}", a[i]));
            i += 1;
        }
    }
    out
}

fn files(specs: &Path) -> BTreeMap<String, String> {
    codegen::generate(specs)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

#[test]
fn a_new_api_version_changes_only_what_changed_in_the_api() {
    let scratch = Scratch::new("bump");
    let original = scratch.0.join("original-specs");
    frozen::copy_specs(&original);
    let specs = scratch.0.join("specs");
    copy_tree(&original, &specs);
    let crate_dir = scratch.0.join("generated");
    copy_tree(&workspace().join("generated"), &crate_dir);
    // The crate and its API records as the frozen specs generate them: the state before the bump.
    codegen::generate_into(&original, &crate_dir, false).unwrap_or_else(|e| panic!("{e}"));

    // Import the new version over the Batch spec, then regenerate.
    let upstream = bumped_upstream(&scratch.0.join("upstream"));
    let options = ImportOptions {
        skip_missing_examples: true,
    };
    let imported = import(&upstream, "PrivateEndpointConnection_Update", &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let spec_path = specs.join("batch/private_endpoint_connection_update.yaml");
    write(&imported, &spec_path).expect("import writes the spec");
    // The docs-only example is not upstream, so the import dropped it with the old version's
    // files. Put the checked-in one back, as a maintainer transcribing the new docs page would.
    let example = "batch/examples/PrivateEndpointConnectionUpdate.json";
    fs::copy(original.join(example), specs.join(example)).expect("example");
    let mut spec_text = fs::read_to_string(&spec_path).expect("spec");
    if !spec_text.contains("examples:") {
        let original =
            fs::read_to_string(original.join("batch/private_endpoint_connection_update.yaml"))
                .expect("spec");
        let examples_block = original
            .split("\n  examples:\n")
            .nth(1)
            .and_then(|rest| rest.split("\nmodels:").next())
            .expect("examples block");
        spec_text = spec_text.replacen(
            "\nmodels:",
            &format!("\n  examples:\n{examples_block}\nmodels:"),
            1,
        );
        fs::write(&spec_path, spec_text).expect("spec");
    }

    let before = files(&original);
    let report =
        codegen::generate_into(&specs, &crate_dir, false).unwrap_or_else(|e| panic!("{e}"));
    let after = files(&specs);

    // Only the Batch files changed, and unchanged models and methods stay byte-identical.
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert_eq!(
        changed,
        [
            "api/batch/private_endpoint_connection_update.json",
            "src/batch/client.rs",
            "src/batch/mod.rs",
            "src/batch/models.rs",
            "src/lib.rs",
        ]
    );
    let mut diff = String::new();
    for path in changed.iter().filter(|p| p.ends_with(".rs")) {
        diff.push_str(&format!("--- {path}\n"));
        for line in line_diff(&before[*path], &after[*path]) {
            diff.push_str(&line);
            diff.push('\n');
        }
    }
    insta::assert_snapshot!("bumped_batch_generated_diff", diff);

    // The summary names each change; the removed status is breaking.
    assert_eq!(report.api_changes.len(), 1);
    let summary = report.api_changes[0].to_string();
    insta::assert_snapshot!("bumped_batch_summary", summary);
    assert!(
        summary.contains("api-version 2022-06-01 -> 2024-07-01"),
        "{summary}"
    );
    assert!(
        summary.contains("BREAKING  removed status 204"),
        "{summary}"
    );
    assert!(summary.contains("privateEndpointIpAddress"), "{summary}");
    assert!(summary.contains("`Expired`"), "{summary}");

    // And the regenerated crate compiles.
    assert!(crate_dir.starts_with(&scratch.0));
    common::cargo_on_generated_copy(&scratch.0, &["check"]);
}
