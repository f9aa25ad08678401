//! Document paths such as `containers.web.variables.DB_HOST`.

use crate::diag::shorten;
use std::fmt;

/// One step into a document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path from the document root to a value.
///
/// Displayed with dots between plain keys; a key that is not a plain word (a file path such
/// as `/etc/app.conf`, an annotation key) is shown in brackets and quotes, so the path stays
/// unambiguous: `containers.web.files["/etc/app.conf"].content`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct DocPath(Vec<Seg>);

impl DocPath {
    /// The empty path, naming the whole document.
    pub fn root() -> DocPath {
        DocPath(Vec::new())
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> DocPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_owned()));
        DocPath(segs)
    }

    /// This path extended by an index.
    pub fn index(&self, index: usize) -> DocPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        DocPath(segs)
    }

    /// The steps of this path.
    pub fn segments(&self) -> &[Seg] {
        &self.0
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Longest key a path shows whole: paths lead messages, and a key can be as long as its file.
const MAX_KEY_SHOWN: usize = 256;

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if is_plain_key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(&shorten(k, MAX_KEY_SHOWN))?;
                }
                Seg::Key(k) => write!(
                    f,
                    "[{}]",
                    crate::data::json_string(&shorten(k, MAX_KEY_SHOWN))
                )?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display() {
        let p = DocPath::root().key("containers").key("web").key("files");
        assert_eq!(
            p.key("/etc/a.conf").key("content").to_string(),
            r#"containers.web.files["/etc/a.conf"].content"#
        );
        assert_eq!(p.index(0).to_string(), "containers.web.files[0]");
        assert_eq!(DocPath::root().to_string(), "");
    }
}
