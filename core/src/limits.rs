//! Explicit resource limits.

/// Capacity of a [`crate::KeySet`]: a JWKS with more keys is refused at load.
pub const MAX_KEYS: usize = 16;
/// Largest key material held per key, in bytes: an RSA-8192 modulus, or an HMAC secret.
pub const MAX_KEY_BYTES: usize = 1024;
/// Longest `kid` a key may carry, in bytes.
pub const MAX_KID_BYTES: usize = 128;
/// Hard ceiling for [`Limits::max_json_depth`].
pub const MAX_JSON_DEPTH_CAP: usize = 64;
/// Members of all objects that are open at once in one JSON document (duplicate detection
/// keeps one entry per member on the stack).
pub const MAX_TRACKED_MEMBERS: usize = 256;
/// Largest signature accepted, in bytes (RSA-8192).
pub const MAX_SIGNATURE_BYTES: usize = 1024;
/// Capacity of each configured string list (authorized parties, audiences, issuers, header
/// types): entries per list.
pub const MAX_LIST_ENTRIES: usize = 16;
/// Capacity of each configured string list: total bytes of its entries.
pub const MAX_LIST_BYTES: usize = 2048;

/// Size and depth limits applied to every token, before or during decoding.
///
/// Defaults: 8192 bytes per token (checked before anything else), JSON nesting depth 32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest token accepted, in bytes. Default 8192 (nginx's default header line limit).
    pub max_token_bytes: usize,
    /// Deepest JSON nesting accepted in the header and payload. Default 32, at most
    /// [`MAX_JSON_DEPTH_CAP`].
    pub max_json_depth: usize,
}

impl Limits {
    /// The documented defaults: 8192 bytes, depth 32.
    pub const DEFAULT: Limits = Limits {
        max_token_bytes: 8192,
        max_json_depth: 32,
    };

    /// Bytes a caller's decode buffer needs so that every token within
    /// `max_token_bytes` fits: three quarters of the token size.
    pub const fn buffer_len(&self) -> usize {
        self.max_token_bytes / 4 * 3 + 3
    }

    /// Bytes a decode buffer needs for one input of `input_len` bytes (a token, or the
    /// request headers a token is taken from): [`Limits::buffer_len`] for that size, never
    /// more than for `max_token_bytes` (a longer token is refused before the buffer is
    /// touched). Lets a binding size its buffer to the input instead of to the limit, which
    /// may be large.
    pub const fn buffer_len_for(&self, input_len: usize) -> usize {
        let len = if input_len < self.max_token_bytes {
            input_len
        } else {
            self.max_token_bytes
        };
        len / 4 * 3 + 3
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}
