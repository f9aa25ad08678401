//! The harness of the in-process gRPC tests (`grpc.rs`, `garbage.rs`): a provider served by
//! `framework::grpc_service` on a unix socket in a temporary directory, and a client
//! connected to it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use hyper_util::rt::TokioIo;
use terraform_provider_score::framework::{self, Provider};
use terraform_provider_score::proto::tfplugin6::provider_client::ProviderClient;
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::oneshot;
use tonic::transport::{Channel, Endpoint, Server};

/// A served provider and a client connected to it; the server stops on drop.
pub struct Served {
    pub client: ProviderClient<Channel>,
    /// The client's channel, for calls the generated client cannot make (raw bytes).
    #[allow(dead_code, reason = "garbage.rs uses it, grpc.rs does not")]
    pub channel: Channel,
    /// How many connections the channel has opened: more than one means the server dropped
    /// a connection and the channel reconnected.
    #[allow(dead_code, reason = "garbage.rs uses it, grpc.rs does not")]
    pub connections: Arc<AtomicUsize>,
    _shutdown: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl Served {
    /// The number of connections opened so far.
    #[allow(dead_code, reason = "garbage.rs uses it, grpc.rs does not")]
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

pub async fn serve(provider: Provider) -> Served {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("provider.sock");
    let listener = UnixListener::bind(&path).expect("binding the socket");
    let (shutdown, stopped) = oneshot::channel::<()>();
    let incoming = tokio_stream::wrappers::UnixListenerStream::new(listener);
    tokio::spawn(async move {
        let _ = Server::builder()
            .add_service(framework::grpc_service(provider))
            .serve_with_incoming_shutdown(incoming, async {
                let _ = stopped.await;
            })
            .await;
    });
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    // The URI is required by the API and ignored by the connector.
    let channel = Endpoint::from_static("http://[::]:50051")
        .connect_with_connector(tower::service_fn(move |_| {
            let path = path.clone();
            counter.fetch_add(1, Ordering::SeqCst);
            async move { UnixStream::connect(path).await.map(TokioIo::new) }
        }))
        .await
        .expect("connecting to the socket");
    let client = ProviderClient::new(channel.clone())
        .max_decoding_message_size(framework::MAX_MESSAGE_BYTES)
        .max_encoding_message_size(framework::MAX_MESSAGE_BYTES);
    Served {
        client,
        channel,
        connections,
        _shutdown: shutdown,
        _dir: dir,
    }
}
