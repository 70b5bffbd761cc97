//! Fuzz targets for the sessionjwt core, as plain functions of `&[u8]`.
//!
//! Each `fuzz_targets/<name>.rs` is a one-line libFuzzer wrapper around the function of the
//! same name here, and `tests/smoke.rs` replays the seed corpora and a bounded number of
//! mutations through the very same functions on stable Rust (`make test-fuzz`). A target
//! panics when an invariant or an oracle check fails; otherwise it only has to return.
//!
//! The checks go beyond "does not crash":
//! - every verification is repeated through `verify_owned`, the two-phase API
//!   (`signature_input` + `verify_with_host_verdict` with ring's verdict),
//!   `dangerous::decode_unverified` and the repeat-token cache (hits and ticket rechecks at
//!   other times than the one the token was stored at), and all must agree;
//! - an accepted token's claims are re-checked by an independent oracle (serde_json and the
//!   spec's inequalities);
//! - accepted JSON is walked member by member against serde_json's parse;
//! - base64url, v2 permission expansion and reverification are compared with small
//!   reference implementations written from the spec.

pub mod seeds;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use serde_json::Value;
use sessionjwt::{
    dangerous, Algorithm, AlgorithmSet, CryptoProvider, Error, HasParams, JsonValue, KeyFamily,
    KeyMaterial, Limits, OrgPermissions, Param, Reverification, RingProvider, SharedTokenCache,
    UnixTimeMs, VerifiedToken, Verifier, MAX_KEYS,
};
use std::sync::OnceLock;

/// One fuzz target: its name (the `fuzz_targets/` file and corpus folder) and its function.
pub struct Target {
    /// Name of the target.
    pub name: &'static str,
    /// The function libFuzzer calls.
    pub run: fn(&[u8]),
}

/// Every target, in the order `make fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "verify_rsa",
        run: verify_rsa,
    },
    Target {
        name: "verify_ec",
        run: verify_ec,
    },
    Target {
        name: "verify_ed25519",
        run: verify_ed25519,
    },
    Target {
        name: "verify_hmac",
        run: verify_hmac,
    },
    Target {
        name: "verify_jwks",
        run: verify_jwks,
    },
    Target {
        name: "verify_signed",
        run: verify_signed,
    },
    Target {
        name: "header_json",
        run: header_json,
    },
    Target {
        name: "claims_json",
        run: claims_json,
    },
    Target {
        name: "pem",
        run: pem,
    },
    Target {
        name: "spki_der",
        run: spki_der,
    },
    Target {
        name: "jwk",
        run: jwk,
    },
    Target {
        name: "jwks",
        run: jwks,
    },
    Target {
        name: "base64url",
        run: base64url,
    },
    Target {
        name: "permissions",
        run: permissions,
    },
    Target {
        name: "reverification",
        run: reverification,
    },
];

/// The "now" of the Clerk fixtures (their tokens verify at this instant).
pub const NOW_MS: i64 = 1_666_648_250_000;

/// The fixed keys (test-only keys from `core/tests/data`).
pub const RSA_PEM: &[u8] = include_bytes!("../../core/tests/data/clerk-public-pkcs1.pem");
/// P-256 public key.
pub const P256_PEM: &[u8] = include_bytes!("../../core/tests/data/ec-p256-public.pem");
/// P-384 public key.
pub const P384_PEM: &[u8] = include_bytes!("../../core/tests/data/ec-p384-public.pem");
/// Ed25519 public key.
pub const ED25519_PEM: &[u8] = include_bytes!("../../core/tests/data/ed25519-public.pem");
/// The HMAC secret of `verify_hmac` and `verify_signed`: 64 bytes 0, 1, ..., 63.
pub const HMAC_SECRET: [u8; 64] = {
    let mut s = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        s[i] = i as u8;
        i += 1;
    }
    s
};

fn all_of(family: &[KeyFamily]) -> AlgorithmSet {
    Algorithm::ALL
        .into_iter()
        .filter(|a| family.contains(&a.family()))
        .collect()
}

fn pem_verifier(pem: &[u8], algs: AlgorithmSet) -> Verifier {
    let mut b = Verifier::builder();
    b.add_pem(pem).expect("fixed key").algorithms(algs);
    b.build().expect("fixed verifier")
}

pub fn b64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

// ---- whole-token verification --------------------------------------------------------------

/// What a verified token looks like, to compare the several ways of verifying it.
#[derive(Debug, PartialEq)]
struct Summary {
    header: String,
    payload: String,
    alg: Algorithm,
    subject: String,
    times: sessionjwt::TimeClaims,
}

fn summary(t: &VerifiedToken<'_>) -> Summary {
    Summary {
        header: t.header().json().raw_json().to_owned(),
        payload: t.payload_json().to_owned(),
        alg: t.algorithm(),
        subject: t.subject().chars().collect(),
        times: t.times(),
    }
}

/// Verifies `token` every way the core offers and checks that the answers agree; returns
/// the verdict. Accepted tokens also go through the auth layer.
fn check_verify(v: &Verifier, token: &[u8], now: UnixTimeMs) -> Result<Summary, Error> {
    let len = v.limits().buffer_len();
    let mut buf = vec![0u8; len];
    let verdict = v.verify(token, now, &mut buf);
    if let Ok(t) = &verdict {
        exercise_auth(t);
        assert!(t.subject().as_str_lossless_check());
    }
    let full = verdict.as_ref().map(summary).map_err(|e| *e);

    // The error vocabulary is total and injective.
    if let Err(e) = full {
        assert_eq!(Error::from_number(e.number()), Some(e));
        assert!(!e.reason().is_empty() && !e.code().is_empty() && !e.message().is_empty());
    }

    // verify_owned: the same answer, views re-derived from the owned buffer.
    let owned = v
        .verify_owned(token, now, vec![0u8; len])
        .map(|b| summary(&b.token()));
    assert_eq!(owned, full, "verify_owned disagrees with verify");

    // The repeat-token cache: a miss, then hits at other times, each exactly what a fresh
    // verification says at that time (the time claims are re-checked on every hit), and the
    // ticket of a cached token rechecks to the same verdict.
    let cache = SharedTokenCache::new(1);
    let hour = 3_600_000;
    for at in [
        now.0,
        now.0.saturating_add(hour),
        now.0.saturating_sub(hour),
        now.0,
    ] {
        let at = UnixTimeMs(at);
        let fresh = v
            .verify(token, at, &mut vec![0u8; len])
            .map(|t| summary(&t));
        let mut b = vec![0u8; len];
        let (cached, ticket) = cache.verify_with_ticket(v, token, at, &mut b);
        assert_eq!(
            cached.map(|t| summary(&t)),
            fresh,
            "the cache disagrees at {at:?}"
        );
        if let Some(ticket) = ticket {
            let verdict = fresh.as_ref().map(|_| ()).map_err(|e| *e);
            assert_eq!(
                cache.recheck(v, ticket, at),
                Some(verdict),
                "a ticket disagrees"
            );
        }
    }

    // Two phases with ring's verdict: the same answer.
    let mut buf1 = vec![0u8; len];
    match v.signature_input(token, &mut buf1) {
        Err(e) => assert_eq!(full.as_ref().err(), Some(&e), "phase 1 error differs"),
        Ok(input) => {
            assert!(v.allowed_algorithms().contains(input.algorithm()));
            assert_eq!(input.key().material().family(), input.algorithm().family());
            assert!(core::ptr::eq(
                &v.keys().keys()[input.key_index()],
                input.key()
            ));
            let ring = RingProvider.verify(
                input.algorithm(),
                input.key().material(),
                &(),
                input.signing_input(),
                input.signature(),
            );
            let mut buf2 = vec![0u8; len];
            let host = v
                .verify_with_host_verdict(token, now, &mut buf2, ring)
                .map(|t| summary(&t));
            assert_eq!(host, full, "two-phase verification disagrees");
            if !ring {
                assert_eq!(full.as_ref().err(), Some(&Error::InvalidSignature));
            }
        }
    }

    // Decoding without verification never panics, and agrees on what verification accepted.
    let mut buf3 = vec![0u8; len];
    let decoded = dangerous::decode_unverified(token, v.limits(), &mut buf3);
    if let Ok(s) = &full {
        let (header, claims) = decoded.expect("a verified token decodes");
        assert_eq!(header.json().raw_json(), s.header);
        assert_eq!(claims.json().raw_json(), s.payload);
    }
    full
}

trait LosslessCheck {
    fn as_str_lossless_check(&self) -> bool;
}

impl LosslessCheck for sessionjwt::JsonStr<'_> {
    /// Unescaping agrees with itself: length, buffer copy and char iteration.
    fn as_str_lossless_check(&self) -> bool {
        let chars: String = self.chars().collect();
        let mut buf = vec![0u8; chars.len()];
        chars.len() == self.unescaped_len()
            && self.unescape_into(&mut buf) == Some(chars.as_str())
            && self.eq_str(&chars)
    }
}

/// Builds the auth object both ways, renders it, and asks `has()` a few questions.
fn exercise_auth(t: &VerifiedToken<'_>) {
    for pending in [true, false] {
        let auth = t.auth(pending);
        let mut json = String::new();
        auth.write_json(&mut json).unwrap();
        // Claim values are written as their exact text, so a number beyond f64 (strict JSON,
        // Infinity to JSON.parse) in a passed-through claim such as `fva` reaches the auth
        // JSON too; serde_json refuses only that (found by verify_signed, round 6).
        if let Some(parsed) = serde_of(json.as_bytes()) {
            assert!(parsed.is_object(), "auth JSON is not an object: {json}");
        }
        for params in [
            HasParams {
                role: Some(Param::Str("admin")),
                ..HasParams::default()
            },
            HasParams {
                permission: Some(Param::Str("org:billing:read")),
                feature: Some(Param::Str("o:dashboard")),
                ..HasParams::default()
            },
            HasParams {
                plan: Some(Param::Str("pro")),
                reverification: Some(Reverification::Preset("strict")),
                ..HasParams::default()
            },
            HasParams::default(),
        ] {
            let granted = auth.has(&params);
            if params == HasParams::default() {
                assert!(!granted, "has({{}}) must be false");
            }
        }
    }
}

fn verify_with(verifiers: &[Verifier], data: &[u8]) {
    for v in verifiers {
        let _ = check_verify(v, data, UnixTimeMs(NOW_MS));
    }
}

/// Whole tokens against the Clerk fixture RSA-2048 key (every RS*/PS* allowed).
pub fn verify_rsa(data: &[u8]) {
    static V: OnceLock<[Verifier; 1]> = OnceLock::new();
    let v = V.get_or_init(|| [pem_verifier(RSA_PEM, all_of(&[KeyFamily::Rsa]))]);
    verify_with(v, data);
}

/// Whole tokens against a P-256 key (ES256) and a P-384 key (ES384).
pub fn verify_ec(data: &[u8]) {
    static V: OnceLock<[Verifier; 2]> = OnceLock::new();
    let v = V.get_or_init(|| {
        [
            pem_verifier(P256_PEM, all_of(&[KeyFamily::EcP256])),
            pem_verifier(P384_PEM, all_of(&[KeyFamily::EcP384])),
        ]
    });
    verify_with(v, data);
}

/// Whole tokens against an Ed25519 key.
pub fn verify_ed25519(data: &[u8]) {
    static V: OnceLock<[Verifier; 1]> = OnceLock::new();
    let v = V.get_or_init(|| [pem_verifier(ED25519_PEM, all_of(&[KeyFamily::Ed25519]))]);
    verify_with(v, data);
}

fn hmac_verifier(configure: impl FnOnce(&mut sessionjwt::VerifierBuilder)) -> Verifier {
    let mut b = Verifier::builder();
    b.add_hmac_secret(&HMAC_SECRET)
        .unwrap()
        .algorithms(all_of(&[KeyFamily::Hmac]));
    configure(&mut b);
    b.build().unwrap()
}

/// Whole tokens against a 64-byte HMAC secret (HS256/384/512).
pub fn verify_hmac(data: &[u8]) {
    static V: OnceLock<[Verifier; 1]> = OnceLock::new();
    let v = V.get_or_init(|| [hmac_verifier(|_| {})]);
    verify_with(v, data);
}

/// The JWKS of `verify_jwks`: the RSA, P-256, P-384 and Ed25519 keys with kids, built from
/// the PEM keys, plus an encryption-only copy of the RSA key.
pub fn fixed_jwks() -> String {
    let key = |pem: &[u8]| {
        let mut b = Verifier::builder();
        b.add_pem(pem).unwrap();
        b.build().unwrap().keys().keys()[0].material().clone()
    };
    let rsa = key(RSA_PEM);
    let e = rsa.rsa_exponent().to_be_bytes();
    let e = &e[e.iter().position(|b| *b != 0).unwrap()..];
    let ec = |m: &KeyMaterial, crv: &str, kid: &str| {
        let p = &m.bytes()[1..];
        let (x, y) = p.split_at(p.len() / 2);
        format!(
            r#"{{"kty":"EC","crv":"{crv}","kid":"{kid}","x":"{}","y":"{}"}}"#,
            b64url(x),
            b64url(y)
        )
    };
    let rsa_jwk = |kid: &str, extra: &str| {
        format!(
            r#"{{"kty":"RSA","kid":"{kid}","n":"{}","e":"{}"{extra}}}"#,
            b64url(rsa.bytes()),
            b64url(e)
        )
    };
    format!(
        r#"{{"keys":[{},{},{},{},{{"kty":"OKP","crv":"Ed25519","kid":"ed","x":"{}"}}]}}"#,
        rsa_jwk(
            "ins_2GIoQhbUpy0hX7B2cVkuTMinXoD",
            r#","use":"sig","alg":"RS256""#
        ),
        rsa_jwk("enc", r#","use":"enc""#),
        ec(&key(P256_PEM), "P-256", "ec256"),
        ec(&key(P384_PEM), "P-384", "ec384"),
        b64url(key(ED25519_PEM).bytes()),
    )
}

/// Whole tokens against a JWKS of every asymmetric family, selected by `kid`, with
/// authorized parties, an audience and an issuer configured.
pub fn verify_jwks(data: &[u8]) {
    static V: OnceLock<[Verifier; 1]> = OnceLock::new();
    let v = V.get_or_init(|| {
        let mut b = Verifier::builder();
        b.add_jwks(fixed_jwks().as_bytes())
            .unwrap()
            .algorithms(all_of(&[
                KeyFamily::Rsa,
                KeyFamily::EcP256,
                KeyFamily::EcP384,
                KeyFamily::Ed25519,
            ]))
            .authorized_party("https://app.example.com")
            .unwrap()
            .audience("api")
            .unwrap()
            .issuer("https://clerk.example.com")
            .unwrap();
        [b.build().unwrap()]
    });
    verify_with(v, data);
}

/// Options of `verify_signed`, chosen by the first input byte.
fn signed_verifier(opts: u8) -> (&'static Verifier, i64) {
    const SKEWS: [i64; 4] = [5000, 0, i64::MAX, i64::MIN];
    static V: OnceLock<Vec<Verifier>> = OnceLock::new();
    let all = V.get_or_init(|| {
        (0..32u8)
            .map(|i| {
                hmac_verifier(|b| {
                    if i & 1 != 0 {
                        b.authorized_party("https://app.example.com").unwrap();
                    }
                    if i & 2 != 0 {
                        b.audience("api").unwrap();
                    }
                    if i & 4 != 0 {
                        b.issuer("https://clerk.example.com").unwrap();
                    }
                    b.clock_skew_ms(SKEWS[usize::from(i >> 3)]);
                })
            })
            .collect()
    });
    let i = opts & 31;
    (&all[usize::from(i)], SKEWS[usize::from(i >> 3)])
}

/// Structure-aware: the input is `options || header JSON || 0xFF || payload JSON` (no 0xFF:
/// the default header and the whole rest as the payload). The target signs it with the HMAC
/// secret, so the fuzzer reaches the payload and claims checks; every accepted token is
/// re-checked by an independent oracle (serde_json and the spec's inequalities).
pub fn verify_signed(data: &[u8]) {
    let Some((&opts, rest)) = data.split_first() else {
        return;
    };
    const DEFAULT_HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT"}"#;
    let (header, payload) = match rest.iter().position(|&b| b == 0xff) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (DEFAULT_HEADER, rest),
    };
    let header_alg = serde_json::from_slice::<Value>(header)
        .ok()
        .and_then(|h| h.get("alg").and_then(Value::as_str).map(str::to_owned));
    let mac_alg = match header_alg.as_deref() {
        Some("HS384") => ring::hmac::HMAC_SHA384,
        Some("HS512") => ring::hmac::HMAC_SHA512,
        _ => ring::hmac::HMAC_SHA256,
    };
    let input = format!("{}.{}", b64url(header), b64url(payload));
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(mac_alg, &HMAC_SECRET),
        input.as_bytes(),
    );
    let token = format!("{input}.{}", b64url(tag.as_ref()));
    let nows = [NOW_MS, 0, i64::MAX, i64::MIN, NOW_MS + 86_400_000];
    let now = nows[usize::from(opts >> 5) % nows.len()];
    let (v, skew) = signed_verifier(opts);
    let Ok(s) = check_verify(v, token.as_bytes(), UnixTimeMs(now)) else {
        return;
    };

    // Oracle: what was accepted must satisfy the spec, judged by serde_json.
    let h: Value = serde_json::from_slice(header).expect("accepted header is JSON");
    assert!(matches!(
        h["alg"].as_str(),
        Some("HS256" | "HS384" | "HS512")
    ));
    assert!(h.get("crit").is_none());
    assert!(matches!(h.get("typ"), None | Some(Value::String(_))));
    if let Some(t) = h.get("typ") {
        assert_eq!(t, "JWT");
    }
    let p: Value = match serde_json::from_slice(payload) {
        Ok(p) => p,
        // serde_json refuses numbers beyond f64 that strict JSON allows in custom claims.
        Err(e) if e.to_string().contains("number out of range") => return,
        Err(e) => panic!("accepted payload is not JSON for serde_json: {e}"),
    };
    let sub = p["sub"].as_str().expect("accepted sub is a string");
    assert_eq!(sub, s.subject);
    let now = i128::from(now);
    let skew = i128::from(skew);
    let ms = |v: &Value| {
        let f = v.as_f64().expect("time claim is a number");
        assert!(f.is_finite() && f.abs() <= 9_007_199_254_740_992.0);
        (f.trunc() as i128) * 1000
    };
    assert!(ms(&p["exp"]) > now - skew, "accepted an expired token");
    assert_eq!(i128::from(s.times.expires_at.0), ms(&p["exp"]));
    for claim in ["nbf", "iat"] {
        if let Some(v) = p.get(claim) {
            assert!(ms(v) <= now + skew, "accepted {claim} in the future");
        }
    }
    if opts & 1 != 0 {
        assert_eq!(p["azp"], "https://app.example.com");
    }
    if opts & 2 != 0 {
        let ok = match &p["aud"] {
            Value::String(a) => a == "api",
            Value::Array(list) => {
                !list.is_empty()
                    && list.iter().all(Value::is_string)
                    && list.iter().any(|a| a == "api")
            }
            _ => false,
        };
        assert!(ok, "accepted aud {:?}", p["aud"]);
    }
    if opts & 4 != 0 {
        assert_eq!(p["iss"], "https://clerk.example.com");
    }
}

// ---- JSON -----------------------------------------------------------------------------------

/// Walks a validated core value against serde_json's parse of the same text.
fn walk_eq(core: JsonValue<'_>, serde: &Value) {
    match (core, serde) {
        (JsonValue::Null, Value::Null) => {}
        (JsonValue::Bool(a), Value::Bool(b)) => assert_eq!(a, *b),
        (JsonValue::Number(a), Value::Number(b)) => {
            assert_eq!(Some(a.as_f64()), b.as_f64(), "number {}", a.as_str())
        }
        (JsonValue::String(a), Value::String(b)) => {
            assert_eq!(a.chars().collect::<String>(), *b);
            assert!(a.as_str_lossless_check());
        }
        (JsonValue::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                walk_eq(x, y);
            }
        }
        (JsonValue::Object(a), Value::Object(b)) => {
            assert_eq!(a.members().count(), b.len(), "member count (duplicates?)");
            for (k, v) in b {
                walk_eq(a.get(k).expect("member found by name"), v);
            }
        }
        (a, b) => panic!("type mismatch: {a:?} vs {b:?}"),
    }
}

/// serde_json's parse of text the core accepted: `None` only for numbers beyond f64, which
/// strict JSON allows and serde_json refuses.
fn serde_of(text: &[u8]) -> Option<Value> {
    match serde_json::from_slice(text) {
        Ok(v) => Some(v),
        Err(e) if e.to_string().contains("number out of range") => None,
        Err(e) => panic!("the core accepted JSON that serde_json refuses: {e}"),
    }
}

/// A JOSE header from JSON text (`dangerous::header_from_json`).
pub fn header_json(data: &[u8]) {
    let Ok(header) = dangerous::header_from_json(data, &Limits::DEFAULT) else {
        return;
    };
    assert!(header.alg_name().as_str_lossless_check());
    if let Some(alg) = header.algorithm() {
        assert!(header.alg_name().eq_str(alg.name()));
    }
    let _ = (header.kid(), header.typ(), header.cat());
    if let Some(v) = serde_of(data) {
        walk_eq(JsonValue::Object(header.json()), &v);
        // No crit and a string kid (if any) are header rules; alg is judged where
        // verification checks the algorithm (after typ, as Clerk), so any JSON value reads
        // here, and only a string names an algorithm.
        assert!(v.get("crit").is_none() && v.get("kid").is_none_or(Value::is_string));
        assert!(header.algorithm().is_none() || v["alg"].is_string());
    }
}

/// A claims object from JSON text (`dangerous::claims_from_json`), then the auth layer.
pub fn claims_json(data: &[u8]) {
    let Ok(claims) = dangerous::claims_from_json(data) else {
        return;
    };
    let Some(v) = serde_of(data) else {
        return;
    };
    walk_eq(JsonValue::Object(claims.json()), &v);
    for (name, value) in [
        ("sub", claims.sub()),
        ("sid", claims.sid()),
        ("azp", claims.azp()),
        ("iss", claims.iss()),
        ("aud", claims.aud()),
        ("exp", claims.exp()),
        ("nbf", claims.nbf()),
        ("iat", claims.iat()),
        ("v", claims.v()),
        ("fva", claims.fva()),
        ("o", claims.o()),
        ("fea", claims.fea()),
        ("pla", claims.pla()),
    ] {
        assert_eq!(value.is_some(), v.get(name).is_some(), "claim {name}");
        if let Some(value) = value {
            walk_eq(value, &v[name]);
        }
    }
    for pending in [true, false] {
        let auth = dangerous::auth_from_claims(&claims, pending);
        let mut json = String::new();
        auth.write_json(&mut json).unwrap();
        serde_json::from_str::<Value>(&json)
            .unwrap_or_else(|e| panic!("auth JSON is not JSON ({e}): {json}"));
        if let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() {
            let mut out = String::new();
            set.write_json(&mut out).unwrap();
            let listed: Value = serde_json::from_str(&out).unwrap();
            let iterated: Vec<String> = set.iter().map(|p| p.to_string()).collect();
            assert_eq!(listed, Value::from(iterated));
        }
    }
}

// ---- keys -----------------------------------------------------------------------------------

/// Invariants of a loaded key.
fn check_material(m: &KeyMaterial) {
    match m.family() {
        KeyFamily::Rsa => {
            assert!((2048..=8192).contains(&m.rsa_bits()));
            let e = m.rsa_exponent();
            assert!(e >= 3 && e % 2 == 1 && e < 1 << 33);
        }
        KeyFamily::EcP256 => assert!(m.bytes().len() == 65 && m.bytes()[0] == 4),
        KeyFamily::EcP384 => assert!(m.bytes().len() == 97 && m.bytes()[0] == 4),
        KeyFamily::Ed25519 => assert_eq!(m.bytes().len(), 32),
        KeyFamily::Hmac => assert!((32..=sessionjwt::MAX_KEY_BYTES).contains(&m.bytes().len())),
    }
}

fn check_builder(b: &sessionjwt::VerifierBuilder) {
    if let Ok(v) = b.build() {
        assert!(v.keys().keys().len() <= MAX_KEYS);
        for k in v.keys().keys() {
            check_material(k.material());
        }
        // A token naming each key family verifies nothing, and never panics.
        let _ = check_verify(&v, b"eyJhbGciOiJSUzI1NiJ9.e30.AAAA", UnixTimeMs(NOW_MS));
    }
}

/// A PEM (or bare base64 body) public key.
pub fn pem(data: &[u8]) {
    let mut b = Verifier::builder();
    if b.add_pem(data).is_ok() {
        check_builder(&b);
    }
}

/// DER (SPKI or, failing that, PKCS#1) through the bare-body PEM path, and the raw
/// `KeyMaterial` constructors.
pub fn spki_der(data: &[u8]) {
    let body = Base64::encode_string(data);
    let mut b = Verifier::builder();
    if b.add_pem(body.as_bytes()).is_ok() {
        check_builder(&b);
    }
    let pkcs1 = format!("-----BEGIN RSA PUBLIC KEY-----\n{body}\n-----END RSA PUBLIC KEY-----\n");
    let mut b = Verifier::builder();
    if b.add_pem(pkcs1.as_bytes()).is_ok() {
        check_builder(&b);
    }
    if let Some((&split, rest)) = data.split_first() {
        let (n, e) = rest.split_at(usize::from(split).min(rest.len()));
        for m in [
            KeyMaterial::rsa(e, n),
            KeyMaterial::ec(KeyFamily::EcP256, rest),
            KeyMaterial::ec(KeyFamily::EcP384, rest),
            KeyMaterial::ed25519(rest),
            KeyMaterial::hmac(rest),
        ]
        .into_iter()
        .flatten()
        {
            check_material(&m);
        }
    }
}

/// One JWK (JSON text).
pub fn jwk(data: &[u8]) {
    let mut b = Verifier::builder();
    if let Ok(b) = b.add_jwk(data) {
        check_builder(b);
    }
}

/// A JWKS (JSON text).
pub fn jwks(data: &[u8]) {
    let mut b = Verifier::builder();
    if let Ok(b) = b.add_jwks(data) {
        check_builder(b);
    }
}

// ---- base64url ------------------------------------------------------------------------------

/// A reference strict base64url decoder written from RFC 4648 §5 and security.md §0.3.
fn reference_b64url(text: &[u8]) -> Result<Vec<u8>, Error> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    };
    if let Some(bad) = text.iter().find(|c| value(**c).is_none()) {
        return Err(if *bad == b'=' {
            Error::Padding
        } else {
            Error::InvalidCharacter
        });
    }
    if text.len() % 4 == 1 {
        return Err(Error::Base64);
    }
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for &c in text {
        acc = acc << 6 | u32::from(value(c).unwrap());
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return Err(Error::Base64); // non-zero unused trailing bits
    }
    Ok(out)
}

/// Strict base64url decoding (`dangerous::decode_base64url`) against the reference decoder.
pub fn base64url(data: &[u8]) {
    let mut out = vec![0u8; data.len()];
    let ours = dangerous::decode_base64url(data, &mut out).map(<[u8]>::to_vec);
    assert_eq!(
        ours,
        reference_b64url(data),
        "input {:?}",
        String::from_utf8_lossy(data)
    );
    if let Ok(bytes) = &ours {
        assert_eq!(b64url(bytes).as_bytes(), data, "decoding is not canonical");
        // Too small a buffer is TokenTooLarge, never a panic.
        if let Some(short) = bytes.len().checked_sub(1) {
            let mut small = vec![0u8; short];
            assert_eq!(
                dangerous::decode_base64url(data, &mut small),
                Err(Error::TokenTooLarge)
            );
        }
    }
}

// ---- v2 permissions -------------------------------------------------------------------------

/// JavaScript's `String.prototype.trim` set.
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c| {
        matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                ..='\u{200a}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{3000}'
                    | '\u{feff}'
        )
    })
}

/// Bit `j` of a decimal string, by long division (reference for the mask arithmetic).
fn decimal_bits(digits: &str, count: usize) -> Vec<bool> {
    let mut n: Vec<u8> = digits.bytes().map(|d| d - b'0').collect();
    let mut bits = Vec::with_capacity(count);
    for _ in 0..count {
        let mut rem = 0u8;
        for d in n.iter_mut() {
            let cur = rem * 10 + *d;
            *d = cur / 2;
            rem = cur % 2;
        }
        bits.push(rem == 1);
    }
    bits
}

/// Clerk's v2 expansion, written from the spec (§2.3) without the core's lazy machinery.
fn reference_permissions(fea: &str, per: &str, fpm: &str) -> Vec<String> {
    if fea.is_empty() || per.is_empty() || fpm.is_empty() {
        return vec![];
    }
    let mut org_features = vec![];
    for element in fea.split(',').map(js_trim) {
        let Some((scope, name)) = element.split_once(':') else {
            return vec![]; // Clerk throws: nothing is granted
        };
        if matches!(scope, "o" | "ou" | "uo") {
            org_features.push(name);
        }
    }
    let names: Vec<&str> = per.split(',').collect();
    if names.len() > sessionjwt::MAX_ORG_PERMISSIONS {
        return vec![];
    }
    let masks: Vec<&str> = fpm.split(',').collect();
    let mut out = vec![];
    for (i, feature) in org_features.iter().enumerate() {
        let Some(mask) = masks.get(i).map(|m| js_trim(m)) else {
            break;
        };
        if mask.is_empty() || !mask.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for (j, bit) in decimal_bits(mask, names.len()).into_iter().enumerate() {
            if bit {
                out.push(format!("org:{feature}:{}", js_trim(names[j])));
            }
        }
    }
    out
}

/// v2 org permissions: the input is `fea \0 o.per \0 o.fpm \0 query`; the core's expansion
/// must equal the reference, and `has({permission})` must agree with it.
pub fn permissions(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let mut next = || parts.next().unwrap_or("").to_owned();
    let (fea, per, fpm, query) = (next(), next(), next(), next());
    let json = format!(
        r#"{{"sub":"user_1","v":2,"fea":{},"o":{{"id":"org_1","rol":"admin","per":{},"fpm":{}}}}}"#,
        Value::from(fea.as_str()),
        Value::from(per.as_str()),
        Value::from(fpm.as_str()),
    );
    let claims = dangerous::claims_from_json(json.as_bytes()).expect("well-formed claims");
    let auth = dangerous::auth_from_claims(&claims, true);
    let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() else {
        panic!("v2 claims with a truthy `o` give expanded permissions");
    };
    let ours: Vec<String> = set.iter().map(|p| p.to_string()).collect();
    let reference = reference_permissions(&fea, &per, &fpm);
    assert_eq!(ours, reference, "fea={fea:?} per={per:?} fpm={fpm:?}");
    let mut strip = query.as_str();
    while let Some(rest) = strip.strip_prefix("org:") {
        strip = rest;
    }
    let wanted = format!("org:{strip}");
    assert_eq!(
        auth.has_permission(&query),
        reference.contains(&wanted),
        "has_permission({query:?})"
    );
    for p in set.iter().take(64) {
        assert!(p.feature().as_plain().is_none_or(|f| !f.contains(',')));
        let mut rendered = String::new();
        p.write_json(&mut rendered).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&rendered).unwrap(),
            Value::from(p.to_string())
        );
    }
}

// ---- reverification -------------------------------------------------------------------------

/// Clerk's reverification rule, written from the spec (§3.2): a custom `afterMinutes` is any
/// number above 0 (+Infinity included; NaN is not above 0).
fn reference_reverification(fva: Option<&Value>, r: &Reverification<'_>) -> bool {
    let (level, after) = match *r {
        Reverification::Preset("strict_mfa") => ("multi_factor", 10.0),
        Reverification::Preset("strict") => ("second_factor", 10.0),
        Reverification::Preset("moderate") => ("second_factor", 60.0),
        Reverification::Preset("lax") => ("second_factor", 1440.0),
        Reverification::Custom {
            level: Some(level),
            after_minutes: Some(m),
        } if m > 0.0 && matches!(level, "first_factor" | "second_factor" | "multi_factor") => {
            (level, m)
        }
        _ => return false,
    };
    let Some(Value::Array(ages)) = fva else {
        return false;
    };
    let ages: Vec<f64> = ages.iter().filter_map(Value::as_f64).collect();
    let [first, second] = ages[..] else {
        return false;
    };
    if fva.unwrap().as_array().unwrap().len() != 2
        || ![first, second]
            .iter()
            .all(|a| a.is_finite() && (*a == -1.0 || *a >= 0.0))
    {
        return false;
    }
    let fresh = |a: f64| a != -1.0 && a < after;
    match (first == -1.0, second == -1.0, level) {
        (true, true, _) => false,
        (_, _, "first_factor") => fresh(first),
        (_, true, _) => fresh(first),
        (_, false, "second_factor") => fresh(second),
        (true, false, _) => false,
        (false, false, _) => fresh(first) && fresh(second),
    }
}

/// Reverification: the input is `mode byte || 8 bytes of afterMinutes (f64) || fva JSON \0
/// level or preset`; `has({reverification})` must equal the reference.
pub fn reverification(data: &[u8]) {
    if data.len() < 9 {
        return;
    }
    let mode = data[0];
    let minutes = f64::from_le_bytes(data[1..9].try_into().unwrap());
    let text = String::from_utf8_lossy(&data[9..]);
    let (fva, name) = text.split_once('\0').unwrap_or((&text, ""));
    let json = format!(r#"{{"sub":"user_1","fva":{fva}}}"#);
    let Ok(claims) = dangerous::claims_from_json(json.as_bytes()) else {
        return;
    };
    let Some(parsed) = serde_of(json.as_bytes()) else {
        return;
    };
    let requirement = match mode % 4 {
        0 => Reverification::Preset(name),
        1 => Reverification::Custom {
            level: Some(name),
            after_minutes: Some(minutes),
        },
        2 => Reverification::Custom {
            level: None,
            after_minutes: Some(minutes),
        },
        _ => Reverification::Invalid,
    };
    let auth = dangerous::auth_from_claims(&claims, true);
    let ours = auth.has(&HasParams {
        reverification: Some(requirement),
        ..HasParams::default()
    });
    let reference = reference_reverification(parsed.get("fva"), &requirement);
    assert_eq!(ours, reference, "fva={fva} {requirement:?}");
    // With both factors just verified, only the requirement's validity decides.
    assert_eq!(
        requirement.config().is_some(),
        reference_reverification(Some(&serde_json::json!([0, 0])), &requirement)
    );
}
