//! Key export for WebCrypto: the core's parsed [`KeyMaterial`] as a public JWK.
//!
//! Whatever the key came as (PEM SPKI or PKCS#1, env-style PEM, JWK, JWKS member, HMAC
//! secret), the core has already validated it; this renders the same material as the JWK
//! that `crypto.subtle.importKey('jwk', ...)` takes. No `alg`, `use` or `key_ops` members:
//! the algorithm was decided by the core, and the JavaScript glue names it at import.

use alloc::string::String;

use base64ct::{Base64UrlUnpadded, Encoding};
use sessionjwt::{KeyFamily, KeyMaterial};

/// Renders `key` as JWK JSON text:
///
/// - RSA: `{"kty":"RSA","n":..,"e":..}` (the modulus without leading zeros);
/// - EC: `{"kty":"EC","crv":"P-256"|"P-384","x":..,"y":..}` from the uncompressed point;
/// - Ed25519: `{"kty":"OKP","crv":"Ed25519","x":..}`;
/// - HMAC: `{"kty":"oct","k":..}` (the secret the caller gave).
pub fn render(key: &KeyMaterial) -> String {
    let bytes = key.bytes();
    let mut out = String::with_capacity(64 + bytes.len() * 4 / 3);
    let member = |out: &mut String, name: &str, value: &[u8]| {
        out.push_str(",\"");
        out.push_str(name);
        out.push_str("\":\"");
        out.push_str(&Base64UrlUnpadded::encode_string(value));
        out.push('"');
    };
    match key.family() {
        KeyFamily::Rsa => {
            out.push_str("{\"kty\":\"RSA\"");
            let e = key.rsa_exponent().to_be_bytes();
            let first = e.iter().position(|b| *b != 0).unwrap_or(e.len() - 1);
            member(&mut out, "n", bytes);
            member(&mut out, "e", &e[first..]);
        }
        KeyFamily::EcP256 | KeyFamily::EcP384 => {
            let crv = if key.family() == KeyFamily::EcP256 {
                "P-256"
            } else {
                "P-384"
            };
            out.push_str("{\"kty\":\"EC\",\"crv\":\"");
            out.push_str(crv);
            out.push('"');
            // `04 || X || Y`, checked by the core.
            let coordinates = &bytes[1..];
            let (x, y) = coordinates.split_at(coordinates.len() / 2);
            member(&mut out, "x", x);
            member(&mut out, "y", y);
        }
        KeyFamily::Ed25519 => {
            out.push_str("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"");
            member(&mut out, "x", bytes);
        }
        KeyFamily::Hmac => {
            out.push_str("{\"kty\":\"oct\"");
            member(&mut out, "k", bytes);
        }
    }
    out.push('}');
    out
}
