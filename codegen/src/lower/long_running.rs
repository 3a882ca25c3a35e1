//! Long-running operations: the final-state rule, the result model, and how far a replay of
//! an example answer can go.

use crate::diagnostic::{Diagnostic, SpecPath};
use crate::ir;
use crate::load::SpecFile;
use std::collections::BTreeSet;

/// The operation's final-state rule, if it is long-running and the rule is known.
pub(super) fn final_state_via(
    file: &SpecFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::FinalStateVia> {
    let lro = file.spec.operation.long_running.as_ref()?;
    match lro.final_state_via.as_str() {
        "azure-async-operation" => Some(ir::FinalStateVia::AzureAsyncOperation),
        "location" => Some(ir::FinalStateVia::Location),
        "original-uri" => Some(ir::FinalStateVia::OriginalUri),
        "operation-location" => Some(ir::FinalStateVia::OperationLocation),
        other => {
            problems.push(
                file.error(
                    &SpecPath::root()
                        .key("operation")
                        .key("long_running")
                        .key("final_state_via"),
                    format!("`{other}` is not a final-state rule"),
                    "use azure-async-operation, location, original-uri or operation-location",
                ),
            );
            None
        }
    }
}

/// The poller's description: its rule and its one result model.
pub(super) fn long_running(
    file: &SpecFile,
    final_state_via: ir::FinalStateVia,
    outcomes: &[ir::Outcome],
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::LongRunning> {
    let result_models: BTreeSet<&String> =
        outcomes.iter().filter_map(|o| o.model.as_ref()).collect();
    if result_models.len() > 1 {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("responses"),
            format!(
                "the long-running operation answers with different models ({}), but its poller has one result type",
                result_models.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ),
            "give every success status of a long-running operation the same model, or none",
        ));
    }
    Some(ir::LongRunning {
        final_state_via,
        result_model: outcomes.iter().find_map(|o| o.model.clone()),
    })
}

/// How far a replay of a long-running operation's example answer reaches, by the rules the
/// runtime follows (`crate::lro_rules`, the runtime's own file): an answer that is still running
/// (a monitor header, a 202, or for PUT and PATCH a provisioningState that has not ended) can be
/// checked to its first step; a DELETE's 202 without a monitor completes, another 202 without
/// one is refused; a PUT or PATCH whose
/// provisioningState already says `Failed` or `Canceled` ends in the client's error.
pub(super) fn replay_reach(method: ir::HttpMethod, response: &ir::ExampleResponse) -> ir::Replay {
    use crate::lro_rules::{FirstAnswer, InitialAnswer, Method, first_answer};
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
    let provisioning_state = response
        .body
        .as_ref()
        .and_then(|body| body.pointer("/properties/provisioningState"))
        .and_then(|state| state.as_str());
    let answer = first_answer(InitialAnswer {
        method,
        status: response.status,
        azure_async_operation: has_header("Azure-AsyncOperation"),
        operation_location: has_header("Operation-Location"),
        location: has_header("Location"),
        has_body: response.body.is_some(),
        provisioning_state,
    });
    match answer {
        FirstAnswer::Unfollowable => ir::Replay::Unfollowable,
        FirstAnswer::Failed => ir::Replay::Fails,
        _ if answer.is_running() => ir::Replay::FirstStep,
        _ => ir::Replay::Completes,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use ir::HttpMethod::{Delete, Post, Put};
    use ir::Replay::{Completes, Fails, FirstStep, Unfollowable};

    fn answer(status: u16, header: Option<&str>, state: Option<&str>) -> ir::ExampleResponse {
        ir::ExampleResponse {
            status,
            headers: header
                .map(|name| (name.to_string(), "https://example".to_string()))
                .into_iter()
                .collect(),
            body: state.map(|s| serde_json::json!({ "properties": { "provisioningState": s } })),
            replay: Completes,
            replay_test: String::new(),
        }
    }

    #[test]
    fn a_replay_reaches_as_far_as_the_runtime_would_follow() {
        let cases = [
            (Put, answer(200, None, Some("Succeeded")), Completes),
            (Put, answer(200, None, Some("Updating")), FirstStep),
            (Put, answer(201, None, None), FirstStep),
            (
                Put,
                answer(200, Some("Location"), Some("Succeeded")),
                Completes,
            ),
            (
                Put,
                answer(200, Some("Operation-Location"), None),
                FirstStep,
            ),
            (Put, answer(200, None, Some("Failed")), Fails),
            (
                Put,
                answer(201, Some("Azure-AsyncOperation"), Some("Canceled")),
                Fails,
            ),
            (
                Put,
                answer(201, Some("azure-asyncoperation"), None),
                FirstStep,
            ),
            (Delete, answer(202, Some("Location"), None), FirstStep),
            (Delete, answer(202, None, None), Completes),
            (Put, answer(202, None, None), Unfollowable),
            (Post, answer(202, None, None), Unfollowable),
            (Delete, answer(204, None, None), Completes),
            (Post, answer(200, None, Some("Updating")), Completes),
        ];
        for (method, response, expected) in cases {
            assert_eq!(
                replay_reach(method, &response),
                expected,
                "{method:?} {response:?}"
            );
        }
    }
}
