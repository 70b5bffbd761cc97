//! The error vocabulary: every variant has a Clerk reason, a unique fine code and a unique,
//! stable number; the mapping is total and injective.

use sessionjwt::Error;
use std::collections::BTreeSet;

const CLERK_REASONS: &[&str] = &[
    "token-expired",
    "token-not-active-yet",
    "token-iat-in-the-future",
    "token-invalid",
    "token-invalid-algorithm",
    "token-invalid-authorized-parties",
    "token-invalid-issuer",
    "token-invalid-signature",
    "token-verification-failed",
    "jwk-kid-mismatch",
    "jwk-failed-to-resolve",
    "jwk-invalid",
];

#[test]
fn mapping_is_total_and_injective() {
    let mut codes = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for &e in Error::ALL {
        assert!(
            CLERK_REASONS.contains(&e.reason()),
            "{e:?} has reason {}",
            e.reason()
        );
        let code = e.code();
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
            "{code}"
        );
        assert!(codes.insert(code), "code {code} used twice");
        assert!(
            numbers.insert(e.number()),
            "number {} used twice",
            e.number()
        );
        assert!((101..800).contains(&e.number()), "{e:?}");
        assert_eq!(Error::from_number(e.number()), Some(e));
        assert!(!e.message().is_empty());
        assert!(e.to_string().contains(e.code()));
    }
    assert_eq!(Error::from_number(0), None);
    assert_eq!(Error::from_number(100), None);
}

#[test]
fn stage_blocks_follow_the_pipeline() {
    let block = |e: Error| e.number() / 100;
    assert_eq!(block(Error::TokenTooLarge), 1);
    assert_eq!(block(Error::DuplicateMember), 2);
    assert_eq!(block(Error::CritUnsupported), 3);
    assert_eq!(block(Error::KidNotFound), 4);
    assert_eq!(block(Error::InvalidSignature), 5);
    assert_eq!(block(Error::Expired), 6);
    assert_eq!(block(Error::KeyRsaTooSmall), 7);
    // The numbers are part of the C ABI: pin a few.
    assert_eq!(Error::TokenTooLarge.number(), 101);
    assert_eq!(Error::InvalidSignature.number(), 501);
    assert_eq!(Error::Expired.number(), 610);
}

#[test]
fn reasons_match_clerk_for_the_clerk_cases() {
    assert_eq!(Error::Expired.reason(), "token-expired");
    assert_eq!(Error::NotYetValid.reason(), "token-not-active-yet");
    assert_eq!(Error::IssuedInFuture.reason(), "token-iat-in-the-future");
    assert_eq!(Error::SegmentCount.reason(), "token-invalid");
    assert_eq!(Error::InvalidType.reason(), "token-invalid");
    assert_eq!(Error::InvalidCategory.reason(), "token-invalid");
    assert_eq!(Error::AlgNotAllowed.reason(), "token-invalid-algorithm");
    assert_eq!(
        Error::AuthorizedPartyMissing.reason(),
        "token-invalid-authorized-parties"
    );
    assert_eq!(Error::IssuerMismatch.reason(), "token-invalid-issuer");
    assert_eq!(Error::InvalidSignature.reason(), "token-invalid-signature");
    assert_eq!(Error::InvalidSubject.reason(), "token-verification-failed");
    assert_eq!(
        Error::AudienceMismatch.reason(),
        "token-verification-failed"
    );
    assert_eq!(Error::KidNotFound.reason(), "jwk-kid-mismatch");
    assert_eq!(Error::NoKey.reason(), "jwk-failed-to-resolve");
    assert_eq!(
        Error::SegmentCount.message(),
        "Invalid JWT form. A JWT consists of three parts separated by dots."
    );
    assert_eq!(
        Error::InvalidSignature.message(),
        "JWT signature is invalid."
    );
}
