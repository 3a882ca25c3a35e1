//! The importer on whole upstream files: leniency (formats, headers), the shared definitions
//! file, many operations at once, and the operation keys of spec format v2.

use codegen::import::{self, ImportOptions, Imported};
use codegen::spec::{Location, Spec};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openapi")
        .join(file)
}

const LENIENT: ImportOptions = ImportOptions {
    skip_missing_examples: true,
};

fn import_ok(openapi: &Path, operation_id: &str) -> Imported {
    import::import(openapi, operation_id, &LENIENT).unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("import_many")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn property<'a>(spec: &'a Spec, model: &str, name: &str) -> &'a codegen::spec::Property {
    let model = spec.models.iter().find(|m| m.name == model).unwrap();
    model.properties.iter().find(|p| p.name == name).unwrap()
}

#[test]
fn unknown_and_oddly_cased_formats_fall_back_with_a_located_warning() {
    let imported = import_ok(&fixture("lenient_formats.json"), "Widgets_CreateOrReplace");
    let spec = &imported.spec;
    let size = property(spec, "WidgetProperties", "size");
    assert_eq!(
        (size.ty.as_str(), size.format.as_deref()),
        ("integer", Some("int32"))
    );
    assert_eq!(property(spec, "WidgetProperties", "homepage").ty, "uri");
    let weight = property(spec, "WidgetProperties", "weight");
    assert_eq!(
        (weight.ty.as_str(), weight.format.as_deref()),
        ("number", None)
    );
    let warned = |pointer: &str, text: &str| {
        imported
            .warnings
            .iter()
            .any(|w| w.contains(pointer) && w.contains(text))
    };
    assert!(
        warned(
            "lenient_formats.json#/definitions/WidgetProperties/properties/weight/format",
            "format `made-up` of `type: number` is not known"
        ),
        "{:#?}",
        imported.warnings
    );
    let since = spec
        .operation
        .parameters
        .iter()
        .find(|p| p.name == "since")
        .unwrap();
    // A known format (a property would be a typed RFC 7231 date); on a parameter it stays the
    // caller's text, documented by its format, so there is nothing to warn about.
    assert_eq!(since.format.as_deref(), Some("date-time-rfc1123"));
    assert!(!warned("/parameters/5/format", "is not known"));
    let headers = &spec.operation.responses[1].headers;
    let header = |name: &str| headers.iter().find(|h| h.name == name).unwrap();
    assert_eq!(
        header("Azure-AsyncOperation").format.as_deref(),
        Some("uri")
    );
    assert_eq!(header("x-ms-ratio").ty, "number");
    assert_eq!(header("x-ms-done").ty, "boolean");
}

#[test]
fn headers_of_any_primitive_lower_integers_as_integers_and_the_rest_as_documented_text() {
    let imported = import_ok(&fixture("lenient_formats.json"), "Widgets_CreateOrReplace");
    let dir = scratch("lenient_headers").join("widgets");
    let output = dir.join("widgets_create_or_replace.yaml");
    import::write(&imported, &output).unwrap_or_else(|e| panic!("{e}"));
    let loaded = codegen::load::load_dir(dir.parent().unwrap()).unwrap_or_else(|e| panic!("{e}"));
    let krate = codegen::lower::lower(&loaded.specs).unwrap_or_else(|e| panic!("{e}"));
    let operation = &krate.services[0].clients[0].operations[0];
    let headers: Vec<_> = operation
        .outcomes
        .iter()
        .flat_map(|o| &o.headers)
        .map(|h| (h.wire_name.as_str(), h.ty.clone(), h.doc.clone()))
        .collect();
    let find = |name: &str| headers.iter().find(|h| h.0 == name).unwrap().clone();
    assert_eq!(find("Retry-After").1, codegen::ir::Type::I32);
    let (_, ty, doc) = find("Azure-AsyncOperation");
    assert_eq!(ty, codegen::ir::Type::String);
    assert!(doc.contains("format `uri`"), "{doc}");
    assert_eq!(find("x-ms-ratio").1, codegen::ir::Type::String);
    assert_eq!(find("x-ms-done").1, codegen::ir::Type::String);
    let since = imported
        .spec
        .operation
        .parameters
        .iter()
        .find(|p| p.name == "since")
        .unwrap();
    assert_eq!(since.location, Location::Query);
}

fn model_names(spec: &Spec) -> Vec<&str> {
    spec.models.iter().map(|m| m.name.as_str()).collect()
}

fn enum_names(spec: &Spec) -> Vec<&str> {
    spec.enums.iter().map(|e| e.name.as_str()).collect()
}

#[test]
fn inline_schemas_are_named_after_their_parent_and_property() {
    let imported = import_ok(&fixture("naming.json"), "Widgets_Get");
    let spec = &imported.spec;
    assert_eq!(
        model_names(spec),
        [
            "Widget",
            "WidgetDisplay",
            "WidgetPartsItem",
            "CommonErrorResponse",
            "ErrorDetail"
        ]
    );
    assert_eq!(property(spec, "Widget", "display").ty, "WidgetDisplay");
    assert_eq!(
        property(spec, "Widget", "parts").items.as_deref(),
        Some("WidgetPartsItem")
    );
    assert_eq!(property(spec, "Widget", "inner").ty, "WidgetInner");
    let inner = spec.enums.iter().find(|e| e.name == "WidgetInner").unwrap();
    assert!(!inner.extensible, "a plain OpenAPI enum is closed");
    let display = spec
        .models
        .iter()
        .find(|m| m.name == "WidgetDisplay")
        .unwrap();
    assert_eq!(
        display.origin.as_deref(),
        Some("naming.json#/definitions/Widget/properties/display")
    );
}

/// Same-named schemas that differ get names from the file alone: the provider's own keeps the
/// plain name, another file's is qualified by its stem, a second of the same file by the stem
/// too; whichever operation is imported, and in whichever order.
#[test]
fn same_named_different_schemas_are_told_apart_by_the_file_alone() {
    let openapi = import::OpenApi::read(&fixture("naming.json")).unwrap();
    let widgets = openapi.import("Widgets_Get", &LENIENT).unwrap();
    let gadgets = openapi.import("Gadgets_Get", &LENIENT).unwrap();
    let errors = openapi.import("Errors_Get", &LENIENT).unwrap();
    // Gadget's `again` has Widget's values: one enum, first by pointer (`Gadget/properties/again`).
    assert_eq!(
        property(&widgets.spec, "Widget", "state").ty,
        "ProvisioningState"
    );
    assert_eq!(
        property(&gadgets.spec, "Gadget", "again").ty,
        "ProvisioningState"
    );
    assert_eq!(
        property(&gadgets.spec, "Gadget", "state").ty,
        "NamingProvisioningState"
    );
    assert_eq!(widgets.spec.operation.error.model, "CommonErrorResponse");
    assert_eq!(
        errors.spec.operation.responses[0].model.as_deref(),
        Some("ErrorResponse")
    );
    assert!(
        widgets
            .warnings
            .iter()
            .any(|w| w.contains("common.json#/definitions/ErrorResponse")
                && w.contains("is named `CommonErrorResponse`")),
        "{:#?}",
        widgets.warnings
    );
    let alone = import_ok(&fixture("naming.json"), "Widgets_Get");
    assert_eq!(alone.spec, widgets.spec);
    assert_eq!(
        enum_names(&gadgets.spec),
        ["NamingProvisioningState", "ProvisioningState"]
    );
}

#[test]
fn a_definition_differing_only_in_case_is_renamed_not_refused() {
    let imported = import_ok(&fixture("type_name_collision.json"), "Widgets_Put");
    assert!(
        model_names(&imported.spec).contains(&"TypeNameCollisionwidget"),
        "{:?}",
        model_names(&imported.spec)
    );
    assert_eq!(
        property(&imported.spec, "Widget", "inner").ty,
        "TypeNameCollisionwidget"
    );
}

/// An excerpt of the upstream Batch 2022-06-01 file: its header and the private endpoint
/// connection path item (get, patch, delete) with what it reaches, frozen for these tests so that
/// a new upstream file changes nothing here (the whole upstream files are read by the corpus test).
const BATCH: &str = "batch_excerpt/BatchManagement.json";

fn parameter<'a>(spec: &'a Spec, name: &str) -> &'a codegen::spec::Parameter {
    spec.operation
        .parameters
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

#[test]
fn an_optional_body_is_imported_as_not_required() {
    for fixture_file in ["optional_body.json", "body_without_required.json"] {
        let imported = import_ok(&fixture(fixture_file), "Widgets_Put");
        let body = parameter(&imported.spec, "widget");
        assert_eq!(body.location, Location::Body);
        assert!(!body.required, "{fixture_file}");
    }
}

#[test]
fn operation_keys_of_format_v2_are_read() {
    let exists = import_ok(&fixture("operation_keys.json"), "Widgets_Exists").spec;
    let statuses: Vec<(u16, Option<bool>)> = exists
        .operation
        .responses
        .iter()
        .map(|r| (r.status, r.error))
        .collect();
    assert_eq!(
        statuses,
        [(204, None), (404, Some(false)), (409, Some(true))]
    );
    assert_eq!(
        exists.operation.responses[2].model.as_deref(),
        Some("ErrorResponse")
    );

    let lookup = import_ok(&fixture("operation_keys.json"), "Widgets_Lookup").spec;
    let region = parameter(&lookup, "region");
    assert!(region.client && region.constant.is_none());
    assert!(!parameter(&lookup, "subscriptionId").client);
    assert_eq!(
        parameter(&lookup, "mode").constant,
        Some(serde_json::json!("exact"))
    );
    let names = parameter(&lookup, "names");
    assert_eq!(
        (names.ty.as_str(), names.items.as_deref()),
        ("array", Some("string"))
    );
    assert!(!names.required);
    let answer = &lookup.operation.responses[0];
    assert_eq!(answer.model, None);
    assert_eq!(
        (answer.ty.as_deref(), answer.values.as_deref()),
        (Some("map"), Some("Found"))
    );
    let pageable = lookup.operation.pageable.as_ref().unwrap();
    assert_eq!(
        (
            pageable.next_link_name.as_deref(),
            pageable.item_name.as_str()
        ),
        (None, "value")
    );
}

/// The shape of Key Vault's Vaults_List: `/subscriptions/{id}/resources` names no provider,
/// and it has its own constant api-version and a constant `$filter`.
#[test]
fn a_path_without_provider_takes_it_from_the_file_and_constants_are_kept() {
    let openapi = fixture("resource-manager/Contoso.Widgets/stable/lists.json");
    let imported = import_ok(&openapi, "Resources_List");
    let spec = &imported.spec;
    assert_eq!(spec.provider, "Contoso.Widgets");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("the path names no resource provider")),
        "{:#?}",
        imported.warnings
    );
    assert_eq!(
        parameter(spec, "api-version").constant,
        Some(serde_json::json!("2015-11-01"))
    );
    assert_eq!(
        parameter(spec, "$filter").constant,
        Some(serde_json::json!(
            "resourceType eq 'Contoso.Widgets/widgets'"
        ))
    );
    assert!(parameter(spec, "$top").constant.is_none());
    let pageable = spec.operation.pageable.as_ref().unwrap();
    assert_eq!(pageable.next_link_name.as_deref(), Some("nextLink"));
    assert_eq!(
        property(spec, "ResourceList", "value").items.as_deref(),
        Some("ResourceListValueItem")
    );
}

/// Real long-running examples also answer with the final poll's status: the example is kept
/// without that answer, and the operation does not gain the status.
#[test]
fn an_example_answer_the_operation_does_not_declare_is_left_out_with_a_warning() {
    let imported = import_ok(&fixture("example_status.json"), "Widgets_CreateOrReplace");
    let statuses: Vec<u16> = imported
        .spec
        .operation
        .responses
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 201]);
    let example = &imported.examples[0];
    let parsed: serde_json::Value = serde_json::from_str(&example.contents).unwrap();
    let answers = parsed["responses"].as_object().unwrap();
    assert_eq!(answers.keys().collect::<Vec<_>>(), ["200", "201"]);
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("PutWidgetAnswersMore.json#/responses/202")),
        "{:#?}",
        imported.warnings
    );
    let dir = scratch("example_status").join("widgets");
    import::write(&imported, &dir.join("put.yaml")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn glob_patterns_select_operations_in_file_order() {
    assert!(import::matches(
        "PrivateEndpointConnection_*",
        "PrivateEndpointConnection_Get"
    ));
    assert!(import::matches("*_Get", "PrivateEndpointConnection_Get"));
    assert!(import::matches("A?c", "Abc"));
    assert!(!import::matches("A?c", "Ac"));
    assert!(!import::matches(
        "*_Get",
        "PrivateEndpointConnection_Update"
    ));
    let selection = import::Selection {
        operations: vec!["*_Update".into(), "PrivateEndpointConnection_Get".into()],
        all: false,
    };
    let batch = import::import_many(&fixture(BATCH), &selection, &LENIENT).unwrap();
    let ids: Vec<&str> = batch
        .imported
        .iter()
        .map(|i| i.spec.operation.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "PrivateEndpointConnection_Get",
            "PrivateEndpointConnection_Update"
        ]
    );
    let nothing = import::Selection {
        operations: vec!["Nope_*".into()],
        all: false,
    };
    let error = import::import_many(&fixture(BATCH), &nothing, &LENIENT).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no operationId matches `Nope_*`"),
        "{error}"
    );
    let missing = import::Selection {
        operations: vec!["Nope_Get".into()],
        all: false,
    };
    let batch = import::import_many(&fixture(BATCH), &missing, &LENIENT).unwrap();
    assert_eq!(batch.refused[0].operation, "Nope_Get");
    assert!(
        batch.refused[0]
            .reason
            .contains("no operation has operationId")
    );
}

/// `--all` writes one spec per operation without models, the models once in definitions.yaml,
/// and the folder generates; a later import merges, and a definition nothing reaches goes.
#[test]
fn many_operations_share_one_definitions_file() {
    let specs = scratch("many_definitions");
    let all = import::Selection {
        operations: Vec::new(),
        all: true,
    };
    let batch = import::import_many(&fixture(BATCH), &all, &LENIENT).unwrap();
    assert_eq!(batch.imported.len(), 3);
    assert!(batch.refused.is_empty());
    let done = import::write_many(&batch.imported, &specs, false).unwrap_or_else(|e| panic!("{e}"));
    assert!(done.refused.is_empty());
    let dir = specs.join("batch");
    let definitions_text = fs::read_to_string(dir.join("definitions.yaml")).unwrap();
    let definitions = read_definitions(&dir.join("definitions.yaml"));
    let names: Vec<&str> = definitions.models.iter().map(|m| m.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "definitions are sorted by name");
    assert!(
        names.contains(&"PrivateEndpointConnection") && names.contains(&"CloudError"),
        "{names:?}"
    );
    let get = codegen::load::read_spec(&dir.join("private_endpoint_connection_get.yaml")).unwrap();
    assert!(get.models.is_empty() && get.enums.is_empty());
    let loaded = codegen::load::load_dir(&specs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((loaded.specs.len(), loaded.definitions.len()), (3, 1));
    codegen::generate(&specs).unwrap_or_else(|e| panic!("{e}"));
    // The record of a spec holds what it reaches, so it can be compared alone.
    let contained = loaded.self_contained(&loaded.specs[0]);
    assert!(contained.models.iter().any(|m| m.name == "CloudError"));

    // Written again: nothing changes.
    let again = import::write_many(&batch.imported, &specs, false).unwrap();
    assert!(
        again.written.written.is_empty(),
        "{:?}",
        again.written.written
    );

    // A definition no spec reaches any more is removed at the next import.
    let mut stale = definitions.clone();
    stale.models.push(codegen::spec::Model {
        name: "Orphan".into(),
        description: "Nothing reaches it.".into(),
        discriminator: None,
        parent: None,
        discriminator_value: None,
        origin: None,
        properties: Vec::new(),
    });
    fs::write(dir.join("definitions.yaml"), as_yaml(&stale)).unwrap();
    let get_only = import::Selection {
        operations: vec!["PrivateEndpointConnection_Get".into()],
        all: false,
    };
    let batch = import::import_many(&fixture(BATCH), &get_only, &LENIENT).unwrap();
    import::write_many(&batch.imported, &specs, false).unwrap();
    let text = fs::read_to_string(dir.join("definitions.yaml")).unwrap();
    assert!(!text.contains("Orphan"));
    assert_eq!(text, definitions_text);
}

/// Re-importing a module compares every spec with the new import: the API summary.
#[test]
fn re_importing_a_module_gives_the_api_summary() {
    let specs = scratch("module_update");
    let all = import::Selection {
        operations: Vec::new(),
        all: true,
    };
    let batch = import::import_many(&fixture(BATCH), &all, &LENIENT).unwrap();
    import::write_many(&batch.imported, &specs, false).unwrap();
    let before = import::module_as_is(&specs.join("batch")).unwrap();
    assert_eq!(before.len(), 3);
    let mut newer = batch.imported.clone();
    for imported in &mut newer {
        imported.spec.api_version = "2099-01-01".into();
    }
    let summary = import::api_summary(&before, &newer).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.len(), 3);
    let text: String = summary.iter().map(ToString::to_string).collect();
    assert!(
        text.contains("api-version 2022-06-01 -> 2099-01-01"),
        "{text}"
    );
}

fn read_definitions(path: &Path) -> codegen::spec::Definitions {
    codegen::load::load_definitions(path, "batch/definitions.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
        .definitions
}

/// JSON is YAML: a definitions file written without the crate's (private) YAML writer.
fn as_yaml(definitions: &codegen::spec::Definitions) -> String {
    serde_json::to_string_pretty(definitions).unwrap()
}

#[test]
fn discriminated_bases_bring_their_derived_models() {
    let imported = import_ok(&fixture("polymorphic.json"), "Widgets_Put");
    let spec = &imported.spec;
    let model = |name: &str| spec.models.iter().find(|m| m.name == name).unwrap();
    assert_eq!(model("Widget").discriminator.as_deref(), Some("kind"));
    let round = model("RoundWidget");
    assert_eq!(round.parent.as_deref(), Some("Widget"));
    assert_eq!(round.discriminator_value.as_deref(), Some("round"));
    assert!(
        round.properties.iter().any(|p| p.name == "kind"),
        "the base's properties are repeated"
    );
    let square = model("SquareWidget");
    assert_eq!(square.discriminator_value.as_deref(), Some("SquareWidget"));
    assert!(property(spec, "Widget", "secretCode").secret);
    assert!(property(spec, "Widget", "note").nullable);
    assert_eq!(
        property(spec, "Widget", "size").default,
        Some(serde_json::json!(3))
    );
    assert_eq!(
        property(spec, "Widget", "name").mutability,
        ["create", "read"]
    );
}

/// One operation that would not generate: by default nothing is written; with keep_going the
/// rest is, and the refusal is still listed.
#[test]
fn a_refused_operation_stops_the_batch_unless_keep_going() {
    let selection = import::Selection {
        operations: vec!["Widgets_Get".into(), "Odd_Get".into()],
        all: false,
    };
    let batch = import::import_many(&fixture("naming.json"), &selection, &LENIENT).unwrap();
    assert_eq!(batch.imported.len(), 2);
    let specs = scratch("keep_going");
    let done = import::write_many(&batch.imported, &specs, false).unwrap();
    let refused: Vec<&str> = done.refused.iter().map(|r| r.operation.as_str()).collect();
    assert_eq!(refused, ["Odd_Get"]);
    assert!(
        done.refused[0].reason.contains("x-ms-request-id"),
        "{}",
        done.refused[0].reason
    );
    assert!(done.written.written.is_empty());
    assert_eq!(
        fs::read_dir(&specs).unwrap().count(),
        0,
        "nothing is written"
    );

    let done = import::write_many(&batch.imported, &specs, true).unwrap();
    assert_eq!(done.refused.len(), 1);
    let dir = specs.join("naming");
    assert!(dir.join("widgets_get.yaml").exists());
    assert!(!dir.join("odd_get.yaml").exists());
    assert!(dir.join("definitions.yaml").exists());
    codegen::generate(&specs).unwrap_or_else(|e| panic!("{e}"));
}

/// A definitions file is read like a spec: a mistake is located; and a model an operation file
/// defines differently from the pool is an error, as between two spec files.
#[test]
fn definitions_files_are_checked_like_specs() {
    let specs = scratch("definitions_checked");
    let all = import::Selection {
        operations: vec!["Widgets_Get".into()],
        all: false,
    };
    let batch = import::import_many(&fixture("naming.json"), &all, &LENIENT).unwrap();
    import::write_many(&batch.imported, &specs, false).unwrap();
    let path = specs.join("naming/definitions.yaml");
    let good = fs::read_to_string(&path).unwrap();

    fs::write(&path, good.replace("models:", "modles:")).unwrap();
    let error = codegen::load::load_dir(&specs).unwrap_err().to_string();
    assert!(
        error.contains("definitions.yaml:") && error.contains("modles"),
        "{error}"
    );

    fs::write(&path, &good).unwrap();
    let spec_path = specs.join("naming/widgets_get.yaml");
    let mut spec = codegen::load::read_spec(&spec_path).unwrap();
    let mut widget = batch.imported[0].spec.models[0].clone();
    widget.description = "Not the pool's description.".into();
    spec.models.push(widget);
    fs::write(&spec_path, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    let error = codegen::generate(&specs).unwrap_err().to_string();
    assert!(
        error.contains("`Widget` is also defined by another spec of this provider, differently"),
        "{error}"
    );
}

#[test]
fn a_parameter_enum_that_is_not_a_constant_is_warned_about() {
    let imported = import_ok(&fixture("operation_keys.json"), "Widgets_Lookup");
    let enum_warnings: Vec<&String> = imported
        .warnings
        .iter()
        .filter(|w| w.contains("`enum` is not recorded"))
        .collect();
    assert_eq!(enum_warnings.len(), 1, "{:#?}", imported.warnings);
    assert!(
        enum_warnings[0].contains("/parameters/5"),
        "{}",
        enum_warnings[0]
    );
    assert!(parameter(&imported.spec, "shape").constant.is_none());
}
