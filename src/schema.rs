//! JSON Schemas for site.yaml and each kind of entry, generated from the field spec
//! (`content::spec`) and the site's own vocabularies, so that VS Code (through the YAML
//! extension) offers completion, allowed values and hover help that agree with `youdai check`.
//!
//! Draft-07, the draft the YAML language server knows best. Optional fields also accept an
//! empty value, as the readers do (`valid_until:` with nothing after it means "none").

use crate::content::spec::{self, Field, FieldType, Kind, Vocabulary};
use crate::model::{Config, Term};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The schema files `youdai schema DIR` writes, and the kind each describes.
pub const FILES: &[(&str, &Kind)] = &[
    ("site.schema.json", &spec::SITE),
    ("benefit.schema.json", &spec::BENEFIT),
    ("partner.schema.json", &spec::PARTNER),
    ("notice.schema.json", &spec::NOTICE),
    ("page.schema.json", &spec::PAGE),
];

/// The folder, relative to the site root, where `youdai new` keeps the schemas.
pub const DEFAULT_DIR: &str = "schema";

const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Help shown on hover: the Chinese label and help, then the English.
pub fn help(field: &Field) -> String {
    format!("{}：{}\n\n{}", field.label, field.help_zh, field.help_en)
}

fn vocabulary<'a>(config: &'a Config, v: Vocabulary) -> Vec<(&'a str, String)> {
    let terms = |terms: &'a [Term]| -> Vec<(&'a str, String)> {
        terms
            .iter()
            .map(|t| (t.id.as_str(), t.name.clone()))
            .collect()
    };
    match v {
        Vocabulary::Category => terms(&config.categories),
        Vocabulary::Group => terms(&config.groups),
        Vocabulary::PartnerKind => terms(&config.partner_kinds),
        Vocabulary::Region => config
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut chain: Vec<&str> = config
                    .region_and_ancestors(i)
                    .iter()
                    .rev()
                    .map(|&a| config.regions[a].name.as_str())
                    .collect();
                if chain.is_empty() {
                    chain.push(&r.name);
                }
                (r.id.as_str(), chain.join(" › "))
            })
            .collect(),
    }
}

/// The ids of a vocabulary as an enum with a description for each.
fn vocabulary_schema(config: &Config, v: Vocabulary) -> Value {
    let terms = vocabulary(config, v);
    let which = match v {
        Vocabulary::Category => "categories",
        Vocabulary::Group => "groups",
        Vocabulary::Region => "regions",
        Vocabulary::PartnerKind => "partner_kinds",
    };
    if terms.is_empty() {
        return json!({
            "type": "string",
            "not": {},
            "errorMessage": format!("site.yaml defines no {which} yet"),
        });
    }
    let ids: Vec<&str> = terms.iter().map(|(id, _)| *id).collect();
    let names: Vec<String> = terms
        .iter()
        .map(|(id, name)| format!("{name} ({id})"))
        .collect();
    json!({
        "type": "string",
        "enum": ids,
        "enumDescriptions": names,
        "markdownEnumDescriptions": names,
    })
}

fn text_schema() -> Value {
    json!({
        "type": "string",
        "pattern": "\\S",
        "patternErrorMessage": "不能为空 / must not be empty",
    })
}

fn base_schema(ty: FieldType, name: &str, required: bool, config: &Config) -> Value {
    match ty {
        FieldType::Id => json!({
            "type": "string",
            "pattern": ID_PATTERN,
            "patternErrorMessage": "只能用小写字母 a-z、数字和 -，以字母或数字开头 / a-z, 0-9 and -, starting with a letter or digit",
        }),
        FieldType::Text | FieldType::Markdown => text_schema(),
        FieldType::Date => json!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "format": "date",
            "patternErrorMessage": "日期写作 YYYY-MM-DD，如 2025-12-31 / a date written YYYY-MM-DD",
        }),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Integer => json!({ "type": "integer" }),
        FieldType::Label => json!({ "type": ["integer", "string"] }),
        FieldType::Number => {
            let limit = if name == "lat" { 90 } else { 180 };
            json!({ "type": "number", "minimum": -limit, "maximum": limit })
        }
        FieldType::Url => json!({
            "type": "string",
            "pattern": "^https?://[^\\s/]+",
            "format": "uri",
            "patternErrorMessage": "以 https:// 开头的完整网址 / an absolute address starting with https://",
        }),
        FieldType::Texts | FieldType::Paths => json!({
            "anyOf": [
                text_schema(),
                { "type": "array", "items": text_schema() },
            ]
        }),
        FieldType::Ref(v) => vocabulary_schema(config, v),
        FieldType::Refs(v) => {
            let one = vocabulary_schema(config, v);
            let mut many = json!({ "type": "array", "items": one.clone() });
            if required {
                many["minItems"] = json!(1);
            }
            json!({ "anyOf": [one, many] })
        }
        FieldType::Object(kind) => object_schema(kind, config),
        FieldType::Terms => json!({
            "type": "array",
            "items": object_schema(&spec::TERM, config),
        }),
        FieldType::Regions => json!({
            "type": "array",
            "items": { "$ref": "#/definitions/region" },
        }),
        FieldType::List(kind) => json!({
            "type": "array",
            "items": object_schema(kind, config),
        }),
        FieldType::WordMap => json!({
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    text_schema(),
                    { "type": "array", "items": text_schema(), "minItems": 1 },
                ]
            },
        }),
    }
}

/// An optional field may also be written empty.
fn allow_empty(mut schema: Value) -> Value {
    if let Some(t) = schema.get("type").cloned() {
        match t {
            Value::String(t) => schema["type"] = json!([t, "null"]),
            Value::Array(mut types) => {
                types.push(json!("null"));
                schema["type"] = Value::Array(types);
            }
            _ => {}
        }
        if let Some(Value::Array(values)) = schema.get_mut("enum") {
            values.push(Value::Null);
        }
        schema
    } else {
        json!({ "anyOf": [schema, { "type": "null" }] })
    }
}

fn field_schema(field: &Field, config: &Config) -> Value {
    let mut schema = base_schema(field.ty, field.name, field.required, config);
    if !field.required {
        schema = allow_empty(schema);
    }
    let help = help(field);
    schema["title"] = json!(field.label);
    schema["description"] = json!(help);
    schema["markdownDescription"] = json!(help);
    schema
}

/// A mapping with exactly the fields of `kind`.
pub fn object_schema(kind: &Kind, config: &Config) -> Value {
    let properties: Map<String, Value> = kind
        .fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(f, config)))
        .collect();
    let required: Vec<&str> = kind
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "title": kind.label,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The schema of one file of `kind`. Benefit and partner YAML files hold one entry or a
/// list of them; notices and pages are front matter (one mapping).
pub fn schema_for(kind: &Kind, config: &Config) -> Value {
    let entry = object_schema(kind, config);
    let mut root = entry.clone();
    let mut definitions = Map::new();
    if std::ptr::eq(kind, &spec::SITE) {
        definitions.insert("region".into(), object_schema(&spec::REGION, config));
    }
    let one_or_many = std::ptr::eq(kind, &spec::BENEFIT) || std::ptr::eq(kind, &spec::PARTNER);
    if one_or_many {
        definitions.insert(kind.name.into(), entry);
        root["type"] = json!(["object", "array"]);
        root["items"] = json!({ "$ref": format!("#/definitions/{}", kind.name) });
    }
    root["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    root["title"] = json!(format!("youdai {}（{}）", kind.name, kind.label));
    root["description"] = json!(format!(
        "{}。由 `youdai schema` 根据 content/site.yaml 生成，修改 site.yaml 后请重新生成。\n\nGenerated by `youdai schema` from content/site.yaml; generate it again after changing site.yaml.",
        kind.label
    ));
    if !definitions.is_empty() {
        root["definitions"] = Value::Object(definitions);
    }
    root
}

/// Every schema file: (file name, pretty JSON text ending in a newline).
pub fn render(config: &Config) -> Vec<(&'static str, String)> {
    FILES
        .iter()
        .map(|(name, kind)| {
            let text =
                serde_json::to_string_pretty(&schema_for(kind, config)).unwrap_or_default() + "\n";
            (*name, text)
        })
        .collect()
}

/// Writes every schema file into `dir`, creating it; returns the files written.
pub fn write(dir: &Path, config: &Config) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, text) in render(config) {
        let path = dir.join(name);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The schema files of `dir` that differ from what site.yaml gives now.
pub fn stale(dir: &Path, config: &Config) -> Vec<&'static str> {
    render(config)
        .into_iter()
        .filter(|(name, text)| {
            std::fs::read_to_string(dir.join(name)).is_ok_and(|old| old != *text)
        })
        .map(|(name, _)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{config, yaml};
    use crate::diag::Report;

    pub fn sample_config() -> Config {
        let text = "title: t\nbase_url: https://x.cn/\nregions:\n  - { id: city, name: 示例市, children: [{ id: east, name: 东城区 }] }\ncategories: [{ id: life, name: 生活服务 }]\ngroups: [{ id: veteran, name: 退役军人 }, { id: active, name: 现役军人 }]\npartner_kinds: [{ id: shop, name: 商户 }]\n";
        let node = yaml::parse(text, 0).unwrap();
        config::load(node.as_ref(), "site.yaml", &mut Report::default()).unwrap()
    }

    #[test]
    fn vocabularies_become_enums_with_names() {
        let schema = schema_for(&spec::BENEFIT, &sample_config());
        let category = &schema["properties"]["category"];
        assert_eq!(category["enum"], json!(["life"]));
        assert_eq!(category["enumDescriptions"], json!(["生活服务 (life)"]));
        let region = &schema["properties"]["region"];
        assert_eq!(region["enum"], json!(["city", "east"]));
        assert_eq!(
            region["enumDescriptions"][1],
            json!("示例市 › 东城区 (east)")
        );
        let optional = &schema["properties"]["valid_until"];
        assert_eq!(optional["type"], json!(["string", "null"]));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert_eq!(
            schema["required"],
            json!(["id", "title", "category", "groups", "region", "summary"])
        );
    }

    #[test]
    fn every_field_of_the_spec_is_in_its_schema() {
        let config = sample_config();
        for (_, kind) in FILES {
            let schema = schema_for(kind, &config);
            let properties = schema["properties"].as_object().unwrap();
            assert_eq!(
                properties
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .len(),
                kind.fields.len()
            );
            for f in kind.fields {
                assert!(properties.contains_key(f.name), "{} {}", kind.name, f.name);
            }
        }
    }
}
