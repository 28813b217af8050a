//! Error types of the library. Every problem with input names the file, the line and,
//! where there is one, the field.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with an input file, at a place a person can go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (or `<embedded>` for the built-in data).
    pub file: String,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    /// The field or column concerned, if any.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, line: usize, field: Option<&str>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_owned(),
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.file, self.line)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// A data file that could not be loaded: every problem found, in file order.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}{}", first_problem(.0), more_problems(.0))]
    Invalid(Vec<Problem>),
}

impl LoadError {
    /// The problems, one per line, for a report.
    pub fn problems(&self) -> Vec<String> {
        match self {
            LoadError::Read { .. } => vec![self.to_string()],
            LoadError::Invalid(p) => p.iter().map(ToString::to_string).collect(),
        }
    }
}

fn first_problem(p: &[Problem]) -> String {
    p.first().map(ToString::to_string).unwrap_or_default()
}

fn more_problems(p: &[Problem]) -> String {
    match p.len() {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".to_owned(),
        n => format!(" (and {} more problems)", n - 1),
    }
}

/// A file that could not be written. The previous file, if any, is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot write: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}
