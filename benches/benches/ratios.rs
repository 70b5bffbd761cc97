//! Interleaved ratio measurement, for a shared, noisy machine: each pair (baseline, subject)
//! is timed in alternating short batches (A B, then B A, ...), so both see the same load, and
//! the reported ratio is the median of the per-round ratios. Criterion measures one
//! benchmark after the other, seconds apart; when the load changes between them, its
//! ratios move by tens of percent. This does not replace criterion's absolute numbers.
//!
//! `ratios [rounds]` (default 300 rounds). Prints a markdown table.

mod fixtures;

use fixtures::*;
use sessionjwt::{
    Algorithm, AlgorithmSet, AwsLcProvider, CacheSlot, TokenCache, UnixTimeMs, Verifier,
    VerifierBuilder,
};
use std::hint::black_box;
use std::time::Instant;

/// Median per-iteration times (ns) of `a` and `b`, and the median of the per-round ratios
/// b / a.
fn interleaved(
    rounds: usize,
    batch: usize,
    mut a: impl FnMut() -> bool,
    mut b: impl FnMut() -> bool,
) -> (f64, f64, f64) {
    let time = |f: &mut dyn FnMut() -> bool| {
        let start = Instant::now();
        for _ in 0..batch {
            assert!(black_box(f()));
        }
        start.elapsed().as_nanos() as f64 / batch as f64
    };
    // Warm-up.
    for _ in 0..3 {
        time(&mut a);
        time(&mut b);
    }
    let (mut ta, mut tb, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (x, y) = if round % 2 == 0 {
            let x = time(&mut a);
            (x, time(&mut b))
        } else {
            let y = time(&mut b);
            (time(&mut a), y)
        };
        ta.push(x);
        tb.push(y);
        r.push(y / x);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|p, q| p.partial_cmp(q).unwrap());
        v[v.len() / 2]
    };
    (median(&mut ta), median(&mut tb), median(&mut r))
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let alg = Algorithm::RS256;
    let signer = Signer::for_alg(alg);
    let now_s = now_s();
    let now = UnixTimeMs(now_s * 1000);
    let (token, input, sig) = signer.mint(alg, now_s);
    let t = token.as_bytes();
    let configure = |b: &mut VerifierBuilder<_>| {
        b.add_key(signer.public_key()).unwrap();
        b.algorithms(AlgorithmSet::EMPTY.with(alg));
        b.authorized_party(AZP).unwrap();
    };
    let mut rb = Verifier::builder();
    configure(&mut rb);
    let ring_v = rb.build().unwrap();
    let mut ab = VerifierBuilder::with_provider(AwsLcProvider);
    ab.add_key(signer.public_key()).unwrap();
    ab.algorithms(AlgorithmSet::EMPTY.with(alg));
    ab.authorized_party(AZP).unwrap();
    let aws_v = ab.build().unwrap();
    let (n, e) = signer.rsa_components().unwrap();
    let parsed = aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256)
        .unwrap();
    let ring_raw = || {
        ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
            .verify(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                black_box(&input),
                &sig,
            )
            .is_ok()
    };
    let aws_raw = || parsed.verify_sig(black_box(&input), &sig).is_ok();
    let mut buf = vec![0u8; 6147];
    let mut buf2 = vec![0u8; 6147];
    let jwt_key = jsonwebtoken::DecodingKey::from_rsa_raw_components(&n, &e);
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.leeway = 5;
    validation.validate_nbf = true;
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Claims {
        sub: String,
        sid: String,
        azp: String,
        exp: i64,
        nbf: i64,
        iat: i64,
    }
    let mut cache = TokenCache::new(vec![CacheSlot::default(); 64]);
    cache.verify(&aws_v, t, now, &mut buf2).unwrap();

    println!(
        "token: RS256, {} bytes; {rounds} interleaved rounds\n",
        t.len()
    );
    println!("| pair (baseline -> subject) | baseline (us) | subject (us) | median ratio |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, (a, b, r): (f64, f64, f64)| {
        println!(
            "| {name} | {:.2} | {:.3} | {r:.3}x |",
            a / 1000.0,
            b / 1000.0
        );
    };
    row(
        "ring raw verify -> core cold verify (ring)",
        interleaved(rounds, 20, ring_raw, || {
            ring_v.verify(black_box(t), now, &mut buf).is_ok()
        }),
    );
    row(
        "aws-lc raw verify, key parsed once (floor) -> core cold verify (aws-lc)",
        interleaved(rounds, 20, aws_raw, || {
            aws_v.verify(black_box(t), now, &mut buf).is_ok()
        }),
    );
    row(
        "ring raw verify -> aws-lc raw verify, key parsed once",
        interleaved(rounds, 20, ring_raw, aws_raw),
    );
    row(
        "core cold verify: ring -> aws-lc",
        interleaved(
            rounds,
            20,
            || ring_v.verify(black_box(t), now, &mut buf).is_ok(),
            || aws_v.verify(black_box(t), now, &mut buf2).is_ok(),
        ),
    );
    row(
        "ring raw verify -> jsonwebtoken 9 decode",
        interleaved(rounds, 20, ring_raw, || {
            jsonwebtoken::decode::<Claims>(black_box(&token), &jwt_key, &validation).is_ok()
        }),
    );
    row(
        "aws-lc raw verify -> core without signature (decode, JSON, claims)",
        interleaved(rounds, 20, aws_raw, || {
            ring_v
                .verify_with_host_verdict(black_box(t), now, &mut buf, true)
                .is_ok()
        }),
    );
    row(
        "aws-lc raw verify + core without signature, called one after the other -> core cold verify (aws-lc)",
        interleaved(
            rounds,
            20,
            || {
                aws_raw()
                    && ring_v
                        .verify_with_host_verdict(black_box(t), now, &mut buf, true)
                        .is_ok()
            },
            || aws_v.verify(black_box(t), now, &mut buf2).is_ok(),
        ),
    );
    for alg in [
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::HS256,
    ] {
        let signer = Signer::for_alg(alg);
        let (token, _, _) = signer.mint(alg, now_s);
        let build = |mut b: VerifierBuilder<_>| {
            b.add_key(signer.public_key()).unwrap();
            b.algorithms(AlgorithmSet::EMPTY.with(alg));
            b.authorized_party(AZP).unwrap();
            b.build().unwrap()
        };
        let ring_v = build(Verifier::builder());
        let mut ab = VerifierBuilder::with_provider(AwsLcProvider);
        ab.add_key(signer.public_key()).unwrap();
        ab.algorithms(AlgorithmSet::EMPTY.with(alg));
        ab.authorized_party(AZP).unwrap();
        let aws_v = ab.build().unwrap();
        let t = token.as_bytes();
        let batch = if alg == Algorithm::ES384 { 2 } else { 20 };
        row(
            &format!("{}: core cold verify, ring -> aws-lc", alg.name()),
            interleaved(
                rounds.min(if alg == Algorithm::ES384 { 100 } else { rounds }),
                batch,
                || ring_v.verify(black_box(t), now, &mut buf).is_ok(),
                || aws_v.verify(black_box(t), now, &mut buf2).is_ok(),
            ),
        );
    }
    row(
        "core cold verify (aws-lc) -> cache hit",
        interleaved(
            rounds,
            20,
            || aws_v.verify(black_box(t), now, &mut buf).is_ok(),
            || cache.verify(&aws_v, black_box(t), now, &mut buf2).is_ok(),
        ),
    );
}
