//! `/metrics` in Prometheus' text format, for an operator's monitoring: requests and their
//! latency by route, submissions stored, the mail outbox's backlog, the age of its oldest
//! unsent mail and the mails given up on, when each daily job last ran and how often a
//! scheduled job failed, the database pool's use against its size, and the writes waiting
//! for a group-commit batch, and whether the database could be read. `docs/ops/` holds the alerting rules and a Grafana dashboard
//! over these series. Each server holds
//! its own registry (no global state), so several servers in one process keep apart.
//! Reachable only with `Authorization: Bearer SUARA_METRICS_TOKEN`; without a token set it
//! does not exist (404).

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};
use sea_orm::{ConnectionTrait, Statement};

/// The instruments of one server.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    stored: IntCounterVec,
    outbox_backlog: IntGauge,
    outbox_oldest: IntGauge,
    outbox_failed: IntGauge,
    job_last_run: GaugeVec,
    job_failures: IntCounterVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    batch_size: HistogramVec,
    write_queue: IntGaugeVec,
    database_up: IntGauge,
}

/// A scheduled job whose failures are counted (`suara_job_failures_total{name}`).
#[derive(Clone, Copy, Debug)]
pub enum Job {
    /// Closing resolved cases past their objection window, and the overdue digest.
    Triage,
    /// The daily early warning on each unit's index.
    EarlyWarning,
    /// Mail for follow-up actions come due.
    FollowUpDue,
    /// Erasing personal data past its retention.
    Retention,
    /// Storing kiosk ratings held for coming too soon.
    KioskRelease,
}

impl Job {
    const ALL: [Job; 5] = [
        Job::Triage,
        Job::EarlyWarning,
        Job::FollowUpDue,
        Job::Retention,
        Job::KioskRelease,
    ];

    fn label(self) -> &'static str {
        match self {
            Job::Triage => "triage",
            Job::EarlyWarning => "early_warning",
            Job::FollowUpDue => "follow_up_due",
            Job::Retention => "retention",
            Job::KioskRelease => "kiosk_release",
        }
    }
}

/// What a submission stored is counted as.
#[derive(Clone, Copy, Debug)]
pub enum Stored {
    Survey,
    Complaint,
}

impl Metrics {
    pub fn new() -> Metrics {
        let requests = IntCounterVec::new(
            Opts::new(
                "suara_http_requests_total",
                "HTTP requests answered, by route",
            ),
            &["route", "method", "status"],
        )
        .expect("metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "suara_http_request_duration_seconds",
                "Time to answer an HTTP request, by route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
            ]),
            &["route", "method"],
        )
        .expect("metric");
        let stored = IntCounterVec::new(
            Opts::new(
                "suara_submissions_stored_total",
                "Survey responses and complaints stored by this server (repeats not counted)",
            ),
            &["kind"],
        )
        .expect("metric");
        let outbox_backlog = IntGauge::new(
            "suara_outbox_backlog",
            "Mails in the outbox waiting to be sent or retried (not those given up on)",
        )
        .expect("metric");
        let outbox_oldest = IntGauge::new(
            "suara_outbox_oldest_unsent_age_seconds",
            "Age of the oldest mail waiting (0 when none waits)",
        )
        .expect("metric");
        let outbox_failed = IntGauge::new(
            "suara_outbox_failed",
            "Mails given up on after every attempt (they need an operator)",
        )
        .expect("metric");
        let job_failures = IntCounterVec::new(
            Opts::new(
                "suara_job_failures_total",
                "Runs of a scheduled job that failed on this server (retried at the next tick)",
            ),
            &["name"],
        )
        .expect("metric");
        // Every job's series exists from the start at 0, so that the first failure is an
        // increase Prometheus can see.
        for job in Job::ALL {
            job_failures.with_label_values(&[job.label()]);
        }
        let job_last_run = GaugeVec::new(
            Opts::new(
                "suara_job_last_run_timestamp_seconds",
                "When each daily job last ran, on any instance (Unix time)",
            ),
            &["name"],
        )
        .expect("metric");
        let pool_size = IntGauge::new(
            "suara_db_pool_connections",
            "Database connections open in this server's pool",
        )
        .expect("metric");
        let pool_idle = IntGauge::new("suara_db_pool_idle_connections", "Of those, the idle ones")
            .expect("metric");
        let pool_max = IntGauge::new(
            "suara_db_pool_max_connections",
            "The most connections the pool opens (SUARA_DB_MAX_CONNECTIONS)",
        )
        .expect("metric");
        let write_queue = IntGaugeVec::new(
            Opts::new(
                "suara_write_queue_depth",
                "Writes waiting for a group-commit batch to take them, by kind",
            ),
            &["kind"],
        )
        .expect("metric");
        let batch_size = HistogramVec::new(
            HistogramOpts::new(
                "suara_write_batch_size",
                "Writes committed together in one transaction (group commit), by kind",
            )
            .buckets(vec![1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0]),
            &["kind"],
        )
        .expect("metric");
        let database_up = IntGauge::new(
            "suara_database_up",
            "1 when the last scrape could read the database, 0 when it could not",
        )
        .expect("metric");
        let registry = Registry::new();
        let all: [Box<dyn prometheus::core::Collector>; 14] = [
            Box::new(database_up.clone()),
            Box::new(requests.clone()),
            Box::new(latency.clone()),
            Box::new(stored.clone()),
            Box::new(outbox_backlog.clone()),
            Box::new(outbox_oldest.clone()),
            Box::new(outbox_failed.clone()),
            Box::new(job_last_run.clone()),
            Box::new(job_failures.clone()),
            Box::new(pool_size.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
            Box::new(batch_size.clone()),
            Box::new(write_queue.clone()),
        ];
        for c in all {
            registry.register(c).expect("register");
        }
        Metrics {
            registry,
            requests,
            latency,
            stored,
            outbox_backlog,
            outbox_oldest,
            outbox_failed,
            job_last_run,
            job_failures,
            pool_size,
            pool_idle,
            pool_max,
            batch_size,
            write_queue,
            database_up,
        }
    }

    /// Counts a failed run of a scheduled job.
    pub fn job_failed(&self, job: Job) {
        self.job_failures.with_label_values(&[job.label()]).inc();
    }

    /// The gauge of writes of `kind` waiting for a batch (kept by its group-commit lane).
    pub fn write_queue(&self, kind: &str) -> IntGauge {
        self.write_queue.with_label_values(&[kind])
    }

    /// Counts a committed batch of `size` writes of `kind`.
    pub fn batch(&self, kind: &str, size: usize) {
        self.batch_size
            .with_label_values(&[kind])
            .observe(size as f64);
    }

    /// Counts a stored submission.
    pub fn stored(&self, kind: Stored) {
        let label = match kind {
            Stored::Survey => "survey",
            Stored::Complaint => "complaint",
        };
        self.stored.with_label_values(&[label]).inc();
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Middleware: counts every request and times it under its route's pattern (`/s/{code}`,
/// never the concrete path, so no tracking code reaches the metrics).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().as_str().to_string();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let m = &state.metrics;
    m.latency
        .with_label_values(&[&route, &method])
        .observe(started.elapsed().as_secs_f64());
    let status = format!("{}xx", res.status().as_u16() / 100);
    m.requests
        .with_label_values(&[&route, &method, &status])
        .inc();
    res
}

/// `GET /metrics`: the text format, for a holder of the metrics token.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.settings.metrics_token.as_ref().map(|t| t.expose()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    use subtle::ConstantTimeEq;
    if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    // The database away: the figures kept in memory are still served, with
    // `suara_database_up 0` (the figures read from the database keep their last values).
    match refresh(&state).await {
        Ok(()) => state.metrics.database_up.set(1),
        Err(e) => {
            tracing::error!(error = %e, "metrics: reading the database failed");
            state.metrics.database_up.set(0);
        }
    }
    let mut body = Vec::new();
    if TextEncoder::new()
        .encode(&state.metrics.registry.gather(), &mut body)
        .is_err()
    {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// The figures read at scrape time: the outbox, the jobs, the pool.
async fn refresh(state: &AppState) -> Result<(), sea_orm::DbErr> {
    use crate::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
    let m = &state.metrics;
    let unsent =
        outbox::Entity::find().filter(outbox::Column::Status.eq(crate::mail::outbox::PENDING));
    m.outbox_backlog
        .set(i64::try_from(unsent.clone().count(&state.db).await?).unwrap_or(i64::MAX));
    let oldest = unsent
        .order_by_asc(outbox::Column::CreatedAt)
        .one(&state.db)
        .await?
        .map(|o| (crate::clock::now() - o.created_at).num_seconds().max(0))
        .unwrap_or(0);
    m.outbox_oldest.set(oldest);
    let failed = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(crate::mail::outbox::FAILED))
        .count(&state.db)
        .await?;
    m.outbox_failed
        .set(i64::try_from(failed).unwrap_or(i64::MAX));
    let backend = state.db.get_database_backend();
    let rows = state
        .db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name, MAX(at) AS at FROM job_runs GROUP BY name".to_string(),
        ))
        .await?;
    for r in rows {
        let name: String = r.try_get("", "name")?;
        let at: chrono::DateTime<chrono::Utc> = r.try_get("", "at")?;
        m.job_last_run
            .with_label_values(&[&name])
            .set(at.timestamp() as f64);
    }
    let (size, idle) = pool_use(&state.db);
    m.pool_size.set(size);
    m.pool_idle.set(idle);
    m.pool_max.set(i64::from(state.settings.db_max_connections));
    Ok(())
}

/// Open and idle connections of the pool.
fn pool_use(db: &sea_orm::DatabaseConnection) -> (i64, i64) {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (
                i64::from(p.size()),
                i64::try_from(p.num_idle()).unwrap_or(0),
            )
        }
        sea_orm::DatabaseBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (
                i64::from(p.size()),
                i64::try_from(p.num_idle()).unwrap_or(0),
            )
        }
        _ => (0, 0),
    }
}
