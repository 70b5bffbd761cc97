//! The JOSE header.

use crate::{Algorithm, Error, JsonObject, JsonStr, JsonValue};

/// Clerk's machine-to-machine token category (`cat`), which session verification refuses.
pub const M2M_CATEGORY: &str = "cl_B7d4PD333AAA";

/// A decoded, validated JOSE header. Borrowed from the caller's decode buffer.
#[derive(Clone, Copy, Debug)]
pub struct Header<'a> {
    object: JsonObject<'a>,
    alg: JsonStr<'a>,
    kid: Option<JsonStr<'a>>,
    typ: Option<JsonValue<'a>>,
    cat: Option<JsonStr<'a>>,
}

impl<'a> Header<'a> {
    /// Reads the members the pipeline needs. Fails on a missing or non-string `alg`, a
    /// non-string `kid` or `cat`, and any `crit` (no extension is implemented).
    pub(crate) fn from_object(object: JsonObject<'a>) -> Result<Header<'a>, Error> {
        let mut alg = None;
        let mut kid = None;
        let mut typ = None;
        let mut cat = None;
        for (name, value) in object.members() {
            if name.eq_str("alg") {
                alg = Some(value.as_str().ok_or(Error::AlgMissing)?);
            } else if name.eq_str("kid") {
                kid = Some(value.as_str().ok_or(Error::InvalidHeaderField)?);
            } else if name.eq_str("typ") {
                typ = Some(value);
            } else if name.eq_str("cat") {
                cat = Some(value.as_str().ok_or(Error::InvalidHeaderField)?);
            } else if name.eq_str("crit") {
                return Err(Error::CritUnsupported);
            }
        }
        Ok(Header {
            object,
            alg: alg.ok_or(Error::AlgMissing)?,
            kid,
            typ,
            cat,
        })
    }

    /// The `alg` member as written.
    pub fn alg_name(&self) -> JsonStr<'a> {
        self.alg
    }

    /// The algorithm, if `alg` names one this crate knows (never `none`).
    pub fn algorithm(&self) -> Option<Algorithm> {
        Algorithm::from_name(self.alg.as_plain()?.as_bytes())
    }

    /// The `kid` member, if present.
    pub fn kid(&self) -> Option<JsonStr<'a>> {
        self.kid
    }

    /// The `typ` member, if present (any JSON type; `null` counts as present).
    pub fn typ(&self) -> Option<JsonValue<'a>> {
        self.typ
    }

    /// The `cat` member (Clerk's token category), if present.
    pub fn cat(&self) -> Option<JsonStr<'a>> {
        self.cat
    }

    /// The whole header object, for members this type does not name.
    pub fn json(&self) -> JsonObject<'a> {
        self.object
    }

    /// Whether `cat` is the machine-to-machine category.
    pub(crate) fn is_m2m_category(&self) -> bool {
        self.cat.is_some_and(|c| c.eq_str(M2M_CATEGORY))
    }
}
