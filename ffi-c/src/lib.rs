//! The C ABI of sessionjwt: `libsessionjwt.a` / `libsessionjwt.so` and `include/sessionjwt.h`.
//!
//! Every export is thin: it converts its C arguments, calls the core crate (`sessionjwt`, here
//! renamed `core_jwt`), and converts the result back. No verification, claim mapping or
//! authorization rule lives in this crate.
//!
//! Conventions (after rustls-ffi; the header preamble repeats them for C readers):
//! - names are `sessionjwt_<type>_<verb>`; handles are opaque, made by `_new`/`_build`/a
//!   verification and released by `_free`, which accepts NULL;
//! - inputs are `(const uint8_t *, size_t)`; outputs come last, end in `_out`, and are
//!   written only when the call returns `SESSIONJWT_RESULT_OK`;
//! - strings handed out are [`sessionjwt_str`] views (pointer + length, not NUL-terminated)
//!   whose lifetime is documented per function;
//! - every export runs behind a panic guard and checks its pointers for NULL;
//! - a `sessionjwt_verifier`'s options are fixed when it is built and it may be used from many
//!   threads at once (its repeat-token cache is behind a mutex).
//!
//! Build with `panic = "unwind"` (the default): the guard cannot catch an aborting panic.
#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]
// C names: the ABI is `sessionjwt_verifier`, not `SessionjwtVerifier`.
#![allow(non_camel_case_types)]

mod auth;
mod ffi;
mod request;
mod result;
mod result_codes;
mod str;
mod verifier;

pub use auth::*;
pub use request::*;
pub use result::*;
pub use result_codes::*;
pub use str::*;
pub use verifier::*;
