//! Verification of Clerk-style session JWTs: `#![no_std]`, no heap, no clock, no network.
//!
//! A [`Verifier`] is built once from keys and options (keys are parsed once, never per
//! token), then verifies compact tokens into a caller-owned buffer:
//!
//! ```
//! use sessionjwt::{UnixTimeMs, Verifier};
//!
//! # fn main() -> Result<(), sessionjwt::Error> {
//! # let pem = include_str!("../tests/data/rsa4096-public.pem");
//! let mut builder = Verifier::builder();
//! builder.add_pem(pem.as_bytes())?.authorized_party("https://app.example.com")?;
//! let verifier = builder.build()?;
//!
//! let mut buf = [0u8; 6147]; // Limits::DEFAULT.buffer_len()
//! let err = verifier.verify(b"not.a.token", UnixTimeMs(1_700_000_000_000), &mut buf).unwrap_err();
//! assert_eq!(err.reason(), "token-invalid"); // Clerk's reason string
//! assert_eq!(err.code(), "BASE64");          // our fine, stable code
//! # Ok(())
//! # }
//! ```
//!
//! # Pipeline
//!
//! The first failure wins, in this order (Clerk 3.25's order, signature before claims, with
//! the allow-list ahead of key selection as security.md §0 orders it):
//!
//! 1. size (`Limits::max_token_bytes`, default 8192) before anything else;
//! 2. exactly three segments, base64url alphabet only, canonical unpadded encoding (all
//!    three, before any header check);
//! 3. header: strict JSON (UTF-8, RFC 8259, depth, no duplicate names), `alg` a string, no
//!    `crit`;
//! 4. `cat` (the machine-to-machine category is refused), `typ`, `alg` in the allow-list
//!    (`none` never is), key selection by `kid`, and `alg` of the selected key's family (the
//!    key decides, never the header);
//! 5. the signature over the received `header.payload` bytes, through a [`CryptoProvider`];
//! 6. only then the payload: strict JSON, an object;
//! 7. claims: `sub`, `aud`, `azp`, `iss`, `exp`, `nbf`, `iat` (times in ms, truncated as
//!    Clerk does, with a clock skew in ms, default 5000);
//! 8. the result, [`VerifiedToken`], is the only way to the claims of a verified token.
//!
//! # Features
//!
//! - `ring` (default): the [`RingProvider`] for RS256/384/512, PS256/384/512, ES256, ES384,
//!   EdDSA and HS256/384/512. ring needs its own `alloc` feature for RSA: ring allocates inside
//!   RSA verification (5 allocations per verify, measured); ES*, EdDSA and HS* allocate
//!   nothing. ring needs clang to build for wasm32 and does not build for thumbv7em.
//! - `aws-lc-rs` (off by default; implies `std`): the `AwsLcProvider`, which parses every key
//!   once when the verifier is built (RSA Montgomery constants included) and then verifies
//!   without touching the Rust heap. Use it as `VerifierBuilder::with_provider(AwsLcProvider)`,
//!   which builds a `Verifier<AwsLcProvider>`. aws-lc is C; its build needs a C compiler.
//! - `std` (off by default): links `std`; nothing in the verification path uses it.
//! - Without default features there is no provider; the crate builds for bare-metal targets
//!   (`thumbv7em-none-eabihf`, `x86_64-unknown-none`) and takes a [`CryptoProvider`] from the
//!   caller.
//!
//! # Crypto providers
//!
//! [`Verifier`] is generic over its provider: `Verifier` alone is `Verifier<DynProvider>`, a
//! provider chosen at run time ([`RingProvider`] by default); `Verifier<P>` for any other
//! [`CryptoProvider`] `P`. A provider may keep its own parsed form of each key
//! ([`CryptoProvider::PreparedKey`], made once by [`CryptoProvider::prepare`] at build).
//!
//! A std binding picks its provider in one line, and everything else follows from the type:
//!
//! ```
//! # #[cfg(feature = "aws-lc-rs")]
//! # fn main() -> Result<(), sessionjwt::Error> {
//! type Provider = sessionjwt::AwsLcProvider; // or sessionjwt::RingProvider
//! let mut builder = sessionjwt::VerifierBuilder::with_provider(Provider::default());
//! builder.add_hmac_secret(b"a secret of at least thirty-two bytes")?; // keys and options
//! let verifier: sessionjwt::Verifier<Provider> = builder.build()?;
//! # assert_eq!(verifier.keys().keys().len(), 1);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "aws-lc-rs"))]
//! # fn main() {}
//! ```
//!
//! # Repeat tokens
//!
//! A session token is presented on every request of its session. [`TokenCache`] keeps
//! verified tokens in caller-provided [`CacheSlot`]s (no heap): a hit is confirmed by
//! comparing the whole token byte for byte, re-checks `exp`, `nbf` and `iat` against `now`
//! with the verifier's clock skew, and returns the same [`VerifiedToken`] /
//! [`VerifiedBuffer`] as a fresh verification. Only verified tokens are stored, and a cache
//! only answers for the verifier that filled it. With the `std` feature,
//! `SharedTokenCache` is the thread-safe form the bindings use (capacity
//! [`DEFAULT_CACHE_CAPACITY`] by default, 0 to turn it off).
//!
//! # Limits
//!
//! Every limit is a constant or a [`Limits`] field: token size 8192 bytes, JSON depth 32 (at
//! most [`MAX_JSON_DEPTH_CAP`]), [`MAX_KEYS`] keys per set, RSA 2048..=8192 bits, HMAC
//! secrets of at least the hash size, [`MAX_TRACKED_MEMBERS`] members in open JSON objects,
//! [`MAX_LIST_ENTRIES`] entries per configured list, [`MAX_ORG_PERMISSIONS`] names in a v2
//! `o.per` (a token naming more gets no org permission). Errors are values of one enum,
//! [`Error`], with Clerk's reason strings.
//!
//! Hostile sizes stay bounded (`tests/resource_limits.rs`): an oversized token is refused
//! before it is read; JSON is validated iteratively, so nesting far beyond the depth limit
//! (10^6 levels) is refused without recursion; a JWKS stops at [`MAX_KEYS`] supported keys
//! (unsupported ones are skipped in one linear pass); v2 permissions are expanded lazily.
//! Nothing allocates: the only memory is the caller's decode buffer and a fixed stack
//! (about 20 KiB for a verification in a release build).
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

mod alg;
mod auth;
mod authz;
mod b64url;
#[cfg(feature = "bench-internals")]
#[doc(hidden)]
pub mod bench_internals;
mod cache;
mod claims;
mod compact;
mod crypto;
pub mod dangerous;
mod error;
mod header;
mod json;
mod keys;
mod limits;
mod permissions;
mod request;
mod reverify;
mod scoped;
mod sha1;
mod strlist;
mod substr;
mod time;
mod verify;

pub use alg::{Algorithm, AlgorithmSet, KeyFamily};
pub use auth::{Auth, OrgPermissions, OrgRole};
pub use authz::{HasParams, Param};
#[cfg(feature = "std")]
pub use cache::SharedTokenCache;
pub use cache::{
    CacheSlot, CacheStats, CacheTicket, TokenCache, CACHE_SLOT_BYTES, DEFAULT_CACHE_CAPACITY,
};
pub use claims::Claims;
#[cfg(feature = "ring")]
pub use crypto::RingProvider;
#[cfg(feature = "aws-lc-rs")]
pub use crypto::{AwsLcKey, AwsLcProvider};
pub use crypto::{CryptoProvider, DynProvider};
pub use error::Error;
pub use header::{Header, M2M_CATEGORY};
pub use json::{
    Elements, JsonArray, JsonNumber, JsonObject, JsonStr, JsonValue, Members, Unescaped,
};
pub use keys::{Key, KeyMaterial, KeySet};
pub use limits::{
    Limits, MAX_JSON_DEPTH_CAP, MAX_KEYS, MAX_KEY_BYTES, MAX_KID_BYTES, MAX_LIST_BYTES,
    MAX_LIST_ENTRIES, MAX_SIGNATURE_BYTES, MAX_TRACKED_MEMBERS,
};
pub use permissions::{Permission, PermissionSet, Permissions, MAX_ORG_PERMISSIONS};
pub use request::{
    authorization_token, cookie_value, AuthStatus, RequestParts, RequestState, TokenCarrier,
    IGNORE_CATEGORY, SESSION_CATEGORY,
};
pub use reverify::{Level, Reverification, ReverificationConfig};
pub use strlist::StrList;
pub use substr::JsonSubstr;
pub use time::{UnixTimeMs, MAX_NUMERIC_DATE_SECONDS};
pub use verify::{
    SignatureInput, TimeClaims, VerifiedBuffer, VerifiedToken, Verifier, VerifierBuilder,
    DEFAULT_CLOCK_SKEW_MS,
};
