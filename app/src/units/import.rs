//! Units and services from a CSV file (`unit_code,unit_name,parent_code,service_code,
//! service_name,monthly_served`, one line per service, a unit's line may have no service):
//! new codes are added, known ones renamed or moved; every line is checked first and
//! nothing is written unless all are valid.

use crate::entities::{service, unit};
use chrono::Utc;
use sea_orm::{
    ActiveValue::{NotSet, Set},
    ConnectionTrait, DbErr, EntityTrait,
};
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

/// One refused line: its number (the header is line 1) and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rejected {
    pub line: usize,
    pub error: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportReport {
    pub units: usize,
    pub services: usize,
    pub rejected: Vec<Rejected>,
}

fn valid_code(c: &str) -> bool {
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
    line: usize,
}

/// Checks and applies the file inside the caller's transaction; on any refused line,
/// writes nothing and returns every refusal.
pub async fn import(db: &impl ConnectionTrait, text: &str) -> Result<ImportReport, DbErr> {
    let mut rejected = Vec::new();
    let mut reject = |line: usize, error: String| rejected.push(Rejected { line, error });
    let mut units: BTreeMap<String, UnitLine> = BTreeMap::new();
    let mut services: BTreeMap<String, ServiceLine> = BTreeMap::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                reject(line, format!("unreadable line: {e}"));
                continue;
            }
        };
        let f: Vec<String> = rec.iter().map(|s| s.trim().to_string()).collect();
        if line == 1 {
            if f.iter().map(String::as_str).collect::<Vec<_>>() != HEADER {
                reject(1, format!("the first line must be: {}", HEADER.join(",")));
                break;
            }
            continue;
        }
        if f.iter().all(String::is_empty) {
            continue;
        }
        if f.len() != HEADER.len() {
            reject(
                line,
                format!("{} columns, expected {}", f.len(), HEADER.len()),
            );
            continue;
        }
        let (code, name, parent, scode, sname, monthly) =
            (&f[0], &f[1], &f[2], &f[3], &f[4], &f[5]);
        if !valid_code(code) {
            reject(line, format!("unit_code '{code}': 2-32 of a-z, 0-9 and -"));
            continue;
        }
        if name.is_empty() {
            reject(line, "unit_name is empty".into());
            continue;
        }
        let parent = (!parent.is_empty()).then(|| parent.clone());
        match units.get(code) {
            Some(u) if u.name != *name || u.parent != parent => {
                reject(
                    line,
                    format!("unit {code} is described differently on line {}", u.line),
                );
                continue;
            }
            Some(_) => {}
            None => {
                units.insert(
                    code.clone(),
                    UnitLine {
                        name: name.clone(),
                        parent,
                        line,
                    },
                );
            }
        }
        if scode.is_empty() && sname.is_empty() && monthly.is_empty() {
            continue;
        }
        if !valid_code(scode) || sname.is_empty() {
            reject(
                line,
                format!("service '{scode}': a valid service_code and a service_name are needed"),
            );
            continue;
        }
        let monthly = if monthly.is_empty() {
            None
        } else {
            match monthly.parse::<i32>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    reject(
                        line,
                        format!("monthly_served '{monthly}' is not a whole number"),
                    );
                    continue;
                }
            }
        };
        if let Some(s) = services.get(scode) {
            reject(
                line,
                format!("service {scode} appears again (first on line {})", s.line),
            );
            continue;
        }
        services.insert(
            scode.clone(),
            ServiceLine {
                unit: code.clone(),
                name: sname.clone(),
                monthly,
                line,
            },
        );
    }
    let existing: HashMap<String, unit::Model> = unit::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.code.clone(), u))
        .collect();
    let id_to_code: HashMap<i32, String> =
        existing.values().map(|u| (u.id, u.code.clone())).collect();
    let parent_of = |code: &str| -> Option<String> {
        match units.get(code) {
            Some(u) => u.parent.clone(),
            None => existing
                .get(code)
                .and_then(|u| u.parent_id)
                .and_then(|p| id_to_code.get(&p).cloned()),
        }
    };
    for (code, u) in &units {
        if let Some(p) = &u.parent {
            if !units.contains_key(p) && !existing.contains_key(p) {
                reject(
                    u.line,
                    format!("parent_code {p} is neither in the file nor a known unit"),
                );
                continue;
            }
            let mut seen = vec![code.clone()];
            let mut cur = Some(p.clone());
            while let Some(c) = cur {
                if seen.contains(&c) {
                    reject(u.line, format!("unit {code} would be its own ancestor"));
                    break;
                }
                seen.push(c.clone());
                cur = parent_of(&c);
            }
        }
    }
    let known_services: HashMap<String, service::Model> = service::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect();
    for (code, s) in &services {
        if let Some(k) = known_services.get(code) {
            let owner = id_to_code.get(&k.unit_id).cloned().unwrap_or_default();
            if owner != s.unit {
                reject(s.line, format!("service {code} belongs to unit {owner}"));
            }
        }
    }
    rejected.sort_by_key(|r| r.line);
    if !rejected.is_empty() {
        return Ok(ImportReport {
            rejected,
            ..Default::default()
        });
    }
    // Parents first: repeat over the units until every one is written.
    let now = Utc::now();
    let mut ids: HashMap<String, i32> = existing.iter().map(|(c, u)| (c.clone(), u.id)).collect();
    let mut pending: Vec<&String> = units.keys().collect();
    while !pending.is_empty() {
        let before = pending.len();
        let mut next = Vec::new();
        for code in pending {
            let u = &units[code];
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
                    unit::Entity::update(unit::ActiveModel {
                        id: Set(e.id),
                        name: Set(u.name.clone()),
                        parent_id: Set(parent_id),
                        ..Default::default()
                    })
                    .exec(db)
                    .await?;
                    e.id
                }
                None => {
                    unit::Entity::insert(unit::ActiveModel {
                        id: NotSet,
                        code: Set(code.clone()),
                        name: Set(u.name.clone()),
                        parent_id: Set(parent_id),
                        created_at: Set(now),
                    })
                    .exec(db)
                    .await?
                    .last_insert_id
                }
            };
            ids.insert(code.clone(), id);
        }
        if next.len() == before {
            break;
        }
        pending = next;
    }
    for (code, s) in &services {
        let unit_id = ids[&s.unit];
        match known_services.get(code) {
            Some(k) => {
                service::Entity::update(service::ActiveModel {
                    id: Set(k.id),
                    name: Set(s.name.clone()),
                    monthly_served: Set(s.monthly),
                    ..Default::default()
                })
                .exec(db)
                .await?;
            }
            None => {
                service::Entity::insert(service::ActiveModel {
                    id: NotSet,
                    unit_id: Set(unit_id),
                    code: Set(code.clone()),
                    name: Set(s.name.clone()),
                    monthly_served: Set(s.monthly),
                    active: Set(true),
                    created_at: Set(now),
                })
                .exec(db)
                .await?;
            }
        }
    }
    Ok(ImportReport {
        units: units.len(),
        services: services.len(),
        rejected: Vec::new(),
    })
}
