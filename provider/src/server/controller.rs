//! go-plugin's `GRPCController`: `Shutdown` is how Terraform ends a provider process.
//!
//! Terraform calls it when it is done with the provider and then waits up to two seconds
//! for the process to exit before killing it, so the reply is followed by an immediate
//! exit: in-flight RPCs are not waited for (Terraform has stopped using the provider, and
//! `StopProvider` is the RPC that cancels work).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tonic::{Request, Response, Status};

use super::log;
use crate::proto::plugin::Empty;
use crate::proto::plugin::grpc_controller_server::GrpcController;

/// How long the reply gets to leave before the process ends. Terraform ignores the reply
/// either way; this only spares it a "connection reset" in its debug log.
const REPLY_GRACE: Duration = Duration::from_millis(1);

/// Raised once Terraform asked the process to end.
#[derive(Debug, Clone, Default)]
pub struct ShutdownSignal(Arc<Notify>);

impl ShutdownSignal {
    pub fn raise(&self) {
        self.0.notify_one();
    }

    /// Completes once [`raise`](Self::raise) was called (before or after this call).
    pub async fn raised(&self) {
        self.0.notified().await;
    }
}

/// The controller service.
#[derive(Debug)]
pub struct Controller {
    signal: ShutdownSignal,
    /// False in `--debug` mode, where the process outlives each Terraform run.
    exit_on_shutdown: bool,
}

impl Controller {
    pub fn new(signal: ShutdownSignal, exit_on_shutdown: bool) -> Self {
        Controller {
            signal,
            exit_on_shutdown,
        }
    }
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _request: Request<Empty>) -> Result<Response<Empty>, Status> {
        if !self.exit_on_shutdown {
            log::debug("Shutdown ignored: debug mode serves until Ctrl-C");
            return Ok(Response::new(Empty {}));
        }
        log::debug("Shutdown requested, exiting");
        let signal = self.signal.clone();
        tokio::spawn(async move {
            tokio::time::sleep(REPLY_GRACE).await;
            signal.raise();
        });
        Ok(Response::new(Empty {}))
    }
}
