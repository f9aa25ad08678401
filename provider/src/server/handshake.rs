//! go-plugin's handshake: the magic cookie, protocol negotiation, the port range and the
//! one line the plugin prints on stdout. Pure functions over the environment's values.

use std::fmt;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use base64::Engine as _;

/// Terraform sets this variable to [`MAGIC_COOKIE_VALUE`] when it starts a provider.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// Terraform's cookie value for providers (the same for protocols 5 and 6).
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// Printed on stderr when the binary is run without the cookie: go-plugin's wording, plus
/// the two things a person running it by hand can do.
pub const NOT_A_PLUGIN_MESSAGE: &str = "This binary is a plugin. These are not meant to be executed directly.\n\
Please execute the program that consumes these plugins, which will\n\
load any plugins automatically.\n\
\n\
terraform-provider-score is started by Terraform (or OpenTofu) through a provider\n\
requirement on \"score-tf/score\". To debug it, run it with --debug and follow the\n\
instructions it prints.";

/// go-plugin's own protocol version, the first handshake field.
const CORE_PROTOCOL_VERSION: u32 = 1;

/// The one plugin protocol version this provider serves.
pub const PROTOCOL_VERSION: u32 = 6;

/// go-plugin's client defaults for `PLUGIN_MIN_PORT` / `PLUGIN_MAX_PORT`.
const DEFAULT_PORTS: RangeInclusive<u16> = 10_000..=25_000;

/// Whether the cookie variable holds Terraform's value.
pub fn cookie_matches(value: Option<&str>) -> bool {
    value == Some(MAGIC_COOKIE_VALUE)
}

/// The outcome of reading `PLUGIN_PROTOCOL_VERSIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Negotiated {
    /// The version to put in the handshake line: always 6, the only one served.
    pub version: u32,
    /// False when the client listed versions and 6 was not among them. go-plugin servers
    /// then still answer with their own version and let the client report the mismatch,
    /// which it does with a message naming both sides' versions.
    pub offered: bool,
}

/// Picks the protocol version from the client's comma-separated list.
/// A missing or empty list (old clients) means the client accepts the server's version.
pub fn negotiate(offered: Option<&str>) -> Negotiated {
    let offered = match offered.map(str::trim) {
        None | Some("") => true,
        Some(list) => list
            .split(',')
            .any(|v| v.trim().parse::<u32>() == Ok(PROTOCOL_VERSION)),
    };
    Negotiated {
        version: PROTOCOL_VERSION,
        offered,
    }
}

/// The TCP port range from `PLUGIN_MIN_PORT` / `PLUGIN_MAX_PORT`; go-plugin's client
/// defaults when a bound is missing or unreadable, and when min > max.
pub fn port_range(min: Option<&str>, max: Option<&str>) -> RangeInclusive<u16> {
    let parse = |v: Option<&str>| v.and_then(|v| v.trim().parse::<u16>().ok());
    let min = parse(min).unwrap_or(*DEFAULT_PORTS.start());
    let max = parse(max).unwrap_or(*DEFAULT_PORTS.end());
    if min <= max { min..=max } else { DEFAULT_PORTS }
}

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Unix(PathBuf),
    Tcp(SocketAddr),
}

impl Address {
    /// The network name go-plugin uses (`unix` or `tcp`).
    pub fn network(&self) -> &'static str {
        match self {
            Address::Unix(_) => "unix",
            Address::Tcp(_) => "tcp",
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Unix(path) => write!(f, "{}", path.display()),
            Address::Tcp(addr) => write!(f, "{addr}"),
        }
    }
}

/// `CORE|APP|NETWORK|ADDR|grpc|CERT` plus the newline. The certificate field is the
/// server certificate's DER in unpadded standard base64, empty when serving plaintext.
pub fn handshake_line(version: u32, address: &Address, server_cert_der: Option<&[u8]>) -> String {
    let cert = server_cert_der
        .map(|der| base64::engine::general_purpose::STANDARD_NO_PAD.encode(der))
        .unwrap_or_default();
    format!(
        "{CORE_PROTOCOL_VERSION}|{version}|{}|{address}|grpc|{cert}\n",
        address.network()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie() {
        assert!(cookie_matches(Some(MAGIC_COOKIE_VALUE)));
        for wrong in [
            None,
            Some(""),
            Some("d602bf8f"),
            Some(" d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"),
        ] {
            assert!(!cookie_matches(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn negotiation() {
        let cases = [
            (None, true),
            (Some(""), true),
            (Some("5,6"), true),
            (Some("6"), true),
            (Some(" 5 , 6 "), true),
            (Some("5"), false),
            (Some("4,5,7"), false),
            (Some("x,y"), false),
            (Some("60"), false),
        ];
        for (offered, expected) in cases {
            let negotiated = negotiate(offered);
            assert_eq!(negotiated.offered, expected, "{offered:?}");
            assert_eq!(negotiated.version, 6, "{offered:?}");
        }
    }

    #[test]
    fn ports() {
        let cases = [
            (None, None, 10_000..=25_000),
            (Some("12000"), Some("12010"), 12_000..=12_010),
            (Some("12000"), None, 12_000..=25_000),
            (Some("x"), Some("30000"), 10_000..=30_000),
            (Some("20000"), Some("100"), 10_000..=25_000),
            (Some("70000"), Some("80000"), 10_000..=25_000),
            (Some("7"), Some("7"), 7..=7),
        ];
        for (min, max, expected) in cases {
            assert_eq!(port_range(min, max), expected, "{min:?}..{max:?}");
        }
    }

    #[test]
    fn lines() {
        let unix = Address::Unix(PathBuf::from("/tmp/plugin123/plugin.sock"));
        let tcp = Address::Tcp(SocketAddr::from(([127, 0, 0, 1], 10_001)));
        let cases: [(&Address, Option<&[u8]>, &str); 3] = [
            (&unix, None, "1|6|unix|/tmp/plugin123/plugin.sock|grpc|\n"),
            (&tcp, None, "1|6|tcp|127.0.0.1:10001|grpc|\n"),
            // Five bytes encode to seven characters without the padding `=`.
            (
                &unix,
                Some(&[0x30, 0x82, 0x01, 0x0a, 0xff]),
                "1|6|unix|/tmp/plugin123/plugin.sock|grpc|MIIBCv8\n",
            ),
        ];
        for (address, cert, expected) in cases {
            assert_eq!(handshake_line(6, address, cert), expected);
        }
    }
}
