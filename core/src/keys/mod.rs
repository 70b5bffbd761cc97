//! Key material: parsed once when a verifier is built, never re-parsed per token.

mod ed25519;
mod jwk;
mod keyset;
mod pem;
mod spki;
mod weierstrass;

pub use keyset::KeySet;

pub(crate) use jwk::{parse_jwk_json, parse_jwks};
pub(crate) use pem::parse_pem;

use crate::limits::{MAX_KEY_BYTES, MAX_KID_BYTES};
use crate::{Algorithm, Error, JsonStr, KeyFamily};

/// Whether `bytes` is recognisably a public key in one of the forms a library or a user
/// might hand over as an HMAC secret (see [`KeyMaterial::hmac`]). DER counts when its
/// structure reads as a key, whatever the key's own defects.
fn is_public_key(bytes: &[u8]) -> bool {
    const OPENSSH: [&[u8]; 4] = [b"ssh-", b"ecdsa-sha2-", b"sk-ssh-", b"sk-ecdsa-sha2-"];
    let text = bytes.trim_ascii_start();
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let der_key = |r: Result<KeyMaterial, Error>| !matches!(r, Err(Error::KeyDer));
    contains(b"-----BEGIN ")
        || OPENSSH.iter().any(|prefix| text.starts_with(prefix))
        || (text.starts_with(b"{") && contains(b"\"kty\""))
        || der_key(spki::parse_spki(bytes))
        || der_key(spki::parse_rsa_public_key(bytes))
}

/// Public key material (or an HMAC secret), validated at load.
///
/// - RSA: modulus big-endian without leading zeros (2048..=8192 bits) and public exponent
///   (odd, 3..2^33).
/// - EC P-256 / P-384: the uncompressed point `04 || X || Y` (65 / 97 bytes).
/// - Ed25519: the 32-byte public key.
/// - HMAC: the secret (at least 32 bytes, at most [`MAX_KEY_BYTES`]).
#[derive(Clone)]
pub struct KeyMaterial {
    family: KeyFamily,
    bytes: [u8; MAX_KEY_BYTES],
    len: usize,
    rsa_exponent: u64,
}

impl core::fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never print secrets.
        f.debug_struct("KeyMaterial")
            .field("family", &self.family)
            .field("len", &self.len)
            .finish()
    }
}

impl KeyMaterial {
    fn new(family: KeyFamily, bytes: &[u8], rsa_exponent: u64) -> Result<KeyMaterial, Error> {
        let mut k = KeyMaterial {
            family,
            bytes: [0; MAX_KEY_BYTES],
            len: bytes.len(),
            rsa_exponent,
        };
        k.bytes
            .get_mut(..bytes.len())
            .ok_or(Error::KeyRsaTooLarge)?
            .copy_from_slice(bytes);
        Ok(k)
    }

    /// An RSA public key from its big-endian modulus and exponent (leading zero bytes are
    /// ignored). Fails with [`Error::KeyRsaTooSmall`] below 2048 bits,
    /// [`Error::KeyRsaTooLarge`] above 8192 bits, [`Error::KeyRsaExponent`] for an exponent
    /// that is even, below 3 or at least 2^33, [`Error::KeyRsaWeak`] for a modulus with the
    /// ROCA fingerprint (CVE-2017-15361).
    pub fn rsa(modulus: &[u8], exponent: &[u8]) -> Result<KeyMaterial, Error> {
        let n = strip_leading_zeros(modulus);
        let bits = n
            .first()
            .map_or(0, |b| n.len() * 8 - b.leading_zeros() as usize);
        if bits < 2048 {
            return Err(Error::KeyRsaTooSmall);
        }
        if bits > 8192 {
            return Err(Error::KeyRsaTooLarge);
        }
        if n[n.len() - 1] & 1 == 0 {
            return Err(Error::KeyDer);
        }
        if has_roca_fingerprint(n) {
            return Err(Error::KeyRsaWeak);
        }
        let e = strip_leading_zeros(exponent);
        if e.len() > 5 {
            return Err(Error::KeyRsaExponent);
        }
        let e = e.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        if e < 3 || e & 1 == 0 || e >= 1 << 33 {
            return Err(Error::KeyRsaExponent);
        }
        KeyMaterial::new(KeyFamily::Rsa, n, e)
    }

    /// An EC public key from its uncompressed point (`04 || X || Y`) on P-256 or P-384.
    /// Fails with [`Error::KeyInvalidPoint`] for another form or length, for a coordinate
    /// not below the field prime, and for a point that is not on the curve (security.md
    /// §1.10: refused when the key is configured, not at the first verification).
    pub fn ec(family: KeyFamily, point: &[u8]) -> Result<KeyMaterial, Error> {
        let len = match family {
            KeyFamily::EcP256 => 65,
            KeyFamily::EcP384 => 97,
            _ => return Err(Error::KeyUnsupported),
        };
        if point.len() != len || point[0] != 4 {
            return Err(Error::KeyInvalidPoint);
        }
        let (x, y) = point[1..].split_at(len / 2);
        if !weierstrass::is_on_curve(family, x, y) {
            return Err(Error::KeyInvalidPoint);
        }
        KeyMaterial::new(family, point, 0)
    }

    /// An Ed25519 public key: 32 bytes, else [`Error::KeyInvalidPoint`]. A point of small
    /// order (the identity, for one, with which `R` = identity and `S` = 0 verifies any
    /// message) or a non-canonical encoding is [`Error::KeyInvalidPoint`] too.
    pub fn ed25519(public_key: &[u8]) -> Result<KeyMaterial, Error> {
        let key: &[u8; 32] = public_key.try_into().map_err(|_| Error::KeyInvalidPoint)?;
        if ed25519::is_weak(key) {
            return Err(Error::KeyInvalidPoint);
        }
        KeyMaterial::new(KeyFamily::Ed25519, public_key, 0)
    }

    /// An HMAC secret. Fails with [`Error::KeyHmacTooShort`] below 32 bytes (the SHA-256
    /// output; longer hashes are checked against the allow-list when the verifier is built),
    /// [`Error::KeyHmacTooLong`] above [`MAX_KEY_BYTES`], and [`Error::KeyHmacPublicKey`] when
    /// the secret is recognisably a public key: PEM armour anywhere, an OpenSSH public key
    /// line, a JWK (a JSON object with `"kty"`), or DER that reads as a SubjectPublicKeyInfo
    /// or PKCS#1 `RSAPublicKey`. Public keys are public; an HMAC keyed with one is keyed with
    /// what every attacker has.
    pub fn hmac(secret: &[u8]) -> Result<KeyMaterial, Error> {
        if secret.len() < Algorithm::HS256.hmac_output_len() {
            return Err(Error::KeyHmacTooShort);
        }
        if secret.len() > MAX_KEY_BYTES {
            return Err(Error::KeyHmacTooLong);
        }
        if is_public_key(secret) {
            return Err(Error::KeyHmacPublicKey);
        }
        KeyMaterial::new(KeyFamily::Hmac, secret, 0)
    }

    /// The key family.
    pub fn family(&self) -> KeyFamily {
        self.family
    }

    /// The key bytes: RSA modulus, EC point, Ed25519 key or HMAC secret.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The RSA public exponent (0 for other families).
    pub fn rsa_exponent(&self) -> u64 {
        self.rsa_exponent
    }

    /// The RSA modulus length in bits (0 for other families).
    pub fn rsa_bits(&self) -> usize {
        match (self.family, self.bytes().first()) {
            (KeyFamily::Rsa, Some(b)) => self.len * 8 - b.leading_zeros() as usize,
            _ => 0,
        }
    }
}

/// The primes of the ROCA fingerprint test (CVE-2017-15361): a modulus generated by the
/// vulnerable Infineon library is, modulo each of these, a power of 65537.
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Whether `n` has the ROCA fingerprint: for every prime p above, `n mod p` lies in the
/// subgroup generated by 65537. A random modulus passes all 38 with negligible probability.
fn has_roca_fingerprint(n: &[u8]) -> bool {
    ROCA_PRIMES.iter().all(|&p| {
        let residue = n.iter().fold(0u32, |r, &b| (r * 256 + u32::from(b)) % p);
        let generator = 65537 % p;
        let mut power = 1u32;
        for _ in 0..p {
            if power == residue {
                return true;
            }
            power = power * generator % p;
        }
        false
    })
}

fn strip_leading_zeros(mut b: &[u8]) -> &[u8] {
    while let [0, rest @ ..] = b {
        b = rest;
    }
    b
}

/// One verification key: material plus the JWK metadata that governs its selection.
#[derive(Clone, Debug)]
pub struct Key {
    material: KeyMaterial,
    kid: [u8; MAX_KID_BYTES],
    kid_len: Option<usize>,
    alg: Option<Algorithm>,
    usable: bool,
}

impl Key {
    /// A key without `kid` or pinned `alg`, usable for signatures (a PEM key or a secret).
    pub fn new(material: KeyMaterial) -> Key {
        Key {
            material,
            kid: [0; MAX_KID_BYTES],
            kid_len: None,
            alg: None,
            usable: true,
        }
    }

    pub(crate) fn with_kid(mut self, kid: &str) -> Result<Key, Error> {
        self.kid
            .get_mut(..kid.len())
            .ok_or(Error::KeyKidTooLong)?
            .copy_from_slice(kid.as_bytes());
        self.kid_len = Some(kid.len());
        Ok(self)
    }

    pub(crate) fn with_alg(mut self, alg: Algorithm) -> Result<Key, Error> {
        if alg.family() != self.material.family {
            return Err(Error::KeyJwk);
        }
        self.alg = Some(alg);
        Ok(self)
    }

    pub(crate) fn unusable(mut self) -> Key {
        self.usable = false;
        self
    }

    /// The key material.
    pub fn material(&self) -> &KeyMaterial {
        &self.material
    }

    /// The key's `kid`, if it has one.
    pub fn kid(&self) -> Option<&str> {
        let len = self.kid_len?;
        core::str::from_utf8(&self.kid[..len]).ok()
    }

    /// The algorithm the key is pinned to (JWK `alg`), if any.
    pub fn alg(&self) -> Option<Algorithm> {
        self.alg
    }

    /// Whether the key may verify signatures (JWK `use` is `sig` or absent, and `key_ops`,
    /// if present, contains `verify`).
    pub fn is_usable(&self) -> bool {
        self.usable
    }

    /// The algorithms this key verifies when the verifier has no explicit allow-list: its
    /// pinned `alg`, else its family's default.
    pub fn default_algorithms(&self) -> crate::AlgorithmSet {
        match self.alg {
            Some(a) => crate::AlgorithmSet::EMPTY.with(a),
            None => self.material.family.default_algorithms(),
        }
    }

    pub(crate) fn kid_matches(&self, kid: JsonStr<'_>) -> bool {
        self.kid().is_some_and(|k| kid.eq_str(k))
    }
}
