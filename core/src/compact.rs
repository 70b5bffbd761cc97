//! The compact serialization: exactly three base64url segments.

use crate::Error;

/// The three segments of a compact JWS, as received (still base64url).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segments<'t> {
    pub(crate) header: &'t [u8],
    pub(crate) payload: &'t [u8],
    pub(crate) signature: &'t [u8],
    /// `header || '.' || payload`: the exact bytes the signature covers.
    pub(crate) signing_input: &'t [u8],
}

/// Whether `b` is in the base64url alphabet (`A-Z a-z 0-9 - _`).
pub(crate) const fn is_base64url(b: u8) -> bool {
    matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')
}

/// Splits `token` in one pass: exactly two dots, every other byte in the base64url alphabet.
///
/// `=` gets its own error ([`Error::Padding`]) because Clerk accepts it and we do not. The
/// scan allocates nothing and stops at the third dot.
pub(crate) fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    let mut dots = [0usize; 2];
    let mut count = 0usize;
    let mut bad = None;
    for (i, &b) in token.iter().enumerate() {
        match b {
            b'.' => {
                if count == 2 {
                    return Err(Error::SegmentCount);
                }
                dots[count] = i;
                count += 1;
            }
            b if is_base64url(b) => {}
            b'=' => bad = bad.or(Some(Error::Padding)),
            _ => bad = bad.or(Some(Error::InvalidCharacter)),
        }
    }
    if count != 2 {
        return Err(Error::SegmentCount);
    }
    if let Some(e) = bad {
        return Err(e);
    }
    let (h, p) = (dots[0], dots[1]);
    Ok(Segments {
        header: &token[..h],
        payload: &token[h + 1..p],
        signature: &token[p + 1..],
        signing_input: &token[..p],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape() {
        assert_eq!(split(b"").unwrap_err(), Error::SegmentCount);
        assert_eq!(split(b"a.b").unwrap_err(), Error::SegmentCount);
        assert_eq!(split(b"a.b.c.d").unwrap_err(), Error::SegmentCount);
        assert_eq!(split(b"a.b.").unwrap().signature, b"");
        assert_eq!(split(b"a.b.c=").unwrap_err(), Error::Padding);
        assert_eq!(split(b"a.b+.c").unwrap_err(), Error::InvalidCharacter);
        assert_eq!(split(b" a.b.c").unwrap_err(), Error::InvalidCharacter);
        let s = split(b"ab.cd.ef").unwrap();
        assert_eq!(s.signing_input, b"ab.cd");
        assert_eq!(s.signature, b"ef");
    }
}
