//! Specs unlike the three real ones, generated beside the tests' frozen copies of them (and the
//! test-only fixture service) into a copy of the crate, which must then pass clippy and its own
//! tests:
//!
//! - the edge-case fixture: keyword names, extensible and closed enums, read-only and recursive
//!   fields, maps, free-form JSON, an optional header, a long-running PUT answering 201 with
//!   `Azure-AsyncOperation`, an error model without an envelope;
//! - the importer's widgets fixture, imported as a maintainer would: a uuid header, an int32
//!   query parameter, a long-running PUT replayed from its example file;
//! - a Batch example whose 202 has no headers, as upstream examples often do.
//!
//! The edge-case fixture has no example file, so its code is compiled and linted, not run.
//!
//! Snapshots show what the generator writes; this shows that what it writes builds and works.

mod common;
mod frozen;

use codegen::import::{ImportOptions, import, write};
use common::{Scratch, copy_tree, workspace};
use std::fs;

#[test]
fn unusual_specs_give_a_crate_that_passes_clippy_and_its_tests() {
    let scratch = Scratch::new("unusual");
    let specs = scratch.0.join("specs");
    frozen::copy_specs(&specs);
    let crate_dir = scratch.0.join("generated");
    copy_tree(&workspace().join("generated"), &crate_dir);

    // The edge-case fixture, under a provider of its own (the widgets import takes its module).
    let edge_cases =
        include_str!("fixtures/edge_cases.yaml").replace("Contoso.Widgets", "Contoso.EdgeCases");
    fs::create_dir_all(specs.join("edge_cases")).expect("dir");
    fs::write(specs.join("edge_cases/widgets.yaml"), edge_cases).expect("write");

    let widgets = workspace().join("codegen/tests/fixtures/openapi/widgets.json");
    let imported = import(
        &widgets,
        "Widgets_CreateOrReplace",
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    write(
        &imported,
        &specs.join("widgets/widgets_create_or_replace.yaml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    // A Batch example as upstream files often write one: a 202 without its headers. The client
    // cannot follow it, and the emitted replay expects exactly that refusal.
    let batch = specs.join("batch/private_endpoint_connection_update.yaml");
    let listing = "      file: examples/PrivateEndpointConnectionUpdate.json\n";
    let text = fs::read_to_string(&batch).expect("spec");
    assert!(
        text.contains(listing),
        "the Batch spec no longer lists its example"
    );
    let text = text.replacen(
        listing,
        &format!("{listing}    - title: UpdateAcceptedWithoutHeaders\n      file: examples/Bare202.json\n"),
        1,
    );
    fs::write(&batch, text).expect("spec");
    let mut example: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(specs.join("batch/examples/PrivateEndpointConnectionUpdate.json"))
            .expect("example"),
    )
    .expect("JSON");
    example["responses"] = serde_json::json!({ "202": {} });
    fs::write(
        specs.join("batch/examples/Bare202.json"),
        serde_json::to_string_pretty(&example).expect("JSON"),
    )
    .expect("example");

    codegen::generate_into(&specs, &crate_dir, false).unwrap_or_else(|e| panic!("{e}"));
    let batch_tests =
        fs::read_to_string(crate_dir.join("tests/batch_examples.rs")).expect("batch tests");
    assert!(batch_tests.contains("update_accepted_without_headers_replays_202"));
    for emitted in ["src/edge_cases/client.rs", "tests/widgets_examples.rs"] {
        assert!(
            crate_dir.join(emitted).exists(),
            "{emitted} was not emitted"
        );
    }

    common::cargo_on_generated_copy(
        &scratch.0,
        &["clippy", "--all-targets", "--", "-D", "warnings"],
    );
    common::cargo_on_generated_copy(&scratch.0, &["test"]);
}
