//! With the aws-lc provider, verification allocates nothing on the Rust heap for every
//! algorithm, RSA included (ring allocates 5 times per RSA verify; aws-lc parses the key
//! once, at build). Counted with the shared counting global allocator (`common/counting.rs`).
//!
//! What this does not see: aws-lc is C and takes its per-call contexts (`EVP_PKEY_CTX`,
//! `BN_CTX`, digest state) from C `malloc`, which bypasses Rust's global allocator. Those are
//! measured with valgrind in BENCHMARKS.md.
#![cfg(feature = "aws-lc-rs")]

mod common;

use common::*;
use sessionjwt::{Algorithm, AlgorithmSet, AwsLcProvider, UnixTimeMs, VerifierBuilder};
#[path = "common/counting.rs"]
mod counting;
use counting::count;

#[test]
fn every_algorithm_verifies_without_rust_heap_allocation() {
    for alg in Algorithm::ALL {
        let s = Signer::for_alg(alg);
        let v = s.verifier_with(VerifierBuilder::with_provider(AwsLcProvider), |b| {
            b.algorithms(AlgorithmSet::EMPTY.with(alg));
            b.authorized_party("https://app.example.com").unwrap();
        });
        let t = s.mint_claims(
            alg,
            &payload_at_now(r#""azp":"https://app.example.com","v":2,"o":{"id":"org_1","rol":"admin","per":"read,manage","fpm":"3"},"fea":"o:dashboard""#),
        );
        let mut buf = [0u8; 6147];
        // Warm up once (aws-lc initialises itself on first use).
        v.verify(t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
            .unwrap();
        let n = count(|| {
            for _ in 0..3 {
                let token = v
                    .verify(t.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
                    .unwrap();
                assert_eq!(token.subject().as_plain(), Some("user_1"));
            }
        });
        assert_eq!(n, 0, "{alg:?} verification allocated {n} times");
        // Rejections too: a signature character in the middle changed (same length).
        let mid = t.rfind('.').unwrap() + 10;
        let swap = if &t[mid..=mid] == "A" { "B" } else { "A" };
        let tampered = format!("{}{swap}{}", &t[..mid], &t[mid + 1..]);
        let n = count(|| {
            assert_eq!(
                v.verify(tampered.as_bytes(), UnixTimeMs(NOW_MS), &mut buf)
                    .map(|_| ()),
                Err(sessionjwt::Error::InvalidSignature)
            );
        });
        assert_eq!(n, 0, "{alg:?} rejection allocated {n} times");
    }
}
