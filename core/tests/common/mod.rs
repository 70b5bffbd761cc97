//! Shared test helpers: fixtures from `../shared`, minting, verifier construction.
#![allow(dead_code)]

pub mod authz;
pub mod divergences;

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use serde_json::Value;
use sessionjwt::{
    Algorithm, CryptoProvider, Key, KeyFamily, KeyMaterial, UnixTimeMs, Verifier, VerifierBuilder,
};
use std::path::PathBuf;

/// `shared/` sits beside the project root.
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel)
}

pub fn read_shared(rel: &str) -> String {
    std::fs::read_to_string(shared(rel)).unwrap_or_else(|e| panic!("reading shared/{rel}: {e}"))
}

pub fn clerk_json(name: &str) -> Value {
    serde_json::from_str(&read_shared(&format!("conformance/clerk/{name}"))).unwrap()
}

pub fn clerk_token(name: &str) -> String {
    clerk_json("tokens.json")[name]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("token {name}"))
        .to_owned()
}

pub fn b64url(bytes: &[u8]) -> String {
    let mut buf = vec![0u8; bytes.len() * 4 / 3 + 4];
    Base64UrlUnpadded::encode(bytes, &mut buf)
        .unwrap()
        .to_owned()
}

pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let mut out = vec![0u8; body.len()];
    Base64::decode(body.as_bytes(), &mut out).unwrap().to_vec()
}

pub const NOW_MS: i64 = 1_666_648_250_000;
pub const NOW_S: i64 = NOW_MS / 1000;

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

    pub fn public_key(&self) -> Key {
        Key::new(match self {
            Signer::Rsa(k) => {
                let c = signature::RsaPublicKeyComponents::<Vec<u8>>::from(k.public());
                KeyMaterial::rsa(&c.n, &c.e).unwrap()
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

    /// A compact token over the exact header and payload JSON texts given.
    pub fn mint(&self, alg: Algorithm, header: &str, payload: &str) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.as_bytes()),
            b64url(payload.as_bytes())
        );
        let sig = self.sign(alg, input.as_bytes());
        format!("{input}.{}", b64url(&sig))
    }

    /// A token with header `{"alg":..,"typ":"JWT"}` and the given payload.
    pub fn mint_claims(&self, alg: Algorithm, payload: &str) -> String {
        self.mint(
            alg,
            &format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()),
            payload,
        )
    }

    pub fn verifier(&self, configure: impl FnOnce(&mut VerifierBuilder)) -> Verifier {
        self.verifier_with(Verifier::builder(), configure)
    }

    /// A verifier over any provider, from a fresh builder of that provider.
    pub fn verifier_with<P: CryptoProvider + Clone>(
        &self,
        mut b: VerifierBuilder<P>,
        configure: impl FnOnce(&mut VerifierBuilder<P>),
    ) -> Verifier<P> {
        b.add_key(self.public_key()).unwrap();
        configure(&mut b);
        b.build().unwrap()
    }
}

/// A standard valid Clerk-like payload at NOW.
pub fn payload_at_now(extra: &str) -> String {
    format!(
        r#"{{"sub":"user_1","sid":"sess_1","iat":{},"nbf":{},"exp":{}{}{}}}"#,
        NOW_S,
        NOW_S - 10,
        NOW_S + 60,
        if extra.is_empty() { "" } else { "," },
        extra
    )
}

/// Verifies and returns Ok(payload JSON) or Err(error).
pub fn run<P: CryptoProvider>(
    v: &Verifier<P>,
    token: &str,
    now_ms: i64,
) -> Result<String, sessionjwt::Error> {
    let mut buf = vec![0u8; v.limits().buffer_len()];
    v.verify(token.as_bytes(), UnixTimeMs(now_ms), &mut buf)
        .map(|t| t.payload_json().to_owned())
}

// ---- token surgery for attack cases (security.rs, battery.rs) ----

/// Replaces the signature segment.
pub fn with_sig(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64url(sig))
}

pub fn sig_of(token: &str) -> Vec<u8> {
    let s = token.rsplit('.').next().unwrap();
    let mut out = vec![0u8; s.len()];
    Base64UrlUnpadded::decode(s, &mut out).unwrap().to_vec()
}

pub fn add_big_endian(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    if carry == 1 {
        out.insert(0, 1);
    }
    out
}

pub fn sub_big_endian(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}
