//! Spec → IR: checks every fact, then decides every Rust name and type once.
//!
//! All problems are collected (not just the first) and each points at its YAML node.

use crate::diagnostic::{Diagnostic, Diagnostics, SpecPath};
use crate::ir;
use crate::load::SpecFile;
use crate::names;
use crate::spec;
use std::collections::{BTreeMap, BTreeSet};

const PRIMITIVES: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "date-time",
    "arm-id",
    "uuid",
    "uri",
    "object",
];

/// Lowers all spec files into one crate. Files of the same provider share one module.
pub fn lower(files: &[SpecFile]) -> Result<ir::Crate, Diagnostics> {
    let mut problems = Vec::new();
    let mut by_module: BTreeMap<String, Vec<&SpecFile>> = BTreeMap::new();
    for file in files {
        match module_name(file) {
            Ok(module) => by_module.entry(module).or_default().push(file),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    let mut services = Vec::new();
    for (module, files) in by_module {
        match lower_service(module, &files) {
            Ok(service) => services.push(service),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(ir::Crate { services })
    } else {
        Err(Diagnostics(problems))
    }
}

fn module_name(file: &SpecFile) -> Result<String, Diagnostic> {
    let provider = &file.spec.provider;
    let service = provider.rsplit('.').next().unwrap_or_default();
    let valid = provider.contains('.')
        && !service.is_empty()
        && provider
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    let module = names::module_for_provider(provider);
    if valid && names::is_reserved_module(&module) {
        Err(file.error(
            &SpecPath::root().key("provider"),
            format!("`{provider}` would become the module `{module}`, which the crate or Rust reserves"),
            "modules are named after the provider's last part; this one needs a module-name override, which the spec format does not have yet",
        ))
    } else if valid {
        Ok(module)
    } else {
        Err(file.error(
            &SpecPath::root().key("provider"),
            format!("`{provider}` is not a resource provider namespace"),
            "write it as in the request path, e.g. `Microsoft.ContainerService`",
        ))
    }
}

/// What one spec file declares, keyed by spec name.
struct Declared<'a> {
    models: BTreeMap<&'a str, (usize, &'a spec::Model)>,
    enums: BTreeMap<&'a str, (usize, &'a spec::Enum)>,
}

fn lower_service(module: String, files: &[&SpecFile]) -> Result<ir::Service, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let first = files[0];
    for file in &files[1..] {
        if file.spec.api_version != first.spec.api_version {
            problems.push(file.error(
                &SpecPath::root().key("api_version"),
                format!(
                    "api-version `{}` differs from `{}` in {} for the same provider",
                    file.spec.api_version, first.spec.api_version, first.name
                ),
                "one module targets one api-version; regenerate all of a provider's specs together",
            ));
        }
        if file.spec.test_fixture != first.spec.test_fixture {
            problems.push(file.error(
                &SpecPath::root().key("test_fixture"),
                format!(
                    "`test_fixture` differs from {} for the same provider",
                    first.name
                ),
                "a module is test-only as a whole: mark every spec of the provider the same way",
            ));
        }
    }

    // Models and enums of all files; the same name must mean the same thing everywhere.
    let mut models: BTreeMap<String, ir::Model> = BTreeMap::new();
    let mut enums: BTreeMap<String, ir::Enum> = BTreeMap::new();
    let mut clients: BTreeMap<String, ir::Client> = BTreeMap::new();
    let mut error_model = None;
    for file in files {
        let Some(declared) = check_declarations(file, &mut problems) else {
            continue;
        };
        for (index, model) in file.spec.models.iter().enumerate() {
            let lowered = lower_model(file, &declared, index, model, &mut problems);
            merge(
                file,
                &SpecPath::root().key("models").index(index),
                &mut models,
                lowered,
                &mut problems,
            );
        }
        for (index, enumeration) in file.spec.enums.iter().enumerate() {
            let lowered = lower_enum(file, index, enumeration, &mut problems);
            merge(
                file,
                &SpecPath::root().key("enums").index(index),
                &mut enums,
                lowered,
                &mut problems,
            );
        }
        let Some((client_name, client_params, operation)) =
            lower_operation(file, &declared, &mut problems)
        else {
            continue;
        };
        match &error_model {
            None => error_model = Some(operation.error_model.clone()),
            Some(existing) if *existing != operation.error_model => problems.push(file.error(
                &SpecPath::root().key("operation").key("error").key("model"),
                format!("error model `{}` differs from `{existing}` used by other operations of this provider", operation.error_model),
                "all operations of a provider share its error model",
            )),
            Some(_) => {}
        }
        let client = clients
            .entry(client_name.clone())
            .or_insert_with(|| ir::Client {
                doc: format!(
                    "Client for the `{}` operations of {}.",
                    client_name.trim_end_matches("Client"),
                    file.spec.provider
                ),
                name: client_name,
                params: client_params.clone(),
                operations: Vec::new(),
            });
        if client.params != client_params {
            problems.push(file.error(
                &SpecPath::root().key("operation").key("parameters"),
                format!(
                    "the client parameters of `{}` differ from those of the other `{}` operations",
                    operation.id, client.name
                ),
                "give `subscriptionId` the same definition in every spec of the group",
            ));
        }
        if client
            .operations
            .iter()
            .any(|o| o.method_name == operation.method_name)
        {
            problems.push(file.error(
                &SpecPath::root().key("operation").key("id"),
                format!(
                    "operation `{}` gives method `{}` a second time",
                    operation.id, operation.method_name
                ),
                "operation ids must be unique per provider",
            ));
        }
        client.operations.push(operation);
        client
            .operations
            .sort_by(|a, b| a.method_name.cmp(&b.method_name));
    }
    check_type_names(files[0], &models, &enums, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let error = match error_model {
        Some(name) => error_shape(&name, &models),
        None => None,
    };
    let Some(error) = error else {
        return Err(vec![first.error(
            &SpecPath::root().key("operation").key("error").key("model"),
            "the error model could not be resolved",
            "name a model of this file",
        )]);
    };
    let mut models: Vec<ir::Model> = models.into_values().collect();
    let request_models: BTreeSet<String> = clients
        .values()
        .flat_map(|c| &c.operations)
        .filter_map(|o| o.body.as_ref().map(|b| b.model.clone()))
        .collect();
    mark_sent_fields(&mut models);
    mark_request_models(&mut models, &request_models);
    box_recursive_fields(&mut models);
    let mut clients: Vec<ir::Client> = clients.into_values().collect();
    name_tests(&mut clients);
    Ok(ir::Service {
        module,
        provider: first.spec.provider.clone(),
        api_version: first.spec.api_version.clone(),
        test_only: first.spec.test_fixture,
        sources: files.iter().map(|f| f.name.clone()).collect(),
        models,
        enums: enums.into_values().collect(),
        clients,
        error,
    })
}

/// The emitted tests of a service share one file, so their names must be unique across it:
/// an operation's tests are named after its method, or after client and method where two
/// clients have a method of the same name; an example's after its title, or after its
/// operation and title where two examples share a title.
fn name_tests(clients: &mut [ir::Client]) {
    let mut method_counts: BTreeMap<String, usize> = BTreeMap::new();
    for operation in clients.iter().flat_map(|c| &c.operations) {
        *method_counts
            .entry(operation.method_name.clone())
            .or_default() += 1;
    }
    for client in clients.iter_mut() {
        let client_prefix = names::snake(&client.name);
        for operation in &mut client.operations {
            let method = operation.method_name.trim_start_matches("r#");
            operation.test_prefix = if method_counts[&operation.method_name] > 1 {
                format!("{client_prefix}_{method}")
            } else {
                method.to_string()
            };
        }
    }
    let mut title_counts: BTreeMap<String, usize> = BTreeMap::new();
    for example in clients
        .iter()
        .flat_map(|c| &c.operations)
        .flat_map(|o| &o.examples)
    {
        *title_counts.entry(example.test_name.clone()).or_default() += 1;
    }
    for operation in clients.iter_mut().flat_map(|c| &mut c.operations) {
        for example in &mut operation.examples {
            if title_counts[&example.test_name] > 1 {
                example.test_name = format!("{}_{}", operation.test_prefix, example.test_name);
            }
        }
    }
}

/// ARM errors are `{"error": {code, message, ...}}`: a model with one model-typed field wraps the
/// detail; otherwise the error model is the detail itself.
fn error_shape(name: &str, models: &BTreeMap<String, ir::Model>) -> Option<ir::ErrorShape> {
    let model = models.get(name)?;
    let (envelope, detail) = match model.fields.as_slice() {
        [field] => match &field.ty {
            ir::Type::Model { name: inner, .. } => (Some(field.clone()), models.get(inner)?),
            _ => (None, model),
        },
        _ => (None, model),
    };
    let taken = |name: &str| {
        SERVICE_ERROR_FIELDS.contains(&name) || detail.fields.iter().any(|f| f.name == name)
    };
    let fields: Vec<ir::ErrorField> = detail
        .fields
        .iter()
        .map(|field| {
            let mut name = field.name.clone();
            if SERVICE_ERROR_FIELDS.contains(&name.as_str()) {
                // `service_status`, or `service_service_status` if the detail has that too.
                while taken(&name) {
                    name = format!("service_{name}");
                }
            }
            ir::ErrorField {
                name,
                detail: field.clone(),
            }
        })
        .collect();
    Some(ir::ErrorShape {
        model: model.name.clone(),
        envelope,
        code_field: string_field(&fields, "code"),
        message_field: string_field(&fields, "message"),
        fields,
    })
}

/// The fields every `ServiceError` has besides the detail model's.
const SERVICE_ERROR_FIELDS: &[&str] = &["status", "request_id", "raw_body"];

/// The `ServiceError` field read from the detail's string property `json_name`.
fn string_field(fields: &[ir::ErrorField], json_name: &str) -> Option<String> {
    fields
        .iter()
        .find(|f| f.detail.json_name == json_name && f.detail.ty == ir::Type::String)
        .map(|f| f.name.clone())
}

fn merge<T: PartialEq + Named>(
    file: &SpecFile,
    at: &SpecPath,
    all: &mut BTreeMap<String, T>,
    item: Option<T>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(item) = item else { return };
    match all.get(item.name()) {
        Some(existing) if *existing != item => problems.push(file.error(
            at,
            format!(
                "`{}` is also defined by another spec of this provider, differently",
                item.name()
            ),
            "make the definitions identical, or rename one",
        )),
        Some(_) => {}
        None => {
            all.insert(item.name().to_string(), item);
        }
    }
}

trait Named {
    fn name(&self) -> &str;
}
impl Named for ir::Model {
    fn name(&self) -> &str {
        &self.name
    }
}
impl Named for ir::Enum {
    fn name(&self) -> &str {
        &self.name
    }
}

/// Model and enum names are unique in a file, and distinct after Rust casing.
fn check_declarations<'a>(
    file: &'a SpecFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<Declared<'a>> {
    let before = problems.len();
    let mut declared = Declared {
        models: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
    let mut check_name = |name: &'a str, at: SpecPath, problems: &mut Vec<Diagnostic>| -> bool {
        if PRIMITIVES.contains(&name) || name == "array" || name == "map" {
            problems.push(file.error(
                &at,
                format!("`{name}` is a built-in type name"),
                "choose another name",
            ));
            return false;
        }
        if !names::is_identifier_like(name) {
            problems.push(file.error(
                &at,
                format!("`{name}` is not a valid type name"),
                "use letters, digits and `_`, starting with a letter",
            ));
            return false;
        }
        let rust = names::upper_camel(name);
        if names::is_reserved_type(&rust) {
            problems.push(file.error(
                &at,
                format!("`{name}` would become the Rust type `{rust}`, which the generated models use from Rust or serde"),
                format!("model and enum names are not sent on the wire: rename it, e.g. `{rust}Model`"),
            ));
            return false;
        }
        if let Some(other) = rust_names.insert(rust.clone(), name.to_string()) {
            let message = if other == name {
                format!("`{name}` is defined twice")
            } else {
                format!("`{name}` and `{other}` both become the Rust type `{rust}`")
            };
            problems.push(file.error(&at, message, "every model and enum needs its own name"));
            return false;
        }
        true
    };
    for (index, model) in file.spec.models.iter().enumerate() {
        let at = SpecPath::root().key("models").index(index).key("name");
        if check_name(&model.name, at, problems) {
            declared.models.insert(&model.name, (index, model));
        }
    }
    for (index, enumeration) in file.spec.enums.iter().enumerate() {
        let at = SpecPath::root().key("enums").index(index).key("name");
        if check_name(&enumeration.name, at, problems) {
            declared
                .enums
                .insert(&enumeration.name, (index, enumeration));
        }
    }
    (problems.len() == before).then_some(declared)
}

/// Generated items the module also defines; a model may not take these names.
fn check_type_names(
    file: &SpecFile,
    models: &BTreeMap<String, ir::Model>,
    enums: &BTreeMap<String, ir::Enum>,
    problems: &mut Vec<Diagnostic>,
) {
    for name in models.keys().chain(enums.keys()) {
        if models.contains_key(name) && enums.contains_key(name) {
            problems.push(file.error(
                &SpecPath::root(),
                format!("`{name}` is both a model and an enum in this provider"),
                "rename one of them",
            ));
        }
    }
}

fn lower_model(
    file: &SpecFile,
    declared: &Declared,
    index: usize,
    model: &spec::Model,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Model> {
    let before = problems.len();
    let at = SpecPath::root().key("models").index(index);
    let mut fields = Vec::new();
    let mut json_names: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rust_names: BTreeMap<String, &str> = BTreeMap::new();
    for (position, property) in model.properties.iter().enumerate() {
        let at = at.key("properties").index(position);
        if json_names.insert(&property.name, position).is_some() {
            problems.push(file.error(
                &at.key("name"),
                format!(
                    "property `{}` is listed twice in model `{}`",
                    property.name, model.name
                ),
                "remove one of the two entries",
            ));
            continue;
        }
        let rust_name = names::field(&property.name);
        if let Some(other) = rust_names.insert(rust_name.clone(), &property.name) {
            problems.push(file.error(
                &at.key("name"),
                format!("properties `{other}` and `{}` both become the Rust field `{rust_name}`", property.name),
                "JSON names that differ only in case or separators cannot share a struct; fix the spec",
            ));
            continue;
        }
        let Some(ty) = resolve_property_type(file, declared, &at, property, problems) else {
            continue;
        };
        fields.push(ir::Field {
            name: rust_name,
            json_name: property.name.clone(),
            ty,
            doc: doc_or(
                &property.description,
                &format!("The `{}` property.", property.name),
            ),
            required: property.required,
            read_only: property.read_only,
            sent: !property.read_only,
        });
    }
    if problems.len() != before {
        return None;
    }
    let constructor = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.required && !f.read_only)
        .map(|(i, _)| i)
        .collect();
    Some(ir::Model {
        name: names::upper_camel(&model.name),
        doc: doc_or(&model.description, &format!("The `{}` model.", model.name)),
        fields,
        constructor,
        in_request: false,
    })
}

fn resolve_property_type(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    property: &spec::Property,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Type> {
    let element = |key: &str,
                   value: &Option<String>,
                   problems: &mut Vec<Diagnostic>|
     -> Option<ir::Type> {
        match value {
            Some(name) if name == "array" || name == "map" => {
                problems.push(file.error(
                    &at.key(key),
                    format!("`{key}: {name}` nests a collection in a collection"),
                    "wrap the inner collection in a model",
                ));
                None
            }
            Some(name) => resolve_named_type(file, declared, &at.key(key), name, None, problems),
            None => {
                problems.push(file.error(
                    &at.key("type"),
                    format!(
                        "`type: {}` needs `{key}:` naming the element type",
                        property.ty
                    ),
                    format!("add e.g. `{key}: string`"),
                ));
                None
            }
        }
    };
    let stray = |key: &str, value: &Option<String>, problems: &mut Vec<Diagnostic>| {
        if value.is_some() {
            problems.push(file.error(
                &at.key(key),
                format!(
                    "`{key}:` only belongs to `type: {}`",
                    if key == "items" { "array" } else { "map" }
                ),
                format!("remove `{key}:` or change the type"),
            ));
        }
    };
    match property.ty.as_str() {
        "array" => {
            stray("values", &property.values, problems);
            element("items", &property.items, problems).map(|t| ir::Type::Vec(Box::new(t)))
        }
        "map" => {
            stray("items", &property.items, problems);
            element("values", &property.values, problems).map(|t| ir::Type::Map(Box::new(t)))
        }
        name => {
            stray("items", &property.items, problems);
            stray("values", &property.values, problems);
            resolve_named_type(
                file,
                declared,
                &at.key("type"),
                name,
                property.format.as_deref(),
                problems,
            )
        }
    }
}

fn resolve_named_type(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    name: &str,
    format: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Type> {
    let ty = match (name, format) {
        ("integer", None | Some("int64")) => ir::Type::I64,
        ("integer", Some("int32")) => ir::Type::I32,
        ("number", None | Some("double") | Some("float")) => ir::Type::F64,
        ("boolean", None) => ir::Type::Bool,
        ("date-time", None) | ("string", Some("date-time")) => ir::Type::DateTime,
        ("string" | "arm-id" | "uuid" | "uri", None) => ir::Type::String,
        ("string", Some("uuid" | "uri" | "arm-id" | "password" | "byte")) => ir::Type::String,
        ("object", None) => ir::Type::Json,
        (primitive, Some(format)) if PRIMITIVES.contains(&primitive) => {
            problems.push(file.error(
                at,
                format!("format `{format}` does not apply to type `{primitive}`"),
                "integer takes int32/int64, number takes double/float, string takes uuid/uri/arm-id/date-time",
            ));
            return None;
        }
        (other, _) if declared.models.contains_key(other) => ir::Type::Model {
            name: names::upper_camel(other),
            boxed: false,
        },
        (other, _) if declared.enums.contains_key(other) => {
            ir::Type::Enum(names::upper_camel(other))
        }
        (other, _) => {
            problems.push(file.error(
                at,
                format!("unknown type `{other}`"),
                type_hint(declared, other),
            ));
            return None;
        }
    };
    Some(ty)
}

/// Suggests the closest declared or built-in name.
fn type_hint(declared: &Declared, wrong: &str) -> String {
    let candidates = PRIMITIVES
        .iter()
        .copied()
        .chain(["array", "map"])
        .chain(declared.models.keys().copied())
        .chain(declared.enums.keys().copied());
    match names::closest(wrong, candidates) {
        Some(best) => format!(
            "did you mean `{best}`? A type is a primitive, `array`, `map`, or a model or enum of this file"
        ),
        None => "a type is a primitive, `array`, `map`, or a model or enum of this file".into(),
    }
}

fn lower_enum(
    file: &SpecFile,
    index: usize,
    enumeration: &spec::Enum,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Enum> {
    let before = problems.len();
    let at = SpecPath::root().key("enums").index(index);
    if enumeration.values.is_empty() {
        problems.push(file.error(
            &at.key("values"),
            format!("enum `{}` has no values", enumeration.name),
            "list at least one value",
        ));
    }
    let mut variants = Vec::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (position, value) in enumeration.values.iter().enumerate() {
        let at = at.key("values").index(position).key("value");
        let name = names::variant(&value.value);
        let clash = if enumeration.extensible && name == "UnknownValue" {
            Some("UnknownValue (kept for unknown values)")
        } else {
            seen.insert(name.clone(), &value.value)
        };
        if let Some(other) = clash {
            let message = if other == value.value {
                format!(
                    "value `{other}` is listed twice in enum `{}`",
                    enumeration.name
                )
            } else {
                format!(
                    "values `{other}` and `{}` both become the variant `{name}`",
                    value.value
                )
            };
            problems.push(file.error(&at, message, "every enum value needs its own Rust variant"));
            continue;
        }
        if name.is_empty() {
            problems.push(file.error(&at, "an enum value must not be empty", "remove the value"));
            continue;
        }
        variants.push(ir::Variant {
            doc: value
                .description
                .as_deref()
                .map(|d| doc_or(d, ""))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| format!("The service value `{}`.", value.value)),
            name,
            value: value.value.clone(),
        });
    }
    (problems.len() == before).then(|| ir::Enum {
        name: names::upper_camel(&enumeration.name),
        doc: doc_or(
            &enumeration.description,
            &format!("The `{}` values.", enumeration.name),
        ),
        extensible: enumeration.extensible,
        variants,
    })
}

fn lower_operation(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> Option<(String, Vec<ir::Param>, ir::Operation)> {
    let before = problems.len();
    let operation = &file.spec.operation;
    let at = SpecPath::root().key("operation");
    let Some((group, verb)) = operation
        .id
        .split_once('_')
        .filter(|(g, v)| names::is_identifier_like(g) && names::is_identifier_like(v))
    else {
        problems.push(file.error(
            &at.key("id"),
            format!("operation id `{}` is not `Group_Verb`", operation.id),
            "write the OpenAPI operationId, e.g. `PrivateEndpointConnections_Update`",
        ));
        return None;
    };
    let http_method = match operation.method.as_str() {
        "GET" => ir::HttpMethod::Get,
        "PUT" => ir::HttpMethod::Put,
        "PATCH" => ir::HttpMethod::Patch,
        "POST" => ir::HttpMethod::Post,
        "DELETE" => ir::HttpMethod::Delete,
        "HEAD" => ir::HttpMethod::Head,
        other => {
            problems.push(file.error(
                &at.key("method"),
                format!("`{other}` is not an HTTP method"),
                "use GET, PUT, PATCH, POST, DELETE or HEAD, upper case",
            ));
            ir::HttpMethod::Get
        }
    };
    if operation.auth.scopes.is_empty() {
        problems.push(file.error(
            &at.key("auth").key("scopes"),
            "the operation lists no OAuth2 scope",
            "ARM operations ask for `user_impersonation`",
        ));
    }

    let client_name = format!("{}Client", names::upper_camel(group));
    let long_running = operation.long_running.as_ref().and_then(|lro| {
        let final_state_via = match lro.final_state_via.as_str() {
            "azure-async-operation" => ir::FinalStateVia::AzureAsyncOperation,
            "location" => ir::FinalStateVia::Location,
            "original-uri" => ir::FinalStateVia::OriginalUri,
            other => {
                problems.push(file.error(
                    &at.key("long_running").key("final_state_via"),
                    format!("`{other}` is not a final-state rule"),
                    "use azure-async-operation, location or original-uri",
                ));
                return None;
            }
        };
        Some(final_state_via)
    });
    let method_name = if long_running.is_some() {
        format!("begin_{}", names::snake(verb))
    } else {
        names::method(verb)
    };
    let prefix = format!("{client_name}{}", names::upper_camel(verb));

    let LoweredParameters {
        client,
        method: params,
        optional: options,
        body,
        api_version_found,
    } = lower_parameters(file, declared, problems);
    if !api_version_found {
        problems.push(file.error(
            &at.key("parameters"),
            "no `api-version` query parameter",
            "every ARM operation takes a required `api-version` query parameter",
        ));
    }
    let path = lower_path(file, &operation.path, &client, &params, problems);
    let outcomes = lower_responses(file, declared, problems);
    let result_models: BTreeSet<&String> =
        outcomes.iter().filter_map(|o| o.model.as_ref()).collect();
    if long_running.is_some() && result_models.len() > 1 {
        problems.push(file.error(
            &at.key("responses"),
            format!(
                "the long-running operation answers with different models ({}), but its poller has one result type",
                result_models.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
            "give every success status of a long-running operation the same model, or none",
        ));
    }
    let long_running = long_running.map(|final_state_via| ir::LongRunning {
        final_state_via,
        result_model: outcomes.iter().find_map(|o| o.model.clone()),
    });
    let error_model = match declared.models.get(operation.error.model.as_str()) {
        Some(_) => names::upper_camel(&operation.error.model),
        None => {
            problems.push(file.error(
                &at.key("error").key("model"),
                format!("unknown model `{}`", operation.error.model),
                type_hint(declared, &operation.error.model),
            ));
            String::new()
        }
    };
    let mut examples = lower_examples(file, &outcomes, body.as_ref(), problems);
    if long_running.is_some() {
        for response in examples.iter_mut().flat_map(|e| &mut e.responses) {
            response.replay = replay(http_method, response);
        }
    }
    if problems.len() != before {
        return None;
    }
    let doc = match &operation.summary {
        Some(summary)
            if !summary.trim().is_empty() && summary.trim() != operation.description.trim() =>
        {
            format!("{}\n\n{}", summary.trim(), operation.description.trim())
        }
        _ => doc_or(&operation.description, &operation.id),
    };
    let doc = match unfollowed_monitor(&long_running, &outcomes) {
        Some(field) => format!(
            "{doc}\n\nThe service may finish this operation in the background: the outcome's \
             `{field}` is then set, and the body is not yet final. The spec does not mark the \
             operation long-running, so this client does not poll that URL; read the resource \
             again to see the result."
        ),
        None => doc,
    };
    Some((
        client_name,
        client,
        ir::Operation {
            id: operation.id.clone(),
            method_name,
            doc,
            http_method,
            path,
            params,
            body,
            options,
            options_name: format!("{prefix}Options"),
            outcome_name: format!("{prefix}Outcome"),
            outcomes,
            error_model,
            long_running,
            examples,
            // Decided once the whole service is known.
            test_prefix: String::new(),
        },
    ))
}

/// How far a replay of a long-running operation's answer can go, by the rules the runtime
/// follows (`crate::lro_rules`, the runtime's own file): a monitor header or a 202 means still
/// running (a 202 without a monitor is refused), and so does, for PUT and PATCH, a
/// provisioningState that has not ended, or a 201 without one.
fn replay(method: ir::HttpMethod, response: &ir::ExampleResponse) -> ir::Replay {
    use crate::lro_rules::{FirstAnswer, Method, first_answer};
    let has_header = |name: &str| {
        response
            .headers
            .iter()
            .any(|(h, _)| h.eq_ignore_ascii_case(name))
            .then_some(())
    };
    let method = match method {
        ir::HttpMethod::Get => Method::Get,
        ir::HttpMethod::Put => Method::Put,
        ir::HttpMethod::Patch => Method::Patch,
        ir::HttpMethod::Post => Method::Post,
        ir::HttpMethod::Delete => Method::Delete,
        ir::HttpMethod::Head => Method::Head,
    };
    let state = response
        .body
        .as_ref()
        .and_then(|body| body.pointer("/properties/provisioningState"))
        .and_then(|state| state.as_str());
    let answer = first_answer(
        method,
        response.status,
        has_header("Azure-AsyncOperation"),
        has_header("Location"),
        state,
    );
    match answer {
        FirstAnswer::Unfollowable => ir::Replay::Unfollowable,
        _ if answer.is_running() => ir::Replay::FirstStep,
        // `Failed` is replayed as before, as if it completed: no example answers with a failed
        // provisioningState, and one would need a replay that expects the client's error.
        _ => ir::Replay::Completes,
    }
}

/// The outcome field of an `Azure-AsyncOperation` header on an operation this client does not
/// poll (Key Vault's PUT declares one without being long-running).
fn unfollowed_monitor(
    long_running: &Option<ir::LongRunning>,
    outcomes: &[ir::Outcome],
) -> Option<String> {
    if long_running.is_some() {
        return None;
    }
    outcomes
        .iter()
        .flat_map(|o| &o.headers)
        .find(|h| h.lookup_name == "azure-asyncoperation")
        .map(|h| h.name.clone())
}

/// Names the emitted client method uses for its own locals, and its options struct for the
/// azure_core options. A parameter of such a name gets a `_value` suffix.
const METHOD_LOCALS: &[&str] = &[
    "options",
    "method_options",
    "path",
    "request",
    "response",
    "operation",
    "value",
];

struct LoweredParameters {
    /// Held by the client: ARM's `subscriptionId`.
    client: Vec<ir::Param>,
    /// Required method parameters.
    method: Vec<ir::Param>,
    /// Optional parameters: fields of the options struct.
    optional: Vec<ir::Param>,
    body: Option<ir::Body>,
    api_version_found: bool,
}

/// The path parameter every ARM client holds instead of taking it per call.
const CLIENT_PARAMETER: &str = "subscriptionId";

fn lower_parameters(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> LoweredParameters {
    let mut client = Vec::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut body = None;
    let mut api_version = false;
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (index, parameter) in file.spec.operation.parameters.iter().enumerate() {
        let at = SpecPath::root()
            .key("operation")
            .key("parameters")
            .index(index);
        let mut rust_name = names::field(&parameter.name);
        // The emitted method has locals (and its options struct a field) of these names.
        if METHOD_LOCALS.contains(&rust_name.as_str()) {
            rust_name.push_str("_value");
        }
        if let Some(other) = seen.insert(rust_name.clone(), &parameter.name) {
            problems.push(file.error(
                &at.key("name"),
                format!(
                    "parameters `{other}` and `{}` both become `{rust_name}`",
                    parameter.name
                ),
                "every parameter needs its own name",
            ));
            continue;
        }
        let doc = doc_or(
            &parameter.description,
            &format!("The `{}` parameter.", parameter.name),
        );
        if parameter.location == spec::Location::Body {
            if body.is_some() {
                problems.push(file.error(
                    &at.key("in"),
                    "a second body parameter",
                    "an operation has at most one body",
                ));
                continue;
            }
            if !parameter.required {
                problems.push(file.error(
                    &at.key("required"),
                    "optional request bodies are not supported",
                    "set `required: true`",
                ));
            }
            if !declared.models.contains_key(parameter.ty.as_str()) {
                problems.push(file.error(
                    &at.key("type"),
                    format!("unknown model `{}`", parameter.ty),
                    type_hint(declared, &parameter.ty),
                ));
                continue;
            }
            body = Some(ir::Body {
                name: rust_name,
                wire_name: parameter.name.clone(),
                model: names::upper_camel(&parameter.ty),
                doc,
            });
            continue;
        }
        if parameter.name == "api-version" {
            if parameter.location != spec::Location::Query || !parameter.required {
                problems.push(file.error(
                    &at.key("in"),
                    "`api-version` must be a required query parameter",
                    "set `in: query` and `required: true`",
                ));
            }
            api_version = true;
            continue;
        }
        let ty = match (parameter.ty.as_str(), parameter.format.as_deref()) {
            ("string", None | Some("uuid")) => ir::Type::String,
            ("integer", None | Some("int64")) => ir::Type::I64,
            ("integer", Some("int32")) => ir::Type::I32,
            ("boolean", None) => ir::Type::Bool,
            (ty, format) => {
                let what = match format {
                    Some(format) => format!("`{ty}` with format `{format}`"),
                    None => format!("`{ty}`"),
                };
                problems.push(file.error(&at.key("type"), format!("parameter type {what} is not supported"), "path, query and header parameters are string (optionally format uuid), integer or boolean"));
                continue;
            }
        };
        let mut rules = Vec::new();
        if parameter.format.as_deref() == Some("uuid") {
            rules.push(ir::Rule::Uuid);
        }
        if let Some(min) = parameter.min_length {
            rules.push(ir::Rule::MinLength(min));
        }
        if let Some(max) = parameter.max_length {
            rules.push(ir::Rule::MaxLength(max));
            if parameter.min_length.is_some_and(|min| min > max) {
                problems.push(file.error(
                    &at.key("max_length"),
                    "max_length is below min_length",
                    "swap or fix the bounds",
                ));
            }
        }
        if let Some(pattern) = &parameter.pattern {
            if let Err(error) = regex::Regex::new(pattern) {
                problems.push(file.error(
                    &at.key("pattern"),
                    format!("pattern does not compile: {error}"),
                    "write a regular expression the `regex` crate accepts",
                ));
            }
            rules.push(ir::Rule::Pattern(pattern.clone()));
        }
        if ty != ir::Type::String && !rules.is_empty() {
            problems.push(file.error(
                &at.key("type"),
                "length, pattern and uuid rules apply to strings only",
                "remove the rules or make the parameter a string",
            ));
        }
        let location = match parameter.location {
            spec::Location::Path => {
                if !parameter.required {
                    problems.push(file.error(
                        &at.key("required"),
                        "path parameters are always required",
                        "set `required: true`",
                    ));
                }
                if ty != ir::Type::String {
                    problems.push(file.error(
                        &at.key("type"),
                        format!(
                            "path parameter `{}` is `{}`, not a string",
                            parameter.name, parameter.ty
                        ),
                        "path parameters are strings (ARM names)",
                    ));
                }
                ir::ParamLocation::Path
            }
            spec::Location::Query => ir::ParamLocation::Query,
            spec::Location::Header => {
                ir::ParamLocation::Header(parameter.name.to_ascii_lowercase())
            }
            spec::Location::Body => unreachable!("handled above"),
        };
        let param = ir::Param {
            wire_name: parameter.name.clone(),
            name: rust_name,
            doc,
            location,
            ty,
            rules,
        };
        if param.location == ir::ParamLocation::Path && param.wire_name == CLIENT_PARAMETER {
            client.push(param);
        } else if parameter.required {
            required.push(param);
        } else {
            optional.push(param);
        }
    }
    // Each path parameter `x` is encoded into a local `x_segment`.
    for param in client.iter().chain(&required) {
        let segment = names::segment_local(&param.name);
        if param.location == ir::ParamLocation::Path
            && let Some(wire) = seen.get(&segment)
        {
            let index = file
                .spec
                .operation
                .parameters
                .iter()
                .position(|p| p.name == *wire)
                .unwrap_or_default();
            problems.push(
                file.error(
                    &SpecPath::root()
                        .key("operation")
                        .key("parameters")
                        .index(index)
                        .key("name"),
                    format!(
                        "`{wire}` becomes `{segment}`, the name of the encoded `{}`",
                        param.wire_name
                    ),
                    "rename one of the parameters",
                ),
            );
        }
    }
    // Path parameters first, in spec order: they read like the resource hierarchy.
    required.sort_by_key(|p| p.location != ir::ParamLocation::Path);
    LoweredParameters {
        client,
        method: required,
        optional,
        body,
        api_version_found: api_version,
    }
}

fn lower_path(
    file: &SpecFile,
    template: &str,
    client: &[ir::Param],
    params: &[ir::Param],
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::PathPart> {
    let at = SpecPath::root().key("operation").key("path");
    let mut parts = Vec::new();
    let mut used = BTreeSet::new();
    if !template.starts_with('/') {
        problems.push(file.error(
            &at,
            "the path must start with `/`",
            "write it as in the OpenAPI `paths` key",
        ));
    }
    let is_path = |p: &&ir::Param| p.location == ir::ParamLocation::Path;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            problems.push(file.error(&at, "unclosed `{` in the path", "close every placeholder"));
            return parts;
        };
        if open > 0 {
            parts.push(ir::PathPart::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        if !used.insert(name.to_string()) {
            problems.push(file.error(
                &at,
                format!("placeholder `{{{name}}}` appears twice"),
                "each path parameter fills one segment",
            ));
        }
        if let Some(param) = client.iter().find(|p| p.wire_name == name) {
            parts.push(ir::PathPart::ClientParam {
                name: param.name.clone(),
                segment: names::segment_local(&param.name),
            });
        } else if let Some(param) = params.iter().filter(is_path).find(|p| p.wire_name == name) {
            parts.push(ir::PathPart::Param {
                name: param.name.clone(),
                segment: names::segment_local(&param.name),
            });
        } else {
            problems.push(file.error(
                &at,
                format!("placeholder `{{{name}}}` has no path parameter"),
                format!("add a parameter `{name}` with `in: path`"),
            ));
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        problems.push(file.error(&at, "stray `}` in the path", "remove it"));
    }
    if !rest.is_empty() {
        parts.push(ir::PathPart::Literal(rest.to_string()));
    }
    for param in client.iter().chain(params.iter().filter(is_path)) {
        if !used.contains(&param.wire_name) {
            let position = file
                .spec
                .operation
                .parameters
                .iter()
                .position(|p| p.name == param.wire_name)
                .unwrap_or(0);
            problems.push(
                file.error(
                    &SpecPath::root()
                        .key("operation")
                        .key("parameters")
                        .index(position)
                        .key("name"),
                    format!(
                        "path parameter `{}` does not appear in the path",
                        param.wire_name
                    ),
                    "add its `{placeholder}` to the path, or change `in:`",
                ),
            );
        }
    }
    parts
}

fn lower_responses(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::Outcome> {
    let mut outcomes = Vec::new();
    let mut seen = BTreeSet::new();
    let responses = &file.spec.operation.responses;
    if responses.is_empty() {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("responses"),
            "no success response",
            "list at least one 2xx status",
        ));
    }
    for (index, response) in responses.iter().enumerate() {
        let at = SpecPath::root()
            .key("operation")
            .key("responses")
            .index(index);
        if !(200..=299).contains(&response.status) {
            problems.push(file.error(
                &at.key("status"),
                format!("status {} is not a success status", response.status),
                "list 2xx statuses here; every other status is the operation's `error`",
            ));
            continue;
        }
        if !seen.insert(response.status) {
            problems.push(file.error(
                &at.key("status"),
                format!("status {} is listed twice", response.status),
                "merge the two entries",
            ));
            continue;
        }
        let model = match &response.model {
            Some(name) if declared.models.contains_key(name.as_str()) => {
                Some(names::upper_camel(name))
            }
            Some(name) => {
                problems.push(file.error(
                    &at.key("model"),
                    format!("unknown model `{name}`"),
                    type_hint(declared, name),
                ));
                None
            }
            None => None,
        };
        let mut headers = Vec::new();
        let mut header_names = BTreeSet::new();
        for (position, header) in response.headers.iter().enumerate() {
            let at = at.key("headers").index(position);
            if !header_names.insert(header.name.to_ascii_lowercase()) {
                problems.push(file.error(
                    &at.key("name"),
                    format!("header `{}` is listed twice", header.name),
                    "header names are case-insensitive",
                ));
                continue;
            }
            let ty = match (header.ty.as_str(), header.format.as_deref()) {
                ("string", None) => ir::Type::String,
                ("integer", None | Some("int64")) => ir::Type::I64,
                ("integer", Some("int32")) => ir::Type::I32,
                (ty, _) => {
                    problems.push(file.error(
                        &at.key("type"),
                        format!("header type `{ty}` is not supported"),
                        "use string or integer (format int32/int64)",
                    ));
                    continue;
                }
            };
            // `body` is the outcome's other field.
            // `body`, `etag` and `request_id` are the outcome's body, `ETag` and
            // `x-ms-request-id` (which `request_id()` returns); another header gets a suffix.
            let mut name = names::header_field(&header.name);
            let canonical = match name.as_str() {
                "body" => Some(""),
                "etag" => Some("etag"),
                "request_id" => Some("x-ms-request-id"),
                _ => None,
            };
            if canonical.is_some_and(|wire| !header.name.eq_ignore_ascii_case(wire)) {
                name.push_str("_header");
            }
            if name == "request_id" && ty != ir::Type::String {
                problems.push(file.error(
                    &at.key("type"),
                    "`x-ms-request-id` is typed as something other than a string",
                    "ARM request ids are strings: write `type: string`",
                ));
                continue;
            }
            if let Some(other) = headers
                .iter()
                .find(|h: &&ir::ResponseHeader| h.name == name)
            {
                problems.push(file.error(
                    &at.key("name"),
                    format!(
                        "headers `{}` and `{}` both become the field `{name}`",
                        other.wire_name, header.name
                    ),
                    "every header of a response needs its own field name",
                ));
                continue;
            }
            headers.push(ir::ResponseHeader {
                name,
                lookup_name: header.name.to_ascii_lowercase(),
                wire_name: header.name.clone(),
                ty,
                doc: doc_or(
                    &header.description,
                    &format!("The `{}` header.", header.name),
                ),
            });
        }
        // Every ARM response may carry these; callers need them for concurrency and support.
        for (wire, doc) in [
            (
                "ETag",
                "The entity tag of the resource, if the service sent one (not in the spec; ARM services commonly send it).",
            ),
            (
                "x-ms-request-id",
                "The request id ARM assigned; quote it when asking Azure support.",
            ),
        ] {
            if !header_names.contains(&wire.to_ascii_lowercase()) {
                headers.push(ir::ResponseHeader {
                    name: names::header_field(wire),
                    lookup_name: wire.to_ascii_lowercase(),
                    wire_name: wire.to_string(),
                    ty: ir::Type::String,
                    doc: doc.to_string(),
                });
            }
        }
        outcomes.push(ir::Outcome {
            status: response.status,
            variant: names::status_variant(response.status),
            doc: format!(
                "{} {}: {}",
                response.status,
                names::reason_phrase(response.status),
                doc_or(&response.description, "(no description)")
            ),
            model,
            headers,
        });
    }
    outcomes
}

fn lower_examples(
    file: &SpecFile,
    outcomes: &[ir::Outcome],
    body: Option<&ir::Body>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::Example> {
    let mut examples = Vec::new();
    let mut test_names = BTreeSet::new();
    for (index, (reference, example)) in file
        .spec
        .operation
        .examples
        .iter()
        .zip(&file.examples)
        .enumerate()
    {
        let at = SpecPath::root()
            .key("operation")
            .key("examples")
            .index(index);
        let test_name = names::test_name(&reference.title);
        if test_name.is_empty() || !test_names.insert(test_name.clone()) {
            problems.push(file.error(
                &at.key("title"),
                format!(
                    "example title `{}` is empty or repeats another",
                    reference.title
                ),
                "give every example its own title",
            ));
            continue;
        }
        let mut responses = Vec::new();
        for (status, response) in &example.responses {
            let status_code = status.parse::<u16>().ok();
            if !status_code.is_some_and(|code| outcomes.iter().any(|o| o.status == code)) {
                problems.push(file.error(
                    &at.key("file"),
                    format!("example `{}` answers with status {status}, which the operation does not list", reference.title),
                    "add the status to `responses` or fix the example",
                ));
                continue;
            }
            let headers = response
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.clone(),
                        value
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| value.to_string()),
                    )
                })
                .collect();
            responses.push(ir::ExampleResponse {
                status: status_code.unwrap_or_default(),
                headers,
                body: response.body.clone(),
                // Decided with the operation's long-running rule.
                replay: ir::Replay::Completes,
            });
        }
        let mut parameters: Vec<(String, serde_json::Value)> = example
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body_value = body.and_then(|b| {
            let position = parameters.iter().position(|(k, _)| *k == b.wire_name)?;
            Some(parameters.remove(position).1)
        });
        if body.is_some() && body_value.is_none() {
            problems.push(file.error(
                &at.key("file"),
                format!("example `{}` has no request body", reference.title),
                "add the body under its parameter name in `parameters`",
            ));
        }
        examples.push(ir::Example {
            title: reference.title.clone(),
            test_name,
            file: spec_relative(&file.name, &reference.file),
            parameters,
            body: body_value,
            responses,
        });
    }
    examples
}

/// `container_service/x.yaml` + `examples/a.json` → `container_service/examples/a.json`.
fn spec_relative(spec_name: &str, relative: &str) -> String {
    match spec_name.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{relative}"),
        None => relative.to_string(),
    }
}

/// A writable field of a model type is sent only if that model has something to send. Computed
/// as a least fixed point, so models that only reach each other send nothing.
fn mark_sent_fields(models: &mut [ir::Model]) {
    let mut has_content: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = has_content.len();
        for model in models.iter() {
            let sends = model.fields.iter().any(|f| {
                f.sent
                    && f.ty
                        .model_names()
                        .iter()
                        .all(|name| has_content.contains(name))
            });
            if sends {
                has_content.insert(model.name.clone());
            }
        }
        if has_content.len() == before {
            break;
        }
    }
    for model in models.iter_mut() {
        for field in &mut model.fields {
            field.sent = field.sent
                && field
                    .ty
                    .model_names()
                    .iter()
                    .all(|name| has_content.contains(name));
        }
        // `new` asks only for what a request sends.
        model.constructor.retain(|&index| model.fields[index].sent);
    }
}

fn mark_request_models(models: &mut [ir::Model], roots: &BTreeSet<String>) {
    let mut pending: Vec<String> = roots.iter().cloned().collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(model) = models.iter_mut().find(|m| m.name == name) {
            model.in_request = true;
            for field in model.fields.iter().filter(|f| f.sent) {
                pending.extend(field.ty.model_names());
            }
        }
    }
}

/// A model that reaches itself through plain (non-collection) fields would be infinitely large.
fn box_recursive_fields(models: &mut [ir::Model]) {
    let edges: BTreeMap<String, Vec<String>> = models
        .iter()
        .map(|m| {
            let direct = m.fields.iter().filter_map(|f| match &f.ty {
                ir::Type::Model { name, .. } => Some(name.clone()),
                _ => None,
            });
            (m.name.clone(), direct.collect())
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for model in models.iter_mut() {
        let owner = model.name.clone();
        for field in &mut model.fields {
            if let ir::Type::Model { name, boxed } = &mut field.ty {
                *boxed = reaches(name, &owner);
            }
        }
    }
}

impl ir::Type {
    /// Names of the models this type mentions.
    pub fn model_names(&self) -> Vec<String> {
        match self {
            ir::Type::Model { name, .. } => vec![name.clone()],
            ir::Type::Vec(inner) | ir::Type::Map(inner) => inner.model_names(),
            _ => Vec::new(),
        }
    }
}

/// Trims a description, falling back when the spec leaves it empty.
fn doc_or(description: &str, fallback: &str) -> String {
    let trimmed = description.trim();
    if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}
