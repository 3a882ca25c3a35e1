//! What changed in an API between two specs, in words, with what breaks consumers marked.
//!
//! Both specs are lowered (`crate::lower`), and the two IRs are compared: whether a change
//! breaks is judged by what `generate` would emit from each side (Rust types, constructors,
//! method signatures, outcome variants), so the summary cannot disagree with the code. The
//! specs are kept only for the wording: the API's language (JSON names, statuses, enum values,
//! `arm-id` where Rust says `String`). A change the IR does not see but the spec does (a
//! string's format) is a note.

mod models;
mod operation;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir;
use crate::load::SpecFile;
use crate::spec::Spec;
use crate::yaml;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// How a change affects code written against the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Code that compiled and worked against the old version may not any more.
    Breaking,
    /// New API surface; existing code is unaffected.
    Additive,
    /// Worth knowing, but neither the Rust API nor the wire changed (e.g. a string's format).
    Note,
}

/// One change, and how it affects code written against the old version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub impact: Impact,
    pub description: String,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.impact == Impact::Breaking
    }
}

/// All changes between two specs of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// `Provider Operation_Id`.
    pub subject: String,
    /// `None` when the operation is new.
    pub old_version: Option<String>,
    /// `None` when the operation was removed.
    pub new_version: Option<String>,
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// Whether any change breaks code written against the old version: what a CI gate or a
    /// non-zero exit code should key on.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.old_version, &self.new_version) {
            (Some(old), Some(new)) if old == new => {
                writeln!(f, "{}: api-version {old} (unchanged)", self.subject)?
            }
            (Some(old), Some(new)) => writeln!(f, "{}: api-version {old} -> {new}", self.subject)?,
            (Some(old), None) => writeln!(f, "{}: removed (was api-version {old})", self.subject)?,
            (None, Some(new)) => writeln!(f, "{}: new (api-version {new})", self.subject)?,
            (None, None) => writeln!(f, "{}", self.subject)?,
        }
        if self.changes.is_empty() {
            return writeln!(f, "  no API changes");
        }
        // Breaking changes first: they are what a reviewer must not miss.
        let mut changes: Vec<&Change> = self.changes.iter().collect();
        changes.sort_by_key(|c| c.impact);
        for change in changes {
            let label = match change.impact {
                Impact::Breaking => "BREAKING",
                Impact::Additive => "additive",
                Impact::Note => "note",
            };
            writeln!(f, "  {label:<8}  {}", change.description)?;
        }
        Ok(())
    }
}

/// An operation whose spec is gone: its client method (and every type only it used) is no
/// longer generated.
pub fn removed(old: &Spec) -> ApiDiff {
    ApiDiff {
        subject: subject(old),
        old_version: Some(old.api_version.clone()),
        new_version: None,
        changes: vec![Change {
            impact: Impact::Breaking,
            description: "the operation was removed: its client method, and the models and \
                          enums only it used, are no longer generated"
                .into(),
        }],
    }
}

/// An operation with a new spec: a new client method (and possibly client and module).
pub fn added(new: &Spec) -> ApiDiff {
    ApiDiff {
        subject: subject(new),
        old_version: None,
        new_version: Some(new.api_version.clone()),
        changes: vec![Change {
            impact: Impact::Additive,
            description: format!(
                "new operation {} {}",
                new.operation.method, new.operation.path
            ),
        }],
    }
}

fn subject(spec: &Spec) -> String {
    format!("{} {}", spec.provider, spec.operation.id)
}

/// Compares `old` with `new`. Either failing to lower is an error: what it would generate is
/// unknown, so nothing can be said about its API. Lacking files of their own (they may come
/// from API records), the specs are named `old spec` and `new spec` in the diagnostics.
pub fn diff(old: &Spec, new: &Spec) -> Result<ApiDiff, Diagnostics> {
    let detached = |spec: &Spec, label: &str| detached(spec, Path::new(label), String::new());
    compare_files(detached(old, "old spec"), detached(new, "new spec"))
}

/// `cargo xtask diff-api old new`: compares two spec files. Their example files are not read:
/// they do not change the API, and an old version's examples are often gone.
pub fn diff_files(old: &Path, new: &Path) -> Result<ApiDiff, Diagnostics> {
    let (old, new) = both(read_detached(old), read_detached(new))?;
    compare_files(old, new)
}

fn compare_files(old: SpecFile, new: SpecFile) -> Result<ApiDiff, Diagnostics> {
    let (old, new) = both(Side::lower(&old), Side::lower(&new))?;
    Ok(compare(&old, &new))
}

/// Both values, or every problem either side has.
fn both<A, B>(a: Result<A, Diagnostics>, b: Result<B, Diagnostics>) -> Result<(A, B), Diagnostics> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut first), Err(second)) => {
            first.0.extend(second.0);
            Err(first)
        }
        (Err(problems), _) | (_, Err(problems)) => Err(problems),
    }
}

/// A spec file without its examples: lowering then checks the API alone.
fn detached(spec: &Spec, label: &Path, source: String) -> SpecFile {
    SpecFile {
        name: label.display().to_string(),
        display_path: label.to_path_buf(),
        source,
        spec: spec.clone(),
        examples: Vec::new(),
    }
}

fn read_detached(path: &Path) -> Result<SpecFile, Diagnostics> {
    let source = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::new(
            path,
            1,
            1,
            format!("cannot read the spec: {e}"),
            "check the file exists and is UTF-8",
        )
    })?;
    let spec: Spec = yaml::parse(path, &source)?;
    Ok(detached(&spec, path, source))
}

/// One side of the comparison: the spec, for its wording, and what lowering made of it.
struct Side<'a> {
    spec: &'a Spec,
    /// Without its clients, which are below.
    service: ir::Service,
    /// Without its operations: a spec describes exactly one, below.
    client: ir::Client,
    operation: ir::Operation,
}

impl<'a> Side<'a> {
    fn lower(file: &'a SpecFile) -> Result<Side<'a>, Diagnostics> {
        let krate = crate::lower::lower(std::slice::from_ref(file))?;
        let lowered = krate.services.into_iter().next().and_then(|mut service| {
            let mut client = std::mem::take(&mut service.clients).into_iter().next()?;
            let operation = std::mem::take(&mut client.operations).into_iter().next()?;
            Some((service, client, operation))
        });
        let Some((service, client, operation)) = lowered else {
            return Err(Diagnostics::from(Diagnostic::new(
                &file.display_path,
                1,
                1,
                "internal error: the spec lowered to no operation",
                "this is a bug in codegen, not in the spec; please report it",
            )));
        };
        Ok(Side {
            spec: &file.spec,
            service,
            client,
            operation,
        })
    }
}

fn compare(old: &Side, new: &Side) -> ApiDiff {
    let mut changes = Changes::default();
    let (before, after) = (&old.service, &new.service);
    if before.provider != after.provider || old.operation.id != new.operation.id {
        changes.breaking(format!(
            "now describes {} {} instead of {} {}",
            after.provider, new.operation.id, before.provider, old.operation.id
        ));
    }
    operation::compare(old, new, &mut changes);
    if before.error.model != after.error.model {
        changes.breaking(format!(
            "error model `{}` -> `{}`",
            before.error.model, after.error.model
        ));
    }
    models::compare_models(old, new, &mut changes);
    models::compare_enums(&before.enums, &after.enums, &mut changes);
    models::compare_unions(&before.unions, &after.unions, &mut changes);
    ApiDiff {
        subject: format!("{} {}", after.provider, new.operation.id),
        old_version: Some(before.api_version.clone()),
        new_version: Some(after.api_version.clone()),
        changes: changes.0,
    }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, impact: Impact, description: String) {
        self.0.push(Change {
            impact,
            description,
        });
    }

    fn breaking(&mut self, description: String) {
        self.push(Impact::Breaking, description);
    }

    fn additive(&mut self, description: String) {
        self.push(Impact::Additive, description);
    }

    fn note(&mut self, description: String) {
        self.push(Impact::Note, description);
    }
}

fn by_key<T>(items: &[T], key: impl Fn(&T) -> String) -> BTreeMap<String, &T> {
    items.iter().map(|item| (key(item), item)).collect()
}

/// A type as `emit` writes it (inside a field's `Option`).
fn rust_type(ty: &ir::Type) -> String {
    match ty {
        ir::Type::String => "String".into(),
        ir::Type::I32 => "i32".into(),
        ir::Type::I64 => "i64".into(),
        ir::Type::F64 => "f64".into(),
        ir::Type::Bool => "bool".into(),
        ir::Type::DateTime | ir::Type::DateTimeRfc7231 | ir::Type::UnixTime => {
            "time::OffsetDateTime".into()
        }
        ir::Type::Bytes | ir::Type::Base64Url => "Vec<u8>".into(),
        ir::Type::Json => "serde_json::Value".into(),
        ir::Type::Vec(inner) => format!("Vec<{}>", rust_type(inner)),
        ir::Type::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        ir::Type::Model { name, boxed: true } => format!("Box<{name}>"),
        ir::Type::Model { name, boxed: false } | ir::Type::Enum(name) => name.clone(),
    }
}

/// `old -> new` in the spec's words, with the Rust types when they say something more.
fn type_change(old_spec: &str, new_spec: &str, old: &ir::Type, new: &ir::Type) -> String {
    let (old_rust, new_rust) = (rust_type(old), rust_type(new));
    if old_spec == old_rust && new_spec == new_rust {
        format!("{old_spec} -> {new_spec}")
    } else {
        format!("{old_spec} -> {new_spec} (Rust `{old_rust}` -> `{new_rust}`)")
    }
}

/// ` (format)`, or nothing.
fn format_suffix(format: &Option<String>) -> String {
    format
        .as_ref()
        .map(|f| format!(" ({f})"))
        .unwrap_or_default()
}
