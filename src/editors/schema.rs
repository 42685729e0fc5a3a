//! JSON Schemas for site.yaml and each kind of entry, generated from the field spec
//! (`content::spec`) and the site's own vocabularies, so that VS Code (through the YAML
//! extension, that is yaml-language-server) offers completion, allowed values and hover help
//! that agree with `youdai check`.
//!
//! Draft-07, the draft the YAML language server knows best. Optional fields also accept an
//! empty value, as the readers do (`valid_until:` with nothing after it means "none"). A
//! category, group, region or partner kind may be written by its id or by its exact name
//! (SPEC §2), so both are allowed values. The files are committed with the site and compared
//! by `check`, so they do not depend on the language of messages: every text in them is
//! Chinese, then English.

use crate::content::spec::{self, Field, FieldType, Kind, Vocabulary};
use crate::i18n::{message_in, Arg, Lang};
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

/// A catalog message in Chinese, then in English: "不能为空 / must not be empty".
fn both(id: &str, args: impl Fn() -> Vec<(&'static str, Arg)>) -> String {
    format!(
        "{} / {}",
        message_in(Lang::Chinese, id, args()),
        message_in(Lang::English, id, args())
    )
}

fn plain(id: &str) -> String {
    both(id, Vec::new)
}

/// Help shown on hover: the Chinese label and help, then the English.
pub fn help(field: &Field) -> String {
    format!("{}：{}\n\n{}", field.label, field.help_zh, field.help_en)
}

/// One term of a vocabulary: its id, its name, and how the name is shown (a region with
/// the regions above it: 示例市 › 东城区).
struct Choice<'a> {
    id: &'a str,
    name: &'a str,
    shown: String,
}

fn terms(terms: &[Term]) -> Vec<Choice<'_>> {
    terms
        .iter()
        .map(|t| Choice {
            id: &t.id,
            name: &t.name,
            shown: t.name.clone(),
        })
        .collect()
}

fn vocabulary(config: &Config, v: Vocabulary) -> Vec<Choice<'_>> {
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
                Choice {
                    id: &r.id,
                    name: &r.name,
                    shown: chain.join(" › "),
                }
            })
            .collect(),
    }
}

/// The ids and names of a vocabulary as an enum, each value with a description saying
/// which it is. A name that two terms share is left out, as `check` refuses it; a name that
/// is also an id is that id.
fn vocabulary_schema(config: &Config, v: Vocabulary) -> Value {
    let choices = vocabulary(config, v);
    let which = match v {
        Vocabulary::Category => "categories",
        Vocabulary::Group => "groups",
        Vocabulary::Region => "regions",
        Vocabulary::PartnerKind => "partner_kinds",
    };
    if choices.is_empty() {
        return json!({
            "type": "string",
            "not": {},
            "errorMessage": both("schema-no-terms", || vec![("which", Arg::from(which))]),
        });
    }
    let mut values: Vec<&str> = Vec::new();
    let mut descriptions: Vec<String> = Vec::new();
    for c in &choices {
        values.push(c.id);
        descriptions.push(both("schema-choice-id", || {
            vec![("id", Arg::from(c.id)), ("name", Arg::from(&c.shown))]
        }));
    }
    for c in &choices {
        let shared = choices.iter().filter(|o| o.name == c.name).count() > 1;
        if shared || values.contains(&c.name) {
            continue;
        }
        values.push(c.name);
        descriptions.push(both("schema-choice-name", || {
            vec![("id", Arg::from(c.id)), ("name", Arg::from(&c.shown))]
        }));
    }
    json!({
        "type": "string",
        "enum": values,
        "enumDescriptions": descriptions,
        "markdownEnumDescriptions": descriptions,
    })
}

fn text_schema() -> Value {
    json!({
        "type": "string",
        "pattern": "\\S",
        "patternErrorMessage": plain("schema-not-empty"),
    })
}

fn base_schema(ty: FieldType, name: &str, required: bool, config: &Config) -> Value {
    match ty {
        FieldType::Id => json!({
            "type": "string",
            "pattern": ID_PATTERN,
            "patternErrorMessage": plain("schema-id-pattern"),
        }),
        FieldType::Text | FieldType::Markdown => text_schema(),
        FieldType::Date => json!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "format": "date",
            "patternErrorMessage": plain("schema-date-pattern"),
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
            "patternErrorMessage": plain("schema-url-pattern"),
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
        "{}\n\n{}",
        message_in(
            Lang::Chinese,
            "schema-description",
            vec![("kind", Arg::from(kind.label))]
        ),
        message_in(
            Lang::English,
            "schema-description",
            vec![("kind", Arg::from(kind.name))]
        )
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
    fn vocabularies_become_enums_of_ids_and_names() {
        let schema = schema_for(&spec::BENEFIT, &sample_config());
        let category = &schema["properties"]["category"];
        assert_eq!(category["enum"], json!(["life", "生活服务"]));
        assert_eq!(
            category["enumDescriptions"],
            json!([
                "`life`：“生活服务”的编号 / `life`: the id of “生活服务”",
                "生活服务：名称，等同于编号 `life` / 生活服务: the name, the same as the id `life`"
            ])
        );
        let region = &schema["properties"]["region"];
        assert_eq!(region["enum"], json!(["city", "east", "示例市", "东城区"]));
        assert!(region["enumDescriptions"][1]
            .as_str()
            .unwrap()
            .starts_with("`east`：“示例市 › 东城区”的编号"));
        let groups = &schema["properties"]["groups"]["anyOf"];
        assert_eq!(
            groups[1]["items"]["enum"],
            json!(["veteran", "active", "退役军人", "现役军人"])
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
    fn a_shared_name_is_no_value_and_a_name_that_is_an_id_is_that_id() {
        let text = "title: t\nbase_url: https://x.cn/\nregions: [{ id: city, name: 城区 }, { id: town, name: 城区 }]\ncategories: [{ id: life, name: life }, { id: shop, name: 购物 }]\ngroups: [{ id: veteran, name: 退役军人 }]\n";
        let node = yaml::parse(text, 0).unwrap();
        let config = config::load(node.as_ref(), "site.yaml", &mut Report::default()).unwrap();
        let schema = schema_for(&spec::BENEFIT, &config);
        assert_eq!(
            schema["properties"]["region"]["enum"],
            json!(["city", "town"])
        );
        assert_eq!(
            schema["properties"]["category"]["enum"],
            json!(["life", "shop", "购物"])
        );
    }

    /// `check` compares the committed schemas with these, whatever `--lang` says: every
    /// text is in both languages, never in the current one only.
    #[test]
    fn the_schemas_speak_both_languages() {
        let schema = schema_for(&spec::PARTNER, &sample_config());
        let description = schema["description"].as_str().unwrap();
        assert!(
            description.contains("检查规则") && description.contains("Generated by"),
            "{description}"
        );
        let website = schema["properties"]["website"]["patternErrorMessage"]
            .as_str()
            .unwrap();
        assert!(website.contains("https://") && website.contains(" / an absolute address"));
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
