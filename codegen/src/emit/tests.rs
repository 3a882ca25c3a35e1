//! IR examples → integration tests of the generated crate, one file per service.
//!
//! Every x-ms-examples file becomes tests (so adding an example file adds tests): its bodies
//! round-trip through the models, and each of its answers is replayed over loopback HTTP. Each
//! operation also gets tests of its parameter rules, its path encoding and its error model.
//! Expected values (paths, rejections) are worked out here, independently of the runtime.

use crate::ir::{
    Client, Example, ExampleResponse, Operation, Param, ParamLocation, PathPart, Replay, Rule,
    Service, Type,
};
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{ident, type_ident};

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
                tests.push(round_trip(operation, example));
                for response in &example.responses {
                    tests.push(replay(client, operation, example, response));
                }
            }
            let call = Call {
                client,
                operation,
                example: first,
            };
            for param in client
                .params
                .iter()
                .chain(&operation.params)
                .chain(operation.options.iter().filter(|p| p.ty == Type::String))
            {
                let rejected = rejected_values(param);
                if !rejected.is_empty() {
                    tests.push(call.rejects(param, &rejected));
                }
                if param.location == ParamLocation::Path && accepts(param, AWKWARD_VALUE) {
                    tests.push(call.encodes(param));
                }
            }
            tests.push(call.maps_error_statuses(service));
            tests.push(call.keeps_unreadable_error_bodies());
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
fn round_trip(operation: &Operation, example: &Example) -> TokenStream {
    let test = format_ident!("{}_round_trips", example.test_name);
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
fn replay(
    client: &Client,
    operation: &Operation,
    example: &Example,
    response: &ExampleResponse,
) -> TokenStream {
    let test = format_ident!("{}_replays_{}", example.test_name, response.status);
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
            let variant = format_ident!("{}", outcome.variant);
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

/// How to call one operation with the values of one example.
struct Call<'a> {
    client: &'a Client,
    operation: &'a Operation,
    example: &'a Example,
}

impl Call<'_> {
    /// The example's value of `param` as a Rust expression of the parameter's type, and as the
    /// text that goes on the wire.
    fn argument(&self, param: &Param) -> (TokenStream, String) {
        let example = self
            .example
            .parameters
            .iter()
            .find(|(name, _)| *name == param.wire_name)
            .map(|(_, value)| value);
        match &param.ty {
            Type::Bool => {
                let value = example
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(false);
                (quote!(#value), value.to_string())
            }
            Type::I32 | Type::I64 => {
                let number = example
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
                    .filter(|n| param.ty == Type::I64 || i32::try_from(*n).is_ok())
                    .unwrap_or(0);
                (
                    Literal::i64_unsuffixed(number).into_token_stream(),
                    number.to_string(),
                )
            }
            _ => {
                let value = self.value(param);
                (quote!(#value), value)
            }
        }
    }

    fn value(&self, param: &Param) -> String {
        self.example
            .parameters
            .iter()
            .find(|(name, _)| *name == param.wire_name)
            .and_then(|(_, value)| value.as_str().map(str::to_string))
            .unwrap_or_else(|| "example".to_string())
    }

    /// Loads the example, starts the server with `replies`, and builds the client.
    fn setup(&self, replies: TokenStream) -> TokenStream {
        let file = example_file(self.example);
        let client = self.client_setup();
        quote! {
            let example = support::example(include_str!(#file));
            let server = Server::start(#replies).await;
            #client
        }
    }

    /// Like `setup`, for tests whose replies do not come from the example: the client is built
    /// only when no client parameter is under test, and the example is loaded only when the
    /// operation is called (`calls`) with the example's body.
    fn setup_for(&self, param: Option<&Param>, replies: TokenStream, calls: bool) -> TokenStream {
        let on_client =
            param.is_some_and(|param| self.client.params.iter().any(|p| p.name == param.name));
        let example = calls.then(|| self.body_example()).flatten();
        let client = (!on_client).then(|| self.client_setup());
        quote! {
            #example
            let server = Server::start(#replies).await;
            #client
        }
    }

    /// `let example = ...;` when the call sends the example's body.
    fn body_example(&self) -> Option<TokenStream> {
        let file = example_file(self.example);
        self.operation
            .body
            .is_some()
            .then(|| quote!(let example = support::example(include_str!(#file));))
    }

    /// The client, with the example's values of the client parameters.
    fn client_setup(&self) -> TokenStream {
        let client = type_ident(&self.client.name);
        let client_args = self.client.params.iter().map(|p| self.value(p));
        quote! {
            let client = #client::new(#(#client_args,)* support::credential(), Some(server.options()))
                .expect("a client");
        }
    }

    /// The call expression, with `overrides` replacing parameters by name.
    fn invocation(&self, overrides: &[(&str, TokenStream)]) -> TokenStream {
        let method = ident(&self.operation.method_name);
        let args = self.operation.params.iter().map(|p| {
            match overrides.iter().find(|(name, _)| *name == p.name) {
                Some((_, value)) => value.clone(),
                None => self.argument(p).0,
            }
        });
        let body = self.operation.body.as_ref().map(|b| {
            let name = &b.wire_name;
            quote!(serde_json::from_value(example["parameters"][#name].clone()).expect("the example body"),)
        });
        // An optional parameter under test goes into the options struct.
        let options_name = type_ident(&self.operation.options_name);
        let options = self
            .operation
            .options
            .iter()
            .find_map(|p| {
                let (_, value) = overrides.iter().find(|(name, _)| *name == p.name)?;
                let field = ident(&p.name);
                Some(quote!(Some(#options_name { #field: Some(#value.to_string()), ..Default::default() })))
            })
            .unwrap_or_else(|| quote!(None));
        quote!(client.#method(#(#args,)* #body #options))
    }

    /// The request matches the example: method, path, api-version, auth, content type, body.
    fn request_checks(&self) -> TokenStream {
        let method = self.operation.http_method.as_str();
        let path = self.expected_path(None);
        let api_version = self
            .example
            .parameters
            .iter()
            .find(|(name, _)| name == "api-version")
            .and_then(|(_, v)| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let body = self.operation.body.as_ref().map(|b| {
            let name = &b.wire_name;
            quote! {
                assert_eq!(request.header("content-type"), Some("application/json"));
                assert_eq!(request.json(), example["parameters"][#name]);
            }
        });
        let token = format!("Bearer {}", "fake-token");
        // The example's query and header parameters, as sent.
        let parameters = self.operation.params.iter().filter_map(|p| {
            let (_, wire_value) = self.argument(p);
            let name = &p.wire_name;
            match &p.location {
                ParamLocation::Query => {
                    Some(quote!(assert_eq!(request.query(#name), Some(#wire_value));))
                }
                ParamLocation::Header(header) => {
                    Some(quote!(assert_eq!(request.header(#header), Some(#wire_value));))
                }
                ParamLocation::Path => None,
            }
        });
        quote! {
            let request = server.single_request();
            assert_eq!(request.method, #method);
            assert_eq!(request.path, #path);
            assert_eq!(request.query("api-version"), Some(#api_version));
            assert_eq!(request.header("authorization"), Some(#token));
            #(#parameters)*
            #body
        }
    }

    /// The path the example prescribes, with `replaced` giving one parameter another value.
    fn expected_path(&self, replaced: Option<(&Param, &str)>) -> String {
        let mut path = String::new();
        for part in &self.operation.path {
            match part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Param { name, .. } | PathPart::ClientParam { name, .. } => {
                    let param = self
                        .client
                        .params
                        .iter()
                        .chain(&self.operation.params)
                        .find(|p| p.name == *name);
                    let value = match (param, replaced) {
                        (Some(param), Some((target, value))) if param.name == target.name => {
                            value.to_string()
                        }
                        (Some(param), _) => self.value(param),
                        (None, _) => String::new(),
                    };
                    path.push_str(&percent_encode(&value));
                }
            }
        }
        path
    }

    /// How to make the call with `param` set to the expression `value`.
    fn call_with(&self, param: &Param, value: TokenStream) -> TokenStream {
        let is_client_param = self.client.params.iter().any(|p| p.name == param.name);
        if is_client_param {
            let client = type_ident(&self.client.name);
            let others = self.client.params.iter().map(|p| {
                if p.name == param.name {
                    value.clone()
                } else {
                    let v = self.value(p);
                    quote!(#v)
                }
            });
            quote!(#client::new(#(#others,)* support::credential(), Some(server.options())).map(|_| ()))
        } else {
            let invocation = self.invocation(&[(param.name.as_str(), value)]);
            self.finish(invocation)
        }
    }

    /// Runs the call to its result, discarding the value.
    fn finish(&self, invocation: TokenStream) -> TokenStream {
        match self.operation.long_running {
            None => quote!(#invocation.await.map(|_| ())),
            Some(_) => quote!(async { #invocation?.await.map(|_| ()) }.await),
        }
    }

    fn rejects(&self, param: &Param, values: &[String]) -> TokenStream {
        let test = format_ident!(
            "{}_rejects_invalid_{}",
            self.operation.test_prefix,
            param.name.trim_start_matches("r#")
        );
        let doc = format!(
            " `{}` values that break its rules are refused before anything is sent.",
            param.wire_name
        );
        let on_client = self.client.params.iter().any(|p| p.name == param.name);
        let setup = self.setup_for(Some(param), quote!(Vec::new()), !on_client);
        let wire = &param.wire_name;
        let call = self.call_with(param, quote!(bad));
        let test_attribute = async_test();
        quote! {
            #[doc = #doc]
            #test_attribute
            async fn #test() {
                #setup
                for bad in [#(#values),*] {
                    let error = #call.expect_err(bad);
                    support::assert_invalid_parameter(&error, #wire, bad);
                }
                assert!(server.received().is_empty(), "a request was sent");
            }
        }
    }

    fn encodes(&self, param: &Param) -> TokenStream {
        let test = format_ident!(
            "{}_sends_{}_as_one_segment",
            self.operation.test_prefix,
            param.name.trim_start_matches("r#")
        );
        let doc = format!(
            " Reserved characters in `{}` are percent-encoded: the value stays one path segment.",
            param.wire_name
        );
        let success = self
            .operation
            .outcomes
            .first()
            .map(|o| o.status)
            .unwrap_or(200);
        let status = Literal::u16_unsuffixed(success);
        let reply = match self
            .operation
            .outcomes
            .first()
            .and_then(|o| o.model.as_ref())
        {
            Some(_) => quote!(Reply::new(#status).json(&serde_json::json!({}))),
            None => quote!(Reply::new(#status)),
        };
        let setup = self.setup_for(Some(param), quote!(vec![#reply]), true);
        let call = match self.client.params.iter().any(|p| p.name == param.name) {
            // A client parameter: build the client with the value, then make the call.
            true => {
                let client = type_ident(&self.client.name);
                let args = self.client.params.iter().map(|p| {
                    if p.name == param.name {
                        quote!(#AWKWARD_VALUE)
                    } else {
                        let v = self.value(p);
                        quote!(#v)
                    }
                });
                let finish = self.finish(self.invocation(&[]));
                quote!({
                    let client = #client::new(#(#args,)* support::credential(), Some(server.options()))
                        .expect("a client");
                    #finish
                })
            }
            false => self.call_with(param, quote!(#AWKWARD_VALUE)),
        };
        let path = self.expected_path(Some((param, AWKWARD_VALUE)));
        let test_attribute = async_test();
        quote! {
            #[doc = #doc]
            #test_attribute
            async fn #test() {
                #setup
                #call.expect("the call succeeds");
                assert_eq!(server.single_request().path, #path);
            }
        }
    }

    fn maps_error_statuses(&self, service: &Service) -> TokenStream {
        let test = format_ident!(
            "{}_maps_error_statuses_to_service_errors",
            self.operation.test_prefix
        );
        let shape = &service.error;
        let field = |json: &str| {
            shape
                .fields
                .iter()
                .find(|f| f.detail.json_name == json)
                .map(|f| (f.name.as_str(), &f.detail.ty))
        };
        let mut detail = serde_json::Map::new();
        let mut checks = Vec::new();
        for (json, value) in [
            ("code", "Conflicting"),
            ("message", "The request conflicts."),
            ("target", "properties"),
        ] {
            if let Some((name, _)) = field(json).filter(|(_, ty)| **ty == Type::String) {
                detail.insert(
                    json.to_string(),
                    serde_json::Value::String(value.to_string()),
                );
                let name = ident(name);
                checks.push(quote!(assert_eq!(service.#name.as_deref(), Some(#value));));
            }
        }
        if let Some((name, _)) = field("details").filter(|(_, ty)| matches!(ty, Type::Vec(_))) {
            detail.insert(
                "details".into(),
                serde_json::json!([{ "code": "Inner", "message": "Inner problem." }]),
            );
            let name = ident(name);
            checks.push(quote!(assert_eq!(service.#name.as_ref().map(Vec::len), Some(1));));
        }
        let body = match &shape.envelope {
            Some(envelope) => serde_json::json!({ envelope.json_name.clone(): detail }),
            None => serde_json::Value::Object(detail),
        }
        .to_string();
        let doc = format!(
            " Undocumented statuses give `ServiceError`s read from the `{}` model.",
            shape.model
        );
        let call = self.finish(self.invocation(&[]));
        let setup = self.setup_for(
            None,
            quote!(vec![
                Reply::new(status)
                    .header("x-ms-request-id", "request-1")
                    .json(&body)
            ]),
            true,
        );
        let test_attribute = async_test();
        quote! {
            #[doc = #doc]
            #test_attribute
            async fn #test() {
                let body: serde_json::Value = serde_json::from_str(#body).expect("JSON");
                for status in [400u16, 404, 409, 500] {
                    #setup
                    let error = #call.expect_err("an error status");
                    assert_eq!(error.http_status(), Some(StatusCode::from(status)));
                    let service = error.downcast_ref::<ServiceError>().expect("a ServiceError");
                    assert_eq!(service.status, StatusCode::from(status));
                    assert_eq!(service.request_id.as_deref(), Some("request-1"));
                    #(#checks)*
                    // 500 is retried (three times by the test's retry policy); the others are not.
                    let attempts = if status == 500 { 4 } else { 1 };
                    assert_eq!(server.received().len(), attempts);
                }
            }
        }
    }

    fn keeps_unreadable_error_bodies(&self) -> TokenStream {
        let test = format_ident!(
            "{}_keeps_unreadable_error_bodies",
            self.operation.test_prefix
        );
        let call = self.finish(self.invocation(&[]));
        let setup = self.setup_for(None, quote!(vec![Reply::new(status).text(text)]), true);
        let test_attribute = async_test();
        quote! {
            /// Non-JSON, empty and truncated error bodies still give the status and the raw text.
            #test_attribute
            async fn #test() {
                for (status, text) in [(400u16, "<html>Bad Request</html>"), (404, ""), (409, "{\"error\": {\"code\": \"Confl")] {
                    #setup
                    let error = #call.expect_err("an error status");
                    let service = error.downcast_ref::<ServiceError>().expect("a ServiceError");
                    assert_eq!(service.status, StatusCode::from(status));
                    assert_eq!(service.raw_body, text);
                    assert!(error.to_string().starts_with(&status.to_string()), "{error}");
                }
            }
        }
    }
}

/// Longer strings than this are not written into a test file: a rule allowing them is
/// checked by its other rejected values.
const LONGEST_TEST_VALUE: u64 = 4096;

/// The values of a list of awkward inputs that `param`'s rules refuse (a path parameter also
/// refuses what cannot be one segment).
fn rejected_values(param: &Param) -> Vec<String> {
    let mut candidates = vec![String::new(), "..".to_string()];
    for rule in &param.rules {
        match rule {
            Rule::MaxLength(max) if *max < LONGEST_TEST_VALUE => {
                candidates.push("a".repeat(*max as usize + 1))
            }
            Rule::MinLength(min) if *min > 1 && *min <= LONGEST_TEST_VALUE => {
                candidates.push("a".repeat(*min as usize - 1))
            }
            Rule::Uuid => candidates.push("not-a-uuid".into()),
            _ => {}
        }
    }
    candidates.extend(["../x", "a/b", "a?b", "a#b"].map(String::from));
    if param.rules.is_empty() {
        // Only the always-refused values apply; the rest are encoded, not refused.
        candidates.truncate(2);
    }
    candidates
        .into_iter()
        .filter(|value| !accepts(param, value))
        .collect()
}

/// Whether the runtime lets `value` through for `param`; worked out here, independently.
fn accepts(param: &Param, value: &str) -> bool {
    let one_segment = !value.is_empty() && value != "." && value != "..";
    if param.location == ParamLocation::Path && !one_segment {
        return false;
    }
    let length = value.chars().count() as u64;
    param.rules.iter().all(|rule| match rule {
        Rule::Uuid => {
            let groups: Vec<&str> = value.split('-').collect();
            groups.len() == 5
                && groups
                    .iter()
                    .zip([8, 4, 4, 4, 12])
                    .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
        }
        Rule::MinLength(min) => length >= *min,
        Rule::MaxLength(max) => length <= *max,
        Rule::Pattern(pattern) => regex::Regex::new(pattern).is_ok_and(|r| r.is_match(value)),
    })
}

/// RFC 3986: everything but unreserved characters is percent-encoded.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The attribute of every async test. The tests run on tokio's paused clock: the waits the
/// runtime honours (Retry-After, retry back-off, polling) cost no real time, and their length
/// can be asserted.
fn async_test() -> TokenStream {
    quote!(#[tokio::test(start_paused = true)])
}
