//! Reading tokens and claims **without verifying them**.
//!
//! Nothing here checks a signature or a claim. Use it to display or debug a token, never to
//! make an access decision. Verification ([`crate::Verifier::verify`]) never calls into this
//! module.

use crate::json::Numbers;
use crate::verify::decode_front;
use crate::{b64url, compact, json, Auth, Claims, Error, Header, Limits};

/// Decodes a compact token's header and payload **without verifying anything**.
///
/// Applies the same size limit, strict base64url and strict JSON rules as verification.
/// `buf` receives the decoded header and payload; [`Limits::buffer_len`] bytes always suffice.
pub fn decode_unverified<'b>(
    token: &[u8],
    limits: &Limits,
    buf: &'b mut [u8],
) -> Result<(Header<'b>, Claims<'b>), Error> {
    if token.len() > limits.max_token_bytes {
        return Err(Error::TokenTooLarge);
    }
    let segments = compact::split(token)?;
    let (header, buf) = decode_front(segments.header, buf)?;
    let header = Header::scan(json::parse_object(
        header,
        limits.max_json_depth,
        Numbers::Finite,
    )?);
    header.validate()?;
    let (payload, _) = decode_front(segments.payload, buf)?;
    let claims = Claims::from_object(json::parse_object(
        payload,
        limits.max_json_depth,
        Numbers::Any,
    )?);
    Ok((header, claims))
}

/// Parses a JOSE header from its JSON text **without any token or verification** (for tooling
/// and fuzzing): the strict JSON rules with `limits.max_json_depth`, then the header checks
/// verification applies before anything else (numbers finite in binary64, `alg` a string,
/// `kid` a string, no `crit`).
pub fn header_from_json<'a>(json: &'a [u8], limits: &Limits) -> Result<Header<'a>, Error> {
    let header = Header::scan(json::parse_object(
        json,
        limits.max_json_depth,
        Numbers::Finite,
    )?);
    header.validate()?;
    Ok(header)
}

/// Decodes one base64url segment into the front of `out` exactly as verification decodes each
/// token segment (for tooling and fuzzing): base64url alphabet only ([`Error::Padding`] for
/// `=`, [`Error::InvalidCharacter`] for anything else), no padding, canonical trailing bits
/// and no impossible length ([`Error::Base64`]); a result longer than `out` is
/// [`Error::TokenTooLarge`].
pub fn decode_base64url<'o>(text: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    if let Some(bad) = text.iter().find(|&&b| !compact::is_base64url(b)) {
        return Err(if *bad == b'=' {
            Error::Padding
        } else {
            Error::InvalidCharacter
        });
    }
    b64url::decode(text, out)
}

/// Parses a JSON claims object **without verifying anything** (for tests, tooling and
/// rendering). Strict JSON rules and the default depth limit apply.
pub fn claims_from_json(json: &[u8]) -> Result<Claims<'_>, Error> {
    Ok(Claims::from_object(json::parse_object(
        json,
        Limits::DEFAULT.max_json_depth,
        Numbers::Any,
    )?))
}

/// Builds the auth object from claims that were **not verified** (for tests, tooling and
/// rendering). A verified token gives its auth object without this module.
///
/// Same mapping as for a verified token: v1 or v2 claims, and with
/// `treat_pending_as_signed_out` (Clerk's default: true) a `"pending"` session gives the
/// signed-out object.
pub fn auth_from_claims<'a>(claims: &Claims<'a>, treat_pending_as_signed_out: bool) -> Auth<'a> {
    Auth::from_claims(claims, treat_pending_as_signed_out)
}

/// Builds an auth object from a JSON object that gives Clerk's auth properties directly,
/// **without any token or verification** (for conformance tests and tooling): `userId`,
/// `sessionId`, `sessionStatus`, `actor`, `factorVerificationAge`, `orgId`, `orgRole`,
/// `orgSlug`, `orgPermissions`, `features`, `plans` (the options of Clerk's
/// `createCheckAuthorization`). Each value is taken as is; absent members are undefined and
/// unknown members are ignored. Strict JSON rules and the default depth limit apply.
pub fn auth_from_json(json: &[u8]) -> Result<Auth<'_>, Error> {
    Ok(Auth::from_options(json::parse_object(
        json,
        Limits::DEFAULT.max_json_depth,
        Numbers::Any,
    )?))
}
