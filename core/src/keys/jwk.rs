//! JSON Web Keys (RFC 7517) and key sets.

use super::{Key, KeyMaterial, KeySet};
use crate::limits::MAX_KEY_BYTES;
use crate::{b64url, json, Algorithm, Error, JsonObject, JsonValue, KeyFamily, Limits};

fn member_str<'a>(jwk: &JsonObject<'a>, name: &str) -> Result<Option<&'a str>, Error> {
    match jwk.get(name) {
        None => Ok(None),
        Some(JsonValue::String(s)) => s.as_plain().map(Some).ok_or(Error::KeyJwk),
        Some(_) => Err(Error::KeyJwk),
    }
}

/// Decodes a base64url member into `out`; a value longer than `out` is `too_long`.
fn decode_member<'o>(
    jwk: &JsonObject<'_>,
    name: &str,
    out: &'o mut [u8],
    too_long: Error,
) -> Result<&'o [u8], Error> {
    let text = member_str(jwk, name)?.ok_or(Error::KeyJwk)?;
    b64url::decode(text.as_bytes(), out).map_err(|e| match e {
        Error::TokenTooLarge => too_long,
        _ => Error::KeyJwk,
    })
}

/// Parses one JWK object: `kty` RSA (`n`, `e`), EC (`crv` P-256/P-384, `x`, `y`), OKP
/// (`crv` Ed25519, `x`) or oct (`k`), with optional `kid`, `alg`, `use` and `key_ops`.
/// A key whose `use` is not `sig`, or whose `key_ops` lacks `verify`, loads but is never
/// selected. Private members are ignored.
pub(crate) fn parse_jwk(jwk: JsonObject<'_>) -> Result<Key, Error> {
    let usable_use = match member_str(&jwk, "use")? {
        None | Some("sig") => true,
        Some(_) => false,
    };
    let usable_ops = match jwk.get("key_ops") {
        None => true,
        Some(JsonValue::Array(ops)) => {
            let mut verify = false;
            for op in ops.iter() {
                verify |= op.as_str().ok_or(Error::KeyJwk)?.eq_str("verify");
            }
            verify
        }
        Some(_) => return Err(Error::KeyJwk),
    };
    let material = match member_str(&jwk, "kty")?.ok_or(Error::KeyJwk)? {
        "RSA" => {
            let mut n = [0u8; MAX_KEY_BYTES + 1];
            let mut e = [0u8; 8];
            let n = decode_member(&jwk, "n", &mut n, Error::KeyRsaTooLarge)?;
            let e = decode_member(&jwk, "e", &mut e, Error::KeyRsaExponent)?;
            KeyMaterial::rsa(n, e)?
        }
        "EC" => {
            let (family, size) = match member_str(&jwk, "crv")? {
                Some("P-256") => (KeyFamily::EcP256, 32),
                Some("P-384") => (KeyFamily::EcP384, 48),
                _ => return Err(Error::KeyUnsupported),
            };
            let mut point = [0u8; 97];
            point[0] = 4;
            let x = decode_member(&jwk, "x", &mut point[1..], Error::KeyInvalidPoint)?;
            if x.len() != size {
                return Err(Error::KeyInvalidPoint);
            }
            let y = decode_member(&jwk, "y", &mut point[1 + size..], Error::KeyInvalidPoint)?;
            if y.len() != size {
                return Err(Error::KeyInvalidPoint);
            }
            KeyMaterial::ec(family, &point[..1 + 2 * size])?
        }
        "OKP" => {
            if member_str(&jwk, "crv")? != Some("Ed25519") {
                return Err(Error::KeyUnsupported);
            }
            let mut x = [0u8; 33];
            KeyMaterial::ed25519(decode_member(&jwk, "x", &mut x, Error::KeyInvalidPoint)?)?
        }
        "oct" => {
            let mut k = [0u8; MAX_KEY_BYTES + 1];
            KeyMaterial::hmac(decode_member(&jwk, "k", &mut k, Error::KeyHmacTooLong)?)?
        }
        _ => return Err(Error::KeyUnsupported),
    };
    let mut key = Key::new(material);
    if let Some(kid) = member_str(&jwk, "kid")? {
        key = key.with_kid(kid)?;
    }
    if !(usable_use && usable_ops) {
        // Not a signature key: its `alg` (e.g. RSA-OAEP) is irrelevant and never selected.
        return Ok(key.unusable());
    }
    if let Some(alg) = member_str(&jwk, "alg")? {
        key = key.with_alg(Algorithm::from_name(alg.as_bytes()).ok_or(Error::UnknownAlgorithm)?)?;
    }
    Ok(key)
}

/// Parses a single JWK from JSON text.
pub(crate) fn parse_jwk_json(text: &[u8]) -> Result<Key, Error> {
    let obj = json::parse_object(text, Limits::DEFAULT.max_json_depth, json::Numbers::Any)
        .map_err(|_| Error::KeyJwk)?;
    parse_jwk(obj)
}

/// Parses a JWKS (`{"keys":[...]}`) into `set`. Keys of unsupported types, curves or
/// algorithms are skipped (a token naming them finds no key); a supported key that is invalid
/// (RSA < 2048 bits, bad exponent, short secret, malformed member) fails the whole set.
pub(crate) fn parse_jwks(text: &[u8], set: &mut KeySet) -> Result<(), Error> {
    let obj = json::parse_object(text, Limits::DEFAULT.max_json_depth, json::Numbers::Any)
        .map_err(|_| Error::KeyJwk)?;
    let keys = obj
        .get("keys")
        .and_then(|k| k.as_array())
        .ok_or(Error::KeyJwk)?;
    for jwk in keys.iter() {
        match parse_jwk(jwk.as_object().ok_or(Error::KeyJwk)?) {
            Ok(key) => set.push(key)?,
            Err(Error::KeyUnsupported | Error::UnknownAlgorithm) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
