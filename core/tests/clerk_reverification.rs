//! `reverification-cases.json`: `has({reverification})` for a signed-in user without an org,
//! given `fva` (`null` = the claim is absent). Each row is run twice: with the auth properties
//! given directly, and through claims.

mod common;

use serde_json::{json, Value};
use sessionjwt::{dangerous, HasParams};

fn run(rows: &Value, group: &str) -> usize {
    let rows = rows.as_array().expect("cases");
    for (row, case) in rows.iter().enumerate() {
        let params = HasParams {
            reverification: Some(common::authz::reverification(&case["reverification"])),
            ..HasParams::default()
        };
        let expected = case["expected"].as_bool().expect("expected");
        let fva = &case["fva"];
        let what = format!(
            "{group} row {row}: fva {fva}, reverification {}",
            case["reverification"]
        );

        let mut options = json!({ "userId": "user_123", "orgId": null });
        let mut claims = json!({ "sub": "user_123", "sid": "sess_1" });
        if !fva.is_null() {
            options["factorVerificationAge"] = fva.clone();
            claims["fva"] = fva.clone();
        }
        let options = serde_json::to_vec(&options).unwrap();
        let auth = dangerous::auth_from_json(&options).unwrap();
        assert_eq!(auth.has(&params), expected, "{what} (options)");
        let claims = serde_json::to_vec(&claims).unwrap();
        let claims = dangerous::claims_from_json(&claims).unwrap();
        assert_eq!(
            dangerous::auth_from_claims(&claims, true).has(&params),
            expected,
            "{what} (claims)"
        );
    }
    rows.len()
}

#[test]
fn every_reverification_row_matches() {
    let data = common::clerk_json("reverification-cases.json");
    let session = run(&data["fromSessionTest"]["cases"], "fromSessionTest");
    let grid = run(&data["generatedGrid"]["cases"], "generatedGrid");
    assert_eq!((session, grid), (21, 98), "rows run");
}

#[test]
fn presets_match_the_data() {
    let data = common::clerk_json("reverification-cases.json");
    let presets = data["presets"].as_object().expect("presets");
    assert_eq!(presets.len(), 4);
    for (name, preset) in presets {
        let custom = common::authz::reverification(preset)
            .config()
            .expect("valid custom config");
        let named = sessionjwt::Reverification::Preset(name).config();
        assert_eq!(named, Some(custom), "{name}");
    }
}
