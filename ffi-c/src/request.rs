//! Request authentication: the core's Bearer-or-`__session` decision, for HTTP middleware.

use std::borrow::Cow;

use core_jwt::{AuthStatus, RequestParts, TokenCarrier, UnixTimeMs};

use crate::auth::sessionjwt_auth;
use crate::ffi::{guard, guard_result, handle, into_handle, optional_bytes, Out};
use crate::result::{from_error, sessionjwt_result, SESSIONJWT_RESULT_OK, SESSIONJWT_RESULT_PANIC};
use crate::str::sessionjwt_str;
use crate::verifier::{sessionjwt_verifier, system_now_ms};

/// Signed in or out.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sessionjwt_auth_status {
    /// A valid session token was found.
    SignedIn,
    /// No valid session token.
    SignedOut,
}

/// Where the session token was found.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum sessionjwt_token_carrier {
    /// No token was found (or the cookie rules stopped before reading it).
    None,
    /// The `Authorization` header.
    Header,
    /// The `__session` cookie.
    Cookie,
}

/// The outcome of `sessionjwt_verifier_authenticate_request`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sessionjwt_request_outcome {
    /// Signed in or out.
    pub status: sessionjwt_auth_status,
    /// Clerk's reason (static view): empty when signed in; a request reason such as
    /// `session-token-and-uat-missing`, `dev-browser-missing`, `token-type-mismatch` or a
    /// handshake reason (`session-token-expired-refresh-non-eligible-no-refresh-cookie`); or a
    /// verification reason such as `token-invalid-signature`.
    pub reason: sessionjwt_str,
    /// The verification error behind a signed-out outcome (its message:
    /// `sessionjwt_result_message`), or `SESSIONJWT_RESULT_OK` when verification did not run
    /// or succeeded.
    pub error: sessionjwt_result,
    /// Where the token came from.
    pub carrier: sessionjwt_token_carrier,
}

/// An HTTP header value as text. Bytes that are not UTF-8 become U+FFFD: a token containing
/// them can never verify (U+FFFD is outside base64url), and unrelated cookies carrying Latin-1
/// bytes do not break authentication.
fn header_text(value: Option<&[u8]>) -> Option<Cow<'_, str>> {
    value.map(String::from_utf8_lossy)
}

/// Authenticates an HTTP request as `@clerk/backend`'s `authenticateRequest` does without
/// network access: the `Authorization` header's token wins (`Bearer <token>`, or a bare
/// token); otherwise the `__session` cookie, with Clerk's `__client_uat` and dev-browser rules
/// (see `sessionjwt_verifier_builder_set_publishable_key`). Machine tokens are refused.
/// Where Clerk would start a handshake (an expired cookie token, for example) the outcome is
/// signed out with the handshake reason.
///
/// - `authorization`: the `Authorization` header value, or NULL when the request has none.
/// - `cookie`: the `Cookie` header value (join several with `"; "`), or NULL when none.
/// - `method`: the request method (`GET`, `POST`, ...); NULL or empty means `GET`.
///
/// The token is verified through the verifier's repeat-token cache, as by
/// `sessionjwt_verifier_verify` (an expired cached token signs out with the same handshake
/// reason as a full verification).
///
/// Header bytes that are not UTF-8 are replaced with U+FFFD first. On success (the call
/// worked; the request may still be signed out) `*outcome_out` is written, and `*auth_out`
/// receives an auth handle when signed in (free it with `sessionjwt_auth_free`) or NULL when
/// signed out. On failure neither is written.
///
/// # Safety
///
/// `verifier` is a live verifier; each non-NULL `(pointer, length)` pair points to that many
/// readable bytes; `outcome_out` and `auth_out` are valid for writes. NULL `verifier`,
/// `outcome_out` or `auth_out` gives `NULL_ARGUMENT`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sessionjwt_verifier_authenticate_request(
    verifier: *const sessionjwt_verifier,
    authorization: *const u8,
    authorization_len: usize,
    cookie: *const u8,
    cookie_len: usize,
    method: *const u8,
    method_len: usize,
    now_ms: i64,
    outcome_out: *mut sessionjwt_request_outcome,
    auth_out: *mut *mut sessionjwt_auth,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        // SAFETY: the caller's contract.
        let authorization =
            header_text(unsafe { optional_bytes(authorization, authorization_len) }?);
        // SAFETY: the caller's contract.
        let cookie = header_text(unsafe { optional_bytes(cookie, cookie_len) }?);
        // SAFETY: the caller's contract.
        let method = header_text(unsafe { optional_bytes(method, method_len) }?);
        // SAFETY: the caller's contract.
        let outcome_out = unsafe { Out::new(outcome_out) }?;
        // SAFETY: the caller's contract.
        let auth_out = unsafe { Out::new(auth_out) }?;
        let parts = RequestParts {
            authorization: authorization.as_deref(),
            cookie: cookie.as_deref(),
            method: method.as_deref().unwrap_or(""),
            publishable_key: verifier.publishable_key.as_deref(),
        };
        // The token is part of one of the two headers.
        let longest = parts
            .authorization
            .map_or(0, str::len)
            .max(parts.cookie.map_or(0, str::len));
        let buffer = verifier.buffer(longest);
        let state =
            verifier
                .cache
                .authenticate_request(&verifier.core, &parts, UnixTimeMs(now_ms), buffer);
        let outcome = sessionjwt_request_outcome {
            status: match state.status {
                AuthStatus::SignedIn => sessionjwt_auth_status::SignedIn,
                AuthStatus::SignedOut => sessionjwt_auth_status::SignedOut,
            },
            reason: sessionjwt_str::from_static(state.reason),
            error: state.error.map_or(SESSIONJWT_RESULT_OK, from_error),
            carrier: match state.carrier {
                None => sessionjwt_token_carrier::None,
                Some(TokenCarrier::Header) => sessionjwt_token_carrier::Header,
                Some(TokenCarrier::Cookie) => sessionjwt_token_carrier::Cookie,
            },
        };
        let auth = match state.verified {
            Some(verified) => into_handle(sessionjwt_auth::new(
                verified,
                verifier.treat_pending_as_signed_out,
            )),
            None => std::ptr::null_mut(),
        };
        outcome_out.write(outcome);
        auth_out.write(auth);
        Ok(())
    })
}

/// `sessionjwt_verifier_authenticate_request` at the current system time.
///
/// # Safety
///
/// As `sessionjwt_verifier_authenticate_request`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn sessionjwt_verifier_authenticate_request_now(
    verifier: *const sessionjwt_verifier,
    authorization: *const u8,
    authorization_len: usize,
    cookie: *const u8,
    cookie_len: usize,
    method: *const u8,
    method_len: usize,
    outcome_out: *mut sessionjwt_request_outcome,
    auth_out: *mut *mut sessionjwt_auth,
) -> sessionjwt_result {
    // The clock is read inside the guard too: nothing of ours runs unguarded.
    guard(SESSIONJWT_RESULT_PANIC, || {
        let now = system_now_ms();
        // SAFETY: the caller's contract is the one of
        // `sessionjwt_verifier_authenticate_request`.
        unsafe {
            sessionjwt_verifier_authenticate_request(
                verifier,
                authorization,
                authorization_len,
                cookie,
                cookie_len,
                method,
                method_len,
                now,
                outcome_out,
                auth_out,
            )
        }
    })
}
