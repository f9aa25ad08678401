//! Provider-defined functions (`provider::score::NAME(...)`, Terraform 1.8+).
//!
//! Functions are pure by Terraform's contract (same arguments, same result, no side effects),
//! so [`Function::call`] is a plain function; the framework runs it on a blocking thread.
//! Errors are [`FunctionError`]s, which Terraform shows at the call, or at the argument named
//! by `argument`.

use super::schema::{Description, is_valid_name};
use crate::proto::tfplugin6 as pb;
use crate::value::{Type, Value};

/// One parameter of a function.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Shown in docs and error messages.
    pub name: String,
    /// The argument's type.
    pub ty: Type,
    /// Whether null is passed to the function (otherwise Terraform rejects it).
    pub allow_null: bool,
    /// Whether unknown values are passed to the function (otherwise Terraform answers
    /// unknown itself without calling it).
    pub allow_unknown: bool,
    /// Documentation.
    pub description: Description,
}

impl Parameter {
    /// A parameter that takes neither null nor unknown values.
    pub fn new(name: &str, ty: Type) -> Parameter {
        Parameter {
            name: name.to_owned(),
            ty,
            allow_null: false,
            allow_unknown: false,
            description: Description::None,
        }
    }

    /// With a plain-text description.
    pub fn description(mut self, text: impl Into<String>) -> Parameter {
        self.description = Description::Plain(text.into());
        self
    }

    fn to_proto(&self) -> pb::function::Parameter {
        let (description, description_kind) = self.description.to_proto();
        pb::function::Parameter {
            name: self.name.clone(),
            r#type: self.ty.to_json().into_bytes(),
            allow_null_value: self.allow_null,
            allow_unknown_values: self.allow_unknown,
            description,
            description_kind,
        }
    }
}

/// A function's parameters, return type and documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// Positional parameters.
    pub parameters: Vec<Parameter>,
    /// A last parameter taking any number of arguments.
    pub variadic: Option<Parameter>,
    /// The result type.
    pub return_type: Type,
    /// One line.
    pub summary: String,
    /// Documentation.
    pub description: Description,
    /// When set, the function is deprecated and this says what to use instead.
    pub deprecation: Option<String>,
}

impl Signature {
    /// Checks what Terraform would reject: parameter names, duplicates.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = std::collections::BTreeSet::new();
        for p in self.parameters.iter().chain(&self.variadic) {
            if !is_valid_name(&p.name) {
                return Err(format!(
                    "parameter {:?}: the name must match ^[a-z0-9_]+$",
                    p.name
                ));
            }
            if !seen.insert(p.name.as_str()) {
                return Err(format!("parameter {:?} is declared twice", p.name));
            }
        }
        Ok(())
    }

    /// The type of argument `index` (variadic arguments take the variadic type).
    pub fn parameter(&self, index: usize) -> Option<&Parameter> {
        self.parameters.get(index).or(self.variadic.as_ref())
    }

    /// The protocol form.
    pub fn to_proto(&self) -> pb::Function {
        let (description, description_kind) = self.description.to_proto();
        pb::Function {
            parameters: self.parameters.iter().map(Parameter::to_proto).collect(),
            variadic_parameter: self.variadic.as_ref().map(Parameter::to_proto),
            r#return: Some(pb::function::Return {
                r#type: self.return_type.to_json().into_bytes(),
            }),
            summary: self.summary.clone(),
            description,
            description_kind,
            deprecation_message: self.deprecation.clone().unwrap_or_default(),
        }
    }
}

/// Why a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionError {
    /// The message Terraform shows.
    pub text: String,
    /// The 0-based argument at fault, when one is.
    pub argument: Option<usize>,
}

impl FunctionError {
    /// An error about the call as a whole.
    pub fn new(text: impl Into<String>) -> FunctionError {
        FunctionError {
            text: text.into(),
            argument: None,
        }
    }

    /// An error about argument `index`.
    pub fn argument(index: usize, text: impl Into<String>) -> FunctionError {
        FunctionError {
            text: text.into(),
            argument: Some(index),
        }
    }

    /// The protocol form.
    pub fn to_proto(&self) -> pb::FunctionError {
        pb::FunctionError {
            text: self.text.clone(),
            function_argument: self.argument.and_then(|i| i64::try_from(i).ok()),
        }
    }
}

/// A provider-defined function.
pub trait Function: Send + Sync + 'static {
    /// Parameters, return type, documentation; asked once, at registration.
    fn signature(&self) -> Signature;

    /// Computes the result. `arguments` match the signature (count and types are checked
    /// by the framework before the call).
    fn call(&self, arguments: Vec<Value>) -> Result<Value, FunctionError>;
}
