//! `has-cases.json`: Clerk's `createCheckAuthorization`. Rows with `options` give the auth
//! properties directly; rows with `claims` build the auth object from the claims first.

mod common;

use serde_json::Value;
use sessionjwt::{dangerous, Auth, Param};

fn check(auth: &Auth<'_>, case: &Value, row: usize) {
    let group = case["group"].as_str().expect("group");
    let params = case["params"].as_object().expect("params");
    let expected = case["expected"].as_bool().expect("expected");
    let has_params = common::authz::has_params(params);
    assert_eq!(
        auth.has(&has_params),
        expected,
        "row {row} ({group}): has({params:?})"
    );
    // `has_permission` is `has({permission})`.
    if let (1, Some(Param::Str(permission))) = (params.len(), has_params.permission) {
        assert_eq!(
            auth.has_permission(permission),
            expected,
            "row {row} ({group}): has_permission"
        );
    }
}

#[test]
fn every_has_row_matches() {
    let data = common::clerk_json("has-cases.json");
    let cases = data["cases"].as_array().expect("cases");
    let (mut from_options, mut from_claims) = (0, 0);
    for (row, case) in cases.iter().enumerate() {
        match (case.get("options"), case.get("claims")) {
            (Some(options), None) => {
                let json = serde_json::to_vec(options).unwrap();
                let auth = dangerous::auth_from_json(&json).expect("options object");
                check(&auth, case, row);
                from_options += 1;
            }
            (None, Some(claims)) => {
                let json = serde_json::to_vec(claims).unwrap();
                let claims = dangerous::claims_from_json(&json).expect("claims object");
                check(&dangerous::auth_from_claims(&claims, true), case, row);
                from_claims += 1;
            }
            _ => panic!("row {row}: needs exactly one of options and claims"),
        }
    }
    assert_eq!((from_options, from_claims), (69, 68), "rows run");
}
