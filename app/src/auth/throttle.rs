//! Slowing down password guessing. Each failed sign-in counts against the account as tried
//! from the client's network, against the account as a whole, and against the network;
//! past a few free failures, each next try waits twice as long as the last (up to
//! `MAX_WAIT`). Only failures count, so a person who signs in often is never held up, and a
//! success clears the account's counts (its own network's and the account-wide one; the
//! guesser's network keeps its count). A guess is counted from the moment it is let
//! through (an `Attempt`), so guesses sent all at once, or abandoned before the answer,
//! count like any other. Sign-ups are limited per network by a rate (governor's keyed
//! limiter).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Failed sign-ins to one account from one network before it must wait.
pub const ACCOUNT_FREE_FAILURES: u32 = 5;
/// Failed sign-ins to one account from everywhere before it must wait: high, so that
/// nobody can keep a person out of their own account by failing on purpose, yet a
/// guesser spread over many networks still slows down.
pub const ACCOUNT_WIDE_FREE_FAILURES: u32 = 100;
/// Failed sign-ins from one network before it must wait: more than an account's, since
/// an office shares one address.
pub const ADDRESS_FREE_FAILURES: u32 = 50;
/// The longest wait between two tries.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures this old, with no wait pending, are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// A bound on what is remembered, so a flood of names or addresses cannot fill the memory.
const REMEMBERED_MAX: usize = 100_000;

/// Where a client is, for counting: its IPv4 address, or its IPv6 /64 (one subscriber's
/// network, in which any address is theirs to take).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Network(IpAddr);

impl Network {
    pub fn of(address: IpAddr) -> Network {
        match address {
            IpAddr::V4(_) => Network(address),
            IpAddr::V6(v6) => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                Network(IpAddr::V6(bits.into()))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// The account as tried from one network (or from nowhere known).
    AccountFrom(String, Option<Network>),
    Account(String),
    Network(Network),
}

impl Key {
    fn free_failures(&self) -> u32 {
        match self {
            Key::AccountFrom(..) => ACCOUNT_FREE_FAILURES,
            Key::Account(_) => ACCOUNT_WIDE_FREE_FAILURES,
            Key::Network(_) => ADDRESS_FREE_FAILURES,
        }
    }

    fn is_account(&self) -> bool {
        !matches!(self, Key::Network(_))
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    /// Attempts let through and not yet answered: they count as failures until they end.
    pending: u32,
    last: Instant,
}

impl Failures {
    /// When the next try may come: free failures wait nothing; after them 1 s, 2 s, 4 s…
    fn next_try(&self, free: u32) -> Instant {
        let count = self.count + self.pending;
        if count < free {
            return self.last;
        }
        let wait = Duration::from_secs(1u64 << (count - free).min(20)).min(MAX_WAIT);
        self.last + wait
    }
}

pub struct Throttle {
    failures: Mutex<HashMap<Key, Failures>>,
    signups: DefaultKeyedRateLimiter<Network>,
    links: DefaultKeyedRateLimiter<Network>,
}

/// Requests a network may make to shared links' pages and server functions per minute,
/// unless configured otherwise: far above what a person reading and updating does.
pub const LINK_REQUESTS_PER_MINUTE: u32 = 120;

/// One sign-in let through. It ends as a success or a failure; one dropped unanswered
/// (the client went away) ends as a failure.
pub struct Attempt {
    throttle: Arc<Throttle>,
    keys: Vec<Key>,
    /// When it was let through: what its failure counts from.
    began: Instant,
    ended: bool,
}

impl Attempt {
    pub fn succeeded(mut self) {
        self.ended = true;
        let mut failures = self.throttle.lock();
        for key in &self.keys {
            let Some(entry) = failures.get_mut(key) else {
                continue;
            };
            entry.pending = entry.pending.saturating_sub(1);
            // The account's failures are forgiven; guesses still under way for it keep
            // their count, and the entry goes once nothing is left in it.
            if key.is_account() {
                entry.count = 0;
                if entry.pending == 0 {
                    failures.remove(key);
                }
            }
        }
    }

    pub fn failed(mut self) {
        self.ended = true;
        self.throttle.record_failure(&self.keys, self.began);
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.ended {
            self.throttle.record_failure(&self.keys, self.began);
        }
    }
}

impl Throttle {
    /// `signups_per_hour` per network (at least one).
    pub fn new(signups_per_hour: u32) -> Throttle {
        let per_hour = NonZeroU32::new(signups_per_hour).unwrap_or(NonZeroU32::MIN);
        Throttle {
            failures: Mutex::new(HashMap::new()),
            signups: RateLimiter::keyed(Quota::per_hour(per_hour)),
            links: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(LINK_REQUESTS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
            )),
        }
    }

    /// The same, allowing `per_minute` requests to shared links per network (at least one).
    pub fn with_link_requests_per_minute(mut self, per_minute: u32) -> Throttle {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        self.links = RateLimiter::keyed(Quota::per_minute(per_minute));
        self
    }

    /// Lets a sign-in to `account` from `network` through, counted, or says how long it
    /// must wait. Checking and counting happen under one lock: guesses sent at the same
    /// moment see each other.
    pub fn begin(
        self: &Arc<Self>,
        account: &str,
        network: Option<Network>,
        now: Instant,
    ) -> Result<Attempt, Duration> {
        let mut keys = vec![
            Key::AccountFrom(account.to_string(), network),
            Key::Account(account.to_string()),
        ];
        keys.extend(network.map(Key::Network));
        let mut failures = self.lock();
        let wait = keys
            .iter()
            .filter_map(|key| {
                let next = failures.get(key)?.next_try(key.free_failures());
                next.checked_duration_since(now).filter(|d| !d.is_zero())
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        if failures.len() >= REMEMBERED_MAX {
            forget(&mut failures, now);
        }
        for key in &keys {
            let entry = failures.entry(key.clone()).or_insert(Failures {
                count: 0,
                pending: 0,
                last: now,
            });
            entry.pending += 1;
        }
        drop(failures);
        Ok(Attempt {
            throttle: self.clone(),
            keys,
            began: now,
            ended: false,
        })
    }

    fn record_failure(&self, keys: &[Key], now: Instant) {
        let mut failures = self.lock();
        for key in keys {
            let Some(entry) = failures.get_mut(key) else {
                continue;
            };
            entry.pending = entry.pending.saturating_sub(1);
            if now.saturating_duration_since(entry.last) >= FORGET_AFTER {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// Takes one sign-up from the network's allowance, or says how long until the next.
    pub fn sign_up(&self, network: Network) -> Result<(), Duration> {
        if self.signups.len() >= REMEMBERED_MAX {
            self.signups.retain_recent();
        }
        self.signups
            .check_key(&network)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Takes one request to a shared link from the network's allowance, or says how long
    /// until the next: a token cannot be guessed, but a flood can still cost the server.
    pub fn link_request(&self, network: Network) -> Result<(), Duration> {
        if self.links.len() >= REMEMBERED_MAX {
            self.links.retain_recent();
        }
        self.links
            .check_key(&network)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Failures>> {
        // A panic while holding the lock leaves counts that are still counts.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Makes room: first what is old, then, under a flood of fresh names, what holds nobody
/// up yet. Attempts under way are kept.
fn forget(failures: &mut HashMap<Key, Failures>, now: Instant) {
    failures.retain(|_, f| f.pending > 0 || now.saturating_duration_since(f.last) < FORGET_AFTER);
    if failures.len() >= REMEMBERED_MAX {
        failures.retain(|key, f| f.pending > 0 || f.count >= key.free_failures());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "ae@northwind.test";

    fn here() -> Option<Network> {
        Some(Network::of("192.0.2.7".parse().unwrap()))
    }

    #[test]
    fn an_account_waits_after_its_free_failures_twice_as_long_each_time() {
        let throttle = Arc::new(Throttle::new(10));
        let start = Instant::now();
        for _ in 0..ACCOUNT_FREE_FAILURES {
            throttle.begin(ACCOUNT, here(), start).unwrap().failed();
        }
        let wait = throttle.begin(ACCOUNT, here(), start).err();
        assert_eq!(wait, Some(Duration::from_secs(1)));
        let later = start + Duration::from_secs(1);
        throttle.begin(ACCOUNT, here(), later).unwrap().failed();
        let wait = throttle.begin(ACCOUNT, here(), later).err();
        assert_eq!(wait, Some(Duration::from_secs(2)));
        // Another account is not held up by this one, nor this account from elsewhere.
        assert!(throttle.begin("pm@northwind.test", here(), later).is_ok());
        let elsewhere = Some(Network::of("198.51.100.1".parse().unwrap()));
        throttle
            .begin(ACCOUNT, elsewhere, later)
            .unwrap()
            .succeeded();
        // The owner signing in from their own network does not let the guesser on: the
        // guessing network still waits, the owner's does not.
        assert!(throttle.begin(ACCOUNT, here(), later).is_err());
        throttle
            .begin(ACCOUNT, elsewhere, later)
            .unwrap()
            .succeeded();
    }

    #[test]
    fn guesses_sent_together_or_abandoned_count_like_any_other() {
        let throttle = Arc::new(Throttle::new(10));
        let now = Instant::now();
        let together: Vec<Attempt> = (0..ACCOUNT_FREE_FAILURES)
            .map(|_| throttle.begin(ACCOUNT, here(), now).unwrap())
            .collect();
        assert!(
            throttle.begin(ACCOUNT, here(), now).is_err(),
            "the attempts under way count"
        );
        drop(together); // abandoned: each a failure
        assert_eq!(
            throttle.begin(ACCOUNT, here(), now).err(),
            Some(Duration::from_secs(1))
        );
    }

    #[test]
    fn the_owners_success_does_not_forgive_guesses_still_under_way() {
        let throttle = Arc::new(Throttle::new(10));
        let now = Instant::now();
        let network = |i: u32| {
            Some(Network::of(IpAddr::from([
                198,
                51,
                (i / 250) as u8,
                (i % 250) as u8,
            ])))
        };
        let guesses: Vec<Attempt> = (0..ACCOUNT_WIDE_FREE_FAILURES)
            .map(|i| throttle.begin(ACCOUNT, network(i), now).unwrap())
            .collect();
        let owner = Some(Network::of("192.0.2.200".parse().unwrap()));
        // The guesses under way hold the account-wide count at its limit: the owner waits
        // too, then signs in once the first wait is over.
        let wait = throttle.begin(ACCOUNT, owner, now).err().unwrap();
        throttle
            .begin(ACCOUNT, owner, now + wait)
            .unwrap()
            .succeeded();
        drop(guesses); // they all fail
        let fresh = network(ACCOUNT_WIDE_FREE_FAILURES + 1);
        assert_eq!(
            throttle.begin(ACCOUNT, fresh, now).err(),
            Some(Duration::from_secs(1)),
            "the failed guesses count account-wide"
        );
    }

    #[test]
    fn the_wait_is_capped_and_ipv6_counts_by_network() {
        let throttle = Arc::new(Throttle::new(10));
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other_in_same_64: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(Network::of(one), Network::of(other_in_same_64));
        let mut now = Instant::now();
        for i in 0..ADDRESS_FREE_FAILURES + 12 {
            let guess = format!("guess{i}@x.test");
            let network = Some(Network::of(one));
            let attempt = match throttle.begin(&guess, network, now) {
                Ok(attempt) => attempt,
                Err(wait) => {
                    now += wait; // the guesser waits its turn, and guesses again
                    throttle.begin(&guess, network, now).unwrap()
                }
            };
            attempt.failed();
        }
        let wait = throttle.begin("new@x.test", Some(Network::of(other_in_same_64)), now);
        assert_eq!(wait.err(), Some(MAX_WAIT));
    }

    #[test]
    fn sign_ups_are_limited_per_network() {
        let throttle = Throttle::new(2);
        let here = Network::of("192.0.2.1".parse().unwrap());
        assert!(throttle.sign_up(here).is_ok());
        assert!(throttle.sign_up(here).is_ok());
        let wait = throttle
            .sign_up(here)
            .expect_err("the third in an hour waits");
        assert!(wait > Duration::from_secs(60) && wait <= Duration::from_secs(1800));
        assert!(throttle
            .sign_up(Network::of("192.0.2.2".parse().unwrap()))
            .is_ok());
    }
}
