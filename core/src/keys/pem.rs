//! PEM armour (and the bare base64 body Clerk accepts) into DER.

use super::{spki, KeyMaterial};
use crate::Error;
use base64ct::{Base64, Encoding};

/// Largest PEM body decoded, in bytes of DER (an RSA-8192 SPKI is about 1.1 KB).
const MAX_DER_BYTES: usize = 2048;

enum Label {
    Spki,
    Pkcs1,
}

/// Parses a public key PEM: `-----BEGIN PUBLIC KEY-----` (SPKI: RSA, EC P-256/P-384,
/// Ed25519) or `-----BEGIN RSA PUBLIC KEY-----` (PKCS#1). Also accepted: CRLF line ends,
/// indentation, the environment-variable form with literal `\n` sequences, and a bare base64
/// SPKI body without armour. Private keys, certificates and anything else are refused.
pub(crate) fn parse_pem(text: &[u8]) -> Result<KeyMaterial, Error> {
    let (label, body) = armour(text)?;
    let mut b64 = [0u8; MAX_DER_BYTES / 3 * 4 + 4];
    let mut len = 0usize;
    let mut i = 0usize;
    while i < body.len() {
        match body[i] {
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'\\' if matches!(body.get(i + 1), Some(b'n' | b'r')) => i += 1,
            c @ (b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=') => {
                *b64.get_mut(len).ok_or(Error::KeyPem)? = c;
                len += 1;
            }
            _ => return Err(Error::KeyPem),
        }
        i += 1;
    }
    let mut der = [0u8; MAX_DER_BYTES];
    let der = Base64::decode(&b64[..len], &mut der).map_err(|_| Error::KeyPem)?;
    match label {
        Label::Spki => spki::parse_spki(der),
        Label::Pkcs1 => spki::parse_rsa_public_key(der),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Splits off the armour: (label, base64 body). No `-----BEGIN` at all means a bare body.
fn armour(text: &[u8]) -> Result<(Label, &[u8]), Error> {
    let Some(begin) = find(text, b"-----BEGIN ") else {
        return Ok((Label::Spki, text));
    };
    let after = &text[begin + 11..];
    let label_end = find(after, b"-----").ok_or(Error::KeyPem)?;
    let (label, name) = match &after[..label_end] {
        b"PUBLIC KEY" => (Label::Spki, &b"PUBLIC KEY"[..]),
        b"RSA PUBLIC KEY" => (Label::Pkcs1, &b"RSA PUBLIC KEY"[..]),
        _ => return Err(Error::KeyUnsupported),
    };
    let body = &after[label_end + 5..];
    let end = find(body, b"-----END ").ok_or(Error::KeyPem)?;
    let tail = &body[end + 9..];
    if !tail.starts_with(name) || tail.get(name.len()..name.len() + 5) != Some(b"-----") {
        return Err(Error::KeyPem);
    }
    Ok((label, &body[..end]))
}
