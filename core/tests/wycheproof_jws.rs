//! The Wycheproof JOSE JWS file (`shared/conformance/wycheproof/json_web_signature_test.json`,
//! 401 tests) through the verifier.
//!
//! Wycheproof tests JWS signatures, not JWT claims, so the outcomes map like this:
//!
//! - The key of each group (its `public` JWK, else its `private` one, whose private members
//!   the loader ignores) is loaded as a one-key JWKS, with every algorithm allowed; the key's
//!   own `alg`, `use` and `key_ops` still apply. Unsupported keys (P-521) are skipped at load.
//! - The token goes through phase 1 ([`Verifier::signature_input`]: size, encoding, header,
//!   key selection, `alg`), then ring's verdict on the signature, then the whole of
//!   [`Verifier::verify`].
//! - **valid** = phase 1 passes and the signature verifies. Such a token then fails at the
//!   payload: Wycheproof payloads are `foo`, `123400`, empty, zeros or RFC 7520's prose, not
//!   a JSON claims object, so `verify` ends with `JSON_SYNTAX`, `NOT_AN_OBJECT` (or, for a
//!   JSON object, a claim error) and never with a signature or earlier error. This is how
//!   `tests/keys.rs` reads the JWK file.
//! - **invalid** = anything else: an error before the signature, or a signature that does
//!   not verify.
//!
//! Every test's exact code is pinned by the histogram below; the tests where we are stricter
//! than Wycheproof's "valid" are listed in [`DIVERGENCES`], with why.

mod common;

use common::read_shared;
use serde_json::Value;
use sessionjwt::{Algorithm, CryptoProvider, Error, RingProvider, UnixTimeMs, Verifier};
use std::collections::BTreeMap;

/// Known data defects of the file (shared/conformance/wycheproof/README.md): skipped.
/// - 367, 370: byte-identical to the valid tcId 357, but marked invalid ("invalid padding").
/// - 372, 373: a `?` inserted into the header/payload, marked valid although the MAC covers
///   the original text (checked with HMAC); we reject them at the alphabet check anyway.
const SKIPPED: [u64; 4] = [367, 370, 372, 373];

/// "valid" vectors we reject on purpose, with the exact code and the reason.
const DIVERGENCES: &[(u64, &str, &str)] = &[
    (346, "KEY_ALG_MISMATCH", "RFC 7520 Figure 20 is PS384, but the group's JWK pins alg PS256: a key's alg must equal the header's (security.md §0.6; PyJWT CVE-2026-48523)"),
    (350, "KEY_ALG_MISMATCH", "the same token and key, with key_ops [verify]"),
    (347, "NO_KEY", "ES512 with a P-521 key: not a supported curve, so the key set is empty"),
    (351, "NO_KEY", "the same ES512/P-521 case, with key_ops [verify]"),
];

#[derive(Debug, PartialEq)]
enum Outcome {
    /// Phase 1 refused the token.
    BeforeSignature(Error),
    /// The signature does not verify.
    BadSignature,
    /// The signature verified; `verify` then ended with this.
    SignatureValid(Result<(), Error>),
}

fn outcome(v: &Verifier, token: &str) -> Outcome {
    let mut buf = vec![0u8; v.limits().buffer_len()];
    let input = match v.signature_input(token.as_bytes(), &mut buf) {
        Err(e) => return Outcome::BeforeSignature(e),
        Ok(input) => input,
    };
    let valid = RingProvider.verify(
        input.algorithm(),
        input.key().material(),
        &(),
        input.signing_input(),
        input.signature(),
    );
    let mut buf2 = vec![0u8; v.limits().buffer_len()];
    let full = v
        .verify(token.as_bytes(), UnixTimeMs(0), &mut buf2)
        .map(|_| ());
    if valid {
        Outcome::SignatureValid(full)
    } else {
        assert_eq!(full, Err(Error::InvalidSignature), "{token}");
        Outcome::BadSignature
    }
}

fn code(o: &Outcome) -> String {
    match o {
        Outcome::BeforeSignature(e) => e.code().to_owned(),
        Outcome::BadSignature => "INVALID_SIGNATURE".to_owned(),
        Outcome::SignatureValid(Ok(())) => "ok".to_owned(),
        Outcome::SignatureValid(Err(e)) => format!("signature ok, then {}", e.code()),
    }
}

#[test]
fn wycheproof_json_web_signatures() {
    let file: Value = serde_json::from_str(&read_shared(
        "conformance/wycheproof/json_web_signature_test.json",
    ))
    .unwrap();
    let mut histogram: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut ran, mut skipped) = (0, 0);
    let mut diverged = vec![];
    for group in file["testGroups"].as_array().unwrap() {
        let key = if group["public"].is_object() {
            &group["public"]
        } else {
            &group["private"]
        };
        let mut b = Verifier::builder();
        b.add_jwks(format!(r#"{{"keys":[{key}]}}"#).as_bytes())
            .expect("every Wycheproof JWS key loads (or is skipped as unsupported)")
            .algorithms(Algorithm::ALL.into_iter().collect());
        let v = b.build().expect("verifier");
        for test in group["tests"].as_array().unwrap() {
            let id = test["tcId"].as_u64().unwrap();
            if SKIPPED.contains(&id) {
                skipped += 1;
                continue;
            }
            let token = test["jws"].as_str().unwrap();
            let o = outcome(&v, token);
            let valid = test["result"] == "valid";
            let signature_ok = matches!(o, Outcome::SignatureValid(_));
            if let Outcome::SignatureValid(Err(e)) = &o {
                // Past the signature only the payload can fail: it is not a claims object.
                assert!(
                    matches!(
                        e,
                        Error::JsonSyntax | Error::NotAnObject | Error::InvalidUtf8
                    ),
                    "tcId {id}: {e:?} after a valid signature"
                );
            }
            match DIVERGENCES.iter().find(|d| d.0 == id) {
                Some((_, expected, _)) => {
                    assert!(
                        valid,
                        "tcId {id} is listed as a divergence but is not valid"
                    );
                    assert_eq!(code(&o), *expected, "tcId {id}");
                    diverged.push(id);
                }
                None => assert_eq!(
                    signature_ok, valid,
                    "tcId {id} ({}): {o:?}",
                    test["comment"]
                ),
            }
            *histogram
                .entry((test["result"].as_str().unwrap().to_owned(), code(&o)))
                .or_default() += 1;
            ran += 1;
        }
    }
    println!("Wycheproof JWS: {ran} run, {skipped} skipped (data defects)");
    for ((result, code), n) in &histogram {
        println!("  {result:<8} {code:<40} {n}");
    }
    assert_eq!((ran, skipped), (397, 4));
    // The exact outcome of every vector, by (Wycheproof result, our code): a change in any
    // error code or stage shows up here.
    let expected: &[(&str, &str, usize)] = &[
        ("invalid", "ALG_KEY_FAMILY_MISMATCH", 1),
        // tcId 343 (algIsNone: alg none with an unknown kid) is refused for its alg: the
        // allow-list comes before key selection.
        ("invalid", "ALG_NOT_ALLOWED", 5),
        ("invalid", "BASE64", 2),
        ("invalid", "INVALID_CHARACTER", 10),
        ("invalid", "INVALID_SIGNATURE", 299),
        ("invalid", "JSON_SYNTAX", 6),
        ("invalid", "KEY_ALG_MISMATCH", 5),
        ("invalid", "KID_NOT_FOUND", 7),
        ("invalid", "SEGMENT_COUNT", 18),
        ("valid", "KEY_ALG_MISMATCH", 2),
        ("valid", "NO_KEY", 2),
        ("valid", "signature ok, then INVALID_UTF8", 6),
        ("valid", "signature ok, then JSON_SYNTAX", 32),
        ("valid", "signature ok, then NOT_AN_OBJECT", 2),
    ];
    let expected: BTreeMap<(String, String), usize> = expected
        .iter()
        .map(|(r, c, n)| ((r.to_string(), c.to_string()), *n))
        .collect();
    assert_eq!(histogram, expected);
    assert_eq!(diverged.len(), DIVERGENCES.len());
}
