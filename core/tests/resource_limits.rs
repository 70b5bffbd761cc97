//! Hostile sizes (issue: resource limits): a 1 MB token, 10^6-deep JSON, a JWKS with 10^4
//! keys, 10^5 permissions. Each is rejected, or handled, within the documented limits (crate
//! docs "Limits"), with no heap allocation in the core and no recursion: each runs on a
//! thread with a 1 MiB stack, which a recursive descent into 10^6 levels would overflow many
//! times over, under a watchdog that fails a call that never returns. (Measured separately: a whole verification needs about
//! 20 KiB of stack in a release build and 160 KiB unoptimised.)

mod common;

#[path = "common/counting.rs"]
mod counting;

use common::*;
use counting::allocations_during;
use sessionjwt::{
    dangerous, Algorithm, Error, Limits, OrgPermissions, UnixTimeMs, Verifier, MAX_KEYS,
    MAX_ORG_PERMISSIONS,
};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Runs `f` on a thread with a 1 MiB stack (a recursive parser would overflow it on the
/// deep inputs), under a watchdog: if `f` has not returned after 60 s the test fails. That
/// is a hang guard, not a speed check: each test takes milliseconds, while work quadratic
/// in a 1 MB input would take hours. Speed is measured by the benchmarks.
fn small_stack(f: impl FnOnce() + Send + 'static) {
    const WATCHDOG: Duration = Duration::from_secs(60);
    let (done, finished) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(move || {
            f();
            let _ = done.send(());
        })
        .unwrap();
    match finished.recv_timeout(WATCHDOG) {
        Ok(()) | Err(RecvTimeoutError::Disconnected) => {
            worker.join().expect("no panic, no stack overflow")
        }
        Err(RecvTimeoutError::Timeout) => {
            panic!("not finished after {WATCHDOG:?}: a hang or super-linear work")
        }
    }
}

fn hmac_verifier(limits: Limits) -> (Signer, Verifier) {
    let s = Signer::for_alg(Algorithm::HS256);
    let v = s.verifier(|b| {
        b.limits(limits).unwrap();
    });
    (s, v)
}

/// Verifies with a fresh buffer; `Ok(true)` when the subject is `user_1`. Returns the
/// verdict and the heap allocations made during verification.
fn verify_counting(v: &Verifier, token: &[u8]) -> (Result<bool, Error>, usize) {
    let mut buf = vec![0u8; v.limits().buffer_len()];
    allocations_during(|| {
        v.verify(token, UnixTimeMs(NOW_MS), &mut buf)
            .map(|t| t.subject().eq_str("user_1"))
    })
}

const MB: usize = 1 << 20;

#[test]
fn a_one_megabyte_token() {
    small_stack(|| {
        let (s, v) = hmac_verifier(Limits::DEFAULT);
        // Default limits: refused by size before anything is read.
        let big = s.mint_claims(
            Algorithm::HS256,
            &payload_at_now(&format!(r#""pad":"{}""#, "x".repeat(MB))),
        );
        assert!(big.len() > MB);
        for token in [big.as_bytes(), &vec![b'.'; MB], &vec![b'A'; MB]] {
            let (r, n) = verify_counting(&v, token);
            assert_eq!(r, Err(Error::TokenTooLarge));
            assert_eq!(n, 0);
        }
        // Raised to 2 MB, the same token is handled in full: decoded, JSON-validated and
        // verified into the caller's buffer, still without a heap allocation.
        let (_, roomy) = hmac_verifier(Limits {
            max_token_bytes: 2 * MB,
            ..Limits::DEFAULT
        });
        let (r, n) = verify_counting(&roomy, big.as_bytes());
        assert_eq!(r, Ok(true));
        assert_eq!(n, 0);
        // A buffer smaller than Limits::buffer_len is an error, not a panic.
        let mut small = vec![0u8; 4096];
        let r = roomy.verify(big.as_bytes(), UnixTimeMs(NOW_MS), &mut small);
        assert_eq!(r.map(|_| ()), Err(Error::TokenTooLarge));
    });
}

fn deep(depth: usize) -> String {
    format!(
        r#"{{"sub":"u","x":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn a_million_deep_json() {
    small_stack(|| {
        let doc = deep(1_000_000);
        // Claims and header parsers: refused at the depth limit, iteratively.
        let (r, n) = allocations_during(|| dangerous::claims_from_json(doc.as_bytes()).map(|_| ()));
        assert_eq!((r, n), (Err(Error::JsonTooDeep), 0));
        assert_eq!(
            dangerous::header_from_json(doc.as_bytes(), &Limits::DEFAULT).map(|_| ()),
            Err(Error::JsonTooDeep)
        );
        // A signed token carrying it: refused by size by default; with the size limit
        // raised (and the depth at its hard cap) it still ends at the depth check.
        let (s, v) = hmac_verifier(Limits::DEFAULT);
        let token = s.mint_claims(Algorithm::HS256, &doc);
        assert_eq!(
            verify_counting(&v, token.as_bytes()).0,
            Err(Error::TokenTooLarge)
        );
        let (_, roomy) = hmac_verifier(Limits {
            max_token_bytes: 4 * MB,
            max_json_depth: sessionjwt::MAX_JSON_DEPTH_CAP,
        });
        assert_eq!(
            verify_counting(&roomy, token.as_bytes()),
            (Err(Error::JsonTooDeep), 0)
        );
        // Keys: a deep JWK or JWKS is a key error.
        let mut b = Verifier::builder();
        assert_eq!(b.add_jwks(doc.as_bytes()).map(|_| ()), Err(Error::KeyJwk));
        assert_eq!(b.add_jwk(doc.as_bytes()).map(|_| ()), Err(Error::KeyJwk));
        // Depth within the limit is fine (the control).
        let (r, _) = verify_counting(&v, s.mint_claims(Algorithm::HS256, &deep(30)).as_bytes());
        assert_eq!(
            r.unwrap_err(),
            Error::InvalidExpiration,
            "parsed, then no exp"
        );
    });
}

#[test]
fn a_jwks_with_ten_thousand_keys() {
    small_stack(|| {
        let ec = r#"{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}"#;
        let set = |key: &str, n: usize| {
            let keys: Vec<String> = (0..n)
                .map(|i| key.replacen('{', &format!(r#"{{"kid":"k{i}","#), 1))
                .collect();
            format!(r#"{{"keys":[{}]}}"#, keys.join(","))
        };
        // More supported keys than MAX_KEYS: refused, after MAX_KEYS + 1 keys.
        let text = set(ec, 10_000);
        let mut b = Verifier::builder();
        let (r, n) = allocations_during(|| b.add_jwks(text.as_bytes()).map(|_| ()));
        assert_eq!((r, n), (Err(Error::KeySetFull), 0));
        // 10^4 keys of an unsupported curve are read and skipped: linear time, empty set.
        let p521 = r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}"#;
        let mut b = Verifier::builder();
        let text = set(p521, 10_000);
        b.add_jwks(text.as_bytes()).unwrap();
        assert!(b.build().unwrap().keys().is_empty());
        // Exactly MAX_KEYS keys load; kid selection among them is a linear scan.
        let mut b = Verifier::builder();
        b.add_jwks(set(ec, MAX_KEYS).as_bytes()).unwrap();
        assert_eq!(b.build().unwrap().keys().keys().len(), MAX_KEYS);
    });
}

#[test]
fn a_hundred_thousand_permissions() {
    small_stack(|| {
        let claims = |fea: &str, per: &str, fpm: &str| {
            serde_json::json!({"sub": "u", "v": 2, "fea": fea,
                "o": {"id": "org_1", "rol": "admin", "per": per, "fpm": fpm}})
            .to_string()
        };
        let names = |n: usize| {
            (0..n)
                .map(|i| format!("p{i}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        // o.per naming 10^5 permissions: more than MAX_ORG_PERMISSIONS, so none at all.
        let json = claims("o:f", &names(100_000), "1");
        let c = dangerous::claims_from_json(json.as_bytes()).unwrap();
        let (granted, n) = allocations_during(|| {
            let auth = dangerous::auth_from_claims(&c, true);
            let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() else {
                panic!("v2");
            };
            (set.iter().count(), auth.has_permission("org:f:p0"))
        });
        assert_eq!((granted, n), ((0, false), 0));

        // 10^5 granted: 100 features x MAX_ORG_PERMISSIONS names, every mask all ones
        // (2^1024 - 1, a 309-digit decimal): expanded lazily, no allocation.
        let all_ones = {
            // Decimal digits of 2^1024 - 1 by repeated doubling.
            let mut digits = vec![1u8];
            for _ in 0..1024 {
                let mut carry = 0;
                for d in digits.iter_mut() {
                    let v = *d * 2 + carry;
                    *d = v % 10;
                    carry = v / 10;
                }
                if carry > 0 {
                    digits.push(carry);
                }
            }
            digits[0] -= 1; // 2^1024 ends in 6: no borrow
            digits
                .iter()
                .rev()
                .map(|d| char::from(b'0' + d))
                .collect::<String>()
        };
        let features: Vec<String> = (0..100).map(|i| format!("o:f{i}")).collect();
        let masks = vec![all_ones.as_str(); 100].join(",");
        let json = claims(&features.join(","), &names(MAX_ORG_PERMISSIONS), &masks);
        let c = dangerous::claims_from_json(json.as_bytes()).unwrap();
        let ((count, last, miss), n) = allocations_during(|| {
            let auth = dangerous::auth_from_claims(&c, true);
            let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() else {
                panic!("v2");
            };
            (
                set.iter().count(),
                auth.has_permission("org:f99:p1023"),
                auth.has_permission("org:f99:p1024"),
            )
        });
        assert_eq!(
            (count, last, miss),
            (100 * MAX_ORG_PERMISSIONS, true, false)
        );
        assert_eq!(n, 0);
    });
}
