//! An OpenAPI operation's responses → the spec's `responses`, `error` and `long_running`.

use super::operation::Found;
use super::resolve::{self, Node};
use super::{ImportError, Importer};
use crate::spec::{ErrorResponse, Header, LongRunning, Response};
use crate::types;

impl Importer<'_> {
    /// The 2xx responses, then `default` as the error (read last, so that its models come
    /// after the success models).
    pub(super) fn responses(
        &mut self,
        op: &Node,
    ) -> Result<(Vec<Response>, ErrorResponse), ImportError> {
        let list = op
            .get("responses")
            .ok_or_else(|| op.loc.error("the operation has no `responses`"))?;
        let mut responses = Vec::new();
        let mut default = None;
        for (status, node) in list.entries()? {
            let node = self
                .docs
                .chain(node)?
                .pop()
                .expect("a chain is never empty");
            node.object()?;
            if status == "default" {
                default = Some(node);
                continue;
            }
            let code = status
                .parse::<u16>()
                .ok()
                .filter(|code| (100..=599).contains(code))
                .ok_or_else(|| {
                    node.loc.error(format!(
                        "status {status}: only HTTP statuses and `default` (the error) can be represented"
                    ))
                })?;
            responses.push(self.response(code, &node)?);
        }
        let default = default.ok_or_else(|| {
            list.loc
                .error("no `default` response: the spec needs the error model")
        })?;
        let schema = default
            .get("schema")
            .ok_or_else(|| default.loc.error("the `default` response has no schema"))?;
        let error = ErrorResponse {
            description: self.response_description(&default)?,
            model: self.root_model(&schema)?,
        };
        Ok((responses, error))
    }

    /// One listed status. A body that is not a model is written with `type` (and `items`,
    /// `values`, `format`). `error` says how a status is classified when the status alone does
    /// not: x-ms-error-response makes it an error, and a non-2xx status without it (HEAD's 404)
    /// is an outcome.
    fn response(&mut self, status: u16, node: &Node) -> Result<Response, ImportError> {
        let mut response = Response {
            status,
            description: self.response_description(node)?,
            model: None,
            ty: None,
            format: None,
            items: None,
            values: None,
            error: None,
            headers: Vec::new(),
        };
        if let Some(schema) = node.get("schema") {
            let (shape, is_model) = self.body_shape(&schema)?;
            if is_model {
                response.model = Some(shape.ty);
            } else {
                response.ty = Some(shape.ty);
                response.format = shape.format;
                response.items = shape.items;
                response.values = shape.values;
            }
        }
        let error_response = node.flag("x-ms-error-response")?;
        response.error = match (error_response, (200..=299).contains(&status)) {
            (true, _) => Some(true),
            (false, false) => Some(false),
            (false, true) => None,
        };
        for (name, header) in node.entries_of("headers")? {
            response.headers.push(self.header(name, &header)?);
        }
        Ok(response)
    }

    fn response_description(&mut self, node: &Node) -> Result<String, ImportError> {
        Ok(match node.str("description")? {
            Some(text) => text.to_string(),
            None => {
                self.warn(&node.loc, "no description; left empty");
                String::new()
            }
        })
    }

    fn header(&mut self, name: String, node: &Node) -> Result<Header, ImportError> {
        let ty = node.str("type")?;
        let format = node.str("format")?;
        // Any primitive is accepted: what the Rust type does not carry, the doc names.
        if types::header(ty.unwrap_or_default(), format).is_none() {
            return Err(node.loc.error(format!(
                "header type {ty:?} cannot be represented (a header is a string, integer, number or boolean)"
            )));
        }
        for key in node.keys()? {
            if !["type", "format", "description"].contains(&key.as_str()) {
                self.warn(&node.loc, format!("`{key}` is not recorded in the spec"));
            }
        }
        Ok(Header {
            name,
            ty: ty.unwrap_or_default().to_string(),
            format: format.map(str::to_string),
            description: self.response_description(node)?,
        })
    }

    pub(super) fn long_running(
        &mut self,
        found: &Found,
        responses: &[Response],
    ) -> Result<Option<LongRunning>, ImportError> {
        let op = &found.op;
        if !op.flag("x-ms-long-running-operation")? {
            return Ok(None);
        }
        let mut final_state_via = None;
        for (key, value) in op.entries_of("x-ms-long-running-operation-options")? {
            match key.as_str() {
                "final-state-via" => final_state_via = Some(final_state_rule(&value)?),
                "final-state-schema" => self.check_final_state_schema(&value, responses)?,
                // An option this importer does not know may or may not change the result; it
                // is named, so that whoever reads the warnings can judge.
                _ => self.warn(
                    &value.loc,
                    "this long-running option is not recorded in the spec",
                ),
            }
        }
        let final_state_via = match final_state_via {
            Some(rule) => rule,
            None => {
                // ARM's rule when the spec says nothing: PUT and PATCH end with a GET of the
                // resource itself, POST and DELETE follow Location.
                let rule = match found.method.as_str() {
                    "put" | "patch" => "original-uri",
                    _ => "location",
                };
                self.warn(
                    &op.loc,
                    format!(
                        "no final-state-via; ARM's default for {} is `{rule}`",
                        found.method.to_ascii_uppercase()
                    ),
                );
                rule.to_string()
            }
        };
        Ok(Some(LongRunning { final_state_via }))
    }

    /// `final-state-schema` (TypeSpec writes it) names the model of the operation's final
    /// result. The spec has no key for it: the generated client returns the model the success
    /// responses carry. So it is accepted, unrecorded and without a warning, only when that is
    /// the same model; otherwise the client would return the wrong type (or none), which is
    /// refused rather than warned about.
    fn check_final_state_schema(
        &mut self,
        schema: &Node,
        responses: &[Response],
    ) -> Result<(), ImportError> {
        let Some(reference) = schema.value.as_str() else {
            return Err(schema.loc.error(resolve::expected(
                "a string (a `$ref` to the final result's schema)",
                &schema.value,
            )));
        };
        let target = self.docs.target(schema, reference)?;
        let named = self
            .docs
            .chain(target)?
            .pop()
            .expect("a chain is never empty");
        let mut models: Vec<&str> = Vec::new();
        for model in responses.iter().filter_map(|r| r.model.as_deref()) {
            if !models.contains(&model) {
                models.push(model);
            }
        }
        let same = match (named.loc.definition_name(), models.as_slice()) {
            (Some(name), [model]) => {
                *model == name && self.model_sources.get(&name) == Some(&named.loc)
            }
            _ => false,
        };
        if same {
            return Ok(());
        }
        let carried = if models.is_empty() {
            "no success response carries a model".to_string()
        } else {
            format!("the success responses carry `{}`", models.join("`, `"))
        };
        Err(schema.loc.error(format!(
            "final-state-schema names {} as the final result, but {carried}; the spec cannot say the final result differs",
            named.loc
        )))
    }
}

/// The `final-state-via` rule, one of those the spec knows.
fn final_state_rule(via: &Node) -> Result<String, ImportError> {
    match via.value.as_str() {
        Some(
            rule @ ("azure-async-operation" | "location" | "original-uri" | "operation-location"),
        ) => Ok(rule.to_string()),
        _ => Err(via.loc.error(format!(
            "final-state-via {} cannot be represented (azure-async-operation, location, original-uri or operation-location)",
            via.value
        ))),
    }
}
