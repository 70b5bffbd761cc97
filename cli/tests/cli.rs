//! The `sessionjwt` binary, end to end: exit codes, JSON shapes, stdin, the environment, every
//! option, and a mint -> verify round trip for every algorithm.

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn keys(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("keys")
        .join(name)
}

fn core_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/data")
        .join(name)
}

struct Out {
    code: i32,
    json: Value,
    stderr: String,
}

fn sessionjwt(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sessionjwt"));
    cmd.args(args)
        .env_remove("CLERK_JWT_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    Out {
        code: out.status.code().unwrap(),
        json: serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout)),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn mint(extra: &[&str]) -> String {
    let key = keys("demo-private.pem");
    let mut args = vec![
        "mint",
        "--key",
        key.to_str().unwrap(),
        "--now",
        "1700000000000",
    ];
    args.extend_from_slice(extra);
    let out = sessionjwt(&args, None, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.json.as_str().unwrap().trim().to_owned()
}

fn verify(token: &str, extra: &[&str]) -> Out {
    let key = keys("demo-public.pem");
    let mut args = vec!["verify", "--jwt-key", key.to_str().unwrap()];
    if !extra.contains(&"--now") {
        args.extend_from_slice(&["--now", "1700000000000"]);
    }
    args.extend_from_slice(extra);
    args.push(token);
    sessionjwt(&args, None, &[])
}

fn assert_rejected(out: &Out, reason: &str, code: &str) {
    assert_eq!(out.code, 1, "{:?}", out.json);
    assert_eq!(
        out.json,
        json!({"ok": false, "reason": reason, "code": code, "message": out.json["message"]})
    );
    assert!(out.json["message"].as_str().is_some_and(|m| !m.is_empty()));
}

fn assert_usage(out: &Out, reason: &str, code: &str) {
    assert_eq!(out.code, 2, "{:?}", out.json);
    assert_eq!(out.json["ok"], false);
    assert_eq!(out.json["reason"], reason);
    assert_eq!(out.json["code"], code);
    assert!(out.stderr.starts_with("sessionjwt: "), "{}", out.stderr);
}

#[test]
fn valid_token_prints_auth_and_the_exact_claims() {
    let t = mint(&[
        "--claims",
        r#"{"sub":"user_1","custom":{"a":[1,2]},"v":2,"o":{"id":"org_1","rol":"admin","per":"read","fpm":"1"},"fea":"o:docs"}"#,
    ]);
    let out = verify(&t, &[]);
    assert_eq!(out.code, 0, "{:?}", out.json);
    assert_eq!(out.json["ok"], true);
    assert_eq!(
        out.json["auth"],
        json!({"userId":"user_1","sessionId":"sess_local","sessionStatus":null,"factorVerificationAge":null,
               "orgId":"org_1","orgRole":"org:admin","orgPermissions":["org:docs:read"]})
    );
    assert_eq!(
        out.json["claims"],
        json!({"azp":"http://localhost:3000","exp":1700000060,"iat":1700000000,"nbf":1699999990,"sid":"sess_local",
               "sub":"user_1","custom":{"a":[1,2]},"v":2,"o":{"id":"org_1","rol":"admin","per":"read","fpm":"1"},"fea":"o:docs"})
    );
}

#[test]
fn rejection_reasons_and_exit_1() {
    let t = mint(&[]);
    assert_rejected(
        &verify(&t, &["--now", "1700000100000"]),
        "token-expired",
        "TOKEN_EXPIRED",
    );
    assert_rejected(&verify("a.b", &[]), "token-invalid", "SEGMENT_COUNT");
    let (input, sig) = t.rsplit_once('.').unwrap();
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    assert_rejected(
        &verify(&format!("{input}.{flipped}{}", &sig[1..]), &[]),
        "token-invalid-signature",
        "INVALID_SIGNATURE",
    );
    let other = core_data("rsa4096-public.pem");
    let out = sessionjwt(
        &[
            "verify",
            "--jwt-key",
            other.to_str().unwrap(),
            "--now",
            "1700000000000",
            &t,
        ],
        None,
        &[],
    );
    assert_rejected(&out, "token-invalid-signature", "INVALID_SIGNATURE");
    let out = sessionjwt(&["verify", "--now", "1700000000000", &t], None, &[]);
    assert_rejected(&out, "jwk-failed-to-resolve", "NO_KEY");
}

#[test]
fn stdin_trims_exactly_one_trailing_newline() {
    let t = mint(&[]);
    let key = keys("demo-public.pem");
    let args = [
        "verify",
        "--jwt-key",
        key.to_str().unwrap(),
        "--now",
        "1700000000000",
        "-",
    ];
    assert_eq!(sessionjwt(&args, Some(&format!("{t}\n")), &[]).code, 0);
    assert_eq!(sessionjwt(&args, Some(&t), &[]).code, 0);
    assert_eq!(
        sessionjwt(&args[..5], Some(&format!("{t}\r\n")), &[]).code,
        0,
        "no positional reads stdin too"
    );
    assert_rejected(
        &sessionjwt(&args, Some(&format!("{t}\n\n")), &[]),
        "token-invalid",
        "INVALID_CHARACTER",
    );
    assert_rejected(
        &sessionjwt(&args, Some(&format!(" {t}\n")), &[]),
        "token-invalid",
        "INVALID_CHARACTER",
    );
}

#[test]
fn clerk_jwt_key_environment_variable() {
    let t = mint(&[]);
    let pem = std::fs::read_to_string(keys("demo-public.pem")).unwrap();
    let out = sessionjwt(
        &["verify", "--now", "1700000000000", &t],
        None,
        &[("CLERK_JWT_KEY", &pem)],
    );
    assert_eq!(out.code, 0);
    let env_style = pem.replace('\n', "\\n");
    let out = sessionjwt(
        &["verify", "--now", "1700000000000", &t],
        None,
        &[("CLERK_JWT_KEY", &env_style)],
    );
    assert_eq!(out.code, 0, "literal \\n form");
    let out = sessionjwt(&["verify", &t], None, &[("CLERK_JWT_KEY", "garbage")]);
    assert_usage(&out, "jwk-invalid", "KEY_PEM");
    // An explicit key file wins over the environment.
    let key = keys("demo-public.pem");
    let out = sessionjwt(
        &[
            "verify",
            "--jwt-key",
            key.to_str().unwrap(),
            "--now",
            "1700000000000",
            &t,
        ],
        None,
        &[("CLERK_JWT_KEY", "garbage")],
    );
    assert_eq!(out.code, 0);
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sessionjwt-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn usage_and_key_errors_exit_2() {
    let dir = tempdir("usage");
    let bad = dir.join("bad.pem");
    std::fs::write(
        &bad,
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    )
    .unwrap();
    assert_usage(
        &sessionjwt(
            &["verify", "--jwt-key", bad.to_str().unwrap(), "x"],
            None,
            &[],
        ),
        "jwk-invalid",
        "KEY_DER",
    );
    assert_usage(
        &sessionjwt(&["verify", "--jwt-key", "/nonexistent.pem", "x"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    let small = core_data("rsa1024-public.pem");
    assert_usage(
        &sessionjwt(
            &["verify", "--jwt-key", small.to_str().unwrap(), "x"],
            None,
            &[],
        ),
        "jwk-invalid",
        "KEY_RSA_TOO_SMALL",
    );
    let jwks = dir.join("bad.jwks");
    std::fs::write(&jwks, r#"{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}"#).unwrap();
    assert_usage(
        &sessionjwt(
            &["verify", "--jwks", jwks.to_str().unwrap(), "x"],
            None,
            &[],
        ),
        "jwk-invalid",
        "KEY_RSA_TOO_SMALL",
    );
    assert_usage(
        &sessionjwt(&["verify", "--bogus", "x"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(&["verify", "--now", "soon", "x"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(&["verify", "--now"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(
            &["verify", "--treat-pending-as-signed-out", "yes", "x"],
            None,
            &[],
        ),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(&["verify", "a", "b"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(&["verify", "--algorithms", "RS256,none", "x"], None, &[]),
        "token-invalid-algorithm",
        "UNKNOWN_ALGORITHM",
    );
    assert_usage(
        &sessionjwt(&["verify", "--hmac-secret", "c2hvcnQ", "x"], None, &[]),
        "jwk-invalid",
        "KEY_HMAC_TOO_SHORT",
    );
    assert_usage(
        &sessionjwt(&["verify", "--hmac-secret", "***", "x"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(&["verify", "--max-token-bytes", "0", "x"], None, &[]),
        "jwk-invalid",
        "INVALID_OPTION",
    );
    assert_usage(
        &sessionjwt(&["frobnicate"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(&sessionjwt(&[], None, &[]), "jwk-invalid", "USAGE");
    assert_usage(&sessionjwt(&["mint"], None, &[]), "jwk-invalid", "USAGE");
    assert_usage(&sessionjwt(&["decode"], None, &[]), "jwk-invalid", "USAGE");
    assert_usage(
        &sessionjwt(&["demo", "x"], None, &[]),
        "jwk-invalid",
        "USAGE",
    );
}

#[test]
fn every_verify_option() {
    let t = mint(&[
        "--claims",
        r#"{"aud":"api","iss":"https://clerk.example.com","sts":"pending"}"#,
        "--kid",
        "ins_1",
    ]);
    assert_eq!(
        verify(
            &t,
            &[
                "--authorized-party",
                "https://a",
                "--authorized-party",
                "http://localhost:3000"
            ]
        )
        .code,
        0
    );
    assert_rejected(
        &verify(&t, &["--authorized-party", "https://a"]),
        "token-invalid-authorized-parties",
        "AUTHORIZED_PARTY_MISMATCH",
    );
    assert_eq!(
        verify(&t, &["--audience", "other", "--audience", "api"]).code,
        0
    );
    assert_rejected(
        &verify(&t, &["--audience", "other"]),
        "token-verification-failed",
        "AUDIENCE_MISMATCH",
    );
    assert_eq!(
        verify(&t, &["--issuer", "https://clerk.example.com"]).code,
        0
    );
    assert_rejected(
        &verify(&t, &["--issuer", "https://other"]),
        "token-invalid-issuer",
        "ISSUER_MISMATCH",
    );
    assert_rejected(
        &verify(&t, &["--header-type", "at+jwt"]),
        "token-invalid",
        "INVALID_TYPE",
    );
    assert_eq!(
        verify(&t, &["--header-type", "at+jwt", "--header-type", "JWT"]).code,
        0
    );
    // exp = 1700000060: at now = exp + 4 s it is inside the default skew, not with skew 0.
    assert_eq!(verify(&t, &["--now", "1700000064000"]).code, 0);
    assert_rejected(
        &verify(&t, &["--now", "1700000064000", "--clock-skew-ms", "0"]),
        "token-expired",
        "TOKEN_EXPIRED",
    );
    assert_rejected(
        &verify(&t, &["--now", "1699999980000"]),
        "token-not-active-yet",
        "TOKEN_NOT_ACTIVE_YET",
    );
    assert_rejected(
        &verify(&t, &["--max-token-bytes", "100"]),
        "token-invalid",
        "TOKEN_TOO_LARGE",
    );
    assert_rejected(
        &verify(&t, &["--algorithms", "RS512"]),
        "token-invalid-algorithm",
        "ALG_NOT_ALLOWED",
    );
    assert_eq!(verify(&t, &["--algorithms", "RS256,RS512"]).code, 0);
    // Pending sessions: signed-out auth by default, the full object with false.
    let pending = verify(&t, &[]);
    assert_eq!(
        pending.json["auth"],
        json!({"userId":null,"sessionId":null,"sessionStatus":"pending","actor":null,"factorVerificationAge":null,
               "orgId":null,"orgRole":null,"orgSlug":null,"orgPermissions":null})
    );
    assert_eq!(
        verify(&t, &["--treat-pending-as-signed-out", "true"]).json["auth"],
        pending.json["auth"]
    );
    let full = verify(&t, &["--treat-pending-as-signed-out", "false"]);
    assert_eq!(full.json["auth"]["userId"], "user_local");
    assert_eq!(full.json["auth"]["sessionStatus"], "pending");
    // --name=value works like --name value.
    assert_eq!(verify(&t, &["--audience=api"]).code, 0);
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = Base64::encode_string(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

#[test]
fn mint_verify_round_trip_for_every_algorithm() {
    let dir = tempdir("roundtrip");
    let rng = SystemRandom::new();
    let demo_public = keys("demo-public.pem");
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        let t = mint(&["--alg", alg]);
        let args = [
            "verify",
            "--jwt-key",
            demo_public.to_str().unwrap(),
            "--algorithms",
            alg,
            "--now",
            "1700000000000",
            &t,
        ];
        let out = sessionjwt(&args, None, &[]);
        assert_eq!(out.code, 0, "{alg}: {:?}", out.json);
    }
    let ec = |a: &'static signature::EcdsaSigningAlgorithm, crv: &str, alg: &'static str| {
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(a, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(a, pkcs8.as_ref(), &rng).unwrap();
        let point = pair.public_key().as_ref();
        let n = (point.len() - 1) / 2;
        let jwk = json!({"kty":"EC","crv":crv,"x":Base64UrlUnpadded::encode_string(&point[1..1 + n]),
                         "y":Base64UrlUnpadded::encode_string(&point[1 + n..])});
        (pem("PRIVATE KEY", pkcs8.as_ref()), jwk, alg)
    };
    let ed = {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let jwk = json!({"kty":"OKP","crv":"Ed25519","x":Base64UrlUnpadded::encode_string(pair.public_key().as_ref())});
        (pem("PRIVATE KEY", pkcs8.as_ref()), jwk, "EdDSA")
    };
    for (private, jwk, alg) in [
        ec(
            &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            "P-256",
            "ES256",
        ),
        ec(
            &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            "P-384",
            "ES384",
        ),
        ed,
    ] {
        let key = dir.join(format!("{alg}.pem"));
        std::fs::write(&key, private).unwrap();
        let jwks = dir.join(format!("{alg}.jwks"));
        std::fs::write(&jwks, json!({"keys":[jwk]}).to_string()).unwrap();
        let out = sessionjwt(
            &[
                "mint",
                "--key",
                key.to_str().unwrap(),
                "--now",
                "1700000000000",
            ],
            None,
            &[],
        );
        let t = out.json.as_str().unwrap().trim().to_owned();
        let out = sessionjwt(
            &[
                "verify",
                "--jwks",
                jwks.to_str().unwrap(),
                "--now",
                "1700000000000",
                &t,
            ],
            None,
            &[],
        );
        assert_eq!(out.code, 0, "{alg}: {:?}", out.json);
        assert_eq!(out.json["auth"]["userId"], "user_local");
    }
    let secret = Base64UrlUnpadded::encode_string(&[42u8; 64]);
    for alg in ["HS256", "HS384", "HS512"] {
        let out = sessionjwt(
            &[
                "mint",
                "--hmac-secret",
                &secret,
                "--alg",
                alg,
                "--now",
                "1700000000000",
            ],
            None,
            &[],
        );
        let t = out.json.as_str().unwrap().trim().to_owned();
        let args = [
            "verify",
            "--hmac-secret",
            &secret,
            "--algorithms",
            alg,
            "--now",
            "1700000000000",
            &t,
        ];
        let out = sessionjwt(&args, None, &[]);
        assert_eq!(out.code, 0, "{alg}: {:?}", out.json);
    }
}

#[test]
fn mint_defaults_overrides_and_decode() {
    let t = mint(&[
        "--kid",
        "ins_x",
        "--ttl",
        "300",
        "--claims",
        r#"{"sid":null,"azp":"https://app"}"#,
    ]);
    let out = sessionjwt(&["decode", &t], None, &[]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("UNVERIFIED"));
    assert_eq!(out.json["verified"], false);
    assert_eq!(
        out.json["header"],
        json!({"alg":"RS256","kid":"ins_x","typ":"JWT","cat":"cl_B7d4PD111AAA"})
    );
    assert_eq!(
        out.json["payload"],
        json!({"azp":"https://app","exp":1700000300,"iat":1700000000,"nbf":1699999990,"sub":"user_local"})
    );
    assert_rejected(
        &sessionjwt(&["decode", "nope"], None, &[]),
        "token-invalid",
        "SEGMENT_COUNT",
    );
    let key = keys("demo-private.pem");
    assert_usage(
        &sessionjwt(
            &["mint", "--key", key.to_str().unwrap(), "--alg", "ES256"],
            None,
            &[],
        ),
        "jwk-invalid",
        "USAGE",
    );
    assert_usage(
        &sessionjwt(
            &["mint", "--key", key.to_str().unwrap(), "--claims", "[1]"],
            None,
            &[],
        ),
        "jwk-invalid",
        "USAGE",
    );
    // exp = iat + ttl beyond i64: a usage error, never a wrapped (expired) token.
    assert_usage(
        &sessionjwt(
            &[
                "mint",
                "--key",
                key.to_str().unwrap(),
                "--ttl",
                "9223372036854775807",
            ],
            None,
            &[],
        ),
        "jwk-invalid",
        "USAGE",
    );
}

#[test]
fn a_huge_max_token_bytes_costs_no_huge_buffer() {
    // The decode buffer is sized to the token: u64::MAX as the limit verifies as usual
    // (before, a buffer of 3/4 of the limit was allocated first: a capacity-overflow panic).
    let t = mint(&[]);
    let out = verify(&t, &["--max-token-bytes", "18446744073709551615"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json["ok"], true);
}

#[test]
fn demo_runs_with_zero_setup() {
    let out = Command::new(env!("CARGO_BIN_EXE_sessionjwt"))
        .arg("demo")
        .env_remove("CLERK_JWT_KEY")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(r#""userId": "user_demo""#), "{text}");
    assert!(
        text.contains("has(role org:admin                    ) = true"),
        "{text}"
    );
    assert!(
        text.contains("has(nothing asked ({})                ) = false"),
        "{text}"
    );
    assert!(
        text.contains("reason=token-expired code=TOKEN_EXPIRED"),
        "{text}"
    );
    assert!(text.contains("verification time: median"), "{text}");
}

#[test]
fn arguments_that_are_not_utf8_are_rejected_not_a_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let key = keys("demo-public.pem");
    let run = |args: &[&OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_sessionjwt"))
            .args(args)
            .env_remove("CLERK_JWT_KEY")
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (
            out.status.code(),
            json["reason"].clone(),
            json["code"].clone(),
        )
    };
    let verify = OsStr::new("verify");
    let jwt_key = OsStr::new("--jwt-key");
    // A token with an invalid byte: malformed, exit 1, as the same bytes on stdin.
    assert_eq!(
        run(&[
            verify,
            jwt_key,
            key.as_os_str(),
            OsStr::from_bytes(b"a.b.\xff")
        ]),
        (Some(1), json!("token-invalid"), json!("INVALID_CHARACTER"))
    );
    // An option name or a command that is not UTF-8: a usage error, exit 2.
    assert_eq!(
        run(&[verify, OsStr::from_bytes(b"--\xff"), OsStr::new("x")]).0,
        Some(2)
    );
    assert_eq!(run(&[OsStr::from_bytes(b"ver\xffify")]).0, Some(2));
}
