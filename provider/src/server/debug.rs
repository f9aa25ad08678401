//! `--debug` mode: serve plaintext without being started by Terraform, and tell the user
//! how to point Terraform at this process (`TF_REATTACH_PROVIDERS`).

use super::handshake::{Address, PROTOCOL_VERSION};
use super::log::push_json_string;

/// The shell line to paste, e.g.
/// `TF_REATTACH_PROVIDERS='{"registry.terraform.io/score-tf/score":{...}}'`.
///
/// `Test: true` tells Terraform not to stop the process when it is done, so one debug
/// session serves many Terraform runs; `ProtocolVersion` must be given because Terraform
/// reads a missing one as protocol 5.
pub fn reattach_line(provider_address: &str, pid: u32, address: &Address) -> String {
    let mut json = String::new();
    json.push('{');
    push_json_string(&mut json, provider_address);
    json.push_str(&format!(
        ":{{\"Protocol\":\"grpc\",\"ProtocolVersion\":{PROTOCOL_VERSION},\"Pid\":{pid},\"Test\":true,\"Addr\":{{\"Network\":\"{}\",\"String\":",
        address.network()
    ));
    push_json_string(&mut json, &address.to_string());
    json.push_str("}}}");
    format!("TF_REATTACH_PROVIDERS='{}'", json.replace('\'', "'\\''"))
}

/// What `--debug` prints on stdout: the reattach line with a short explanation.
pub fn instructions(provider_address: &str, pid: u32, address: &Address) -> String {
    format!(
        "Provider started in debug mode. To attach Terraform, run it with this variable set\n\
         (in the same shell: export it, or prefix each command with it):\n\
         \n\
         \t{}\n\
         \n\
         Stop the provider with Ctrl-C.\n",
        reattach_line(provider_address, pid, address)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn reattach_lines() {
        let cases = [
            (
                Address::Unix(PathBuf::from("/tmp/plugin1/plugin.sock")),
                r#"TF_REATTACH_PROVIDERS='{"registry.terraform.io/score-tf/score":{"Protocol":"grpc","ProtocolVersion":6,"Pid":42,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin1/plugin.sock"}}}'"#,
            ),
            (
                Address::Unix(PathBuf::from("/tmp/it's \"odd\"/plugin.sock")),
                r#"TF_REATTACH_PROVIDERS='{"registry.terraform.io/score-tf/score":{"Protocol":"grpc","ProtocolVersion":6,"Pid":42,"Test":true,"Addr":{"Network":"unix","String":"/tmp/it'\''s \"odd\"/plugin.sock"}}}'"#,
            ),
            (
                Address::Tcp(([127, 0, 0, 1], 10_001).into()),
                r#"TF_REATTACH_PROVIDERS='{"registry.terraform.io/score-tf/score":{"Protocol":"grpc","ProtocolVersion":6,"Pid":42,"Test":true,"Addr":{"Network":"tcp","String":"127.0.0.1:10001"}}}'"#,
            ),
        ];
        for (address, expected) in cases {
            assert_eq!(
                reattach_line("registry.terraform.io/score-tf/score", 42, &address),
                expected
            );
        }
    }
}
