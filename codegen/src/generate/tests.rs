//! Tests of the generator.
use super::*;
