//! `terraform-provider-score` as a library: the plugin server, the value codec and the
//! provider framework, so the binary and the tests share them.

pub mod definitions;
pub mod framework;
pub mod input;
pub mod proto;
pub mod server;
pub mod value;
pub mod workload;

/// The provider's registry address; its last part is the provider type name
/// ([`workload::TYPE_NAME`]).
pub const ADDRESS: &str = "registry.terraform.io/score-tf/score";
