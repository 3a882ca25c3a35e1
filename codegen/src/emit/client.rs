//! IR clients → Rust clients on azure_core. Each method reads top to bottom:
//! validate → build the request → send → map the status.

use crate::ir::{
    Client, FinalStateVia, HttpMethod, LongRunning, Operation, Param, ParamLocation, PathPart,
    Returns, Rule, Service, Type,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::client_docs::{constructor_example, method_doc};
use super::client_outcome::{outcome_arms, outcome_enum, outcome_type};
use super::client_paging::{page_impls, pager_method};
use super::client_request::fill_request;
use super::client_response::{headers_trait_items, response_type};
use super::models::qualified_type;
use super::{doc_attrs, ident, type_ident};

/// clippy's default `too-many-arguments-threshold`, `&self` included.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The body of `client.rs` for one service.
pub fn client_file(crate_name: &str, service: &Service) -> TokenStream {
    let clients = service
        .clients
        .iter()
        .map(|c| client(crate_name, service, c));
    let operations = || service.clients.iter().flat_map(|c| &c.operations);
    let any_outcome_enum = operations().any(|o| o.returns() == Returns::Outcome);
    let any_paged = operations().any(|o| o.paging.is_some());
    let pager = any_paged.then(|| {
        quote!(
            use azure_core::http::Pager;
            use azure_core::http::pager::PagerOptions;
        )
    });
    let any_plain = operations().any(Operation::sends_once);
    let client_method_options = any_plain.then(|| {
        quote!(
            use azure_core::http::ClientMethodOptions;
        )
    });
    let status_code = any_outcome_enum.then(|| {
        quote!(
            use azure_core::http::StatusCode;
        )
    });
    let uses_models = operations().any(|o| {
        let body = o.body.iter().map(|b| &b.ty);
        body.chain(
            o.outcomes
                .iter()
                .filter_map(|outcome| outcome.body.as_ref()),
        )
        .any(mentions_models)
    });
    let models = uses_models.then(|| quote!(models,));
    let uses_rules = service
        .clients
        .iter()
        .flat_map(|c| &c.params)
        .chain(operations().flat_map(|o| o.params.iter().chain(&o.options)))
        .any(|p| !p.rules.is_empty());
    let rule = uses_rules.then(|| quote!(, Rule));
    let page_impls = page_impls(service);
    let (any_response, any_no_body) = super::client_response::uses(service);
    let response = any_response.then(|| {
        quote!(
            use azure_core::http::Response;
        )
    });
    let no_format = any_no_body.then(|| {
        quote!(
            use azure_core::http::NoFormat;
        )
    });
    let headers_traits = headers_trait_items(service);
    quote! {
        use super::{#models ServiceError};
        use crate::runtime::{self, ArmClientOptions #rule};
        use azure_core::credentials::TokenCredential;
        #client_method_options
        use azure_core::http::Method;
        #no_format
        #pager
        #response
        #status_code
        use std::sync::Arc;

        #(#clients)*
        #headers_traits
        #(#page_impls)*
    }
}

fn client(crate_name: &str, service: &Service, client: &Client) -> TokenStream {
    let name = type_ident(&client.name);
    let docs = doc_attrs(&client.doc);
    let fields = client.params.iter().map(|p| {
        let field = ident(&p.name);
        quote!(#field: String)
    });
    let new = constructor(crate_name, service, client);
    let methods = client
        .operations
        .iter()
        .map(|o| method(crate_name, service, client, o));
    let options = client.operations.iter().map(|o| options_struct(client, o));
    let outcomes = client
        .operations
        .iter()
        .filter(|o| o.returns() == Returns::Outcome)
        .map(|o| outcome_enum(client, o));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        pub struct #name {
            core: runtime::ClientCore,
            #(#fields,)*
        }

        impl #name {
            #new
            #(#methods)*
        }

        #(#options)*
        #(#outcomes)*
    }
}

fn constructor(crate_name: &str, service: &Service, client: &Client) -> TokenStream {
    let params = client.params.iter().map(|p| {
        let name = ident(&p.name);
        quote!(#name: &str)
    });
    let checks = client.params.iter().filter_map(validation);
    let inits = client.params.iter().map(|p| {
        let name = ident(&p.name);
        quote!(#name: #name.to_string())
    });
    let mut doc = String::from(
        "Creates a client that authenticates with `credential`.\n\n\
         `options` selects the cloud, endpoint, api-version and azure_core pipeline options.\n",
    );
    for param in &client.params {
        doc.push_str(&format!("\n* `{}`: {}", param.name, param.doc));
    }
    doc.push_str("\n\nFails if a parameter is invalid or the options name an unsupported cloud.");
    doc.push_str("\n\n# Example\n\n");
    doc.push_str(&constructor_example(crate_name, service, client));
    let docs = doc_attrs(&doc);
    quote! {
        #docs
        pub fn new(
            #(#params,)*
            credential: Arc<dyn TokenCredential>,
            options: Option<ArmClientOptions>,
        ) -> azure_core::Result<Self> {
            #(#checks)*
            Ok(Self {
                core: runtime::ClientCore::new(credential, options, super::API_VERSION)?,
                #(#inits,)*
            })
        }
    }
}

/// `runtime::check_path_segment(...)?;`, with the pattern as a local static.
/// The check of one parameter before anything is sent: a path parameter must be one segment
/// and keep its rules; a query or header parameter, its rules. `None` when there is nothing to
/// check.
fn validation(param: &Param) -> Option<TokenStream> {
    let name = ident(&param.name);
    let check = match param.location {
        ParamLocation::Path => quote!(check_path_segment),
        _ if param.rules.is_empty() => return None,
        _ => quote!(check_value),
    };
    Some(rule_check(param, check, quote!(#name)))
}

/// The check of an optional parameter, when it is set.
fn optional_validation(param: &Param) -> Option<TokenStream> {
    if param.rules.is_empty() {
        return None;
    }
    let name = ident(&param.name);
    let check = rule_check(param, quote!(check_value), quote!(value));
    Some(quote! {
        if let Some(value) = &options.#name {
            #check
        }
    })
}

/// `runtime::<check>(...)?;` of `value` against the rules of `param`.
fn rule_check(param: &Param, check: TokenStream, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let pattern = param.rules.iter().find_map(|rule| match rule {
        Rule::Pattern(pattern) => Some(pattern),
        _ => None,
    });
    let pattern_static = pattern
        .map(|pattern| quote!(static PATTERN: runtime::Pattern = runtime::Pattern::new(#pattern);));
    let rules = param.rules.iter().map(|rule| match rule {
        Rule::Uuid => quote!(Rule::Uuid),
        Rule::MinLength(min) => {
            let min = Literal::u64_unsuffixed(*min);
            quote!(Rule::MinLength(#min))
        }
        Rule::MaxLength(max) => {
            let max = Literal::u64_unsuffixed(*max);
            quote!(Rule::MaxLength(#max))
        }
        Rule::Pattern(_) => quote!(Rule::Pattern(&PATTERN)),
    });
    let check = quote!(runtime::#check(#wire, #value, &[#(#rules),*])?;);
    match pattern_static {
        Some(pattern_static) => quote!({ #pattern_static #check }),
        None => check,
    }
}

fn method(
    crate_name: &str,
    service: &Service,
    client: &Client,
    operation: &Operation,
) -> TokenStream {
    let checks: Vec<TokenStream> = operation
        .params
        .iter()
        .filter_map(validation)
        .chain(operation.options.iter().filter_map(optional_validation))
        .collect();
    let request = build_request(client, operation);
    let docs = doc_attrs(&method_doc(crate_name, service, client, operation));
    if let Some(paging) = &operation.paging {
        let signature = signature(operation, docs, false);
        return pager_method(signature, &checks, request, operation, paging);
    }
    match &operation.long_running {
        None => single_call_method(
            signature(operation, docs, true),
            &checks,
            request,
            operation,
        ),
        Some(lro) => poller_method(
            signature(operation, docs, false),
            &checks,
            request,
            operation,
            lro,
        ),
    }
}

/// `pub [async] fn name(&self, <required parameters>, <body>, options)`, with its docs.
fn signature(operation: &Operation, mut docs: TokenStream, is_async: bool) -> TokenStream {
    let name = ident(&operation.method_name);
    let options_name = type_ident(&operation.options_name);
    let params = operation.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = param_type(&p.ty);
        quote!(#name: #ty)
    });
    let body_param = operation.body.as_ref().filter(|b| b.required).map(|b| {
        let name = ident(&b.name);
        let ty = lent_type(&b.ty);
        quote!(#name: &#ty,)
    });
    // Optional parameters go into the options struct; only required ones can make the
    // list this long, and a struct for them would be the spec's path in another shape.
    let arguments = 2 + operation.params.len() + usize::from(body_param.is_some());
    if arguments > CLIPPY_MAX_ARGUMENTS {
        docs.extend(quote!(#[allow(clippy::too_many_arguments)]));
    }
    let asyncness = is_async.then(|| quote!(async));
    quote! {
        #docs
        pub #asyncness fn #name(
            &self,
            #(#params,)*
            #body_param
            options: Option<#options_name<'_>>,
        )
    }
}

/// A method with one request and one answer: checks, sends, and maps the status.
fn single_call_method(
    signature: TokenStream,
    checks: &[TokenStream],
    request: TokenStream,
    operation: &Operation,
) -> TokenStream {
    let (outcome_name, arms) = match &operation.headers_trait {
        Some(_) => {
            let status = Literal::u16_unsuffixed(operation.outcomes[0].status);
            // The body is read when the caller asks (`into_model`): the raw response
            // stays available whatever it holds.
            (
                response_type(operation),
                vec![quote!(#status => Ok(response.into()),)],
            )
        }
        None => (outcome_type(operation), outcome_arms(operation)),
    };
    quote! {
        #signature -> azure_core::Result<#outcome_name> {
            let options = options.unwrap_or_default();
            #(#checks)*
            #request
            let response = self.core.send(&options.method_options.context, &mut request).await?;
            match u16::from(response.status()) {
                #(#arms)*
                _ => Err(runtime::http_error::<ServiceError>(response)),
            }
        }
    }
}

/// A long-running method: checks, builds the request, and hands it to a poller.
fn poller_method(
    signature: TokenStream,
    checks: &[TokenStream],
    request: TokenStream,
    operation: &Operation,
    lro: &LongRunning,
) -> TokenStream {
    let result = match &lro.result_model {
        Some(model) => {
            let model = type_ident(model);
            quote!(models::#model)
        }
        None => quote!(()),
    };
    let final_state = match lro.final_state_via {
        FinalStateVia::AzureAsyncOperation => quote!(AzureAsyncOperation),
        FinalStateVia::Location => quote!(Location),
        FinalStateVia::OriginalUri => quote!(OriginalUri),
        FinalStateVia::OperationLocation => quote!(OperationLocation),
    };
    let has_result = lro.result_model.is_some();
    let statuses = operation
        .outcomes
        .iter()
        .map(|o| Literal::u16_unsuffixed(o.status));
    quote! {
        #signature -> azure_core::Result<runtime::Poller<#result>> {
            let options = options.unwrap_or_default();
            #(#checks)*
            #request
            let rules = runtime::LongRunningRules {
                final_state_via: runtime::FinalStateVia::#final_state,
                initial_statuses: &[#(#statuses),*],
                has_result: #has_result,
            };
            let poller_options = options.method_options.into_owned();
            let operation: runtime::LongRunning<ServiceError> =
                runtime::LongRunning::new(self.core.clone(), request, rules, poller_options);
            operation.into_poller()
        }
    }
}

/// Path with encoded segments, api-version, headers, query and body.
fn build_request(client: &Client, operation: &Operation) -> TokenStream {
    // Each path parameter is encoded into its segment local, which the path's format string
    // then names inline: the template reads like the spec's path.
    let mut template = String::new();
    let mut encodings = Vec::new();
    for part in &operation.path {
        let (segment, source) = match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
                continue;
            }
            PathPart::Param { name, segment } => (segment, {
                let name = ident(name);
                quote!(#name)
            }),
            PathPart::ClientParam { name, segment } => (segment, {
                let name = ident(name);
                quote!(&self.#name)
            }),
        };
        template.push_str(&format!("{{{segment}}}"));
        let local = ident(segment);
        encodings.push(quote!(let #local = runtime::segment(#source);));
    }
    let method = match operation.http_method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Patch => quote!(Patch),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Head => quote!(Head),
    };
    let fill = fill_request(client, operation);
    // A long-running or paged call hands the request over as it is; it needs `mut` only to be
    // filled.
    let binding = if operation.sends_once() || !fill.is_empty() {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    // A path without parameters is a literal (`format!` of it would be clippy's useless_format).
    let (path, path_arg) = if encodings.is_empty() {
        let literal = operation
            .path
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.as_str(),
                _ => "",
            })
            .collect::<String>();
        (quote!(let path = #literal;), quote!(path))
    } else {
        (quote!(let path = format!(#template);), quote!(&path))
    };
    let new_request = match &operation.api_version {
        Some(version) => {
            quote!(self.core.request_at_version(Method::#method, #path_arg, #version)?)
        }
        None => quote!(self.core.request(Method::#method, #path_arg)?),
    };
    quote! {
        #(#encodings)*
        #path
        #binding = #new_request;
        #(#fill)*
    }
}

fn param_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(&str),
        other => model_type(other),
    }
}

/// Whether values of `ty` are (or hold) models, so that the file must `use` them.
fn mentions_models(ty: &Type) -> bool {
    !ty.model_names().is_empty()
        || matches!(ty, Type::Enum(_))
        || matches!(ty, Type::Vec(inner) | Type::Map(inner) if mentions_models(inner))
}

fn options_struct(client: &Client, operation: &Operation) -> TokenStream {
    let name = type_ident(&operation.options_name);
    let doc = doc_attrs(&format!(
        "Optional parameters of [`{}::{}`].",
        client.name, operation.method_name
    ));
    let fields = operation.options.iter().map(|p| {
        let field = ident(&p.name);
        let ty = model_type(&p.ty);
        let docs = doc_attrs(&format!("{}\n\nSent as `{}`.", p.doc, p.wire_name));
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    // A long-running call's options say how often to poll, a paged call's where to resume, as
    // typespec-rust's do.
    let method_options = match (&operation.long_running, &operation.paging) {
        (Some(_), _) => quote! {
            /// The azure_core context of this call, and how long to wait between polls when
            /// the service sends no `Retry-After` (30 seconds unless set; at least 1 second,
            /// or the call fails before sending anything).
            pub method_options: azure_core::http::poller::PollerOptions<'a>,
        },
        (None, Some(_)) => quote! {
            /// The azure_core context of this call, and where to resume paging: the
            /// continuation of an earlier pager of this method.
            pub method_options: PagerOptions<'a>,
        },
        (None, None) => quote! {
            /// The azure_core context of this call.
            pub method_options: ClientMethodOptions<'a>,
        },
    };
    let body = operation.body.as_ref().filter(|b| !b.required).map(|b| {
        let field = ident(&b.name);
        let ty = lent_type(&b.ty);
        let ty = quote!(&'a #ty);
        let docs = doc_attrs(&format!(
            "{}\n\nThe request body, sent only when set.",
            b.doc
        ));
        quote! {
            #docs
            pub #field: Option<#ty>,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, Default)]
        pub struct #name<'a> {
            #method_options
            #(#fields)*
            #body
        }
    }
}

/// What a lent request body refers to: a slice for an array (`&[models::Item]`, which a `&Vec`
/// coerces to), else the type itself.
fn lent_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Vec(inner) => {
            let inner = model_type(inner);
            quote!([#inner])
        }
        other => model_type(other),
    }
}

/// A type as written outside `models.rs`.
pub(super) fn model_type(ty: &Type) -> TokenStream {
    qualified_type(ty, &quote!(models::))
}
