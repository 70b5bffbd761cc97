//! The one error type of the crate.

use core::fmt;

/// Why a token, a key or an option was rejected.
///
/// Every variant maps to three stable identifiers:
/// - [`Error::reason`]: the `TokenVerificationErrorReason` string `@clerk/backend` uses
///   (`token-expired`, `token-invalid`, ...), so code written against Clerk keeps working; key
///   and option errors use `jwk-invalid`.
/// - [`Error::code`]: a fine, stable identifier (`TOKEN_TOO_LARGE`, `DUPLICATE_MEMBER`, ...).
/// - [`Error::number`]: a numeric code for the C ABI, in blocks of 100 by pipeline stage. Numbers
///   are never reused.
///
/// Messages ([`Error::message`]) are static and never contain token or key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    // 1xx: size, shape and encoding of the compact serialization.
    /// The token is longer than [`crate::Limits::max_token_bytes`], or its decoded parts do
    /// not fit the caller's buffer.
    TokenTooLarge,
    /// The token does not have exactly three `.`-separated segments.
    SegmentCount,
    /// A byte outside the base64url alphabet (`A-Z a-z 0-9 - _`) appears in a segment.
    InvalidCharacter,
    /// A segment carries `=` padding (Clerk accepts it; we do not).
    Padding,
    /// A segment is not canonical unpadded base64url (length 1 mod 4, non-zero trailing bits).
    Base64,

    // 2xx: JSON of the header and the payload.
    /// Header or payload is not valid UTF-8.
    InvalidUtf8,
    /// Header or payload is not RFC 8259 JSON (includes a BOM, trailing data, comments).
    JsonSyntax,
    /// A string contains an invalid escape (a lone surrogate, an unknown escape).
    InvalidEscape,
    /// Nesting deeper than [`crate::Limits::max_json_depth`].
    JsonTooDeep,
    /// An object has two members with the same name (compared after unescaping).
    DuplicateMember,
    /// The open objects of a document hold more than [`crate::MAX_TRACKED_MEMBERS`] members.
    TooManyMembers,
    /// Header or payload is valid JSON but not an object.
    NotAnObject,

    // 3xx: header checks.
    /// The header has no `alg`, or `alg` is not a string (Clerk's `token-invalid-algorithm`,
    /// reported where the algorithm is checked).
    AlgMissing,
    /// `alg` is not an algorithm this verifier allows (this includes `none`).
    AlgNotAllowed,
    /// `alg` belongs to another key family than the selected key (e.g. HS256 with an RSA key),
    /// or is an HMAC algorithm while the key set also holds public keys.
    AlgKeyFamilyMismatch,
    /// The selected JWK pins an `alg` different from the header's.
    KeyAlgMismatch,
    /// `typ` does not match the configured header types (default `JWT`; absent passes only
    /// when no header type is configured).
    InvalidType,
    /// `cat` is the machine-to-machine category `cl_B7d4PD333AAA`.
    InvalidCategory,
    /// The header has a `crit` member: no extension is implemented, so any `crit` is refused.
    CritUnsupported,
    /// A header member has the wrong JSON type (`kid` not a string).
    InvalidHeaderField,

    // 4xx: key selection.
    /// No usable key matches the token's `kid` (unknown kid, several matches, or the only
    /// match is not for signatures).
    KidNotFound,
    /// The token has no `kid` but the key set holds more than one key.
    KidMissing,
    /// The verifier was built without any key.
    NoKey,

    // 5xx: signature.
    /// The signature does not verify under the selected key (includes wrong lengths).
    InvalidSignature,
    /// The verifier has no crypto provider for this algorithm.
    NoCryptoProvider,

    // 6xx: claims, in Clerk's order.
    /// `sub` is missing or not a string.
    InvalidSubject,
    /// `aud` does not contain a configured audience.
    AudienceMismatch,
    /// An audience is configured but the token has no usable `aud` (stricter than Clerk).
    AudienceMissing,
    /// `azp` is not one of the authorized parties.
    AuthorizedPartyMismatch,
    /// Authorized parties are configured but the token's `azp` is missing or empty.
    AuthorizedPartyMissing,
    /// `iss` is not one of the configured issuers.
    IssuerMismatch,
    /// `exp` is missing, not a number, or not finite within +/-2^53 seconds.
    InvalidExpiration,
    /// `nbf` is present but not a number, or not finite within +/-2^53 seconds.
    InvalidNotBefore,
    /// `iat` is present but not a number, or not finite within +/-2^53 seconds.
    InvalidIssuedAt,
    /// `exp_ms <= now_ms - skew`.
    Expired,
    /// `nbf_ms > now_ms + skew`.
    NotYetValid,
    /// `iat_ms > now_ms + skew`.
    IssuedInFuture,

    // 7xx: key material and options (at load time).
    /// PEM armour or base64 body is malformed.
    KeyPem,
    /// The DER structure (SPKI or PKCS#1) is malformed or has trailing data.
    KeyDer,
    /// The key type, curve or algorithm identifier is not supported.
    KeyUnsupported,
    /// RSA modulus shorter than 2048 bits.
    KeyRsaTooSmall,
    /// RSA modulus longer than 8192 bits.
    KeyRsaTooLarge,
    /// RSA public exponent is 1, even, or larger than 2^33 - 1.
    KeyRsaExponent,
    /// RSA modulus with the ROCA fingerprint (CVE-2017-15361): its factors are recoverable.
    KeyRsaWeak,
    /// EC point not in uncompressed form or of the wrong size; Ed25519 key not 32 bytes, of
    /// small order, or not canonically encoded.
    KeyInvalidPoint,
    /// HMAC secret shorter than the output of the hash it is used with.
    KeyHmacTooShort,
    /// HMAC secret longer than [`crate::MAX_KEY_BYTES`].
    KeyHmacTooLong,
    /// An HMAC secret that is a public key (PEM, DER SubjectPublicKeyInfo, JWK or OpenSSH):
    /// anyone holding the public key could sign with it (the RS/HS confusion class,
    /// CVE-2017-11424, CVE-2022-29217).
    KeyHmacPublicKey,
    /// A JWK member is missing, of the wrong type, or inconsistent.
    KeyJwk,
    /// The key set has more than [`crate::MAX_KEYS`] keys.
    KeySetFull,
    /// A `kid` longer than [`crate::MAX_KID_BYTES`].
    KeyKidTooLong,
    /// An algorithm name that is not supported (this includes `none`).
    UnknownAlgorithm,
    /// The allow-list contains no algorithm usable with the configured keys.
    NoUsableAlgorithm,
    /// An option is out of range or exceeds a documented capacity.
    InvalidOption,
}

impl Error {
    /// Every variant (for tests and bindings that enumerate them).
    pub const ALL: &'static [Error] = &[
        Error::TokenTooLarge,
        Error::SegmentCount,
        Error::InvalidCharacter,
        Error::Padding,
        Error::Base64,
        Error::InvalidUtf8,
        Error::JsonSyntax,
        Error::InvalidEscape,
        Error::JsonTooDeep,
        Error::DuplicateMember,
        Error::TooManyMembers,
        Error::NotAnObject,
        Error::AlgMissing,
        Error::AlgNotAllowed,
        Error::AlgKeyFamilyMismatch,
        Error::KeyAlgMismatch,
        Error::InvalidType,
        Error::InvalidCategory,
        Error::CritUnsupported,
        Error::InvalidHeaderField,
        Error::KidNotFound,
        Error::KidMissing,
        Error::NoKey,
        Error::InvalidSignature,
        Error::NoCryptoProvider,
        Error::InvalidSubject,
        Error::AudienceMismatch,
        Error::AudienceMissing,
        Error::AuthorizedPartyMismatch,
        Error::AuthorizedPartyMissing,
        Error::IssuerMismatch,
        Error::InvalidExpiration,
        Error::InvalidNotBefore,
        Error::InvalidIssuedAt,
        Error::Expired,
        Error::NotYetValid,
        Error::IssuedInFuture,
        Error::KeyPem,
        Error::KeyDer,
        Error::KeyUnsupported,
        Error::KeyRsaTooSmall,
        Error::KeyRsaTooLarge,
        Error::KeyRsaExponent,
        Error::KeyRsaWeak,
        Error::KeyInvalidPoint,
        Error::KeyHmacTooShort,
        Error::KeyHmacTooLong,
        Error::KeyHmacPublicKey,
        Error::KeyJwk,
        Error::KeySetFull,
        Error::KeyKidTooLong,
        Error::UnknownAlgorithm,
        Error::NoUsableAlgorithm,
        Error::InvalidOption,
    ];

    /// The reason string `@clerk/backend` uses for the same failure (`jwk-invalid` for key and
    /// option errors, which Clerk reports as exceptions at load time; an algorithm name this
    /// crate does not know, in the options or a key's `alg`, is `token-invalid-algorithm`).
    pub const fn reason(self) -> &'static str {
        use Error::*;
        match self {
            TokenTooLarge | SegmentCount | InvalidCharacter | Padding | Base64 | InvalidUtf8
            | JsonSyntax | InvalidEscape | JsonTooDeep | DuplicateMember | TooManyMembers
            | NotAnObject | InvalidType | InvalidCategory | CritUnsupported
            | InvalidHeaderField => "token-invalid",
            AlgMissing | AlgNotAllowed | AlgKeyFamilyMismatch | KeyAlgMismatch => {
                "token-invalid-algorithm"
            }
            KidNotFound | KidMissing => "jwk-kid-mismatch",
            NoKey => "jwk-failed-to-resolve",
            InvalidSignature => "token-invalid-signature",
            NoCryptoProvider | InvalidSubject | AudienceMismatch | AudienceMissing
            | InvalidExpiration | InvalidNotBefore | InvalidIssuedAt => "token-verification-failed",
            AuthorizedPartyMismatch | AuthorizedPartyMissing => "token-invalid-authorized-parties",
            IssuerMismatch => "token-invalid-issuer",
            Expired => "token-expired",
            NotYetValid => "token-not-active-yet",
            IssuedInFuture => "token-iat-in-the-future",
            KeyPem | KeyDer | KeyUnsupported | KeyRsaTooSmall | KeyRsaTooLarge | KeyRsaExponent
            | KeyRsaWeak | KeyInvalidPoint | KeyHmacTooShort | KeyHmacTooLong
            | KeyHmacPublicKey | KeyJwk | KeySetFull | KeyKidTooLong | NoUsableAlgorithm
            | InvalidOption => "jwk-invalid",
            UnknownAlgorithm => "token-invalid-algorithm",
        }
    }

    /// A fine, stable identifier of the failure, in SCREAMING_SNAKE_CASE.
    pub const fn code(self) -> &'static str {
        use Error::*;
        match self {
            TokenTooLarge => "TOKEN_TOO_LARGE",
            SegmentCount => "SEGMENT_COUNT",
            InvalidCharacter => "INVALID_CHARACTER",
            Padding => "PADDING",
            Base64 => "BASE64",
            InvalidUtf8 => "INVALID_UTF8",
            JsonSyntax => "JSON_SYNTAX",
            InvalidEscape => "INVALID_ESCAPE",
            JsonTooDeep => "JSON_TOO_DEEP",
            DuplicateMember => "DUPLICATE_MEMBER",
            TooManyMembers => "TOO_MANY_MEMBERS",
            NotAnObject => "NOT_AN_OBJECT",
            AlgMissing => "ALG_MISSING",
            AlgNotAllowed => "ALG_NOT_ALLOWED",
            AlgKeyFamilyMismatch => "ALG_KEY_FAMILY_MISMATCH",
            KeyAlgMismatch => "KEY_ALG_MISMATCH",
            InvalidType => "INVALID_TYPE",
            InvalidCategory => "INVALID_CATEGORY",
            CritUnsupported => "CRIT_UNSUPPORTED",
            InvalidHeaderField => "INVALID_HEADER_FIELD",
            KidNotFound => "KID_NOT_FOUND",
            KidMissing => "KID_MISSING",
            NoKey => "NO_KEY",
            InvalidSignature => "INVALID_SIGNATURE",
            NoCryptoProvider => "NO_CRYPTO_PROVIDER",
            InvalidSubject => "INVALID_SUBJECT",
            AudienceMismatch => "AUDIENCE_MISMATCH",
            AudienceMissing => "AUDIENCE_MISSING",
            AuthorizedPartyMismatch => "AUTHORIZED_PARTY_MISMATCH",
            AuthorizedPartyMissing => "AUTHORIZED_PARTY_MISSING",
            IssuerMismatch => "ISSUER_MISMATCH",
            InvalidExpiration => "INVALID_EXPIRATION",
            InvalidNotBefore => "INVALID_NOT_BEFORE",
            InvalidIssuedAt => "INVALID_ISSUED_AT",
            Expired => "TOKEN_EXPIRED",
            NotYetValid => "TOKEN_NOT_ACTIVE_YET",
            IssuedInFuture => "TOKEN_IAT_IN_THE_FUTURE",
            KeyPem => "KEY_PEM",
            KeyDer => "KEY_DER",
            KeyUnsupported => "KEY_UNSUPPORTED",
            KeyRsaTooSmall => "KEY_RSA_TOO_SMALL",
            KeyRsaTooLarge => "KEY_RSA_TOO_LARGE",
            KeyRsaExponent => "KEY_RSA_EXPONENT",
            KeyRsaWeak => "KEY_RSA_WEAK",
            KeyInvalidPoint => "KEY_INVALID_POINT",
            KeyHmacTooShort => "KEY_HMAC_TOO_SHORT",
            KeyHmacTooLong => "KEY_HMAC_TOO_LONG",
            KeyHmacPublicKey => "KEY_HMAC_PUBLIC_KEY",
            KeyJwk => "KEY_JWK",
            KeySetFull => "KEY_SET_FULL",
            KeyKidTooLong => "KEY_KID_TOO_LONG",
            UnknownAlgorithm => "UNKNOWN_ALGORITHM",
            NoUsableAlgorithm => "NO_USABLE_ALGORITHM",
            InvalidOption => "INVALID_OPTION",
        }
    }

    /// The numeric code used by the C ABI: blocks of 100 by stage (1xx encoding, 2xx JSON,
    /// 3xx header, 4xx key selection, 5xx signature, 6xx claims, 7xx key material and options).
    /// 9xx is reserved for the C ABI's own codes (NULL argument, caught panic, ...); 0 is
    /// success there.
    pub const fn number(self) -> u32 {
        use Error::*;
        match self {
            TokenTooLarge => 101,
            SegmentCount => 102,
            InvalidCharacter => 103,
            Padding => 104,
            Base64 => 105,
            InvalidUtf8 => 201,
            JsonSyntax => 202,
            InvalidEscape => 203,
            JsonTooDeep => 204,
            DuplicateMember => 205,
            TooManyMembers => 206,
            NotAnObject => 207,
            AlgMissing => 301,
            AlgNotAllowed => 302,
            AlgKeyFamilyMismatch => 303,
            KeyAlgMismatch => 304,
            InvalidType => 305,
            InvalidCategory => 306,
            CritUnsupported => 307,
            InvalidHeaderField => 308,
            KidNotFound => 401,
            KidMissing => 402,
            NoKey => 403,
            InvalidSignature => 501,
            NoCryptoProvider => 502,
            InvalidSubject => 601,
            AudienceMismatch => 602,
            AudienceMissing => 603,
            AuthorizedPartyMismatch => 604,
            AuthorizedPartyMissing => 605,
            IssuerMismatch => 606,
            InvalidExpiration => 607,
            InvalidNotBefore => 608,
            InvalidIssuedAt => 609,
            Expired => 610,
            NotYetValid => 611,
            IssuedInFuture => 612,
            KeyPem => 701,
            KeyDer => 702,
            KeyUnsupported => 703,
            KeyRsaTooSmall => 704,
            KeyRsaTooLarge => 705,
            KeyRsaExponent => 706,
            KeyInvalidPoint => 707,
            KeyHmacTooShort => 708,
            KeyHmacTooLong => 709,
            KeyJwk => 710,
            KeySetFull => 711,
            KeyKidTooLong => 712,
            UnknownAlgorithm => 713,
            NoUsableAlgorithm => 714,
            InvalidOption => 715,
            KeyRsaWeak => 717,
            KeyHmacPublicKey => 718,
        }
    }

    /// The variant with the given numeric code, if any.
    pub fn from_number(number: u32) -> Option<Error> {
        Error::ALL.iter().copied().find(|e| e.number() == number)
    }

    /// Clerk's `TokenVerificationErrorAction` for the same failure, the hint its
    /// `getFullMessage()` appends to the message, or `None` when Clerk gives none:
    ///
    /// - "Make sure that this is a valid Clerk-generated JWT." for a `typ` or M2M `cat`
    ///   refusal, a header `alg` refusal, `token-invalid-issuer` and every
    ///   `token-verification-failed` reason;
    /// - "Set the CLERK_JWT_KEY environment variable." when there is no key
    ///   (`jwk-failed-to-resolve`);
    /// - Clerk's dashboard hint for a `kid` that selects no key (`jwk-kid-mismatch`).
    ///
    /// Decode errors, signature, time and `azp` failures, and key or option errors have none.
    pub const fn action(self) -> Option<&'static str> {
        use Error::*;
        const ENSURE_CLERK_JWT: &str = "Make sure that this is a valid Clerk-generated JWT.";
        match self {
            InvalidType | InvalidCategory | AlgMissing | AlgNotAllowed | AlgKeyFamilyMismatch
            | KeyAlgMismatch | IssuerMismatch | NoCryptoProvider | InvalidSubject
            | AudienceMismatch | AudienceMissing | InvalidExpiration | InvalidNotBefore
            | InvalidIssuedAt => Some(ENSURE_CLERK_JWT),
            NoKey => Some("Set the CLERK_JWT_KEY environment variable."),
            KidNotFound | KidMissing => Some(
                "Go to your Dashboard and validate your secret and public keys are correct. \
                 Contact support@clerk.com if the issue persists.",
            ),
            _ => None,
        }
    }

    /// A human-readable, static description (Clerk's wording where Clerk has one).
    pub const fn message(self) -> &'static str {
        use Error::*;
        match self {
            TokenTooLarge => "Invalid JWT form. The token exceeds the maximum size.",
            SegmentCount => "Invalid JWT form. A JWT consists of three parts separated by dots.",
            InvalidCharacter | Padding | Base64 | InvalidUtf8 | JsonSyntax
            | InvalidEscape | JsonTooDeep | NotAnObject => {
                "Invalid JWT form. The header, payload, or signature could not be decoded."
            }
            DuplicateMember => "Invalid JWT form. A JSON object has a duplicate member name.",
            TooManyMembers => "Invalid JWT form. A JSON object has too many members.",
            AlgMissing => "Invalid JWT algorithm: the header has no string alg.",
            AlgNotAllowed => "Invalid JWT algorithm: not in the allowed algorithms.",
            AlgKeyFamilyMismatch => "Invalid JWT algorithm: it does not match the key type.",
            KeyAlgMismatch => "Invalid JWT algorithm: the key is pinned to another algorithm.",
            InvalidType => "Invalid JWT type.",
            InvalidCategory => "Invalid session token category.",
            CritUnsupported => "Invalid JWT header: unsupported critical extension (crit).",
            InvalidHeaderField => "Invalid JWT header: kid is not a string.",
            KidNotFound => "Unable to find a signing key that matches the kid of the provided session token.",
            KidMissing => "The token has no kid and the key set holds several keys.",
            NoKey => "Failed to resolve JWK during verification.",
            InvalidSignature => "JWT signature is invalid.",
            NoCryptoProvider => "No crypto provider is available for this algorithm.",
            InvalidSubject => "Subject claim (sub) is required and must be a string.",
            AudienceMismatch => "Invalid JWT audience claim (aud). Is not included in the configured audience.",
            AudienceMissing => "Invalid JWT audience claim (aud): missing, but an audience is configured.",
            AuthorizedPartyMismatch => "Invalid JWT Authorized party claim (azp). It is not an authorized party.",
            AuthorizedPartyMissing => "Invalid JWT Authorized party claim (azp): missing, but authorized parties are configured.",
            IssuerMismatch => "Invalid JWT issuer claim (iss). It is not a configured issuer.",
            InvalidExpiration => "Invalid JWT expiry date claim (exp). Expected number.",
            InvalidNotBefore => "Invalid JWT not before date claim (nbf). Expected number.",
            InvalidIssuedAt => "Invalid JWT issued at date claim (iat). Expected number.",
            Expired => "JWT is expired.",
            NotYetValid => "JWT cannot be used prior to not before date claim (nbf).",
            IssuedInFuture => "JWT issued at date claim (iat) is in the future.",
            KeyPem => "Invalid key: malformed PEM or base64.",
            KeyDer => "Invalid key: malformed DER structure.",
            KeyUnsupported => "Invalid key: unsupported key type or curve.",
            KeyRsaTooSmall => "Invalid key: RSA keys must be at least 2048 bits.",
            KeyRsaTooLarge => "Invalid key: RSA keys larger than 8192 bits are not supported.",
            KeyRsaExponent => "Invalid key: the RSA public exponent must be odd, at least 3 and below 2^33.",
            KeyRsaWeak => "Invalid key: the RSA modulus has the ROCA fingerprint (CVE-2017-15361).",
            KeyInvalidPoint => "Invalid key: the public point is not valid for its curve.",
            KeyHmacTooShort => "Invalid key: the HMAC secret is shorter than the hash output.",
            KeyHmacTooLong => "Invalid key: the HMAC secret is too long.",
            KeyHmacPublicKey => "Invalid key: the HMAC secret is a public key.",
            KeyJwk => "Invalid key: malformed JWK.",
            KeySetFull => "Invalid key set: too many keys.",
            KeyKidTooLong => "Invalid key: kid is too long.",
            UnknownAlgorithm => "Invalid option: unknown or unsupported algorithm name.",
            NoUsableAlgorithm => "Invalid option: no allowed algorithm can be used with the configured keys.",
            InvalidOption => "Invalid option: out of range or over a documented capacity.",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (reason={}, code={})",
            self.message(),
            self.reason(),
            self.code()
        )
    }
}

impl core::error::Error for Error {}
