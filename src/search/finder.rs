//! The finder's data: for each region, the current benefits and partners filed under it,
//! each with its one-line summary and the groups it is for, as one small JSON file.
//!
//! One file per region, each entry once: a citizen's answer is the files of his region and
//! the regions above it (fetched together, in one round trip), filtered in the browser by
//! the groups he chose, so that several identities (`?group=veteran&group=disabled`) cost
//! nothing more than one. The whole data is then about as large as the entries' titles and
//! summaries, which is what lets the service worker keep it for offline use on a small site
//! (a file per group and region repeated each city entry in every county, for every group).

use crate::model::Site;
use crate::output::OutputFile;
use crate::pieces::Pieces;
use serde::Serialize;

/// Where the finder's file for one region is, relative to the output root.
pub fn data_path(region: &str) -> String {
    format!("{}{region}.json", crate::routes::FINDER_DATA)
}

/// What `finder.html` needs besides the site's vocabularies.
#[derive(Debug, Serialize)]
pub struct FinderPage {
    /// `finder/data/`: JS appends `REGION.json` and the stamp.
    pub data: String,
    /// `?v=...`, a hash of every data file, so that no browser mixes two builds' data.
    pub stamp: String,
    /// The page's JSON (in a `<script>` element): the ids and names the files refer to by
    /// position, and each region's chain of regions above it.
    pub json: String,
    /// Every data file with its size, for the service worker's budget.
    pub files: Vec<(String, usize)>,
}

/// What the finder page is told, as JSON: `groups` (ids, in the site's order), `categories`
/// and `kinds` (`[id, name]`), and `up`: for each region, the ids of the regions above it,
/// nearest first.
#[derive(Serialize)]
struct Names<'a> {
    groups: Vec<&'a str>,
    categories: Vec<[&'a str; 2]>,
    kinds: Vec<[&'a str; 2]>,
    up: serde_json::Map<String, serde_json::Value>,
}

/// The finder page's data, `files` being the finder's files (`files`).
pub fn finder_page(site: &Site, files: &[OutputFile]) -> FinderPage {
    let c = &site.config;
    let names = Names {
        groups: c.groups.iter().map(|g| g.id.as_str()).collect(),
        categories: c.categories.iter().map(|t| [&*t.id, &*t.name]).collect(),
        kinds: c.partner_kinds.iter().map(|t| [&*t.id, &*t.name]).collect(),
        up: (0..c.regions.len())
            .map(|i| {
                let up: Vec<&str> = c.region_and_ancestors(i)[1..]
                    .iter()
                    .map(|&a| c.regions[a].id.as_str())
                    .collect();
                (c.regions[i].id.clone(), serde_json::json!(up))
            })
            .collect(),
    };
    let stamp = crate::fingerprint::of(
        &files
            .iter()
            .map(|f| (&f.path, crate::fingerprint::of_bytes(&f.bytes)))
            .collect::<Vec<_>>(),
    );
    FinderPage {
        data: format!("{}{}", c.base_path, crate::routes::FINDER_DATA),
        stamp: format!("?v={:08x}", stamp as u32),
        // `</` inside a <script> element could end it; `<\/` is the same string in JSON.
        json: serde_json::to_string(&names)
            .unwrap_or_default()
            .replace("</", "<\\/"),
        files: files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.len()))
            .collect(),
    }
}

/// A region's file: `b` the benefits as `[id, title, summary, category, groups]`, `p` the
/// partners as `[id, name, offer, kind, groups]`, in the site's order; category and kind
/// are positions in the site's lists, groups a list of positions in its groups (empty: a
/// partner for every group).
#[derive(Serialize)]
struct RegionData<'a> {
    b: Vec<(&'a str, &'a str, &'a str, usize, Vec<usize>)>,
    p: Vec<(&'a str, &'a str, &'a str, usize, Vec<usize>)>,
}

/// Every region's file. Each is a piece of `pieces`, known by the fingerprint of the
/// entries filed under the region and of the names they refer to: after a save, the
/// preview makes the file of the edited entry's region only.
pub fn files(site: &Site, pieces: &Pieces) -> Vec<OutputFile> {
    let c = &site.config;
    let mut sources: Vec<Vec<u64>> = vec![Vec::new(); c.regions.len()];
    for b in site.current_benefits() {
        if let Some(r) = c.region_index(&b.region) {
            sources[r].push(b.source);
        }
    }
    fn names(terms: &[crate::model::Term]) -> Vec<&str> {
        terms.iter().map(|t| t.id.as_str()).collect()
    }
    let vocabularies = (
        names(&c.categories),
        names(&c.groups),
        names(&c.partner_kinds),
    );
    let benefits: Vec<usize> = sources.iter().map(Vec::len).collect();
    for p in site.current_partners() {
        if let Some(r) = c.region_index(&p.region) {
            sources[r].push(p.source);
        }
    }
    let keys: Vec<u64> = sources
        .iter()
        .zip(&benefits)
        .map(|(sources, benefits)| {
            crate::fingerprint::of(&("finder", &vocabularies, benefits, sources))
        })
        .collect();
    let made = pieces.get_all(&keys, |r| Ok::<_, ()>(region_file(site, r)));
    made.unwrap_or_default()
        .iter()
        .zip(&c.regions)
        .map(|(text, region)| OutputFile {
            path: data_path(&region.id),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}

/// The finder's file of region `r`.
fn region_file(site: &Site, r: usize) -> String {
    let c = &site.config;
    let region = &c.regions[r].id;
    let position = |terms: &[crate::model::Term], id: &str| {
        terms.iter().position(|t| t.id == id).unwrap_or(usize::MAX)
    };
    let groups =
        |ids: &[String]| -> Vec<usize> { ids.iter().map(|g| position(&c.groups, g)).collect() };
    let data = RegionData {
        b: (site.current_benefits())
            .filter(|b| b.region == *region)
            .map(|b| {
                let category = position(&c.categories, &b.category);
                (&*b.id, &*b.title, &*b.summary, category, groups(&b.groups))
            })
            .collect(),
        p: (site.current_partners())
            .filter(|p| p.region == *region)
            .map(|p| {
                let kind = position(&c.partner_kinds, &p.kind);
                (&*p.id, &*p.name, &*p.offer, kind, groups(&p.groups))
            })
            .collect(),
    };
    serde_json::to_string(&data).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BENEFITS: &str = "- id: care
  title: 平遥县优抚对象医疗补助
  category: medical
  groups: [veteran]
  region: pingyao
  summary: 住院费用按比例补助。
- id: plaque
  title: 悬挂光荣牌
  category: honor
  groups: [veteran, disabled]
  region: city
  summary: 为退役军人家庭悬挂光荣牌。
- id: old
  title: 已结束的专项体检活动
  category: medical
  groups: [veteran]
  region: city
  summary: 活动已结束。
  valid_until: 2023-12-31
";

    const PARTNERS: &str = "- id: gucheng
  name: 平遥古城
  kind: scenic
  region: pingyao
  offer: 免收首道门票
";

    fn site(dir: &std::path::Path) -> Site {
        super::super::tests::load_files(
            dir,
            &[
                ("content/benefits/all.yaml", BENEFITS),
                ("content/partners/all.yaml", PARTNERS),
            ],
        )
    }

    #[test]
    fn each_region_holds_its_own_current_entries_with_summaries_and_groups() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let files: std::collections::HashMap<String, serde_json::Value> =
            files(&site, &Pieces::default())
                .into_iter()
                .map(|f| (f.path, serde_json::from_slice(&f.bytes).unwrap()))
                .collect();
        assert_eq!(
            files["finder/data/city.json"],
            serde_json::json!({"b": [["plaque", "悬挂光荣牌", "为退役军人家庭悬挂光荣牌。", 0, [0, 1]]], "p": []})
        );
        assert_eq!(
            files["finder/data/pingyao.json"],
            serde_json::json!({
                "b": [["care", "平遥县优抚对象医疗补助", "住院费用按比例补助。", 1, [0]]],
                "p": [["gucheng", "平遥古城", "免收首道门票", 0, []]]
            })
        );
        assert_eq!(
            files["finder/data/yuci.json"],
            serde_json::json!({"b": [], "p": []})
        );
    }

    #[test]
    fn the_page_knows_the_regions_above_each_region_and_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let site = site(dir.path());
        let page = finder_page(&site, &files(&site, &Pieces::default()));
        let names: serde_json::Value = serde_json::from_str(&page.json).unwrap();
        assert_eq!(names["groups"], serde_json::json!(["veteran", "disabled"]));
        assert_eq!(names["up"]["pingyao"], serde_json::json!(["city"]));
        assert_eq!(names["up"]["city"], serde_json::json!([]));
        assert_eq!(page.files.len(), 3);
        assert_eq!(page.data, "/yd/finder/data/");
    }
}
