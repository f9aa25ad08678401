//! Project file tests.
use super::*;
