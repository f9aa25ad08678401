//! Reading inputs: size limit, UTF-8 check, and a table of every text read so diagnostics
//! can quote the offending line.

use score_core::limits::{MAX_INPUT_BYTES, MAX_INPUT_MIB, too_large};
use score_core::{Diagnostic, DocPath, FileId, Span};
use std::path::Path;

/// Every text the command has read, by [`FileId`].
#[derive(Debug, Default)]
pub struct Files {
    entries: Vec<(String, String)>,
}

impl Files {
    /// Registers a text under a display name.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.entries.push((name.into(), text.into()));
        FileId(u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX))
    }

    /// The display name of a file.
    pub fn name(&self, id: FileId) -> &str {
        self.entries
            .get(id.0 as usize)
            .map_or("<unknown>", |e| e.0.as_str())
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        self.entries.get(id.0 as usize).map_or("", |e| e.1.as_str())
    }

    /// Reads a file as UTF-8 text and registers it. Problems (missing, a directory, too
    /// large, not UTF-8) come back as a diagnostic on that file.
    pub fn read(&mut self, path: &Path) -> Result<FileId, Diagnostic> {
        self.read_as(path, path.display().to_string())
    }

    /// Like [`Files::read`], shown under `name` (a path relative to where the user works,
    /// when `path` had to be made absolute to be read).
    pub fn read_as(&mut self, path: &Path, name: String) -> Result<FileId, Diagnostic> {
        let fail = |files: &mut Files, pos: score_core::Pos, message: String| {
            let id = files.add(name.clone(), "");
            Diagnostic::error(Span::point(id, pos), &DocPath::root(), message)
        };
        let start = score_core::Pos::START;
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                return Err(fail(
                    self,
                    start,
                    format!("cannot read file: {}", io_message(&e)),
                ));
            }
        };
        if meta.is_dir() {
            return Err(fail(
                self,
                start,
                "is a directory, expected a file".to_owned(),
            ));
        }
        // score-core's limit, checked on the size before reading (the parser checks the text
        // again) so that a huge file is not read at all.
        if let Some(message) = too_large("file", meta.len()) {
            return Err(fail(self, start, message));
        }
        let bytes = match read_limited(path) {
            Ok(b) => b,
            Err(e) => {
                return Err(fail(
                    self,
                    start,
                    format!("cannot read file: {}", io_message(&e)),
                ));
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(name, text)),
            Err(e) => {
                let pos = score_core::yaml::utf8_error_pos(e.as_bytes()).unwrap_or(start);
                Err(fail(self, pos, "file is not valid UTF-8".to_owned()))
            }
        }
    }
}

/// Reads at most one byte past the limit, so a file that grows after `metadata` (or a
/// device) cannot make us read without bound.
pub fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_INPUT_BYTES {
        // The real size is unknown (a device never ends), so the message gives none.
        return Err(std::io::Error::other(format!(
            "larger than the {MAX_INPUT_MIB} MiB limit"
        )));
    }
    Ok(bytes)
}

/// An IO error in the lower-case style of our other messages.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string().to_lowercase(),
    }
}
