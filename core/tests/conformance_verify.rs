//! Runs every case of `shared/conformance/clerk/verify-cases.json` through the verifier.

mod common;

use common::divergences::{for_file, judge};
use common::*;
use serde_json::Value;
use sessionjwt::{Algorithm, AlgorithmSet, CryptoProvider, Verifier, VerifierBuilder};

fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => vec![],
    }
}

fn add_key<P: CryptoProvider>(b: &mut VerifierBuilder<P>, spec: &str) {
    let (file, pointer) = spec.split_once('#').unwrap_or((spec, ""));
    let text = read_shared(&format!("conformance/clerk/{file}"));
    if file.ends_with(".json") {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        if pointer == "keys[0]" {
            v = v["keys"][0].clone();
        }
        b.add_jwk(v.to_string().as_bytes()).unwrap();
    } else {
        b.add_pem(text.as_bytes()).unwrap();
    }
}

/// Clerk's `verifyJwt` imports the key for the token's own RS256/384/512 hash; `verifyToken`
/// derives a JWK pinned to RS256 (our default allow-list for an RSA key).
fn verifier_for<P: CryptoProvider + Clone>(case: &Value, mut b: VerifierBuilder<P>) -> Verifier<P> {
    if let Some(spec) = case["key"].as_str() {
        add_key(&mut b, spec);
    }
    if case["fn"] == "verifyJwt" {
        b.algorithms(
            [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512]
                .into_iter()
                .collect::<AlgorithmSet>(),
        );
    }
    let o = &case["options"];
    for p in strings(&o["authorizedParties"]) {
        b.authorized_party(&p).unwrap();
    }
    for a in strings(&o["audience"]) {
        b.audience(&a).unwrap();
    }
    for i in strings(&o["issuer"]) {
        b.issuer(&i).unwrap();
    }
    for t in strings(&o["headerType"]) {
        b.header_type(&t).unwrap();
    }
    // Clerk uses clockSkewInMs only when it is a finite number; "NaN"/"Infinity" fall back.
    if let Some(skew) = o["clockSkewInMs"].as_i64() {
        b.clock_skew_ms(skew);
    }
    b.build().unwrap()
}

#[test]
fn every_clerk_verify_case_matches_or_is_a_listed_divergence() {
    run_cases(Verifier::builder);
}

/// The same cases with keys parsed once by aws-lc: every outcome must be the same.
#[cfg(feature = "aws-lc-rs")]
#[test]
fn every_clerk_verify_case_with_the_aws_lc_provider() {
    run_cases(|| VerifierBuilder::with_provider(sessionjwt::AwsLcProvider));
}

fn run_cases<P: CryptoProvider + Clone>(builder: impl Fn() -> VerifierBuilder<P>) {
    let cases = clerk_json("verify-cases.json");
    let listed = for_file("verify-cases.json");
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases.as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let token = match &case["token"] {
            t if t["ref"].is_string() => clerk_token(
                t["ref"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("tokens.json#"),
            ),
            t => t["literal"].as_str().unwrap().to_owned(),
        };
        let v = verifier_for(case, builder());
        let result = run(&v, &token, case["nowMs"].as_i64().unwrap());
        let expect = &case["expect"];
        let clerk = if expect["ok"] == true {
            "ok".to_owned()
        } else {
            expect["reason"].as_str().unwrap().to_owned()
        };
        let ours = match &result {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.reason().to_owned(),
        };
        if let Some(f) = judge(&listed, id, &clerk, &ours) {
            failures.push(format!(
                "{f} [{}]",
                result.as_ref().err().map_or("", |e| e.code())
            ));
        }
        if let (Ok(payload), true) = (&result, clerk == "ok") {
            let ours: Value = serde_json::from_str(payload).unwrap();
            if ours != expect["payload"] {
                failures.push(format!(
                    "{id}: payload differs: {ours} vs {}",
                    expect["payload"]
                ));
            }
        }
        ran += 1;
    }
    assert_eq!(ran, 78, "verify-cases.json should hold 78 cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
