//! Shared fixtures: a Clerk-style session token (about 870 bytes for RS256), signed with the
//! Clerk fixture RSA-2048 key, and tokens for every other algorithm, valid for an hour from
//! the real clock (so that `jsonwebtoken`, which reads the clock, accepts them too).
#![allow(dead_code)]

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use sessionjwt::{Algorithm, Key, KeyMaterial, UnixTimeMs};
use std::time::{SystemTime, UNIX_EPOCH};

pub const AZP: &str = "https://app.example.com";

/// `shared/` sits beside the project root; the Clerk fixture key lives there.
pub fn clerk_private_pem() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/conformance/clerk/keys/signing-private-pkcs8.pem"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    Base64::decode_vec(&body).unwrap()
}

pub fn b64url(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

pub fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn now() -> UnixTimeMs {
    UnixTimeMs(now_s() * 1000)
}

/// A v2 Clerk session payload (organization, features, plans), valid for an hour.
pub fn clerk_payload(now_s: i64) -> String {
    format!(
        concat!(
            r#"{{"azp":"{azp}","exp":{exp},"fea":"o:dashboard","fva":[2,-1],"iat":{iat},"#,
            r#""iss":"https://clerk.example.com","nbf":{nbf},"#,
            r#""o":{{"fpm":"3","id":"org_2abcdefghijklmnopqrstuvwx","per":"read,manage","rol":"admin"}},"#,
            r#""sid":"sess_2abcdefghijklmnopqrstuvwx","sts":"active","#,
            r#""sub":"user_2abcdefghijklmnopqrstuvwx","v":2}}"#
        ),
        azp = AZP,
        exp = now_s + 3600,
        iat = now_s,
        nbf = now_s - 10,
    )
}

pub fn header(alg: Algorithm) -> String {
    format!(
        r#"{{"alg":"{}","cat":"cl_B7d4PD111AAA","kid":"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD","typ":"JWT"}}"#,
        alg.name()
    )
}

/// A signing key for one algorithm and its public key for verifiers.
pub enum Signer {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, Algorithm),
    Ed(Ed25519KeyPair),
    Hmac(Vec<u8>),
}

impl Signer {
    pub fn new(alg: Algorithm) -> Signer {
        let rng = SystemRandom::new();
        match alg {
            Algorithm::ES256 | Algorithm::ES384 => {
                let a = if alg == Algorithm::ES256 {
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING
                } else {
                    &signature::ECDSA_P384_SHA384_FIXED_SIGNING
                };
                let pkcs8 = EcdsaKeyPair::generate_pkcs8(a, &rng).unwrap();
                Signer::Ec(
                    EcdsaKeyPair::from_pkcs8(a, pkcs8.as_ref(), &rng).unwrap(),
                    alg,
                )
            }
            Algorithm::EdDSA => {
                let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
                Signer::Ed(Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap())
            }
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => {
                Signer::Hmac((0..64u8).collect())
            }
            _ => Signer::Rsa(RsaKeyPair::from_pkcs8(&pem_der(&clerk_private_pem())).unwrap()),
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
    /// take them (EC point, Ed25519 key), or the HMAC secret.
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
            Signer::Ec(k, alg) => KeyMaterial::ec(alg.family(), k.public_key().as_ref()).unwrap(),
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

    /// (token, signing input, signature) for the Clerk-style payload at `now_s`.
    pub fn mint(&self, alg: Algorithm, now_s: i64) -> (String, Vec<u8>, Vec<u8>) {
        let input = format!(
            "{}.{}",
            b64url(header(alg).as_bytes()),
            b64url(clerk_payload(now_s).as_bytes())
        );
        let sig = self.sign(alg, input.as_bytes());
        (format!("{input}.{}", b64url(&sig)), input.into_bytes(), sig)
    }
}
