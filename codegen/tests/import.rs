//! The OpenAPI importer: it reproduces the checked-in specs from the upstream files in
//! `specs/upstream/`, refuses what it cannot represent with the file and JSON pointer, and
//! `write` replaces a spec cleanly. Nothing here reads outside the repository.

use codegen::import::{self, ImportError, ImportOptions, Imported};
use codegen::spec::Spec;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
mod frozen;

use common::{file_tree as listing, workspace};

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

/// Re-imports a checked-in module from its upstream file as `cargo xtask import --module`
/// does, into a scratch copy of `specs/<module>/` (so its notes and kept examples are there), and
/// checks that nothing changes: every spec, `definitions.yaml` and example file is what the
/// importer writes. Gives the import, for more checks.
fn assert_module_reproduced(module: &str, openapi: &str, options: &ImportOptions) -> Vec<Imported> {
    let checked_in = workspace().join("specs").join(module);
    let specs = scratch(&format!("reproduce_{module}"));
    let dir = specs.join(module);
    common::copy_tree(&checked_in, &dir);
    let before = listing(&dir);
    let operations: Vec<String> = import::module_as_is(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|spec| spec.operation.id)
        .collect();
    assert!(!operations.is_empty());
    let selection = import::Selection {
        operations,
        all: false,
    };
    let batch = import::import_many(&upstream(openapi), &selection, options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(batch.refused.is_empty(), "{:?}", batch.refused);
    let done = import::write_many(&batch.imported, &specs, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(done.refused.is_empty(), "{:?}", done.refused);
    assert!(
        done.written.written.is_empty() && done.written.removed.is_empty(),
        "the checked-in {module} is not what the import writes: {:?}",
        done.written
    );
    let after = listing(&dir);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, text)| before.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    assert_eq!(after.len(), before.len());
    // Every spec takes its models from definitions.yaml.
    for imported in &batch.imported {
        let spec = codegen::load::read_spec(&import::default_output(&specs, imported)).unwrap();
        assert!(
            spec.models.is_empty() && spec.enums.is_empty(),
            "{}",
            spec.operation.id
        );
    }
    batch.imported
}

/// The example files each imported operation lists, and their warnings.
fn examples_and_warnings(imported: &[Imported]) -> (Vec<&str>, Vec<&str>) {
    let examples = imported
        .iter()
        .flat_map(|i| &i.examples)
        .map(|e| e.file.as_str())
        .collect();
    let warnings = imported
        .iter()
        .flat_map(|i| &i.warnings)
        .map(String::as_str)
        .collect();
    (examples, warnings)
}

#[test]
fn aks_import_reproduces_the_checked_in_module() {
    let imported = assert_module_reproduced("container_service", AKS, &LENIENT);
    let (examples, warnings) = examples_and_warnings(&imported);
    assert_eq!(
        examples,
        [
            "examples/PrivateEndpointConnectionsUpdate.json",
            "examples/PrivateLinkResourcesList.json"
        ]
    );
    // Upstream's get, list and delete examples are missing from specs/upstream.
    for missing in ["Get", "List", "Delete"] {
        let file = format!("PrivateEndpointConnections{missing}.json");
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(&file) && w.contains("missing")),
            "{warnings:?}"
        );
    }
    assert_eq!(warnings.len(), 3, "{warnings:?}");
}

#[test]
fn key_vault_import_reproduces_the_checked_in_module() {
    let imported = assert_module_reproduced("key_vault", KEY_VAULT, &STRICT);
    let (examples, warnings) = examples_and_warnings(&imported);
    assert_eq!(examples.len(), 5, "{examples:?}");
    // The DELETE says long-running without final-state-via: ARM's default is taken.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("no final-state-via"), "{warnings:?}");
}

#[test]
fn batch_import_reproduces_the_checked_in_module_keeping_the_docs_example() {
    let imported = assert_module_reproduced("batch", BATCH, &LENIENT);
    let (examples, warnings) = examples_and_warnings(&imported);
    // The update example is transcribed from the docs page; upstream lacks the file.
    assert!(
        !examples.contains(&"examples/PrivateEndpointConnectionUpdate.json"),
        "{examples:?}"
    );
    assert_eq!(examples.len(), 5, "{examples:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("PrivateEndpointConnectionUpdate.json") && w.contains("missing")),
        "{warnings:?}"
    );
    // The DELETE example also answers 200, which the operation does not declare.
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("PrivateEndpointConnectionDelete.json#/responses/200")),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
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
    let widgets = fixture("widgets.json");
    assert_eq!(
        imported.warnings,
        vec![
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
    // A keyword of the wrong JSON type is an error, not its default.
    Refused {
        fixture: "wrong_type_all_of.json",
        operation: "Widgets_Put",
        file: "wrong_type_all_of.json",
        pointer: "#/definitions/Widget/allOf",
        message: "expected an array, found an object",
    },
    Refused {
        fixture: "wrong_type_required.json",
        operation: "Widgets_Put",
        file: "wrong_type_required.json",
        pointer: "#/definitions/Widget/required",
        message: "expected an array, found the string \"kind\"",
    },
    Refused {
        fixture: "wrong_type_read_only.json",
        operation: "Widgets_Put",
        file: "wrong_type_read_only.json",
        pointer: "#/definitions/Widget/properties/name/readOnly",
        message: "expected a boolean, found the string \"yes\"",
    },
    Refused {
        fixture: "wrong_type_long_running.json",
        operation: "Widgets_Put",
        file: "wrong_type_long_running.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/put/x-ms-long-running-operation",
        message: "expected a boolean, found the string \"true\"",
    },
    Refused {
        fixture: "wrong_type_schema.json",
        operation: "Widgets_Put",
        file: "wrong_type_schema.json",
        pointer: "#/definitions/Widget/properties/name",
        message: "expected an object, found the string \"string\"",
    },
    Refused {
        fixture: "wrong_type_x_ms_enum.json",
        operation: "Widgets_Put",
        file: "wrong_type_x_ms_enum.json",
        pointer: "#/definitions/Widget/properties/color/x-ms-enum",
        message: "expected an object, found the string \"Color\"",
    },
    // A model that is also a map: neither part is dropped.
    Refused {
        fixture: "all_of_additional_properties.json",
        operation: "Widgets_Put",
        file: "all_of_additional_properties.json",
        pointer: "#/definitions/Widget",
        message: "`additionalProperties` on a model (a schema with `properties` or `allOf` bases) cannot be represented",
    },
    // The final result would be another model than the one the client returns.
    Refused {
        fixture: "final_state_schema_differs.json",
        operation: "Widgets_Put",
        file: "final_state_schema_differs.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/put/x-ms-long-running-operation-options/final-state-schema",
        message: "final-state-schema names",
    },
    // What would not generate is refused here, with the OpenAPI pointer, not by `write`.
    Refused {
        fixture: "empty_enum.json",
        operation: "Widgets_Put",
        file: "empty_enum.json",
        pointer: "#/definitions/Widget/properties/color/enum",
        message: "`enum` lists no values",
    },
    Refused {
        fixture: "property_case_collision.json",
        operation: "Widgets_Put",
        file: "property_case_collision.json",
        pointer: "#/definitions/Widget/properties/Name",
        message: "properties `name` and `Name` both become the Rust field `name`",
    },
    Refused {
        fixture: "property_symbol_names.json",
        operation: "Widgets_Put",
        file: "property_symbol_names.json",
        pointer: "#/definitions/Widget/properties/@@",
        message: "properties `$$` and `@@` both become the Rust field",
    },
    Refused {
        fixture: "enum_value_collision.json",
        operation: "Widgets_Put",
        file: "enum_value_collision.json",
        pointer: "#/definitions/Widget/properties/color/enum/1",
        message: "values `dark-red` and `DarkRed` both become the Rust variant `DarkRed`",
    },
    Refused {
        fixture: "parameter_name_collision.json",
        operation: "Widgets_Put",
        file: "parameter_name_collision.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/put/parameters/3",
        message: "parameters `widgetName` and `widget-name` both become the Rust parameter `widget_name`",
    },
    Refused {
        fixture: "pattern_not_regex.json",
        operation: "Widgets_Put",
        file: "pattern_not_regex.json",
        pointer: "#/paths/~1subscriptions~1{subscriptionId}~1providers~1Contoso.Widgets~1widgets~1{widgetName}/put/parameters/1/pattern",
        message: "the pattern does not compile with the `regex` crate",
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

/// The base the refused fixtures vary imports cleanly: what they refuse is their change alone.
#[test]
fn the_base_of_the_refused_fixtures_imports() {
    let imported = import_ok(&fixture("widget_put.json"), "Widgets_Put", &STRICT);
    assert_eq!(imported.warnings, Vec::<String>::new());
}

/// `final-state-schema` naming the model the responses carry changes nothing and is accepted
/// silently; an option the importer does not know is named in a warning.
#[test]
fn long_running_options_beside_final_state_via_are_checked_or_warned_about() {
    let file = fixture("long_running_options.json");
    let imported = import_ok(&file, "Widgets_Put", &STRICT);
    let long_running = imported.spec.operation.long_running.as_ref();
    assert_eq!(
        long_running.map(|l| l.final_state_via.as_str()),
        Some("azure-async-operation")
    );
    assert_eq!(
        imported.warnings,
        vec![format!(
            "{}#/paths/~1subscriptions~1{{subscriptionId}}~1providers~1Contoso.Widgets~1widgets~1{{widgetName}}/put/x-ms-long-running-operation-options/x-contoso-poll-interval: this long-running option is not recorded in the spec",
            file.display()
        )]
    );
}

/// x-ms-enum `values[].name` has no key in the spec: a name that would give another variant
/// than the value does is named in a warning; one that agrees with it loses nothing.
#[test]
fn x_ms_enum_value_names_are_warned_about_when_they_differ() {
    let file = fixture("enum_value_names.json");
    let imported = import_ok(&file, "Widgets_Put", &STRICT);
    let values: Vec<&str> = imported.spec.enums[0]
        .values
        .iter()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values, ["red", "blue"]);
    assert_eq!(
        imported.warnings,
        vec![format!(
            "{}#/definitions/Widget/properties/color/x-ms-enum/values/0/name: the name `Crimson` is not recorded in the spec; the Rust variant is `Red`, after the value `red`",
            file.display()
        )]
    );
}

/// A model chain far deeper than any real spec is an error, not a stack overflow; one within
/// the limit imports (in a test thread's small stack).
#[test]
fn deeply_nested_models_are_refused_not_a_stack_overflow() {
    let dir = scratch("deep_models");
    let chain = |depth: usize| {
        let mut document: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(fixture("widget_put.json")).unwrap()).unwrap();
        let definitions = document["definitions"].as_object_mut().unwrap();
        definitions["Widget"]["properties"]["deep"] =
            serde_json::json!({"$ref": "#/definitions/M0"});
        for i in 0..depth {
            let mut model = serde_json::json!({
                "type": "object",
                "description": "A level.",
                "properties": {"value": {"type": "string", "description": "A value."}}
            });
            if i + 1 < depth {
                model["properties"]["next"] =
                    serde_json::json!({"$ref": format!("#/definitions/M{}", i + 1)});
            }
            definitions.insert(format!("M{i}"), model);
        }
        let path = dir.join(format!("deep_{depth}.json"));
        fs::write(&path, document.to_string()).unwrap();
        path
    };
    let error =
        import::import(&chain(20_000), "Widgets_Put", &STRICT).expect_err("20 000 nested models");
    assert_eq!(error.pointer, "#/definitions/M99", "{error}");
    assert!(error.message.contains("nest more than 100 deep"), "{error}");

    let imported = import_ok(&chain(99), "Widgets_Put", &STRICT);
    assert_eq!(imported.spec.models.len(), 101);
}

#[test]
fn default_output_follows_the_layout_generate_reads() {
    let imported = import_ok(
        &upstream(KEY_VAULT),
        "PrivateEndpointConnections_Put",
        &STRICT,
    );
    assert_eq!(
        import::default_output(Path::new("specs"), &imported),
        Path::new("specs/key_vault/private_endpoint_connections_put.yaml")
    );
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
    // The test's own copy of an AKS spec (frozen, so the listing it edits keeps its layout).
    let replaced = frozen::file("container_service/private_endpoint_connections_update.yaml");
    let checked_in_text = fs::read_to_string(&replaced).unwrap();
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
    let old_notes = codegen::load::read_spec(&replaced).unwrap().notes;
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
/// transcription (see `batch_import_reproduces_the_checked_in_module_keeping_the_docs_example`);
/// a new api-version drops it.
#[test]
fn write_keeps_a_transcribed_example_only_for_the_same_api_version() {
    let specs = scratch("write_keeps_transcribed");
    let dir = specs.join("batch");
    common::copy_tree(&workspace().join("specs/batch"), &dir);
    let example_file = dir.join("examples/PrivateEndpointConnectionUpdate.json");
    let example_before = fs::read(&example_file).unwrap();
    let selection = import::Selection {
        operations: vec!["PrivateEndpointConnection_Update".into()],
        all: false,
    };
    let batch = import::import_many(&upstream(BATCH), &selection, &LENIENT).unwrap();
    assert!(batch.imported[0].spec.operation.examples.is_empty());
    let done = import::write_many(&batch.imported, &specs, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.written.kept, vec![example_file.clone()]);
    assert!(done.written.removed.is_empty());
    assert!(done.written.written.is_empty(), "{:?}", done.written);
    assert_eq!(fs::read(&example_file).unwrap(), example_before);
    let spec_file = dir.join("private_endpoint_connection_update.yaml");
    let written = codegen::load::read_spec(&spec_file).unwrap();
    assert_eq!(written.operation.examples.len(), 1);

    // A new api-version drops it. (Only this spec is imported, into its own folder, since the
    // specs of a module must agree on the api-version.)
    let alone = scratch("write_drops_transcribed");
    let alone_dir = alone.join("batch");
    fs::create_dir_all(alone_dir.join("examples")).unwrap();
    fs::copy(
        &spec_file,
        alone_dir.join("private_endpoint_connection_update.yaml"),
    )
    .unwrap();
    fs::copy(
        dir.join("definitions.yaml"),
        alone_dir.join("definitions.yaml"),
    )
    .unwrap();
    fs::write(
        alone_dir.join("examples/PrivateEndpointConnectionUpdate.json"),
        &example_before,
    )
    .unwrap();
    let mut bumped = batch.imported.clone();
    bumped[0].spec.api_version = "2099-01-01".into();
    let done = import::write_many(&bumped, &alone, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(done.written.kept.is_empty());
    assert_eq!(
        done.written.removed,
        vec![alone_dir.join("examples/PrivateEndpointConnectionUpdate.json")]
    );
    let written =
        codegen::load::read_spec(&alone_dir.join("private_endpoint_connection_update.yaml"))
            .unwrap();
    assert!(written.operation.examples.is_empty());
    assert_eq!(written.api_version, "2099-01-01");
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
    assert!(matches!(
        import::write(&imported, &dir.join("a.yaml")),
        Err(import::WriteError::Refused(_))
    ));
    assert_eq!(listing(&dir), before);
}

/// What only the lowering check catches is told as a refusal of the import, with the lines of
/// the YAML it would have written (not of a file on disk, nor of the spec it would replace).
#[test]
fn a_spec_that_would_not_generate_is_refused_with_the_yaml_it_would_write() {
    let dir = scratch("write_would_not_generate").join("container_service");
    fs::create_dir_all(&dir).unwrap();
    // The spec being replaced: the positions must not read as lines of this file.
    let output = dir.join("private_endpoint_connections_update.yaml");
    fs::copy(
        workspace().join("specs/container_service/private_endpoint_connections_update.yaml"),
        &output,
    )
    .unwrap();
    let before = listing(&dir);

    let mut imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    imported.spec.operation.error.model = "NoSuchModel".into();
    let error = import::write(&imported, &output).expect_err("does not lower");
    let import::WriteError::Refused(message) = &error else {
        panic!("a refusal, not an I/O error: {error}");
    };
    assert!(
        message.starts_with(&format!(
            "the imported spec is refused: it would not generate. Nothing was written; line numbers refer to the YAML the import would write to {}:",
            output.display()
        )),
        "{message}"
    );
    assert!(!message.contains("cannot write"), "{message}");
    let as_if_on_disk = format!("{}:", output.display());
    assert!(
        message
            .match_indices(&as_if_on_disk)
            .all(|(at, _)| !message[at + as_if_on_disk.len()..]
                .starts_with(|c: char| c.is_ascii_digit())),
        "a position is given as a line of the file on disk: {message}"
    );
    // The offending line is quoted from the YAML that would have been written.
    assert!(
        message.contains("| ") && message.contains("NoSuchModel"),
        "{message}"
    );
    assert_eq!(listing(&dir), before);
}

/// An I/O failure is told apart from a refusal, with the path that failed.
#[test]
fn an_io_failure_is_not_a_refusal() {
    let dir = scratch("write_io_failure");
    fs::write(dir.join("not_a_folder"), "a file").unwrap();
    let output = dir.join("not_a_folder/a.yaml");
    let imported = import_ok(&upstream(AKS), "PrivateEndpointConnections_Update", &STRICT);
    match import::write(&imported, &output) {
        Err(import::WriteError::Io { path, done, .. }) => {
            assert_eq!(path, output);
            assert_eq!(done, import::Written::default());
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
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
