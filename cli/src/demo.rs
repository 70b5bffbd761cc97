//! `sessionjwt demo`: the whole job, end to end, with an embedded TEST-ONLY key pair.

use crate::mint::{claims, token, SigningKey};
use crate::output::{system_now_ms, UsageError, EXIT_OK};
use serde_json::json;
use sessionjwt::{AwsLcProvider, HasParams, Param, Reverification, UnixTimeMs, VerifierBuilder};
use std::time::Instant;

/// TEST ONLY: this key pair is public (committed in `cli/keys/`); never trust it.
const DEMO_PRIVATE_KEY: &str = include_str!("../keys/demo-private.pem");
const DEMO_PUBLIC_KEY: &str = include_str!("../keys/demo-public.pem");
const ORIGIN: &str = "http://localhost:3000";
const TIMED_RUNS: usize = 2001;

pub fn main(argv: &[String]) -> i32 {
    if !argv.is_empty() {
        return UsageError::usage("demo takes no arguments").report();
    }
    match run() {
        Ok(()) => EXIT_OK,
        Err(e) => UsageError::usage(e).report(),
    }
}

fn run() -> Result<(), String> {
    let key = SigningKey::from_pem(DEMO_PRIVATE_KEY)?;
    let mut builder = VerifierBuilder::with_provider(AwsLcProvider);
    builder
        .add_pem(DEMO_PUBLIC_KEY.as_bytes())
        .map_err(|e| e.to_string())?;
    builder
        .authorized_party(ORIGIN)
        .map_err(|e| e.to_string())?;
    let verifier = builder.build().map_err(|e| e.to_string())?;
    let now = system_now_ms();

    println!("sessionjwt demo (embedded TEST-ONLY RSA-2048 key, no network)\n");
    let v2 = json!({
        "sub": "user_demo", "sid": "sess_demo", "azp": ORIGIN, "sts": "active", "v": 2,
        "fva": [3, -1],
        "o": {"id": "org_demo", "rol": "admin", "slg": "acme", "per": "read,manage", "fpm": "3,1"},
        "fea": "o:dashboard,o:billing,u:profile", "pla": "o:business"
    });
    let overrides = v2.as_object().cloned().unwrap_or_default();
    let jwt = token(
        &key,
        sessionjwt::Algorithm::RS256,
        Some("ins_demo"),
        &claims(now, 60, &overrides)?,
    )?;
    println!(
        "1. minted a Clerk-style v2 session token (RS256, {} bytes):\n   {}...{}\n",
        jwt.len(),
        &jwt[..40],
        &jwt[jwt.len() - 20..]
    );

    let mut buf = vec![0u8; verifier.limits().buffer_len()];
    let verified = verifier
        .verify(jwt.as_bytes(), UnixTimeMs(now), &mut buf)
        .map_err(|e| e.to_string())?;
    let auth = verified.auth(true);
    let mut rendered = String::new();
    auth.write_json(&mut rendered).map_err(|e| e.to_string())?;
    let pretty = serde_json::from_str::<serde_json::Value>(&rendered)
        .and_then(|v| serde_json::to_string_pretty(&v));
    println!(
        "2. verified (authorized party {ORIGIN}); the Auth object:\n{}\n",
        pretty.map_err(|e| e.to_string())?
    );

    println!("3. has() checks:");
    let checks: [(&str, HasParams<'_>); 7] = [
        (
            "role org:admin",
            HasParams {
                role: Some(Param::Str("org:admin")),
                ..HasParams::default()
            },
        ),
        (
            "permission org:dashboard:manage",
            HasParams {
                permission: Some(Param::Str("org:dashboard:manage")),
                ..HasParams::default()
            },
        ),
        (
            "permission org:billing:manage",
            HasParams {
                permission: Some(Param::Str("org:billing:manage")),
                ..HasParams::default()
            },
        ),
        (
            "feature dashboard",
            HasParams {
                feature: Some(Param::Str("dashboard")),
                ..HasParams::default()
            },
        ),
        (
            "plan org:business",
            HasParams {
                plan: Some(Param::Str("org:business")),
                ..HasParams::default()
            },
        ),
        (
            "reverification strict",
            HasParams {
                reverification: Some(Reverification::Preset("strict")),
                ..HasParams::default()
            },
        ),
        ("nothing asked ({})", HasParams::default()),
    ];
    for (label, params) in &checks {
        println!("   has({label:<34}) = {}", auth.has(params));
    }

    let mut times = Vec::with_capacity(TIMED_RUNS);
    for _ in 0..TIMED_RUNS {
        let start = Instant::now();
        let ok = verifier
            .verify(jwt.as_bytes(), UnixTimeMs(now), &mut buf)
            .is_ok();
        times.push(start.elapsed());
        if !ok {
            return Err("the demo token stopped verifying".into());
        }
    }
    times.sort();
    let median = times[TIMED_RUNS / 2].as_secs_f64() * 1e6;
    println!("\n4. verification time: median {median:.1} us over {TIMED_RUNS} runs (decode + RS256 + claims, no cache)");

    let expired = token(
        &key,
        sessionjwt::Algorithm::RS256,
        Some("ins_demo"),
        // iat 61 minutes ago with a 60 s lifetime: expired exactly an hour ago.
        &claims(now - 3_660_000, 60, &overrides)?,
    )?;
    match verifier.verify(expired.as_bytes(), UnixTimeMs(now), &mut buf) {
        Ok(_) => Err("an expired token verified".into()),
        Err(e) => {
            println!(
                "\n5. a token that expired an hour ago is rejected: reason={} code={}\n   {}",
                e.reason(),
                e.code(),
                e.message()
            );
            Ok(())
        }
    }
}
