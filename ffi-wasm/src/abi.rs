//! The raw ABI that `js/edge.mjs` calls (exports named `sj_*`).
//!
//! Conventions:
//! - Inputs are `(ptr, len)` pairs in wasm memory that the caller allocated with
//!   [`sj_alloc`] and filled (UTF-8 text from `TextEncoder`, or raw bytes).
//! - Functions return a status: `0` for success, else the core's stable error number
//!   (`Error::number`, 101..=799), which the glue maps through `errors.mjs`, the
//!   vocabulary generated from the core (no error strings in the module). Predicates ([`sj_has`], [`sj_request_token`]) return 0 or 1 (or an
//!   error number).
//! - Outputs go to `out`, a caller-owned array of `u32` slots, and are written only on
//!   success. Output text is `(ptr, len)` in wasm memory, valid until the next call into
//!   this module: the glue copies it at once.
//! - Times (`now`, the clock skew) are `f64` integers of milliseconds (JavaScript numbers,
//!   no `BigInt`); anything else is [`Error::InvalidOption`].
//! - Handles ([`Builder`], [`EdgeVerifier`]) are boxed and owned by the glue until freed.
//!
//! The module is single-threaded (as a wasm instance is) and never re-entered.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use core::cell::RefCell;

use sessionjwt::{Algorithm, AuthStatus, Error, HasParams, Param, Reverification, UnixTimeMs};

use crate::{AuthSource, Builder, EdgeVerifier, SignatureCheck};

const OK: u32 = 0;

/// Output text owned by the module (JWK text, auth JSON, request payloads).
struct Text(RefCell<String>);

// SAFETY: a wasm instance is single-threaded (the module is built without atomics) and the
// ABI is never re-entered. On other targets, where this compiles for tests and linting, the
// ABI (32-bit pointers) is not used.
unsafe impl Sync for Text {}

static TEXT: Text = Text(RefCell::new(String::new()));

/// Writes `values` to the caller's output slots.
///
/// # Safety
/// `out` must point to at least `values.len()` writable `u32` slots.
unsafe fn write_out(out: *mut u32, values: &[u32]) {
    for (i, v) in values.iter().enumerate() {
        // SAFETY: the caller guarantees `values.len()` slots.
        unsafe { out.add(i).write_unaligned(*v) };
    }
}

/// `(ptr, len)` of a byte slice as two `u32` slots (wasm32 pointers are 32-bit).
fn span(bytes: &[u8]) -> [u32; 2] {
    [bytes.as_ptr() as usize as u32, bytes.len() as u32]
}

/// Stores `text` in [`TEXT`] and returns its `(ptr, len)`.
fn keep_text(text: String) -> [u32; 2] {
    let mut t = TEXT.0.borrow_mut();
    *t = text;
    span(t.as_bytes())
}

/// The input bytes `(ptr, len)`.
///
/// # Safety
/// `ptr` must be valid for reads of `len` bytes (or `len` must be 0) for the call.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { core::slice::from_raw_parts(ptr, len) }
    }
}

/// The input text `(ptr, len)`; invalid UTF-8 (never produced by `TextEncoder`) is
/// [`Error::InvalidOption`].
///
/// # Safety
/// As [`bytes`].
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, Error> {
    // SAFETY: forwarded.
    core::str::from_utf8(unsafe { bytes(ptr, len) }).map_err(|_| Error::InvalidOption)
}

/// An integer number of milliseconds within +/-2^53, given as a JavaScript number.
fn millis(ms: f64) -> Result<i64, Error> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    // Within the range, `as` is exact for integers and truncates fractions: compare back.
    if ms.is_finite() && (-MAX_SAFE..=MAX_SAFE).contains(&ms) && (ms as i64) as f64 == ms {
        Ok(ms as i64)
    } else {
        Err(Error::InvalidOption)
    }
}

fn status(r: Result<(), Error>) -> u32 {
    match r {
        Ok(()) => OK,
        Err(e) => e.number(),
    }
}

// ---------------------------------------------------------------------------------------
// Memory.

/// Allocates `len` zeroed bytes for the caller (never null; `len` 0 gives a dangling,
/// non-null pointer). Free with [`sj_free`] and the same `len`.
#[no_mangle]
pub extern "C" fn sj_alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()) as *mut u8
}

/// Frees memory from [`sj_alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one [`sj_alloc`] call, freed once.
#[no_mangle]
pub unsafe extern "C" fn sj_free(ptr: *mut u8, len: usize) {
    // SAFETY: `ptr` is a `Box<[u8]>` of `len` bytes from `sj_alloc`.
    drop(unsafe { Box::from_raw(core::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

// ---------------------------------------------------------------------------------------
// Vocabulary.

/// The JOSE name of algorithm `index` (the order of `Algorithm::ALL`, as in
/// [`sj_signature_input`]): `out` = `[ptr, len]`.
///
/// # Safety
/// `out` must have 2 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_algorithm_name(index: usize, out: *mut u32) -> u32 {
    let Some(a) = Algorithm::ALL.get(index) else {
        return Error::InvalidOption.number();
    };
    // SAFETY: 2 slots.
    unsafe { write_out(out, &span(a.name().as_bytes())) };
    OK
}

// ---------------------------------------------------------------------------------------
// Building a verifier.

/// A new builder (free it with [`sj_builder_free`] unless [`sj_builder_build`] consumed it).
#[no_mangle]
pub extern "C" fn sj_builder_new() -> *mut Builder {
    Box::into_raw(Box::new(Builder::new()))
}

/// Frees a builder.
///
/// # Safety
/// `b` must come from [`sj_builder_new`] and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_free(b: *mut Builder) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Box::from_raw(b) });
}

macro_rules! builder_bytes {
    ($(#[$doc:meta])* $name:ident, $method:ident) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `b` must be a live builder; `(ptr, len)` readable input.
        #[no_mangle]
        pub unsafe extern "C" fn $name(b: *mut Builder, ptr: *const u8, len: usize) -> u32 {
            // SAFETY: guaranteed by the caller.
            let (b, input) = unsafe { (&mut *b, bytes(ptr, len)) };
            status(b.$method(input))
        }
    };
}

macro_rules! builder_text {
    ($(#[$doc:meta])* $name:ident, $method:ident) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// `b` must be a live builder; `(ptr, len)` readable UTF-8 input.
        #[no_mangle]
        pub unsafe extern "C" fn $name(b: *mut Builder, ptr: *const u8, len: usize) -> u32 {
            // SAFETY: guaranteed by the caller.
            let (b, input) = unsafe { (&mut *b, text(ptr, len)) };
            status(input.and_then(|s| b.$method(s)))
        }
    };
}

/// Adds keys: `format` 0 is a PEM public key (`jwtKey`), 1 one JWK (`jwk`: a key of an
/// unsupported type, curve or algorithm is refused), 2 a JWKS (`jwks`: such keys are
/// skipped), both JSON text; any other format is [`Error::InvalidOption`]. (One export for
/// the three: the module is size-budgeted.)
///
/// # Safety
/// `b` must be a live builder; `(ptr, len)` readable input.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_add_key(
    b: *mut Builder,
    format: u32,
    ptr: *const u8,
    len: usize,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (b, input) = unsafe { (&mut *b, bytes(ptr, len)) };
    status(match format {
        0 => b.add_pem(input),
        1 => b.add_jwk(input),
        2 => b.add_jwks(input),
        _ => Err(Error::InvalidOption),
    })
}
builder_bytes!(
    /// `hmacSecret`: adds an HMAC secret (raw bytes).
    sj_builder_add_hmac_secret,
    add_hmac_secret
);
builder_bytes!(
    /// `hmacSecret` as canonical unpadded base64url text ([`Error::InvalidOption`] if not).
    sj_builder_add_hmac_secret_base64url,
    add_hmac_secret_base64url
);
builder_bytes!(
    /// One `algorithms` entry (makes the allow-list explicit; the empty name is unknown).
    sj_builder_algorithm,
    algorithm
);
builder_text!(
    /// One `authorizedParties` entry.
    sj_builder_authorized_party,
    authorized_party
);
builder_text!(
    /// One `audience` entry.
    sj_builder_audience,
    audience
);
builder_text!(
    /// One `issuer` entry.
    sj_builder_issuer,
    issuer
);

/// One `headerType` entry; a null `ptr` adds none and only makes `typ` required (for
/// `headerType: []`, which accepts no token, as in Clerk).
///
/// # Safety
/// `b` must be a live builder; `(ptr, len)` readable UTF-8 input when `ptr` is not null.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_header_type(
    b: *mut Builder,
    ptr: *const u8,
    len: usize,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let b = unsafe { &mut *b };
    if ptr.is_null() {
        b.require_header_type();
        return OK;
    }
    // SAFETY: guaranteed by the caller.
    status(unsafe { text(ptr, len) }.and_then(|s| b.header_type(s)))
}

/// `clockSkewInMs` (an integer number of milliseconds).
///
/// # Safety
/// `b` must be a live builder.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_clock_skew_ms(b: *mut Builder, ms: f64) -> u32 {
    // SAFETY: guaranteed by the caller.
    let b = unsafe { &mut *b };
    status(millis(ms).map(|ms| b.clock_skew_ms(ms)))
}

/// `maxTokenBytes`.
///
/// # Safety
/// `b` must be a live builder.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_max_token_bytes(b: *mut Builder, max: u32) -> u32 {
    // SAFETY: guaranteed by the caller.
    unsafe { &mut *b }.max_token_bytes(max as usize);
    OK
}

/// `publishableKey`.
///
/// # Safety
/// `b` must be a live builder; `(ptr, len)` readable UTF-8 input.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_publishable_key(
    b: *mut Builder,
    ptr: *const u8,
    len: usize,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (b, input) = unsafe { (&mut *b, text(ptr, len)) };
    status(input.map(|k| b.publishable_key(k)))
}

/// Builds the verifier and frees the builder (in every case): `out` = `[verifier]`.
///
/// # Safety
/// `b` must be a live builder, not used afterwards; `out` 1 writable slot.
#[no_mangle]
pub unsafe extern "C" fn sj_builder_build(b: *mut Builder, out: *mut u32) -> u32 {
    // SAFETY: guaranteed by the caller.
    let b = unsafe { Box::from_raw(b) };
    match b.build() {
        Ok(v) => {
            let v = Box::into_raw(Box::new(v));
            // SAFETY: 1 slot.
            unsafe { write_out(out, &[v as usize as u32]) };
            OK
        }
        Err(e) => e.number(),
    }
}

// ---------------------------------------------------------------------------------------
// Verifiers.

/// Frees a verifier.
///
/// # Safety
/// `v` must come from [`sj_builder_build`] and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn sj_verifier_free(v: *mut EdgeVerifier) {
    // SAFETY: guaranteed by the caller.
    drop(unsafe { Box::from_raw(v) });
}

/// The token size limit in bytes.
///
/// # Safety
/// `v` must be a live verifier.
#[no_mangle]
pub unsafe extern "C" fn sj_verifier_max_token_bytes(v: *const EdgeVerifier) -> u32 {
    // SAFETY: guaranteed by the caller.
    u32::try_from(unsafe { &*v }.max_token_bytes()).unwrap_or(u32::MAX)
}

/// The number of keys.
///
/// # Safety
/// `v` must be a live verifier.
#[no_mangle]
pub unsafe extern "C" fn sj_verifier_key_count(v: *const EdgeVerifier) -> u32 {
    // SAFETY: guaranteed by the caller.
    unsafe { &*v }.key_count() as u32
}

/// Key `index` as JWK text for WebCrypto: `out` = `[ptr, len]`.
///
/// # Safety
/// `v` must be a live verifier; `out` 2 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_verifier_key_jwk(
    v: *const EdgeVerifier,
    index: usize,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    match unsafe { &*v }.key_jwk(index) {
        Some(jwk) => {
            // SAFETY: 2 slots.
            unsafe { write_out(out, &keep_text(jwk)) };
            OK
        }
        None => Error::InvalidOption.number(),
    }
}

/// Verifies a token with ring inside wasm (the pure-wasm path): `out` = `[payload ptr,
/// payload len]` (the verified payload JSON).
///
/// # Safety
/// `v` must be a live verifier; `(token, len)` readable; `out` 2 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_verify(
    v: *mut EdgeVerifier,
    token: *const u8,
    len: usize,
    now: f64,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (v, token) = unsafe { (&mut *v, bytes(token, len)) };
    let r = millis(now).and_then(|now| v.verify(token, UnixTimeMs(now)));
    match r {
        Ok(payload) => {
            // SAFETY: 2 slots.
            unsafe { write_out(out, &span(payload.as_bytes())) };
            OK
        }
        Err(e) => e.number(),
    }
}

/// Phase 1 of a two-phase verification: `out` = `[algorithm index, key index, signing input
/// length (a prefix of the token), signature ptr, signature len]`.
///
/// # Safety
/// `v` must be a live verifier; `(token, len)` readable; `out` 5 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_signature_input(
    v: *mut EdgeVerifier,
    token: *const u8,
    len: usize,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (v, token) = unsafe { (&mut *v, bytes(token, len)) };
    match v.signature_input(token) {
        Ok(check) => {
            let alg = Algorithm::ALL
                .iter()
                .position(|a| *a == check.algorithm)
                .unwrap_or(0);
            let [sp, sl] = span(check.signature);
            let slots = [
                alg as u32,
                check.key_index as u32,
                check.signing_input_len as u32,
                sp,
                sl,
            ];
            // SAFETY: 5 slots.
            unsafe { write_out(out, &slots) };
            OK
        }
        Err(e) => e.number(),
    }
}

/// Phases 2 and 3 with the host's verdict (`verdict` non-zero: the signature from
/// [`sj_signature_input`] of this token verified): `out` = `[payload ptr, payload len]`.
///
/// # Safety
/// As [`sj_verify`].
#[no_mangle]
pub unsafe extern "C" fn sj_verify_with_verdict(
    v: *mut EdgeVerifier,
    token: *const u8,
    len: usize,
    now: f64,
    verdict: u32,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (v, token) = unsafe { (&mut *v, bytes(token, len)) };
    let r = millis(now).and_then(|now| v.verify_with_verdict(token, UnixTimeMs(now), verdict != 0));
    match r {
        Ok(payload) => {
            // SAFETY: 2 slots.
            unsafe { write_out(out, &span(payload.as_bytes())) };
            OK
        }
        Err(e) => e.number(),
    }
}

/// The request's parts from a descriptor of 8 slots: `[authorization present, ptr, len,
/// cookie present, ptr, len, method ptr, method len]`.
///
/// # Safety
/// `req` must have 8 readable slots describing readable UTF-8 inputs.
unsafe fn request<'r>(
    req: *const u32,
) -> Result<(Option<&'r str>, Option<&'r str>, &'r str), Error> {
    // SAFETY: 8 slots, guaranteed by the caller.
    let d = unsafe { core::slice::from_raw_parts(req, 8) };
    // SAFETY: the descriptor names readable inputs.
    let field = |present: u32, ptr: u32, len: u32| unsafe {
        match present {
            0 => Ok(None),
            _ => text(ptr as usize as *const u8, len as usize).map(Some),
        }
    };
    let authorization = field(d[0], d[1], d[2])?;
    let cookie = field(d[3], d[4], d[5])?;
    let method = field(1, d[6], d[7])?.unwrap_or("");
    Ok((authorization, cookie, method))
}

/// The token that request authentication at `now` would verify: returns 1 and `out` =
/// `[ptr, len]` (a slice of the request's inputs), or 0 when the request is decided without a
/// token.
///
/// # Safety
/// `v` must be a live verifier; `req` as in [`sj_authenticate_request`]; `out` 2 slots.
#[no_mangle]
pub unsafe extern "C" fn sj_request_token(
    v: *mut EdgeVerifier,
    req: *const u32,
    now: f64,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (v, parts) = unsafe { (&mut *v, request(req)) };
    let (authorization, cookie, method) = match parts {
        Ok(p) => p,
        Err(e) => return e.number(),
    };
    let now = match millis(now) {
        Ok(now) => UnixTimeMs(now),
        Err(e) => return e.number(),
    };
    match v.request_token(authorization, cookie, method, now) {
        Some(token) => {
            // SAFETY: 2 slots.
            unsafe { write_out(out, &span(token.as_bytes())) };
            1
        }
        None => 0,
    }
}

/// Authenticates a request. `req`: 8 slots `[authorization present, ptr, len, cookie
/// present, ptr, len, method ptr, method len]`. `check`: 0 = ring inside wasm, 1 = the host
/// found the signature of [`sj_request_token`]'s token invalid, 2 = valid.
///
/// `out` = `[signed in (0/1), reason ptr, reason len, error number (0: none), carrier (0
/// none, 1 header, 2 cookie), token present, token ptr, token len, payload present,
/// payload ptr, payload len]` (11 slots).
///
/// # Safety
/// `v` must be a live verifier; `req` 8 readable slots describing readable UTF-8 inputs;
/// `out` 11 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_authenticate_request(
    v: *mut EdgeVerifier,
    req: *const u32,
    now: f64,
    check: u32,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (v, parts) = unsafe { (&mut *v, request(req)) };
    let (authorization, cookie, method) = match parts {
        Ok(p) => p,
        Err(e) => return e.number(),
    };
    let now = match millis(now) {
        Ok(now) => UnixTimeMs(now),
        Err(e) => return e.number(),
    };
    let check = match check {
        0 => SignatureCheck::Wasm,
        1 => SignatureCheck::HostVerdict(false),
        _ => SignatureCheck::HostVerdict(true),
    };
    let o = v.authenticate_request(authorization, cookie, method, now, check);
    let [rp, rl] = span(o.reason.as_bytes());
    let [tp, tl] = o.token.map_or([0, 0], |t| span(t.as_bytes()));
    let payload_present = o.payload.is_some();
    let [pp, pl] = o.payload.map_or([0, 0], keep_text);
    let slots = [
        u32::from(o.status == AuthStatus::SignedIn),
        rp,
        rl,
        o.error.map_or(0, Error::number),
        match o.carrier {
            None => 0,
            Some(sessionjwt::TokenCarrier::Header) => 1,
            Some(sessionjwt::TokenCarrier::Cookie) => 2,
        },
        u32::from(o.token.is_some()),
        tp,
        tl,
        u32::from(payload_present),
        pp,
        pl,
    ];
    // SAFETY: 11 slots.
    unsafe { write_out(out, &slots) };
    OK
}

// ---------------------------------------------------------------------------------------
// The Auth object.

/// The auth source `kind`: 0 signed out, 1 a verified payload, 2 (unverified) auth
/// properties as JSON; `(ptr, len)` is the JSON for 1 and 2.
///
/// # Safety
/// `(ptr, len)` readable when `kind` is 1 or 2.
unsafe fn auth_source<'a>(ptr: *const u8, len: usize, kind: u32) -> AuthSource<'a> {
    match kind {
        0 => AuthSource::SignedOut,
        // SAFETY: guaranteed by the caller.
        1 => AuthSource::Verified(unsafe { bytes(ptr, len) }),
        // SAFETY: guaranteed by the caller.
        _ => AuthSource::DangerousProperties(unsafe { bytes(ptr, len) }),
    }
}

/// The auth object JSON (`kind`: 0 signed out, 1 the verified payload `(json, len)`, 2
/// **unverified** auth properties `(json, len)`): `out` = `[ptr, len]`.
///
/// # Safety
/// `(json, len)` readable when `kind` is non-zero; `out` 2 writable slots.
#[no_mangle]
pub unsafe extern "C" fn sj_auth_json(
    json: *const u8,
    len: usize,
    kind: u32,
    treat_pending_as_signed_out: u32,
    out: *mut u32,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let source = unsafe { auth_source(json, len, kind) };
    match crate::auth_json(source, treat_pending_as_signed_out != 0) {
        Ok(json) => {
            // SAFETY: 2 slots.
            unsafe { write_out(out, &keep_text(json)) };
            OK
        }
        Err(e) => e.number(),
    }
}

/// `has(params)` on an auth object (`kind` and `(json, len)` as in [`sj_auth_json`]).
/// Returns 0 or 1, or an error number.
///
/// `params`: 18 slots, one group per parameter. `role`, `permission`, `feature`, `plan`:
/// `[tag, ptr, len]` with tag 0 = not given, 1 = a string, 2 = a present non-string.
/// `reverification`: `[tag, ptr, len, level present, minutes present, _]` with tag 0 = not
/// given, 1 = a preset name (the string), 2 = an object (the string is its `level` when
/// present; `after_minutes` when present), 3 = any other value.
///
/// # Safety
/// `(json, len)` readable when `kind` is non-zero; `params` 18 readable slots describing
/// readable UTF-8 inputs.
#[no_mangle]
pub unsafe extern "C" fn sj_has(
    json: *const u8,
    len: usize,
    kind: u32,
    treat_pending_as_signed_out: u32,
    params: *const u32,
    after_minutes: f64,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let source = unsafe { auth_source(json, len, kind) };
    // SAFETY: 18 slots.
    let d = unsafe { core::slice::from_raw_parts(params, 18) };
    // SAFETY: the descriptor names readable inputs.
    let string = |ptr: u32, len: u32| unsafe { text(ptr as usize as *const u8, len as usize) };
    let param = |g: &[u32]| -> Result<Option<Param<'_>>, Error> {
        Ok(match g[0] {
            0 => None,
            1 => Some(Param::Str(string(g[1], g[2])?)),
            _ => Some(Param::Invalid),
        })
    };
    let r = &d[12..18];
    let reverification = match r[0] {
        0 => None,
        1 => match string(r[1], r[2]) {
            Ok(name) => Some(Reverification::Preset(name)),
            Err(e) => return e.number(),
        },
        2 => {
            let level = match r[3] {
                0 => None,
                _ => match string(r[1], r[2]) {
                    Ok(level) => Some(level),
                    Err(e) => return e.number(),
                },
            };
            Some(Reverification::Custom {
                level,
                after_minutes: (r[4] != 0).then_some(after_minutes),
            })
        }
        _ => Some(Reverification::Invalid),
    };
    let params = (|| {
        Ok::<_, Error>(HasParams {
            role: param(&d[0..3])?,
            permission: param(&d[3..6])?,
            feature: param(&d[6..9])?,
            plan: param(&d[9..12])?,
            reverification,
        })
    })();
    match params.and_then(|p| crate::has(source, treat_pending_as_signed_out != 0, &p)) {
        Ok(b) => u32::from(b),
        Err(e) => e.number(),
    }
}
