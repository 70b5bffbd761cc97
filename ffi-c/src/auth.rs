//! `sessionjwt_auth`: the result of one successful verification, its auth object (Clerk's
//! `toAuth()`), and `has()`.

use std::sync::OnceLock;

use core_jwt::{
    Auth, HasParams, JsonStr, JsonValue, OrgPermissions, Param, Reverification, VerifiedBuffer,
    VerifiedToken,
};

use crate::ffi::{bytes, free_handle, guard, handle, Out};
use crate::str::sessionjwt_str;

/// The result of one successful verification: the verified token and its auth object.
///
/// Made by `sessionjwt_verifier_verify` (and friends), released by `sessionjwt_auth_free`.
/// Immutable: it may be read from many threads at once. Every `sessionjwt_str` it hands out
/// stays valid until the handle is freed. It does not borrow the verifier, which may be freed
/// first.
///
/// The auth object follows the verifier's `treat_pending_as_signed_out` option: a pending
/// session then reads as signed out (`sessionjwt_auth_is_authenticated` false, `userId` and
/// the organization fields without value, `sessionStatus` `pending`, every `has` false).
pub struct sessionjwt_auth {
    verified: VerifiedBuffer<Box<[u8]>>,
    treat_pending_as_signed_out: bool,
    /// Unescaped copies of the string fields, made on first use.
    derived: OnceLock<Derived>,
    /// `orgPermissions`, made on first use (the v2 expansion is the dearest field).
    permissions: OnceLock<Permissions>,
    /// The auth object as JSON, made on first use.
    auth_json: OnceLock<String>,
}

/// The org permissions, one after the other in `arena`, at `spans`.
struct Permissions {
    arena: String,
    spans: Vec<(usize, usize)>,
}

/// A string in [`Derived::arena`]: (start, len), or `None` for "no value".
type Span = Option<(usize, usize)>;

/// The string fields, unescaped into one allocation (all but the permissions and the auth
/// JSON, which have their own, so that reading `userId` does not render them).
struct Derived {
    arena: String,
    user_id: Span,
    session_id: Span,
    session_status: Span,
    actor_json: Span,
    org_id: Span,
    org_role: Span,
    org_slug: Span,
    features: Span,
    plans: Span,
    issuer: Span,
    authorized_party: Span,
    algorithm: &'static str,
    authenticated: bool,
    factor_ages: Option<(i64, i64)>,
}

/// `fva` as two integers, when it is an array of exactly two integral numbers.
fn factor_ages(fva: Option<JsonValue<'_>>) -> Option<(i64, i64)> {
    let list = fva?.as_array()?;
    let mut ages = list.iter().map(|v| {
        let x = v.as_number()?.as_f64();
        // An integral value within +/-2^53 converts exactly.
        (x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0).then_some(x as i64)
    });
    match (ages.next(), ages.next(), ages.next()) {
        (Some(Some(first)), Some(Some(second)), None) => Some((first, second)),
        _ => None,
    }
}

/// Appends text to the arena and returns its span.
fn push(arena: &mut String, chars: impl Iterator<Item = char>) -> (usize, usize) {
    let start = arena.len();
    arena.extend(chars);
    (start, arena.len() - start)
}

/// Appends a JSON string, unescaped, to the arena and returns its span (copied whole when it
/// has no escape, the common case).
fn push_json(arena: &mut String, s: JsonStr<'_>) -> (usize, usize) {
    match s.as_plain() {
        Some(plain) => {
            let start = arena.len();
            arena.push_str(plain);
            (start, plain.len())
        }
        None => push(arena, s.chars()),
    }
}

impl Derived {
    fn new(token: &VerifiedToken<'_>, auth: &Auth<'_>) -> Derived {
        let mut arena = String::new();
        let a = &mut arena;
        let string =
            |a: &mut String, v: Option<JsonValue<'_>>| v?.as_str().map(|s| push_json(a, s));
        let user_id = string(a, auth.user_id());
        let session_id = string(a, auth.session_id());
        let session_status = string(a, auth.session_status());
        let actor_json = auth.actor().map(|v| {
            let (start, raw) = (a.len(), v.raw_json());
            a.push_str(raw);
            (start, raw.len())
        });
        let org_id = string(a, auth.org_id());
        let org_role = auth
            .org_role()
            .and_then(|role| role.chars())
            .map(|chars| push(a, chars));
        let org_slug = string(a, auth.org_slug());
        let features = string(a, auth.features());
        let plans = string(a, auth.plans());
        let claims = token.claims();
        let issuer = string(a, claims.iss());
        let authorized_party = string(a, claims.azp());
        Derived {
            arena,
            user_id,
            session_id,
            session_status,
            actor_json,
            org_id,
            org_role,
            org_slug,
            features,
            plans,
            issuer,
            authorized_party,
            algorithm: token.algorithm().name(),
            authenticated: auth.is_authenticated(),
            factor_ages: factor_ages(auth.factor_verification_age()),
        }
    }

    fn view(&self, span: Span) -> sessionjwt_str {
        sessionjwt_str::optional(span.map(|(start, len)| &self.arena[start..start + len]))
    }
}

impl Permissions {
    /// v1 `org_permissions` (its string elements), or the v2 expansion, in Clerk's order.
    fn new(auth: &Auth<'_>) -> Permissions {
        let mut arena = String::new();
        let a = &mut arena;
        let spans = match auth.org_permissions() {
            Some(OrgPermissions::Claim(JsonValue::Array(list))) => list
                .iter()
                .filter_map(|v| v.as_str())
                .map(|s| push_json(a, s))
                .collect(),
            Some(OrgPermissions::Expanded(set)) => set.iter().map(|p| push(a, p.chars())).collect(),
            _ => Vec::new(),
        };
        Permissions { arena, spans }
    }

    fn get(&self, index: usize) -> sessionjwt_str {
        sessionjwt_str::optional(
            self.spans
                .get(index)
                .map(|&(start, len)| &self.arena[start..start + len]),
        )
    }
}

impl sessionjwt_auth {
    pub(crate) fn new(
        verified: VerifiedBuffer<Box<[u8]>>,
        treat_pending_as_signed_out: bool,
    ) -> sessionjwt_auth {
        sessionjwt_auth {
            verified,
            treat_pending_as_signed_out,
            derived: OnceLock::new(),
            permissions: OnceLock::new(),
            auth_json: OnceLock::new(),
        }
    }

    /// Runs `f` on the verified token and its auth object (views re-derived from the verified
    /// bytes; nothing is verified again).
    fn with_auth<T>(&self, f: impl FnOnce(&VerifiedToken<'_>, &Auth<'_>) -> T) -> T {
        let token = self.verified.token();
        f(&token, &token.auth(self.treat_pending_as_signed_out))
    }

    /// Everything the accessors hand out, computed once per handle (views are re-derived
    /// from the verified bytes only here and in `has`).
    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| self.with_auth(Derived::new))
    }

    fn permissions(&self) -> &Permissions {
        self.permissions
            .get_or_init(|| self.with_auth(|_, auth| Permissions::new(auth)))
    }

    fn auth_json(&self) -> &str {
        self.auth_json.get_or_init(|| {
            self.with_auth(|_, auth| {
                let mut json = String::new();
                // Writing into a String cannot fail.
                let _ = auth.write_json(&mut json);
                json
            })
        })
    }
}

/// Frees an auth handle. NULL is ignored.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle that no thread uses any more; views obtained from it
/// become invalid.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_free(auth: *mut sessionjwt_auth) {
    guard((), || {
        // SAFETY: the caller's contract.
        unsafe { free_handle(auth) }
    })
}

/// Reads a string field of `auth`: NULL gives "no value".
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
unsafe fn field(
    auth: *const sessionjwt_auth,
    pick: impl FnOnce(&Derived) -> Span,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let Ok(auth) = (unsafe { handle(auth) }) else {
            return sessionjwt_str::NONE;
        };
        let derived = auth.derived();
        derived.view(pick(derived))
    })
}

/// `userId`: the `sub` claim, unescaped; no value when the auth object is signed out (a pending
/// session treated as signed out) or `auth` is NULL. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_user_id(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.user_id) }
}

/// `sessionId`: the `sid` claim when it is a string, else no value. Valid until `auth` is
/// freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_session_id(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.session_id) }
}

/// `sessionStatus`: the `sts` claim (`active`, `pending`) when it is a string, else no value.
/// It keeps its value in a signed-out auth object.
/// Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_session_status(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.session_status) }
}

/// The `iss` claim (the Clerk Frontend API URL) when it is a string, else no value. Valid until
/// `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_issuer(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.issuer) }
}

/// The `azp` claim (the origin the token was minted for) when it is a string, else no value.
/// Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_authorized_party(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.authorized_party) }
}

/// The decoded payload JSON, byte for byte as signed. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_payload_json(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let Ok(auth) = (unsafe { handle(auth) }) else {
            return sessionjwt_str::NONE;
        };
        // The text lives in the handle's heap buffer, which neither moves nor changes.
        sessionjwt_str::borrowed(auth.verified.token().payload_json())
    })
}

/// The exact JSON text of the payload member `name[0..name_len]` (any claim, custom ones
/// included: `"abc"` with its quotes, `123`, `{"a":1}`, `null`), or no value when the payload
/// has no such member. Names are compared after unescaping. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle; `name` is NULL (no value) or points to
/// `name_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_claim_json(
    auth: *const sessionjwt_auth,
    name: *const u8,
    name_len: usize,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        let (Ok(auth), Ok(name)) = (unsafe { handle(auth) }, unsafe { bytes(name, name_len) })
        else {
            return sessionjwt_str::NONE;
        };
        let Ok(name) = std::str::from_utf8(name) else {
            return sessionjwt_str::NONE;
        };
        let token = auth.verified.token();
        sessionjwt_str::optional(token.claims().get(name).map(|v| v.raw_json()))
    })
}

/// The algorithm that verified the signature (`RS256`, `ES256`, ...). Static.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_algorithm(auth: *const sessionjwt_auth) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        match unsafe { handle(auth) } {
            Ok(auth) => sessionjwt_str::from_static(auth.derived().algorithm),
            Err(_) => sessionjwt_str::NONE,
        }
    })
}

/// `exp` in milliseconds since the epoch (seconds truncated, then times 1000, as Clerk does);
/// 0 when `auth` is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_expires_at_ms(auth: *const sessionjwt_auth) -> i64 {
    guard(0, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.map_or(0, |a| a.verified.times().expires_at.0)
    })
}

/// Writes an optional time claim; false when absent or on NULL arguments.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `out` is NULL or valid for a write.
unsafe fn optional_time(
    auth: *const sessionjwt_auth,
    out: *mut i64,
    pick: impl FnOnce(core_jwt::TimeClaims) -> Option<core_jwt::UnixTimeMs>,
) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        let (Ok(auth), Ok(out)) = (unsafe { handle(auth) }, unsafe { Out::new(out) }) else {
            return false;
        };
        match pick(auth.verified.times()) {
            Some(t) => {
                out.write(t.0);
                true
            }
            None => false,
        }
    })
}

/// `iat` in milliseconds: returns true and writes `*ms_out` when the token has `iat`; returns
/// false (and writes nothing) when it has none or an argument is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `ms_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_issued_at_ms(
    auth: *const sessionjwt_auth,
    ms_out: *mut i64,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { optional_time(auth, ms_out, |t| t.issued_at) }
}

/// `nbf` in milliseconds, as `sessionjwt_auth_issued_at_ms`.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `ms_out` is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_not_before_ms(
    auth: *const sessionjwt_auth,
    ms_out: *mut i64,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { optional_time(auth, ms_out, |t| t.not_before) }
}

/// Whether the auth object is signed in (Clerk's `isAuthenticated`): false for a pending
/// session when the verifier treats pending sessions as signed out, and when `auth` is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_is_authenticated(auth: *const sessionjwt_auth) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.is_ok_and(|a| a.derived().authenticated)
    })
}

/// `actor`: the exact JSON text of the `act` claim (impersonation; normally an object such as
/// `{"sub":"user_..."}`), or no value when absent. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_actor_json(
    auth: *const sessionjwt_auth,
) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.actor_json) }
}

/// `orgId`: v1 `org_id`, v2 `o.id`, when it is a string; else no value. Valid until `auth` is
/// freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_org_id(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.org_id) }
}

/// `orgRole`: v1 `org_role` as is (`org:admin`, or a legacy `admin`); v2 `org:` + `o.rol`.
/// No value when it is not a string. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_org_role(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.org_role) }
}

/// `orgSlug`: v1 `org_slug`, v2 `o.slg`, when it is a string; else no value. Valid until
/// `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_org_slug(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.org_slug) }
}

/// The number of `orgPermissions` entries that `sessionjwt_auth_org_permission` lists: v1
/// `org_permissions` (its string elements), or the v2 permissions expanded from `o.per`,
/// `o.fpm` and `fea`, in Clerk's order. 0 when `auth` is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_org_permissions_count(
    auth: *const sessionjwt_auth,
) -> usize {
    guard(0, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.map_or(0, |a| a.permissions().spans.len())
    })
}

/// The `index`-th org permission (`org:billing:read`), or no value when `index` is out of
/// range. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_org_permission(
    auth: *const sessionjwt_auth,
    index: usize,
) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.map_or(sessionjwt_str::NONE, |a| a.permissions().get(index))
    })
}

/// The `fea` claim (`"o:dashboard,u:profile"`), which `has` reads for features, when it is a
/// string; else no value. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_features(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.features) }
}

/// The `pla` claim (`"o:pro,u:free"`), which `has` reads for plans, when it is a string; else
/// no value. Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_plans(auth: *const sessionjwt_auth) -> sessionjwt_str {
    // SAFETY: the caller's contract.
    unsafe { field(auth, |d| d.plans) }
}

/// `factorVerificationAge` (the `fva` claim): minutes since the first and the second factor
/// were verified, `-1` for a factor group that is not enabled. Returns true and writes both
/// outputs when the claim is an array of exactly two integers; returns false and writes
/// nothing otherwise (absent, `null`, another shape, a NULL argument).
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; each output is NULL or valid for a write.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_factor_verification_age(
    auth: *const sessionjwt_auth,
    first_factor_minutes_out: *mut i64,
    second_factor_minutes_out: *mut i64,
) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        let Ok(auth) = (unsafe { handle(auth) }) else {
            return false;
        };
        // SAFETY: the caller's contract.
        let (Ok(first_out), Ok(second_out)) =
            (unsafe { Out::new(first_factor_minutes_out) }, unsafe {
                Out::new(second_factor_minutes_out)
            })
        else {
            return false;
        };
        let ages = auth.derived().factor_ages;
        match ages {
            Some((first, second)) => {
                first_out.write(first);
                second_out.write(second);
                true
            }
            None => false,
        }
    })
}

/// The auth object as one JSON object, in Clerk's shape and order: `userId`, `sessionId`,
/// `sessionStatus`, `actor`, `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug`,
/// `orgPermissions` (undefined properties left out, `null` kept). Valid until `auth` is freed.
///
/// # Safety
///
/// `auth` is NULL (no value) or a live auth handle.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_json(auth: *const sessionjwt_auth) -> sessionjwt_str {
    guard(sessionjwt_str::NONE, || {
        // SAFETY: the caller's contract.
        unsafe { handle(auth) }.map_or(sessionjwt_str::NONE, |a| {
            sessionjwt_str::optional(Some(a.auth_json()))
        })
    })
}

/// What `sessionjwt_auth_has` checks: Clerk's `has()` parameters. A member whose `data` is NULL
/// is not asked. A string that is not UTF-8 counts as a value of the wrong type, which fails
/// its check.
///
/// Reverification is asked either by preset (`reverification`: `strict_mfa`, `strict`,
/// `moderate`, `lax`) or as a custom requirement (`reverification_level`: `first_factor`,
/// `second_factor`, `multi_factor`, with `reverification_after_minutes`, a finite number
/// above 0). Giving both fails the check. Zero-initialise the struct, then set what you ask.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct sessionjwt_has_params {
    /// The org role, with or without the `org:` prefix (`admin`, `org:admin`).
    pub role: sessionjwt_str,
    /// The org permission, with or without the `org:` prefix (`org:billing:read`).
    pub permission: sessionjwt_str,
    /// A feature, optionally scoped: `o:` / `org:` / `organization:` or `u:` / `user:`.
    pub feature: sessionjwt_str,
    /// A plan, scoped like `feature`.
    pub plan: sessionjwt_str,
    /// A reverification preset.
    pub reverification: sessionjwt_str,
    /// A custom reverification level.
    pub reverification_level: sessionjwt_str,
    /// The custom reverification window in minutes (read when `reverification_level` is set).
    pub reverification_after_minutes: f64,
}

/// The bytes of a parameter view: `Ok(None)` when not given, `Err(())` when the length is out
/// of range.
///
/// # Safety
///
/// `s.data` is NULL or points to `s.len` readable bytes.
unsafe fn param_bytes<'p>(s: &sessionjwt_str) -> Result<Option<&'p [u8]>, ()> {
    // SAFETY: the caller's contract.
    unsafe { crate::ffi::optional_bytes(s.data.cast(), s.len) }.map_err(drop)
}

/// A string parameter: not given, a string, or (not UTF-8, bad length) a wrong-typed value.
///
/// # Safety
///
/// As [`param_bytes`].
unsafe fn param<'p>(s: &sessionjwt_str) -> Option<Param<'p>> {
    // SAFETY: the caller's contract.
    match unsafe { param_bytes(s) } {
        Ok(None) => None,
        Ok(Some(b)) => Some(std::str::from_utf8(b).map_or(Param::Invalid, Param::Str)),
        Err(()) => Some(Param::Invalid),
    }
}

/// Maps the C parameters onto the core's, without interpreting them.
///
/// # Safety
///
/// Every non-NULL `data` in `p` points to `len` readable bytes.
unsafe fn has_params<'p>(p: &sessionjwt_has_params) -> HasParams<'p> {
    // SAFETY: the caller's contract (for every call below).
    let (preset, level) = unsafe {
        (
            param_bytes(&p.reverification),
            param_bytes(&p.reverification_level),
        )
    };
    let text = |b: &'p [u8]| std::str::from_utf8(b).ok();
    let reverification = match (preset, level) {
        (Ok(None), Ok(None)) => None,
        (Ok(Some(preset)), Ok(None)) => {
            Some(text(preset).map_or(Reverification::Invalid, Reverification::Preset))
        }
        (Ok(None), Ok(Some(level))) => Some(Reverification::Custom {
            level: text(level),
            after_minutes: Some(p.reverification_after_minutes),
        }),
        _ => Some(Reverification::Invalid),
    };
    // SAFETY: the caller's contract.
    unsafe {
        HasParams {
            role: param(&p.role),
            permission: param(&p.permission),
            feature: param(&p.feature),
            plan: param(&p.plan),
            reverification,
        }
    }
}

/// Clerk's `has()`: true only when at least one thing is asked and every asked check passes
/// (role and permission need an active organization; feature and plan read `fea` / `pla`;
/// reverification reads `fva`). False for a signed-out auth object, when nothing is asked, on
/// any malformed data, and when an argument is NULL.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `params` is NULL or points to a
/// `sessionjwt_has_params` whose non-NULL views point to `len` readable bytes each.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has(
    auth: *const sessionjwt_auth,
    params: *const sessionjwt_has_params,
) -> bool {
    guard(false, || {
        // SAFETY: the caller's contract.
        let (Ok(auth), Ok(params)) = (unsafe { handle(auth) }, unsafe { handle(params) }) else {
            return false;
        };
        // SAFETY: the caller's contract.
        let params = unsafe { has_params(params) };
        auth.with_auth(|_, auth| auth.has(&params))
    })
}

/// `has()` with one string parameter set by `set`.
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `value` is NULL or points to `len` readable bytes.
unsafe fn has_one(
    auth: *const sessionjwt_auth,
    value: *const u8,
    len: usize,
    set: impl FnOnce(&mut sessionjwt_has_params, sessionjwt_str),
) -> bool {
    if value.is_null() {
        return false;
    }
    let mut params = sessionjwt_has_params {
        role: sessionjwt_str::NONE,
        permission: sessionjwt_str::NONE,
        feature: sessionjwt_str::NONE,
        plan: sessionjwt_str::NONE,
        reverification: sessionjwt_str::NONE,
        reverification_level: sessionjwt_str::NONE,
        reverification_after_minutes: 0.0,
    };
    set(
        &mut params,
        sessionjwt_str {
            data: value.cast(),
            len,
        },
    );
    // SAFETY: the caller's contract; `params` lives on this stack frame.
    unsafe { sessionjwt_auth_has(auth, &params) }
}

/// `has({role})`: the org role, with or without `org:` (`admin` matches `org:admin`).
///
/// # Safety
///
/// `auth` is NULL or a live auth handle; `role` is NULL (false) or points to `role_len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_role(
    auth: *const sessionjwt_auth,
    role: *const u8,
    role_len: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { has_one(auth, role, role_len, |p, s| p.role = s) }
}

/// `has({permission})`: an org permission such as `org:billing:read`.
///
/// # Safety
///
/// As `sessionjwt_auth_has_role`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_permission(
    auth: *const sessionjwt_auth,
    permission: *const u8,
    permission_len: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { has_one(auth, permission, permission_len, |p, s| p.permission = s) }
}

/// `has({feature})`: a feature, optionally scoped (`o:dashboard`, `user:profile`, `dashboard`).
///
/// # Safety
///
/// As `sessionjwt_auth_has_role`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_feature(
    auth: *const sessionjwt_auth,
    feature: *const u8,
    feature_len: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { has_one(auth, feature, feature_len, |p, s| p.feature = s) }
}

/// `has({plan})`: a plan, optionally scoped (`o:pro`, `u:free`, `pro`).
///
/// # Safety
///
/// As `sessionjwt_auth_has_role`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_plan(
    auth: *const sessionjwt_auth,
    plan: *const u8,
    plan_len: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { has_one(auth, plan, plan_len, |p, s| p.plan = s) }
}

/// `has({reverification: preset})`: `strict_mfa` (both factors within 10 minutes), `strict`
/// (second factor, 10), `moderate` (second factor, 60) or `lax` (second factor, 1440).
///
/// # Safety
///
/// As `sessionjwt_auth_has_role`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_reverification(
    auth: *const sessionjwt_auth,
    preset: *const u8,
    preset_len: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { has_one(auth, preset, preset_len, |p, s| p.reverification = s) }
}

/// `has({reverification: {level, afterMinutes}})`: `level` is `first_factor`,
/// `second_factor` or `multi_factor`; `after_minutes` a finite number above 0.
///
/// # Safety
///
/// As `sessionjwt_auth_has_role`.
#[no_mangle]
pub unsafe extern "C" fn sessionjwt_auth_has_reverification_custom(
    auth: *const sessionjwt_auth,
    level: *const u8,
    level_len: usize,
    after_minutes: f64,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe {
        has_one(auth, level, level_len, |p, s| {
            p.reverification_level = s;
            p.reverification_after_minutes = after_minutes;
        })
    }
}
