//! Group commit of survey submissions through the real server: submissions that arrive
//! together share one transaction, none is answered before that transaction commits, each
//! submission id is counted once even when its copies share a batch, and the kept sums
//! equal the rows. On SQLite and PostgreSQL.

use app::survey::submit::Responses;
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use suara_tests::TestApp;

const TOKEN: &str = "metrics-token-for-the-group-commit-tests-0123";

/// The `n`th submission: answers that vary with `n`, on one of two services, answered today
/// or yesterday (so two days' sums, and two months' at the turn of a month), with the
/// submission id given.
fn submission(n: usize, id: Option<&str>) -> Value {
    let answers: serde_json::Map<String, Value> = (1..=9)
        .map(|e| (format!("U{e}"), json!(1 + (n * 7 + e * 3) % 4)))
        .collect();
    let service = if n.is_multiple_of(3) {
        "rsud-rm-rj"
    } else {
        "skj-pkb"
    };
    let answered = Utc::now() - Duration::hours(if n.is_multiple_of(2) { 0 } else { 26 });
    let mut body =
        json!({"service_code": service, "answers": answers, "answered_at": answered.to_rfc3339()});
    if let Some(id) = id {
        body["submission_id"] = json!(id);
    }
    body
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// Sends every body at once; answers (status, id) in the order of `bodies`.
async fn send_all(app: &TestApp, bodies: Vec<Value>) -> Vec<(u16, i64)> {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let (client, url) = (app.client.clone(), app.url("/api/v1/surveys"));
        tasks.spawn(async move {
            let r = client.post(url).json(&body).send().await.expect("request");
            let status = r.status().as_u16();
            let v: Value = r.json().await.expect("json");
            (i, status, v["id"].as_i64().unwrap_or(-1))
        });
    }
    let mut out = vec![(0, 0); tasks.len()];
    while let Some(done) = tasks.join_next().await {
        let (i, status, id) = done.expect("task");
        out[i] = (status, id);
    }
    out
}

/// Sums by (service, day or month): responses, then each element's count and sum.
type Sums = BTreeMap<(i32, NaiveDate), [i64; 19]>;

/// The sums recomputed from the stored rows, by day or (`monthly`) by month.
async fn sums_of_rows(app: &TestApp, monthly: bool) -> Sums {
    let backend = app.db.get_database_backend();
    let rows = app
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT service_id, day, u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM survey_responses",
        ))
        .await
        .unwrap();
    let mut sums = Sums::new();
    for r in rows {
        let service: i32 = r.try_get("", "service_id").unwrap();
        let mut day: NaiveDate = r.try_get("", "day").unwrap();
        if monthly {
            day = day.with_day0(0).unwrap();
        }
        let s = sums.entry((service, day)).or_insert([0; 19]);
        s[0] += 1;
        for e in 1..=9 {
            if let Some(v) = r.try_get::<Option<i16>>("", &format!("u{e}")).unwrap() {
                s[e] += 1;
                s[9 + e] += i64::from(v);
            }
        }
    }
    sums
}

/// The sums the server keeps in `table` (`survey_daily` by `day`, `survey_monthly` by `month`).
async fn kept_sums(app: &TestApp, table: &str, key: &str) -> Sums {
    let backend = app.db.get_database_backend();
    let cols: Vec<String> = std::iter::once("responses".to_string())
        .chain((1..=9).map(|e| format!("n{e}")))
        .chain((1..=9).map(|e| format!("s{e}")))
        .collect();
    let sql = format!(
        "SELECT service_id, {key} AS k, {} FROM {table}",
        cols.iter()
            .map(|c| format!("CAST({c} AS BIGINT) AS {c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let rows = app
        .db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    let mut sums = Sums::new();
    for r in rows {
        let service: i32 = r.try_get("", "service_id").unwrap();
        let k: NaiveDate = r.try_get("", "k").unwrap();
        let mut s = [0i64; 19];
        for (i, c) in cols.iter().enumerate() {
            s[i] = r.try_get("", c).unwrap();
        }
        sums.insert((service, k), s);
    }
    sums
}

/// How many survey batches this server has committed, and how many writes they held.
async fn batches(app: &TestApp) -> (u64, u64) {
    let text = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let read = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name) && l.contains("kind=\"survey\""))
            .and_then(|l| l.rsplit(' ').next())
            .map_or(0, |v| v.parse::<f64>().unwrap() as u64)
    };
    (
        read("suara_write_batch_size_count"),
        read("suara_write_batch_size_sum"),
    )
}

async fn concurrent_submissions_are_stored_once_each_and_the_sums_equal_the_rows(app: TestApp) {
    // 150 submissions with ids, 30 of them sent three times at once; 50 without an id.
    let mut bodies = Vec::new();
    for n in 0..150 {
        let copies = if n < 30 { 3 } else { 1 };
        for _ in 0..copies {
            bodies.push(submission(n, Some(&uuid(n))));
        }
    }
    for n in 150..200 {
        bodies.push(submission(n, None));
    }
    let sent: Vec<Option<String>> = bodies
        .iter()
        .map(|b| b["submission_id"].as_str().map(str::to_string))
        .collect();

    let answers = send_all(&app, bodies).await;

    let mut by_id: HashMap<&str, Vec<(u16, i64)>> = HashMap::new();
    for (sid, answer) in sent.iter().zip(&answers) {
        match sid {
            Some(sid) => by_id.entry(sid).or_default().push(*answer),
            None => assert_eq!(answer.0, 201, "a submission without an id is stored"),
        }
    }
    for (sid, got) in &by_id {
        let created: Vec<_> = got.iter().filter(|(s, _)| *s == 201).collect();
        assert_eq!(created.len(), 1, "{sid} stored once: {got:?}");
        assert!(
            got.iter()
                .all(|&(s, id)| (s == 201 || s == 200) && id == created[0].1),
            "every copy of {sid} answers the first one's id: {got:?}"
        );
    }
    assert_eq!(app.count("survey_responses").await, 200);
    let (count, sum) = batches(&app).await;
    eprintln!("{count} batches for 260 writes");
    assert_eq!(
        sum, 260,
        "each of the 260 writes was in exactly one committed batch"
    );
    assert!(
        count < 260,
        "some writes shared a transaction ({count} batches)"
    );
    assert_eq!(
        kept_sums(&app, "survey_daily", "day").await,
        sums_of_rows(&app, false).await
    );
    assert_eq!(
        kept_sums(&app, "survey_monthly", "month").await,
        sums_of_rows(&app, true).await
    );
}

async fn writes_that_wait_together_are_answered_only_after_their_one_transaction_commits(
    app: TestApp,
) {
    // The whole write gate held (as by long writes elsewhere; one permit on SQLite, one per
    // pool connection on PostgreSQL): 40 submissions queue behind it.
    let permits = match app.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => 1,
        _ => app.state.settings.db_max_connections,
    };
    let gate = app
        .state
        .write_gate
        .clone()
        .acquire_many_owned(permits)
        .await
        .unwrap();
    let bodies: Vec<Value> = (0..40)
        .map(|n| submission(n, Some(&uuid(1000 + n))))
        .collect();
    let sending = {
        let app_bodies = bodies.clone();
        let (client, url) = (app.client.clone(), app.url("/api/v1/surveys"));
        tokio::spawn(async move {
            let mut answers = Vec::new();
            let mut tasks = tokio::task::JoinSet::new();
            for b in app_bodies {
                let (client, url) = (client.clone(), url.clone());
                tasks
                    .spawn(async move { client.post(url).json(&b).send().await.unwrap().status() });
            }
            while let Some(s) = tasks.join_next().await {
                answers.push(s.unwrap().as_u16());
            }
            answers
        })
    };
    let lane = app.state.lane::<Responses>();
    assert!(
        app.eventually(20, || async { lane.queued() == 40 }).await,
        "all 40 wait in the lane ({} seen)",
        lane.queued()
    );
    assert!(
        !sending.is_finished(),
        "nothing is answered before its commit"
    );
    assert_eq!(app.count("survey_responses").await, 0);
    let before = batches(&app).await;

    drop(gate);
    let answers = sending.await.unwrap();

    assert_eq!(answers, vec![201; 40]);
    assert_eq!(app.count("survey_responses").await, 40);
    let after = batches(&app).await;
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (1, 40),
        "the 40 were committed in one transaction"
    );
    assert_eq!(
        kept_sums(&app, "survey_daily", "day").await,
        sums_of_rows(&app, false).await
    );
}

suara_tests::on_both_backends_with!(
    &[
        ("SUARA_METRICS_TOKEN", super::TOKEN),
        ("SUARA_RATE_SURVEY_BURST", "100000"),
        ("SUARA_RATE_SURVEY_PER_MINUTE", "100000"),
    ];
    concurrent_submissions_are_stored_once_each_and_the_sums_equal_the_rows,
    writes_that_wait_together_are_answered_only_after_their_one_transaction_commits,
);
