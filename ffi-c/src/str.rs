//! `sessionjwt_str`: a borrowed string view handed to C.

use std::ffi::c_char;

/// A view of UTF-8 text: `len` bytes at `data`, **not NUL-terminated**, and possibly containing
/// NUL bytes (a claim such as `"user\u0000x"` comes back whole, never truncated). Print it
/// with `printf("%.*s", (int)s.len, s.data)`. Views the library returns are owned by the
/// library; views the caller passes in (`sessionjwt_has_params`) are the caller's, read only
/// during the call.
///
/// `data == NULL` (and `len == 0`) means "no value": the claim is absent or is not a string.
/// A present empty string has a non-NULL `data` and `len == 0`.
///
/// Each function that returns one says how long the view lives: static views live forever;
/// views into a `sessionjwt_auth` live until that handle is freed.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sessionjwt_str {
    /// The first byte, or NULL for "no value".
    pub data: *const c_char,
    /// The length in bytes.
    pub len: usize,
}

/// Where empty strings point, so that a present empty string is never NULL or dangling.
static EMPTY: [u8; 1] = [0];

impl sessionjwt_str {
    /// "No value".
    pub(crate) const NONE: sessionjwt_str = sessionjwt_str {
        data: std::ptr::null(),
        len: 0,
    };

    /// A view of a static string.
    pub(crate) fn from_static(s: &'static str) -> sessionjwt_str {
        sessionjwt_str::borrowed(s)
    }

    /// A view of `s`; the caller documents (and guarantees) how long `s` outlives the view.
    pub(crate) fn borrowed(s: &str) -> sessionjwt_str {
        if s.is_empty() {
            return sessionjwt_str {
                data: EMPTY.as_ptr().cast(),
                len: 0,
            };
        }
        sessionjwt_str {
            data: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    /// `borrowed`, or [`sessionjwt_str::NONE`].
    pub(crate) fn optional(s: Option<&str>) -> sessionjwt_str {
        s.map_or(sessionjwt_str::NONE, sessionjwt_str::borrowed)
    }

    /// The viewed text (tests only: reads through the raw pointer).
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> Option<&str> {
        if self.data.is_null() {
            return None;
        }
        // SAFETY: in tests, views come from live strings created by this crate.
        let bytes = unsafe { std::slice::from_raw_parts(self.data.cast::<u8>(), self.len) };
        Some(std::str::from_utf8(bytes).unwrap())
    }
}
