//! The subcommands. Each returns `Ok(true)` when the input is good, `Ok(false)` when it has
//! problems (already reported on stderr), and `Err` only for failures to write output.

use crate::cli::{Format, OverrideArgs, ResolveArgs, ValidateArgs};
use crate::files::Files;
use crate::render;
use score_core::score::{self, LoadOptions, Workload, overrides};
use score_core::{Data, Diagnostic, DocPath, diag, yaml};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// `score2hcl validate FILE...`.
pub fn validate(args: &ValidateArgs, stderr: &mut dyn Write) -> io::Result<bool> {
    let mut files = Files::default();
    let mut diags = Vec::new();
    if args.files.len() > 1 && uses_overrides(&args.overrides) {
        writeln!(
            stderr,
            "score2hcl: error: --overrides-file, --override-property and --image need exactly one Score file"
        )?;
        return Ok(false);
    }
    let mut workloads = Vec::new();
    for path in &args.files {
        let (w, d) = load_workload(&mut files, path, &args.overrides);
        diags.extend(d);
        workloads.extend(w);
    }
    if workloads.len() == args.files.len() {
        diags.extend(score::collect_resources(&workloads).1);
    }
    report(&files, &diags, stderr)?;
    Ok(!diag::has_errors(&diags))
}

/// `score2hcl resolve FILE --outputs OUTPUTS`.
pub fn resolve(
    args: &ResolveArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<bool> {
    let mut files = Files::default();
    let (workload, mut diags) = load_workload(&mut files, &args.file, &args.overrides);
    let outputs = match &args.outputs {
        Some(path) => read_outputs(&mut files, path)
            .map_err(|d| diags.extend(d))
            .ok(),
        None => Some(BTreeMap::new()),
    };
    let (Some(w), Some(outputs)) = (workload, outputs) else {
        report(&files, &diags, stderr)?;
        return Ok(false);
    };
    let base = args.file.parent().unwrap_or(Path::new("."));
    let mut read_source = |name: &str| {
        crate::files::read_limited(&base.join(name)).map_err(|e| crate::files::io_message(&e))
    };
    match score::resolve(&w, &outputs, &mut read_source) {
        Ok(data) => {
            report(&files, &diags, stderr)?;
            let text = match args.format {
                Format::Yaml => data.to_yaml(),
                Format::Json => data.to_json_pretty(),
            };
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(true)
        }
        Err(errors) => {
            diags.extend(errors);
            report(&files, &diags, stderr)?;
            Ok(false)
        }
    }
}

fn uses_overrides(o: &OverrideArgs) -> bool {
    o.overrides_file.is_some() || !o.override_property.is_empty() || o.image.is_some()
}

/// Reads, overrides and checks one Score file.
pub(crate) fn load_workload(
    files: &mut Files,
    path: &Path,
    o: &OverrideArgs,
) -> (Option<Workload>, Vec<Diagnostic>) {
    load_workload_as(files, path, path.display().to_string(), o)
}

/// Like [`load_workload`], the file shown under `name`.
pub(crate) fn load_workload_as(
    files: &mut Files,
    path: &Path,
    name: String,
    o: &OverrideArgs,
) -> (Option<Workload>, Vec<Diagnostic>) {
    let id = match files.read_as(path, name) {
        Ok(id) => id,
        Err(d) => return (None, vec![d]),
    };
    let name = files.name(id).to_owned();
    let mut doc = match yaml::parse_single(id, files.text(id), &name) {
        Ok(doc) => doc,
        Err(d) => return (None, vec![d]),
    };
    if !matches!(doc.value, yaml::Value::Map(_)) {
        let d = Diagnostic::error(
            doc.span,
            &DocPath::root(),
            format!("a Score file holds a mapping, found {}", doc.kind()),
        );
        return (None, vec![d]);
    }
    if let Err(d) = apply_overrides(files, &mut doc, o) {
        return (None, vec![d]);
    }
    score::load(
        doc,
        &LoadOptions {
            image: o.image.as_deref(),
        },
    )
}

fn apply_overrides(
    files: &mut Files,
    doc: &mut yaml::Node,
    o: &OverrideArgs,
) -> Result<(), Diagnostic> {
    if let Some(path) = &o.overrides_file {
        let id = files.read(path)?;
        let name = files.name(id).to_owned();
        let node = yaml::parse_single(id, files.text(id), &name)?;
        overrides::merge_file(doc, &node)?;
    }
    for (i, spec) in o.override_property.iter().enumerate() {
        let id = files.add(format!("--override-property[{}]", i + 1), spec.clone());
        overrides::apply_property(doc, spec, id)?;
    }
    Ok(())
}

/// Reads an outputs document: a mapping from resource name to a mapping of outputs.
fn read_outputs(files: &mut Files, path: &Path) -> Result<BTreeMap<String, Data>, Vec<Diagnostic>> {
    let id = files.read(path).map_err(|d| vec![d])?;
    let name = files.name(id).to_owned();
    let node = yaml::parse_single(id, files.text(id), &name).map_err(|d| vec![d])?;
    let Some(entries) = node.as_map() else {
        let d = Diagnostic::error(
            node.span,
            &DocPath::root(),
            format!(
                "outputs must be a mapping from resource name to outputs, found {}",
                node.kind()
            ),
        );
        return Err(vec![d]);
    };
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in entries {
        if value.as_map().is_none() {
            let path = DocPath::root().key(&key.name);
            errors.push(Diagnostic::error(
                value.span,
                &path,
                format!(
                    "outputs of resource '{}' must be a mapping, found {}",
                    key.name,
                    value.kind()
                ),
            ));
            continue;
        }
        out.insert(key.name.clone(), value.to_data());
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

pub(crate) fn report(
    files: &Files,
    diags: &[Diagnostic],
    stderr: &mut dyn Write,
) -> io::Result<()> {
    let mut sorted = diags.to_vec();
    diag::sort(&mut sorted);
    // The same fault reached along several paths (a bad definition every workload matches)
    // is one problem: say it once.
    sorted.dedup();
    for d in &sorted {
        stderr.write_all(render::diagnostic(files, d).as_bytes())?;
    }
    if let Some(summary) = render::summary(&sorted) {
        writeln!(stderr, "score2hcl: {summary}")?;
    }
    Ok(())
}
