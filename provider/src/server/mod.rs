//! The plugin process: everything between "Terraform started this binary" and "the
//! provider answers RPCs". Handshake and protocol negotiation ([`handshake`]), the
//! socket ([`listener`]), AutoMTLS ([`tls`]), go-plugin's side services ([`controller`],
//! [`stdio`], [`broker`]) plus gRPC health, hclog-style logs ([`log`]) and the `--debug`
//! reattach mode ([`debug`]).
//!
//! The provider itself arrives as a ready `ProviderServer`; this module knows nothing
//! about schemas or resources.
//!
//! Architecture invariant: nothing here writes to stdout except the one handshake line
//! (or, in `--debug` mode, the reattach instructions).

pub mod broker;
pub mod controller;
pub mod debug;
pub mod handshake;
pub mod listener;
pub mod log;
pub mod stdio;
pub mod tls;

use std::fmt;
use std::io::{self, Write as _};

use tokio::signal::unix::{SignalKind, signal};
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::Server;

use crate::proto::plugin::grpc_broker_server::GrpcBrokerServer;
use crate::proto::plugin::grpc_controller_server::GrpcControllerServer;
use crate::proto::plugin::grpc_stdio_server::GrpcStdioServer;
use crate::proto::tfplugin6::provider_server::{Provider, ProviderServer};
use controller::{Controller, ShutdownSignal};
use handshake::Negotiated;
use listener::ListenSettings;

/// Largest gRPC message accepted or sent, as terraform-plugin-go allows (Terraform itself
/// reads schemas of up to 64 MiB); tonic's default of 4 MiB is too small for big plans.
pub const MAX_MESSAGE_SIZE: usize = 256 << 20;

/// The service name go-plugin's health check asks about.
const HEALTH_SERVICE: &str = "plugin";

/// How the process was started.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Started by Terraform: handshake line, AutoMTLS when a client certificate is given,
    /// SIGINT ignored, `Shutdown` exits.
    Plugin {
        negotiated: Negotiated,
        /// `PLUGIN_CLIENT_CERT` (PEM); plaintext only when absent.
        client_cert_pem: Option<String>,
    },
    /// `--debug`: plaintext, reattach instructions on stdout, serves until Ctrl-C.
    Debug {
        /// The provider's registry address, the key of `TF_REATTACH_PROVIDERS`.
        provider_address: String,
    },
}

/// Everything read from the environment, so tests can build it by hand.
#[derive(Debug, Clone)]
pub struct Settings {
    pub mode: Mode,
    pub listen: ListenSettings,
}

impl Settings {
    /// Reads the `PLUGIN_*` variables go-plugin's client sets.
    pub fn plugin_from_env() -> Settings {
        let var = |name: &str| std::env::var(name).ok();
        let client_cert_pem = var("PLUGIN_CLIENT_CERT").filter(|pem| !pem.trim().is_empty());
        Settings {
            mode: Mode::Plugin {
                negotiated: handshake::negotiate(var("PLUGIN_PROTOCOL_VERSIONS").as_deref()),
                client_cert_pem,
            },
            listen: listen_settings_from_env(),
        }
    }

    /// `--debug`: the same socket settings, no TLS.
    pub fn debug_from_env(provider_address: &str) -> Settings {
        Settings {
            mode: Mode::Debug {
                provider_address: provider_address.to_owned(),
            },
            listen: listen_settings_from_env(),
        }
    }
}

fn listen_settings_from_env() -> ListenSettings {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    ListenSettings {
        socket_parent: var("PLUGIN_UNIX_SOCKET_DIR").map(Into::into),
        socket_group: var("PLUGIN_UNIX_SOCKET_GROUP"),
        ports: handshake::port_range(
            var("PLUGIN_MIN_PORT").as_deref(),
            var("PLUGIN_MAX_PORT").as_deref(),
        ),
    }
}

/// Why the server could not start. Printed on stderr; Terraform then reports that the
/// plugin exited before the handshake.
#[derive(Debug)]
pub enum ServeError {
    Tls(tls::TlsError),
    Listen(io::Error),
    Stdout(io::Error),
    Signal(io::Error),
    Transport(tonic::transport::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Tls(err) => write!(f, "{err}"),
            ServeError::Listen(err) => write!(f, "{err}"),
            ServeError::Stdout(err) => write!(f, "cannot write the handshake line: {err}"),
            ServeError::Signal(err) => write!(f, "cannot handle signals: {err}"),
            ServeError::Transport(err) => write!(f, "gRPC server failed: {err}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Serves `provider` with go-plugin's side services until Terraform's `Shutdown` (plugin
/// mode) or Ctrl-C (debug mode), then removes the socket directory and returns. The caller
/// exits the process right after, without waiting for in-flight handlers.
pub async fn serve<P: Provider>(
    provider: ProviderServer<P>,
    settings: Settings,
) -> Result<(), ServeError> {
    let debug_mode = matches!(settings.mode, Mode::Debug { .. });
    log::init_from_env(if debug_mode {
        log::Level::Info
    } else {
        log::Level::Off
    });
    // Before anything is announced: a Ctrl-C in Terraform's terminal reaches the whole
    // process group, and Terraform stops providers through StopProvider instead.
    if !debug_mode {
        ignore_sigint()?;
    }
    // SIGTERM (e.g. `timeout`, a service manager) still ends the process, but through the
    // same path as Shutdown so the socket directory is removed.
    let mut terminate = signal(SignalKind::terminate()).map_err(ServeError::Signal)?;
    let server_tls = match &settings.mode {
        Mode::Plugin {
            client_cert_pem: Some(pem),
            ..
        } => Some(tls::server_tls(pem).map_err(ServeError::Tls)?),
        _ => None,
    };
    let bound = listener::bind(&settings.listen).map_err(ServeError::Listen)?;
    let address = bound.address.clone();
    let incoming = listener::accept_all(
        bound.listener,
        server_tls
            .as_ref()
            .map(|t| listener::acceptor(t.config.clone())),
    );
    let shutdown = ShutdownSignal::default();
    let router = routes(provider, Controller::new(shutdown.clone(), !debug_mode)).await;

    announce(&settings.mode, &address, server_tls.as_ref())?;
    // Terraform shows provider logs (TF_LOG=info and finer) with the provider's address;
    // this line adds which build is answering.
    log::log(
        log::Level::Info,
        "serving",
        &[("version", &env!("CARGO_PKG_VERSION"))],
    );
    let serving = router.serve_with_incoming(ReceiverStream::new(incoming));
    let outcome = tokio::select! {
        result = serving => result.map_err(ServeError::Transport),
        () = shutdown.raised() => Ok(()),
        () = ctrl_c(debug_mode) => Ok(()),
        () = parent_gone(!debug_mode) => {
            log::warn("the process that started this plugin is gone: stopping");
            Ok(())
        }
        _ = terminate.recv() => {
            log::debug("SIGTERM: stopping");
            Ok(())
        }
    };
    if let Some(dir) = bound.socket_dir {
        let _ = dir.close();
    }
    outcome
}

/// Completes when the process that started the plugin has exited (`watch`: plugin mode).
/// A Terraform that crashed never sends Shutdown, and an orphaned plugin would keep its
/// socket and the pipes it inherited open, so a CI job waiting on them would hang. The
/// parent's exit shows as a new parent id (the orphan is adopted by init or a subreaper).
async fn parent_gone(watch: bool) {
    if !watch {
        return std::future::pending().await;
    }
    let parent = std::os::unix::process::parent_id();
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(500));
    loop {
        tick.tick().await;
        if std::os::unix::process::parent_id() != parent {
            return;
        }
    }
}

/// All gRPC services the client expects, with raised message limits on the provider.
async fn routes<P: Provider>(
    provider: ProviderServer<P>,
    controller: Controller,
) -> tonic::transport::server::Router {
    let (health_reporter, health) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status(HEALTH_SERVICE, tonic_health::ServingStatus::Serving)
        .await;
    Server::builder()
        .add_service(
            provider
                .max_decoding_message_size(MAX_MESSAGE_SIZE)
                .max_encoding_message_size(MAX_MESSAGE_SIZE),
        )
        .add_service(health)
        .add_service(GrpcControllerServer::new(controller))
        .add_service(GrpcStdioServer::new(stdio::Stdio))
        .add_service(GrpcBrokerServer::new(broker::Broker))
}

/// Prints the handshake line (plugin mode) or the reattach instructions (debug mode) on
/// stdout, flushed: this is the only stdout output of the process.
fn announce(
    mode: &Mode,
    address: &handshake::Address,
    server_tls: Option<&tls::ServerTls>,
) -> Result<(), ServeError> {
    let text = match mode {
        Mode::Plugin { negotiated, .. } => {
            if !negotiated.offered {
                log::warn(
                    "Terraform did not offer plugin protocol 6; answering 6 so it can report the mismatch",
                );
            }
            let cert = server_tls.map(|t| t.cert_der.as_ref());
            handshake::handshake_line(negotiated.version, address, cert)
        }
        Mode::Debug { provider_address } => {
            debug::instructions(provider_address, std::process::id(), address)
        }
    };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(ServeError::Stdout)?;
    log::info(&format!("serving plugin protocol 6 on {address}"));
    Ok(())
}

/// Installs a SIGINT handler that only logs, so the default "terminate" never applies.
fn ignore_sigint() -> Result<(), ServeError> {
    let mut interrupts = signal(SignalKind::interrupt()).map_err(ServeError::Signal)?;
    tokio::spawn(async move {
        while interrupts.recv().await.is_some() {
            log::debug("SIGINT ignored: Terraform stops providers with StopProvider");
        }
    });
    Ok(())
}

/// Completes on Ctrl-C in debug mode; never otherwise.
async fn ctrl_c(debug_mode: bool) {
    if debug_mode && tokio::signal::ctrl_c().await.is_ok() {
        log::info("Ctrl-C: stopping");
        return;
    }
    std::future::pending::<()>().await;
}
