//! The only module that touches serde_yaml (archived upstream), so it can be swapped.
//!
//! serde_yaml has no spanned values, but every error it raises carries the position of the
//! node being read. [`locate`] uses that: it re-reads the document and fails on purpose at the
//! node a path names, which yields that node's line and column.

use crate::diagnostic::{Diagnostic, Diagnostics, Segment, SpecPath};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// Parses `source` as `T`, turning syntax and shape errors into located diagnostics.
///
/// serde_yaml reads a plain `null`, `~` or empty value as the text `"null"`, `"~"` or `""`
/// wherever a `String` is expected, so a spec could leave out a required description by writing
/// `description: null`. Such a null is refused here, at its node, as any other wrong type is.
pub fn parse<T>(file: &Path, source: &str) -> Result<T, Diagnostics>
where
    T: for<'de> Deserialize<'de> + Serialize,
{
    let value: T = serde_yaml::from_str(source).map_err(|error| {
        let (line, column) = error
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = strip_position(&error.to_string());
        let hint = hint_for_shape_error(&message);
        Diagnostic::new(file, line, column, message, hint)
    })?;
    let problems: Vec<Diagnostic> = nulls_read_as_values(source, &value)
        .into_iter()
        .map(|(path, read)| {
            let (line, column) = locate(source, &path);
            let (message, hint) = match read {
                Read::Text(text) if !text.is_empty() => (
                    format!("{path}: `{text}` is YAML's null, where text is required"),
                    format!(
                        "write the text, or quote it (`'{text}'`) if you mean those characters"
                    ),
                ),
                Read::Text(_) => (
                    format!(
                        "{path}: no value, where text is required (an empty value is YAML's null)"
                    ),
                    "write the text, or `''` for empty text".to_string(),
                ),
                Read::EmptyList => (
                    format!(
                        "{path}: no value, where a list is required (an empty value is YAML's null)"
                    ),
                    "write the list, or `[]` for an empty one".to_string(),
                ),
            };
            Diagnostic::new(file, line, column, message, hint)
        })
        .collect();
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(Diagnostics(problems))
    }
}

/// What serde_yaml made of a YAML null where `T` wanted a value.
enum Read {
    /// The null's own spelling (`null`, `~`, or `""` for an empty value), taken as text.
    Text(String),
    /// An empty value, taken as an empty list.
    EmptyList,
}

/// Every YAML null in `source` that `value` (parsed from it) holds as a value: as text, or as
/// an empty list where the key is required (an optional list's empty default is not written
/// back, so it is not seen here). A null read as `None`, or kept as JSON `null` (a `default:`),
/// is what the spec meant.
fn nulls_read_as_values<T: Serialize>(source: &str, value: &T) -> Vec<(SpecPath, Read)> {
    // A null read as text is `""`, `~` or `null` (in any of YAML's spellings), and one read as a
    // list is empty. Without such a value there is nothing to find, and the second pass over
    // the document (a third of loading) is skipped.
    let Ok(read) = serde_json::to_value(value) else {
        return Vec::new();
    };
    if !could_be_a_null(&read) {
        return Vec::new();
    }
    let mut nulls = Vec::new();
    // The document parsed as `T` already, so the walk's only possible error is a node it does
    // not read (a tagged value), which holds no null of ours: the nulls found so far stand.
    let _ = NullFinder {
        path: SpecPath::root(),
        found: &mut nulls,
    }
    .deserialize(serde_yaml::Deserializer::from_str(source));
    nulls
        .into_iter()
        .filter_map(|path| {
            let node = path
                .segments()
                .iter()
                .try_fold(&read, |node, segment| match segment {
                    Segment::Key(key) => node.get(key.as_str()),
                    Segment::Index(index) => node.get(*index),
                })?;
            match node {
                serde_json::Value::String(text) => Some((path, Read::Text(text.clone()))),
                serde_json::Value::Array(items) if items.is_empty() => {
                    Some((path, Read::EmptyList))
                }
                _ => None,
            }
        })
        .collect()
}

/// Whether `read` holds a value a YAML null can be read as: text that is empty or a spelling of
/// null, or an empty list.
fn could_be_a_null(read: &serde_json::Value) -> bool {
    match read {
        serde_json::Value::String(text) => {
            matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
        }
        serde_json::Value::Array(items) => items.is_empty() || items.iter().any(could_be_a_null),
        serde_json::Value::Object(fields) => fields.values().any(could_be_a_null),
        _ => false,
    }
}

/// Walks a document and records the path of every null scalar.
struct NullFinder<'a> {
    path: SpecPath,
    found: &'a mut Vec<SpecPath>,
}

impl<'de> DeserializeSeed<'de> for NullFinder<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NullFinder<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            match key.as_str() {
                Some(key) => map.next_value_seed(NullFinder {
                    path: self.path.key(key),
                    found: &mut *self.found,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(NullFinder {
                path: self.path.index(index),
                found: &mut *self.found,
            })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.found.push(self.path);
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

/// Writes `value` as YAML (the importer's output).
pub(crate) fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|error| error.to_string())
}

/// Line and column (1-based) of the node that `path` names, or of its nearest existing parent.
pub fn locate(source: &str, path: &SpecPath) -> (usize, usize) {
    let mut best = (1, 1);
    // Walk up the path until a prefix exists in the document.
    for len in (0..=path.segments().len()).rev() {
        let probe = Probe {
            path: &path.segments()[..len],
        };
        let result = probe.deserialize(serde_yaml::Deserializer::from_str(source));
        if let Err(error) = result
            && error.to_string().contains(PROBE_MARK)
            && let Some(location) = error.location()
        {
            best = (location.line(), location.column());
            break;
        }
    }
    best
}

const PROBE_MARK: &str = "<probe reached target>";

/// Walks to the node at `path` and fails there.
struct Probe<'a> {
    path: &'a [crate::diagnostic::Segment],
}

impl<'de> DeserializeSeed<'de> for Probe<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Probe<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(PROBE_MARK));
        };
        while let Some(key) = map.next_key::<serde_yaml::Value>()? {
            let hit = matches!((first, key.as_str()), (crate::diagnostic::Segment::Key(k), Some(s)) if k == s);
            if hit {
                map.next_value_seed(Probe { path: rest })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(PROBE_MARK));
        };
        let mut index = 0;
        loop {
            let hit = matches!(first, crate::diagnostic::Segment::Index(i) if *i == index);
            let more = if hit {
                seq.next_element_seed(Probe { path: rest })?.is_some()
            } else {
                seq.next_element::<IgnoredAny>()?.is_some()
            };
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.leaf()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.leaf()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.leaf()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.leaf()
    }
}

impl Probe<'_> {
    fn leaf<E: de::Error>(&self) -> Result<(), E> {
        if self.path.is_empty() {
            Err(E::custom(PROBE_MARK))
        } else {
            Ok(())
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic prints it first.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

fn hint_for_shape_error(message: &str) -> String {
    if message.contains("unknown field") {
        "remove the key or fix its spelling; specs/README.md lists every key".into()
    } else if message.contains("missing field") {
        "add the key; specs/README.md says which keys are required".into()
    } else if message.contains("unknown variant") {
        "use one of the expected values".into()
    } else {
        "see specs/README.md for the spec format".into()
    }
}
