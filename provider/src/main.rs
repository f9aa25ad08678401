//! `terraform-provider-score`: the Terraform plugin (protocol 6) for Score.
//!
//! Terraform starts this binary itself; run by hand it explains that and exits 1, as
//! HashiCorp's go-plugin does. The gRPC server, handshake and AutoMTLS arrive with the
//! provider issue; until then a start by Terraform fails loudly rather than pretending.

use std::process::ExitCode;

/// go-plugin's handshake cookie for Terraform providers.
const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
const MAGIC_COOKIE_VALUE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("--version") {
        eprintln!("terraform-provider-score {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    if std::env::var(MAGIC_COOKIE_KEY).as_deref() != Ok(MAGIC_COOKIE_VALUE) {
        eprintln!(
            "This binary is a plugin. These are not meant to be executed directly.\n\
             Please execute the program that consumes these plugins, which will\n\
             load any plugins automatically"
        );
        return ExitCode::from(1);
    }
    eprintln!("terraform-provider-score: the plugin protocol server is not built yet");
    ExitCode::from(1)
}
