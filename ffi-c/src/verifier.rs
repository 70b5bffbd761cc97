//! `sessionjwt_verifier_builder` and `sessionjwt_verifier`: options in, a verifier (with its
//! repeat-token cache) out, and verification.

use std::time::{SystemTime, UNIX_EPOCH};

use core_jwt::{
    AlgorithmSet, AwsLcProvider, Error, Limits, SharedTokenCache, UnixTimeMs, Verifier,
    VerifierBuilder,
};

use crate::auth::sessionjwt_auth;
use crate::ffi::{
    bytes, free_handle, guard, guard_result, handle, handle_mut, into_handle, text, Out,
};
use crate::result::{from_error, sessionjwt_result, SESSIONJWT_RESULT_PANIC};
use crate::result_codes::SESSIONJWT_RESULT_INVALID_OPTION;

/// The crypto provider of every verifier: aws-lc (keys parsed once, when the verifier is
/// built).
pub(crate) type Provider = AwsLcProvider;

/// The repeat-token cache capacity of a new builder: 256 slots, about 1.1 MiB per verifier
/// (`sessionjwt_verifier_builder_set_cache_capacity`).
/// (A literal, for cbindgen; a test ties it to the core's `DEFAULT_CACHE_CAPACITY`.)
pub const SESSIONJWT_CACHE_CAPACITY_DEFAULT: usize = 256;

/// The largest repeat-token cache capacity a builder accepts: 65536 slots (about 280 MiB,
/// allocated when the verifier is built).
pub const SESSIONJWT_CACHE_CAPACITY_MAX: usize = 65536;

/// Collects key material and options for a `sessionjwt_verifier`.
///
/// Made by `sessionjwt_verifier_builder_new`, released by `sessionjwt_verifier_builder_free`.
/// Not thread-safe: use one builder from one thread at a time. A failed call leaves the
/// builder as it was. Defaults: no key, the algorithm allow-list derived from the keys (an
/// RSA key allows RS256 only), no authorized parties, audiences or issuers, header type `JWT`
/// (an absent `typ` passes), clock skew 5000 ms, tokens up to 8192 bytes, JSON depth 32,
/// pending sessions treated as signed out, no publishable key, a repeat-token cache of
/// `SESSIONJWT_CACHE_CAPACITY_DEFAULT` (256) slots.
pub struct sessionjwt_verifier_builder {
    core: VerifierBuilder<Provider>,
    limits: Limits,
    treat_pending_as_signed_out: bool,
    publishable_key: Option<String>,
    cache_capacity: usize,
}

/// A verifier: keys parsed once (by aws-lc), options fixed, and its own repeat-token cache.
///
/// Made by `sessionjwt_verifier_builder_build`, released by `sessionjwt_verifier_free`. It is
/// safe to use one verifier from many threads at once; free it only after every call that
/// uses it returned. Its options never change; its cache (see
/// `sessionjwt_verifier_builder_set_cache_capacity`) is internally synchronised, so every
/// function taking a `const sessionjwt_verifier *` may run concurrently with the others.
pub struct sessionjwt_verifier {
    pub(crate) core: Verifier<Provider>,
    /// Verified tokens, checked before a full verification by every verify path.
    pub(crate) cache: SharedTokenCache,
    pub(crate) treat_pending_as_signed_out: bool,
    pub(crate) publishable_key: Option<String>,
}

/// Counters of a verifier's repeat-token cache (`sessionjwt_verifier_cache_stats`). Every
/// verification of the verifier counts, whatever the API it came through (verify or request
/// authentication); all zero when the cache is off.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct sessionjwt_cache_stats {
    /// Verifications answered from the cache. `exp`, `nbf` and `iat` are re-checked at the
    /// call's `now` on every hit, so a hit can still fail (`SESSIONJWT_RESULT_TOKEN_EXPIRED`).
    pub hits: u64,
    /// Verifications that found nothing in the cache and ran in full.
    pub misses: u64,
    /// Tokens stored (only tokens that verified are stored).
    pub inserts: u64,
    /// The number of slots (0 when the cache is off).
    pub capacity: usize,
}

impl sessionjwt_verifier {
    /// A fresh decode buffer for an input of `input_len` bytes (the core's
    /// `Limits::buffer_len_for`). An auth handle keeps this buffer, so it is sized to the
    /// token, not to the limit.
    pub(crate) fn buffer(&self, input_len: usize) -> Box<[u8]> {
        vec![0u8; self.core.limits().buffer_len_for(input_len)].into_boxed_slice()
    }
}

/// A new builder with the defaults listed at `sessionjwt_verifier_builder`. Returns NULL only
/// if a panic was caught. Free it with `sessionjwt_verifier_builder_free`.
#[no_mangle]
pub extern "C" fn sessionjwt_verifier_builder_new() -> *mut sessionjwt_verifier_builder {
    guard(std::ptr::null_mut(), || {
        into_handle(sessionjwt_verifier_builder {
            core: VerifierBuilder::with_provider(Provider::default()),
            limits: Limits::DEFAULT,
            treat_pending_as_signed_out: true,
            publishable_key: None,
            cache_capacity: SESSIONJWT_CACHE_CAPACITY_DEFAULT,
        })
    })
}

/// Frees a builder. NULL is ignored. Verifiers built from it are not affected.
///
/// # Safety
///
/// `builder` is NULL or a builder from `sessionjwt_verifier_builder_new` that is not used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_free(
    builder: *mut sessionjwt_verifier_builder,
) {
    guard((), || {
        // SAFETY: the caller's contract.
        unsafe { free_handle(builder) }
    })
}

/// Runs `f` on the builder behind `builder` with the text argument `(ptr, len)`.
///
/// # Safety
///
/// `builder` is NULL or a live builder used by no other thread; `ptr` is NULL or points to
/// `len` readable bytes.
unsafe fn with_bytes(
    builder: *mut sessionjwt_verifier_builder,
    ptr: *const u8,
    len: usize,
    f: impl FnOnce(&mut sessionjwt_verifier_builder, &[u8]) -> Result<(), Error>,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        // SAFETY: the caller's contract.
        let input = unsafe { bytes(ptr, len) }?;
        f(builder, input).map_err(from_error)
    })
}

/// As [`with_bytes`], for arguments that must be UTF-8 text.
///
/// # Safety
///
/// As [`with_bytes`].
unsafe fn with_text(
    builder: *mut sessionjwt_verifier_builder,
    ptr: *const u8,
    len: usize,
    f: impl FnOnce(&mut sessionjwt_verifier_builder, &str) -> Result<(), Error>,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        // SAFETY: the caller's contract.
        let input = unsafe { text(ptr, len) }?;
        f(builder, input).map_err(from_error)
    })
}

/// Adds a PEM public key: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`) for RSA 2048-8192,
/// EC P-256/P-384 and Ed25519; the environment-variable form with literal `\n` and a bare
/// base64 body also work. Fails with a `SESSIONJWT_RESULT_KEY_*` code (reason `jwk-invalid`).
///
/// # Safety
///
/// `builder` is a live builder used by no other thread (or NULL: `NULL_ARGUMENT`); `pem` points
/// to `pem_len` readable bytes (NULL: `NULL_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_pem(
    builder: *mut sessionjwt_verifier_builder,
    pem: *const u8,
    pem_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_bytes`'s.
    unsafe {
        with_bytes(builder, pem, pem_len, |b, pem| {
            b.core.add_pem(pem).map(drop)
        })
    }
}

/// Adds one JWK (JSON text). Fails with a `SESSIONJWT_RESULT_KEY_*` code, or
/// `SESSIONJWT_RESULT_UNKNOWN_ALGORITHM` for an `alg` this library does not verify.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_add_pem`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_jwk(
    builder: *mut sessionjwt_verifier_builder,
    jwk: *const u8,
    jwk_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_bytes`'s.
    unsafe {
        with_bytes(builder, jwk, jwk_len, |b, jwk| {
            b.core.add_jwk(jwk).map(drop)
        })
    }
}

/// Adds every supported key of a JWKS (`{"keys":[...]}`, as Clerk's `/v1/jwks` returns it).
/// Keys of unsupported types are skipped; an invalid supported key fails the whole set.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_add_pem`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_jwks(
    builder: *mut sessionjwt_verifier_builder,
    jwks: *const u8,
    jwks_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_bytes`'s.
    unsafe {
        with_bytes(builder, jwks, jwks_len, |b, jwks| {
            b.core.add_jwks(jwks).map(drop)
        })
    }
}

/// Adds an HMAC secret (raw bytes, at least as long as the hash of every allowed HS*
/// algorithm: 32 bytes for HS256). A verifier that also holds public keys never accepts an
/// HMAC token, so mix them only on purpose.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_add_pem`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_hmac_secret(
    builder: *mut sessionjwt_verifier_builder,
    secret: *const u8,
    secret_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_bytes`'s.
    unsafe {
        with_bytes(builder, secret, secret_len, |b, secret| {
            b.core.add_hmac_secret(secret).map(drop)
        })
    }
}

/// Sets the algorithm allow-list from a comma-separated list of JOSE names (`"RS256,ES256"`;
/// spaces around names are ignored), replacing the default derived from the keys. `none` and
/// unknown names fail with `SESSIONJWT_RESULT_UNKNOWN_ALGORITHM`.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_add_pem`; the list must be UTF-8 (else `INVALID_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_algorithms(
    builder: *mut sessionjwt_verifier_builder,
    list: *const u8,
    list_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, list, list_len, |b, list| {
            b.core.algorithms(AlgorithmSet::parse_list(list)?);
            Ok(())
        })
    }
}

/// Adds an authorized party: once any is added, the token's `azp` must equal one of them
/// exactly (Clerk's `authorizedParties`). An empty string keeps the check active but never
/// matches. Fails with `SESSIONJWT_RESULT_INVALID_OPTION` past 16 entries or 2048 bytes.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_algorithms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_authorized_party(
    builder: *mut sessionjwt_verifier_builder,
    party: *const u8,
    party_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, party, party_len, |b, party| {
            b.core.authorized_party(party).map(drop)
        })
    }
}

/// Adds an accepted audience (Clerk's `audience`): once any is added, `aud` must be present
/// and contain one. Empty strings are ignored, as Clerk drops falsy values.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_algorithms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_audience(
    builder: *mut sessionjwt_verifier_builder,
    audience: *const u8,
    audience_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, audience, audience_len, |b, a| {
            b.core.audience(a).map(drop)
        })
    }
}

/// Adds an accepted issuer: once any is added, `iss` must equal one exactly. Empty strings
/// are ignored.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_algorithms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_issuer(
    builder: *mut sessionjwt_verifier_builder,
    issuer: *const u8,
    issuer_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, issuer, issuer_len, |b, i| {
            b.core.issuer(i).map(drop)
        })
    }
}

/// Adds an accepted header `typ` (Clerk's `headerType`). Once any is added, `typ` is required
/// and must equal one; with none (and without
/// `sessionjwt_verifier_builder_require_header_type`), `typ` may be absent or `JWT`.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_algorithms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_add_header_type(
    builder: *mut sessionjwt_verifier_builder,
    typ: *const u8,
    typ_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, typ, typ_len, |b, t| {
            b.core.header_type(t).map(drop)
        })
    }
}

/// Makes `typ` required and limited to the header types added, as Clerk does once its
/// `headerType` option is given at all: with none added (Clerk's `headerType: []`), every
/// token is refused (`INVALID_TYPE`). `sessionjwt_verifier_builder_add_header_type` implies
/// it.
///
/// # Safety
///
/// `builder` is a live builder used by no other thread (or NULL: `NULL_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_require_header_type(
    builder: *mut sessionjwt_verifier_builder,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        builder.core.require_header_type();
        Ok(())
    })
}

/// Sets the clock skew in milliseconds (Clerk's `clockSkewInMs`, default 5000). Zero and
/// negative values are honoured, as in Clerk.
///
/// # Safety
///
/// `builder` is a live builder used by no other thread (or NULL: `NULL_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_clock_skew_ms(
    builder: *mut sessionjwt_verifier_builder,
    skew_ms: i64,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        builder.core.clock_skew_ms(skew_ms);
        Ok(())
    })
}

/// Runs `f` on the builder's limits and applies them (the core validates them).
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_clock_skew_ms`.
unsafe fn update_limits(
    builder: *mut sessionjwt_verifier_builder,
    f: impl FnOnce(&mut Limits),
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        let mut limits = builder.limits;
        f(&mut limits);
        builder.core.limits(limits).map_err(from_error)?;
        builder.limits = limits;
        Ok(())
    })
}

/// Sets the largest token accepted, in bytes (default 8192, checked before anything else).
/// Zero fails with `SESSIONJWT_RESULT_INVALID_OPTION`.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_clock_skew_ms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_max_token_bytes(
    builder: *mut sessionjwt_verifier_builder,
    max_token_bytes: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `update_limits`'s.
    unsafe { update_limits(builder, |l| l.max_token_bytes = max_token_bytes) }
}

/// Sets the deepest JSON nesting accepted in the header and payload (default 32, at most 64).
/// Zero or more than 64 fails with `SESSIONJWT_RESULT_INVALID_OPTION`.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_clock_skew_ms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_max_json_depth(
    builder: *mut sessionjwt_verifier_builder,
    max_json_depth: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `update_limits`'s.
    unsafe { update_limits(builder, |l| l.max_json_depth = max_json_depth) }
}

/// Whether a session whose `sts` claim is `"pending"` gives a signed-out auth object (Clerk's
/// `treatPendingAsSignedOut`, default true).
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_clock_skew_ms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_treat_pending_as_signed_out(
    builder: *mut sessionjwt_verifier_builder,
    treat_pending_as_signed_out: bool,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        builder.treat_pending_as_signed_out = treat_pending_as_signed_out;
        Ok(())
    })
}

/// Sets the Clerk publishable key used by request authentication: with a development key
/// (`pk_test_...`) the cookie path needs the `__clerk_db_jwt` dev-browser cookie, as in Clerk.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_algorithms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_publishable_key(
    builder: *mut sessionjwt_verifier_builder,
    key: *const u8,
    key_len: usize,
) -> sessionjwt_result {
    // SAFETY: the caller's contract is `with_text`'s.
    unsafe {
        with_text(builder, key, key_len, |b, key| {
            b.publishable_key = Some(key.to_owned());
            Ok(())
        })
    }
}

/// Sets the capacity of the verifier's repeat-token cache, in slots (default
/// `SESSIONJWT_CACHE_CAPACITY_DEFAULT`, 256; each slot takes about 4.4 KB, allocated when the
/// verifier is built). 0 turns the cache off: every call verifies in full. More than
/// `SESSIONJWT_CACHE_CAPACITY_MAX` (65536) fails with `SESSIONJWT_RESULT_INVALID_OPTION`.
///
/// The cache remembers tokens that verified (the token's bytes, compared whole, never a
/// hash alone) and answers a repeat of one of them without checking its signature again;
/// `exp`, `nbf` and `iat` are re-checked at every call's `now`, with the clock skew, exactly
/// as a full verification does, so a hit fails with the same result (an expired token gives
/// `SESSIONJWT_RESULT_TOKEN_EXPIRED`). A token that failed is never stored. Tokens longer than
/// about 2300 bytes are never stored. When the cache is full, the least recently used of the
/// few slots a token may take is replaced.
///
/// # Safety
///
/// As `sessionjwt_verifier_builder_set_clock_skew_ms`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_set_cache_capacity(
    builder: *mut sessionjwt_verifier_builder,
    capacity: usize,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle_mut(builder) }?;
        if capacity > SESSIONJWT_CACHE_CAPACITY_MAX {
            return Err(SESSIONJWT_RESULT_INVALID_OPTION);
        }
        builder.cache_capacity = capacity;
        Ok(())
    })
}

/// Builds a verifier from the builder (which stays usable). Fails with
/// `SESSIONJWT_RESULT_NO_USABLE_ALGORITHM` when an explicit allow-list has no algorithm a key
/// can verify, and `SESSIONJWT_RESULT_KEY_HMAC_TOO_SHORT` when a secret is shorter than an
/// allowed HMAC hash. On success `*verifier_out` receives a verifier to free with
/// `sessionjwt_verifier_free`.
///
/// # Safety
///
/// `builder` is a live builder used by no other thread; `verifier_out` is valid for a write.
/// NULL for either gives `NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_builder_build(
    builder: *const sessionjwt_verifier_builder,
    verifier_out: *mut *mut sessionjwt_verifier,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let builder = unsafe { handle(builder) }?;
        // SAFETY: the caller's contract.
        let out = unsafe { Out::new(verifier_out) }?;
        let verifier = builder.core.build().map_err(from_error)?;
        out.write(into_handle(sessionjwt_verifier {
            core: verifier,
            cache: SharedTokenCache::new(builder.cache_capacity),
            treat_pending_as_signed_out: builder.treat_pending_as_signed_out,
            publishable_key: builder.publishable_key.clone(),
        }));
        Ok(())
    })
}

/// Frees a verifier. NULL is ignored. Auth handles obtained from it stay valid.
///
/// # Safety
///
/// `verifier` is NULL or a verifier from `sessionjwt_verifier_builder_build` that no thread
/// uses any more.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_free(verifier: *mut sessionjwt_verifier) {
    guard((), || {
        // SAFETY: the caller's contract.
        unsafe { free_handle(verifier) }
    })
}

/// Verifies the compact token `token[0..token_len]` at time `now_ms` (milliseconds since the
/// Unix epoch). The token is raw bytes: no NUL terminator is needed or honoured, and embedded
/// NUL or non-UTF-8 bytes are simply rejected by the verification (`token-invalid`).
///
/// Checks, the first failure winning: size; three base64url segments; header JSON; `cat`;
/// key selection by `kid`; `typ`; `alg` in the allow-list and of the key's family; the
/// signature; only then the payload JSON; then `sub`, `aud`, `azp`, `iss`, `exp`, `nbf`, `iat`
/// with the clock skew. A token this verifier verified before is answered from its cache
/// (see `sessionjwt_verifier_builder_set_cache_capacity`): the same result and claims, with
/// `exp`, `nbf` and `iat` checked again at `now_ms`. On success `*auth_out` receives an auth
/// handle to free with `sessionjwt_auth_free`; on failure it is not written and the result
/// says why.
///
/// # Safety
///
/// `verifier` is a live verifier; `token` points to `token_len` readable bytes; `auth_out` is
/// valid for a write. NULL for any of them gives `NULL_ARGUMENT` (even when `token_len` is 0).
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_verify(
    verifier: *const sessionjwt_verifier,
    token: *const u8,
    token_len: usize,
    now_ms: i64,
    auth_out: *mut *mut sessionjwt_auth,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        // SAFETY: the caller's contract.
        let token = unsafe { bytes(token, token_len) }?;
        // SAFETY: the caller's contract.
        let out = unsafe { Out::new(auth_out) }?;
        let verified = verifier
            .cache
            .verify_owned(
                &verifier.core,
                token,
                UnixTimeMs(now_ms),
                verifier.buffer(token.len()),
            )
            .map_err(from_error)?;
        out.write(into_handle(sessionjwt_auth::new(
            verified,
            verifier.treat_pending_as_signed_out,
        )));
        Ok(())
    })
}

/// Reads the counters of the verifier's repeat-token cache into `*stats_out` (all zero, and
/// `capacity` 0, when the cache is off). The counters grow monotonically while other threads
/// verify; a read is a consistent snapshot of the three.
///
/// # Safety
///
/// `verifier` is a live verifier; `stats_out` is valid for a write. NULL for either gives
/// `NULL_ARGUMENT`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_cache_stats(
    verifier: *const sessionjwt_verifier,
    stats_out: *mut sessionjwt_cache_stats,
) -> sessionjwt_result {
    guard_result(|| {
        // SAFETY: the caller's contract.
        let verifier = unsafe { handle(verifier) }?;
        // SAFETY: the caller's contract.
        let out = unsafe { Out::new(stats_out) }?;
        let stats = verifier.cache.stats();
        out.write(sessionjwt_cache_stats {
            hits: stats.hits,
            misses: stats.misses,
            inserts: stats.inserts,
            capacity: verifier.cache.capacity(),
        });
        Ok(())
    })
}

/// The system clock in milliseconds since the Unix epoch (negative before 1970).
pub(crate) fn system_now_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

/// `sessionjwt_verifier_verify` at the current system time.
///
/// # Safety
///
/// As `sessionjwt_verifier_verify`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_verifier_verify_now(
    verifier: *const sessionjwt_verifier,
    token: *const u8,
    token_len: usize,
    auth_out: *mut *mut sessionjwt_auth,
) -> sessionjwt_result {
    // The clock is read inside the guard too: nothing of ours runs unguarded.
    guard(SESSIONJWT_RESULT_PANIC, || {
        let now = system_now_ms();
        // SAFETY: the caller's contract is the one of `sessionjwt_verifier_verify`.
        unsafe { sessionjwt_verifier_verify(verifier, token, token_len, now, auth_out) }
    })
}

/// The current system time in milliseconds since the Unix epoch, as the `_now` functions read
/// it (negative before 1970).
#[no_mangle]
pub extern "C" fn sessionjwt_now_ms() -> i64 {
    guard(0, system_now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core_jwt::{CacheSlot, DEFAULT_CACHE_CAPACITY};

    /// The figures the header quotes: the default is the core's, a slot is about 4.4 KB, the
    /// default cache about 1.1 MiB and the largest about 280 MiB.
    #[test]
    fn documented_cache_sizes() {
        assert_eq!(SESSIONJWT_CACHE_CAPACITY_DEFAULT, DEFAULT_CACHE_CAPACITY);
        let slot = CacheSlot::SIZE;
        assert!((4300..4500).contains(&slot), "slot: {slot} bytes");
        let mib = |slots: usize| (slots * slot) as f64 / (1024.0 * 1024.0);
        let default = mib(SESSIONJWT_CACHE_CAPACITY_DEFAULT);
        assert!((1.05..1.15).contains(&default), "default: {default} MiB");
        let max = mib(SESSIONJWT_CACHE_CAPACITY_MAX);
        assert!((270.0..290.0).contains(&max), "max: {max} MiB");
    }

    #[test]
    fn cache_capacity_is_bounded() {
        let b = sessionjwt_verifier_builder_new();
        // SAFETY: a live builder, used by this thread only, freed once.
        unsafe {
            assert_eq!(
                sessionjwt_verifier_builder_set_cache_capacity(b, SESSIONJWT_CACHE_CAPACITY_MAX),
                crate::result::SESSIONJWT_RESULT_OK
            );
            assert_eq!(
                sessionjwt_verifier_builder_set_cache_capacity(
                    b,
                    SESSIONJWT_CACHE_CAPACITY_MAX + 1
                ),
                SESSIONJWT_RESULT_INVALID_OPTION
            );
            assert_eq!((*b).cache_capacity, SESSIONJWT_CACHE_CAPACITY_MAX);
            sessionjwt_verifier_builder_free(b);
        }
    }
}
