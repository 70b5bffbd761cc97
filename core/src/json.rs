//! Strict JSON: one validating pass, then borrowed navigation over the validated text.
//!
//! The validator is iterative (no recursion, so hostile nesting cannot overflow the stack) and
//! enforces: UTF-8 (no BOM), the RFC 8259 grammar, a depth limit, valid escapes (no lone
//! surrogates), and unique member names in every object, compared after unescaping.
//! Navigation types ([`JsonObject`], [`JsonValue`], ...) can only be obtained from validated
//! text, so they never meet a syntax error.

use crate::limits::{MAX_JSON_DEPTH_CAP, MAX_TRACKED_MEMBERS};
use crate::Error;

/// Validates `input` as a JSON document whose top-level value is an object.
pub(crate) fn parse_object(input: &[u8], max_depth: usize) -> Result<JsonObject<'_>, Error> {
    let text = core::str::from_utf8(input).map_err(|_| Error::InvalidUtf8)?;
    let start = validate(text, max_depth.min(MAX_JSON_DEPTH_CAP))?;
    match JsonValue::at(text, start) {
        JsonValue::Object(o) => Ok(o),
        _ => Err(Error::NotAnObject),
    }
}

/// The top-level object of text that [`parse_object`] already accepted (no re-validation).
pub(crate) fn validated_object(text: &str) -> Option<JsonObject<'_>> {
    let start = skip_ws(text.as_bytes(), 0);
    (text.as_bytes().get(start) == Some(&b'{')).then(|| match JsonValue::at(text, start) {
        JsonValue::Object(o) => Some(o),
        _ => None,
    })?
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

#[derive(Clone, Copy)]
struct Name {
    start: u32,
    end: u32,
    hash: u32,
}

/// Member names of the open objects, for duplicate detection without a heap.
struct NameStack<'a> {
    text: &'a str,
    names: [Name; MAX_TRACKED_MEMBERS],
    len: usize,
}

impl<'a> NameStack<'a> {
    fn push(&mut self, base: usize, start: usize, end: usize) -> Result<(), Error> {
        let raw = JsonStr(&self.text[start..end]);
        let hash = raw.chars().fold(0x811c_9dc5u32, |h, c| {
            (h ^ c as u32).wrapping_mul(0x0100_0193)
        });
        for n in &self.names[base..self.len] {
            if n.hash == hash
                && JsonStr(&self.text[n.start as usize..n.end as usize])
                    .chars()
                    .eq(raw.chars())
            {
                return Err(Error::DuplicateMember);
            }
        }
        let slot = self.names.get_mut(self.len).ok_or(Error::TooManyMembers)?;
        *slot = Name {
            start: start as u32,
            end: end as u32,
            hash,
        };
        self.len += 1;
        Ok(())
    }
}

/// Validates the whole document; returns the offset of the top-level value.
fn validate(text: &str, max_depth: usize) -> Result<usize, Error> {
    let b = text.as_bytes();
    if b.len() > u32::MAX as usize {
        return Err(Error::TokenTooLarge);
    }
    let mut names = NameStack {
        text,
        names: [Name {
            start: 0,
            end: 0,
            hash: 0,
        }; MAX_TRACKED_MEMBERS],
        len: 0,
    };
    let mut bases = [0usize; MAX_JSON_DEPTH_CAP];
    let mut objects: u64 = 0; // bit d set: the container at depth d is an object
    let mut depth = 0usize;
    let top = skip_ws(b, 0);
    let mut i = top;
    loop {
        // A value starts at `i`.
        let mut closed = false;
        match b.get(i) {
            Some(b'{') | Some(b'[') => {
                if depth == max_depth {
                    return Err(Error::JsonTooDeep);
                }
                let is_object = b[i] == b'{';
                if is_object {
                    objects |= 1 << depth;
                } else {
                    objects &= !(1 << depth);
                }
                bases[depth] = names.len;
                depth += 1;
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(if is_object { &b'}' } else { &b']' }) {
                    i += 1;
                    depth -= 1;
                    names.len = bases[depth];
                    closed = true;
                } else if is_object {
                    i = member_name(b, i, &mut names, bases[depth - 1])?;
                    continue;
                } else {
                    continue;
                }
            }
            Some(b'"') => i = string_end(b, i)?,
            Some(b'-' | b'0'..=b'9') => i = number_end(b, i)?,
            Some(b't') => i = literal_end(b, i, b"true")?,
            Some(b'f') => i = literal_end(b, i, b"false")?,
            Some(b'n') => i = literal_end(b, i, b"null")?,
            _ => return Err(Error::JsonSyntax),
        }
        let _ = closed;
        // After a value: close containers or move to the next element.
        loop {
            i = skip_ws(b, i);
            if depth == 0 {
                return if i == b.len() {
                    Ok(top)
                } else {
                    Err(Error::JsonSyntax)
                };
            }
            let in_object = objects & (1 << (depth - 1)) != 0;
            match (b.get(i), in_object) {
                (Some(b','), true) => {
                    i = member_name(b, skip_ws(b, i + 1), &mut names, bases[depth - 1])?;
                    break;
                }
                (Some(b','), false) => {
                    i = skip_ws(b, i + 1);
                    break;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    i += 1;
                    depth -= 1;
                    names.len = bases[depth];
                }
                _ => return Err(Error::JsonSyntax),
            }
        }
    }
}

/// Parses `"name" :` at `i`, records the name, returns the offset of the member's value.
fn member_name(b: &[u8], i: usize, names: &mut NameStack<'_>, base: usize) -> Result<usize, Error> {
    if b.get(i) != Some(&b'"') {
        return Err(Error::JsonSyntax);
    }
    let end = string_end(b, i)?;
    names.push(base, i, end)?;
    let colon = skip_ws(b, end);
    if b.get(colon) != Some(&b':') {
        return Err(Error::JsonSyntax);
    }
    Ok(skip_ws(b, colon + 1))
}

fn hex4(b: &[u8], i: usize) -> Result<u16, Error> {
    let digits = b.get(i..i + 4).ok_or(Error::JsonSyntax)?;
    let mut v = 0u16;
    for &d in digits {
        let n = (d as char).to_digit(16).ok_or(Error::InvalidEscape)?;
        v = v << 4 | n as u16;
    }
    Ok(v)
}

/// `b[i]` is the opening quote; returns the offset after the closing quote.
fn string_end(b: &[u8], mut i: usize) -> Result<usize, Error> {
    i += 1;
    loop {
        match *b.get(i).ok_or(Error::JsonSyntax)? {
            b'"' => return Ok(i + 1),
            b'\\' => match *b.get(i + 1).ok_or(Error::JsonSyntax)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                b'u' => {
                    let unit = hex4(b, i + 2)?;
                    i += 6;
                    if (0xD800..0xDC00).contains(&unit) {
                        if b.get(i..i + 2) != Some(b"\\u") {
                            return Err(Error::InvalidEscape);
                        }
                        if !(0xDC00..0xE000).contains(&hex4(b, i + 2)?) {
                            return Err(Error::InvalidEscape);
                        }
                        i += 6;
                    } else if (0xDC00..0xE000).contains(&unit) {
                        return Err(Error::InvalidEscape);
                    }
                }
                _ => return Err(Error::InvalidEscape),
            },
            0x00..=0x1f => return Err(Error::JsonSyntax),
            _ => i += 1,
        }
    }
}

fn digits_end(b: &[u8], mut i: usize) -> Result<usize, Error> {
    let start = i;
    while let Some(b'0'..=b'9') = b.get(i) {
        i += 1;
    }
    if i == start {
        Err(Error::JsonSyntax)
    } else {
        Ok(i)
    }
}

/// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn number_end(b: &[u8], mut i: usize) -> Result<usize, Error> {
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = match b.get(i) {
        Some(b'0') => i + 1,
        Some(b'1'..=b'9') => digits_end(b, i)?,
        _ => return Err(Error::JsonSyntax),
    };
    if b.get(i) == Some(&b'.') {
        i = digits_end(b, i + 1)?;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        i = digits_end(b, i)?;
    }
    Ok(i)
}

fn literal_end(b: &[u8], i: usize, lit: &[u8]) -> Result<usize, Error> {
    if b.get(i..i + lit.len()) == Some(lit) {
        Ok(i + lit.len())
    } else {
        Err(Error::JsonSyntax)
    }
}

/// Offset after the value starting at `i` in validated text.
fn value_end(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'"' => string_end_validated(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b[j] {
                    b'"' => {
                        j = string_end_validated(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

fn string_end_validated(b: &[u8], mut i: usize) -> usize {
    i += 1;
    loop {
        match b[i] {
            b'"' => return i + 1,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// A validated JSON value, borrowed from the decoded header or payload.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JsonValue<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as its exact text.
    Number(JsonNumber<'a>),
    /// A string, kept escaped; see [`JsonStr`].
    String(JsonStr<'a>),
    /// An array.
    Array(JsonArray<'a>),
    /// An object.
    Object(JsonObject<'a>),
}

impl<'a> JsonValue<'a> {
    fn at(text: &'a str, i: usize) -> JsonValue<'a> {
        let b = text.as_bytes();
        let end = value_end(b, i);
        let raw = &text[i..end];
        match b[i] {
            b'{' => JsonValue::Object(JsonObject { raw }),
            b'[' => JsonValue::Array(JsonArray { raw }),
            b'"' => JsonValue::String(JsonStr(raw)),
            b't' => JsonValue::Bool(true),
            b'f' => JsonValue::Bool(false),
            b'n' => JsonValue::Null,
            _ => JsonValue::Number(JsonNumber(raw)),
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<JsonStr<'a>> {
        match self {
            JsonValue::String(s) => Some(*s),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(&self) -> Option<JsonNumber<'a>> {
        match self {
            JsonValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The object, if this is an object.
    pub fn as_object(&self) -> Option<JsonObject<'a>> {
        match self {
            JsonValue::Object(o) => Some(*o),
            _ => None,
        }
    }

    /// The array, if this is an array.
    pub fn as_array(&self) -> Option<JsonArray<'a>> {
        match self {
            JsonValue::Array(a) => Some(*a),
            _ => None,
        }
    }

    /// JavaScript truthiness: `null`, `false`, `0`, `-0` and `""` are falsy; everything else
    /// (objects and arrays included) is truthy. Clerk's checks are written in these terms.
    pub fn is_truthy(&self) -> bool {
        match self {
            JsonValue::Null => false,
            JsonValue::Bool(b) => *b,
            JsonValue::Number(n) => n.as_f64() != 0.0,
            JsonValue::String(s) => !s.is_empty(),
            JsonValue::Array(_) | JsonValue::Object(_) => true,
        }
    }

    /// The exact JSON text of this value (strings include their quotes).
    pub fn raw_json(&self) -> &'a str {
        match self {
            JsonValue::Null => "null",
            JsonValue::Bool(true) => "true",
            JsonValue::Bool(false) => "false",
            JsonValue::Number(n) => n.0,
            JsonValue::String(s) => s.raw_json(),
            JsonValue::Array(a) => a.raw,
            JsonValue::Object(o) => o.raw,
        }
    }
}

/// A JSON number, as its exact text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonNumber<'a>(&'a str);

impl<'a> JsonNumber<'a> {
    /// The number's text as it appears in the JSON.
    pub fn as_str(&self) -> &'a str {
        self.0
    }

    /// The nearest `f64` (correctly rounded, as JavaScript's `JSON.parse`); text too large
    /// for `f64` gives an infinity.
    pub fn as_f64(&self) -> f64 {
        self.0.parse::<f64>().unwrap_or(f64::NAN)
    }
}

/// A JSON string, borrowed in its escaped form.
///
/// Compare with [`JsonStr::eq_str`] or iterate [`JsonStr::chars`]: both unescape on the fly,
/// so `"\u0073ub"` equals `sub`. [`JsonStr::as_plain`] gives a `&str` without copying when the
/// string has no escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonStr<'a>(&'a str); // with its quotes

impl<'a> JsonStr<'a> {
    /// The empty string.
    pub fn empty() -> JsonStr<'a> {
        JsonStr("\"\"")
    }

    /// The escaped text between the quotes, exactly as in the JSON.
    pub fn raw(&self) -> &'a str {
        &self.0[1..self.0.len() - 1]
    }

    /// The string with its quotes, as JSON text.
    pub fn raw_json(&self) -> &'a str {
        self.0
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.len() == 2
    }

    /// The string as `&str` without copying, if it contains no escapes.
    pub fn as_plain(&self) -> Option<&'a str> {
        let raw = self.raw();
        if raw.contains('\\') {
            None
        } else {
            Some(raw)
        }
    }

    /// The unescaped characters.
    pub fn chars(&self) -> Unescaped<'a> {
        Unescaped::new(self.raw())
    }

    /// Whether the unescaped string equals `s` exactly (code point by code point, no
    /// normalisation).
    pub fn eq_str(&self, s: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain == s,
            None => self.chars().eq(s.chars()),
        }
    }

    /// Whether the unescaped string starts with `prefix`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        let mut chars = self.chars();
        prefix.chars().all(|p| chars.next() == Some(p))
    }

    /// Unescapes into `buf`; `None` if it does not fit.
    pub fn unescape_into<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        if let Some(plain) = self.as_plain() {
            let out = buf.get_mut(..plain.len())?;
            out.copy_from_slice(plain.as_bytes());
            return core::str::from_utf8(out).ok();
        }
        let mut len = 0;
        for c in self.chars() {
            let n = c.len_utf8();
            c.encode_utf8(buf.get_mut(len..len + n)?);
            len += n;
        }
        core::str::from_utf8(&buf[..len]).ok()
    }

    /// Length of the unescaped string in UTF-8 bytes.
    pub fn unescaped_len(&self) -> usize {
        match self.as_plain() {
            Some(p) => p.len(),
            None => self.chars().map(char::len_utf8).sum(),
        }
    }
}

/// Iterator over the unescaped characters of a [`JsonStr`].
#[derive(Clone, Debug)]
pub struct Unescaped<'a> {
    rest: &'a str,
}

impl<'a> Unescaped<'a> {
    /// Unescapes `escaped`: validated JSON string text without its quotes, or a piece of it cut
    /// at escape boundaries.
    pub(crate) fn new(escaped: &'a str) -> Unescaped<'a> {
        Unescaped { rest: escaped }
    }

    /// The escaped text not consumed yet (a suffix of the text given to [`Unescaped::new`]).
    pub(crate) fn rest(&self) -> &'a str {
        self.rest
    }
}

impl Iterator for Unescaped<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next()?;
        if c != '\\' {
            self.rest = chars.as_str();
            return Some(c);
        }
        let b = self.rest.as_bytes();
        let (c, used) = match b[1] {
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            b'u' => {
                let hi = hex4(b, 2).unwrap_or(0xFFFD);
                if (0xD800..0xDC00).contains(&hi) {
                    let lo = hex4(b, 8).unwrap_or(0xDC00);
                    let cp = 0x10000 + ((hi as u32 - 0xD800) << 10) + (lo as u32 - 0xDC00);
                    (char::from_u32(cp).unwrap_or('\u{FFFD}'), 12)
                } else {
                    (char::from_u32(hi as u32).unwrap_or('\u{FFFD}'), 6)
                }
            }
            other => (other as char, 2),
        };
        self.rest = &self.rest[used..];
        Some(c)
    }
}

/// A validated JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonObject<'a> {
    raw: &'a str,
}

impl<'a> JsonObject<'a> {
    /// The empty object `{}`.
    pub fn empty() -> JsonObject<'a> {
        JsonObject { raw: "{}" }
    }

    /// The object's exact JSON text.
    pub fn raw_json(&self) -> &'a str {
        self.raw
    }

    /// The members in document order, as (name, value).
    pub fn members(&self) -> Members<'a> {
        Members {
            text: self.raw,
            pos: 1,
        }
    }

    /// The value of the member named `name` (names are unique in validated JSON).
    pub fn get(&self, name: &str) -> Option<JsonValue<'a>> {
        self.members().find(|(n, _)| n.eq_str(name)).map(|(_, v)| v)
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.members().next().is_none()
    }
}

/// Iterator over an object's members.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (JsonStr<'a>, JsonValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let b = self.text.as_bytes();
        let i = skip_ws(b, self.pos);
        if b.get(i) != Some(&b'"') {
            self.pos = b.len();
            return None;
        }
        let name_end = string_end_validated(b, i);
        let name = JsonStr(&self.text[i..name_end]);
        let v = skip_ws(b, skip_ws(b, name_end) + 1);
        let value = JsonValue::at(self.text, v);
        let after = skip_ws(b, value_end(b, v));
        self.pos = if b.get(after) == Some(&b',') {
            after + 1
        } else {
            b.len()
        };
        Some((name, value))
    }
}

/// A validated JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonArray<'a> {
    raw: &'a str,
}

impl<'a> JsonArray<'a> {
    /// The array's exact JSON text.
    pub fn raw_json(&self) -> &'a str {
        self.raw
    }

    /// The elements in order.
    pub fn iter(&self) -> Elements<'a> {
        Elements {
            text: self.raw,
            pos: 1,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// Iterator over an array's elements.
#[derive(Clone, Debug)]
pub struct Elements<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = JsonValue<'a>;

    fn next(&mut self) -> Option<JsonValue<'a>> {
        let b = self.text.as_bytes();
        let i = skip_ws(b, self.pos);
        if i >= b.len() || b[i] == b']' {
            self.pos = b.len();
            return None;
        }
        let value = JsonValue::at(self.text, i);
        let after = skip_ws(b, value_end(b, i));
        self.pos = if b.get(after) == Some(&b',') {
            after + 1
        } else {
            b.len()
        };
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) -> Result<(), Error> {
        parse_object(s.as_bytes(), 32).map(|_| ())
    }

    #[test]
    fn grammar() {
        assert_eq!(check(r#"{}"#), Ok(()));
        assert_eq!(
            check(" {\"a\" : [1, -0.5e+3, true, false, null, {\"b\":\"c\"}]}\r\n"),
            Ok(())
        );
        for bad in [
            "",
            "{",
            "}",
            "{,}",
            "{\"a\":1,}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{'a':1}",
            "{\"a\":1}x",
            "{\"a\":1}{}",
            "{\"a\":1 /*c*/}",
            "{\"a\":\"x\ny\"}",
            "{\"a\" 1}",
            "{\"a\":[1,]}",
            "{\"a\":tru}",
            "\u{feff}{}",
            "{\"a\":+1}",
            "{\"a\":1e}",
        ] {
            assert_eq!(check(bad), Err(Error::JsonSyntax), "{bad:?}");
        }
        assert_eq!(check("[]"), Err(Error::NotAnObject));
        assert_eq!(check("null"), Err(Error::NotAnObject));
        assert_eq!(check("\"x\""), Err(Error::NotAnObject));
        assert_eq!(
            parse_object(b"{\"a\":\"\xc0\xaf\"}", 32).unwrap_err(),
            Error::InvalidUtf8
        );
    }

    #[test]
    fn escapes() {
        assert_eq!(
            check(r#"{"a":"\ud83d\ude00 \u0000 \/ \" \\ \b\f\n\r\t"}"#),
            Ok(())
        );
        assert_eq!(check(r#"{"a":"\ud800"}"#), Err(Error::InvalidEscape));
        assert_eq!(check(r#"{"a":"\udc00"}"#), Err(Error::InvalidEscape));
        assert_eq!(check(r#"{"a":"\ud800\u0041"}"#), Err(Error::InvalidEscape));
        assert_eq!(check(r#"{"a":"\x41"}"#), Err(Error::InvalidEscape));
        assert_eq!(check(r#"{"a":"\u00g1"}"#), Err(Error::InvalidEscape));
        let o = parse_object(br#"{"s\u0075b":"\ud83d\ude00\/x"}"#, 32).unwrap();
        let s = o.get("sub").unwrap().as_str().unwrap();
        assert!(s.eq_str("\u{1F600}/x"));
        let mut buf = [0u8; 16];
        assert_eq!(s.unescape_into(&mut buf), Some("\u{1F600}/x"));
    }

    #[test]
    fn duplicates() {
        assert_eq!(check(r#"{"a":1,"a":2}"#), Err(Error::DuplicateMember));
        assert_eq!(
            check(r#"{"sub":1,"s\u0075b":2}"#),
            Err(Error::DuplicateMember)
        );
        assert_eq!(
            check(r#"{"o":{"rol":1,"rol":2}}"#),
            Err(Error::DuplicateMember)
        );
        assert_eq!(
            check(r#"{"a":{"b":1},"b":{"a":1},"c":[{"a":1},{"a":2}]}"#),
            Ok(())
        );
    }

    #[test]
    fn depth() {
        let mut s = [0u8; 200];
        let doc = |n: usize, s: &mut [u8; 200]| {
            s[0] = b'{';
            s[1..6].copy_from_slice(b"\"a\": ");
            for i in 0..n {
                s[6 + i] = b'[';
            }
            for i in 0..n {
                s[6 + n + i] = b']';
            }
            s[6 + 2 * n] = b'}';
            7 + 2 * n
        };
        let len = doc(31, &mut s);
        assert_eq!(parse_object(&s[..len], 32).map(|_| ()), Ok(()));
        let len = doc(32, &mut s);
        assert_eq!(
            parse_object(&s[..len], 32).map(|_| ()),
            Err(Error::JsonTooDeep)
        );
    }

    #[test]
    fn navigation() {
        let o = parse_object(br#"{"a":[1,"x",{"b":null}],"n":-1.5e2,"t":true}"#, 32).unwrap();
        let mut m = o.members();
        let (name, v) = m.next().unwrap();
        assert!(name.eq_str("a"));
        let arr = v.as_array().unwrap();
        assert_eq!(arr.len(), 3);
        assert_eq!(arr.raw_json(), r#"[1,"x",{"b":null}]"#);
        let els: [JsonValue<'_>; 3] = {
            let mut it = arr.iter();
            [it.next().unwrap(), it.next().unwrap(), it.next().unwrap()]
        };
        assert_eq!(els[0].as_number().unwrap().as_f64(), 1.0);
        assert!(els[1].as_str().unwrap().eq_str("x"));
        assert_eq!(els[2].as_object().unwrap().get("b"), Some(JsonValue::Null));
        assert_eq!(o.get("n").unwrap().as_number().unwrap().as_f64(), -150.0);
        assert_eq!(o.get("t"), Some(JsonValue::Bool(true)));
        assert_eq!(o.get("zz"), None);
    }
}
