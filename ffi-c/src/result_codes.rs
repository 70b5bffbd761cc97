//! @generated from the core's `Error::ALL` by `make header` (the test
//! `result::tests::result_codes_file_is_current` with `SESSIONJWT_BLESS=1`). Do not edit.

use crate::result::sessionjwt_result;

/// `TOKEN_TOO_LARGE` (reason `token-invalid`): Invalid JWT form. The token exceeds the maximum size.
pub const SESSIONJWT_RESULT_TOKEN_TOO_LARGE: sessionjwt_result = 101;

/// `SEGMENT_COUNT` (reason `token-invalid`): Invalid JWT form. A JWT consists of three parts separated by dots.
pub const SESSIONJWT_RESULT_SEGMENT_COUNT: sessionjwt_result = 102;

/// `INVALID_CHARACTER` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_INVALID_CHARACTER: sessionjwt_result = 103;

/// `PADDING` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_PADDING: sessionjwt_result = 104;

/// `BASE64` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_BASE64: sessionjwt_result = 105;

/// `INVALID_UTF8` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_INVALID_UTF8: sessionjwt_result = 201;

/// `JSON_SYNTAX` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_JSON_SYNTAX: sessionjwt_result = 202;

/// `INVALID_ESCAPE` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_INVALID_ESCAPE: sessionjwt_result = 203;

/// `JSON_TOO_DEEP` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_JSON_TOO_DEEP: sessionjwt_result = 204;

/// `DUPLICATE_MEMBER` (reason `token-invalid`): Invalid JWT form. A JSON object has a duplicate member name.
pub const SESSIONJWT_RESULT_DUPLICATE_MEMBER: sessionjwt_result = 205;

/// `TOO_MANY_MEMBERS` (reason `token-invalid`): Invalid JWT form. A JSON object has too many members.
pub const SESSIONJWT_RESULT_TOO_MANY_MEMBERS: sessionjwt_result = 206;

/// `NOT_AN_OBJECT` (reason `token-invalid`): Invalid JWT form. The header, payload, or signature could not be decoded.
pub const SESSIONJWT_RESULT_NOT_AN_OBJECT: sessionjwt_result = 207;

/// `ALG_MISSING` (reason `token-invalid-algorithm`): Invalid JWT algorithm: the header has no string alg.
pub const SESSIONJWT_RESULT_ALG_MISSING: sessionjwt_result = 301;

/// `ALG_NOT_ALLOWED` (reason `token-invalid-algorithm`): Invalid JWT algorithm: not in the allowed algorithms.
pub const SESSIONJWT_RESULT_ALG_NOT_ALLOWED: sessionjwt_result = 302;

/// `ALG_KEY_FAMILY_MISMATCH` (reason `token-invalid-algorithm`): Invalid JWT algorithm: it does not match the key type.
pub const SESSIONJWT_RESULT_ALG_KEY_FAMILY_MISMATCH: sessionjwt_result = 303;

/// `KEY_ALG_MISMATCH` (reason `token-invalid-algorithm`): Invalid JWT algorithm: the key is pinned to another algorithm.
pub const SESSIONJWT_RESULT_KEY_ALG_MISMATCH: sessionjwt_result = 304;

/// `INVALID_TYPE` (reason `token-invalid`): Invalid JWT type.
pub const SESSIONJWT_RESULT_INVALID_TYPE: sessionjwt_result = 305;

/// `INVALID_CATEGORY` (reason `token-invalid`): Invalid session token category.
pub const SESSIONJWT_RESULT_INVALID_CATEGORY: sessionjwt_result = 306;

/// `CRIT_UNSUPPORTED` (reason `token-invalid`): Invalid JWT header: unsupported critical extension (crit).
pub const SESSIONJWT_RESULT_CRIT_UNSUPPORTED: sessionjwt_result = 307;

/// `INVALID_HEADER_FIELD` (reason `token-invalid`): Invalid JWT header: kid is not a string.
pub const SESSIONJWT_RESULT_INVALID_HEADER_FIELD: sessionjwt_result = 308;

/// `KID_NOT_FOUND` (reason `jwk-kid-mismatch`): Unable to find a signing key that matches the kid of the provided session token.
pub const SESSIONJWT_RESULT_KID_NOT_FOUND: sessionjwt_result = 401;

/// `KID_MISSING` (reason `jwk-kid-mismatch`): The token has no kid and the key set holds several keys.
pub const SESSIONJWT_RESULT_KID_MISSING: sessionjwt_result = 402;

/// `NO_KEY` (reason `jwk-failed-to-resolve`): Failed to resolve JWK during verification.
pub const SESSIONJWT_RESULT_NO_KEY: sessionjwt_result = 403;

/// `INVALID_SIGNATURE` (reason `token-invalid-signature`): JWT signature is invalid.
pub const SESSIONJWT_RESULT_INVALID_SIGNATURE: sessionjwt_result = 501;

/// `NO_CRYPTO_PROVIDER` (reason `token-verification-failed`): No crypto provider is available for this algorithm.
pub const SESSIONJWT_RESULT_NO_CRYPTO_PROVIDER: sessionjwt_result = 502;

/// `INVALID_SUBJECT` (reason `token-verification-failed`): Subject claim (sub) is required and must be a string.
pub const SESSIONJWT_RESULT_INVALID_SUBJECT: sessionjwt_result = 601;

/// `AUDIENCE_MISMATCH` (reason `token-verification-failed`): Invalid JWT audience claim (aud). Is not included in the configured audience.
pub const SESSIONJWT_RESULT_AUDIENCE_MISMATCH: sessionjwt_result = 602;

/// `AUDIENCE_MISSING` (reason `token-verification-failed`): Invalid JWT audience claim (aud): missing, but an audience is configured.
pub const SESSIONJWT_RESULT_AUDIENCE_MISSING: sessionjwt_result = 603;

/// `AUTHORIZED_PARTY_MISMATCH` (reason `token-invalid-authorized-parties`): Invalid JWT Authorized party claim (azp). It is not an authorized party.
pub const SESSIONJWT_RESULT_AUTHORIZED_PARTY_MISMATCH: sessionjwt_result = 604;

/// `AUTHORIZED_PARTY_MISSING` (reason `token-invalid-authorized-parties`): Invalid JWT Authorized party claim (azp): missing, but authorized parties are configured.
pub const SESSIONJWT_RESULT_AUTHORIZED_PARTY_MISSING: sessionjwt_result = 605;

/// `ISSUER_MISMATCH` (reason `token-invalid-issuer`): Invalid JWT issuer claim (iss). It is not a configured issuer.
pub const SESSIONJWT_RESULT_ISSUER_MISMATCH: sessionjwt_result = 606;

/// `INVALID_EXPIRATION` (reason `token-verification-failed`): Invalid JWT expiry date claim (exp). Expected number.
pub const SESSIONJWT_RESULT_INVALID_EXPIRATION: sessionjwt_result = 607;

/// `INVALID_NOT_BEFORE` (reason `token-verification-failed`): Invalid JWT not before date claim (nbf). Expected number.
pub const SESSIONJWT_RESULT_INVALID_NOT_BEFORE: sessionjwt_result = 608;

/// `INVALID_ISSUED_AT` (reason `token-verification-failed`): Invalid JWT issued at date claim (iat). Expected number.
pub const SESSIONJWT_RESULT_INVALID_ISSUED_AT: sessionjwt_result = 609;

/// `TOKEN_EXPIRED` (reason `token-expired`): JWT is expired.
pub const SESSIONJWT_RESULT_TOKEN_EXPIRED: sessionjwt_result = 610;

/// `TOKEN_NOT_ACTIVE_YET` (reason `token-not-active-yet`): JWT cannot be used prior to not before date claim (nbf).
pub const SESSIONJWT_RESULT_TOKEN_NOT_ACTIVE_YET: sessionjwt_result = 611;

/// `TOKEN_IAT_IN_THE_FUTURE` (reason `token-iat-in-the-future`): JWT issued at date claim (iat) is in the future.
pub const SESSIONJWT_RESULT_TOKEN_IAT_IN_THE_FUTURE: sessionjwt_result = 612;

/// `KEY_PEM` (reason `jwk-invalid`): Invalid key: malformed PEM or base64.
pub const SESSIONJWT_RESULT_KEY_PEM: sessionjwt_result = 701;

/// `KEY_DER` (reason `jwk-invalid`): Invalid key: malformed DER structure.
pub const SESSIONJWT_RESULT_KEY_DER: sessionjwt_result = 702;

/// `KEY_UNSUPPORTED` (reason `jwk-invalid`): Invalid key: unsupported key type or curve.
pub const SESSIONJWT_RESULT_KEY_UNSUPPORTED: sessionjwt_result = 703;

/// `KEY_RSA_TOO_SMALL` (reason `jwk-invalid`): Invalid key: RSA keys must be at least 2048 bits.
pub const SESSIONJWT_RESULT_KEY_RSA_TOO_SMALL: sessionjwt_result = 704;

/// `KEY_RSA_TOO_LARGE` (reason `jwk-invalid`): Invalid key: RSA keys larger than 8192 bits are not supported.
pub const SESSIONJWT_RESULT_KEY_RSA_TOO_LARGE: sessionjwt_result = 705;

/// `KEY_RSA_EXPONENT` (reason `jwk-invalid`): Invalid key: the RSA public exponent must be odd, at least 3 and below 2^33.
pub const SESSIONJWT_RESULT_KEY_RSA_EXPONENT: sessionjwt_result = 706;

/// `KEY_INVALID_POINT` (reason `jwk-invalid`): Invalid key: the public point is not valid for its curve.
pub const SESSIONJWT_RESULT_KEY_INVALID_POINT: sessionjwt_result = 707;

/// `KEY_HMAC_TOO_SHORT` (reason `jwk-invalid`): Invalid key: the HMAC secret is shorter than the hash output.
pub const SESSIONJWT_RESULT_KEY_HMAC_TOO_SHORT: sessionjwt_result = 708;

/// `KEY_HMAC_TOO_LONG` (reason `jwk-invalid`): Invalid key: the HMAC secret is too long.
pub const SESSIONJWT_RESULT_KEY_HMAC_TOO_LONG: sessionjwt_result = 709;

/// `KEY_JWK` (reason `jwk-invalid`): Invalid key: malformed JWK.
pub const SESSIONJWT_RESULT_KEY_JWK: sessionjwt_result = 710;

/// `KEY_SET_FULL` (reason `jwk-invalid`): Invalid key set: too many keys.
pub const SESSIONJWT_RESULT_KEY_SET_FULL: sessionjwt_result = 711;

/// `KEY_KID_TOO_LONG` (reason `jwk-invalid`): Invalid key: kid is too long.
pub const SESSIONJWT_RESULT_KEY_KID_TOO_LONG: sessionjwt_result = 712;

/// `UNKNOWN_ALGORITHM` (reason `token-invalid-algorithm`): Invalid option: unknown or unsupported algorithm name.
pub const SESSIONJWT_RESULT_UNKNOWN_ALGORITHM: sessionjwt_result = 713;

/// `NO_USABLE_ALGORITHM` (reason `jwk-invalid`): Invalid option: no allowed algorithm can be used with the configured keys.
pub const SESSIONJWT_RESULT_NO_USABLE_ALGORITHM: sessionjwt_result = 714;

/// `INVALID_OPTION` (reason `jwk-invalid`): Invalid option: out of range or over a documented capacity.
pub const SESSIONJWT_RESULT_INVALID_OPTION: sessionjwt_result = 715;

/// `KEY_RSA_WEAK` (reason `jwk-invalid`): Invalid key: the RSA modulus has the ROCA fingerprint (CVE-2017-15361).
pub const SESSIONJWT_RESULT_KEY_RSA_WEAK: sessionjwt_result = 717;

/// `KEY_HMAC_PUBLIC_KEY` (reason `jwk-invalid`): Invalid key: the HMAC secret is a public key.
pub const SESSIONJWT_RESULT_KEY_HMAC_PUBLIC_KEY: sessionjwt_result = 718;
