//! Slowing down password guessing. Each failed sign-in counts against the account and
//! against the client's address; past a few free failures, each next try waits twice as
//! long as the last (up to `MAX_WAIT`). Only failures count, so a person who signs in
//! often is never held up, and a success clears the account's count. Sign-ups are
//! limited per address by a rate (governor's keyed limiter).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Failed sign-ins an account gets before it must wait.
pub const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failed sign-ins one address gets before it must wait: more than an account's, since
/// an office shares one address.
pub const ADDRESS_FREE_FAILURES: u32 = 50;
/// The longest wait between two tries.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures this old, with no wait pending, are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// A bound on what is remembered, so a flood of addresses cannot fill the memory.
const REMEMBERED_MAX: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Account(String),
    Address(IpAddr),
}

impl Key {
    fn free_failures(&self) -> u32 {
        match self {
            Key::Account(_) => ACCOUNT_FREE_FAILURES,
            Key::Address(_) => ADDRESS_FREE_FAILURES,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl Failures {
    /// When the next try may come: free failures wait nothing; after them 1 s, 2 s, 4 s…
    fn next_try(&self, free: u32) -> Instant {
        if self.count < free {
            return self.last;
        }
        let wait = Duration::from_secs(1u64 << (self.count - free).min(20)).min(MAX_WAIT);
        self.last + wait
    }
}

pub struct Throttle {
    failures: Mutex<HashMap<Key, Failures>>,
    signups: DefaultKeyedRateLimiter<IpAddr>,
}

impl Throttle {
    /// `signups_per_hour` per address (at least one).
    pub fn new(signups_per_hour: u32) -> Throttle {
        let per_hour = NonZeroU32::new(signups_per_hour).unwrap_or(NonZeroU32::MIN);
        Throttle {
            failures: Mutex::new(HashMap::new()),
            signups: RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }

    /// How long the caller must still wait before trying to sign in, if at all.
    pub fn sign_in_wait(&self, keys: &[Key], now: Instant) -> Option<Duration> {
        let failures = self.lock();
        keys.iter()
            .filter_map(|key| {
                let next = failures.get(key)?.next_try(key.free_failures());
                next.checked_duration_since(now).filter(|d| !d.is_zero())
            })
            .max()
    }

    pub fn sign_in_failed(&self, keys: &[Key], now: Instant) {
        let mut failures = self.lock();
        if failures.len() >= REMEMBERED_MAX {
            failures.retain(|_, f| now.saturating_duration_since(f.last) < FORGET_AFTER);
        }
        if failures.len() >= REMEMBERED_MAX {
            // A flood of fresh names: forget those that hold nobody up yet.
            failures.retain(|key, f| f.count >= key.free_failures());
        }
        for key in keys {
            let entry = failures.entry(key.clone()).or_insert(Failures {
                count: 0,
                last: now,
            });
            let waited_out = now >= entry.next_try(key.free_failures());
            if waited_out && now.saturating_duration_since(entry.last) >= FORGET_AFTER {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// A success clears the account's failures. The address keeps its own: one account
    /// an attacker holds must not reset the guessing of others from the same place.
    pub fn sign_in_succeeded(&self, account: &Key) {
        self.lock().remove(account);
    }

    /// Takes one sign-up from the address's allowance, or says how long until the next.
    pub fn sign_up(&self, address: IpAddr) -> Result<(), Duration> {
        self.signups
            .check_key(&address)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Failures>> {
        // A panic while holding the lock leaves counts that are still counts.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_waits_after_its_free_failures_twice_as_long_each_time() {
        let throttle = Throttle::new(10);
        let account = Key::Account("ae@northwind.test".into());
        let keys = [account.clone()];
        let start = Instant::now();
        for _ in 0..ACCOUNT_FREE_FAILURES {
            assert_eq!(throttle.sign_in_wait(&keys, start), None);
            throttle.sign_in_failed(&keys, start);
        }
        assert_eq!(
            throttle.sign_in_wait(&keys, start),
            Some(Duration::from_secs(1))
        );
        let later = start + Duration::from_secs(1);
        assert_eq!(throttle.sign_in_wait(&keys, later), None);
        throttle.sign_in_failed(&keys, later);
        assert_eq!(
            throttle.sign_in_wait(&keys, later),
            Some(Duration::from_secs(2))
        );
        // Another account is not held up by this one.
        let other = [Key::Account("pm@northwind.test".into())];
        assert_eq!(throttle.sign_in_wait(&other, later), None);
        // A success clears the account.
        throttle.sign_in_succeeded(&account);
        assert_eq!(throttle.sign_in_wait(&keys, later), None);
    }

    #[test]
    fn the_wait_is_capped_and_the_longest_of_the_keys_counts() {
        let throttle = Throttle::new(10);
        let address = Key::Address("192.0.2.7".parse().unwrap());
        let now = Instant::now();
        for _ in 0..ADDRESS_FREE_FAILURES + 40 {
            throttle.sign_in_failed(std::slice::from_ref(&address), now);
        }
        let keys = [Key::Account("new@x.test".into()), address];
        assert_eq!(throttle.sign_in_wait(&keys, now), Some(MAX_WAIT));
    }

    #[test]
    fn sign_ups_are_limited_per_address() {
        let throttle = Throttle::new(2);
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(throttle.sign_up(here).is_ok());
        assert!(throttle.sign_up(here).is_ok());
        let wait = throttle
            .sign_up(here)
            .expect_err("the third in an hour waits");
        assert!(wait > Duration::from_secs(60) && wait <= Duration::from_secs(1800));
        assert!(throttle.sign_up("192.0.2.2".parse().unwrap()).is_ok());
    }
}
