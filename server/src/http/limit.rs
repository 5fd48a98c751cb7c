//! Limits on guessing: who a client is (by address), and how many failed tries each may have.
//!
//! Wrong receipt codes and failed sign-ins are counted per key (a client's address, or an account) in a
//! fixed window. A try is counted *before* it is answered, so a burst of tries sent at once cannot all
//! slip through, and given back when it turns out well, so people who get it right never meet the limit.
//!
//! Why not `governor`: its keyed limiter (GCRA) consumes a cell on every check and cannot give one back.
//! Counting every sign-in would lock out a whole office signing in behind one address at nine in the
//! morning; counting only after the answer is what let bursts through. Reserve-then-refund needs the
//! small counter below. It keeps at most `cap` keys; when full, the oldest go first.

use axum::http::{HeaderMap, HeaderName};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed tries per key in a fixed window.
pub struct Failures {
    max: u32,
    window: Duration,
    cap: usize,
    slots: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Failures {
    pub fn new(max: u32, window: Duration, cap: usize) -> Failures {
        Failures {
            max,
            window,
            cap: cap.max(1),
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn window(&self) -> Duration {
        self.window
    }

    /// Takes one try for every key, or for none: `Err(wait)` when any key has none left.
    pub fn take(&self, keys: &[&str], now: Instant) -> Result<(), Duration> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = Duration::ZERO;
        for key in keys {
            if let Some((since, n)) = slots.get(*key) {
                let age = now.saturating_duration_since(*since);
                if age < self.window && *n >= self.max {
                    wait = wait.max(self.window - age);
                }
            }
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        for key in keys {
            if !slots.contains_key(*key) && slots.len() >= self.cap {
                self.make_room(&mut slots, now);
            }
            let slot = slots.entry((*key).to_string()).or_insert((now, 0));
            if now.saturating_duration_since(slot.0) >= self.window {
                *slot = (now, 0);
            }
            slot.1 += 1;
        }
        Ok(())
    }

    /// Gives back a try taken with `take` that turned out well.
    pub fn refund(&self, keys: &[&str]) {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        for key in keys {
            if let Some(slot) = slots.get_mut(*key) {
                slot.1 = slot.1.saturating_sub(1);
            }
        }
    }

    /// Drops expired keys; if that is not enough, the oldest tenth, so a flood of new addresses costs
    /// one sort per many inserts and memory stays bounded.
    fn make_room(&self, slots: &mut HashMap<String, (Instant, u32)>, now: Instant) {
        slots.retain(|_, (since, _)| now.saturating_duration_since(*since) < self.window);
        if slots.len() < self.cap {
            return;
        }
        let mut ages: Vec<(Instant, String)> = slots
            .iter()
            .map(|(k, (since, _))| (*since, k.clone()))
            .collect();
        ages.sort_unstable();
        for (_, key) in ages.into_iter().take((self.cap / 10).max(1)) {
            slots.remove(&key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.slots.lock().map(|s| s.len()).unwrap_or(0)
    }
}

/// Who is asking, as a limiter key: behind a proxy that says so (`CAIRN_CLIENT_IP_HEADER`), the last
/// address it put in that header if that is a valid address, else the connection's own address. IPv6
/// clients are keyed by their /64, which one household or phone can rotate through freely.
pub fn client_key(
    trusted: Option<&HeaderName>,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> String {
    let from_proxy = trusted.and_then(|name| {
        let last = headers.get(name)?.to_str().ok()?.rsplit(',').next()?.trim();
        last.parse::<IpAddr>()
            .ok()
            .or_else(|| last.parse::<SocketAddr>().ok().map(|s| s.ip()))
    });
    match from_proxy.or(peer.map(|p| p.ip())) {
        Some(ip) => network_of(ip),
        None => "unknown".to_string(),
    }
}

fn network_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const W: Duration = Duration::from_secs(600);

    #[test]
    fn tries_are_counted_before_the_answer_and_given_back_when_right() {
        let f = Failures::new(3, W, 100);
        let t = Instant::now();
        for _ in 0..3 {
            assert!(f.take(&["a"], t).is_ok());
        }
        assert!(f.take(&["a"], t).is_err(), "the fourth waits");
        assert!(f.take(&["b"], t).is_ok(), "others are not affected");
        f.refund(&["a"]);
        assert!(
            f.take(&["a"], t).is_ok(),
            "a right answer gives its try back"
        );
        let wait = f.take(&["a"], t + Duration::from_secs(60)).unwrap_err();
        assert_eq!(wait, W - Duration::from_secs(60));
        assert!(f.take(&["a"], t + W).is_ok(), "a new window");
    }

    #[test]
    fn several_keys_are_taken_together_or_not_at_all() {
        let f = Failures::new(1, W, 100);
        let t = Instant::now();
        assert!(f.take(&["ip", "account"], t).is_ok());
        assert!(f.take(&["other-ip", "account"], t).is_err());
        assert!(
            f.take(&["other-ip"], t).is_ok(),
            "nothing was taken from it"
        );
    }

    #[test]
    fn memory_stays_bounded_and_the_oldest_go_first() {
        let f = Failures::new(1, W, 50);
        let t = Instant::now();
        for i in 0..1000u64 {
            let _ = f.take(&[format!("k{i}").as_str()], t + Duration::from_millis(i));
        }
        assert!(f.len() <= 50, "{}", f.len());
        assert!(
            f.take(&["k999"], t + Duration::from_secs(2)).is_err(),
            "the newest are kept"
        );
    }

    #[test]
    fn a_proxy_header_counts_only_when_it_holds_an_address() {
        let name = HeaderName::from_static("x-forwarded-for");
        let peer: SocketAddr = "10.0.0.9:5000".parse().expect("addr");
        let key = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert(name.clone(), HeaderValue::from_str(value).expect("value"));
            client_key(Some(&name), &h, Some(peer))
        };
        assert_eq!(key("198.51.100.7"), "198.51.100.7");
        assert_eq!(
            key("spoof, 198.51.100.7"),
            "198.51.100.7",
            "the proxy appends last"
        );
        assert_eq!(key("198.51.100.7:4444"), "198.51.100.7");
        assert_eq!(
            key("anything-at-all-1"),
            "10.0.0.9",
            "not an address: the peer"
        );
        assert_eq!(key(""), "10.0.0.9");
        assert_eq!(client_key(None, &HeaderMap::new(), Some(peer)), "10.0.0.9");
    }

    #[test]
    fn ipv6_clients_are_one_client_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("v6");
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().expect("v6");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("v6");
        assert_eq!(network_of(a), network_of(b));
        assert_ne!(network_of(a), network_of(c));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("mapped");
        assert_eq!(network_of(mapped), "192.0.2.1");
    }
}
