//! IR examples → integration tests of the generated crate, one file per service.
//!
//! Every x-ms-examples file becomes tests (so adding an example file adds tests): its bodies
//! round-trip through the models, and each of its answers is replayed over loopback HTTP. Each
//! operation also gets tests of its parameter rules, its path encoding and its error model.
//! Expected values (paths, rejections) are worked out here, independently of the runtime.

use crate::ir::{Client, Example, ExampleResponse, Operation, Replay, Service, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, type_ident};
use call::Call;

mod call;
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
                    tests.push(answer_replay_test(client, operation, example, response));
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
    Some(quote! {
        #doc

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

/// One example answer: the exact request the example prescribes, then the typed outcome.
fn answer_replay_test(
    client: &Client,
    operation: &Operation,
    example: &Example,
    response: &ExampleResponse,
) -> TokenStream {
    let test = ident(&response.replay_test);
    let doc = format!(
        " `{}`: the request the example prescribes, and its {} answer.",
        example.title, response.status
    );
    let call = Call {
        client,
        operation,
        example,
    };
    let status = Literal::u16_unsuffixed(response.status);
    let setup = call.setup(quote!(vec![Reply::from_example(&example, #status)]));
    let invocation = call.invocation(&[]);
    let request_checks = call.request_checks();
    let status_key = response.status.to_string();
    let outcome = operation
        .outcomes
        .iter()
        .find(|o| o.status == response.status);
    let header_value = |wire: &str| {
        response
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wire))
            .map(|(_, value)| value.clone())
    };
    let result_checks = match (&operation.long_running, outcome) {
        (None, Some(outcome)) => {
            let variant = type_ident(&outcome.variant);
            let outcome_name = type_ident(&operation.outcome_name);
            let body = outcome.model.as_ref().map(|_| {
                quote!(assert_eq!(support::json(&body), example["responses"][#status_key]["body"]);)
            });
            let body_binding = outcome.model.as_ref().map(|_| quote!(body,));
            let header_names = outcome.headers.iter().map(|h| ident(&h.name));
            let header_checks = outcome.headers.iter().map(|h| {
                let name = ident(&h.name);
                expected_header(quote!(#name), &h.ty, header_value(&h.wire_name))
            });
            quote! {
                let outcome = #invocation.await.expect("the call succeeds");
                #request_checks
                assert_eq!(outcome.status(), StatusCode::from(#status));
                match outcome {
                    #outcome_name::#variant { #body_binding #(#header_names,)* .. } => {
                        #body
                        #(#header_checks)*
                    }
                    #[allow(unreachable_patterns)]
                    other => panic!("expected the {} outcome, got {other:?}", #status),
                }
            }
        }
        (Some(_), Some(_)) if response.replay == Replay::Unfollowable => {
            quote! {
                let error = #invocation
                    .expect("the call starts")
                    .await
                    .expect_err("a 202 without a monitor header cannot be followed");
                #request_checks
                assert!(
                    error.to_string().contains("neither Azure-AsyncOperation nor Location"),
                    "{error}"
                );
            }
        }
        (Some(_), Some(outcome)) if response.replay == Replay::FirstStep => {
            let header_checks = raw_header_checks(quote!(step), outcome, &header_value);
            // On the paused clock the wait costs no real time, and its length can be asserted.
            let waits = header_value("Retry-After")
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map(|seconds| {
                    let seconds = Literal::u64_unsuffixed(seconds);
                    quote! {
                        let waited = started.elapsed();
                        let asked = std::time::Duration::from_secs(#seconds);
                        assert!(
                            waited >= asked && waited < asked + std::time::Duration::from_secs(1),
                            "the poller waited {waited:?}, not the example's Retry-After"
                        );
                    }
                });
            quote! {
                // The poller waits the example's Retry-After before it yields this step.
                let mut poller = #invocation.expect("the call starts");
                let started = tokio::time::Instant::now();
                let step = poller.try_next().await.expect("the first step").expect("a step");
                #waits
                #request_checks
                assert_eq!(step.status(), StatusCode::from(#status));
                #(#header_checks)*
                assert_eq!(step.into_model().expect("a status").status, "InProgress");
            }
        }
        (Some(_), Some(outcome)) => {
            let header_checks = raw_header_checks(quote!(response), outcome, &header_value);
            let body = match outcome.model {
                Some(_) => quote!(Some(example["responses"][#status_key]["body"].clone())),
                None => quote!(None),
            };
            quote! {
                let response = #invocation.expect("the call starts").await.expect("the operation succeeds");
                #request_checks
                assert_eq!(response.status(), StatusCode::from(#status));
                #(#header_checks)*
                let result = response.into_model().expect("the result");
                assert_eq!(result.map(|r| support::json(&r)), #body);
            }
        }
        (_, None) => quote!(unreachable!("lowering checks example statuses");),
    };
    let test_attribute = async_test();
    quote! {
        #[doc = #doc]
        #test_attribute
        async fn #test() {
            #setup
            #result_checks
        }
    }
}

/// `assert_eq!`s of the documented headers of an azure_core response against the example's.
fn raw_header_checks(
    response: TokenStream,
    outcome: &crate::ir::Outcome,
    example_value: &dyn Fn(&str) -> Option<String>,
) -> Vec<TokenStream> {
    outcome
        .headers
        .iter()
        .map(|h| {
            let name = &h.wire_name;
            let expected = match example_value(&h.wire_name) {
                Some(value) => quote!(Some(#value)),
                None => quote!(None),
            };
            quote!(assert_eq!(#response.headers().get_optional_str(&support::header_name(#name)), #expected);)
        })
        .collect()
}

/// `assert_eq!` of a typed response header against the example's value.
fn expected_header(actual: TokenStream, ty: &Type, example_value: Option<String>) -> TokenStream {
    match (ty, example_value) {
        (Type::String, Some(value)) => quote!(assert_eq!(#actual.as_deref(), Some(#value));),
        (Type::I32 | Type::I64, Some(value)) => match value.trim().parse::<i64>() {
            Ok(number) => {
                let number = Literal::i64_unsuffixed(number);
                quote!(assert_eq!(#actual, Some(#number));)
            }
            Err(_) => quote!(assert_eq!(#actual, None);),
        },
        (_, _) => quote!(assert_eq!(#actual, None);),
    }
}

/// The attribute of every async test. The tests run on tokio's paused clock: the waits the
/// runtime honours (Retry-After, retry back-off, polling) cost no real time, and their length
/// can be asserted.
fn async_test() -> TokenStream {
    quote!(#[tokio::test(start_paused = true)])
}
