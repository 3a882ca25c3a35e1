//! Filling a request: query and header parameters (the method's, the client's, the options'
//! and the constants), then the body.

use crate::ir::{Client, Operation, Param, ParamLocation, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::ident;

/// The statements that fill `request` after it is built: empty when there is nothing to add.
pub(super) fn fill_request(client: &Client, operation: &Operation) -> Vec<TokenStream> {
    let mut fill = Vec::new();
    for param in client
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let name = ident(&param.name);
        let value = quote!(&self.#name);
        fill.push(set_param(
            &param.wire_name,
            &param.location,
            value.clone(),
            value,
        ));
    }
    for param in operation
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let name = ident(&param.name);
        // A string parameter is a `&str` already.
        let borrowed = match param.ty {
            Type::String => quote!(#name),
            _ => quote!(&#name.to_string()),
        };
        let owned = quote!(#name.to_string());
        fill.push(set_param(
            &param.wire_name,
            &param.location,
            owned,
            borrowed,
        ));
    }
    for constant in &operation.constants {
        let value = &constant.value;
        let value = quote!(#value);
        fill.push(set_param(
            &constant.wire_name,
            &constant.location,
            value.clone(),
            value,
        ));
    }
    for param in &operation.options {
        fill.push(optional_param(param));
    }
    if let Some(body) = &operation.body {
        let name = ident(&body.name);
        fill.push(match body.required {
            // The caller lends the body (`&T`, as azure_core clients take it): it is only read.
            true => send_body(&body.ty, quote!(#name), quote!(&#name)),
            // Unset, no body is sent, and no content type.
            false => {
                let send = send_body(&body.ty, quote!(body), quote!(&body));
                quote! {
                    if let Some(body) = options.#name {
                        #send
                    }
                }
            }
        });
    }
    fill
}

/// Sets one query or header parameter: a header to `header_value` (a header value), a query
/// parameter to `query_value` (a `&str`).
fn set_param(
    wire: &str,
    location: &ParamLocation,
    header_value: TokenStream,
    query_value: TokenStream,
) -> TokenStream {
    match location {
        ParamLocation::Header(header) => quote!(request.insert_header(#header, #header_value);),
        ParamLocation::Query => {
            quote!(request.url_mut().query_pairs_mut().append_pair(#wire, #query_value);)
        }
        ParamLocation::Path => quote!(),
    }
}

fn optional_param(param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let set = set_param(
        &param.wire_name,
        &param.location,
        quote!(value.to_string()),
        quote!(&value.to_string()),
    );
    quote! {
        if let Some(value) = &options.#name {
            #set
        }
    }
}

/// Sends the body `value` as JSON (`reference` is a reference to it). Models leave out what is
/// read-only.
fn send_body(ty: &Type, value: TokenStream, reference: TokenStream) -> TokenStream {
    let json = match ty {
        Type::Model { .. } => quote!(&#value.to_request_json()?),
        Type::Vec(inner) if matches!(**inner, Type::Model { .. }) => quote! {
            &#value
                .iter()
                .map(|item| item.to_request_json())
                .collect::<serde_json::Result<Vec<_>>>()?
        },
        Type::Map(inner) if matches!(**inner, Type::Model { .. }) => quote! {
            &#value
                .iter()
                .map(|(key, item)| Ok((key.clone(), item.to_request_json()?)))
                .collect::<serde_json::Result<serde_json::Map<_, _>>>()?
        },
        // Lowering leaves only plain serde types here.
        _ => reference,
    };
    quote! {
        request.insert_header("content-type", "application/json");
        request.set_json(#json)?;
    }
}
