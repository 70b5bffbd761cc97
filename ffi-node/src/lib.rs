//! The Node.js addon of sessionjwt (napi-rs).
//!
//! A thin binding: it converts JavaScript inputs into the core's types, calls the core, and
//! converts the results back. Every decision (token extraction from a request, verification,
//! the Auth object, `has()`, reverification) is made by the core crate `sessionjwt`. Option
//! validation with `TypeError`s, defaults (the clock) and the public JavaScript API live in
//! `index.js`; this crate trusts nothing but the types napi checks.
//!
//! Results cross the boundary in two shapes: a success value, or the core error's stable
//! number (`Error::number`), which `index.js` maps to `{reason, code, message, action}`
//! through `errors.mjs`, the vocabulary generated from the core (core/tests/js_vocabulary.rs).

#![deny(missing_docs)]

use std::sync::Arc;

use napi::bindgen_prelude::{
    AsyncTask, Buffer, Either, Either3, Env, ObjectFinalize, Result, Task,
};
use napi::JsString;
use napi_derive::napi;
use sessionjwt::{
    dangerous, AlgorithmSet, Auth, AuthStatus, AwsLcProvider, CacheSlot, CacheTicket, Error,
    HasParams, Limits, Param, RequestParts, Reverification, SharedTokenCache, UnixTimeMs,
    VerifiedBuffer, Verifier, VerifierBuilder,
};

/// The addon's verifier: signatures by aws-lc-rs, whose keys are parsed once, at build.
type NodeVerifier = Verifier<AwsLcProvider>;

/// The number of cache slots a verifier gets when `cache` is not given (the core's
/// `DEFAULT_CACHE_CAPACITY`).
#[napi]
pub fn default_cache_capacity() -> u32 {
    u32::try_from(sessionjwt::DEFAULT_CACHE_CAPACITY).unwrap_or(u32::MAX)
}

/// Verifier options, already validated (types, ranges) and normalised to lists by `index.js`.
#[napi(object)]
pub struct VerifierOptions {
    /// PEM public key text (`jwtKey`).
    pub jwt_key: Option<String>,
    /// One JWK as JSON text (`jwk`; the core's `add_jwk`).
    pub jwk: Option<String>,
    /// JWKS JSON text (`jwks`).
    pub jwks: Option<String>,
    /// Raw HMAC secret bytes (`hmacSecret`, decoded from base64url by `index.js`).
    pub hmac_secret: Option<Buffer>,
    /// JOSE algorithm names (`algorithms`).
    pub algorithms: Option<Vec<String>>,
    /// `authorizedParties`.
    pub authorized_parties: Option<Vec<String>>,
    /// `audience`.
    pub audience: Option<Vec<String>>,
    /// `issuer`.
    pub issuer: Option<Vec<String>>,
    /// `headerType`.
    pub header_type: Option<Vec<String>>,
    /// `clockSkewInMs` (an integer).
    pub clock_skew_in_ms: Option<i64>,
    /// `maxTokenBytes`.
    pub max_token_bytes: Option<u32>,
    /// `publishableKey`, for request authentication (`pk_test_...` marks development).
    pub publishable_key: Option<String>,
    /// Slots of the repeat-token cache (`cache`; 0: off). `index.js` always sets it.
    pub cache_capacity: u32,
}

fn build(options: &VerifierOptions) -> std::result::Result<NodeVerifier, Error> {
    let mut b = VerifierBuilder::with_provider(AwsLcProvider);
    if let Some(pem) = &options.jwt_key {
        b.add_pem(pem.as_bytes())?;
    }
    if let Some(jwk) = &options.jwk {
        b.add_jwk(jwk.as_bytes())?;
    }
    if let Some(jwks) = &options.jwks {
        b.add_jwks(jwks.as_bytes())?;
    }
    if let Some(secret) = &options.hmac_secret {
        b.add_hmac_secret(secret)?;
    }
    if let Some(names) = &options.algorithms {
        let mut set = AlgorithmSet::EMPTY;
        for name in names {
            // One name per entry: a comma inside an entry is not a list separator here.
            if name.contains(',') {
                return Err(Error::UnknownAlgorithm);
            }
            set = set.with(
                sessionjwt::Algorithm::from_name(name.as_bytes()).ok_or(Error::UnknownAlgorithm)?,
            );
        }
        if set.is_empty() {
            return Err(Error::UnknownAlgorithm);
        }
        b.algorithms(set);
    }
    for p in options.authorized_parties.iter().flatten() {
        b.authorized_party(p)?;
    }
    for a in options.audience.iter().flatten() {
        b.audience(a)?;
    }
    for i in options.issuer.iter().flatten() {
        b.issuer(i)?;
    }
    if let Some(types) = &options.header_type {
        // Given at all (even as []), `typ` is required, as in Clerk.
        b.require_header_type();
        for t in types {
            b.header_type(t)?;
        }
    }
    if let Some(skew) = options.clock_skew_in_ms {
        b.clock_skew_ms(skew);
    }
    if let Some(max) = options.max_token_bytes {
        b.limits(Limits {
            max_token_bytes: max as usize,
            ..Limits::DEFAULT
        })?;
    }
    b.build()
}

/// The token's UTF-8 bytes, or `None` when it is certainly longer than the limit: a string
/// of more UTF-16 units than `max` bytes has at least as many UTF-8 bytes, so it is refused
/// without copying it (a huge string costs nothing). Anything shorter is copied and the core
/// applies its exact byte limit.
fn token_bytes(token: JsString<'_>, limits: &Limits) -> Result<Option<Vec<u8>>> {
    if token.utf16_len()? > limits.max_token_bytes {
        return Ok(None);
    }
    Ok(Some(token.into_utf8()?.take()))
}

/// A verifier and its repeat-token cache: every verification of the addon goes through
/// the cache (a hit re-checks `exp`, `nbf` and `iat` at `now`; only verified tokens are
/// stored). Shared by the JavaScript object and its async tasks.
struct Shared {
    verifier: NodeVerifier,
    cache: SharedTokenCache,
}

impl Shared {
    /// Verifies through the cache and returns the verified buffer. `None` bytes mean "too
    /// large" (see [`token_bytes`]).
    fn verify_owned(
        &self,
        token: Option<&[u8]>,
        now: i64,
    ) -> std::result::Result<VerifiedBuffer<Vec<u8>>, Error> {
        let token = token.ok_or(Error::TokenTooLarge)?;
        let buf = vec![0u8; self.verifier.limits().buffer_len_for(token.len())];
        self.cache
            .verify_owned(&self.verifier, token, UnixTimeMs(now), buf)
    }

    /// Verifies through the cache: the payload JSON text (with the ticket of the token's
    /// cache entry when it is cached), or the error number. Sync and async share it.
    fn verify_payload(&self, token: Option<&[u8]>, now: i64) -> PayloadOutcome {
        let Some(token) = token else {
            return Either3::C(Error::TokenTooLarge.number());
        };
        with_scratch(self.verifier.limits().buffer_len_for(token.len()), |buf| {
            match self
                .cache
                .verify_with_ticket(&self.verifier, token, UnixTimeMs(now), buf)
            {
                (Ok(v), None) => Either3::A(v.payload_json().to_owned()),
                (Ok(v), Some(ticket)) => Either3::B(VerifiedPayload {
                    payload: v.payload_json().to_owned(),
                    slot: ticket.slot,
                    // Below 2^53: one serial per token stored.
                    serial: i64::try_from(ticket.serial).unwrap_or(i64::MAX),
                }),
                (Err(e), _) => Either3::C(e.number()),
            }
        })
    }
}

/// Decode buffers up to this size are kept per thread and reused (a token of the default
/// 8192-byte limit needs 6147 bytes); a larger token gets a fresh buffer per call.
const SCRATCH_MAX: usize = 64 * 1024;

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `f` over a zeroed-once decode buffer of `len` bytes: this thread's reused scratch
/// buffer (no allocation per verification), or a fresh one above [`SCRATCH_MAX`].
fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [u8]) -> R) -> R {
    if len > SCRATCH_MAX {
        return f(&mut vec![0u8; len]);
    }
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        if scratch.len() < len {
            scratch.resize(len, 0);
        }
        f(&mut scratch[..len])
    })
}

/// What `verifySync` and `verify` give `index.js`: the payload JSON text (not cached), the
/// payload with its cache ticket, or the error number.
type PayloadOutcome = Either3<String, VerifiedPayload, u32>;

/// A verified payload, and the ticket of the cache entry that now holds its token:
/// `index.js` keeps the parsed payload under the token and answers the same token again
/// with `recheck(slot, serial, now)`.
#[napi(object, object_from_js = false)]
pub struct VerifiedPayload {
    /// The payload JSON text, exactly as signed.
    pub payload: String,
    /// The cache slot of the ticket.
    pub slot: u32,
    /// The insert serial of the ticket.
    pub serial: i64,
}

/// A verifier whose keys were parsed once, with its token cache. Immutable apart from the
/// cache (behind a lock); shared by async tasks.
#[napi(custom_finalize)]
pub struct NativeVerifier {
    inner: Arc<Shared>,
    publishable_key: Option<String>,
    /// Bytes of cache slots reported to V8 as external memory (given back at finalize).
    external: i64,
}

impl ObjectFinalize for NativeVerifier {
    fn finalize(self, env: Env) -> Result<()> {
        if self.external > 0 {
            env.adjust_external_memory(-self.external)?;
        }
        Ok(())
    }
}

/// Builds a verifier, or returns the error number of the key or option that was refused.
/// The cache's slots are allocated now and reported to V8 as external memory, so that the
/// garbage collector weighs verifiers by what they hold.
#[napi]
pub fn create_verifier(env: Env, options: VerifierOptions) -> Result<Either<NativeVerifier, u32>> {
    let verifier = match build(&options) {
        Ok(v) => v,
        Err(e) => return Ok(Either::B(e.number())),
    };
    let capacity = options.cache_capacity as usize;
    let cache = if capacity == 0 {
        SharedTokenCache::disabled()
    } else {
        SharedTokenCache::new(capacity)
    };
    let external = i64::try_from(capacity.saturating_mul(CacheSlot::SIZE)).unwrap_or(i64::MAX);
    if external > 0 {
        env.adjust_external_memory(external)?;
    }
    Ok(Either::A(NativeVerifier {
        inner: Arc::new(Shared { verifier, cache }),
        publishable_key: options.publishable_key,
        external,
    }))
}

/// The async verification task (runs on the libuv thread pool).
pub struct VerifyTask {
    verifier: Arc<Shared>,
    token: Option<Vec<u8>>,
    now: i64,
}

impl Task for VerifyTask {
    type Output = PayloadOutcome;
    type JsValue = PayloadOutcome;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(self
            .verifier
            .verify_payload(self.token.as_deref(), self.now))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// The parts of a request that authentication reads, extracted by `index.js`.
#[napi(object)]
pub struct RequestInput {
    /// The `Authorization` header value.
    pub authorization: Option<String>,
    /// The `Cookie` header value.
    pub cookie: Option<String>,
    /// The method (`GET` when absent).
    pub method: Option<String>,
}

/// The counters of a verifier's token cache.
#[napi(object, object_from_js = false)]
pub struct CacheStatsOutput {
    /// Lookups answered from the cache (the time re-check included, whatever its outcome).
    pub hits: i64,
    /// Lookups that found nothing (the token was then verified in full).
    pub misses: i64,
    /// Tokens stored (only tokens that verified).
    pub inserts: i64,
    /// Number of slots (0: the cache is off).
    pub capacity: u32,
}

/// The outcome of request authentication.
#[napi(object, object_from_js = false)]
pub struct RequestOutcome {
    /// `signed-in` or `signed-out`.
    pub status: String,
    /// Clerk's reason (`""` when signed in).
    pub reason: String,
    /// The number of the verification error behind a signed-out outcome, if any.
    pub error: Option<u32>,
    /// `header` or `cookie`, when a token was found.
    pub carrier: Option<String>,
    /// The token, when one was found.
    pub token: Option<String>,
    /// The verified token, when signed in.
    pub verified: Option<NativeVerified>,
}

#[napi]
impl NativeVerifier {
    /// Verifies `token` at `now` (ms): the payload JSON text and its cache ticket, or an
    /// error number.
    #[napi]
    pub fn verify_sync(&self, token: JsString<'_>, now: i64) -> Result<PayloadOutcome> {
        let bytes = token_bytes(token, self.inner.verifier.limits())?;
        Ok(self.inner.verify_payload(bytes.as_deref(), now))
    }

    /// Answers for the token a `verifySync`/`verify` ticket was issued for, at `now` (ms),
    /// from its cache entry (`exp`, `nbf` and `iat` re-checked): 0 when it verifies, the
    /// error number when a time check fails, -1 when the ticket is stale (verify again).
    #[napi]
    pub fn recheck(&self, slot: u32, serial: i64, now: i64) -> i32 {
        let Ok(serial) = u64::try_from(serial) else {
            return -1;
        };
        let ticket = CacheTicket { slot, serial };
        let shared = &*self.inner;
        match shared
            .cache
            .recheck(&shared.verifier, ticket, UnixTimeMs(now))
        {
            Some(Ok(())) => 0,
            // Error numbers are small (hundreds): they fit an i32.
            Some(Err(e)) => e.number() as i32,
            None => -1,
        }
    }

    /// Like `verifySync`, on the thread pool.
    #[napi(ts_return_type = "Promise<string | VerifiedPayload | number>")]
    pub fn verify(&self, token: JsString<'_>, now: i64) -> Result<AsyncTask<VerifyTask>> {
        let token = token_bytes(token, self.inner.verifier.limits())?;
        Ok(AsyncTask::new(VerifyTask {
            verifier: Arc::clone(&self.inner),
            token,
            now,
        }))
    }

    /// Verifies `token` and keeps the verified buffer (for the Auth object), or returns an
    /// error number.
    #[napi]
    pub fn verify_owned(
        &self,
        token: JsString<'_>,
        now: i64,
    ) -> Result<Either<NativeVerified, u32>> {
        let bytes = token_bytes(token, self.inner.verifier.limits())?;
        Ok(match self.inner.verify_owned(bytes.as_deref(), now) {
            Ok(v) => Either::A(NativeVerified { inner: Arc::new(v) }),
            Err(e) => Either::B(e.number()),
        })
    }

    /// Authenticates a request the core's way (`Verifier::authenticate_request`), the
    /// session token verified through the cache.
    #[napi]
    pub fn authenticate_request(&self, request: RequestInput, now: i64) -> RequestOutcome {
        let parts = RequestParts {
            authorization: request.authorization.as_deref(),
            cookie: request.cookie.as_deref(),
            method: request.method.as_deref().unwrap_or("GET"),
            publishable_key: self.publishable_key.as_deref(),
        };
        let shared = &*self.inner;
        // Sized to the headers the token comes from, not to the limit.
        let input_len = parts
            .authorization
            .map_or(0, str::len)
            .max(parts.cookie.map_or(0, str::len));
        let buf = vec![0u8; shared.verifier.limits().buffer_len_for(input_len)];
        let state =
            shared
                .cache
                .authenticate_request(&shared.verifier, &parts, UnixTimeMs(now), buf);
        RequestOutcome {
            status: match state.status {
                AuthStatus::SignedIn => "signed-in",
                AuthStatus::SignedOut => "signed-out",
            }
            .to_owned(),
            reason: state.reason.to_owned(),
            error: state.error.map(Error::number),
            carrier: state.carrier.map(|c| c.as_str().to_owned()),
            token: state.token.map(str::to_owned),
            verified: state
                .verified
                .map(|v| NativeVerified { inner: Arc::new(v) }),
        }
    }

    /// The token size limit in bytes.
    #[napi(getter)]
    pub fn max_token_bytes(&self) -> u32 {
        u32::try_from(self.inner.verifier.limits().max_token_bytes).unwrap_or(u32::MAX)
    }

    /// The token cache's counters and capacity.
    #[napi]
    pub fn cache_stats(&self) -> CacheStatsOutput {
        let cache = &self.inner.cache;
        let stats = cache.stats();
        let count = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        CacheStatsOutput {
            hits: count(stats.hits),
            misses: count(stats.misses),
            inserts: count(stats.inserts),
            capacity: u32::try_from(cache.capacity()).unwrap_or(u32::MAX),
        }
    }
}

/// A verified token held natively (the core's `VerifiedBuffer`): the source of the Auth
/// object and `has()`.
#[napi]
pub struct NativeVerified {
    inner: Arc<VerifiedBuffer<Vec<u8>>>,
}

#[napi]
impl NativeVerified {
    /// The verified payload JSON text, exactly as signed.
    #[napi]
    pub fn payload(&self) -> String {
        self.inner.token().payload_json().to_owned()
    }
}

/// One string parameter of `has()`: `value` when the caller gave a string, `invalid` when
/// the caller gave any other present value (the dimension then fails, in the core).
#[napi(object)]
pub struct ParamInput {
    /// The string.
    pub value: Option<String>,
    /// A present value that is not a string.
    pub invalid: Option<bool>,
}

/// The `reverification` parameter, marshalled by shape only (see the core's
/// `Reverification`): a string is a preset; an object gives `level` and `afterMinutes` when
/// they have the right type; anything else is invalid.
#[napi(object)]
pub struct ReverificationInput {
    /// A preset name (the caller gave a string).
    pub preset: Option<String>,
    /// The caller gave an object (or array).
    pub custom: Option<bool>,
    /// The object's `level`, if a string.
    pub level: Option<String>,
    /// The object's `afterMinutes`, if a number.
    pub after_minutes: Option<f64>,
}

/// The `has()` parameters.
#[napi(object)]
pub struct HasInput {
    /// `role`.
    pub role: Option<ParamInput>,
    /// `permission`.
    pub permission: Option<ParamInput>,
    /// `feature`.
    pub feature: Option<ParamInput>,
    /// `plan`.
    pub plan: Option<ParamInput>,
    /// `reverification`.
    pub reverification: Option<ReverificationInput>,
}

fn param(p: &Option<ParamInput>) -> Option<Param<'_>> {
    p.as_ref().map(|p| match (&p.value, p.invalid) {
        (Some(s), _) => Param::Str(s),
        _ => Param::Invalid,
    })
}

fn has_params(input: &HasInput) -> HasParams<'_> {
    HasParams {
        role: param(&input.role),
        permission: param(&input.permission),
        feature: param(&input.feature),
        plan: param(&input.plan),
        reverification: input
            .reverification
            .as_ref()
            .map(|r| match (&r.preset, r.custom) {
                (Some(name), _) => Reverification::Preset(name),
                (None, Some(true)) => Reverification::Custom {
                    level: r.level.as_deref(),
                    after_minutes: r.after_minutes,
                },
                _ => Reverification::Invalid,
            }),
    }
}

/// Renders an auth object as JSON (the core's `Auth::write_json`).
fn auth_json_of(auth: &Auth<'_>) -> Result<String> {
    let mut out = String::new();
    auth.write_json(&mut out)
        .map_err(|_| napi::Error::from_reason("sessionjwt: rendering the auth object failed"))?;
    Ok(out)
}

/// The auth object of a verified token (`None`: a signed-out request) as JSON.
#[napi]
pub fn auth_json(
    verified: Option<&NativeVerified>,
    treat_pending_as_signed_out: bool,
) -> Result<String> {
    match verified {
        Some(v) => auth_json_of(&v.inner.token().auth(treat_pending_as_signed_out)),
        None => auth_json_of(&Auth::signed_out_object()),
    }
}

/// `has(params)` on the auth object of a verified token (`None`: signed out, always false).
#[napi]
pub fn has(
    verified: Option<&NativeVerified>,
    treat_pending_as_signed_out: bool,
    params: HasInput,
) -> bool {
    let params = has_params(&params);
    match verified {
        Some(v) => v
            .inner
            .token()
            .auth(treat_pending_as_signed_out)
            .has(&params),
        None => Auth::signed_out_object().has(&params),
    }
}

/// **Unverified**: `has(params)` on an auth object given property by property as JSON (the
/// options of Clerk's `createCheckAuthorization`), through the core's
/// `dangerous::auth_from_json`. For conformance tests and tooling only. Returns the result,
/// or the error number when the JSON is refused.
#[napi]
pub fn dangerous_has_from_properties(
    properties_json: String,
    params: HasInput,
) -> Either<bool, u32> {
    match dangerous::auth_from_json(properties_json.as_bytes()) {
        Ok(auth) => Either::A(auth.has(&has_params(&params))),
        Err(e) => Either::B(e.number()),
    }
}
