//! IR examples → integration tests of the generated crate, one file per service.
//!
//! Each x-ms-examples file becomes tests, so adding an example file adds tests.

use crate::ir::{Example, Operation, Service};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, type_ident};

/// The body of `tests/<module>_examples.rs`, or `None` when the service has no examples.
pub fn examples_file(crate_name: &str, service: &Service) -> Option<TokenStream> {
    let operations: Vec<(&Operation, &Example)> = service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .flat_map(|o| o.examples.iter().map(move |e| (o, e)))
        .collect();
    if operations.is_empty() {
        return None;
    }
    let krate = ident(crate_name);
    let module = ident(&service.module);
    let round_trips = operations
        .iter()
        .map(|(operation, example)| round_trip(operation, example));
    let doc = super::inner_doc_attrs(&format!(
        "The `{}` example files, replayed against the generated code.",
        service.module
    ));
    Some(quote! {
        #doc

        mod support;

        #[rustfmt::skip]
        mod examples {
            use super::support;
            use #krate::#module::models;

            #(#round_trips)*
        }
    })
}

/// Every body of the example deserializes into its model and serializes back unchanged;
/// the request body also survives the request-only serialization.
fn round_trip(operation: &Operation, example: &Example) -> TokenStream {
    let test = format_ident!("{}_round_trips", example.test_name);
    let file = format!("../../specs/{}", example.file);
    let doc = format!(
        " `{}` ({}): bodies round-trip through the models.",
        example.title, example.file
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
