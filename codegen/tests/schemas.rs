//! Lowering of the model shapes of real upstream files, on the fixture spec that holds them
//! (`specs/fixture/gadgets_put.yaml`): discriminated unions, mutability, formats, secrets.
//! Their runtime behaviour is tested in `generated/tests/schemas.rs`.

use codegen::diagnostic::Diagnostics;
use codegen::ir;
use std::path::Path;

const SPEC: &str = include_str!("../../specs/fixture/gadgets_put.yaml");

fn lower(source: String) -> Result<ir::Crate, Diagnostics> {
    // The real path, so the example file beside it is found.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/fixture/gadgets_put.yaml");
    let file = codegen::load::parse_file(&path, "fixture/gadgets_put.yaml", source)?;
    codegen::lower::lower(&[file])
}

/// The spec with `from` replaced by `to`, which must be refused: the messages, each with its
/// line.
fn errors_after(from: &str, to: &str) -> Vec<(usize, String)> {
    assert!(
        SPEC.contains(from),
        "the fixture no longer contains {from:?}"
    );
    match lower(SPEC.replacen(from, to, 1)) {
        Ok(_) => panic!("replacing {from:?} with {to:?} should be refused"),
        Err(diagnostics) => diagnostics
            .0
            .into_iter()
            .map(|d| (d.line, d.message))
            .collect(),
    }
}

fn line_of(text: &str) -> usize {
    SPEC.lines().position(|l| l == text).expect("fixture line") + 1
}

fn service(krate: &ir::Crate) -> &ir::Service {
    &krate.services[0]
}

#[test]
fn a_base_model_becomes_a_union_of_its_derived_models() {
    let krate = lower(SPEC.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let service = service(&krate);
    assert!(
        !service.models.iter().any(|m| m.name == "Device"),
        "the base has no struct"
    );
    let [union] = service.unions.as_slice() else {
        panic!("one union expected: {:?}", service.unions);
    };
    assert_eq!(union.name, "Device");
    assert_eq!(union.discriminator, "kind");
    assert_eq!(union.read_only, ["serial"]);
    assert!(union.in_request, "the PUT body reaches it");
    let variants: Vec<(&str, &str)> = union
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(variants, [("Sensor", "Sensor"), ("Switch", "Switch")]);

    let sensor = service
        .models
        .iter()
        .find(|m| m.name == "Sensor")
        .expect("Sensor");
    assert_eq!(
        sensor.tag,
        Some(ir::Tag {
            property: "kind".into(),
            value: "Sensor".into()
        })
    );
    // The tag is written by the variant itself, not held in a field.
    assert!(!sensor.fields.iter().any(|f| f.json_name == "kind"));
    let device = service
        .models
        .iter()
        .flat_map(|m| &m.fields)
        .find(|f| f.json_name == "device")
        .expect("the device property");
    assert_eq!(
        device.ty,
        ir::Type::Model {
            name: "Device".into(),
            boxed: false
        }
    );
    assert!(device.sent, "a union always has something to send");
}

#[test]
fn a_variant_that_holds_its_own_union_is_boxed() {
    let krate = lower(SPEC.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let switch = service(&krate)
        .models
        .iter()
        .find(|m| m.name == "Switch")
        .expect("Switch");
    let next = switch
        .fields
        .iter()
        .find(|f| f.json_name == "next")
        .expect("next");
    assert_eq!(
        next.ty,
        ir::Type::Model {
            name: "Device".into(),
            boxed: true
        }
    );
}

#[test]
fn union_mistakes_are_located() {
    let value_line = line_of("    discriminator_value: Switch");
    assert_eq!(
        errors_after(
            "    discriminator_value: Switch\n",
            "    discriminator_value: Sensor\n"
        ),
        [(
            value_line,
            "`Switch` and `Sensor` both have discriminator value `Sensor`".to_string()
        )]
    );
    let parent_line = line_of("    parent: Device");
    assert_eq!(
        errors_after(
            "    parent: Device\n    discriminator_value: Sensor\n",
            "    parent: Device\n"
        ),
        [(
            parent_line,
            "`Sensor` derives from `Device` but has no `discriminator_value`".to_string()
        )]
    );
    assert_eq!(
        errors_after(
            "    parent: Device\n    discriminator_value: Sensor\n",
            "    parent: Reading\n    discriminator_value: Sensor\n"
        ),
        [(
            parent_line,
            "no model up the `parent` chain of `Sensor` has a `discriminator`".to_string()
        )]
    );
    assert_eq!(
        errors_after(
            "    parent: Device\n    discriminator_value: Sensor\n",
            "    parent: Gizmo\n    discriminator_value: Sensor\n"
        ),
        [(
            parent_line,
            "parent `Gizmo` is not a model of this file".to_string()
        )]
    );
    assert_eq!(
        errors_after(
            "    parent: Device\n    discriminator_value: Sensor\n",
            "    discriminator_value: Sensor\n"
        ),
        [(
            parent_line,
            "`Sensor` has a `discriminator_value` but no `parent`".to_string()
        )]
    );
}

#[test]
fn mutability_mistakes_are_located() {
    let line = line_of("        mutability: [create, read]");
    assert_eq!(
        errors_after(
            "        mutability: [create, read]\n",
            "        mutability: [create, delete]\n"
        ),
        [(line, "`delete` is not an x-ms-mutability value".to_string())]
    );
    assert_eq!(
        errors_after(
            "        mutability: [create, read]\n",
            "        read_only: true\n        mutability: [create, read]\n"
        ),
        [(
            line + 1,
            "`read_only: true` contradicts a mutability that allows writing".to_string()
        )]
    );
}

#[test]
fn mutability_read_is_read_only_and_the_other_keys_are_documented() {
    let krate = lower(SPEC.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let fields: Vec<&ir::Field> = service(&krate)
        .models
        .iter()
        .flat_map(|m| &m.fields)
        .collect();
    let field = |json: &str| *fields.iter().find(|f| f.json_name == json).expect(json);
    assert!(field("state").read_only && !field("state").sent);
    assert!(field("zone").sent && field("zone").doc.contains("Set on create only"));
    assert!(field("zone").doc.contains("The service's default: `\"1\"`"));
    assert!(field("adminPassword").secret && field("adminPassword").doc.contains("never returned"));
    assert!(field("note").doc.contains("explicit `null`"));
    assert!(field("hostname").doc.contains("format `hostname`"));
    assert_eq!(field("hostname").ty, ir::Type::String);
    assert_eq!(field("unixtime").ty, ir::Type::UnixTime);
}

#[test]
fn a_format_on_a_type_that_already_says_its_format_is_refused() {
    let line = line_of("        type: uuid");
    assert_eq!(
        errors_after(
            "        type: uuid\n",
            "        type: uuid\n        format: uri\n"
        ),
        [(
            line,
            "type `uuid` already says its format, so `format: uri` does not apply".to_string()
        )]
    );
}

#[test]
fn the_api_summary_names_the_kinds_a_union_gains_and_loses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/fixture/gadgets_put.yaml");
    let old = codegen::load::read_spec(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut new = old.clone();
    let switch = new
        .models
        .iter_mut()
        .find(|m| m.name == "Switch")
        .expect("Switch");
    switch.discriminator_value = Some("Toggle".into());
    let summary = codegen::diff::diff(&old, &new)
        .unwrap_or_else(|e| panic!("{e}"))
        .to_string();
    assert!(
        summary.contains("new kind `Toggle` in union `Device` (it was read as `UnknownKind`)"),
        "{summary}"
    );
    assert!(
        summary
            .contains("removed kind `Switch` from union `Device`: it is now read as `UnknownKind`"),
        "{summary}"
    );
    assert!(
        codegen::diff::diff(&old, &new)
            .expect("lowers")
            .has_breaking()
    );
}
