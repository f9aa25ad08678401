//! Every rule of the Score v1b1 JSON schema, checked on a positioned document.
//!
//! Hand-written rather than driven by a JSON Schema engine so that each message names the
//! field in Score's words and points at the offending key or value. Rules follow the spec's
//! `score-v1b1.json`; where score-go's copy lags the spec (probes need `httpGet` or `exec`)
//! we follow the spec.

use crate::check::Checker;
use crate::path::DocPath;
use crate::score::model::*;
use crate::yaml::{Node, Value};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is caught by every test run.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid built-in pattern {pattern}: {e}"))
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| re(r"^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$"));
const LABEL_RULE: &str =
    "use 2 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit";
static ANNOTATION_KEY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(([a-z0-9][a-z0-9-]{0,61}[a-z0-9])(\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]$",
    )
});
const ANNOTATION_RULE: &str = "use an optional DNS prefix and '/', then 2 to 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
static API_VERSION: LazyLock<Regex> = LazyLock::new(|| re(r"^score\.dev/v1b1$"));
static VARIABLE_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"^[^=]+$"));
static MODE: LazyLock<Regex> = LazyLock::new(|| re(r"^0?[0-7]{3}$"));
static MEMORY: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(0\.\d+|[1-9]\d*(\.\d+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$"));
static CPU: LazyLock<Regex> = LazyLock::new(|| re(r"^\d+(?:m|\.\d+)?$"));
static HEADER_NAME: LazyLock<Regex> = LazyLock::new(|| re(r"^[A-Za-z0-9_-]+$"));
static RESOURCE_TYPE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$"));
const TYPE_RULE: &str =
    "use 2 to 63 letters, digits or '-', starting and ending with a letter or digit";
static RESOURCE_ID: LazyLock<Regex> =
    LazyLock::new(|| re(r"^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$"));
const ID_RULE: &str = "use 2 to 63 lower-case letters, digits and '-', in labels separated by '.'";

/// Reads a normalized Score document into a [`Workload`], recording every rule it breaks.
pub(crate) fn read_workload(ck: &mut Checker, doc: &Node) -> Option<Workload> {
    let root = DocPath::root();
    let entries = ck.object(
        doc,
        &root,
        &[
            "apiVersion",
            "metadata",
            "service",
            "containers",
            "resources",
        ],
        &["apiVersion", "metadata", "containers"],
    )?;
    let field = |name: &str| entries.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
    if let Some(v) = field("apiVersion") {
        ck.matching(
            v,
            &root.key("apiVersion"),
            &API_VERSION,
            "the only supported version is 'score.dev/v1b1'",
        );
    }
    let metadata = field("metadata").and_then(|m| read_metadata(ck, m, &root.key("metadata")));
    let service = match field("service") {
        Some(s) => read_service(ck, s, &root.key("service")).map(Some),
        None => Some(None),
    };
    let containers =
        field("containers").and_then(|c| read_containers(ck, c, &root.key("containers")));
    let resources = match field("resources") {
        Some(r) => read_resources(ck, r, &root.key("resources")),
        None => Some(BTreeMap::new()),
    };
    Some(Workload {
        metadata: metadata?,
        service: service?,
        containers: containers?,
        resources: resources?,
        document: doc.clone(),
    })
}

fn read_metadata(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Metadata> {
    let entries = ck.mapping(node, path)?;
    let name = match entries.iter().find(|(k, _)| k.name == "name") {
        Some((_, n)) => ck.matching(n, &path.key("name"), &LABEL, LABEL_RULE),
        None => {
            ck.error(node.span, path, "missing required field 'name'");
            None
        }
    };
    let annotations = match entries.iter().find(|(k, _)| k.name == "annotations") {
        Some((_, a)) => read_annotations(ck, a, &path.key("annotations")),
        None => Some(BTreeMap::new()),
    };
    Some(Metadata {
        name: name?,
        annotations: annotations?,
        node: node.clone(),
    })
}

fn read_annotations(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<BTreeMap<String, Text>> {
    let entries = ck.mapping(node, path)?;
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in entries {
        let key_ok = ck.key_matching(
            key,
            path,
            &ANNOTATION_KEY,
            "annotation key",
            ANNOTATION_RULE,
        ) && key.name.len() <= 316;
        match ck.string(value, &path.key(&key.name)) {
            Some(t) if key_ok => {
                out.insert(key.name.clone(), t);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_service(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Service> {
    let entries = ck.object(node, path, &["ports"], &[])?;
    let mut ports = BTreeMap::new();
    let mut ok = true;
    if let Some((_, p)) = entries.iter().find(|(k, _)| k.name == "ports") {
        let path = path.key("ports");
        for (key, value) in ck.mapping(p, &path)? {
            let name_ok = ck.key_matching(key, &path, &LABEL, "port name", LABEL_RULE);
            match read_port(ck, value, &path.key(&key.name)) {
                Some(port) if name_ok => {
                    ports.insert(key.name.clone(), port);
                }
                _ => ok = false,
            }
        }
    }
    ok.then_some(Service { ports })
}

fn read_port(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<ServicePort> {
    let entries = ck.object(node, path, &["port", "protocol", "targetPort"], &["port"])?;
    let mut port = None;
    let mut target_port = Some(None);
    let mut protocol = Some(Protocol::Tcp);
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "port" => port = ck.port(value, &p),
            "targetPort" => target_port = ck.port(value, &p).map(Some),
            "protocol" => {
                protocol = ck
                    .one_of(value, &p, &["TCP", "UDP"])
                    .map(|t| match t.as_str() {
                        "UDP" => Protocol::Udp,
                        _ => Protocol::Tcp,
                    })
            }
            _ => {}
        }
    }
    Some(ServicePort {
        port: port?,
        target_port: target_port?,
        protocol: protocol?,
        span: node.span,
    })
}

fn read_containers(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<BTreeMap<String, Container>> {
    let entries = ck.mapping(node, path)?;
    if entries.is_empty() {
        ck.error(node.span, path, "at least one container is required");
        return None;
    }
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in entries {
        let name_ok = ck.key_matching(key, path, &LABEL, "container name", LABEL_RULE);
        match read_container(ck, value, &path.key(&key.name), key.span) {
            Some(c) if name_ok => {
                out.insert(key.name.clone(), c);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

const CONTAINER_FIELDS: &[&str] = &[
    "image",
    "command",
    "args",
    "variables",
    "files",
    "volumes",
    "resources",
    "livenessProbe",
    "readinessProbe",
    "before",
];

fn read_container(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
    span: crate::source::Span,
) -> Option<Container> {
    let entries = ck.object(node, path, CONTAINER_FIELDS, &["image"])?;
    let mut c = Container {
        image: Text::new(&Node::synthetic(Value::Str(String::new()), node.span))?,
        command: None,
        args: None,
        variables: BTreeMap::new(),
        files: BTreeMap::new(),
        volumes: BTreeMap::new(),
        resources: None,
        liveness_probe: None,
        readiness_probe: None,
        before: BTreeMap::new(),
        span,
    };
    let mut ok = true;
    for (key, value) in entries {
        let p = path.key(&key.name);
        let read = match key.name.as_str() {
            "image" => ck.non_empty(value, &p).map(|t| c.image = t).is_some(),
            "command" => ck.strings(value, &p).map(|v| c.command = Some(v)).is_some(),
            "args" => ck.strings(value, &p).map(|v| c.args = Some(v)).is_some(),
            "variables" => read_variables(ck, value, &p)
                .map(|v| c.variables = v)
                .is_some(),
            "files" => read_files(ck, value, &p).map(|v| c.files = v).is_some(),
            "volumes" => read_volumes(ck, value, &p).map(|v| c.volumes = v).is_some(),
            "resources" => read_container_resources(ck, value, &p)
                .map(|v| c.resources = Some(v))
                .is_some(),
            "livenessProbe" => read_probe(ck, value, &p)
                .map(|v| c.liveness_probe = Some(v))
                .is_some(),
            "readinessProbe" => read_probe(ck, value, &p)
                .map(|v| c.readiness_probe = Some(v))
                .is_some(),
            "before" => read_before(ck, value, &p).map(|v| c.before = v).is_some(),
            _ => false,
        };
        ok &= read;
    }
    ok.then_some(c)
}

fn read_variables(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<BTreeMap<String, Text>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in ck.mapping(node, path)? {
        let name_ok = ck.key_matching(
            key,
            path,
            &VARIABLE_NAME,
            "variable name",
            "a variable name is non-empty and has no '='",
        );
        match ck.string(value, &path.key(&key.name)) {
            Some(t) if name_ok => {
                out.insert(key.name.clone(), t);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_files(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<BTreeMap<String, File>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in ck.mapping(node, path)? {
        let p = path.key(&key.name);
        if key.name.is_empty() {
            ck.error(key.span, &p, "a file target path must not be empty");
            ok = false;
        }
        match read_file(ck, value, &p) {
            Some(f) => {
                out.insert(key.name.clone(), f);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_file(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<File> {
    let entries = ck.object(
        node,
        path,
        &["mode", "source", "content", "binaryContent", "noExpand"],
        &[],
    )?;
    let mut mode = Some(None);
    let mut no_expand = Some(false);
    let mut sources = Vec::new();
    let mut ok = true;
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "mode" => {
                mode = ck
                    .matching(
                        value,
                        &p,
                        &MODE,
                        "use three octal digits, optionally after a 0: '0644'",
                    )
                    .map(Some)
            }
            "noExpand" => no_expand = ck.bool(value, &p),
            "content" => match ck.string(value, &p) {
                Some(t) => sources.push((key, FileSource::Content(t))),
                None => ok = false,
            },
            "binaryContent" => match ck.string(value, &p) {
                Some(t) => sources.push((key, FileSource::BinaryContent(t))),
                None => ok = false,
            },
            "source" => match ck.non_empty(value, &p) {
                Some(t) => sources.push((key, FileSource::Source(t))),
                None => ok = false,
            },
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    match sources.len() {
        0 => {
            ck.error(
                node.span,
                path,
                "a file needs one of 'content', 'binaryContent' or 'source'",
            );
            None
        }
        1 => Some(File {
            mode: mode?,
            source: sources.remove(0).1,
            no_expand: no_expand?,
        }),
        _ => {
            let names: Vec<String> = sources
                .iter()
                .map(|(k, _)| format!("'{}'", k.name))
                .collect();
            ck.error(
                sources[1].0.span,
                path,
                format!(
                    "a file takes exactly one of 'content', 'binaryContent' or 'source', found {}",
                    names.join(" and ")
                ),
            );
            None
        }
    }
}

fn read_volumes(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<BTreeMap<String, Volume>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in ck.mapping(node, path)? {
        let p = path.key(&key.name);
        let Some(entries) = ck.object(value, &p, &["source", "path", "readOnly"], &["source"])
        else {
            ok = false;
            continue;
        };
        let mut source = None;
        let mut sub_path = Some(None);
        let mut read_only = Some(false);
        for (k, v) in entries {
            let fp = p.key(&k.name);
            match k.name.as_str() {
                "source" => source = ck.string(v, &fp),
                "path" => sub_path = ck.string(v, &fp).map(Some),
                "readOnly" => read_only = ck.bool(v, &fp),
                _ => {}
            }
        }
        match (source, sub_path, read_only) {
            (Some(source), Some(path), Some(read_only)) => {
                out.insert(
                    key.name.clone(),
                    Volume {
                        source,
                        path,
                        read_only,
                    },
                );
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_container_resources(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<ContainerResources> {
    let entries = ck.object(node, path, &["limits", "requests"], &[])?;
    let mut out = ContainerResources::default();
    let mut ok = true;
    for (key, value) in entries {
        let amounts = read_amounts(ck, value, &path.key(&key.name));
        ok &= amounts.is_some();
        match key.name.as_str() {
            "limits" => out.limits = amounts,
            "requests" => out.requests = amounts,
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_amounts(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Amounts> {
    let entries = ck.object(node, path, &["memory", "cpu"], &[])?;
    let mut out = Amounts::default();
    let mut ok = true;
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "memory" => {
                out.memory = ck.matching(
                    value,
                    &p,
                    &MEMORY,
                    "use a Kubernetes quantity such as '128Mi', '1G' or '0.5Gi'",
                );
                ok &= out.memory.is_some();
            }
            "cpu" => {
                out.cpu = ck.matching(
                    value,
                    &p,
                    &CPU,
                    "use whole or decimal cores ('2', '0.5') or millicores ('250m')",
                );
                ok &= out.cpu.is_some();
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_probe(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Probe> {
    let entries = ck.object(node, path, &["httpGet", "exec"], &[])?;
    let mut probe = Probe::default();
    let mut ok = true;
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "httpGet" => {
                probe.http_get = read_http_get(ck, value, &p);
                ok &= probe.http_get.is_some();
            }
            "exec" => {
                probe.exec = ck
                    .object(value, &p, &["command"], &["command"])
                    .and_then(|e| e.iter().find(|(k, _)| k.name == "command"))
                    .and_then(|(_, c)| ck.strings(c, &p.key("command")));
                ok &= probe.exec.is_some();
            }
            _ => ok = false,
        }
    }
    if ok && entries.is_empty() {
        ck.error(node.span, path, "a probe needs 'httpGet' or 'exec'");
        return None;
    }
    ok.then_some(probe)
}

fn read_http_get(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<HttpGet> {
    let entries = ck.object(
        node,
        path,
        &["host", "scheme", "path", "port", "httpHeaders"],
        &["path", "port"],
    )?;
    let mut host = Some(None);
    let mut scheme = Some(None);
    let mut http_path = None;
    let mut port = None;
    let mut headers = Some(Vec::new());
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "host" => host = ck.non_empty(value, &p).map(Some),
            "scheme" => scheme = ck.one_of(value, &p, &["HTTP", "HTTPS"]).map(Some),
            "path" => http_path = ck.string(value, &p),
            "port" => port = ck.port(value, &p),
            "httpHeaders" => headers = read_headers(ck, value, &p),
            _ => {}
        }
    }
    Some(HttpGet {
        host: host?,
        scheme: scheme?,
        path: http_path?,
        port: port?,
        headers: headers?,
    })
}

fn read_headers(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<Vec<(Text, Text)>> {
    let items = ck.sequence(node, path)?;
    let mut out = Vec::new();
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Some(entries) = ck.object(item, &p, &["name", "value"], &["name", "value"]) else {
            ok = false;
            continue;
        };
        let get = |n: &str| entries.iter().find(|(k, _)| k.name == n).map(|(_, v)| v);
        let name = get("name").and_then(|n| {
            ck.matching(
                n,
                &p.key("name"),
                &HEADER_NAME,
                "use letters, digits, '_' or '-'",
            )
        });
        let value = get("value").and_then(|v| ck.non_empty(v, &p.key("value")));
        match (name, value) {
            (Some(n), Some(v)) => out.push((n, v)),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_before(ck: &mut Checker, node: &Node, path: &DocPath) -> Option<BTreeMap<String, Before>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in ck.mapping(node, path)? {
        let p = path.key(&key.name);
        let name_ok = ck.key_matching(key, path, &LABEL, "container name", LABEL_RULE);
        let ready = ck
            .object(value, &p, &["ready"], &["ready"])
            .and_then(|e| e.iter().find(|(k, _)| k.name == "ready"))
            .and_then(|(_, r)| ck.one_of(r, &p.key("ready"), &["started", "healthy", "complete"]));
        match ready {
            Some(r) if name_ok => {
                let ready = match r.as_str() {
                    "started" => Ready::Started,
                    "healthy" => Ready::Healthy,
                    _ => Ready::Complete,
                };
                out.insert(
                    key.name.clone(),
                    Before {
                        ready,
                        span: key.span,
                    },
                );
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_resources(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
) -> Option<BTreeMap<String, Resource>> {
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, value) in ck.mapping(node, path)? {
        let name_ok = ck.key_matching(key, path, &LABEL, "resource name", LABEL_RULE);
        match read_resource(ck, value, &path.key(&key.name), key.span) {
            Some(r) if name_ok => {
                out.insert(key.name.clone(), r);
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn read_resource(
    ck: &mut Checker,
    node: &Node,
    path: &DocPath,
    span: crate::source::Span,
) -> Option<Resource> {
    let entries = ck.object(
        node,
        path,
        &["type", "class", "id", "metadata", "params"],
        &["type"],
    )?;
    let mut kind = None;
    let mut class = Some(None);
    let mut id = Some(None);
    let mut metadata = Some(None);
    let mut params = Some(None);
    for (key, value) in entries {
        let p = path.key(&key.name);
        match key.name.as_str() {
            "type" => kind = ck.matching(value, &p, &RESOURCE_TYPE, TYPE_RULE),
            "class" => class = ck.matching(value, &p, &RESOURCE_TYPE, TYPE_RULE).map(Some),
            "id" => {
                id = ck.matching(value, &p, &RESOURCE_ID, ID_RULE).and_then(|t| {
                    let len = t.as_str().len();
                    if (2..=63).contains(&len) {
                        Some(Some(t))
                    } else {
                        ck.error_help(
                            value.span,
                            &p,
                            format!("invalid value '{}'", t.as_str()),
                            ID_RULE,
                        );
                        None
                    }
                })
            }
            "metadata" => {
                metadata = ck.mapping(value, &p).map(|_| Some(value.clone()));
                if let Some(a) = value.get("annotations") {
                    if read_annotations(ck, a, &p.key("annotations")).is_none() {
                        metadata = None;
                    }
                }
            }
            "params" => params = ck.mapping(value, &p).map(|_| Some(value.clone())),
            _ => {}
        }
    }
    Some(Resource {
        kind: kind?,
        class: class?,
        id: id?,
        metadata: metadata?,
        params: params?,
        span,
    })
}
