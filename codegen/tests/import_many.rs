//! The importer on whole upstream files: leniency (formats, headers), the shared definitions
//! file, many operations at once, and the operation keys of spec format v2.

use codegen::import::{self, ImportOptions, Imported};
use codegen::spec::{Location, Spec};
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::workspace;

fn fixture(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/openapi")
        .join(file)
}

fn upstream(file: &str) -> PathBuf {
    workspace().join("specs/upstream/specification").join(file)
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
    assert_eq!(since.format.as_deref(), Some("date-time-rfc1123"));
    assert!(warned(
        "/parameters/5/format",
        "format `date-time-rfc1123` of `type: string` is not known"
    ));
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
