//! Diagnostics: what is wrong with an input document, where it is (a JSON
//! pointer into the document) and what to do about it.

use std::borrow::Cow;
use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Code is generated, but something was approximated (e.g. a schema the
    /// generator cannot express yet became `serde_json::Value`).
    Warning,
}

/// One finding about the input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Where it is: a JSON pointer (RFC 6901) into the document, `#` for the root.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pointer, message)
        }
    }

    /// The same finding with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level} at {}: {}", self.pointer, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Generation failed: every error found, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// The name of the document, as given to the generator.
    pub source_name: String,
    /// Every finding; at least one is an error.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the document could not be read at all (its one diagnostic
    /// says why), as opposed to errors in its content or in the settings.
    pub unreadable: bool,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let noun = if errors == 1 { "error" } else { "errors" };
        write!(f, "{}: {errors} {noun}", self.source_name)?;
        for diagnostic in &self.diagnostics {
            write!(f, "\n{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}

/// A JSON pointer under construction (RFC 6901: `~` and `/` escaped).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Self("#".to_owned())
    }

    /// A pointer given as text (e.g. a `$ref` value), taken as it is.
    pub fn from_ref(reference: &str) -> Self {
        Self(reference.to_owned())
    }

    /// This pointer extended by one segment.
    #[must_use]
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // written once into its final place: a pointer is made for every
        // node of the document walked, most never printed
        let mut joined = String::with_capacity(self.0.len() + 16);
        joined.push_str(&self.0);
        joined.push('/');
        let start = joined.len();
        let _ = write!(joined, "{segment}");
        if let Cow::Owned(escaped) = Self::escaped(&joined[start..]) {
            joined.truncate(start);
            joined.push_str(&escaped);
        }
        Self(joined)
    }

    /// `segment` as a pointer writes it: `~` as `~0`, `/` as `~1`.
    pub fn escaped(segment: &str) -> Cow<'_, str> {
        if segment.contains(['~', '/']) {
            Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
        } else {
            Cow::Borrowed(segment)
        }
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> Self {
        pointer.0
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> Self {
        pointer.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let p = Pointer::root().join("paths").join("/a/{id}").join("x~y");
        assert_eq!(p.as_str(), "#/paths/~1a~1{id}/x~0y");
    }

    #[test]
    fn display_names_place_and_hint() {
        let d = Diagnostic::error("#/paths", "broken").with_hint("fix it");
        assert_eq!(d.to_string(), "error at #/paths: broken\n  hint: fix it");
    }
}
