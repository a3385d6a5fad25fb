//! Results kept for a while: the province-wide figures add up every service's sums (hundreds
//! of columns over tens of thousands of rows, about a second on a province's data), and the
//! same period is asked for by every reader of `/ikm` or a dashboard. [`Memo`] keeps each
//! key's result for `max_age`; after that the first reader to ask computes it again while the
//! others are given the kept one, so at most one computation per key runs at a time and no
//! reader waits for one that is already under way. Keys are bounded (the oldest is dropped).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One key's kept result and the lock its computation holds.
struct Slot<V> {
    kept: Mutex<Option<(Instant, Arc<V>)>>,
    computing: tokio::sync::Mutex<()>,
}

/// A key's slot with when it was last asked for.
type Used<V> = (Instant, Arc<Slot<V>>);

/// Results by key, each kept for `max_age` (none kept with a zero age).
pub struct Memo<K, V> {
    max_age: Duration,
    keys: usize,
    slots: Mutex<HashMap<K, Used<V>>>,
}

impl<K: Eq + Hash + Clone, V> Memo<K, V> {
    /// Keeps results for `max_age`, for at most `keys` keys.
    pub fn new(max_age: Duration, keys: usize) -> Self {
        Memo {
            max_age,
            keys: keys.max(1),
            slots: Mutex::new(HashMap::new()),
        }
    }

    fn slot(&self, key: &K) -> Arc<Slot<V>> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some((used, slot)) = slots.get_mut(key) {
            *used = now;
            return slot.clone();
        }
        if slots.len() >= self.keys {
            // The key used longest ago makes room.
            if let Some(oldest) = slots
                .iter()
                .min_by_key(|(_, (used, _))| *used)
                .map(|(k, _)| k.clone())
            {
                slots.remove(&oldest);
            }
        }
        let slot = Arc::new(Slot {
            kept: Mutex::new(None),
            computing: tokio::sync::Mutex::new(()),
        });
        slots.insert(key.clone(), (now, slot.clone()));
        slot
    }

    /// The result for `key`: the kept one while it is younger than `max_age`; else computed
    /// by `compute`, unless another reader is computing it already and an older result is
    /// kept, which is then given.
    pub async fn get<E, F, Fut>(&self, key: K, compute: F) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<V, E>>,
    {
        if self.max_age.is_zero() {
            return compute().await.map(Arc::new);
        }
        let slot = self.slot(&key);
        let kept = || slot.kept.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let _computing = match kept() {
            Some((at, v)) if at.elapsed() < self.max_age => return Ok(v),
            Some((_, stale)) => match slot.computing.try_lock() {
                Ok(guard) => guard,
                Err(_) => return Ok(stale),
            },
            None => {
                let guard = slot.computing.lock().await;
                // Computed by the reader that held the lock meanwhile.
                if let Some((_, v)) = kept().filter(|(at, _)| at.elapsed() < self.max_age) {
                    return Ok(v);
                }
                guard
            }
        };
        let started = Instant::now();
        let value = Arc::new(compute().await?);
        *slot.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some((started, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn counted(calls: &AtomicUsize, value: u32) -> Result<u32, ()> {
        calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok(value)
    }

    #[tokio::test]
    async fn forty_readers_at_once_share_one_computation() {
        let memo = Arc::new(Memo::new(Duration::from_secs(60), 4));
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (memo, calls) = (memo.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                *memo.get("k", || counted(&calls, 7)).await.unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 7);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stale_result_is_computed_again_once_and_given_meanwhile() {
        let memo = Arc::new(Memo::new(Duration::from_millis(100), 4));
        let calls = Arc::new(AtomicUsize::new(0));
        assert_eq!(*memo.get("k", || counted(&calls, 1)).await.unwrap(), 1);
        assert_eq!(*memo.get("k", || counted(&calls, 2)).await.unwrap(), 1);
        tokio::time::sleep(Duration::from_millis(120)).await;
        // One reader computes the new value; the 39 asking meanwhile get the kept one.
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (memo, calls) = (memo.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                *memo.get("k", || counted(&calls, 3)).await.unwrap()
            }));
        }
        let mut got = Vec::new();
        for t in tasks {
            got.push(t.await.unwrap());
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{got:?}");
        assert_eq!(got.iter().filter(|v| **v == 3).count(), 1, "{got:?}");
        assert_eq!(got.iter().filter(|v| **v == 1).count(), 39, "{got:?}");
        assert_eq!(*memo.get("k", || counted(&calls, 4)).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn zero_age_keeps_nothing_and_keys_are_bounded() {
        let memo = Memo::new(Duration::ZERO, 4);
        let calls = AtomicUsize::new(0);
        memo.get("k", || counted(&calls, 1)).await.unwrap();
        memo.get("k", || counted(&calls, 1)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        let memo = Memo::new(Duration::from_secs(60), 2);
        for k in ["a", "b", "c"] {
            memo.get(k, || counted(&calls, 1)).await.unwrap();
        }
        assert_eq!(memo.slots.lock().unwrap().len(), 2);
        // "a" was dropped to make room: asking again computes it.
        let before = calls.load(Ordering::SeqCst);
        memo.get("a", || counted(&calls, 1)).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), before + 1);
    }

    #[tokio::test]
    async fn a_failed_computation_keeps_nothing() {
        let memo: Memo<&str, u32> = Memo::new(Duration::from_secs(60), 2);
        assert!(
            memo.get("k", || async { Err::<u32, ()>(()) })
                .await
                .is_err()
        );
        assert_eq!(
            *memo.get("k", || async { Ok::<u32, ()>(5) }).await.unwrap(),
            5
        );
    }
}
