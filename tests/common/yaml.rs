//! Helpers for the editors' tests: YAML read as JSON under the YAML 1.2 core schema (what
//! the VS Code YAML extension and `youdai check` both use), front matter, and JSON Schema
//! validation.
#![allow(dead_code)]

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// A plain scalar's value under the YAML 1.2 core schema (YAML 1.2.2, 10.3.2).
fn core_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Value::from(f64::MAX),
        "-.inf" | "-.Inf" | "-.INF" => return Value::from(f64::MIN),
        ".nan" | ".NaN" | ".NAN" => return Value::from(f64::MAX),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(text.parse::<f64>().unwrap()));
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(n) = i64::from_str_radix(oct, 8) {
            return Value::from(n);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::from(n);
        }
    }
    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
                && !(a.is_empty() && b.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|c| c.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    if mantissa_ok && exponent_ok {
        if let Ok(f) = text.parse::<f64>() {
            return Value::from(f);
        }
    }
    Value::String(text.to_string())
}

enum Open {
    Seq(usize, Vec<Value>),
    Map(usize, Map<String, Value>, Option<String>),
}

fn complete(
    value: Value,
    anchor: usize,
    stack: &mut [Open],
    anchors: &mut HashMap<usize, Value>,
    root: &mut Value,
) {
    if anchor > 0 {
        anchors.insert(anchor, value.clone());
    }
    match stack.last_mut() {
        None => *root = value,
        Some(Open::Seq(_, items)) => items.push(value),
        Some(Open::Map(_, map, key)) => match key.take() {
            None => {
                *key = Some(match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
            }
            Some(k) => {
                map.insert(k, value);
            }
        },
    }
}

/// One YAML document as JSON.
pub fn yaml_to_json(text: &str) -> Value {
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut root = Value::Null;
    for event in Parser::new_from_str(text) {
        let (event, _) = event.expect("valid YAML");
        let (value, anchor) = match event {
            Event::Scalar(text, style, anchor, _) => {
                let value = if matches!(style, ScalarStyle::Plain) {
                    core_scalar(&text)
                } else {
                    Value::String(text.into_owned())
                };
                (value, anchor)
            }
            Event::Alias(id) => (anchors.get(&id).cloned().unwrap_or(Value::Null), 0),
            Event::SequenceStart(anchor, _) => {
                stack.push(Open::Seq(anchor, Vec::new()));
                continue;
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Open::Map(anchor, Map::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(a, items)) => (Value::Array(items), a),
                Some(Open::Map(a, map, _)) => (Value::Object(map), a),
                None => continue,
            },
            _ => continue,
        };
        complete(value, anchor, &mut stack, &mut anchors, &mut root);
    }
    root
}

/// The front matter of a Markdown file (between the first two `---` lines).
pub fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closed front matter");
    &rest[..end + 1]
}

/// A content file (YAML, or Markdown with front matter) as JSON.
pub fn content_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "md") {
        yaml_to_json(front_matter(&text))
    } else {
        yaml_to_json(&text)
    }
}

pub fn validator(schema: &Path) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid JSON Schema")
}

/// The validator's complaints about `instance`, one a line.
pub fn complaints(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn the_core_schema_reads_scalars_as_yaml_1_2_does() {
    let v = yaml_to_json(
        "a: 0354\nb: yes\nc: 2024-12-24\nd: 1.5\ne: ~\nf: \"12\"\ng: 0x1F\nh: on\ni: 1_000\nk: |\n  x\n",
    );
    assert_eq!(v["a"], 354);
    assert_eq!(v["b"], "yes");
    assert_eq!(v["c"], "2024-12-24");
    assert_eq!(v["d"], 1.5);
    assert!(v["e"].is_null());
    assert_eq!(v["f"], "12");
    assert_eq!(v["g"], 31);
    assert_eq!(v["h"], "on");
    assert_eq!(v["i"], "1_000");
    assert_eq!(v["k"], "x\n");
}
