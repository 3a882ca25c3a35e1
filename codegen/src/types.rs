//! The one table from a spec type and format to a Rust type.
//!
//! Lowering reads it for properties, parameters and headers; the importer reads it to turn an
//! OpenAPI `type` + `format` into the spec's vocabulary. Adding a format is one row here.

use crate::ir::Type;

/// Where a spec type may be used. Each scope includes the ones before it: every type a
/// header may have, a parameter may have too, and every type a parameter may have, a property
/// may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Property,
    /// Also a path, query or header parameter.
    Parameter,
    /// Also a response header.
    Header,
}

/// One spec type with one format (or none), and what it becomes.
struct Row {
    ty: &'static str,
    format: Option<&'static str>,
    rust: Type,
    /// The spec's own type name for this format (`string` + `uuid` is written `uuid`).
    named: Option<&'static str>,
    scope: Scope,
}

const fn row(
    ty: &'static str,
    format: Option<&'static str>,
    rust: Type,
    named: Option<&'static str>,
    scope: Scope,
) -> Row {
    Row {
        ty,
        format,
        rust,
        named,
        scope,
    }
}

#[rustfmt::skip]
const TABLE: &[Row] = &[
    row("string",  None,                      Type::String,          None,              Scope::Header),
    row("string",  Some("uuid"),              Type::String,          Some("uuid"),      Scope::Parameter),
    row("string",  Some("uri"),               Type::String,          Some("uri"),       Scope::Property),
    row("string",  Some("arm-id"),            Type::String,          Some("arm-id"),    Scope::Property),
    row("string",  Some("date-time"),         Type::DateTime,        Some("date-time"), Scope::Property),
    row("string",  Some("date-time-rfc1123"), Type::DateTimeRfc7231, None,              Scope::Property),
    row("string",  Some("date"),              Type::String,          None,              Scope::Property),
    row("string",  Some("duration"),          Type::String,          None,              Scope::Property),
    row("string",  Some("password"),          Type::String,          None,              Scope::Property),
    row("string",  Some("byte"),              Type::Bytes,           None,              Scope::Property),
    row("string",  Some("base64url"),         Type::Base64Url,       None,              Scope::Property),
    row("integer", None,                      Type::I64,             None,              Scope::Header),
    row("integer", Some("int64"),             Type::I64,             None,              Scope::Header),
    row("integer", Some("int32"),             Type::I32,             None,              Scope::Header),
    row("integer", Some("unixtime"),          Type::UnixTime,        None,              Scope::Property),
    row("number",  None,                      Type::F64,             None,              Scope::Property),
    row("number",  Some("double"),            Type::F64,             None,              Scope::Property),
    row("number",  Some("float"),             Type::F64,             None,              Scope::Property),
    row("boolean", None,                      Type::Bool,            None,              Scope::Parameter),
    row("object",  None,                      Type::Json,            None,              Scope::Property),
];

/// What a property's doc says about a format whose Rust type does not say it all: the text a
/// `String` holds, or the wire form of a typed value. (`uuid`, `uri` and `arm-id` say it in
/// their names and descriptions.)
#[rustfmt::skip]
const NOTES: &[(&str, &str)] = &[
    ("date",              "An ISO 8601 date (`2024-01-31`), kept as text so that a value in another shape never fails the body."),
    ("duration",          "An ISO 8601 duration (`PT1H30M`), kept as text: months and years have no fixed length."),
    ("date-time-rfc1123", "Sent as an RFC 7231 date (`Sun, 06 Nov 1994 08:49:37 GMT`); read in any HTTP date form."),
    ("unixtime",          "Sent as whole seconds since the Unix epoch; read from whole or fractional seconds."),
    ("byte",              "Sent and read as base64."),
    ("base64url",         "Sent and read as base64url (the URL-safe alphabet, unpadded)."),
    ("float",             "A single-precision number on the service, held as `f64`."),
];

/// The row of `ty` with `format`; a format matches whatever its case (upstream writes `Int32`).
fn find(ty: &str, format: Option<&str>) -> Option<&'static Row> {
    TABLE.iter().find(|r| {
        r.ty == ty
            && match (r.format, format) {
                (Some(known), Some(given)) => known.eq_ignore_ascii_case(given),
                (known, given) => known == given,
            }
    })
}

/// The OpenAPI primitive types a parameter or header may have.
const PRIMITIVES: &[&str] = &["string", "integer", "number", "boolean"];

/// Whether `name` is a type the spec defines itself (`string`, `uuid`, `object`...), as
/// opposed to a model or enum of the file.
pub fn is_primitive(name: &str) -> bool {
    TABLE.iter().any(|r| r.ty == name || r.named == Some(name))
}

/// The spec's built-in type names, for suggestions.
pub fn primitive_names() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for name in TABLE.iter().flat_map(|r| [Some(r.ty), r.named]).flatten() {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.into_iter()
}

/// What a property of primitive type `ty` with `format` is in Rust; `None` when `ty` is not
/// primitive, or is a spec type that already says its format (`uuid`) and has another.
///
/// A format the table does not know for a base type (`string` + `hostname`, `integer` +
/// `int8`) falls back to the base type: the importer warns about it, and the field's doc
/// names it (see [`property_note`]).
pub fn property(ty: &str, format: Option<&str>) -> Option<Type> {
    if let Some(row) = find(ty, format) {
        return Some(row.rust.clone());
    }
    if let Some(base) = find(ty, None) {
        return Some(base.rust.clone());
    }
    let row = TABLE.iter().find(|r| r.named == Some(ty))?;
    format.is_none().then(|| row.rust.clone())
}

/// What a property's doc says about its type and format, if anything: the wire form of a
/// typed value, the text a `String` holds, or that a format is unknown and not interpreted.
pub fn property_note(ty: &str, format: Option<&str>) -> Option<String> {
    let format = match format {
        Some(format) => format,
        // A spec type of its own (`uuid`) carries its format in the name.
        None => TABLE.iter().find(|r| r.named == Some(ty))?.format?,
    };
    if let Some((_, note)) = NOTES.iter().find(|(name, _)| *name == format) {
        return Some((*note).to_string());
    }
    let known = find(ty, Some(format)).is_some();
    (!known && find(ty, None).is_some()).then(|| {
        format!("The spec gives format `{format}`, which the generator does not interpret: the value is a plain `{ty}`.")
    })
}

/// What a path, query or header parameter of `ty` with `format` is in Rust, if it may be one.
/// A format the table does not know for parameters leaves the base type (`string` + `uri` is
/// a `String`); the format is then documentation only.
pub fn parameter(ty: &str, format: Option<&str>) -> Option<Type> {
    let in_scope = |row: &&Row| row.scope >= Scope::Parameter;
    find(ty, format)
        .filter(in_scope)
        .or_else(|| find(ty, None).filter(in_scope))
        .map(|r| r.rust.clone())
}

/// What a response header of `ty` with `format` is in Rust: any primitive may be one. Integers
/// (no format, `int32` or `int64`, in any case) are integers; everything else is the header's
/// text, a `String`, with the format named in its doc.
pub fn header(ty: &str, format: Option<&str>) -> Option<Type> {
    if !PRIMITIVES.contains(&ty) {
        return None;
    }
    Some(
        find(ty, format)
            .filter(|r| r.scope >= Scope::Header)
            .map_or(Type::String, |r| r.rust.clone()),
    )
}

/// Whether a header of `ty` with `format` is kept as text although the format says more (a
/// date, a URL, a number): its doc should name the format.
pub fn header_format_is_documentation(ty: &str, format: Option<&str>) -> bool {
    format.is_some() && header(ty, format) == Some(Type::String)
}

/// The spec's `type` and `format:` for an OpenAPI primitive: a format with a spec type of its
/// own becomes that type (`string` + `uuid` → `uuid`). `None` when the spec cannot say it.
pub fn spec_type_of(
    ty: &str,
    format: Option<&str>,
) -> Option<(&'static str, Option<&'static str>)> {
    let row = find(ty, format)?;
    Some(match row.named {
        Some(named) => (named, None),
        None => (row.ty, row.format),
    })
}

/// Whether an array or map element of `ty` (which has no `format:` of its own in the spec)
/// still has the Rust type `format` would give it.
pub fn element_format_is_default(ty: &str, format: &str) -> bool {
    match (find(ty, Some(format)), find(ty, None)) {
        (Some(with), Some(without)) => with.rust == without.rust,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_a_name_of_their_own_mean_the_same_either_way() {
        for row in TABLE {
            if let Some(named) = row.named {
                assert_eq!(property(named, None), property(row.ty, row.format));
                assert_eq!(spec_type_of(row.ty, row.format), Some((named, None)));
            }
        }
    }

    #[test]
    fn the_tables_of_the_three_uses_agree() {
        assert_eq!(property("integer", Some("int32")), Some(Type::I32));
        assert_eq!(property("uuid", Some("uri")), None);
        assert_eq!(parameter("string", Some("uuid")), Some(Type::String));
        assert_eq!(parameter("string", Some("uri")), Some(Type::String));
        assert_eq!(parameter("integer", Some("Int32")), Some(Type::I32));
        assert_eq!(parameter("number", None), None);
        assert_eq!(parameter("uuid", None), None);
        assert_eq!(header("boolean", None), Some(Type::String));
        assert_eq!(header("string", Some("uri")), Some(Type::String));
        assert_eq!(header("integer", Some("int32")), Some(Type::I32));
        assert_eq!(header("integer", Some("INT64")), Some(Type::I64));
        assert_eq!(header("integer", Some("duration")), Some(Type::String));
        assert_eq!(header("array", None), None);
        assert!(header_format_is_documentation(
            "string",
            Some("date-time-rfc1123")
        ));
        assert!(!header_format_is_documentation("integer", Some("Int32")));
        assert!(element_format_is_default("integer", "int64"));
        assert!(!element_format_is_default("integer", "int32"));
        assert!(!element_format_is_default("string", "byte"));
        assert_eq!(
            primitive_names().collect::<Vec<_>>(),
            [
                "string",
                "uuid",
                "uri",
                "arm-id",
                "date-time",
                "integer",
                "number",
                "boolean",
                "object"
            ]
        );
    }

    #[test]
    fn every_format_of_a_property_has_a_rust_type() {
        for (ty, format, rust) in [
            ("string", "date", Type::String),
            ("string", "date-time", Type::DateTime),
            ("string", "date-time-rfc1123", Type::DateTimeRfc7231),
            ("string", "duration", Type::String),
            ("string", "uuid", Type::String),
            ("string", "uri", Type::String),
            ("string", "byte", Type::Bytes),
            ("string", "base64url", Type::Base64Url),
            ("integer", "unixtime", Type::UnixTime),
            ("integer", "int32", Type::I32),
            ("integer", "int64", Type::I64),
            ("number", "float", Type::F64),
            ("number", "double", Type::F64),
        ] {
            assert_eq!(property(ty, Some(format)), Some(rust), "{ty} + {format}");
        }
        assert_eq!(property("object", None), Some(Type::Json));
    }

    #[test]
    fn an_unknown_format_falls_back_to_the_base_type_and_is_documented() {
        // A known format in another case is that format (upstream writes `Int32`).
        assert_eq!(property("integer", Some("Int32")), Some(Type::I32));
        assert_eq!(property("integer", Some("int8")), Some(Type::I64));
        assert_eq!(property("string", Some("hostname")), Some(Type::String));
        assert_eq!(property("boolean", Some("int32")), Some(Type::Bool));
        let note = property_note("string", Some("hostname")).unwrap();
        assert!(note.contains("`hostname`"), "{note}");
        assert_eq!(property_note("integer", Some("int32")), None);
        assert!(
            property_note("string", Some("date"))
                .unwrap()
                .contains("ISO 8601")
        );
        assert_eq!(property_note("uuid", None), None);
        assert_eq!(property_note("date-time", None), None);
        // An unknown format is never given a spec type of its own.
        assert_eq!(spec_type_of("string", Some("hostname")), None);
    }
}
