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
use edits::{
    Step, collect_strings, describe, mutate_document, mutate_openapi, mutate_text, mutate_value,
    nodes,
};
use serde_json::Value;
use std::fmt;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

mod edits;

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
