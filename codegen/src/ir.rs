//! Stage 2: what the Rust will be.
//!
//! Plain data with every name already decided (`names` makes every naming rule; lowering
//! calls it), every type resolved, and every rule and outcome spelled out. `emit` reads only
//! this.

/// The whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Crate {
    /// The package name, as the emitted tests and docs `use` it.
    pub name: String,
    /// Sorted by module name.
    pub services: Vec<Service>,
}

/// One resource provider: one Rust module with its models and its client.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Module name, e.g. `container_service`.
    pub module: String,
    /// Resource provider namespace, e.g. `Microsoft.ContainerService`.
    pub provider: String,
    pub api_version: String,
    /// A test-only fixture (`test_fixture: true`): emitted behind the `test-fixture` feature.
    pub test_only: bool,
    /// Spec files this module was generated from, relative to `specs/`.
    pub sources: Vec<String>,
    /// Sorted by Rust name.
    pub models: Vec<Model>,
    /// Sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Discriminated unions: each takes the place of its base model. Sorted by Rust name.
    pub unions: Vec<Union>,
    /// Sorted by Rust name.
    pub clients: Vec<Client>,
    /// The model every non-success status carries, and how to read it.
    pub error: ErrorShape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub doc: String,
    /// The fields marked `constructor_param` are the parameters of `new`; a model without
    /// such a field derives `Default` instead.
    pub fields: Vec<Field>,
    /// Some operation sends this model (or a model containing it) as a request body,
    /// so it needs the writable-only serialization.
    pub in_request: bool,
    /// A variant of a discriminated union: the tag its JSON always carries.
    pub tag: Option<Tag>,
    /// The private field that lists the properties a request sends as an explicit `null`;
    /// set when a property is nullable. Emitted where [`Model::clearable_fields`] has some.
    pub explicit_nulls_field: Option<String>,
}

impl Model {
    /// The fields a request may send as an explicit `null`: nullable and sent, in a model
    /// that is part of a request.
    pub fn clearable_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(move |f| {
            self.in_request && self.explicit_nulls_field.is_some() && f.nullable && f.sent
        })
    }
}

/// The discriminator property and value of a union's variant model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The JSON property, e.g. `kind`.
    pub property: String,
    /// The value naming this model, e.g. `Dog`.
    pub value: String,
}

/// A polymorphic base model with its derived models: a Rust enum with one variant per derived
/// model and one that keeps an unknown kind as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The base model's Rust name.
    pub name: String,
    pub doc: String,
    /// The JSON property whose value names the variant.
    pub discriminator: String,
    /// Sorted by discriminator value.
    pub variants: Vec<UnionVariant>,
    /// JSON names of the base's read-only properties, left out of the request form of an
    /// unknown kind.
    pub read_only: Vec<String>,
    /// Some request body reaches it.
    pub in_request: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariant {
    /// The variant, named after its model.
    pub name: String,
    /// The derived model's Rust name.
    pub model: String,
    /// The discriminator value that selects it.
    pub value: String,
}

/// The variant of every union that keeps a kind this version does not know.
pub const UNKNOWN_KIND: &str = "UnknownKind";

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name, raw (`r#type`) when it is a keyword.
    pub name: String,
    pub json_name: String,
    pub ty: Type,
    pub doc: String,
    pub required: bool,
    pub read_only: bool,
    /// Part of a request body: writable, and not a model whose properties are all read-only
    /// (an empty `{}` says nothing).
    pub sent: bool,
    /// A parameter of the model's `new`: required, and sent.
    pub constructor_param: bool,
    /// x-ms-secret: `Debug` prints `<redacted>` in its place.
    pub secret: bool,
    /// x-nullable: the service may send an explicit `null` (read as `None`); where the field
    /// is sent, a caller may send `null` too, to clear it (JSON merge patch).
    pub nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    I32,
    I64,
    F64,
    Bool,
    /// RFC 3339 on the wire (`date-time`).
    DateTime,
    /// RFC 7231 on the wire (`date-time-rfc1123`).
    DateTimeRfc7231,
    /// Seconds since the Unix epoch on the wire (`unixtime`).
    UnixTime,
    /// Base64 on the wire (`byte`).
    Bytes,
    /// Base64url on the wire (`base64url`).
    Base64Url,
    /// Free-form JSON.
    Json,
    Vec(Box<Type>),
    Map(Box<Type>),
    /// A model, or a union (which takes its base model's name); `boxed` when it reaches its own
    /// containing model without a collection between.
    Model {
        name: String,
        boxed: bool,
    },
    Enum(String),
}

impl Type {
    /// Names of the models this type mentions.
    pub fn model_names(&self) -> Vec<String> {
        match self {
            Type::Model { name, .. } => vec![name.clone()],
            Type::Vec(inner) | Type::Map(inner) => inner.model_names(),
            _ => Vec::new(),
        }
    }

    /// Whether its request JSON needs more than plain serde: it holds a model (whose request
    /// form leaves out read-only fields) or a value with a wire form of its own (a date-time,
    /// bytes).
    pub fn needs_custom_request_json(&self) -> bool {
        match self {
            Type::Model { .. } => true,
            Type::DateTime
            | Type::DateTimeRfc7231
            | Type::UnixTime
            | Type::Bytes
            | Type::Base64Url => true,
            Type::Vec(inner) | Type::Map(inner) => inner.needs_custom_request_json(),
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub doc: String,
    /// `modelAsString: true`. Every enum reads any value (case-insensitively; one it does not
    /// know is kept in `UnknownValue(String)`); a closed one (`false`) refuses to *send* an
    /// unknown value, so the spec's closed list governs requests only.
    pub extensible: bool,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub value: String,
    pub doc: String,
}

/// How the module's `ServiceError` reads an error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorShape {
    /// The documented error model (e.g. `ErrorResponse`, `CloudError`).
    pub model: String,
    /// The field of `model` that wraps the detail (ARM's `{"error": {...}}`), if any.
    pub envelope: Option<Field>,
    /// The fields of the detail model (the envelope's type, or `model` itself), which become
    /// `ServiceError` fields.
    pub fields: Vec<ErrorField>,
    /// The `ServiceError` field holding the service's error code, if the detail has one.
    pub code_field: Option<String>,
    /// The `ServiceError` field holding the service's error message, if the detail has one.
    pub message_field: Option<String>,
}

/// A `ServiceError` field read from the detail model.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorField {
    /// The `ServiceError` field: the detail field's name, unless `ServiceError`'s own fields
    /// (`status`, `request_id`, `raw_body`) take it.
    pub name: String,
    /// The detail model's field.
    pub detail: Field,
}

/// One client type per operation group (`PrivateEndpointConnections_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    pub name: String,
    pub doc: String,
    /// Parameters the client holds (ARM's `subscriptionId`), given to `new`.
    pub params: Vec<Param>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The OpenAPI operationId.
    pub id: String,
    /// Rust method name; `begin_*` for long-running operations.
    pub method_name: String,
    pub doc: String,
    pub http_method: HttpMethod,
    pub path: Vec<PathPart>,
    /// Method parameters: path parameters in the order of the spec, then required
    /// query/header parameters. Client parameters are not repeated here.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Optional parameters: fields of the options struct.
    pub options: Vec<Param>,
    /// Query and header values the method always sends (the spec's `constant`s).
    pub constants: Vec<Constant>,
    pub options_name: String,
    /// The outcome enum, when the method returns one (it sends once and documents more than
    /// one status, which tell different things apart: 200 vs 201, a body vs none).
    pub outcome_name: String,
    /// Set when the method returns azure_core's `Response<T>` (it sends once and documents one
    /// status): the trait that reads that response's typed headers. Methods answering the same
    /// model share it.
    pub headers_trait: Option<String>,
    pub outcomes: Vec<Outcome>,
    /// Statuses the spec lists as errors (x-ms-error-response): they are `ServiceError`s, as
    /// any undocumented status is, and the method's doc names them.
    pub error_statuses: Vec<ErrorStatus>,
    /// A HEAD without bodies: the method answers `bool`, true for a 2xx outcome and false for
    /// a non-2xx one (ARM's 404 of `CheckExistence`).
    pub exists_check: bool,
    pub long_running: Option<LongRunning>,
    /// x-ms-pageable: the method returns a `Pager` instead of an outcome.
    pub paging: Option<Paging>,
    /// The operation's own api-version, a constant of its spec, sent instead of the client's
    /// (Key Vault's `Vaults_List` lists resources at `2015-11-01`).
    pub api_version: Option<String>,
    pub examples: Vec<Example>,
    /// The names of this operation's emitted tests.
    pub tests: OperationTests,
}

/// The emitted tests of one operation, by name (unique across the service's test file).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OperationTests {
    /// Undocumented statuses become `ServiceError`s.
    pub error_statuses: String,
    /// Error bodies that are not the error model are kept as text. The module's `ServiceError`
    /// reads them, the same for every operation, so one operation of the module (the first with
    /// examples and a body to read, not a HEAD) has this test.
    pub unreadable_error_bodies: Option<String>,
    /// The client's, the method's and the options' parameters.
    pub params: Vec<ParamTests>,
}

/// What a method gives its caller. It follows from the operation's fields; emit asks here
/// rather than re-deriving it in each place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// `bool`: a HEAD existence check.
    Exists,
    /// azure_core's `Response<T>`: one documented success status.
    Response,
    /// The outcome enum: statuses that tell different things apart.
    Outcome,
    /// A `Poller`: long-running.
    Poller,
    /// azure_core's `Pager`: x-ms-pageable.
    Pager,
}

impl Operation {
    pub fn returns(&self) -> Returns {
        if self.paging.is_some() {
            Returns::Pager
        } else if self.long_running.is_some() {
            Returns::Poller
        } else if self.exists_check {
            Returns::Exists
        } else if self.headers_trait.is_some() {
            Returns::Response
        } else {
            Returns::Outcome
        }
    }

    /// The method sends one request and maps its status (not long-running, not paged).
    pub fn sends_once(&self) -> bool {
        matches!(
            self.returns(),
            Returns::Exists | Returns::Response | Returns::Outcome
        )
    }
}

impl OperationTests {
    /// The names of `param`'s tests.
    pub fn of(&self, param: &Param) -> Option<&ParamTests> {
        self.params.iter().find(|t| t.param == param.name)
    }
}

/// The emitted tests of one parameter of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamTests {
    /// The parameter, by Rust name.
    pub param: String,
    /// Values that break its rules are refused. A client parameter is checked by the client's
    /// `new`, the same for every operation, so only one operation of the client (the first
    /// with examples, which its tests need) has this test.
    pub rejects_invalid: Option<String>,
    /// A path parameter is sent as one percent-encoded segment; `None` for the others.
    pub one_segment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Patch,
    Post,
    Delete,
    Head,
}

impl HttpMethod {
    /// The method as it is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A method parameter, by Rust name, and the local its encoded segment goes into.
    Param {
        name: String,
        segment: String,
    },
    /// A client parameter, by Rust field name, and the local its encoded segment goes into.
    ClientParam {
        name: String,
        segment: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    /// With the lower-case name azure_core sends it under.
    Header(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub wire_name: String,
    pub name: String,
    pub doc: String,
    pub location: ParamLocation,
    pub ty: Type,
    /// Checked before anything is sent.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Uuid,
    MinLength(u64),
    MaxLength(u64),
    Pattern(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub name: String,
    /// The parameter name in the spec, which is also its key in example files.
    pub wire_name: String,
    /// A model, or an array, map or primitive.
    pub ty: Type,
    /// An optional body is a field of the options struct, sent only when set.
    pub required: bool,
    pub doc: String,
}

/// A query or header value every call sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constant {
    pub wire_name: String,
    pub location: ParamLocation,
    /// As sent.
    pub value: String,
}

/// A status the spec lists as an error (x-ms-error-response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorStatus {
    pub status: u16,
    /// The model of its body, when the spec names one.
    pub model: Option<String>,
    pub doc: String,
}

/// A documented status and what the caller gets for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: u16,
    /// Variant of the outcome enum, from the status reason (`Ok`, `Created`, `Accepted`...).
    pub variant: String,
    /// `200 OK: <the spec's description>`.
    pub doc: String,
    /// The body's model, when the body is a model (what a long-running result is).
    pub model: Option<String>,
    /// The body's type: the model, or an array, map or primitive.
    pub body: Option<Type>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeader {
    pub wire_name: String,
    /// Lower-case name, as azure_core looks headers up.
    pub lookup_name: String,
    pub name: String,
    pub ty: Type,
    pub doc: String,
}

/// How a pageable operation pages: every success outcome is a page of `page_model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    pub page_model: String,
    /// The page's field holding the items (x-ms-pageable `itemName`), by Rust name.
    pub item_field: String,
    pub item_type: Type,
    /// The JSON property holding the next page's URL; `None` when every list is one page.
    pub next_link_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongRunning {
    pub final_state_via: FinalStateVia,
    /// The model of the final result, if any status carries one.
    pub result_model: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalStateVia {
    AzureAsyncOperation,
    Location,
    OriginalUri,
    OperationLocation,
}

/// An x-ms-examples file, already parsed and tied to this operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub title: String,
    /// The test that its bodies round-trip through the models.
    pub round_trip_test: String,
    /// Path relative to `specs/`.
    pub file: String,
    pub parameters: Vec<(String, serde_json::Value)>,
    pub body: Option<serde_json::Value>,
    pub responses: Vec<ExampleResponse>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    /// What a replay of this answer can check.
    pub replay: Replay,
    /// The test that replays this answer.
    pub replay_test: String,
}

/// How far a replay of one example answer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// The answer is the result.
    Completes,
    /// A long-running operation is still running (a 202 or a monitor header, or a
    /// provisioningState that has not ended): only the first step can be checked.
    FirstStep,
    /// A long-running operation's 202 with no monitor header (upstream examples often leave
    /// the headers out): the client refuses it.
    Unfollowable,
    /// A long-running PUT or PATCH whose first answer already says `Failed` or `Canceled`: the
    /// client's error.
    Fails,
}
