//! Strict base64url (RFC 4648 §5, no padding, canonical trailing bits) into caller buffers.

use crate::Error;
use base64ct::{Base64UrlUnpadded, Encoding};

/// Bytes a canonical unpadded base64url text of `len` characters decodes to, or `None` for an
/// impossible length (1 mod 4).
pub(crate) const fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        r => Some(len / 4 * 3 + if r == 0 { 0 } else { r - 1 }),
    }
}

/// Decodes `text` into the front of `out`.
///
/// The alphabet was already checked by the compact splitter, so every failure here is a
/// non-canonical encoding ([`Error::Base64`]); a result longer than `out` is
/// [`Error::TokenTooLarge`].
pub(crate) fn decode<'o>(text: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    let len = decoded_len(text.len()).ok_or(Error::Base64)?;
    let out = out.get_mut(..len).ok_or(Error::TokenTooLarge)?;
    match Base64UrlUnpadded::decode(text, out) {
        Ok(decoded) => Ok(decoded),
        Err(_) => Err(Error::Base64),
    }
}

/// Checks that `text` is canonical unpadded base64url without keeping the bytes (for
/// segments too long to be useful, such as an oversized signature).
pub(crate) fn validate(text: &[u8]) -> Result<(), Error> {
    decoded_len(text.len()).ok_or(Error::Base64)?;
    let mut scratch = [0u8; 96];
    for chunk in text.chunks(128) {
        decode(chunk, &mut scratch)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_canonical_trailing_bits_and_impossible_lengths() {
        let mut buf = [0u8; 8];
        assert_eq!(decode(b"QQ", &mut buf), Ok(&b"A"[..]));
        assert_eq!(decode(b"QR", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"QUJ", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"A", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"QUJDQUJDQUJD", &mut buf), Err(Error::TokenTooLarge));
        assert_eq!(validate(b"QUI"), Ok(()));
        assert_eq!(validate(b"QUJ"), Err(Error::Base64));
    }
}
