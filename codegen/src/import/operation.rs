//! One OpenAPI operation → the spec's `operation`: parameters, auth and x-ms-examples (its
//! responses and long-running options are in `responses`).

use super::resolve::{Loc, Node};
use super::schema::Shape;
use super::{ImportError, ImportedExample, Importer};
use crate::spec::{Auth, Location, Operation, Pageable, Parameter, Spec};
use crate::{names, types};
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
    "x-ms-pageable",
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
    "enum",
    "x-ms-enum",
    "x-ms-api-version",
];
const PARAMETER_SILENT: &[&str] = &["x-ms-client-name", "x-ms-parameter-grouping"];

/// The operation asked for, and where it sits.
pub(super) struct Found {
    path: String,
    pub(super) method: String,
    item: Node,
    pub(super) op: Node,
}

/// Every operationId of the file, in file order (`paths`, then `x-ms-paths`).
pub(super) fn ids(root: &Node) -> Result<Vec<String>, ImportError> {
    let mut ids = Vec::new();
    for section in ["paths", "x-ms-paths"] {
        for (_, item) in root.entries_of(section)? {
            for (method, op) in item.entries()? {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                match op.str("operationId")? {
                    Some(id) => ids.push(id.to_string()),
                    None => return Err(op.loc.error("the operation has no operationId")),
                }
            }
        }
    }
    Ok(ids)
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
        let provider = match provider(found) {
            Ok(provider) => provider,
            Err(error) => {
                let from_file = provider_of_file(&root.loc.file).ok_or(error)?;
                self.warn(
                    &found.item.loc,
                    format!("the path names no resource provider; `{from_file}` is taken from the OpenAPI file's path (resource-manager/<Namespace>/)"),
                );
                from_file
            }
        };
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
        let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
        let (examples, files) = self.examples(op, &statuses)?;
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
            pageable: self.pageable(op)?,
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

    /// x-ms-pageable: `nextLinkName` (null: one page) and `itemName` (default `value`).
    fn pageable(&mut self, op: &Node) -> Result<Option<Pageable>, ImportError> {
        let Some(pageable) = op.object_at("x-ms-pageable")? else {
            return Ok(None);
        };
        let next_link_name = match pageable.get("nextLinkName") {
            None => None,
            Some(node) if node.value.is_null() => None,
            Some(_) => pageable.str("nextLinkName")?.map(str::to_string),
        };
        let item_name = pageable.str("itemName")?.unwrap_or("value").to_string();
        for key in pageable.keys()? {
            if !["nextLinkName", "itemName"].contains(&key.as_str()) {
                self.warn(
                    &pageable.loc,
                    format!("`{key}` is not recorded in the spec"),
                );
            }
        }
        Ok(Some(Pageable {
            next_link_name,
            item_name,
        }))
    }

    fn check_operation_keys(&mut self, root: &Node, op: &Node) -> Result<(), ImportError> {
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
        let description = match node.str("description")? {
            Some(text) => text.to_string(),
            None => {
                self.warn(&node.loc, "no description; left empty");
                String::new()
            }
        };
        let shape = if location == Location::Body {
            let schema = node
                .get("schema")
                .ok_or_else(|| node.loc.error("a body parameter without `schema`"))?;
            self.body(&schema)?
        } else {
            let (ty, format) = self.simple_parameter_type(node)?;
            Shape::named(ty, format)
        };
        let constant = if location == Location::Body {
            None
        } else {
            constant(node, required)?
        };
        if constant.is_none() {
            // Read only to make a constant: otherwise the parameter is a plain value.
            for key in ["enum", "x-ms-enum", "x-ms-api-version"] {
                if node.has(key) {
                    self.warn(&node.loc, format!("`{key}` is not recorded in the spec"));
                }
            }
        }
        Ok(Parameter {
            name: name.clone(),
            location,
            required,
            ty: shape.ty,
            format: shape.format,
            items: shape.items,
            values: shape.values,
            constant,
            client: is_client_parameter(node, &name)?,
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

/// A required parameter with a single-value closed enum is a constant the method always sends
/// (autorest's rule): Key Vault's `Vaults_List` has its own `api-version` and `$filter` so.
fn constant(node: &Node, required: bool) -> Result<Option<serde_json::Value>, ImportError> {
    let values = node.elements_of("enum")?;
    let open = match node.object_at("x-ms-enum")? {
        Some(x_ms_enum) => x_ms_enum.flag("modelAsString")?,
        None => false,
    };
    Ok(match values.as_slice() {
        [only] if required && !open => Some(only.value.clone()),
        _ => None,
    })
}

/// x-ms-parameter-location `client`: the client holds the value. `subscriptionId` and
/// `api-version` are the client's anyway, so they are not marked.
fn is_client_parameter(node: &Node, name: &str) -> Result<bool, ImportError> {
    let client = node.str("x-ms-parameter-location")? == Some("client");
    Ok(client && name != "subscriptionId" && name != "api-version")
}

/// The namespace folder after `resource-manager/` in the OpenAPI file's path, as
/// azure-rest-api-specs lays files out: `…/resource-manager/Microsoft.KeyVault/stable/…`.
fn provider_of_file(file: &Path) -> Option<String> {
    let parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let at = parts.iter().rposition(|p| p == "resource-manager")?;
    parts
        .get(at + 1)
        .filter(|namespace| namespace.contains('.'))
        .cloned()
}

/// What identifies a parameter: its name and location.
fn parameter_key(node: &Node) -> Result<(Option<&str>, Option<&str>), ImportError> {
    node.object()?;
    Ok((node.str("name")?, node.str("in")?))
}

impl Importer<'_> {
    /// The type and format of a path, query or header parameter: string, integer or boolean. A
    /// format the table does not know for parameters is kept (it documents the value) and the
    /// parameter is its base type, with a warning.
    fn simple_parameter_type(
        &mut self,
        node: &Node,
    ) -> Result<(String, Option<String>), ImportError> {
        let ty = node.str("type")?.unwrap_or_default();
        let format = node.str("format")?;
        if types::parameter(ty, format).is_none() {
            return Err(node.loc.error(format!(
                "parameter type {ty:?} cannot be represented (string, integer or boolean)"
            )));
        }
        if let Some(format) = format
            && types::spec_type_of(ty, Some(format)).is_none()
        {
            self.warn(
                &node.loc.key("format"),
                format!("format `{format}` of `type: {ty}` is not known; the parameter is a plain `{ty}`"),
            );
        }
        Ok((ty.to_string(), format.map(str::to_string)))
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
