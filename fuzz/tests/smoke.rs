//! The stable-Rust smoke run of every fuzz target (`make test-fuzz`): replays the seed corpus
//! and then feeds deterministic random mutations of it through the same functions libFuzzer
//! calls, for `FUZZ_SMOKE_SECONDS` seconds per target (default 2). No nightly toolchain,
//! no cargo-fuzz, no C++ build: a fresh machine runs it with plain `cargo test`.
//!
//! A failure prints the target, the iteration and the input (base64), so it can be replayed
//! with `cargo fuzz run <target> <file>` or added to the seeds.

use sessionjwt_fuzz::{seeds::seeds, Target, TARGETS};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// xorshift64*: deterministic, so a smoke failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[u8] = b".\"{}[]:,\\=-_+/ \0\x7f\xff\xc0\xed0e9AQgw";

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = if corpus.is_empty() {
        vec![]
    } else {
        corpus[rng.below(corpus.len())].clone()
    };
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            2 => {
                let c = INTERESTING[rng.below(INTERESTING.len())];
                data.insert(rng.below(len + 1), c);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                data.drain(start..end);
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(32)).min(len);
                let chunk = data[start..end].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, chunk);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(data.len() + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            6 => data.truncate(rng.below(len + 1)),
            _ => {
                let i = rng.below(len + 1);
                data.insert(i, rng.next() as u8);
            }
        }
    }
    data
}

fn run_one(target: &Target, input: &[u8], what: &str) {
    if catch_unwind(AssertUnwindSafe(|| (target.run)(input))).is_err() {
        use base64ct::Encoding;
        panic!(
            "fuzz target {} failed on {what}; input (base64): {}",
            target.name,
            base64ct::Base64::encode_string(input)
        );
    }
}

fn smoke(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).expect("target");
    let corpus = seeds(name);
    for (i, seed) in corpus.iter().enumerate() {
        run_one(target, seed, &format!("seed {i}"));
    }
    let seconds: f64 = std::env::var("FUZZ_SMOKE_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut rng = Rng(name.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    let mut runs = 0u64;
    while start.elapsed() < budget {
        let input = mutate(&mut rng, &corpus);
        run_one(target, &input, &format!("mutation {runs}"));
        runs += 1;
    }
    println!(
        "{name}: {} seeds, {runs} mutations in {:.1}s",
        corpus.len(),
        start.elapsed().as_secs_f64()
    );
}

macro_rules! smoke_tests {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { smoke(stringify!($name)); })*

        #[test]
        fn every_target_has_a_smoke_test() {
            let names = [$(stringify!($name)),*];
            for t in TARGETS {
                assert!(names.contains(&t.name), "no smoke test for {}", t.name);
            }
            assert_eq!(names.len(), TARGETS.len());
        }
    };
}

smoke_tests!(
    verify_rsa,
    verify_ec,
    verify_ed25519,
    verify_hmac,
    verify_jwks,
    verify_signed,
    header_json,
    claims_json,
    pem,
    spki_der,
    jwk,
    jwks,
    base64url,
    permissions,
    reverification,
);
