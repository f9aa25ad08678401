//! Size limits on the texts the engine is given, shared by `score2hcl` (files it reads) and
//! the provider (attributes Terraform sends), so both refuse the same inputs with the same
//! words.

/// Largest text accepted as one input: a Score file, an overrides or outputs document, a
/// definitions file, a provider attribute holding one of those. Such documents are kilobytes;
/// the bound keeps a wrong argument (a log, an image, a runaway `file()`) from being parsed
/// at all, and so bounds the memory parsing may take.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// [`MAX_INPUT_BYTES`] in whole MiB, for messages.
pub const MAX_INPUT_MIB: usize = MAX_INPUT_BYTES / (1024 * 1024);

/// `None` when `len` bytes are within [`MAX_INPUT_BYTES`]; otherwise the message
/// `WHAT is 10.0 MiB, larger than the 8 MiB limit`.
pub fn too_large(what: &str, len: u64) -> Option<String> {
    if len <= MAX_INPUT_BYTES as u64 {
        return None;
    }
    // Exact to a tenth of a MiB far beyond any file: f64 holds integers up to 2^53.
    let mib = len as f64 / (1024.0 * 1024.0);
    Some(format!(
        "{what} is {mib:.1} MiB, larger than the {MAX_INPUT_MIB} MiB limit"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_itself_is_accepted_one_byte_more_is_not() {
        assert_eq!(too_large("spec", MAX_INPUT_BYTES as u64), None);
        assert_eq!(
            too_large("spec", MAX_INPUT_BYTES as u64 + 1).as_deref(),
            Some("spec is 8.0 MiB, larger than the 8 MiB limit")
        );
        assert_eq!(
            too_large("file", 10 * 1024 * 1024).as_deref(),
            Some("file is 10.0 MiB, larger than the 8 MiB limit")
        );
        assert_eq!(
            too_large("file", u64::MAX).as_deref(),
            Some("file is 17592186044416.0 MiB, larger than the 8 MiB limit")
        );
    }
}
