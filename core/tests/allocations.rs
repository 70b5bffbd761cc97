//! Proves the core allocates nothing on the hot paths, with a counting global allocator that
//! lives in this test harness (never in the crate).

mod common;

use common::*;
use sessionjwt::{dangerous, Algorithm, Limits, UnixTimeMs};
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

/// Runs `f` and returns how many allocations this thread made meanwhile.
fn count(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn prepared(alg: Algorithm) -> (sessionjwt::Verifier, String) {
    let s = Signer::for_alg(alg);
    let v = s.verifier(|b| {
        b.algorithms(sessionjwt::AlgorithmSet::EMPTY.with(alg));
        b.authorized_party("https://app.example.com").unwrap();
    });
    let t = s.mint_claims(alg, &payload_at_now(r#""azp":"https://app.example.com","v":2,"o":{"id":"org_1","rol":"admin","per":"read,manage","fpm":"3"},"fea":"o:dashboard""#));
    (v, t)
}

#[test]
fn es256_eddsa_and_hmac_verification_allocate_nothing() {
    for alg in [
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::HS256,
        Algorithm::HS384,
        Algorithm::HS512,
    ] {
        let (v, t) = prepared(alg);
        let mut buf = [0u8; 6147];
        let n = count(|| {
            let token = v
                .verify(t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
                .unwrap();
            assert_eq!(token.subject().as_plain(), Some("user_1"));
        });
        assert_eq!(n, 0, "{alg:?} verification allocated {n} times");
    }
}

#[test]
fn rejections_allocate_nothing() {
    let (v, t) = prepared(Algorithm::ES256);
    let mut buf = [0u8; 6147];
    let tampered = format!("{}A", &t[..t.len() - 1]);
    let n = count(|| {
        for bad in [&tampered[..], "", "a.b.c", "....", &t[..100]] {
            assert!(v
                .verify(bad.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
                .is_err());
        }
        assert!(v
            .verify(t.as_bytes(), UnixTimeMs(NOW_MS + 3_600_000), &mut buf)
            .is_err());
    });
    assert_eq!(n, 0);
}

#[test]
fn decode_and_claims_validation_allocate_nothing() {
    let (_, t) = prepared(Algorithm::HS256);
    let mut buf = [0u8; 6147];
    let n = count(|| {
        let (header, claims) =
            dangerous::decode_unverified(t.as_bytes(), &Limits::DEFAULT, &mut buf).unwrap();
        assert_eq!(header.algorithm(), Some(Algorithm::HS256));
        assert!(claims.is_v2());
        assert!(claims.sub().is_some());
    });
    assert_eq!(n, 0);
}

/// ring allocates inside its RSA verification (its `alloc` feature); this documents how many
/// times, so a change shows up here. Our own code adds none: the same pipeline with ECDSA
/// above allocates zero.
#[test]
fn rsa_allocations_are_ring_internal_and_bounded() {
    let (v, t) = prepared(Algorithm::RS256);
    let mut buf = [0u8; 6147];
    let n = count(|| {
        v.verify(t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
            .unwrap();
    });
    println!("RS256 verify: {n} allocations inside ring");
    assert!((1..=8).contains(&n), "ring RSA verify allocated {n} times");
}
