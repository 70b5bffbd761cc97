//! `sessionjwt_auth`: the result of one successful verification, and its accessors.

use std::sync::OnceLock;

use core_jwt::{JsonValue, VerifiedBuffer, VerifiedToken};

use crate::ffi::{bytes, free_handle, guard, handle, Out};
use crate::str::sessionjwt_str;

/// The result of one successful verification: the verified token and its auth object.
///
/// Made by `sessionjwt_verifier_verify` (and friends), released by `sessionjwt_auth_free`.
/// Immutable: it may be read from many threads at once. Every `sessionjwt_str` it hands out
/// stays valid until the handle is freed. It does not borrow the verifier, which may be freed
/// first.
pub struct sessionjwt_auth {
    verified: VerifiedBuffer<Box<[u8]>>,
    #[allow(dead_code)]
    treat_pending_as_signed_out: bool,
    /// Unescaped copies of the string fields, made on first use.
    derived: OnceLock<Derived>,
}

/// A string in [`Derived::arena`]: (start, len), or `None` for "no value".
type Span = Option<(usize, usize)>;

/// The string fields, unescaped into one allocation.
struct Derived {
    arena: String,
    user_id: Span,
    session_id: Span,
    session_status: Span,
    issuer: Span,
    authorized_party: Span,
}

impl Derived {
    fn new(token: &VerifiedToken<'_>) -> Derived {
        let mut arena = String::new();
        let mut string = |value: Option<JsonValue<'_>>| -> Span {
            let s = value?.as_str()?;
            let start = arena.len();
            arena.extend(s.chars());
            Some((start, arena.len() - start))
        };
        let claims = token.claims();
        Derived {
            user_id: string(claims.sub()),
            session_id: string(claims.sid()),
            session_status: string(claims.sts()),
            issuer: string(claims.iss()),
            authorized_party: string(claims.azp()),
            arena,
        }
    }

    fn view(&self, span: Span) -> sessionjwt_str {
        sessionjwt_str::optional(span.map(|(start, len)| &self.arena[start..start + len]))
    }
}

impl sessionjwt_auth {
    pub(crate) fn new(
        verified: VerifiedBuffer<Box<[u8]>>,
        treat_pending_as_signed_out: bool,
    ) -> sessionjwt_auth {
        sessionjwt_auth {
            verified,
            treat_pending_as_signed_out,
            derived: OnceLock::new(),
        }
    }

    fn derived(&self) -> &Derived {
        self.derived
            .get_or_init(|| Derived::new(&self.verified.token()))
    }
}

/// Frees an auth handle. NULL is ignored.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle that no thread uses any more; views obtained from it
/// become invalid.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_free(auth: *mut sessionjwt_auth) {
    guard((), || {
        // SAFETY: the caller's contract.
        unsafe { free_handle(auth) }
    })
}

/// Reads a string field of `auth`: NULL gives "no value".
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
unsafe fn field(
    auth: *const sessionjwt_auth,
    pick: impl FnOnce(&Derived) -> Span,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let Ok(auth) = (unsafe { handle(auth) }) else {
            return sessionjwt_str::NONE;
        };
        let derived = auth.derived();
        derived.view(pick(derived))
    })
}

/// `userId`: the `sub` claim, unescaped. Valid until `auth` is freed; "no value" (NULL data)
/// when `auth` is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_user_id(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.user_id) }
}

/// `sessionId`: the `sid` claim when it is a string, else no value. Valid until `auth` is
/// freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_session_id(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.session_id) }
}

/// `sessionStatus`: the `sts` claim (`active`, `pending`) when it is a string, else no value.
/// Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_session_status(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.session_status) }
}

/// The `iss` claim (the Clerk Frontend API URL) when it is a string, else no value. Valid until
/// `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_issuer(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.issuer) }
}

/// The `azp` claim (the origin the token was minted for) when it is a string, else no value.
/// Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_authorized_party(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.authorized_party) }
}

/// The decoded payload JSON, byte for byte as signed. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_payload_json(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let Ok(auth) = (unsafe { handle(auth) }) else {
            return sessionjwt_str::NONE;
        };
        // The text lives in the handle's heap buffer, which neither moves nor changes.
        sessionjwt_str::borrowed(auth.verified.token().payload_json())
    })
}

/// The exact JSON text of the payload member `name[0..name_len]` (any claim, custom ones
/// included: `"abc"` with its quotes, `123`, `{"a":1}`, `null`), or no value when the payload
/// has no such member. Names are compared after unescaping. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle; `name` is NULL (no value) or points to
/// `name_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_claim_json(
    auth: *const sessionjwt_auth,
    name: *const u8,
    name_len: usize,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let (Ok(auth), Ok(name)) = (unsafe { handle(auth) }, unsafe { bytes(name, name_len) })
        else {
            return sessionjwt_str::NONE;
        };
        let Ok(name) = std::str::from_utf8(name) else {
            return sessionjwt_str::NONE;
        };
        let token = auth.verified.token();
        sessionjwt_str::optional(token.claims().get(name).map(|v| v.raw_json()))
    })
}

/// The algorithm that verified the signature (`RS256`, `ES256`, ...). Static.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_algorithm(auth: *const sessionjwt_auth) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        match unsafe { handle(auth) } {
            Ok(auth) => sessionjwt_str::from_static(auth.verified.token().algorithm().name()),
            Err(_) => sessionjwt_str::NONE,
        }
    })
}

/// `exp` in milliseconds since the epoch (seconds truncated, then times 1000, as Clerk does);
/// 0 when `auth` is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_expires_at_ms(auth: *const sessionjwt_auth) -> i64 {
    guard(0, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.map_or(0, |a| a.verified.times().expires_at.0)
    })
}

/// Writes an optional time claim; false when absent or on NULL arguments.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `out` is NULL or valid for a write.
unsafe fn optional_time(
    auth: *const sessionjwt_auth,
    out: *mut i64,
    pick: impl FnOnce(core_jwt::TimeClaims) -> Option<core_jwt::UnixTimeMs>,
) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        let (Ok(auth), Ok(out)) = (unsafe { handle(auth) }, unsafe { Out::new(out) }) else {
            return false;
        };
        match pick(auth.verified.times()) {
            Some(t) => {
                out.write(t.0);
                true
            }
            None => false,
        }
    })
}

/// `iat` in milliseconds: returns true and writes `*ms_out` when the token has `iat`; returns
/// false (and writes nothing) when it has none or an argument is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `ms_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_issued_at_ms(
    auth: *const sessionjwt_auth,
    ms_out: *mut i64,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { optional_time(auth, ms_out, |t| t.issued_at) }
}

/// `nbf` in milliseconds, as `sessionjwt_auth_issued_at_ms`.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `ms_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_not_before_ms(
    auth: *const sessionjwt_auth,
    ms_out: *mut i64,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { optional_time(auth, ms_out, |t| t.not_before) }
}
