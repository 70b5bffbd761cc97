//! The WebAssembly build of sessionjwt, for edge runtimes (Vercel Edge, Next.js middleware,
//! Cloudflare Workers): the core compiled to `wasm32-unknown-unknown`, behind a small raw ABI
//! ([`abi`]) that the hand-written JavaScript glue (`js/edge.mjs`, published as
//! `sessionjwt/edge`) calls.
//!
//! A thin binding: it converts inputs, calls the core, converts outputs. Token verification,
//! request authentication (header vs cookie, `__client_uat`), the Auth object, `has()` and
//! reverification are the core's. What this crate adds is plumbing for the host's crypto:
//!
//! - [`EdgeVerifier::signature_input`] is the core's phase 1 ([`Verifier::signature_input`])
//!   plus the signature lengths that ring insists on (so WebCrypto, which may accept a short
//!   RSA signature, decides exactly as ring does);
//! - [`jwk::render`] exports a key the core parsed (PEM, JWK, JWKS, HMAC secret) as JWK text
//!   for `crypto.subtle.importKey`, so JavaScript never parses a key;
//! - the pure-wasm path ([`EdgeVerifier::verify`], ring inside wasm) stays available as the
//!   fallback when WebCrypto is missing or refuses a key.
//!
//! Everything here is safe Rust and compiles (and is tested) on the host too; only [`abi`]
//! handles raw pointers.

#![cfg_attr(target_arch = "wasm32", no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod abi;
pub mod jwk;

/// ring links getrandom, but verification never draws randomness: any request fails.
#[cfg(target_arch = "wasm32")]
fn no_randomness(_: &mut [u8]) -> Result<(), getrandom::Error> {
    Err(getrandom::Error::UNSUPPORTED)
}

#[cfg(target_arch = "wasm32")]
getrandom::register_custom_getrandom!(no_randomness);

/// A panic (which the core is written never to reach) traps: the JavaScript glue sees a
/// `WebAssembly.RuntimeError` and discards the instance. Without std, no panic message is
/// formatted, which keeps the formatting machinery out of the module.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// A free-list allocator instead of std's dlmalloc (smaller by about 8 KB of wasm).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: a wasm instance runs on one thread (the module is built without atomics).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use sessionjwt::{
    dangerous, Algorithm, AlgorithmSet, Auth, AuthStatus, Error, HasParams, KeyFamily, Limits,
    RequestParts, TokenCarrier, UnixTimeMs, Verifier, VerifierBuilder,
};

/// Verifier options, given one by one (the JavaScript glue has already checked their types).
#[derive(Default)]
pub struct Builder {
    inner: VerifierBuilder,
    algorithms: Option<AlgorithmSet>,
    max_token_bytes: Option<usize>,
    publishable_key: Option<String>,
}

impl Builder {
    /// A builder with the core's defaults.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// `jwtKey`: a PEM public key.
    pub fn add_pem(&mut self, pem: &[u8]) -> Result<(), Error> {
        self.inner.add_pem(pem).map(drop)
    }

    /// `jwk`: one JWK, JSON text.
    pub fn add_jwk(&mut self, jwk: &[u8]) -> Result<(), Error> {
        self.inner.add_jwk(jwk).map(drop)
    }

    /// `jwks`: JWKS JSON text.
    pub fn add_jwks(&mut self, jwks: &[u8]) -> Result<(), Error> {
        self.inner.add_jwks(jwks).map(drop)
    }

    /// `hmacSecret`: raw secret bytes.
    pub fn add_hmac_secret(&mut self, secret: &[u8]) -> Result<(), Error> {
        self.inner.add_hmac_secret(secret).map(drop)
    }

    /// `hmacSecret` given as text: canonical unpadded base64url (strictly decoded, as the core
    /// decodes tokens), else [`Error::InvalidOption`].
    pub fn add_hmac_secret_base64url(&mut self, text: &[u8]) -> Result<(), Error> {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let mut buf = [0u8; sessionjwt::MAX_KEY_BYTES];
        if text.len() > sessionjwt::MAX_KEY_BYTES * 4 / 3 + 1 {
            return Err(Error::KeyHmacTooLong);
        }
        let secret = Base64UrlUnpadded::decode(text, &mut buf).map_err(|_| Error::InvalidOption)?;
        self.add_hmac_secret(secret)
    }

    /// One entry of `algorithms` (a JOSE name, exactly). Any call makes the allow-list
    /// explicit; an unknown name (the empty name included) is [`Error::UnknownAlgorithm`].
    pub fn algorithm(&mut self, name: &[u8]) -> Result<(), Error> {
        let alg = Algorithm::from_name(name).ok_or(Error::UnknownAlgorithm)?;
        self.algorithms = Some(self.algorithms.unwrap_or(AlgorithmSet::EMPTY).with(alg));
        Ok(())
    }

    /// One entry of `authorizedParties`.
    pub fn authorized_party(&mut self, party: &str) -> Result<(), Error> {
        self.inner.authorized_party(party).map(drop)
    }

    /// One entry of `audience`.
    pub fn audience(&mut self, audience: &str) -> Result<(), Error> {
        self.inner.audience(audience).map(drop)
    }

    /// One entry of `issuer`.
    pub fn issuer(&mut self, issuer: &str) -> Result<(), Error> {
        self.inner.issuer(issuer).map(drop)
    }

    /// One entry of `headerType`.
    pub fn header_type(&mut self, typ: &str) -> Result<(), Error> {
        self.inner.header_type(typ).map(drop)
    }

    /// `headerType` given at all (even `[]`): `typ` is required.
    pub fn require_header_type(&mut self) {
        self.inner.require_header_type();
    }

    /// `clockSkewInMs`.
    pub fn clock_skew_ms(&mut self, skew_ms: i64) {
        self.inner.clock_skew_ms(skew_ms);
    }

    /// `maxTokenBytes`.
    pub fn max_token_bytes(&mut self, max: usize) {
        self.max_token_bytes = Some(max);
    }

    /// `publishableKey` (request authentication: `pk_test_...` marks a development instance).
    pub fn publishable_key(&mut self, key: &str) {
        self.publishable_key = Some(key.to_owned());
    }

    /// Builds the verifier (keys were parsed as they were added).
    pub fn build(mut self) -> Result<EdgeVerifier, Error> {
        if let Some(set) = self.algorithms {
            self.inner.algorithms(set);
        }
        if let Some(max) = self.max_token_bytes {
            self.inner.limits(Limits {
                max_token_bytes: max,
                ..Limits::DEFAULT
            })?;
        }
        let verifier = self.inner.build()?;
        Ok(EdgeVerifier {
            verifier,
            publishable_key: self.publishable_key,
            scratch: Vec::new(),
        })
    }
}

/// What the host must check for one token (phase 1 of a two-phase verification).
#[derive(Clone, Copy, Debug)]
pub struct HostCheck<'b> {
    /// The algorithm (checked against the allow-list and the key).
    pub algorithm: Algorithm,
    /// The key's index in the verifier's key set (see [`EdgeVerifier::key_jwk`]).
    pub key_index: usize,
    /// The signing input is the first `signing_input_len` bytes of the token.
    pub signing_input_len: usize,
    /// The decoded signature.
    pub signature: &'b [u8],
}

/// The signature length ring requires for `alg` with a key of `bytes` bytes: the modulus
/// length for RSA, R||S for ECDSA, 64 for Ed25519, the hash length for HMAC.
fn expected_signature_len(alg: Algorithm, family: KeyFamily, key_len: usize) -> usize {
    match family {
        KeyFamily::Rsa => key_len,
        KeyFamily::EcP256 | KeyFamily::Ed25519 => 64,
        KeyFamily::EcP384 => 96,
        KeyFamily::Hmac => alg.hmac_output_len(),
    }
}

/// The outcome of request authentication.
#[derive(Clone, Debug)]
pub struct RequestOutcome<'r> {
    /// Signed in or out.
    pub status: AuthStatus,
    /// Clerk's reason (`""` when signed in).
    pub reason: &'static str,
    /// The verification error behind a signed-out outcome, if verification ran.
    pub error: Option<Error>,
    /// Where the token came from.
    pub carrier: Option<TokenCarrier>,
    /// The token, when one was found (a slice of the request's headers).
    pub token: Option<&'r str>,
    /// The verified payload JSON, when signed in.
    pub payload: Option<String>,
}

/// How the signature of a request's token is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureCheck {
    /// By ring, inside wasm (the fallback).
    Wasm,
    /// By the host: its verdict on the token from [`EdgeVerifier::request_token`].
    HostVerdict(bool),
}

/// A verifier (keys parsed once) with its decode buffer and request options.
pub struct EdgeVerifier {
    verifier: Verifier,
    publishable_key: Option<String>,
    /// Grows to what the largest input so far needed, never to the configured limit up
    /// front: a large `maxTokenBytes` costs memory only when such tokens arrive.
    scratch: Vec<u8>,
}

/// The first `len` bytes of `scratch`, grown to that size if needed.
fn scratch_of(scratch: &mut Vec<u8>, len: usize) -> &mut [u8] {
    if scratch.len() < len {
        scratch.resize(len, 0);
    }
    &mut scratch[..len]
}

/// The length a decode buffer is sized by for a request: its longest header.
fn request_len(authorization: Option<&str>, cookie: Option<&str>) -> usize {
    authorization
        .map_or(0, str::len)
        .max(cookie.map_or(0, str::len))
}

impl EdgeVerifier {
    /// The core verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The token size limit in bytes.
    pub fn max_token_bytes(&self) -> usize {
        self.verifier.limits().max_token_bytes
    }

    /// The number of keys (indices for [`EdgeVerifier::key_jwk`]).
    pub fn key_count(&self) -> usize {
        self.verifier.keys().keys().len()
    }

    /// The key at `index` as JWK text for `crypto.subtle.importKey('jwk', ...)`.
    pub fn key_jwk(&self, index: usize) -> Option<String> {
        let key = self.verifier.keys().keys().get(index)?;
        Some(jwk::render(key.material()))
    }

    /// Verifies `token` with ring inside wasm: the verified payload JSON.
    pub fn verify(&mut self, token: &[u8], now: UnixTimeMs) -> Result<&str, Error> {
        let buf = scratch_of(
            &mut self.scratch,
            self.verifier.limits().buffer_len_for(token.len()),
        );
        let verified = self.verifier.verify(token, now, buf)?;
        Ok(verified.payload_json())
    }

    /// Phase 1: every check before the signature, then what the host must verify. A
    /// signature of the wrong length for the algorithm and key is refused here
    /// ([`Error::InvalidSignature`], the error a `false` verdict would give), as ring refuses
    /// it: some WebCrypto implementations accept an RSA signature shorter than the modulus.
    pub fn signature_input(&mut self, token: &[u8]) -> Result<HostCheck<'_>, Error> {
        let buf = scratch_of(
            &mut self.scratch,
            self.verifier.limits().buffer_len_for(token.len()),
        );
        let input = self.verifier.signature_input(token, buf)?;
        let material = input.key().material();
        let expected =
            expected_signature_len(input.algorithm(), material.family(), material.bytes().len());
        if input.signature().len() != expected {
            return Err(Error::InvalidSignature);
        }
        Ok(HostCheck {
            algorithm: input.algorithm(),
            key_index: input.key_index(),
            signing_input_len: input.signing_input().len(),
            signature: input.signature(),
        })
    }

    /// Phases 2 and 3 with the host's verdict on the signature from
    /// [`EdgeVerifier::signature_input`]: the verified payload JSON.
    pub fn verify_with_verdict(
        &mut self,
        token: &[u8],
        now: UnixTimeMs,
        signature_valid: bool,
    ) -> Result<&str, Error> {
        let buf = scratch_of(
            &mut self.scratch,
            self.verifier.limits().buffer_len_for(token.len()),
        );
        let verified = self
            .verifier
            .verify_with_host_verdict(token, now, buf, signature_valid)?;
        Ok(verified.payload_json())
    }

    /// The token that request authentication at `now` would verify (the core's
    /// [`Verifier::request_token`]), or `None` when the request is decided without one.
    pub fn request_token<'r>(
        &mut self,
        authorization: Option<&'r str>,
        cookie: Option<&'r str>,
        method: &str,
        now: UnixTimeMs,
    ) -> Option<&'r str> {
        let parts = RequestParts {
            authorization,
            cookie,
            method,
            publishable_key: self.publishable_key.as_deref(),
        };
        let buf = scratch_of(
            &mut self.scratch,
            self.verifier
                .limits()
                .buffer_len_for(request_len(authorization, cookie)),
        );
        let token = self.verifier.request_token(&parts, now, buf)?;
        within(token, [authorization, cookie])
    }

    /// Authenticates a request (the core's [`Verifier::authenticate_request`], or its
    /// host-verdict variant).
    pub fn authenticate_request<'r>(
        &mut self,
        authorization: Option<&'r str>,
        cookie: Option<&'r str>,
        method: &str,
        now: UnixTimeMs,
        check: SignatureCheck,
    ) -> RequestOutcome<'r> {
        let EdgeVerifier {
            verifier,
            publishable_key,
            scratch,
        } = self;
        let parts = RequestParts {
            authorization,
            cookie,
            method,
            publishable_key: publishable_key.as_deref(),
        };
        let buf = scratch_of(
            scratch,
            verifier
                .limits()
                .buffer_len_for(request_len(authorization, cookie)),
        );
        let state = match check {
            SignatureCheck::Wasm => verifier.authenticate_request(&parts, now, buf),
            SignatureCheck::HostVerdict(valid) => {
                verifier.authenticate_request_with_host_verdict(&parts, now, buf, valid)
            }
        };
        RequestOutcome {
            status: state.status,
            reason: state.reason,
            error: state.error,
            carrier: state.carrier,
            token: state.token.and_then(|t| within(t, [authorization, cookie])),
            payload: state.verified.map(|v| v.token().payload_json().to_owned()),
        }
    }
}

/// `part` (a slice of one of `inputs`) as a slice of that input, with its lifetime: the
/// core ties a request's token to the shortest lifetime of its parts (the publishable key is
/// the verifier's).
fn within<'r>(part: &str, inputs: [Option<&'r str>; 2]) -> Option<&'r str> {
    let start = part.as_ptr() as usize;
    inputs.into_iter().flatten().find_map(|input| {
        let offset = start.checked_sub(input.as_ptr() as usize)?;
        input.get(offset..offset + part.len())
    })
}

/// Where an auth object comes from.
#[derive(Clone, Copy, Debug)]
pub enum AuthSource<'a> {
    /// A request without a valid session: Clerk's signed-out object.
    SignedOut,
    /// The payload JSON that a verification of this module returned. The JavaScript glue
    /// keeps it private to the Auth object it built, so re-reading it needs no second
    /// verification: the claims are parsed again with the same strict rules and mapped by
    /// the core exactly as `VerifiedToken::auth` maps them. (Holding the verified buffer in
    /// wasm instead would leave its lifetime to the JavaScript garbage collector, which does
    /// not see wasm memory pressure.)
    Verified(&'a [u8]),
    /// **Unverified**: Clerk's auth properties given directly as JSON (the options of
    /// `createCheckAuthorization`), through `dangerous::auth_from_json`. For conformance tests
    /// and tooling only, as the Node package's `dangerousHasFromProperties`.
    DangerousProperties(&'a [u8]),
}

/// The auth object as JSON (the core's [`Auth::write_json`]).
pub fn auth_json(
    source: AuthSource<'_>,
    treat_pending_as_signed_out: bool,
) -> Result<String, Error> {
    with_auth(source, treat_pending_as_signed_out, |auth| {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = auth.write_json(&mut out);
        out
    })
}

/// `has(params)` on an auth object (always false when signed out).
pub fn has(
    source: AuthSource<'_>,
    treat_pending_as_signed_out: bool,
    params: &HasParams<'_>,
) -> Result<bool, Error> {
    with_auth(source, treat_pending_as_signed_out, |auth| auth.has(params))
}

fn with_auth<T>(
    source: AuthSource<'_>,
    treat_pending_as_signed_out: bool,
    f: impl FnOnce(&Auth<'_>) -> T,
) -> Result<T, Error> {
    match source {
        AuthSource::SignedOut => Ok(f(&Auth::signed_out_object())),
        AuthSource::Verified(json) => {
            let claims = dangerous::claims_from_json(json)?;
            Ok(f(&dangerous::auth_from_claims(
                &claims,
                treat_pending_as_signed_out,
            )))
        }
        AuthSource::DangerousProperties(json) => Ok(f(&dangerous::auth_from_json(json)?)),
    }
}
