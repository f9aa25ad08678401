//! Definition placeholders: every syntactic form, the errors with their offsets, inheritance
//! of class and id, and resolution with types and secret taint.

use crate::data::Data;
use crate::definitions::context::ResourceKey;
use crate::definitions::expr::{
    Access, ContextKey, Direction, Expr, Part, Resolved, Scope, parse, resolve,
};
use crate::definitions::model::Target;

fn target(t: &Target) -> String {
    format!(
        "{}.{}#{}",
        t.kind,
        t.class.as_deref().unwrap_or("*"),
        t.id.as_deref().unwrap_or("*")
    )
}

fn show_access(a: &Access) -> String {
    match a {
        Access::Outputs(keys) => format!("outputs{keys:?}"),
        Access::Guresid => "guresid".to_owned(),
        Access::Account => "account".to_owned(),
    }
}

/// `context.app.id`, `values["a", "b"]`, `dns.*#* outputs["host"]` (a `*` is inherited),
/// `workload.*#* > aws-policy.* outputs["arn"]`.
fn expr(e: &Expr) -> String {
    match e {
        Expr::Context(k) => k.path(),
        Expr::Values(keys) => format!("values{keys:?}"),
        Expr::Resource {
            target: t,
            access: a,
        } => format!("{} {}", target(t), show_access(a)),
        Expr::Select {
            base,
            direction,
            kind,
            class,
            access: a,
        } => format!(
            "{} {} {kind}.{} {}",
            target(base),
            match direction {
                Direction::Dependents => "<",
                Direction::Dependencies => ">",
            },
            class.as_deref().unwrap_or("*"),
            show_access(a)
        ),
    }
}

/// The parts joined by ` + `: literals quoted, placeholders as `EXPR @OFFSET+LEN`; or
/// `error @OFFSET+LEN: MESSAGE`.
fn parsed(text: &str) -> String {
    match parse(text) {
        Ok(t) => t
            .parts
            .iter()
            .map(|p| match p {
                Part::Literal(l) => format!("{l:?}"),
                Part::Expr(p) => format!("{} @{}+{}", expr(&p.expr), p.offset, p.len),
            })
            .collect::<Vec<_>>()
            .join(" + "),
        Err(e) => format!("error @{}+{}: {}", e.offset, e.len, e.message),
    }
}

#[test]
fn parse_forms() {
    let table = [
        // Context.
        ("${context.app.id}", "context.app.id @0+17"),
        ("${context.env.id}", "context.env.id @0+17"),
        ("${context.env.type}", "context.env.type @0+19"),
        ("${context.org.id}", "context.org.id @0+17"),
        ("${context.res.id}", "context.res.id @0+17"),
        ("${context.res.type}", "context.res.type @0+19"),
        ("${context.res.class}", "context.res.class @0+20"),
        ("${context.res.guresid}", "context.res.guresid @0+22"),
        ("${['context']['app']['id']}", "context.app.id @0+27"),
        ("${context[\"env\"].id}", "context.env.id @0+20"),
        // Values.
        ("${values.KEY}", "values[\"KEY\"] @0+13"),
        ("${values.KEY.sub}", "values[\"KEY\", \"sub\"] @0+17"),
        ("${values['a.b']}", "values[\"a.b\"] @0+16"),
        // References: type, class, id; dot and bracket forms.
        (
            "${resources.dns.outputs.host}",
            "dns.*#* outputs[\"host\"] @0+29",
        ),
        (
            "${resources.dns.default.outputs.host}",
            "dns.default#* outputs[\"host\"] @0+37",
        ),
        (
            "${resources.config#tf-backend.outputs.bucket}",
            "config.*#tf-backend outputs[\"bucket\"] @0+45",
        ),
        (
            "${resources['dns.default#shared.api'].outputs.host}",
            "dns.default#shared.api outputs[\"host\"] @0+51",
        ),
        (
            "${resources[\"dns#shared.api\"].outputs.host}",
            "dns.*#shared.api outputs[\"host\"] @0+43",
        ),
        (
            "${resources['config.default#aws-account'].outputs.region}",
            "config.default#aws-account outputs[\"region\"] @0+57",
        ),
        (
            "${resources.s3.outputs.nested.key}",
            "s3.*#* outputs[\"nested\", \"key\"] @0+34",
        ),
        (
            "${resources.x.outputs['a.b']}",
            "x.*#* outputs[\"a.b\"] @0+29",
        ),
        (
            "${resources.x.outputs['it\\'s']}",
            "x.*#* outputs[\"it's\"] @0+31",
        ),
        (
            "${resources.x.outputs.list[0]}",
            "x.*#* outputs[\"list\", \"0\"] @0+30",
        ),
        (
            "${resources.x.outputs.list[12].name}",
            "x.*#* outputs[\"list\", \"12\", \"name\"] @0+36",
        ),
        ("${resources.s3.outputs}", "s3.*#* outputs[] @0+23"),
        // Accessors.
        ("${resources.dns.guresid}", "dns.*#* guresid @0+24"),
        (
            "${resources['config.default#aws-account'].account}",
            "config.default#aws-account account @0+50",
        ),
        (
            "${resources['config.developer-overrides'].values}",
            "config.developer-overrides#* outputs[] @0+49",
        ),
        (
            "${resources.config.values.region}",
            "config.*#* outputs[\"region\"] @0+33",
        ),
        (
            "${resources.acme/queue.outputs.url}",
            "acme/queue.*#* outputs[\"url\"] @0+35",
        ),
        // Selectors.
        (
            "${resources.workload>aws-policy.outputs.arn}",
            "workload.*#* > aws-policy.* outputs[\"arn\"] @0+44",
        ),
        (
            "${resources['aws-policy.s3>s3'].outputs.arn}",
            "aws-policy.s3#* > s3.* outputs[\"arn\"] @0+44",
        ),
        (
            "${resources.dns<route.outputs.path}",
            "dns.*#* < route.* outputs[\"path\"] @0+35",
        ),
        (
            "${resources['dns<route.internal'].outputs.path}",
            "dns.*#* < route.internal outputs[\"path\"] @0+47",
        ),
        (
            "${resources['workload#modules.web>aws-policy'].outputs.arn}",
            "workload.*#modules.web > aws-policy.* outputs[\"arn\"] @0+59",
        ),
        // Text around placeholders.
        (
            "prefix-${context.app.id}-${context.env.id}",
            "\"prefix-\" + context.app.id @7+17 + \"-\" + context.env.id @25+17",
        ),
        (
            "${context.app.id}${context.env.id}",
            "context.app.id @0+17 + context.env.id @17+17",
        ),
        (
            "tls-cert-${resources.dns.guresid}",
            "\"tls-cert-\" + dns.*#* guresid @9+24",
        ),
        ("é-${context.app.id}", "\"é-\" + context.app.id @3+17"),
        // Escapes and dollars that start no placeholder.
        ("$\\{var.BUCKET}", "\"${var.BUCKET}\""),
        (
            "name = \"$\\{var.BUCKET}-policy\"",
            "\"name = \\\"${var.BUCKET}-policy\\\"\"",
        ),
        (
            "$\\{var.a}-${context.app.id}",
            "\"${var.a}-\" + context.app.id @10+17",
        ),
        ("$", "\"$\""),
        ("$$", "\"$$\""),
        ("costs 5$ a month", "\"costs 5$ a month\""),
        ("$${context.app.id}", "\"$\" + context.app.id @1+17"),
        ("{context.app.id}", "\"{context.app.id}\""),
        ("plain", "\"plain\""),
        ("", ""),
    ];
    let mut failures = Vec::new();
    for (text, want) in table {
        let got = parsed(text);
        if got != want {
            failures.push(format!("{text:?}\n   got: {got}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn parse_errors() {
    let known = "known: context.app.id, context.env.id, context.env.type, context.org.id, \
                 context.res.id, context.res.type, context.res.class, context.res.guresid";
    let table = [
        (
            "${",
            "error @0+2: unterminated placeholder: missing '}'".to_owned(),
        ),
        (
            "abc ${context.app.id",
            "error @4+16: unterminated placeholder: missing '}'".to_owned(),
        ),
        ("${}", "error @0+3: empty name in placeholder".to_owned()),
        (
            "${resources.dns.outputs.}",
            "error @0+25: empty name in placeholder".to_owned(),
        ),
        (
            "${context.app.id }",
            "error @0+17: unexpected ' ' in placeholder".to_owned(),
        ),
        (
            "${ context.app.id}",
            "error @0+3: unexpected ' ' in placeholder".to_owned(),
        ),
        (
            "${var.BUCKET}",
            "error @0+13: unknown placeholder 'var': definitions can use context, values and \
             resources (write $\\{ for a literal '${', such as a Terraform interpolation in a \
             script)"
                .to_owned(),
        ),
        (
            "x-${foo}",
            "error @2+6: unknown placeholder 'foo': definitions can use context, values and \
             resources (write $\\{ for a literal '${', such as a Terraform interpolation in a \
             script)"
                .to_owned(),
        ),
        (
            "${context.app.name}",
            format!("error @0+19: unknown context 'context.app.name'; {known}"),
        ),
        (
            "${context.app}",
            format!("error @0+14: unknown context 'context.app'; {known}"),
        ),
        (
            "${context.deploy.id}",
            format!("error @0+20: unknown context 'context.deploy.id'; {known}"),
        ),
        (
            "${values}",
            "error @0+9: 'values' needs a key: ${values.KEY}".to_owned(),
        ),
        (
            "${resources.dns}",
            "error @0+16: 'resources.dns' needs an accessor: .outputs.KEY, .guresid or .account"
                .to_owned(),
        ),
        (
            "${resources}",
            "error @0+12: 'resources' needs a resource type: ${resources.TYPE.outputs.KEY}"
                .to_owned(),
        ),
        (
            "${resources.outputs.host}",
            "error @0+25: 'resources' needs a resource type: ${resources.TYPE.outputs.KEY}"
                .to_owned(),
        ),
        (
            "${resources.dns.guresid.x}",
            "error @0+26: '.guresid' takes no further keys, found '.x'".to_owned(),
        ),
        (
            "${resources.dns.account.region}",
            "error @0+31: '.account' takes no further keys, found '.region'".to_owned(),
        ),
        (
            "${resources.workload>aws-policy#p.outputs.arn}",
            "error @0+46: a selector picks resources by type and class; 'aws-policy#p' cannot \
             name an id"
                .to_owned(),
        ),
        (
            "${resources.workload>.outputs.arn}",
            "error @0+34: '' has an empty resource type".to_owned(),
        ),
        (
            "${resources['x'.outputs.y}",
            "error @0+16: expected ']' after the quoted name".to_owned(),
        ),
        (
            "${resources['x'}",
            "error @0+16: expected ']' after the quoted name".to_owned(),
        ),
        (
            "${resources[x].outputs.y}",
            "error @0+13: expected a quoted name or an index after '['".to_owned(),
        ),
        (
            "${resources['x",
            "error @0+14: unterminated quoted name".to_owned(),
        ),
        (
            "${resources.x.outputs.list[0}",
            "error @0+29: expected ']' after an index".to_owned(),
        ),
        (
            "${resources.x.outputs.['a']}",
            "error @0+23: '.' must be followed by a name, not '['".to_owned(),
        ),
        (
            "${resources['dns#'].outputs.host}",
            "error @0+33: 'dns#' has an empty resource id".to_owned(),
        ),
        (
            "${resources['dns.'].outputs.host}",
            "error @0+33: 'dns.' has an empty class".to_owned(),
        ),
        (
            "${resources['#shared.api'].outputs.host}",
            "error @0+40: '#shared.api' has an empty resource type".to_owned(),
        ),
        (
            "${resources['my dns'].outputs.host}",
            "error @0+35: 'my dns' is not a resource type (lowercase letters, digits, '-', '_', and '/' after an org)".to_owned(),
        ),
        (
            "$\\{a} ${bad}",
            "error @6+6: unknown placeholder 'bad': definitions can use context, values and \
             resources (write $\\{ for a literal '${', such as a Terraform interpolation in a \
             script)"
                .to_owned(),
        ),
        (
            "${context.app.id} and ${context.nope.id}",
            format!("error @22+18: unknown context 'context.nope.id'; {known}"),
        ),
    ];
    let mut failures = Vec::new();
    for (text, want) in table {
        let got = parsed(text);
        if got != want {
            failures.push(format!("{text:?}\n   got: {got}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn target_parse_and_inherit() {
    // (reference written in a definition, the referencing resource, the resource meant)
    let table = [
        (
            "dns",
            "postgres.default#modules.web.externals.db",
            "dns.default#modules.web.externals.db",
        ),
        (
            "aws-policy",
            "s3.admin#shared.bucket",
            "aws-policy.admin#shared.bucket",
        ),
        (
            "dns.large",
            "postgres.default#modules.web.externals.db",
            "dns.large#modules.web.externals.db",
        ),
        (
            "dns#shared.api",
            "postgres.large#modules.web.externals.db",
            "dns.large#shared.api",
        ),
        (
            "dns.default#shared.api",
            "postgres.large#modules.web.externals.db",
            "dns.default#shared.api",
        ),
        (
            "config#tf-backend",
            "s3.default#shared.bucket",
            "config.default#tf-backend",
        ),
    ];
    for (text, from, want) in table {
        let from_key = key(from);
        let t = Target::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(t.to_string(), text, "Display writes back the reference");
        assert_eq!(t.inherit(&from_key).to_string(), want, "{text} from {from}");
    }
}

/// `type.class#res_id` back into a key.
fn key(text: &str) -> ResourceKey {
    let (head, res_id) = text.split_once('#').unwrap();
    let (kind, class) = head.split_once('.').unwrap();
    ResourceKey::new(kind, class, res_id)
}

/// Answers placeholders from fixed tables; `secret`, `password` and the second policy are
/// secret.
#[derive(Debug)]
struct TestScope;

fn plain(value: Data) -> Result<Resolved, String> {
    Ok(Resolved {
        value,
        secret: false,
    })
}

fn secret(value: Data) -> Result<Resolved, String> {
    Ok(Resolved {
        value,
        secret: true,
    })
}

fn s(text: &str) -> Data {
    Data::Str(text.to_owned())
}

impl Scope for TestScope {
    fn context(&self, key: ContextKey) -> Result<Resolved, String> {
        match key {
            ContextKey::AppId => plain(s("my-app")),
            ContextKey::EnvId => plain(s("qa-team")),
            other => Err(format!("no value for {}", other.path())),
        }
    }

    fn value(&self, keys: &[String]) -> Result<Resolved, String> {
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        match keys.as_slice() {
            ["port"] => plain(Data::Int(5432)),
            ["ratio"] => plain(Data::Float(0.5)),
            ["flag"] => plain(Data::Bool(true)),
            ["none"] => plain(Data::Null),
            ["map"] => plain(Data::Map(vec![
                ("b".to_owned(), Data::Int(1)),
                ("a".to_owned(), s("x")),
            ])),
            ["list"] => plain(Data::Seq(vec![s("a"), Data::Int(2)])),
            ["secret"] => secret(s("s3cr3t")),
            ["nested", "key"] => plain(s("deep")),
            _ => Err(format!("no value '{}'", keys.join("."))),
        }
    }

    fn resource(&self, target: &Target, access: &Access) -> Result<Resolved, String> {
        match (target.to_string().as_str(), access) {
            ("db", Access::Outputs(k)) if k == &["host"] => plain(s("db.internal")),
            ("db", Access::Outputs(k)) if k == &["port"] => plain(Data::Int(5432)),
            ("db", Access::Outputs(k)) if k == &["password"] => secret(s("pw")),
            ("db", Access::Outputs(k)) if k.is_empty() => secret(Data::Map(vec![
                ("host".to_owned(), s("db.internal")),
                ("password".to_owned(), s("pw")),
            ])),
            ("dns", Access::Guresid) => plain(s("0123abcd")),
            ("config#aws", Access::Account) => plain(s("aws-prod")),
            (t, a) => Err(format!("no {} of '{t}'", show_access(a))),
        }
    }

    fn select(
        &self,
        base: &Target,
        direction: Direction,
        kind: &str,
        class: Option<&str>,
        access: &Access,
    ) -> Result<Vec<Resolved>, String> {
        let arn = |n: &str, secret| Resolved {
            value: s(&format!("arn:aws:iam::1:policy/{n}")),
            secret,
        };
        match (base.to_string().as_str(), direction, kind, class, access) {
            ("workload", Direction::Dependencies, "aws-policy", None, Access::Outputs(_)) => {
                Ok(vec![arn("a", false), arn("b", false)])
            }
            ("workload", Direction::Dependencies, "aws-policy", Some("secret"), _) => {
                Ok(vec![arn("a", false), arn("b", true)])
            }
            ("dns", Direction::Dependents, "route", _, _) => Ok(Vec::new()),
            (b, _, k, _, _) => Err(format!("no selection of '{k}' from '{b}'")),
        }
    }
}

/// The resolved value as `Debug` of [`Data`], with ` (secret)` when tainted; or
/// `error @OFFSET+LEN: MESSAGE`.
fn resolved(text: &str) -> String {
    let template = parse(text).unwrap_or_else(|e| panic!("{text}: {}", e.message));
    match resolve(&template, &TestScope) {
        Ok(r) if r.secret => format!("{:?} (secret)", r.value),
        Ok(r) => format!("{:?}", r.value),
        Err(e) => format!("error @{}+{}: {}", e.offset, e.len, e.message),
    }
}

#[test]
fn resolve_types_and_taint() {
    let table = [
        // A string that is one placeholder takes the value's type.
        ("${values.port}", "Int(5432)"),
        ("${values.ratio}", "Float(0.5)"),
        ("${values.flag}", "Bool(true)"),
        ("${values.none}", "Null"),
        (
            "${values.map}",
            "Map([(\"b\", Int(1)), (\"a\", Str(\"x\"))])",
        ),
        ("${values.list}", "Seq([Str(\"a\"), Int(2)])"),
        ("${values.nested.key}", "Str(\"deep\")"),
        ("${context.app.id}", "Str(\"my-app\")"),
        ("${resources.db.outputs.port}", "Int(5432)"),
        ("${resources.dns.guresid}", "Str(\"0123abcd\")"),
        ("${resources.config#aws.account}", "Str(\"aws-prod\")"),
        // Anything more is text, non-strings written as JSON with sorted keys.
        ("port=${values.port}", "Str(\"port=5432\")"),
        ("${values.port} ", "Str(\"5432 \")"),
        ("x${values.flag}", "Str(\"xtrue\")"),
        ("n=${values.none}", "Str(\"n=null\")"),
        (
            "m=${values.map}",
            "Str(\"m={\\\"a\\\":\\\"x\\\",\\\"b\\\":1}\")",
        ),
        ("l=${values.list}", "Str(\"l=[\\\"a\\\",2]\")"),
        (
            "${context.app.id}-${context.env.id}",
            "Str(\"my-app-qa-team\")",
        ),
        (
            "postgres://${resources.db.outputs.host}:${resources.db.outputs.port}",
            "Str(\"postgres://db.internal:5432\")",
        ),
        ("plain", "Str(\"plain\")"),
        ("", "Str(\"\")"),
        ("$\\{var.x}", "Str(\"${var.x}\")"),
        ("$\\{var.x}${values.port}", "Str(\"${var.x}5432\")"),
        // Secret taint: a secret alone, or any string built from one, is secret.
        ("${values.secret}", "Str(\"s3cr3t\") (secret)"),
        ("pre-${values.secret}", "Str(\"pre-s3cr3t\") (secret)"),
        (
            "${context.app.id}:${resources.db.outputs.password}",
            "Str(\"my-app:pw\") (secret)",
        ),
        (
            "${resources.db.outputs}",
            "Map([(\"host\", Str(\"db.internal\")), (\"password\", Str(\"pw\"))]) (secret)",
        ),
        // Selectors give lists; secret when any item is.
        (
            "${resources.workload>aws-policy.outputs.arn}",
            "Seq([Str(\"arn:aws:iam::1:policy/a\"), Str(\"arn:aws:iam::1:policy/b\")])",
        ),
        (
            "${resources.workload>aws-policy.secret.outputs.arn}",
            "Seq([Str(\"arn:aws:iam::1:policy/a\"), Str(\"arn:aws:iam::1:policy/b\")]) (secret)",
        ),
        ("${resources.dns<route.outputs.path}", "Seq([])"),
        (
            "arns=${resources.workload>aws-policy.outputs.arn}",
            "Str(\"arns=[\\\"arn:aws:iam::1:policy/a\\\",\\\"arn:aws:iam::1:policy/b\\\"]\")",
        ),
        (
            "arns=${resources.workload>aws-policy.secret.outputs.arn}",
            "Str(\"arns=[\\\"arn:aws:iam::1:policy/a\\\",\\\"arn:aws:iam::1:policy/b\\\"]\") (secret)",
        ),
        // Errors point at the placeholder that failed.
        ("${values.missing}", "error @0+17: no value 'missing'"),
        ("a ${values.missing} b", "error @2+17: no value 'missing'"),
        (
            "${context.app.id}-${context.org.id}",
            "error @18+17: no value for context.org.id",
        ),
        (
            "é ${resources.db.outputs.user}",
            "error @3+28: no outputs[\"user\"] of 'db'",
        ),
        (
            "${resources.workload<aws-policy.outputs.arn}",
            "error @0+44: no selection of 'aws-policy' from 'workload'",
        ),
    ];
    let mut failures = Vec::new();
    for (text, want) in table {
        let got = resolved(text);
        if got != want {
            failures.push(format!("{text:?}\n   got: {got}\n  want: {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
