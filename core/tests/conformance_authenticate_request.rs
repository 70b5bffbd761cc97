//! Runs `shared/conformance/clerk/authenticate-request-cases.json` through
//! `Verifier::authenticate_request`. Clerk's "handshake" outcomes are network-bound and out of
//! scope: they must come out signed-out with the same reason.

mod common;

use common::*;
use serde_json::Value;
use sessionjwt::{AuthStatus, CryptoProvider, RequestParts, RingProvider, UnixTimeMs, Verifier};

#[test]
fn every_authenticate_request_case_matches() {
    let cases = clerk_json("authenticate-request-cases.json");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases["cases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let o = &case["options"];
        let mut b = Verifier::builder();
        b.add_pem(
            read_shared(&format!(
                "conformance/clerk/{}",
                o["jwtKey"].as_str().unwrap()
            ))
            .as_bytes(),
        )
        .unwrap();
        for p in o["authorizedParties"].as_array().into_iter().flatten() {
            b.authorized_party(p.as_str().unwrap()).unwrap();
        }
        let v = b.build().unwrap();
        let req = &case["request"];
        let cookie_header = req["cookies"].as_object().map(|c| {
            c.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let parts = RequestParts {
            authorization: req["headers"]["authorization"].as_str(),
            cookie: cookie_header.as_deref(),
            method: req["method"].as_str().unwrap(),
            publishable_key: o["publishableKey"].as_str(),
        };
        let buf = vec![0u8; v.limits().buffer_len()];
        let state =
            v.authenticate_request(&parts, UnixTimeMs(case["nowMs"].as_i64().unwrap()), buf);
        let expect = &case["expect"];
        let (want_status, want_reason) = match expect["status"].as_str().unwrap() {
            "signed-in" => (AuthStatus::SignedIn, ""),
            _ => (AuthStatus::SignedOut, expect["reason"].as_str().unwrap()),
        };
        if state.status != want_status || state.reason != want_reason {
            failures.push(format!(
                "{id}: want {want_status:?} {want_reason:?}, got {:?} {:?}",
                state.status, state.reason
            ));
        }
        // The two-phase path (a host checks the signature) must decide every case the same.
        let now = UnixTimeMs(case["nowMs"].as_i64().unwrap());
        let mut scratch = vec![0u8; v.limits().buffer_len()];
        let verdict = v
            .request_token(&parts, now, &mut scratch)
            .is_some_and(|token| {
                v.signature_input(token.as_bytes(), &mut scratch)
                    .is_ok_and(|input| {
                        RingProvider.verify(
                            input.algorithm(),
                            input.key().material(),
                            input.signing_input(),
                            input.signature(),
                        )
                    })
            });
        let two_phase = v.authenticate_request_with_host_verdict(&parts, now, scratch, verdict);
        if (
            two_phase.status,
            two_phase.reason,
            two_phase.error,
            two_phase.token,
        ) != (state.status, state.reason, state.error, state.token)
        {
            failures.push(format!(
                "{id}: two-phase gives {:?} {:?}, one-phase {:?} {:?}",
                two_phase.status, two_phase.reason, state.status, state.reason
            ));
        }
        if want_status == AuthStatus::SignedIn {
            let token = state
                .verified
                .as_ref()
                .expect("signed-in carries the verified token")
                .token();
            let sub: Value = serde_json::from_str(token.payload_json()).unwrap();
            assert_eq!(sub["sub"], "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr", "{id}");
        }
        ran += 1;
    }
    assert_eq!(ran, 20);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A host verdict of `false` signs out with `token-invalid-signature`; the token that
/// `request_token` names is the one that is verified (the header wins over the cookie).
#[test]
fn host_verdict_decides_the_signature_of_the_request_token() {
    let pem = read_shared("conformance/clerk/keys/signing-public-spki.pem");
    let mut b = Verifier::builder();
    b.add_pem(pem.as_bytes()).unwrap();
    let v = b.build().unwrap();
    let token = clerk_token("mockJwt");
    let authorization = format!("Bearer {token}");
    let parts = RequestParts {
        authorization: Some(&authorization),
        cookie: Some("__session=other; __client_uat=1"),
        method: "GET",
        publishable_key: None,
    };
    let now = UnixTimeMs(1_666_648_250_000);
    let mut scratch = vec![0u8; v.limits().buffer_len()];
    assert_eq!(
        v.request_token(&parts, now, &mut scratch),
        Some(token.as_str())
    );
    let denied = v.authenticate_request_with_host_verdict(&parts, now, scratch.clone(), false);
    assert_eq!(denied.status, AuthStatus::SignedOut);
    assert_eq!(denied.reason, "token-invalid-signature");
    let accepted = v.authenticate_request_with_host_verdict(&parts, now, scratch, true);
    assert_eq!(accepted.status, AuthStatus::SignedIn);
    // Decided before verification: no token to check.
    let none = RequestParts {
        method: "GET",
        ..RequestParts::default()
    };
    assert_eq!(v.request_token(&none, now, &mut [0u8; 16]), None);
}

mod suffixed_cookies {
    //! Clerk's `usesSuffixedCookies()` with a publishable key (spec §4.1). The suffix of the
    //! fixture live key is the first 8 characters of base64url(SHA-1(key)) = `MqCvchyS`.

    use super::common::*;
    use sessionjwt::{AuthStatus, RequestParts, UnixTimeMs, Verifier};

    const PK_LIVE: &str = "pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA";

    fn authenticate(cookie: &str) -> (AuthStatus, &'static str) {
        let mut b = Verifier::builder();
        b.add_pem(read_shared("conformance/clerk/keys/signing-public-spki.pem").as_bytes())
            .unwrap();
        let v = b.build().unwrap();
        let parts = RequestParts {
            cookie: Some(cookie),
            method: "GET",
            publishable_key: Some(PK_LIVE),
            ..RequestParts::default()
        };
        let state = v.authenticate_request(
            &parts,
            UnixTimeMs(NOW_MS),
            vec![0u8; v.limits().buffer_len()],
        );
        (state.status, state.reason)
    }

    fn token(iss: &str) -> String {
        Signer::clerk_rsa().mint_claims(
            sessionjwt::Algorithm::RS256,
            &payload_at_now(&format!(r#""iss":"{iss}""#)),
        )
    }

    #[test]
    fn an_unsuffixed_cookie_from_another_instance_is_ignored() {
        let foreign = token("https://clerk.other-app.example");
        let uat = NOW_S;
        assert_eq!(
            authenticate(&format!("__session={foreign}; __client_uat={uat}")),
            (AuthStatus::SignedOut, "session-token-and-uat-missing")
        );
        // The same cookie from this instance is read.
        let own = token("https://clerk.inspired.puma-74.lcl.dev");
        assert_eq!(
            authenticate(&format!("__session={own}; __client_uat={uat}")),
            (AuthStatus::SignedIn, "")
        );
        // A foreign unsuffixed cookie beside this instance's suffixed pair: the pair wins.
        let cookies =
            format!("__session={foreign}; __session_MqCvchyS={own}; __client_uat_MqCvchyS={uat}");
        assert_eq!(authenticate(&cookies), (AuthStatus::SignedIn, ""));
    }

    #[test]
    fn suffixed_pair_rules() {
        let own = token("https://clerk.inspired.puma-74.lcl.dev");
        let uat = NOW_S;
        // Only the suffixed pair: read.
        assert_eq!(
            authenticate(&format!(
                "__session_MqCvchyS={own}; __client_uat_MqCvchyS={uat}"
            )),
            (AuthStatus::SignedIn, "")
        );
        // A suffixed session without its client_uat: the unsuffixed pair is read (none here).
        assert_eq!(
            authenticate(&format!("__session_MqCvchyS={own}")),
            (AuthStatus::SignedOut, "session-token-and-uat-missing")
        );
        // Suffixed client_uat "0" while the unsuffixed one is set: the unsuffixed pair.
        let cookies = format!("__session={own}; __client_uat={uat}; __client_uat_MqCvchyS=0");
        assert_eq!(authenticate(&cookies), (AuthStatus::SignedIn, ""));
        // An unsuffixed session without iss: the unsuffixed pair.
        let no_iss =
            Signer::clerk_rsa().mint_claims(sessionjwt::Algorithm::RS256, &payload_at_now(""));
        assert_eq!(
            authenticate(&format!("__session={no_iss}; __client_uat={uat}")),
            (AuthStatus::SignedIn, "")
        );
    }
}
