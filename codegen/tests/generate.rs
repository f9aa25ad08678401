//! `score2hcl generate` writing for real: the binary runs in a project in a temporary
//! directory, and each test compares the whole directory tree (inputs, output, and anything
//! beside them) before and after. Covers issue 6's idempotence, `--check`, stale-file removal,
//! refusal to touch foreign files, path escapes, and atomicity on error. What the files hold
//! is the goldens' business (`tests/goldens.rs`); the writer's own cases are in
//! `src/write/tests.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const PROJECT: &str = "\
apiVersion: score2hcl.dev/v1alpha1
kind: Project
app: shop
definitions: [defs]
output: out
environments:
  dev:
    type: development
";

const SCORE: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: nginx:1
    variables:
      BUCKET: ${resources.store.bucket}
resources:
  store:
    type: s3
";

/// SCORE without its resource: the inline module of `store` becomes stale.
const SCORE_WITHOUT_STORE: &str = "\
apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: nginx:1
";

/// An inline definition, so the output has a module directory with several files.
const DEFS: &str = r#"apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata: {id: bucket}
entity:
  name: bucket
  type: s3
  driver_type: humanitec/terraform
  driver_inputs:
    values:
      script: |
        output "bucket" {
          value = "${context.app.id}-${context.res.id}"
        }
        output "region" {
          value = "eu-west-1"
        }
      files:
        README.md: |
          A bucket.
  criteria: [{}]
"#;

/// The inline module's directory under `out/`.
const MODULE: &str = "modules/s3_web_store";

/// A project in a fresh temporary directory: `ROOT/work/` holds the inputs and is the
/// working directory; the output goes to `ROOT/work/out/`. Snapshots cover all of ROOT, so
/// a file written beside `work/` shows up.
struct Project {
    root: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let project = Project {
            root: tempfile::tempdir().unwrap(),
        };
        project.write("score2hcl.yaml", PROJECT);
        project.write("score.yaml", SCORE);
        project.write("defs/defs.yaml", DEFS);
        project
    }

    fn work(&self) -> PathBuf {
        self.root.path().join("work")
    }

    fn out(&self) -> PathBuf {
        self.work().join("out")
    }

    /// Writes a file under `work/`, creating directories.
    fn write(&self, path: &str, contents: &str) {
        let path = self.work().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Runs the binary in `work/`.
    fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_score2hcl"))
            .args(args)
            .current_dir(self.work())
            .output()
            .unwrap()
    }

    /// Runs `generate` (plus `args`) and expects success.
    fn generate(&self, args: &[&str]) -> String {
        let out = self.run(&[&["generate"], args].concat());
        assert!(out.status.success(), "generate failed:\n{}", stderr(&out));
        stderr(&out)
    }

    /// Runs `generate` (plus `args`), expects exit code 1, returns stderr.
    fn generate_fails(&self, args: &[&str]) -> String {
        let out = self.run(&[&["generate"], args].concat());
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "stdout: {}", stdout(&out));
        stderr(&out)
    }

    /// Every entry under ROOT (links not followed): `file:<bytes>`, `dir` or `link:<target>`.
    fn tree(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        walk(self.root.path(), "", &mut out);
        out
    }

    /// What `work/` holds besides the project's own files and the output: what a run left.
    fn beside_output(&self) -> Vec<String> {
        fs::read_dir(self.work())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !["score2hcl.yaml", "score.yaml", "defs", "out"].contains(&n.as_str()))
            .collect()
    }

    /// The paths listed in the output's manifest.
    fn manifest_paths(&self) -> Vec<String> {
        fs::read_to_string(self.out().join(".score2hcl-generated"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split_once("  ").unwrap().1.to_owned())
            .collect()
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            let target = fs::read_link(entry.path()).unwrap();
            out.insert(name, format!("link:{}", target.display()));
        } else if kind.is_dir() {
            out.insert(name.clone(), "dir".to_owned());
            walk(&entry.path(), &format!("{name}/"), out);
        } else {
            let bytes = fs::read(entry.path()).unwrap();
            out.insert(name, format!("file:{}", String::from_utf8_lossy(&bytes)));
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The entries of `after` that are not in `before` or differ.
fn new_entries(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    after
        .iter()
        .filter(|(path, kind)| before.get(*path) != Some(*kind))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn generating_twice_is_byte_identical_and_the_second_run_changes_nothing() {
    use std::os::unix::fs::MetadataExt as _;
    let p = Project::new();
    let first = p.generate(&[]);
    assert!(first.starts_with("score2hcl: wrote out ("), "{first}");
    assert!(first.contains(" 0 updated, 0 deleted)"), "{first}");
    let tree = p.tree();
    let inode = fs::metadata(p.out().join("main.tf")).unwrap().ino();

    let second = p.generate(&[]);
    assert_eq!(
        second,
        "score2hcl: wrote out (0 created, 0 updated, 0 deleted)\n"
    );
    assert_eq!(p.tree(), tree);
    // Not rewritten with the same bytes either: the file is the same inode.
    assert_eq!(fs::metadata(p.out().join("main.tf")).unwrap().ino(), inode);
    // The manifest lists every generated file, and nothing else is in the output.
    let listed = p.manifest_paths();
    assert!(listed.contains(&"main.tf".to_owned()), "{listed:?}");
    assert!(listed.contains(&format!("{MODULE}/main.tf")), "{listed:?}");
    let files: Vec<String> = tree
        .iter()
        .filter(|(path, kind)| path.starts_with("work/out/") && kind.starts_with("file:"))
        .map(|(path, _)| path["work/out/".len()..].to_owned())
        .filter(|path| path != ".score2hcl-generated")
        .collect();
    assert_eq!(files, listed);
}

#[test]
fn check_lists_what_would_change_and_writes_nothing() {
    let p = Project::new();
    // Nothing generated yet: everything would be created, and `out/` is not.
    let before = p.tree();
    let message = p.generate_fails(&["--check"]);
    assert!(
        message.starts_with(
            "score2hcl: out is out of date; run score2hcl generate and commit the result:\n  \
             create .score2hcl-generated\n  create main.tf\n"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("\n  create {MODULE}/main.tf\n")),
        "{message}"
    );
    assert_eq!(p.tree(), before);

    p.generate(&[]);
    let out = p.run(&["generate", "--check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "score2hcl: out is up to date\n");

    // The inputs change: the CI gate fails, naming the files, and leaves them as they were.
    p.write("score.yaml", &SCORE.replace("nginx:1", "nginx:2"));
    let before = p.tree();
    let message = p.generate_fails(&["--check"]);
    assert_eq!(
        message,
        "score2hcl: out is out of date; run score2hcl generate and commit the result:\n  \
         update .score2hcl-generated\n  update main.tf\n"
    );
    assert_eq!(p.tree(), before);

    // A deleted resource: its module's files are listed as deletions.
    p.write("score.yaml", SCORE_WITHOUT_STORE);
    let message = p.generate_fails(&["--check"]);
    assert!(
        message.contains(&format!("\n  delete {MODULE}/main.tf\n")),
        "{message}"
    );
    assert_eq!(
        p.tree(),
        before
            .into_iter()
            .map(|(k, v)| {
                if k == "work/score.yaml" {
                    (k, format!("file:{SCORE_WITHOUT_STORE}"))
                } else {
                    (k, v)
                }
            })
            .collect()
    );
}

#[test]
fn check_refuses_like_generate_when_a_file_is_not_ours() {
    let p = Project::new();
    p.generate(&[]);
    fs::write(p.out().join("main.tf"), "# mine now\n").unwrap();
    let before = p.tree();
    let message = p.generate_fails(&["--check"]);
    assert!(
        message.contains("out/main.tf: edited by hand since score2hcl generated it"),
        "{message}"
    );
    assert_eq!(p.tree(), before);
}

#[test]
fn files_no_longer_generated_are_removed_and_others_kept() {
    let p = Project::new();
    // Someone else's files in the output: Terraform's, and a hand-written one.
    p.write("out/extra.tf", "# mine\n");
    p.write("out/.terraform/providers/x", "provider");
    p.write("out/terraform.tfstate", "{}");
    p.generate(&[]);
    assert!(p.out().join(MODULE).join("README.md").exists());

    p.write("score.yaml", SCORE_WITHOUT_STORE);
    let message = p.generate(&[]);
    assert!(message.contains(" 3 deleted)"), "{message}");
    assert!(
        !p.out().join("modules").exists(),
        "the emptied directories stay"
    );
    assert!(
        p.manifest_paths()
            .iter()
            .all(|path| !path.starts_with("modules/")),
        "{:?}",
        p.manifest_paths()
    );
    let tree = p.tree();
    assert_eq!(tree["work/out/extra.tf"], "file:# mine\n");
    assert_eq!(tree["work/out/.terraform/providers/x"], "file:provider");
    assert_eq!(tree["work/out/terraform.tfstate"], "file:{}");
}

#[test]
fn refuses_to_overwrite_a_file_it_did_not_generate() {
    let p = Project::new();
    p.write("out/main.tf", "# hand-written\n");
    let before = p.tree();
    let message = p.generate_fails(&[]);
    assert!(
        message.starts_with(
            "score2hcl: error: refusing to overwrite or delete a file in 'out' that score2hcl \
             did not generate:\n  out/main.tf: not generated by score2hcl (not listed in \
             .score2hcl-generated)\n  = help: "
        ),
        "{message}"
    );
    assert_eq!(p.tree(), before);
}

#[test]
fn refuses_to_touch_generated_files_edited_by_hand() {
    let p = Project::new();
    p.generate(&[]);
    // An edit to a file the next run updates, and to one it deletes.
    fs::write(p.out().join("main.tf"), "# edited\n").unwrap();
    fs::write(p.out().join(MODULE).join("README.md"), "edited\n").unwrap();
    p.write("score.yaml", SCORE_WITHOUT_STORE);
    let before = p.tree();
    let message = p.generate_fails(&[]);
    assert!(
        message.contains(&format!(
            "that score2hcl did not generate:\n  out/main.tf: edited by hand since score2hcl \
             generated it\n  out/{MODULE}/README.md: edited by hand since score2hcl generated \
             it\n"
        )),
        "{message}"
    );
    assert_eq!(p.tree(), before);
}

#[test]
fn an_input_error_leaves_the_output_as_it_was() {
    let p = Project::new();
    p.generate(&[]);
    // A resource no definition matches.
    p.write("score.yaml", &format!("{SCORE}  cache:\n    type: redis\n"));
    let before = p.tree();
    let message = p.generate_fails(&[]);
    assert!(message.starts_with("score.yaml:"), "{message}");
    assert!(message.contains("error"), "{message}");
    assert_eq!(p.tree(), before);
}

#[test]
fn definition_file_names_cannot_leave_the_module_directory() {
    let p = Project::new();
    p.generate(&[]);
    for (name, expected) in [
        // Refused by the generator, positioned in the definition.
        (
            "\"../../../x.tf\"",
            "defs/defs.yaml:18:9: error: entity.driver_inputs.values.files[\"../../../x.tf\"]: \
             file name '../../../x.tf' must not contain empty, '.' or '..' parts",
        ),
        (
            "/tmp/x.tf",
            "defs/defs.yaml:18:9: error: entity.driver_inputs.values.files[\"/tmp/x.tf\"]: \
             file name '/tmp/x.tf' must be a relative path",
        ),
        // Refused by the writer, which allows only portable file names.
        (
            "\"a b.tf\"",
            "score2hcl: error: refusing to write 'modules/s3_web_store/a b.tf': it contains ' '",
        ),
    ] {
        p.write("defs/defs.yaml", &DEFS.replace("README.md", name));
        let before = p.tree();
        let message = p.generate_fails(&[]);
        assert!(message.contains(expected), "{name}: {message}");
        assert_eq!(p.tree(), before, "{name}");
    }
}

#[test]
fn score_file_targets_stay_in_the_workload_spec() {
    let p = Project::new();
    // Container file targets are paths inside the container: nothing is written for them.
    let score = SCORE.replace(
        "    variables:",
        "    files:\n      ../../x:\n        content: hi\n      /etc/../../../y:\n        \
         content: hi\n    variables:",
    );
    p.write("score.yaml", &score);
    let before = p.tree();
    p.generate(&[]);
    let added = new_entries(&before, &p.tree());
    assert!(
        added.iter().all(|path| path.starts_with("work/out")),
        "{added:?}"
    );
}

#[test]
fn a_linked_directory_inside_the_output_is_not_followed() {
    let p = Project::new();
    let outside = p.root.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::create_dir_all(p.out()).unwrap();
    std::os::unix::fs::symlink(&outside, p.out().join("modules")).unwrap();
    let before = p.tree();
    let message = p.generate_fails(&[]);
    assert!(
        message.starts_with("score2hcl: error: 'out/modules' is a symbolic link"),
        "{message}"
    );
    assert_eq!(p.tree(), before);
}

#[test]
fn environment_ids_from_flags_cannot_move_the_output() {
    let p = Project::new();
    fs::remove_file(p.work().join("score2hcl.yaml")).unwrap();
    let before = p.tree();
    // Without a project file the output defaults to build/ENV, so ENV must be an id.
    let out = p.run(&[
        "generate",
        "score.yaml",
        "--definitions",
        "defs",
        "--app",
        "shop",
        "--env",
        "../../evil",
        "--env-type",
        "development",
    ]);
    let added = new_entries(&before, &p.tree());
    assert!(added.is_empty(), "wrote {added:?}\n{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Every entry under `dir` (links not followed), as [`Project::tree`] lists them.
fn subtree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

#[test]
fn a_write_cut_short_by_the_file_size_limit_leaves_the_previous_output() {
    // Disk full, simulated with RLIMIT_FSIZE (it binds root too, unlike permissions): the
    // new main.tf outgrows the limit, so the write fails or the kernel kills the process
    // (SIGXFSZ). Either way the previous output must survive intact, and the next run with
    // room to write must finish the job.
    let p = Project::new();
    p.generate(&[]);
    let before = subtree(&p.out());
    let variables: String = (0..200)
        .map(|i| format!("      VAR_{i}: value-{i}-${{resources.store.bucket}}\n"))
        .collect();
    p.write(
        "score.yaml",
        &SCORE.replace(
            "      BUCKET: ${resources.store.bucket}\n",
            &format!("      BUCKET: ${{resources.store.bucket}}\n{variables}"),
        ),
    );
    let limited = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 8 && exec '{}' generate",
            env!("CARGO_BIN_EXE_score2hcl")
        ))
        .current_dir(p.work())
        .output()
        .unwrap();
    assert!(
        !limited.status.success(),
        "generate succeeded under an 8 KiB file size limit:\n{}",
        stderr(&limited)
    );
    assert_eq!(subtree(&p.out()), before, "{}", stderr(&limited));

    p.generate(&[]);
    let main_tf = fs::read_to_string(p.out().join("main.tf")).unwrap();
    assert!(main_tf.contains("VAR_199"), "{main_tf}");
    // Nothing of the interrupted run is left beside the output.
    let leftovers = p.beside_output();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Sets the permission bits of `path` and, for a directory, of everything under it:
/// `dirs` on directories, `files` on the rest (links are left alone).
fn set_modes(path: &Path, dirs: u32, files: u32) {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::symlink_metadata(path).unwrap();
    if meta.file_type().is_symlink() {
        return;
    }
    if meta.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            set_modes(&entry.unwrap().path(), dirs, files);
        }
        fs::set_permissions(path, fs::Permissions::from_mode(dirs)).unwrap();
    } else {
        fs::set_permissions(path, fs::Permissions::from_mode(files)).unwrap();
    }
}

#[test]
fn a_read_only_output_folder_is_refused_and_left_as_it_was() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // Permission bits do not bind root, and CI runs as root: there the run is made as
    // `nobody` (setpriv, from util-linux). The project is readable by everyone and the folder
    // that holds the output writable by everyone, so the run gets as far as staging its
    // files; only the output folder itself is read-only.
    let p = Project::new();
    p.generate(&[]);
    p.write(
        "score.yaml",
        &SCORE.replace(
            "BUCKET: ${resources.store.bucket}",
            "BUCKET_NAME: ${resources.store.bucket}",
        ),
    );
    let before = subtree(&p.out());
    set_modes(p.root.path(), 0o755, 0o644);
    fs::set_permissions(p.work(), fs::Permissions::from_mode(0o777)).unwrap();
    set_modes(&p.out(), 0o555, 0o444);

    let as_root = fs::metadata(p.work()).unwrap().uid() == 0;
    let binary = env!("CARGO_BIN_EXE_score2hcl");
    let mut command = if as_root {
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            binary,
        ]);
        c
    } else {
        std::process::Command::new(binary)
    };
    let run = command
        .arg("generate")
        .current_dir(p.work())
        .output()
        .unwrap();
    // Writable again before any assertion, so the temporary directory can be removed.
    set_modes(p.root.path(), 0o755, 0o644);

    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(message.contains("ermission denied"), "{message}");
    assert_eq!(subtree(&p.out()), before, "{message}");
    // Nothing of the refused run is left beside the output.
    let leftovers = p.beside_output();
    assert!(leftovers.is_empty(), "{leftovers:?}\n{message}");
}
