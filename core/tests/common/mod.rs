//! Shared test helpers: fixtures from `../shared`, minting, verifier construction.
#![allow(dead_code, unused_imports)]

pub mod authz;
pub mod divergences;
mod signer;

pub use signer::{b64url, pem_der, read_shared, shared, Signer};

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use sessionjwt::{Algorithm, CryptoProvider, UnixTimeMs, Verifier, VerifierBuilder};

pub fn clerk_json(name: &str) -> Value {
    serde_json::from_str(&read_shared(&format!("conformance/clerk/{name}"))).unwrap()
}

pub fn clerk_token(name: &str) -> String {
    clerk_json("tokens.json")[name]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("token {name}"))
        .to_owned()
}

pub const NOW_MS: i64 = 1_666_648_250_000;
pub const NOW_S: i64 = NOW_MS / 1000;

impl Signer {
    /// A compact token over the exact header and payload JSON texts given.
    pub fn mint(&self, alg: Algorithm, header: &str, payload: &str) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.as_bytes()),
            b64url(payload.as_bytes())
        );
        let sig = self.sign(alg, input.as_bytes());
        format!("{input}.{}", b64url(&sig))
    }

    /// A token with header `{"alg":..,"typ":"JWT"}` and the given payload.
    pub fn mint_claims(&self, alg: Algorithm, payload: &str) -> String {
        self.mint(
            alg,
            &format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()),
            payload,
        )
    }

    pub fn verifier(&self, configure: impl FnOnce(&mut VerifierBuilder)) -> Verifier {
        self.verifier_with(Verifier::builder(), configure)
    }

    /// A verifier over any provider, from a fresh builder of that provider.
    pub fn verifier_with<P: CryptoProvider + Clone>(
        &self,
        mut b: VerifierBuilder<P>,
        configure: impl FnOnce(&mut VerifierBuilder<P>),
    ) -> Verifier<P> {
        b.add_key(self.public_key()).unwrap();
        configure(&mut b);
        b.build().unwrap()
    }
}

/// A standard valid Clerk-like payload at NOW.
pub fn payload_at_now(extra: &str) -> String {
    format!(
        r#"{{"sub":"user_1","sid":"sess_1","iat":{},"nbf":{},"exp":{}{}{}}}"#,
        NOW_S,
        NOW_S - 10,
        NOW_S + 60,
        if extra.is_empty() { "" } else { "," },
        extra
    )
}

/// Verifies and returns Ok(payload JSON) or Err(error).
pub fn run<P: CryptoProvider>(
    v: &Verifier<P>,
    token: &str,
    now_ms: i64,
) -> Result<String, sessionjwt::Error> {
    let mut buf = vec![0u8; v.limits().buffer_len()];
    v.verify(token.as_bytes(), UnixTimeMs(now_ms), &mut buf)
        .map(|t| t.payload_json().to_owned())
}

// ---- token surgery for attack cases (security.rs, battery.rs) ----

/// Replaces the signature segment.
pub fn with_sig(token: &str, sig: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64url(sig))
}

pub fn sig_of(token: &str) -> Vec<u8> {
    let s = token.rsplit('.').next().unwrap();
    let mut out = vec![0u8; s.len()];
    Base64UrlUnpadded::decode(s, &mut out).unwrap().to_vec()
}

pub fn add_big_endian(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    if carry == 1 {
        out.insert(0, 1);
    }
    out
}

pub fn sub_big_endian(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}
