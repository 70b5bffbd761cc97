//! The pipeline's stages one by one, for the benchmarks only (feature `bench-internals`,
//! hidden from the docs, no stability promise). Never use this to verify anything.

use crate::{b64url, compact, json, Claims, CryptoProvider, Error, Header, JsonObject};
use crate::{UnixTimeMs, Verifier};

/// Stage 2: the compact split (header, payload, signature, signing input).
pub fn split(token: &[u8]) -> Result<[&[u8]; 4], Error> {
    let s = compact::split(token)?;
    Ok([s.header, s.payload, s.signature, s.signing_input])
}

/// Strict base64url decoding into the front of `out`; the decoded length.
pub fn decode(text: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    b64url::decode(text, out).map(<[u8]>::len)
}

/// Strict JSON validation of a document whose top level is an object.
pub fn parse_object(json: &[u8], max_depth: usize) -> Result<JsonObject<'_>, Error> {
    json::parse_object(json, max_depth, json::Numbers::Any)
}

/// The header members the pipeline reads, validated.
pub fn header(object: JsonObject<'_>) -> Result<Header<'_>, Error> {
    let h = Header::scan(object);
    h.validate().map(|()| h)
}

/// The named claims of a payload object.
pub fn claims(object: JsonObject<'_>) -> Claims<'_> {
    Claims::from_object(object)
}

/// Stage 7 alone: the claim checks of `verifier` at `now`.
pub fn check_claims<P: CryptoProvider>(
    verifier: &Verifier<P>,
    claims: &Claims<'_>,
    now: UnixTimeMs,
) -> Result<(), Error> {
    verifier.check_claims(claims, now).map(|_| ())
}
