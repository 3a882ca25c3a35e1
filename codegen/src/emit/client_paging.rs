//! Pageable operations (x-ms-pageable): a method returning azure_core's `Pager`, and the
//! `Page` impl of each page model.

use crate::ir::{Operation, Paging, Service};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

use super::client::model_type;
use super::type_ident;

/// `impl Page` for every page model of the service, once each.
pub(super) fn page_impls(service: &Service) -> Vec<TokenStream> {
    let mut seen = BTreeSet::new();
    service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .filter_map(|o| o.paging.as_ref())
        .filter(|paging| seen.insert(paging.page_model.clone()))
        .map(page_impl)
        .collect()
}

fn page_impl(paging: &Paging) -> TokenStream {
    let page = type_ident(&paging.page_model);
    let item = model_type(&paging.item_type);
    let field = super::ident(&paging.item_field);
    let doc = format!(
        " A page's items are its `{}`; a page without them has none.",
        paging.item_field
    );
    quote! {
        #[doc = #doc]
        #[async_trait::async_trait]
        impl azure_core::http::pager::Page for models::#page {
            type Item = #item;
            type IntoIter = std::vec::IntoIter<#item>;

            async fn into_items(self) -> azure_core::Result<Self::IntoIter> {
                Ok(self.#field.unwrap_or_default().into_iter())
            }
        }
    }
}

/// A pageable method: checks, builds the first request, and hands it to a pager. Nothing is
/// sent until the pager is read.
pub(super) fn pager_method(
    signature: TokenStream,
    checks: &[TokenStream],
    request: TokenStream,
    operation: &Operation,
    paging: &Paging,
) -> TokenStream {
    let page = type_ident(&paging.page_model);
    let next_link_name = match &paging.next_link_name {
        Some(name) => quote!(Some(#name)),
        None => quote!(None),
    };
    let api_version = match &operation.api_version {
        Some(version) => quote!(Some(#version)),
        None => quote!(None),
    };
    let statuses = operation
        .outcomes
        .iter()
        .map(|o| Literal::u16_unsuffixed(o.status));
    quote! {
        #signature -> azure_core::Result<Pager<models::#page>> {
            let options = options.unwrap_or_default();
            #(#checks)*
            #request
            let rules = runtime::PagingRules {
                next_link_name: #next_link_name,
                statuses: &[#(#statuses),*],
                api_version: #api_version,
            };
            let (core, caller) = (self.core.clone(), options.method_options);
            Ok(runtime::pager::<_, ServiceError>(core, request, rules, caller))
        }
    }
}
