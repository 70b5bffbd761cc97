//! The panic guard and the conversions of C arguments that every export shares.
//!
//! All raw-pointer handling of the crate is here, in a handful of small `unsafe fn`s whose
//! contracts restate the C documentation of the exports that call them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;

use crate::result::{
    sessionjwt_result, SESSIONJWT_RESULT_INVALID_ARGUMENT, SESSIONJWT_RESULT_NULL_ARGUMENT,
    SESSIONJWT_RESULT_OK, SESSIONJWT_RESULT_PANIC,
};

/// Runs `f`, returning `on_panic` if it panics: unwinding into C is undefined behaviour.
///
/// `AssertUnwindSafe` is sound here because a panicking export writes no output and leaves
/// every handle as it was (outputs are written last, after everything that can fail).
pub(crate) fn guard<T>(on_panic: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(on_panic)
}

/// [`guard`] for exports that return a `sessionjwt_result`: `Ok(())` is
/// `SESSIONJWT_RESULT_OK`, `Err(code)` is `code`, a panic is `SESSIONJWT_RESULT_PANIC`.
pub(crate) fn guard_result(f: impl FnOnce() -> Result<(), sessionjwt_result>) -> sessionjwt_result {
    guard(Err(SESSIONJWT_RESULT_PANIC), f).map_or_else(|code| code, |()| SESSIONJWT_RESULT_OK)
}

/// A required input byte string.
///
/// # Safety
///
/// `ptr` is NULL or points to `len` readable bytes that stay valid and unmodified for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], sessionjwt_result> {
    // SAFETY: the caller's contract is ours.
    unsafe { optional_bytes(ptr, len) }?.ok_or(SESSIONJWT_RESULT_NULL_ARGUMENT)
}

/// An optional input byte string: NULL means absent (whatever `len` says).
///
/// # Safety
///
/// As [`bytes`].
pub(crate) unsafe fn optional_bytes<'a>(
    ptr: *const u8,
    len: usize,
) -> Result<Option<&'a [u8]>, sessionjwt_result> {
    if ptr.is_null() {
        return Ok(None);
    }
    if len > isize::MAX as usize {
        return Err(SESSIONJWT_RESULT_INVALID_ARGUMENT);
    }
    // SAFETY: `ptr` is non-NULL, `u8` has alignment 1, `len` is within `isize::MAX`, and the
    // caller guarantees `len` readable bytes that outlive `'a` and are not written meanwhile.
    Ok(Some(unsafe { std::slice::from_raw_parts(ptr, len) }))
}

/// A required input that must be UTF-8 text (an option value, a `has()` parameter).
///
/// # Safety
///
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize) -> Result<&'a str, sessionjwt_result> {
    // SAFETY: the caller's contract is ours.
    let bytes = unsafe { bytes(ptr, len) }?;
    std::str::from_utf8(bytes).map_err(|_| SESSIONJWT_RESULT_INVALID_ARGUMENT)
}

/// A handle passed by `const` pointer.
///
/// # Safety
///
/// `ptr` is NULL or a live handle of type `T` made by this library, not freed during `'a`.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> Result<&'a T, sessionjwt_result> {
    // SAFETY: a non-NULL `ptr` is a live, aligned `T` (the caller's contract); handles are
    // only mutated through `handle_mut`, which the C contract forbids running concurrently.
    unsafe { ptr.as_ref() }.ok_or(SESSIONJWT_RESULT_NULL_ARGUMENT)
}

/// A handle passed by mutable pointer.
///
/// # Safety
///
/// As [`handle`], and no other thread uses the handle during `'a`.
pub(crate) unsafe fn handle_mut<'a, T>(ptr: *mut T) -> Result<&'a mut T, sessionjwt_result> {
    // SAFETY: as `handle`, plus exclusive access (the caller's contract).
    unsafe { ptr.as_mut() }.ok_or(SESSIONJWT_RESULT_NULL_ARGUMENT)
}

/// An output location, checked for NULL before any work is done and written at the very end,
/// so that a failed call leaves it untouched.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Checks `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` is NULL or valid and aligned for a write of `T` until [`Out::write`] runs.
    pub(crate) unsafe fn new(ptr: *mut T) -> Result<Out<T>, sessionjwt_result> {
        NonNull::new(ptr)
            .map(Out)
            .ok_or(SESSIONJWT_RESULT_NULL_ARGUMENT)
    }

    /// Writes the output (without reading or dropping what was there).
    pub(crate) fn write(self, value: T) {
        // SAFETY: `new` established that the pointer is valid and aligned for this write.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// Moves `value` to the heap and hands ownership to C.
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Takes back and drops a handle made by [`into_handle`]; NULL is ignored.
///
/// # Safety
///
/// `ptr` is NULL or came from [`into_handle`] for the same `T`, and is not used afterwards.
pub(crate) unsafe fn free_handle<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: `ptr` came from `Box::into_raw` for a `T` and ownership returns here once.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_the_panic_code() {
        assert_eq!(guard_result(|| panic!("boom")), SESSIONJWT_RESULT_PANIC);
        assert_eq!(guard_result(|| Err(42)), 42);
        assert_eq!(guard_result(|| Ok(())), SESSIONJWT_RESULT_OK);
        assert!(!guard(false, || panic!("boom")));
    }

    #[test]
    fn argument_checks() {
        // SAFETY: NULL pointers, and a live local buffer.
        unsafe {
            assert_eq!(
                bytes(std::ptr::null(), 0),
                Err(SESSIONJWT_RESULT_NULL_ARGUMENT)
            );
            assert_eq!(optional_bytes(std::ptr::null(), 5), Ok(None));
            let b = [0xffu8, 0];
            assert_eq!(bytes(b.as_ptr(), 2), Ok(&b[..]));
            assert_eq!(bytes(b.as_ptr(), 0), Ok(&b[..0]));
            assert_eq!(text(b.as_ptr(), 2), Err(SESSIONJWT_RESULT_INVALID_ARGUMENT));
            assert_eq!(
                bytes(b.as_ptr(), usize::MAX),
                Err(SESSIONJWT_RESULT_INVALID_ARGUMENT)
            );
            assert!(handle::<u8>(std::ptr::null()).is_err());
            assert!(Out::<u8>::new(std::ptr::null_mut()).is_err());
        }
    }
}
