//! score2hcl CLI.
fn main() {}
