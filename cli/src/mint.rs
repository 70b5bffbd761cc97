//! `sessionjwt mint`: sign a Clerk-style token, for tests, demos and examples.

use crate::args::Args;
use crate::output::{system_now_ms, UsageError, EXIT_OK};
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, RsaKeyPair};
use serde_json::{json, Map, Value};
use sessionjwt::{Algorithm, SESSION_CATEGORY};

const OPTIONS: &[&str] = &["key", "hmac-secret", "alg", "kid", "claims", "ttl", "now"];

/// A private key able to sign tokens.
pub enum SigningKey {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair, Algorithm),
    Ed(Ed25519KeyPair),
    Hmac(Vec<u8>),
}

impl SigningKey {
    /// Loads a PEM private key: PKCS#8 `PRIVATE KEY` (RSA, EC P-256/P-384, Ed25519) or
    /// PKCS#1 `RSA PRIVATE KEY`.
    pub fn from_pem(pem: &str) -> Result<SigningKey, String> {
        let body: String = pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .map(str::trim)
            .collect();
        let der = Base64::decode_vec(&body).map_err(|_| "not a PEM private key".to_owned())?;
        let rng = SystemRandom::new();
        if pem.contains("BEGIN RSA PRIVATE KEY") {
            return RsaKeyPair::from_der(&der)
                .map(SigningKey::Rsa)
                .map_err(|e| format!("RSA key: {e}"));
        }
        if let Ok(k) = RsaKeyPair::from_pkcs8(&der) {
            return Ok(SigningKey::Rsa(k));
        }
        for (a, alg) in [
            (
                &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                Algorithm::ES256,
            ),
            (
                &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
                Algorithm::ES384,
            ),
        ] {
            if let Ok(k) = EcdsaKeyPair::from_pkcs8(a, &der, &rng) {
                return Ok(SigningKey::Ec(k, alg));
            }
        }
        Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der)
            .map(SigningKey::Ed)
            .map_err(|_| {
                "unsupported private key (PKCS#8 RSA, EC P-256/P-384, Ed25519, or PKCS#1 RSA)"
                    .to_owned()
            })
    }

    /// The algorithm used when `--alg` is not given.
    pub fn default_algorithm(&self) -> Algorithm {
        match self {
            SigningKey::Rsa(_) => Algorithm::RS256,
            SigningKey::Ec(_, alg) => *alg,
            SigningKey::Ed(_) => Algorithm::EdDSA,
            SigningKey::Hmac(_) => Algorithm::HS256,
        }
    }

    /// Signs `message` with `alg`, which must suit the key.
    pub fn sign(&self, alg: Algorithm, message: &[u8]) -> Result<Vec<u8>, String> {
        let rng = SystemRandom::new();
        let mismatch = || format!("--alg {} does not suit this key", alg.name());
        match self {
            SigningKey::Rsa(k) => {
                let padding: &'static dyn signature::RsaEncoding = match alg {
                    Algorithm::RS256 => &signature::RSA_PKCS1_SHA256,
                    Algorithm::RS384 => &signature::RSA_PKCS1_SHA384,
                    Algorithm::RS512 => &signature::RSA_PKCS1_SHA512,
                    Algorithm::PS256 => &signature::RSA_PSS_SHA256,
                    Algorithm::PS384 => &signature::RSA_PSS_SHA384,
                    Algorithm::PS512 => &signature::RSA_PSS_SHA512,
                    _ => return Err(mismatch()),
                };
                let mut sig = vec![0u8; k.public().modulus_len()];
                k.sign(padding, &rng, message, &mut sig)
                    .map_err(|e| e.to_string())?;
                Ok(sig)
            }
            SigningKey::Ec(k, key_alg) if *key_alg == alg => Ok(k
                .sign(&rng, message)
                .map_err(|e| e.to_string())?
                .as_ref()
                .to_vec()),
            SigningKey::Ed(k) if alg == Algorithm::EdDSA => Ok(k.sign(message).as_ref().to_vec()),
            SigningKey::Hmac(secret) => {
                let h = match alg {
                    Algorithm::HS256 => ring::hmac::HMAC_SHA256,
                    Algorithm::HS384 => ring::hmac::HMAC_SHA384,
                    Algorithm::HS512 => ring::hmac::HMAC_SHA512,
                    _ => return Err(mismatch()),
                };
                Ok(ring::hmac::sign(&ring::hmac::Key::new(h, secret), message)
                    .as_ref()
                    .to_vec())
            }
            _ => Err(mismatch()),
        }
    }
}

/// Clerk-style claims at `now_ms`: `azp`, `exp` = iat + ttl, `iat`, `nbf` = iat - 10, `sid`,
/// `sub`; then `overrides` (a member set to `null` is removed). Fails when `exp` or `nbf`
/// would not fit an `i64` (an extreme `--ttl` or `--now`), instead of wrapping.
pub fn claims(
    now_ms: i64,
    ttl_seconds: i64,
    overrides: &Map<String, Value>,
) -> Result<Map<String, Value>, String> {
    let iat = now_ms.div_euclid(1000);
    let (Some(exp), Some(nbf)) = (iat.checked_add(ttl_seconds), iat.checked_sub(10)) else {
        return Err(format!(
            "--ttl {ttl_seconds} with --now {now_ms}: exp or nbf out of range"
        ));
    };
    let mut claims = Map::new();
    claims.insert("azp".into(), json!("http://localhost:3000"));
    claims.insert("exp".into(), json!(exp));
    claims.insert("iat".into(), json!(iat));
    claims.insert("nbf".into(), json!(nbf));
    claims.insert("sid".into(), json!("sess_local"));
    claims.insert("sub".into(), json!("user_local"));
    for (k, v) in overrides {
        if v.is_null() {
            claims.remove(k);
        } else {
            claims.insert(k.clone(), v.clone());
        }
    }
    Ok(claims)
}

/// A compact token: Clerk's header (`alg`, `kid`, `typ`, `cat`) over `claims`.
pub fn token(
    key: &SigningKey,
    alg: Algorithm,
    kid: Option<&str>,
    claims: &Map<String, Value>,
) -> Result<String, String> {
    let mut header = Map::new();
    header.insert("alg".into(), json!(alg.name()));
    if let Some(kid) = kid {
        header.insert("kid".into(), json!(kid));
    }
    header.insert("typ".into(), json!("JWT"));
    header.insert("cat".into(), json!(SESSION_CATEGORY));
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(Value::Object(header).to_string().as_bytes()),
        Base64UrlUnpadded::encode_string(Value::Object(claims.clone()).to_string().as_bytes())
    );
    let sig = key.sign(alg, input.as_bytes())?;
    Ok(format!(
        "{input}.{}",
        Base64UrlUnpadded::encode_string(&sig)
    ))
}

pub fn main(argv: &[String]) -> i32 {
    match run(argv) {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

fn run(argv: &[String]) -> Result<i32, UsageError> {
    let args = Args::parse(argv, OPTIONS).map_err(UsageError::usage)?;
    if !args.positionals().is_empty() {
        return Err(UsageError::usage("mint takes no positional arguments"));
    }
    let key = match (
        args.one("key").map_err(UsageError::usage)?,
        args.one("hmac-secret").map_err(UsageError::usage)?,
    ) {
        (Some(path), None) => {
            let pem = std::fs::read_to_string(path)
                .map_err(|e| UsageError::usage(format!("--key {path}: {e}")))?;
            SigningKey::from_pem(&pem)
                .map_err(|e| UsageError::usage(format!("--key {path}: {e}")))?
        }
        (None, Some(secret)) => SigningKey::Hmac(
            Base64UrlUnpadded::decode_vec(secret)
                .map_err(|_| UsageError::usage("--hmac-secret: not base64url"))?,
        ),
        _ => {
            return Err(UsageError::usage(
                "mint needs exactly one of --key PRIVATE.pem or --hmac-secret B64URL",
            ))
        }
    };
    let alg = match args.one("alg").map_err(UsageError::usage)? {
        Some(name) => Algorithm::from_name(name.as_bytes())
            .ok_or_else(|| UsageError::usage(format!("--alg: unknown algorithm {name:?}")))?,
        None => key.default_algorithm(),
    };
    let overrides = match args.one("claims").map_err(UsageError::usage)? {
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map,
            _ => return Err(UsageError::usage("--claims must be a JSON object")),
        },
        None => Map::new(),
    };
    let ttl = args
        .number::<i64>("ttl")
        .map_err(UsageError::usage)?
        .unwrap_or(60);
    let now = args
        .number::<i64>("now")
        .map_err(UsageError::usage)?
        .unwrap_or_else(system_now_ms);
    let kid = args.one("kid").map_err(UsageError::usage)?;
    let claims = claims(now, ttl, &overrides).map_err(UsageError::usage)?;
    let token = token(&key, alg, kid, &claims).map_err(UsageError::usage)?;
    println!("{token}");
    Ok(EXIT_OK)
}
