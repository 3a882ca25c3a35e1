//! IR clients → Rust clients on azure_core. Each method reads top to bottom:
//! validate → build the request → send → map the status.

use crate::ir::{
    Client, Example, FinalStateVia, HttpMethod, Operation, Outcome, Param, ParamLocation, PathPart,
    Rule, Service, Type,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

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
        .any(|o| o.long_running.is_none());
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
    quote! {
        use super::{#models ServiceError};
        use crate::runtime::{self, ArmClientOptions #rule};
        use azure_core::credentials::TokenCredential;
        use azure_core::http::{ClientMethodOptions, Method};
        #poller
        #status_code
        use std::sync::Arc;

        #(#clients)*
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
        .filter(|o| o.long_running.is_none())
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

/// The example's value of parameter `wire` as a Rust literal, or `"..."`.
fn example_argument(example: Option<&Example>, wire: &str) -> String {
    example
        .and_then(|example| example.parameters.iter().find(|(k, _)| k == wire))
        .map(|(_, v)| {
            v.as_str()
                .map(|s| format!("{s:?}"))
                .unwrap_or_else(|| v.to_string())
        })
        .unwrap_or_else(|| "\"...\"".to_string())
}

/// A client for the public cloud, and one for Azure China.
fn constructor_example(crate_name: &str, service: &Service, client: &Client) -> String {
    let example = client.operations.iter().find_map(|o| o.examples.first());
    let args: String = client
        .params
        .iter()
        .map(|p| format!("{}, ", example_argument(example, &p.wire_name)))
        .collect();
    [
        "```no_run".to_string(),
        "# fn example() -> azure_core::Result<()> {".to_string(),
        "use azure_core::cloud::CloudConfiguration;".to_string(),
        format!("use {crate_name}::{}::{};", service.module, client.name),
        format!("use {crate_name}::ArmClientOptions;"),
        "use std::sync::Arc;".to_string(),
        String::new(),
        "let credential = azure_identity::DeveloperToolsCredential::new(None)?;".to_string(),
        format!(
            "let client = {}::new({args}credential.clone(), None)?;",
            client.name
        ),
        String::new(),
        "// Azure China: the endpoint and the token scope follow the cloud.".to_string(),
        "let mut options = ArmClientOptions::default();".to_string(),
        "options.client_options.cloud = Some(Arc::new(CloudConfiguration::AzureChina));"
            .to_string(),
        format!(
            "let china = {}::new({args}credential, Some(options))?;",
            client.name
        ),
        "# Ok(())".to_string(),
        "# }".to_string(),
        "```".to_string(),
    ]
    .join("\n")
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
                #docs
                pub fn #name(
                    &self,
                    #(#params,)*
                    #body_param
                    options: Option<#options_name<'_>>,
                ) -> azure_core::Result<Poller<runtime::OperationStatus<#result>>> {
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
    let binding = if operation.long_running.is_none() || filled {
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
    quote! {
        #doc
        #[derive(Clone, Debug, Default)]
        pub struct #name<'a> {
            /// The azure_core context of this call.
            pub method_options: ClientMethodOptions<'a>,
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
    let into_body = same_model(operation).map(|model| {
        let model = type_ident(model);
        let arms = operation.outcomes.iter().map(|o| {
            let variant = type_ident(&o.variant);
            quote!(Self::#variant { body, .. })
        });
        quote! {
            /// The response body, whichever status carried it.
            pub fn into_body(self) -> models::#model {
                match self {
                    #(#arms)|* => body,
                }
            }
        }
    });
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

/// The model every outcome carries, when they all carry the same one.
fn same_model(operation: &Operation) -> Option<&String> {
    let first = operation.outcomes.first()?.model.as_ref()?;
    operation
        .outcomes
        .iter()
        .all(|o| o.model.as_ref() == Some(first))
        .then_some(first)
}

/// The method's rustdoc: the spec's description, its parameters, outcomes, and an example
/// built from the first example file.
fn method_doc(
    crate_name: &str,
    service: &Service,
    client: &Client,
    operation: &Operation,
) -> String {
    let mut doc = operation.doc.clone();
    // The api-version is named, not written out: a version bump then changes `API_VERSION`
    // alone, and every method's doc stays as it was.
    doc.push_str(&format!(
        "\n\n`{}`, at the api-version [`API_VERSION`](super::API_VERSION).",
        operation.id
    ));
    doc.push_str("\n\n# Arguments\n");
    for param in &operation.params {
        doc.push_str(&format!("\n* `{}`: {}", param.name, param.doc));
    }
    if let Some(body) = &operation.body {
        doc.push_str(&format!(
            "\n* `{}`: {} Read-only properties are not sent.",
            body.name, body.doc
        ));
    }
    doc.push_str("\n* `options`: optional parameters; `None` for the defaults.");
    doc.push_str(
        "\n\n# Errors\n\nA parameter that breaks its spec rule fails before anything is sent \
                  (`InvalidParameter`). Any status the operation does not document is an \
                  `ErrorKind::HttpResponse` error carrying this module's [`ServiceError`].",
    );
    if operation.long_running.is_some() {
        doc.push_str(
            "\n\n# Long-running\n\nReturns azure_core's `Poller`: `.await` it for the final \
             resource (`None` if the service answered 204 No Content), or read it as a stream \
             of status steps; then stop at the first step that is not `InProgress` and \
             `.await` the poller (azure_core 1.1's `Poller` must not be read past its last \
             step). It follows ARM's rules: the `Azure-AsyncOperation` status monitor, else \
             the `Location` URL, else the resource's `provisioningState`; it waits \
             `Retry-After` between polls, and never polls a host other than the endpoint's. \
             A `Failed` or `Canceled` operation is an error carrying the service's error.",
        );
    }
    if let Some(example) = operation.examples.first() {
        doc.push_str("\n\n# Example\n\n");
        doc.push_str(&doc_example(
            crate_name, service, client, operation, example,
        ));
    }
    doc
}

fn doc_example(
    crate_name: &str,
    service: &Service,
    client: &Client,
    operation: &Operation,
    example: &Example,
) -> String {
    let value = |wire: &str| example_argument(Some(example), wire);
    let mut lines = vec![
        "```no_run".to_string(),
        "# async fn example() -> azure_core::Result<()> {".to_string(),
        match &operation.long_running {
            Some(_) => format!(
                "use {crate_name}::{}::{{models, {}}};",
                service.module, client.name
            ),
            None => format!(
                "use {crate_name}::{}::{{models, {}, {} as Outcome}};",
                service.module, client.name, operation.outcome_name
            ),
        },
        String::new(),
        "let credential = azure_identity::DeveloperToolsCredential::new(None)?;".to_string(),
    ];
    let client_args: Vec<String> = client.params.iter().map(|p| value(&p.wire_name)).collect();
    lines.push(format!(
        "let client = {}::new({}, credential, None)?;",
        client.name,
        client_args.join(", ")
    ));
    let mut args: Vec<String> = operation
        .params
        .iter()
        .map(|p| value(&p.wire_name))
        .collect();
    if let (Some(body), Some(json)) = (&operation.body, &example.body) {
        let pretty = serde_json::to_string_pretty(json).unwrap_or_default();
        lines.push(format!(
            "let {}: models::{} = serde_json::from_value(serde_json::json!({pretty}))?;",
            body.name, body.model
        ));
        args.push(body.name.clone());
    }
    args.push("None".to_string());
    let call = format!("client.{}({})", operation.method_name, args.join(", "));
    match &operation.long_running {
        Some(_) => {
            lines.push(format!("let result = {call}?.await?.into_model()?;"));
            lines.push("println!(\"{result:?}\");".to_string());
        }
        None => {
            lines.push(format!("match {call}.await? {{"));
            for o in &operation.outcomes {
                let binding = if o.model.is_some() {
                    "{ body, .. }"
                } else {
                    "{ .. }"
                };
                let action = if o.model.is_some() {
                    format!("println!(\"{}: {{body:?}}\")", o.status)
                } else {
                    format!("println!(\"{}\")", o.status)
                };
                lines.push(format!("    Outcome::{} {binding} => {action},", o.variant));
            }
            lines.push("}".to_string());
        }
    }
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// The body of `error.rs`: the module's `ServiceError`, read from its own error model.
pub fn error_file(service: &Service) -> TokenStream {
    let shape = &service.error;
    let doc = doc_attrs(&format!(
        "An error answer from {}: any status an operation does not document.\n\n\
         Read from the service's `{}` model. Get it from an `azure_core::Error` with \
         `error.downcast_ref::<ServiceError>()`.",
        service.provider, shape.model
    ));
    let fields = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        let ty = model_type(&f.detail.ty);
        let docs = doc_attrs(&f.detail.doc);
        quote!(#docs pub #name: Option<#ty>,)
    });
    let none_fields = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        quote!(#name: None,)
    });
    let copies = shape.fields.iter().map(|f| {
        let name = ident(&f.name);
        let detail_name = ident(&f.detail.name);
        quote!(error.#name = detail.#detail_name;)
    });
    let model = type_ident(&shape.model);
    // `if let <pattern> = <parse>`: the detail, from inside the envelope or the model itself.
    let parse = match &shape.envelope {
        Some(envelope) => {
            let envelope = ident(&envelope.name);
            quote! {
                Some(detail) = serde_json::from_slice::<models::#model>(body)
                    .ok()
                    .and_then(|envelope| envelope.#envelope)
            }
        }
        None => quote!(Ok(detail) = serde_json::from_slice::<models::#model>(body)),
    };
    let accessor = |field: &Option<String>| match field {
        Some(name) => {
            let name = ident(name);
            quote!(self.#name.as_deref())
        }
        None => quote!(None),
    };
    let code_accessor = accessor(&shape.code_field);
    let message_accessor = accessor(&shape.message_field);
    let code_fallback = shape.code_field.as_ref().map(|code| {
        let code = ident(code);
        quote! {
            if error.#code.is_none() {
                error.#code = headers.get_optional_string(&HeaderName::from_static("x-ms-error-code"));
            }
        }
    });
    quote! {
        use super::models;
        use crate::runtime;
        use azure_core::http::StatusCode;
        use azure_core::http::headers::{HeaderName, Headers};
        use std::fmt;

        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct ServiceError {
            /// The HTTP status of the response.
            pub status: StatusCode,
            #(#fields)*
            /// The `x-ms-request-id` header: quote it when asking Azure support.
            pub request_id: Option<String>,
            /// The body as received; the only detail when it is not the documented JSON.
            pub raw_body: String,
        }

        impl runtime::ServiceError for ServiceError {
            fn from_response(status: StatusCode, headers: &Headers, body: &[u8]) -> Self {
                let mut error = ServiceError {
                    status,
                    #(#none_fields)*
                    request_id: headers.get_optional_string(&HeaderName::from_static("x-ms-request-id")),
                    raw_body: String::from_utf8_lossy(body).into_owned(),
                };
                if let #parse {
                    #(#copies)*
                }
                #code_fallback
                error
            }

            fn code(&self) -> Option<&str> {
                #code_accessor
            }

            fn message(&self) -> Option<&str> {
                #message_accessor
            }

            fn request_id(&self) -> Option<&str> {
                self.request_id.as_deref()
            }

            fn raw_body(&self) -> &str {
                &self.raw_body
            }
        }

        impl fmt::Display for ServiceError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {}", self.status, self.status.canonical_reason())?;
                runtime::write_error_detail(f, self)
            }
        }

        impl std::error::Error for ServiceError {}
    }
}

/// A type as written outside `models.rs`.
fn model_type(ty: &Type) -> TokenStream {
    qualified_type(ty, &quote!(models::))
}
