//! The crypto boundary: the only place signatures are checked.

#[cfg(feature = "aws-lc-rs")]
mod aws_lc;
#[cfg(feature = "ring")]
mod ring;

#[cfg(feature = "aws-lc-rs")]
pub use self::aws_lc::{AwsLcKey, AwsLcProvider};
#[cfg(feature = "ring")]
pub use self::ring::RingProvider;

use crate::{Algorithm, AlgorithmSet, KeyMaterial};

/// Verifies signatures. Implementations must be constant-time where it matters (HMAC tag
/// comparison) and must reject, not panic, on any input.
///
/// A provider may parse each key once: when a verifier is built, [`CryptoProvider::prepare`]
/// runs once per key and the verifier keeps the result next to the key for its whole life;
/// every [`CryptoProvider::verify`] receives it back. A provider that works from the key bytes
/// on every call (such as [`crate::RingProvider`]) uses `()`.
///
/// The verifier guarantees before calling `verify` that `alg.family() == key.family()` and
/// that `alg` was among the algorithms given to `prepare` for that key, so an implementation
/// never sees an RSA key with an HMAC algorithm.
pub trait CryptoProvider: Send + Sync {
    /// The provider's own parsed form of one key, made by [`CryptoProvider::prepare`]. `()`
    /// for providers that need none. It is stored inside the verifier, so a `no_std`
    /// provider must keep it inline (no heap); a `std` provider may own heap data.
    type PreparedKey: Send + Sync;

    /// Parses `key` once, when a verifier is built, for the `algorithms` it may verify under
    /// that verifier (the allow-list restricted to the key's family and its pinned `alg`;
    /// possibly empty). Infallible by design: a key the provider cannot use must give a
    /// prepared form that makes [`CryptoProvider::verify`] return `false`, so that every
    /// provider fails such a key at the same point (verification, with
    /// `InvalidSignature`).
    fn prepare(&self, key: &KeyMaterial, algorithms: AlgorithmSet) -> Self::PreparedKey;

    /// Whether `signature` is a valid `alg` signature of `message` under `key` (whose parsed
    /// form is `prepared`). Any failure (wrong length, out-of-range values, mismatch, a key
    /// the provider rejected in `prepare`) is `false`.
    fn verify(
        &self,
        alg: Algorithm,
        key: &KeyMaterial,
        prepared: &Self::PreparedKey,
        message: &[u8],
        signature: &[u8],
    ) -> bool;
}

/// A provider behind a reference (for instance a `&'static dyn CryptoProvider`) is a
/// provider.
impl<T: CryptoProvider + ?Sized> CryptoProvider for &T {
    type PreparedKey = T::PreparedKey;

    fn prepare(&self, key: &KeyMaterial, algorithms: AlgorithmSet) -> Self::PreparedKey {
        (**self).prepare(key, algorithms)
    }

    fn verify(
        &self,
        alg: Algorithm,
        key: &KeyMaterial,
        prepared: &Self::PreparedKey,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        (**self).verify(alg, key, prepared, message, signature)
    }
}

/// The provider type of a plain [`crate::Verifier`] (the default type parameter): any
/// provider without prepared keys, chosen at run time. [`crate::Verifier::builder`] starts
/// with [`RingProvider`] when the `ring` feature is on, and with none otherwise (then
/// [`crate::VerifierBuilder::crypto_provider`] sets one, or verification fails with
/// [`crate::Error::NoCryptoProvider`]; the two-phase API needs none).
pub type DynProvider = &'static dyn CryptoProvider<PreparedKey = ()>;

/// The provider compiled in by default: ring when the `ring` feature is on, else none.
pub(crate) fn default_provider() -> Option<DynProvider> {
    #[cfg(feature = "ring")]
    {
        Some(&RingProvider)
    }
    #[cfg(not(feature = "ring"))]
    {
        None
    }
}
