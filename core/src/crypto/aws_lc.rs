//! The `aws-lc-rs` provider (feature `aws-lc-rs`, off by default; implies `std`).
//!
//! Every key is parsed once, when the verifier is built ([`CryptoProvider::prepare`]), into
//! aws-lc's own form (an `EVP_PKEY` with its Montgomery constants for RSA, a precomputed HMAC
//! key), one per algorithm the key may verify. Verification then allocates nothing on the Rust
//! heap; aws-lc itself (C) allocates its per-call contexts with `malloc` (measured and
//! documented in `core/tests/allocations_aws_lc.rs`).
//!
//! aws-lc is C: building this feature needs a C compiler (the `aws-lc-sys` build script uses
//! the `cc` crate; no cmake, Go or NASM for Linux x86_64 and aarch64).

use super::CryptoProvider;
use crate::{Algorithm, AlgorithmSet, KeyFamily, KeyMaterial};
use aws_lc_rs::{hmac, signature};
use std::boxed::Box;
use std::vec::Vec;

/// Signature verification with `aws-lc-rs` for every [`Algorithm`], with keys parsed once
/// per verifier.
///
/// Same acceptance as [`crate::RingProvider`] (RSA 2048..=8192 bits, PSS salt length equal
/// to the hash length, fixed-length ECDSA signatures, Ed25519, HMAC tags of the full hash
/// length compared in constant time).
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsLcProvider;

/// A key as [`AwsLcProvider`] parsed it: one aws-lc key per algorithm the key may verify.
/// A key aws-lc rejects (an EC point off its curve, say) holds nothing and verifies nothing.
#[derive(Clone)]
pub struct AwsLcKey {
    parsed: Vec<(Algorithm, Parsed)>,
}

#[derive(Clone)]
enum Parsed {
    Public(signature::ParsedPublicKey),
    /// Boxed: an aws-lc HMAC key holds its precomputed contexts inline (1.2 KB).
    Hmac(Box<hmac::Key>),
}

impl core::fmt::Debug for AwsLcKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print key material (HMAC secrets).
        let mut list = f.debug_list();
        for (alg, _) in &self.parsed {
            list.entry(alg);
        }
        list.finish()
    }
}

fn rsa_params(alg: Algorithm) -> Option<&'static signature::RsaParameters> {
    Some(match alg {
        Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &signature::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &signature::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &signature::RSA_PSS_2048_8192_SHA512,
        _ => return None,
    })
}

fn parse(alg: Algorithm, key: &KeyMaterial) -> Option<Parsed> {
    let public = |params: &'static dyn signature::VerificationAlgorithm| {
        signature::ParsedPublicKey::new(params, key.bytes())
            .ok()
            .map(Parsed::Public)
    };
    match (key.family(), alg) {
        (KeyFamily::Rsa, _) => {
            let e = key.rsa_exponent().to_be_bytes();
            let e = &e[e.iter().position(|b| *b != 0).unwrap_or(e.len())..];
            signature::RsaPublicKeyComponents { n: key.bytes(), e }
                .to_parsed_public_key(rsa_params(alg)?)
                .ok()
                .map(Parsed::Public)
        }
        (KeyFamily::EcP256, Algorithm::ES256) => public(&signature::ECDSA_P256_SHA256_FIXED),
        (KeyFamily::EcP384, Algorithm::ES384) => public(&signature::ECDSA_P384_SHA384_FIXED),
        (KeyFamily::Ed25519, Algorithm::EdDSA) => public(&signature::ED25519),
        (KeyFamily::Hmac, Algorithm::HS256) => Some(Parsed::Hmac(Box::new(hmac::Key::new(
            hmac::HMAC_SHA256,
            key.bytes(),
        )))),
        (KeyFamily::Hmac, Algorithm::HS384) => Some(Parsed::Hmac(Box::new(hmac::Key::new(
            hmac::HMAC_SHA384,
            key.bytes(),
        )))),
        (KeyFamily::Hmac, Algorithm::HS512) => Some(Parsed::Hmac(Box::new(hmac::Key::new(
            hmac::HMAC_SHA512,
            key.bytes(),
        )))),
        _ => None,
    }
}

impl CryptoProvider for AwsLcProvider {
    type PreparedKey = AwsLcKey;

    fn prepare(&self, key: &KeyMaterial, algorithms: AlgorithmSet) -> AwsLcKey {
        AwsLcKey {
            parsed: algorithms
                .iter()
                .filter_map(|alg| Some((alg, parse(alg, key)?)))
                .collect(),
        }
    }

    fn verify(
        &self,
        alg: Algorithm,
        _: &KeyMaterial,
        prepared: &AwsLcKey,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        match prepared.parsed.iter().find(|(a, _)| *a == alg) {
            Some((_, Parsed::Public(key))) => key.verify_sig(message, signature).is_ok(),
            Some((_, Parsed::Hmac(key))) => hmac::verify(key, message, signature).is_ok(),
            None => false,
        }
    }
}
