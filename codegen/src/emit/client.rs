//! IR clients → Rust clients on azure_core. Each method reads top to bottom:
//! validate → build the request → send → map the status.

use crate::ir::{
    Client, FinalStateVia, HttpMethod, LongRunning, Operation, Outcome, Param, ParamLocation,
    PathPart, Rule, Service, Type,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::client_docs::{constructor_example, method_doc};
use super::client_paging::{page_impls, pager_method};
use super::models::qualified_type;
use super::{doc_attrs, ident, type_ident};

/// The body of `client.rs` for one service.
pub fn client_file(crate_name: &str, service: &Service) -> TokenStream {
    let clients = service
        .clients
        .iter()
        .map(|c| client(crate_name, service, c));
    let any_long_running = service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .any(|o| o.long_running.is_some());
    let any_direct = service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .any(is_direct);
    let any_paged = service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .any(|o| o.paging.is_some());
    let any_unpaged = service
        .clients
        .iter()
        .flat_map(|c| &c.operations)
        .any(|o| o.paging.is_none());
    let pager = any_paged.then(|| {
        quote!(
            use azure_core::http::Pager;
            use azure_core::http::pager::PagerOptions;
        )
    });
    let method_options = any_unpaged.then(|| quote!(ClientMethodOptions,));
    let poller = any_long_running.then(|| {
        quote!(
            use azure_core::http::Poller;
        )
    });
    let status_code = any_direct.then(|| {
        quote!(
            use azure_core::http::StatusCode;
        )
    });
    let operations = || service.clients.iter().flat_map(|c| &c.operations);
    let uses_models = operations()
        .any(|o| o.body.is_some() || o.outcomes.iter().any(|outcome| outcome.model.is_some()));
    let models = uses_models.then(|| quote!(models,));
    let uses_rules = service
        .clients
        .iter()
        .flat_map(|c| &c.params)
        .chain(operations().flat_map(|o| o.params.iter().chain(&o.options)))
        .any(|p| !p.rules.is_empty());
    let rule = uses_rules.then(|| quote!(, Rule));
    let page_impls = page_impls(service);
    quote! {
        use super::{#models ServiceError};
        use crate::runtime::{self, ArmClientOptions #rule};
        use azure_core::credentials::TokenCredential;
        use azure_core::http::{#method_options Method};
        #poller
        #pager
        #status_code
        use std::sync::Arc;

        #(#clients)*
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
        .filter(|o| is_direct(o))
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
    let name = ident(&operation.method_name);
    let options_name = type_ident(&operation.options_name);
    let params = operation.params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = param_type(&p.ty);
        quote!(#name: #ty)
    });
    let body_param = operation.body.as_ref().map(|b| {
        let name = ident(&b.name);
        let model = type_ident(&b.model);
        quote!(#name: models::#model,)
    });
    let checks: Vec<TokenStream> = operation
        .params
        .iter()
        .filter_map(validation)
        .chain(operation.options.iter().filter_map(optional_validation))
        .collect();
    let request = build_request(operation);
    let docs = doc_attrs(&method_doc(crate_name, service, client, operation));
    if let Some(paging) = &operation.paging {
        let signature = quote! {
            #docs
            pub fn #name(
                &self,
                #(#params,)*
                #body_param
                options: Option<#options_name<'_>>,
            )
        };
        return pager_method(signature, &checks, request, operation, paging);
    }
    match &operation.long_running {
        None => {
            let outcome_name = type_ident(&operation.outcome_name);
            let arms = operation
                .outcomes
                .iter()
                .map(|o| outcome_arm(&outcome_name, o));
            quote! {
                #docs
                pub async fn #name(
                    &self,
                    #(#params,)*
                    #body_param
                    options: Option<#options_name<'_>>,
                ) -> azure_core::Result<#outcome_name> {
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
        Some(lro) => {
            let signature = quote! {
                #docs
                pub fn #name(
                    &self,
                    #(#params,)*
                    #body_param
                    options: Option<#options_name<'_>>,
                )
            };
            poller_method(signature, &checks, request, operation, lro)
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
    };
    let has_result = lro.result_model.is_some();
    let statuses = operation
        .outcomes
        .iter()
        .map(|o| Literal::u16_unsuffixed(o.status));
    quote! {
        #signature -> azure_core::Result<Poller<runtime::OperationStatus<#result>>> {
            let options = options.unwrap_or_default();
            #(#checks)*
            #request
            let rules = runtime::LongRunningRules {
                final_state_via: runtime::FinalStateVia::#final_state,
                initial_statuses: &[#(#statuses),*],
                has_result: #has_result,
            };
            let context = options.method_options.context.into_owned();
            let operation: runtime::LongRunning<ServiceError> =
                runtime::LongRunning::new(self.core.clone(), request, rules, context);
            Ok(operation.into_poller())
        }
    }
}

/// Path with encoded segments, api-version, headers, query and body.
fn build_request(operation: &Operation) -> TokenStream {
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
    let required = operation
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let name = ident(&p.name);
            set_param(p, quote!(#name.to_string()))
        });
    let optional = operation.options.iter().map(|p| {
        let name = ident(&p.name);
        let set = set_param(p, quote!(value.to_string()));
        quote! {
            if let Some(value) = &options.#name {
                #set
            }
        }
    });
    let body = operation.body.as_ref().map(|b| {
        let name = ident(&b.name);
        quote! {
            request.insert_header("content-type", "application/json");
            request.set_json(&#name.to_request_json()?)?;
        }
    });
    // A long-running call hands the request over as it is; it needs `mut` only to be filled.
    let filled = body.is_some()
        || !operation.options.is_empty()
        || operation
            .params
            .iter()
            .any(|p| p.location != ParamLocation::Path);
    let binding = if is_direct(operation) || filled {
        quote!(let mut request)
    } else {
        quote!(let request)
    };
    quote! {
        #(#encodings)*
        let path = format!(#template);
        #binding = self.core.request(Method::#method, &path)?;
        #(#required)*
        #(#optional)*
        #body
    }
}

fn set_param(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    match &param.location {
        ParamLocation::Header(header) => quote!(request.insert_header(#header, #value);),
        ParamLocation::Query => {
            quote!(request.url_mut().query_pairs_mut().append_pair(#wire, &#value);)
        }
        ParamLocation::Path => quote!(),
    }
}

fn param_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(&str),
        other => model_type(other),
    }
}

fn outcome_arm(outcome_name: &proc_macro2::Ident, outcome: &Outcome) -> TokenStream {
    let status = Literal::u16_unsuffixed(outcome.status);
    let variant = type_ident(&outcome.variant);
    let body = outcome
        .model
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
    let method_options = match operation.paging {
        Some(_) => quote! {
            /// The azure_core context of this call, and where to resume paging: the
            /// continuation of an earlier pager of this method.
            pub method_options: PagerOptions<'a>,
        },
        None => quote! {
            /// The azure_core context of this call.
            pub method_options: ClientMethodOptions<'a>,
        },
    };
    quote! {
        #doc
        #[derive(Clone, Debug, Default)]
        pub struct #name<'a> {
            #method_options
            #(#fields)*
        }
    }
}

fn outcome_enum(client: &Client, operation: &Operation) -> TokenStream {
    let name = type_ident(&operation.outcome_name);
    let doc = doc_attrs(&format!(
        "The documented outcomes of [`{}::{}`], one variant per success status.",
        client.name, operation.method_name
    ));
    let variants = operation.outcomes.iter().map(|o| {
        let variant = type_ident(&o.variant);
        let docs = doc_attrs(&o.doc);
        let body = o.model.as_ref().map(|model| {
            let model = type_ident(model);
            quote! {
                /// The response body.
                body: models::#model,
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
    });
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
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
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

/// `into_body()`, when every outcome carries the same model.
fn into_body(operation: &Operation) -> Option<TokenStream> {
    let model = type_ident(same_model(operation)?);
    let arms = operation.outcomes.iter().map(|o| {
        let variant = type_ident(&o.variant);
        quote!(Self::#variant { body, .. })
    });
    Some(quote! {
        /// The response body, whichever status carried it.
        pub fn into_body(self) -> models::#model {
            match self {
                #(#arms)|* => body,
            }
        }
    })
}

/// The model every outcome carries, when they all carry the same one.
fn same_model(operation: &Operation) -> Option<&String> {
    let first = operation.outcomes.first()?.model.as_ref()?;
    operation
        .outcomes
        .iter()
        .all(|o| o.model.as_ref() == Some(first))
        .then_some(first)
}

/// A type as written outside `models.rs`.
pub(super) fn model_type(ty: &Type) -> TokenStream {
    qualified_type(ty, &quote!(models::))
}

/// An operation whose method sends once and maps the status to its outcome enum: not
/// long-running, not paged.
fn is_direct(operation: &Operation) -> bool {
    operation.long_running.is_none() && operation.paging.is_none()
}
