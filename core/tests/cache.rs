//! The token cache: a hit gives exactly what a fresh verification gives, time claims are
//! re-checked on every hit, only verified tokens are stored, and a cache serves only the
//! verifier that filled it.

mod common;

use common::*;
use sessionjwt::{
    Algorithm, CacheSlot, CacheStats, Error, SharedTokenCache, TokenCache, UnixTimeMs,
    VerifiedToken, Verifier,
};

const AZP: &str = "https://app.example.com";

fn setup() -> (Signer, Verifier, String) {
    let s = Signer::for_alg(Algorithm::ES256);
    let v = s.verifier(|b| {
        b.authorized_party(AZP).unwrap();
    });
    let t = s.mint_claims(
        Algorithm::ES256,
        &payload_at_now(r#""azp":"https://app.example.com","v":2,"o":{"id":"org_1","rol":"admin","per":"read,manage","fpm":"3"},"fea":"o:dashboard","act":{"sub":"a"},"fva":[1,-1]"#),
    );
    (s, v, t)
}

/// Everything a caller can read from a verified token, as text.
fn observe(t: &VerifiedToken<'_>) -> String {
    let c = t.claims();
    let mut auth = String::new();
    {
        use std::fmt::Write;
        struct W<'a>(&'a mut String);
        impl Write for W<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.push_str(s);
                Ok(())
            }
        }
        t.auth(true).write_json(&mut W(&mut auth)).unwrap();
    }
    format!(
        "{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{}",
        t.algorithm(),
        t.times(),
        t.subject(),
        t.payload_json(),
        t.header().json().raw_json(),
        t.header().alg_name(),
        t.header().kid(),
        t.header().typ(),
        t.header().cat(),
        [
            c.sub(),
            c.sid(),
            c.azp(),
            c.iss(),
            c.aud(),
            c.exp(),
            c.nbf(),
            c.iat()
        ],
        [
            c.jti(),
            c.sts(),
            c.v(),
            c.fva(),
            c.act(),
            c.org_id(),
            c.org_role()
        ],
        [c.org_slug(), c.org_permissions(), c.o(), c.fea(), c.pla()],
        c.get("o"),
        c.get("act"),
        c.is_v2(),
        auth,
        t.auth(false).user_id().map_or("-", |u| u.raw_json()),
    )
}

fn fresh(v: &Verifier, token: &str, now: i64) -> Result<String, Error> {
    let mut buf = vec![0u8; 6147];
    v.verify(token.as_bytes(), UnixTimeMs(now), &mut buf)
        .map(|t| observe(&t))
}

fn cached<S: AsRef<[CacheSlot]> + AsMut<[CacheSlot]>>(
    cache: &mut TokenCache<S>,
    v: &Verifier,
    token: &str,
    now: i64,
) -> Result<String, Error> {
    let mut buf = vec![0u8; 6147];
    cache
        .verify(v, token.as_bytes(), UnixTimeMs(now), &mut buf)
        .map(|t| observe(&t))
}

#[test]
fn a_hit_gives_exactly_what_a_fresh_verification_gives() {
    let (_, v, t) = setup();
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 8]);
    let first = cached(&mut cache, &v, &t, NOW_MS);
    assert_eq!(cache.stats().inserts, 1);
    let hit = cached(&mut cache, &v, &t, NOW_MS);
    assert_eq!(cache.stats().hits, 1);
    assert_eq!(first, fresh(&v, &t, NOW_MS));
    assert_eq!(hit, first);
    assert!(hit.unwrap().contains("org:dashboard:read"));

    // The owned form too, through the lock-free and the shared caches.
    let owned = cache
        .verify_owned(&v, t.as_bytes(), UnixTimeMs(NOW_MS), vec![0u8; 6147])
        .unwrap();
    assert_eq!(Ok(observe(&owned.token())), fresh(&v, &t, NOW_MS));
    let shared = SharedTokenCache::new(4);
    for _ in 0..2 {
        let owned = shared
            .verify_owned(&v, t.as_bytes(), UnixTimeMs(NOW_MS), vec![0u8; 6147])
            .unwrap();
        assert_eq!(Ok(observe(&owned.token())), fresh(&v, &t, NOW_MS));
        let mut buf = [0u8; 6147];
        let token = shared
            .verify(&v, t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
            .unwrap();
        assert_eq!(Ok(observe(&token)), fresh(&v, &t, NOW_MS));
    }
    assert_eq!(
        shared.stats(),
        CacheStats {
            hits: 3,
            misses: 1,
            inserts: 1
        }
    );
}

#[test]
fn time_claims_are_rechecked_on_every_hit() {
    // iat = NOW, nbf = NOW - 10 s, exp = NOW + 60 s, skew 5 s.
    let (_, v, t) = setup();
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 8]);
    cached(&mut cache, &v, &t, NOW_MS).unwrap();
    for now in [
        NOW_MS,
        NOW_MS + 64_999,
        NOW_MS + 65_000, // exp <= now - skew: expired
        NOW_MS - 15_000,
        NOW_MS - 15_001, // nbf > now + skew
        NOW_MS - 5_001,  // iat > now + skew
        NOW_MS - 5_000,
        NOW_MS + 10_000_000,
        i64::MIN,
        i64::MAX,
    ] {
        assert_eq!(
            cached(&mut cache, &v, &t, now),
            fresh(&v, &t, now),
            "now = NOW + {}",
            now.wrapping_sub(NOW_MS)
        );
    }
    assert_eq!(
        cached(&mut cache, &v, &t, NOW_MS + 65_000),
        Err(Error::Expired)
    );
    assert_eq!(
        cached(&mut cache, &v, &t, NOW_MS - 5_001),
        Err(Error::IssuedInFuture)
    );
}

#[test]
fn the_clock_skew_is_the_verifiers() {
    let s = Signer::for_alg(Algorithm::HS256);
    let v = s.verifier(|b| {
        b.clock_skew_ms(0);
    });
    let t = s.mint_claims(Algorithm::HS256, &payload_at_now(""));
    let mut cache = TokenCache::new([CacheSlot::EMPTY, CacheSlot::EMPTY]);
    for now in [NOW_MS, NOW_MS + 59_999, NOW_MS + 60_000, NOW_MS - 1] {
        assert_eq!(cached(&mut cache, &v, &t, now), fresh(&v, &t, now));
    }
}

#[test]
fn only_verified_tokens_are_stored_and_near_misses_never_hit() {
    let (s, v, t) = setup();
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 16]);
    cached(&mut cache, &v, &t, NOW_MS).unwrap();
    let cut = t.rfind('.').unwrap();
    let other = s.mint_claims(
        Algorithm::ES256,
        &payload_at_now(r#""azp":"https://app.example.com""#),
    );
    let last = if t.ends_with('A') { "Q" } else { "A" };
    let near = [
        format!("{t}A"),
        t[..t.len() - 1].to_owned(),
        format!("{}{last}", &t[..t.len() - 1]),
        t[..cut].to_owned(),
        format!("{}.{}", &t[..cut], &other[other.rfind('.').unwrap() + 1..]),
        String::new(),
        other.clone(),
    ];
    for round in 0..2 {
        for n in &near {
            assert_eq!(
                cached(&mut cache, &v, n, NOW_MS),
                fresh(&v, n, NOW_MS),
                "round {round}: {n}"
            );
        }
    }
    // Of those, only `other` verified and was stored.
    assert_eq!(cache.stats().inserts, 2);
    assert_eq!(cache.len(), 2);
    // An expired token verifies nowhere, so it is never stored.
    cached(&mut cache, &v, &other, NOW_MS + 3_600_000).unwrap_err();
}

#[test]
fn a_cache_serves_only_the_verifier_that_filled_it() {
    let (s, v, t) = setup();
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 8]);
    cached(&mut cache, &v, &t, NOW_MS).unwrap();
    // Same keys, stricter options: a fresh verification fails, and so must the cache.
    let strict = s.verifier(|b| {
        b.authorized_party("https://other.example.com").unwrap();
    });
    assert_eq!(
        cached(&mut cache, &strict, &t, NOW_MS),
        Err(Error::AuthorizedPartyMismatch)
    );
    // A verifier built the same way is another verifier: a miss, then its own entry.
    let twin = s.verifier(|b| {
        b.authorized_party(AZP).unwrap();
    });
    let hits = cache.stats().hits;
    cached(&mut cache, &twin, &t, NOW_MS).unwrap();
    assert_eq!(cache.stats().hits, hits);
    // A clone is the same verifier.
    cached(&mut cache, &v.clone(), &t, NOW_MS).unwrap();
    assert_eq!(cache.stats().hits, hits + 1);
}

#[test]
fn eviction_capacity_zero_and_small_buffers() {
    let s = Signer::for_alg(Algorithm::EdDSA);
    let v = s.verifier(|_| {});
    let tokens: Vec<String> = (0..40)
        .map(|i| s.mint_claims(Algorithm::EdDSA, &payload_at_now(&format!(r#""n":{i}"#))))
        .collect();
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 5]);
    for round in 0..3 {
        for t in &tokens {
            assert_eq!(
                cached(&mut cache, &v, t, NOW_MS),
                fresh(&v, t, NOW_MS),
                "{round}"
            );
        }
    }
    assert!(cache.len() <= 5);
    let mut none: TokenCache<[CacheSlot; 0]> = TokenCache::new([]);
    assert_eq!(
        cached(&mut none, &v, &tokens[0], NOW_MS),
        fresh(&v, &tokens[0], NOW_MS)
    );
    assert_eq!(none.len(), 0);
    let off = SharedTokenCache::disabled();
    let mut buf = [0u8; 6147];
    off.verify(&v, tokens[0].as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
        .unwrap();
    assert_eq!((off.capacity(), off.stats().hits), (0, 0));
    // A buffer too small for the token gives the verifier's error, hit or not.
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 2]);
    cached(&mut cache, &v, &tokens[0], NOW_MS).unwrap();
    let mut small = [0u8; 40];
    let expected = v
        .verify(tokens[0].as_bytes(), UnixTimeMs(NOW_MS), &mut small)
        .map(|_| ());
    assert_eq!(
        cache
            .verify(&v, tokens[0].as_bytes(), UnixTimeMs(NOW_MS), &mut small)
            .map(|_| ()),
        expected
    );
    assert_eq!(expected, Err(Error::TokenTooLarge));
}

#[test]
fn a_token_too_large_for_a_slot_is_verified_every_time() {
    let s = Signer::for_alg(Algorithm::HS256);
    let v = s.verifier(|_| {});
    let big = "x".repeat(3000);
    let t = s.mint_claims(
        Algorithm::HS256,
        &payload_at_now(&format!(r#""pad":"{big}""#)),
    );
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 2]);
    for _ in 0..2 {
        assert_eq!(cached(&mut cache, &v, &t, NOW_MS), fresh(&v, &t, NOW_MS));
    }
    assert_eq!(cache.stats().inserts, 0);
}

#[test]
fn shared_cache_across_threads() {
    let (s, v, _) = setup();
    let tokens: Vec<String> = (0..16)
        .map(|i| {
            s.mint_claims(
                Algorithm::ES256,
                &payload_at_now(&format!(r#""azp":"{AZP}","n":{i}"#)),
            )
        })
        .collect();
    let expected: Vec<_> = tokens.iter().map(|t| fresh(&v, t, NOW_MS)).collect();
    let shared = SharedTokenCache::new(8);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for round in 0..20 {
                    for (t, e) in tokens.iter().zip(&expected) {
                        let got = shared
                            .verify_owned(&v, t.as_bytes(), UnixTimeMs(NOW_MS), vec![0u8; 6147])
                            .map(|b| observe(&b.token()));
                        assert_eq!(&got, e, "round {round}");
                    }
                }
            });
        }
    });
    assert!(shared.stats().hits > 0);
}

/// Request authentication through a shared cache: the same outcome as without one, at every
/// `now` (an expired cached token signs out with Clerk's handshake reason), with the second
/// request answered from the cache.
#[test]
fn authenticate_request_through_the_shared_cache() {
    use sessionjwt::{AuthStatus, RequestParts};
    let (_, v, t) = setup();
    let header = format!("Bearer {t}");
    let shared = SharedTokenCache::new(4);
    let outcome = |cache: Option<&SharedTokenCache>, now: i64, method: &str| {
        let parts = RequestParts {
            authorization: Some(&header),
            cookie: None,
            method,
            publishable_key: None,
        };
        let buf = vec![0u8; 6147];
        let state = match cache {
            Some(c) => c.authenticate_request(&v, &parts, UnixTimeMs(now), buf),
            None => v.authenticate_request(&parts, UnixTimeMs(now), buf),
        };
        (
            state.status,
            state.reason,
            state.error,
            state.verified.map(|b| observe(&b.token())),
        )
    };
    for (now, method) in [
        (NOW_MS, "GET"),
        (NOW_MS, "GET"),
        (NOW_MS + 65_000, "GET"),
        (NOW_MS + 65_000, "POST"),
        (NOW_MS - 15_001, "GET"),
        (NOW_MS - 5_001, "GET"),
    ] {
        assert_eq!(
            outcome(Some(&shared), now, method),
            outcome(None, now, method)
        );
    }
    let signed_in = outcome(Some(&shared), NOW_MS, "GET");
    assert_eq!(signed_in.0, AuthStatus::SignedIn);
    let expired = outcome(Some(&shared), NOW_MS + 65_000, "POST");
    assert_eq!(
        (expired.0, expired.1, expired.2),
        (
            AuthStatus::SignedOut,
            "session-token-expired-refresh-non-eligible-non-get",
            Some(Error::Expired)
        )
    );
    // Hits: the second request, the first expired one (which drops the entry: expired for
    // good) and the last one. The expired POST and the early requests then miss and fail
    // fresh verification (never stored); the signed-in request stores the token again.
    assert_eq!(
        shared.stats(),
        CacheStats {
            hits: 3,
            misses: 5,
            inserts: 2
        }
    );
}

/// Tickets: a binding's handle on the entry of one token. A recheck answers exactly as a
/// fresh verification of that token would at every `now`; a ticket goes stale (never wrong)
/// when its entry is evicted, cleared or refilled, or is shown to another verifier.
#[test]
fn tickets_recheck_like_a_fresh_verification_and_go_stale() {
    use sessionjwt::CacheTicket;
    let (s, v, t) = setup();
    let shared = SharedTokenCache::new(1);
    let verify = |token: &str| {
        let mut buf = [0u8; 6147];
        let (result, ticket) =
            shared.verify_with_ticket(&v, token.as_bytes(), UnixTimeMs(NOW_MS), &mut buf);
        (result.map(|t| observe(&t)), ticket)
    };
    let (first, ticket) = verify(&t);
    assert_eq!(first, fresh(&v, &t, NOW_MS));
    let ticket = ticket.expect("a verified token is cached");
    assert_eq!(ticket, CacheTicket { slot: 0, serial: 1 });
    // A hit gives the same ticket.
    assert_eq!(verify(&t).1, Some(ticket));
    for now in [
        NOW_MS,
        NOW_MS + 64_999,
        NOW_MS - 15_001,
        NOW_MS - 5_001,
        NOW_MS - 5_000,
    ] {
        assert_eq!(
            shared.recheck(&v, ticket, UnixTimeMs(now)),
            Some(fresh(&v, &t, now).map(|_| ())),
            "now = NOW + {}",
            now - NOW_MS
        );
    }
    assert_eq!(shared.stats().hits, 6);
    // Expired: the entry is dropped, so the ticket is stale from then on.
    assert_eq!(
        shared.recheck(&v, ticket, UnixTimeMs(NOW_MS + 65_000)),
        Some(Err(Error::Expired))
    );
    assert_eq!(shared.recheck(&v, ticket, UnixTimeMs(NOW_MS)), None);

    // Refilled: another token takes the only slot; the old ticket is stale, the new one not.
    let (_, ticket) = verify(&t);
    let ticket = ticket.unwrap();
    assert_eq!(ticket.serial, 2);
    let other = s.mint_claims(
        Algorithm::ES256,
        &payload_at_now(r#""azp":"https://app.example.com","n":2"#),
    );
    let (_, other_ticket) = verify(&other);
    assert_eq!(other_ticket, Some(CacheTicket { slot: 0, serial: 3 }));
    assert_eq!(shared.recheck(&v, ticket, UnixTimeMs(NOW_MS)), None);
    assert_eq!(
        shared.recheck(&v, other_ticket.unwrap(), UnixTimeMs(NOW_MS)),
        Some(Ok(()))
    );

    // Forged or foreign tickets, a failed token, a cache that is off: no answer.
    let forged = CacheTicket { slot: 7, serial: 3 };
    assert_eq!(shared.recheck(&v, forged, UnixTimeMs(NOW_MS)), None);
    let (_, v2, _) = setup();
    assert_eq!(
        shared.recheck(&v2, other_ticket.unwrap(), UnixTimeMs(NOW_MS)),
        None
    );
    let (failed, none) = verify(&format!("{t}x"));
    assert!(failed.is_err());
    assert_eq!(none, None);
    let off = SharedTokenCache::disabled();
    let mut buf = [0u8; 6147];
    let (ok, none) = off.verify_with_ticket(&v, t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf);
    assert_eq!(ok.map(|t| observe(&t)), fresh(&v, &t, NOW_MS));
    assert_eq!(none, None);
    assert_eq!(off.recheck(&v, ticket, UnixTimeMs(NOW_MS)), None);
    shared.clear();
    assert_eq!(
        shared.recheck(&v, other_ticket.unwrap(), UnixTimeMs(NOW_MS)),
        None
    );
}
