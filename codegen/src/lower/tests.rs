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
    for client in clients.iter_mut() {
        let params = client.params.clone();
        for operation in &mut client.operations {
            let shared = shared_methods.contains(&operation.method_name);
            let prefix =
                names::operation_tests_prefix(&client.name, &operation.method_name, shared);
            operation.tests = operation_tests(&prefix, &params, operation);
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

fn operation_tests(
    prefix: &str,
    client_params: &[ir::Param],
    operation: &ir::Operation,
) -> ir::OperationTests {
    let params = client_params
        .iter()
        .chain(&operation.params)
        .chain(&operation.options)
        .map(|param| ir::ParamTests {
            param: param.name.clone(),
            rejects_invalid: names::rejects_invalid_test(prefix, &param.name),
            one_segment: (param.location == ir::ParamLocation::Path)
                .then(|| names::one_segment_test(prefix, &param.name)),
        })
        .collect();
    ir::OperationTests {
        error_statuses: names::error_statuses_test(prefix),
        unreadable_error_bodies: names::unreadable_error_bodies_test(prefix),
        params,
    }
}

fn name_example_tests(base: &str, example: &mut ir::Example) {
    example.round_trip_test = names::round_trip_test(base);
    for response in &mut example.responses {
        response.replay_test = names::replay_test(base, response.status);
    }
}
