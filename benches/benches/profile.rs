//! Not a criterion bench: a loop to run under valgrind, for reproducible counts on a shared
//! machine (instructions with callgrind, heap allocations with memcheck).
//!
//! `profile <what> <iterations>`, `what` one of: `pipeline` (the core without its signature
//! step), `ring` / `aws-lc` (full RS256 verify through the core), `ring-raw` / `aws-lc-raw`
//! (the provider alone), `cache-hit`. Prints the token size and the iteration count.

mod fixtures;

use fixtures::*;
use sessionjwt::{Algorithm, AlgorithmSet, AwsLcProvider, TokenCache, Verifier, VerifierBuilder};
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("pipeline", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let alg = Algorithm::RS256;
    let signer = Signer::for_alg(alg);
    let (token, input, sig) = signer.mint(alg, now_s());
    let now = now();
    let mut ring_b = Verifier::builder();
    ring_b.add_key(signer.public_key()).unwrap();
    ring_b.algorithms(AlgorithmSet::EMPTY.with(alg));
    ring_b.authorized_party(AZP).unwrap();
    let ring_v = ring_b.build().unwrap();
    let mut aws_b = VerifierBuilder::with_provider(AwsLcProvider);
    aws_b.add_key(signer.public_key()).unwrap();
    aws_b.algorithms(AlgorithmSet::EMPTY.with(alg));
    aws_b.authorized_party(AZP).unwrap();
    let aws_v = aws_b.build().unwrap();
    let mut buf = vec![0u8; 6147];
    let (n_, e_) = signer.rsa_components().unwrap();
    let parsed = aws_lc_rs::signature::RsaPublicKeyComponents { n: &n_, e: &e_ }
        .to_parsed_public_key(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256)
        .unwrap();
    let mut cache = TokenCache::new(vec![sessionjwt::CacheSlot::default(); 16]);
    cache
        .verify(&aws_v, token.as_bytes(), now, &mut buf)
        .unwrap();
    let t = token.as_bytes();
    let mut ok = 0usize;
    for _ in 0..n {
        ok += usize::from(match what {
            "pipeline" => ring_v
                .verify_with_host_verdict(black_box(t), now, &mut buf, true)
                .is_ok(),
            "ring" => ring_v.verify(black_box(t), now, &mut buf).is_ok(),
            "aws-lc" => aws_v.verify(black_box(t), now, &mut buf).is_ok(),
            "ring-raw" => ring::signature::RsaPublicKeyComponents { n: &n_, e: &e_ }
                .verify(
                    &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                    black_box(&input),
                    &sig,
                )
                .is_ok(),
            "aws-lc-raw" => parsed.verify_sig(black_box(&input), &sig).is_ok(),
            "cache-hit" => cache.verify(&aws_v, black_box(t), now, &mut buf).is_ok(),
            other => panic!("unknown mode {other}"),
        });
    }
    assert_eq!(ok, n);
    println!("{what}: {n} iterations, token {} bytes", token.len());
}
