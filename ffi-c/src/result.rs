//! `sessionjwt_result`: the core's numeric error codes, plus a block of ABI-level codes.

use core_jwt::Error;

use crate::ffi::guard;
use crate::str::sessionjwt_str;

/// The outcome of a call: `SESSIONJWT_RESULT_OK` (0), one of the core's stable error numbers
/// (blocks of 100 by stage: 1xx encoding, 2xx JSON, 3xx header, 4xx key selection, 5xx
/// signature, 6xx claims, 7xx key material and options), or an ABI-level code (9xx). Numbers
/// are never reused. `sessionjwt_result_reason`, `_code` and `_message` describe any value.
pub type sessionjwt_result = u32;

/// Success.
pub const SESSIONJWT_RESULT_OK: sessionjwt_result = 0;
/// A required pointer argument was NULL (reason `null-argument`).
pub const SESSIONJWT_RESULT_NULL_ARGUMENT: sessionjwt_result = 901;
/// A panic inside the library was caught at the ABI boundary; nothing was written (reason
/// `panic`). Please report it.
pub const SESSIONJWT_RESULT_PANIC: sessionjwt_result = 902;
/// An argument is out of range: a length above `PTRDIFF_MAX`, or bytes that must be UTF-8 text
/// (an option value) and are not (reason `invalid-argument`).
pub const SESSIONJWT_RESULT_INVALID_ARGUMENT: sessionjwt_result = 903;

/// The ABI-level codes: (number, reason, code, message).
const ABI_CODES: [(sessionjwt_result, &str, &str, &str); 4] = [
    (SESSIONJWT_RESULT_OK, "", "OK", "OK."),
    (
        SESSIONJWT_RESULT_NULL_ARGUMENT,
        "null-argument",
        "NULL_ARGUMENT",
        "A required pointer argument was NULL.",
    ),
    (
        SESSIONJWT_RESULT_PANIC,
        "panic",
        "PANIC",
        "Internal error: a panic was caught at the C ABI boundary.",
    ),
    (
        SESSIONJWT_RESULT_INVALID_ARGUMENT,
        "invalid-argument",
        "INVALID_ARGUMENT",
        "An argument is out of range or is not valid UTF-8 text.",
    ),
];

/// (reason, code, message) of any result value; `None` for a number nothing uses.
fn describe(result: sessionjwt_result) -> Option<(&'static str, &'static str, &'static str)> {
    match Error::from_number(result) {
        Some(e) => Some((e.reason(), e.code(), e.message())),
        None => ABI_CODES
            .iter()
            .find(|(n, ..)| *n == result)
            .map(|&(_, reason, code, message)| (reason, code, message)),
    }
}

/// The C value of a core error.
pub(crate) fn from_error(error: Error) -> sessionjwt_result {
    error.number()
}

/// Clerk's reason string for `result` (`token-expired`, `token-invalid`, ... as
/// `@clerk/backend`'s `TokenVerificationErrorReason`; `jwk-invalid` for key and option errors,
/// except `token-invalid-algorithm` for an unknown algorithm name;
/// `null-argument`, `panic`, `invalid-argument` for ABI-level codes; empty for OK;
/// `unknown` for a number no version of this library uses). The view is static.
#[no_mangle]
pub extern "C" fn sessionjwt_result_reason(result: sessionjwt_result) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        sessionjwt_str::from_static(describe(result).map_or("unknown", |d| d.0))
    })
}

/// The fine, stable identifier of `result` in SCREAMING_SNAKE_CASE (`TOKEN_EXPIRED`,
/// `DUPLICATE_MEMBER`, `NULL_ARGUMENT`, `OK`; `UNKNOWN` for an unused number): the suffix of
/// the `SESSIONJWT_RESULT_*` constant. The view is static.
#[no_mangle]
pub extern "C" fn sessionjwt_result_code(result: sessionjwt_result) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        sessionjwt_str::from_static(describe(result).map_or("UNKNOWN", |d| d.1))
    })
}

/// A human-readable description of `result` (Clerk's wording where Clerk has one). It never
/// contains token or key material. The view is static.
#[no_mangle]
pub extern "C" fn sessionjwt_result_message(result: sessionjwt_result) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        sessionjwt_str::from_static(describe(result).map_or("Unknown result code.", |d| d.2))
    })
}

/// Clerk's `TokenVerificationErrorAction` for `result`, the hint `@clerk/backend` appends to
/// its message ("Make sure that this is a valid Clerk-generated JWT.", ...); an empty view
/// (`len` 0) when Clerk gives none, for OK and for ABI-level and unknown codes. The view is
/// static.
#[no_mangle]
pub extern "C" fn sessionjwt_result_action(result: sessionjwt_result) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        sessionjwt_str::from_static(
            Error::from_number(result)
                .and_then(Error::action)
                .unwrap_or(""),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::fmt::Write;
    use std::path::Path;

    /// `result_codes.rs` as the core's error table says it should read.
    fn render_codes() -> String {
        let mut errors = Error::ALL.to_vec();
        errors.sort_by_key(|e| e.number());
        let mut out = String::from(
            "//! @generated from the core's `Error::ALL` by `make header` (the test\n\
             //! `result::tests::result_codes_file_is_current` with `SESSIONJWT_BLESS=1`). Do not edit.\n\
             \n\
             use crate::result::sessionjwt_result;\n",
        );
        for e in errors {
            write!(
                out,
                "\n/// `{}` (reason `{}`): {}\npub const SESSIONJWT_RESULT_{}: sessionjwt_result = {};\n",
                e.code(),
                e.reason(),
                e.message(),
                e.code(),
                e.number()
            )
            .unwrap();
        }
        out
    }

    #[test]
    fn result_codes_file_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/result_codes.rs");
        let want = render_codes();
        if std::env::var_os("SESSIONJWT_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap();
        assert!(
            have == want,
            "ffi-c/src/result_codes.rs is stale: run `make header`"
        );
    }

    #[test]
    fn every_code_is_described_and_numbers_are_unique() {
        let mut numbers = BTreeSet::new();
        for e in Error::ALL.iter().copied() {
            assert!(numbers.insert(e.number()), "{e:?} reuses a number");
            assert!(
                (100..900).contains(&e.number()),
                "{e:?} is in the ABI block"
            );
            assert_eq!(
                describe(from_error(e)),
                Some((e.reason(), e.code(), e.message()))
            );
        }
        for (n, ..) in ABI_CODES {
            assert!(numbers.insert(n), "ABI code {n} collides with a core error");
            assert!(describe(n).is_some());
        }
        assert_eq!(describe(899), None);
        assert_eq!(sessionjwt_result_code(899).as_str(), Some("UNKNOWN"));
        assert_eq!(
            sessionjwt_result_reason(Error::Expired.number()).as_str(),
            Some("token-expired")
        );
        assert_eq!(
            sessionjwt_result_reason(SESSIONJWT_RESULT_OK).as_str(),
            Some("")
        );
    }
}
