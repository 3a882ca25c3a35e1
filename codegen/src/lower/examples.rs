//! x-ms-examples files, tied to the operation: the request they make, the answers they get.

use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec};
use std::collections::BTreeSet;

pub(super) fn lower_examples(
    file: &SpecFile,
    outcomes: &[ir::Outcome],
    body: Option<&ir::Body>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::Example> {
    let mut examples = Vec::new();
    let mut test_names = BTreeSet::new();
    let references = &file.spec.operation.examples;
    for (index, (reference, example)) in references.iter().zip(&file.examples).enumerate() {
        let at = SpecPath::root()
            .key("operation")
            .key("examples")
            .index(index);
        let test_name = names::test_name(&reference.title);
        if test_name.is_empty() || !test_names.insert(test_name) {
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
        let responses = lower_answers(file, &at, &reference.title, example, outcomes, problems);
        let mut parameters: Vec<(String, serde_json::Value)> = example
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body_value = body.and_then(|b| {
            let position = parameters.iter().position(|(k, _)| *k == b.wire_name)?;
            Some(parameters.remove(position).1)
        });
        if body.is_some_and(|b| b.required) && body_value.is_none() {
            problems.push(file.error(
                &at.key("file"),
                format!("example `{}` has no request body", reference.title),
                "add the body under its parameter name in `parameters`",
            ));
        }
        examples.push(ir::Example {
            title: reference.title.clone(),
            // Decided once the whole service is known.
            round_trip_test: String::new(),
            file: spec_relative(&file.name, &reference.file),
            parameters,
            body: body_value,
            responses,
        });
    }
    examples
}

/// The example's answers; each must have a status the operation lists.
fn lower_answers(
    file: &SpecFile,
    at: &SpecPath,
    title: &str,
    example: &spec::Example,
    outcomes: &[ir::Outcome],
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::ExampleResponse> {
    let mut responses = Vec::new();
    for (status, response) in &example.responses {
        let Some(status) = status
            .parse::<u16>()
            .ok()
            .filter(|code| outcomes.iter().any(|o| o.status == *code))
        else {
            problems.push(file.error(
                &at.key("file"),
                format!("example `{title}` answers with status {status}, which the operation does not list"),
                "add the status to `responses` or fix the example",
            ));
            continue;
        };
        let headers = response
            .headers
            .iter()
            .map(|(name, value)| {
                let value = value
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| value.to_string());
                (name.clone(), value)
            })
            .collect();
        responses.push(ir::ExampleResponse {
            status,
            headers,
            body: response.body.clone(),
            // Decided with the operation's long-running rule.
            replay: ir::Replay::Completes,
            // Decided once the whole service is known.
            replay_test: String::new(),
        });
    }
    responses
}

/// `container_service/x.yaml` + `examples/a.json` → `container_service/examples/a.json`.
fn spec_relative(spec_name: &str, relative: &str) -> String {
    match spec_name.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{relative}"),
        None => relative.to_string(),
    }
}
