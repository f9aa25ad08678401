//! go-plugin's `GRPCStdio`: the client subscribes once at start to mirror the plugin's
//! stdout and stderr. This provider writes its logs to stderr directly (Terraform reads
//! that pipe) and never writes to stdout after the handshake, so the stream carries no
//! data; it stays open so the client's reader simply waits until the process ends.

use tonic::codegen::BoxStream;
use tonic::{Request, Response, Status};

use crate::proto::plugin::StdioData;
use crate::proto::plugin::grpc_stdio_server::GrpcStdio;

/// The stdio service.
#[derive(Debug, Default)]
pub struct Stdio;

#[tonic::async_trait]
impl GrpcStdio for Stdio {
    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<BoxStream<StdioData>>, Status> {
        Ok(Response::new(Box::pin(tokio_stream::pending())))
    }
}
