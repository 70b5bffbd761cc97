//! Request authentication beyond the shared Clerk cases (spec §4.1, read against
//! `@clerk/backend` 3.25): how the `Authorization` value is split, how cookies are read, how
//! `__client_uat` is parsed, token categories of any JSON type, and which auth objects are
//! authenticated.

mod common;

use common::*;
use sessionjwt::{Algorithm, AuthStatus, RequestParts, UnixTimeMs, Verifier};

const HS: Algorithm = Algorithm::HS256;

fn signer() -> Signer {
    Signer::for_alg(HS)
}

/// Status, reason and whether the auth object (pending treated as signed out) is
/// authenticated.
fn outcome(
    v: &Verifier,
    authorization: Option<&str>,
    cookie: Option<&str>,
) -> (AuthStatus, String, bool) {
    outcome_for(v, authorization, cookie, None)
}

fn outcome_for(
    v: &Verifier,
    authorization: Option<&str>,
    cookie: Option<&str>,
    publishable_key: Option<&str>,
) -> (AuthStatus, String, bool) {
    let parts = RequestParts {
        authorization,
        cookie,
        method: "GET",
        publishable_key,
    };
    let buf = vec![0u8; v.limits().buffer_len()];
    let state = v.authenticate_request(&parts, UnixTimeMs(NOW_MS), buf);
    let authenticated = state
        .verified
        .as_ref()
        .is_some_and(|t| t.token().auth(true).is_authenticated());
    (state.status, state.reason.to_owned(), authenticated)
}

fn signed_in() -> (AuthStatus, String, bool) {
    (AuthStatus::SignedIn, String::new(), true)
}

fn signed_out(reason: &str) -> (AuthStatus, String, bool) {
    (AuthStatus::SignedOut, reason.to_owned(), false)
}

#[test]
fn authorization_is_split_as_javascript_splits_it() {
    let s = signer();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(HS, &payload_at_now(""));
    // split(" ", 2): the token ends at the second space.
    assert_eq!(
        outcome(&v, Some(&format!("Bearer {t} extra")), None),
        signed_in()
    );
    assert_eq!(outcome(&v, Some(&format!("Bearer {t}")), None), signed_in());
    assert_eq!(outcome(&v, Some(&t), None), signed_in());
    // An empty token gives the scheme: "Bearer" is not a JWT.
    assert_eq!(
        outcome(&v, Some(&format!("Bearer  {t}")), None),
        signed_out("token-invalid")
    );
    // Another scheme: no header token, and no cookie either.
    assert_eq!(
        outcome(&v, Some(&format!("bearer {t}")), None),
        signed_out("session-token-and-uat-missing")
    );
}

#[test]
fn cookies_keep_quotes_and_client_uat_is_parse_int() {
    let s = signer();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(HS, &payload_at_now(""));
    let uat = NOW_S - 100;
    let with = |session: &str, uat: &str| format!("__session={session}; __client_uat={uat}");
    assert_eq!(
        outcome(&v, None, Some(&with(&t, &uat.to_string()))),
        signed_in()
    );
    // The bundled `cookie` package keeps double quotes: a quoted token does not decode, a
    // quoted __client_uat is NaN, so 0.
    assert_eq!(
        outcome(&v, None, Some(&with(&format!("\"{t}\""), &uat.to_string()))),
        signed_out("token-invalid")
    );
    assert_eq!(
        outcome(&v, None, Some(&with(&t, &format!("\"{uat}\"")))),
        signed_out("session-token-but-no-client-uat")
    );
    // parseInt: hex, a sign, trailing junk.
    assert_eq!(outcome(&v, None, Some(&with(&t, "0x10"))), signed_in());
    assert_eq!(outcome(&v, None, Some(&with(&t, "-5"))), signed_in());
    assert_eq!(outcome(&v, None, Some(&with(&t, "12abc"))), signed_in());
    assert_eq!(
        outcome(&v, None, Some(&with(&t, "0x"))),
        signed_out("session-token-but-no-client-uat")
    );
    // A __client_uat after the token's iat: the token predates the client's last sign-in.
    assert_eq!(
        outcome(&v, None, Some(&with(&t, &format!("{:#x}", NOW_S + 1)))),
        signed_out("session-token-iat-before-client-uat")
    );
    // Not percent-decoded (a deliberate difference: these values are cookie-safe as set).
    assert_eq!(
        outcome(
            &v,
            None,
            Some(&with(&t.replacen('.', "%2E", 1), &uat.to_string()))
        ),
        signed_out("token-invalid")
    );
}

#[test]
fn a_category_of_any_other_type_is_a_type_mismatch() {
    let s = signer();
    let v = s.verifier(|_| {});
    let p = payload_at_now("");
    for cat in [
        "5",
        "null",
        "true",
        r#"["cl_B7d4PD111AAA"]"#,
        r#""cl_B7d4PD222AAA""#,
    ] {
        let t = s.mint(HS, &format!(r#"{{"alg":"HS256","cat":{cat}}}"#), &p);
        assert_eq!(
            outcome(&v, Some(&format!("Bearer {t}")), None),
            signed_out("token-type-mismatch"),
            "cat {cat}"
        );
        // Verification alone accepts it: only the M2M category string is refused there.
        assert!(run(&v, &t, NOW_MS).is_ok(), "cat {cat}");
    }
    for cat in [
        r#""cl_B7d4PD111AAA""#,
        r#""cl_I7d4PD111III""#,
        r#""cl_B7d4PD111A\u0041A""#,
    ] {
        let t = s.mint(HS, &format!(r#"{{"alg":"HS256","cat":{cat}}}"#), &p);
        assert_eq!(
            outcome(&v, Some(&format!("Bearer {t}")), None),
            signed_in(),
            "cat {cat}"
        );
    }
}

#[test]
fn a_signed_in_object_is_authenticated_whatever_its_sub() {
    let s = signer();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(
        HS,
        &format!(r#"{{"sub":"","iat":{},"exp":{}}}"#, NOW_S, NOW_S + 60),
    );
    // Clerk: signed in, isAuthenticated true; has() still needs a truthy userId.
    assert_eq!(outcome(&v, Some(&t), None), signed_in());
    let mut buf = vec![0u8; v.limits().buffer_len()];
    let verified = v
        .verify(t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
        .unwrap();
    let auth = verified.auth(true);
    assert!(auth.is_authenticated());
    assert!(!auth.has_permission("org:x:y"));
    // A pending session treated as signed out is not authenticated.
    let pending = s.mint_claims(HS, &payload_at_now(r#""sts":"pending""#));
    assert!(!outcome(&v, Some(&pending), None).2);
}

/// The Clerk fixture instance (`payloads.json`): its publishable keys, Frontend API host and
/// the cookie suffixes, base64url(SHA-1(key))[..8], computed independently of the core.
const PK_LIVE: &str = "pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA";
const PK_TEST: &str = "pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA";
const LIVE_SUFFIX: &str = "MqCvchyS";
const TEST_SUFFIX: &str = "vWCgMp3A";
const OWN_ISS: &str = r#""iss":"https://clerk.inspired.puma-74.lcl.dev""#;

#[test]
fn an_empty_cookie_is_no_cookie() {
    // Clerk's getCookie is `cookies.get(name) || undefined`.
    let s = signer();
    let v = s.verifier(|_| {});
    let uat = NOW_S - 100;
    assert_eq!(
        outcome(&v, None, Some(&format!("__session=; __client_uat={uat}"))),
        signed_out("client-uat-but-no-session-token")
    );
    assert_eq!(
        outcome(&v, None, Some("__session=")),
        signed_out("session-token-and-uat-missing")
    );
    // The first of two cookies wins, even when it is empty.
    let t = s.mint_claims(HS, &payload_at_now(""));
    assert_eq!(
        outcome(
            &v,
            None,
            Some(&format!("__session=; __session={t}; __client_uat={uat}"))
        ),
        signed_out("client-uat-but-no-session-token")
    );
    // An empty suffixed __client_uat is no suffixed cookie: the unsuffixed pair is used.
    let t = s.mint_claims(HS, &payload_at_now(OWN_ISS));
    let cookie = format!("__session={t}; __client_uat={uat}; __client_uat_{LIVE_SUFFIX}=");
    assert_eq!(
        outcome_for(&v, None, Some(&cookie), Some(PK_LIVE)),
        signed_in()
    );
}

#[test]
fn a_missing_session_iat_counts_as_zero_when_choosing_suffixed_cookies() {
    // usesSuffixedCookies: `(payload.iat || 0)`; an unsuffixed session newer than a missing
    // suffixed one is used, with both client_uat cookies signed in.
    let s = signer();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(HS, &payload_at_now(OWN_ISS));
    let uat = NOW_S - 10;
    let cookie = format!("__session={t}; __client_uat={uat}; __client_uat_{LIVE_SUFFIX}={uat}");
    assert_eq!(
        outcome_for(&v, None, Some(&cookie), Some(PK_LIVE)),
        signed_in()
    );
}

#[test]
fn the_dev_browser_cookie_follows_the_suffix_choice() {
    // Clerk reads __clerk_db_jwt with getSuffixedOrUnSuffixedCookie, as the session.
    let s = signer();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(HS, &payload_at_now(OWN_ISS));
    let uat = NOW_S - 10;
    let suffixed = format!(
        "__session_{TEST_SUFFIX}={t}; __client_uat_{TEST_SUFFIX}={uat}; \
         __clerk_db_jwt_{TEST_SUFFIX}=dvb_1"
    );
    assert_eq!(
        outcome_for(&v, None, Some(&suffixed), Some(PK_TEST)),
        signed_in()
    );
    // Unsuffixed cookies in use: a suffixed dev-browser cookie alone is missing.
    let unsuffixed =
        format!("__session={t}; __client_uat={uat}; __clerk_db_jwt_{TEST_SUFFIX}=dvb_1");
    assert_eq!(
        outcome_for(&v, None, Some(&unsuffixed), Some(PK_TEST)),
        signed_out("dev-browser-missing")
    );
    let both = format!("{unsuffixed}; __clerk_db_jwt=dvb_1");
    assert_eq!(
        outcome_for(&v, None, Some(&both), Some(PK_TEST)),
        signed_in()
    );
}

#[test]
fn the_session_issuer_decides_between_cookie_pairs_as_clerk_reads_it() {
    // Only unsuffixed cookies are sent: an issuer of this instance (or none) keeps them, a
    // foreign one switches to the (absent) suffixed pair. tokenHasIssuer is `!!iss`;
    // tokenBelongsToInstance needs a string and removes every http(s):// in any case.
    let s = signer();
    let v = s.verifier(|_| {});
    let uat = NOW_S - 10;
    let with_iss = |iss: &str| {
        let t = s.mint_claims(HS, &payload_at_now(&format!(r#""iss":{iss}"#)));
        outcome_for(
            &v,
            None,
            Some(&format!("__session={t}; __client_uat={uat}")),
            Some(PK_LIVE),
        )
    };
    for own in [
        r#""https://clerk.inspired.puma-74.lcl.dev""#,
        r#""HTTPS://clerk.inspired.puma-74.lcl.dev""#,
        r#""hTtP://clerk.inspired.puma-74.lcl.dev""#,
        r#""clerk.inspired.puma-74.lcl.dev""#,
        r#""https://https://clerk.inspired.puma-74.lcl.dev""#,
        r#""clerk.inspired.puma-74.lcl.dev\u0068ttps://""#,
        // Falsy: no issuer, so the unsuffixed pair.
        r#""""#,
        "0",
        "null",
        "false",
    ] {
        assert_eq!(with_iss(own), signed_in(), "iss {own}");
    }
    for foreign in [
        r#""https://clerk.other.example""#,
        r#""https://clerk.inspired.puma-74.lcl.dev/""#,
        r#""ftp://clerk.inspired.puma-74.lcl.dev""#,
        r#""https:/clerk.inspired.puma-74.lcl.dev""#,
        "5",
        "true",
        r#"["https://clerk.inspired.puma-74.lcl.dev"]"#,
    ] {
        assert_eq!(
            with_iss(foreign),
            signed_out("session-token-and-uat-missing"),
            "iss {foreign}"
        );
    }
}
