//! The replay of one example answer: the exact request the example prescribes, then the
//! typed outcome (or, for a long-running operation, as far as the answer reaches).

use super::call::Call;
use super::{async_test, ident, type_ident};
use crate::ir::{ExampleResponse, Outcome, Replay, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// One example answer: the exact request the example prescribes, then the typed outcome.
pub(super) fn answer_replay_test(call: &Call, response: &ExampleResponse) -> TokenStream {
    let test = ident(&response.replay_test);
    let doc = format!(
        " `{}`: the request the example prescribes, and its {} answer.",
        call.example.title, response.status
    );
    let status = Literal::u16_unsuffixed(response.status);
    let setup = call.setup(quote!(vec![Reply::from_example(&example, #status)]));
    let answer = Answer { call, response };
    let outcome = call
        .operation
        .outcomes
        .iter()
        .find(|o| o.status == response.status);
    let result_checks = match (&call.operation.long_running, outcome) {
        (None, Some(outcome)) if call.operation.paging.is_some() => answer.page_checks(outcome),
        (None, Some(outcome)) => answer.outcome_checks(outcome),
        (Some(_), Some(_)) if response.replay == Replay::Unfollowable => answer.refusal_checks(),
        (Some(_), Some(_)) if response.replay == Replay::Fails => answer.failure_checks(),
        (Some(_), Some(outcome)) if response.replay == Replay::FirstStep => {
            answer.first_step_checks(outcome)
        }
        (Some(_), Some(outcome)) => answer.final_result_checks(outcome),
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

/// One example answer to one call.
struct Answer<'a> {
    call: &'a Call<'a>,
    response: &'a ExampleResponse,
}

impl Answer<'_> {
    fn status(&self) -> Literal {
        Literal::u16_unsuffixed(self.response.status)
    }

    /// The example's value of header `wire`.
    fn header_value(&self, wire: &str) -> Option<String> {
        self.response
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(wire))
            .map(|(_, value)| value.clone())
    }

    /// A plain operation: the outcome variant, its body and its typed headers.
    fn outcome_checks(&self, outcome: &Outcome) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        if self.call.operation.exists_check {
            let check = match (200..=299).contains(&outcome.status) {
                true => quote!(assert!(exists, "a success status means it exists");),
                false => quote!(assert!(!exists, "this status means it does not exist");),
            };
            return quote! {
                let exists = #invocation.await.expect("the call succeeds");
                #request_checks
                #check
            };
        }
        if self.call.operation.headers_trait.is_some() {
            return self.response_checks(outcome);
        }
        let status = self.status();
        let status_key = self.response.status.to_string();
        let variant = type_ident(&outcome.variant);
        let outcome_name = type_ident(&self.call.operation.outcome_name);
        let body = outcome.body.as_ref().map(|_| {
            quote!(support::assert_replayed_body(&body, &example["responses"][#status_key]["body"]);)
        });
        let body_binding = outcome.body.as_ref().map(|_| quote!(body,));
        let header_names = outcome.headers.iter().map(|h| ident(&h.name));
        let header_checks = outcome.headers.iter().map(|h| {
            let name = ident(&h.name);
            expected_header(
                quote!(#name),
                &h.ty,
                &h.wire_name,
                self.header_value(&h.wire_name),
            )
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

    /// A method that returns `Response<T>`: its status, its headers through the headers
    /// trait, and its body read as the model.
    fn response_checks(&self, outcome: &Outcome) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        let status = self.status();
        let status_key = self.response.status.to_string();
        let header_checks = outcome.headers.iter().map(|h| {
            let name = ident(&h.name);
            expected_header(
                quote!(response.#name().expect("the header reads")),
                &h.ty,
                &h.wire_name,
                self.header_value(&h.wire_name),
            )
        });
        let body = outcome.body.as_ref().map(|_| {
            quote! {
                let body = response.into_model().expect("the body reads");
                support::assert_replayed_body(&body, &example["responses"][#status_key]["body"]);
            }
        });
        quote! {
            let response = #invocation.await.expect("the call succeeds");
            #request_checks
            assert_eq!(response.status(), StatusCode::from(#status));
            #(#header_checks)*
            #body
        }
    }

    /// A pageable operation: the example is one page, read as the pager's first. Its body is
    /// compared as the test server sent it (next link moved, `null` counting as absent).
    fn page_checks(&self, outcome: &Outcome) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        let status = self.status();
        let status_key = self.response.status.to_string();
        let header_checks = self.raw_header_checks(quote!(page), outcome);
        quote! {
            let mut pages = #invocation.expect("the call starts").into_pages();
            let page = pages.try_next().await.expect("the first page").expect("a page");
            #request_checks
            assert_eq!(page.status(), StatusCode::from(#status));
            #(#header_checks)*
            let body = page.into_model().expect("the page");
            support::assert_replayed_body(&body, &example["responses"][#status_key]["body"]);
        }
    }

    /// A long-running operation's 202 without a monitor header: the client refuses it.
    fn refusal_checks(&self) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
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

    /// A long-running operation whose first answer says it failed: the client's error, after
    /// that one request.
    fn failure_checks(&self) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        let state = self
            .response
            .body
            .as_ref()
            .and_then(|body| body.pointer("/properties/provisioningState"))
            .and_then(|state| state.as_str())
            .unwrap_or_default();
        let ended = format!("ended {state}");
        quote! {
            let error = #invocation
                .expect("the call starts")
                .await
                .expect_err("the first answer says the operation failed");
            #request_checks
            assert!(error.to_string().contains(#ended), "{error}");
            assert!(error.downcast_ref::<ServiceError>().is_some(), "{error:?}");
        }
    }

    /// A long-running operation still running: the poller's first step.
    fn first_step_checks(&self, outcome: &Outcome) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        let status = self.status();
        let header_checks = self.raw_header_checks(quote!(step), outcome);
        // On the paused clock the wait costs no real time, and its length can be asserted.
        let waits = self
            .header_value("Retry-After")
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

    /// A long-running operation that is done: its final result.
    fn final_result_checks(&self, outcome: &Outcome) -> TokenStream {
        let (invocation, request_checks) = (self.call.invocation(&[]), self.call.request_checks());
        let status = self.status();
        let status_key = self.response.status.to_string();
        let header_checks = self.raw_header_checks(quote!(response), outcome);
        let result_check = match outcome.model {
            Some(_) => quote! {
                let result = result.expect("the example's result");
                support::assert_replayed_body(&result, &example["responses"][#status_key]["body"]);
            },
            None => quote!(assert_eq!(result.map(|r| support::json(&r)), None);),
        };
        quote! {
            let response = #invocation.expect("the call starts").await.expect("the operation succeeds");
            #request_checks
            assert_eq!(response.status(), StatusCode::from(#status));
            #(#header_checks)*
            let result = response.into_model().expect("the result");
            #result_check
        }
    }

    /// `assert_eq!`s of the documented headers of an azure_core response against the example's.
    fn raw_header_checks(&self, response: TokenStream, outcome: &Outcome) -> Vec<TokenStream> {
        outcome
            .headers
            .iter()
            .map(|h| {
                let name = &h.wire_name;
                let expected = match self.header_value(&h.wire_name) {
                    Some(value) => quote!(Some(support::replayed_header(#name, #value).as_str())),
                    None => quote!(None),
                };
                quote!(assert_eq!(#response.headers().get_optional_str(&support::header_name(#name)), #expected);)
            })
            .collect()
    }
}

/// `assert_eq!` of a typed response header against the example's value, as the replay sent it.
fn expected_header(
    actual: TokenStream,
    ty: &Type,
    wire_name: &str,
    example_value: Option<String>,
) -> TokenStream {
    match (ty, example_value) {
        (Type::String, Some(value)) => quote! {
            assert_eq!(#actual.as_deref(), Some(support::replayed_header(#wire_name, #value).as_str()));
        },
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
