//! Request authentication: where the session token comes from, and Clerk's networkless
//! signed-in / signed-out decision (`authenticateRequest`, spec §4), shared by every binding.
//!
//! Out of scope, because they need the network: handshakes, token refresh, satellite
//! domains, machine tokens. Where Clerk would start a handshake, the outcome is signed-out
//! with Clerk's handshake reason. With a publishable key, the suffixed cookie pair
//! (`__session_<suffix>`, `__client_uat_<suffix>`) is chosen by Clerk's rules.

use crate::sha1::sha1;
use crate::verify::host_verdict;
use crate::{dangerous, CryptoProvider, Error, Limits, UnixTimeMs, VerifiedBuffer, Verifier};
use base64ct::{Base64Unpadded, Base64UrlUnpadded, Encoding};

/// Clerk's session token category (`cat`).
pub const SESSION_CATEGORY: &str = "cl_B7d4PD111AAA";
/// Clerk's "ignore" token category, accepted like the session category.
pub const IGNORE_CATEGORY: &str = "cl_I7d4PD111III";

/// Where a session token was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenCarrier {
    /// The `Authorization` header.
    Header,
    /// The `__session` cookie.
    Cookie,
}

impl TokenCarrier {
    /// `"header"` or `"cookie"`, as in Clerk's messages.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenCarrier::Header => "header",
            TokenCarrier::Cookie => "cookie",
        }
    }
}

/// The parts of an HTTP request that authentication reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct RequestParts<'r> {
    /// The `Authorization` header value, if any.
    pub authorization: Option<&'r str>,
    /// The `Cookie` header value, if any.
    pub cookie: Option<&'r str>,
    /// The request method (`GET` when empty).
    pub method: &'r str,
    /// The Clerk publishable key, if configured: `pk_test_...` marks a development instance,
    /// which (as in Clerk) needs the `__clerk_db_jwt` dev-browser cookie on the cookie path.
    pub publishable_key: Option<&'r str>,
}

/// Signed in or out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStatus {
    /// A valid session token.
    SignedIn,
    /// No valid session token.
    SignedOut,
}

/// The outcome of [`Verifier::authenticate_request`].
#[derive(Clone, Debug)]
pub struct RequestState<'r, B> {
    /// Signed in or out.
    pub status: AuthStatus,
    /// Clerk's reason: `""` when signed in, a request reason such as
    /// `session-token-and-uat-missing`, or a verification reason such as `token-expired`.
    pub reason: &'static str,
    /// The verification error behind a signed-out outcome, if verification ran.
    pub error: Option<Error>,
    /// Where the token came from, if one was found.
    pub carrier: Option<TokenCarrier>,
    /// The token, if one was found.
    pub token: Option<&'r str>,
    /// The verified token when signed in.
    pub verified: Option<VerifiedBuffer<B>>,
}

impl<'r, B> RequestState<'r, B> {
    fn signed_out(
        reason: &'static str,
        carrier: Option<TokenCarrier>,
        token: Option<&'r str>,
    ) -> Self {
        RequestState {
            status: AuthStatus::SignedOut,
            reason,
            error: None,
            carrier,
            token,
            verified: None,
        }
    }
}

/// The token in an `Authorization` value, as Clerk reads it (`value.split(" ", 2)`): no
/// space means the whole value is the token; otherwise the scheme is the text before the
/// first space and the token the text between the first and the second space, so
/// `Bearer <token> <more>` gives `<token>`. An empty token gives the scheme itself (Clerk's
/// quirk: `"Bearer  x"` reads as the token `Bearer`); a non-empty token under any scheme
/// but `Bearer` (exact case) gives none, so the cookie path runs.
pub fn authorization_token(value: &str) -> Option<&str> {
    if value.is_empty() {
        return None;
    }
    let Some((scheme, rest)) = value.split_once(' ') else {
        return Some(value);
    };
    let token = rest.split(' ').next().unwrap_or("");
    match (scheme, token) {
        (_, "") => Some(scheme),
        ("Bearer", token) => Some(token),
        _ => None,
    }
}

/// The first cookie named `name` in a `Cookie` header (`a=1; b=2`), with surrounding spaces
/// and tabs removed, as the `cookie` package that `@clerk/backend` bundles reads it: double
/// quotes are kept (a quoted token does not decode). An empty first value is `None`, as
/// Clerk's `getCookie` (`cookies.get(name) || undefined`) reads it: `__session=` is no
/// session. Values are not percent-decoded: session tokens and `__client_uat` values are
/// cookie-safe as set, so a `%` makes the token malformed and the `__client_uat` value end
/// (a deliberate difference, in `conformance/divergences.json`).
pub fn cookie_value<'c>(header: &'c str, name: &str) -> Option<&'c str> {
    let blank = |c: char| c == ' ' || c == '\t';
    header
        .split(';')
        .find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k.trim_matches(blank) == name).then(|| v.trim_matches(blank))
        })
        .filter(|v| !v.is_empty())
}

/// JavaScript `Number.parseInt(s) || 0` for the `__client_uat` cookie: leading white space
/// skipped, an optional sign, then `0x`/`0X` and hex digits, or decimal digits, as far as
/// they go; anything else is 0. Values beyond `i64` saturate.
fn client_uat(value: Option<&str>) -> i64 {
    let Some(s) = value.map(|s| s.trim_start_matches(crate::substr::is_js_whitespace)) else {
        return 0;
    };
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = match rest.get(..2) {
        Some("0x" | "0X") => (16, &rest[2..]),
        _ => (10, rest),
    };
    let n = digits
        .chars()
        .map_while(|c| c.to_digit(radix))
        .try_fold(0i64, |acc, d| {
            acc.checked_mul(i64::from(radix))?.checked_add(i64::from(d))
        })
        .unwrap_or(i64::MAX);
    if negative {
        -n
    } else {
        n
    }
}

/// A signed-out outcome decided before verification: reason, carrier, token. (Not generic
/// over the buffer, so that token selection is compiled once.)
struct Decided<'r>(&'static str, Option<TokenCarrier>, Option<&'r str>);

/// What Clerk reads from a session token before verifying it.
struct Unverified {
    /// A machine token (typ `at+jwt`, sub `mch_...`) or a non-session category.
    wrong_type: bool,
    /// `iat` in seconds, if it is a number.
    iat: Option<f64>,
    /// `exp` in seconds, if it is a number.
    exp: Option<f64>,
    /// Whether `iss`, with every `http://` and `https://` removed, is the instance's Frontend
    /// API host: `None` when `iss` is absent or falsy (Clerk's `tokenHasIssuer` is `!!iss`),
    /// `Some(false)` for any other value that is not such a string.
    iss_is_instance: Option<bool>,
}

/// `iss.replace(/https?:\/\//gi, "") === fapi` over the unescaped characters of `iss`,
/// without a copy: every `http://` or `https://` (ASCII letters in any case) is skipped
/// wherever it starts, scanning left to right as a global replace does, and what remains is
/// compared with `fapi`.
fn issuer_is_host<I: Iterator<Item = char> + Clone>(iss: I, fapi: &str) -> bool {
    let skip_scheme = |rest: &mut I| {
        for scheme in ["https://", "http://"] {
            let mut ahead = rest.clone();
            if scheme
                .chars()
                .all(|s| ahead.next().is_some_and(|c| c.eq_ignore_ascii_case(&s)))
            {
                *rest = ahead;
                return true;
            }
        }
        false
    };
    let mut rest = iss;
    let mut expected = fapi.chars();
    loop {
        if skip_scheme(&mut rest) {
            continue;
        }
        match rest.next() {
            None => return expected.next().is_none(),
            Some(c) if expected.next() == Some(c) => {}
            Some(_) => return false,
        }
    }
}

/// Decodes `token` without verifying it (into `scratch`, which verification reuses after).
/// `None` when it does not decode.
fn peek(token: &str, limits: &Limits, scratch: &mut [u8], fapi: &str) -> Option<Unverified> {
    let (header, claims) = dangerous::decode_unverified(token.as_bytes(), limits, scratch).ok()?;
    let machine_typ = header
        .typ()
        .and_then(|t| t.as_str())
        .is_some_and(|t| t.eq_str("at+jwt") || t.eq_str("application/at+jwt"));
    let machine_sub = claims
        .sub()
        .and_then(|s| s.as_str())
        .is_some_and(|s| s.starts_with("mch_"));
    // Any present `cat` that is not the session or ignore category, of any JSON type.
    let foreign_cat = header.cat().is_some_and(|c| {
        !c.as_str()
            .is_some_and(|c| c.eq_str(SESSION_CATEGORY) || c.eq_str(IGNORE_CATEGORY))
    });
    let number =
        |v: Option<crate::JsonValue<'_>>| v.and_then(|v| v.as_number()).map(|n| n.as_f64());
    let iss_is_instance = claims.iss().filter(|v| v.is_truthy()).map(|v| {
        v.as_str()
            .is_some_and(|iss| issuer_is_host(iss.chars(), fapi))
    });
    Some(Unverified {
        wrong_type: machine_typ || machine_sub || foreign_cat,
        iat: number(claims.iat()),
        exp: number(claims.exp()),
        iss_is_instance,
    })
}

/// The Clerk instance a publishable key names: its Frontend API host, the names of its
/// suffixed cookies, and whether it is a production instance.
struct Instance {
    fapi: [u8; 256],
    fapi_len: usize,
    session_cookie: [u8; 18],
    uat_cookie: [u8; 21],
    dev_browser_cookie: [u8; 23],
    production: bool,
}

impl Instance {
    /// `pk_live_...` or `pk_test_...` followed by base64 of `<host>$`; the cookie suffix is
    /// the first 8 characters of base64url(SHA-1(key)). `None` for anything else.
    fn from_publishable_key(key: &str) -> Option<Instance> {
        let (production, encoded) =
            match (key.strip_prefix("pk_live_"), key.strip_prefix("pk_test_")) {
                (Some(rest), _) => (true, rest),
                (_, Some(rest)) => (false, rest),
                _ => return None,
            };
        let mut fapi = [0u8; 256];
        let decoded = Base64Unpadded::decode(encoded.trim_end_matches('='), &mut fapi).ok()?;
        let fapi_len = decoded.strip_suffix(b"$")?.len();
        core::str::from_utf8(&fapi[..fapi_len]).ok()?;
        let mut suffix = [0u8; 28];
        let suffix = Base64UrlUnpadded::encode(&sha1(key.as_bytes()), &mut suffix).ok()?;
        let mut session_cookie = *b"__session_________";
        session_cookie[10..].copy_from_slice(&suffix.as_bytes()[..8]);
        let mut uat_cookie = *b"__client_uat_________";
        uat_cookie[13..].copy_from_slice(&suffix.as_bytes()[..8]);
        let mut dev_browser_cookie = *b"__clerk_db_jwt_________";
        dev_browser_cookie[15..].copy_from_slice(&suffix.as_bytes()[..8]);
        Some(Instance {
            fapi,
            fapi_len,
            session_cookie,
            uat_cookie,
            dev_browser_cookie,
            production,
        })
    }

    fn fapi(&self) -> &str {
        core::str::from_utf8(&self.fapi[..self.fapi_len]).unwrap_or("")
    }

    fn session_cookie(&self) -> &str {
        core::str::from_utf8(&self.session_cookie).unwrap_or("__session")
    }

    fn uat_cookie(&self) -> &str {
        core::str::from_utf8(&self.uat_cookie).unwrap_or("__client_uat")
    }

    fn dev_browser_cookie(&self) -> &str {
        core::str::from_utf8(&self.dev_browser_cookie).unwrap_or("__clerk_db_jwt")
    }
}

impl<P: CryptoProvider> Verifier<P> {
    /// Clerk's `usesSuffixedCookies()` (spec §4.1): whether the `_<suffix>` cookie pair of
    /// this instance is read instead of the unsuffixed one. A missing cookie is not `"0"`.
    fn uses_suffixed_cookies(
        &self,
        instance: &Instance,
        cookies: Option<&str>,
        now: UnixTimeMs,
        scratch: &mut [u8],
    ) -> bool {
        let cookie = |name: &str| cookies.and_then(|c| cookie_value(c, name));
        let (u_session, s_session) = (cookie("__session"), cookie(instance.session_cookie()));
        let (u_uat, s_uat) = (cookie("__client_uat"), cookie(instance.uat_cookie()));
        let mut peek_at =
            |t: Option<&str>| t.and_then(|t| peek(t, self.limits(), scratch, instance.fapi()));
        if let Some(u) = u_session {
            match peek_at(Some(u)).and_then(|p| p.iss_is_instance) {
                None => return false,
                Some(false) => return true,
                Some(true) => {}
            }
        }
        if s_uat.is_none() && s_session.is_none() {
            return false;
        }
        let not_zero = |v: Option<&str>| v != Some("0");
        // `payload.iat || 0`: a missing session, one that does not decode or a missing `iat`
        // counts as 0.
        let u_iat = peek_at(u_session).and_then(|p| p.iat).unwrap_or(0.0);
        let s_peek = peek_at(s_session);
        let s_iat = s_peek.as_ref().and_then(|p| p.iat).unwrap_or(0.0);
        if not_zero(s_uat) && not_zero(u_uat) && u_iat > s_iat {
            return false;
        }
        if s_uat == Some("0") && not_zero(u_uat) {
            return false;
        }
        // `exp <= Date.now() / 1e3 >> 0`: whole seconds.
        let s_expired = s_peek
            .and_then(|p| p.exp)
            .is_some_and(|exp| exp <= (now.0 / 1000) as f64);
        if !instance.production && not_zero(s_uat) && u_uat == Some("0") && s_expired {
            return false;
        }
        !(s_session.is_some() && s_uat.is_none())
    }

    /// Authenticates a request the way `@clerk/backend`'s `authenticateRequest` does without
    /// network access.
    ///
    /// The `Authorization` token wins; then the `__session` cookie with Clerk's
    /// `__client_uat` rules. Machine tokens and non-session categories are signed out with
    /// `token-type-mismatch`. Verification errors sign out with the verification reason,
    /// except those Clerk answers with a handshake (expired, not yet valid, issued in the
    /// future), which sign out with the handshake reason (`session-token-expired-refresh-...`,
    /// `session-token-nbf`, `session-token-iat-in-the-future`). `buf` is the decode buffer
    /// (see [`Verifier::verify_owned`]).
    pub fn authenticate_request<'r, B: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        request: &RequestParts<'r>,
        now: UnixTimeMs,
        buf: B,
    ) -> RequestState<'r, B> {
        self.authenticate_in(request, now, buf, |token, buf| {
            self.verify_owned_in(token, now, buf, |input| self.provider_check(input))
        })
    }

    /// Phase 1 of a two-phase request authentication, for hosts that check signatures with
    /// their own crypto (WebCrypto in edge runtimes): the session token that
    /// [`Verifier::authenticate_request`] would verify for this request at `now`, or `None`
    /// when the request is decided without verification (no token, a machine token,
    /// `__client_uat` rules...). The host checks that token's signature (see
    /// [`Verifier::signature_input`]) and completes with
    /// [`Verifier::authenticate_request_with_host_verdict`] on the same request and `now`.
    /// `buf` is scratch space of [`crate::Limits::buffer_len`] bytes.
    pub fn request_token<'r>(
        &self,
        request: &RequestParts<'r>,
        now: UnixTimeMs,
        buf: &mut [u8],
    ) -> Option<&'r str> {
        self.select_token(request, now, buf)
            .ok()
            .map(|(_, token)| token)
    }

    /// Phases 2 and 3 of a two-phase request authentication: exactly
    /// [`Verifier::authenticate_request`], except that the signature of the token from
    /// [`Verifier::request_token`] is not checked here: `signature_valid` is the host's
    /// verdict on it. Passing `true` without checking the signature defeats the purpose of
    /// authentication.
    pub fn authenticate_request_with_host_verdict<'r, B: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        request: &RequestParts<'r>,
        now: UnixTimeMs,
        buf: B,
        signature_valid: bool,
    ) -> RequestState<'r, B> {
        self.authenticate_in(request, now, buf, |token, buf| {
            self.verify_owned_in(token, now, buf, |_| host_verdict(signature_valid))
        })
    }

    /// Clerk's decisions before verification: the token and its carrier, or the final
    /// signed-out state.
    fn select_token<'r>(
        &self,
        request: &RequestParts<'r>,
        now: UnixTimeMs,
        buf: &mut [u8],
    ) -> Result<(TokenCarrier, &'r str), Decided<'r>> {
        let header_token = request.authorization.and_then(authorization_token);
        let cookie = |name: &str| request.cookie.and_then(|c| cookie_value(c, name));
        let (carrier, token) = match header_token {
            Some(token) => (TokenCarrier::Header, token),
            None => {
                let instance = request
                    .publishable_key
                    .and_then(Instance::from_publishable_key);
                // Clerk's getSuffixedOrUnSuffixedCookie, for the session, the client's last
                // sign-in time and the dev-browser token alike.
                let (session, uat, dev_browser) = match &instance {
                    Some(i) if self.uses_suffixed_cookies(i, request.cookie, now, buf) => (
                        cookie(i.session_cookie()),
                        cookie(i.uat_cookie()),
                        cookie(i.dev_browser_cookie()),
                    ),
                    _ => (
                        cookie("__session"),
                        cookie("__client_uat"),
                        cookie("__clerk_db_jwt"),
                    ),
                };
                let uat = client_uat(uat);
                let development = instance.as_ref().is_some_and(|i| !i.production);
                if development && dev_browser.is_none() {
                    return Err(Decided("dev-browser-missing", None, session));
                }
                let token = match (uat != 0, session) {
                    (false, None) => {
                        return Err(Decided("session-token-and-uat-missing", None, None))
                    }
                    (false, Some(t)) => {
                        return Err(Decided(
                            "session-token-but-no-client-uat",
                            Some(TokenCarrier::Cookie),
                            Some(t),
                        ))
                    }
                    (true, None) => {
                        return Err(Decided("client-uat-but-no-session-token", None, None))
                    }
                    (true, Some(t)) => t,
                };
                let carrier = Some(TokenCarrier::Cookie);
                let fapi = instance.as_ref().map_or("", Instance::fapi);
                let Some(peeked) = peek(token, self.limits(), buf, fapi) else {
                    return Err(Decided("token-invalid", carrier, Some(token)));
                };
                if peeked.wrong_type {
                    return Err(Decided("token-type-mismatch", carrier, Some(token)));
                }
                if peeked.iat.is_some_and(|iat| iat < uat as f64) {
                    return Err(Decided(
                        "session-token-iat-before-client-uat",
                        carrier,
                        Some(token),
                    ));
                }
                (TokenCarrier::Cookie, token)
            }
        };
        if carrier == TokenCarrier::Header
            && peek(token, self.limits(), buf, "").is_some_and(|p| p.wrong_type)
        {
            return Err(Decided("token-type-mismatch", Some(carrier), Some(token)));
        }
        Ok((carrier, token))
    }

    /// Clerk's request rules around one verification: `verify` verifies the selected token
    /// at `now` into `buf` (in full, with the host's verdict, or through a token cache).
    pub(crate) fn authenticate_in<'r, B: AsRef<[u8]> + AsMut<[u8]>>(
        &self,
        request: &RequestParts<'r>,
        now: UnixTimeMs,
        mut buf: B,
        verify: impl FnOnce(&[u8], B) -> Result<VerifiedBuffer<B>, Error>,
    ) -> RequestState<'r, B> {
        let (carrier, token) = match self.select_token(request, now, buf.as_mut()) {
            Ok(selected) => selected,
            Err(Decided(reason, carrier, token)) => {
                return RequestState::signed_out(reason, carrier, token)
            }
        };
        match verify(token.as_bytes(), buf) {
            Ok(verified) => RequestState {
                status: AuthStatus::SignedIn,
                reason: "",
                error: None,
                carrier: Some(carrier),
                token: Some(token),
                verified: Some(verified),
            },
            Err(error) => {
                let is_get =
                    request.method.is_empty() || request.method.eq_ignore_ascii_case("GET");
                let reason = match error {
                    Error::Expired if !is_get => {
                        "session-token-expired-refresh-non-eligible-non-get"
                    }
                    Error::Expired => {
                        "session-token-expired-refresh-non-eligible-no-refresh-cookie"
                    }
                    Error::NotYetValid => "session-token-nbf",
                    Error::IssuedInFuture => "session-token-iat-in-the-future",
                    other => other.reason(),
                };
                RequestState {
                    error: Some(error),
                    ..RequestState::signed_out(reason, Some(carrier), Some(token))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_and_cookies() {
        assert_eq!(authorization_token("Bearer a.b.c"), Some("a.b.c"));
        assert_eq!(authorization_token("a.b.c"), Some("a.b.c"));
        assert_eq!(authorization_token("bearer a.b.c"), None);
        assert_eq!(authorization_token("Basic xyz"), None);
        assert_eq!(authorization_token(""), None);
        // JavaScript's split(" ", 2): the token ends at the second space; an empty token
        // gives the scheme.
        assert_eq!(authorization_token("Bearer a.b.c extra"), Some("a.b.c"));
        assert_eq!(authorization_token("Bearer  a.b.c"), Some("Bearer"));
        assert_eq!(authorization_token("Bearer "), Some("Bearer"));
        assert_eq!(authorization_token("Basic "), Some("Basic"));
        assert_eq!(authorization_token("a.b.c "), Some("a.b.c"));
        assert_eq!(authorization_token("Bearer\ta.b.c"), Some("Bearer\ta.b.c"));
        assert_eq!(
            cookie_value("a=1; __session=x.y.z; __session=dup", "__session"),
            Some("x.y.z")
        );
        assert_eq!(
            cookie_value(" __session =\t x.y.z \t", "__session"),
            Some("x.y.z")
        );
        // Quotes are kept and nothing is percent-decoded, as the bundled `cookie` reads it.
        assert_eq!(cookie_value("__session=\"q\"", "__session"), Some("\"q\""));
        assert_eq!(cookie_value("__session=a%2Eb", "__session"), Some("a%2Eb"));
        assert_eq!(cookie_value("a=1", "__session"), None);
        // Empty is absent (`|| undefined`), and an empty first cookie hides a later one.
        assert_eq!(cookie_value("__session=", "__session"), None);
        assert_eq!(cookie_value("__session= ; __session=x", "__session"), None);
        assert_eq!(cookie_value("__session", "__session"), None);
        // JavaScript's parseInt(s) || 0.
        assert_eq!(client_uat(Some("12abc")), 12);
        assert_eq!(client_uat(Some("junk")), 0);
        assert_eq!(client_uat(Some("-5")), -5);
        assert_eq!(client_uat(Some("+7")), 7);
        assert_eq!(client_uat(Some("0x10")), 16);
        assert_eq!(client_uat(Some("-0X1f")), -31);
        assert_eq!(client_uat(Some("0x")), 0);
        assert_eq!(client_uat(Some("0x1g")), 1);
        assert_eq!(client_uat(Some("\u{a0}\u{feff}\n 42")), 42);
        assert_eq!(client_uat(Some("\"42\"")), 0);
        assert_eq!(client_uat(Some("1e3")), 1);
        assert_eq!(client_uat(Some("99999999999999999999")), i64::MAX);
        assert_eq!(client_uat(Some("")), 0);
        assert_eq!(client_uat(None), 0);
    }
}

#[cfg(test)]
mod instance_tests {
    use super::Instance;

    #[test]
    fn publishable_key_names_the_instance_and_its_cookies() {
        let i =
            Instance::from_publishable_key("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA")
                .unwrap();
        assert_eq!(i.fapi(), "clerk.inspired.puma-74.lcl.dev");
        assert_eq!(i.session_cookie(), "__session_vWCgMp3A");
        assert_eq!(i.uat_cookie(), "__client_uat_vWCgMp3A");
        assert!(!i.production);
        assert!(
            Instance::from_publishable_key("pk_live_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA")
                .unwrap()
                .production
        );
        assert!(Instance::from_publishable_key("sk_test_abc").is_none());
        assert!(Instance::from_publishable_key("pk_test_!!!").is_none());
        assert!(
            Instance::from_publishable_key("pk_test_YWJj").is_none(),
            "no trailing $"
        );
    }
}
