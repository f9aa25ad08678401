//! go-plugin's `GRPCBroker`: lets either side ask for extra connections. Terraform's
//! providers never use it, but the client opens the stream at start and logs an error if
//! it fails, so it is accepted and left idle.

use tonic::codegen::BoxStream;
use tonic::{Request, Response, Status, Streaming};

use crate::proto::plugin::ConnInfo;
use crate::proto::plugin::grpc_broker_server::GrpcBroker;

/// The broker service.
#[derive(Debug, Default)]
pub struct Broker;

#[tonic::async_trait]
impl GrpcBroker for Broker {
    async fn start_stream(
        &self,
        request: Request<Streaming<ConnInfo>>,
    ) -> Result<Response<BoxStream<ConnInfo>>, Status> {
        // Keep reading the client's half so the stream stays open; the requests (offers of
        // connections) are not acted on.
        let mut inbound = request.into_inner();
        tokio::spawn(async move { while let Ok(Some(_)) = inbound.message().await {} });
        Ok(Response::new(Box::pin(tokio_stream::pending())))
    }
}
