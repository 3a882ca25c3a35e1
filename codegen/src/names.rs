//! Every naming rule: Rust names from spec names, the suffixes and prefixes that keep them
//! apart, the emitted tests' names and the crate name. Lowering calls these and puts the
//! result in the IR; emit never makes or re-cases a name.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async",
    "await", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore.
const PLAIN_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// `resourceGroupName` → `resource_group_name`; `If-Match` → `if_match`.
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// The module of a provider: `Microsoft.ContainerService` → `container_service`.
pub fn module_for_provider(provider: &str) -> String {
    snake(provider.rsplit('.').next().unwrap_or(provider))
}

/// `createdByType` → `CreatedByType`.
pub fn upper_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

/// Module names the generated crate uses itself, or that Rust reserves.
const RESERVED_MODULES: &[&str] = &["runtime", "self", "super", "crate", "std", "core"];

/// Type names a model or enum may not take: `models.rs` uses these from the prelude and serde.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "String",
    "Option",
    "Some",
    "None",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "From",
    "Into",
];

/// Whether the module `name` is taken by the crate or by Rust.
pub fn is_reserved_module(name: &str) -> bool {
    RESERVED_MODULES.contains(&name)
        || RAW_KEYWORDS.contains(&name)
        || PLAIN_KEYWORDS.contains(&name)
}

/// Whether the Rust type `name` would shadow a name the generated models use.
pub fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name)
}

/// `name` with every character that cannot appear in a Rust identifier replaced by `_`.
/// (Spec names are mostly ASCII; this keeps emit from ever meeting an invalid identifier.)
fn identifier_chars(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        // One `_` for a run of them, so `widget²` gives `widget`, not `widget_` (or later
        // `widget__segment`, which rustc warns about).
        if c != '_' || !out.ends_with('_') {
            out.push(c);
        }
    }
    match out.trim_end_matches('_') {
        "" => out,
        trimmed => trimmed.to_string(),
    }
}

/// A test function name from an example title: snake case, starting with a letter.
pub fn test_name(title: &str) -> String {
    let name = identifier_chars(&snake(title));
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("example_{}", name.trim_start_matches('_'))
    }
}

/// The local holding the encoded path segment of parameter `param` (a Rust name).
pub fn segment_local(param: &str) -> String {
    format!("{}_segment", bare(param))
}

/// A Rust name as part of a longer one: no `r#`, and no `_` at its end, which would double
/// (`self_` → `self_segment`, not `self__segment`).
fn bare(name: &str) -> &str {
    name.trim_start_matches("r#").trim_end_matches('_')
}

/// A method name: snake case, keywords made valid (`move` → `r#move`).
pub fn method(verb: &str) -> String {
    field(verb)
}

/// A struct field or parameter name: snake case, keywords made valid.
pub fn field(json_name: &str) -> String {
    let mut name = identifier_chars(&snake(json_name));
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    if PLAIN_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The method that makes a request send field `field` as an explicit `null`: `note` →
/// `clear_note`, `r#type` → `clear_type`.
pub fn clear_method(field: &str) -> String {
    format!("clear_{}", bare(field))
}

/// The private field of a request model that lists the properties its request sends as an
/// explicit `null`: `explicit_nulls`, with `_` added while a field (`taken`) has the name.
pub fn explicit_nulls_field(taken: impl Fn(&str) -> bool) -> String {
    let mut name = "explicit_nulls".to_string();
    while taken(&name) {
        name.push('_');
    }
    name
}

/// A response header field: `Retry-After` → `retry_after`; ARM's well-known names read better
/// shortened (`ETag` → `etag`, `x-ms-request-id` → `request_id`).
pub fn header_field(header: &str) -> String {
    match header.to_ascii_lowercase().as_str() {
        "etag" => "etag".into(),
        "x-ms-request-id" => "request_id".into(),
        _ => field(header),
    }
}

/// An enum variant: `Approved` → `Approved`, `2020-01-01` → `V2020_01_01`-like names stay valid.
pub fn variant(value: &str) -> String {
    let mut name = identifier_chars(&upper_camel(value));
    if name.contains('_') {
        // `_` only stands for characters that cannot be in an identifier (`Größe` → `Gr_e`);
        // cased again, the variant stays UpperCamelCase (`GrE`).
        name = upper_camel(&name);
    }
    if name.is_empty() {
        "Empty".into()
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("V{name}")
    } else if name == "Self" {
        "Self_".into()
    } else {
        name
    }
}

/// The variant of every enum that keeps a value this version does not know, as received.
pub const UNKNOWN_VALUE_VARIANT: &str = "UnknownValue";

/// Success statuses with their reason phrase and the outcome variant named after it.
const SUCCESS_STATUSES: &[(u16, &str, &str)] = &[
    (200, "OK", "Ok"),
    (201, "Created", "Created"),
    (202, "Accepted", "Accepted"),
    (
        203,
        "Non-Authoritative Information",
        "NonAuthoritativeInformation",
    ),
    (204, "No Content", "NoContent"),
    (205, "Reset Content", "ResetContent"),
    (206, "Partial Content", "PartialContent"),
];

/// Client-error statuses a spec may list as outcomes (`error: false`), as
/// `SUCCESS_STATUSES`.
const OTHER_STATUSES: &[(u16, &str, &str)] = &[
    (400, "Bad Request", "BadRequest"),
    (403, "Forbidden", "Forbidden"),
    (404, "Not Found", "NotFound"),
    (409, "Conflict", "Conflict"),
    (410, "Gone", "Gone"),
    (412, "Precondition Failed", "PreconditionFailed"),
];

fn known_status(status: u16) -> Option<&'static (u16, &'static str, &'static str)> {
    SUCCESS_STATUSES
        .iter()
        .chain(OTHER_STATUSES)
        .find(|(code, ..)| *code == status)
}

/// The outcome variant for a status, named after its reason phrase.
pub fn status_variant(status: u16) -> String {
    match known_status(status) {
        Some((_, _, variant)) => variant.to_string(),
        None => format!("Status{status}"),
    }
}

/// The reason phrase of a status (`OK`, `No Content`, `Not Found`).
pub fn reason_phrase(status: u16) -> &'static str {
    match known_status(status) {
        Some((_, reason, _)) => reason,
        None if (200..=299).contains(&status) => "Success",
        None => "Status",
    }
}

/// The generated crate's package name, as its tests and docs `use` it. `generated/Cargo.toml`
/// is checked against it by a test (the generator also runs without a crate directory, e.g.
/// over a scratch copy of the specs, so it cannot read the name from there).
pub const CRATE_NAME: &str = "azure_arm_private_endpoints";

/// The client of an operation group: `PrivateEndpointConnections` → `PrivateEndpointConnectionsClient`.
pub fn client_type(group: &str) -> String {
    format!("{}Client", upper_camel(group))
}

/// A client method: the verb in snake case, `begin_*` for a long-running operation (whose
/// method starts the operation and returns a poller).
pub fn operation_method(verb: &str, long_running: bool) -> String {
    if long_running {
        format!("begin_{}", snake(verb))
    } else if CLIENT_METHODS.contains(&method(verb).as_str()) {
        format!("{}_operation", method(verb))
    } else {
        method(verb)
    }
}

/// Methods every client has besides its operations; an operation named like one (`Client_New`)
/// gets an `_operation` suffix.
const CLIENT_METHODS: &[&str] = &["new"];

/// The options struct of an operation: `PrivateEndpointConnectionsClientUpdateOptions`.
pub fn options_type(client: &str, verb: &str) -> String {
    format!("{client}{}Options", upper_camel(verb))
}

/// The outcome enum of an operation: `PrivateEndpointConnectionsClientUpdateOutcome`.
pub fn outcome_type(client: &str, verb: &str) -> String {
    format!("{client}{}Outcome", upper_camel(verb))
}

/// The trait that reads the typed headers of a `Response<models::M>`: `ItemHeaders`, shared by
/// every method of the module that answers one status with `M`, as typespec-rust names it.
pub fn model_headers_trait(model: &str) -> String {
    format!("{}Headers", upper_camel(model))
}

/// The headers trait of a method whose one status carries no model (no body, or an array, map
/// or primitive): `ItemsClientImportHeaders`, the method's own.
pub fn operation_headers_trait(client: &str, verb: &str) -> String {
    format!("{client}{}Headers", upper_camel(verb))
}

/// Names the emitted client method uses for its own locals, and its options struct for the
/// azure_core options.
const METHOD_LOCALS: &[&str] = &[
    "options",
    "method_options",
    "path",
    "request",
    "response",
    "operation",
    "value",
];

/// A method parameter or options field; one that would take the name of one of the method's
/// own locals gets a `_value` suffix.
pub fn parameter(wire_name: &str) -> String {
    let mut name = field(wire_name);
    if METHOD_LOCALS.contains(&name.as_str()) {
        name.push_str("_value");
    }
    name
}

/// An outcome's field for response header `header`. `body`, `etag` and `request_id` are the
/// outcome's body, `ETag` and `x-ms-request-id` (which `request_id()` returns); another
/// header that would take one of them gets a `_header` suffix.
pub fn response_header(header: &str) -> String {
    let mut name = header_field(header);
    let owner = match name.as_str() {
        "body" => Some(""),
        "etag" => Some("etag"),
        "request_id" => Some("x-ms-request-id"),
        _ => None,
    };
    if owner.is_some_and(|wire| !header.eq_ignore_ascii_case(wire)) {
        name.push_str("_header");
    }
    name
}

/// The fields every `ServiceError` has besides the detail model's.
const SERVICE_ERROR_FIELDS: &[&str] = &["status", "request_id", "raw_body"];

/// The `ServiceError` field for the error detail's field `detail_field`: its own name, unless
/// `ServiceError`'s own fields take it; then `service_status`, or `service_service_status` if
/// `taken_by_detail` says the detail has that too.
pub fn service_error_field(detail_field: &str, taken_by_detail: impl Fn(&str) -> bool) -> String {
    let mut name = detail_field.to_string();
    if SERVICE_ERROR_FIELDS.contains(&name.as_str()) {
        while SERVICE_ERROR_FIELDS.contains(&name.as_str()) || taken_by_detail(&name) {
            name = format!("service_{name}");
        }
    }
    name
}

/// What an operation's emitted tests are named after: its method, or client and method when
/// `shared` (another client of the service has a method of that name).
pub fn operation_tests_prefix(client: &str, method: &str, shared: bool) -> String {
    let method = method.trim_start_matches("r#");
    if shared {
        format!("{}_{method}", snake(client))
    } else {
        method.to_string()
    }
}

/// An example's test name qualified by its operation's, for titles two examples share.
pub fn qualified_example_test(operation_prefix: &str, example_test: &str) -> String {
    format!("{operation_prefix}_{example_test}")
}

/// The test that an example's bodies round-trip through the models.
pub fn round_trip_test(example_test: &str) -> String {
    format!("{example_test}_round_trips")
}

/// The test that replays an example's answer of `status`.
pub fn replay_test(example_test: &str, status: u16) -> String {
    format!("{example_test}_replays_{status}")
}

/// The test that values breaking parameter `param`'s rules are refused.
pub fn rejects_invalid_test(operation_prefix: &str, param: &str) -> String {
    format!(
        "{operation_prefix}_rejects_invalid_{}",
        bare(param).trim_start_matches('_')
    )
}

/// The test that `client`'s `new` refuses values of its parameter `param` that break its rules.
pub fn client_rejects_invalid_test(client: &str, param: &str) -> String {
    format!(
        "{}_new_refuses_invalid_{}",
        snake(client),
        bare(param).trim_start_matches('_')
    )
}

/// The test that path parameter `param` is sent as one percent-encoded segment.
pub fn one_segment_test(operation_prefix: &str, param: &str) -> String {
    format!(
        "{operation_prefix}_sends_{}_as_one_segment",
        bare(param).trim_start_matches('_')
    )
}

/// The test that undocumented statuses become `ServiceError`s.
pub fn error_statuses_test(operation_prefix: &str) -> String {
    format!("{operation_prefix}_maps_error_statuses_to_service_errors")
}

/// The test that error bodies that are not the error model are kept as text.
pub fn unreadable_error_bodies_test() -> String {
    // No operation's test ends this way, so the name is free in every module.
    "unreadable_error_bodies_are_kept".to_string()
}

/// Letters, digits, `_`, `-` and `.`, starting with a letter.
pub fn is_identifier_like(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The candidate nearest to `wrong` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&wrong.to_lowercase(), &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_valid_fields() {
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("systemData"), "system_data");
        assert_eq!(field("If-Match"), "if_match");
        assert_eq!(field("Azure-AsyncOperation"), "azure_async_operation");
    }

    #[test]
    fn every_name_is_an_identifier() {
        for odd in [
            "²x",
            "٣",
            "",
            "-",
            "2024 example",
            "a b",
            "naïve",
            "Self",
            "self",
        ] {
            let test = round_trip_test(&test_name(odd));
            for name in [field(odd), variant(odd), test] {
                let plain = name.trim_start_matches("r#");
                assert!(
                    syn::parse_str::<syn::Ident>(plain).is_ok() || RAW_KEYWORDS.contains(&plain),
                    "`{odd}` gave `{name}`"
                );
            }
        }
        assert_eq!(method("move"), "r#move");
        assert_eq!(test_name("2024 example"), "example_2024_example");
        assert_eq!(field("widget²"), "widget");
    }

    #[test]
    fn the_generated_crate_has_the_name_the_generator_uses() {
        let manifest =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml");
        let manifest = std::fs::read_to_string(&manifest).expect("generated/Cargo.toml");
        let package = manifest
            .lines()
            .skip_while(|line| line.trim() != "[package]")
            .find_map(|line| line.trim().strip_prefix("name = "))
            .expect("a package name");
        assert_eq!(package, format!("\"{CRATE_NAME}\""));
    }

    #[test]
    fn a_cleared_property_has_a_method_and_the_list_a_field_no_property_takes() {
        assert_eq!(clear_method("note"), "clear_note");
        assert_eq!(clear_method("r#type"), "clear_type");
        assert_eq!(clear_method("self_"), "clear_self");
        assert_eq!(explicit_nulls_field(|_| false), "explicit_nulls");
        let taken = ["explicit_nulls", "explicit_nulls_"];
        assert_eq!(
            explicit_nulls_field(|name| taken.contains(&name)),
            "explicit_nulls__"
        );
    }

    #[test]
    fn names_that_would_clash_with_the_emitted_code_get_a_suffix() {
        assert_eq!(parameter("options"), "options_value");
        assert_eq!(parameter("resourceGroupName"), "resource_group_name");
        assert_eq!(response_header("ETag"), "etag");
        assert_eq!(response_header("E-Tag"), "e_tag");
        assert_eq!(response_header("Request-Id"), "request_id_header");
        assert_eq!(response_header("body"), "body_header");
        assert_eq!(service_error_field("status", |_| false), "service_status");
        assert_eq!(
            service_error_field("status", |n| n == "service_status"),
            "service_service_status"
        );
        assert_eq!(service_error_field("code", |_| true), "code");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["PrivateEndpoint", "PrivateEndpointConnection", "string"];
        assert_eq!(
            closest("PrivateEndpointConection", names),
            Some("PrivateEndpointConnection")
        );
        assert_eq!(closest("strng", names), Some("string"));
        assert_eq!(closest("Completely", names), None);
    }
}
