//! Random input on every RPC of the real provider (`workload::provider()`).
//!
//! Two kinds of case per RPC of `tfplugin6.Provider`, sent through a passthrough codec on
//! the method's path so that the request body is exactly the bytes chosen:
//!
//! - raw: random bytes as the protobuf body itself;
//! - shaped: a well-formed request whose type names, `DynamicValue`s (msgpack, JSON, or a
//!   value of the schema's type holding random strings), raw state JSON, private bytes,
//!   import ids and function arguments are random.
//!
//! Every call must be answered within a timeout, on the one connection the test opens:
//! either an OK response (with an error diagnostic where the oracle knows the input is bad)
//! or a gRPC status (a body that is not protobuf, an RPC the provider does not implement).
//! No diagnostic may repeat more than [`MAX_ECHO`] bytes of an input, and afterwards the
//! server answers GetProviderSchema exactly as before.
//!
//! The random source is a seeded xorshift, so a failure names its case and reproduces.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use prost::Message as _;
use prost::bytes::{Buf as _, BufMut as _};
use terraform_provider_score::framework::diag::path_from_proto;
use terraform_provider_score::proto::tfplugin6 as pb;
use terraform_provider_score::value::{self, Type, Value};
use terraform_provider_score::workload;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::Channel;

/// Every RPC of the `tfplugin6.Provider` service in `proto/tfplugin6.9.proto`.
const METHODS: [&str; 22] = [
    "GetMetadata",
    "GetProviderSchema",
    "ValidateProviderConfig",
    "ValidateResourceConfig",
    "ValidateDataResourceConfig",
    "UpgradeResourceState",
    "GetResourceIdentitySchemas",
    "UpgradeResourceIdentity",
    "ConfigureProvider",
    "ReadResource",
    "PlanResourceChange",
    "ApplyResourceChange",
    "ImportResourceState",
    "MoveResourceState",
    "ReadDataSource",
    "ValidateEphemeralResourceConfig",
    "OpenEphemeralResource",
    "RenewEphemeralResource",
    "CloseEphemeralResource",
    "GetFunctions",
    "CallFunction",
    "StopProvider",
];

const SEED: u64 = 0x5c0e_2b1d_9e37_79b9;
/// Cases of each kind per RPC.
const CASES: usize = 160;
/// Longest answer wait: parsing a few kilobytes takes milliseconds.
const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest run of an input's bytes a diagnostic may repeat.
const MAX_ECHO: usize = 1024;

// ---------------------------------------------------------------------------------------
// A passthrough codec: the body is the bytes given, the answer the bytes received
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default)]
struct RawCodec;

#[derive(Debug)]
struct RawEncoder;

#[derive(Debug)]
struct RawDecoder;

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;

    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }

    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Vec<u8>;
    type Error = tonic::Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
        let mut bytes = vec![0; src.remaining()];
        src.copy_to_slice(&mut bytes);
        Ok(Some(bytes))
    }
}

/// Sends `body` to `/tfplugin6.Provider/METHOD`; `None` when no answer came in time.
async fn send(
    channel: &Channel,
    method: &str,
    body: Vec<u8>,
) -> Option<Result<Vec<u8>, tonic::Status>> {
    let mut grpc = tonic::client::Grpc::new(channel.clone())
        .max_decoding_message_size(terraform_provider_score::framework::MAX_MESSAGE_BYTES);
    let path = format!("/tfplugin6.Provider/{method}")
        .parse::<tonic::codegen::http::uri::PathAndQuery>()
        .expect("a valid path");
    let call = async {
        grpc.ready()
            .await
            .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
        grpc.unary(tonic::Request::new(body), path, RawCodec)
            .await
            .map(tonic::Response::into_inner)
    };
    tokio::time::timeout(CALL_TIMEOUT, call).await.ok()
}

// ---------------------------------------------------------------------------------------
// Random input
// ---------------------------------------------------------------------------------------

/// xorshift64*: small and deterministic; good enough to choose bytes and branches.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Up to `max` random bytes; the length is skewed towards short.
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let bound = self.below(max) + 1;
        let len = self.below(bound);
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// A Score workload, a definition document and an outputs map: the random strings are often
/// these, broken in a few places, so that they get past the first check.
const SEEDS: [&str; 3] = [
    "apiVersion: score.dev/v1b1\nmetadata:\n  name: shop\ncontainers:\n  web:\n    image: nginx\n    \
     variables:\n      DB: ${resources.db.host}\nresources:\n  db:\n    type: postgres\n    id: main\n",
    "apiVersion: entity.humanitec.io/v1b1\nkind: Definition\nmetadata:\n  id: pg\nentity:\n  \
     name: pg\n  type: postgres\n  driver_type: humanitec/template\n  driver_inputs:\n    \
     values:\n      host: db\n    secrets:\n      password: s3cret\n  criteria:\n    - {}\n",
    "{\"host\": \"db\", \"port\": 5432, \"nested\": {\"a\": [1, 2, {\"b\": null}]}}",
];

/// Paths a random import id or definitions path may name: things that must be refused
/// without being read to the end (a device never ends).
const PATHS: [&str; 6] = [
    "/dev/zero",
    "/dev/urandom",
    "/proc/self/status",
    "/etc/passwd",
    "/nonexistent/score.yaml",
    "",
];

/// Characters that mean something to YAML, JSON, placeholders or paths.
const SPECIAL: &[char] = &[
    '{', '}', '[', ']', ':', ',', '-', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
    '\n', '\t', ' ', '$', '.', '\\', '/', '\0', '\u{feff}', '\u{202e}',
];

/// Generates values for the shaped requests; records the long strings it hands out so that
/// answers can be checked for echoes.
struct Inputs {
    rng: Rng,
    /// Strings of at least [`MAX_ECHO`] bytes used in the current case.
    long: Vec<String>,
}

impl Inputs {
    fn text(&mut self) -> String {
        let text = match self.rng.below(7) {
            0 => self.ascii(64),
            1 => self.chars(32),
            2 | 3 => self.mutated(),
            4 => self.with_long_token(),
            5 => (*self.rng.pick(&PATHS)).to_owned(),
            _ => (*self.rng.pick(&SEEDS)).to_owned(),
        };
        if text.len() >= MAX_ECHO {
            self.long.push(text.clone());
        }
        text
    }

    fn ascii(&mut self, max: usize) -> String {
        let len = self.rng.below(max + 1);
        (0..len)
            .map(|_| char::from(b' ' + self.rng.below(95) as u8))
            .collect()
    }

    /// Any characters, control characters and the YAML-significant ones often.
    fn chars(&mut self, max: usize) -> String {
        let len = self.rng.below(max + 1);
        (0..len).map(|_| self.char()).collect()
    }

    fn char(&mut self) -> char {
        if self.rng.one_in(2) {
            return *self.rng.pick(SPECIAL);
        }
        let range = if self.rng.one_in(4) { 0x11_0000 } else { 0x80 };
        let code = self.rng.below(range);
        char::from_u32(code as u32).unwrap_or('\u{fffd}')
    }

    /// A seed with a few characters inserted, deleted or replaced.
    fn mutated(&mut self) -> String {
        let mut chars: Vec<char> = self.rng.pick(&SEEDS).chars().collect();
        for _ in 0..=self.rng.below(4) {
            let at = self.rng.below(chars.len() + 1);
            match self.rng.below(3) {
                0 => chars.insert(at, self.char()),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = self.char(),
                _ => chars.push(self.char()),
            }
        }
        chars.into_iter().collect()
    }

    /// A seed with a long run of letters inserted: as a key, a name, an image, a value.
    fn with_long_token(&mut self) -> String {
        let seed = *self.rng.pick(&SEEDS);
        let len = MAX_ECHO + self.rng.below(16 * 1024);
        let token: String = (0..len)
            .map(|_| char::from(b'a' + self.rng.below(26) as u8))
            .collect();
        let at = seed
            .char_indices()
            .map(|(i, _)| i)
            .nth(self.rng.below(seed.len()))
            .unwrap_or(0);
        format!("{}{token}{}", &seed[..at], &seed[at..])
    }

    /// A value of type `ty`, null and unknown sometimes, with random strings.
    fn value(&mut self, ty: &Type, depth: usize) -> Value {
        if self.rng.one_in(8) {
            return Value::Null;
        }
        if self.rng.one_in(16) {
            return Value::unknown();
        }
        let count = if depth > 3 { 0 } else { self.rng.below(4) };
        match ty {
            Type::Bool => Value::bool(self.rng.one_in(2)),
            Type::Number => Value::number(self.rng.next() as i64),
            Type::String => Value::string(self.text()),
            Type::Dynamic => Value::Dynamic(Type::String, Box::new(Value::string(self.text()))),
            Type::List(t) => Value::list((0..count).map(|_| self.value(t, depth + 1))),
            Type::Set(t) => Value::set((0..count).map(|_| self.value(t, depth + 1))),
            Type::Map(t) => Value::Map(
                (0..count)
                    .map(|_| (self.text(), self.value(t, depth + 1)))
                    .collect(),
            ),
            Type::Tuple(ts) => Value::tuple(ts.iter().map(|t| self.value(t, depth + 1))),
            Type::Object(attrs) | Type::ObjectWithOptional { attrs, .. } => Value::Object(
                attrs
                    .iter()
                    .map(|(n, t)| (n.clone(), self.value(t, depth + 1)))
                    .collect(),
            ),
        }
    }

    /// A DynamicValue for a position of type `ty`: random msgpack, random JSON, or a value
    /// of the type with random contents (random bytes when it cannot be encoded, such as a
    /// set with equal elements).
    fn dynamic(&mut self, ty: &Type) -> pb::DynamicValue {
        match self.rng.below(4) {
            0 => pb::DynamicValue {
                msgpack: self.random_bytes(),
                json: Vec::new(),
            },
            1 => pb::DynamicValue {
                msgpack: Vec::new(),
                json: self.text().into_bytes(),
            },
            _ => {
                let value = self.value(ty, 0);
                let msgpack =
                    value::encode_msgpack(&value, ty).unwrap_or_else(|_| self.random_bytes());
                pb::DynamicValue {
                    msgpack,
                    json: Vec::new(),
                }
            }
        }
    }

    fn random_bytes(&mut self) -> Vec<u8> {
        let max = if self.rng.one_in(8) { 64 * 1024 } else { 256 };
        self.rng.bytes(max)
    }
}

// ---------------------------------------------------------------------------------------
// The provider's schemas, as Terraform reads them
// ---------------------------------------------------------------------------------------

/// Type names and value types from GetProviderSchema.
struct Schemas {
    provider: Type,
    resources: BTreeMap<String, Type>,
    data_sources: BTreeMap<String, Type>,
    functions: BTreeMap<String, Vec<Type>>,
}

impl Schemas {
    fn read(response: &pb::get_provider_schema::Response) -> Schemas {
        let types = |schemas: &std::collections::HashMap<String, pb::Schema>| {
            schemas
                .iter()
                .map(|(name, schema)| (name.clone(), schema_type(Some(schema))))
                .collect()
        };
        Schemas {
            provider: schema_type(response.provider.as_ref()),
            resources: types(&response.resource_schemas),
            data_sources: types(&response.data_source_schemas),
            functions: response
                .functions
                .iter()
                .map(|(name, f)| {
                    let params = f
                        .parameters
                        .iter()
                        .chain(&f.variadic_parameter)
                        .map(|p| type_from_json(&p.r#type))
                        .collect();
                    (name.clone(), params)
                })
                .collect(),
        }
    }

    /// A type name of the kind asked for, a name of another kind, or random text; with the
    /// type of its values (a random known type for an unknown name).
    fn name(&self, inputs: &mut Inputs, names: &BTreeMap<String, Type>) -> (String, Type, bool) {
        let all: Vec<(&String, &Type)> = self.resources.iter().chain(&self.data_sources).collect();
        let (name, ty) = match inputs.rng.below(4) {
            0 | 1 if !names.is_empty() => {
                let (n, t) = *inputs.rng.pick(&names.iter().collect::<Vec<_>>());
                (n.clone(), t.clone())
            }
            2 => {
                let (n, t) = *inputs.rng.pick(&all);
                (n.clone(), t.clone())
            }
            _ => (inputs.text(), inputs.rng.pick(&all).1.clone()),
        };
        let known = names.contains_key(&name);
        (name, ty, known)
    }
}

fn schema_type(schema: Option<&pb::Schema>) -> Type {
    schema
        .and_then(|s| s.block.as_ref())
        .map_or_else(|| Type::Object(BTreeMap::new()), block_type)
}

fn block_type(block: &pb::schema::Block) -> Type {
    use pb::schema::nested_block::NestingMode;
    let mut attrs: BTreeMap<String, Type> = block
        .attributes
        .iter()
        .map(|a| (a.name.clone(), attribute_type(a)))
        .collect();
    for nested in &block.block_types {
        let inner = nested
            .block
            .as_ref()
            .map_or_else(|| Type::Object(BTreeMap::new()), block_type);
        let ty = match nested.nesting() {
            NestingMode::List => Type::list(inner),
            NestingMode::Set => Type::set(inner),
            NestingMode::Map => Type::map(inner),
            NestingMode::Single | NestingMode::Group | NestingMode::Invalid => inner,
        };
        attrs.insert(nested.type_name.clone(), ty);
    }
    Type::Object(attrs)
}

fn attribute_type(attribute: &pb::schema::Attribute) -> Type {
    use pb::schema::object::NestingMode;
    let Some(object) = &attribute.nested_type else {
        return type_from_json(&attribute.r#type);
    };
    let inner = Type::Object(
        object
            .attributes
            .iter()
            .map(|a| (a.name.clone(), attribute_type(a)))
            .collect(),
    );
    match object.nesting() {
        NestingMode::List => Type::list(inner),
        NestingMode::Set => Type::set(inner),
        NestingMode::Map => Type::map(inner),
        NestingMode::Single | NestingMode::Invalid => inner,
    }
}

fn type_from_json(json: &[u8]) -> Type {
    Type::from_json(json).expect("the provider's own type JSON")
}

// ---------------------------------------------------------------------------------------
// Shaped requests, one builder per RPC
// ---------------------------------------------------------------------------------------

/// A request body and what the answer must hold.
struct Case {
    body: Vec<u8>,
    /// The oracle knows the input is bad (an unknown type or function name, a configuration
    /// the codec refuses): the answer must carry an error.
    must_fail: bool,
}

fn case(message: &impl prost::Message, must_fail: bool) -> Case {
    Case {
        body: message.encode_to_vec(),
        must_fail,
    }
}

/// Whether the provider's codec refuses `dv` as a value of `ty` (then so must the RPC).
fn refused(dv: &pb::DynamicValue, ty: &Type) -> bool {
    value::decode_dynamic_value(&dv.msgpack, &dv.json, ty).is_err()
}

fn shaped(method: &str, inputs: &mut Inputs, schemas: &Schemas) -> Case {
    match method {
        "ValidateProviderConfig" => {
            let config = inputs.dynamic(&schemas.provider);
            let bad = refused(&config, &schemas.provider);
            case(
                &pb::validate_provider_config::Request {
                    config: Some(config),
                },
                bad,
            )
        }
        "ConfigureProvider" => {
            let config = inputs.dynamic(&schemas.provider);
            let bad = refused(&config, &schemas.provider);
            case(
                &pb::configure_provider::Request {
                    terraform_version: inputs.text(),
                    config: Some(config),
                    client_capabilities: None,
                },
                bad,
            )
        }
        "ValidateResourceConfig" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.resources);
            let config = inputs.dynamic(&ty);
            let bad = !known || refused(&config, &ty);
            case(
                &pb::validate_resource_config::Request {
                    type_name,
                    config: Some(config),
                    client_capabilities: None,
                },
                bad,
            )
        }
        "ValidateDataResourceConfig" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.data_sources);
            let config = inputs.dynamic(&ty);
            let bad = !known || refused(&config, &ty);
            case(
                &pb::validate_data_resource_config::Request {
                    type_name,
                    config: Some(config),
                },
                bad,
            )
        }
        "ReadDataSource" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.data_sources);
            let config = inputs.dynamic(&ty);
            let bad = !known || refused(&config, &ty);
            case(
                &pb::read_data_source::Request {
                    type_name,
                    config: Some(config),
                    provider_meta: Some(inputs.dynamic(&Type::Dynamic)),
                    client_capabilities: None,
                },
                bad,
            )
        }
        "UpgradeResourceState" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.resources);
            let json = match inputs.rng.below(3) {
                0 => inputs.random_bytes(),
                1 => inputs.text().into_bytes(),
                _ => json_of(inputs, &ty),
            };
            let flatmap = (0..inputs.rng.below(2))
                .map(|_| (inputs.text(), inputs.text()))
                .collect();
            case(
                &pb::upgrade_resource_state::Request {
                    type_name,
                    version: *inputs.rng.pick(&[0, 1, 2, -1, i64::MAX, i64::MIN]),
                    raw_state: Some(pb::RawState { json, flatmap }),
                },
                !known,
            )
        }
        "UpgradeResourceIdentity" => case(
            &pb::upgrade_resource_identity::Request {
                type_name: inputs.text(),
                version: inputs.rng.next() as i64,
                raw_identity: inputs.random_bytes(),
            },
            false,
        ),
        "ReadResource" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.resources);
            case(
                &pb::read_resource::Request {
                    type_name,
                    current_state: Some(inputs.dynamic(&ty)),
                    private: inputs.random_bytes(),
                    provider_meta: Some(inputs.dynamic(&Type::Dynamic)),
                    client_capabilities: None,
                    current_identity: identity(inputs),
                },
                !known,
            )
        }
        "PlanResourceChange" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.resources);
            case(
                &pb::plan_resource_change::Request {
                    type_name,
                    prior_state: Some(inputs.dynamic(&ty)),
                    proposed_new_state: Some(inputs.dynamic(&ty)),
                    config: Some(inputs.dynamic(&ty)),
                    prior_private: inputs.random_bytes(),
                    provider_meta: Some(inputs.dynamic(&Type::Dynamic)),
                    client_capabilities: None,
                    prior_identity: identity(inputs),
                },
                !known,
            )
        }
        "ApplyResourceChange" => {
            let (type_name, ty, known) = schemas.name(inputs, &schemas.resources);
            case(
                &pb::apply_resource_change::Request {
                    type_name,
                    prior_state: Some(inputs.dynamic(&ty)),
                    planned_state: Some(inputs.dynamic(&ty)),
                    config: Some(inputs.dynamic(&ty)),
                    planned_private: inputs.random_bytes(),
                    provider_meta: Some(inputs.dynamic(&Type::Dynamic)),
                    planned_identity: identity(inputs),
                },
                !known,
            )
        }
        "ImportResourceState" => {
            let (type_name, _, known) = schemas.name(inputs, &schemas.resources);
            case(
                &pb::import_resource_state::Request {
                    type_name,
                    id: inputs.text(),
                    client_capabilities: None,
                    identity: identity(inputs),
                },
                !known,
            )
        }
        "MoveResourceState" => case(
            &pb::move_resource_state::Request {
                source_provider_address: inputs.text(),
                source_type_name: inputs.text(),
                source_schema_version: inputs.rng.next() as i64,
                source_state: Some(pb::RawState {
                    json: inputs.random_bytes(),
                    flatmap: Default::default(),
                }),
                target_type_name: inputs.text(),
                source_private: inputs.random_bytes(),
                source_identity: identity(inputs),
            },
            false,
        ),
        "ValidateEphemeralResourceConfig" => case(
            &pb::validate_ephemeral_resource_config::Request {
                type_name: inputs.text(),
                config: Some(inputs.dynamic(&Type::Dynamic)),
            },
            false,
        ),
        "OpenEphemeralResource" => case(
            &pb::open_ephemeral_resource::Request {
                type_name: inputs.text(),
                config: Some(inputs.dynamic(&Type::Dynamic)),
                client_capabilities: None,
            },
            false,
        ),
        "RenewEphemeralResource" => case(
            &pb::renew_ephemeral_resource::Request {
                type_name: inputs.text(),
                private: Some(inputs.random_bytes()),
            },
            false,
        ),
        "CloseEphemeralResource" => case(
            &pb::close_ephemeral_resource::Request {
                type_name: inputs.text(),
                private: Some(inputs.random_bytes()),
            },
            false,
        ),
        "CallFunction" => call_function(inputs, schemas),
        // No fields: an empty request, or one with unknown fields a parser must skip.
        _ => Case {
            body: if inputs.rng.one_in(2) {
                Vec::new()
            } else {
                unknown_field(inputs)
            },
            must_fail: false,
        },
    }
}

fn call_function(inputs: &mut Inputs, schemas: &Schemas) -> Case {
    let names: Vec<(&String, &Vec<Type>)> = schemas.functions.iter().collect();
    let (name, params) = if inputs.rng.one_in(4) {
        (inputs.text(), vec![Type::String])
    } else {
        let (n, p) = *inputs.rng.pick(&names);
        (n.clone(), p.clone())
    };
    let known = schemas.functions.contains_key(&name);
    // Mostly the right number of arguments, sometimes one more or fewer.
    let count = match inputs.rng.below(6) {
        0 => params.len() + 1,
        1 => params.len().saturating_sub(1),
        _ => params.len(),
    };
    let arguments = (0..count)
        .map(|i| inputs.dynamic(params.get(i).unwrap_or(&Type::String)))
        .collect();
    case(&pb::call_function::Request { name, arguments }, !known)
}

fn identity(inputs: &mut Inputs) -> Option<pb::ResourceIdentityData> {
    inputs.rng.one_in(4).then(|| pb::ResourceIdentityData {
        identity_data: Some(inputs.dynamic(&Type::Dynamic)),
    })
}

/// A state as JSON text: a random value of `ty` in the JSON form Terraform stores.
fn json_of(inputs: &mut Inputs, ty: &Type) -> Vec<u8> {
    let value = inputs.value(ty, 0);
    let mut out = String::new();
    write_json(&value, &mut out);
    out.into_bytes()
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if u32::from(c) < 0x20 => {
                        let _ = write!(out, "\\u{:04x}", u32::from(c));
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::List(items) | Value::Set(items) | Value::Tuple(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) | Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(&Value::string(key.clone()), out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
        Value::Dynamic(_, inner) => write_json(inner, out),
        Value::Null | Value::Unknown(_) => out.push_str("null"),
    }
}

/// A protobuf field the request does not have (number 15, bytes): parsers skip it.
fn unknown_field(inputs: &mut Inputs) -> Vec<u8> {
    let payload = inputs.rng.bytes(32);
    let mut body = vec![(15 << 3) | 2, payload.len() as u8];
    body.extend(payload);
    body
}

// ---------------------------------------------------------------------------------------
// Reading answers
// ---------------------------------------------------------------------------------------

/// What an answer says: its error count and every text it shows the user.
#[derive(Debug, Default)]
struct Answer {
    errors: usize,
    texts: Vec<String>,
    /// Problems with the answer itself (a diagnostic without severity or summary).
    faults: Vec<String>,
}

impl Answer {
    fn of(diagnostics: &[pb::Diagnostic]) -> Answer {
        let mut answer = Answer::default();
        for d in diagnostics {
            answer.add(d);
        }
        answer
    }

    fn add(&mut self, d: &pb::Diagnostic) {
        match d.severity {
            1 => self.errors += 1,
            2 => {}
            other => self.faults.push(format!("severity {other}: {}", d.summary)),
        }
        if d.summary.is_empty() {
            self.faults.push(format!("no summary: {}", d.detail));
        }
        // The attribute path is not checked for echoes: it must hold a map key exactly for
        // Terraform to find the attribute in the configuration. It must parse, though.
        if d.attribute
            .as_ref()
            .is_some_and(|p| path_from_proto(p).is_none())
        {
            self.faults
                .push(format!("an unreadable attribute path: {}", d.summary));
        }
        self.texts.push(d.summary.clone());
        self.texts.push(d.detail.clone());
    }

    fn function(error: Option<&pb::FunctionError>) -> Answer {
        Answer {
            errors: usize::from(error.is_some()),
            texts: error.map(|e| e.text.clone()).into_iter().collect(),
            faults: Vec::new(),
        }
    }
}

fn answer(method: &str, bytes: &[u8]) -> Result<Answer, prost::DecodeError> {
    use pb::*;
    Ok(match method {
        "GetMetadata" => Answer::of(&get_metadata::Response::decode(bytes)?.diagnostics),
        "GetProviderSchema" => {
            Answer::of(&get_provider_schema::Response::decode(bytes)?.diagnostics)
        }
        "ValidateProviderConfig" => {
            Answer::of(&validate_provider_config::Response::decode(bytes)?.diagnostics)
        }
        "ValidateResourceConfig" => {
            Answer::of(&validate_resource_config::Response::decode(bytes)?.diagnostics)
        }
        "ValidateDataResourceConfig" => {
            Answer::of(&validate_data_resource_config::Response::decode(bytes)?.diagnostics)
        }
        "UpgradeResourceState" => {
            Answer::of(&upgrade_resource_state::Response::decode(bytes)?.diagnostics)
        }
        "GetResourceIdentitySchemas" => {
            Answer::of(&get_resource_identity_schemas::Response::decode(bytes)?.diagnostics)
        }
        "ConfigureProvider" => {
            Answer::of(&configure_provider::Response::decode(bytes)?.diagnostics)
        }
        "ReadResource" => Answer::of(&read_resource::Response::decode(bytes)?.diagnostics),
        "PlanResourceChange" => {
            Answer::of(&plan_resource_change::Response::decode(bytes)?.diagnostics)
        }
        "ApplyResourceChange" => {
            Answer::of(&apply_resource_change::Response::decode(bytes)?.diagnostics)
        }
        "ImportResourceState" => {
            Answer::of(&import_resource_state::Response::decode(bytes)?.diagnostics)
        }
        "ReadDataSource" => Answer::of(&read_data_source::Response::decode(bytes)?.diagnostics),
        "GetFunctions" => Answer::of(&get_functions::Response::decode(bytes)?.diagnostics),
        "CallFunction" => Answer::function(call_function::Response::decode(bytes)?.error.as_ref()),
        "StopProvider" => {
            let error = stop_provider::Response::decode(bytes)?.error;
            Answer {
                errors: usize::from(!error.is_empty()),
                texts: vec![error],
                faults: Vec::new(),
            }
        }
        // The RPCs the provider does not implement answer UNIMPLEMENTED, never OK.
        other => Answer {
            faults: vec![format!("{other} answered OK")],
            ..Answer::default()
        },
    })
}

/// The first text holding a `MAX_ECHO`-byte run of a long input. Runs longer than
/// `MAX_ECHO + STRIDE` always contain a checked window.
fn echo<'a>(long: &[String], texts: &'a [String]) -> Option<&'a str> {
    const STRIDE: usize = 256;
    for input in long {
        let windows = (0..input.len().saturating_sub(MAX_ECHO))
            .step_by(STRIDE)
            .filter_map(|start| input.get(start..start + MAX_ECHO));
        for window in windows {
            if let Some(text) = texts.iter().find(|t| t.contains(window)) {
                return Some(text);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------

/// Counts of what happened, for the failure message and the report.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    /// Shaped cases the oracle knew to be bad.
    must_fail: usize,
    status: BTreeMap<String, usize>,
    failures: Vec<String>,
}

impl Tally {
    /// Checks one answer; problems go to `failures`.
    fn check(
        &mut self,
        label: &str,
        method: &str,
        outcome: Option<Result<Vec<u8>, tonic::Status>>,
        shaped: Option<&Case>,
        long: &[String],
    ) {
        let fail = |tally: &mut Tally, what: String| {
            if tally.failures.len() < 40 {
                tally.failures.push(format!("{label}: {what}"));
            }
        };
        let bytes = match outcome {
            None => return fail(self, format!("no answer within {CALL_TIMEOUT:?}")),
            Some(Err(status)) => {
                *self
                    .status
                    .entry(format!("{:?}", status.code()))
                    .or_default() += 1;
                // A body that is not this RPC's protobuf (tonic: INTERNAL), or an RPC the
                // provider does not implement. Anything else is the provider's or the
                // connection's fault; and a shaped request is always protobuf.
                let allowed = match shaped {
                    Some(_) => status.code() == tonic::Code::Unimplemented,
                    None => matches!(
                        status.code(),
                        tonic::Code::Internal | tonic::Code::Unimplemented
                    ),
                };
                if !allowed {
                    fail(self, format!("status {status:?}"));
                }
                return;
            }
            Some(Ok(bytes)) => bytes,
        };
        self.ok += 1;
        let answer = match answer(method, &bytes) {
            Ok(answer) => answer,
            Err(e) => return fail(self, format!("the answer is not protobuf: {e}")),
        };
        for fault in &answer.faults {
            fail(self, fault.clone());
        }
        if shaped.is_some_and(|c| c.must_fail) && answer.errors == 0 {
            fail(self, "bad input answered without an error".to_owned());
        }
        if let Some(text) = echo(long, &answer.texts) {
            let start: String = text.chars().take(160).collect();
            fail(
                self,
                format!(
                    "a {}-byte text repeats over {MAX_ECHO} bytes of an input: {start:?}",
                    text.len()
                ),
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_bytes_and_random_values_on_every_rpc_are_answered() {
    let started = Instant::now();
    let mut served = support::serve(workload::provider()).await;
    let schema = served
        .client
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .expect("GetProviderSchema")
        .into_inner();
    let schemas = Schemas::read(&schema);
    assert!(
        schemas.resources.contains_key("score_workload") && !schemas.functions.is_empty(),
        "the real provider's schema"
    );
    let mut inputs = Inputs {
        rng: Rng(SEED),
        long: Vec::new(),
    };
    let mut tally = Tally::default();
    for method in METHODS {
        for i in 0..CASES {
            inputs.long.clear();
            let body = inputs.random_bytes();
            let outcome = send(&served.channel, method, body).await;
            tally.check(&format!("{method} raw #{i}"), method, outcome, None, &[]);

            let case = shaped(method, &mut inputs, &schemas);
            let outcome = send(&served.channel, method, case.body.clone()).await;
            tally.check(
                &format!("{method} shaped #{i}"),
                method,
                outcome,
                Some(&case),
                &inputs.long,
            );
            tally.must_fail += usize::from(case.must_fail);
        }
    }
    assert_eq!(tally.failures, Vec::<String>::new(), "{tally:?}");

    // Still serving, on the same connection, the same schema.
    let after = served
        .client
        .get_provider_schema(pb::get_provider_schema::Request {})
        .await
        .expect("GetProviderSchema after the garbage")
        .into_inner();
    assert_eq!(after, schema);
    assert_eq!(served.connections(), 1, "the connection was dropped");
    // The oracle is not idle: a good share of the shaped cases are known to be bad.
    assert!(tally.must_fail > CASES, "{tally:?}");
    eprintln!(
        "{} calls in {:?}: {} OK ({} known bad), statuses {:?}",
        METHODS.len() * CASES * 2,
        started.elapsed(),
        tally.ok,
        tally.must_fail,
        tally.status
    );
}
