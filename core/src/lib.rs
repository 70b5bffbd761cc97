//! sessionjwt: crate docs are written below.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod alg;
mod b64url;
mod claims;
mod compact;
mod crypto;
pub mod dangerous;
mod error;
mod header;
mod json;
mod keys;
mod limits;
mod request;
mod strlist;
mod time;
mod verify;

pub use alg::{Algorithm, AlgorithmSet, KeyFamily};
pub use claims::Claims;
pub use crypto::CryptoProvider;
#[cfg(feature = "ring")]
pub use crypto::RingProvider;
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
pub use request::{
    authorization_token, cookie_value, AuthStatus, RequestParts, RequestState, TokenCarrier,
    IGNORE_CATEGORY, SESSION_CATEGORY,
};
pub use strlist::StrList;
pub use time::{UnixTimeMs, MAX_NUMERIC_DATE_SECONDS};
pub use verify::{
    TimeClaims, VerifiedBuffer, VerifiedToken, Verifier, VerifierBuilder, DEFAULT_CLOCK_SKEW_MS,
};
