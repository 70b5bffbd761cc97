//! Runs the unit-level tables of `shared/conformance/clerk/assertion-cases.json` end to end:
//! each row becomes a real signed token and a verifier configured as the row says.

mod common;

use common::divergences::{for_file, judge};
use common::*;
use serde_json::{json, Value};
use sessionjwt::{Algorithm, AlgorithmSet, Verifier, VerifierBuilder};

const FILE: &str = "assertion-cases.json";

struct Runner {
    hs: Signer,
    rsa: Signer,
    failures: Vec<String>,
    ran: usize,
    listed: std::collections::BTreeMap<String, common::divergences::Divergence>,
}

impl Runner {
    fn check(&mut self, id: String, clerk: &str, result: Result<String, sessionjwt::Error>) {
        let ours = result.map_or_else(|e| e.reason().to_owned(), |_| "ok".to_owned());
        if let Some(f) = judge(&self.listed, &id, clerk, &ours) {
            self.failures.push(f);
        }
        self.ran += 1;
    }

    /// Verifies an HS256 token carrying `claims` (sub and a valid exp are added unless given).
    fn hs(
        &self,
        mut claims: Value,
        configure: impl FnOnce(&mut VerifierBuilder),
    ) -> Result<String, sessionjwt::Error> {
        let obj = claims.as_object_mut().unwrap();
        obj.entry("sub").or_insert(json!("user_1"));
        obj.entry("exp").or_insert(json!(NOW_S + 60));
        obj.retain(|_, v| !v.is_null());
        self.hs_raw(&claims.to_string(), configure)
    }

    fn hs_raw(
        &self,
        payload: &str,
        configure: impl FnOnce(&mut VerifierBuilder),
    ) -> Result<String, sessionjwt::Error> {
        let v = self.hs.verifier(configure);
        run(&v, &self.hs.mint_claims(Algorithm::HS256, payload), NOW_MS)
    }
}

/// Resolves constant names ("audience" -> its URL) in a value; `null` stays null (absent).
fn resolve(v: &Value, constants: &Value) -> Value {
    match v {
        Value::String(s) => constants.get(s).cloned().unwrap_or_else(|| v.clone()),
        Value::Array(a) => Value::Array(a.iter().map(|x| resolve(x, constants)).collect()),
        other => other.clone(),
    }
}

/// Clerk flattens the option and drops falsy entries: only non-empty strings remain.
fn option_strings(v: &Value) -> Vec<String> {
    let list = match v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    list.iter()
        .filter_map(|x| x.as_str().filter(|s| !s.is_empty()).map(str::to_owned))
        .collect()
}

#[test]
fn every_assertion_row_matches_or_is_a_listed_divergence() {
    let data = clerk_json(FILE);
    let mut r = Runner {
        hs: Signer::for_alg(Algorithm::HS256),
        rsa: Signer::clerk_rsa(),
        failures: vec![],
        ran: 0,
        listed: for_file(FILE),
    };

    let aud = &data["audience"];
    let constants = &aud["constants"];
    for (i, row) in aud["noThrow"].as_array().unwrap().iter().enumerate() {
        let (claim, opt) = (resolve(&row[0], constants), resolve(&row[1], constants));
        let result = r.hs(json!({ "aud": claim }), |b| {
            for a in option_strings(&opt) {
                b.audience(&a).unwrap();
            }
        });
        r.check(format!("audience.noThrow[{i}]"), "ok", result);
    }
    for (i, row) in aud["throws"].as_array().unwrap().iter().enumerate() {
        let (claim, opt) = (
            resolve(&row["aud"], constants),
            resolve(&row["audienceOpt"], constants),
        );
        let result = r.hs(json!({ "aud": claim }), |b| {
            for a in option_strings(&opt) {
                b.audience(&a).unwrap();
            }
        });
        r.check(
            format!("audience.throws[{i}]"),
            "token-verification-failed",
            result,
        );
    }

    for (i, row) in data["headerType"]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let header = match &row["typ"] {
            Value::Null => r#"{"alg":"HS256"}"#.to_owned(),
            typ => format!(r#"{{"alg":"HS256","typ":{typ}}}"#),
        };
        let v = r.hs.verifier(|b| {
            for t in option_strings(&row["allowed"]) {
                b.header_type(&t).unwrap();
            }
        });
        let result = run(
            &v,
            &r.hs.mint(Algorithm::HS256, &header, &payload_at_now("")),
            NOW_MS,
        );
        let clerk = if row["ok"] == true {
            "ok"
        } else {
            "token-invalid"
        };
        r.check(format!("headerType[{i}]"), clerk, result);
    }

    let alg = &data["algorithm"];
    let rsa_verifier = r.rsa.verifier(|b| {
        b.algorithms(AlgorithmSet::parse_list("RS256,RS384,RS512").unwrap());
    });
    for name in alg["ok"].as_array().unwrap() {
        let a = Algorithm::from_name(name.as_str().unwrap().as_bytes()).unwrap();
        let result = run(
            &rsa_verifier,
            &r.rsa.mint_claims(a, &payload_at_now("")),
            NOW_MS,
        );
        r.check(format!("algorithm.ok.{name}"), "ok", result);
    }
    for name in alg["rejected"].as_object().unwrap().keys() {
        let header = format!(r#"{{"alg":"{name}","typ":"JWT"}}"#);
        let result = run(
            &rsa_verifier,
            &r.rsa.mint(Algorithm::RS256, &header, &payload_at_now("")),
            NOW_MS,
        );
        r.check(
            format!("algorithm.rejected.{name}"),
            "token-invalid-algorithm",
            result,
        );
    }

    for sub in data["sub"]["ok"].as_array().unwrap() {
        let result = r.hs(json!({ "sub": sub }), |_| {});
        r.check(format!("sub.ok.{sub}"), "ok", result);
    }
    for name in data["sub"]["rejected"].as_object().unwrap().keys() {
        assert_eq!(name, "undefined");
        let result = r.hs_raw(&format!(r#"{{"exp":{}}}"#, NOW_S + 60), |_| {});
        r.check(
            "sub.rejected.undefined".to_owned(),
            "token-verification-failed",
            result,
        );
    }

    let azp = &data["authorizedParties"];
    for (i, row) in azp["ok"].as_array().unwrap().iter().enumerate() {
        let result = r.hs(json!({ "azp": row[0] }), |b| {
            for p in row[1].as_array().into_iter().flatten() {
                b.authorized_party(p.as_str().unwrap()).unwrap();
            }
        });
        r.check(format!("authorizedParties.ok[{i}]"), "ok", result);
    }
    for (i, row) in azp["rejected"].as_array().unwrap().iter().enumerate() {
        let result = r.hs(json!({ "azp": row["azp"] }), |b| {
            for p in row["authorizedParties"].as_array().unwrap() {
                b.authorized_party(p.as_str().unwrap()).unwrap();
            }
        });
        r.check(
            format!("authorizedParties.rejected[{i}]"),
            "token-invalid-authorized-parties",
            result,
        );
    }

    for (claim, reason) in [
        ("exp", "token-expired"),
        ("nbf", "token-not-active-yet"),
        ("iat", "token-iat-in-the-future"),
    ] {
        for (i, row) in data[claim]["rows"].as_array().unwrap().iter().enumerate() {
            let offset = &row[format!("{claim}MinusNowSec").as_str()];
            let mut claims = json!({});
            if let Some(d) = offset.as_i64() {
                claims[claim] = json!(NOW_S + d);
            }
            let skew = row["skewMs"].as_i64().unwrap();
            let result = r.hs(claims, |b| {
                b.clock_skew_ms(skew);
            });
            let clerk = if row["throws"] == true { reason } else { "ok" };
            r.check(format!("{claim}.rows[{i}]"), clerk, result);
        }
    }

    assert_eq!(r.ran, 90, "every row of the file ran");
    assert!(
        r.failures.is_empty(),
        "{} failures:\n{}",
        r.failures.len(),
        r.failures.join("\n")
    );
    let _ = Verifier::builder;
}
