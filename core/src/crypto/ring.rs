//! The `ring` provider (feature `ring`, on by default).
//!
//! ES256, ES384, EdDSA and HMAC verification allocate nothing. ring's RSA verification
//! allocates inside ring (measured: 5 allocations per verify) and re-derives its Montgomery
//! constants on every call (about 25 us for RSA-2048). ring needs clang to build for wasm32 and
//! does not build for thumbv7em; without this feature the core builds for bare-metal targets
//! and takes a provider from the caller.

use super::CryptoProvider;
use crate::{Algorithm, AlgorithmSet, KeyMaterial};
use ring::{hmac, signature};

/// Signature verification with `ring` 0.17 for every [`Algorithm`]. Keys are used as bytes
/// on every call (ring 0.17 has no parsed RSA public key type), so there is nothing to
/// prepare: `PreparedKey = ()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RingProvider;

impl CryptoProvider for RingProvider {
    type PreparedKey = ();

    fn prepare(&self, _: &KeyMaterial, _: AlgorithmSet) {}

    fn verify(
        &self,
        alg: Algorithm,
        key: &KeyMaterial,
        _: &(),
        message: &[u8],
        sig: &[u8],
    ) -> bool {
        let rsa = |params: &'static signature::RsaParameters| {
            let e = key.rsa_exponent().to_be_bytes();
            let e = &e[e.iter().position(|b| *b != 0).unwrap_or(e.len())..];
            signature::RsaPublicKeyComponents { n: key.bytes(), e }
                .verify(params, message, sig)
                .is_ok()
        };
        let public = |params: &'static dyn signature::VerificationAlgorithm| {
            signature::UnparsedPublicKey::new(params, key.bytes())
                .verify(message, sig)
                .is_ok()
        };
        let mac = |a: hmac::Algorithm| {
            hmac::verify(&hmac::Key::new(a, key.bytes()), message, sig).is_ok()
        };
        match alg {
            Algorithm::RS256 => rsa(&signature::RSA_PKCS1_2048_8192_SHA256),
            Algorithm::RS384 => rsa(&signature::RSA_PKCS1_2048_8192_SHA384),
            Algorithm::RS512 => rsa(&signature::RSA_PKCS1_2048_8192_SHA512),
            Algorithm::PS256 => rsa(&signature::RSA_PSS_2048_8192_SHA256),
            Algorithm::PS384 => rsa(&signature::RSA_PSS_2048_8192_SHA384),
            Algorithm::PS512 => rsa(&signature::RSA_PSS_2048_8192_SHA512),
            Algorithm::ES256 => public(&signature::ECDSA_P256_SHA256_FIXED),
            Algorithm::ES384 => public(&signature::ECDSA_P384_SHA384_FIXED),
            Algorithm::EdDSA => public(&signature::ED25519),
            Algorithm::HS256 => mac(hmac::HMAC_SHA256),
            Algorithm::HS384 => mac(hmac::HMAC_SHA384),
            Algorithm::HS512 => mac(hmac::HMAC_SHA512),
        }
    }
}
