//! The rustdoc of the clients: what each method does, its arguments, errors, and an example
//! built from the operation's first example file.

use crate::ir::{Client, Example, Operation, Paging, Returns, Service, Type};

/// The method's rustdoc: the spec's description, its parameters, outcomes, and an example
/// built from the first example file.
pub(super) fn method_doc(
    crate_name: &str,
    service: &Service,
    client: &Client,
    operation: &Operation,
) -> String {
    let mut doc = operation.doc.clone();
    // The api-version is named, not written out: a version bump then changes `API_VERSION`
    // alone, and every method's doc stays as it was.
    doc.push_str(&match &operation.api_version {
        Some(version) => format!(
            "\n\n`{}`, at its own api-version `{version}`, whatever the client's is.",
            operation.id
        ),
        None => format!(
            "\n\n`{}`, at the api-version [`API_VERSION`](super::API_VERSION).",
            operation.id
        ),
    });
    doc.push_str("\n\n# Arguments\n");
    for param in &operation.params {
        doc.push_str(&format!("\n* `{}`: {}", param.name, param.doc));
    }
    if let Some(body) = operation.body.as_ref().filter(|b| b.required) {
        doc.push_str(&format!(
            "\n* `{}`: {} Read-only properties are not sent.",
            body.name, body.doc
        ));
    }
    doc.push_str("\n* `options`: optional parameters; `None` for the defaults.");
    doc.push_str(&errors_doc(service, operation));
    doc.push_str(&returns_doc(operation));
    if let Some(example) = operation.examples.first() {
        doc.push_str("\n\n# Example\n\n");
        doc.push_str(&doc_example(
            crate_name, service, client, operation, example,
        ));
    }
    doc
}

/// The `# Errors` section: what fails before sending, and each documented error status.
fn errors_doc(service: &Service, operation: &Operation) -> String {
    let mut doc = String::new();
    doc.push_str(
        "\n\n# Errors\n\nA parameter that breaks its spec rule fails before anything is sent \
                  (`InvalidParameter`). Any status the operation does not document is an \
                  `ErrorKind::HttpResponse` error carrying this module's [`ServiceError`].",
    );
    for error in &operation.error_statuses {
        let body = match &error.model {
            Some(model) if *model != service.error.model => format!(
                " Its body is a [`{model}`](super::models::{model}): \
                 `ServiceError::raw_body` holds it as sent."
            ),
            _ => String::new(),
        };
        doc.push_str(&format!(
            "\n\nThe service documents {} as an error: {}{body}",
            error.status, error.doc
        ));
    }
    doc
}

/// What the method returns: `Response`, a bool, a pager or a poller.
fn returns_doc(operation: &Operation) -> String {
    let mut doc = String::new();
    if let Some(headers) = &operation.headers_trait {
        let read = match operation.outcomes.first().and_then(|o| o.body.as_ref()) {
            Some(_) => {
                "`into_model()` reads the body (the raw body stays available through \
                        `into_body()`); "
            }
            None => "",
        };
        doc.push_str(&format!(
            "\n\n# Returns\n\nazure_core's `Response` of the one documented status: {read}\
             [`{headers}`] reads its typed headers."
        ));
    }
    if operation.exists_check {
        doc.push_str(
            "\n\n# Exists\n\n`true` for a success status, `false` for the other documented \
             status (404 Not Found): the response has no body to read.",
        );
    }
    if let Some(paging) = &operation.paging {
        doc.push_str(&paging_doc(paging));
    }
    if operation.long_running.is_some() {
        doc.push_str(
            "\n\n# Long-running\n\nReturns a `runtime::Poller` (azure_core's `Poller`, made \
             safe to read past its end): `.await` it for the final resource (`None` if the \
             service answered 204 No Content), or read it as a stream of status steps, which \
             ends after the last one, then `.await` it. It follows ARM's rules: the `Azure-AsyncOperation` status monitor, else \
             the `Location` URL, else the resource's `provisioningState`; it waits \
             `Retry-After` between polls, and never polls a host other than the endpoint's. \
             A `Failed` or `Canceled` operation is an error carrying the service's error.",
        );
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
        example_imports(crate_name, service, client, operation, example),
        String::new(),
        "let credential = azure_identity::DeveloperToolsCredential::new(None)?;".to_string(),
    ];
    let mut client_args: Vec<String> = client.params.iter().map(|p| value(&p.wire_name)).collect();
    client_args.extend(["credential".to_string(), "None".to_string()]);
    lines.push(format!(
        "let client = {}::new({})?;",
        client.name,
        client_args.join(", ")
    ));
    let mut args: Vec<String> = operation
        .params
        .iter()
        .map(|p| value(&p.wire_name))
        .collect();
    let mut options = "None".to_string();
    if let (Some(body), Some(json)) = (&operation.body, &example.body) {
        let pretty = serde_json::to_string_pretty(json).unwrap_or_default();
        lines.push(format!(
            "let {}: {} = serde_json::from_value(serde_json::json!({pretty}))?;",
            body.name,
            type_text(&body.ty)
        ));
        if body.required {
            args.push(format!("&{}", body.name));
        } else {
            options = format!(
                "Some({} {{ {}: Some(&{}), ..Default::default() }})",
                operation.options_name, body.name, body.name
            );
        }
    }
    args.push(options);
    let call = format!("client.{}({})", operation.method_name, args.join(", "));
    lines.extend(call_lines(operation, &call));
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// The lines of a method's example that make the call and show its result.
fn call_lines(operation: &Operation, call: &str) -> Vec<String> {
    let mut lines = Vec::new();
    match &operation.long_running {
        _ if operation.exists_check => {
            lines.push(format!("let exists = {call}.await?;"));
            lines.push("println!(\"{exists}\");".to_string());
        }
        _ if operation.paging.is_some() => {
            lines.push(format!("let mut items = {call}?;"));
            lines.push("while let Some(item) = items.try_next().await? {".to_string());
            lines.push("    println!(\"{item:?}\");".to_string());
            lines.push("}".to_string());
        }
        Some(_) => {
            lines.push(format!("let result = {call}?.await?.into_model()?;"));
            lines.push("println!(\"{result:?}\");".to_string());
        }
        None if operation.headers_trait.is_some() => {
            lines.push(format!("let response = {call}.await?;"));
            lines.push("println!(\"request id: {:?}\", response.request_id()?);".to_string());
            if operation.outcomes.iter().any(|o| o.body.is_some()) {
                lines.push("let body = response.into_model()?;".to_string());
                lines.push("println!(\"{body:?}\");".to_string());
            }
        }
        None => {
            lines.push(format!("match {call}.await? {{"));
            for o in &operation.outcomes {
                let binding = if o.body.is_some() {
                    "{ body, .. }"
                } else {
                    "{ .. }"
                };
                let action = if o.body.is_some() {
                    format!("println!(\"{}: {{body:?}}\")", o.status)
                } else {
                    format!("println!(\"{}\")", o.status)
                };
                lines.push(format!("    Outcome::{} {binding} => {action},", o.variant));
            }
            lines.push("}".to_string());
        }
    }
    lines
}

/// The `use` lines of a method's example.
fn example_imports(
    crate_name: &str,
    service: &Service,
    client: &Client,
    operation: &Operation,
    example: &Example,
) -> String {
    let mut names = Vec::new();
    if operation.paging.is_none() {
        names.push("models".to_string());
    }
    names.push(client.name.clone());
    let body = operation.body.as_ref().filter(|_| example.body.is_some());
    if body.is_some_and(|b| !b.required) {
        names.push(operation.options_name.clone());
    }
    match (operation.returns(), &operation.headers_trait) {
        (Returns::Response, Some(headers)) => names.push(headers.clone()),
        (Returns::Outcome, _) => names.push(format!("{} as Outcome", operation.outcome_name)),
        _ => {}
    }
    let mut imports = match names.as_slice() {
        [one] => format!("use {crate_name}::{}::{one};", service.module),
        _ => format!(
            "use {crate_name}::{}::{{{}}};",
            service.module,
            names.join(", ")
        ),
    };
    if operation.paging.is_some() {
        imports.push_str("\nuse futures::TryStreamExt;");
    }
    imports
}

/// A type as the examples write it: `models::Item`, `Vec<models::Item>`.
fn type_text(ty: &Type) -> String {
    super::client::model_type(ty)
        .to_string()
        .replace(' ', "")
        .replace(',', ", ")
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
pub(super) fn constructor_example(crate_name: &str, service: &Service, client: &Client) -> String {
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

/// How the pager pages, continues and resumes.
fn paging_doc(paging: &Paging) -> String {
    let pages = match &paging.next_link_name {
        Some(name) => format!(
            "Each later page is read from the previous page's `{name}`, at this operation's \
             api-version, and only on the client's endpoint (another host is refused with \
             `runtime::ForeignPollUrl`, and nothing is sent there)."
        ),
        None => "The service sends the whole list as one page.".to_string(),
    };
    format!(
        "\n\n# Paging\n\nReturns azure_core's `Pager`. Nothing is sent until it is read: as a \
         stream of items, or page by page with `into_pages()`. {pages} To resume later, pass \
         `continuation()` of a pager in `options.method_options.continuation`."
    )
}
