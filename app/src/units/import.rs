//! Units and services from a CSV file (`unit_code,unit_name,parent_code,service_code,
//! service_name,monthly_served`, optionally `keywords` last: other words people search the
//! service by, separated by `|`; one line per service, a unit's line may have no service;
//! commas or, as Excel writes with Indonesian settings, semicolons between the columns),
//! or one unit or service from the admin forms. Both become a [`Plan`]: new codes are added,
//! known ones renamed or moved; everything is checked first and nothing is written unless
//! all of it is valid.

use crate::csv_import::Rejected;
use crate::entities::{service, unit};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::{BTreeMap, HashMap};

/// The header the file must start with.
pub const HEADER: [&str; 6] = [
    "unit_code",
    "unit_name",
    "parent_code",
    "service_code",
    "service_name",
    "monthly_served",
];

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub units: usize,
    pub services: usize,
    pub rejected: Vec<Rejected>,
}

/// Whether `c` may be a unit or service code: 2 to 32 of `a-z`, `0-9` and `-`, not
/// starting with `-`.
pub fn valid_code(c: &str) -> bool {
    (2..=32).contains(&c.len())
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !c.starts_with('-')
}

struct UnitLine {
    name: String,
    parent: Option<String>,
    line: usize,
}

struct ServiceLine {
    unit: String,
    name: String,
    monthly: Option<i32>,
    /// `None` when the file has no keywords column: the stored ones stay.
    keywords: Option<Option<String>>,
    line: usize,
}

/// The optional last column: words the service finder also matches, separated by `|`.
pub const KEYWORDS: &str = "keywords";

/// Keywords as stored: lower case, trimmed, without empty ones, joined by `|`; `None` when
/// nothing is left.
pub fn normalize_keywords(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split('|')
        .map(|w| {
            w.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join("|"))
}

/// Units and services to write, by code, with the refusals found while reading them.
#[derive(Default)]
pub struct Plan {
    units: BTreeMap<String, UnitLine>,
    services: BTreeMap<String, ServiceLine>,
    rejected: Vec<Rejected>,
}

impl Plan {
    /// Reads a whole CSV file.
    pub fn from_csv(text: &str) -> Plan {
        let mut plan = Plan::default();
        let mut columns = HEADER.len();
        let mut rdr = crate::csv_import::reader(text);
        for (i, rec) in rdr.records().enumerate() {
            let line = i + 1;
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    plan.reject(line, "unreadable", &[("error", &e)]);
                    continue;
                }
            };
            let f: Vec<&str> = rec.iter().map(str::trim).collect();
            if line == 1 {
                let with_keywords = f.len() == HEADER.len() + 1 && f[HEADER.len()] == KEYWORDS;
                if f[..f.len().min(HEADER.len())] != HEADER
                    || !(f.len() == HEADER.len() || with_keywords)
                {
                    plan.reject(1, "header", &[("header", &HEADER.join(","))]);
                    break;
                }
                columns = f.len();
                continue;
            }
            if f.iter().all(|s| s.is_empty()) {
                continue;
            }
            if f.len() != columns {
                plan.reject(
                    line,
                    "columns",
                    &[("found", &f.len()), ("expected", &columns)],
                );
                continue;
            }
            if !plan.unit(line, f[0], f[1], f[2]) {
                continue;
            }
            if f[3..].iter().all(|s| s.is_empty()) {
                continue;
            }
            let keywords = (columns > HEADER.len()).then(|| normalize_keywords(f[6]));
            plan.service(line, f[0], f[3], f[4], f[5], keywords);
        }
        plan
    }

    /// One unit from the admin form.
    pub fn one_unit(code: &str, name: &str, parent: &str) -> Plan {
        let mut plan = Plan::default();
        plan.unit(1, code.trim(), name.trim(), parent.trim());
        plan
    }

    /// One service of an existing unit from the admin form.
    pub fn one_service(unit: &str, code: &str, name: &str, monthly: &str) -> Plan {
        let mut plan = Plan::default();
        plan.service(
            1,
            unit.trim(),
            code.trim(),
            name.trim(),
            monthly.trim(),
            None,
        );
        plan
    }

    fn reject(&mut self, line: usize, key: &str, args: &[(&str, &dyn ToString)]) {
        self.rejected.push(Rejected::new(line, key, args));
    }

    /// Adds a unit; false when the line is refused.
    fn unit(&mut self, line: usize, code: &str, name: &str, parent: &str) -> bool {
        if !valid_code(code) {
            self.reject(line, "unit_code", &[("code", &code)]);
            return false;
        }
        if name.is_empty() {
            self.reject(line, "unit_name", &[]);
            return false;
        }
        let parent = (!parent.is_empty()).then(|| parent.to_string());
        match self.units.get(code) {
            Some(u) if u.name != name || u.parent != parent => {
                let first = u.line;
                self.reject(line, "unit_differs", &[("code", &code), ("first", &first)]);
                false
            }
            Some(_) => true,
            None => {
                self.units.insert(
                    code.to_string(),
                    UnitLine {
                        name: name.to_string(),
                        parent,
                        line,
                    },
                );
                true
            }
        }
    }

    fn service(
        &mut self,
        line: usize,
        unit: &str,
        code: &str,
        name: &str,
        monthly: &str,
        keywords: Option<Option<String>>,
    ) {
        if !valid_code(code) || name.is_empty() {
            self.reject(line, "service_fields", &[("code", &code)]);
            return;
        }
        let monthly = if monthly.is_empty() {
            None
        } else {
            match monthly.parse::<i32>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    self.reject(line, "monthly", &[("value", &monthly)]);
                    return;
                }
            }
        };
        if let Some(s) = self.services.get(code) {
            let first = s.line;
            self.reject(line, "service_again", &[("code", &code), ("first", &first)]);
            return;
        }
        self.services.insert(
            code.to_string(),
            ServiceLine {
                unit: unit.to_string(),
                name: name.to_string(),
                monthly,
                keywords,
                line,
            },
        );
    }

    /// Checks the plan against the database and, when nothing is refused, writes it in
    /// the caller's transaction; otherwise writes nothing and returns every refusal.
    pub async fn apply(mut self, db: &impl ConnectionTrait) -> Result<ImportReport, DbErr> {
        let existing: HashMap<String, unit::Model> = super::repo::all_units(db)
            .await?
            .into_iter()
            .map(|u| (u.code.clone(), u))
            .collect();
        let id_to_code: HashMap<i32, String> =
            existing.values().map(|u| (u.id, u.code.clone())).collect();
        let mut problems = Vec::new();
        {
            let parent_of = |code: &str| -> Option<String> {
                match self.units.get(code) {
                    Some(u) => u.parent.clone(),
                    None => existing
                        .get(code)
                        .and_then(|u| u.parent_id)
                        .and_then(|p| id_to_code.get(&p).cloned()),
                }
            };
            for (code, u) in &self.units {
                let Some(p) = &u.parent else { continue };
                if !self.units.contains_key(p) && !existing.contains_key(p) {
                    problems.push(Rejected::new(u.line, "parent_unknown", &[("code", p)]));
                    continue;
                }
                let mut seen = vec![code.clone()];
                let mut cur = Some(p.clone());
                while let Some(c) = cur {
                    if seen.contains(&c) {
                        problems.push(Rejected::new(u.line, "cycle", &[("code", code)]));
                        break;
                    }
                    seen.push(c.clone());
                    cur = parent_of(&c);
                }
            }
        }
        let known_services: HashMap<String, service::Model> = super::repo::all_services(db)
            .await?
            .into_iter()
            .map(|s| (s.code.clone(), s))
            .collect();
        for (code, s) in &self.services {
            if !self.units.contains_key(&s.unit) && !existing.contains_key(&s.unit) {
                problems.push(Rejected::new(s.line, "service_unit", &[("code", &s.unit)]));
            } else if let Some(k) = known_services.get(code) {
                let owner = id_to_code.get(&k.unit_id).cloned().unwrap_or_default();
                if owner != s.unit {
                    problems.push(Rejected::new(
                        s.line,
                        "service_owner",
                        &[("code", code), ("unit", &owner)],
                    ));
                }
            }
        }
        self.rejected.extend(problems);
        if !self.rejected.is_empty() {
            let mut rejected = self.rejected;
            rejected.sort_by_key(|r| r.line);
            return Ok(ImportReport {
                rejected,
                ..Default::default()
            });
        }
        // Parents first: repeat over the units until every one is written.
        let now = crate::clock::now();
        let mut ids: HashMap<String, i32> =
            existing.iter().map(|(c, u)| (c.clone(), u.id)).collect();
        let mut pending: Vec<&String> = self.units.keys().collect();
        while !pending.is_empty() {
            let before = pending.len();
            let mut next = Vec::new();
            for code in pending {
                let u = &self.units[code];
                let parent_id = match &u.parent {
                    None => None,
                    Some(p) => match ids.get(p) {
                        Some(id) => Some(*id),
                        None => {
                            next.push(code);
                            continue;
                        }
                    },
                };
                let id = match existing.get(code) {
                    Some(e) => {
                        super::repo::update_unit(db, e.id, &u.name, parent_id).await?;
                        e.id
                    }
                    None => super::repo::insert_unit(db, code, &u.name, parent_id, now).await?,
                };
                ids.insert(code.clone(), id);
            }
            if next.len() == before {
                break;
            }
            pending = next;
        }
        for (code, s) in &self.services {
            let written = super::repo::ServiceRow {
                code,
                name: &s.name,
                monthly_served: s.monthly,
                keywords: s.keywords.as_ref().map(|k| k.as_deref()),
            };
            match known_services.get(code) {
                Some(k) => super::repo::update_service(db, k.id, written).await?,
                None => super::repo::insert_service(db, ids[&s.unit], written, now).await?,
            }
        }
        Ok(ImportReport {
            units: self.units.len(),
            services: self.services.len(),
            rejected: Vec::new(),
        })
    }
}

/// Checks and applies a whole file inside the caller's transaction.
pub async fn import(db: &impl ConnectionTrait, text: &str) -> Result<ImportReport, DbErr> {
    Plan::from_csv(text).apply(db).await
}

#[cfg(all(test, feature = "ssr"))]
mod code_rule_tests {
    use super::valid_code;

    #[test]
    fn the_api_document_states_the_code_rule() {
        let re = regex::Regex::new(crate::web::api_schema::CODE_PATTERN).unwrap();
        let codes = [
            "samsat-kota",
            "dinkes",
            "a1",
            "x-",
            "-x",
            "a",
            "A1",
            "a b",
            "",
            "0123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcdef0",
        ];
        for c in codes {
            assert_eq!(re.is_match(c), valid_code(c), "{c:?}");
        }
    }
}
