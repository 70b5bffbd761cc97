//! `has()` parameters from the conformance rows' JSON, converted the way a JavaScript
//! binding converts its values, and `Auth::write_json` read back.

use serde_json::{Map, Value};
use sessionjwt::{Auth, HasParams, Param, Reverification};

/// `role`/`permission`/`feature`/`plan`: a JavaScript string, or any other present value.
pub fn param(value: &Value) -> Param<'_> {
    match value {
        Value::String(s) => Param::Str(s),
        _ => Param::Invalid,
    }
}

/// `reverification`: a string is a preset; an object (`typeof "object"`, so arrays too)
/// gives its `level` and `afterMinutes` when they are a string and a number; anything else
/// is invalid.
pub fn reverification(value: &Value) -> Reverification<'_> {
    match value {
        Value::String(s) => Reverification::Preset(s),
        Value::Object(o) => Reverification::Custom {
            level: o.get("level").and_then(Value::as_str),
            after_minutes: o.get("afterMinutes").and_then(Value::as_f64),
        },
        Value::Array(_) => Reverification::Custom {
            level: None,
            after_minutes: None,
        },
        _ => Reverification::Invalid,
    }
}

/// The `has()` parameters of a row. Unknown keys are an error in the data, not skipped.
pub fn has_params(params: &Map<String, Value>) -> HasParams<'_> {
    let mut out = HasParams::default();
    for (key, value) in params {
        match key.as_str() {
            "role" => out.role = Some(param(value)),
            "permission" => out.permission = Some(param(value)),
            "feature" => out.feature = Some(param(value)),
            "plan" => out.plan = Some(param(value)),
            "reverification" => out.reverification = Some(reverification(value)),
            other => panic!("unknown has() parameter {other:?}"),
        }
    }
    out
}

/// `auth.write_json` into a `String`, parsed back.
pub fn auth_json(auth: &Auth<'_>) -> (String, Value) {
    let mut text = String::new();
    auth.write_json(&mut text).expect("write_json");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON {text}: {e}"));
    (text, value)
}
