//! The typed Score v1b1 workload, produced by [`super::load`] from a checked document.
//!
//! Strings keep their source positions ([`Text`]) so that later stages (placeholder checks,
//! code generation) can point at the exact character they complain about. Maps are ordered
//! by key, so everything built from a workload is deterministic whatever the source order.

use crate::source::Span;
use crate::yaml::Node;
use std::collections::BTreeMap;

/// A string from the source with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    node: Node,
}

impl Text {
    /// Wraps a string node. Returns `None` for any other node.
    pub fn new(node: &Node) -> Option<Text> {
        node.as_str().map(|_| Text { node: node.clone() })
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        self.node.as_str().unwrap_or_default()
    }

    /// Where the string is written.
    pub fn span(&self) -> Span {
        self.node.span
    }

    /// A span pointing at byte `offset` of the string, `len` characters long.
    pub fn span_at(&self, offset: usize, len: u32) -> Span {
        self.node.span_at(offset, len)
    }
}

/// A Score workload (`apiVersion: score.dev/v1b1`).
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// `metadata`.
    pub metadata: Metadata,
    /// `service`, when given.
    pub service: Option<Service>,
    /// `containers`, at least one.
    pub containers: BTreeMap<String, Container>,
    /// `resources`.
    pub resources: BTreeMap<String, Resource>,
    /// The normalized document (deprecated forms upgraded, overrides and `--image` applied).
    pub document: Node,
}

impl Workload {
    /// The workload name.
    pub fn name(&self) -> &str {
        self.metadata.name.as_str()
    }
}

/// `metadata`: a name, annotations, and any other keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    /// `metadata.name`.
    pub name: Text,
    /// `metadata.annotations`.
    pub annotations: BTreeMap<String, Text>,
    /// The whole `metadata` mapping, extra keys included, as `${metadata...}` sees it.
    pub node: Node,
}

/// `service`.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// `service.ports` by name.
    pub ports: BTreeMap<String, ServicePort>,
}

/// Transport protocol of a service port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// TCP, the default.
    Tcp,
    /// UDP.
    Udp,
}

/// One entry of `service.ports`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    /// `port`: the port the workload is reached on.
    pub port: u16,
    /// `targetPort`: the container port; defaults to `port`.
    pub target_port: Option<u16>,
    /// `protocol`.
    pub protocol: Protocol,
    /// Where the port is declared.
    pub span: Span,
}

/// One entry of `containers`.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// `image`.
    pub image: Text,
    /// `command`.
    pub command: Option<Vec<Text>>,
    /// `args`.
    pub args: Option<Vec<Text>>,
    /// `variables`.
    pub variables: BTreeMap<String, Text>,
    /// `files` by target path (the deprecated list form is upgraded before this).
    pub files: BTreeMap<String, File>,
    /// `volumes` by target path.
    pub volumes: BTreeMap<String, Volume>,
    /// `resources` (limits and requests).
    pub resources: Option<ContainerResources>,
    /// `livenessProbe`.
    pub liveness_probe: Option<Probe>,
    /// `readinessProbe`.
    pub readiness_probe: Option<Probe>,
    /// `before`: containers that wait for this one, and for what.
    pub before: BTreeMap<String, Before>,
    /// Where the container is declared (its key).
    pub span: Span,
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, PartialEq)]
pub enum FileSource {
    /// `content`: UTF-8 text, placeholders expanded unless `noExpand`.
    Content(Text),
    /// `binaryContent`: base64, never expanded.
    BinaryContent(Text),
    /// `source`: a path relative to the Score file; its text is expanded unless `noExpand`.
    Source(Text),
}

/// One entry of a container's `files`.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    /// `mode`, such as `0644`.
    pub mode: Option<Text>,
    /// `content`, `binaryContent` or `source`.
    pub source: FileSource,
    /// `noExpand`.
    pub no_expand: bool,
}

/// One entry of a container's `volumes`.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// `source`, usually `${resources.NAME}`.
    pub source: Text,
    /// `path`: a sub-path within the volume.
    pub path: Option<Text>,
    /// `readOnly`.
    pub read_only: bool,
}

/// A container's `resources`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ContainerResources {
    /// `limits`.
    pub limits: Option<Amounts>,
    /// `requests`.
    pub requests: Option<Amounts>,
}

/// `memory` and `cpu` amounts, as Kubernetes quantities.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Amounts {
    /// `memory`, such as `128Mi`.
    pub memory: Option<Text>,
    /// `cpu`, such as `250m`.
    pub cpu: Option<Text>,
}

/// `livenessProbe` / `readinessProbe`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Probe {
    /// `httpGet`.
    pub http_get: Option<HttpGet>,
    /// `exec`.
    pub exec: Option<Vec<Text>>,
}

/// An HTTP probe.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpGet {
    /// `host`.
    pub host: Option<Text>,
    /// `scheme`: `HTTP` or `HTTPS`.
    pub scheme: Option<Text>,
    /// `path`.
    pub path: Text,
    /// `port`.
    pub port: u16,
    /// `httpHeaders` as (name, value) pairs.
    pub headers: Vec<(Text, Text)>,
}

/// What a container waits for before another starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ready {
    /// The container has started.
    Started,
    /// The container's probe passes.
    Healthy,
    /// The container ran to completion.
    Complete,
}

/// One entry of a container's `before`.
#[derive(Clone, Debug, PartialEq)]
pub struct Before {
    /// `ready`.
    pub ready: Ready,
    /// Where the entry is written (its key).
    pub span: Span,
}

/// One entry of the workload's `resources`.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// `type`.
    pub kind: Text,
    /// `class`; `None` means `default`.
    pub class: Option<Text>,
    /// `id`: resources with the same type, class and id are one shared resource.
    pub id: Option<Text>,
    /// `metadata`.
    pub metadata: Option<Node>,
    /// `params`.
    pub params: Option<Node>,
    /// Where the resource is declared (its key).
    pub span: Span,
}

impl Resource {
    /// The class, `default` when not given.
    pub fn class_or_default(&self) -> &str {
        self.class.as_ref().map_or("default", Text::as_str)
    }
}
