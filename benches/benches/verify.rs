//! Criterion benchmarks of the sessionjwt core. Each group puts the raw provider verify (the
//! baseline) next to what the core adds to it, so ratios come from one run on one machine.
//! `benches/report.py` turns the results into the table of BENCHMARKS.md.
//!
//! Groups:
//! - `rs256`: the headline: ring and aws-lc raw verify vs the core's full verify (decode,
//!   JSON, claims), the core without its signature step, the `jsonwebtoken` crate, and a
//!   cache hit;
//! - `stages`: each stage of the pipeline alone, on the same RS256 token;
//! - `alg_<ALG>`: raw vs core, ring and aws-lc, for each algorithm family;
//! - `cache`: cold verify vs cache hit vs cache hit into an owned buffer.

mod fixtures;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use fixtures::*;
use sessionjwt::bench_internals as stages;
use sessionjwt::{
    Algorithm, AlgorithmSet, AwsLcProvider, CryptoProvider, HasParams, Param, TokenCache, Verifier,
    VerifierBuilder,
};
use std::time::Duration;

fn verifier<P: CryptoProvider + Clone>(
    mut b: VerifierBuilder<P>,
    signer: &Signer,
    alg: Algorithm,
) -> Verifier<P> {
    b.add_key(signer.public_key()).unwrap();
    b.algorithms(AlgorithmSet::EMPTY.with(alg));
    b.authorized_party(AZP).unwrap();
    b.build().unwrap()
}

/// ring's verify exactly as `RingProvider` calls it (keys as bytes on every call).
fn ring_raw(alg: Algorithm, signer: &Signer) -> impl Fn(&[u8], &[u8]) -> bool {
    use ring::signature as s;
    let public = signer.public_bytes();
    let rsa = signer.rsa_components();
    move |msg, sig| match alg {
        Algorithm::RS256 | Algorithm::PS256 => {
            let (n, e) = rsa.as_ref().unwrap();
            let params = if alg == Algorithm::RS256 {
                &s::RSA_PKCS1_2048_8192_SHA256
            } else {
                &s::RSA_PSS_2048_8192_SHA256
            };
            s::RsaPublicKeyComponents { n, e }
                .verify(params, msg, sig)
                .is_ok()
        }
        Algorithm::ES256 => s::UnparsedPublicKey::new(&s::ECDSA_P256_SHA256_FIXED, &public)
            .verify(msg, sig)
            .is_ok(),
        Algorithm::ES384 => s::UnparsedPublicKey::new(&s::ECDSA_P384_SHA384_FIXED, &public)
            .verify(msg, sig)
            .is_ok(),
        Algorithm::EdDSA => s::UnparsedPublicKey::new(&s::ED25519, &public)
            .verify(msg, sig)
            .is_ok(),
        _ => ring::hmac::verify(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &public),
            msg,
            sig,
        )
        .is_ok(),
    }
}

/// A raw verify: (message, signature) -> valid.
type RawVerify = Box<dyn Fn(&[u8], &[u8]) -> bool>;

/// aws-lc's verify with the key parsed once, outside the loop (the Rust floor).
fn aws_lc_raw(alg: Algorithm, signer: &Signer) -> RawVerify {
    use aws_lc_rs::signature as s;
    let public = signer.public_bytes();
    let parsed = |params: &'static dyn s::VerificationAlgorithm| {
        s::ParsedPublicKey::new(params, &public).unwrap()
    };
    match alg {
        Algorithm::RS256 | Algorithm::PS256 => {
            let (n, e) = signer.rsa_components().unwrap();
            let params = if alg == Algorithm::RS256 {
                &s::RSA_PKCS1_2048_8192_SHA256
            } else {
                &s::RSA_PSS_2048_8192_SHA256
            };
            let key = s::RsaPublicKeyComponents { n: &n, e: &e }
                .to_parsed_public_key(params)
                .unwrap();
            Box::new(move |m, sig| key.verify_sig(m, sig).is_ok())
        }
        Algorithm::ES256 => {
            let key = parsed(&s::ECDSA_P256_SHA256_FIXED);
            Box::new(move |m, sig| key.verify_sig(m, sig).is_ok())
        }
        Algorithm::ES384 => {
            let key = parsed(&s::ECDSA_P384_SHA384_FIXED);
            Box::new(move |m, sig| key.verify_sig(m, sig).is_ok())
        }
        Algorithm::EdDSA => {
            let key = parsed(&s::ED25519);
            Box::new(move |m, sig| key.verify_sig(m, sig).is_ok())
        }
        _ => {
            let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &public);
            Box::new(move |m, sig| aws_lc_rs::hmac::verify(&key, m, sig).is_ok())
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
        .configure_from_args()
}

fn rs256(c: &mut Criterion) {
    let alg = Algorithm::RS256;
    let signer = Signer::for_alg(alg);
    let now_s = now_s();
    let (token, input, sig) = signer.mint(alg, now_s);
    println!("RS256 token: {} bytes", token.len());
    let now = sessionjwt::UnixTimeMs(now_s * 1000);
    let ring_v = verifier(Verifier::builder(), &signer, alg);
    let aws_v = verifier(VerifierBuilder::with_provider(AwsLcProvider), &signer, alg);
    let ring_raw = ring_raw(alg, &signer);
    let aws_raw = aws_lc_raw(alg, &signer);
    let mut buf = vec![0u8; ring_v.limits().buffer_len()];
    assert!(ring_raw(&input, &sig) && aws_raw(&input, &sig));
    ring_v.verify(token.as_bytes(), now, &mut buf).unwrap();
    aws_v.verify(token.as_bytes(), now, &mut buf).unwrap();

    let mut g = c.benchmark_group("rs256");
    g.bench_function("ring_raw_verify", |b| {
        b.iter(|| assert!(ring_raw(black_box(&input), black_box(&sig))))
    });
    g.bench_function("ring_core_verify", |b| {
        b.iter(|| {
            ring_v
                .verify(black_box(token.as_bytes()), now, &mut buf)
                .is_ok()
        })
    });
    g.bench_function("aws_lc_raw_verify_unparsed", |b| {
        let public = signer.public_bytes();
        let key = aws_lc_rs::signature::UnparsedPublicKey::new(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            public,
        );
        b.iter(|| assert!(key.verify(black_box(&input), black_box(&sig)).is_ok()))
    });
    g.bench_function("aws_lc_raw_verify", |b| {
        b.iter(|| assert!(aws_raw(black_box(&input), black_box(&sig))))
    });
    g.bench_function("aws_lc_core_verify", |b| {
        b.iter(|| {
            aws_v
                .verify(black_box(token.as_bytes()), now, &mut buf)
                .is_ok()
        })
    });
    g.bench_function("core_without_signature", |b| {
        b.iter(|| {
            ring_v
                .verify_with_host_verdict(black_box(token.as_bytes()), now, &mut buf, true)
                .is_ok()
        })
    });
    {
        use jsonwebtoken::{decode, DecodingKey, Validation};
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
        let (n, e) = signer.rsa_components().unwrap();
        let key = DecodingKey::from_rsa_raw_components(&n, &e);
        let mut validation = Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.leeway = 5;
        validation.validate_nbf = true;
        decode::<Claims>(&token, &key, &validation).unwrap();
        g.bench_function("jsonwebtoken9_decode", |b| {
            b.iter(|| decode::<Claims>(black_box(&token), &key, &validation).is_ok())
        });
    }
    let mut cache = TokenCache::new(vec![sessionjwt::CacheSlot::default(); 64]);
    cache
        .verify(&aws_v, token.as_bytes(), now, &mut buf)
        .unwrap();
    g.bench_function("aws_lc_cache_hit", |b| {
        b.iter(|| {
            cache
                .verify(&aws_v, black_box(token.as_bytes()), now, &mut buf)
                .is_ok()
        })
    });
    g.finish();
}

fn stages(c: &mut Criterion) {
    let alg = Algorithm::RS256;
    let signer = Signer::for_alg(alg);
    let (token, _, _) = signer.mint(alg, now_s());
    let now = now();
    let v = verifier(Verifier::builder(), &signer, alg);
    let t = token.as_bytes();
    let [h, p, s, _] = stages::split(t).unwrap();
    let mut hbuf = vec![0u8; 6147];
    let mut pbuf = vec![0u8; 6147];
    let mut sbuf = vec![0u8; 6147];
    let hl = stages::decode(h, &mut hbuf).unwrap();
    let pl = stages::decode(p, &mut pbuf).unwrap();
    let header_json = hbuf[..hl].to_vec();
    let payload_json = pbuf[..pl].to_vec();
    let claims = stages::claims(stages::parse_object(&payload_json, 32).unwrap());
    stages::check_claims(&v, &claims, now).unwrap();
    let mut buf = vec![0u8; 6147];
    let verified = v.verify_with_host_verdict(t, now, &mut buf, true).unwrap();
    let role = HasParams {
        role: Some(Param::Str("org:admin")),
        ..HasParams::default()
    };
    let permission = HasParams {
        permission: Some(Param::Str("org:dashboard:manage")),
        ..HasParams::default()
    };

    let mut g = c.benchmark_group("stages");
    g.bench_function("split", |b| b.iter(|| stages::split(black_box(t)).is_ok()));
    g.bench_function("decode_header", |b| {
        b.iter(|| stages::decode(black_box(h), &mut hbuf).is_ok())
    });
    g.bench_function("decode_signature", |b| {
        b.iter(|| stages::decode(black_box(s), &mut sbuf).is_ok())
    });
    g.bench_function("decode_payload", |b| {
        b.iter(|| stages::decode(black_box(p), &mut pbuf).is_ok())
    });
    g.bench_function("json_header", |b| {
        b.iter(|| {
            stages::parse_object(black_box(&header_json), 32)
                .and_then(stages::header)
                .is_ok()
        })
    });
    g.bench_function("json_payload", |b| {
        b.iter(|| {
            stages::parse_object(black_box(&payload_json), 32)
                .map(stages::claims)
                .is_ok()
        })
    });
    g.bench_function("claims_check", |b| {
        b.iter(|| stages::check_claims(&v, black_box(&claims), now).is_ok())
    });
    g.bench_function("auth_object", |b| {
        b.iter(|| black_box(&verified).auth(true).user_id().is_some())
    });
    g.bench_function("has_role_and_permission", |b| {
        let auth = verified.auth(true);
        b.iter(|| auth.has(black_box(&role)) && auth.has(black_box(&permission)))
    });
    g.bench_function("core_without_signature", |b| {
        b.iter(|| {
            v.verify_with_host_verdict(black_box(t), now, &mut buf, true)
                .is_ok()
        })
    });
    g.finish();
}

fn algorithms(c: &mut Criterion) {
    for alg in [
        Algorithm::RS256,
        Algorithm::PS256,
        Algorithm::ES256,
        Algorithm::ES384,
        Algorithm::EdDSA,
        Algorithm::HS256,
    ] {
        let signer = Signer::for_alg(alg);
        let now_s = now_s();
        let now = sessionjwt::UnixTimeMs(now_s * 1000);
        let (token, input, sig) = signer.mint(alg, now_s);
        let ring_v = verifier(Verifier::builder(), &signer, alg);
        let aws_v = verifier(VerifierBuilder::with_provider(AwsLcProvider), &signer, alg);
        let ring_raw = ring_raw(alg, &signer);
        let aws_raw = aws_lc_raw(alg, &signer);
        let mut buf = vec![0u8; 6147];
        assert!(ring_raw(&input, &sig) && aws_raw(&input, &sig), "{alg:?}");
        ring_v.verify(token.as_bytes(), now, &mut buf).unwrap();
        aws_v.verify(token.as_bytes(), now, &mut buf).unwrap();
        let mut g = c.benchmark_group(format!("alg_{}", alg.name()));
        g.bench_function("ring_raw_verify", |b| {
            b.iter(|| ring_raw(black_box(&input), black_box(&sig)))
        });
        g.bench_function("ring_core_verify", |b| {
            b.iter(|| {
                ring_v
                    .verify(black_box(token.as_bytes()), now, &mut buf)
                    .is_ok()
            })
        });
        g.bench_function("aws_lc_raw_verify", |b| {
            b.iter(|| aws_raw(black_box(&input), black_box(&sig)))
        });
        g.bench_function("aws_lc_core_verify", |b| {
            b.iter(|| {
                aws_v
                    .verify(black_box(token.as_bytes()), now, &mut buf)
                    .is_ok()
            })
        });
        g.finish();
    }
}

fn cache(c: &mut Criterion) {
    let alg = Algorithm::RS256;
    let signer = Signer::for_alg(alg);
    let (token, _, _) = signer.mint(alg, now_s());
    let now = now();
    let v = verifier(VerifierBuilder::with_provider(AwsLcProvider), &signer, alg);
    let mut buf = vec![0u8; 6147];
    let mut cache = TokenCache::new(vec![sessionjwt::CacheSlot::default(); 256]);
    cache.verify(&v, token.as_bytes(), now, &mut buf).unwrap();
    let shared = sessionjwt::SharedTokenCache::new(256);
    shared
        .verify_owned(&v, token.as_bytes(), now, vec![0u8; 6147])
        .unwrap();
    let mut g = c.benchmark_group("cache");
    g.bench_function("cold_verify", |b| {
        b.iter(|| v.verify(black_box(token.as_bytes()), now, &mut buf).is_ok())
    });
    g.bench_function("hit", |b| {
        b.iter(|| {
            cache
                .verify(&v, black_box(token.as_bytes()), now, &mut buf)
                .is_ok()
        })
    });
    g.bench_function("shared_hit_owned", |b| {
        let mut owned = Some(vec![0u8; 6147]);
        b.iter(|| {
            let verified = shared
                .verify_owned(&v, black_box(token.as_bytes()), now, owned.take().unwrap())
                .unwrap();
            owned = Some(verified.into_buffer());
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = rs256, stages, algorithms, cache
}
criterion_main!(benches);
