//! Process-level tests of the plugin binary: the real executable, real sockets, real TLS.
//!
//! Each test starts `terraform-provider-score` the way go-plugin does (environment only),
//! reads the handshake line and talks to it with a tonic client over rustls, presenting a
//! certificate made like Terraform's (ECDSA P-521 / SHA-512, CN and SAN `localhost`,
//! clientAuth + serverAuth).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ClientConfig, RootCertStore, SupportedProtocolVersion};
use terraform_provider_score::proto::plugin::Empty;
use terraform_provider_score::proto::plugin::grpc_controller_client::GrpcControllerClient;
use terraform_provider_score::proto::tfplugin6 as pb;
use terraform_provider_score::proto::tfplugin6::provider_client::ProviderClient;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpStream, UnixStream};
use tokio_rustls::TlsConnector;
use tonic::transport::{Channel, Endpoint, Uri};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::health_client::HealthClient;

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-score");
const COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
const COOKIE_VALUE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// Longest wait for the handshake line; a healthy start takes milliseconds.
const START_TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

/// A client identity like the one Terraform generates for AutoMTLS.
struct Identity {
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
}

impl Identity {
    fn terraform_like() -> Identity {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P521_SHA512).expect("P-521 key");
        let mut params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("params");
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "localhost");
        params
            .distinguished_name
            .push(rcgen::DnType::OrganizationName, "HashiCorp");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::DigitalSignature,
            rcgen::KeyUsagePurpose::KeyEncipherment,
            rcgen::KeyUsagePurpose::KeyAgreement,
            rcgen::KeyUsagePurpose::KeyCertSign,
        ];
        params.extended_key_usages = vec![
            rcgen::ExtendedKeyUsagePurpose::ClientAuth,
            rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        ];
        let cert = params.self_signed(&key).expect("self-signed certificate");
        Identity {
            cert: cert.der().clone(),
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        }
    }

    /// The certificate as PEM, the form `PLUGIN_CLIENT_CERT` carries.
    fn pem(&self) -> String {
        let body = base64::engine::general_purpose::STANDARD.encode(self.cert.as_ref());
        let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
        for chunk in body.as_bytes().chunks(64) {
            pem.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
            pem.push('\n');
        }
        pem.push_str("-----END CERTIFICATE-----\n");
        pem
    }
}

/// The fields of the handshake line.
#[derive(Debug)]
struct Handshake {
    network: String,
    address: String,
    server_cert: Option<Vec<u8>>,
}

impl Handshake {
    fn parse(line: &str) -> Handshake {
        let line = line
            .strip_suffix('\n')
            .unwrap_or_else(|| panic!("handshake line without newline: {line:?}"));
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(fields.len(), 6, "handshake line {line:?}");
        assert_eq!(fields[0], "1", "core protocol in {line:?}");
        assert_eq!(fields[1], "6", "plugin protocol in {line:?}");
        assert_eq!(fields[4], "grpc", "transport in {line:?}");
        let server_cert = (!fields[5].is_empty()).then(|| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(fields[5])
                .unwrap_or_else(|e| panic!("certificate field is not unpadded base64: {e}"))
        });
        Handshake {
            network: fields[2].to_owned(),
            address: fields[3].to_owned(),
            server_cert,
        }
    }
}

/// A running plugin process; killed on drop if still alive.
struct Plugin {
    child: Child,
    /// The first stdout line, exactly as printed.
    first_line: String,
    /// Later stdout lines, if any (there must be none).
    more_stdout: mpsc::Receiver<String>,
    stderr_path: PathBuf,
    /// Holds the socket parent directory and the stderr file.
    dir: tempfile::TempDir,
}

/// How to start the process.
#[derive(Default)]
struct Start<'a> {
    args: &'a [&'a str],
    cookie: bool,
    client_cert_pem: Option<String>,
    env: Vec<(&'a str, String)>,
}

impl Plugin {
    fn start(start: Start<'_>) -> Plugin {
        let dir = tempfile::tempdir().expect("temporary directory");
        let stderr_path = dir.path().join("stderr");
        let stderr = std::fs::File::create(&stderr_path).expect("stderr file");
        let mut cmd = Command::new(BINARY);
        cmd.args(start.args)
            .env_clear()
            .env("PLUGIN_UNIX_SOCKET_DIR", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr);
        if start.cookie {
            cmd.env(COOKIE_KEY, COOKIE_VALUE)
                .env("PLUGIN_PROTOCOL_VERSIONS", "5,6");
        }
        if let Some(pem) = start.client_cert_pem {
            cmd.env("PLUGIN_CLIENT_CERT", pem);
        }
        for (key, value) in start.env {
            cmd.env(key, value);
        }
        let mut child = cmd.spawn().expect("starting the provider");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, more_stdout) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {
                        if lines.send(line).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        let first_line = more_stdout
            .recv_timeout(START_TIMEOUT)
            .unwrap_or_else(|_| panic!("no stdout line within {START_TIMEOUT:?}"));
        Plugin {
            child,
            first_line,
            more_stdout,
            stderr_path,
            dir,
        }
    }

    fn handshake(&self) -> Handshake {
        Handshake::parse(&self.first_line)
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).expect("reading stderr")
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("running kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits up to `limit` for the process to exit.
    fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Stdout printed after the first line, once the process has ended.
    fn rest_of_stdout(&self) -> Vec<String> {
        let mut rest = Vec::new();
        while let Ok(line) = self.more_stdout.recv_timeout(Duration::from_secs(5)) {
            rest.push(line);
        }
        rest
    }

    /// Directories the process left in its socket parent (besides the stderr file).
    fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.path())
            .expect("reading the socket parent")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path != &self.stderr_path)
            .collect()
    }
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// TLS client settings for one connection attempt.
struct ClientTls<'a> {
    identity: Option<&'a Identity>,
    versions: &'static [&'static SupportedProtocolVersion],
}

const TLS13: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13];
const TLS12: &[&SupportedProtocolVersion] = &[&rustls::version::TLS12];

fn client_config(server_cert: &[u8], tls: &ClientTls<'_>) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from(server_cert.to_vec()))
        .expect("server certificate as a root");
    let builder = ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_protocol_versions(tls.versions)
    .expect("protocol versions")
    .with_root_certificates(roots);
    let mut config = match tls.identity {
        Some(identity) => builder
            .with_client_auth_cert(vec![identity.cert.clone()], identity.key.clone_key())
            .expect("client certificate"),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec()];
    Arc::new(config)
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// Opens one connection to the plugin, with TLS when `tls` is given. With TLS the server
/// must pick `h2` through ALPN, as grpc-go requires.
async fn connect_io(
    handshake: &Handshake,
    tls: Option<Arc<ClientConfig>>,
) -> std::io::Result<Box<dyn Io>> {
    let plain: Box<dyn Io> = match handshake.network.as_str() {
        "unix" => Box::new(UnixStream::connect(&handshake.address).await?),
        "tcp" => Box::new(TcpStream::connect(&handshake.address).await?),
        other => panic!("unexpected network {other:?}"),
    };
    let Some(config) = tls else {
        return Ok(plain);
    };
    let name = rustls::pki_types::ServerName::try_from("localhost").expect("server name");
    let stream = TlsConnector::from(config).connect(name, plain).await?;
    if stream.get_ref().1.alpn_protocol() != Some(b"h2") {
        return Err(std::io::Error::other("server did not select h2 via ALPN"));
    }
    Ok(Box::new(stream))
}

async fn channel(
    handshake: &Handshake,
    tls: Option<Arc<ClientConfig>>,
) -> Result<Channel, tonic::transport::Error> {
    let handshake = Arc::new(Handshake {
        network: handshake.network.clone(),
        address: handshake.address.clone(),
        server_cert: None,
    });
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_: Uri| {
            let handshake = handshake.clone();
            let tls = tls.clone();
            async move { connect_io(&handshake, tls).await.map(TokioIo::new) }
        }))
        .await
}

/// Connects (with TLS when `tls` is given) and asks the health service about "plugin".
/// Any failure, at connect or on the call, is an `Err` with its description.
async fn health(handshake: &Handshake, tls: Option<Arc<ClientConfig>>) -> Result<i32, String> {
    let channel = channel(handshake, tls)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let response = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: "plugin".to_owned(),
        })
        .await
        .map_err(|e| format!("health check: {e}"))?;
    Ok(response.into_inner().status)
}

fn tls_for(handshake: &Handshake, tls: &ClientTls<'_>) -> Arc<ClientConfig> {
    let cert = handshake
        .server_cert
        .as_deref()
        .expect("a server certificate in the handshake line");
    client_config(cert, tls)
}

fn serving() -> Result<i32, String> {
    Ok(ServingStatus::Serving as i32)
}

// ---------------------------------------------------------------------------------------
// Started by hand
// ---------------------------------------------------------------------------------------

#[test]
fn without_the_cookie_it_explains_and_exits_1() {
    let cases: [(&str, Option<&str>); 3] = [
        ("missing", None),
        ("empty", Some("")),
        ("wrong", Some("d602bf8f470bc67ca7faa0386276bbdd")),
    ];
    for (name, cookie) in cases {
        let mut cmd = Command::new(BINARY);
        cmd.env_clear().stdin(Stdio::null());
        if let Some(cookie) = cookie {
            cmd.env(COOKIE_KEY, cookie);
        }
        let out = cmd.output().expect("running the provider");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: stdout {:?}", out.stdout);
        assert!(
            stderr.contains("This binary is a plugin") && stderr.contains("--debug"),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn version_flag_still_works() {
    let out = Command::new(BINARY)
        .arg("--version")
        .env_clear()
        .output()
        .expect("running the provider");
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("terraform-provider-score {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---------------------------------------------------------------------------------------
// Handshake
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handshake_line_answers_6_whatever_is_offered() {
    let cases = [
        (Some("5,6"), false),
        (Some("6"), false),
        (None, false),
        (Some("5"), true),
    ];
    for (offered, warns) in cases {
        let mut env = vec![("TF_LOG", "warn".to_owned())];
        if let Some(offered) = offered {
            env.push(("PLUGIN_PROTOCOL_VERSIONS", offered.to_owned()));
        }
        let mut plugin = Plugin::start(Start {
            cookie: true,
            env,
            ..Start::default()
        });
        let handshake = plugin.handshake();
        assert_eq!(handshake.network, "unix", "{offered:?}");
        assert!(
            handshake.server_cert.is_none(),
            "{offered:?}: no cert without PLUGIN_CLIENT_CERT"
        );
        let socket = Path::new(&handshake.address);
        assert!(
            socket.starts_with(plugin.dir.path()),
            "{offered:?}: {socket:?}"
        );
        assert_eq!(health(&handshake, None).await, serving(), "{offered:?}");
        plugin.signal("TERM");
        assert!(
            plugin.wait_exit(Duration::from_secs(5)).is_some(),
            "{offered:?}"
        );
        assert_eq!(plugin.rest_of_stdout(), Vec::<String>::new(), "{offered:?}");
        let warned = plugin.stderr().contains("did not offer plugin protocol 6");
        assert_eq!(warned, warns, "{offered:?}: {}", plugin.stderr());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_tcp_in_the_port_range() {
    let free_port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let max_port = free_port.saturating_add(20);
    let identity = Identity::terraform_like();
    let plugin = Plugin::start(Start {
        cookie: true,
        client_cert_pem: Some(identity.pem()),
        env: vec![
            // A socket directory that cannot be created forces the fallback.
            (
                "PLUGIN_UNIX_SOCKET_DIR",
                "/nonexistent/score-tests".to_owned(),
            ),
            ("PLUGIN_MIN_PORT", free_port.to_string()),
            ("PLUGIN_MAX_PORT", max_port.to_string()),
        ],
        ..Start::default()
    });
    let handshake = plugin.handshake();
    assert_eq!(handshake.network, "tcp");
    let addr: std::net::SocketAddr = handshake.address.parse().expect("host:port");
    assert!(addr.ip().is_loopback(), "{addr}");
    assert!((free_port..=max_port).contains(&addr.port()), "{addr}");
    let tls = tls_for(
        &handshake,
        &ClientTls {
            identity: Some(&identity),
            versions: TLS13,
        },
    );
    assert_eq!(health(&handshake, Some(tls)).await, serving());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn socket_group_makes_the_socket_group_writable() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    // The group new files get: changing a file to it needs no privileges.
    let own_gid = tempfile::tempfile()
        .and_then(|f| f.metadata())
        .map(|m| m.gid())
        .expect("a temporary file");
    let plugin = Plugin::start(Start {
        cookie: true,
        env: vec![("PLUGIN_UNIX_SOCKET_GROUP", own_gid.to_string())],
        ..Start::default()
    });
    let handshake = plugin.handshake();
    let socket = Path::new(&handshake.address);
    let dir = socket.parent().expect("socket directory");
    for (path, mode) in [(socket, 0o660), (dir, 0o750)] {
        let meta = std::fs::metadata(path).expect("metadata");
        assert_eq!(meta.permissions().mode() & 0o777, mode, "{path:?}");
        assert_eq!(meta.gid(), own_gid, "{path:?}");
    }
    assert_eq!(health(&handshake, None).await, serving());
}

// ---------------------------------------------------------------------------------------
// AutoMTLS
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terraforms_certificate_is_accepted_over_tls_1_3_and_1_2() {
    let identity = Identity::terraform_like();
    let plugin = Plugin::start(Start {
        cookie: true,
        client_cert_pem: Some(identity.pem()),
        ..Start::default()
    });
    let handshake = plugin.handshake();
    for (name, versions) in [("TLS 1.3", TLS13), ("TLS 1.2", TLS12)] {
        let tls = tls_for(
            &handshake,
            &ClientTls {
                identity: Some(&identity),
                versions,
            },
        );
        assert_eq!(
            health(&handshake, Some(tls.clone())).await,
            serving(),
            "{name}"
        );
        let channel = channel(&handshake, Some(tls)).await.expect("connect");
        let schema = ProviderClient::new(channel)
            .get_provider_schema(pb::get_provider_schema::Request {})
            .await
            .unwrap_or_else(|e| panic!("{name}: GetProviderSchema: {e}"))
            .into_inner();
        let errors: Vec<_> = schema
            .diagnostics
            .iter()
            .filter(|d| d.severity == pb::diagnostic::Severity::Error as i32)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(schema.provider.is_some(), "{name}: no provider schema");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_clients_are_refused() {
    let identity = Identity::terraform_like();
    let stranger = Identity::terraform_like();
    let plugin = Plugin::start(Start {
        cookie: true,
        client_cert_pem: Some(identity.pem()),
        env: vec![("TF_LOG", "debug".to_owned())],
        ..Start::default()
    });
    let handshake = plugin.handshake();
    let cases = [
        (
            "another certificate, TLS 1.3",
            Some(tls_for(
                &handshake,
                &ClientTls {
                    identity: Some(&stranger),
                    versions: TLS13,
                },
            )),
        ),
        (
            "another certificate, TLS 1.2",
            Some(tls_for(
                &handshake,
                &ClientTls {
                    identity: Some(&stranger),
                    versions: TLS12,
                },
            )),
        ),
        (
            "no certificate",
            Some(tls_for(
                &handshake,
                &ClientTls {
                    identity: None,
                    versions: TLS13,
                },
            )),
        ),
        ("plaintext", None),
    ];
    for (name, tls) in cases {
        let outcome = health(&handshake, tls).await;
        assert!(outcome.is_err(), "{name}: accepted ({outcome:?})");
    }
    // The refusals did not hurt the server: Terraform's certificate still gets in.
    let tls = tls_for(
        &handshake,
        &ClientTls {
            identity: Some(&identity),
            versions: TLS13,
        },
    );
    assert_eq!(health(&handshake, Some(tls)).await, serving());
    assert!(
        plugin.stderr().contains("refused a connection"),
        "{}",
        plugin.stderr()
    );
}

// ---------------------------------------------------------------------------------------
// Lifetime
// ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_exits_at_once_and_cleans_up() {
    let identity = Identity::terraform_like();
    let mut plugin = Plugin::start(Start {
        cookie: true,
        client_cert_pem: Some(identity.pem()),
        env: vec![("TF_LOG", "debug".to_owned())],
        ..Start::default()
    });
    let handshake = plugin.handshake();
    let tls = tls_for(
        &handshake,
        &ClientTls {
            identity: Some(&identity),
            versions: TLS13,
        },
    );
    let channel = channel(&handshake, Some(tls)).await.expect("connect");
    // A stdio stream stays open across the shutdown, as Terraform's does.
    let mut stdio =
        terraform_provider_score::proto::plugin::grpc_stdio_client::GrpcStdioClient::new(
            channel.clone(),
        )
        .stream_stdio(())
        .await
        .expect("StreamStdio")
        .into_inner();
    let asked = Instant::now();
    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .expect("Shutdown answers before the process exits");
    let status = plugin
        .wait_exit(Duration::from_millis(500))
        .expect("exited within 500 ms of Shutdown");
    let took = asked.elapsed();
    assert!(status.success(), "{status}");
    assert!(took < Duration::from_millis(500), "{took:?}");
    // The stream carried nothing and ended with the process.
    assert!(matches!(stdio.message().await, Ok(None) | Err(_)));
    assert_eq!(plugin.rest_of_stdout(), Vec::<String>::new());
    assert_eq!(
        plugin.leftovers(),
        Vec::<PathBuf>::new(),
        "socket directory left behind"
    );
    let stderr = plugin.stderr();
    for line in stderr.lines() {
        assert!(
            line.starts_with("{\"@level\":\"")
                && line.contains("\"@module\":\"score\"")
                && line.ends_with('}'),
            "not an hclog JSON line: {line}"
        );
    }
    assert!(
        stderr.contains("\"@message\":\"Shutdown requested, exiting\""),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_does_not_stop_the_provider() {
    let identity = Identity::terraform_like();
    let mut plugin = Plugin::start(Start {
        cookie: true,
        client_cert_pem: Some(identity.pem()),
        ..Start::default()
    });
    let handshake = plugin.handshake();
    plugin.signal("INT");
    plugin.signal("INT");
    assert_eq!(
        plugin.wait_exit(Duration::from_millis(300)),
        None,
        "SIGINT ended the process"
    );
    let tls = tls_for(
        &handshake,
        &ClientTls {
            identity: Some(&identity),
            versions: TLS13,
        },
    );
    assert_eq!(health(&handshake, Some(tls)).await, serving());
    // Without TF_LOG nothing is logged.
    assert_eq!(plugin.stderr(), "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_mode_prints_reattach_and_stops_on_ctrl_c() {
    let mut plugin = Plugin::start(Start {
        args: &["--debug"],
        ..Start::default()
    });
    let mut stdout = vec![plugin.first_line.clone()];
    let reattach = loop {
        let line = plugin
            .more_stdout
            .recv_timeout(START_TIMEOUT)
            .unwrap_or_else(|_| panic!("no TF_REATTACH_PROVIDERS line in {stdout:?}"));
        stdout.push(line.clone());
        if let Some(value) = line.trim().strip_prefix("TF_REATTACH_PROVIDERS='") {
            break value.trim_end_matches('\'').to_owned();
        }
    };
    let prefix = format!(
        "{{\"registry.terraform.io/score-tf/score\":{{\"Protocol\":\"grpc\",\"ProtocolVersion\":6,\"Pid\":{},\"Test\":true,\"Addr\":{{\"Network\":\"unix\",\"String\":\"",
        plugin.child.id()
    );
    let socket = reattach
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix("\"}}}"))
        .unwrap_or_else(|| panic!("unexpected reattach value {reattach}"));
    let handshake = Handshake {
        network: "unix".to_owned(),
        address: socket.to_owned(),
        server_cert: None,
    };
    assert_eq!(health(&handshake, None).await, serving());
    // Shutdown is ignored: the debug process outlives each Terraform run.
    let channel = channel(&handshake, None).await.expect("connect");
    GrpcControllerClient::new(channel)
        .shutdown(Empty {})
        .await
        .expect("Shutdown");
    assert_eq!(plugin.wait_exit(Duration::from_millis(200)), None);
    plugin.signal("INT");
    let status = plugin
        .wait_exit(Duration::from_secs(2))
        .expect("Ctrl-C stops debug mode");
    assert!(status.success(), "{status}");
    assert_eq!(
        plugin.leftovers(),
        Vec::<PathBuf>::new(),
        "socket directory left behind"
    );
}

/// A plugin whose Terraform died without a Shutdown (a crash, a killed CI step) exits on its
/// own instead of holding its socket and inherited pipes forever.
#[test]
fn exits_when_the_process_that_started_it_is_gone() {
    // `sh` starts the plugin in the background, prints its pid and exits a second later
    // (time for the plugin to start while its parent lives), orphaning it. Its stdout is this pipe: end of file
    // means every holder, the plugin included, has exited.
    let mut shell = Command::new("sh")
        .arg("-c")
        .arg(format!("'{BINARY}' & echo \"pid $!\"; sleep 1"))
        .env(COOKIE_KEY, COOKIE_VALUE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("running sh");
    let stdout = shell.stdout.take().expect("a stdout pipe");
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut BufReader::new(stdout), &mut text);
        let _ = done.send(text);
    });
    let _ = shell.wait();
    let text = finished
        .recv_timeout(Duration::from_secs(15))
        .unwrap_or_else(|_| panic!("the orphaned plugin still holds its stdout after 15 s"));
    assert!(text.contains("pid "), "{text}");
    assert!(
        text.contains("|6|unix|") || text.contains("|6|tcp|"),
        "no handshake line: {text}"
    );
}
