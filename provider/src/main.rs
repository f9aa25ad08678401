//! `terraform-provider-score`: the Terraform plugin (protocol 6) for Score.
//!
//! Terraform starts this binary itself (go-plugin): it checks the magic cookie, prints one
//! handshake line and serves gRPC until Terraform calls `Shutdown`. Run by hand it
//! explains that and exits 1, as HashiCorp's plugins do; `--debug` serves without
//! Terraform and prints the `TF_REATTACH_PROVIDERS` line to use.
#![deny(clippy::print_stdout)]

use std::process::ExitCode;

use terraform_provider_score::server::{self, Settings, handshake};
use terraform_provider_score::{ADDRESS, framework, workload};

const USAGE: &str = "usage: terraform-provider-score [--debug | --version]\n\
\n\
Terraform starts this program itself. --debug serves it without Terraform and prints\n\
the TF_REATTACH_PROVIDERS value to use; --version prints the version.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => {
            let cookie = std::env::var(handshake::MAGIC_COOKIE_KEY).ok();
            if !handshake::cookie_matches(cookie.as_deref()) {
                eprintln!("{}", handshake::NOT_A_PLUGIN_MESSAGE);
                return ExitCode::from(1);
            }
            run(Settings::plugin_from_env())
        }
        ["--debug"] => run(Settings::debug_from_env(ADDRESS)),
        ["--version"] => {
            // Not serving, so stdout is free: print where every CLI prints its version.
            #[allow(clippy::print_stdout)]
            {
                println!("terraform-provider-score {}", env!("CARGO_PKG_VERSION"));
            }
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Serves until shutdown, then exits without waiting for handlers still running.
fn run(settings: Settings) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("terraform-provider-score: cannot start the async runtime: {err}");
            return ExitCode::from(1);
        }
    };
    let outcome = runtime.block_on(server::serve(
        framework::grpc_service(workload::provider()),
        settings,
    ));
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("terraform-provider-score: {err}");
            ExitCode::from(1)
        }
    }
}
