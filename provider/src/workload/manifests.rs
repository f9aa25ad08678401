//! The Kubernetes manifests of a resolved workload, shaped as score-k8s shapes them, and the
//! Secret that keeps secret values out of them.
//!
//! - a Deployment, or a StatefulSet (with a headless Service) when the annotation
//!   `k8s.score.dev/kind: StatefulSet` asks for one;
//! - a Service named after the workload (or `k8s.score.dev/service-name`) for `service.ports`;
//! - a ConfigMap per file, `<workload>-<container>-file-<hash of the target>`, mounted at the
//!   target with `subPath`;
//! - labels `app.kubernetes.io/{name,instance,managed-by}`, the first two as the selector.
//!
//! Secret values never reach a manifest: a secret-bearing variable becomes
//! `valueFrom.secretKeyRef` and a secret-bearing file a Secret volume, both into the
//! workload's Secret `<workload>-secret`, whose YAML is returned apart. Everything else is
//! substituted inline.

use score_core::Data;
use score_core::DocPath;
use score_core::placeholder;
use score_core::score::resolve::base64;
use score_core::score::{Container, File, FileSource, Probe, Protocol, Text, Volume};
use sha2::{Digest, Sha256};

use super::render::{Input, Issue, NO_FILES, Output, Piece, Resolver};

/// The annotation that picks the workload kind (score-k8s's).
pub const KIND_ANNOTATION: &str = "k8s.score.dev/kind";
/// The annotation that names the Service (score-k8s's).
pub const SERVICE_NAME_ANNOTATION: &str = "k8s.score.dev/service-name";
/// The value of `app.kubernetes.io/managed-by`.
pub const MANAGED_BY: &str = "terraform-provider-score";

/// The manifests of one workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifests {
    /// One YAML document each; `None` while a non-secret value they hold is unknown.
    pub documents: Option<Vec<String>>,
    /// The workload's Secret, when some value is secret.
    pub secret: Option<Secret>,
}

/// The workload's Secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    /// `<workload>-secret`.
    pub name: String,
    /// Its YAML; `None` while a secret value is unknown.
    pub manifest: Option<String>,
}

impl Manifests {
    /// A digest of `salt` and everything deployable (every manifest and the Secret),
    /// `sha256:<hex>`; `None` while any of it is unknown. The salt is the instance's own
    /// ([`super::salt`]), so the digest cannot be used to test guesses of a secret.
    pub fn revision(&self, salt: &[u8]) -> Option<String> {
        let documents = self.documents.as_ref()?;
        let secret = match &self.secret {
            Some(s) => Some(s.manifest.as_deref()?),
            None => None,
        };
        let mut h = Sha256::new();
        h.update(salt);
        for doc in documents {
            h.update(doc.as_bytes());
            h.update([0u8]);
        }
        // A separator no document holds, so moving text between them changes the digest.
        h.update([0xffu8]);
        if let Some(secret) = secret {
            h.update(secret.as_bytes());
        }
        Some(format!("sha256:{}", hex(&h.finalize())))
    }
}

/// Builds the manifests of `resolver`'s workload; mistakes go to `issues`.
pub fn render(resolver: &Resolver<'_>, issues: &mut Vec<Issue>) -> Manifests {
    let w = resolver.workload();
    let name = w.name().to_owned();
    let mut b = Builder {
        resolver,
        issues,
        secret_name: format!("{name}-secret"),
        secret_data: Vec::new(),
        config_maps: Vec::new(),
        volumes: Vec::new(),
        known: true,
    };
    let containers: Vec<Data> = w
        .containers
        .iter()
        .map(|(cname, c)| b.container(cname, c))
        .collect();
    let kind = workload_kind(resolver, b.issues);
    let mut documents = std::mem::take(&mut b.config_maps);
    let service_name = w
        .metadata
        .annotations
        .get(SERVICE_NAME_ANNOTATION)
        .map_or(name.clone(), |t| t.as_str().to_owned());
    let ports = service_ports(resolver);
    if !ports.is_empty() {
        documents.push(service(&service_name, &name, ports.clone(), false));
    }
    if kind == "StatefulSet" {
        documents.push(service(&format!("{name}-headless"), &name, ports, true));
    }
    let pod = b.pod_spec(containers);
    documents.push(workload_object(resolver, kind, pod));
    let secret = b.secret();
    Manifests {
        documents: b
            .known
            .then(|| documents.iter().map(Data::to_yaml).collect()),
        secret,
    }
}

struct Builder<'r, 'a, 'i> {
    resolver: &'r Resolver<'a>,
    issues: &'i mut Vec<Issue>,
    secret_name: String,
    /// Secret keys and values (`None`: unknown), in insertion order.
    secret_data: Vec<(String, Option<String>)>,
    config_maps: Vec<Data>,
    volumes: Vec<Data>,
    /// Whether every non-secret value is known.
    known: bool,
}

impl Builder<'_, '_, '_> {
    fn container(&mut self, cname: &str, c: &Container) -> Data {
        let base = DocPath::root().key("containers").key(cname);
        let image = self.resolver.image(cname, c.image.as_str());
        if image == "." {
            self.issues.push(Issue::at(
                Input::Spec,
                Some(&c.image),
                &base.key("image"),
                format!("container '{cname}' has image '.' and `images` has no entry \"{cname}\""),
            ));
        }
        let mut fields = vec![field("name", str(cname)), field("image", str(&image))];
        if let Some(command) = &c.command {
            fields.push(field("command", texts(command)));
        }
        if let Some(args) = &c.args {
            fields.push(field("args", texts(args)));
        }
        let env = self.env(cname, c, &base);
        if !env.is_empty() {
            fields.push(field("env", Data::Seq(env)));
        }
        if let Some(resources) = &c.resources {
            let amounts = |a: &Option<score_core::score::Amounts>| {
                let a = a.as_ref()?;
                let mut out = Vec::new();
                if let Some(cpu) = &a.cpu {
                    out.push(field("cpu", str(cpu.as_str())));
                }
                if let Some(memory) = &a.memory {
                    out.push(field("memory", str(memory.as_str())));
                }
                Some(Data::Map(out))
            };
            let mut out = Vec::new();
            if let Some(limits) = amounts(&resources.limits) {
                out.push(field("limits", limits));
            }
            if let Some(requests) = amounts(&resources.requests) {
                out.push(field("requests", requests));
            }
            fields.push(field("resources", Data::Map(out)));
        }
        if let Some(probe) = &c.liveness_probe {
            fields.push(field("livenessProbe", probe_data(probe)));
        }
        if let Some(probe) = &c.readiness_probe {
            fields.push(field("readinessProbe", probe_data(probe)));
        }
        let mut mounts = Vec::new();
        for (target, file) in &c.files {
            mounts.extend(self.file(cname, target, file, &base.key("files").key(target)));
        }
        for (target, volume) in &c.volumes {
            mounts.extend(self.volume(cname, target, volume, &base.key("volumes").key(target)));
        }
        if !mounts.is_empty() {
            fields.push(field("volumeMounts", Data::Seq(mounts)));
        }
        Data::Map(fields)
    }

    fn env(&mut self, cname: &str, c: &Container, base: &DocPath) -> Vec<Data> {
        let mut env = Vec::new();
        for (var, text) in &c.variables {
            let piece = self
                .resolver
                .piece(text, &base.key("variables").key(var), self.issues);
            if piece.secret {
                let key = secret_key("env", cname, var);
                env.push(Data::Map(vec![
                    field("name", str(var)),
                    field("valueFrom", self.secret_ref(&key)),
                ]));
                self.secret_data.push((key, piece.text));
            } else {
                env.push(Data::Map(vec![
                    field("name", str(var)),
                    field("value", str(&self.inline(piece))),
                ]));
            }
        }
        env
    }

    /// A non-secret value for a manifest; an unknown one makes the manifests unknown.
    fn inline(&mut self, piece: Piece) -> String {
        piece.text.unwrap_or_else(|| {
            self.known = false;
            String::new()
        })
    }

    fn secret_ref(&self, key: &str) -> Data {
        Data::Map(vec![field(
            "secretKeyRef",
            Data::Map(vec![
                field("name", str(&self.secret_name)),
                field("key", str(key)),
            ]),
        )])
    }

    fn file(&mut self, cname: &str, target: &str, file: &File, path: &DocPath) -> Option<Data> {
        let w = self.resolver.workload().name().to_owned();
        let hash = short_hash(&format!("{cname}\0{target}"));
        let volume = format!("file-{hash}");
        let mode = file.mode.as_ref().and_then(|m| octal(m.as_str()));
        let (data_key, value) = match (&file.source, file.no_expand) {
            (FileSource::Content(text), true) => ("data", text.as_str().to_owned()),
            (FileSource::Content(text), false) => {
                let piece = self.resolver.piece(text, &path.key("content"), self.issues);
                if piece.secret {
                    let key = secret_key("file", cname, &hash);
                    self.secret_data.push((key.clone(), piece.text));
                    let items = vec![Data::Map(vec![
                        field("key", str(&key)),
                        field("path", str("content")),
                    ])];
                    let mut secret = vec![
                        field("secretName", str(&self.secret_name)),
                        field("items", Data::Seq(items)),
                    ];
                    secret.extend(mode.map(|m| field("defaultMode", Data::Int(m))));
                    self.volumes.push(Data::Map(vec![
                        field("name", str(&volume)),
                        field("secret", Data::Map(secret)),
                    ]));
                    return Some(file_mount(&volume, target));
                }
                ("data", self.inline(piece))
            }
            (FileSource::BinaryContent(text), _) => ("binaryData", text.as_str().to_owned()),
            (FileSource::Source(text), _) => {
                self.issues.push(Issue::at(
                    Input::Spec,
                    Some(text),
                    &path.key("source"),
                    NO_FILES.to_owned(),
                ));
                return None;
            }
        };
        let config_map = format!("{w}-{cname}-file-{hash}");
        self.config_maps.push(Data::Map(vec![
            field("apiVersion", str("v1")),
            field("kind", str("ConfigMap")),
            field("metadata", metadata(&config_map, &w)),
            field(data_key, Data::Map(vec![field("content", str(&value))])),
        ]));
        let mut source = vec![field("name", str(&config_map))];
        source.extend(mode.map(|m| field("defaultMode", Data::Int(m))));
        self.volumes.push(Data::Map(vec![
            field("name", str(&volume)),
            field("configMap", Data::Map(source)),
        ]));
        Some(file_mount(&volume, target))
    }

    /// A volume whose `source` is `${resources.NAME}`: the resource's `source` output is the
    /// Kubernetes volume source (a JSON object such as `{"emptyDir":{}}`), as in score-k8s.
    fn volume(&mut self, cname: &str, target: &str, v: &Volume, path: &DocPath) -> Option<Data> {
        let template = placeholder::parse(v.source.as_str());
        let name = match template.single_ref().map(|r| r.keys.as_slice()) {
            Some([root, name]) if root == "resources" => name.clone(),
            _ => {
                self.issues.push(Issue::at(
                    Input::Spec,
                    Some(&v.source),
                    path,
                    "a volume source must be `${resources.NAME}`, naming a volume resource"
                        .to_owned(),
                ));
                return None;
            }
        };
        let wiring = self.resolver.wiring();
        let source = match wiring.resources.get(&name) {
            // Not wired: `check_wiring` reported it.
            None => return None,
            Some(None) | Some(Some(_)) if self.source_unknown(&name) => {
                self.known = false;
                Data::Map(Vec::new())
            }
            Some(_) => match self
                .resolver
                .outputs_of(&name)
                .and_then(|o| o.get("source"))
            {
                Some(Data::Map(entries)) => Data::Map(entries.clone()),
                _ => {
                    self.issues.push(Issue::at(
                        Input::Resources(Some(name.clone())),
                        Some(&v.source),
                        path,
                        format!(
                            "volume resource '{name}' has no 'source' output holding a \
                             Kubernetes volume source as a JSON object (such as \
                             {{\"emptyDir\":{{}}}})"
                        ),
                    ));
                    return None;
                }
            },
        };
        let volume = format!("volume-{}", short_hash(&format!("{cname}\0{target}")));
        let mut entries = vec![field("name", str(&volume))];
        if let Data::Map(source) = source {
            entries.extend(source);
        }
        self.volumes.push(Data::Map(entries));
        let mut mount = vec![field("name", str(&volume)), field("mountPath", str(target))];
        if let Some(sub) = &v.path {
            mount.push(field("subPath", str(sub.as_str())));
        }
        if v.read_only {
            mount.push(field("readOnly", Data::Bool(true)));
        }
        Some(Data::Map(mount))
    }

    fn source_unknown(&self, name: &str) -> bool {
        match self.resolver.wiring().resources.get(name) {
            Some(Some(outputs)) => outputs.get("source") == Some(&Output::Unknown),
            Some(None) => true,
            None => false,
        }
    }

    fn pod_spec(&mut self, containers: Vec<Data>) -> Data {
        let mut spec = vec![field("containers", Data::Seq(containers))];
        if !self.volumes.is_empty() {
            spec.push(field(
                "volumes",
                Data::Seq(std::mem::take(&mut self.volumes)),
            ));
        }
        Data::Map(spec)
    }

    fn secret(&mut self) -> Option<Secret> {
        if self.secret_data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.secret_data);
        data.sort();
        let known = data.iter().all(|(_, v)| v.is_some());
        let manifest = known.then(|| {
            let entries = data
                .iter()
                .map(|(k, v)| field(k, str(&base64(v.as_deref().unwrap_or("").as_bytes()))))
                .collect();
            let w = self.resolver.workload().name();
            Data::Map(vec![
                field("apiVersion", str("v1")),
                field("kind", str("Secret")),
                field("metadata", metadata(&self.secret_name, w)),
                field("type", str("Opaque")),
                field("data", Data::Map(entries)),
            ])
            .to_yaml()
        });
        Some(Secret {
            name: self.secret_name.clone(),
            manifest,
        })
    }
}

/// `Deployment` unless the workload asks for `StatefulSet`; anything else is a mistake.
fn workload_kind(resolver: &Resolver<'_>, issues: &mut Vec<Issue>) -> &'static str {
    let annotations = &resolver.workload().metadata.annotations;
    match annotations.get(KIND_ANNOTATION).map(Text::as_str) {
        None | Some("Deployment") => "Deployment",
        Some("StatefulSet") => "StatefulSet",
        Some(other) => {
            let path = DocPath::root()
                .key("metadata")
                .key("annotations")
                .key(KIND_ANNOTATION);
            issues.push(Issue::at(
                Input::Spec,
                annotations.get(KIND_ANNOTATION),
                &path,
                format!("unsupported workload kind '{other}': use Deployment or StatefulSet"),
            ));
            "Deployment"
        }
    }
}

fn workload_object(resolver: &Resolver<'_>, kind: &str, pod: Data) -> Data {
    let w = resolver.workload();
    let name = w.name();
    let mut meta = vec![field("labels", labels(name))];
    if !w.metadata.annotations.is_empty() {
        let annotations = w
            .metadata
            .annotations
            .iter()
            .map(|(k, v)| field(k, str(v.as_str())))
            .collect();
        meta.push(field("annotations", Data::Map(annotations)));
    }
    let mut spec = vec![field(
        "selector",
        Data::Map(vec![field("matchLabels", selector(name))]),
    )];
    if kind == "StatefulSet" {
        spec.push(field("serviceName", str(&format!("{name}-headless"))));
    }
    spec.push(field(
        "template",
        Data::Map(vec![
            field("metadata", Data::Map(meta.clone())),
            field("spec", pod),
        ]),
    ));
    let mut object_meta = vec![field("name", str(name))];
    object_meta.extend(meta);
    Data::Map(vec![
        field("apiVersion", str("apps/v1")),
        field("kind", str(kind)),
        field("metadata", Data::Map(object_meta)),
        field("spec", Data::Map(spec)),
    ])
}

fn service_ports(resolver: &Resolver<'_>) -> Vec<Data> {
    let Some(service) = &resolver.workload().service else {
        return Vec::new();
    };
    service
        .ports
        .iter()
        .map(|(name, p)| {
            let protocol = match p.protocol {
                Protocol::Tcp => "TCP",
                Protocol::Udp => "UDP",
            };
            Data::Map(vec![
                field("name", str(name)),
                field("port", Data::Int(i64::from(p.port))),
                field(
                    "targetPort",
                    Data::Int(i64::from(p.target_port.unwrap_or(p.port))),
                ),
                field("protocol", str(protocol)),
            ])
        })
        .collect()
}

fn service(name: &str, workload: &str, ports: Vec<Data>, headless: bool) -> Data {
    let mut spec = Vec::new();
    if headless {
        spec.push(field("clusterIP", str("None")));
    }
    spec.push(field("selector", selector(workload)));
    if !ports.is_empty() {
        spec.push(field("ports", Data::Seq(ports)));
    }
    Data::Map(vec![
        field("apiVersion", str("v1")),
        field("kind", str("Service")),
        field("metadata", metadata(name, workload)),
        field("spec", Data::Map(spec)),
    ])
}

fn probe_data(probe: &Probe) -> Data {
    let mut out = Vec::new();
    if let Some(http) = &probe.http_get {
        let mut get = vec![
            field("path", str(http.path.as_str())),
            field("port", Data::Int(i64::from(http.port))),
        ];
        if let Some(host) = &http.host {
            get.push(field("host", str(host.as_str())));
        }
        if let Some(scheme) = &http.scheme {
            get.push(field("scheme", str(scheme.as_str())));
        }
        if !http.headers.is_empty() {
            let headers = http
                .headers
                .iter()
                .map(|(n, v)| {
                    Data::Map(vec![
                        field("name", str(n.as_str())),
                        field("value", str(v.as_str())),
                    ])
                })
                .collect();
            get.push(field("httpHeaders", Data::Seq(headers)));
        }
        out.push(field("httpGet", Data::Map(get)));
    }
    if let Some(exec) = &probe.exec {
        out.push(field(
            "exec",
            Data::Map(vec![field("command", texts(exec))]),
        ));
    }
    Data::Map(out)
}

fn file_mount(volume: &str, target: &str) -> Data {
    Data::Map(vec![
        field("name", str(volume)),
        field("mountPath", str(target)),
        field("subPath", str("content")),
        field("readOnly", Data::Bool(true)),
    ])
}

fn metadata(name: &str, workload: &str) -> Data {
    Data::Map(vec![
        field("name", str(name)),
        field("labels", labels(workload)),
    ])
}

fn labels(workload: &str) -> Data {
    Data::Map(vec![
        field("app.kubernetes.io/instance", str(workload)),
        field("app.kubernetes.io/managed-by", str(MANAGED_BY)),
        field("app.kubernetes.io/name", str(workload)),
    ])
}

fn selector(workload: &str) -> Data {
    Data::Map(vec![
        field("app.kubernetes.io/instance", str(workload)),
        field("app.kubernetes.io/name", str(workload)),
    ])
}

/// A Secret key (`[-._a-zA-Z0-9]+`): `<what>-<container>-<name>`, the name hashed when it
/// holds other characters.
fn secret_key(what: &str, cname: &str, name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain && !name.is_empty() {
        format!("{what}-{cname}-{name}")
    } else {
        format!("{what}-{cname}-{}", short_hash(name))
    }
}

/// A file mode such as `0644` as the number Kubernetes wants.
fn octal(mode: &str) -> Option<i64> {
    i64::from_str_radix(mode.trim_start_matches("0o"), 8)
        .ok()
        .filter(|m| (0..=0o777).contains(m))
}

fn texts(items: &[Text]) -> Data {
    Data::Seq(items.iter().map(|t| str(t.as_str())).collect())
}

fn field(name: &str, value: Data) -> (String, Data) {
    (name.to_owned(), value)
}

fn str(s: &str) -> Data {
    Data::Str(s.to_owned())
}

/// The first 10 hex digits of SHA-256: stable, short names for files and volumes.
fn short_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    hex(&digest[..5])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
