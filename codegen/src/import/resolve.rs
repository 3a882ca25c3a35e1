//! OpenAPI documents and `$ref`s: each file is read once, and references are followed across
//! files relative to the file that holds them, as azure-rest-api-specs writes them.

use super::ImportError;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// Where a node sits: its file and its JSON pointer, e.g. `#/definitions/Foo`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Loc {
    pub file: PathBuf,
    pub pointer: String,
}

impl Loc {
    pub fn root(file: &Path) -> Loc {
        Loc {
            file: file.to_path_buf(),
            pointer: "#".into(),
        }
    }

    /// The child at `key`, escaped as JSON pointers require (`~` → `~0`, `/` → `~1`).
    pub fn key(&self, key: &str) -> Loc {
        let escaped = key.replace('~', "~0").replace('/', "~1");
        Loc {
            file: self.file.clone(),
            pointer: format!("{}/{escaped}", self.pointer),
        }
    }

    pub fn index(&self, index: usize) -> Loc {
        self.key(&index.to_string())
    }

    pub fn error(&self, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.clone(),
            pointer: self.pointer.clone(),
            message: message.into(),
        }
    }

    /// A warning in the same `file#pointer: message` shape as an error.
    pub fn warning(&self, message: impl fmt::Display) -> String {
        format!("{self}: {message}")
    }

    /// `Some(name)` when this is `#/definitions/<name>`: only definitions have names to give.
    pub fn definition_name(&self) -> Option<String> {
        let rest = self.pointer.strip_prefix("#/definitions/")?;
        (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.file.display(), self.pointer)
    }
}

/// A JSON value together with where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub loc: Loc,
    pub value: Value,
}

impl Node {
    /// The child at `key`, of any JSON type.
    pub fn get(&self, key: &str) -> Option<Node> {
        self.value.get(key).map(|value| Node {
            loc: self.loc.key(key),
            value: value.clone(),
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.value.get(key).is_some()
    }

    /// A string keyword: absent is `None`; any other JSON type is an error, never a silent
    /// default.
    pub fn str(&self, key: &str) -> Result<Option<&str>, ImportError> {
        match self.value.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(self.loc.key(key).error(expected("a string", other))),
        }
    }

    /// A boolean keyword: absent is `false`; `"true"` or `1` is an error, not `false`.
    pub fn flag(&self, key: &str) -> Result<bool, ImportError> {
        match self.value.get(key) {
            None => Ok(false),
            Some(Value::Bool(flag)) => Ok(*flag),
            Some(other) => Err(self.loc.key(key).error(expected("a boolean", other))),
        }
    }

    /// This object's entries in document order (serde_json keeps it: `preserve_order`).
    /// Another JSON type is an error.
    pub fn entries(&self) -> Result<Vec<(String, Node)>, ImportError> {
        let object = self.object()?;
        Ok(object
            .iter()
            .map(|(key, value)| {
                let node = Node {
                    loc: self.loc.key(key),
                    value: value.clone(),
                };
                (key.clone(), node)
            })
            .collect())
    }

    /// This array's elements. Another JSON type is an error.
    pub fn elements(&self) -> Result<Vec<Node>, ImportError> {
        let Value::Array(array) = &self.value else {
            return Err(self.loc.error(expected("an array", &self.value)));
        };
        Ok(array
            .iter()
            .enumerate()
            .map(|(index, value)| Node {
                loc: self.loc.index(index),
                value: value.clone(),
            })
            .collect())
    }

    /// The entries of the object at `key`; absent is none.
    pub fn entries_of(&self, key: &str) -> Result<Vec<(String, Node)>, ImportError> {
        match self.get(key) {
            Some(node) => node.entries(),
            None => Ok(Vec::new()),
        }
    }

    /// The elements of the array at `key`; absent is none.
    pub fn elements_of(&self, key: &str) -> Result<Vec<Node>, ImportError> {
        match self.get(key) {
            Some(node) => node.elements(),
            None => Ok(Vec::new()),
        }
    }

    /// The object at `key`, if present. Another JSON type is an error.
    pub fn object_at(&self, key: &str) -> Result<Option<Node>, ImportError> {
        match self.get(key) {
            Some(node) => {
                node.object()?;
                Ok(Some(node))
            }
            None => Ok(None),
        }
    }

    /// The keys of this object, for checking which keywords it uses. Checking the keywords of
    /// something that is not an object is an error: it would find none.
    pub fn keys(&self) -> Result<Vec<String>, ImportError> {
        Ok(self.object()?.keys().cloned().collect())
    }

    /// This node as a JSON object; another JSON type is an error.
    pub fn object(&self) -> Result<&serde_json::Map<String, Value>, ImportError> {
        match &self.value {
            Value::Object(object) => Ok(object),
            other => Err(self.loc.error(expected("an object", other))),
        }
    }
}

/// `expected an array, found an object`.
pub(crate) fn expected(what: &str, found: &Value) -> String {
    format!("expected {what}, found {}", json_type(found))
}

/// The JSON type of `value`, with its article, for messages.
pub(crate) fn json_type(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => format!("the boolean `{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) => format!("the string {value}", value = Value::from(text.as_str())),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Every OpenAPI file read so far, by normalized path.
#[derive(Default)]
pub(crate) struct Documents {
    cache: RefCell<HashMap<PathBuf, Rc<Value>>>,
}

impl Documents {
    /// The whole document at `file`. `from` is blamed when the file cannot be read.
    pub fn root(&self, file: &Path, from: &Loc) -> Result<Node, ImportError> {
        let document = self.document(file, from)?;
        Ok(Node {
            loc: Loc::root(file),
            value: (*document).clone(),
        })
    }

    fn document(&self, file: &Path, from: &Loc) -> Result<Rc<Value>, ImportError> {
        if let Some(document) = self.cache.borrow().get(file) {
            return Ok(document.clone());
        }
        let text = fs::read_to_string(file)
            .map_err(|e| from.error(format!("cannot read `{}`: {e}", file.display())))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            Loc::root(file).error(format!(
                "not valid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ))
        })?;
        let document = Rc::new(value);
        self.cache
            .borrow_mut()
            .insert(file.to_path_buf(), document.clone());
        Ok(document)
    }

    /// Follows `$ref`s from `node` until a node without one. Returns every node on the way,
    /// `node` first: the referring nodes carry the description and readOnly that apply here.
    pub fn chain(&self, node: Node) -> Result<Vec<Node>, ImportError> {
        let mut chain = vec![node];
        loop {
            let last = chain.last().expect("the chain starts non-empty");
            let Some(reference) = last.value.get("$ref") else {
                return Ok(chain);
            };
            let Some(reference) = reference.as_str() else {
                return Err(last.loc.error("`$ref` is not a string"));
            };
            let target = self.target(last, reference)?;
            if let Some(seen) = chain.iter().position(|n| n.loc == target.loc) {
                let cycle: Vec<String> = chain[seen..]
                    .iter()
                    .chain([&target])
                    .map(|n| n.loc.to_string())
                    .collect();
                return Err(last
                    .loc
                    .error(format!("`$ref` cycle: {}", cycle.join(" → "))));
            }
            chain.push(target);
        }
    }

    /// The node a `$ref` written at `from` names.
    pub fn target(&self, from: &Node, reference: &str) -> Result<Node, ImportError> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() {
            from.loc.file.clone()
        } else {
            relative_to(&from.loc.file, file)
        };
        let document = self.document(&file, &from.loc)?;
        let Some(value) = document.pointer(fragment) else {
            return Err(from.loc.error(format!(
                "dangling `$ref`: `{reference}` names nothing (no `#{fragment}` in `{}`)",
                file.display()
            )));
        };
        Ok(Node {
            loc: Loc {
                file,
                pointer: format!("#{fragment}"),
            },
            value: value.clone(),
        })
    }
}

/// `reference` (a relative file path) read from inside `file`'s folder.
pub(crate) fn relative_to(file: &Path, reference: &str) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new(""));
    normalize(&dir.join(reference))
}

/// Removes `.` and `a/..` without touching the file system, so the same file always has the
/// same key (and the same name in errors), however it was reached.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}
