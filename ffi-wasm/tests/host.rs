//! The binding's safe API on the host: the same code paths the wasm module runs.

use sessionjwt::{CryptoProvider, HasParams, Param, RingProvider, UnixTimeMs, Verifier};
use sessionjwt_wasm::{auth_json, has, AuthSource, Builder, EdgeVerifier, SignatureCheck};
use std::path::PathBuf;

const NOW: UnixTimeMs = UnixTimeMs(1_666_648_250_000);

fn shared(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn token(name: &str) -> String {
    let tokens: serde_json::Value =
        serde_json::from_str(&shared("conformance/clerk/tokens.json")).unwrap();
    tokens[name]["token"].as_str().unwrap().to_owned()
}

fn core_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn verifier() -> EdgeVerifier {
    let mut b = Builder::new();
    b.add_pem(shared("conformance/clerk/keys/signing-public-spki.pem").as_bytes())
        .unwrap();
    b.build().unwrap()
}

/// Plays the host: checks phase 1's output with ring, as WebCrypto would.
fn host_verdict(v: &mut EdgeVerifier, token: &[u8]) -> Result<bool, sessionjwt::Error> {
    let check = v.signature_input(token)?;
    let (alg, index, len) = (check.algorithm, check.key_index, check.signing_input_len);
    let signature = check.signature.to_vec();
    let key = &v.verifier().keys().keys()[index];
    Ok(RingProvider.verify(alg, key.material(), &token[..len], &signature))
}

#[test]
fn wasm_and_host_paths_agree_on_the_fixture_tokens() {
    let mut v = verifier();
    let tokens: serde_json::Value =
        serde_json::from_str(&shared("conformance/clerk/tokens.json")).unwrap();
    let mut signed_in = 0;
    for (name, t) in tokens.as_object().unwrap() {
        let Some(t) = t["token"].as_str() else {
            continue;
        };
        let pure = v.verify(t.as_bytes(), NOW).map(str::to_owned);
        let two_phase = match host_verdict(&mut v, t.as_bytes()) {
            Ok(valid) => v
                .verify_with_verdict(t.as_bytes(), NOW, valid)
                .map(str::to_owned),
            Err(e) => Err(e),
        };
        assert_eq!(pure, two_phase, "{name}");
        signed_in += usize::from(pure.is_ok());
    }
    assert!(signed_in > 0);
}

#[test]
fn a_short_rsa_signature_is_refused_before_the_host_sees_it() {
    let mut v = verifier();
    let t = token("mockJwt");
    let (input, _) = t.rsplit_once('.').unwrap();
    // 255 bytes (the modulus has 256): ring refuses it; some WebCrypto implementations
    // left-pad and would accept a valid 255-byte signature.
    let short = format!("{input}.{}", "A".repeat(340));
    assert_eq!(
        v.signature_input(short.as_bytes()).unwrap_err(),
        sessionjwt::Error::InvalidSignature
    );
    assert!(v.signature_input(t.as_bytes()).is_ok());
}

/// The exported JWK, parsed back by the core, is the same key material.
#[test]
fn exported_jwks_round_trip_through_the_core() {
    let pems = [
        shared("conformance/clerk/keys/signing-public-spki.pem"),
        core_file("clerk-public-pkcs1.pem"),
        core_file("rsa2048-e3-public.pem"),
        core_file("ec-p256-public.pem"),
        core_file("ec-p384-public.pem"),
        core_file("ed25519-public.pem"),
    ];
    for pem in &pems {
        let mut b = Builder::new();
        b.add_pem(pem.as_bytes()).unwrap();
        let v = b.build().unwrap();
        assert_eq!(v.key_count(), 1);
        let jwk = v.key_jwk(0).unwrap();
        let mut again = Verifier::builder();
        again.add_jwk(jwk.as_bytes()).unwrap();
        let again = again.build().unwrap();
        let (a, b) = (
            v.verifier().keys().keys()[0].material(),
            again.keys().keys()[0].material(),
        );
        assert_eq!((a.family(), a.bytes()), (b.family(), b.bytes()), "{jwk}");
        assert_eq!(a.rsa_exponent(), b.rsa_exponent(), "{jwk}");
        assert!(!jwk.contains("\"alg\""), "{jwk}");
    }
    let mut b = Builder::new();
    b.add_hmac_secret(&[7u8; 32]).unwrap();
    let v = b.build().unwrap();
    assert_eq!(
        v.key_jwk(0).unwrap(),
        r#"{"kty":"oct","k":"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"}"#
    );
    assert_eq!(v.key_jwk(1), None);
    let mut b = Builder::new();
    b.add_hmac_secret_base64url(b"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc")
        .unwrap();
    assert_eq!(v.key_jwk(0), b.build().unwrap().key_jwk(0));
    for bad in [
        &b"BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwd"[..],
        b"Bw==",
        b"B+cH",
    ] {
        let mut b = Builder::new();
        assert_eq!(
            b.add_hmac_secret_base64url(bad),
            Err(sessionjwt::Error::InvalidOption)
        );
    }
}

#[test]
fn options_map_onto_the_core() {
    let mut b = Builder::new();
    assert_eq!(
        b.algorithm(b"").unwrap_err(),
        sessionjwt::Error::UnknownAlgorithm
    );
    assert_eq!(
        b.algorithm(b"RS256,ES256").unwrap_err(),
        sessionjwt::Error::UnknownAlgorithm
    );
    assert_eq!(
        b.algorithm(b"none").unwrap_err(),
        sessionjwt::Error::UnknownAlgorithm
    );
    b.algorithm(b"RS384").unwrap();
    b.add_pem(shared("conformance/clerk/keys/signing-public-spki.pem").as_bytes())
        .unwrap();
    b.max_token_bytes(100);
    let mut v = b.build().unwrap();
    assert_eq!(v.max_token_bytes(), 100);
    let t = token("mockJwt");
    assert_eq!(
        v.verify(t.as_bytes(), NOW).unwrap_err(),
        sessionjwt::Error::TokenTooLarge
    );
    let mut b = Builder::new();
    b.max_token_bytes(0);
    assert_eq!(b.build().err(), Some(sessionjwt::Error::InvalidOption));
}

#[test]
fn request_authentication_and_auth_object() {
    let mut v = verifier();
    let t = token("mockJwt");
    let authorization = format!("Bearer {t}");
    let wasm = v.authenticate_request(Some(&authorization), None, "GET", NOW, SignatureCheck::Wasm);
    assert_eq!(wasm.status, sessionjwt::AuthStatus::SignedIn);
    assert_eq!(wasm.token, Some(t.as_str()));
    assert_eq!(
        v.request_token(Some(&authorization), None, "GET", NOW),
        Some(t.as_str())
    );
    let denied = v.authenticate_request(
        Some(&authorization),
        None,
        "GET",
        NOW,
        SignatureCheck::HostVerdict(false),
    );
    assert_eq!(denied.reason, "token-invalid-signature");
    assert_eq!(denied.payload, None);
    let cookie = format!("__session={t}; __client_uat=1");
    let host = v.authenticate_request(
        None,
        Some(&cookie),
        "GET",
        NOW,
        SignatureCheck::HostVerdict(true),
    );
    assert_eq!(host.status, sessionjwt::AuthStatus::SignedIn);
    assert_eq!(host.carrier, Some(sessionjwt::TokenCarrier::Cookie));
    assert_eq!(host.token, Some(t.as_str()));
    let payload = host.payload.unwrap();
    assert_eq!(payload, wasm.payload.unwrap());

    let json = auth_json(AuthSource::Verified(payload.as_bytes()), true).unwrap();
    let auth: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(auth["userId"], "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr");
    let signed_out: serde_json::Value =
        serde_json::from_str(&auth_json(AuthSource::SignedOut, true).unwrap()).unwrap();
    assert_eq!(signed_out["userId"], serde_json::Value::Null);
    let role = HasParams {
        role: Some(Param::Str("admin")),
        ..HasParams::default()
    };
    assert_eq!(
        has(AuthSource::Verified(payload.as_bytes()), true, &role),
        Ok(false)
    );
    assert_eq!(has(AuthSource::SignedOut, true, &role), Ok(false));
    let props = br#"{"userId":"user_1","orgId":"org_1","orgRole":"org:admin"}"#;
    assert_eq!(
        has(AuthSource::DangerousProperties(props), true, &role),
        Ok(true)
    );
}
