//! `score2hcl generate` against real Terraform: the goldens are `terraform fmt` clean for both
//! test-bed versions, and generated roots init, validate, plan and apply.
//!
//! Most roots are generated with `--no-workloads` (the platform team's preview of its
//! resources), so every provider they need is built in (`terraform_data`) or in the test bed's
//! mirror (hashicorp/aws 3.39.0); `example_hello_with_its_workload_applies_through_the_provider`
//! keeps the `score_workload` resource and uses this workspace's provider. The generator runs
//! in process, as the library the binary wraps.

use integration::{TfDir, report, stdout};
use score2hcl::cli::GenerateArgs;
use score2hcl::files::Files;
use score2hcl::generate;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Copies the directory tree `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }
}

/// Generates the project in `dir` (working directory `dir`) and writes the root module,
/// panicking with the rendered diagnostics on any error.
fn generate_in(dir: &Path, args: &GenerateArgs) -> PathBuf {
    let mut files = Files::default();
    let (prepared, diags) = generate::prepare(args, dir, &mut files);
    let render_diags = |diags: &[score_core::Diagnostic]| -> String {
        diags
            .iter()
            .map(|d| score2hcl::render::diagnostic(&files, d))
            .collect()
    };
    let prepared = prepared.unwrap_or_else(|| panic!("prepare failed:\n{}", render_diags(&diags)));
    let (out, diags) = generate::render(&prepared.inputs());
    let out = out.unwrap_or_else(|| panic!("render failed:\n{}", render_diags(&diags)));
    let plan = score2hcl::write::plan(&prepared.out_dir, out).expect("planning the write");
    plan.apply().expect("writing the root module");
    prepared.out_dir.clone()
}

fn no_workloads() -> GenerateArgs {
    GenerateArgs {
        no_workloads: true,
        ..GenerateArgs::default()
    }
}

#[test]
fn goldens_are_terraform_fmt_clean() {
    let dir = TfDir::new("generate-fmt");
    let cases = workspace().join("codegen/tests/generate");
    let mut checked = 0;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("golden cases")
        .map(|e| e.expect("entry").path().join("expected"))
        .filter(|p| p.is_dir())
        .collect();
    names.sort();
    for expected in names {
        let tb = dir.testbed();
        for terraform in [&tb.terraform, &tb.terraform_1_0_3] {
            let arg = expected.to_string_lossy().into_owned();
            dir.run_ok(terraform, ["fmt", "-check", "-recursive", "-diff", &arg]);
        }
        checked += 1;
    }
    assert!(checked >= 7, "expected the golden cases, found {checked}");
}

#[test]
fn goldens_without_workloads_validate() {
    // Every golden whose modules are local: generated again without workloads into a copy,
    // then `terraform init` + `validate` (git and registry sources would need the network).
    for case in ["hello", "shared", "environment", "inline", "collisions"] {
        let dir = TfDir::new(&format!("generate-validate-{case}"));
        copy_tree(
            &workspace().join("codegen/tests/generate").join(case),
            dir.path(),
        );
        let _ = std::fs::remove_dir_all(dir.path().join("expected"));
        let root = generate_in(dir.path(), &no_workloads());
        let tf = &dir.testbed().terraform;
        let root = root.to_string_lossy().into_owned();
        dir.run_ok(
            tf,
            [
                &format!("-chdir={root}"),
                "init",
                "-input=false",
                "-backend=false",
            ],
        );
        dir.run_ok(tf, [&format!("-chdir={root}"), "validate"]);
    }
}

#[test]
fn terraform_data_root_applies_with_wiring_and_a_clean_second_plan() {
    let dir = TfDir::new("generate-apply");
    copy_tree(
        &workspace().join("tests/fixtures/generate-wiring"),
        dir.path(),
    );
    let root = generate_in(dir.path(), &no_workloads());
    let root = format!("-chdir={}", root.to_string_lossy());
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, [&root, "init", "-input=false"]);
    dir.run_ok(tf, [&root, "validate"]);
    dir.run_ok(tf, [&root, "plan", "-input=false", "-out=tfplan"]);
    dir.run_ok(
        tf,
        [&root, "apply", "-input=false", "-auto-approve", "tfplan"],
    );
    let out = dir.run_ok(tf, [&root, "output", "-json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("output -json is not JSON: {e}\n{}", report(&out)));
    // The policy module's input is the bucket module's output: its ARN names the bucket the
    // other module computed from the context.
    let bucket = json["s3_basic_orders_bucket"]["value"]["bucket"]
        .as_str()
        .unwrap_or_else(|| panic!("no bucket output\n{}", stdout(&out)));
    assert!(bucket.starts_with("shop-dev-"), "{bucket}");
    let policy = json["aws_policy_s3_admin_orders_bucket"]["value"]["arn"]
        .as_str()
        .unwrap_or_else(|| panic!("no policy output\n{}", stdout(&out)));
    assert_eq!(
        policy,
        format!("arn:aws:iam::000000000000:policy/admin:arn:aws:s3:::{bucket}")
    );
    // The echo delegator forwards the base bucket's outputs.
    assert_eq!(json["s3_admin_orders_bucket"]["value"]["bucket"], bucket);
    // A second plan has nothing to do.
    dir.run_expect_code(tf, [&root, "plan", "-input=false", "-detailed-exitcode"], 0);
}

#[test]
fn aws_root_plans_offline_through_the_mirror() {
    let dir = TfDir::new("generate-aws");
    copy_tree(&workspace().join("tests/fixtures/generate-aws"), dir.path());
    let root = generate_in(dir.path(), &no_workloads());
    let root = format!("-chdir={}", root.to_string_lossy());
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, [&root, "init", "-input=false"]);
    dir.run_ok(tf, [&root, "validate"]);
    let out = dir.run_expect_code(
        tf,
        [
            &root,
            "plan",
            "-input=false",
            "-detailed-exitcode",
            "-no-color",
        ],
        2,
    );
    let text = stdout(&out);
    for wanted in [
        "module.s3_orders_bucket.aws_s3_bucket.this will be created",
        "module.aws_policy_orders_bucket.aws_iam_policy.this will be created",
        "\"orders-dev-bucket-admin\"",
    ] {
        assert!(
            text.contains(wanted),
            "plan lacks {wanted:?}\n{}",
            report(&out)
        );
    }
}

#[test]
fn template_escaping_reads_back_through_terraform() {
    // The invariant of `escape_template_literal`, checked by Terraform itself: every literal
    // comes back unchanged from a quoted string and from a heredoc.
    let literals = [
        "${x}",
        "$${x}",
        "$$${x}",
        "%{ if x }",
        "%%{x}",
        "$ and % alone, $$ and %%",
        "quote \" backslash \\ tab \t",
        "${resources.db.host}:${resources.db.port}",
    ];
    let dir = TfDir::new("generate-escaping");
    let mut body = hcl_outputs(&literals);
    body.push('\n');
    dir.write("main.tf", body);
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, ["init", "-input=false"]);
    dir.run_ok(tf, ["apply", "-input=false", "-auto-approve"]);
    let out = dir.run_ok(tf, ["output", "-json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for (i, lit) in literals.iter().enumerate() {
        assert_eq!(json[format!("q{i}")]["value"], *lit, "quoted {lit:?}");
        assert_eq!(
            json[format!("h{i}")]["value"],
            format!("{lit}\n"),
            "heredoc {lit:?}"
        );
    }
}

/// `output "qN"` (a quoted string) and `output "hN"` (a heredoc) for each literal, printed by
/// the generator's own HCL functions.
fn hcl_outputs(literals: &[&str]) -> String {
    use generate::hcl;
    let mut text = String::new();
    for (i, lit) in literals.iter().enumerate() {
        for (name, value) in [
            (format!("q{i}"), hcl::quoted(lit)),
            (format!("h{i}"), hcl::heredoc("EOT", &format!("{lit}\n"), 4)),
        ] {
            let body = ::hcl::Body::builder()
                .add_attribute(hcl::attr("value", value))
                .build();
            let block = hcl::block("output", &[&name], body);
            text.push_str(&hcl::file(
                "escaping",
                &::hcl::Body::builder().add_block(block).build(),
            ));
        }
    }
    text
}

#[test]
fn example_hello_generates_and_applies() {
    // What `examples/hello/run.sh` does, in a copy.
    let dir = TfDir::new("generate-example-hello");
    copy_tree(&workspace().join("examples/hello"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("build"));
    let mut args = no_workloads();
    args.env = Some("dev".to_owned());
    args.overrides.image = Some("ghcr.io/acme/hello:1.0".to_owned());
    let root = generate_in(dir.path(), &args);
    assert!(root.ends_with("build/dev"), "{}", root.display());
    let root = format!("-chdir={}", root.to_string_lossy());
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, [&root, "init", "-input=false"]);
    dir.run_ok(tf, [&root, "apply", "-input=false", "-auto-approve"]);
    let out = dir.run_ok(tf, [&root, "output", "-json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["dns_hello_dns"]["value"]["host"],
        "hello.dev.example.com",
        "{}",
        stdout(&out)
    );
    let host = json["postgres_hello_db"]["value"]["host"]
        .as_str()
        .unwrap_or_default();
    assert!(
        host.starts_with("hello-dev-") && host.ends_with(".eu-west-1.rds.example.internal"),
        "{host}"
    );
}

#[test]
fn example_hello_with_its_workload_applies_through_the_provider() {
    // As `example_hello_generates_and_applies`, with the `score_workload` resource.
    let mut dir = TfDir::new("generate-example-hello-workload");
    dir.use_provider();
    copy_tree(&workspace().join("examples/hello"), dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("build"));
    let mut args = GenerateArgs {
        env: Some("dev".to_owned()),
        ..GenerateArgs::default()
    };
    args.overrides.image = Some("ghcr.io/acme/hello:1.0".to_owned());
    let root = generate_in(dir.path(), &args);
    let root = format!("-chdir={}", root.to_string_lossy());
    let tf = &dir.testbed().terraform;
    dir.run_ok(tf, [&root, "init", "-input=false"]);
    dir.run_ok(tf, [&root, "apply", "-input=false", "-auto-approve"]);
    dir.run_expect_code(tf, [&root, "plan", "-input=false", "-detailed-exitcode"], 0);
    let out = dir.run_ok(tf, [&root, "show", "-json"]);
    let show: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let workload = show["values"]["root_module"]["resources"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["type"] == "score_workload"))
        .expect("score_workload in state");
    let manifests = workload["values"]["manifests"].to_string();
    for expected in [
        "https://hello.dev.example.com",
        "secretKeyRef",
        "ghcr.io/acme/hello:1.0",
    ] {
        assert!(manifests.contains(expected), "{expected}: {manifests}");
    }
    assert_eq!(workload["values"]["secret_name"], "hello-secret");

    // The workload saw what another module computed at apply time: DATABASE_URL, secret as a
    // whole because it holds the password, carries the host the postgres module made up.
    let out = dir.run_ok(tf, [&root, "output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let host = outputs["postgres_hello_db"]["value"]["host"]
        .as_str()
        .unwrap_or_else(|| panic!("no postgres host output\n{}", stdout(&out)));
    let secret = workload["values"]["secret_manifest"]
        .as_str()
        .expect("a secret manifest");
    let encoded = secret
        .lines()
        .find_map(|l| l.trim().strip_prefix("env-app-DATABASE_URL: "))
        .unwrap_or_else(|| panic!("no DATABASE_URL key in the Secret:\n{secret}"));
    let url = base64_decode(encoded);
    assert!(
        url.starts_with("postgres://hello:") && url.ends_with(&format!("@{host}:5432/hello")),
        "{url}"
    );
}

/// Standard base64 (the Secret's `data`), decoded to text.
fn base64_decode(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET
            .iter()
            .position(|&a| a == c)
            .unwrap_or_else(|| panic!("not base64: {text}"));
        bits = (bits << 6) | u32::try_from(value).expect("a 6-bit value");
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xff).expect("a byte"));
        }
    }
    String::from_utf8(out).expect("UTF-8")
}
