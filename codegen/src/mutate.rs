//! Seeded mutation of the real specs, to try the generator and the importer on many broken
//! inputs (the robustness tests and `cargo xtask fuzz`).
//!
//! Every case is one seed: the seed picks a real document (a YAML spec or definitions file of
//! `specs/<module>/`, an example file, or an upstream OpenAPI file) and one to three mutations
//! (delete, duplicate or retype a key; a wrong YAML type; a dangling or cyclic reference; huge,
//! empty, unicode, keyword or digit-leading strings; names that collide once cased; broken
//! YAML text), runs it, and checks the invariant: no panic, and either output that parses as
//! Rust or an error that says where. Nothing is written outside a scratch folder, and the same
//! seed always gives the same case, so a failure is reproduced by its seed alone.

use crate::diagnostic::Diagnostics;
use crate::import::{self, ImportOptions};
use crate::load::{self, Loaded, SpecFile};
use crate::yaml;
use serde_json::Value;
use std::fmt;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// A small, fast, seedable generator (SplitMix64): the cases must be reproducible from a seed
/// and need no statistical quality beyond "spread out".
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seed of case `index` of a run started with `seed`, so runs split over threads or
/// replayed one case at a time see the same cases.
pub fn case_seed(seed: u64, index: u64) -> u64 {
    Rng::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64()
}

/// One real spec document.
#[derive(Debug, Clone)]
struct SeedFile {
    /// Where it is, so its example files are found beside it.
    path: PathBuf,
    /// Relative to the specs directory.
    name: String,
    value: Value,
    definitions: bool,
}

/// A module's real files.
#[derive(Debug, Clone)]
struct SeedModule {
    files: Vec<SeedFile>,
}

/// One real OpenAPI file and its operations.
#[derive(Debug, Clone)]
struct SeedOpenApi {
    /// Relative to the copied tree.
    relative: PathBuf,
    text: String,
    value: Value,
    operations: Vec<String>,
}

/// The real documents every case starts from.
#[derive(Debug, Clone)]
pub struct Corpus {
    modules: Vec<SeedModule>,
    openapi: Vec<SeedOpenApi>,
    /// A copy of the upstream tree, where mutated OpenAPI files are written.
    scratch: Option<PathBuf>,
    /// Every string of the seed specs, for swaps that make dangling and cyclic references.
    strings: Vec<String>,
}

impl Corpus {
    /// Reads every module of `specs_dir` and, when `scratch` is given, copies `specs/upstream`
    /// there for the importer target (each thread needs a scratch folder of its own).
    pub fn read(specs_dir: &Path, scratch: Option<&Path>) -> Result<Corpus, String> {
        let loaded = load::load_dir(specs_dir).map_err(|e| e.to_string())?;
        let mut modules: Vec<(PathBuf, SeedModule)> = Vec::new();
        let mut strings = Vec::new();
        let documents = loaded
            .specs
            .iter()
            .map(|s| (&s.display_path, &s.name, &s.source, false))
            .chain(
                loaded
                    .definitions
                    .iter()
                    .map(|d| (&d.display_path, &d.name, &d.source, true)),
            );
        for (path, name, source, definitions) in documents {
            let value: Value = yaml::parse(path, source).map_err(|e| e.to_string())?;
            collect_strings(&value, &mut strings);
            let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
            let file = SeedFile {
                path: path.clone(),
                name: name.clone(),
                value,
                definitions,
            };
            match modules.iter_mut().find(|(d, _)| *d == dir) {
                Some((_, module)) => module.files.push(file),
                None => modules.push((dir, SeedModule { files: vec![file] })),
            }
        }
        strings.sort();
        strings.dedup();
        let mut openapi = Vec::new();
        if let Some(scratch) = scratch {
            let upstream = specs_dir.join(load::UPSTREAM_DIR);
            copy_tree(&upstream, scratch).map_err(|e| format!("copying {upstream:?}: {e}"))?;
            let mut files = Vec::new();
            json_files(scratch, &mut files).map_err(|e| e.to_string())?;
            files.sort();
            for path in files {
                if path.components().any(|c| c.as_os_str() == "examples") {
                    continue;
                }
                let Ok(api) = import::OpenApi::read(&path) else {
                    continue;
                };
                let Ok(operations) = api.operation_ids() else {
                    continue;
                };
                if operations.is_empty() {
                    continue;
                }
                let text = fs::read_to_string(&path).map_err(|e| e.to_string())?;
                let value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                openapi.push(SeedOpenApi {
                    relative: path.strip_prefix(scratch).unwrap_or(&path).to_path_buf(),
                    text,
                    value,
                    operations,
                });
            }
        }
        Ok(Corpus {
            modules: modules.into_iter().map(|(_, m)| m).collect(),
            openapi,
            scratch: scratch.map(Path::to_path_buf),
            strings,
        })
    }

    /// How many OpenAPI files the importer target mutates.
    pub fn openapi_files(&self) -> usize {
        self.openapi.len()
    }
}

/// What a case did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The mutant generated code, and every file parses as Rust.
    Accepted,
    /// The mutant was refused with located errors.
    Refused,
    /// The invariant broke: a panic, output that is not Rust, or an error that does not say where.
    Failed(String),
}

/// One case: its target, its seed, what was tried and what happened.
#[derive(Debug, Clone)]
pub struct Case {
    pub seed: u64,
    pub target: Target,
    /// The mutations applied, in words.
    pub mutations: Vec<String>,
    pub verdict: Verdict,
    /// The mutated document, for a failure's report.
    pub document: String,
    /// The mutated spec or definitions file, relative to the specs directory (empty when an
    /// example or an OpenAPI file was mutated).
    pub file: String,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} case seed {:#x}: {:?}\n  mutations: {}",
            self.target,
            self.seed,
            self.verdict,
            self.mutations.join("; ")
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// load → lower → emit over the YAML specs.
    Specs,
    /// The OpenAPI importer, then (when it accepts) writing the spec and generating from it.
    Import,
}

/// Runs one case of `target`. `check_rust` re-parses every emitted file with syn (emit already
/// parses its tokens; this also checks prettyplease's text).
pub fn run(corpus: &Corpus, target: Target, seed: u64, check_rust: bool) -> Case {
    let mut case = Case {
        seed,
        target,
        mutations: Vec::new(),
        verdict: Verdict::Refused,
        document: String::new(),
        file: String::new(),
    };
    let result = catch_unwind(AssertUnwindSafe(|| match target {
        Target::Specs => spec_case(corpus, seed, check_rust, &mut case),
        Target::Import => import_case(corpus, seed, &mut case),
    }));
    case.verdict = match result {
        Ok(verdict) => verdict,
        Err(panic) => Verdict::Failed(format!("panic: {}", panic_message(&panic))),
    };
    case
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(not a string)".into())
}

fn spec_case(corpus: &Corpus, seed: u64, check_rust: bool, case: &mut Case) -> Verdict {
    let mut rng = Rng::new(seed);
    let module = rng.pick(&corpus.modules);
    let target = rng.below(module.files.len());
    let whole_module = rng.one_in(8);
    // The target, the definitions and (for a definitions target) one spec that uses them.
    let spec_for_definitions = module
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.definitions)
        .map(|(i, _)| i)
        .collect::<Vec<_>>();
    let extra = if spec_for_definitions.is_empty() {
        None
    } else {
        Some(*rng.pick(&spec_for_definitions))
    };
    let mut loaded = Loaded::default();
    let mut problems = Diagnostics::default();
    let mutate_example = rng.one_in(6);
    for (index, file) in module.files.iter().enumerate() {
        let chosen = index == target
            || whole_module
            || file.definitions
            || (module.files[target].definitions && Some(index) == extra);
        if !chosen {
            continue;
        }
        let source = if index == target && !mutate_example {
            let (text, applied) = mutate_document(&file.value, &corpus.strings, &mut rng);
            case.mutations = applied;
            case.document = text.clone();
            case.file = file.name.clone();
            text
        } else {
            yaml::to_string(&file.value).unwrap_or_default()
        };
        if file.definitions {
            match load::parse_definitions(&file.path, &file.name, source) {
                Ok(parsed) => loaded.definitions.push(parsed),
                Err(mut found) => problems.0.append(&mut found.0),
            }
        } else {
            match load::parse_file(&file.path, &file.name, source) {
                Ok(parsed) => loaded.specs.push(parsed),
                Err(mut found) => problems.0.append(&mut found.0),
            }
        }
    }
    if mutate_example {
        mutate_an_example(&mut loaded.specs, &corpus.strings, &mut rng, case);
    }
    if !problems.0.is_empty() {
        return judge_refusal(&problems);
    }
    match crate::generate_loaded(Path::new("specs"), &loaded) {
        Ok(files) => match null_read_as_value(case, &loaded) {
            Some(failure) => Verdict::Failed(failure),
            None => judge_output(&files, check_rust),
        },
        Err(problems) => judge_refusal(&problems),
    }
}

/// An accepted mutant must not hold a YAML null (`null`, `~`, an empty value) as text or as a
/// list: where the spec needs one, a null is an error, not the word `"null"` or nothing.
fn null_read_as_value(case: &Case, loaded: &Loaded) -> Option<String> {
    if case.file.is_empty() {
        return None;
    }
    let document: Value = yaml::parse(Path::new(&case.file), &case.document).ok()?;
    let read = loaded
        .specs
        .iter()
        .find(|s| s.name == case.file)
        .map(|s| serde_json::to_value(&s.spec))
        .or_else(|| {
            loaded
                .definitions
                .iter()
                .find(|d| d.name == case.file)
                .map(|d| serde_json::to_value(&d.definitions))
        })?
        .ok()?;
    let mut all = Vec::new();
    nodes(&document, &mut Vec::new(), &mut all);
    all.into_iter().find_map(|path| {
        if !value_at(&document, &path)?.is_null() {
            return None;
        }
        let as_read = value_at(&read, &path)?;
        let taken = as_read.is_string() || as_read.as_array().is_some_and(Vec::is_empty);
        taken.then(|| format!("the YAML null at {} was read as {as_read}", describe(&path)))
    })
}

/// The node at `path`, if there is one.
fn value_at<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |node, step| match step {
        Step::Key(key) => node.get(key.as_str()),
        Step::Index(index) => node.get(*index),
    })
}

/// Replaces one example of one spec with a mutated one; an example that no longer has the
/// x-ms-examples shape is what loading refuses, so that mutant is not tried further.
fn mutate_an_example(specs: &mut [SpecFile], strings: &[String], rng: &mut Rng, case: &mut Case) {
    let with_examples: Vec<usize> = (0..specs.len())
        .filter(|&i| !specs[i].examples.is_empty())
        .collect();
    if with_examples.is_empty() {
        return;
    }
    let spec = &mut specs[*rng.pick(&with_examples)];
    let index = rng.below(spec.examples.len());
    let Ok(mut value) = serde_json::to_value(&spec.examples[index]) else {
        return;
    };
    for _ in 0..=rng.below(3) {
        case.mutations.push(format!(
            "example: {}",
            mutate_value(&mut value, strings, rng)
        ));
    }
    case.document = value.to_string();
    case.file.clear();
    if let Ok(example) = serde_json::from_value(value) {
        spec.examples[index] = example;
    }
}

/// Accepted output must be Rust (and the API records JSON).
fn judge_output(files: &[crate::emit::GeneratedFile], check_rust: bool) -> Verdict {
    if files.is_empty() {
        return Verdict::Failed("accepted, but no file was generated".into());
    }
    if check_rust {
        for file in files.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(error) = syn::parse_file(&file.contents) {
                return Verdict::Failed(format!("{} does not parse: {error}", file.path));
            }
        }
    }
    Verdict::Accepted
}

/// A refusal must say where, and must not be the generator blaming itself.
fn judge_refusal(problems: &Diagnostics) -> Verdict {
    if problems.0.is_empty() {
        return Verdict::Failed("refused without a diagnostic".into());
    }
    for problem in &problems.0 {
        if problem.line == 0 || problem.column == 0 || problem.file.as_os_str().is_empty() {
            return Verdict::Failed(format!("unlocated diagnostic: {problem}"));
        }
        if problem.message.starts_with("internal generator error") {
            return Verdict::Failed(problem.to_string());
        }
    }
    Verdict::Refused
}

fn import_case(corpus: &Corpus, seed: u64, case: &mut Case) -> Verdict {
    let Some(scratch) = &corpus.scratch else {
        return Verdict::Failed("no scratch folder for the importer target".into());
    };
    let mut rng = Rng::new(seed);
    let file = rng.pick(&corpus.openapi);
    let operation = rng.pick(&file.operations).clone();
    let mut value = file.value.clone();
    let mut applied = Vec::new();
    for _ in 0..=rng.below(3) {
        applied.push(mutate_openapi(
            &mut value,
            &operation,
            &corpus.strings,
            &mut rng,
        ));
    }
    case.mutations = applied;
    case.mutations.push(format!("import {operation}"));
    let text = if rng.one_in(10) {
        let (text, what) = mutate_text(&value.to_string(), &mut rng);
        case.mutations.push(what);
        text
    } else {
        serde_json::to_string_pretty(&value).unwrap_or_default()
    };
    let path = scratch.join(&file.relative);
    if let Err(error) = fs::write(&path, &text) {
        return Verdict::Failed(format!("cannot write the mutant: {error}"));
    }
    let verdict = import_and_generate(&path, &operation, scratch);
    // The next case starts from the real file.
    let _ = fs::write(&path, &file.text);
    if matches!(verdict, Verdict::Failed(_)) {
        case.document = text;
    }
    verdict
}

fn import_and_generate(path: &Path, operation: &str, scratch: &Path) -> Verdict {
    let imported = match import::import(path, operation, &ImportOptions::default()) {
        Ok(imported) => imported,
        Err(error) => {
            return if error.file.as_os_str().is_empty() || !error.pointer.starts_with('#') {
                Verdict::Failed(format!("unlocated import error: {error}"))
            } else {
                Verdict::Refused
            };
        }
    };
    // Written into a folder of its own; a refused write must leave it empty.
    let specs = scratch.join("out-specs");
    let _ = fs::remove_dir_all(&specs);
    let output = import::default_output(&specs, &imported);
    match import::write(&imported, &output) {
        Err(import::WriteError::Refused(_)) => {
            if specs.exists() && fs::read_dir(&specs).is_ok_and(|mut d| d.next().is_some()) {
                Verdict::Failed("a refused import wrote files".into())
            } else {
                Verdict::Refused
            }
        }
        Err(import::WriteError::Io { path, error, .. }) => {
            Verdict::Failed(format!("writing {}: {error}", path.display()))
        }
        Ok(_) => match crate::generate(&specs) {
            Ok(files) => judge_output(&files, false),
            Err(problems) => Verdict::Failed(format!(
                "the importer wrote a spec that generate refuses:\n{problems}"
            )),
        },
    }
}

/// Serializes `value` after one to three mutations; sometimes the YAML text itself is broken.
fn mutate_document(value: &Value, strings: &[String], rng: &mut Rng) -> (String, Vec<String>) {
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
enum Step {
    Key(String),
    Index(usize),
}

fn nodes(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
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

fn at<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match step {
        Step::Key(key) => &mut node[key.as_str()],
        Step::Index(index) => &mut node[*index],
    })
}

fn describe(path: &[Step]) -> String {
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
const HARD_NAMES: &[&str] = &[
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
fn odd_string(rng: &mut Rng, strings: &[String]) -> String {
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
fn recase(name: &str, rng: &mut Rng) -> String {
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

fn odd_value(rng: &mut Rng, strings: &[String]) -> Value {
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

/// One mutation anywhere in `value`; says what it did.
fn mutate_value(value: &mut Value, strings: &[String], rng: &mut Rng) -> String {
    let mut all = Vec::new();
    nodes(value, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let node = at(value, &path);
    let at_path = describe(&path);
    match rng.below(9) {
        // Delete a key or an element.
        0 | 1 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
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
                let key = map
                    .keys()
                    .nth(rng.below(map.len()))
                    .cloned()
                    .unwrap_or_default();
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
fn short(value: &Value) -> String {
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
fn mutate_text(text: &str, rng: &mut Rng) -> (String, String) {
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
fn mutate_openapi(value: &mut Value, operation: &str, strings: &[String], rng: &mut Rng) -> String {
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

fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => format!("/{index}"),
        })
        .collect()
}

/// Where the operation `id` is in `paths` (or `x-ms-paths`).
fn find_operation(value: &Value, id: &str) -> Option<Vec<Step>> {
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

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if text.len() < 64 => out.push(text.clone()),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}
