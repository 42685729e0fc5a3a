//! Each entry read back as `youdai check` reads it, so that a row is imported only as
//! content that check accepts; its problems are told by the field they are in.

use super::rows::Entry;
use super::Target;
use crate::content::entries::{Reader, Sightings};
use crate::content::yaml;
use crate::diag::Report;
use crate::editors::yaml_out::{self, Yaml};
use crate::model::Config;

/// Reads the entry back as `youdai check` would; its errors, by field.
pub fn check_entry(
    entry: &Entry,
    target: Target,
    config: &Config,
) -> Vec<(Option<String>, String)> {
    let text = yaml_out::to_string(&Yaml::Map(
        entry
            .fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    ));
    let Ok(Some(node)) = yaml::parse(&text, 0) else {
        return vec![(None, tr!("import-row-not-yaml"))];
    };
    let mut report = Report::default();
    let mut seen = Sightings::default();
    let mut reader = Reader {
        file: "row",
        report: &mut report,
        seen: &mut seen,
    };
    match target {
        Target::Benefits => drop(reader.benefit(&node, None)),
        Target::Partners => drop(reader.partner(&node, None)),
    }
    let field_at = |line: usize| -> Option<String> {
        text.lines()
            .take(line)
            .filter_map(|l| {
                let l = l.trim_start_matches("- ");
                let (key, _) = l.split_once(':')?;
                (!key.starts_with(' ') && !key.is_empty()).then(|| key.to_string())
            })
            .last()
    };
    let mut problems: Vec<(Option<String>, String)> = report
        .into_sorted()
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| (field_at(d.place.line), d.message))
        .collect();
    let known = |terms: &[crate::model::Term], id: &str| terms.iter().any(|t| t.id == id);
    for r in &seen.references {
        use crate::content::spec::Vocabulary as V;
        let ok = match r.vocabulary {
            V::Category => known(&config.categories, &r.id),
            V::Group => known(&config.groups, &r.id),
            V::PartnerKind => known(&config.partner_kinds, &r.id),
            V::Region => config.regions.iter().any(|x| x.id == r.id),
        };
        if !ok {
            problems.push((
                field_at(r.place.line),
                tr!("import-unknown-id", id = r.id.as_str()),
            ));
        }
    }
    problems
}
