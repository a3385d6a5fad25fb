//! The queue on a whole province's reports: its counts per status come from tallies the
//! database keeps with every change of a complaint (right after forty filings and forty
//! steps at once, after a disposition moves a case to another unit, and after a report is
//! deleted), and its search reads the words' index (FTS5 trigrams on SQLite, pg_trgm on
//! PostgreSQL), which finds what a reading of every report finds. On SQLite and PostgreSQL.

use super::complaints::rahasia;
use app::triage::repo::{
    QueueFilter, QueueOrder, READING_WINDOW, SEARCH_COUNT_CAP, Scope, WordLookup, kept_counts,
    queue, queue_query, queue_windowed, search_count_query, windowed_query,
};
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
    kept_of(app, scope, units, None).await
}

async fn kept_of(
    app: &TestApp,
    scope: Scope,
    units: Option<&[i32]>,
    category: Option<&str>,
) -> BTreeMap<String, i64> {
    kept_counts(&app.db, &scope, units, category)
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
    // Per category too, in every scope (the category's own tallies).
    for category in CATEGORIES {
        let of = format!("category = '{category}'");
        assert_eq!(
            kept_of(app, Scope::All, None, Some(category)).await,
            counted(app, &of).await,
            "{category}"
        );
        for code in ["samsat-kota", "rsud-rm"] {
            let id = unit_id(app, code).await;
            assert_eq!(
                kept_of(app, Scope::Units(vec![id]), None, Some(category)).await,
                counted(app, &format!("{of} AND unit_id = {id}")).await,
                "{category} {code}"
            );
            assert_eq!(
                kept_of(
                    app,
                    Scope::Assigned(vec![id]),
                    Some(&[id][..]),
                    Some(category)
                )
                .await,
                counted(
                    app,
                    &format!("{of} AND assigned_unit_id = {id} AND unit_id = {id}")
                )
                .await,
                "{category} {code}"
            );
        }
        // The queue filtered by the category answers with them.
        let (_, shown) = shown_counts(
            app,
            inspector,
            &format!("/api/v1/triage/complaints?category={category}"),
        )
        .await;
        assert_eq!(shown, counted(app, &of).await, "{category}");
    }
    // The queue's own answer: its counts and total are the rows'.
    let (q, shown) = shown_counts(app, inspector, "/api/v1/triage/complaints").await;
    let rows = counted(app, "1 = 1").await;
    assert_eq!(shown, rows);
    assert_eq!(q["total"].as_i64().unwrap(), rows.values().sum::<i64>());
}

/// The queue API's answer at `path` (it must answer 200) and its counts per status.
async fn shown_counts(
    app: &TestApp,
    inspector: &Session,
    path: &str,
) -> (Value, BTreeMap<String, i64>) {
    let (st, body) = super::casework::page(app, inspector, path).await;
    assert_eq!(st, StatusCode::OK);
    let q: Value = serde_json::from_str(&body).unwrap();
    let shown = q["counts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_i64().unwrap()))
        .collect();
    (q, shown)
}

/// The categories the test's reports are filed under, in turn.
const CATEGORIES: [&str; 3] = ["pungli", "diskriminasi", "gratifikasi"];

fn report(k: usize) -> Value {
    let mut body = rahasia();
    body["category"] = json!(CATEGORIES[k % CATEGORIES.len()]);
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
    // A category corrected by hand moves the case between the categories' tallies.
    let moved = &codes[1];
    let before = counted(&app, "category = 'gratifikasi'").await;
    app.db
        .execute_raw(sql(format!(
            "UPDATE complaints SET category = 'gratifikasi' WHERE tracking_code = '{moved}'"
        )))
        .await
        .unwrap();
    assert_eq!(
        counted(&app, "category = 'gratifikasi'")
            .await
            .values()
            .sum::<i64>(),
        before.values().sum::<i64>() + 1
    );
    tallies_agree(&app, &head).await;
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
        // Quotes and backslashes, which a statement's text must escape (PostgreSQL's
        // patterns are written into it).
        ("Surat O'Brien tersimpan C:\\berkas\\lama", "Staf \"TU\""),
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
            assert_eq!(v["counts_exact"], true, "{q}");
            // Checking each report on its own finds the same (the way a search of many
            // matches is read).
            assert_eq!(both_lookups(app, &Scope::All, q).await, items, "{q}");
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
    assert_eq!(found("o'brien").await, of(&[4]), "a quote");
    assert_eq!(found("'brien").await, of(&[4]));
    assert_eq!(found("brien'").await, of(&[]));
    assert_eq!(found("c:\\berkas\\lama").await, of(&[4]), "backslashes");
    assert_eq!(found("\\berkas").await, of(&[4]));
    assert_eq!(found("berkas\\\\").await, of(&[]));
    assert_eq!(found("\"tu\"").await, of(&[4]), "double quotes");
    assert_eq!(found("o'brien' OR '1'='1").await, of(&[]));
    assert_eq!(found("$1 o'brien").await, of(&[]));
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

/// The codes a search finds, sorted, after checking that its words looked up in the index
/// all at once, checked for each report on its own in the index's matches, and read from
/// each report find the same cases in the same order.
async fn both_lookups(app: &TestApp, scope: &Scope, q: &str) -> Vec<String> {
    let (code, words) = app::triage::cases::search_terms(Some(q));
    let filter = QueueFilter {
        code,
        words,
        ..Default::default()
    };
    let mut found = Vec::new();
    for lookup in [
        WordLookup::Index,
        WordLookup::EachReport,
        WordLookup::Reading,
    ] {
        let rows = queue(&app.db, scope, &filter, QueueOrder::Due, None, lookup)
            .await
            .unwrap();
        found.push(
            rows.into_iter()
                .map(|r| r.tracking_code)
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(found[0], found[1], "{q}: the index's two lookups differ");
    assert_eq!(found[0], found[2], "{q}: reading the reports differs");
    let mut codes = found.remove(0);
    codes.sort();
    codes
}

/// A search matching more cases than are counted: the counts stop at the cap and say so
/// (each a lower bound, no more than the rows'), the page is read in the queue's order with
/// each report checked and is the same page the full list gives, `more` leads to the next
/// page and the last page says there is none; the console shows "more than 1,000" without
/// counts per status. A narrower search is counted exactly. On SQLite the count reads the
/// index's matches as it finds them, and the page the queue's order.
async fn a_search_of_many_matches_counts_to_a_cap_and_pages_on(app: TestApp) {
    let head = app.signed_in("tc@jambiprov.go.id", "inspector", &[]).await;
    let p = server::generate::Province {
        responses: 0,
        complaints: SEARCH_COUNT_CAP as u64 + 250,
        months: 6,
        units: 0,
        services: 0,
    };
    server::generate::province(&app.db, &app.state.keys, &p)
        .await
        .unwrap();
    let all = app.count("complaints").await as usize;
    assert!(all > SEARCH_COUNT_CAP);
    // Every generated report holds "Petugas loket" in who; about one in eight "parkir".
    let (st, body) = super::casework::page(
        &app,
        &head,
        "/api/v1/triage/complaints?q=petugas+loket&sort=received",
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["counts_exact"], false, "{v}");
    assert_eq!(v["total_exact"], false);
    assert_eq!(v["count_cap"], SEARCH_COUNT_CAP);
    assert_eq!(v["more"], true);
    assert_eq!(v["total"], SEARCH_COUNT_CAP + 1);
    let rows = counted(&app, "who = 'Petugas loket'").await;
    for (status, n) in v["counts"].as_object().unwrap() {
        assert!(
            n.as_i64().unwrap() <= rows[status],
            "{status}: a lower bound"
        );
    }
    // The pages are the full list's, cut in fifties.
    let full: Vec<String> = queue(
        &app.db,
        &Scope::All,
        &QueueFilter {
            words: vec!["petugas".into(), "loket".into()],
            ..Default::default()
        },
        QueueOrder::Received,
        None,
        WordLookup::Index,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.tracking_code)
    .collect();
    assert_eq!(full.len(), rows.values().sum::<i64>() as usize);
    let last = full.len().div_ceil(50);
    for page in [1, 2, last] {
        let (st, body) = super::casework::page(
            &app,
            &head,
            &format!("/api/v1/triage/complaints?q=petugas+loket&sort=received&page={page}"),
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        let v: Value = serde_json::from_str(&body).unwrap();
        let codes: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["tracking_code"].as_str().unwrap())
            .collect();
        let from = (page - 1) * 50;
        let want: Vec<&str> = full[from..full.len().min(from + 50)]
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(codes, want, "page {page}");
        assert_eq!(v["more"], page != last, "page {page}");
    }
    // Each way of looking the words up finds the same, in the queue's order, here too.
    for q in ["parkir", "karcis parkir", "loket uji", "pegawai 12"] {
        let found = both_lookups(&app, &Scope::All, q).await;
        assert!(!found.is_empty(), "{q}");
    }
    // Short words and the starts of codes are checked beside the plain words' matches
    // (which share the report's column names).
    for q in ["petugas+12", "loket+uji+3", "petugas+kantor+0"] {
        let (st, body) =
            super::casework::page(&app, &head, &format!("/api/v1/triage/complaints?q={q}")).await;
        assert_eq!(st, StatusCode::OK, "{q}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        assert!(v["total"].as_u64().unwrap() > 0, "{q}");
    }
    // At the cap exactly: 1,000 matches are counted exactly, 1,001 are not.
    let mark = |n: usize| {
        let app = &app;
        async move {
            app.db
                .execute_raw(Statement::from_string(
                    app.db.get_database_backend(),
                    format!(
                        "UPDATE complaints SET what = what || ' zebracross' WHERE id IN \
                         (SELECT id FROM complaints WHERE what NOT LIKE '%zebracross%' \
                         ORDER BY due_date IS NULL DESC, due_date DESC, created_at DESC, \
                         id DESC LIMIT {n})"
                    ),
                ))
                .await
                .unwrap();
        }
    };
    let zebra = || async {
        let (_, body) =
            super::casework::page(&app, &head, "/api/v1/triage/complaints?q=zebracross").await;
        serde_json::from_str::<Value>(&body).unwrap()
    };
    mark(SEARCH_COUNT_CAP).await;
    let v = zebra().await;
    assert_eq!(v["counts_exact"], true, "at the cap");
    assert_eq!(v["total"], SEARCH_COUNT_CAP);
    mark(1).await;
    let v = zebra().await;
    assert_eq!(v["counts_exact"], false, "one past the cap");
    assert_eq!(v["total_exact"], false);
    assert_eq!(v["total"], SEARCH_COUNT_CAP + 1);
    // The first look among the first reports in the order, and the index's matches when it
    // holds too few: the last 1,001 reports in the order hold "zebracross", so a look among
    // the page's first reports finds none and the page is read again; "petugas loket",
    // in every report, fills it at once. Both give the full list's page.
    // The most common status, for the first look under a filter.
    let common = rows
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(s, _)| s.clone())
        .unwrap();
    // (words, order, status, page size)
    for (words, order, status, limit) in [
        (vec!["zebracross"], QueueOrder::Due, None, 51),
        (vec!["petugas", "loket"], QueueOrder::Newest, None, 51),
        // About one report in eight, among the others.
        (vec!["parkir"], QueueOrder::Received, None, 51),
        (vec!["parkir"], QueueOrder::Due, Some(common.clone()), 11),
    ] {
        let f = QueueFilter {
            words: words.iter().map(|w| w.to_string()).collect(),
            status: status.clone(),
            ..Default::default()
        };
        let full: Vec<String> = queue(&app.db, &Scope::All, &f, order, None, WordLookup::Index)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.tracking_code)
            .collect();
        assert!(full.len() >= limit, "{words:?} {status:?}");
        let backend = app.db.get_database_backend();
        for (offset, factor) in [(0, 1), (0, READING_WINDOW), (100, 1), (100, 2)] {
            if full.len() < offset as usize + limit {
                continue;
            }
            let first: Vec<String> = windowed_query(
                backend,
                &Scope::All,
                &f,
                order,
                (offset, limit as u64),
                (offset + limit as u64) * factor,
            )
            .into_model::<app::triage::repo::QueueRow>()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.tracking_code)
            .collect();
            let page: Vec<String> = queue_windowed(
                &app.db,
                &Scope::All,
                &f,
                order,
                Some((offset, limit as u64)),
                WordLookup::EachReport,
                factor,
            )
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.tracking_code)
            .collect();
            let offset = offset as usize;
            let want = &full[offset..offset + limit];
            assert_eq!(page, want, "{words:?} {status:?} {offset} x{factor}");
            // What the first look found, when it fills the page, is the full list's page;
            // for "zebracross" among the page's own reports only it found nothing, and the
            // page came from the index.
            if first.len() == limit {
                assert_eq!(first, want, "{words:?} {status:?} {offset} x{factor}");
            }
            if words == ["zebracross"] && factor == 1 {
                assert!(first.is_empty(), "{words:?} {offset}: {first:?}");
            }
            if words == ["petugas", "loket"] || (words == ["parkir"] && factor == READING_WINDOW) {
                assert_eq!(
                    first.len(),
                    limit,
                    "{words:?} {status:?} {offset} x{factor}"
                );
            }
        }
    }
    // A narrower search is counted exactly.
    let (_, body) =
        super::casework::page(&app, &head, "/api/v1/triage/complaints?q=parkir+karcis").await;
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["counts_exact"], true);
    let parked = counted(&app, "what LIKE '%parkir%karcis%'").await;
    assert_eq!(
        v["total"].as_i64().unwrap(),
        parked.values().sum::<i64>(),
        "{v}"
    );
    assert!(v["total"].as_u64().unwrap() < SEARCH_COUNT_CAP as u64);
    // The console says "more than 1.000" and lists the statuses without counts.
    let (st, _, html) = super::console::page(&app, Some(&head), "/staf/antrean?q=loket").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Lebih dari 1.000 kasus cocok"), "{html}");
    assert!(html.contains("halaman 1<"), "no page count: {html}");
    assert!(html.contains("page=2"), "a next page");
    // The status chips: no counts past the cap, counts under it.
    let chips = |html: &str| {
        let from = html.find("status-chips").expect("the status chips");
        html[from..from + html[from..].find("</nav>").unwrap()].to_string()
    };
    assert!(!chips(&html).contains("<strong>"), "{}", chips(&html));
    let (_, _, html) =
        super::console::page(&app, Some(&head), "/staf/antrean?q=parkir+karcis").await;
    assert!(!html.contains("Lebih dari"), "{html}");
    assert!(chips(&html).contains("<strong>"), "{}", chips(&html));
    // A status chosen in a search too wide to count over every status is counted on its own:
    // exact when it holds few of the matches, and its cases are the full list's.
    let (status, n) = rows
        .iter()
        .min_by_key(|(_, n)| **n)
        .map(|(s, n)| (s.clone(), *n))
        .unwrap();
    assert!(n < SEARCH_COUNT_CAP as i64, "{status}: {n}");
    let (_, body) = super::casework::page(
        &app,
        &head,
        &format!("/api/v1/triage/complaints?q=petugas+loket&status={status}&sort=received"),
    )
    .await;
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["counts_exact"], false);
    assert_eq!(v["total_exact"], true);
    assert_eq!(v["total"], n, "{status}");
    let (_, _, html) = super::console::page(
        &app,
        Some(&head),
        &format!("/staf/antrean?q=loket&status={status}"),
    )
    .await;
    assert!(!html.contains("Lebih dari"), "{status}");
    // On PostgreSQL the words are written into the statement, not bound to it: a statement
    // bound again and again is planned once for any word after its fifth run, and that plan
    // read every match and sorted them (110-145 ms a page on a province).
    if app.backend == Backend::Postgres {
        use sea_orm::QueryTrait;
        let backend = app.db.get_database_backend();
        let plain = QueueFilter {
            words: vec!["o'petugas".into(), "loket".into(), "7kq".into()],
            ..Default::default()
        };
        for lookup in [WordLookup::Index, WordLookup::EachReport] {
            let page = queue_query(
                backend,
                &Scope::All,
                &plain,
                QueueOrder::Due,
                Some((0, 51)),
                lookup,
            )
            .build(backend);
            let bound = format!("{:?}", page.values);
            assert!(
                !bound.contains("petugas") && !bound.contains("loket") && !bound.contains("7KQ"),
                "{bound}"
            );
            assert!(page.sql.contains("E'%o''petugas%'"), "{}", page.sql);
            assert!(page.sql.contains("'7KQ%'"), "{}", page.sql);
        }
        let count = search_count_query(backend, &Scope::All, &plain).build(backend);
        assert!(!format!("{:?}", count.values).contains("loket"));
    }
    // The plans on SQLite: the count is driven by the trigram table (its matches read as
    // found, so it stops at the cap); the wide search's page reads the queue's order.
    if app.backend == Backend::Sqlite {
        use sea_orm::QueryTrait;
        let backend = app.db.get_database_backend();
        let wide = QueueFilter {
            words: vec!["petugas".into(), "loket".into(), "12".into()],
            ..Default::default()
        };
        let count = search_count_query(backend, &Scope::All, &wide).build(backend);
        let plan = plan_of_built(&app, explained(&app, count)).await;
        assert!(
            plan.starts_with("SCAN complaint_search VIRTUAL TABLE"),
            "{plan}"
        );
        for order in [QueueOrder::Due, QueueOrder::Received, QueueOrder::Newest] {
            let page = queue_query(
                backend,
                &Scope::All,
                &wide,
                order,
                Some((0, 51)),
                WordLookup::EachReport,
            )
            .build(backend);
            let plan = plan_of_built(&app, explained(&app, page)).await;
            assert!(
                plan.starts_with("SCAN complaints USING INDEX"),
                "{order:?}: {plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "{order:?}: {plan}");
            // The first look lists the order's first reports from an index of the order, then
            // reads those reports by their ids, and not the words' index.
            let first =
                windowed_query(backend, &Scope::All, &wide, order, (0, 51), 816).build(backend);
            let plan = plan_of_built(&app, explained(&app, first)).await;
            assert!(!plan.contains("complaint_search"), "{order:?}: {plan}");
            assert!(plan.contains("INDEX idx_complaints_"), "{order:?}: {plan}");
            assert!(
                plan.contains("USING INTEGER PRIMARY KEY (rowid=?)"),
                "{order:?}: {plan}"
            );
        }
    }
}

/// A case's page reads its audit entries, files and mails by the case, through indexes
/// (migration 32): the audit log grows with every step of every case.
async fn a_case_reads_its_audit_entries_files_and_mails_through_indexes(app: TestApp) {
    let explain = match app.backend {
        Backend::Sqlite => "EXPLAIN QUERY PLAN",
        Backend::Postgres => "EXPLAIN",
    };
    for (sql, index) in [
        (
            "SELECT id FROM audit_log WHERE complaint_id = 7 AND action = 'complaint.reveal'",
            "idx_audit_log_complaint",
        ),
        (
            "SELECT id FROM complaint_files WHERE complaint_id = 7",
            "idx_complaint_files_complaint",
        ),
        (
            "SELECT id FROM outbox WHERE complaint_id = 7",
            "idx_outbox_complaint",
        ),
    ] {
        let plan = plan_of(&app, &format!("{explain} {sql}")).await;
        assert!(plan.contains(index), "{sql}: {plan}");
    }
}

/// `EXPLAIN` (with `QUERY PLAN` on SQLite) before a built query, its values kept.
fn explained(app: &TestApp, mut s: Statement) -> Statement {
    s.sql = match app.backend {
        Backend::Sqlite => format!("EXPLAIN QUERY PLAN {}", s.sql),
        Backend::Postgres => format!("EXPLAIN {}", s.sql),
    };
    s
}

/// The plan of `explain` (an `EXPLAIN ...` statement), one line per step. On PostgreSQL with
/// sequential scans off: a test's few reports are read faster than any index, so the plan
/// is asked for with one.
async fn plan_of(app: &TestApp, explain: &str) -> String {
    let backend = app.db.get_database_backend();
    plan_of_built(app, Statement::from_string(backend, explain)).await
}

/// The plan of a built `EXPLAIN` statement with its values, one line per step.
async fn plan_of_built(app: &TestApp, explain: Statement) -> String {
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
        .query_all_raw(explain)
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
    a_search_of_many_matches_counts_to_a_cap_and_pages_on,
    a_case_reads_its_audit_entries_files_and_mails_through_indexes,
);
