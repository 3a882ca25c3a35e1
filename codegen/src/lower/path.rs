//! The request path: literal text and the placeholders the path parameters fill.

use crate::diagnostic::{Diagnostic, SpecPath};
use crate::load::SpecFile;
use crate::{ir, names};
use std::collections::BTreeSet;

/// The parts of `template`; every placeholder names a path parameter, and every path
/// parameter appears once.
pub(super) fn lower_path(
    file: &SpecFile,
    template: &str,
    client: &[ir::Param],
    params: &[ir::Param],
    problems: &mut Vec<Diagnostic>,
) -> Vec<ir::PathPart> {
    let at = SpecPath::root().key("operation").key("path");
    let mut parts = Vec::new();
    let mut used = BTreeSet::new();
    if !template.starts_with('/') {
        problems.push(file.error(
            &at,
            "the path must start with `/`",
            "write it as in the OpenAPI `paths` key",
        ));
    }
    let is_path = |p: &&ir::Param| p.location == ir::ParamLocation::Path;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            problems.push(file.error(&at, "unclosed `{` in the path", "close every placeholder"));
            return parts;
        };
        if open > 0 {
            parts.push(ir::PathPart::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        if !used.insert(name.to_string()) {
            problems.push(file.error(
                &at,
                format!("placeholder `{{{name}}}` appears twice"),
                "each path parameter fills one segment",
            ));
        }
        if let Some(param) = client.iter().filter(is_path).find(|p| p.wire_name == name) {
            parts.push(ir::PathPart::ClientParam {
                name: param.name.clone(),
                segment: names::segment_local(&param.name),
            });
        } else if let Some(param) = params.iter().filter(is_path).find(|p| p.wire_name == name) {
            parts.push(ir::PathPart::Param {
                name: param.name.clone(),
                segment: names::segment_local(&param.name),
            });
        } else {
            problems.push(file.error(
                &at,
                format!("placeholder `{{{name}}}` has no path parameter"),
                format!("add a parameter `{name}` with `in: path`"),
            ));
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        problems.push(file.error(&at, "stray `}` in the path", "remove it"));
    }
    if !rest.is_empty() {
        parts.push(ir::PathPart::Literal(rest.to_string()));
    }
    check_placeholders_used(
        file,
        client.iter().chain(params).filter(is_path),
        &used,
        problems,
    );
    parts
}

/// Every path parameter fills a placeholder.
fn check_placeholders_used<'a>(
    file: &SpecFile,
    path_params: impl Iterator<Item = &'a ir::Param>,
    used: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    for param in path_params {
        if !used.contains(&param.wire_name) {
            let position = file
                .spec
                .operation
                .parameters
                .iter()
                .position(|p| p.name == param.wire_name)
                .unwrap_or(0);
            problems.push(
                file.error(
                    &SpecPath::root()
                        .key("operation")
                        .key("parameters")
                        .index(position)
                        .key("name"),
                    format!(
                        "path parameter `{}` does not appear in the path",
                        param.wire_name
                    ),
                    "add its `{placeholder}` to the path, or change `in:`",
                ),
            );
        }
    }
}
