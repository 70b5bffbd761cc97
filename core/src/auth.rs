//! The auth object (spec §2.2, §3.3): what `@clerk/backend`'s `toAuth()` gives for a session
//! token, built from the claims without copying and rendered as JSON without a heap.

use core::fmt;

use crate::authz::{self, HasParams, Param};
use crate::permissions::PermissionSet;
use crate::substr::write_json_string;
use crate::{Claims, JsonObject, JsonStr, JsonValue};

/// The auth object of a session: Clerk's `userId`, `sessionId`, `sessionStatus`, `actor`,
/// `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug` and `orgPermissions`, plus the
/// `features` and `plans` that [`Auth::has`] reads.
///
/// Obtained from a verified token (or, without verification, from [`crate::dangerous`]).
/// Values are the claims' own JSON values, unchecked, exactly as Clerk passes them through:
/// each accessor returns `None` when the property is *undefined* and `Some(JsonValue::Null)`
/// when it is `null`. Two are built: the v2 role (`org:` + `o.rol`) and the v2 permissions
/// (expanded from `o.per`, `o.fpm` and `fea`).
///
/// A signed-out auth object (a pending session treated as signed out) has every property
/// `null` except `sessionStatus`, and [`Auth::has`] is always false.
#[derive(Clone, Copy, Debug)]
pub struct Auth<'a> {
    user_id: Option<JsonValue<'a>>,
    session_id: Option<JsonValue<'a>>,
    session_status: Option<JsonValue<'a>>,
    actor: Option<JsonValue<'a>>,
    factor_verification_age: Option<JsonValue<'a>>,
    org_id: Option<JsonValue<'a>>,
    org_role: Option<OrgRole<'a>>,
    org_slug: Option<JsonValue<'a>>,
    org_permissions: Option<OrgPermissions<'a>>,
    features: Option<JsonValue<'a>>,
    plans: Option<JsonValue<'a>>,
}

/// The `orgRole` of an [`Auth`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OrgRole<'a> {
    /// v1 `org_role` (or a given `orgRole`), unchanged: normally a string such as `org:admin`
    /// or the legacy `admin`, but any JSON value passes through; `null` when signed out.
    Claim(JsonValue<'a>),
    /// v2: `org:` followed by `o.rol` (a non-empty string). An `o.rol` of `org:admin` gives
    /// `org:org:admin`, as in Clerk; [`Auth::has`] normalises prefixes.
    Prefixed(JsonStr<'a>),
}

impl<'a> OrgRole<'a> {
    /// The role's characters when it is a string; `None` for any other JSON value.
    pub fn chars(&self) -> Option<impl Iterator<Item = char> + Clone + 'a> {
        match *self {
            OrgRole::Claim(JsonValue::String(s)) => Some("".chars().chain(s.chars())),
            OrgRole::Claim(_) => None,
            OrgRole::Prefixed(rol) => Some("org:".chars().chain(rol.chars())),
        }
    }

    /// Writes the role as JSON: a claim as its exact JSON text, a v2 role as a JSON string.
    pub fn write_json<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        match self {
            OrgRole::Claim(value) => w.write_str(value.raw_json()),
            OrgRole::Prefixed(rol) => write_json_string(w, "org:".chars().chain(rol.chars())),
        }
    }
}

/// The `orgPermissions` of an [`Auth`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OrgPermissions<'a> {
    /// v1 `org_permissions` (or given `orgPermissions`), unchanged: normally an array of
    /// strings such as `org:billing:read`, but any JSON value passes through (and anything but
    /// an array grants nothing); `null` when signed out.
    Claim(JsonValue<'a>),
    /// v2: the permissions expanded from `o.per`, `o.fpm` and `fea`.
    Expanded(PermissionSet<'a>),
}

impl OrgPermissions<'_> {
    /// Writes the permissions as JSON: a claim as its exact JSON text, v2 permissions as an
    /// array of strings.
    pub fn write_json<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        match self {
            OrgPermissions::Claim(value) => w.write_str(value.raw_json()),
            OrgPermissions::Expanded(set) => set.write_json(w),
        }
    }
}

/// Names the options object of [`Auth::from_options`] may give, in [`Auth::write_json`] order.
const USER_ID: &str = "userId";
const SESSION_ID: &str = "sessionId";
const SESSION_STATUS: &str = "sessionStatus";
const ACTOR: &str = "actor";
const FACTOR_VERIFICATION_AGE: &str = "factorVerificationAge";
const ORG_ID: &str = "orgId";
const ORG_ROLE: &str = "orgRole";
const ORG_SLUG: &str = "orgSlug";
const ORG_PERMISSIONS: &str = "orgPermissions";
const FEATURES: &str = "features";
const PLANS: &str = "plans";

impl<'a> Auth<'a> {
    const UNDEFINED: Auth<'static> = Auth {
        user_id: None,
        session_id: None,
        session_status: None,
        actor: None,
        factor_verification_age: None,
        org_id: None,
        org_role: None,
        org_slug: None,
        org_permissions: None,
        features: None,
        plans: None,
    };

    /// The auth object for `claims` (Clerk's `__experimental_JWTPayloadToAuthObjectProperties`
    /// and `toAuth()`): v2 claims when `v` is the number 2, v1 otherwise.
    ///
    /// With `treat_pending_as_signed_out` (Clerk's default, true) a session whose `sts` is
    /// `"pending"` gives the signed-out object: every property `null`, `sessionStatus`
    /// `"pending"`, and `has()` false.
    pub(crate) fn from_claims(claims: &Claims<'a>, treat_pending_as_signed_out: bool) -> Auth<'a> {
        // `sts ?? null` and `fva ?? null`: absent becomes null.
        let session_status = claims.sts().unwrap_or(JsonValue::Null);
        let pending = session_status.as_str().is_some_and(|s| s.eq_str("pending"));
        if pending && treat_pending_as_signed_out {
            return Auth::signed_out(session_status);
        }
        let mut auth = Auth {
            user_id: claims.sub(),
            session_id: claims.sid(),
            session_status: Some(session_status),
            actor: claims.act(),
            factor_verification_age: Some(claims.fva().unwrap_or(JsonValue::Null)),
            features: claims.fea(),
            plans: claims.pla(),
            ..Auth::UNDEFINED
        };
        if claims.is_v2() {
            auth.set_v2_org(claims);
        } else {
            auth.org_id = claims.org_id();
            auth.org_role = claims.org_role().map(OrgRole::Claim);
            auth.org_slug = claims.org_slug();
            auth.org_permissions = claims.org_permissions().map(OrgPermissions::Claim);
        }
        auth
    }

    /// v2: everything comes from `o` when it is truthy, and stays undefined otherwise.
    fn set_v2_org(&mut self, claims: &Claims<'a>) {
        let Some(o) = claims.o().filter(JsonValue::is_truthy) else {
            return;
        };
        let member = |name| o.as_object().and_then(|o| o.get(name));
        self.org_id = member("id");
        self.org_slug = member("slg");
        // Clerk writes `org:${o.rol}` for any truthy value. Only strings are honoured here: a
        // truthy non-string role (which Clerk would stringify) leaves the role undefined.
        self.org_role = match member("rol") {
            Some(JsonValue::String(rol)) if !rol.is_empty() => Some(OrgRole::Prefixed(rol)),
            _ => None,
        };
        let set = PermissionSet::new(claims.fea(), member("per"), member("fpm"));
        self.org_permissions = Some(OrgPermissions::Expanded(set));
    }

    /// Clerk's `signedOutAuthObject` for a request without a valid session: every property
    /// `null` (`sessionStatus` too), and [`Auth::has`] false.
    pub fn signed_out_object() -> Auth<'static> {
        Auth::signed_out(JsonValue::Null)
    }

    /// Clerk's `signedOutAuthObject`: everything `null` but the session status.
    fn signed_out(session_status: JsonValue<'a>) -> Auth<'a> {
        Auth {
            user_id: Some(JsonValue::Null),
            session_id: Some(JsonValue::Null),
            session_status: Some(session_status),
            actor: Some(JsonValue::Null),
            factor_verification_age: Some(JsonValue::Null),
            org_id: Some(JsonValue::Null),
            org_role: Some(OrgRole::Claim(JsonValue::Null)),
            org_slug: Some(JsonValue::Null),
            org_permissions: Some(OrgPermissions::Claim(JsonValue::Null)),
            features: None,
            plans: None,
        }
    }

    /// An auth object given property by property, as the options of Clerk's
    /// `createCheckAuthorization`: the members `userId`, `sessionId`, `sessionStatus`,
    /// `actor`, `factorVerificationAge`, `orgId`, `orgRole`, `orgSlug`, `orgPermissions`,
    /// `features` and `plans`, each passed through unchanged. Absent members are undefined;
    /// other members are ignored.
    pub(crate) fn from_options(options: JsonObject<'a>) -> Auth<'a> {
        let mut auth = Auth::UNDEFINED;
        for (name, value) in options.members() {
            let mut buf = [0u8; 32];
            let Some(name) = name.as_plain().or_else(|| name.unescape_into(&mut buf)) else {
                continue;
            };
            let value = Some(value);
            match name {
                USER_ID => auth.user_id = value,
                SESSION_ID => auth.session_id = value,
                SESSION_STATUS => auth.session_status = value,
                ACTOR => auth.actor = value,
                FACTOR_VERIFICATION_AGE => auth.factor_verification_age = value,
                ORG_ID => auth.org_id = value,
                ORG_ROLE => auth.org_role = value.map(OrgRole::Claim),
                ORG_SLUG => auth.org_slug = value,
                ORG_PERMISSIONS => auth.org_permissions = value.map(OrgPermissions::Claim),
                FEATURES => auth.features = value,
                PLANS => auth.plans = value,
                _ => {}
            }
        }
        auth
    }

    /// Whether this is a signed-in auth object (Clerk's `isAuthenticated`): `userId` is a
    /// string, as the `sub` of every verified token is (`""` included: Clerk's signed-in
    /// object is authenticated whatever its `sub`). False for the signed-out object, whose
    /// `userId` is null (no token, or a pending session treated as signed out). `has()`
    /// asks more: a truthy `userId`.
    pub fn is_authenticated(&self) -> bool {
        self.user_id.is_some_and(|id| id.as_str().is_some())
    }

    /// `userId`: the `sub` claim.
    pub fn user_id(&self) -> Option<JsonValue<'a>> {
        self.user_id
    }

    /// `sessionId`: the `sid` claim (undefined when absent).
    pub fn session_id(&self) -> Option<JsonValue<'a>> {
        self.session_id
    }

    /// `sessionStatus`: the `sts` claim (`"active"`, `"pending"`), `null` when absent.
    pub fn session_status(&self) -> Option<JsonValue<'a>> {
        self.session_status
    }

    /// `actor`: the `act` claim (impersonation), undefined when absent.
    pub fn actor(&self) -> Option<JsonValue<'a>> {
        self.actor
    }

    /// `factorVerificationAge`: the `fva` claim, `null` when absent.
    pub fn factor_verification_age(&self) -> Option<JsonValue<'a>> {
        self.factor_verification_age
    }

    /// `orgId`: v1 `org_id`; v2 `o.id` (undefined when `o` is absent or falsy).
    pub fn org_id(&self) -> Option<JsonValue<'a>> {
        self.org_id
    }

    /// `orgRole`: v1 `org_role` as is; v2 `org:` + `o.rol` when `o.rol` is a non-empty
    /// string, undefined otherwise.
    pub fn org_role(&self) -> Option<OrgRole<'a>> {
        self.org_role
    }

    /// `orgSlug`: v1 `org_slug`; v2 `o.slg`.
    pub fn org_slug(&self) -> Option<JsonValue<'a>> {
        self.org_slug
    }

    /// `orgPermissions`: v1 `org_permissions` as is; v2 the expanded permissions whenever `o`
    /// is truthy (undefined otherwise).
    pub fn org_permissions(&self) -> Option<OrgPermissions<'a>> {
        self.org_permissions
    }

    /// The `fea` claim, which `has({feature})` reads (`"<scope>:<name>,..."`).
    pub fn features(&self) -> Option<JsonValue<'a>> {
        self.features
    }

    /// The `pla` claim, which `has({plan})` reads (`"<scope>:<name>,..."`).
    pub fn plans(&self) -> Option<JsonValue<'a>> {
        self.plans
    }

    /// Clerk's `has(params)`: true only when at least one dimension (org, billing,
    /// reverification) is asked and every asked one passes. False when `userId` is falsy
    /// (signed out), for `has({})`, and on any missing or malformed data.
    ///
    /// - role: the org role must be a non-empty string equal to `role` once any run of
    ///   leading `org:` is made a single one (`admin`, `org:admin`, `org:org:admin` match).
    /// - permission: `org:` + `permission` (normalised the same way) must be one of the org
    ///   permissions, exactly. Both role and permission need a truthy `orgId`.
    /// - feature / plan: matched against `fea` / `pla`, with an explicit scope (`o`, `org`,
    ///   `organization`, `u`, `user`) or none (either list). An element of the claim without a
    ///   colon, or an unknown explicit scope, fails.
    /// - reverification: see [`crate::Reverification`].
    pub fn has(&self, params: &HasParams<'_>) -> bool {
        authz::has(self, params)
    }

    /// `has({permission})`, for example `has_permission("org:billing:read")`.
    pub fn has_permission(&self, permission: &str) -> bool {
        self.has(&HasParams {
            permission: Some(Param::Str(permission)),
            ..HasParams::default()
        })
    }

    /// Writes Clerk's auth-object shape as one JSON object, in this order:
    /// `{"userId","sessionId","sessionStatus","actor","factorVerificationAge","orgId",
    /// "orgRole","orgSlug","orgPermissions"}`. An undefined property is left out, `null` is
    /// written `null`. Values from the claims are written as their exact JSON text; built
    /// strings (the v2 role and permissions) are escaped as `JSON.stringify` escapes them.
    pub fn write_json<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        let value = |v: Option<JsonValue<'a>>| v.map(Prop::Value);
        let members = [
            (USER_ID, value(self.user_id)),
            (SESSION_ID, value(self.session_id)),
            (SESSION_STATUS, value(self.session_status)),
            (ACTOR, value(self.actor)),
            (FACTOR_VERIFICATION_AGE, value(self.factor_verification_age)),
            (ORG_ID, value(self.org_id)),
            (ORG_ROLE, self.org_role.map(Prop::Role)),
            (ORG_SLUG, value(self.org_slug)),
            (ORG_PERMISSIONS, self.org_permissions.map(Prop::Permissions)),
        ];
        w.write_char('{')?;
        let mut first = true;
        for (name, prop) in members {
            let Some(prop) = prop else { continue };
            if !first {
                w.write_char(',')?;
            }
            first = false;
            write!(w, "\"{name}\":")?;
            match prop {
                Prop::Value(v) => w.write_str(v.raw_json())?,
                Prop::Role(role) => role.write_json(w)?,
                Prop::Permissions(permissions) => permissions.write_json(w)?,
            }
        }
        w.write_char('}')
    }
}

/// A defined property, for [`Auth::write_json`].
enum Prop<'a> {
    Value(JsonValue<'a>),
    Role(OrgRole<'a>),
    Permissions(OrgPermissions<'a>),
}
