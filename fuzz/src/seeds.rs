//! Seed corpora, built at run time from the conformance data beside the project
//! (`../shared/conformance/...`, or `$SESSIONJWT_SHARED`) plus a few hand-made inputs.
//! Nothing from `shared/` is copied into the repository: `make fuzz` writes these seeds into
//! `fuzz/corpus/<target>/` (ignored by git) and the smoke test replays them in memory.

use crate::{b64url, fixed_jwks, HMAC_SECRET, NOW_MS};
use base64ct::Encoding;
use serde_json::Value;
use std::path::PathBuf;

/// The `shared/` folder, if it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SESSIONJWT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    dir.is_dir().then_some(dir)
}

fn read_json(rel: &str) -> Option<Value> {
    let text = std::fs::read_to_string(shared_dir()?.join(rel)).ok()?;
    serde_json::from_str(&text).ok()
}

fn decode_segment(s: &str) -> Option<Vec<u8>> {
    let mut out = vec![0u8; s.len()];
    let n = base64ct::Base64UrlUnpadded::decode(s, &mut out).ok()?.len();
    out.truncate(n);
    Some(out)
}

/// Every compact token in the conformance data: the Clerk fixtures and cases, and the
/// Wycheproof JWS and JWK vectors.
pub fn conformance_tokens() -> Vec<String> {
    let mut out = vec![];
    if let Some(Value::Object(tokens)) = read_json("conformance/clerk/tokens.json") {
        out.extend(
            tokens
                .values()
                .filter_map(|t| t["token"].as_str())
                .map(str::to_owned),
        );
    }
    if let Some(Value::Array(cases)) = read_json("conformance/clerk/verify-cases.json") {
        out.extend(
            cases
                .iter()
                .filter_map(|c| c["token"].as_str())
                .map(str::to_owned),
        );
    }
    for file in ["json_web_signature_test.json", "json_web_key_test.json"] {
        if let Some(v) = read_json(&format!("conformance/wycheproof/{file}")) {
            for group in v["testGroups"].as_array().into_iter().flatten() {
                for test in group["tests"].as_array().into_iter().flatten() {
                    if let Some(jws) = test["jws"].as_str() {
                        out.push(jws.to_owned());
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// (header JSON, payload JSON) of every conformance token that decodes.
fn decoded_parts() -> Vec<(Vec<u8>, Vec<u8>)> {
    conformance_tokens()
        .iter()
        .filter_map(|t| {
            let mut parts = t.split('.');
            let h = decode_segment(parts.next()?)?;
            let p = decode_segment(parts.next()?)?;
            Some((h, p))
        })
        .collect()
}

/// A token signed with the fuzz HMAC secret.
pub fn hmac_token(header: &str, payload: &str) -> String {
    let alg = match serde_json::from_str::<Value>(header)
        .ok()
        .and_then(|h| h["alg"].as_str().map(str::to_owned))
        .as_deref()
    {
        Some("HS384") => ring::hmac::HMAC_SHA384,
        Some("HS512") => ring::hmac::HMAC_SHA512,
        _ => ring::hmac::HMAC_SHA256,
    };
    let input = format!(
        "{}.{}",
        b64url(header.as_bytes()),
        b64url(payload.as_bytes())
    );
    let tag = ring::hmac::sign(&ring::hmac::Key::new(alg, &HMAC_SECRET), input.as_bytes());
    format!("{input}.{}", b64url(tag.as_ref()))
}

/// Hand-made payloads valid at [`NOW_MS`], with v1 and v2 Clerk claims.
fn hand_payloads() -> Vec<String> {
    let now = NOW_MS / 1000;
    vec![
        format!(
            r#"{{"sub":"user_1","exp":{},"nbf":{},"iat":{now}}}"#,
            now + 60,
            now - 10
        ),
        format!(
            r#"{{"sub":"user_1","sid":"sess_1","azp":"https://app.example.com","aud":["x","api"],"iss":"https://clerk.example.com","exp":{}.5,"iat":{now},"v":2,"fva":[1,-1],"fea":"o:dashboard,u:chat","pla":"u:pro","o":{{"id":"org_1","rol":"admin","slg":"acme","per":"read,manage","fpm":"3"}}}}"#,
            now + 60
        ),
        format!(
            r#"{{"sub":"u\u0000x","exp":{},"org_id":"org_1","org_role":"org:admin","org_permissions":["org:billing:read"],"act":{{"sub":"a"}},"sts":"active"}}"#,
            now + 3600
        ),
        format!(r#"{{"sub":"user_1","exp":{now},"nbf":1e13,"iat":-0.5,"x":[[[{{}}]]]}}"#),
    ]
}

const HEADERS: [&str; 5] = [
    r#"{"alg":"HS256","typ":"JWT"}"#,
    r#"{"alg":"HS384","kid":"k"}"#,
    r#"{"alg":"HS512","typ":"JWT","cat":"cl_B7d4PD111AAA"}"#,
    r#"{"alg":"RS256","kid":"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD","typ":"JWT"}"#,
    "{\"typ\":\"JWT\",\r\n \"alg\":\"ES256\",\"kid\":\"ec256\"}",
];

fn pem_files() -> Vec<Vec<u8>> {
    let mut dirs = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data")];
    dirs.extend(shared_dir().map(|s| s.join("conformance/clerk/keys")));
    let mut out = vec![];
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let is_key = path.extension().is_some_and(|e| e == "pem" || e == "txt");
            if let (true, Ok(bytes)) = (is_key, std::fs::read(&path)) {
                out.push(bytes);
            }
        }
    }
    out
}

fn pem_to_der(pem: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(pem).ok()?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
        .replace("\\n", "");
    let mut out = vec![0u8; body.len()];
    let n = base64ct::Base64::decode(body.trim(), &mut out).ok()?.len();
    out.truncate(n);
    Some(out)
}

/// Every JWK object and JWKS in the conformance data, as JSON text.
fn jwk_texts() -> (Vec<String>, Vec<String>) {
    let (mut keys, mut sets) = (vec![], vec![fixed_jwks()]);
    let mut add = |v: &Value| match v {
        Value::Object(o) if o.contains_key("keys") => {
            for k in v["keys"].as_array().into_iter().flatten() {
                keys.push(k.to_string());
            }
            sets.push(v.to_string());
        }
        Value::Object(_) => {
            keys.push(v.to_string());
            sets.push(format!(r#"{{"keys":[{v}]}}"#));
        }
        _ => {}
    };
    for rel in [
        "conformance/clerk/keys/mock-jwks.json",
        "conformance/clerk/keys/public-jwk.json",
        "conformance/clerk/keys/signing-jwk-private.json",
        "conformance/clerk/keys/bapi-jwks-response.json",
        "conformance/clerk/keys/mock-pem-jwk.expected.json",
    ] {
        if let Some(v) = read_json(rel) {
            add(&v);
        }
    }
    for file in ["json_web_signature_test.json", "json_web_key_test.json"] {
        if let Some(v) = read_json(&format!("conformance/wycheproof/{file}")) {
            for group in v["testGroups"].as_array().into_iter().flatten() {
                for member in ["public", "private"] {
                    add(&group[member]);
                }
            }
        }
    }
    if let Some(v) = read_json("conformance/clerk/keys/mock-jwks.json") {
        add(&v);
    }
    (keys, sets)
}

/// v2 claim triples (fea, o.per, o.fpm) from the Clerk cases, as `fea\0per\0fpm\0query`.
fn permission_seeds() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![
        b"o:dashboard,u:chat\0read,manage\x003\0org:dashboard:read".to_vec(),
        b"o:a,ou:b, o:c \0x, y ,z\x0021,7,18446744073709551617\0b:y".to_vec(),
        b"o:a,b\0r\x001\0a:r".to_vec(),
        b"o:f\0p\x00340282366920938463481821351505477763073\0org:org:f:p".to_vec(),
    ];
    let mut visit = |claims: &Value| {
        let fea = claims["fea"].as_str().unwrap_or("");
        let per = claims["o"]["per"].as_str().unwrap_or("");
        let fpm = claims["o"]["fpm"].as_str().unwrap_or("");
        if !per.is_empty() {
            out.push(format!("{fea}\0{per}\0{fpm}\0org:read").into_bytes());
        }
    };
    for file in ["has-cases.json", "jwt-payload-parser-cases.json"] {
        if let Some(v) = read_json(&format!("conformance/clerk/{file}")) {
            for case in v["cases"].as_array().into_iter().flatten() {
                visit(&case["claims"]);
            }
        }
    }
    out
}

/// `mode || f64 || fva \0 name` inputs from the reverification cases.
fn reverification_seeds() -> Vec<Vec<u8>> {
    let seed = |mode: u8, minutes: f64, fva: &str, name: &str| {
        let mut s = vec![mode];
        s.extend(minutes.to_le_bytes());
        s.extend(format!("{fva}\0{name}").into_bytes());
        s
    };
    let mut out = vec![
        seed(0, 0.0, "[0,-1]", "strict_mfa"),
        seed(0, 0.0, "[5,null]", "lax"),
        seed(1, 0.5, "[0.25,-1]", "first_factor"),
        seed(1, f64::INFINITY, "[1e400,0]", "multi_factor"),
        seed(2, 10.0, "[0,0]", ""),
        seed(3, 10.0, "[0,0]", ""),
    ];
    if let Some(v) = read_json("conformance/clerk/reverification-cases.json") {
        for group in ["fromSessionTest", "generatedGrid"] {
            for case in v[group]["cases"].as_array().into_iter().flatten() {
                let fva = case["fva"].to_string();
                match &case["reverification"] {
                    Value::String(preset) => out.push(seed(0, 0.0, &fva, preset)),
                    Value::Object(o) => out.push(seed(
                        1,
                        o.get("afterMinutes")
                            .and_then(Value::as_f64)
                            .unwrap_or(f64::NAN),
                        &fva,
                        o.get("level").and_then(Value::as_str).unwrap_or(""),
                    )),
                    _ => out.push(seed(3, 0.0, &fva, "")),
                }
            }
        }
    }
    out
}

/// The seed corpus of one target.
pub fn seeds(target: &str) -> Vec<Vec<u8>> {
    let tokens = || {
        let mut t: Vec<Vec<u8>> = conformance_tokens()
            .into_iter()
            .map(String::into_bytes)
            .collect();
        for h in HEADERS {
            for p in hand_payloads() {
                t.push(hmac_token(h, &p).into_bytes());
            }
        }
        t
    };
    let mut out: Vec<Vec<u8>> = match target {
        "verify_rsa" | "verify_ec" | "verify_ed25519" | "verify_hmac" | "verify_jwks" => tokens(),
        "verify_signed" => {
            let mut out = vec![];
            for (i, (h, p)) in decoded_parts().into_iter().enumerate() {
                let mut s = vec![i as u8];
                s.extend(h);
                s.push(0xff);
                s.extend(p);
                out.push(s);
            }
            // Regression (round 6): a number beyond f64 inside fva, passed through into
            // the auth JSON.
            out.push(
                b"\x01{\"alg\":\"HS384\",\"typkid\":\"k\"}\xff{\"sub\":\"user_1\",\"sid\":\"se\
                  ss_1\",\"azp\":\"https://app.example.com\",\"exp\":1666648310.5,\"iat\":1666\
                  644261,\"v\":2,\"fva\":[518888888888888888888888888888E8888888888],\"fea\":\"\
                  o:dasua,o:,hat\",\"pla\":\"u:pro\",\"o\":{\x0d\x0d\x0d\x0d\x0d\x0d\x0d\x0d\x0d\
                  \x0d\x0d\x0d\x0d\x0d\"id\":\"org\",\"rol\":\"admim\",\"slg\":\"acme\",\"per\"\
                  :\"rad,manage\",\"fpm\":\"1\"}}"
                    .to_vec(),
            );
            for (i, p) in hand_payloads().into_iter().enumerate() {
                for opts in [0u8, 7, 8, 31, 0x20, 0x40] {
                    let mut s = vec![opts.wrapping_add(i as u8)];
                    s.extend(HEADERS[i % 3].as_bytes());
                    s.push(0xff);
                    s.extend(p.as_bytes());
                    out.push(s);
                }
            }
            out
        }
        "header_json" => {
            let mut out: Vec<Vec<u8>> = decoded_parts().into_iter().map(|(h, _)| h).collect();
            out.extend(HEADERS.iter().map(|h| h.as_bytes().to_vec()));
            out.push(br#"{"alg":"none","crit":["b64"],"b64":false}"#.to_vec());
            out
        }
        "claims_json" => {
            let mut out: Vec<Vec<u8>> = decoded_parts().into_iter().map(|(_, p)| p).collect();
            out.extend(hand_payloads().into_iter().map(String::into_bytes));
            if let Some(v) = read_json("conformance/clerk/jwt-payload-parser-cases.json") {
                for case in v["cases"].as_array().into_iter().flatten() {
                    out.push(case["claims"].to_string().into_bytes());
                }
            }
            if let Some(Value::Object(p)) = read_json("conformance/clerk/payloads.json") {
                out.extend(
                    p.values()
                        .filter(|v| v.is_object())
                        .map(|v| v.to_string().into_bytes()),
                );
            }
            out
        }
        "pem" => pem_files(),
        "spki_der" => pem_files().iter().filter_map(|p| pem_to_der(p)).collect(),
        "jwk" => jwk_texts().0.into_iter().map(String::into_bytes).collect(),
        "jwks" => jwk_texts().1.into_iter().map(String::into_bytes).collect(),
        "base64url" => {
            let mut out: Vec<Vec<u8>> = conformance_tokens()
                .iter()
                .flat_map(|t| {
                    t.split('.')
                        .map(|s| s.as_bytes().to_vec())
                        .collect::<Vec<_>>()
                })
                .collect();
            out.extend(
                [&b"QQ"[..], b"QR", b"QUJD", b"A", b"QQ==", b"Q+/_", b""].map(<[u8]>::to_vec),
            );
            out
        }
        "permissions" => permission_seeds(),
        "reverification" => reverification_seeds(),
        other => panic!("unknown fuzz target {other}"),
    };
    out.sort();
    out.dedup();
    out
}
