//! `has()`: Clerk's `createCheckAuthorization` (spec §3.1). Three dimensions (org, billing,
//! reverification), each passing, failing or not asked; the result is true only when at least
//! one was asked, and every asked one passes. Anything missing or malformed fails.

use crate::reverify::{self, Reverification};
use crate::scoped;
use crate::substr::JsonSubstr;
use crate::{Auth, JsonValue, OrgPermissions};

/// One string parameter of [`crate::Auth::has`] (`role`, `permission`, `feature`, `plan`), as
/// the caller gave it. `None` in [`HasParams`] means "not given" (JavaScript's `undefined`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param<'p> {
    /// A string.
    Str(&'p str),
    /// A value that is present but not a string (a number, `null`, an object...). Bindings
    /// map such values here; the dimension it belongs to then fails.
    Invalid,
}

impl<'p> From<&'p str> for Param<'p> {
    fn from(s: &'p str) -> Param<'p> {
        Param::Str(s)
    }
}

/// What to check with [`crate::Auth::has`]. Every field defaults to `None` (not asked);
/// `has()` with nothing asked is false.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HasParams<'p> {
    /// The org role, with or without the `org:` prefix (`admin`, `org:admin`).
    pub role: Option<Param<'p>>,
    /// The org permission, with or without the `org:` prefix (`org:billing:read`).
    pub permission: Option<Param<'p>>,
    /// A feature, optionally scoped: `o:`/`org:`/`organization:` or `u:`/`user:`.
    pub feature: Option<Param<'p>>,
    /// A plan, scoped like `feature`.
    pub plan: Option<Param<'p>>,
    /// A reverification requirement, checked against the `fva` claim.
    pub reverification: Option<Reverification<'p>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

impl Outcome {
    fn from_pass(pass: bool) -> Outcome {
        if pass {
            Outcome::Pass
        } else {
            Outcome::Fail
        }
    }
}

/// `createCheckAuthorization(auth)(params)`.
pub(crate) fn has(auth: &Auth<'_>, params: &HasParams<'_>) -> bool {
    // Clerk: `if (!userId) return false`.
    if !auth.user_id().is_some_and(|id| id.is_truthy()) {
        return false;
    }
    let outcomes = [
        org(auth, params),
        billing(auth, params),
        reverification(auth, params),
    ];
    outcomes.contains(&Outcome::Pass) && !outcomes.contains(&Outcome::Fail)
}

/// Splits a param into (asked, string): `Err` for a present non-string.
fn asked<'p>(param: Option<Param<'p>>) -> Result<Option<&'p str>, ()> {
    match param {
        None => Ok(None),
        Some(Param::Str(s)) => Ok(Some(s)),
        Some(Param::Invalid) => Err(()),
    }
}

fn org(auth: &Auth<'_>, params: &HasParams<'_>) -> Outcome {
    if params.role.is_none() && params.permission.is_none() {
        return Outcome::Skip;
    }
    let (Ok(role), Ok(permission)) = (asked(params.role), asked(params.permission)) else {
        return Outcome::Fail;
    };
    if !auth.org_id().is_some_and(|id| id.is_truthy()) {
        return Outcome::Fail;
    }
    let role_ok = role.is_none_or(|role| has_role(auth, role));
    let permission_ok = permission.is_none_or(|permission| has_permission(auth, permission));
    Outcome::from_pass(role_ok && permission_ok)
}

/// `prefixWithOrg`: any run of leading `org:` becomes a single one. Here the run is dropped,
/// and callers compare what follows.
fn strip_org<I: Iterator<Item = char> + Clone>(mut chars: I) -> I {
    loop {
        let mut probe = chars.clone();
        if !"org:".chars().all(|p| probe.next() == Some(p)) {
            return chars;
        }
        chars = probe;
    }
}

/// The org role must be a non-empty string equal to `role` after `org:` normalisation.
fn has_role(auth: &Auth<'_>, role: &str) -> bool {
    let Some(org_role) = auth.org_role().and_then(|r| r.chars()) else {
        return false;
    };
    let mut probe = org_role.clone();
    probe.next().is_some() && strip_org(org_role).eq(strip_org(role.chars()))
}

/// The org permissions must be an array holding `org:` + `permission` (normalised) exactly;
/// stored entries are not normalised.
fn has_permission(auth: &Auth<'_>, permission: &str) -> bool {
    let wanted = "org:".chars().chain(strip_org(permission.chars()));
    auth.org_permissions().is_some_and(|p| match p {
        OrgPermissions::Claim(JsonValue::Array(list)) => list
            .iter()
            .any(|entry| entry.as_str().is_some_and(|s| s.chars().eq(wanted.clone()))),
        OrgPermissions::Claim(_) => false,
        OrgPermissions::Expanded(set) => set.contains_chars(wanted),
    })
}

fn billing(auth: &Auth<'_>, params: &HasParams<'_>) -> Outcome {
    if params.feature.is_none() && params.plan.is_none() {
        return Outcome::Skip;
    }
    let (Ok(feature), Ok(plan)) = (asked(params.feature), asked(params.plan)) else {
        return Outcome::Fail;
    };
    let entitled = |list: Option<JsonValue<'_>>, query: &str| match list {
        Some(JsonValue::String(s)) if !s.is_empty() => {
            scoped::contains(JsonSubstr::of(s), query) == Some(true)
        }
        _ => false,
    };
    let feature_ok = feature.is_none_or(|f| entitled(auth.features(), f));
    let plan_ok = plan.is_none_or(|p| entitled(auth.plans(), p));
    Outcome::from_pass(feature_ok && plan_ok)
}

fn reverification(auth: &Auth<'_>, params: &HasParams<'_>) -> Outcome {
    match &params.reverification {
        None => Outcome::Skip,
        Some(r) => Outcome::from_pass(reverify::check(auth.factor_verification_age(), r)),
    }
}
