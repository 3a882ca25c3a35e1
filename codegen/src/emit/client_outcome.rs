//! The outcome enum of an operation that sends once: one variant per documented status,
//! with its body and typed headers, and the match arm that builds each variant.

use crate::ir::{Client, Operation, Outcome, Type};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::client::model_type;
use super::{doc_attrs, ident, type_ident};

/// The match arms from the status of a response to the outcome, `Ok(true/false)` for an exists
/// check.
pub(super) fn outcome_arms(operation: &Operation) -> Vec<TokenStream> {
    let outcome_name = type_ident(&operation.outcome_name);
    operation
        .outcomes
        .iter()
        .map(|o| match operation.exists_check {
            true => {
                let status = Literal::u16_unsuffixed(o.status);
                let exists = (200..=299).contains(&o.status);
                quote!(#status => Ok(#exists),)
            }
            false => outcome_arm(&outcome_name, o),
        })
        .collect()
}

/// What the method returns: the outcome enum, or `bool` for an exists check.
pub(super) fn outcome_type(operation: &Operation) -> TokenStream {
    match operation.exists_check {
        true => quote!(bool),
        false => {
            let name = type_ident(&operation.outcome_name);
            quote!(#name)
        }
    }
}

fn outcome_arm(outcome_name: &Ident, outcome: &Outcome) -> TokenStream {
    let status = Literal::u16_unsuffixed(outcome.status);
    let variant = type_ident(&outcome.variant);
    let body = outcome
        .body
        .as_ref()
        .map(|_| quote!(body: runtime::json_body(&response)?,));
    let headers = outcome.headers.iter().map(|h| {
        let name = ident(&h.name);
        let lookup = &h.lookup_name;
        quote!(#name: runtime::header(&response, #lookup),)
    });
    quote! {
        #status => Ok(#outcome_name::#variant {
            #body
            #(#headers)*
        }),
    }
}

pub(super) fn outcome_enum(client: &Client, operation: &Operation) -> TokenStream {
    let name = type_ident(&operation.outcome_name);
    let statuses = match operation
        .outcomes
        .iter()
        .all(|o| (200..=299).contains(&o.status))
    {
        true => "success status",
        false => "documented status",
    };
    let doc = doc_attrs(&format!(
        "The documented outcomes of [`{}::{}`], one variant per {statuses}.",
        client.name, operation.method_name
    ));
    let variants = operation.outcomes.iter().map(variant);
    let status_arms = operation.outcomes.iter().map(|o| {
        let variant = type_ident(&o.variant);
        let status = Literal::u16_unsuffixed(o.status);
        quote!(Self::#variant { .. } => StatusCode::from(#status))
    });
    let request_id_arms = operation.outcomes.iter().map(|o| {
        let variant = type_ident(&o.variant);
        quote!(Self::#variant { request_id, .. })
    });
    let into_body = into_body(operation);
    // A body next to a body-less status (200 with the resource, 204 without) makes variants of
    // very different sizes. Boxing the body would make every caller match on a `Box`; the
    // outcome is moved once per call, so the size costs a copy, not memory held for long.
    let any_body = operation.outcomes.iter().any(|o| o.body.is_some());
    let size_allow = (any_body && same_body(operation).is_none())
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #size_allow
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The HTTP status of the response.
            pub fn status(&self) -> StatusCode {
                match self {
                    #(#status_arms,)*
                }
            }

            /// The `x-ms-request-id` header: quote it when asking Azure support.
            pub fn request_id(&self) -> Option<&str> {
                match self {
                    #(#request_id_arms)|* => request_id.as_deref(),
                }
            }

            #into_body
        }
    }
}

/// One variant of the outcome enum: the body, if any, and the typed headers.
fn variant(o: &Outcome) -> TokenStream {
    let variant = type_ident(&o.variant);
    let docs = doc_attrs(&o.doc);
    let body = o.body.as_ref().map(|ty| {
        let ty = model_type(ty);
        quote! {
            /// The response body.
            body: #ty,
        }
    });
    let headers = o.headers.iter().map(|h| {
        let name = ident(&h.name);
        let ty = model_type(&h.ty);
        let docs = doc_attrs(&format!("{}\n\nThe `{}` header.", h.doc, h.wire_name));
        quote!(#docs #name: Option<#ty>,)
    });
    // Non-exhaustive, so that a header the service adds later is not a breaking change.
    quote! {
        #docs
        #[non_exhaustive]
        #variant {
            #body
            #(#headers)*
        },
    }
}

/// `into_body()`, when every outcome carries the same body type.
fn into_body(operation: &Operation) -> Option<TokenStream> {
    let ty = model_type(same_body(operation)?);
    let arms = operation.outcomes.iter().map(|o| {
        let variant = type_ident(&o.variant);
        quote!(Self::#variant { body, .. })
    });
    Some(quote! {
        /// The response body, whichever status carried it.
        pub fn into_body(self) -> #ty {
            match self {
                #(#arms)|* => body,
            }
        }
    })
}

/// The body type every outcome carries, when they all carry the same one.
fn same_body(operation: &Operation) -> Option<&Type> {
    let first = operation.outcomes.first()?.body.as_ref()?;
    operation
        .outcomes
        .iter()
        .all(|o| o.body.as_ref() == Some(first))
        .then_some(first)
}
