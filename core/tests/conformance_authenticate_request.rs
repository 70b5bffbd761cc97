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
        let verdict = v.request_token(&parts, &mut scratch).is_some_and(|token| {
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
    assert_eq!(v.request_token(&parts, &mut scratch), Some(token.as_str()));
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
    assert_eq!(v.request_token(&none, &mut [0u8; 16]), None);
}
