//! `sessionjwt verify`: one token in, the verdict as JSON out.

use crate::args::Args;
use crate::output::{rejected, system_now_ms, UsageError, EXIT_OK};
use sessionjwt::{AlgorithmSet, AwsLcProvider, Limits, UnixTimeMs, Verifier, VerifierBuilder};
use std::io::Read;

const OPTIONS: &[&str] = &[
    "jwt-key",
    "jwks",
    "hmac-secret",
    "algorithms",
    "authorized-party",
    "audience",
    "issuer",
    "header-type",
    "clock-skew-ms",
    "now",
    "max-token-bytes",
    "treat-pending-as-signed-out",
];

pub fn main(argv: &[String]) -> i32 {
    match run(argv) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn read_file(option: &str, path: &str) -> Result<Vec<u8>, UsageError> {
    std::fs::read(path).map_err(|e| UsageError::usage(format!("--{option} {path}: {e}")))
}

/// The token from the positional argument, or stdin for `-` or none (one trailing newline
/// removed, nothing else).
fn token(args: &Args) -> Result<Vec<u8>, UsageError> {
    match args.positionals() {
        [t] if t != "-" => Ok(t.clone().into_bytes()),
        [] | [_] => {
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .map_err(|e| UsageError::usage(format!("reading stdin: {e}")))?;
            if input.ends_with(b"\n") {
                input.pop();
                if input.ends_with(b"\r") {
                    input.pop();
                }
            }
            Ok(input)
        }
        _ => Err(UsageError::usage("verify takes one token (or - for stdin)")),
    }
}

/// A verifier from the command-line options (keys from files, or `CLERK_JWT_KEY`); aws-lc
/// checks the signatures.
fn verifier(args: &Args) -> Result<Verifier<AwsLcProvider>, UsageError> {
    let mut b = VerifierBuilder::with_provider(AwsLcProvider);
    let core = |context: &'static str| move |e| UsageError::core(context, e);
    let mut keyed = false;
    if let Some(path) = args.one("jwt-key").map_err(UsageError::usage)? {
        b.add_pem(&read_file("jwt-key", path)?)
            .map_err(core("--jwt-key"))?;
        keyed = true;
    }
    if let Some(path) = args.one("jwks").map_err(UsageError::usage)? {
        b.add_jwks(&read_file("jwks", path)?)
            .map_err(core("--jwks"))?;
        keyed = true;
    }
    if let Some(secret) = args.one("hmac-secret").map_err(UsageError::usage)? {
        let bytes = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(secret)
            .map_err(|_| UsageError::usage("--hmac-secret: not base64url (unpadded, - and _)"))?;
        b.add_hmac_secret(&bytes).map_err(core("--hmac-secret"))?;
        keyed = true;
    }
    if !keyed {
        if let Ok(pem) = std::env::var("CLERK_JWT_KEY") {
            b.add_pem(pem.as_bytes()).map_err(core("CLERK_JWT_KEY"))?;
        }
    }
    if let Some(list) = args.one("algorithms").map_err(UsageError::usage)? {
        b.algorithms(AlgorithmSet::parse_list(list).map_err(core("--algorithms"))?);
    }
    for p in args.all("authorized-party") {
        b.authorized_party(p).map_err(core("--authorized-party"))?;
    }
    for a in args.all("audience") {
        b.audience(a).map_err(core("--audience"))?;
    }
    for i in args.all("issuer") {
        b.issuer(i).map_err(core("--issuer"))?;
    }
    for t in args.all("header-type") {
        b.header_type(t).map_err(core("--header-type"))?;
    }
    if let Some(skew) = args
        .number::<i64>("clock-skew-ms")
        .map_err(UsageError::usage)?
    {
        b.clock_skew_ms(skew);
    }
    if let Some(max) = args
        .number::<usize>("max-token-bytes")
        .map_err(UsageError::usage)?
    {
        b.limits(Limits {
            max_token_bytes: max,
            ..Limits::DEFAULT
        })
        .map_err(core("--max-token-bytes"))?;
    }
    b.build().map_err(core("options"))
}

fn run(argv: &[String]) -> Result<i32, UsageError> {
    let args = Args::parse(argv, OPTIONS).map_err(UsageError::usage)?;
    let treat_pending = match args
        .one("treat-pending-as-signed-out")
        .map_err(UsageError::usage)?
    {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(UsageError::usage(format!(
                "--treat-pending-as-signed-out: expected true or false, got {other:?}"
            )))
        }
    };
    let now = args
        .number::<i64>("now")
        .map_err(UsageError::usage)?
        .unwrap_or_else(system_now_ms);
    let verifier = verifier(&args)?;
    let token = token(&args)?;
    // Sized to the token, not to --max-token-bytes (which may be huge).
    let mut buf = vec![0u8; verifier.limits().buffer_len_for(token.len())];
    match verifier.verify(&token, UnixTimeMs(now), &mut buf) {
        Ok(verified) => {
            let mut auth = String::new();
            verified
                .auth(treat_pending)
                .write_json(&mut auth)
                .expect("writing to a String");
            println!(
                r#"{{"ok":true,"auth":{auth},"claims":{}}}"#,
                verified.payload_json()
            );
            Ok(EXIT_OK)
        }
        Err(e) => Ok(rejected(e)),
    }
}
