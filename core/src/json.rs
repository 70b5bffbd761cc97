//! Strict JSON: one validating pass, then borrowed navigation over the validated text.
//!
//! The validator is iterative (no recursion, so hostile nesting cannot overflow the stack) and
//! enforces: UTF-8 (no BOM), the RFC 8259 grammar, a depth limit, valid escapes (no lone
//! surrogates), and unique member names in every object, compared after unescaping.
//! Navigation types ([`JsonObject`], [`JsonValue`], ...) can only be obtained from validated
//! text, so they never meet a syntax error.

use crate::limits::{MAX_JSON_DEPTH_CAP, MAX_TRACKED_MEMBERS};
use crate::Error;

/// Which JSON numbers a document may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbers {
    /// Any that RFC 8259 allows, also beyond binary64 (`1e400`, Infinity to `JSON.parse`):
    /// claims, whose numbers the verifier reads itself where it must (time claims refuse
    /// non-finite values).
    Any,
    /// Only those binary64 represents as finite: the JOSE header (security.md, step 4).
    Finite,
}

/// Validates `input` as a JSON document whose top-level value is an object.
pub(crate) fn parse_object(
    input: &[u8],
    max_depth: usize,
    numbers: Numbers,
) -> Result<JsonObject<'_>, Error> {
    parse_object_with(input, max_depth, numbers, &mut |_, _| {})
}

/// [`parse_object`], then calls `visit` with each top-level member in document order, from
/// spans the validator recorded on its way (no second scan of the text). `visit` runs only
/// for a valid document. (A `dyn` visitor: one copy of this code for every caller, which
/// the size-budgeted wasm build needs more than the few nanoseconds of indirect calls.)
pub(crate) fn parse_object_with<'a>(
    input: &'a [u8],
    max_depth: usize,
    numbers: Numbers,
    visit: &mut dyn FnMut(JsonStr<'a>, JsonValue<'a>),
) -> Result<JsonObject<'a>, Error> {
    let text = core::str::from_utf8(input).map_err(|_| Error::InvalidUtf8)?;
    let max_depth = max_depth.min(MAX_JSON_DEPTH_CAP);
    // Most documents never have more than a few dozen member names open at once: try with
    // a small stack first, and only a document that needs more is validated again with the
    // full one (the outcome is the same either way, only the stack size differs).
    // (The stack is a slice, so that one copy of the validator serves both sizes: the wasm
    // build counts bytes.)
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut small = [EMPTY_NAME; SMALL_NAME_STACK];
        let mut names = NameStack::new(text, &mut small);
        match validate(text, max_depth, numbers, &mut names) {
            Err(Error::TooManyMembers) => {}
            other => return finish(text, other?, names.top_level(), visit),
        }
    }
    // The full stack: a document with many names open at once (and, always, the wasm
    // build, which counts bytes of code rather than nanoseconds).
    let mut full = [EMPTY_NAME; MAX_TRACKED_MEMBERS];
    let mut names = NameStack::new(text, &mut full);
    let start = validate(text, max_depth, numbers, &mut names)?;
    finish(text, start, names.top_level(), visit)
}

/// The top-level object at `start`, after visiting its members.
fn finish<'a>(
    text: &'a str,
    start: usize,
    members: &[Name],
    visit: &mut dyn FnMut(JsonStr<'a>, JsonValue<'a>),
) -> Result<JsonObject<'a>, Error> {
    if text.as_bytes()[start] != b'{' {
        return Err(Error::NotAnObject);
    }
    for n in members {
        let name = JsonStr(&text[n.start as usize..n.end as usize]);
        visit(
            name,
            JsonValue::from_raw(&text[n.value_start as usize..n.value_end as usize]),
        );
    }
    // The object's text runs to its closing brace: the document minus trailing whitespace.
    let b = text.as_bytes();
    let mut end = b.len();
    while end > start && matches!(b[end - 1], b' ' | b'\t' | b'\n' | b'\r') {
        end -= 1;
    }
    Ok(JsonObject {
        raw: &text[start..end],
    })
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

/// A member name on the stack, with its value's span once known (kept for top-level
/// members, which [`parse_object_with`] visits).
#[derive(Clone, Copy)]
struct Name {
    start: u32,
    end: u32,
    hash: u32,
    value_start: u32,
    value_end: u32,
}

const EMPTY_NAME: Name = Name {
    start: 0,
    end: 0,
    hash: 0,
    value_start: 0,
    value_end: 0,
};

/// Capacity of the first-try name stack (see [`parse_object_with`]).
#[cfg(not(target_arch = "wasm32"))]
const SMALL_NAME_STACK: usize = 32;

/// Member names of the open objects, for duplicate detection without a heap.
struct NameStack<'a, 's> {
    text: &'a str,
    names: &'s mut [Name],
    len: usize,
}

/// A cheap key of a member name's unescaped text: its length in UTF-8 bytes and its first
/// four bytes. Equal names have equal keys whether written with escapes or not, so unequal
/// keys prove two names differ; equal keys lead to a full comparison.
fn name_key(raw: JsonStr<'_>) -> u32 {
    let (mut first, mut len) = ([0u8; 4], 0usize);
    for c in raw.chars() {
        let mut utf8 = [0u8; 4];
        for &b in c.encode_utf8(&mut utf8).as_bytes() {
            if let Some(slot) = first.get_mut(len) {
                *slot = b;
            }
            len += 1;
        }
    }
    key_of(len, first)
}

/// [`name_key`] of a name without escapes (its text between the quotes).
fn plain_key(plain: &str) -> u32 {
    // Shifts, not a byte copy: LLVM turns a short variable-length copy into a memcpy call,
    // and the load that follows it stalls on store forwarding (a third of this stage).
    let first = plain
        .bytes()
        .take(4)
        .enumerate()
        .fold(0u32, |w, (k, b)| w | u32::from(b) << (8 * k));
    key_of(plain.len(), first.to_le_bytes())
}

fn key_of(len: usize, first: [u8; 4]) -> u32 {
    u32::from_le_bytes(first) ^ (len as u32) << 24
}

impl<'a, 's> NameStack<'a, 's> {
    fn new(text: &'a str, names: &'s mut [Name]) -> Self {
        NameStack {
            text,
            names,
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// The members of the top-level object, once validation succeeded.
    fn top_level(&self) -> &[Name] {
        &self.names[..self.len]
    }

    fn push(&mut self, base: usize, start: usize, end: usize, plain: bool) -> Result<(), Error> {
        let raw = JsonStr(&self.text[start..end]);
        let hash = if plain {
            plain_key(raw.raw())
        } else {
            name_key(raw)
        };
        for n in self.names.get(base..self.len).unwrap_or(&[]) {
            if n.hash == hash {
                let other = JsonStr(&self.text[n.start as usize..n.end as usize]);
                let same = match (other.as_plain(), raw.as_plain()) {
                    (Some(a), Some(b)) => a == b,
                    _ => other.chars().eq(raw.chars()),
                };
                if same {
                    return Err(Error::DuplicateMember);
                }
            }
        }
        let slot = self.names.get_mut(self.len).ok_or(Error::TooManyMembers)?;
        *slot = Name {
            start: start as u32,
            end: end as u32,
            hash,
            value_start: end as u32,
            value_end: end as u32,
        };
        self.len += 1;
        Ok(())
    }

    /// The value of the newest member starts at `start`.
    fn value_starts(&mut self, start: usize) {
        if let Some(n) = self.len.checked_sub(1).and_then(|i| self.names.get_mut(i)) {
            n.value_start = start as u32;
        }
    }

    /// The value of the newest member ends at `end`.
    fn value_ends(&mut self, end: usize) {
        if let Some(n) = self.len.checked_sub(1).and_then(|i| self.names.get_mut(i)) {
            n.value_end = end as u32;
        }
    }
}

/// Validates the whole document; returns the offset of the top-level value. On success,
/// `names` holds the top-level object's members with their value spans.
fn validate(
    text: &str,
    max_depth: usize,
    numbers: Numbers,
    names: &mut NameStack<'_, '_>,
) -> Result<usize, Error> {
    let b = text.as_bytes();
    if b.len() > u32::MAX as usize {
        return Err(Error::TokenTooLarge);
    }
    let mut bases = [0u16; MAX_JSON_DEPTH_CAP];
    let mut objects: u64 = 0; // bit d set: the container at depth d is an object
    let mut depth = 0usize;
    let top = skip_ws(b, 0);
    let mut i = top;
    loop {
        // A value starts at `i`.
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
                // At most MAX_TRACKED_MEMBERS (256) names: fits u16.
                bases[depth] = names.len() as u16;
                depth += 1;
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(if is_object { &b'}' } else { &b']' }) {
                    i += 1;
                    depth -= 1;
                    if depth > 0 {
                        names.truncate(usize::from(bases[depth]));
                    }
                } else if is_object {
                    i = member_name(b, i, names, usize::from(bases[depth - 1]))?;
                    continue;
                } else {
                    continue;
                }
            }
            Some(b'"') => i = string_end(b, i)?,
            Some(b'-' | b'0'..=b'9') => {
                let end = number_end(b, i)?;
                if numbers == Numbers::Finite && overflows_binary64(&text[i..end]) {
                    return Err(Error::JsonSyntax);
                }
                i = end;
            }
            Some(b't') => i = literal_end(b, i, b"true")?,
            Some(b'f') => i = literal_end(b, i, b"false")?,
            Some(b'n') => i = literal_end(b, i, b"null")?,
            _ => return Err(Error::JsonSyntax),
        }
        // After a value: close containers or move to the next element.
        loop {
            if depth == 1 && objects & 1 != 0 {
                // A member of the top-level object just ended (a scalar, or a container that
                // closed back to depth 1).
                names.value_ends(i);
            }
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
                    i = member_name(b, skip_ws(b, i + 1), names, usize::from(bases[depth - 1]))?;
                    break;
                }
                (Some(b','), false) => {
                    i = skip_ws(b, i + 1);
                    break;
                }
                (Some(b'}'), true) | (Some(b']'), false) => {
                    i += 1;
                    depth -= 1;
                    // The top-level object's names stay: they are its members.
                    if depth > 0 {
                        names.truncate(usize::from(bases[depth]));
                    }
                }
                _ => return Err(Error::JsonSyntax),
            }
        }
    }
}

/// Parses `"name" :` at `i`, records the name, returns the offset of the member's value.
fn member_name(
    b: &[u8],
    i: usize,
    names: &mut NameStack<'_, '_>,
    base: usize,
) -> Result<usize, Error> {
    if b.get(i) != Some(&b'"') {
        return Err(Error::JsonSyntax);
    }
    let (end, plain) = string_end_plain(b, i)?;
    names.push(base, i, end, plain)?; // a duplicate is reported before a missing colon
    let colon = skip_ws(b, end);
    if b.get(colon) != Some(&b':') {
        return Err(Error::JsonSyntax);
    }
    let value = skip_ws(b, colon + 1);
    names.value_starts(value);
    Ok(value)
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

/// The offset of the first byte at or after `i` that is a quote, a backslash or a control
/// character (or `b.len()`): eight bytes per step (SWAR), then byte by byte.
#[inline]
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    #[cfg(not(target_arch = "wasm32"))] // the size-budgeted wasm build keeps the byte loop
    {
        i = skip_plain_words(b, i);
    }
    while let Some(&c) = b.get(i) {
        if c == b'"' || c == b'\\' || c < 0x20 {
            break;
        }
        i += 1;
    }
    i
}

/// The SWAR part of [`skip_plain`]: whole 8-byte words without a special byte.
#[cfg(not(target_arch = "wasm32"))]
#[inline]
fn skip_plain_words(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero iff the matching byte of `has_zero(v)` has its high bit set
    // (the classic test; borrows can only mark bytes after a true zero byte).
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        // Quote, backslash, or below 0x20 (bytes >= 0x80 never match the last test: their
        // high bit is masked out by `!v`).
        let special = has_zero(v ^ (ONES * u64::from(b'"')))
            | has_zero(v ^ (ONES * u64::from(b'\\')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if special != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// `b[i]` is the opening quote; returns the offset after the closing quote.
fn string_end(b: &[u8], i: usize) -> Result<usize, Error> {
    string_end_plain(b, i).map(|(end, _)| end)
}

/// [`string_end`], and whether the string has no escape.
#[inline]
fn string_end_plain(b: &[u8], i: usize) -> Result<(usize, bool), Error> {
    let first = skip_plain(b, i + 1);
    if b.get(first) == Some(&b'"') {
        return Ok((first + 1, true));
    }
    string_end_escaped(b, first).map(|end| (end, false))
}

/// The rest of a string from `i` (inside it), escapes included.
fn string_end_escaped(b: &[u8], mut i: usize) -> Result<usize, Error> {
    loop {
        i = skip_plain(b, i);
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

/// Whether a number token (already valid) is too large for binary64. Only a token with an
/// exponent, or with more digits than the largest finite double has, can be: the others are
/// not parsed at all.
fn overflows_binary64(number: &str) -> bool {
    (number.len() > 309 || number.bytes().any(|c| c == b'e' || c == b'E'))
        && number.parse::<f64>().is_ok_and(f64::is_infinite)
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
        i = skip_plain(b, i);
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
        JsonValue::spanning(text, i).0
    }

    /// The value whose exact text is `raw` (validated; no scan).
    fn from_raw(raw: &'a str) -> JsonValue<'a> {
        match raw.as_bytes().first() {
            Some(b'{') => JsonValue::Object(JsonObject { raw }),
            Some(b'[') => JsonValue::Array(JsonArray { raw }),
            Some(b'"') => JsonValue::String(JsonStr(raw)),
            Some(b't') => JsonValue::Bool(true),
            Some(b'f') => JsonValue::Bool(false),
            Some(b'n') => JsonValue::Null,
            _ => JsonValue::Number(JsonNumber(raw)),
        }
    }

    /// The value starting at `i` and the offset just after it (one scan for both).
    fn spanning(text: &'a str, i: usize) -> (JsonValue<'a>, usize) {
        let b = text.as_bytes();
        let end = value_end(b, i);
        let raw = &text[i..end];
        let value = match b[i] {
            b'{' => JsonValue::Object(JsonObject { raw }),
            b'[' => JsonValue::Array(JsonArray { raw }),
            b'"' => JsonValue::String(JsonStr(raw)),
            b't' => JsonValue::Bool(true),
            b'f' => JsonValue::Bool(false),
            b'n' => JsonValue::Null,
            _ => JsonValue::Number(JsonNumber(raw)),
        };
        (value, end)
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
        // Names and values are short: a byte loop beats a searcher's setup.
        if raw.bytes().any(|b| b == b'\\') {
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
    /// The object whose exact text is `raw`, which must be a byte-for-byte copy of the text
    /// of an object this module validated (the token cache's entries); no scan.
    pub(crate) fn from_validated(raw: &'a str) -> JsonObject<'a> {
        JsonObject { raw }
    }

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
        let (value, end) = JsonValue::spanning(self.text, v);
        let after = skip_ws(b, end);
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
        let (value, end) = JsonValue::spanning(self.text, i);
        let after = skip_ws(b, end);
        self.pos = if b.get(after) == Some(&b',') {
            after + 1
        } else {
            b.len()
        };
        Some(value)
    }
}

/// Where a JSON value sits in its document, without the borrow: lets the token cache keep
/// a verified token's views and re-create them over a copy of the same text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ValueSpan {
    kind: u8,
    start: u32,
    end: u32,
}

const SPAN_ABSENT: u8 = 0;
const SPAN_NULL: u8 = 1;
const SPAN_TRUE: u8 = 2;
const SPAN_FALSE: u8 = 3;
const SPAN_NUMBER: u8 = 4;
const SPAN_STRING: u8 = 5;
const SPAN_ARRAY: u8 = 6;
const SPAN_OBJECT: u8 = 7;

impl ValueSpan {
    /// An absent member.
    pub(crate) const ABSENT: ValueSpan = ValueSpan {
        kind: SPAN_ABSENT,
        start: 0,
        end: 0,
    };

    /// The span of `value` within `base` (`None` if its text is not inside `base`).
    pub(crate) fn of(value: Option<JsonValue<'_>>, base: &str) -> Option<ValueSpan> {
        let (kind, raw) = match value {
            None => return Some(ValueSpan::default()),
            Some(JsonValue::Null) => (SPAN_NULL, None),
            Some(JsonValue::Bool(true)) => (SPAN_TRUE, None),
            Some(JsonValue::Bool(false)) => (SPAN_FALSE, None),
            Some(JsonValue::Number(n)) => (SPAN_NUMBER, Some(n.0)),
            Some(JsonValue::String(s)) => (SPAN_STRING, Some(s.0)),
            Some(JsonValue::Array(a)) => (SPAN_ARRAY, Some(a.raw)),
            Some(JsonValue::Object(o)) => (SPAN_OBJECT, Some(o.raw)),
        };
        let Some(raw) = raw else {
            return Some(ValueSpan {
                kind,
                start: 0,
                end: 0,
            });
        };
        // Offsets from addresses (safe: no pointer is dereferenced), checked to lie inside.
        let start = (raw.as_ptr() as usize).checked_sub(base.as_ptr() as usize)?;
        let end = start.checked_add(raw.len())?;
        if end > base.len() || base.get(start..end) != Some(raw) {
            return None;
        }
        Some(ValueSpan {
            kind,
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// The value over `base`, a byte-for-byte copy of the text the span was taken from
    /// (`None` for an absent member, or if `base` is too short).
    pub(crate) fn resolve(self, base: &str) -> Option<JsonValue<'_>> {
        let raw = || base.get(self.start as usize..self.end as usize);
        Some(match self.kind {
            SPAN_ABSENT => return None,
            SPAN_NULL => JsonValue::Null,
            SPAN_TRUE => JsonValue::Bool(true),
            SPAN_FALSE => JsonValue::Bool(false),
            SPAN_NUMBER => JsonValue::Number(JsonNumber(raw()?)),
            SPAN_STRING => JsonValue::String(JsonStr(raw()?)),
            SPAN_ARRAY => JsonValue::Array(JsonArray { raw: raw()? }),
            _ => JsonValue::Object(JsonObject { raw: raw()? }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) -> Result<(), Error> {
        parse_object(s.as_bytes(), 32, Numbers::Any).map(|_| ())
    }

    #[test]
    fn finite_numbers_refuse_only_what_overflows_binary64() {
        let digits = "9".repeat(400);
        let finite = |n: &str| {
            let doc = std::format!(r#"{{"x":[{n}]}}"#);
            parse_object(doc.as_bytes(), 32, Numbers::Finite).map(|_| ())
        };
        for n in ["1e400", "-1e400", "1E309", "2e308", &digits] {
            assert_eq!(finite(n), Err(Error::JsonSyntax), "{n}");
            assert_eq!(check(&std::format!(r#"{{"x":{n}}}"#)), Ok(()), "{n}");
        }
        let small = std::format!("0.{digits}");
        for n in [
            "1e308",
            "1.7976931348623157e308",
            "-1e-400",
            "0",
            "1e-999",
            &small,
        ] {
            assert_eq!(finite(n), Ok(()), "{n}");
        }
    }

    #[test]
    fn skip_plain_stops_where_a_byte_loop_stops() {
        let naive = |b: &[u8], mut i: usize| {
            while i < b.len() && !(b[i] == b'"' || b[i] == b'\\' || b[i] < 0x20) {
                i += 1;
            }
            i
        };
        for special in 0..=255u8 {
            for pos in 0..40 {
                let mut text = [b'a'; 40];
                text[pos] = special;
                for start in [0, 1, 7, 8, 9] {
                    let (ours, theirs) = (skip_plain(&text, start), naive(&text, start));
                    assert_eq!(ours, theirs, "{special} at {pos}");
                }
            }
        }
        let utf8 = "\u{e9}\u{1F600}\u{7f}\u{80}x\"\u{e9}".as_bytes();
        assert_eq!(skip_plain(utf8, 0), naive(utf8, 0));
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
            parse_object(b"{\"a\":\"\xc0\xaf\"}", 32, Numbers::Any).unwrap_err(),
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
        let o = parse_object(br#"{"s\u0075b":"\ud83d\ude00\/x"}"#, 32, Numbers::Any).unwrap();
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
        assert_eq!(
            parse_object(&s[..len], 32, Numbers::Any).map(|_| ()),
            Ok(())
        );
        let len = doc(32, &mut s);
        assert_eq!(
            parse_object(&s[..len], 32, Numbers::Any).map(|_| ()),
            Err(Error::JsonTooDeep)
        );
    }

    #[test]
    fn name_keys_of_equal_names_are_equal() {
        let pairs = [
            (r#""sub""#, r#""s\u0075b""#),
            (r#""\u00e9t\u00e9""#, "\"\u{e9}t\u{e9}\""),
            (r#""\ud83d\ude00x""#, "\"\u{1F600}x\""),
            (r#""a\/b""#, r#""a/b""#),
            (r#""""#, r#""""#),
        ];
        for (a, b) in pairs {
            assert_eq!(name_key(JsonStr(a)), name_key(JsonStr(b)), "{a} {b}");
            if !b.contains('\\') {
                assert_eq!(name_key(JsonStr(a)), plain_key(&b[1..b.len() - 1]));
            }
            let doc = std::format!("{{{a}:1,{b}:2}}");
            assert_eq!(check(&doc), Err(Error::DuplicateMember), "{doc}");
        }
        assert_ne!(
            name_key(JsonStr(r#""org_id""#)),
            name_key(JsonStr(r#""org_role""#))
        );
        assert_eq!(check(r#"{"org_slug":1,"org_role":2}"#), Ok(()));
    }

    #[test]
    fn visited_members_are_the_members() {
        for doc in [
            r#"{}"#,
            r#" { "a" : [1, {"x":{}} ] , "b":{"c":"d\"}"},"e":-1.5e3,"f":true,"g":null,"h":"" } "#,
            r#"{"o":{"a":1,"b":2},"o2":{},"arr":[],"s\u0075b":"x"}"#,
        ] {
            let mut seen = std::vec::Vec::new();
            let o = parse_object_with(doc.as_bytes(), 32, Numbers::Any, &mut |n, v| {
                seen.push((n, v))
            })
            .unwrap();
            let members: std::vec::Vec<_> = o.members().collect();
            assert_eq!(seen, members, "{doc}");
            assert_eq!(Some(o), validated_object(doc));
        }
        // Many members (past the small stack): the same, through the full stack.
        let mut doc = std::string::String::from("{");
        for i in 0..100 {
            doc.push_str(&std::format!(r#""k{i}":{{"n{i}":[{i}]}},"#));
        }
        doc.push_str(r#""last":0}"#);
        let mut seen = 0;
        let o = parse_object_with(doc.as_bytes(), 32, Numbers::Any, &mut |_, _| seen += 1).unwrap();
        assert_eq!(seen, 101);
        assert_eq!(o.members().count(), 101);
        let too_many = std::format!(
            "{{{}}}",
            (0..300)
                .map(|i| std::format!(r#""k{i}":0"#))
                .collect::<std::vec::Vec<_>>()
                .join(",")
        );
        assert_eq!(check(&too_many), Err(Error::TooManyMembers));
        assert_eq!(check(r#"{"a":1,"a"}"#), Err(Error::DuplicateMember));
    }

    #[test]
    fn navigation() {
        let o = parse_object(
            br#"{"a":[1,"x",{"b":null}],"n":-1.5e2,"t":true}"#,
            32,
            Numbers::Any,
        )
        .unwrap();
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
