//! IR examples → integration tests of the generated crate, one file per service.
//!
//! Every x-ms-examples file becomes tests (so adding an example file adds tests): its bodies
//! round-trip through the models, and each of its answers is replayed over loopback HTTP. Each
//! operation also gets tests of its parameter rules, its path encoding and its error model.
//! Expected values (paths, rejections) are worked out here, independently of the runtime.

use crate::ir::{Example, Operation, Replay, Service};
use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_ident};
use call::Call;

mod call;
mod replay;
mod rules;

/// A value no path rule can accept unencoded: every reserved character, a space, `%` and
/// non-ASCII.
const AWKWARD_VALUE: &str = "../a b/c?d#e%f/é";

/// The body of `tests/<module>_examples.rs`, or `None` when the service has no examples.
pub fn examples_file(crate_name: &str, service: &Service) -> Option<TokenStream> {
    let mut tests = Vec::new();
    for client in &service.clients {
        for operation in &client.operations {
            let Some(first) = operation.examples.first() else {
                continue;
            };
            for example in &operation.examples {
                tests.push(round_trip_test(operation, example));
                for response in &example.responses {
                    let call = Call {
                        client,
                        operation,
                        example,
                    };
                    tests.push(replay::answer_replay_test(&call, response));
                }
            }
            let call = Call {
                client,
                operation,
                example: first,
            };
            tests.extend(call.rule_tests(service));
        }
    }
    if tests.is_empty() {
        return None;
    }
    let krate = ident(crate_name);
    let module = ident(&service.module);
    let doc = super::inner_doc_attrs(&format!(
        "The `{}` example files, replayed against the generated code over loopback HTTP.",
        service.module
    ));
    let futures = tests_use_streams(service).then(|| {
        quote!(
            use futures::TryStreamExt;
        )
    });
    let gate = service
        .test_only
        .then(|| quote!(#![cfg(feature = "test-fixture")]));
    Some(quote! {
        #doc
        #gate

        mod support;

        #[rustfmt::skip]
        mod examples {
            use super::support::{self, Reply, Server};
            use #krate::#module::*;
            use azure_core::http::StatusCode;
            #futures

            #(#tests)*
        }
    })
}

fn tests_use_streams(service: &Service) -> bool {
    service.clients.iter().flat_map(|c| &c.operations).any(|o| {
        o.long_running.is_some()
            && o.examples
                .iter()
                .flat_map(|e| &e.responses)
                .any(|r| r.replay == Replay::FirstStep)
    })
}

fn example_file(example: &Example) -> String {
    format!("../../specs/{}", example.file)
}

/// Every body of the example deserializes into its model and serializes back unchanged;
/// the request body also survives the request-only serialization.
fn round_trip_test(operation: &Operation, example: &Example) -> TokenStream {
    let test = ident(&example.round_trip_test);
    let file = example_file(example);
    let doc = format!(
        " `{}`: the example's bodies round-trip through the models.",
        example.title
    );
    let request = operation.body.as_ref().map(|body| {
        let model = type_ident(&body.model);
        let name = &body.wire_name;
        quote! {
            let request = &example["parameters"][#name];
            let model: models::#model = support::round_trip(request);
            support::assert_same_json(model.to_request_json(), request);
        }
    });
    let responses = example
        .responses
        .iter()
        .filter(|r| r.body.is_some())
        .filter_map(|response| {
            let outcome = operation
                .outcomes
                .iter()
                .find(|o| o.status == response.status)?;
            let model = type_ident(outcome.model.as_ref()?);
            let status = response.status.to_string();
            Some(quote! {
                let _: models::#model = support::round_trip(&example["responses"][#status]["body"]);
            })
        });
    quote! {
        #[doc = #doc]
        #[test]
        fn #test() {
            let example = support::example(include_str!(#file));
            #request
            #(#responses)*
        }
    }
}

/// The attribute of every async test. The tests run on tokio's paused clock: the waits the
/// runtime honours (Retry-After, retry back-off, polling) cost no real time, and their length
/// can be asserted.
fn async_test() -> TokenStream {
    quote!(#[tokio::test(start_paused = true)])
}
