//! Spec errors, reported like compiler errors: `file:line:column: error: what`, then a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// One located problem in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl Diagnostic {
    pub fn new(
        file: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}\n  hint: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message,
            self.hint
        )
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found in one run; generation stops if there is any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// How many further places of one repeated error are listed by name.
const REPEATS_LISTED: usize = 5;

impl fmt::Display for Diagnostics {
    /// Each error once, in the order found: an error repeated word for word elsewhere (every
    /// operation naming one missing model) is printed at its first place, followed by the
    /// other places, so the first error is not buried under its copies.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut groups: Vec<(&Diagnostic, Vec<&Diagnostic>)> = Vec::new();
        for diagnostic in &self.0 {
            match groups.iter_mut().find(|(first, _)| {
                first.message == diagnostic.message && first.hint == diagnostic.hint
            }) {
                Some((_, repeats)) => repeats.push(diagnostic),
                None => groups.push((diagnostic, Vec::new())),
            }
        }
        for (i, (diagnostic, repeats)) in groups.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
            if repeats.is_empty() {
                continue;
            }
            let places: Vec<String> = repeats
                .iter()
                .take(REPEATS_LISTED)
                .map(|d| format!("{}:{}:{}", d.file.display(), d.line, d.column))
                .collect();
            write!(f, "\n  the same at: {}", places.join(", "))?;
            if repeats.len() > REPEATS_LISTED {
                write!(f, ", and {} more", repeats.len() - REPEATS_LISTED)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// One step into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where in a spec document a value sits, e.g. `models[2].properties[0].type`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecPath(Vec<Segment>);

impl SpecPath {
    pub fn root() -> Self {
        SpecPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_string()));
        next
    }

    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl fmt::Display for SpecPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
