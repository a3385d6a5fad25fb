//! Work on untrusted files off the request threads: a bounded pool (one place per core) on
//! tokio's blocking threads, with a time limit per job. A job over its limit answers its
//! caller at once and finishes in the background still holding its place, so the pool stays
//! bounded however many files arrive; the caps inside each job keep that finish short.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a caller waits for a place and the work together before it is answered.
pub const JOB_TIME_LIMIT: Duration = Duration::from_secs(10);

/// Why a job gave no result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolError {
    /// Waiting and working took longer than the limit.
    TimedOut,
    /// The job panicked (a parser bug); nothing of it is kept.
    Failed,
}

/// The pool: at most `places` jobs run at once.
#[derive(Clone)]
pub struct Pool {
    places: Arc<Semaphore>,
    places_total: usize,
    limit: Duration,
}

impl Pool {
    /// A pool of `places` (at least one) with the given time limit.
    pub fn new(places: usize, limit: Duration) -> Pool {
        let places = places.max(1);
        Pool {
            places: Arc::new(Semaphore::new(places)),
            places_total: places,
            limit,
        }
    }

    /// One place per core of this machine, the standard limit.
    pub fn per_core() -> Pool {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Pool::new(cores, JOB_TIME_LIMIT)
    }

    /// Jobs running now (for tests and metrics).
    pub fn busy(&self) -> usize {
        self.places_total - self.places.available_permits()
    }

    /// Runs `job` on a blocking thread once a place is free.
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let places = self.places.clone();
        let work = async move {
            let place = places
                .acquire_owned()
                .await
                .map_err(|_| PoolError::Failed)?;
            tokio::task::spawn_blocking(move || {
                // Held until the job ends, even when its caller stopped waiting.
                let _place = place;
                job()
            })
            .await
            .map_err(|_| PoolError::Failed)
        };
        tokio::time::timeout(self.limit, work)
            .await
            .map_err(|_| PoolError::TimedOut)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slow_job_answers_its_caller_at_the_limit_and_keeps_its_place_until_done() {
        let pool = Pool::new(1, Duration::from_millis(100));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let slow = pool.run(move || rx.recv().ok());
        assert_eq!(slow.await, Err(PoolError::TimedOut));
        assert_eq!(pool.busy(), 1, "the abandoned job still holds its place");
        assert_eq!(
            pool.run(|| 1).await,
            Err(PoolError::TimedOut),
            "no place free"
        );
        tx.send(()).expect("the job listens");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(pool.busy(), 0);
        assert_eq!(pool.run(|| 2).await, Ok(2));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_jobs_run_at_once_than_places() {
        let pool = Pool::new(2, Duration::from_secs(5));
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs: Vec<_> = (0..8)
            .map(|_| {
                let (pool, running, most) = (pool.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    pool.run(move || {
                        use std::sync::atomic::Ordering::SeqCst;
                        let now = running.fetch_add(1, SeqCst) + 1;
                        most.fetch_max(now, SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        running.fetch_sub(1, SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for j in jobs {
            assert_eq!(j.await.expect("joined"), Ok(()));
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
