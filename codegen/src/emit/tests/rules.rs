//! The tests of an operation's rules: invalid parameters are refused, path parameters are
//! one segment, error statuses become `ServiceError`s.

use super::call::Call;
use super::{AWKWARD_VALUE, async_test, type_ident};
use crate::emit::ident;
use crate::ir::{HttpMethod, Param, ParamLocation, Rule, Service, Type};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::HashMap;

impl Call<'_> {
    /// The tests of the operation's parameter rules and error statuses.
    pub(super) fn rule_tests(&self, service: &Service) -> Vec<TokenStream> {
        let mut tests = Vec::new();
        let params = self
            .client
            .params
            .iter()
            .chain(&self.operation.params)
            .chain(
                self.operation
                    .options
                    .iter()
                    .filter(|p| p.ty == Type::String),
            );
        for param in params {
            // Lowering names the tests of every parameter.
            let Some(names) = self.operation.tests.of(param) else {
                continue;
            };
            if let Some(test) = &names.rejects_invalid {
                let rejected = rejected_values(param);
                if !rejected.is_empty() {
                    tests.push(self.rejects(param, test, &rejected));
                }
            }
            if let Some(test) = &names.one_segment
                && accepts(param, AWKWARD_VALUE)
            {
                tests.push(self.encodes(param, test));
            }
        }
        tests.push(self.maps_error_statuses(service));
        if let Some(test) = &self.operation.tests.unreadable_error_bodies {
            tests.push(self.keeps_unreadable_error_bodies(test));
        }
        tests
    }

    fn rejects(&self, param: &Param, test: &str, values: &[String]) -> TokenStream {
        let test = ident(test);
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

    fn encodes(&self, param: &Param, test: &str) -> TokenStream {
        let test = ident(test);
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
            .and_then(|o| o.body.as_ref())
        {
            Some(body) => {
                let json = smallest_json(body);
                quote!(Reply::new(#status).json(&serde_json::json!(#json)))
            }
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
        let test = ident(&self.operation.tests.error_statuses);
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
        // A HEAD response has no body: its error is the status and the headers.
        let error_fields: &[(&str, &str)] = match self.operation.http_method {
            HttpMethod::Head => &[],
            _ => &[
                ("code", "Conflicting"),
                ("message", "The request conflicts."),
                ("target", "properties"),
            ],
        };
        for &(json, value) in error_fields {
            if let Some((name, _)) = field(json).filter(|(_, ty)| **ty == Type::String) {
                detail.insert(
                    json.to_string(),
                    serde_json::Value::String(value.to_string()),
                );
                let name = ident(name);
                checks.push(quote!(assert_eq!(service.#name.as_deref(), Some(#value));));
            }
        }
        let details = field("details").filter(|(_, ty)| matches!(ty, Type::Vec(_)));
        if let Some((name, _)) = details.filter(|_| !error_fields.is_empty()) {
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
        let error_statuses = self.not_outcomes(&[400, 404, 409, 500]);
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
                for status in [#(#error_statuses),*] {
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

    fn keeps_unreadable_error_bodies(&self, test: &str) -> TokenStream {
        let test = ident(test);
        let call = self.finish(self.invocation(&[]));
        let setup = self.setup_for(None, quote!(vec![Reply::new(status).text(text)]), true);
        let cases = [
            (400, "<html>Bad Request</html>"),
            (404, ""),
            (409, "{\"error\": {\"code\": \"Confl"),
        ];
        let cases = cases
            .iter()
            .filter(|(status, _)| self.operation.outcomes.iter().all(|o| o.status != *status))
            .enumerate()
            .map(|(index, (status, text))| {
                let status = typed_first(index, *status);
                quote!((#status, #text))
            });
        let test_attribute = async_test();
        quote! {
            /// Non-JSON, empty and truncated error bodies still give the status and the raw text
            /// (the module's `ServiceError` reads them, whichever operation was called).
            #test_attribute
            async fn #test() {
                for (status, text) in [#(#cases),*] {
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

impl Call<'_> {
    /// The statuses of `statuses` that the operation does not document as outcomes.
    fn not_outcomes(&self, statuses: &[u16]) -> Vec<Literal> {
        statuses
            .iter()
            .filter(|status| self.operation.outcomes.iter().all(|o| o.status != **status))
            .enumerate()
            .map(|(index, status)| typed_first(index, *status))
            .collect()
    }
}

/// A status in a list: the first one typed `u16`, which types the others.
fn typed_first(index: usize, status: u16) -> Literal {
    match index {
        0 => Literal::u16_suffixed(status),
        _ => Literal::u16_unsuffixed(status),
    }
}

/// The smallest JSON value of `ty`, as an answer that only needs to parse.
fn smallest_json(ty: &Type) -> TokenStream {
    match ty {
        Type::Vec(_) => quote!([]),
        Type::String | Type::Enum(_) | Type::DateTime | Type::Bytes | Type::Base64Url => {
            quote!("")
        }
        Type::DateTimeRfc7231 => quote!("Sun, 06 Nov 1994 08:49:37 GMT"),
        Type::I32 | Type::I64 | Type::F64 | Type::UnixTime => quote!(0),
        Type::Bool => quote!(false),
        Type::Json => quote!(null),
        Type::Map(_) | Type::Model { .. } => quote!({}),
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
        Rule::Pattern(pattern) => matches(pattern, value),
    })
}

/// Whether `value` matches `pattern`. Each thread compiles a pattern once: the same parameters
/// recur across a provider's operations, and compiling was a twentieth of `generate`'s time.
fn matches(pattern: &str, value: &str) -> bool {
    thread_local! {
        static COMPILED: RefCell<HashMap<String, Option<regex::Regex>>> = RefCell::default();
    }
    COMPILED.with_borrow_mut(|compiled| {
        compiled
            .entry(pattern.to_string())
            .or_insert_with(|| regex::Regex::new(pattern).ok())
            .as_ref()
            .is_some_and(|regex| regex.is_match(value))
    })
}
