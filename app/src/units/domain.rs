//! Unit and service views and the unit hierarchy.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A service as the public sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ServiceRef {
    /// Stable short code used in URLs, QR codes and the API.
    pub code: String,
    pub name: String,
    /// Other words people search the service by (lower case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

/// A unit with its parent and services, as listed by `GET /api/v1/units`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UnitView {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub services: Vec<ServiceRef>,
}

/// One service with the unit that provides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceInfo {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub unit_id: i32,
    pub unit_code: String,
    pub unit_name: String,
}

/// Lower case, accents and punctuation replaced by spaces, words separated by one space: the
/// form both a search and what it searches are compared in.
pub fn search_form(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The services of `unit` a search finds: every word of the search must appear in the
/// unit's name, the service's name or code, or one of its keywords, as it is typed (the start
/// of a word is enough) or as another form of the same word or a synonym
/// ([`super::words`]: "perpanjang" finds "perpanjangan", "bikin" finds "pembuatan"). Words
/// that name no service ("cara", "mau", ...) are left out. An empty search finds every
/// service.
pub fn find_services<'a>(unit: &'a UnitView, search: &str) -> Vec<&'a ServiceRef> {
    let words: Vec<String> = search_form(search)
        .split(' ')
        .filter(|w| !w.is_empty() && !super::words::STOP_WORDS.contains(w))
        .map(str::to_string)
        .collect();
    unit.services
        .iter()
        .filter(|s| {
            let hay = format!(
                " {} {} {} {} ",
                search_form(&unit.name),
                search_form(&s.name),
                search_form(&s.code),
                s.keywords
                    .iter()
                    .map(|k| search_form(k))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            words.iter().all(|w| {
                hay.contains(w.as_str())
                    || hay
                        .split(' ')
                        .filter(|h| !h.is_empty())
                        .any(|h| super::words::same_word(w, h))
            })
        })
        .collect()
}

/// The ids of `root` and every unit below it, given `(id, parent_id)` pairs.
pub fn descendants(units: &[(i32, Option<i32>)], root: i32) -> BTreeSet<i32> {
    let mut children: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for &(id, parent) in units {
        if let Some(p) = parent {
            children.entry(p).or_default().push(id);
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten().copied());
        }
    }
    seen
}

/// The units `ids` and every unit below them, sorted, given the tree's `(id, parent_id)`
/// pairs.
pub fn reach(tree: &[(i32, Option<i32>)], ids: &[i32]) -> Vec<i32> {
    let mut out: Vec<i32> = ids.to_vec();
    for root in ids {
        out.extend(descendants(tree, *root));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsud() -> UnitView {
        let svc = |code: &str, name: &str, kw: &[&str]| ServiceRef {
            code: code.into(),
            name: name.into(),
            keywords: kw.iter().map(|k| k.to_string()).collect(),
        };
        UnitView {
            code: "rsud-rm".into(),
            name: "RSUD Raden Mattaher".into(),
            parent_code: None,
            services: vec![
                svc(
                    "rsud-rm-igd",
                    "Instalasi Gawat Darurat (IGD)",
                    &["rumah sakit", "ugd"],
                ),
                svc(
                    "rsud-rm-farmasi",
                    "Farmasi",
                    &["rumah sakit", "apotek", "obat"],
                ),
            ],
        }
    }

    #[test]
    fn the_finder_matches_names_codes_and_keywords_word_by_word() {
        let u = rsud();
        let codes = |q: &str| -> Vec<String> {
            find_services(&u, q)
                .iter()
                .map(|s| s.code.clone())
                .collect()
        };
        assert_eq!(codes("rumah sakit").len(), 2, "a keyword");
        assert_eq!(codes("Rumah  Sakit, obat"), ["rsud-rm-farmasi"]);
        assert_eq!(
            codes("mattaher igd"),
            ["rsud-rm-igd"],
            "unit name and service name"
        );
        assert_eq!(codes("UGD"), ["rsud-rm-igd"]);
        assert!(codes("pajak").is_empty());
        assert_eq!(codes("").len(), 2);
    }

    /// The reference units and services with their keywords, as the portal ships them.
    #[cfg(feature = "ssr")]
    fn reference() -> Vec<UnitView> {
        crate::demo::UNITS
            .iter()
            .map(|(code, name, parent, services)| UnitView {
                code: code.to_string(),
                name: name.to_string(),
                parent_code: parent.map(str::to_string),
                services: services
                    .iter()
                    .map(|(c, n, _)| ServiceRef {
                        code: c.to_string(),
                        name: n.to_string(),
                        keywords: crate::demo::KEYWORDS
                            .iter()
                            .find(|(k, _)| k == c)
                            .map(|(_, k)| k.split('|').map(str::to_string).collect())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// What citizens type and the services they mean, on the reference services.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_finder_reads_word_forms_and_synonyms() {
        let units = reference();
        let found = |q: &str| -> Vec<String> {
            let mut v: Vec<String> = units
                .iter()
                .flat_map(|u| find_services(u, q))
                .map(|s| s.code.clone())
                .collect();
            v.sort();
            v
        };
        let stnk = ["skj-pkb", "skj-stnk5", "smj-pkb", "smj-stnk5"];
        let table: &[(&str, &[&str])] = &[
            ("perpanjang stnk", &stnk),
            ("perpanjangan stnk", &stnk),
            ("memperpanjang STNK", &stnk),
            ("cara perpanjang stnk", &stnk),
            ("ganti stnk", &["skj-stnk5", "smj-stnk5"]),
            ("bayar pajak motor", &["skj-pkb", "smj-pkb"]),
            ("pembayaran pkb", &["skj-pkb", "smj-pkb"]),
            ("bikin nib", &["ptsp-berusaha"]),
            ("buat izin usaha", &["ptsp-berusaha"]),
            ("pembuatan ijin usaha", &["ptsp-berusaha"]),
            ("naik pangkat", &["bkd-pangkat"]),
            ("kenaikan pangkat", &["bkd-pangkat"]),
            ("legalisasi ijazah", &["disdik-legalisir"]),
            ("berobat bpjs", &["rsud-rm-rj"]),
            ("kapal laut", &[]),
        ];
        for (q, want) in table {
            assert_eq!(found(q), want.to_vec(), "{q}");
        }
    }

    #[test]
    fn descendants_include_the_root_and_every_level_below_it() {
        let units = [
            (1, None),
            (2, Some(1)),
            (3, Some(2)),
            (4, None),
            (5, Some(4)),
        ];
        assert_eq!(descendants(&units, 1), BTreeSet::from([1, 2, 3]));
        assert_eq!(descendants(&units, 3), BTreeSet::from([3]));
    }

    #[test]
    fn a_cycle_in_bad_data_does_not_loop_forever() {
        let units = [(1, Some(2)), (2, Some(1))];
        assert_eq!(descendants(&units, 1), BTreeSet::from([1, 2]));
    }
}
