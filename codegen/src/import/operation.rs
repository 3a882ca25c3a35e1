//! One OpenAPI operation → the spec's `operation`: parameters, responses, auth, long-running
//! options and x-ms-examples.

use super::resolve::{self, Loc, Node};
use super::{ImportError, ImportedExample, Importer, MissingExample};
use crate::names;
use crate::spec::{
    Auth, ErrorResponse, Example, ExampleRef, Header, Location, LongRunning, Operation, Parameter,
    Response, Spec,
};
use std::collections::HashMap;
use std::path::Path;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Operation keys the importer reads, and those that change nothing it could record.
const OPERATION_READ: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "parameters",
    "responses",
    "security",
    "x-ms-examples",
    "x-ms-long-running-operation",
    "x-ms-long-running-operation-options",
    "consumes",
    "produces",
];
const OPERATION_SILENT: &[&str] = &["tags", "externalDocs", "x-ms-request-id"];

const PARAMETER_READ: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "type",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "schema",
    "x-ms-parameter-location",
    "x-ms-skip-url-encoding",
];
const PARAMETER_SILENT: &[&str] = &["x-ms-client-name", "x-ms-parameter-grouping"];

/// The operation asked for, and where it sits.
pub(super) struct Found {
    path: String,
    method: String,
    item: Node,
    op: Node,
}

/// Finds the operation with `operation_id`. Every operation must have an operationId, since
/// one without could be the one asked for.
pub(super) fn find(root: &Node, operation_id: &str) -> Result<Found, ImportError> {
    let mut found: Option<Found> = None;
    for section in ["paths", "x-ms-paths"] {
        for (path, item) in root.entries_of(section)? {
            for (method, op) in item.entries()? {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                op.object()?;
                let Some(id) = op.str("operationId")? else {
                    return Err(op.loc.error("the operation has no operationId"));
                };
                if id != operation_id {
                    continue;
                }
                if let Some(first) = &found {
                    return Err(op.loc.error(format!(
                        "operationId `{id}` is also used at {}",
                        first.op.loc
                    )));
                }
                if section == "x-ms-paths" {
                    return Err(op
                        .loc
                        .error("x-ms-paths operations (query in the path) cannot be represented"));
                }
                found = Some(Found {
                    path: path.clone(),
                    method: method.clone(),
                    item: item.clone(),
                    op,
                });
            }
        }
    }
    found.ok_or_else(|| {
        Loc::root(&root.loc.file)
            .key("paths")
            .error(format!("no operation has operationId `{operation_id}`"))
    })
}

impl Importer<'_> {
    /// The whole spec of the operation, and its example files.
    pub(super) fn spec(
        &mut self,
        root: &Node,
        found: &Found,
    ) -> Result<(Spec, Vec<ImportedExample>), ImportError> {
        let op = &found.op;
        self.check_operation_keys(root, op)?;
        let provider = provider(found)?;
        let version = match root.object_at("info")? {
            Some(info) => info.str("version")?.map(str::to_string),
            None => None,
        };
        let api_version = version.ok_or_else(|| {
            root.loc
                .key("info")
                .error("no `info.version` (the api-version)")
        })?;
        let auth = auth(root, op)?;
        // Models are reached in this order: body, success responses, error.
        let parameters = self.parameters(found)?;
        let (responses, error) = self.responses(op)?;
        let long_running = self.long_running(found, &responses)?;
        let (examples, files) = self.examples(op)?;
        let summary = op.str("summary")?;
        let description = match op.str("description")?.or(summary) {
            Some(text) => text.to_string(),
            None => {
                self.warn(&op.loc, "no description or summary; left empty");
                String::new()
            }
        };
        let operation = Operation {
            id: op.str("operationId")?.unwrap_or_default().to_string(),
            summary: summary.map(str::to_string),
            description,
            method: found.method.to_ascii_uppercase(),
            path: found.path.clone(),
            auth,
            parameters,
            responses,
            error,
            long_running,
            examples,
        };
        let spec = Spec {
            provider,
            api_version,
            test_fixture: false,
            notes: Vec::new(),
            operation,
            models: std::mem::take(&mut self.models)
                .into_iter()
                .map(|m| m.expect("every reserved model is filled before import returns"))
                .collect(),
            enums: std::mem::take(&mut self.enums),
        };
        Ok((spec, files))
    }

    fn check_operation_keys(&mut self, root: &Node, op: &Node) -> Result<(), ImportError> {
        if op.has("x-ms-pageable") {
            // The client would return the first page and silently drop the rest.
            return Err(op
                .loc
                .error("paged operations (`x-ms-pageable`) cannot be represented"));
        }
        for key in op.keys()? {
            if !OPERATION_READ.contains(&key.as_str()) && !OPERATION_SILENT.contains(&key.as_str())
            {
                self.warn(&op.loc, format!("`{key}` is not recorded in the spec"));
            }
        }
        // The generated client speaks JSON only.
        for node in [op, root] {
            for key in ["consumes", "produces"] {
                let types = node.elements_of(key)?;
                if let Some(other) = types.iter().find(|t| t.value != "application/json") {
                    self.warn(&other.loc, "only application/json is supported");
                }
            }
        }
        Ok(())
    }

    /// Path-item parameters, then the operation's; an operation parameter with the same name
    /// and location replaces the path-item one, in place.
    fn parameters(&mut self, found: &Found) -> Result<Vec<Parameter>, ImportError> {
        let mut merged: Vec<(Node, bool)> = Vec::new();
        for (list, from_operation) in [
            (found.item.elements_of("parameters")?, false),
            (found.op.elements_of("parameters")?, true),
        ] {
            for parameter in list {
                let chain = self.docs.chain(parameter)?;
                let target = chain.last().expect("a chain is never empty").clone();
                let key = parameter_key(&target)?;
                let mut same = None;
                for (index, (p, _)) in merged.iter().enumerate() {
                    if parameter_key(p)? == key {
                        same = Some(index);
                        break;
                    }
                }
                match same {
                    Some(index) if !merged[index].1 => merged[index] = (target, true),
                    Some(_) => {
                        return Err(target.loc.error("the operation lists this parameter twice"));
                    }
                    None => merged.push((target, from_operation)),
                }
            }
        }
        let parameters = merged
            .iter()
            .map(|(parameter, _)| self.parameter(parameter))
            .collect::<Result<Vec<_>, _>>()?;
        // Two wire names that become the same Rust name cannot both be method parameters.
        let mut rust_names: HashMap<String, &str> = HashMap::new();
        for ((node, _), parameter) in merged.iter().zip(&parameters) {
            let rust = names::field(&parameter.name);
            if let Some(other) = rust_names.insert(rust.clone(), &parameter.name) {
                return Err(node.loc.error(format!(
                    "parameters `{other}` and `{}` both become the Rust parameter `{rust}`",
                    parameter.name
                )));
            }
        }
        Ok(parameters)
    }

    fn parameter(&mut self, node: &Node) -> Result<Parameter, ImportError> {
        self.check_parameter_keys(node)?;
        let name = node
            .str("name")?
            .ok_or_else(|| node.loc.error("the parameter has no `name`"))?
            .to_string();
        let location = match node.str("in")? {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            Some("body") => Location::Body,
            other => {
                return Err(node.loc.error(format!(
                    "parameter location {other:?} cannot be represented (path, query, header or body)"
                )));
            }
        };
        let required = node.flag("required")?;
        if location == Location::Path && !required {
            return Err(node.loc.error("a path parameter must be required"));
        }
        if location == Location::Body && !required {
            // The generated client always sends the body it is given; the spec has no
            // optional body.
            let how = if node.has("required") {
                "`required: false`"
            } else {
                "no `required` (false by default)"
            };
            return Err(node.loc.error(format!(
                "an optional request body ({how}) cannot be represented: the spec's body parameter is required"
            )));
        }
        let description = match node.str("description")? {
            Some(text) => text.to_string(),
            None => {
                self.warn(&node.loc, "no description; left empty");
                String::new()
            }
        };
        let (ty, format) = if location == Location::Body {
            let schema = node
                .get("schema")
                .ok_or_else(|| node.loc.error("a body parameter without `schema`"))?;
            (self.root_model(&schema)?, None)
        } else {
            simple_parameter_type(node)?
        };
        Ok(Parameter {
            name,
            location,
            required,
            ty,
            format,
            pattern: pattern(node)?,
            min_length: length(node, "minLength")?,
            max_length: length(node, "maxLength")?,
            description,
        })
    }

    fn check_parameter_keys(&mut self, node: &Node) -> Result<(), ImportError> {
        if node.flag("x-ms-skip-url-encoding")? {
            return Err(node.loc.error(
                "`x-ms-skip-url-encoding` cannot be represented: the client encodes every path parameter",
            ));
        }
        if let Some(place) = node.str("x-ms-parameter-location")?
            && place != "client"
            && place != "method"
        {
            return Err(node.loc.error(format!(
                "x-ms-parameter-location `{place}` is neither client nor method"
            )));
        }
        for key in node.keys()? {
            if !PARAMETER_READ.contains(&key.as_str()) && !PARAMETER_SILENT.contains(&key.as_str())
            {
                self.warn(&node.loc, format!("`{key}` is not recorded in the spec"));
            }
        }
        Ok(())
    }

    /// The 2xx responses, then `default` as the error (read last, so that its models come
    /// after the success models).
    fn responses(&mut self, op: &Node) -> Result<(Vec<Response>, ErrorResponse), ImportError> {
        let list = op
            .get("responses")
            .ok_or_else(|| op.loc.error("the operation has no `responses`"))?;
        let mut responses = Vec::new();
        let mut default = None;
        for (status, node) in list.entries()? {
            let node = self
                .docs
                .chain(node)?
                .pop()
                .expect("a chain is never empty");
            node.object()?;
            if status == "default" {
                default = Some(node);
                continue;
            }
            let code = status
                .parse::<u16>()
                .ok()
                .filter(|code| (200..=299).contains(code))
                .ok_or_else(|| {
                    node.loc.error(format!(
                        "status {status}: only 2xx statuses and `default` (the error) can be represented"
                    ))
                })?;
            responses.push(self.response(code, &node)?);
        }
        let default = default.ok_or_else(|| {
            list.loc
                .error("no `default` response: the spec needs the error model")
        })?;
        let schema = default
            .get("schema")
            .ok_or_else(|| default.loc.error("the `default` response has no schema"))?;
        let error = ErrorResponse {
            description: self.response_description(&default)?,
            model: self.root_model(&schema)?,
        };
        Ok((responses, error))
    }

    fn response(&mut self, status: u16, node: &Node) -> Result<Response, ImportError> {
        let model = match node.get("schema") {
            Some(schema) => Some(self.root_model(&schema)?),
            None => None,
        };
        let mut headers = Vec::new();
        for (name, header) in node.entries_of("headers")? {
            headers.push(self.header(name, &header)?);
        }
        Ok(Response {
            status,
            description: self.response_description(node)?,
            model,
            headers,
        })
    }

    fn response_description(&mut self, node: &Node) -> Result<String, ImportError> {
        Ok(match node.str("description")? {
            Some(text) => text.to_string(),
            None => {
                self.warn(&node.loc, "no description; left empty");
                String::new()
            }
        })
    }

    fn header(&mut self, name: String, node: &Node) -> Result<Header, ImportError> {
        let ty = node.str("type")?;
        let format = node.str("format")?;
        match (ty, format) {
            (Some("string"), None) | (Some("integer"), None | Some("int32" | "int64")) => {}
            _ => {
                return Err(node.loc.error(format!(
                    "header type {ty:?} with format {format:?} cannot be represented (string, or integer with int32/int64)"
                )));
            }
        }
        for key in node.keys()? {
            if !["type", "format", "description"].contains(&key.as_str()) {
                self.warn(&node.loc, format!("`{key}` is not recorded in the spec"));
            }
        }
        Ok(Header {
            name,
            ty: ty.unwrap_or_default().to_string(),
            format: format.map(str::to_string),
            description: self.response_description(node)?,
        })
    }

    fn long_running(
        &mut self,
        found: &Found,
        responses: &[Response],
    ) -> Result<Option<LongRunning>, ImportError> {
        let op = &found.op;
        if !op.flag("x-ms-long-running-operation")? {
            return Ok(None);
        }
        let mut final_state_via = None;
        for (key, value) in op.entries_of("x-ms-long-running-operation-options")? {
            match key.as_str() {
                "final-state-via" => final_state_via = Some(final_state_rule(&value)?),
                "final-state-schema" => self.check_final_state_schema(&value, responses)?,
                // An option this importer does not know may or may not change the result; it
                // is named, so that whoever reads the warnings can judge.
                _ => self.warn(
                    &value.loc,
                    "this long-running option is not recorded in the spec",
                ),
            }
        }
        let final_state_via = match final_state_via {
            Some(rule) => rule,
            None => {
                // ARM's rule when the spec says nothing: PUT and PATCH end with a GET of the
                // resource itself, POST and DELETE follow Location.
                let rule = match found.method.as_str() {
                    "put" | "patch" => "original-uri",
                    _ => "location",
                };
                self.warn(
                    &op.loc,
                    format!(
                        "no final-state-via; ARM's default for {} is `{rule}`",
                        found.method.to_ascii_uppercase()
                    ),
                );
                rule.to_string()
            }
        };
        Ok(Some(LongRunning { final_state_via }))
    }

    /// `final-state-schema` (TypeSpec writes it) names the model of the operation's final
    /// result. The spec has no key for it: the generated client returns the model the success
    /// responses carry. So it is accepted, unrecorded and without a warning, only when that is
    /// the same model; otherwise the client would return the wrong type (or none), which is
    /// refused rather than warned about.
    fn check_final_state_schema(
        &mut self,
        schema: &Node,
        responses: &[Response],
    ) -> Result<(), ImportError> {
        let Some(reference) = schema.value.as_str() else {
            return Err(schema.loc.error(resolve::expected(
                "a string (a `$ref` to the final result's schema)",
                &schema.value,
            )));
        };
        let target = self.docs.target(schema, reference)?;
        let named = self
            .docs
            .chain(target)?
            .pop()
            .expect("a chain is never empty");
        let mut models: Vec<&str> = Vec::new();
        for model in responses.iter().filter_map(|r| r.model.as_deref()) {
            if !models.contains(&model) {
                models.push(model);
            }
        }
        let same = match (named.loc.definition_name(), models.as_slice()) {
            (Some(name), [model]) => {
                *model == name && self.model_sources.get(&name) == Some(&named.loc)
            }
            _ => false,
        };
        if same {
            return Ok(());
        }
        let carried = if models.is_empty() {
            "no success response carries a model".to_string()
        } else {
            format!("the success responses carry `{}`", models.join("`, `"))
        };
        Err(schema.loc.error(format!(
            "final-state-schema names {} as the final result, but {carried}; the spec cannot say the final result differs",
            named.loc
        )))
    }

    /// Each x-ms-examples entry becomes `examples/<file name>` beside the spec, with the
    /// upstream file's text copied verbatim.
    fn examples(
        &mut self,
        op: &Node,
    ) -> Result<(Vec<ExampleRef>, Vec<ImportedExample>), ImportError> {
        let mut references = Vec::new();
        let mut files: Vec<ImportedExample> = Vec::new();
        for (title, node) in op.entries_of("x-ms-examples")? {
            node.object()?;
            let reference = node
                .str("$ref")?
                .ok_or_else(|| node.loc.error("the x-ms-examples entry has no `$ref`"))?;
            let path = resolve::relative_to(
                &node.loc.file,
                reference.split('#').next().unwrap_or_default(),
            );
            let contents = match std::fs::read_to_string(&path) {
                Ok(contents) => contents,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && self.options.skip_missing_examples =>
                {
                    self.warn(
                        &node.loc,
                        format!(
                            "example file `{}` is missing; the example is left out",
                            path.display()
                        ),
                    );
                    self.missing_examples.push(MissingExample {
                        position: references.len(),
                        reference: ExampleRef {
                            title,
                            file: format!("examples/{}", file_name(&path)),
                        },
                    });
                    continue;
                }
                Err(e) => {
                    return Err(node.loc.error(format!(
                        "cannot read example file `{}`: {e} (skip_missing_examples leaves missing ones out)",
                        path.display()
                    )));
                }
            };
            if let Err(e) = serde_json::from_str::<Example>(&contents) {
                return Err(node.loc.error(format!(
                    "example file `{}` is not an x-ms-examples document: {e}",
                    path.display()
                )));
            }
            let file = format!("examples/{}", file_name(&path));
            if files.iter().any(|f| f.file == file) {
                return Err(node
                    .loc
                    .error(format!("a second example file named `{file}`")));
            }
            references.push(ExampleRef {
                title,
                file: file.clone(),
            });
            files.push(ImportedExample { file, contents });
        }
        Ok((references, files))
    }
}

/// The namespace after the last `/providers/` of the path, e.g. `Microsoft.KeyVault`.
fn provider(found: &Found) -> Result<String, ImportError> {
    let segments: Vec<&str> = found.path.split('/').collect();
    segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("providers"))
        .and_then(|i| segments.get(i + 1))
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| s.to_string())
        .ok_or_else(|| {
            found
                .item
                .loc
                .error("the path names no resource provider (`/providers/<Namespace>/`)")
        })
}

/// The `final-state-via` rule, one of those the spec knows.
fn final_state_rule(via: &Node) -> Result<String, ImportError> {
    match via.value.as_str() {
        Some(rule @ ("azure-async-operation" | "location" | "original-uri")) => {
            Ok(rule.to_string())
        }
        _ => Err(via.loc.error(format!(
            "final-state-via {} cannot be represented (azure-async-operation, location or original-uri)",
            via.value
        ))),
    }
}

/// What identifies a parameter: its name and location.
fn parameter_key(node: &Node) -> Result<(Option<&str>, Option<&str>), ImportError> {
    node.object()?;
    Ok((node.str("name")?, node.str("in")?))
}

/// The type and format of a path, query or header parameter: string (uuid), integer or boolean.
fn simple_parameter_type(node: &Node) -> Result<(String, Option<String>), ImportError> {
    let ty = node.str("type")?;
    let format = node.str("format")?;
    match (ty, format) {
        (Some("string"), None | Some("uuid"))
        | (Some("integer"), None | Some("int32" | "int64"))
        | (Some("boolean"), None) => Ok((ty.unwrap_or_default().to_string(), format.map(str::to_string))),
        _ => Err(node.loc.error(format!(
            "parameter type {ty:?} with format {format:?} cannot be represented (string with optional uuid, integer, boolean)"
        ))),
    }
}

/// A parameter's `pattern`, which the client checks with the `regex` crate before sending.
fn pattern(node: &Node) -> Result<Option<String>, ImportError> {
    let Some(pattern) = node.str("pattern")? else {
        return Ok(None);
    };
    if let Err(error) = regex::Regex::new(pattern) {
        return Err(node.loc.key("pattern").error(format!(
            "the pattern does not compile with the `regex` crate, which the client checks it with: {error}"
        )));
    }
    Ok(Some(pattern.to_string()))
}

fn length(node: &Node, key: &str) -> Result<Option<u64>, ImportError> {
    match node.get(key) {
        None => Ok(None),
        Some(value) => value.value.as_u64().map(Some).ok_or_else(|| {
            value
                .loc
                .error(format!("`{key}` is not a non-negative integer"))
        }),
    }
}

/// The security scheme and scopes: the operation's `security`, else the file's, else (the
/// file-level entry may be absent) the only securityDefinition with all of its scopes.
fn auth(root: &Node, op: &Node) -> Result<Auth, ImportError> {
    let definitions = root
        .get("securityDefinitions")
        .ok_or_else(|| root.loc.error("no securityDefinitions"))?;
    let (scheme, scopes, at) = match op.get("security").or_else(|| root.get("security")) {
        Some(security) => {
            let requirements = security.elements()?;
            let [requirement] = requirements.as_slice() else {
                return Err(security
                    .loc
                    .error("exactly one security requirement is supported"));
            };
            let entries = requirement.entries()?;
            let [(scheme, scopes)] = entries.as_slice() else {
                return Err(requirement
                    .loc
                    .error("exactly one security scheme is supported"));
            };
            let scopes = scopes
                .elements()?
                .iter()
                .map(|scope| {
                    scope
                        .value
                        .as_str()
                        .map(str::to_string)
                        .ok_or_else(|| scope.loc.error("a scope that is not a string"))
                })
                .collect::<Result<_, _>>()?;
            (scheme.clone(), scopes, requirement.loc.clone())
        }
        None => {
            let entries = definitions.entries()?;
            let [(scheme, definition)] = entries.as_slice() else {
                return Err(definitions.loc.error(
                    "no `security` requirement and more than one securityDefinition: cannot tell which applies",
                ));
            };
            let scopes = definition.entries_of("scopes")?;
            (
                scheme.clone(),
                scopes.into_iter().map(|(scope, _)| scope).collect(),
                definitions.loc.clone(),
            )
        }
    };
    let definition = definitions.get(&scheme).ok_or_else(|| {
        at.error(format!(
            "security scheme `{scheme}` is not in securityDefinitions"
        ))
    })?;
    if definition.str("type")? != Some("oauth2") {
        return Err(definition
            .loc
            .error("only oauth2 security schemes can be represented"));
    }
    let field = |key: &str| {
        definition.str(key)?.map(str::to_string).ok_or_else(|| {
            definition
                .loc
                .error(format!("the oauth2 scheme has no `{key}`"))
        })
    };
    Ok(Auth {
        scheme: scheme.clone(),
        flow: field("flow")?,
        authorization_url: field("authorizationUrl")?,
        scopes,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
