//! Generates `ffi-node/errors.mjs`, the error vocabulary of both JavaScript entry points (the
//! Node addon's `index.js` and the edge build's `edge.mjs`, through `marshal.mjs`): every
//! error number with its reason, code, message and action, as the core defines them. Neither
//! entry point asks its native side for the table, so the wasm module carries none of these
//! strings.
//!
//! The test fails when the file and the core disagree; after changing the vocabulary run
//! `SESSIONJWT_BLESS=1 cargo test -p sessionjwt --test js_vocabulary` and review the diff.

use sessionjwt::Error;
use std::fmt::Write;
use std::path::Path;

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn render() -> String {
    let mut errors = Error::ALL.to_vec();
    errors.sort_by_key(|e| e.number());
    let mut out = String::from(
        "// @generated from the core's `Error::ALL` by core/tests/js_vocabulary.rs\n\
         // (`SESSIONJWT_BLESS=1 cargo test -p sessionjwt --test js_vocabulary`). Do not edit.\n\
         //\n\
         // number: [reason (Clerk's TokenVerificationErrorReason), code, message, action or null]\n\
         \n\
         export default {\n",
    );
    for e in errors {
        writeln!(
            out,
            "  {}: [{}, {}, {}, {}],",
            e.number(),
            js_string(e.reason()),
            js_string(e.code()),
            js_string(e.message()),
            e.action().map_or_else(|| "null".to_owned(), js_string)
        )
        .unwrap();
    }
    out.push_str("};\n");
    out
}

#[test]
fn errors_mjs_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ffi-node/errors.mjs");
    let want = render();
    if std::env::var_os("SESSIONJWT_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ffi-node/errors.mjs is stale: run `SESSIONJWT_BLESS=1 cargo test -p sessionjwt --test js_vocabulary`"
    );
}

#[test]
fn actions_are_clerks() {
    const ENSURE: &str = "Make sure that this is a valid Clerk-generated JWT.";
    for (e, want) in [
        (Error::InvalidType, Some(ENSURE)),
        (Error::InvalidCategory, Some(ENSURE)),
        (Error::AlgNotAllowed, Some(ENSURE)),
        (Error::IssuerMismatch, Some(ENSURE)),
        (Error::InvalidSubject, Some(ENSURE)),
        (Error::AudienceMismatch, Some(ENSURE)),
        (Error::InvalidExpiration, Some(ENSURE)),
        (
            Error::NoKey,
            Some("Set the CLERK_JWT_KEY environment variable."),
        ),
        (Error::SegmentCount, None),
        (Error::DuplicateMember, None),
        (Error::InvalidSignature, None),
        (Error::Expired, None),
        (Error::NotYetValid, None),
        (Error::IssuedInFuture, None),
        (Error::AuthorizedPartyMismatch, None),
        (Error::KeyPem, None),
        (Error::UnknownAlgorithm, None),
    ] {
        assert_eq!(e.action(), want, "{e:?}");
    }
    assert!(Error::KidNotFound
        .action()
        .is_some_and(|a| a.starts_with("Go to your Dashboard")));
}
