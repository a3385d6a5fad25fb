//! The queue on a whole province's reports: its counts per status come from tallies the
//! database keeps with every change of a complaint (right after forty filings and forty
//! steps at once, after a disposition moves a case to another unit, and after a report is
//! deleted), and its search reads the words' index (FTS5 trigrams on SQLite, pg_trgm on
//! PostgreSQL), which finds what a reading of every report finds. On SQLite and PostgreSQL.

use super::complaints::rahasia;
use app::triage::repo::{Scope, kept_counts};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use suara_tests::{Backend, Session, TestApp};

/// The complaints per status counted row by row, for the tallies to be checked against.
async fn counted(app: &TestApp, filter: &str) -> BTreeMap<String, i64> {
    let sql = format!(
        "SELECT status, CAST(COUNT(*) AS BIGINT) AS n FROM complaints WHERE {filter} \
         GROUP BY status"
    );
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.try_get::<String>("", "status").unwrap(),
                r.try_get::<i64>("", "n").unwrap(),
            )
        })
        .collect()
}

async fn kept(app: &TestApp, scope: Scope, units: Option<&[i32]>) -> BTreeMap<String, i64> {
    kept_counts(&app.db, &scope, units)
        .await
        .unwrap()
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .collect()
}

async fn unit_id(app: &TestApp, code: &str) -> i32 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT id FROM units WHERE code = '{code}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i32>("", "id").unwrap()
}

/// Every way of reading the counts agrees with a count of the rows.
async fn tallies_agree(app: &TestApp, inspector: &Session) {
    assert_eq!(
        kept(app, Scope::All, None).await,
        counted(app, "1 = 1").await
    );
    for code in ["samsat-kota", "rsud-rm"] {
        let id = unit_id(app, code).await;
        assert_eq!(
            kept(app, Scope::Units(vec![id]), None).await,
            counted(app, &format!("unit_id = {id}")).await,
            "{code}"
        );
        assert_eq!(
            kept(app, Scope::Assigned(vec![id]), None).await,
            counted(app, &format!("assigned_unit_id = {id}")).await,
            "{code}"
        );
        assert_eq!(
            kept(app, Scope::All, Some(&[id][..])).await,
            counted(app, &format!("unit_id = {id}")).await,
            "{code}"
        );
    }
    // The queue's own answer: its counts and total are the rows'.
    let (st, body) = super::casework::page(app, inspector, "/api/v1/triage/complaints").await;
    assert_eq!(st, StatusCode::OK);
    let q: Value = serde_json::from_str(&body).unwrap();
    let rows = counted(app, "1 = 1").await;
    let shown: BTreeMap<String, i64> = q["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_i64().unwrap()))
        .collect();
    assert_eq!(shown, rows);
    assert_eq!(q["total"].as_i64().unwrap(), rows.values().sum::<i64>());
}

fn report(k: usize) -> Value {
    let mut body = rahasia();
    if k % 2 == 1 {
        body["unit_code"] = json!("rsud-rm");
        body["service_code"] = Value::Null;
    }
    body
}

/// Sends every request at once; each answer's status and body.
async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<(StatusCode, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|r| {
            tokio::spawn(async move {
                let r = r.send().await.unwrap();
                (r.status(), r.json::<Value>().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

fn step(app: &TestApp, s: &Session, code: &str, body: Value) -> reqwest::RequestBuilder {
    app.client
        .post(app.url(&format!("/api/v1/triage/complaints/{code}/transitions")))
        .header("cookie", &s.cookie)
        .header("x-csrf-token", &s.csrf)
        .json(&body)
}

async fn queue_counts_are_kept_through_forty_filings_and_forty_steps_at_once(app: TestApp) {
    let head = app.signed_in("th@jambiprov.go.id", "inspector", &[]).await;
    // Forty reports at once, about two units.
    let filings = (0..40)
        .map(|k| {
            app.client
                .post(app.url("/api/v1/complaints"))
                .json(&report(k))
        })
        .collect();
    let mut codes = Vec::new();
    for (st, v) in all_at_once(filings).await {
        assert_eq!(st, StatusCode::CREATED, "{v}");
        codes.push(v["tracking_code"].as_str().unwrap().to_string());
    }
    tallies_agree(&app, &head).await;
    // Forty steps at once: a third rejected, the rest verified.
    let steps = codes
        .iter()
        .enumerate()
        .map(|(k, code)| {
            let body = match k % 3 {
                0 => json!({"action": "reject", "reason": "bukan wewenang", "text": "Maaf."}),
                _ => json!({"action": "verify", "reason": "bukti cukup"}),
            };
            step(&app, &head, code, body)
        })
        .collect();
    for (st, v) in all_at_once(steps).await {
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    tallies_agree(&app, &head).await;
    // Then the verified ones at once: half sent to the other unit, which moves them between
    // the units' tallies.
    let verified: Vec<&String> = codes
        .iter()
        .enumerate()
        .filter(|(k, _)| k % 3 != 0)
        .map(|(_, c)| c)
        .collect();
    let dispositions = verified
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(i, code)| {
            let to = if i % 4 == 0 { "rsud-rm" } else { "samsat-kota" };
            step(
                &app,
                &head,
                code,
                json!({"action": "disposition", "reason": "ke unit", "unit_code": to}),
            )
        })
        .collect();
    for (st, v) in all_at_once(dispositions).await {
        assert_eq!(st, StatusCode::OK, "{v}");
    }
    tallies_agree(&app, &head).await;
    let rows = counted(&app, "1 = 1").await;
    assert_eq!(rows.get("rejected"), Some(&14), "{rows:?}");
    assert_eq!(rows.get("dispositioned"), Some(&13), "{rows:?}");
    assert_eq!(rows.get("verified"), Some(&13), "{rows:?}");
    // A report deleted (by hand, as an operator might) leaves the tallies too.
    let gone = &codes[0];
    let sql = |s: String| Statement::from_string(app.db.get_database_backend(), s);
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    let id = format!("(SELECT id FROM complaints WHERE tracking_code = '{gone}')");
    for table in ["complaint_events", "complaint_files", "case_notes"] {
        txn.execute_raw(sql(format!(
            "DELETE FROM {table} WHERE complaint_id = {id}"
        )))
        .await
        .unwrap();
    }
    txn.execute_raw(sql(format!(
        "DELETE FROM complaints WHERE tracking_code = '{gone}'"
    )))
    .await
    .unwrap();
    txn.commit().await.unwrap();
    tallies_agree(&app, &head).await;
    assert_eq!(counted(&app, "1 = 1").await.get("rejected"), Some(&13));
}

/// The words' index finds exactly what reading every report finds: words of three or more
/// characters through the index, shorter ones by reading, each in any case, in any of the
/// five fields, `%` and `_` standing for themselves, and the start of a tracking code.
async fn the_words_index_finds_what_reading_every_report_finds(app: TestApp) {
    let head = app.signed_in("tw@jambiprov.go.id", "inspector", &[]).await;
    let texts = [
        (
            "Pungutan parkir liar di halaman RSUD",
            "Juru parkir berompi oranye",
        ),
        ("Karcis parkir dijual dua kali lipat", "Petugas_loket"),
        ("Antrean 100% penuh, nomor tidak dipanggil", "Satpam"),
        (
            "Layanan cepat, tetapi petugas berkata kasar",
            "Ibu di loket 2",
        ),
    ];
    let mut codes = Vec::new();
    for (what, who) in texts {
        let mut body = rahasia();
        body["what"] = json!(what);
        body["who"] = json!(who);
        codes.push(super::complaints::file(&app, &body).await);
    }
    let found = |q: &'static str| {
        let (app, head) = (&app, &head);
        async move {
            let (st, body) = super::casework::page(
                app,
                head,
                &format!(
                    "/api/v1/triage/complaints?q={}",
                    super::casework::urlencode(q)
                ),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{body}");
            let v: Value = serde_json::from_str(&body).unwrap();
            let mut items: Vec<String> = v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["tracking_code"].as_str().unwrap().to_string())
                .collect();
            items.sort();
            assert_eq!(v["total"].as_u64().unwrap() as usize, items.len(), "{q}");
            items
        }
    };
    let of = |ks: &[usize]| {
        let mut c: Vec<String> = ks.iter().map(|&k| codes[k].clone()).collect();
        c.sort();
        c
    };
    assert_eq!(found("PARKIR").await, of(&[0, 1]));
    assert_eq!(found("parkir karcis").await, of(&[1]));
    assert_eq!(found("rkir").await, of(&[0, 1]), "inside a word");
    assert_eq!(found("oranye").await, of(&[0]), "in who");
    assert_eq!(found("petugas_loket").await, of(&[1]), "`_` is itself");
    assert_eq!(found("i_l").await, of(&[]), "`_` is not any character");
    assert_eq!(found("100%").await, of(&[2]));
    assert_eq!(found("0%").await, of(&[2]), "short, read");
    assert_eq!(found("10%0").await, of(&[]));
    assert_eq!(found("di").await, of(&[0, 1, 2, 3]), "short words are read");
    assert_eq!(found("dua lipat kali").await, of(&[1]));
    assert_eq!(found("kasar \"").await, of(&[]), "a quote is a character");
    // Characters the full-text query language would read, inside an indexed word.
    assert_eq!(found("\"kasar").await, of(&[]), "a quote inside a word");
    assert_eq!(found("kasar*").await, of(&[]), "`*` is a character");
    assert_eq!(found("kasar\"").await, of(&[]));
    assert_eq!(found("KASAR").await, of(&[3]));
    // A NUL (which would end the text SQLite reads) parts words like a space.
    assert_eq!(found("kasar\u{0}petugas").await, of(&[3]));
    assert_eq!(found("oranye parkir liar").await, of(&[0]));
    // The start of a tracking code, alone or with words.
    let start: &'static str = Box::leak(codes[3][..5].to_lowercase().into_boxed_str());
    assert!(found(start).await.contains(&codes[3]));
    if app.backend == Backend::Sqlite {
        // Erased words leave the index at once (retention), not at its next merge.
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "SELECT v FROM complaint_search_config WHERE k = 'secure-delete'",
            ))
            .await
            .unwrap()
            .expect("secure-delete is set");
        assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 1);
    }
    // The plan uses the index: the full-text table on SQLite, pg_trgm's on PostgreSQL.
    let plan_sql = match app.backend {
        Backend::Sqlite => "EXPLAIN QUERY PLAN SELECT id FROM complaints WHERE id IN \
            (SELECT rowid FROM complaint_search WHERE complaint_search MATCH '\"parkir\"')"
            .to_string(),
        Backend::Postgres => format!(
            "EXPLAIN SELECT id FROM complaints WHERE {} LIKE '%parkir%'",
            migration::PG_REPORT_TEXT
        ),
    };
    let plan = plan_of(&app, &plan_sql).await;
    let uses = match app.backend {
        Backend::Sqlite => "VIRTUAL TABLE INDEX",
        Backend::Postgres => "idx_complaints_words",
    };
    assert!(plan.contains(uses), "{plan}");
    // The start of a tracking code is found through an index on both: the code's own on
    // SQLite (GLOB), one with text_pattern_ops on PostgreSQL (a plain b-tree serves LIKE's
    // prefix only under the C collation).
    let prefix_sql = match app.backend {
        Backend::Sqlite => {
            "EXPLAIN QUERY PLAN SELECT id FROM complaints WHERE tracking_code GLOB '7KQ*'"
        }
        Backend::Postgres => "EXPLAIN SELECT id FROM complaints WHERE tracking_code LIKE '7KQ%'",
    };
    let plan = plan_of(&app, prefix_sql).await;
    let uses = match app.backend {
        Backend::Sqlite => "USING COVERING INDEX",
        Backend::Postgres => "idx_complaints_code_prefix",
    };
    assert!(plan.contains(uses), "{plan}");
}

/// The plan of `explain` (an `EXPLAIN ...` statement), one line per step. On PostgreSQL with
/// sequential scans off: a test's few reports are read faster than any index, so the plan
/// is asked for with one.
async fn plan_of(app: &TestApp, explain: &str) -> String {
    let backend = app.db.get_database_backend();
    let txn = sea_orm::TransactionTrait::begin(&app.db).await.unwrap();
    if app.backend == Backend::Postgres {
        txn.execute_raw(Statement::from_string(
            backend,
            "SET LOCAL enable_seqscan = off",
        ))
        .await
        .unwrap();
    }
    let plan: Vec<String> = txn
        .query_all_raw(Statement::from_string(backend, explain))
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.try_get_by_index::<String>(match app.backend {
                Backend::Sqlite => 3,
                Backend::Postgres => 0,
            })
            .unwrap()
        })
        .collect();
    txn.rollback().await.unwrap();
    plan.join("\n")
}

suara_tests::on_both_backends!(
    queue_counts_are_kept_through_forty_filings_and_forty_steps_at_once,
    the_words_index_finds_what_reading_every_report_finds,
);
