//! The names of the emitted tests. A service's tests share one file, so their names must be
//! unique across it: an operation's tests are named after its method, or after client and
//! method where two clients have a method of the same name; an example's after its title, or
//! after its operation and title where two examples share a title.

use crate::{ir, names};
use std::collections::BTreeMap;

pub(super) fn name_tests(clients: &mut [ir::Client]) {
    let mut method_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut title_counts: BTreeMap<String, usize> = BTreeMap::new();
    for operation in clients.iter().flat_map(|c| &c.operations) {
        *method_counts.entry(&operation.method_name).or_default() += 1;
        for example in &operation.examples {
            *title_counts
                .entry(names::test_name(&example.title))
                .or_default() += 1;
        }
    }
    let shared_methods: Vec<String> = method_counts
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(method, _)| method.to_string())
        .collect();
    // The module's `ServiceError` reads error bodies the same for every operation: the first
    // operation with examples (its tests need them) and a body (not a HEAD) tests it.
    let body_carrier = clients.iter().enumerate().find_map(|(c, client)| {
        let o = client
            .operations
            .iter()
            .position(|o| !o.examples.is_empty() && o.http_method != ir::HttpMethod::Head)?;
        Some((c, o))
    });
    for (client_index, client) in clients.iter_mut().enumerate() {
        let params = client.params.clone();
        let client_name = client.name.clone();
        // An operation's rule tests take their values from its examples, so only operations
        // with examples have them: the first of those also tests the client's parameters.
        let carrier = client
            .operations
            .iter()
            .position(|o| !o.examples.is_empty());
        for (index, operation) in client.operations.iter_mut().enumerate() {
            let shared = shared_methods.contains(&operation.method_name);
            let prefix =
                names::operation_tests_prefix(&client.name, &operation.method_name, shared);
            let client_tests = (Some(index) == carrier).then_some(client_name.as_str());
            operation.tests = operation_tests(&prefix, client_tests, &params, operation);
            if body_carrier == Some((client_index, index)) {
                operation.tests.unreadable_error_bodies =
                    Some(names::unreadable_error_bodies_test());
            }
            for example in &mut operation.examples {
                let mut base = names::test_name(&example.title);
                if title_counts[&base] > 1 {
                    base = names::qualified_example_test(&prefix, &base);
                }
                name_example_tests(&base, example);
            }
        }
    }
}

/// `client_tests` names the client when this operation also carries the tests of the
/// client's own parameters.
fn operation_tests(
    prefix: &str,
    client_tests: Option<&str>,
    client_params: &[ir::Param],
    operation: &ir::Operation,
) -> ir::OperationTests {
    let on_client = client_params.iter().map(|param| {
        let rejects_invalid =
            client_tests.map(|client| names::client_rejects_invalid_test(client, &param.name));
        (param, rejects_invalid)
    });
    let on_method = operation
        .params
        .iter()
        .chain(&operation.options)
        .map(|param| {
            (
                param,
                Some(names::rejects_invalid_test(prefix, &param.name)),
            )
        });
    let params = on_client
        .chain(on_method)
        .map(|(param, rejects_invalid)| ir::ParamTests {
            param: param.name.clone(),
            rejects_invalid,
            one_segment: (param.location == ir::ParamLocation::Path)
                .then(|| names::one_segment_test(prefix, &param.name)),
        })
        .collect();
    ir::OperationTests {
        error_statuses: names::error_statuses_test(prefix),
        unreadable_error_bodies: None,
        params,
    }
}

fn name_example_tests(base: &str, example: &mut ir::Example) {
    example.round_trip_test = names::round_trip_test(base);
    for response in &mut example.responses {
        response.replay_test = names::replay_test(base, response.status);
    }
}
