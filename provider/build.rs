//! Compiles `proto/*.proto` into Rust with `protox` (a protobuf compiler written in Rust)
//! and `tonic-prost-build`, so building needs no system `protoc`.

use std::path::PathBuf;

/// The vendored definitions, relative to this package; see `proto/README.md`.
const PROTOS: &[&str] = &["tfplugin6.9.proto", "go-plugin.proto"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../proto");
    for file in PROTOS {
        println!("cargo:rerun-if-changed={}", proto_dir.join(file).display());
    }
    let descriptors = protox::compile(PROTOS, [&proto_dir])?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        // Clients (used by tests) are built over any channel; no `connect` helper, so the
        // library does not need tonic's client transport.
        .build_transport(false)
        // RPCs the provider does not implement answer UNIMPLEMENTED, which Terraform
        // expects for optional ones (GetMetadata, identity, ephemeral, ...).
        .generate_default_stubs(true)
        .compile_fds(descriptors)?;
    Ok(())
}
