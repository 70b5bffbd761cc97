//! The crypto boundary: the only place signatures are checked.

#[cfg(feature = "ring")]
mod ring;

#[cfg(feature = "ring")]
pub use self::ring::RingProvider;

use crate::{Algorithm, KeyMaterial};

/// Verifies one signature. Implementations must be constant-time where it matters (HMAC tag
/// comparison) and must reject, not panic, on any input.
///
/// The verifier guarantees before calling that `alg.family() == key.family()`, so an
/// implementation never sees an RSA key with an HMAC algorithm.
pub trait CryptoProvider: Send + Sync {
    /// Whether `signature` is a valid `alg` signature of `message` under `key`. Any failure
    /// (wrong length, out-of-range values, mismatch) is `false`.
    fn verify(&self, alg: Algorithm, key: &KeyMaterial, message: &[u8], signature: &[u8]) -> bool;
}

/// The provider compiled in by default: ring when the `ring` feature is on, else none.
pub(crate) fn default_provider() -> Option<&'static dyn CryptoProvider> {
    #[cfg(feature = "ring")]
    {
        Some(&RingProvider)
    }
    #[cfg(not(feature = "ring"))]
    {
        None
    }
}
