//! A fixed-capacity set of keys and `kid` selection.

use super::Key;
use crate::limits::MAX_KEYS;
use crate::{Error, JsonStr, KeyFamily};

/// Up to [`MAX_KEYS`] verification keys.
///
/// Selection by the token's `kid` needs exactly one usable match. A token without `kid` is
/// accepted only when the set holds a single key, and a set holding a single key without a
/// `kid` (a PEM key, a kid-less JWK, a secret) serves any `kid`, as Clerk's `jwtKey` does.
/// Keys are never tried one after another.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    keys: heapless::Vec<Key, MAX_KEYS>,
}

impl KeySet {
    /// An empty set.
    pub const fn new() -> KeySet {
        KeySet {
            keys: heapless::Vec::new(),
        }
    }

    /// Adds a key. Fails with [`Error::KeySetFull`] beyond [`MAX_KEYS`].
    pub fn push(&mut self, key: Key) -> Result<(), Error> {
        self.keys.push(key).map_err(|_| Error::KeySetFull)
    }

    /// Whether HMAC secrets share the set with public keys. The verifier then refuses every
    /// HMAC algorithm: an attacker-chosen `kid` must never switch it from asymmetric to
    /// symmetric verification.
    pub fn mixes_secrets_and_public_keys(&self) -> bool {
        let secret = |k: &Key| k.material().family() == KeyFamily::Hmac;
        self.keys.iter().any(secret) && !self.keys.iter().all(secret)
    }

    /// The keys, in insertion order.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Keeps the first `len` keys (undoes the pushes of a call that failed half-way).
    pub(crate) fn truncate(&mut self, len: usize) {
        self.keys.truncate(len);
    }

    /// The key for a token's `kid`.
    ///
    /// - no key at all: [`Error::NoKey`];
    /// - no `kid`: the only key, or [`Error::KidMissing`] when there are several;
    /// - a `kid`: the one usable key with that `kid`; else the only key if it has no `kid`;
    ///   else [`Error::KidNotFound`] (none, several, or not usable for signatures).
    pub(crate) fn select(&self, kid: Option<JsonStr<'_>>) -> Result<&Key, Error> {
        let only = match self.keys.as_slice() {
            [] => return Err(Error::NoKey),
            [only] => Some(only),
            _ => None,
        };
        let key = match kid {
            None => only.ok_or(Error::KidMissing)?,
            Some(kid) => {
                let mut found = None;
                for key in self.keys.iter().filter(|k| k.kid_matches(kid)) {
                    if found.replace(key).is_some() {
                        return Err(Error::KidNotFound);
                    }
                }
                found
                    .or(only.filter(|k| k.kid().is_none()))
                    .ok_or(Error::KidNotFound)?
            }
        };
        if key.is_usable() {
            Ok(key)
        } else {
            Err(Error::KidNotFound)
        }
    }
}
