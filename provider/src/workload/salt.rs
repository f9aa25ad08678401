//! The random salt of `score_workload.revision`, kept in the resource's private state.
//!
//! `revision` is a digest of everything deployable, the Secret included, and it is shown in
//! plans and CI logs. Unsalted, anyone who reads a plan could test guesses of a weak secret
//! offline against it. Each instance therefore draws 32 random bytes when it is first applied
//! (or imported) and keeps them in its private state, which Terraform stores but never
//! shows; the digest covers the salt first. The revision still changes exactly when what
//! would be deployed changes, because the salt stays.
//!
//! Plan never draws: Terraform plans a create twice, at plan and again at apply, and both
//! answers must agree. So a create's revision is unknown at plan; from then on it is known
//! at plan like the manifests.
//!
//! Private state is `{"revision_salt":"HEX"}`. A state written before the salt existed has
//! none: it keeps its unsalted digest while nothing deployable changes (no drift), and the
//! first change draws a salt.

/// Bytes of salt drawn for each instance.
const SALT_BYTES: usize = 32;

/// What comes before and after the salt's hex digits in the private state: JSON, written
/// and read only here, so reading needs no general parser.
const PREFIX: &str = r#"{"revision_salt":""#;
const SUFFIX: &str = r#""}"#;

/// The salt recorded in `private`, if any (empty when there is none).
pub fn of(private: &[u8]) -> Vec<u8> {
    std::str::from_utf8(private)
        .ok()
        .and_then(|text| text.strip_prefix(PREFIX)?.strip_suffix(SUFFIX))
        .and_then(from_hex)
        .unwrap_or_default()
}

/// A private state holding a newly drawn salt.
pub fn fresh() -> Result<Vec<u8>, getrandom::Error> {
    let mut salt = [0u8; SALT_BYTES];
    getrandom::fill(&mut salt)?;
    Ok(format!("{PREFIX}{}{SUFFIX}", to_hex(&salt)).into_bytes())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != SALT_BYTES * 2 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_salt_reads_back() {
        let private = fresh().expect("random bytes");
        let salt = of(&private);
        assert_eq!(salt.len(), SALT_BYTES);
        assert_ne!(
            of(&fresh().expect("random bytes")),
            salt,
            "two draws agreed"
        );
    }

    #[test]
    fn no_salt_in_empty_or_foreign_private_state() {
        for private in [&b""[..], b"{}", b"not json", br#"{"revision_salt":"abc"}"#] {
            assert!(of(private).is_empty(), "{private:?}");
        }
    }
}
