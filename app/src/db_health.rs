//! After SQLite reports no room or a disk error, the connections open at that moment are not
//! used again. Such an error can roll SQLite's transaction back by itself (its documentation
//! says so of SQLITE_FULL and SQLITE_IOERR), and the driver, which counts transactions
//! itself, then no longer agrees with SQLite on whether one is open. Seen in
//! `tests/api/disk_full.rs`: once space was back, a survey answered 201 on such a connection
//! was not in the database. The pool's check before handing a connection out
//! ([`opened_before_fault`]) closes those, and new connections start clean.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// Milliseconds from [`epoch`] to the last disk fault, plus one (0: none yet).
static LAST_FAULT: AtomicU64 = AtomicU64::new(0);

fn now_ms() -> u64 {
    u64::try_from(epoch().elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Notes that SQLite reported a disk fault now.
pub fn disk_fault() {
    LAST_FAULT.store(now_ms() + 1, Ordering::SeqCst);
}

/// Whether a connection of this age was already open at the last disk fault.
pub fn opened_before_fault(age: Duration) -> bool {
    let fault = LAST_FAULT.load(Ordering::SeqCst);
    if fault == 0 {
        return false;
    }
    let age_ms = u64::try_from(age.as_millis()).unwrap_or(u64::MAX);
    now_ms().saturating_sub(age_ms) < fault
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_open_at_a_fault_are_not_used_again_and_later_ones_are() {
        let _ = epoch();
        std::thread::sleep(Duration::from_millis(20));
        disk_fault();
        assert!(opened_before_fault(Duration::from_millis(15)));
        std::thread::sleep(Duration::from_millis(20));
        assert!(!opened_before_fault(Duration::from_millis(5)));
    }
}
