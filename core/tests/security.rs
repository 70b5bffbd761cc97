//! The core rows of `shared/spec/security.md` §0–§1: each attack or malformed input with its
//! exact outcome (error variant, hence reason and code).

mod common;

use base64ct::Encoding;
use common::*;
use sessionjwt::{Algorithm, AlgorithmSet, Error, Key, KeyFamily, KeyMaterial, Limits, Verifier};

const RS: Algorithm = Algorithm::RS256;

fn rsa() -> Signer {
    Signer::clerk_rsa()
}

fn clerk_pem() -> String {
    read_shared("conformance/clerk/keys/signing-public-spki.pem")
}

/// A token with the given header JSON and payload JSON, signed by `s` with `alg`.
fn mint(s: &Signer, alg: Algorithm, header: &str, payload: &str) -> String {
    s.mint(alg, header, payload)
}

fn err(v: &Verifier, token: &str) -> Error {
    run(v, token, NOW_MS).expect_err("expected a rejection")
}

fn ok(v: &Verifier, token: &str) {
    if let Err(e) = run(v, token, NOW_MS) {
        panic!("expected acceptance, got {e:?}");
    }
}

// ---- §1.1 algorithm handling -------------------------------------------------------------

#[test]
fn alg_none_in_every_spelling_is_not_allowed() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let payload = b64url(payload_at_now("").as_bytes());
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = b64url(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        assert_eq!(
            err(&v, &format!("{header}.{payload}.")),
            Error::AlgNotAllowed,
            "{alg}"
        );
        let genuine = s.mint_claims(RS, &payload_at_now(""));
        let copied = genuine.rsplit('.').next().unwrap();
        assert_eq!(
            err(&v, &format!("{header}.{payload}.{copied}")),
            Error::AlgNotAllowed,
            "{alg} + copied sig"
        );
        assert_eq!(
            err(&v, &format!("{header}.{payload}")),
            Error::SegmentCount,
            "{alg} 2 segments"
        );
    }
    assert_eq!(
        AlgorithmSet::parse_list("RS256,none"),
        Err(Error::UnknownAlgorithm)
    );
    assert_eq!(Error::UnknownAlgorithm.reason(), "token-invalid-algorithm");
}

#[test]
fn genuine_signature_with_an_alg_outside_the_allow_list() {
    let s = rsa();
    let default = s.verifier(|_| {});
    for alg in [
        Algorithm::RS512,
        Algorithm::PS256,
        Algorithm::RS384,
        Algorithm::PS512,
    ] {
        let t = s.mint_claims(alg, &payload_at_now(""));
        assert_eq!(err(&default, &t), Error::AlgNotAllowed, "{alg:?}");
        let listed = s.verifier(|b| {
            b.algorithms(AlgorithmSet::EMPTY.with(RS).with(alg));
        });
        ok(&listed, &t);
    }
}

#[test]
fn alg_spelling_tricks_and_non_string_algs() {
    let s = rsa();
    let v = s.verifier(|_| {});
    for alg in [r#""rs256""#, r#""RS256 ""#, r#""RS256\u0000""#, r#""""#] {
        let t = mint(&s, RS, &format!(r#"{{"alg":{alg}}}"#), &payload_at_now(""));
        assert_eq!(err(&v, &t), Error::AlgNotAllowed, "{alg}");
    }
    for header in [
        r#"{"typ":"JWT"}"#,
        r#"{"alg":["RS256"]}"#,
        r#"{"alg":null}"#,
        r#"{"alg":256}"#,
    ] {
        let t = mint(&s, RS, header, &payload_at_now(""));
        assert_eq!(err(&v, &t), Error::AlgMissing, "{header}");
        assert_eq!(Error::AlgMissing.reason(), "token-invalid-algorithm");
    }
    // Escapes are read as JSON.parse reads them: "RS\u0032\u0035\u0036" is RS256 (and
    // escaped spelling tricks stay refused).
    for (alg, verdict) in [
        (r#""RS\u0032\u0035\u0036""#, Ok(())),
        (r#""\u0052\u0053256""#, Ok(())),
        (r#""RS25\u0036 ""#, Err(Error::AlgNotAllowed)),
        (r#""r\u0073256""#, Err(Error::AlgNotAllowed)),
        (r#""n\u006fne""#, Err(Error::AlgNotAllowed)),
    ] {
        let t = mint(&s, RS, &format!(r#"{{"alg":{alg}}}"#), &payload_at_now(""));
        assert_eq!(run(&v, &t, NOW_MS).map(drop), verdict, "{alg}");
    }
}

#[test]
fn the_key_decides_the_family_never_the_header() {
    let s = rsa();
    let ec = Signer::for_alg(Algorithm::ES256);
    let both = s.verifier(|b| {
        b.algorithms(AlgorithmSet::parse_list("RS256,ES256").unwrap());
    });
    let t = ec.mint_claims(Algorithm::ES256, &payload_at_now(""));
    assert_eq!(err(&both, &t), Error::AlgKeyFamilyMismatch);
    assert_eq!(
        Error::AlgKeyFamilyMismatch.reason(),
        "token-invalid-algorithm"
    );
}

#[test]
fn hs256_keyed_with_the_public_key_in_every_form() {
    let pem = clerk_pem();
    let der = pem_der(&pem);
    let pkcs1 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clerk-public-pkcs1.pem"),
    )
    .unwrap();
    let jwk = read_shared("conformance/clerk/keys/public-jwk.json");
    let secrets: Vec<Vec<u8>> = vec![
        pem.clone().into_bytes(),
        pem.trim_end().to_owned().into_bytes(),
        format!("\n{pem}").into_bytes(),
        pkcs1.into_bytes(),
        der.clone(),
        jwk.into_bytes(),
        der[33..33 + 256].to_vec(),
    ];
    let mut rsa_verifier = Verifier::builder();
    rsa_verifier.add_pem(pem.as_bytes()).unwrap();
    let default = rsa_verifier.build().unwrap();
    rsa_verifier.algorithms(AlgorithmSet::parse_list("RS256,HS256").unwrap());
    let hs_allowed = rsa_verifier.build().unwrap();
    for secret in secrets {
        let t = Signer::Hmac(secret).mint_claims(Algorithm::HS256, &payload_at_now(""));
        assert_eq!(err(&default, &t), Error::AlgNotAllowed);
        assert_eq!(err(&hs_allowed, &t), Error::AlgKeyFamilyMismatch);
    }
    // HS256 keyed with the EC point bytes of the configured ES256 key.
    let ec = Signer::for_alg(Algorithm::ES256);
    let v = ec.verifier(|_| {});
    let point = ec.public_key().material().bytes().to_vec();
    let t = Signer::Hmac(point).mint_claims(Algorithm::HS256, &payload_at_now(""));
    assert_eq!(err(&v, &t), Error::AlgNotAllowed);
}

/// The confusion class from the other side (CVE-2017-11424, CVE-2022-29217): a public key
/// handed over as the HMAC secret is refused at load, in every recognisable form. Raw key
/// bytes (a modulus, an EC point) look like any random secret and cannot be told apart.
#[test]
fn a_public_key_is_never_an_hmac_secret() {
    let pem = clerk_pem();
    let der = pem_der(&pem);
    let data = |f: &str| {
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(f),
        )
        .unwrap()
    };
    let pkcs1 = data("clerk-public-pkcs1.pem");
    let ec = data("ec-p256-public.pem");
    let ed = data("ed25519-public.pem");
    let jwk = read_shared("conformance/clerk/keys/public-jwk.json");
    let openssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGc0bqbAEVBvV6hIVtWBzOp5mgdnELnBfbqvDXE1Cvxm user@host";
    let weak_rsa = data("rsa1024-public.pem");
    for secret in [
        pem.clone().into_bytes(),
        format!("  \n{pem}").into_bytes(),
        pem.replace('\n', "\\n").into_bytes(),
        pkcs1.clone().into_bytes(),
        ec.clone().into_bytes(),
        ed.into_bytes(),
        der.clone(),
        pem_der(&pkcs1),
        pem_der(&ec),
        pem_der(&weak_rsa),
        jwk.clone().into_bytes(),
        format!("\t{jwk}").into_bytes(),
        openssh.as_bytes().to_vec(),
        format!("ecdsa-sha2-nistp256 {}", "A".repeat(40)).into_bytes(),
    ] {
        let mut b = Verifier::builder();
        assert_eq!(
            b.add_hmac_secret(&secret).map(drop),
            Err(Error::KeyHmacPublicKey),
            "{}",
            String::from_utf8_lossy(&secret)
        );
        assert_eq!(
            KeyMaterial::hmac(&secret).map(drop),
            Err(Error::KeyHmacPublicKey)
        );
    }
    // Through a JWK too: an oct key whose k is the PEM.
    let oct = format!(r#"{{"kty":"oct","k":"{}"}}"#, b64url(pem.as_bytes()));
    assert_eq!(
        Verifier::builder().add_jwk(oct.as_bytes()).map(drop),
        Err(Error::KeyHmacPublicKey)
    );
    // Controls: random-looking secrets, and the bare modulus bytes (not recognisable).
    for secret in [
        vec![7u8; 64],
        (0..=255u8).collect::<Vec<_>>(),
        der[33..33 + 256].to_vec(),
    ] {
        assert!(Verifier::builder().add_hmac_secret(&secret).is_ok());
    }
}

// ---- §1.2 key selection and header injection ---------------------------------------------

fn two_key_jwks() -> (Signer, Verifier) {
    let s = rsa();
    let pem4096 = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rsa4096-public.pem"),
    )
    .unwrap();
    let mut other = Verifier::builder();
    other.add_pem(pem4096.as_bytes()).unwrap();
    let other_key = other.build().unwrap().keys().keys()[0].material().clone();
    let jwk = |m: &KeyMaterial, kid: &str| {
        let e = m.rsa_exponent().to_be_bytes();
        let e = &e[e.iter().position(|b| *b != 0).unwrap()..];
        format!(
            r#"{{"kty":"RSA","kid":"{kid}","n":"{}","e":"{}"}}"#,
            b64url(m.bytes()),
            b64url(e)
        )
    };
    let mine = s.public_key();
    let jwks = format!(
        r#"{{"keys":[{},{}]}}"#,
        jwk(mine.material(), "ins_a"),
        jwk(&other_key, "ins_b")
    );
    let mut b = Verifier::builder();
    b.add_jwks(jwks.as_bytes()).unwrap();
    (s, b.build().unwrap())
}

#[test]
fn kid_selection_needs_exactly_one_match() {
    let (s, v) = two_key_jwks();
    let p = payload_at_now("");
    ok(&v, &mint(&s, RS, r#"{"alg":"RS256","kid":"ins_a"}"#, &p));
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256"}"#, &p)),
        Error::KidMissing
    );
    assert_eq!(
        err(
            &v,
            &mint(&s, RS, r#"{"alg":"RS256","kid":"ins_unknown"}"#, &p)
        ),
        Error::KidNotFound
    );
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256","kid":"INS_A"}"#, &p)),
        Error::KidNotFound
    );
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256","kid":1}"#, &p)),
        Error::InvalidHeaderField
    );
    let long = format!(r#"{{"alg":"RS256","kid":"{}"}}"#, "k".repeat(3000));
    assert_eq!(err(&v, &mint(&s, RS, &long, &p)), Error::KidNotFound);
    // Signed by the right key but naming the other key's kid.
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256","kid":"ins_b"}"#, &p)),
        Error::InvalidSignature
    );
    assert_eq!(Error::KidNotFound.reason(), "jwk-kid-mismatch");
}

#[test]
fn kid_injection_strings_are_inert() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let p = payload_at_now("");
    for kid in [
        "$(curl evil)|x;`id`",
        "../../../../../../dev/null",
        "' OR '1'='1",
    ] {
        let header = format!(
            r#"{{"alg":"RS256","kid":{}}}"#,
            serde_json::to_string(kid).unwrap()
        );
        ok(&v, &mint(&s, RS, &header, &p));
    }
    // kid path traversal MAC'd with the empty key, and SQL-injected secrets: never HMAC.
    for kid in [
        "../../../../../../dev/null",
        "x' UNION SELECT 'attacker-secret' -- ",
    ] {
        let header = format!(
            r#"{{"alg":"HS256","kid":{}}}"#,
            serde_json::to_string(kid).unwrap()
        );
        let t = Signer::Hmac(b"attacker-secret".to_vec()).mint(Algorithm::HS256, &header, &p);
        assert_eq!(err(&v, &t), Error::AlgNotAllowed);
    }
}

#[test]
fn duplicate_kid_and_non_signature_keys_are_never_selected() {
    let s = rsa();
    let m = s.public_key();
    let jwk = |extra: &str| {
        let e = m.material().rsa_exponent().to_be_bytes();
        let e = &e[e.iter().position(|b| *b != 0).unwrap()..];
        format!(
            r#"{{"kty":"RSA","kid":"k1","n":"{}","e":"{}"{extra}}}"#,
            b64url(m.material().bytes()),
            b64url(e)
        )
    };
    let p = payload_at_now("");
    let t = mint(&s, RS, r#"{"alg":"RS256","kid":"k1"}"#, &p);
    for (jwks, want) in [
        (
            format!(r#"{{"keys":[{},{}]}}"#, jwk(""), jwk("")),
            Error::KidNotFound,
        ),
        (
            format!(r#"{{"keys":[{}]}}"#, jwk(r#","use":"enc""#)),
            Error::KidNotFound,
        ),
        (
            format!(r#"{{"keys":[{}]}}"#, jwk(r#","key_ops":["encrypt"]"#)),
            Error::KidNotFound,
        ),
    ] {
        let mut b = Verifier::builder();
        b.add_jwks(jwks.as_bytes()).unwrap();
        assert_eq!(err(&b.build().unwrap(), &t), want, "{jwks}");
    }
    let mut b = Verifier::builder();
    b.add_jwks(
        format!(
            r#"{{"keys":[{}]}}"#,
            jwk(r#","use":"sig","key_ops":["verify"]"#)
        )
        .as_bytes(),
    )
    .unwrap();
    ok(&b.build().unwrap(), &t);
    // A JWK pinned to RS256 refuses an RS512 token even when the allow-list has both.
    let mut b = Verifier::builder();
    b.add_jwks(format!(r#"{{"keys":[{}]}}"#, jwk(r#","alg":"RS256""#)).as_bytes())
        .unwrap();
    b.algorithms(AlgorithmSet::parse_list("RS256,RS512").unwrap());
    let t512 = mint(&s, Algorithm::RS512, r#"{"alg":"RS512","kid":"k1"}"#, &p);
    assert_eq!(err(&b.build().unwrap(), &t512), Error::KeyAlgMismatch);
}

#[test]
fn embedded_keys_and_urls_are_ignored() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let attacker = Signer::for_alg(Algorithm::ES256);
    let p = payload_at_now("");
    let attacker_rsa = {
        let der = pem_der(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/data/rsa4096-private.pem"),
            )
            .unwrap(),
        );
        Signer::Rsa(ring::signature::RsaKeyPair::from_pkcs8(&der).unwrap())
    };
    for header in [
        r#"{"alg":"RS256","jwk":{"kty":"RSA","n":"xx","e":"AQAB"}}"#,
        r#"{"alg":"RS256","jku":"https://attacker.example/jwks.json"}"#,
        r#"{"alg":"RS256","x5u":"http://169.254.169.254/latest"}"#,
        r#"{"alg":"RS256","x5c":["MIIBIjAN"]}"#,
    ] {
        assert_eq!(
            err(&v, &mint(&attacker_rsa, RS, header, &p)),
            Error::InvalidSignature,
            "{header}"
        );
    }
    let _ = attacker;
    ok(
        &v,
        &mint(
            &s,
            RS,
            r#"{"alg":"RS256","jku":"https://attacker.example/jwks.json"}"#,
            &p,
        ),
    );
}

// ---- §1.3 header parameters ----------------------------------------------------------------

#[test]
fn crit_typ_b64_zip() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let p = payload_at_now("");
    for header in [
        r#"{"alg":"RS256","crit":["x-policy"],"x-policy":"require-mfa"}"#,
        r#"{"alg":"RS256","crit":["exp"]}"#,
        r#"{"alg":"RS256","crit":[]}"#,
        r#"{"alg":"RS256","crit":"x-policy"}"#,
        r#"{"alg":"RS256","b64":false,"crit":["b64"]}"#,
    ] {
        assert_eq!(
            err(&v, &mint(&s, RS, header, &p)),
            Error::CritUnsupported,
            "{header}"
        );
    }
    ok(&v, &mint(&s, RS, r#"{"alg":"RS256","b64":false}"#, &p));
    ok(&v, &mint(&s, RS, r#"{"alg":"RS256","zip":"DEF"}"#, &p));
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256","typ":"at+jwt"}"#, &p)),
        Error::InvalidType
    );
    assert_eq!(
        err(&v, &mint(&s, RS, r#"{"alg":"RS256","typ":null}"#, &p)),
        Error::InvalidType
    );
    let at = s.verifier(|b| {
        b.header_type("at+jwt").unwrap();
    });
    ok(&at, &mint(&s, RS, r#"{"alg":"RS256","typ":"at+jwt"}"#, &p));
    assert_eq!(
        err(&at, &mint(&s, RS, r#"{"alg":"RS256"}"#, &p)),
        Error::InvalidType
    );
    let cat = r#"{"alg":"RS256","cat":"cl_B7d4PD333AAA"}"#;
    assert_eq!(err(&v, &mint(&s, RS, cat, &p)), Error::InvalidCategory);
    // Header numbers must be finite in binary64 (security.md step 4); claims may hold any
    // number JSON allows (a custom claim of 1e400 passes).
    for header in [
        r#"{"alg":"RS256","x":1e400}"#,
        r#"{"alg":"RS256","x":[-2E308]}"#,
    ] {
        assert_eq!(
            err(&v, &mint(&s, RS, header, &p)),
            Error::JsonSyntax,
            "{header}"
        );
    }
    ok(&v, &mint(&s, RS, r#"{"alg":"RS256","x":1e308}"#, &p));
    ok(
        &v,
        &mint(
            &s,
            RS,
            r#"{"alg":"RS256"}"#,
            &payload_at_now(r#""big":1e400"#),
        ),
    );
    // Only the M2M category string is refused by verification, as in Clerk: a `cat` of
    // another type is not a category at all (request authentication signs it out).
    for header in [
        r#"{"alg":"RS256","cat":5}"#,
        r#"{"alg":"RS256","cat":null}"#,
        r#"{"alg":"RS256","cat":["cl_B7d4PD333AAA"]}"#,
        r#"{"alg":"RS256","cat":"cl_B7d4PD222AAA"}"#,
    ] {
        ok(&v, &mint(&s, RS, header, &p));
    }
    // headerType given as an empty list (require_header_type, no type added) accepts no
    // token; given as [""], only typ "".
    let none = s.verifier(|b| {
        b.require_header_type();
    });
    for header in [
        r#"{"alg":"RS256"}"#,
        r#"{"alg":"RS256","typ":"JWT"}"#,
        r#"{"alg":"RS256","typ":""}"#,
    ] {
        assert_eq!(
            err(&none, &mint(&s, RS, header, &p)),
            Error::InvalidType,
            "{header}"
        );
    }
    let empty_type = s.verifier(|b| {
        b.header_type("").unwrap();
    });
    ok(
        &empty_type,
        &mint(&s, RS, r#"{"alg":"RS256","typ":""}"#, &p),
    );
    for header in [r#"{"alg":"RS256"}"#, r#"{"alg":"RS256","typ":"JWT"}"#] {
        assert_eq!(
            err(&empty_type, &mint(&s, RS, header, &p)),
            Error::InvalidType,
            "{header}"
        );
    }
}

// ---- §1.4 signature and crypto edge cases --------------------------------------------------

#[test]
fn rsa_signature_length_and_range() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(RS, &payload_at_now(""));
    ok(&v, &t);
    let sig = sig_of(&t);
    let n = s.public_key().material().bytes().to_vec();
    let mut n_minus_1 = n.clone();
    *n_minus_1.last_mut().unwrap() -= 1;
    let mut one = vec![0u8; 256];
    one[255] = 1;
    for bad in [
        vec![],
        sig[..255].to_vec(),
        [&[0u8][..], &sig].concat(),
        [&sig[..], &[0u8][..]].concat(),
        vec![0u8; 256],
        one,
        n_minus_1,
        n.clone(),
        add_big_endian(&sig, &n),
    ] {
        assert_eq!(
            err(&v, &with_sig(&t, &bad)),
            Error::InvalidSignature,
            "len {}",
            bad.len()
        );
    }
    // RS256 header over an RS512 or PSS signature of the same input.
    let input = t.rsplit_once('.').unwrap().0;
    for alg in [Algorithm::RS512, Algorithm::PS256] {
        assert_eq!(
            err(&v, &with_sig(&t, &s.sign(alg, input.as_bytes()))),
            Error::InvalidSignature
        );
    }
    // A 2000-byte signature is decoded no further than its validity check.
    assert_eq!(
        err(&v, &with_sig(&t, &[7u8; 2000])),
        Error::InvalidSignature
    );
}

const P256_N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

#[test]
fn ecdsa_psychic_signatures_encodings_and_high_s() {
    let s = Signer::for_alg(Algorithm::ES256);
    let v = s.verifier(|_| {});
    let t = s.mint_claims(Algorithm::ES256, &payload_at_now(""));
    ok(&v, &t);
    let sig = sig_of(&t);
    let (r, sv) = sig.split_at(32);
    let mut one = [0u8; 32];
    one[31] = 1;
    let der = {
        let int = |x: &[u8]| {
            let x: Vec<u8> = if x[0] & 0x80 != 0 {
                [&[0u8][..], x].concat()
            } else {
                x.to_vec()
            };
            [&[0x02, x.len() as u8][..], &x].concat()
        };
        let body = [int(r), int(sv)].concat();
        [&[0x30, body.len() as u8][..], &body].concat()
    };
    for bad in [
        vec![0u8; 64],
        [&[0u8; 32][..], sv].concat(),
        [r, &[0u8; 32][..]].concat(),
        [&P256_N[..], &P256_N[..]].concat(),
        [&one[..], &one[..]].concat(),
        der,
        sig[..63].to_vec(),
        [&sig[..], &[0u8][..]].concat(),
    ] {
        assert_eq!(
            err(&v, &with_sig(&t, &bad)),
            Error::InvalidSignature,
            "len {}",
            bad.len()
        );
    }
    // High-S (r, n - s) is accepted: JOSE has no low-S rule.
    ok(
        &v,
        &with_sig(&t, &[r, &sub_big_endian(&P256_N, sv)[..]].concat()),
    );
}

const ED25519_L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

#[test]
fn ed25519_malleability_and_length() {
    let s = Signer::for_alg(Algorithm::EdDSA);
    let v = s.verifier(|_| {});
    let t = s.mint_claims(Algorithm::EdDSA, &payload_at_now(""));
    ok(&v, &t);
    let sig = sig_of(&t);
    // S + L, little-endian.
    let mut s_plus_l = sig.clone();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(s_plus_l[32 + i]) + u16::from(ED25519_L[i]) + carry;
        s_plus_l[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    for bad in [s_plus_l, sig[..63].to_vec(), vec![0u8; 64]] {
        assert_eq!(err(&v, &with_sig(&t, &bad)), Error::InvalidSignature);
    }
}

/// A public key of small order verifies `R` = identity, `S` = 0 for any message (ring and
/// aws-lc check cofactorless and take any point as a key), so such keys, and non-canonical
/// encodings, are refused at load in every form: raw, JWK, JWKS member and SPKI.
#[test]
fn ed25519_small_order_and_non_canonical_keys_are_refused() {
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let mut order8 = [0u8; 32];
    order8.copy_from_slice(
        &(0..32)
            .map(|i| {
                u8::from_str_radix(
                    &"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"
                        [2 * i..2 * i + 2],
                    16,
                )
                .unwrap()
            })
            .collect::<Vec<_>>(),
    );
    let mut p_plus_1 = [0xffu8; 32];
    p_plus_1[0] = 0xee;
    p_plus_1[31] = 0x7f;
    let mut negative_zero = [0u8; 32];
    negative_zero[31] = 0x80;
    for key in [identity, order8, p_plus_1, negative_zero] {
        assert_eq!(
            KeyMaterial::ed25519(&key).map(drop),
            Err(Error::KeyInvalidPoint)
        );
        let jwk = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{}"}}"#, b64url(&key));
        let mut b = Verifier::builder();
        assert_eq!(
            b.add_jwk(jwk.as_bytes()).map(drop),
            Err(Error::KeyInvalidPoint)
        );
        let jwks = format!(r#"{{"keys":[{jwk}]}}"#);
        assert_eq!(
            b.add_jwks(jwks.as_bytes()).map(drop),
            Err(Error::KeyInvalidPoint)
        );
        let mut spki = vec![
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
        ];
        spki.extend_from_slice(&key);
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            {
                let mut buf = vec![0u8; 64];
                base64ct::Base64::encode(&spki, &mut buf)
                    .unwrap()
                    .to_owned()
            }
        );
        assert_eq!(
            b.add_pem(pem.as_bytes()).map(drop),
            Err(Error::KeyInvalidPoint)
        );
    }
}

#[test]
fn hmac_truncation_and_wrong_hash() {
    let s = Signer::for_alg(Algorithm::HS256);
    let v = s.verifier(|_| {});
    let t = s.mint_claims(Algorithm::HS256, &payload_at_now(""));
    ok(&v, &t);
    let sig = sig_of(&t);
    let input = t.rsplit_once('.').unwrap().0;
    for bad in [
        sig[..16].to_vec(),
        sig[..1].to_vec(),
        vec![],
        s.sign(Algorithm::HS512, input.as_bytes()),
        Signer::Hmac(b"secretsecretsecretsecretsecret!!".to_vec())
            .sign(Algorithm::HS256, input.as_bytes()),
    ] {
        assert_eq!(err(&v, &with_sig(&t, &bad)), Error::InvalidSignature);
    }
}

#[test]
fn every_algorithm_round_trips() {
    for alg in Algorithm::ALL {
        let s = Signer::for_alg(alg);
        let v = s.verifier(|b| {
            b.algorithms(AlgorithmSet::EMPTY.with(alg));
        });
        let t = s.mint_claims(alg, &payload_at_now(""));
        ok(&v, &t);
        let mut tampered = t.clone().into_bytes();
        let i = t.find('.').unwrap() + 3;
        tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
        let e = err(&v, std::str::from_utf8(&tampered).unwrap());
        assert!(
            matches!(e, Error::InvalidSignature | Error::Base64),
            "{alg:?}: {e:?}"
        );
    }
}

#[test]
fn rsa_4096_keys_verify() {
    let der = pem_der(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rsa4096-private.pem"),
        )
        .unwrap(),
    );
    let s = Signer::Rsa(ring::signature::RsaKeyPair::from_pkcs8(&der).unwrap());
    let v = s.verifier(|_| {});
    ok(&v, &s.mint_claims(RS, &payload_at_now("")));
    assert_eq!(s.public_key().material().rsa_bits(), 4096);
}

/// Bleichenbacher's 2006 forgery against e = 3 (CVE-2006-4339 class): a cube root `s` of
/// `00 01 FF 00 DigestInfo(SHA-256(input)) garbage`, so `s^3 < n` reproduces the prefix
/// without any modular reduction. A verifier that checks the prefix but not the full
/// padding accepts it; the key is a genuine RSA-2048 key with e = 3, which loads (an odd
/// exponent of at least 3). The signature was computed once (integer cube root) over the header
/// `{"alg":"RS256"}` and `payload_at_now("")`.
const BLEICHENBACHER_E3: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEiLCJzaWQiOiJzZXNzXzEiLCJpYXQiOjE2NjY2NDgyNTAsIm5iZiI6MTY2NjY0ODI0MCwiZXhwIjoxNjY2NjQ4MzEwfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMsOGJIRZEYF78SXDzxU0PO4TifjPAhcVpSGYRrsriZ5iFRnIGmqVWwROo17V2dFRhk86oawaieoqu4h0cktZNeEuANQFJE0rE5X7pL73QorDOhdRew";

#[test]
fn bleichenbacher_e3_forgery_is_refused_by_every_provider() {
    assert_eq!(
        payload_at_now(""),
        r#"{"sub":"user_1","sid":"sess_1","iat":1666648250,"nbf":1666648240,"exp":1666648310}"#
    );
    let pem = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rsa2048-e3-public.pem"),
    )
    .unwrap();
    let mut ring = Verifier::builder();
    ring.add_pem(pem.as_bytes()).unwrap();
    let ring = ring.build().unwrap();
    assert_eq!(ring.keys().keys()[0].material().rsa_exponent(), 3);
    assert_eq!(err(&ring, BLEICHENBACHER_E3), Error::InvalidSignature);
    let mut aws = sessionjwt::VerifierBuilder::with_provider(sessionjwt::AwsLcProvider);
    aws.add_pem(pem.as_bytes()).unwrap();
    let aws = aws.build().unwrap();
    assert_eq!(
        run(&aws, BLEICHENBACHER_E3, NOW_MS).map(drop),
        Err(Error::InvalidSignature)
    );
}

/// A real JWE (RSA-OAEP-256 key wrap, A256GCM content), not only its five-part shape: refused
/// by structure before any key or algorithm is consulted.
#[test]
fn a_real_jwe_is_refused_by_structure() {
    let jwe = "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.shaAYXG9s6OQCCHXo7rzUDirxQxCKjsKR96hhnNuERdRY9OErn-SYGr46WigHZobwNuuaV8LDdxHmHsbOzt7lqapP9AeJYytPIZMtlhLkRRHdGNfV96HW_pZPmSyjSA9Zqo1nvFuCyKEkYbheKh66qNfVYb7QXQsBAOu1AS1EHkZUIe4JuwIu2C28VVTl0S1CT3D_P2uJpmHssDIEO66pRJRC8cq3PmFe69zweI15Q1NXuKxGcYIu7N3HgQooqlM1IWS2ALoJ8lPFHMZ05VZohIwKn8LLCoNdTEg3ZbfjLSmjiC1lsLBBQUM-kdqu2GeOlyBZNKv8BRXbaAMxgiqrw.WrPm9SsM9RIy5j81.FdYHff91q4TbhBPXio455ZxOAsmQvLblU8YjzmkAUHz0.yuU-BG7rhrrD4-74sTOpDw";
    let v = rsa().verifier(|_| {});
    assert_eq!(err(&v, jwe), Error::SegmentCount);
}

// ---- §1.5 structure and base64url ---------------------------------------------------------

#[test]
fn structure_and_encoding() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(RS, &payload_at_now(""));
    let (h, rest) = t.split_once('.').unwrap();
    let (p, sig) = rest.split_once('.').unwrap();
    for (bad, want) in [
        (String::new(), Error::SegmentCount),
        (h.to_owned(), Error::SegmentCount),
        (format!("{h}.{p}"), Error::SegmentCount),
        ("..".to_owned(), Error::JsonSyntax),
        (format!("{t}."), Error::SegmentCount),
        (format!("{t}.e30"), Error::SegmentCount),
        (format!("{h}.{p}.{sig}.{sig}.{sig}"), Error::SegmentCount),
        (
            format!(r#"{{"payload":"{p}","protected":"{h}","signature":"{sig}"}}"#),
            Error::SegmentCount,
        ),
        (format!("{t}=="), Error::Padding),
        (format!("{h}=.{p}.{sig}"), Error::Padding),
        (
            format!(
                "{h}.{p}.{}",
                sig.replacen('-', "+", 1).replacen('_', "/", 1)
            ),
            Error::InvalidCharacter,
        ),
        (format!(" {t}"), Error::InvalidCharacter),
        (format!("{t}\n"), Error::InvalidCharacter),
        (
            format!("{h}.{}\r\n{}.{sig}", &p[..10], &p[10..]),
            Error::InvalidCharacter,
        ),
        (
            format!("{h}.{p}.{}\t{}", &sig[..10], &sig[10..]),
            Error::InvalidCharacter,
        ),
        (format!("{h}.{p}?.{sig}"), Error::InvalidCharacter),
        (
            format!("{h}.{p}.{}é", &sig[..sig.len() - 1]),
            Error::InvalidCharacter,
        ),
        (format!("{h}.{p}AAA.{sig}"), Error::Base64),
    ] {
        assert_eq!(err(&v, &bad), want, "{bad:?}");
    }
    // Only the unused low bits of the last character changed: same octets, another string.
    let last = sig.as_bytes()[sig.len() - 1];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.iter().position(|c| *c == last).unwrap();
    let changed = alphabet[idx ^ 1] as char; // 256-byte sig: 4 unused bits (len % 4 == 3 → 2 bits)
    let bad = format!("{h}.{p}.{}{changed}", &sig[..sig.len() - 1]);
    assert_eq!(err(&v, &bad), Error::Base64);
    // Many dots, within and beyond the size limit: rejected without splitting into pieces.
    assert_eq!(err(&v, &".".repeat(8000)), Error::SegmentCount);
    assert_eq!(err(&v, &"a.".repeat(4000)), Error::SegmentCount);
    assert_eq!(err(&v, &".".repeat(65536)), Error::TokenTooLarge);
}

// ---- §1.6 JSON-level attacks ---------------------------------------------------------------

#[test]
fn duplicate_members_and_escaped_names() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let base = r#""iat":1666648250,"nbf":1666648240,"exp":1666648310"#;
    for payload in [
        format!(r#"{{"sub":"user_a",{base},"sub":"user_admin"}}"#),
        format!(r#"{{"sub":"user_a",{base},"s\u0075b":"user_admin"}}"#),
        r#"{"sub":"user_a","iat":1666648250,"exp":1,"exp":1666648310}"#.to_owned(),
        format!(r#"{{"sub":"user_a",{base},"o":{{"rol":"member","rol":"admin"}}}}"#),
    ] {
        assert_eq!(
            err(&v, &s.mint_claims(RS, &payload)),
            Error::DuplicateMember,
            "{payload}"
        );
    }
    for header in [
        r#"{"alg":"none","alg":"RS256"}"#,
        r#"{"alg":"RS256","\u0061lg":"RS256"}"#,
    ] {
        assert_eq!(
            err(&v, &mint(&s, RS, header, &payload_at_now(""))),
            Error::DuplicateMember
        );
    }
    // An escaped name still names the claim.
    let escaped = format!(r#"{{"s\u0075b":"user_e",{base}}}"#);
    let json = run(&v, &s.mint_claims(RS, &escaped), NOW_MS).unwrap();
    assert!(json.contains(r#""s\u0075b":"user_e""#));
}

#[test]
fn utf8_bom_escapes_and_lenient_json() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let mint_raw = |header: &[u8], payload: &[u8]| {
        let input = format!("{}.{}", b64url(header), b64url(payload));
        let sig = s.sign(RS, input.as_bytes());
        format!("{input}.{}", b64url(&sig))
    };
    let h = br#"{"alg":"RS256"}"#;
    let good = payload_at_now("");
    let with_sub = |sub: &[u8]| [&br#"{"sub":""#[..], sub, &good.as_bytes()[14..]].concat();
    assert_eq!(
        err(&v, &mint_raw(h, &with_sub(b"\xc0\xaf"))),
        Error::InvalidUtf8
    );
    assert_eq!(
        err(&v, &mint_raw(h, &with_sub(b"\xed\xa0\x80"))),
        Error::InvalidUtf8
    );
    assert_eq!(
        err(&v, &mint_raw(b"{\"alg\":\"RS256\xff\"}", good.as_bytes())),
        Error::InvalidUtf8
    );
    assert_eq!(
        err(
            &v,
            &mint_raw(&[b"\xef\xbb\xbf", &h[..]].concat(), good.as_bytes())
        ),
        Error::JsonSyntax
    );
    assert_eq!(
        err(
            &v,
            &mint_raw(h, &[b"\xef\xbb\xbf", good.as_bytes()].concat())
        ),
        Error::JsonSyntax
    );
    assert_eq!(
        err(&v, &mint_raw(h, &with_sub(br"\ud800"))),
        Error::InvalidEscape
    );
    assert!(run(&v, &mint_raw(h, &with_sub(br"\ud83d\ude00")), NOW_MS).is_ok());
    // "\u0000" inside sub: accepted, and the subject keeps all its bytes.
    let t = mint_raw(h, &with_sub(br"user_2test\u0000admin"));
    let mut buf = vec![0u8; 8192];
    let verified = v
        .verify(t.as_bytes(), sessionjwt::UnixTimeMs(NOW_MS), &mut buf)
        .unwrap();
    let mut out = [0u8; 64];
    assert_eq!(
        verified.subject().unescape_into(&mut out),
        Some("user_2test\0admin")
    );
    assert_eq!(verified.subject().unescaped_len(), 16);
    // Escaped slashes compare after unescaping.
    let azp = s.verifier(|b| {
        b.authorized_party("https://app.example.com").unwrap();
    });
    ok(
        &azp,
        &s.mint_claims(RS, &payload_at_now(r#""azp":"https:\/\/app.example.com""#)),
    );
    for bad in [
        "{\"sub\":\"a\nb\",\"exp\":1666648310}",
        r#"{"sub":"a","exp":NaN}"#,
        r#"{"sub":"a","exp":Infinity}"#,
        r#"{"sub":"a","exp":1666648310} x"#,
        r#"{"sub":"a","exp":1666648310,}"#,
        r#"{'sub':'a','exp':1666648310}"#,
        r#"{"sub":"a",/*c*/"exp":1666648310}"#,
    ] {
        assert_eq!(
            err(&v, &mint_raw(h, bad.as_bytes())),
            Error::JsonSyntax,
            "{bad}"
        );
    }
    for bad in ["[]", r#""sub""#, "1", "null", "true"] {
        assert_eq!(
            err(&v, &mint_raw(h, bad.as_bytes())),
            Error::NotAnObject,
            "{bad}"
        );
    }
    assert_eq!(
        err(&v, &mint_raw(br#"["RS256"]"#, good.as_bytes())),
        Error::NotAnObject
    );
    // Depth: 1000 nested arrays rejected cleanly; depth 20 is fine.
    let nested =
        |n: usize| payload_at_now(&format!(r#""deep":{}1{}"#, "[".repeat(n), "]".repeat(n)));
    assert_eq!(
        err(&v, &s.mint_claims(RS, &nested(1000))),
        Error::JsonTooDeep
    );
    ok(&v, &s.mint_claims(RS, &nested(20)));
    // A custom claim that overflows binary64 is not a time claim: accepted.
    ok(&v, &s.mint_claims(RS, &payload_at_now(r#""big":1e400"#)));
    // Insignificant whitespace, as in RFC 7515 A.1.
    ok(
        &v,
        &mint_raw(b"{\"typ\":\"JWT\",\r\n \"alg\":\"RS256\"}", good.as_bytes()),
    );
}

// ---- §1.7 size limits ----------------------------------------------------------------------

#[test]
fn size_limit_is_checked_first_and_configurable() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(RS, &payload_at_now(""));
    let fill = |total: usize| {
        let pad = total - t.len();
        // Grow the payload so the token is exactly `total` bytes long (3 JSON bytes -> 4 chars).
        let extra = format!(r#""pad":"{}""#, "x".repeat(pad * 3 / 4));
        let mut tok = s.mint_claims(RS, &payload_at_now(&extra));
        let mut n = pad * 3 / 4;
        while tok.len() > total {
            n -= 1;
            tok = s.mint_claims(
                RS,
                &payload_at_now(&format!(r#""pad":"{}""#, "x".repeat(n))),
            );
        }
        while tok.len() < total {
            n += 1;
            tok = s.mint_claims(
                RS,
                &payload_at_now(&format!(r#""pad":"{}""#, "x".repeat(n))),
            );
        }
        tok
    };
    let t4096 = fill(4096);
    ok(&v, &t4096);
    let t8192 = fill(8192);
    assert_eq!(t8192.len(), 8192);
    ok(&v, &t8192);
    assert_eq!(err(&v, &format!("{t8192}A")), Error::TokenTooLarge);
    assert_eq!(err(&v, &"A".repeat(65536)), Error::TokenTooLarge);
    let small = s.verifier(|b| {
        b.limits(Limits {
            max_token_bytes: 1000,
            ..Limits::DEFAULT
        })
        .unwrap();
    });
    assert_eq!(err(&small, &t4096), Error::TokenTooLarge);
    // A caller buffer too small for the decoded parts is refused, not overrun.
    let mut tiny = [0u8; 100];
    let r = v
        .verify(t4096.as_bytes(), sessionjwt::UnixTimeMs(NOW_MS), &mut tiny)
        .map(|_| ());
    assert_eq!(r, Err(Error::TokenTooLarge));
}

// ---- §1.8 time claims and numbers ----------------------------------------------------------

fn with_exp(exp: &str) -> String {
    format!(r#"{{"sub":"u","exp":{exp}}}"#)
}

#[test]
fn time_boundaries_at_skew_0_and_5000() {
    let s = Signer::for_alg(Algorithm::HS256);
    let hs = Algorithm::HS256;
    let skew0 = s.verifier(|b| {
        b.clock_skew_ms(0);
    });
    let skew5 = s.verifier(|_| {});
    let now = NOW_S;
    let at = |v: &Verifier, payload: &str| run(v, &s.mint_claims(hs, payload), NOW_MS).map(|_| ());
    assert_eq!(
        at(&skew0, &with_exp(&now.to_string())),
        Err(Error::Expired),
        "exp == now, skew 0"
    );
    assert_eq!(at(&skew0, &with_exp(&(now + 1).to_string())), Ok(()));
    assert_eq!(
        at(&skew5, &with_exp(&(now - 5).to_string())),
        Err(Error::Expired)
    );
    assert_eq!(at(&skew5, &with_exp(&(now - 4).to_string())), Ok(()));
    assert_eq!(at(&skew0, &with_exp(&format!("{}.5", now + 60))), Ok(()));
    assert_eq!(
        at(&skew0, &with_exp(&format!("{}.5", now - 1))),
        Err(Error::Expired)
    );
    assert_eq!(
        at(&skew0, &with_exp(&format!("{}.9", now))),
        Err(Error::Expired),
        "truncation"
    );
    assert_eq!(
        at(&skew0, &with_exp("170000007e1")),
        Ok(()),
        "exponent notation"
    );
    for exp in ["0", "-1", "1"] {
        assert_eq!(at(&skew5, &with_exp(exp)), Err(Error::Expired), "{exp}");
    }
    assert_eq!(at(&skew5, &with_exp("-1e13")), Err(Error::Expired));
    for bad in [
        r#""1700003600""#,
        r#""never""#,
        "null",
        "true",
        "[1]",
        "{}",
        "1e400",
        "-1e400",
        "9223372036854775808",
        "18446744073709551615",
    ] {
        assert_eq!(
            at(&skew5, &with_exp(bad)),
            Err(Error::InvalidExpiration),
            "{bad}"
        );
    }
    assert_eq!(at(&skew5, r#"{"sub":"u"}"#), Err(Error::InvalidExpiration));
    let exp = now + 60;
    let t = |extra: &str| format!(r#"{{"sub":"u","exp":{exp},{extra}}}"#);
    assert_eq!(
        at(&skew5, &t(&format!(r#""nbf":{}"#, now + 6))),
        Err(Error::NotYetValid)
    );
    assert_eq!(at(&skew5, &t(&format!(r#""nbf":{}"#, now + 5))), Ok(()));
    assert_eq!(at(&skew0, &t(&format!(r#""nbf":{now}"#))), Ok(()));
    assert_eq!(
        at(&skew0, &t(&format!(r#""nbf":{}"#, now + 1))),
        Err(Error::NotYetValid)
    );
    assert_eq!(at(&skew5, &t(r#""nbf":1e13"#)), Err(Error::NotYetValid));
    assert_eq!(
        at(&skew5, &t(&format!(r#""iat":{}"#, now + 6))),
        Err(Error::IssuedInFuture)
    );
    assert_eq!(at(&skew5, &t(&format!(r#""iat":{}"#, now + 5))), Ok(()));
    assert_eq!(at(&skew0, &t(&format!(r#""iat":{now}"#))), Ok(()));
    assert_eq!(
        at(&skew5, &t(r#""nbf":"1666648240""#)),
        Err(Error::InvalidNotBefore)
    );
    assert_eq!(
        at(&skew5, &t(r#""nbf":null"#)),
        Err(Error::InvalidNotBefore)
    );
    assert_eq!(
        at(&skew5, &t(r#""iat":"yesterday""#)),
        Err(Error::InvalidIssuedAt)
    );
    // Extreme skews never overflow.
    let wide = s.verifier(|b| {
        b.clock_skew_ms(i64::MAX);
    });
    assert_eq!(at(&wide, &with_exp("1")), Ok(()));
    let neg = s.verifier(|b| {
        b.clock_skew_ms(i64::MIN);
    });
    assert_eq!(
        at(&neg, &with_exp(&(now + 60).to_string())),
        Err(Error::Expired)
    );
}

#[test]
fn signature_errors_win_over_claim_errors() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let expired = s.mint_claims(RS, &with_exp("1"));
    let bad_sig = with_sig(&expired, &[1u8; 256]);
    assert_eq!(err(&v, &bad_sig), Error::InvalidSignature);
    let none = format!(
        "{}.{}.",
        b64url(br#"{"alg":"none"}"#),
        b64url(with_exp("1").as_bytes())
    );
    assert_eq!(err(&v, &none), Error::AlgNotAllowed);
    let not_json = format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"RS256"}"#),
        b64url(b"not json"),
        b64url(&[1u8; 256])
    );
    assert_eq!(err(&v, &not_json), Error::InvalidSignature);
}

// ---- §1.9 identity claims ------------------------------------------------------------------

#[test]
fn authorized_parties() {
    let s = Signer::for_alg(Algorithm::HS256);
    let hs = Algorithm::HS256;
    let app = "https://app.example.com";
    let v = s.verifier(|b| {
        b.authorized_party(app).unwrap();
    });
    let with = |azp: &str| run(&v, &s.mint_claims(hs, &payload_at_now(azp)), NOW_MS).map(|_| ());
    assert_eq!(with(&format!(r#""azp":"{app}""#)), Ok(()));
    assert_eq!(with(""), Err(Error::AuthorizedPartyMissing));
    assert_eq!(with(r#""azp":"""#), Err(Error::AuthorizedPartyMissing));
    assert_eq!(with(r#""azp":null"#), Err(Error::AuthorizedPartyMissing));
    for bad in [
        r#""azp":"https://evil.example.com""#.to_owned(),
        format!(r#""azp":["{app}"]"#),
        r#""azp":"https://\u0430pp.example.com""#.to_owned(),
        r#""azp":"https://app\uff0eexample.com""#.to_owned(),
        format!(r#""azp":"{app}/""#),
        r#""azp":"https://APP.example.com""#.to_owned(),
        format!(r#""azp":"{app}\u0000.evil.com""#),
        format!(r#""azp":"{app}.evil.com""#),
    ] {
        assert_eq!(with(&bad), Err(Error::AuthorizedPartyMismatch), "{bad}");
    }
    let empty_listed = s.verifier(|b| {
        b.authorized_party("").unwrap();
    });
    let t = s.mint_claims(hs, &payload_at_now(r#""azp":"""#));
    assert_eq!(
        run(&empty_listed, &t, NOW_MS).unwrap_err(),
        Error::AuthorizedPartyMissing
    );
    let none = s.verifier(|_| {});
    assert!(run(&none, &s.mint_claims(hs, &payload_at_now("")), NOW_MS).is_ok());
    // NFC vs NFD café: compared code point by code point.
    let nfc = s.verifier(|b| {
        b.authorized_party("https://caf\u{e9}.example").unwrap();
    });
    let nfd = s.mint_claims(
        hs,
        &payload_at_now("\"azp\":\"https://cafe\u{301}.example\""),
    );
    assert_eq!(
        run(&nfc, &nfd, NOW_MS).unwrap_err(),
        Error::AuthorizedPartyMismatch
    );
}

#[test]
fn audiences() {
    let s = Signer::for_alg(Algorithm::HS256);
    let hs = Algorithm::HS256;
    let v = s.verifier(|b| {
        b.audience("API").unwrap();
    });
    let with = |aud: &str| run(&v, &s.mint_claims(hs, &payload_at_now(aud)), NOW_MS).map(|_| ());
    assert_eq!(with(r#""aud":"API""#), Ok(()));
    assert_eq!(with(r#""aud":["other","API"]"#), Ok(()));
    assert_eq!(with(""), Err(Error::AudienceMissing));
    for bad in [
        r#""aud":["other"]"#,
        r#""aud":"other""#,
        r#""aud":[]"#,
        r#""aud":[""]"#,
        r#""aud":1"#,
        r#""aud":[1,"API"]"#,
        r#""aud":"API.evil.com""#,
        r#""aud":null"#,
    ] {
        assert_eq!(with(bad), Err(Error::AudienceMismatch), "{bad}");
    }
    let none = s.verifier(|_| {});
    assert!(run(
        &none,
        &s.mint_claims(hs, &payload_at_now(r#""aud":"anything""#)),
        NOW_MS
    )
    .is_ok());
}

#[test]
fn issuers_and_subjects() {
    let s = Signer::for_alg(Algorithm::HS256);
    let hs = Algorithm::HS256;
    let iss = "https://clerk.example.com";
    let v = s.verifier(|b| {
        b.issuer(iss).unwrap();
    });
    let with =
        |extra: &str| run(&v, &s.mint_claims(hs, &payload_at_now(extra)), NOW_MS).map(|_| ());
    assert_eq!(with(&format!(r#""iss":"{iss}""#)), Ok(()));
    for bad in [
        r#""iss":"https://other.example.com""#.to_owned(),
        String::new(),
        format!(r#""iss":"{iss}.evil.com""#),
        r#""iss":"clerk.example""#.to_owned(),
        format!(r#""iss":["{iss}"]"#),
        format!(r#""iss":"{iss}/""#),
    ] {
        assert_eq!(with(&bad), Err(Error::IssuerMismatch), "{bad}");
    }
    let plain = s.verifier(|_| {});
    for sub in [r#"12345"#, "null", r#"{"id":"u"}"#] {
        let t = s.mint_claims(hs, &format!(r#"{{"sub":{sub},"exp":{}}}"#, NOW_S + 60));
        assert_eq!(
            run(&plain, &t, NOW_MS).unwrap_err(),
            Error::InvalidSubject,
            "{sub}"
        );
    }
    let t = s.mint_claims(hs, &format!(r#"{{"exp":{}}}"#, NOW_S + 60));
    assert_eq!(run(&plain, &t, NOW_MS).unwrap_err(), Error::InvalidSubject);
    let t = s.mint_claims(hs, &format!(r#"{{"sub":"","exp":{}}}"#, NOW_S + 60));
    assert!(run(&plain, &t, NOW_MS).is_ok());
}

// ---- §2 RFC 7515 A.1 ---------------------------------------------------------------------

#[test]
fn rfc7515_appendix_a1_hs256() {
    let k =
        "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
    let mut secret = vec![0u8; 64];
    let secret = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode(k, &mut secret)
        .unwrap()
        .to_vec();
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let mut b = Verifier::builder();
    b.add_key(Key::new(KeyMaterial::hmac(&secret).unwrap()))
        .unwrap();
    let v = b.build().unwrap();
    // The signature verifies; the claims have no sub, which Clerk semantics require.
    assert_eq!(
        run(&v, token, 1_300_819_000_000).unwrap_err(),
        Error::InvalidSubject
    );
    assert_eq!(KeyFamily::Hmac, v.keys().keys()[0].material().family());
}

// ---- two-phase verification (host crypto) -------------------------------------------------

#[test]
fn two_phase_verification_with_a_host_verdict() {
    let s = rsa();
    let v = s.verifier(|_| {});
    let t = s.mint_claims(RS, &payload_at_now(""));
    let mut buf = vec![0u8; v.limits().buffer_len()];
    let input = v.signature_input(t.as_bytes(), &mut buf).unwrap();
    assert_eq!(input.algorithm(), RS);
    assert_eq!(input.key_index(), 0);
    assert_eq!(
        input.signing_input(),
        t.rsplit_once('.').unwrap().0.as_bytes()
    );
    assert_eq!(input.signature(), &sig_of(&t)[..]);
    // The host checks the signature with its own crypto (here: ring directly).
    let key = input.key().material();
    let e = key.rsa_exponent().to_be_bytes();
    let e = &e[e.iter().position(|b| *b != 0).unwrap()..];
    let host_ok = ring::signature::RsaPublicKeyComponents { n: key.bytes(), e }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            input.signing_input(),
            input.signature(),
        )
        .is_ok();
    assert!(host_ok);
    let verified = v
        .verify_with_host_verdict(
            t.as_bytes(),
            sessionjwt::UnixTimeMs(NOW_MS),
            &mut buf,
            host_ok,
        )
        .unwrap();
    assert_eq!(verified.subject().as_plain(), Some("user_1"));
    // A negative verdict is a bad signature; claims are still checked after a positive one.
    let r = v.verify_with_host_verdict(
        t.as_bytes(),
        sessionjwt::UnixTimeMs(NOW_MS),
        &mut buf,
        false,
    );
    assert_eq!(r.map(|_| ()), Err(Error::InvalidSignature));
    let late = v.verify_with_host_verdict(
        t.as_bytes(),
        sessionjwt::UnixTimeMs(NOW_MS + 3_600_000),
        &mut buf,
        true,
    );
    assert_eq!(late.map(|_| ()), Err(Error::Expired));
    // Phase 1 alone already refuses what fails before the signature.
    assert_eq!(
        v.signature_input(b"a.b", &mut buf).map(|_| ()),
        Err(Error::SegmentCount)
    );
    let hs = Signer::for_alg(Algorithm::HS256).mint_claims(Algorithm::HS256, &payload_at_now(""));
    assert_eq!(
        v.signature_input(hs.as_bytes(), &mut buf).map(|_| ()),
        Err(Error::AlgNotAllowed)
    );
}

#[test]
fn without_a_provider_verification_fails_closed() {
    // The `ring` provider is compiled in here; a builder can still be given a provider that
    // refuses everything, and verification must then fail with a signature error.
    struct Refuses;
    impl sessionjwt::CryptoProvider for Refuses {
        type PreparedKey = ();
        fn prepare(&self, _: &KeyMaterial, _: sessionjwt::AlgorithmSet) {}
        fn verify(&self, _: Algorithm, _: &KeyMaterial, _: &(), _: &[u8], _: &[u8]) -> bool {
            false
        }
    }
    static REFUSES: Refuses = Refuses;
    let s = rsa();
    let v = s.verifier(|b| {
        b.crypto_provider(&REFUSES);
    });
    assert_eq!(
        err(&v, &s.mint_claims(RS, &payload_at_now(""))),
        Error::InvalidSignature
    );
}
