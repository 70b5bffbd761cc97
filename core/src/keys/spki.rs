//! A minimal strict DER reader for SubjectPublicKeyInfo and PKCS#1 `RSAPublicKey`.

use super::KeyMaterial;
use crate::{Error, KeyFamily};

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;

const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// Reads one TLV with `tag` from the front of `input`: (contents, rest). Definite, minimal
/// lengths only.
fn tlv(input: &[u8], tag: u8) -> Result<(&[u8], &[u8]), Error> {
    let (&t, rest) = input.split_first().ok_or(Error::KeyDer)?;
    if t != tag {
        return Err(Error::KeyDer);
    }
    let (&first, mut rest) = rest.split_first().ok_or(Error::KeyDer)?;
    let len = match first {
        0..=0x7f => first as usize,
        0x81 => {
            let (&l, r) = rest.split_first().ok_or(Error::KeyDer)?;
            rest = r;
            if l < 0x80 {
                return Err(Error::KeyDer);
            }
            l as usize
        }
        0x82 => {
            let l = rest.get(..2).ok_or(Error::KeyDer)?;
            rest = &rest[2..];
            let l = (l[0] as usize) << 8 | l[1] as usize;
            if l < 0x100 {
                return Err(Error::KeyDer);
            }
            l
        }
        _ => return Err(Error::KeyDer),
    };
    if rest.len() < len {
        return Err(Error::KeyDer);
    }
    Ok(rest.split_at(len))
}

fn whole(input: &[u8], tag: u8) -> Result<&[u8], Error> {
    match tlv(input, tag)? {
        (contents, []) => Ok(contents),
        _ => Err(Error::KeyDer),
    }
}

/// A positive INTEGER in minimal encoding, returned without its sign byte.
fn unsigned_integer(input: &[u8]) -> Result<(&[u8], &[u8]), Error> {
    let (v, rest) = tlv(input, INTEGER)?;
    match v {
        [] => Err(Error::KeyDer),
        [b, ..] if b & 0x80 != 0 => Err(Error::KeyDer),
        [0, b, ..] if b & 0x80 == 0 => Err(Error::KeyDer),
        [0, tail @ ..] if !tail.is_empty() => Ok((tail, rest)),
        _ => Ok((v, rest)),
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`.
pub(super) fn parse_rsa_public_key(der: &[u8]) -> Result<KeyMaterial, Error> {
    let seq = whole(der, SEQUENCE)?;
    let (n, rest) = unsigned_integer(seq)?;
    let (e, rest) = unsigned_integer(rest)?;
    if !rest.is_empty() {
        return Err(Error::KeyDer);
    }
    KeyMaterial::rsa(n, e)
}

/// `SubjectPublicKeyInfo` for rsaEncryption, id-ecPublicKey (P-256, P-384) or Ed25519.
pub(super) fn parse_spki(der: &[u8]) -> Result<KeyMaterial, Error> {
    let seq = whole(der, SEQUENCE)?;
    let (alg, rest) = tlv(seq, SEQUENCE)?;
    let key = whole(rest, BIT_STRING)?;
    let key = match key {
        [0, key @ ..] => key,
        _ => return Err(Error::KeyDer),
    };
    let (oid, params) = tlv(alg, OID)?;
    match oid {
        RSA_ENCRYPTION => {
            if !(params.is_empty() || params == [NULL, 0]) {
                return Err(Error::KeyDer);
            }
            parse_rsa_public_key(key)
        }
        EC_PUBLIC_KEY => {
            let family = match whole(params, OID)? {
                P256 => KeyFamily::EcP256,
                P384 => KeyFamily::EcP384,
                _ => return Err(Error::KeyUnsupported),
            };
            KeyMaterial::ec(family, key)
        }
        ED25519 => {
            if !params.is_empty() {
                return Err(Error::KeyDer);
            }
            KeyMaterial::ed25519(key)
        }
        _ => Err(Error::KeyUnsupported),
    }
}
