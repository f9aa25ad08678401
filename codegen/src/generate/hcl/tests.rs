//! Tests of the HCL helpers.
use super::*;
