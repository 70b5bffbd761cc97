//! Signing keys for tests and benchmarks: one [`Signer`] per algorithm, with the matching
//! public key for verifiers. Shared by `core/tests` (as part of `common`) and by
//! `benches/benches/fixtures.rs` (through `#[path]`), so both sign the same way.
#![allow(dead_code)]

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use sessionjwt::{Algorithm, Key, KeyFamily, KeyMaterial};
use std::path::PathBuf;

/// `shared/` sits beside the project root (this file is two levels below it in every crate
/// that includes it).
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel)
}

pub fn read_shared(rel: &str) -> String {
    std::fs::read_to_string(shared(rel)).unwrap_or_else(|e| panic!("reading shared/{rel}: {e}"))
}

pub fn b64url(bytes: &[u8]) -> String {
    let mut buf = vec![0u8; bytes.len() * 4 / 3 + 4];
    Base64UrlUnpadded::encode(bytes, &mut buf)
        .unwrap()
        .to_owned()
}

/// The DER body of a PEM text.
pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut out = vec![0u8; body.len()];
    Base64::decode(body.as_bytes(), &mut out).unwrap().to_vec()
}

/// A signer for one algorithm, with the matching public key for verifiers.
pub enum Signer {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, KeyFamily),
    Ed(Ed25519KeyPair),
    Hmac(Vec<u8>),
}

impl Signer {
    /// The Clerk fixture RSA-2048 key (signs every conformance token).
    pub fn clerk_rsa() -> Signer {
        let der = pem_der(&read_shared(
            "conformance/clerk/keys/signing-private-pkcs8.pem",
        ));
        Signer::Rsa(RsaKeyPair::from_pkcs8(&der).unwrap())
    }

    /// RSA: the Clerk fixture key; EC and Ed25519: a fresh key; HMAC: the 64 bytes 0..63.
    pub fn for_alg(alg: Algorithm) -> Signer {
        let rng = SystemRandom::new();
        match alg.family() {
            KeyFamily::Rsa => Signer::clerk_rsa(),
            KeyFamily::EcP256 | KeyFamily::EcP384 => {
                let a = if alg == Algorithm::ES256 {
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING
                } else {
                    &signature::ECDSA_P384_SHA384_FIXED_SIGNING
                };
                let pkcs8 = EcdsaKeyPair::generate_pkcs8(a, &rng).unwrap();
                Signer::Ec(
                    EcdsaKeyPair::from_pkcs8(a, pkcs8.as_ref(), &rng).unwrap(),
                    alg.family(),
                )
            }
            KeyFamily::Ed25519 => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
                Signer::Ed(Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap())
            }
            KeyFamily::Hmac => Signer::Hmac((0..64u8).collect()),
        }
    }

    /// RSA: (n, e) big-endian.
    pub fn rsa_components(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self {
            Signer::Rsa(k) => {
                let c = signature::RsaPublicKeyComponents::<Vec<u8>>::from(k.public());
                Some((c.n, c.e))
            }
            _ => None,
        }
    }

    /// The public key bytes as ring's `UnparsedPublicKey` and aws-lc's `ParsedPublicKey`
    /// take them (RSA DER, EC point, Ed25519 key), or the HMAC secret.
    pub fn public_bytes(&self) -> Vec<u8> {
        match self {
            Signer::Rsa(k) => k.public().as_ref().to_vec(),
            Signer::Ec(k, _) => k.public_key().as_ref().to_vec(),
            Signer::Ed(k) => k.public_key().as_ref().to_vec(),
            Signer::Hmac(s) => s.clone(),
        }
    }

    pub fn public_key(&self) -> Key {
        Key::new(match self {
            Signer::Rsa(_) => {
                let (n, e) = self.rsa_components().unwrap();
                KeyMaterial::rsa(&n, &e).unwrap()
            }
            Signer::Ec(k, fam) => KeyMaterial::ec(*fam, k.public_key().as_ref()).unwrap(),
            Signer::Ed(k) => KeyMaterial::ed25519(k.public_key().as_ref()).unwrap(),
            Signer::Hmac(s) => KeyMaterial::hmac(s).unwrap(),
        })
    }

    pub fn sign(&self, alg: Algorithm, msg: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        match self {
            Signer::Rsa(k) => {
                let enc: &dyn signature::RsaEncoding = match alg {
                    Algorithm::RS256 => &signature::RSA_PKCS1_SHA256,
                    Algorithm::RS384 => &signature::RSA_PKCS1_SHA384,
                    Algorithm::RS512 => &signature::RSA_PKCS1_SHA512,
                    Algorithm::PS256 => &signature::RSA_PSS_SHA256,
                    Algorithm::PS384 => &signature::RSA_PSS_SHA384,
                    _ => &signature::RSA_PSS_SHA512,
                };
                let mut sig = vec![0u8; k.public().modulus_len()];
                k.sign(enc, &rng, msg, &mut sig).unwrap();
                sig
            }
            Signer::Ec(k, _) => k.sign(&rng, msg).unwrap().as_ref().to_vec(),
            Signer::Ed(k) => k.sign(msg).as_ref().to_vec(),
            Signer::Hmac(s) => {
                let a = match alg {
                    Algorithm::HS256 => ring::hmac::HMAC_SHA256,
                    Algorithm::HS384 => ring::hmac::HMAC_SHA384,
                    _ => ring::hmac::HMAC_SHA512,
                };
                ring::hmac::sign(&ring::hmac::Key::new(a, s), msg)
                    .as_ref()
                    .to_vec()
            }
        }
    }
}
