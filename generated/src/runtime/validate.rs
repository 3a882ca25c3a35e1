//! Checks on parameters, run before anything is sent.

use azure_core::error::{Error, ErrorKind};
use regex::Regex;
use std::fmt;
use std::sync::OnceLock;

/// A constraint from the spec.
#[derive(Debug)]
pub(crate) enum Rule {
    Uuid,
    MinLength(usize),
    MaxLength(usize),
    Pattern(&'static Pattern),
}

/// A spec pattern, compiled on first use.
#[derive(Debug)]
pub(crate) struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    pub(crate) const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// `None` when the value matches. The generator only emits patterns that compile.
    fn mismatch(&self, value: &str) -> Option<String> {
        match self.compiled.get_or_init(|| Regex::new(self.source).ok()) {
            Some(regex) if regex.is_match(value) => None,
            Some(_) => Some(format!("does not match the pattern `{}`", self.source)),
            None => Some(format!(
                "cannot be checked: the pattern `{}` does not compile",
                self.source
            )),
        }
    }
}

/// A parameter value was refused before any request was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidParameter {
    /// The parameter's name in the API (e.g. `resourceGroupName`).
    pub parameter: &'static str,
    /// The refused value.
    pub value: String,
    /// What is wrong with it, naming the rule.
    pub problem: String,
}

impl fmt::Display for InvalidParameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid `{}` {:?}: {}",
            self.parameter, self.value, self.problem
        )
    }
}

impl std::error::Error for InvalidParameter {}

/// Checks a path parameter against its rules, and that it can be one path segment at all.
pub(crate) fn check_path_segment(
    parameter: &'static str,
    value: &str,
    rules: &[Rule],
) -> azure_core::Result<()> {
    check(
        parameter,
        value,
        segment_problem(value).or_else(|| rule_problem(value, rules)),
    )
}

/// Checks a query or header parameter against its rules.
// Which checks are emitted depends on the specs being generated.
#[allow(dead_code)]
pub(crate) fn check_value(
    parameter: &'static str,
    value: &str,
    rules: &[Rule],
) -> azure_core::Result<()> {
    check(parameter, value, rule_problem(value, rules))
}

fn check(parameter: &'static str, value: &str, problem: Option<String>) -> azure_core::Result<()> {
    let Some(problem) = problem else {
        return Ok(());
    };
    let invalid = InvalidParameter {
        parameter,
        value: value.to_string(),
        problem,
    };
    let message = invalid.to_string();
    Err(Error::with_error(
        ErrorKind::DataConversion,
        invalid,
        message,
    ))
}

/// What keeps `value` from naming one resource in a path.
fn segment_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".into());
    }
    if value == "." || value == ".." {
        return Some("`.` and `..` are not resource names".into());
    }
    None
}

/// The first of `rules` that `value` breaks.
fn rule_problem(value: &str, rules: &[Rule]) -> Option<String> {
    let length = value.chars().count();
    rules.iter().find_map(|rule| match rule {
        Rule::Uuid if !is_uuid(value) => {
            Some("must be a UUID such as 00000000-0000-0000-0000-000000000000".into())
        }
        Rule::MinLength(min) if length < *min => Some(format!(
            "is {length} characters long, below the minimum length {min}"
        )),
        Rule::MaxLength(max) if length > *max => Some(format!(
            "is {length} characters long, above the maximum length {max}"
        )),
        Rule::Pattern(pattern) => pattern.mismatch(value),
        _ => None,
    })
}

/// The hyphenated 8-4-4-4-12 hex form ARM uses.
fn is_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAME: Pattern = Pattern::new("^[a-z]+$");

    fn problem(value: &str, rules: &[Rule]) -> Option<String> {
        segment_problem(value).or_else(|| rule_problem(value, rules))
    }

    #[test]
    fn a_query_value_is_checked_against_its_rules_only() {
        assert!(check_value("x", "", &[]).is_ok());
        assert!(check_value("x", "..", &[]).is_ok());
        let error = check_value("x", "abc", &[Rule::MaxLength(2)]).expect_err("too long");
        assert!(error.to_string().contains("maximum length 2"), "{error}");
    }

    #[test]
    fn rules_name_the_problem() {
        assert_eq!(problem("", &[]), Some("must not be empty".into()));
        assert_eq!(
            problem("..", &[]),
            Some("`.` and `..` are not resource names".into())
        );
        assert!(
            problem("abc", &[Rule::MaxLength(2)]).is_some_and(|p| p.contains("maximum length 2"))
        );
        assert!(
            problem("a", &[Rule::MinLength(2)]).is_some_and(|p| p.contains("minimum length 2"))
        );
        assert!(problem("ab1", &[Rule::Pattern(&NAME)]).is_some_and(|p| p.contains("^[a-z]+$")));
        assert_eq!(
            problem("abc", &[Rule::Pattern(&NAME), Rule::MaxLength(3)]),
            None
        );
        assert!(problem("not-a-uuid", &[Rule::Uuid]).is_some());
        assert_eq!(
            problem("00000000-0000-0000-0000-00000000000A", &[Rule::Uuid]),
            None
        );
        assert!(problem("00000000000000000000000000000000", &[Rule::Uuid]).is_some());
    }
}
