//! score2hcl library.
