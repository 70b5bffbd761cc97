//! `jwt-payload-parser-cases.json`: claims -> Clerk's auth properties
//! (`__experimental_JWTPayloadToAuthObjectProperties`), compared through `Auth::write_json`.
//! The parser itself never signs a pending session out, so these rows are built with
//! `treat_pending_as_signed_out = false`.

mod common;

use serde_json::{Map, Value};
use sessionjwt::{dangerous, OrgPermissions};

const UNDEFINED: &str = "__undefined__";

#[test]
fn every_payload_parser_row_matches() {
    let data = common::clerk_json("jwt-payload-parser-cases.json");
    let cases = data["cases"].as_array().expect("cases");
    let mut ran = 0;
    for case in cases {
        let label = case["label"].as_str().expect("label");
        let json = serde_json::to_vec(&case["claims"]).unwrap();
        let claims =
            dangerous::claims_from_json(&json).unwrap_or_else(|e| panic!("{label}: {e:?}"));
        let auth = dangerous::auth_from_claims(&claims, false);

        // Undefined properties must be absent; every other one must be equal.
        let expect = case["expect"].as_object().expect("expect");
        let defined: Map<String, Value> = expect
            .iter()
            .filter(|(_, v)| *v != UNDEFINED)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let (text, got) = common::authz::auth_json(&auth);
        assert_eq!(got, Value::Object(defined), "row {label:?}: wrote {text}");

        // The typed view of v2 permissions agrees with the rendered array.
        if let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() {
            let listed: Vec<String> = set.iter().map(|p| p.to_string()).collect();
            assert_eq!(
                Value::from(listed),
                expect["orgPermissions"],
                "row {label:?}: iterator"
            );
        }
        ran += 1;
    }
    assert_eq!(ran, 26, "rows run");
}
