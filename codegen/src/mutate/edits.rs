//! The mutations themselves: of a parsed document (delete, duplicate, retype a node; hard
//! strings and recased names), of its YAML text, and of an OpenAPI operation. Each returns a
//! short description of what it did, for the case's report. The order in which they draw from
//! the `Rng` is part of what a seed means: changing it changes every case.

use super::Rng;
use crate::yaml;
use serde_json::Value;

/// Serializes `value` after one to three mutations; sometimes the YAML text itself is broken.
pub(super) fn mutate_document(
    value: &Value,
    strings: &[String],
    rng: &mut Rng,
) -> (String, Vec<String>) {
    let mut value = value.clone();
    let mut applied = Vec::new();
    for _ in 0..=rng.below(3) {
        applied.push(mutate_value(&mut value, strings, rng));
    }
    let text = yaml::to_string(&value).unwrap_or_default();
    if rng.one_in(5) {
        let (text, what) = mutate_text(&text, rng);
        applied.push(what);
        return (text, applied);
    }
    (text, applied)
}

/// A step from a node to one of its children.
#[derive(Debug, Clone)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

pub(super) fn nodes(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(path.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key.clone()));
                nodes(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Step::Index(index));
                nodes(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

pub(super) fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &mut node[key.as_str()],
        Step::Index(index) => &mut node[*index],
    })
}

pub(super) fn describe(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".into() } else { out }
}

/// Keywords and names the generated code uses itself.
pub(super) const HARD_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "await",
    "match",
    "mod",
    "r#type",
    "_",
    "__",
    "dyn",
    "try",
    "gen",
    "union",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Options",
    "Outcome",
    "Client",
    "new",
    "default",
    "value",
    "body",
    "options",
    "request",
    "response",
    "UnknownValue",
    "UnknownKind",
    "ServiceError",
    "serde",
    "std",
    "core",
    "runtime",
    "models",
    "Default",
    "Debug",
];

/// Strings that are hard in other ways.
pub(super) fn odd_string(rng: &mut Rng, strings: &[String]) -> String {
    match rng.below(16) {
        0 => String::new(),
        1 => "x".repeat(1 + rng.below(20_000)),
        2 => "Größe".into(),
        3 => "名前".into(),
        4 => "🦀émoji".into(),
        5 => format!("{}abc", rng.below(10)),
        6 => (*rng.pick(HARD_NAMES)).to_string(),
        7 => "a-b.c/d e".into(),
        8 => "{x}".into(),
        9 => "\n\t\"'\\".into(),
        10 => "%2F..%00".into(),
        11 => "\u{202e}rtl\u{200b}".into(),
        12 => {
            let s = rng.pick(strings).clone();
            recase(&s, rng)
        }
        13 => format!("{}X", rng.pick(strings)),
        14 => "-".into(),
        _ => rng.pick(strings).clone(),
    }
}

/// The same name, cased another way: collides once the generator cases it.
pub(super) fn recase(name: &str, rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => name.to_uppercase(),
        1 => name.to_lowercase(),
        2 => format!("{name}_"),
        _ => {
            let mut chars = name.chars();
            match chars.next() {
                Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "_".into(),
            }
        }
    }
}

pub(super) fn odd_value(rng: &mut Rng, strings: &[String]) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => Value::from(rng.next_u64() as i64),
        3 => Value::from(-1),
        4 => serde_json::json!(1.5e300),
        5 => Value::Array(Vec::new()),
        6 => Value::Object(serde_json::Map::new()),
        7 => Value::Array(vec![Value::String(odd_string(rng, strings))]),
        8 => serde_json::json!({ "name": odd_string(rng, strings) }),
        _ => Value::String(odd_string(rng, strings)),
    }
}

/// One of `map`'s keys, drawn with one `rng.below`.
fn some_key(map: &serde_json::Map<String, Value>, rng: &mut Rng) -> String {
    map.keys()
        .nth(rng.below(map.len()))
        .cloned()
        .unwrap_or_default()
}

/// One mutation anywhere in `value`; says what it did.
pub(super) fn mutate_value(value: &mut Value, strings: &[String], rng: &mut Rng) -> String {
    let mut all = Vec::new();
    nodes(value, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let node = at(value, &path);
    let at_path = describe(&path);
    match rng.below(9) {
        // Delete a key or an element.
        0 | 1 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = some_key(map, rng);
                map.shift_remove(&key);
                format!("delete {at_path}.{key}")
            }
            Value::Array(items) if !items.is_empty() => {
                let index = rng.below(items.len());
                items.remove(index);
                format!("delete {at_path}[{index}]")
            }
            _ => {
                *node = Value::Null;
                format!("null {at_path}")
            }
        },
        // Duplicate an element (a repeated name), or a key under another casing.
        2 => match node {
            Value::Array(items) if !items.is_empty() => {
                let mut copy = items[rng.below(items.len())].clone();
                if let Some(name) = copy.get_mut("name").filter(|_| rng.one_in(2))
                    && let Some(text) = name.as_str()
                {
                    *name = Value::String(recase(text, rng));
                }
                items.push(copy);
                format!("duplicate an element of {at_path}")
            }
            Value::Object(map) if !map.is_empty() => {
                let key = some_key(map, rng);
                let copy = map[&key].clone();
                let other = recase(&key, rng);
                map.insert(other.clone(), copy);
                format!("copy {at_path}.{key} to {other}")
            }
            _ => {
                *node = Value::Array(vec![node.clone(), node.clone()]);
                format!("twice {at_path}")
            }
        },
        // Retype.
        3 | 4 => {
            let new = odd_value(rng, strings);
            let what = format!("retype {at_path} to {}", short(&new));
            *node = new;
            what
        }
        // A hard string where a string is (names, types, refs, paths).
        5 | 6 => {
            let new = odd_string(rng, strings);
            let what = format!("{at_path} = {}", short(&Value::String(new.clone())));
            *node = Value::String(new);
            what
        }
        // An unknown or misplaced key.
        7 => match node {
            Value::Object(map) => {
                let key = odd_string(rng, strings);
                map.insert(key.clone(), odd_value(rng, strings));
                format!("add key {key:?} at {at_path}")
            }
            _ => {
                *node = serde_json::json!({ "name": node.clone() });
                format!("wrap {at_path}")
            }
        },
        // Numbers at their limits.
        _ => {
            let new = rng
                .pick(&[
                    serde_json::json!(0),
                    serde_json::json!(-1),
                    serde_json::json!(u64::MAX),
                    serde_json::json!(i64::MIN),
                    serde_json::json!(99999),
                    serde_json::json!("200"),
                ])
                .clone();
            let what = format!("{at_path} = {new}");
            *node = new;
            what
        }
    }
}

/// A short rendering of a value for a case's description.
pub(super) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!(
            "{}… ({} bytes)",
            text.chars().take(30).collect::<String>(),
            text.len()
        )
    } else {
        text
    }
}

/// Breaks the text itself: what a serializer never writes.
pub(super) fn mutate_text(text: &str, rng: &mut Rng) -> (String, String) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let cut = *rng.pick(&boundaries);
    let lines: Vec<&str> = text.lines().collect();
    match rng.below(6) {
        0 => (text[..cut].to_string(), format!("truncate at byte {cut}")),
        1 => {
            let insert = *rng.pick(&[
                ":",
                "- ",
                "[",
                "{",
                "&a ",
                "*a",
                "!!binary ",
                "\t",
                "\"",
                "'",
                "? ",
                "|",
                "#",
                "\u{feff}",
                "\0",
                "<<: *a\n",
                "%YAML 1.1\n",
            ]);
            (
                format!("{}{insert}{}", &text[..cut], &text[cut..]),
                format!("insert {insert:?} at byte {cut}"),
            )
        }
        2 if !lines.is_empty() => {
            // A repeated line is a repeated key, or a repeated element.
            let line = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.insert(line, lines[line]);
            (out.join("\n"), format!("duplicate line {}", line + 1))
        }
        3 if !lines.is_empty() => {
            let line = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            out.remove(line);
            (out.join("\n"), format!("delete line {}", line + 1))
        }
        4 if !lines.is_empty() => {
            let line = rng.below(lines.len());
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out[line] = format!(" {}", out[line]);
            (out.join("\n"), format!("indent line {}", line + 1))
        }
        _ => (String::new(), "empty document".into()),
    }
}

/// One mutation of an OpenAPI file, mostly where the operation's import reads: its path item,
/// the parameters, the definitions and `$ref`s.
pub(super) fn mutate_openapi(
    value: &mut Value,
    operation: &str,
    strings: &[String],
    rng: &mut Rng,
) -> String {
    let operation_node = find_operation(value, operation);
    let definitions: Vec<String> = value
        .get("definitions")
        .and_then(Value::as_object)
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default();
    match rng.below(6) {
        // Inside the operation.
        0 | 1 => match operation_node {
            Some(path) => {
                let node = at(value, &path);
                let what = mutate_value(node, strings, rng);
                format!("operation {}: {what}", describe(&path))
            }
            None => "operation not found".into(),
        },
        // Inside a definition.
        2 | 3 if !definitions.is_empty() => {
            let name = rng.pick(&definitions).clone();
            let node = &mut value["definitions"][name.as_str()];
            let what = mutate_value(node, strings, rng);
            format!("definition {name}: {what}")
        }
        // A `$ref` made dangling, cyclic or odd.
        4 => {
            let mut all = Vec::new();
            nodes(value, &mut Vec::new(), &mut all);
            let refs: Vec<Vec<Step>> = all
                .into_iter()
                .filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "$ref"))
                .collect();
            if refs.is_empty() {
                return "no $ref".into();
            }
            let path = rng.pick(&refs).clone();
            let parent = &path[..path.len() - 1];
            let own = format!("#{}", pointer(parent));
            let new = match rng.below(6) {
                0 => "#/definitions/Nope".to_string(),
                1 => own,
                2 => "./missing.json#/definitions/X".into(),
                3 => "#/paths".into(),
                4 => format!(
                    "#/definitions/{}",
                    rng.pick(
                        &definitions
                            .clone()
                            .into_iter()
                            .chain(["x".to_string()])
                            .collect::<Vec<_>>()
                    )
                ),
                _ => "../../../../../../../../etc/hostname#/x".into(),
            };
            let what = format!("{} = {new:?}", describe(&path));
            *at(value, &path) = Value::String(new);
            what
        }
        // A definition that refers to itself through a property, or through allOf.
        _ if !definitions.is_empty() => {
            let name = rng.pick(&definitions).clone();
            let reference = format!("#/definitions/{name}");
            let node = &mut value["definitions"][name.as_str()];
            if rng.one_in(2) {
                node["allOf"] = serde_json::json!([{ "$ref": reference }]);
                format!("definition {name} allOf itself")
            } else {
                node["properties"]["loop"] = serde_json::json!({ "$ref": reference });
                format!("definition {name} has itself as a property")
            }
        }
        _ => mutate_value(value, strings, rng),
    }
}

pub(super) fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

/// Where the operation `id` is in `paths` (or `x-ms-paths`).
pub(super) fn find_operation(value: &Value, id: &str) -> Option<Vec<Step>> {
    for section in ["paths", "x-ms-paths"] {
        let Some(paths) = value.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, operation) in item {
                if operation.get("operationId").and_then(Value::as_str) == Some(id) {
                    return Some(vec![
                        Step::Key(section.into()),
                        Step::Key(path.clone()),
                        Step::Key(method.clone()),
                    ]);
                }
            }
        }
    }
    None
}

pub(super) fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if text.len() < 64 => out.push(text.clone()),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
