//! Pieces of JSON strings: Clerk packs lists into single claims (`fea`, `pla`, `o.per`,
//! `o.fpm`), and we cut them in place, without unescaping into a buffer or copying.
//!
//! Cuts happen between unescaped characters, so an escaped comma (`\u002c`) separates entries
//! exactly as it does after `JSON.parse`, and every piece is still valid escaped text.

use core::fmt;

use crate::json::Unescaped;
use crate::JsonStr;

/// A piece of a JSON string, still escaped (no quotes), cut between two characters of the
/// unescaped text.
///
/// The feature and permission names of expanded v2 permissions are such pieces. Compare with
/// [`JsonSubstr::eq_str`], read with [`JsonSubstr::chars`] (both unescape on the fly), or
/// borrow with [`JsonSubstr::as_plain`] when there are no escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonSubstr<'a>(&'a str);

impl<'a> JsonSubstr<'a> {
    /// The whole of `s`, without its quotes.
    pub(crate) fn of(s: JsonStr<'a>) -> JsonSubstr<'a> {
        JsonSubstr(s.raw())
    }

    /// The escaped text, exactly as in the JSON.
    pub fn raw(&self) -> &'a str {
        self.0
    }

    /// The piece as `&str` without copying, if it contains no escapes.
    pub fn as_plain(&self) -> Option<&'a str> {
        if self.0.contains('\\') {
            None
        } else {
            Some(self.0)
        }
    }

    /// The unescaped characters.
    pub fn chars(&self) -> Unescaped<'a> {
        Unescaped::new(self.0)
    }

    /// Whether the unescaped piece equals `s` exactly (no normalisation).
    pub fn eq_str(&self, s: &str) -> bool {
        match self.as_plain() {
            Some(plain) => plain == s,
            None => self.chars().eq(s.chars()),
        }
    }

    /// JavaScript's `str.split(sep)`: always yields at least one (possibly empty) piece.
    pub(crate) fn split(self, sep: char) -> Split<'a> {
        Split {
            rest: Some(self.0),
            sep,
        }
    }

    /// The pieces before and after the first `sep`, or `None` when there is no `sep`.
    pub(crate) fn split_once(self, sep: char) -> Option<(JsonSubstr<'a>, JsonSubstr<'a>)> {
        cut(self.0, sep).map(|(before, after)| (JsonSubstr(before), JsonSubstr(after)))
    }

    /// JavaScript's `str.trim()`: drops leading and trailing whitespace and line terminators.
    pub(crate) fn trim_js(self) -> JsonSubstr<'a> {
        let mut start = self.0;
        let mut chars = self.chars();
        while chars.next().is_some_and(is_js_whitespace) {
            start = chars.rest();
        }
        let mut end = 0;
        let mut chars = Unescaped::new(start);
        while let Some(c) = chars.next() {
            if !is_js_whitespace(c) {
                // `rest` is a suffix of `start`, so this cannot underflow.
                end = start.len().saturating_sub(chars.rest().len());
            }
        }
        JsonSubstr(start.get(..end).unwrap_or_default())
    }
}

/// Splits `text` (escaped) at the first unescaped `sep`.
fn cut(text: &str, sep: char) -> Option<(&str, &str)> {
    let mut chars = Unescaped::new(text);
    loop {
        let at = text.len().checked_sub(chars.rest().len())?;
        if chars.next()? == sep {
            return Some((text.get(..at)?, chars.rest()));
        }
    }
}

/// Characters JavaScript's `String.prototype.trim` removes: WhiteSpace (tab, VT, FF, space,
/// U+00A0, U+FEFF and the Zs category) and LineTerminator (LF, CR, U+2028, U+2029). Not the
/// same set as [`char::is_whitespace`], which has U+0085 but not U+FEFF. (`parseInt` skips
/// the same characters.)
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Iterator over the pieces of [`JsonSubstr::split`].
#[derive(Clone, Debug)]
pub(crate) struct Split<'a> {
    rest: Option<&'a str>,
    sep: char,
}

impl<'a> Iterator for Split<'a> {
    type Item = JsonSubstr<'a>;

    fn next(&mut self) -> Option<JsonSubstr<'a>> {
        let text = self.rest?;
        match cut(text, self.sep) {
            Some((piece, rest)) => {
                self.rest = Some(rest);
                Some(JsonSubstr(piece))
            }
            None => {
                self.rest = None;
                Some(JsonSubstr(text))
            }
        }
    }
}

/// Writes `chars` as a JSON string the way `JSON.stringify` does: `"` and `\` escaped, the
/// short escapes for control characters that have one, `\u00XX` for the others.
pub(crate) fn write_json_string<W: fmt::Write>(
    w: &mut W,
    chars: impl Iterator<Item = char>,
) -> fmt::Result {
    w.write_char('"')?;
    for c in chars {
        match c {
            '"' => w.write_str("\\\"")?,
            '\\' => w.write_str("\\\\")?,
            '\n' => w.write_str("\\n")?,
            '\r' => w.write_str("\\r")?,
            '\t' => w.write_str("\\t")?,
            '\u{8}' => w.write_str("\\b")?,
            '\u{c}' => w.write_str("\\f")?,
            c if c < ' ' => write!(w, "\\u{:04x}", u32::from(c))?,
            c => w.write_char(c)?,
        }
    }
    w.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{string::String, vec::Vec};

    fn with_str(json: &str, f: impl FnOnce(JsonSubstr<'_>)) {
        let doc = [r#"{"s":"#, json, "}"].concat();
        let o = crate::json::parse_object(doc.as_bytes(), 4, crate::json::Numbers::Any).unwrap();
        f(JsonSubstr::of(o.get("s").unwrap().as_str().unwrap()));
    }

    fn pieces(s: JsonSubstr<'_>, sep: char) -> Vec<String> {
        s.split(sep).map(|p| p.chars().collect()).collect()
    }

    #[test]
    fn split_like_javascript() {
        with_str(r#""""#, |s| assert_eq!(pieces(s, ','), [""]));
        with_str(r#"",""#, |s| assert_eq!(pieces(s, ','), ["", ""]));
        with_str(r#""a,b,,c""#, |s| {
            assert_eq!(pieces(s, ','), ["a", "b", "", "c"])
        });
        // An escaped comma separates, an escaped backslash before a comma does not hide it.
        with_str(r#""a\u002cb\\,c""#, |s| {
            assert_eq!(pieces(s, ','), ["a", "b\\", "c"]);
            assert_eq!(
                s.split(',').map(|p| p.raw()).collect::<Vec<_>>(),
                ["a", "b\\\\", "c"]
            );
        });
        with_str(r#""\ud83d\ude00,\u00e9""#, |s| {
            assert_eq!(pieces(s, ','), ["\u{1F600}", "é"])
        });
    }

    #[test]
    fn split_once_at_first_separator() {
        with_str(r#""o:a:b""#, |s| {
            let (scope, name) = s.split_once(':').unwrap();
            assert!(scope.eq_str("o") && name.eq_str("a:b"));
        });
        with_str(r#""nocolon""#, |s| assert!(s.split_once(':').is_none()));
        with_str(r#"":""#, |s| {
            let (scope, name) = s.split_once(':').unwrap();
            assert!(scope.eq_str("") && name.eq_str(""));
        });
    }

    #[test]
    fn trim_like_javascript() {
        with_str(r#"" \t\n a b \r\u00a0\ufeff\u2028\u3000""#, |s| {
            assert!(s.trim_js().eq_str("a b"))
        });
        with_str(r#""\u0020x\u0020""#, |s| assert_eq!(s.trim_js().raw(), "x"));
        with_str(r#""   ""#, |s| assert_eq!(s.trim_js().raw(), ""));
        // U+0085 is Unicode whitespace but not JavaScript whitespace.
        with_str(r#""\u0085x""#, |s| assert!(s.trim_js().eq_str("\u{85}x")));
    }

    #[test]
    fn writes_json_strings() {
        let mut out = String::new();
        write_json_string(&mut out, "a\"b\\c\n\u{1}\u{1f}é/\u{2028}".chars()).unwrap();
        assert_eq!(out, "\"a\\\"b\\\\c\\n\\u0001\\u001fé/\u{2028}\"");
    }
}
