//! A method that sends once and documents one status returns azure_core's `Response<T>`, as
//! typespec-rust's do; a trait per response type reads its typed headers.

use crate::ir::{Client, Operation, Service, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::client::model_type;
use super::{doc_attrs, ident, type_ident};

/// `Response<T>`: the body's type, or `Response<(), NoFormat>` when the status has no body.
pub(super) fn response_type(operation: &Operation) -> TokenStream {
    match operation.outcomes.first().and_then(|o| o.body.as_ref()) {
        Some(ty) => {
            let ty = model_type(ty);
            quote!(Response<#ty>)
        }
        None => quote!(Response<(), NoFormat>),
    }
}

/// One headers trait of the module: its name, the response type it reads, its headers and the
/// methods that return it.
struct HeadersTrait<'a> {
    name: &'a str,
    response: TokenStream,
    headers: Vec<&'a crate::ir::ResponseHeader>,
    methods: Vec<String>,
}

/// The module's headers traits, in the order their first method appears, with the headers of
/// every method that returns them (each once).
fn headers_traits(service: &Service) -> Vec<HeadersTrait<'_>> {
    let mut traits: Vec<HeadersTrait> = Vec::new();
    let operations = service
        .clients
        .iter()
        .flat_map(|c| c.operations.iter().map(move |o| (c, o)));
    for (client, operation) in operations {
        let (Some(name), Some(outcome)) = (&operation.headers_trait, operation.outcomes.first())
        else {
            continue;
        };
        let index = match traits.iter().position(|t| t.name == name) {
            Some(index) => index,
            None => {
                traits.push(HeadersTrait {
                    name,
                    response: response_type(operation),
                    headers: Vec::new(),
                    methods: Vec::new(),
                });
                traits.len() - 1
            }
        };
        let found = &mut traits[index];
        found.methods.push(method_link(client, operation));
        for header in &outcome.headers {
            if found.headers.iter().all(|h| h.name != header.name) {
                found.headers.push(header);
            }
        }
    }
    traits
}

fn method_link(client: &Client, operation: &Operation) -> String {
    format!("[`{}::{}`]", client.name, operation.method_name)
}

/// Whether any method of the module returns a `Response<T>`, and whether one of those has no
/// body (`NoFormat`).
pub(super) fn uses(service: &Service) -> (bool, bool) {
    let operations = || {
        service
            .clients
            .iter()
            .flat_map(|c| &c.operations)
            .filter(|o| o.headers_trait.is_some())
    };
    let any = operations().next().is_some();
    let no_body = operations().any(|o| o.outcomes.iter().all(|o| o.body.is_none()));
    (any, no_body)
}

/// The headers traits, each sealed (only this crate implements it, so a header the service
/// adds later is a new method, not a breaking change).
pub(super) fn headers_trait_items(service: &Service) -> TokenStream {
    let traits = headers_traits(service);
    if traits.is_empty() {
        return TokenStream::new();
    }
    let items = traits.iter().map(headers_trait);
    let sealed = traits.iter().map(|t| {
        let response = &t.response;
        quote!(impl Sealed for #response {})
    });
    quote! {
        #(#items)*

        mod private {
            use super::*;

            /// Only this crate implements the headers traits.
            pub trait Sealed {}

            #(#sealed)*
        }
    }
}

fn headers_trait(found: &HeadersTrait) -> TokenStream {
    let name = type_ident(found.name);
    let response = &found.response;
    let doc = doc_attrs(&format!(
        "The typed headers of the response of {}.\n\nAn absent header is `Ok(None)`; one that \
         does not parse as its type is an error.",
        found.methods.join(", ")
    ));
    let declarations = found.headers.iter().map(|h| {
        let method = ident(&h.name);
        let ty = model_type(&h.ty);
        let docs = doc_attrs(&format!("{}\n\nThe `{}` header.", h.doc, h.wire_name));
        quote! {
            #docs
            fn #method(&self) -> azure_core::Result<Option<#ty>>;
        }
    });
    let definitions = found.headers.iter().map(|h| {
        let method = ident(&h.name);
        let ty = model_type(&h.ty);
        let lookup = &h.lookup_name;
        // Text cannot fail to read; a number can fail to parse, and says so. The runtime reads
        // them: azure_core 1.1's lookups build an error message on every read.
        let read = match h.ty {
            Type::String => {
                quote!(Ok(runtime::header_text(self.headers(), #lookup)))
            }
            _ => quote!(runtime::header_as(self.headers(), #lookup)),
        };
        quote! {
            fn #method(&self) -> azure_core::Result<Option<#ty>> {
                #read
            }
        }
    });
    quote! {
        #doc
        pub trait #name: private::Sealed {
            #(#declarations)*
        }

        impl #name for #response {
            #(#definitions)*
        }
    }
}
