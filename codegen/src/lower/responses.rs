//! Success responses: one outcome per status, with its model and typed headers.

use super::declared::{self, Declared};
use super::doc_or;
use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names, spec, types};
use std::collections::BTreeSet;

/// Headers every ARM response may carry, added where the spec leaves them out: callers need
/// them for concurrency and support.
const STANDARD_HEADERS: &[(&str, &str)] = &[
    (
        "ETag",
        "The entity tag of the resource, if the service sent one (not in the spec; ARM services commonly send it).",
    ),
    (
        "x-ms-request-id",
        "The request id ARM assigned; quote it when asking Azure support.",
    ),
];

/// The statuses the spec lists: outcomes, and those it marks as errors.
pub(super) struct LoweredResponses {
    pub outcomes: Vec<ir::Outcome>,
    pub errors: Vec<ir::ErrorStatus>,
}

/// What a listed status is: x-ms-error-response decides, and without it a 2xx is an outcome,
/// and so is a HEAD's 404 (ARM's `CheckExistence`: 404 means "does not exist").
fn is_outcome(file: &SpecFile, response: &spec::Response) -> Option<bool> {
    let success = (200..=299).contains(&response.status);
    match response.error {
        Some(error) => Some(!error),
        None if success => Some(true),
        None if response.status == 404 && file.spec.operation.method == "HEAD" => Some(true),
        None => None,
    }
}

pub(super) fn lower_responses(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> LoweredResponses {
    let mut lowered = LoweredResponses {
        outcomes: Vec::new(),
        errors: Vec::new(),
    };
    let mut statuses = BTreeSet::new();
    let responses = &file.spec.operation.responses;
    if responses.is_empty() {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("responses"),
            "no success response",
            "list at least one 2xx status",
        ));
    }
    for (index, response) in responses.iter().enumerate() {
        let at = SpecPath::root()
            .key("operation")
            .key("responses")
            .index(index);
        if !statuses.insert(response.status) {
            problems.push(file.error(
                &at.key("status"),
                format!("status {} is listed twice", response.status),
                "merge the two entries",
            ));
            continue;
        }
        match is_outcome(file, response) {
            Some(true) => lowered
                .outcomes
                .push(lower_response(file, declared, &at, response, problems)),
            Some(false) => lowered
                .errors
                .push(lower_error_status(file, declared, &at, response, problems)),
            None => problems.push(file.error(
                &at.key("status"),
                format!("status {} is not a success status", response.status),
                "list 2xx statuses here, or say what another status is with `error: true` (an \
                 error) or `error: false` (an outcome); unlisted statuses are the operation's `error`",
            )),
        }
    }
    if lowered.outcomes.is_empty() && !responses.is_empty() {
        problems.push(file.error(
            &SpecPath::root().key("operation").key("responses"),
            "every listed status is an error",
            "list at least one status the caller gets as an outcome",
        ));
    }
    lowered
}

/// A status the spec marks as an error; its body, if any, must be a model.
fn lower_error_status(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    response: &spec::Response,
    problems: &mut Vec<Diagnostic>,
) -> ir::ErrorStatus {
    if (200..=299).contains(&response.status) {
        problems.push(file.error(
            &at.key("error"),
            format!("success status {} is marked as an error", response.status),
            "remove `error: true`",
        ));
    }
    if response.ty.is_some() {
        problems.push(file.error(
            &at.key("type"),
            "an error response's body is a model",
            "name it with `model:`",
        ));
    }
    let model = response_model(file, declared, at, response, problems);
    ir::ErrorStatus {
        status: response.status,
        model,
        doc: doc_or(&response.description, "(no description)"),
    }
}

/// The response's `model`, when it names one of the file.
fn response_model(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    response: &spec::Response,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    match &response.model {
        Some(name) if declared.models.contains_key(name.as_str()) => Some(names::upper_camel(name)),
        Some(name) => {
            problems.push(file.error(
                &at.key("model"),
                format!("unknown model `{name}`"),
                declared::type_hint(declared, name),
            ));
            None
        }
        None => None,
    }
}

/// A body that is not a model (`type:` with `items` / `values` / `format`).
fn response_body_type(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    response: &spec::Response,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Type> {
    let ty = response.ty.as_deref()?;
    if response.model.is_some() {
        problems.push(file.error(
            &at.key("type"),
            "a response has `model` or `type`, not both",
            "keep `model` for a model body, `type` for any other",
        ));
        return None;
    }
    let (format, items, values) = (
        response.format.as_deref(),
        response.items.as_deref(),
        response.values.as_deref(),
    );
    match body_type(declared, ty, format, items, values) {
        Ok(body) => Some(body),
        Err(problem) => {
            problems.push(file.error(
                &at.key("type"),
                problem,
                "a body is a model, a primitive, or an array or map of one",
            ));
            None
        }
    }
}

fn lower_response(
    file: &SpecFile,
    declared: &Declared,
    at: &SpecPath,
    response: &spec::Response,
    problems: &mut Vec<Diagnostic>,
) -> ir::Outcome {
    let model = response_model(file, declared, at, response, problems);
    let body = match &model {
        Some(name) => Some(ir::Type::Model {
            name: name.clone(),
            boxed: false,
        }),
        None => response_body_type(file, declared, at, response, problems),
    };
    let mut headers: Vec<ir::ResponseHeader> = Vec::new();
    let mut wire_names = BTreeSet::new();
    for (position, header) in response.headers.iter().enumerate() {
        let at = at.key("headers").index(position);
        if !wire_names.insert(header.name.to_ascii_lowercase()) {
            problems.push(file.error(
                &at.key("name"),
                format!("header `{}` is listed twice", header.name),
                "header names are case-insensitive",
            ));
            continue;
        }
        if let Some(header) = lower_header(file, &at, header, &headers, problems) {
            headers.push(header);
        }
    }
    for (wire, doc) in STANDARD_HEADERS {
        if !wire_names.contains(&wire.to_ascii_lowercase()) {
            headers.push(ir::ResponseHeader {
                name: names::response_header(wire),
                lookup_name: wire.to_ascii_lowercase(),
                wire_name: wire.to_string(),
                ty: ir::Type::String,
                doc: doc.to_string(),
            });
        }
    }
    ir::Outcome {
        status: response.status,
        variant: names::status_variant(response.status),
        doc: format!(
            "{} {}: {}",
            response.status,
            names::reason_phrase(response.status),
            doc_or(&response.description, "(no description)")
        ),
        model,
        body,
        headers,
    }
}

/// One documented header; `earlier` are the response's headers before it.
fn lower_header(
    file: &SpecFile,
    at: &SpecPath,
    header: &spec::Header,
    earlier: &[ir::ResponseHeader],
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::ResponseHeader> {
    let Some(ty) = types::header(&header.ty, header.format.as_deref()) else {
        problems.push(file.error(
            &at.key("type"),
            format!("header type `{}` is not supported", header.ty),
            "a header is a primitive: string, integer, number or boolean",
        ));
        return None;
    };
    let name = names::response_header(&header.name);
    if name == "request_id" && ty != ir::Type::String {
        problems.push(file.error(
            &at.key("type"),
            "`x-ms-request-id` is typed as something other than a string",
            "ARM request ids are strings: write `type: string`",
        ));
        return None;
    }
    if let Some(other) = earlier.iter().find(|h| h.name == name) {
        problems.push(file.error(
            &at.key("name"),
            format!(
                "headers `{}` and `{}` both become the field `{name}`",
                other.wire_name, header.name
            ),
            "every header of a response needs its own field name",
        ));
        return None;
    }
    Some(ir::ResponseHeader {
        name,
        lookup_name: header.name.to_ascii_lowercase(),
        wire_name: header.name.clone(),
        ty,
        doc: header_doc(header),
    })
}

/// The header's description; a format the Rust type does not carry (a `String` holding a
/// `uri` or a `date-time-rfc1123`) is named, so callers know how to read the text.
fn header_doc(header: &spec::Header) -> String {
    let doc = doc_or(
        &header.description,
        &format!("The `{}` header.", header.name),
    );
    match header.format.as_deref() {
        Some(format) if types::header_format_is_documentation(&header.ty, Some(format)) => {
            format!(
                "{doc}\n\nThe text of a `{}` with format `{format}`.",
                header.ty
            )
        }
        _ => doc,
    }
}

/// x-ms-pageable: every success status is a page of one model, whose `item_name` property is
/// an array of the items.
pub(super) fn lower_paging(
    file: &SpecFile,
    declared: &Declared,
    problems: &mut Vec<Diagnostic>,
) -> Option<ir::Paging> {
    let operation = &file.spec.operation;
    let pageable = operation.pageable.as_ref()?;
    let at = SpecPath::root().key("operation").key("pageable");
    if operation.long_running.is_some() {
        problems.push(file.error(
            &at,
            "a long-running operation that pages is not supported",
            "remove `pageable` or `long_running`",
        ));
        return None;
    }
    let successes: Vec<&spec::Response> = operation
        .responses
        .iter()
        .filter(|r| (200..=299).contains(&r.status))
        .collect();
    let page = successes.first().and_then(|r| r.model.as_deref());
    let Some(page) = page.filter(|page| successes.iter().all(|r| r.model.as_deref() == Some(page)))
    else {
        problems.push(file.error(
            &at,
            "a pageable operation's success responses must all carry the same page model",
            "give every 2xx response the list model, e.g. `model: ThingListResult`",
        ));
        return None;
    };
    // An unknown page model is reported with its response.
    let (_, model) = declared.models.get(page)?;
    let items = model
        .properties
        .iter()
        .find(|p| p.name == pageable.item_name)
        .filter(|p| p.ty == "array")
        .and_then(|p| p.items.as_deref());
    let Some(item_type) = items.and_then(|items| element_type(declared, items)) else {
        problems.push(file.error(
            &at.key("item_name"),
            format!(
                "the page model `{page}` has no array property `{}` of a known type",
                pageable.item_name
            ),
            "name the page's array of items (x-ms-pageable `itemName`, default `value`)",
        ));
        return None;
    };
    Some(ir::Paging {
        page_model: names::upper_camel(page),
        item_field: names::field(&pageable.item_name),
        item_type,
        next_link_name: pageable.next_link_name.clone(),
    })
}

/// The type of a request or response body: a model, a primitive, or an `array` / `map` of
/// either (`items` / `values`). `Err` says what is wrong, for the caller to locate.
pub(super) fn body_type(
    declared: &Declared,
    ty: &str,
    format: Option<&str>,
    items: Option<&str>,
    values: Option<&str>,
) -> Result<ir::Type, String> {
    let element = |key: &str, name: Option<&str>| match name {
        Some(name) if name == "array" || name == "map" => Err(format!(
            "`{key}: {name}` nests a collection in a collection, which bodies do not support"
        )),
        Some(name) => element_type(declared, name)
            .ok_or_else(|| format!("`{key}: {name}` is not a model, enum or primitive")),
        None => Err(format!(
            "`type: {ty}` needs `{key}:` naming the element type"
        )),
    };
    let stray = match ty {
        "array" => values.map(|_| "values"),
        "map" => items.map(|_| "items"),
        _ => items.map(|_| "items").or(values.map(|_| "values")),
    };
    if let Some(key) = stray {
        return Err(format!("`{key}:` does not apply to `type: {ty}`"));
    }
    let body = match ty {
        "array" => ir::Type::Vec(Box::new(element("items", items)?)),
        "map" => ir::Type::Map(Box::new(element("values", values)?)),
        name => match format {
            Some(format) => types::property(name, Some(format))
                .ok_or_else(|| format!("`{name}` with format `{format}` is not a body type"))?,
            None => element_type(declared, name).ok_or_else(|| format!("unknown type `{name}`"))?,
        },
    };
    if body == ir::Type::DateTime
        || (body.needs_custom_request_json() && !is_model_or_models(&body))
    {
        return Err("a date-time body, or one holding date-times, is not supported".to_string());
    }
    Ok(body)
}

/// A model, or an array or map of models: what a request body's `to_request_json` covers.
fn is_model_or_models(ty: &ir::Type) -> bool {
    match ty {
        ir::Type::Model { .. } => true,
        ir::Type::Vec(inner) | ir::Type::Map(inner) => matches!(**inner, ir::Type::Model { .. }),
        _ => false,
    }
}

/// An array element: a model or enum of the file, or a primitive.
fn element_type(declared: &Declared, name: &str) -> Option<ir::Type> {
    declared
        .named_type(name)
        .or_else(|| types::property(name, None))
}
