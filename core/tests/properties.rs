//! Property tests (proptest), after spec/security.md §3's plan:
//!
//! - any single-byte change to a valid token is never accepted, for every algorithm;
//! - the verdict is monotone in `now`: not-yet-valid, then valid, then expired (the valid
//!   window is one interval, possibly empty), whatever exp/nbf/iat and skew;
//! - mint -> verify round-trips for every algorithm, with arbitrary subjects and claims;
//! - arbitrary bytes (raw, and token-shaped) never panic and never allocate in the core,
//!   whichever entry point they reach (a counting global allocator, per thread), request
//!   authentication's `Authorization` and `Cookie` headers included.
//!
//! Case counts are modest so `cargo test` stays fast; raise them with `PROPTEST_CASES`.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::Config;
use sessionjwt::{
    dangerous, Algorithm, AlgorithmSet, Error, Limits, RequestParts, UnixTimeMs, Verifier,
};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

#[path = "common/counting.rs"]
mod counting;
use counting::allocations_during;

fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(cases),
        // Failures print the minimal input; nothing is written into the source tree.
        failure_persistence: None,
        ..Config::default()
    }
}

/// One signer and verifier per algorithm (key generation is the slow part).
fn signer(alg: Algorithm) -> &'static (Signer, Verifier) {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static (Signer, Verifier)>>> =
        OnceLock::new();
    let mut map = CACHE.get_or_init(Default::default).lock().unwrap();
    map.entry(alg.name()).or_insert_with(|| {
        let s = Signer::for_alg(alg);
        let v = s.verifier(|b| {
            b.algorithms(AlgorithmSet::EMPTY.with(alg));
        });
        Box::leak(Box::new((s, v)))
    })
}

fn any_alg() -> impl Strategy<Value = Algorithm> {
    proptest::sample::select(Algorithm::ALL.to_vec())
}

fn verify(v: &Verifier, token: &[u8], now_ms: i64) -> Result<String, Error> {
    let mut buf = vec![0u8; v.limits().buffer_len()];
    v.verify(token, UnixTimeMs(now_ms), &mut buf)
        .map(|t| t.payload_json().to_owned())
}

proptest! {
    #![proptest_config(config(48))]

    /// Changing any one byte of a valid token to any other byte is never accepted: the
    /// canonical encoding leaves no second spelling, and the signature covers the rest.
    #[test]
    fn a_single_byte_change_is_never_accepted(
        alg in any_alg(),
        position in any::<proptest::sample::Index>(),
        replacement in any::<u8>(),
    ) {
        let (s, v) = signer(alg);
        let token = s.mint_claims(alg, &payload_at_now(r#""azp":"https://app.example.com""#));
        prop_assert!(verify(v, token.as_bytes(), NOW_MS).is_ok());
        let mut bad = token.into_bytes();
        let i = position.index(bad.len());
        prop_assume!(bad[i] != replacement);
        bad[i] = replacement;
        prop_assert!(verify(v, &bad, NOW_MS).is_err(), "accepted after changing byte {i}");
    }

    /// mint -> verify round-trips for every algorithm, with any subject and custom claims,
    /// and gives back exactly the signed payload and subject.
    #[test]
    fn mint_then_verify_round_trips(
        alg in any_alg(),
        sub in any::<String>(),
        custom in proptest::collection::vec((any::<String>(), any::<i32>()), 0..4),
    ) {
        let (s, v) = signer(alg);
        let mut claims = serde_json::Map::new();
        for (k, n) in custom {
            claims.insert(format!("x-{k}"), n.into());
        }
        claims.insert("sub".into(), sub.clone().into());
        claims.insert("exp".into(), (NOW_S + 60).into());
        claims.insert("iat".into(), NOW_S.into());
        let payload = serde_json::Value::Object(claims).to_string();
        let token = s.mint_claims(alg, &payload);
        let mut buf = vec![0u8; v.limits().buffer_len()];
        let t = v.verify(token.as_bytes(), UnixTimeMs(NOW_MS), &mut buf);
        let t = t.map_err(|e| TestCaseError::fail(format!("{alg:?}: {e:?}")))?;
        prop_assert_eq!(t.payload_json(), payload.as_str());
        prop_assert_eq!(t.subject().chars().collect::<String>(), sub);
        prop_assert_eq!(t.algorithm(), alg);
    }
}

/// How a verdict at a given `now` ranks in time: before the window, in it, after it.
fn rank(r: &Result<String, Error>) -> u8 {
    match r {
        Err(Error::NotYetValid | Error::IssuedInFuture) => 0,
        Ok(_) => 1,
        Err(Error::Expired) => 2,
        Err(e) => panic!("a time-only change gave {e:?}"),
    }
}

fn numeric_date() -> impl Strategy<Value = String> {
    let near = (NOW_S - 120)..(NOW_S + 120);
    prop_oneof![
        near.clone().prop_map(|s| s.to_string()),
        near.prop_map(|s| format!("{s}.5")),
        (-(1i64 << 53)..(1i64 << 53)).prop_map(|s| s.to_string()),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// The verdict is monotone in `now`: as `now` grows it goes from not-yet-valid (nbf or
    /// iat in the future) to valid to expired, never back; so the valid window is a single
    /// interval. Skews and `now` range over the whole of i64.
    #[test]
    fn the_verdict_is_monotone_in_now(
        exp in numeric_date(),
        nbf in proptest::option::of(numeric_date()),
        iat in proptest::option::of(numeric_date()),
        skew in prop_oneof![-10_000i64..10_000, any::<i64>()],
        mut nows in proptest::collection::vec(
            prop_oneof![(NOW_MS - 300_000)..(NOW_MS + 300_000), any::<i64>()], 2..24),
    ) {
        let s = Signer::for_alg(Algorithm::HS256);
        let v = s.verifier(|b| { b.clock_skew_ms(skew); });
        let mut payload = format!(r#"{{"sub":"u","exp":{exp}"#);
        for (name, value) in [("nbf", &nbf), ("iat", &iat)] {
            if let Some(value) = value {
                payload.push_str(&format!(r#","{name}":{value}"#));
            }
        }
        payload.push('}');
        let token = s.mint_claims(Algorithm::HS256, &payload);
        nows.sort_unstable();
        let ranks: Vec<u8> = nows.iter().map(|&n| rank(&verify(&v, token.as_bytes(), n))).collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "not monotone: {:?} at {:?}", ranks, nows);
    }
}

/// Bytes over the base64url alphabet plus `.`, so most inputs split into three segments.
fn token_shaped() -> impl Strategy<Value = Vec<u8>> {
    let b64 = |max| proptest::collection::vec(any::<u8>(), 0..max).prop_map(|b| b64url(&b));
    let json_ish = proptest::collection::vec(
        proptest::sample::select(
            br#"{}[]":,0123456789.-eE truefalsnalgkidtypRS256HS256subexp\u0"#.to_vec(),
        ),
        0..160,
    )
    .prop_map(|b| b64url(&b));
    (
        prop_oneof![b64(64), json_ish.clone()],
        prop_oneof![b64(256), json_ish],
        b64(96),
    )
        .prop_map(|(h, p, s)| format!("{h}.{p}.{s}").into_bytes())
}

fn no_rsa_verifiers() -> &'static [Verifier] {
    static V: OnceLock<Vec<Verifier>> = OnceLock::new();
    V.get_or_init(|| {
        [
            Algorithm::ES256,
            Algorithm::ES384,
            Algorithm::EdDSA,
            Algorithm::HS256,
        ]
        .into_iter()
        .map(|alg| {
            Signer::for_alg(alg).verifier(|b| {
                b.algorithms(AlgorithmSet::EMPTY.with(alg))
                    .authorized_party("https://app.example.com")
                    .unwrap();
            })
        })
        .collect()
    })
}

/// Every entry point that takes untrusted bytes; returns the allocations it made.
fn feed_everything(input: &[u8]) -> usize {
    let verifiers = no_rsa_verifiers();
    let mut buf = [0u8; 6147];
    let ((), n) = allocations_during(|| {
        for v in verifiers {
            let _ = v.verify(input, UnixTimeMs(NOW_MS), &mut buf);
            let _ = v.signature_input(input, &mut buf).map(|i| i.algorithm());
            let _ = v.verify_with_host_verdict(input, UnixTimeMs(NOW_MS), &mut buf, true);
        }
        let _ = dangerous::decode_unverified(input, &Limits::DEFAULT, &mut buf);
        let _ = dangerous::header_from_json(input, &Limits::DEFAULT);
        if let Ok(claims) = dangerous::claims_from_json(input) {
            let auth = dangerous::auth_from_claims(&claims, true);
            let _ = auth.has_permission("org:a:b");
        }
        let _ = dangerous::decode_base64url(input, &mut buf);
        let mut b = Verifier::builder();
        let _ = b.add_pem(input);
        let _ = b.add_jwk(input);
        let _ = b.add_jwks(input);
        let _ = b.build();
    });
    n
}

/// Publishable keys of a development and a production instance (suffixed cookie names, the
/// dev-browser rule), and none.
const PUBLISHABLE_KEYS: [Option<&str>; 3] = [
    None,
    Some("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA"),
    Some("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"),
];

/// Request authentication with `authorization` and `cookie` as the headers (and, as the
/// publishable key, `input` itself too); returns the allocations it made.
fn feed_request(authorization: Option<&str>, cookie: Option<&str>, input: &str) -> usize {
    let verifiers = no_rsa_verifiers();
    let mut buf = [0u8; 6147];
    let ((), n) = allocations_during(|| {
        for v in verifiers {
            for publishable_key in PUBLISHABLE_KEYS.into_iter().chain([Some(input)]) {
                for method in ["GET", "POST", input] {
                    let parts = RequestParts {
                        authorization,
                        cookie,
                        method,
                        publishable_key,
                    };
                    let _ = v.request_token(&parts, UnixTimeMs(NOW_MS), &mut buf);
                    let state = v.authenticate_request(&parts, UnixTimeMs(NOW_MS), &mut buf[..]);
                    let _ = state
                        .verified
                        .map(|t| t.token().auth(true).is_authenticated());
                }
            }
        }
    });
    n
}

/// A token the HS256 verifier of [`no_rsa_verifiers`] accepts (the HMAC test secret, the
/// authorized party), so that request authentication also reaches its signed-in path.
fn valid_hs256() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        let t = Signer::for_alg(Algorithm::HS256).mint_claims(
            Algorithm::HS256,
            &payload_at_now(r#""azp":"https://app.example.com""#),
        );
        let hs256 = &no_rsa_verifiers()[3];
        assert!(verify(hs256, t.as_bytes(), NOW_MS).is_ok());
        t
    })
}

/// Cookie headers built from token-shaped values, `__client_uat` numbers and junk, under
/// Clerk's names (suffixed too), with JavaScript-ish spacing and quotes.
fn cookie_header() -> impl Strategy<Value = String> {
    let name = proptest::sample::select(vec![
        "__session",
        "__client_uat",
        "__session_vWCgMp3A",
        "__client_uat_vWCgMp3A",
        "__clerk_db_jwt",
        "__refresh",
        "x",
    ]);
    let value = prop_oneof![
        token_shaped().prop_map(|t| String::from_utf8(t).unwrap()),
        Just(valid_hs256().to_owned()),
        "[ \t\"+-]{0,2}(0[xX])?[0-9a-fA-F]{0,12}[ \t\"a-z%]{0,2}",
        "[\\PC]{0,24}",
    ];
    proptest::collection::vec((name, value, "[ \t]{0,2}"), 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v, pad)| format!("{pad}{n}={v}{pad}"))
            .collect::<Vec<_>>()
            .join(";")
    })
}

proptest! {
    #![proptest_config(config(256))]

    /// Arbitrary bytes never panic and never allocate, whatever entry point they reach.
    #[test]
    fn arbitrary_bytes_never_panic_nor_allocate(input in proptest::collection::vec(any::<u8>(), 0..2048)) {
        no_rsa_verifiers();
        prop_assert_eq!(feed_everything(&input), 0);
    }

    /// The same for token-shaped input (three base64url segments of JSON-ish bytes), which
    /// gets past the splitter and the decoder into the JSON and header checks.
    #[test]
    fn token_shaped_bytes_never_panic_nor_allocate(input in token_shaped()) {
        no_rsa_verifiers();
        prop_assert_eq!(feed_everything(&input), 0);
    }

    /// Request headers: arbitrary text as the `Authorization` and `Cookie` values, and
    /// Clerk-shaped ones (`Bearer` tokens, cookie lists with `__client_uat` numbers in every
    /// notation `parseInt` reads), never panic and never allocate.
    #[test]
    fn request_headers_never_panic_nor_allocate(
        junk in "[\\PC]{0,64}",
        token in prop_oneof![token_shaped(), Just(valid_hs256().as_bytes().to_vec())],
        scheme in proptest::sample::select(vec!["Bearer ", "Bearer  ", "bearer ", "", "Basic "]),
        cookie in cookie_header(),
    ) {
        no_rsa_verifiers();
        let token = String::from_utf8(token).unwrap();
        let authorization = format!("{scheme}{token}");
        prop_assert_eq!(feed_request(Some(&junk), Some(&junk), &junk), 0);
        prop_assert_eq!(feed_request(Some(&authorization), None, &junk), 0);
        prop_assert_eq!(feed_request(None, Some(&cookie), &junk), 0);
        prop_assert_eq!(feed_request(Some(&junk), Some(&cookie), &token), 0);
    }
}
