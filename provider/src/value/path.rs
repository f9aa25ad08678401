//! Attribute paths (where in a value something is) and the codec's error type.

use std::fmt;

/// One step into a value: an object attribute, a map key, or a list/tuple index.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PathStep {
    /// An object attribute (or block) name.
    Attribute(String),
    /// A map key.
    Key(String),
    /// A list or tuple index (sets have no addressable elements).
    Index(i64),
}

/// A path from the root of a value, e.g. `containers["web"].image`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct AttributePath(pub Vec<PathStep>);

impl AttributePath {
    /// The empty path: the value itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path with one more step.
    pub fn join(&self, step: PathStep) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        Self(steps)
    }

    /// This path with an attribute step.
    pub fn attr(&self, name: &str) -> Self {
        self.join(PathStep::Attribute(name.to_owned()))
    }

    /// This path with a map key step.
    pub fn key(&self, key: &str) -> Self {
        self.join(PathStep::Key(key.to_owned()))
    }

    /// This path with an index step.
    pub fn index(&self, index: i64) -> Self {
        self.join(PathStep::Index(index))
    }

    /// True for the empty path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for AttributePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                PathStep::Attribute(name) if i == 0 => write!(f, "{name}")?,
                PathStep::Attribute(name) => write!(f, ".{name}")?,
                PathStep::Key(key) => write_quoted(f, key)?,
                PathStep::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Writes `["key"]` with the escapes HCL uses, so a path reads as Terraform shows it.
fn write_quoted(f: &mut fmt::Formatter<'_>, key: &str) -> fmt::Result {
    f.write_str("[\"")?;
    for c in key.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if c.is_control() => write!(f, "\\u{:04X}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"]")
}

/// A value that could not be decoded or encoded, with where it went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError {
    /// Where in the value the problem is (empty: the value as a whole).
    pub path: AttributePath,
    /// What is wrong, lower-case, no trailing full stop.
    pub message: String,
}

impl ValueError {
    /// An error at `path`.
    pub fn new(path: AttributePath, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
        }
    }

    /// This error with its path cut to the first `len` steps (for errors inside sets, whose
    /// elements have no address).
    pub(crate) fn truncated(mut self, len: usize) -> Self {
        self.path.0.truncate(len);
        self
    }

    /// An error about the value as a whole.
    pub fn root(message: impl Into<String>) -> Self {
        Self::new(AttributePath::root(), message)
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ValueError {}
