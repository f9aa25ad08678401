//! Where the server listens and what it accepts: a unix socket in a fresh private
//! directory (what go-plugin does on unix), TCP on 127.0.0.1 within the client's port
//! range as the fallback, and TLS on top when AutoMTLS is on.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::RangeInclusive;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream, UnixListener, UnixStream};
use tokio::sync::mpsc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use super::handshake::Address;
use super::log;

/// A client that takes longer than this to finish the TLS handshake is dropped.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// File name of the socket inside its directory.
const SOCKET_NAME: &str = "plugin.sock";

/// Where to listen, from the `PLUGIN_*` variables.
#[derive(Debug, Clone)]
pub struct ListenSettings {
    /// `PLUGIN_UNIX_SOCKET_DIR`: parent of the socket's directory (else the temp dir).
    pub socket_parent: Option<PathBuf>,
    /// `PLUGIN_UNIX_SOCKET_GROUP`: a group name or id that may connect to the socket.
    pub socket_group: Option<String>,
    /// `PLUGIN_MIN_PORT..=PLUGIN_MAX_PORT`, for the TCP fallback.
    pub ports: RangeInclusive<u16>,
}

/// A bound listener and the directory to remove when the process ends.
#[derive(Debug)]
pub struct Bound {
    pub listener: Listener,
    pub address: Address,
    /// The socket's private directory; `None` for TCP.
    pub socket_dir: Option<tempfile::TempDir>,
}

/// A unix or TCP listener.
#[derive(Debug)]
pub enum Listener {
    Unix(UnixListener),
    Tcp(TcpListener),
}

/// Binds the unix socket, or TCP when that fails. Must run inside the tokio runtime.
pub fn bind(settings: &ListenSettings) -> io::Result<Bound> {
    match bind_unix(settings) {
        Ok(bound) => Ok(bound),
        Err(unix_err) => {
            log::warn(&format!(
                "cannot listen on a unix socket ({unix_err}); using TCP"
            ));
            bind_tcp(&settings.ports).map_err(|tcp_err| {
                io::Error::new(
                    tcp_err.kind(),
                    format!("cannot listen: unix socket: {unix_err}; TCP: {tcp_err}"),
                )
            })
        }
    }
}

fn bind_unix(settings: &ListenSettings) -> io::Result<Bound> {
    let parent = settings
        .socket_parent
        .clone()
        .unwrap_or_else(std::env::temp_dir);
    // tempfile creates the directory with mode 0700, so only this user can connect.
    let dir = tempfile::Builder::new()
        .prefix("plugin")
        .tempdir_in(&parent)?;
    let path = dir.path().join(SOCKET_NAME);
    let listener = UnixListener::bind(&path)?;
    if let Some(group) = &settings.socket_group {
        share_with_group(dir.path(), &path, group)?;
    }
    Ok(Bound {
        listener: Listener::Unix(listener),
        address: Address::Unix(path),
        socket_dir: Some(dir),
    })
}

/// go-plugin's `PLUGIN_UNIX_SOCKET_GROUP`: the socket becomes group-writable for that
/// group (and its directory group-searchable, as it is private here).
fn share_with_group(dir: &Path, socket: &Path, group: &str) -> io::Result<()> {
    let gid = group_id(group)?;
    std::os::unix::fs::chown(dir, None, Some(gid))?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))?;
    std::os::unix::fs::chown(socket, None, Some(gid))?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o660))
}

/// A numeric group id, or a group name looked up in `/etc/group`.
fn group_id(group: &str) -> io::Result<u32> {
    if let Ok(gid) = group.parse::<u32>() {
        return Ok(gid);
    }
    let groups = std::fs::read_to_string("/etc/group")?;
    find_group(&groups, group).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("PLUGIN_UNIX_SOCKET_GROUP: no group named '{group}'"),
        )
    })
}

/// The gid of `name` in `/etc/group` text (`name:password:gid:members` lines).
fn find_group(groups: &str, name: &str) -> Option<u32> {
    groups.lines().find_map(|line| {
        let mut fields = line.split(':');
        if fields.next()? != name {
            return None;
        }
        fields.nth(1)?.parse().ok()
    })
}

fn bind_tcp(ports: &RangeInclusive<u16>) -> io::Result<Bound> {
    let mut last_error = io::Error::new(io::ErrorKind::AddrNotAvailable, "empty port range");
    for port in ports.clone() {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        match std::net::TcpListener::bind(addr) {
            Ok(std_listener) => {
                std_listener.set_nonblocking(true)?;
                let listener = TcpListener::from_std(std_listener)?;
                return Ok(Bound {
                    address: Address::Tcp(listener.local_addr()?),
                    listener: Listener::Tcp(listener),
                    socket_dir: None,
                });
            }
            Err(err) => last_error = err,
        }
    }
    Err(last_error)
}

/// One accepted connection, of whichever kind the process serves.
#[derive(Debug)]
pub enum Conn {
    Unix(UnixStream),
    Tcp(TcpStream),
    UnixTls(Box<TlsStream<UnixStream>>),
    TcpTls(Box<TlsStream<TcpStream>>),
}

/// Accepts connections until the process ends and hands them to the gRPC server through
/// the returned channel. With TLS, each handshake runs in its own task, so one slow or
/// refused client does not hold up the next; refused clients are logged and dropped.
pub fn accept_all(
    listener: Listener,
    tls: Option<TlsAcceptor>,
) -> mpsc::Receiver<io::Result<Conn>> {
    let (sender, receiver) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            let accepted = match &listener {
                Listener::Unix(l) => l.accept().await.map(|(s, _)| Accepted::Unix(s)),
                Listener::Tcp(l) => l.accept().await.map(|(s, _)| {
                    // gRPC writes small frames; Nagle's delay would only add latency.
                    let _ = s.set_nodelay(true);
                    Accepted::Tcp(s)
                }),
            };
            match accepted {
                Ok(stream) => dispatch(stream, tls.clone(), sender.clone()),
                Err(err) => {
                    // Usually out of file descriptors: wait instead of spinning.
                    log::warn(&format!("accept failed: {err}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            if sender.is_closed() {
                return;
            }
        }
    });
    receiver
}

enum Accepted {
    Unix(UnixStream),
    Tcp(TcpStream),
}

fn dispatch(stream: Accepted, tls: Option<TlsAcceptor>, sender: mpsc::Sender<io::Result<Conn>>) {
    let Some(acceptor) = tls else {
        let conn = match stream {
            Accepted::Unix(s) => Conn::Unix(s),
            Accepted::Tcp(s) => Conn::Tcp(s),
        };
        tokio::spawn(async move { sender.send(Ok(conn)).await });
        return;
    };
    tokio::spawn(async move {
        let handshake = async {
            match stream {
                Accepted::Unix(s) => acceptor.accept(s).await.map(|t| Conn::UnixTls(Box::new(t))),
                Accepted::Tcp(s) => acceptor.accept(s).await.map(|t| Conn::TcpTls(Box::new(t))),
            }
        };
        match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, handshake).await {
            Ok(Ok(conn)) => {
                let _ = sender.send(Ok(conn)).await;
            }
            Ok(Err(err)) => log::debug(&format!("refused a connection: TLS: {err}")),
            Err(_) => log::debug("refused a connection: TLS handshake timed out"),
        }
    });
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => Pin::new(s).poll_read(cx, buf),
            Conn::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Conn::UnixTls(s) => Pin::new(s).poll_read(cx, buf),
            Conn::TcpTls(s) => Pin::new(s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Unix(s) => Pin::new(s).poll_write(cx, buf),
            Conn::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Conn::UnixTls(s) => Pin::new(s).poll_write(cx, buf),
            Conn::TcpTls(s) => Pin::new(s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Conn::Unix(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::UnixTls(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Conn::TcpTls(s) => Pin::new(s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Conn::Unix(s) => s.is_write_vectored(),
            Conn::Tcp(s) => s.is_write_vectored(),
            Conn::UnixTls(s) => s.is_write_vectored(),
            Conn::TcpTls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => Pin::new(s).poll_flush(cx),
            Conn::Tcp(s) => Pin::new(s).poll_flush(cx),
            Conn::UnixTls(s) => Pin::new(s).poll_flush(cx),
            Conn::TcpTls(s) => Pin::new(s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => Pin::new(s).poll_shutdown(cx),
            Conn::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Conn::UnixTls(s) => Pin::new(s).poll_shutdown(cx),
            Conn::TcpTls(s) => Pin::new(s).poll_shutdown(cx),
        }
    }
}

impl tonic::transport::server::Connected for Conn {
    // Handlers have no use for peer details; the socket is private or TLS-pinned.
    type ConnectInfo = ();

    fn connect_info(&self) -> Self::ConnectInfo {}
}

/// Shares the TLS configuration with the accept loop.
pub fn acceptor(config: Arc<rustls::ServerConfig>) -> TlsAcceptor {
    TlsAcceptor::from(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_name() {
        let etc_group = "root:x:0:\nwheel:x:10:alice,bob\nbroken\nterraform:x:1234:\nnogid:x::\n";
        let cases = [
            ("root", Some(0)),
            ("wheel", Some(10)),
            ("terraform", Some(1234)),
            ("nogid", None),
            ("broken", None),
            ("absent", None),
            ("x", None),
        ];
        for (name, expected) in cases {
            assert_eq!(find_group(etc_group, name), expected, "{name}");
        }
    }
}
