//! JWS algorithms. `none` has no representation.

/// A JWS signature algorithm this crate can verify.
///
/// There is no `none`: an unsecured token can never be accepted, whatever the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 and MGF1-SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384 and MGF1-SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512 and MGF1-SHA-512.
    PS512,
    /// ECDSA P-256 with SHA-256, signature as fixed-size R||S (64 bytes).
    ES256,
    /// ECDSA P-384 with SHA-384, signature as fixed-size R||S (96 bytes).
    ES384,
    /// Ed25519 (`EdDSA` with an `OKP`/`Ed25519` key).
    EdDSA,
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

/// The kind of key an algorithm needs. The key decides the family; a header never does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyFamily {
    /// RSA public key (RS*, PS*).
    Rsa,
    /// EC P-256 public key (ES256).
    EcP256,
    /// EC P-384 public key (ES384).
    EcP384,
    /// Ed25519 public key (EdDSA).
    Ed25519,
    /// Shared HMAC secret (HS*).
    Hmac,
}

impl Algorithm {
    /// Every algorithm, in a fixed order (the bit order of [`AlgorithmSet`]).
    pub const ALL: [Algorithm; 12] = [
        Algorithm::RS256,
        Algorithm::RS384,
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::PS384,
        Algorithm::PS512,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
    ];

    /// The JOSE name (`"RS256"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
            Algorithm::PS256 => "PS256",
            Algorithm::PS384 => "PS384",
            Algorithm::PS512 => "PS512",
            Algorithm::ES256 => "ES256",
            Algorithm::ES384 => "ES384",
            Algorithm::EdDSA => "EdDSA",
            Algorithm::HS256 => "HS256",
            Algorithm::HS384 => "HS384",
            Algorithm::HS512 => "HS512",
        }
    }

    /// The algorithm with this exact, case-sensitive JOSE name. `none` and anything unknown
    /// give `None`.
    pub fn from_name(name: &[u8]) -> Option<Algorithm> {
        Algorithm::ALL
            .iter()
            .copied()
            .find(|a| a.name().as_bytes() == name)
    }

    /// The key family this algorithm needs.
    pub const fn family(self) -> KeyFamily {
        match self {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512 => KeyFamily::Rsa,
            Algorithm::ES256 => KeyFamily::EcP256,
            Algorithm::ES384 => KeyFamily::EcP384,
            Algorithm::EdDSA => KeyFamily::Ed25519,
            Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 => KeyFamily::Hmac,
        }
    }

    /// For HMAC algorithms, the hash output length (the minimum secret length), else 0.
    pub const fn hmac_output_len(self) -> usize {
        match self {
            Algorithm::HS256 => 32,
            Algorithm::HS384 => 48,
            Algorithm::HS512 => 64,
            _ => 0,
        }
    }

    const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl KeyFamily {
    /// The algorithms a key of this family verifies when nothing else is configured: RSA
    /// keys RS256 only (Clerk's session tokens), EC P-256 ES256, EC P-384 ES384, Ed25519
    /// EdDSA, HMAC secrets HS256.
    pub const fn default_algorithms(self) -> AlgorithmSet {
        match self {
            KeyFamily::Rsa => AlgorithmSet::EMPTY.with(Algorithm::RS256),
            KeyFamily::EcP256 => AlgorithmSet::EMPTY.with(Algorithm::ES256),
            KeyFamily::EcP384 => AlgorithmSet::EMPTY.with(Algorithm::ES384),
            KeyFamily::Ed25519 => AlgorithmSet::EMPTY.with(Algorithm::EdDSA),
            KeyFamily::Hmac => AlgorithmSet::EMPTY.with(Algorithm::HS256),
        }
    }
}

/// A set of algorithms: a verifier's allow-list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct AlgorithmSet(u16);

impl AlgorithmSet {
    /// The empty set.
    pub const EMPTY: AlgorithmSet = AlgorithmSet(0);

    /// This set plus `alg`.
    pub const fn with(self, alg: Algorithm) -> AlgorithmSet {
        AlgorithmSet(self.0 | alg.bit())
    }

    /// Whether `alg` is in the set.
    pub const fn contains(self, alg: Algorithm) -> bool {
        self.0 & alg.bit() != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members of the set in [`Algorithm::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Algorithm> {
        Algorithm::ALL
            .into_iter()
            .filter(move |a| self.contains(*a))
    }

    /// Parses a comma-separated list of JOSE names (`"RS256,ES256"`); surrounding spaces are
    /// ignored. Fails with [`crate::Error::UnknownAlgorithm`] on any unknown name, `none`
    /// included, and on an empty list.
    pub fn parse_list(list: &str) -> Result<AlgorithmSet, crate::Error> {
        let mut set = AlgorithmSet::EMPTY;
        for name in list.split(',') {
            let alg = Algorithm::from_name(name.trim().as_bytes())
                .ok_or(crate::Error::UnknownAlgorithm)?;
            set = set.with(alg);
        }
        Ok(set)
    }
}

impl FromIterator<Algorithm> for AlgorithmSet {
    fn from_iter<I: IntoIterator<Item = Algorithm>>(iter: I) -> Self {
        iter.into_iter()
            .fold(AlgorithmSet::EMPTY, AlgorithmSet::with)
    }
}
