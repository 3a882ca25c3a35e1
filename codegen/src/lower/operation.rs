//! One spec file's operation: its client, method, request and outcomes.

use super::declared::{self, Declared};
use super::parameters::{self, LoweredParameters};
use super::{doc_or, examples, long_running, path, responses};
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec};

/// An operation with the client it belongs to.
pub(super) struct LoweredOperation {
    /// The client of its group, with the client parameters and no operations yet.
    pub client: ir::Client,
    pub operation: ir::Operation,
    /// The model its errors carry; every operation of a provider must name the same one.
    pub error_model: String,
}

pub(super) fn lower_operation(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> Option<LoweredOperation> {
    let before = problems.len();
    let operation = &file.spec.operation;
    let (group, verb) = group_and_verb(file, problems)?;
    let http_method = http_method(file, problems);
    check_scopes(file, problems);
    let final_state_via = long_running::final_state_via(file, problems);
    let LoweredParameters {
        client: client_params,
        method: params,
        optional: options,
        body,
        constants,
        api_version,
    } = parameters::lower_parameters(file, declared, problems);
    let path = path::lower_path(file, &operation.path, &client_params, &params, problems);
    let responses::LoweredResponses {
        outcomes,
        errors: error_statuses,
    } = responses::lower_responses(file, declared, problems);
    let paging = responses::lower_paging(file, declared, problems);
    let long_running =
        final_state_via.and_then(|via| long_running::long_running(file, via, &outcomes, problems));
    let error_model = error_model(file, declared, problems);
    let mut examples = examples::lower_examples(file, &outcomes, body.as_ref(), problems);
    if long_running.is_some() {
        for response in examples.iter_mut().flat_map(|e| &mut e.responses) {
            response.replay = long_running::replay_reach(http_method, response);
        }
    }
    if problems.len() != before {
        return None;
    }
    let client_name = names::client_type(group);
    let method_name = names::operation_method(verb, long_running.is_some());
    let doc = method_doc(operation, &long_running, &outcomes);
    let exists_check = long_running.is_none() && is_exists_check(http_method, &outcomes);
    let sends_once = long_running.is_none() && paging.is_none() && !exists_check;
    let headers_trait = match outcomes.as_slice() {
        [one] if sends_once => Some(headers_trait(&client_name, verb, one)),
        _ => None,
    };
    Some(LoweredOperation {
        client: ir::Client {
            doc: format!(
                "Client for the `{}` operations of {}.",
                names::upper_camel(group),
                file.spec.provider
            ),
            name: client_name.clone(),
            params: client_params,
            operations: Vec::new(),
        },
        operation: ir::Operation {
            id: operation.id.clone(),
            method_name,
            doc,
            http_method,
            path,
            params,
            body,
            options,
            constants,
            options_name: names::options_type(&client_name, verb),
            outcome_name: names::outcome_type(&client_name, verb),
            headers_trait,
            outcomes,
            error_statuses,
            exists_check,
            long_running,
            paging,
            api_version,
            examples,
            // Decided once the whole service is known.
            tests: ir::OperationTests::default(),
        },
        error_model,
    })
}

fn check_scopes(file: &SpecFile, problems: &mut Vec<Diagnostic>) {
    if file.spec.operation.auth.scopes.is_empty() {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("auth").key("scopes"),
            "the operation lists no OAuth2 scope",
            "ARM operations ask for `user_impersonation`",
        ));
    }
}

/// The headers trait of a method answering one status: the model's, shared by the module's
/// methods that answer with it, or the method's own for any other body.
fn headers_trait(client: &str, verb: &str, outcome: &ir::Outcome) -> String {
    match &outcome.body {
        Some(ir::Type::Model { name, .. }) => names::model_headers_trait(name),
        _ => names::operation_headers_trait(client, verb),
    }
}

/// A HEAD whose outcomes have no body answers whether the resource exists (a paged one has a
/// page model, so it is never one).
fn is_exists_check(http_method: ir::HttpMethod, outcomes: &[ir::Outcome]) -> bool {
    http_method == ir::HttpMethod::Head && outcomes.iter().all(|o| o.body.is_none())
}

/// `PrivateEndpointConnections_Update` → the group and the verb.
fn group_and_verb<'a>(
    file: &'a SpecFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<(&'a str, &'a str)> {
    let id = &file.spec.operation.id;
    let found = id
        .split_once('_')
        .filter(|(g, v)| names::is_identifier_like(g) && names::is_identifier_like(v));
    if found.is_none() {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("id"),
            format!("operation id `{id}` is not `Group_Verb`"),
            "write the OpenAPI operationId, e.g. `PrivateEndpointConnections_Update`",
        ));
    }
    found
}

fn http_method(file: &SpecFile, problems: &mut Vec<Diagnostic>) -> ir::HttpMethod {
    match file.spec.operation.method.as_str() {
        "GET" => ir::HttpMethod::Get,
        "PUT" => ir::HttpMethod::Put,
        "PATCH" => ir::HttpMethod::Patch,
        "POST" => ir::HttpMethod::Post,
        "DELETE" => ir::HttpMethod::Delete,
        "HEAD" => ir::HttpMethod::Head,
        other => {
            problems.push(file.error(
                &SpecPath::root().key("operation").key("method"),
                format!("`{other}` is not an HTTP method"),
                "use GET, PUT, PATCH, POST, DELETE or HEAD, upper case",
            ));
            ir::HttpMethod::Get
        }
    }
}

/// The Rust name of the model the operation's errors carry.
fn error_model(file: &SpecFile, declared: &Declared, problems: &mut Vec<Diagnostic>) -> String {
    let name = &file.spec.operation.error.model;
    if !declared.models.contains_key(name.as_str()) {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("error").key("model"),
            format!("unknown model `{name}`"),
            declared::type_hint(declared, name),
        ));
    }
    names::upper_camel(name)
}

/// The summary and description, and a warning where the service may finish in the background
/// without the client following it.
fn method_doc(
    operation: &spec::Operation,
    long_running: &Option<ir::LongRunning>,
    outcomes: &[ir::Outcome],
) -> String {
    let doc = match &operation.summary {
        Some(summary)
            if !summary.trim().is_empty() && summary.trim() != operation.description.trim() =>
        {
            format!("{}\n\n{}", summary.trim(), operation.description.trim())
        }
        _ => doc_or(&operation.description, &operation.id),
    };
    match unfollowed_monitor(long_running, outcomes) {
        Some(field) => format!(
            "{doc}\n\nThe service may finish this operation in the background: the response's \
             `Azure-AsyncOperation` header (`{field}`) is then set, and the body is not yet final. The spec does not mark the \
             operation long-running, so this client does not poll that URL; read the resource \
             again to see the result."
        ),
        None => doc,
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
