//! The auth object beyond the conformance data: exact JSON text, pending sessions, v2
//! permission expansion at its limits, and malformed claims failing closed.

mod common;

use serde_json::{json, Value};
use sessionjwt::{dangerous, Auth, HasParams, OrgPermissions, OrgRole, Param, MAX_ORG_PERMISSIONS};

/// Renders the auth object of `claims` (a JSON text).
fn render(claims: &str, treat_pending_as_signed_out: bool) -> String {
    let claims = dangerous::claims_from_json(claims.as_bytes()).expect("claims");
    common::authz::auth_json(&dangerous::auth_from_claims(
        &claims,
        treat_pending_as_signed_out,
    ))
    .0
}

/// The expanded v2 permissions for `fea`, `per` and `fpm`, via the iterator.
fn expand(fea: &str, per: &str, fpm: &str) -> Vec<String> {
    let claims =
        json!({"sub": "u", "v": 2, "fea": fea, "o": {"id": "org_1", "per": per, "fpm": fpm}});
    let json = serde_json::to_vec(&claims).unwrap();
    let claims = dangerous::claims_from_json(&json).unwrap();
    let auth = dangerous::auth_from_claims(&claims, true);
    let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() else {
        panic!("not expanded")
    };
    let listed: Vec<String> = set.iter().map(|p| p.to_string()).collect();
    // The rendered array and the iterator agree, and has_permission sees each entry.
    let (_, rendered) = common::authz::auth_json(&auth);
    assert_eq!(rendered["orgPermissions"], Value::from(listed.clone()));
    for p in &listed {
        assert!(auth.has_permission(p), "{p}");
    }
    listed
}

fn names(n: usize) -> String {
    (0..n)
        .map(|i| format!("permission_{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn exact_json_text_v1() {
    let claims = r#"{"sub":"user_demo","sid":"sess_demo","sts":"active","org_id":"org_1","org_role":"org:admin","org_slug":"acme","org_permissions":["org:billing:manage", "org:billing:read"],"fva":[3,12],"act":{"sub":"user_admin"}}"#;
    assert_eq!(
        render(claims, true),
        r#"{"userId":"user_demo","sessionId":"sess_demo","sessionStatus":"active","actor":{"sub":"user_admin"},"factorVerificationAge":[3,12],"orgId":"org_1","orgRole":"org:admin","orgSlug":"acme","orgPermissions":["org:billing:manage", "org:billing:read"]}"#
    );
}

#[test]
fn exact_json_text_v2() {
    let claims = r#"{"sub":"user_demo","sid":"sess_demo","sts":"active","v":2,"fva":[3,-1],"fea":"o:reservations,u:dashboard,uo:support-chat,o:impersonation","o":{"id":"org_2","rol":"member","slg":"acme2","per":"read,manage","fpm":"2,3"}}"#;
    assert_eq!(
        render(claims, true),
        r#"{"userId":"user_demo","sessionId":"sess_demo","sessionStatus":"active","factorVerificationAge":[3,-1],"orgId":"org_2","orgRole":"org:member","orgSlug":"acme2","orgPermissions":["org:reservations:manage","org:support-chat:read","org:support-chat:manage"]}"#
    );
}

#[test]
fn undefined_is_omitted_and_null_is_written() {
    assert_eq!(
        render(r#"{"sub":"u"}"#, true),
        r#"{"userId":"u","sessionStatus":null,"factorVerificationAge":null}"#
    );
    assert_eq!(
        render(
            r#"{"sub":"u","sid":null,"act":null,"sts":null,"fva":null,"org_id":null,"org_role":null,"org_slug":null,"org_permissions":null}"#,
            true
        ),
        r#"{"userId":"u","sessionId":null,"sessionStatus":null,"actor":null,"factorVerificationAge":null,"orgId":null,"orgRole":null,"orgSlug":null,"orgPermissions":null}"#
    );
    // v2 with `o` but no id/slg/rol: those stay undefined, permissions are always an array.
    assert_eq!(
        render(r#"{"sub":"u","v":2,"o":{}}"#, true),
        r#"{"userId":"u","sessionStatus":null,"factorVerificationAge":null,"orgPermissions":[]}"#
    );
}

#[test]
fn passthrough_keeps_escapes_built_strings_are_escaped() {
    // Claim values are copied as their JSON text, escapes and all.
    assert_eq!(
        render(r#"{"sub":"us\u0065r","act":{"a" : [1, 2.50]},"v":2,"fea":"o:f\u00e9,o:q\"t","o":{"rol":"a\"b\\c\u00e9\n","per":"r\u002cw,x","fpm":"3,1"}}"#, true),
        [
            r#"{"userId":"us\u0065r","sessionStatus":null,"actor":{"a" : [1, 2.50]},"factorVerificationAge":null,"#,
            r#""orgRole":"org:a\"b\\cé\n","orgPermissions":["org:fé:r","org:fé:w","org:q\"t:r"]}"#,
        ]
        .concat()
    );
}

#[test]
fn pending_sessions_are_signed_out_by_default() {
    let claims = r#"{"sub":"user_1","sid":"sess_1","sts":"pending","act":{"sub":"a"},"fva":[0,0],"org_id":"org_1","org_role":"org:admin","org_permissions":["org:f:r"],"fea":"o:f","pla":"u:pro"}"#;
    assert_eq!(
        render(claims, true),
        r#"{"userId":null,"sessionId":null,"sessionStatus":"pending","actor":null,"factorVerificationAge":null,"orgId":null,"orgRole":null,"orgSlug":null,"orgPermissions":null}"#
    );
    let parsed = dangerous::claims_from_json(claims.as_bytes()).unwrap();
    let signed_out = dangerous::auth_from_claims(&parsed, true);
    let signed_in = dangerous::auth_from_claims(&parsed, false);
    let asks = [
        HasParams {
            role: Some("admin".into()),
            ..HasParams::default()
        },
        HasParams {
            permission: Some("org:f:r".into()),
            ..HasParams::default()
        },
        HasParams {
            plan: Some("pro".into()),
            ..HasParams::default()
        },
        HasParams {
            reverification: Some(sessionjwt::Reverification::Preset("strict")),
            ..HasParams::default()
        },
    ];
    for ask in &asks {
        assert!(!signed_out.has(ask), "{ask:?}");
        assert!(signed_in.has(ask), "{ask:?}");
    }
    assert!(render(claims, false)
        .starts_with(r#"{"userId":"user_1","sessionId":"sess_1","sessionStatus":"pending""#));
    // Only the exact string "pending" (escapes allowed) signs out.
    assert!(render(r#"{"sub":"u","sts":"p\u0065nding"}"#, true).starts_with(r#"{"userId":null"#));
    assert!(render(r#"{"sub":"u","sts":"Pending"}"#, true).starts_with(r#"{"userId":"u""#));
}

#[test]
fn masks_beyond_two_to_the_53() {
    assert_eq!(
        expand("o:feature", &names(54), "9007199254740993"),
        ["org:feature:permission_0", "org:feature:permission_53"]
    );
    assert_eq!(
        expand("o:feature", &names(54), "9007199254740995"),
        [
            "org:feature:permission_0",
            "org:feature:permission_1",
            "org:feature:permission_53"
        ]
    );
    assert!(
        expand("o:feature", &names(54), "18014398509481984").is_empty(),
        "bit 54 of 54 permissions"
    );
    assert_eq!(
        expand("o:feature", &names(55), "18014398509481984"),
        ["org:feature:permission_54"]
    );
}

#[test]
fn masks_with_more_bits_than_permissions() {
    assert_eq!(expand("o:f", "a,b", "255"), ["org:f:a", "org:f:b"]);
    assert!(expand("o:f", "a,b", "4").is_empty());
    // More masks than org features: the extra masks are ignored.
    assert_eq!(expand("o:f", "a,b", "1,3,3"), ["org:f:a"]);
}

#[test]
fn long_masks_are_exact() {
    // 2^200 + 9 (61 digits): bits 0, 3 and 200.
    let mask = "1606938044258990275541962092341162602522202993782792835301385";
    assert_eq!(expand("o:f", "a,b,c,d", mask), ["org:f:a", "org:f:d"]);
    let got = expand("o:f", &names(201), mask);
    assert_eq!(
        got,
        [
            "org:f:permission_0",
            "org:f:permission_3",
            "org:f:permission_200"
        ]
    );
    // 10^80 + 5 (81 digits): bits 0, 2, then 80 and up.
    let mask = ["1", &"0".repeat(79), "5"].concat();
    assert_eq!(
        expand("o:f", &names(81), &mask),
        [
            "org:f:permission_0",
            "org:f:permission_2",
            "org:f:permission_80"
        ]
    );
    // Leading zeros, whitespace around entries and escaped digits are all JavaScript-exact.
    let padded = [&"0".repeat(500), "5"].concat();
    assert_eq!(expand("o:f", "a,b,c", &padded), ["org:f:a", "org:f:c"]);
    assert_eq!(
        expand(" o:f , o:g ", " a , b ", " 1 , 2 "),
        ["org:f:a", "org:g:b"]
    );
}

#[test]
fn permission_limit_fails_closed() {
    // Bits 0 and 1023 of 1024 permissions.
    let mask = "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737068892787911683731292425163608903546110799409451772239191746199797202053246477510444956207562702033389100358222242363509473396562671820925383408894831755393";
    let all = expand("o:f", &names(MAX_ORG_PERMISSIONS), mask);
    assert_eq!(all.len(), 8);
    assert_eq!(all.first().unwrap(), "org:f:permission_0");
    assert_eq!(all.last().unwrap(), "org:f:permission_1023");
    assert!(expand("o:f", &names(MAX_ORG_PERMISSIONS + 1), mask).is_empty());
}

#[test]
fn features_and_masks_stay_aligned() {
    // User-only features take no mask; unknown scopes neither; bad masks keep their slot.
    assert_eq!(
        expand("u:x,o:a,x:y,uo:b,o:c", "r,w", "2,-1,3"),
        ["org:a:w", "org:c:r", "org:c:w"]
    );
    assert_eq!(expand("o:a,o:b", "r,w", "1.5,1"), ["org:b:r"]);
    assert_eq!(expand("o:a,o:b", "r,w", ",1"), ["org:b:r"]);
    // The name keeps any further colons.
    assert_eq!(expand("o:a:b", "r", "1"), ["org:a:b:r"]);
}

#[test]
fn malformed_v2_claims_grant_no_permissions() {
    // A `fea` element without a colon makes Clerk throw: no permissions at all.
    assert!(expand("o:a,b", "r,w", "3,3").is_empty());
    assert!(expand("o:a,", "r,w", "3").is_empty());
    assert!(expand("", "r,w", "3").is_empty());
    assert!(expand("o:a", "", "3").is_empty());
    assert!(expand("o:a", "r", "").is_empty());
    for claims in [
        r#"{"sub":"u","v":2,"fea":5,"o":{"id":"org","per":"r","fpm":"1"}}"#,
        r#"{"sub":"u","v":2,"fea":"o:a","o":{"id":"org","per":["r"],"fpm":"1"}}"#,
        r#"{"sub":"u","v":2,"fea":"o:a","o":{"id":"org","per":"r","fpm":1}}"#,
    ] {
        assert!(
            render(claims, true).ends_with(r#""orgId":"org","orgPermissions":[]}"#),
            "{claims}"
        );
    }
}

#[test]
fn v2_org_object_edge_cases() {
    // `o` falsy: all org properties undefined. `o` truthy but not an object: permissions [].
    for o in ["null", "0", "false", "\"\""] {
        let claims = format!(r#"{{"sub":"u","v":2,"o":{o}}}"#);
        assert_eq!(
            render(&claims, true),
            r#"{"userId":"u","sessionStatus":null,"factorVerificationAge":null}"#,
            "{o}"
        );
    }
    for o in ["1", "true", "\"x\"", "[]"] {
        let claims = format!(r#"{{"sub":"u","v":2,"o":{o}}}"#);
        assert!(
            render(&claims, true).ends_with(r#""orgPermissions":[]}"#),
            "{o}"
        );
    }
    // Only the number 2 selects v2.
    for v in ["\"2\"", "3", "null"] {
        let claims = format!(r#"{{"sub":"u","v":{v},"org_id":"org_1","o":{{"id":"org_2"}}}}"#);
        assert!(render(&claims, true).contains(r#""orgId":"org_1""#), "{v}");
    }
    assert!(render(
        r#"{"sub":"u","v":2.0,"org_id":"org_1","o":{"id":"org_2"}}"#,
        true
    )
    .contains(r#""orgId":"org_2""#));
    // An empty or non-string role leaves the role undefined (Clerk would stringify a truthy
    // non-string role; we do not).
    for rol in ["\"\"", "null", "5", "true", "{}"] {
        let claims = format!(r#"{{"sub":"u","v":2,"o":{{"id":"org","rol":{rol}}}}}"#);
        assert!(!render(&claims, true).contains("orgRole"), "{rol}");
    }
}

#[test]
fn typed_accessors() {
    let claims = r#"{"sub":"user_1","v":2,"fea":"o:f\u00e9","o":{"id":"org_1","rol":"admin","per":"read","fpm":"1"}}"#;
    let claims = dangerous::claims_from_json(claims.as_bytes()).unwrap();
    let auth = dangerous::auth_from_claims(&claims, true);
    assert!(auth.user_id().unwrap().as_str().unwrap().eq_str("user_1"));
    assert_eq!(auth.session_id(), None);
    assert_eq!(auth.session_status(), Some(sessionjwt::JsonValue::Null));
    let role = auth.org_role().unwrap();
    assert!(matches!(role, OrgRole::Prefixed(_)));
    assert_eq!(role.chars().unwrap().collect::<String>(), "org:admin");
    let Some(OrgPermissions::Expanded(set)) = auth.org_permissions() else {
        panic!()
    };
    let p = set.iter().next().unwrap();
    assert!(p.feature().eq_str("fé") && p.feature().as_plain().is_none());
    assert_eq!(
        (p.feature().raw(), p.permission().as_plain()),
        (r"f\u00e9", Some("read"))
    );
    assert_eq!(p.to_string(), "org:fé:read");
    let mut json = String::new();
    p.write_json(&mut json).unwrap();
    assert_eq!(json, r#""org:fé:read""#);
    assert!(auth.has_permission("fé:read") && auth.has_permission("org:org:fé:read"));
    assert!(!auth.has_permission("org:fé") && !auth.has_permission("ORG:fé:read"));
}

#[test]
fn role_normalisation() {
    let auth = |role: &str| format!(r#"{{"sub":"u","org_id":"org","org_role":{role}}}"#);
    let has_role = |claims: &str, role: Param<'_>| {
        let claims = dangerous::claims_from_json(claims.as_bytes()).unwrap();
        dangerous::auth_from_claims(&claims, true).has(&HasParams {
            role: Some(role),
            ..HasParams::default()
        })
    };
    for (stored, asked, expected) in [
        (r#""admin""#, "org:admin", true),
        (r#""org:org:admin""#, "admin", true),
        (r#""org:\u0061dmin""#, "org:org:org:admin", true),
        (r#""org:admin""#, "org:", false),
        (r#""org:""#, "org:", true),
        (r#""org:""#, "", true),
        (r#""""#, "", false),
        (r#""org:admin""#, "Org:admin", false),
        ("5", "5", false),
        ("null", "null", false),
    ] {
        assert_eq!(
            has_role(&auth(stored), Param::Str(asked)),
            expected,
            "{stored} vs {asked}"
        );
    }
    assert!(!has_role(&auth(r#""admin""#), Param::Invalid));
    // No org id, no role.
    assert!(!has_role(
        r#"{"sub":"u","org_role":"admin"}"#,
        Param::Str("admin")
    ));
    assert!(!has_role(
        r#"{"sub":"u","org_id":"","org_role":"admin"}"#,
        Param::Str("admin")
    ));
}

#[test]
fn has_needs_a_truthy_user_id_and_one_asked_dimension() {
    let check = |options: Value, params: HasParams<'_>| {
        let json = serde_json::to_vec(&options).unwrap();
        dangerous::auth_from_json(&json).unwrap().has(&params)
    };
    let ok = HasParams {
        feature: Some("f".into()),
        ..HasParams::default()
    };
    assert!(check(json!({"userId": "u", "features": "o:f"}), ok));
    for user in [json!(null), json!(""), json!(0), json!(false)] {
        assert!(
            !check(json!({"userId": user, "features": "o:f"}), ok),
            "{user}"
        );
    }
    assert!(!check(json!({"features": "o:f"}), ok), "userId undefined");
    assert!(!check(
        json!({"userId": "u", "features": "o:f"}),
        HasParams::default()
    ));
    // Escaped member names in the options object are honoured; unknown members ignored.
    let escaped = br#"{"us\u0065rId":"u","f\u0065atures":"o:f","extra":1}"#;
    assert!(dangerous::auth_from_json(escaped).unwrap().has(&ok));
}

#[test]
fn auth_is_copy_and_borrows_the_claims() {
    fn assert_copy<T: Copy>() {}
    assert_copy::<Auth<'static>>();
}
