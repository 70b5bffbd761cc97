//! Borrowed views of a decoded payload: standard JWT claims and Clerk's v1 and v2 claims.

use crate::json::ValueSpan;
use crate::{JsonObject, JsonValue};

/// A three-byte name as the integer [`Claims::take`] matches on.
const fn name3(n: &[u8; 3]) -> u32 {
    u32::from_le_bytes([n[0], n[1], n[2], 0])
}

const SUB: u32 = name3(b"sub");
const SID: u32 = name3(b"sid");
const AZP: u32 = name3(b"azp");
const ISS: u32 = name3(b"iss");
const AUD: u32 = name3(b"aud");
const EXP: u32 = name3(b"exp");
const NBF: u32 = name3(b"nbf");
const IAT: u32 = name3(b"iat");
const JTI: u32 = name3(b"jti");
const STS: u32 = name3(b"sts");
const FVA: u32 = name3(b"fva");
const ACT: u32 = name3(b"act");
const FEA: u32 = name3(b"fea");
const PLA: u32 = name3(b"pla");

/// Applies `$m` to the list of named claims.
macro_rules! with_claim_names {
    ($m:ident) => {
        $m! {
            sub,
            sid,
            azp,
            iss,
            aud,
            exp,
            nbf,
            iat,
            jti,
            sts,
            v,
            fva,
            act,
            org_id,
            org_role,
            org_slug,
            org_permissions,
            o,
            fea,
            pla
        }
    };
}

macro_rules! claim_spans {
    ($($name:ident),*) => {
        /// The named claims as spans of the payload object's text (for the token cache).
        #[derive(Clone, Copy, Debug, Default)]
        pub(crate) struct ClaimSpans {
            $($name: ValueSpan,)*
        }

        impl ClaimSpans {
            /// No member.
            pub(crate) const EMPTY: ClaimSpans = ClaimSpans {
                $($name: ValueSpan::ABSENT,)*
            };
        }

        impl<'a> Claims<'a> {
            /// The views as spans of [`Claims::json`]'s text (`None` if one lies outside).
            pub(crate) fn spans(&self) -> Option<ClaimSpans> {
                let base = self.object.raw_json();
                Some(ClaimSpans {
                    $($name: ValueSpan::of(self.$name, base)?,)*
                })
            }

            /// The claims whose object is `object` (a copy of the text `spans` were taken
            /// from).
            pub(crate) fn from_spans(object: JsonObject<'a>, spans: &ClaimSpans) -> Claims<'a> {
                let base = object.raw_json();
                Claims {
                    object,
                    $($name: spans.$name.resolve(base),)*
                }
            }
        }
    };
}

with_claim_names!(claim_spans);

/// The claims of a payload, each as the raw JSON value (`None` when the member is absent,
/// `Some(JsonValue::Null)` when it is present as `null`, so bindings can render both).
///
/// Obtained from a [`crate::VerifiedToken`] (or, without verification, from
/// [`crate::dangerous`]). Nothing here is type-checked beyond what verification requires;
/// typed readers (`as_str`, `as_number`, ...) live on [`JsonValue`].
#[derive(Clone, Copy, Debug)]
pub struct Claims<'a> {
    object: JsonObject<'a>,
    sub: Option<JsonValue<'a>>,
    sid: Option<JsonValue<'a>>,
    azp: Option<JsonValue<'a>>,
    iss: Option<JsonValue<'a>>,
    aud: Option<JsonValue<'a>>,
    exp: Option<JsonValue<'a>>,
    nbf: Option<JsonValue<'a>>,
    iat: Option<JsonValue<'a>>,
    jti: Option<JsonValue<'a>>,
    sts: Option<JsonValue<'a>>,
    v: Option<JsonValue<'a>>,
    fva: Option<JsonValue<'a>>,
    act: Option<JsonValue<'a>>,
    org_id: Option<JsonValue<'a>>,
    org_role: Option<JsonValue<'a>>,
    org_slug: Option<JsonValue<'a>>,
    org_permissions: Option<JsonValue<'a>>,
    o: Option<JsonValue<'a>>,
    fea: Option<JsonValue<'a>>,
    pla: Option<JsonValue<'a>>,
}

macro_rules! claim_accessors {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(&self) -> Option<JsonValue<'a>> {
                self.$name
            }
        )*
    };
}

impl<'a> Claims<'a> {
    /// Reads every named claim in one pass over the payload object.
    pub(crate) fn from_object(object: JsonObject<'a>) -> Claims<'a> {
        let mut c = Claims::empty(object);
        for (name, value) in object.members() {
            c.take(name, value);
        }
        c
    }

    /// Validates `json` (strict JSON, an object) and reads its claims in the same pass.
    pub(crate) fn parse(json: &'a [u8], max_depth: usize) -> Result<Claims<'a>, crate::Error> {
        let mut c = Claims::empty(JsonObject::empty());
        c.object = crate::json::parse_object_with(
            json,
            max_depth,
            crate::json::Numbers::Any,
            &mut |n, v| c.take(n, v),
        )?;
        Ok(c)
    }

    fn empty(object: JsonObject<'a>) -> Claims<'a> {
        Claims {
            object,
            sub: None,
            sid: None,
            azp: None,
            iss: None,
            aud: None,
            exp: None,
            nbf: None,
            iat: None,
            jti: None,
            sts: None,
            v: None,
            fva: None,
            act: None,
            org_id: None,
            org_role: None,
            org_slug: None,
            org_permissions: None,
            o: None,
            fea: None,
            pla: None,
        }
    }

    fn take(&mut self, name: crate::JsonStr<'a>, value: JsonValue<'a>) {
        // A name written with escapes (`"s\u0075b"`) still names the claim.
        let mut unescaped = [0u8; 16];
        let Some(name) = name
            .as_plain()
            .or_else(|| name.unescape_into(&mut unescaped))
        else {
            return;
        };
        // Three-letter names (most claims) are matched as one integer rather than through
        // a string match, which compares candidates of the same length one by one.
        let slot = match *name.as_bytes() {
            [a, b, c] => match u32::from_le_bytes([a, b, c, 0]) {
                SUB => &mut self.sub,
                SID => &mut self.sid,
                AZP => &mut self.azp,
                ISS => &mut self.iss,
                AUD => &mut self.aud,
                EXP => &mut self.exp,
                NBF => &mut self.nbf,
                IAT => &mut self.iat,
                JTI => &mut self.jti,
                STS => &mut self.sts,
                FVA => &mut self.fva,
                ACT => &mut self.act,
                FEA => &mut self.fea,
                PLA => &mut self.pla,
                _ => return,
            },
            _ => match name {
                "v" => &mut self.v,
                "o" => &mut self.o,
                "org_id" => &mut self.org_id,
                "org_role" => &mut self.org_role,
                "org_slug" => &mut self.org_slug,
                "org_permissions" => &mut self.org_permissions,
                _ => return,
            },
        };
        *slot = Some(value);
    }

    /// The whole payload object: custom claims are read from here.
    pub fn json(&self) -> JsonObject<'a> {
        self.object
    }

    /// Any member of the payload by name.
    pub fn get(&self, name: &str) -> Option<JsonValue<'a>> {
        self.object.get(name)
    }

    /// Whether these are v2 Clerk claims (`v` is the number 2).
    pub fn is_v2(&self) -> bool {
        self.v
            .and_then(|v| v.as_number())
            .is_some_and(|n| n.as_f64() == 2.0)
    }

    claim_accessors! {
        /// `sub`: the user id.
        sub,
        /// `sid`: the session id.
        sid,
        /// `azp`: the authorized party (origin of the minting request).
        azp,
        /// `iss`: the issuer (Clerk Frontend API URL).
        iss,
        /// `aud`: audience (string or array).
        aud,
        /// `exp`: expiry (NumericDate, seconds).
        exp,
        /// `nbf`: not before (NumericDate, seconds).
        nbf,
        /// `iat`: issued at (NumericDate, seconds).
        iat,
        /// `jti`: token id.
        jti,
        /// `sts`: session status (`"active"`, `"pending"`).
        sts,
        /// `v`: claims version (2 for v2).
        v,
        /// `fva`: factor verification ages in minutes, `[first, second]`.
        fva,
        /// `act`: the actor (impersonation).
        act,
        /// `org_id` (v1).
        org_id,
        /// `org_role` (v1).
        org_role,
        /// `org_slug` (v1).
        org_slug,
        /// `org_permissions` (v1).
        org_permissions,
        /// `o`: the organization object (v2: `id`, `rol`, `slg`, `per`, `fpm`).
        o,
        /// `fea`: features, `"<scope>:<name>,..."`.
        fea,
        /// `pla`: plans, `"<scope>:<name>,..."`.
        pla,
    }
}
