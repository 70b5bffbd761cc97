//! The JOSE header.

use crate::json::ValueSpan;
use crate::{Algorithm, Error, JsonObject, JsonStr, JsonValue};

/// A header's views as spans of its object text (for the token cache).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct HeaderSpans {
    alg: ValueSpan,
    kid: ValueSpan,
    typ: ValueSpan,
    cat: ValueSpan,
    crit: bool,
}

impl HeaderSpans {
    /// No member.
    pub(crate) const EMPTY: HeaderSpans = HeaderSpans {
        alg: ValueSpan::ABSENT,
        kid: ValueSpan::ABSENT,
        typ: ValueSpan::ABSENT,
        cat: ValueSpan::ABSENT,
        crit: false,
    };
}

/// Clerk's machine-to-machine token category (`cat`), which session verification refuses.
pub const M2M_CATEGORY: &str = "cl_B7d4PD333AAA";

/// A decoded, validated JOSE header. Borrowed from the caller's decode buffer.
#[derive(Clone, Copy, Debug)]
pub struct Header<'a> {
    object: JsonObject<'a>,
    alg: Option<JsonValue<'a>>,
    kid: Option<JsonValue<'a>>,
    typ: Option<JsonValue<'a>>,
    cat: Option<JsonValue<'a>>,
    crit: bool,
}

impl<'a> Header<'a> {
    /// Reads the members the pipeline needs, in one pass; [`Header::validate`] checks them.
    pub(crate) fn scan(object: JsonObject<'a>) -> Header<'a> {
        let mut h = Header::empty(object);
        for (name, value) in object.members() {
            h.take(name, value);
        }
        h
    }

    /// Validates `json` (strict JSON, an object) and reads its members in the same pass.
    pub(crate) fn parse(json: &'a [u8], max_depth: usize) -> Result<Header<'a>, Error> {
        let mut h = Header::empty(JsonObject::empty());
        h.object = crate::json::parse_object_with(
            json,
            max_depth,
            crate::json::Numbers::Finite,
            &mut |n, v| h.take(n, v),
        )?;
        Ok(h)
    }

    fn empty(object: JsonObject<'a>) -> Header<'a> {
        Header {
            object,
            alg: None,
            kid: None,
            typ: None,
            cat: None,
            crit: false,
        }
    }

    fn take(&mut self, name: JsonStr<'a>, value: JsonValue<'a>) {
        // A name written with escapes (`"\u0061lg"`) still names the member.
        let mut unescaped = [0u8; 8];
        let Some(name) = name
            .as_plain()
            .or_else(|| name.unescape_into(&mut unescaped))
        else {
            return;
        };
        // Matched as integers, not string by string (see `Claims::take`).
        match *name.as_bytes() {
            [a, b, c] => match [a, b, c] {
                [b'a', b'l', b'g'] => self.alg = Some(value),
                [b'k', b'i', b'd'] => self.kid = Some(value),
                [b't', b'y', b'p'] => self.typ = Some(value),
                [b'c', b'a', b't'] => self.cat = Some(value),
                _ => {}
            },
            [b'c', b'r', b'i', b't'] => self.crit = true,
            _ => {}
        }
    }

    /// The views as spans of [`Header::json`]'s text (`None` if a view lies outside it).
    pub(crate) fn spans(&self) -> Option<HeaderSpans> {
        let base = self.object.raw_json();
        Some(HeaderSpans {
            alg: ValueSpan::of(self.alg, base)?,
            kid: ValueSpan::of(self.kid, base)?,
            typ: ValueSpan::of(self.typ, base)?,
            cat: ValueSpan::of(self.cat, base)?,
            crit: self.crit,
        })
    }

    /// The header whose object is `object` (a copy of the text `spans` were taken from).
    pub(crate) fn from_spans(object: JsonObject<'a>, spans: &HeaderSpans) -> Header<'a> {
        let base = object.raw_json();
        Header {
            object,
            alg: spans.alg.resolve(base),
            kid: spans.kid.resolve(base),
            typ: spans.typ.resolve(base),
            cat: spans.cat.resolve(base),
            crit: spans.crit,
        }
    }

    /// Fails on a non-string `kid` and any `crit` (no extension is implemented, so every
    /// critical extension is unsupported). A missing or non-string `alg` is left to
    /// verification, which refuses it where it checks the algorithm (after `typ`, as Clerk);
    /// unverified decoding reads such a header, as Clerk's `decodeJwt` does. A `cat` of
    /// another type is not an error here, as in Clerk: it is simply not the M2M category
    /// (request authentication treats it as a foreign category).
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.crit {
            return Err(Error::CritUnsupported);
        }
        if self.kid.is_some_and(|v| v.as_str().is_none()) {
            return Err(Error::InvalidHeaderField);
        }
        Ok(())
    }

    /// Whether `alg` is present and a string (verification refuses anything else with
    /// [`Error::AlgMissing`], where it checks the algorithm, as Clerk does).
    pub(crate) fn has_string_alg(&self) -> bool {
        matches!(self.alg, Some(JsonValue::String(_)))
    }

    /// The `alg` member as written (empty if it is not a string, which verification refuses).
    pub fn alg_name(&self) -> JsonStr<'a> {
        self.alg
            .and_then(|v| v.as_str())
            .unwrap_or_else(JsonStr::empty)
    }

    /// The algorithm, if `alg` names one this crate knows (never `none`). A name written
    /// with JSON escapes (`"RS\u0032\u0035\u0036"`) is compared after unescaping, as
    /// `JSON.parse` reads it.
    pub fn algorithm(&self) -> Option<Algorithm> {
        let name = self.alg_name();
        match name.as_plain() {
            Some(plain) => Algorithm::from_name(plain.as_bytes()),
            None => Algorithm::ALL.into_iter().find(|a| name.eq_str(a.name())),
        }
    }

    /// The `kid` member, if present and a string.
    pub fn kid(&self) -> Option<JsonStr<'a>> {
        self.kid.and_then(|v| v.as_str())
    }

    /// The `typ` member, if present (any JSON type; `null` counts as present).
    pub fn typ(&self) -> Option<JsonValue<'a>> {
        self.typ
    }

    /// The `cat` member (Clerk's token category), if present (any JSON type; `null` counts
    /// as present).
    pub fn cat(&self) -> Option<JsonValue<'a>> {
        self.cat
    }

    /// The whole header object, for members this type does not name.
    pub fn json(&self) -> JsonObject<'a> {
        self.object
    }

    /// Whether `cat` is the machine-to-machine category.
    pub(crate) fn is_m2m_category(&self) -> bool {
        self.cat()
            .and_then(|c| c.as_str())
            .is_some_and(|c| c.eq_str(M2M_CATEGORY))
    }
}
