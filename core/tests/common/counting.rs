//! A counting global allocator, per thread, for the test binaries that prove the core
//! allocates nothing. Include it with `#[path = "common/counting.rs"] mod counting;` (it
//! installs the binary's global allocator, so it is not part of `common`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    /// Allocations made by this thread (a const-initialised Cell: reading it never allocates).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result and how many allocations this thread made meanwhile.
pub fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (out, ALLOCATIONS.with(Cell::get) - before)
}

/// Runs `f` and returns how many allocations this thread made meanwhile.
#[allow(dead_code)]
pub fn count(f: impl FnOnce()) -> usize {
    allocations_during(f).1
}
