//! Key loading: PEM forms, DER strictness, JWK/JWKS rules, strength limits.

mod common;

use common::*;
use sessionjwt::{Algorithm, AlgorithmSet, Error, KeyFamily, Verifier};

fn data(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

fn load_pem(pem: &str) -> Result<Verifier, Error> {
    let mut b = Verifier::builder();
    b.add_pem(pem.as_bytes())?;
    b.build()
}

fn clerk_pem() -> String {
    read_shared("conformance/clerk/keys/signing-public-spki.pem")
}

/// The Clerk fixture token `mockJwt` verified at the fixture's "now".
fn verifies_mock_jwt(v: &Verifier) -> Result<String, Error> {
    run(v, &clerk_token("mockJwt"), NOW_MS)
}

#[test]
fn pem_forms_clerk_accepts_and_more() {
    let pem = clerk_pem();
    assert!(verifies_mock_jwt(&load_pem(&pem).unwrap()).is_ok(), "LF");
    assert!(
        verifies_mock_jwt(&load_pem(&pem.replace('\n', "\r\n")).unwrap()).is_ok(),
        "CRLF"
    );
    assert!(
        verifies_mock_jwt(&load_pem(&pem.replace('\n', "\\n")).unwrap()).is_ok(),
        "env-style literal \\n"
    );
    let indented: String = pem.lines().map(|l| format!("    {l}\n")).collect();
    assert!(
        verifies_mock_jwt(&load_pem(&indented).unwrap()).is_ok(),
        "indented"
    );
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(
        verifies_mock_jwt(&load_pem(&body).unwrap()).is_ok(),
        "bare base64 body"
    );
    assert!(
        verifies_mock_jwt(&load_pem(&data("clerk-public-pkcs1.pem")).unwrap()).is_ok(),
        "PKCS#1"
    );
}

#[test]
fn pem_key_types() {
    let family = |name: &str| load_pem(&data(name)).map(|v| v.keys().keys()[0].material().family());
    assert_eq!(family("ec-p256-public.pem"), Ok(KeyFamily::EcP256));
    assert_eq!(family("ec-p384-public.pem"), Ok(KeyFamily::EcP384));
    assert_eq!(family("ed25519-public.pem"), Ok(KeyFamily::Ed25519));
    assert_eq!(family("rsa4096-public.pem"), Ok(KeyFamily::Rsa));
    assert_eq!(
        load_pem(&data("rsa4096-public.pem")).unwrap().keys().keys()[0]
            .material()
            .rsa_bits(),
        4096
    );
    assert_eq!(family("rsa2048-e3-public.pem"), Ok(KeyFamily::Rsa));
    assert_eq!(
        family("ec-p521-public.pem").unwrap_err(),
        Error::KeyUnsupported
    );
    assert_eq!(
        family("rsa1024-public.pem").unwrap_err(),
        Error::KeyRsaTooSmall
    );
}

#[test]
fn pem_garbage_is_refused_with_a_key_error() {
    let pem = clerk_pem();
    for (text, err) in [
        ("", Error::KeyDer),
        ("not a key", Error::KeyPem),
        (
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            Error::KeyUnsupported,
        ),
        (
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            Error::KeyUnsupported,
        ),
        ("-----BEGIN PUBLIC KEY-----\nMIIB\n", Error::KeyPem),
        (
            &pem.replace("-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----"),
            Error::KeyPem,
        ),
        (&pem.replacen("MIIB", "MIIC", 1), Error::KeyDer),
        (&pem.replacen("MIIB", "M*IB", 1), Error::KeyPem),
    ] {
        assert_eq!(load_pem(text).unwrap_err(), err, "{text:?}");
        assert_eq!(
            err.reason(),
            if err == Error::UnknownAlgorithm {
                "token-invalid-algorithm"
            } else {
                "jwk-invalid"
            }
        );
    }
}

#[test]
fn rsa_parameters() {
    use sessionjwt::KeyMaterial;
    let n2048 = {
        let mut n = vec![0xC5u8; 256];
        n[255] |= 1;
        n
    };
    assert!(KeyMaterial::rsa(&n2048, &[1, 0, 1]).is_ok());
    assert!(KeyMaterial::rsa(&n2048, &[3]).is_ok());
    assert_eq!(
        KeyMaterial::rsa(&n2048, &[1]).unwrap_err(),
        Error::KeyRsaExponent
    );
    assert_eq!(
        KeyMaterial::rsa(&n2048, &[1, 0, 0]).unwrap_err(),
        Error::KeyRsaExponent
    );
    assert_eq!(
        KeyMaterial::rsa(&n2048, &[]).unwrap_err(),
        Error::KeyRsaExponent
    );
    assert_eq!(
        KeyMaterial::rsa(&n2048, &[2, 0, 0, 0, 1]).unwrap_err(),
        Error::KeyRsaExponent
    );
    assert_eq!(
        KeyMaterial::rsa(&n2048[..128], &[1, 0, 1]).unwrap_err(),
        Error::KeyRsaTooSmall
    );
    let mut n2047 = n2048.clone();
    n2047[0] = 0x7F;
    assert_eq!(
        KeyMaterial::rsa(&n2047, &[1, 0, 1]).unwrap_err(),
        Error::KeyRsaTooSmall
    );
    assert_eq!(
        KeyMaterial::rsa(&vec![0xFF; 1025], &[1, 0, 1]).unwrap_err(),
        Error::KeyRsaTooLarge
    );
    assert!(
        KeyMaterial::rsa(&[&[0u8, 0][..], &n2048].concat(), &[0, 1, 0, 1]).is_ok(),
        "leading zeros ignored"
    );
    assert_eq!(
        KeyMaterial::hmac(&[7; 31]).unwrap_err(),
        Error::KeyHmacTooShort
    );
    assert_eq!(
        KeyMaterial::hmac(&[7; 16]).unwrap_err(),
        Error::KeyHmacTooShort
    );
    assert!(KeyMaterial::hmac(&[7; 32]).is_ok());
    assert_eq!(
        KeyMaterial::ec(KeyFamily::EcP256, &[4; 64]).unwrap_err(),
        Error::KeyInvalidPoint
    );
    assert_eq!(
        KeyMaterial::ed25519(&[1; 31]).unwrap_err(),
        Error::KeyInvalidPoint
    );
}

#[test]
fn hmac_secret_must_cover_every_allowed_hash() {
    let mut b = Verifier::builder();
    b.add_hmac_secret(&[9; 40]).unwrap();
    assert!(b.build().is_ok());
    b.algorithms([Algorithm::HS256, Algorithm::HS512].into_iter().collect());
    assert_eq!(b.build().unwrap_err(), Error::KeyHmacTooShort);
}

#[test]
fn allow_list_must_fit_the_keys() {
    let mut b = Verifier::builder();
    b.add_pem(clerk_pem().as_bytes()).unwrap();
    assert_eq!(
        b.build().unwrap().allowed_algorithms(),
        AlgorithmSet::EMPTY.with(Algorithm::RS256)
    );
    b.algorithms(AlgorithmSet::parse_list("ES256,HS256").unwrap());
    assert_eq!(b.build().unwrap_err(), Error::NoUsableAlgorithm);
    assert_eq!(
        AlgorithmSet::parse_list("RS256,none").unwrap_err(),
        Error::UnknownAlgorithm
    );
    assert_eq!(
        AlgorithmSet::parse_list("rs256").unwrap_err(),
        Error::UnknownAlgorithm
    );
    assert_eq!(
        AlgorithmSet::parse_list("").unwrap_err(),
        Error::UnknownAlgorithm
    );
}

#[test]
fn jwk_and_jwks() {
    let jwk = read_shared("conformance/clerk/keys/public-jwk.json");
    let mut b = Verifier::builder();
    b.add_jwk(jwk.as_bytes()).unwrap();
    assert!(verifies_mock_jwt(&b.build().unwrap()).is_ok());

    let jwks = read_shared("conformance/clerk/keys/mock-jwks.json");
    let mut b = Verifier::builder();
    b.add_jwks(jwks.as_bytes()).unwrap();
    assert!(verifies_mock_jwt(&b.build().unwrap()).is_ok());

    let bad = |json: &str| {
        let mut b = Verifier::builder();
        b.add_jwk(json.as_bytes()).map(|_| ()).unwrap_err()
    };
    assert_eq!(bad(r#"{"kty":"RSA","n":"AQAB"}"#), Error::KeyJwk);
    assert_eq!(
        bad(r#"{"kty":"RSA","n":"AQAB","e":"AQAB"}"#),
        Error::KeyRsaTooSmall
    );
    assert_eq!(bad(r#"{"kty":"oct","k":""}"#), Error::KeyHmacTooShort);
    assert_eq!(
        bad(r#"{"kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg"}"#),
        Error::KeyHmacTooShort
    );
    assert_eq!(
        bad(r#"{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}"#),
        Error::KeyUnsupported
    );
    assert_eq!(
        bad(r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#),
        Error::KeyInvalidPoint
    );
    assert_eq!(
        bad(r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#),
        Error::KeyUnsupported
    );
    assert_eq!(bad(r#"{"kty":"DSA"}"#), Error::KeyUnsupported);
    assert_eq!(bad(r#"{"kty":1}"#), Error::KeyJwk);
    assert_eq!(bad("[]"), Error::KeyJwk);
    let oct = r#""kty":"oct","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8""#;
    assert_eq!(
        bad(&format!(r#"{{{oct},"alg":"A256GCM"}}"#)),
        Error::UnknownAlgorithm
    );
    assert_eq!(bad(&format!(r#"{{{oct},"alg":"RS256"}}"#)), Error::KeyJwk);
    assert_eq!(
        bad(&format!(r#"{{{oct},"kid":"{}"}}"#, "k".repeat(129))),
        Error::KeyKidTooLong
    );

    // A JWKS with too many keys, or mixing secrets and public keys, is refused.
    let many = format!(
        r#"{{"keys":[{}]}}"#,
        vec![format!("{{{oct}}}"); 17].join(",")
    );
    assert_eq!(
        Verifier::builder()
            .add_jwks(many.as_bytes())
            .map(|_| ())
            .unwrap_err(),
        Error::KeySetFull
    );
    // A set mixing a secret with public keys loads, but never verifies an HMAC algorithm:
    // the RS256 token still verifies, an HS256 token MAC'd with the secret does not.
    let mut b = Verifier::builder();
    b.add_jwks(jwks.as_bytes()).unwrap();
    b.add_hmac_secret(&[1; 32]).unwrap();
    b.algorithms(AlgorithmSet::parse_list("RS256,HS256").unwrap());
    let mixed = b.build().unwrap();
    assert!(mixed.keys().mixes_secrets_and_public_keys());
    assert!(verifies_mock_jwt(&mixed).is_ok());
    let hs = Signer::Hmac(vec![1; 32]).mint_claims(Algorithm::HS256, &payload_at_now(""));
    assert_eq!(run(&mixed, &hs, NOW_MS).unwrap_err(), Error::KidMissing);
    let hs_kid = Signer::Hmac(vec![1; 32]).mint(
        Algorithm::HS256,
        r#"{"alg":"HS256","kid":"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD"}"#,
        &payload_at_now(""),
    );
    assert_eq!(
        run(&mixed, &hs_kid, NOW_MS).unwrap_err(),
        Error::AlgKeyFamilyMismatch
    );
    // Unsupported keys in a JWKS are skipped, not fatal.
    let mut b = Verifier::builder();
    b.add_jwks(br#"{"keys":[{"kty":"EC","crv":"P-521","x":"AA","y":"AA"}]}"#)
        .unwrap();
    assert!(b.build().unwrap().keys().is_empty());
}

#[test]
fn wycheproof_json_web_keys() {
    wycheproof_jwk_vectors(Verifier::builder);
}

/// The same vectors with keys parsed once by aws-lc (off-curve points, weak keys, ...).
#[cfg(feature = "aws-lc-rs")]
#[test]
fn wycheproof_json_web_keys_with_the_aws_lc_provider() {
    wycheproof_jwk_vectors(|| {
        sessionjwt::VerifierBuilder::with_provider(sessionjwt::AwsLcProvider)
    });
}

fn wycheproof_jwk_vectors<P: sessionjwt::CryptoProvider + Clone>(
    builder: impl Fn() -> sessionjwt::VerifierBuilder<P>,
) {
    // Every Wycheproof JWK test: the key set must load and verify the token ("valid"), or
    // refuse it at load or at verification ("invalid"). The JWS payloads are not JWT claims,
    // so a valid signature ends at the claims step: we stop at the signature by checking
    // that the failure is past it.
    let file: serde_json::Value = serde_json::from_str(&read_shared(
        "conformance/wycheproof/json_web_key_test.json",
    ))
    .unwrap();
    let mut ran = 0;
    for group in file["testGroups"].as_array().unwrap() {
        let keys = if group["public"].is_object() {
            &group["public"]
        } else {
            &group["private"]
        };
        for test in group["tests"].as_array().unwrap() {
            let mut b = builder();
            b.algorithms(AlgorithmSet::parse_list("HS256,HS384,HS512,RS256,ES256").unwrap());
            let outcome = b
                .add_jwks(keys.to_string().as_bytes())
                .and_then(|b| b.build())
                .and_then(|v| {
                    let mut buf = vec![0u8; 8192];
                    v.verify(
                        test["jws"].as_str().unwrap().as_bytes(),
                        sessionjwt::UnixTimeMs(0),
                        &mut buf,
                    )
                    .map(|_| ())
                });
            // Past the signature means the payload "foo" was reached: not JSON.
            let signature_ok = outcome == Err(Error::JsonSyntax);
            let valid = test["result"] == "valid";
            assert_eq!(
                signature_ok, valid,
                "tcId {} ({}): {outcome:?}",
                test["tcId"], test["comment"]
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 26);
}

#[test]
fn wycheproof_modified_ec_keys_are_refused_at_load() {
    // security.md §1.10: an invalid EC point is refused when the key is configured. Of the
    // three "rejectsModifiedKey" EC vectors, tcId 22 (P-256) and 23 (P-384) change a
    // coordinate so that the point leaves its curve; tcId 21 keeps a valid point (its change
    // is caught by the signature) and must still load.
    let file: serde_json::Value = serde_json::from_str(&read_shared(
        "conformance/wycheproof/json_web_key_test.json",
    ))
    .unwrap();
    let mut outcomes = Vec::new();
    for group in file["testGroups"].as_array().unwrap() {
        let tc = group["tests"][0]["tcId"].as_u64().unwrap();
        if ![21, 22, 23].contains(&tc) {
            continue;
        }
        let loaded = Verifier::builder()
            .add_jwks(group["public"].to_string().as_bytes())
            .map(|_| ());
        outcomes.push((tc, loaded));
    }
    assert_eq!(
        outcomes,
        [
            (21, Ok(())),
            (22, Err(Error::KeyInvalidPoint)),
            (23, Err(Error::KeyInvalidPoint)),
        ]
    );
}

#[test]
fn a_failed_jwks_adds_no_key() {
    // [a valid key, an invalid one]: the call fails and the valid key is not kept, so a
    // caller who ignores the error cannot build a verifier from part of the set. Keys added
    // before the call stay.
    let good = read_shared("conformance/clerk/keys/public-jwk.json");
    let half_bad = format!(r#"{{"keys":[{good},{{"kty":"RSA","n":"AQAB","e":"AQAB"}}]}}"#);
    let mut b = Verifier::builder();
    assert_eq!(
        b.add_jwks(half_bad.as_bytes()).map(|_| ()),
        Err(Error::KeyRsaTooSmall)
    );
    assert!(b.build().unwrap().keys().is_empty());

    let mut b = Verifier::builder();
    b.add_jwk(good.as_bytes()).unwrap();
    let too_many = format!(
        r#"{{"keys":[{}]}}"#,
        vec![good.trim(); sessionjwt::MAX_KEYS].join(",")
    );
    assert_eq!(
        b.add_jwks(too_many.as_bytes()).map(|_| ()),
        Err(Error::KeySetFull)
    );
    assert_eq!(b.build().unwrap().keys().keys().len(), 1);
    let v = b.build().unwrap();
    assert!(verifies_mock_jwt(&v).is_ok());
}
