//! OpenAPI (Swagger 2.0, as azure-rest-api-specs writes it) → normalized specs.
//!
//! [`OpenApi::read`] reads a file and names every model and enum it can reach (`naming`: a
//! name depends on the file alone). [`import`] / [`OpenApi::import`] read one operation,
//! follow its `$ref`s (inside the file, into sibling files and into ARM common-types), flatten
//! `allOf` inheritance, and return a [`crate::spec::Spec`] with exactly the models and
//! enums the operation reaches, plus its example files. [`import_many`] does so for a
//! [`Selection`] (ids, `*`/`?` patterns, all). [`write()`] checks one result like `cargo xtask
//! generate` would, then writes it with its models; [`write_many`] writes a provider's specs
//! without models and their models once, in `specs/<module>/definitions.yaml`.
//!
//! What the spec format cannot say is an [`ImportError`] naming the file and JSON pointer,
//! never a silent drop; so is a keyword of the wrong JSON type (`"allOf": {…}`,
//! `"readOnly": "yes"`), while an absent one takes its default. What would not generate (an
//! empty enum, properties that collide once cased for Rust) is refused here too, with the
//! OpenAPI pointer; the writers' lowering check stays as the backstop. What the format can say
//! less precisely is imported with a warning (an unknown format: the base type). Keywords that
//! carry no wire shape and that the format has no key for are reported as warnings. The
//! choices made:
//!
//! - Descriptions: the first `description`, else `title`, along the `$ref` chain (the property,
//!   then the definition it references). Missing everywhere: empty, with a warning.
//! - Order: models and enums in order of first reach, depth first, starting from the body
//!   parameter, then the responses in file order, then the `default` (error) response. A
//!   model's properties are its bases' (allOf, in order) followed by its own; a discriminated
//!   base brings every definition of its file derived from it.
//! - Names (`naming`): definitions by their name, enums by `x-ms-enum.name`, inline objects and
//!   enums Parent+Property; same-named different schemas are told apart by file and pointer.
//!   An enum without x-ms-enum is closed (plain OpenAPI `enum` is a closed set). A variant is
//!   named after its value: an x-ms-enum `values[].name` that would name it differently is
//!   reported as a warning.
//! - Parameters: a required single-value closed enum is a `constant`; x-ms-parameter-location
//!   `client` is `client: true` (subscriptionId and api-version are the client's anyway). A
//!   body may be optional and need not be a model.
//! - Responses: `default` is the error response; another non-2xx status is an outcome
//!   (`error: false`) unless x-ms-error-response makes it an error (`error: true`).
//! - Long-running options: `final-state-via` is read (absent: ARM's default, with a warning).
//!   `final-state-schema` must name the model the success responses carry, since the spec has
//!   no key for a final result of another type; other options are reported as warnings.
//! - An example's answer for a status the operation does not declare is left out, with a
//!   warning naming the example file and `#/responses/<status>`.
//! - A path without `/providers/<Namespace>/` takes the namespace from the file's path
//!   (`resource-manager/<Namespace>/`), with a warning.
//! - A model may not also be a map (`additionalProperties` beside `properties` or `allOf`).
//! - Only string enums; only `application/json` bodies.

mod enums;
mod examples;
mod many;
mod naming;
mod operation;
mod polymorphic;
mod resolve;
mod responses;
mod schema;
mod write;

use crate::names;
use crate::spec::{Enum, ExampleRef, Model, Spec};
use resolve::{Documents, Loc};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use many::{
    Batch, ManyWritten, Refusal, Selection, api_summary, import_many, matches, module_as_is,
    write_many,
};
pub use write::{WriteError, Written, write};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Leave out (with a warning) an x-ms-examples entry whose file does not exist, instead of
    /// failing. Upstream excerpts sometimes lack example files.
    pub skip_missing_examples: bool,
}

/// One imported operation: the spec, its example files and what was noticed on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub spec: Spec,
    pub examples: Vec<ImportedExample>,
    /// Things recorded nowhere in the spec (e.g. a left-out example), as `file#pointer: message`.
    pub warnings: Vec<String>,
    /// The OpenAPI file it came from, named in the header comment of the written spec.
    pub source: PathBuf,
    /// x-ms-examples entries left out because their file is missing upstream
    /// ([`ImportOptions::skip_missing_examples`]).
    pub missing_examples: Vec<MissingExample>,
}

/// An x-ms-examples entry whose file is missing upstream. [`write()`] keeps the spec's own copy of
/// it when the api-version is unchanged: examples belong to an api-version, and a transcribed
/// one (e.g. from the docs page) is still right for it.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingExample {
    /// Where it stands among `spec.operation.examples`.
    pub position: usize,
    pub reference: ExampleRef,
}

/// One x-ms-examples file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedExample {
    /// Path relative to the spec file, as in `spec.operation.examples[i].file`,
    /// e.g. `examples/PrivateEndpointConnectionUpdate.json`.
    pub file: String,
    /// The verbatim text of the upstream example file.
    pub contents: String,
}

/// Something in the OpenAPI input the spec cannot represent faithfully, or that is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The OpenAPI file that holds the problem.
    pub file: PathBuf,
    /// JSON pointer of the offending node, e.g. `#/definitions/Foo/properties/bar`.
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    /// `<file>#/pointer: message` (the pointer carries its own `#`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}: {}",
            self.file.display(),
            self.pointer,
            self.message
        )
    }
}

impl std::error::Error for ImportError {}

/// Imports the operation `operation_id` of the OpenAPI file `openapi`.
pub fn import(
    openapi: &Path,
    operation_id: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    OpenApi::read(openapi)?.import(operation_id, options)
}

/// One OpenAPI file, read, with every model and enum it can reach named (see `naming`): the
/// names do not depend on which of its operations are imported.
pub struct OpenApi {
    path: PathBuf,
    docs: Documents,
    root: resolve::Node,
    names: naming::Names,
}

impl OpenApi {
    pub fn read(openapi: &Path) -> Result<OpenApi, ImportError> {
        let file = resolve::normalize(openapi);
        let docs = Documents::default();
        let root = docs.root(&file, &Loc::root(&file))?;
        let names = naming::name_file(&docs, &root);
        Ok(OpenApi {
            path: openapi.to_path_buf(),
            docs,
            root,
            names,
        })
    }

    /// Every operationId of the file, in file order.
    pub fn operation_ids(&self) -> Result<Vec<String>, ImportError> {
        operation::ids(&self.root)
    }

    /// Imports the operation `operation_id`.
    pub fn import(
        &self,
        operation_id: &str,
        options: &ImportOptions,
    ) -> Result<Imported, ImportError> {
        let mut importer = Importer::new(options, &self.docs, &self.names);
        let found = operation::find(&self.root, operation_id)?;
        let (spec, examples) = importer.spec(&self.root, &found)?;
        Ok(Imported {
            spec,
            examples,
            missing_examples: std::mem::take(&mut importer.missing_examples),
            warnings: importer.into_warnings(),
            source: self.path.clone(),
        })
    }
}

/// Where `cargo xtask import` writes an import when not told: `<specs_dir>/<module>/<op>.yaml`,
/// the layout `generate` reads, e.g. `specs/key_vault/private_endpoint_connections_put.yaml` for
/// `PrivateEndpointConnections_Put` of `Microsoft.KeyVault`.
pub fn default_output(specs_dir: &Path, imported: &Imported) -> PathBuf {
    specs_dir
        .join(names::module_for_provider(&imported.spec.provider))
        .join(format!(
            "{}.yaml",
            names::snake(&imported.spec.operation.id)
        ))
}

/// The state of one import: the documents read, and the models and enums reached so far.
struct Importer<'o> {
    options: &'o ImportOptions,
    docs: &'o Documents,
    names: &'o naming::Names,
    warnings: Vec<String>,
    /// In order of first reach. A slot is reserved before the model's properties are read, so a
    /// model comes before those it reaches, and a recursive model finds itself.
    models: Vec<Option<Model>>,
    model_sources: HashMap<String, Loc>,
    enums: Vec<Enum>,
    enum_sources: HashMap<String, Loc>,
    missing_examples: Vec<MissingExample>,
    /// How many models are being read, one inside the other (see `schema::MAX_DEPTH`).
    depth: usize,
}

impl<'o> Importer<'o> {
    fn new(options: &'o ImportOptions, docs: &'o Documents, names: &'o naming::Names) -> Self {
        Importer {
            options,
            docs,
            names,
            warnings: Vec::new(),
            models: Vec::new(),
            model_sources: HashMap::new(),
            enums: Vec::new(),
            enum_sources: HashMap::new(),
            missing_examples: Vec::new(),
            depth: 0,
        }
    }

    fn warn(&mut self, loc: &Loc, message: impl fmt::Display) {
        self.warnings.push(loc.warning(message));
    }

    /// The warnings once each, in the order they were first given.
    fn into_warnings(self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.warnings
            .into_iter()
            .filter(|w| seen.insert(w.clone()))
            .collect()
    }
}
