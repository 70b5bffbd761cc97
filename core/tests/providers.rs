//! Every provider gives the same outcome for the same token: valid signatures, tampered ones,
//! wrong lengths, out-of-range values, keys a provider cannot parse. Runs ring as a run-time
//! provider (`Verifier`), ring as a static type (`Verifier<RingProvider>`), and aws-lc with
//! keys parsed once (`Verifier<AwsLcProvider>`, feature `aws-lc-rs`).

mod common;

use common::*;
use sessionjwt::{
    Algorithm, AlgorithmSet, CryptoProvider, Error, KeyFamily, KeyMaterial, RingProvider,
    UnixTimeMs, Verifier, VerifierBuilder,
};

/// Runs `token` through every provider; all must agree, and the common outcome is returned.
fn outcome(signer: &Signer, allowed: AlgorithmSet, token: &str) -> Result<(), Error> {
    fn one<P: CryptoProvider + Clone>(
        signer: &Signer,
        b: VerifierBuilder<P>,
        allowed: AlgorithmSet,
        token: &str,
    ) -> Result<(), Error> {
        let v = signer.verifier_with(b, |b| {
            b.algorithms(allowed);
        });
        run(&v, token, NOW_MS).map(|_| ())
    }
    let dynamic = one(signer, Verifier::builder(), allowed, token);
    let ring = one(
        signer,
        VerifierBuilder::with_provider(RingProvider),
        allowed,
        token,
    );
    assert_eq!(dynamic, ring, "run-time and static ring differ on {token}");
    #[cfg(feature = "aws-lc-rs")]
    {
        let aws = one(
            signer,
            VerifierBuilder::with_provider(sessionjwt::AwsLcProvider),
            allowed,
            token,
        );
        assert_eq!(ring, aws, "ring and aws-lc differ on {token}");
    }
    ring
}

/// The token with its signature replaced by `sig`.
fn with_signature(token: &str, sig: &[u8]) -> String {
    let cut = token.rfind('.').unwrap();
    format!("{}.{}", &token[..cut], b64url(sig))
}

fn signature_of(token: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let text = &token[token.rfind('.').unwrap() + 1..];
    let mut out = vec![0u8; text.len()];
    let len = Base64UrlUnpadded::decode(text, &mut out).unwrap().len();
    out.truncate(len);
    out
}

#[test]
fn every_algorithm_agrees_on_valid_and_forged_signatures() {
    for alg in Algorithm::ALL {
        let signer = Signer::for_alg(alg);
        let allowed = AlgorithmSet::EMPTY.with(alg);
        let token = signer.mint_claims(alg, &payload_at_now(""));
        assert_eq!(outcome(&signer, allowed, &token), Ok(()), "{alg:?}");

        let sig = signature_of(&token);
        let mut flipped = sig.clone();
        flipped[sig.len() / 2] ^= 0x01;
        let mut forgeries = vec![
            flipped,
            sig[..sig.len() - 1].to_vec(),
            [&sig[..], &[0]].concat(),
            vec![0; sig.len()],
            vec![0xff; sig.len()],
            vec![],
        ];
        if alg.family() == KeyFamily::Rsa {
            // The modulus itself is out of range as a signature.
            forgeries.push(signer.public_key().material().bytes().to_vec());
        }
        for forged in forgeries {
            assert_eq!(
                outcome(&signer, allowed, &with_signature(&token, &forged)),
                Err(Error::InvalidSignature),
                "{alg:?} accepted a forged signature of {} bytes",
                forged.len()
            );
        }
        // The right signature over another payload.
        let other = signer.mint_claims(alg, &payload_at_now(r#""x":1"#));
        assert_eq!(
            outcome(&signer, allowed, &with_signature(&other, &sig)),
            Err(Error::InvalidSignature),
            "{alg:?}"
        );
    }
}

#[test]
fn keys_prepared_for_several_algorithms_verify_each() {
    // One RSA key allowed for all six RSA algorithms: aws-lc parses it once per algorithm.
    let rsa = Signer::clerk_rsa();
    let all_rsa: AlgorithmSet = Algorithm::ALL
        .into_iter()
        .filter(|a| a.family() == KeyFamily::Rsa)
        .collect();
    for alg in all_rsa.iter() {
        let token = rsa.mint_claims(alg, &payload_at_now(""));
        assert_eq!(outcome(&rsa, all_rsa, &token), Ok(()), "{alg:?}");
        // Allowed, but the key was prepared for RS256 only: not-allowed comes first.
        let only = AlgorithmSet::EMPTY.with(Algorithm::RS256);
        let expected = if alg == Algorithm::RS256 {
            Ok(())
        } else {
            Err(Error::AlgNotAllowed)
        };
        assert_eq!(outcome(&rsa, only, &token), expected, "{alg:?}");
    }
    let hmac = Signer::for_alg(Algorithm::HS512);
    let all_hs = AlgorithmSet::parse_list("HS256,HS384,HS512").unwrap();
    for alg in all_hs.iter() {
        let token = hmac.mint_claims(alg, &payload_at_now(""));
        assert_eq!(outcome(&hmac, all_hs, &token), Ok(()), "{alg:?}");
    }
}

/// A point that is not on P-256 never reaches a provider: the core refuses it when the key
/// is made (security.md §1.10), where before ring refused it only at verification and aws-lc
/// when it prepared the key, each then reporting an invalid signature.
#[test]
fn a_point_off_the_curve_is_refused_before_any_provider_sees_it() {
    let mut point = [0u8; 65];
    point[0] = 4;
    point[64] = 1;
    assert_eq!(
        KeyMaterial::ec(KeyFamily::EcP256, &point).map(|_| ()),
        Err(Error::KeyInvalidPoint)
    );
    // The signer's own point loads, and verifies its token with every provider.
    let signer = Signer::for_alg(Algorithm::ES256);
    let token = signer.mint_claims(Algorithm::ES256, &payload_at_now(""));
    assert_eq!(
        run(&signer.verifier(|_| {}), &token, NOW_MS).map(|_| ()),
        Ok(())
    );
    #[cfg(feature = "aws-lc-rs")]
    {
        let aws = signer.verifier_with(
            VerifierBuilder::with_provider(sessionjwt::AwsLcProvider),
            |_| {},
        );
        assert_eq!(run(&aws, &token, NOW_MS).map(|_| ()), Ok(()));
    }
}

/// The two-phase API works the same over any provider type.
#[test]
fn two_phase_verification_over_a_static_provider() {
    let signer = Signer::for_alg(Algorithm::ES256);
    let token = signer.mint_claims(Algorithm::ES256, &payload_at_now(""));
    let v = signer.verifier_with(VerifierBuilder::with_provider(RingProvider), |_| {});
    let mut buf = vec![0u8; v.limits().buffer_len()];
    let input = v.signature_input(token.as_bytes(), &mut buf).unwrap();
    assert_eq!(input.algorithm(), Algorithm::ES256);
    assert_eq!(input.key_index(), 0);
    let verified = v
        .verify_with_host_verdict(token.as_bytes(), UnixTimeMs(NOW_MS), &mut buf, true)
        .unwrap();
    assert_eq!(verified.subject().as_plain(), Some("user_1"));
    assert_eq!(
        v.verify_with_host_verdict(token.as_bytes(), UnixTimeMs(NOW_MS), &mut buf, false)
            .map(|_| ()),
        Err(Error::InvalidSignature)
    );
}
