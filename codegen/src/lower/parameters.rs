//! An operation's parameters: the client's, the method's, the options struct's and the body.

use super::declared::Declared;
use super::{doc_or, responses};
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec, types};
use std::collections::BTreeMap;

pub(super) struct LoweredParameters {
    /// Held by the client: ARM's `subscriptionId`.
    pub client: Vec<ir::Param>,
    /// Required method parameters: path parameters in spec order, then the others.
    pub method: Vec<ir::Param>,
    /// Optional parameters: fields of the options struct.
    pub optional: Vec<ir::Param>,
    pub body: Option<ir::Body>,
    /// Values every call sends.
    pub constants: Vec<ir::Constant>,
    /// The operation's own api-version, when the spec fixes it.
    pub api_version: Option<String>,
}

/// The path parameter every ARM client holds instead of taking it per call.
const CLIENT_PARAMETER: &str = "subscriptionId";

/// What one spec parameter becomes.
enum Lowered {
    Param(ir::Param),
    Body(ir::Body),
    Constant(ir::Constant),
    /// The api-version, with the operation's own value when the spec fixes one.
    ApiVersion(Option<String>),
}

pub(super) fn lower_parameters(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> LoweredParameters {
    let mut lowered = LoweredParameters {
        client: Vec::new(),
        method: Vec::new(),
        optional: Vec::new(),
        body: None,
        constants: Vec::new(),
        api_version: None,
    };
    let mut api_version = false;
    // Rust name → spec name.
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for (index, parameter) in file.spec.operation.parameters.iter().enumerate() {
        let at = parameter_path(index);
        let rust_name = names::parameter(&parameter.name);
        if let Some(other) = taken.insert(rust_name.clone(), &parameter.name) {
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
        if parameter.location == spec::Location::Body && lowered.body.is_some() {
            problems.push(file.error(
                &at.key("in"),
                "a second body parameter",
                "an operation has at most one body",
            ));
            continue;
        }
        let Some(param) = lower_parameter(file, declared, &at, parameter, rust_name, problems)
        else {
            continue;
        };
        match param {
            Lowered::Body(body) => lowered.body = Some(body),
            Lowered::Constant(constant) => lowered.constants.push(constant),
            Lowered::ApiVersion(constant) => {
                api_version = true;
                lowered.api_version = constant;
            }
            Lowered::Param(param)
                if parameter.client
                    || (param.location == ir::ParamLocation::Path
                        && param.wire_name == CLIENT_PARAMETER) =>
            {
                check_client_parameter(file, &at, parameter, &param, problems);
                lowered.client.push(param)
            }
            Lowered::Param(param) if parameter.required => lowered.method.push(param),
            Lowered::Param(param) => lowered.optional.push(param),
        }
    }
    check_segment_locals(file, &lowered, &taken, problems);
    if !api_version {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("parameters"),
            "no `api-version` query parameter",
            "every ARM operation takes a required `api-version` query parameter",
        ));
    }
    // Path parameters first, in spec order: they read like the resource hierarchy.
    lowered
        .method
        .sort_by_key(|p| p.location != ir::ParamLocation::Path);
    lowered
}

fn parameter_path(index: usize) -> SpecPath {
    SpecPath::root()
        .key("operation")
        .key("parameters")
        .index(index)
}

fn lower_parameter(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    parameter: &spec::Parameter,
    rust_name: String,
    problems: &mut Vec<Diagnostic>,
) -> Option<Lowered> {
    let doc = doc_or(
        &parameter.description,
        &format!("The `{}` parameter.", parameter.name),
    );
    let location = match parameter.location {
        spec::Location::Body => {
            return lower_body(file, declared, at, parameter, rust_name, doc, problems)
                .map(Lowered::Body);
        }
        spec::Location::Path => ir::ParamLocation::Path,
        spec::Location::Query => ir::ParamLocation::Query,
        spec::Location::Header => ir::ParamLocation::Header(parameter.name.to_ascii_lowercase()),
    };
    if parameter.name == "api-version" {
        if parameter.location != spec::Location::Query || !parameter.required {
            problems.push(file.error(
                &at.key("in"),
                "`api-version` must be a required query parameter",
                "set `in: query` and `required: true`",
            ));
        }
        let constant = match &parameter.constant {
            Some(value) => Some(constant_text(file, at, value, problems)?),
            None => None,
        };
        return Some(Lowered::ApiVersion(constant));
    }
    if let Some(value) = &parameter.constant {
        if location == ir::ParamLocation::Path {
            problems.push(file.error(
                &at.key("constant"),
                "a constant path parameter is not supported",
                "write the value into the path",
            ));
            return None;
        }
        return Some(Lowered::Constant(ir::Constant {
            wire_name: parameter.name.clone(),
            location,
            value: constant_text(file, at, value, problems)?,
        }));
    }
    let format = parameter.format.as_deref();
    let Some(ty) = types::parameter(&parameter.ty, format) else {
        let what = match format {
            Some(format) => format!("`{}` with format `{format}`", parameter.ty),
            None => format!("`{}`", parameter.ty),
        };
        problems.push(file.error(
            &at.key("type"),
            format!("parameter type {what} is not supported"),
            "path, query and header parameters are string (optionally format uuid), integer or boolean",
        ));
        return None;
    };
    let rules = rules(file, at, parameter, &ty, problems);
    if location == ir::ParamLocation::Path {
        check_path_parameter(file, at, parameter, &ty, problems);
    }
    Some(Lowered::Param(ir::Param {
        wire_name: parameter.name.clone(),
        name: rust_name,
        doc,
        location,
        ty,
        rules,
    }))
}

fn lower_body(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    parameter: &spec::Parameter,
    rust_name: String,
    doc: String,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Body> {
    if parameter.constant.is_some() || parameter.client {
        problems.push(file.error(
            at,
            "a body cannot be a constant or a client parameter",
            "remove `constant` / `client`",
        ));
    }
    let ty = responses::body_type(
        declared,
        &parameter.ty,
        parameter.format.as_deref(),
        parameter.items.as_deref(),
        parameter.values.as_deref(),
    );
    let ty = match ty {
        Ok(ty) => ty,
        Err(problem) => {
            problems.push(file.error(
                &at.key("type"),
                problem,
                "a body is a model, a primitive, or an array or map of one",
            ));
            return None;
        }
    };
    Some(ir::Body {
        name: rust_name,
        wire_name: parameter.name.clone(),
        ty,
        required: parameter.required,
        doc,
    })
}

/// A constant as sent: a JSON string as it is, a number or boolean as written.
fn constant_text(
    file: &SpecFile,
    at: &SpecPath,
    value: &serde_json::Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(_) | serde_json::Value::Bool(_) => Some(value.to_string()),
        _ => {
            problems.push(file.error(
                &at.key("constant"),
                format!("constant `{value}` is not a string, number or boolean"),
                "a constant parameter has one primitive value",
            ));
            None
        }
    }
}

/// The client holds its parameters as strings given to `new`: each is a required string.
fn check_client_parameter(
    file: &SpecFile,
    at: &SpecPath,
    parameter: &spec::Parameter,
    param: &ir::Param,
    problems: &mut Vec<Diagnostic>,
) {
    if !parameter.required || param.ty != ir::Type::String {
        problems.push(file.error(
            at,
            format!(
                "client parameter `{}` is not a required string",
                parameter.name
            ),
            "a client holds required string parameters; make it `required: true`, `type: string`",
        ));
    }
}

/// The checks the client makes before sending: uuid format, length bounds, pattern.
fn rules(
    file: &SpecFile,
    at: &SpecPath,
    parameter: &spec::Parameter,
    ty: &ir::Type,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::Rule> {
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
    if *ty != ir::Type::String && !rules.is_empty() {
        problems.push(file.error(
            &at.key("type"),
            "length, pattern and uuid rules apply to strings only",
            "remove the rules or make the parameter a string",
        ));
    }
    rules
}

/// A path parameter is a required string.
fn check_path_parameter(
    file: &SpecFile,
    at: &SpecPath,
    parameter: &spec::Parameter,
    ty: &ir::Type,
    problems: &mut Vec<Diagnostic>,
) {
    if !parameter.required {
        problems.push(file.error(
            &at.key("required"),
            "path parameters are always required",
            "set `required: true`",
        ));
    }
    if *ty != ir::Type::String {
        problems.push(file.error(
            &at.key("type"),
            format!(
                "path parameter `{}` is `{}`, not a string",
                parameter.name, parameter.ty
            ),
            "path parameters are strings (ARM names)",
        ));
    }
}

/// Each path parameter `x` is encoded into a local `x_segment`, which no other parameter may
/// be named.
fn check_segment_locals(
    file: &SpecFile,
    lowered: &LoweredParameters,
    taken: &BTreeMap<String, &str>,
    problems: &mut Vec<Diagnostic>,
) {
    let path_params = lowered
        .client
        .iter()
        .chain(&lowered.method)
        .filter(|p| p.location == ir::ParamLocation::Path);
    for param in path_params {
        let segment = names::segment_local(&param.name);
        let Some(wire) = taken.get(&segment) else {
            continue;
        };
        let index = file
            .spec
            .operation
            .parameters
            .iter()
            .position(|p| p.name == *wire)
            .unwrap_or_default();
        problems.push(file.error(
            &parameter_path(index).key("name"),
            format!(
                "`{wire}` becomes `{segment}`, the name of the encoded `{}`",
                param.wire_name
            ),
            "rename one of the parameters",
        ));
    }
}
