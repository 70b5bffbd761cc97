//! Shared fixtures: a Clerk-style session token (about 870 bytes for RS256), signed with the
//! Clerk fixture RSA-2048 key, and tokens for every other algorithm, valid for an hour from
//! the real clock (so that `jsonwebtoken`, which reads the clock, accepts them too).
#![allow(dead_code)]

#[path = "../../core/tests/common/signer.rs"]
mod signer;

use sessionjwt::{Algorithm, UnixTimeMs};
pub use signer::{b64url, Signer};
use std::time::{SystemTime, UNIX_EPOCH};

pub const AZP: &str = "https://app.example.com";

pub fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn now() -> UnixTimeMs {
    UnixTimeMs(now_s() * 1000)
}

/// A v2 Clerk session payload (organization, features, plans), valid for an hour.
pub fn clerk_payload(now_s: i64) -> String {
    format!(
        concat!(
            r#"{{"azp":"{azp}","exp":{exp},"fea":"o:dashboard","fva":[2,-1],"iat":{iat},"#,
            r#""iss":"https://clerk.example.com","nbf":{nbf},"#,
            r#""o":{{"fpm":"3","id":"org_2abcdefghijklmnopqrstuvwx","per":"read,manage","rol":"admin"}},"#,
            r#""sid":"sess_2abcdefghijklmnopqrstuvwx","sts":"active","#,
            r#""sub":"user_2abcdefghijklmnopqrstuvwx","v":2}}"#
        ),
        azp = AZP,
        exp = now_s + 3600,
        iat = now_s,
        nbf = now_s - 10,
    )
}

pub fn header(alg: Algorithm) -> String {
    format!(
        r#"{{"alg":"{}","cat":"cl_B7d4PD111AAA","kid":"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD","typ":"JWT"}}"#,
        alg.name()
    )
}

impl Signer {
    /// (token, signing input, signature) for the Clerk-style payload at `now_s`.
    pub fn mint(&self, alg: Algorithm, now_s: i64) -> (String, Vec<u8>, Vec<u8>) {
        let input = format!(
            "{}.{}",
            b64url(header(alg).as_bytes()),
            b64url(clerk_payload(now_s).as_bytes())
        );
        let sig = self.sign(alg, input.as_bytes());
        (format!("{input}.{}", b64url(&sig)), input.into_bytes(), sig)
    }
}
