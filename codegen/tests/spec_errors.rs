//! Every kind of spec mistake gives a located error (`file:line:column: error: ...` + hint).
//!
//! Each case applies one small edit to the valid edge-case fixture and checks the exact message.

use codegen::diagnostic::Diagnostics;
use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/edge_cases.yaml");

/// Loads and lowers the fixture after replacing `from` with `to` (which must occur).
fn errors_after(from: &str, to: &str) -> Diagnostics {
    assert!(
        FIXTURE.contains(from),
        "the fixture no longer contains {from:?}"
    );
    let source = FIXTURE.replacen(from, to, 1);
    let path = Path::new("specs/contoso/widgets.yaml");
    let file = match codegen::load::parse_file(path, "contoso/widgets.yaml", source) {
        Ok(file) => file,
        Err(diagnostics) => return diagnostics,
    };
    match codegen::lower::lower(&[file]) {
        Ok(_) => panic!("replacing {from:?} with {to:?} should be refused"),
        Err(diagnostics) => diagnostics,
    }
}

const CASES: &[(&str, &str, &str)] = &[
    (
        "unknown type",
        "        type: Color\n",
        "        type: Colour\n",
    ),
    (
        "unknown primitive",
        "        type: date-time\n",
        "        type: datetime\n",
    ),
    (
        "dangling body model",
        "      type: Widget\n      description: The widget to write.",
        "      type: Widgt\n      description: The widget to write.",
    ),
    (
        "dangling response model",
        "      model: Widget\n      headers:\n        - name: ETag",
        "      model: Gadget\n      headers:\n        - name: ETag",
    ),
    (
        "dangling error model",
        "    model: WidgetError",
        "    model: WidgetErrors",
    ),
    (
        "duplicate property",
        "      - name: shape\n",
        "      - name: color\n",
    ),
    (
        "colliding JSON names",
        "      - name: shape\n",
        "      - name: Color\n",
    ),
    (
        "bad status code",
        "    - status: 201\n",
        "    - status: 404\n",
    ),
    (
        "status code out of range",
        "    - status: 201\n",
        "    - status: 70000\n",
    ),
    (
        "duplicate status",
        "    - status: 201\n",
        "    - status: 200\n",
    ),
    (
        "missing required key",
        "  description: Long-running create with an optional header and two documented headers.\n",
        "",
    ),
    (
        "unknown key",
        "      read_only: true\n        description: The resource id.",
        "      readonly: true\n        description: The resource id.",
    ),
    (
        "duplicate enum value",
        "      - value: Square\n",
        "      - value: round\n",
    ),
    (
        "enum values colliding as variants",
        "      - value: Square\n",
        "      - value: ROUND\n",
    ),
    ("duplicate model", "  - name: Part\n", "  - name: Widget\n"),
    ("array without items", "        items: Part\n", ""),
    ("bad pattern", "'^[a-z][a-z0-9-]*$'", "'^[a-z'"),
    (
        "placeholder without parameter",
        "/widgets/{widgetName}",
        "/widgets/{widget}",
    ),
    (
        "unknown final-state rule",
        "final_state_via: azure-async-operation",
        "final_state_via: polling",
    ),
    ("bad method", "  method: PUT\n", "  method: put\n"),
    (
        "wrong value type",
        "      min_length: 3\n",
        "      min_length: three\n",
    ),
    ("bad YAML", "  long_running:\n", "  long_running: [\n"),
    (
        "module name the crate reserves",
        "provider: Contoso.Widgets\n",
        "provider: Contoso.Runtime\n",
    ),
    (
        "module name Rust reserves",
        "provider: Contoso.Widgets\n",
        "provider: Contoso.Crate\n",
    ),
    (
        "model name shadowing Rust",
        "  - name: Part\n",
        "  - name: String\n",
    ),
    (
        "path parameter not a string",
        "      type: string\n      min_length: 3\n",
        "      type: integer\n      min_length: 3\n",
    ),
    (
        "headers colliding as fields",
        "        - name: Retry-After\n",
        "        - name: Azure_AsyncOperation\n",
    ),
    (
        "request id typed as a number",
        "        - name: Retry-After\n          type: integer\n",
        "        - name: x-ms-request-id\n          type: integer\n",
    ),
    (
        "long-running answers with two models",
        "      description: Created; still provisioning.\n      model: Widget\n",
        "      description: Created; still provisioning.\n      model: Part\n",
    ),
    (
        "long-running operation that pages",
        "  long_running:\n",
        "  pageable:\n    next_link_name: nextLink\n  long_running:\n",
    ),
    (
        "success status marked as an error",
        "    - status: 201\n",
        "    - status: 201\n      error: true\n",
    ),
    (
        "constant that is not a primitive",
        "      type: string\n      description: Create only when no widget exists.",
        "      type: string\n      constant: [a, b]\n      description: Create only when no widget exists.",
    ),
    (
        "optional client parameter",
        "      type: string\n      description: Create only when no widget exists.",
        "      type: string\n      client: true\n      description: Create only when no widget exists.",
    ),
    (
        "null where text is required",
        "  description: Long-running create with an optional header and two documented headers.\n",
        "  description: null\n",
    ),
    (
        "empty value where text is required",
        "        description: The resource id.",
        "        description:",
    ),
    (
        "null in a list of text",
        "    scopes: [user_impersonation]\n",
        "    scopes: [~]\n",
    ),
    (
        "empty value where a list is required",
        "    scopes: [user_impersonation]\n",
        "    scopes:\n",
    ),
    (
        "body nesting a collection",
        "      type: Widget\n      description: The widget to write.",
        "      type: array\n      items: map\n      description: The widget to write.",
    ),
];

#[test]
fn every_spec_mistake_is_located() {
    let mut report = String::new();
    for (name, from, to) in CASES {
        let diagnostics = errors_after(from, to);
        for diagnostic in &diagnostics.0 {
            assert_eq!(
                diagnostic.file,
                Path::new("specs/contoso/widgets.yaml"),
                "{name}"
            );
            assert!(
                diagnostic.line > 1,
                "{name}: no real position in {diagnostic}"
            );
        }
        report.push_str(&format!("## {name}\n{diagnostics}\n\n"));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn the_position_is_the_offending_node() {
    let diagnostics = errors_after("        type: Color\n", "        type: Colour\n");
    let line = FIXTURE
        .lines()
        .position(|l| l == "        type: Color")
        .expect("fixture line")
        + 1;
    assert_eq!(diagnostics.0.len(), 1);
    assert_eq!((diagnostics.0[0].line, diagnostics.0[0].column), (line, 15));
    assert!(
        diagnostics.0[0].hint.contains("did you mean `Color`?"),
        "{}",
        diagnostics.0[0].hint
    );
}

#[test]
fn the_unmodified_fixture_is_valid() {
    let file = codegen::load::parse_file(
        Path::new("widgets.yaml"),
        "contoso/widgets.yaml",
        FIXTURE.to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    codegen::lower::lower(&[file]).unwrap_or_else(|e| panic!("{e}"));
}

/// A quoted `'null'` is text the author meant, and an optional key left empty is absent: only
/// a YAML null where text or a list is required is refused.
#[test]
fn a_quoted_null_is_text_and_an_empty_optional_key_is_absent() {
    let source = FIXTURE
        .replacen(
            "  description: Long-running create with an optional header and two documented headers.\n",
            "  description: 'null'\n",
            1,
        )
        .replacen("      min_length: 3\n", "      min_length:\n", 1);
    let file = codegen::load::parse_file(Path::new("widgets.yaml"), "contoso/widgets.yaml", source)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.spec.operation.description, "null");
    assert_eq!(file.spec.operation.parameters[1].min_length, None);
}

/// A definitions file is read by the same rule as a spec.
#[test]
fn a_null_in_a_definitions_file_is_located() {
    let source = "provider: Contoso.Widgets\napi_version: '1'\nmodels:\n  - name: Widget\n    description: ~\n";
    let error = codegen::load::parse_definitions(
        Path::new("specs/contoso/definitions.yaml"),
        "contoso/definitions.yaml",
        source.to_string(),
    )
    .expect_err("a null description");
    assert_eq!(
        error.to_string(),
        "specs/contoso/definitions.yaml:5:18: error: models[0].description: `~` is YAML's null, where text is required\n  hint: write the text, or quote it (`'~'`) if you mean those characters"
    );
}

const DEFINITIONS: &str = include_str!("fixtures/definitions/definitions.yaml");

/// An operation of the `Contoso.Gizmos` fixture naming the definitions' `Gizmo` (as its body
/// when it has one, and its answer) and `Failure`.
fn gizmo_operation(verb: &str, method: &str, body: bool) -> String {
    let body = if body {
        "    - { name: body, in: body, required: true, type: Gizmo, description: The gizmo. }\n"
    } else {
        ""
    };
    format!(
        r#"provider: Contoso.Gizmos
api_version: "2025-01-01"
operation:
  id: Gizmos_{verb}
  description: {verb} a gizmo.
  method: {method}
  path: /subscriptions/{{subscriptionId}}/providers/Contoso.Gizmos/gizmos/{{name}}
  auth: {{ scheme: azure_auth, flow: implicit, authorization_url: https://login.microsoftonline.com/common/oauth2/authorize, scopes: [user_impersonation] }}
  parameters:
    - {{ name: subscriptionId, in: path, required: true, type: string, description: The subscription. }}
    - {{ name: name, in: path, required: true, type: string, description: The name. }}
    - {{ name: api-version, in: query, required: true, type: string, description: The api-version. }}
{body}  responses:
    - {{ status: 200, description: The gizmo., model: Gizmo }}
  error: {{ description: Something went wrong., model: Failure }}
"#
    )
}

/// Loads and generates the Gizmos module (its definitions after replacing `from` with `to`,
/// and three operations naming its models): the report `generate` prints.
fn gizmos_report(from: &str, to: &str) -> String {
    assert!(
        DEFINITIONS.contains(from),
        "the fixture no longer contains {from:?}"
    );
    let mut loaded = codegen::load::Loaded::default();
    loaded.definitions.push(
        codegen::load::parse_definitions(
            Path::new("specs/gizmos/definitions.yaml"),
            "gizmos/definitions.yaml",
            DEFINITIONS.replacen(from, to, 1),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    );
    for (verb, method, body) in [
        ("Get", "GET", false),
        ("Put", "PUT", true),
        ("Patch", "PATCH", true),
    ] {
        let name = format!("gizmos/gizmos_{}.yaml", verb.to_lowercase());
        loaded.specs.push(
            codegen::load::parse_file(
                Path::new(&format!("specs/{name}")),
                &name,
                gizmo_operation(verb, method, body),
            )
            .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    match codegen::generate_loaded(Path::new("specs"), &loaded) {
        Ok(_) if from == to => String::new(),
        Ok(_) => panic!("replacing {from:?} with {to:?} should be refused"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

/// A mistake in a module's `definitions.yaml` is reported first and once: not buried under an
/// error for every operation that names the model it broke.
#[test]
fn a_mistake_in_definitions_is_reported_once_and_first() {
    assert_eq!(gizmos_report("", ""), "", "the unmodified fixture is valid");
    let cases = [
        (
            "wrong type on a property",
            "        type: integer\n",
            "        type: int\n",
        ),
        (
            "dangling reference",
            "        type: Color\n",
            "        type: Colour\n",
        ),
        (
            "duplicate model",
            "  - name: GizmoProperties\n",
            "  - name: Gizmo\n",
        ),
        (
            "model and enum of one name",
            "  - name: Color\n",
            "  - name: Failure\n",
        ),
        (
            "names colliding once cased",
            "  - name: GizmoProperties\n",
            "  - name: gizmo\n",
        ),
        (
            "a name Rust reserves",
            "  - name: Failure\n",
            "  - name: Result\n",
        ),
        (
            "an invalid name, which the operations name",
            "  - name: Gizmo\n",
            "  - name: Gizmo thing\n",
        ),
    ];
    let mut report = String::new();
    for (name, from, to) in cases {
        let printed = gizmos_report(from, to);
        let first = printed.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("specs/gizmos/definitions.yaml:"),
            "{name}: the first error is not the definitions' own:\n{printed}"
        );
        report.push_str(&format!("## {name}\n{printed}\n\n"));
    }
    insta::assert_snapshot!(report);
}
