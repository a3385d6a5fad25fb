//! Group commit: writes that arrive together are made in one transaction, and each caller
//! is answered only after that transaction commits.
//!
//! One write transaction per request spends most of its time on what every transaction
//! pays (waiting for the write gate, `BEGIN`, `COMMIT`) rather than on its rows. A lane
//! takes the first waiting write, waits for the write gate, then takes every write that
//! queued meanwhile (up to [`MAX_BATCH`]) and hands them to its [`Batch`] together: at low
//! load a batch holds one write and nothing waits longer than before; under load, batches
//! grow by themselves. A batch that fails is rolled back and each of its writes is tried
//! again alone, so one bad write (a submission id that another instance stored a moment
//! before, say) fails only itself; a batch that fails because the database is away fails
//! all its writes at once (each answered 503).

use crate::metrics::Metrics;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};

/// The most writes one transaction takes.
pub const MAX_BATCH: usize = 256;

/// The most batches of one lane in flight at once (where the write gate lets more than one
/// through, as on PostgreSQL): one commits while the next one writes, and writes arriving
/// meanwhile gather into the batch after. More would split the load into many small
/// transactions, each paying its own round trips and commit.
pub const MAX_IN_FLIGHT: usize = 2;

/// A boxed future that may borrow the transaction.
pub type BoxFuture<'t, T> = Pin<Box<dyn Future<Output = T> + Send + 't>>;

/// A kind of write that can share a transaction with others of its kind.
pub trait Batch: Send + Sync + 'static {
    /// Its name in `/metrics` (`suara_write_batch_size{kind=..}`).
    const KIND: &'static str;
    /// One caller's write.
    type Item: Send + Sync + 'static;
    /// What the caller is told once the transaction has committed.
    type Out: Send + 'static;
    /// Writes `items` in `txn` and returns one outcome per item, in order. An error rolls
    /// the whole batch back (the lane then writes each item alone).
    fn write<'t>(
        txn: &'t DatabaseTransaction,
        items: &'t [Self::Item],
    ) -> BoxFuture<'t, Result<Vec<Self::Out>, DbErr>>;
}

type Reply<B> = oneshot::Sender<Result<<B as Batch>::Out, DbErr>>;

/// The queue of one kind of write. Cheap to clone.
pub struct Lane<B: Batch> {
    queue: mpsc::UnboundedSender<(B::Item, Reply<B>)>,
    /// Writes sent and not yet taken into a batch (`suara_write_queue_depth{kind}`).
    queued: prometheus::IntGauge,
}

impl<B: Batch> Clone for Lane<B> {
    fn clone(&self) -> Self {
        Lane {
            queue: self.queue.clone(),
            queued: self.queued.clone(),
        }
    }
}

impl<B: Batch> Lane<B> {
    /// Starts the lane's task on the current runtime (batches counted in `metrics`). It ends
    /// when every handle is dropped.
    pub fn start(db: DatabaseConnection, gate: Arc<Semaphore>, metrics: Arc<Metrics>) -> Lane<B> {
        let (queue, rx) = mpsc::unbounded_channel();
        let queued = metrics.write_queue(B::KIND);
        let ctx = Ctx {
            db,
            gate,
            metrics,
            queued: queued.clone(),
        };
        tokio::spawn(run::<B>(ctx, rx));
        Lane { queue, queued }
    }

    /// Writes waiting for a batch to take them.
    pub fn queued(&self) -> usize {
        usize::try_from(self.queued.get()).unwrap_or(0)
    }

    /// Queues `item` and waits until it is committed (its outcome) or refused (the error).
    pub async fn write(&self, item: B::Item) -> Result<B::Out, DbErr> {
        let (reply, answer) = oneshot::channel();
        self.queued.inc();
        self.queue.send((item, reply)).map_err(|_| {
            self.queued.dec();
            DbErr::Custom("group commit lane closed".into())
        })?;
        answer
            .await
            .map_err(|_| DbErr::Custom("group commit lane dropped the write".into()))?
    }
}

/// Takes batches off the queue as the write gate lets them through: the first waiting item,
/// a turn (at most [`MAX_IN_FLIGHT`]) and a write permit, then everything queued meanwhile.
/// Each batch runs in its own task so that on PostgreSQL (several permits) two overlap; on
/// SQLite (one permit) they follow each other and the next batch gathers while the last
/// one commits.
async fn run<B: Batch>(ctx: Ctx, mut rx: mpsc::UnboundedReceiver<(B::Item, Reply<B>)>) {
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    while let Some(first) = rx.recv().await {
        let (Ok(turn), Ok(permit)) = (
            in_flight.clone().acquire_owned().await,
            ctx.gate.clone().acquire_owned().await,
        ) else {
            ctx.queued.dec();
            let _ = first.1.send(Err(DbErr::Custom("write gate closed".into())));
            continue;
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        ctx.queued
            .sub(i64::try_from(batch.len()).unwrap_or(i64::MAX));
        tokio::spawn(commit::<B>(ctx.clone(), (turn, permit), batch));
    }
}

/// What a lane's tasks share.
#[derive(Clone)]
struct Ctx {
    db: DatabaseConnection,
    gate: Arc<Semaphore>,
    metrics: Arc<Metrics>,
    queued: prometheus::IntGauge,
}

/// Writes a batch and answers its callers; on failure, writes each item alone.
async fn commit<B: Batch>(
    ctx: Ctx,
    permits: (OwnedSemaphorePermit, OwnedSemaphorePermit),
    batch: Vec<(B::Item, Reply<B>)>,
) {
    let db = &ctx.db;
    let (items, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
    match transaction::<B>(db, &items).await {
        Ok(outs) => {
            ctx.metrics.batch(B::KIND, items.len());
            for (reply, out) in replies.into_iter().zip(outs) {
                let _ = reply.send(Ok(out));
            }
        }
        Err(e) if items.len() == 1 => {
            let _ = replies.into_iter().next().map(|r| r.send(Err(e)));
        }
        // The database is away (down, restarting, full): writing each item alone would make
        // the last caller wait one timeout per item. Every caller hears it now.
        Err(e) if crate::web::error::unavailable(&e) => {
            for reply in replies {
                let _ = reply.send(Err(e.clone()));
            }
        }
        Err(e) => {
            tracing::debug!(error = %e, size = items.len(), "batch failed; writing its items alone");
            let mut away: Option<DbErr> = None;
            for (item, reply) in items.iter().zip(replies) {
                if let Some(e) = &away {
                    let _ = reply.send(Err(e.clone()));
                    continue;
                }
                let out = transaction::<B>(db, std::slice::from_ref(item)).await;
                if let Err(e) = &out
                    && crate::web::error::unavailable(e)
                {
                    away = Some(e.clone());
                }
                if out.is_ok() {
                    ctx.metrics.batch(B::KIND, 1);
                }
                let _ = reply.send(out.and_then(|mut v| {
                    v.pop()
                        .ok_or_else(|| DbErr::Custom("batch returned no outcome".into()))
                }));
            }
        }
    }
    drop(permits);
}

/// The longest one batch's transaction may take. A database that stops answering without
/// closing its connections (a network partition, a failover) would otherwise hold the lane
/// until the operating system gives the connection up; past this the batch is answered as
/// unavailable (503) and its connection dropped, which rolls it back.
pub const TRANSACTION_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// One transaction for `items` (the caller holds a write permit), within [`TRANSACTION_LIMIT`].
async fn transaction<B: Batch>(
    db: &DatabaseConnection,
    items: &[B::Item],
) -> Result<Vec<B::Out>, DbErr> {
    tokio::time::timeout(TRANSACTION_LIMIT, transaction_now::<B>(db, items))
        .await
        .unwrap_or(Err(DbErr::ConnectionAcquire(
            sea_orm::error::ConnAcquireErr::Timeout,
        )))
}

async fn transaction_now<B: Batch>(
    db: &DatabaseConnection,
    items: &[B::Item],
) -> Result<Vec<B::Out>, DbErr> {
    let txn = db.begin_with_options(write_options()).await?;
    let outs = B::write(&txn, items).await?;
    if outs.len() != items.len() {
        return Err(DbErr::Custom(format!(
            "batch returned {} outcomes for {} items",
            outs.len(),
            items.len()
        )));
    }
    txn.commit().await?;
    Ok(outs)
}

/// How every write transaction begins. IMMEDIATE takes SQLite's write lock at `BEGIN`: a
/// deferred transaction that reads first could not upgrade to writing after another
/// connection (the mail worker) wrote in between, and would fail at once instead of
/// waiting.
pub fn write_options() -> sea_orm::TransactionOptions {
    sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    }
}

/// The lanes of one server, one per kind of write, started on first use.
#[derive(Clone, Default)]
pub struct Lanes(Arc<Mutex<HashMap<TypeId, Box<dyn Any + Send + Sync>>>>);

impl Lanes {
    /// The lane for `B`, started with `db` and `gate` if it is not running yet.
    pub fn get<B: Batch>(
        &self,
        db: &DatabaseConnection,
        gate: &Arc<Semaphore>,
        metrics: &Arc<Metrics>,
    ) -> Lane<B> {
        let mut lanes = self.0.lock().unwrap_or_else(|p| p.into_inner());
        lanes
            .entry(TypeId::of::<B>())
            .or_insert_with(|| {
                Box::new(Lane::<B>::start(db.clone(), gate.clone(), metrics.clone()))
            })
            .downcast_ref::<Lane<B>>()
            .expect("a lane is stored under its own type")
            .clone()
    }
}
