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
    /// Other places with the same problem, word for word (every operation naming one missing
    /// model): printed after it, so that it is read once. See [`Diagnostics::merge_repeats`].
    pub also_at: Vec<Place>,
}

/// Where a problem is: `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// How many other places of a repeated problem are named.
const PLACES_NAMED: usize = 5;

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
            also_at: Vec::new(),
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
        )?;
        if !self.also_at.is_empty() {
            let named: Vec<String> = self
                .also_at
                .iter()
                .take(PLACES_NAMED)
                .map(Place::to_string)
                .collect();
            write!(f, "\n  the same at: {}", named.join(", "))?;
            if self.also_at.len() > PLACES_NAMED {
                write!(f, ", and {} more", self.also_at.len() - PLACES_NAMED)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Every problem found in one run; generation stops if there is any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl Diagnostics {
    /// Each problem once, in the order found: a problem repeated word for word at other places
    /// keeps its first place and lists the others (`also_at`), so the first error of a run is
    /// not buried under its copies.
    pub fn merge_repeats(self) -> Diagnostics {
        let mut merged: Vec<Diagnostic> = Vec::new();
        for diagnostic in self.0 {
            match merged
                .iter_mut()
                .find(|first| first.message == diagnostic.message && first.hint == diagnostic.hint)
            {
                Some(first) => {
                    first.also_at.push(Place {
                        file: diagnostic.file,
                        line: diagnostic.line,
                        column: diagnostic.column,
                    });
                    first.also_at.extend(diagnostic.also_at);
                }
                None => merged.push(diagnostic),
            }
        }
        Diagnostics(merged)
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
