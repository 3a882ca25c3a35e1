//! The OpenAPI importer: it reproduces the checked-in specs from the upstream files in
//! `specs/upstream/`, refuses what it cannot represent with the file and JSON pointer, and
//! `write` replaces a spec cleanly. Nothing here reads outside the repository.

use codegen::import::{self, ImportError, ImportOptions, Imported};
use codegen::spec::Spec;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen sits in the workspace")
}

fn upstream(file: &str) -> PathBuf {
    workspace().join("specs/upstream/specification").join(file)
}

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openapi")
        .join(file)
}

const AKS: &str = "containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2026-01-01/managedClusters.json";
const KEY_VAULT: &str =
    "keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/keyvault.json";
const BATCH: &str = "batch/resource-manager/Microsoft.Batch/stable/2022-06-01/BatchManagement.json";

const STRICT: ImportOptions = ImportOptions {
    skip_missing_examples: false,
};
const LENIENT: ImportOptions = ImportOptions {
    skip_missing_examples: true,
};

fn import_ok(openapi: &Path, operation_id: &str, options: &ImportOptions) -> Imported {
    import::import(openapi, operation_id, options).unwrap_or_else(|e| panic!("{e}"))
}

/// The checked-in spec as `load_file` reads it, without its docs-only `notes`.
fn checked_in(spec: &str) -> Spec {
    let path = workspace().join("specs").join(spec);
    let mut spec = codegen::load::load_file(&path, spec)
        .unwrap_or_else(|e| panic!("{e}"))
        .spec;
    spec.notes.clear();
    spec
}

/// Equal specs; on a difference, says first which part differs, since the whole is long.
fn assert_same_spec(imported: &Spec, expected: &Spec) {
    let names = |spec: &Spec| -> (Vec<String>, Vec<String>) {
        (
            spec.models.iter().map(|m| m.name.clone()).collect(),
            spec.enums.iter().map(|e| e.name.clone()).collect(),
        )
    };
    assert_eq!(names(imported), names(expected), "model and enum order");
    assert_eq!(imported.operation, expected.operation);
    for (imported, expected) in imported.models.iter().zip(&expected.models) {
        assert_eq!(imported, expected);
    }
    for (imported, expected) in imported.enums.iter().zip(&expected.enums) {
        assert_eq!(imported, expected);
    }
    assert_eq!(imported, expected);
}

/// The imported example files equal the checked-in ones, byte for byte.
fn assert_examples_match(imported: &Imported, spec: &str) {
    let dir = workspace().join("specs").join(spec);
    let dir = dir.parent().expect("a spec sits in a folder");
    let listed: Vec<&str> = imported
        .spec
        .operation
        .examples
        .iter()
        .map(|e| e.file.as_str())
        .collect();
    let files: Vec<&str> = imported.examples.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(listed, files);
    assert!(!files.is_empty());
    for example in &imported.examples {
        let on_disk = fs::read_to_string(dir.join(&example.file)).expect("checked-in example");
        assert_eq!(example.contents, on_disk, "{}", example.file);
    }
}

#[test]
fn aks_import_reproduces_the_checked_in_spec() {
    let spec = "container_service/private_endpoint_connections_update.yaml";
    let imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    assert_same_spec(&imported.spec, &checked_in(spec));
    assert_eq!(imported.warnings, Vec::<String>::new());
    assert_examples_match(&imported, spec);
}

#[test]
fn key_vault_import_reproduces_the_checked_in_spec() {
    let spec = "key_vault/private_endpoint_connections_put.yaml";
    let imported = import_ok(
        &upstream(KEY_VAULT),
        "PrivateEndpointConnections_Put",
        &STRICT,
    );
    assert_same_spec(&imported.spec, &checked_in(spec));
    assert_eq!(imported.warnings, Vec::<String>::new());
    assert_examples_match(&imported, spec);
}

#[test]
fn batch_import_reproduces_the_checked_in_spec_except_the_docs_example() {
    let imported = import_ok(
        &upstream(BATCH),
        "PrivateEndpointConnection_Update",
        &LENIENT,
    );
    // The checked-in example is transcribed from the docs page; upstream lacks the file.
    let mut expected = checked_in("batch/private_endpoint_connection_update.yaml");
    expected.operation.examples.clear();
    assert_same_spec(&imported.spec, &expected);
    assert!(imported.examples.is_empty());
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    let warning = &imported.warnings[0];
    assert!(
        warning.contains("PrivateEndpointConnectionUpdate.json") && warning.contains("missing"),
        "{warning}"
    );
}

#[test]
fn batch_import_without_skipping_refuses_the_missing_example() {
    let error = import::import(
        &upstream(BATCH),
        "PrivateEndpointConnection_Update",
        &STRICT,
    )
    .expect_err("the upstream example file is missing");
    assert_eq!(error.file, upstream(BATCH));
    assert_eq!(
        error.pointer,
        "#/paths/~1subscriptions~1{subscriptionId}~1resourceGroups~1{resourceGroupName}~1providers~1Microsoft.Batch~1batchAccounts~1{accountName}~1privateEndpointConnections~1{privateEndpointConnectionName}/patch/x-ms-examples/UpdatePrivateEndpointConnection"
    );
    assert!(
        error
            .message
            .contains("PrivateEndpointConnectionUpdate.json")
    );
}

#[test]
fn imported_specs_write_and_load_back() {
    let dir = scratch("write_and_load_back");
    for (file, id, spec) in [
        (
            AKS,
            "PrivateEndpointConnections_Update",
            "container_service/a.yaml",
        ),
        (
            KEY_VAULT,
            "PrivateEndpointConnections_Put",
            "key_vault/a.yaml",
        ),
        (BATCH, "PrivateEndpointConnection_Update", "batch/a.yaml"),
    ] {
        let imported = import_ok(&upstream(file), id, &LENIENT);
        let output = dir.join(spec);
        import::write(&imported, &output).unwrap_or_else(|e| panic!("{e}"));
        let text = fs::read_to_string(&output).unwrap();
        assert!(
            text.starts_with(&format!(
                "# Imported by `cargo xtask import` from specification/{file}\n"
            )),
            "{text}"
        );
        let quoted = format!("\napi_version: \"{}\"\n", imported.spec.api_version);
        assert!(
            text.contains(&quoted),
            "the api-version is not quoted:\n{text}"
        );
        let loaded = codegen::load::load_file(&output, spec).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.spec, imported.spec);
        codegen::lower::lower(&[loaded]).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A fixture exercising what the three real operations do not: path-item parameters, a base in
/// a sibling file, maps, inline and x-ms-enum-less enums, a wrapped `$ref`, recursion, formats,
/// and a long-running operation without final-state-via.
#[test]
fn fixture_covers_the_other_shapes() {
    let imported = import_ok(&fixture("widgets.json"), "Widgets_CreateOrReplace", &STRICT);
    let expected = fixture("widgets.expected.yaml");
    let expected = codegen::load::load_file(&expected, "contoso/widgets.expected.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_same_spec(&imported.spec, &expected.spec);
    let common = fixture("common.json");
    let widgets = fixture("widgets.json");
    assert_eq!(
        imported.warnings,
        vec![
            format!(
                "{}#/definitions/TrackedThing/properties/location: `x-ms-mutability` is not recorded in the spec",
                common.display()
            ),
            format!(
                "{}#/definitions/WidgetProperties/properties/size: `minimum` is not recorded in the spec",
                widgets.display()
            ),
            format!(
                "{}#/paths/~1subscriptions~1{{subscriptionId}}~1providers~1Contoso.Widgets~1widgets~1{{widgetName}}/put: no final-state-via; ARM's default for PUT is `original-uri`",
                widgets.display()
            ),
        ]
    );
    assert_eq!(imported.examples.len(), 1);
    assert_eq!(imported.examples[0].file, "examples/PutWidget.json");
}

/// A malformed input: the fixture, the operation, and where and what the error must say.
struct Refused {
    fixture: &'static str,
    operation: &'static str,
    file: &'static str,
    pointer: &'static str,
    message: &'static str,
}

const REFUSED: &[Refused] = &[
    Refused {
        fixture: "dangling_ref.json",
        operation: "Widgets_Put",
        file: "dangling_ref.json",
        pointer: "#/definitions/Widget/properties/part",
        message: "dangling `$ref`: `#/definitions/Part` names nothing",
    },
    Refused {
        fixture: "dangling_file_ref.json",
        operation: "Widgets_Put",
        file: "dangling_file_ref.json",
        pointer: "#/definitions/Widget/properties/part",
        message: "dangling `$ref`: `./common.json#/definitions/Missing` names nothing",
    },
    Refused {
        fixture: "sibling_unknown_type.json",
        operation: "Widgets_Put",
        file: "common.json",
        pointer: "#/definitions/Gadget/properties/blob",
        message: "unknown type `file`",
    },
    Refused {
        fixture: "allof_cycle.json",
        operation: "Widgets_Put",
        file: "allof_cycle.json",
        pointer: "#/definitions/Base/allOf/0",
        message: "`allOf` cycle",
    },
    Refused {
        fixture: "parameter_ref_cycle.json",
        operation: "Widgets_Put",
        file: "parameter_ref_cycle.json",
        pointer: "#/parameters/WidgetNameAlias",
        message: "`$ref` cycle",
    },
    Refused {
        fixture: "unknown_type.json",
        operation: "Widgets_Put",
        file: "unknown_type.json",
        pointer: "#/definitions/Widget/properties/blob",
        message: "unknown type `file`",
    },
    Refused {
        fixture: "discriminator.json",
        operation: "Widgets_Put",
        file: "discriminator.json",
        pointer: "#/definitions/Widget",
        message: "polymorphic models (`discriminator`) cannot be represented",
    },
    Refused {
        fixture: "nested_arrays.json",
        operation: "Widgets_Put",
        file: "nested_arrays.json",
        pointer: "#/definitions/Widget/properties/grid/items",
        message: "a collection directly inside a collection",
    },
    Refused {
        fixture: "allof_inline.json",
        operation: "Widgets_Put",
        file: "allof_inline.json",
        pointer: "#/definitions/Widget/allOf/0",
        message: "an `allOf` member that is not a `$ref` cannot be represented",
    },
    Refused {
        fixture: "widgets.json",
        operation: "Widgets_Delete",
        file: "widgets.json",
        pointer: "#/paths",
        message: "no operation has operationId `Widgets_Delete`",
    },
    Refused {
        fixture: "missing_operation_id.json",
        operation: "Widgets_Put",
        file: "missing_operation_id.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/get",
        message: "the operation has no operationId",
    },
    Refused {
        fixture: "missing_example.json",
        operation: "Widgets_Put",
        file: "missing_example.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/put/x-ms-examples/Put a widget",
        message: "cannot read example file",
    },
];

#[test]
fn malformed_openapi_is_refused_with_file_and_pointer_and_nothing_is_written() {
    for case in REFUSED {
        let output_dir = scratch(&format!("refused_{}", case.fixture));
        fs::write(output_dir.join("keep.txt"), "untouched").unwrap();
        let before = listing(&output_dir);

        let output = output_dir.join("widgets/widgets_put.yaml");
        let error: ImportError =
            match import::import(&fixture(case.fixture), case.operation, &STRICT) {
                Ok(imported) => {
                    let _ = import::write(&imported, &output);
                    panic!("{} should be refused", case.fixture);
                }
                Err(error) => error,
            };
        assert_eq!(error.file, fixture(case.file), "{}: {error}", case.fixture);
        assert_eq!(error.pointer, case.pointer, "{}: {error}", case.fixture);
        assert!(
            error.message.contains(case.message),
            "{}: {error}",
            case.fixture
        );
        assert_eq!(
            error.to_string(),
            format!(
                "{}{}: {}",
                fixture(case.file).display(),
                case.pointer,
                error.message
            )
        );
        assert_eq!(listing(&output_dir), before, "{}", case.fixture);
    }
}

#[test]
fn a_missing_example_can_be_skipped_with_a_warning() {
    let imported = import_ok(&fixture("missing_example.json"), "Widgets_Put", &LENIENT);
    assert!(imported.spec.operation.examples.is_empty());
    assert!(imported.examples.is_empty());
    assert_eq!(imported.warnings.len(), 1);
    assert!(imported.warnings[0].contains("Missing.json"));
}

#[test]
fn write_replaces_the_spec_removes_its_stale_examples_and_keeps_notes() {
    let dir = scratch("write_replaces").join("container_service");
    let examples = dir.join("examples");
    fs::create_dir_all(&examples).unwrap();
    let spec_path = dir.join("private_endpoint_connections_update.yaml");

    // The spec being replaced: notes of its own, and two example files, one of which the
    // neighbouring spec also uses.
    let checked_in_text = fs::read_to_string(
        workspace().join("specs/container_service/private_endpoint_connections_update.yaml"),
    )
    .unwrap();
    let old = checked_in_text.replace(
        "      file: examples/PrivateEndpointConnectionsUpdate.json\n",
        "      file: examples/Stale.json\n    - title: Shared\n      file: examples/Shared.json\n",
    );
    assert_ne!(old, checked_in_text);
    fs::write(&spec_path, &old).unwrap();
    fs::write(examples.join("Stale.json"), "{}").unwrap();
    fs::write(examples.join("Shared.json"), "{}").unwrap();
    let neighbour = checked_in_text
        .replace(
            "PrivateEndpointConnections_Update",
            "PrivateEndpointConnections_Other",
        )
        .replace(
            "examples/PrivateEndpointConnectionsUpdate.json",
            "examples/Shared.json",
        );
    fs::write(dir.join("neighbour.yaml"), &neighbour).unwrap();
    fs::write(examples.join("Unrelated.json"), "unrelated").unwrap();
    fs::write(dir.join("README.md"), "hand-written").unwrap();

    let imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    let done = import::write(&imported, &spec_path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        done,
        import::Written {
            written: vec![
                spec_path.clone(),
                examples.join("PrivateEndpointConnectionsUpdate.json"),
            ],
            removed: vec![examples.join("Stale.json")],
            kept: vec![],
        }
    );

    let written = codegen::load::load_file(&spec_path, "container_service/x.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let old_notes = codegen::load::read_spec(
        &workspace().join("specs/container_service/private_endpoint_connections_update.yaml"),
    )
    .unwrap()
    .notes;
    assert!(!old_notes.is_empty());
    assert_eq!(written.spec.notes, old_notes);
    let mut without_notes = written.spec.clone();
    without_notes.notes.clear();
    assert_eq!(without_notes, imported.spec);

    assert!(!examples.join("Stale.json").exists());
    assert_eq!(
        fs::read_to_string(examples.join("Shared.json")).unwrap(),
        "{}"
    );
    assert_eq!(
        fs::read_to_string(examples.join("Unrelated.json")).unwrap(),
        "unrelated"
    );
    assert_eq!(
        fs::read_to_string(dir.join("neighbour.yaml")).unwrap(),
        neighbour
    );
    assert_eq!(
        fs::read_to_string(dir.join("README.md")).unwrap(),
        "hand-written"
    );

    // Writing the same import again changes nothing.
    let again = import::write(&imported, &spec_path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, import::Written::default());
}

/// Batch's example exists only on the docs page. Re-importing the same api-version keeps the
/// transcription, so the result is the checked-in spec; a new api-version drops it.
#[test]
fn write_keeps_a_transcribed_example_only_for_the_same_api_version() {
    let dir = scratch("write_keeps_transcribed").join("batch");
    let checked_in_dir = workspace().join("specs/batch");
    let spec_file = "private_endpoint_connection_update.yaml";
    let example_file = "examples/PrivateEndpointConnectionUpdate.json";
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::copy(checked_in_dir.join(spec_file), dir.join(spec_file)).unwrap();
    fs::copy(checked_in_dir.join(example_file), dir.join(example_file)).unwrap();
    let example_before = fs::read(dir.join(example_file)).unwrap();

    let imported = import_ok(
        &upstream(BATCH),
        "PrivateEndpointConnection_Update",
        &LENIENT,
    );
    assert!(imported.spec.operation.examples.is_empty());
    let done = import::write(&imported, &dir.join(spec_file)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.kept, vec![dir.join(example_file)]);
    assert!(done.removed.is_empty());
    assert_eq!(
        done.written,
        vec![dir.join(spec_file)],
        "only the header comment differs"
    );
    assert_eq!(fs::read(dir.join(example_file)).unwrap(), example_before);
    let written = codegen::load::load_file(&dir.join(spec_file), "batch/x.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let checked_in_spec = codegen::load::read_spec(&checked_in_dir.join(spec_file)).unwrap();
    assert!(
        written.spec == checked_in_spec,
        "the re-import differs from the checked-in spec"
    );

    let mut bumped = imported.clone();
    bumped.spec.api_version = "2099-01-01".into();
    let done = import::write(&bumped, &dir.join(spec_file)).unwrap_or_else(|e| panic!("{e}"));
    assert!(done.kept.is_empty());
    assert_eq!(done.removed, vec![dir.join(example_file)]);
    assert!(!dir.join(example_file).exists());
    let written = codegen::load::load_file(&dir.join(spec_file), "batch/x.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(written.spec.operation.examples.is_empty());
}

#[test]
fn write_checks_everything_before_writing_anything() {
    let dir = scratch("write_refuses").join("container_service");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("keep.txt"), "untouched").unwrap();
    let before = listing(&dir);

    let mut imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    imported.spec.operation.error.model = "NoSuchModel".into();
    let error = import::write(&imported, &dir.join("a.yaml")).expect_err("does not lower");
    assert!(error.to_string().contains("NoSuchModel"), "{error}");
    assert_eq!(listing(&dir), before);

    let mut imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    imported.examples[0].file = "../escape.json".into();
    imported.spec.operation.examples[0].file = "../escape.json".into();
    assert!(import::write(&imported, &dir.join("a.yaml")).is_err());
    assert_eq!(listing(&dir), before);
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("import")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file below `dir` with its contents.
fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}
