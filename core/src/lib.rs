//! sessionjwt: crate docs are written below.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod alg;
mod b64url;
mod claims;
mod compact;
pub mod dangerous;
mod error;
mod header;
mod json;
mod limits;
mod time;

pub use alg::{Algorithm, AlgorithmSet, KeyFamily};
pub use claims::Claims;
pub use error::Error;
pub use header::{Header, M2M_CATEGORY};
pub use json::{Elements, JsonArray, JsonNumber, JsonObject, JsonStr, JsonValue, Members, Unescaped};
pub use limits::{
    Limits, MAX_HEADER_BYTES, MAX_JSON_DEPTH_CAP, MAX_KEYS, MAX_KEY_BYTES, MAX_KID_BYTES,
    MAX_LIST_BYTES, MAX_LIST_ENTRIES, MAX_SIGNATURE_BYTES, MAX_TRACKED_MEMBERS,
};
pub use time::{UnixTimeMs, MAX_NUMERIC_DATE_SECONDS};
