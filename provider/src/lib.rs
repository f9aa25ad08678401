//! `terraform-provider-score` as a library: the plugin server, the value codec and the
//! provider framework, so the binary and the tests share them.

pub mod proto;
pub mod value;
