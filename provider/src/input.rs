//! Reading a file the user names (an import id, a definitions path): regular files only, at
//! most score-core's input limit, UTF-8.
//!
//! The provider runs inside Terraform, which waits on every answer: a path to a device
//! (`/dev/zero` never ends) or a FIFO (opening it waits for a writer) must be refused before
//! it is opened, and a file must not be read past the limit the parser would refuse anyway.

use std::io::Read as _;
use std::path::Path;

use score_core::limits::{MAX_INPUT_BYTES, MAX_INPUT_MIB, too_large};

/// The text of the regular file at `path`, or why it cannot be had, in lower-case words
/// without the path (callers say which file).
pub fn read_text(path: &Path) -> Result<String, String> {
    // `metadata` follows links, so a link to a regular file is read like the file.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory, not a file".to_owned());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    if let Some(message) = too_large("the file", meta.len()) {
        return Err(message);
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    // The file grew after `metadata`: still refused, and never read past the limit.
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "the file is larger than the {MAX_INPUT_MIB} MiB limit"
        ));
    }
    String::from_utf8(bytes).map_err(|_| "the file is not valid UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let good = dir.path().join("good.yaml");
        std::fs::write(&good, "a: 1\n").expect("writing");
        assert_eq!(read_text(&good).as_deref(), Ok("a: 1\n"));

        let big = dir.path().join("big.yaml");
        let file = std::fs::File::create(&big).expect("creating");
        // Sparse: the size is what is refused, nothing is read.
        file.set_len(10 * 1024 * 1024).expect("sizing");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("running mkfifo");
        assert!(made.success(), "mkfifo failed");
        let binary = dir.path().join("binary");
        std::fs::write(&binary, b"\xff\xfe").expect("writing");
        let cases = [
            (big, "the file is 10.0 MiB, larger than the 8 MiB limit"),
            (binary, "the file is not valid UTF-8"),
            // Opening it would wait for a writer.
            (fifo, "it is not a regular file"),
            (dir.path().to_owned(), "it is a directory, not a file"),
            (
                Path::new("/dev/zero").to_owned(),
                "it is not a regular file",
            ),
        ];
        for (path, expected) in cases {
            assert_eq!(read_text(&path), Err(expected.to_owned()), "{path:?}");
        }
        let missing = read_text(&dir.path().join("missing")).expect_err("missing");
        assert!(missing.starts_with("No such file"), "{missing}");
    }
}
