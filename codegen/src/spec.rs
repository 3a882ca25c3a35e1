//! Stage 1 input: what a normalized spec file says.
//!
//! These are plain serde types mirroring `specs/README.md`. Nothing here knows about Rust
//! naming or code; lowering (`crate::lower`) turns a checked [`Spec`] into the IR.
//! Every struct denies unknown keys so a misspelt key is a located error, not a silent drop.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One operation of one resource provider at one api-version, with every model it reaches.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// Resource provider namespace, e.g. `Microsoft.ContainerService`.
    pub provider: String,
    /// The api-version this spec describes, e.g. `2026-01-01`.
    pub api_version: String,
    /// A test-only fixture service, not an Azure provider: its module is emitted behind the
    /// `test-fixture` feature, for the hand-written runtime tests.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_fixture: bool,
    /// Where the facts came from, and where the sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub operation: Operation,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<Enum>,
}

/// `specs/<module>/definitions.yaml`: the models and enums a provider's operation files share,
/// written once. Operation files of the provider name them without repeating them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Definitions {
    pub provider: String,
    pub api_version: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub test_fixture: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enums: Vec<Enum>,
}

/// The file name of a provider's [`Definitions`].
pub const DEFINITIONS_FILE: &str = "definitions.yaml";

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The OpenAPI operationId, `Group_Verb`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub description: String,
    pub method: String,
    /// Path template with `{name}` placeholders, one per path parameter.
    pub path: String,
    pub auth: Auth,
    pub parameters: Vec<Parameter>,
    pub responses: Vec<Response>,
    /// The body of every status not listed in `responses`.
    pub error: ErrorResponse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_running: Option<LongRunning>,
    /// x-ms-pageable: the operation lists items a page at a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pageable: Option<Pageable>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExampleRef>,
}

/// x-ms-pageable.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pageable {
    /// The page property holding the next page's URL; `None` (null upstream) means one page.
    pub next_link_name: Option<String>,
    /// The page property holding the items.
    #[serde(default = "default_item_name")]
    pub item_name: String,
}

fn default_item_name() -> String {
    "value".to_string()
}

/// OAuth2 (Microsoft Entra ID) scheme of the operation.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// The OpenAPI security scheme name, e.g. `azure_auth`.
    pub scheme: String,
    pub flow: String,
    pub authorization_url: String,
    /// OAuth2 scopes the operation asks for, e.g. `user_impersonation`.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// The wire name: path placeholder, query key, header name, or the body's parameter name.
    pub name: String,
    #[serde(rename = "in")]
    pub location: Location,
    pub required: bool,
    /// A primitive type for path/query/header; for the body a model name, a primitive, or
    /// `array` / `map` with `items` / `values`.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Element type of an `array` body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// Value type of a `map` body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    /// The method always sends this value (a required single-value enum upstream); it is not
    /// a parameter of the method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constant: Option<serde_json::Value>,
    /// x-ms-parameter-location `client`: the client holds it, as it holds `subscriptionId`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub client: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status code: a success (2xx), or another status that `error` classifies.
    pub status: u16,
    pub description: String,
    /// The body model, or none for an empty body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// A body that is not a model: a primitive, or `array` / `map` with `items` / `values`.
    /// Exclusive with `model`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    /// x-ms-error-response: `true` makes a listed status an error carrying this model;
    /// `false` on a non-2xx status (HEAD's 404) makes it an outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub name: String,
    /// A primitive type; `format` refines it as in OpenAPI.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorResponse {
    pub description: String,
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LongRunning {
    /// `azure-async-operation`, `location`, `original-uri` or `operation-location`.
    pub final_state_via: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleRef {
    /// The x-ms-examples title.
    pub title: String,
    /// Path relative to the spec file.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    pub description: String,
    /// A polymorphic base: the JSON property whose value names the derived model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<String>,
    /// A derived model: its base (whose properties it repeats, as allOf gives them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// A derived model: the discriminator value that selects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator_value: Option<String>,
    /// Where the importer found it, `<file>#/pointer`: what tells two same-named schemas apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Property {
    /// The exact JSON name.
    pub name: String,
    /// A primitive (`string`, `integer`, `number`, `boolean`, `date-time`, `arm-id`, `uuid`,
    /// `uri`, `object`), `array` (with `items`), `map` (with `values`), or a model or enum name.
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// The upstream `x-ms-client-flatten` hint. Recorded, but the JSON nesting is kept.
    #[serde(default, skip_serializing_if = "is_false")]
    pub client_flatten: bool,
    /// x-ms-secret: never shown by `Debug`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub secret: bool,
    /// x-nullable: the service may send, and accepts, an explicit `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The service's default, documented (never sent implicitly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// x-ms-mutability: some of `create`, `read`, `update`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mutability: Vec<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    pub name: String,
    pub description: String,
    /// `true` for x-ms-enum `modelAsString: true`: unknown values are accepted and kept.
    pub extensible: bool,
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// An example file beside a spec, in the upstream x-ms-examples shape.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Example {
    pub parameters: BTreeMap<String, serde_json::Value>,
    pub responses: BTreeMap<String, ExampleResponse>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ExampleResponse {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
}
