//! Positions in source text.

/// Identifies one input text. The caller owns the table mapping ids to file names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column in characters, starting at 1.
    pub col: u32,
}

impl Pos {
    /// Line 1, column 1: where whole-file problems are reported.
    pub const START: Pos = Pos { line: 1, col: 1 };

    /// Builds a position from 1-based line and column numbers.
    pub fn new(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }
}

/// A region of one file. `end` is exclusive; it equals `start` when only a point is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the region belongs to.
    pub file: FileId,
    /// First character of the region.
    pub start: Pos,
    /// One past the last character of the region.
    pub end: Pos,
}

impl Span {
    /// A zero-length span at `pos`.
    pub fn point(file: FileId, pos: Pos) -> Span {
        Span {
            file,
            start: pos,
            end: pos,
        }
    }

    /// A span for problems with a whole file, such as "file is empty".
    pub fn file_start(file: FileId) -> Span {
        Span::point(file, Pos::START)
    }

    /// The length in characters when the span lies on one line, else `None`.
    pub fn single_line_len(&self) -> Option<u32> {
        (self.start.line == self.end.line).then(|| self.end.col.saturating_sub(self.start.col))
    }
}
