//! Strict base64url (RFC 4648 §5, no padding, canonical trailing bits) into caller buffers.
//!
//! A table-driven decoder, four characters to three bytes per step with one validity test
//! per step. Token segments are public data (the signature check does not depend on how
//! fast they decode), so the decoder is not constant-time; secrets (HMAC keys) never pass
//! through it at verification. `base64ct` remains the reference in the tests below, which
//! compare both decoders on every length and on random inputs.

use crate::Error;

/// Marks a byte outside the base64url alphabet in [`DECODE`].
const INVALID: u8 = 0x80;

/// The 6-bit value of each base64url character, [`INVALID`] for every other byte.
const DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = i as u8;
        t[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        t[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    t[b'-' as usize] = 62;
    t[b'_' as usize] = 63;
    t
};

/// [`DECODE`] with each 6-bit value already at its place in a group of four characters
/// (`SHIFTED[k][c]` is the value of `c` as the `k`-th character of the group, in bits
/// `18 - 6k ..`) and bit 31 set for bytes outside the alphabet: a group decodes with four
/// lookups and three ORs. Native builds only (4 KiB; the size-budgeted wasm build keeps
/// the shift loop over [`DECODE`]).
#[cfg(not(target_arch = "wasm32"))]
static SHIFTED: [[u32; 256]; 4] = {
    let mut t = [[0u32; 256]; 4];
    let mut c = 0;
    while c < 256 {
        let v = DECODE[c];
        let mut k = 0;
        while k < 4 {
            t[k][c] = if v == INVALID {
                1 << 31
            } else {
                (v as u32) << (18 - 6 * k)
            };
            k += 1;
        }
        c += 1;
    }
    t
};

/// Bytes a canonical unpadded base64url text of `len` characters decodes to, or `None` for an
/// impossible length (1 mod 4).
pub(crate) const fn decoded_len(len: usize) -> Option<usize> {
    match len % 4 {
        1 => None,
        r => Some(len / 4 * 3 + if r == 0 { 0 } else { r - 1 }),
    }
}

/// Checks the encoding of a segment whose bytes are all in the alphabet (as
/// [`crate::compact`] leaves them) without decoding it: what can still be wrong is its length
/// (1 mod 4) and the trailing bits of its last character, both [`Error::Base64`]. O(1).
pub(crate) fn check_canonical(text: &[u8]) -> Result<(), Error> {
    let unused_bits_mask = match text.len() % 4 {
        0 => return Ok(()),
        1 => return Err(Error::Base64),
        2 => 0x0f,
        _ => 0x03,
    };
    let last = match text.last() {
        Some(&c @ b'A'..=b'Z') => c - b'A',
        Some(&c @ b'a'..=b'z') => c - b'a' + 26,
        Some(&c @ b'0'..=b'9') => c - b'0' + 52,
        Some(b'-') => 62,
        _ => 63,
    };
    if last & unused_bits_mask == 0 {
        Ok(())
    } else {
        Err(Error::Base64)
    }
}

/// Decodes `text` into the front of `out`.
///
/// Any byte outside the alphabet, an impossible length or non-zero trailing bits is
/// [`Error::Base64`]; a result longer than `out` is [`Error::TokenTooLarge`].
pub(crate) fn decode<'o>(text: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    let len = decoded_len(text.len()).ok_or(Error::Base64)?;
    let out = out.get_mut(..len).ok_or(Error::TokenTooLarge)?;
    let full = text.len() / 4;
    let (body, tail) = text.split_at(full * 4);
    let (out_body, out_tail) = out.split_at_mut(full * 3);
    let mut invalid = 0u8;
    // Eight characters to six bytes per step through the pre-shifted tables, then the last
    // group of four if any. (The size-budgeted wasm build keeps only the four-character
    // loop.)
    #[cfg(not(target_arch = "wasm32"))]
    let (body, out_body) = {
        let mut src8 = body.chunks_exact(8);
        let mut dst6 = out_body.chunks_exact_mut(6);
        let group = |g: &[u8]| {
            SHIFTED[0][usize::from(g[0])]
                | SHIFTED[1][usize::from(g[1])]
                | SHIFTED[2][usize::from(g[2])]
                | SHIFTED[3][usize::from(g[3])]
        };
        let mut bad = 0u32;
        for (src, dst) in (&mut src8).zip(&mut dst6) {
            let (hi, lo) = (group(&src[..4]), group(&src[4..]));
            bad |= hi | lo;
            let w = u64::from(hi) << 24 | u64::from(lo);
            dst.copy_from_slice(&w.to_be_bytes()[2..]);
        }
        if bad >> 31 != 0 {
            return Err(Error::Base64);
        }
        (src8.remainder(), dst6.into_remainder())
    };
    for (src, dst) in body.chunks_exact(4).zip(out_body.chunks_exact_mut(3)) {
        let mut w = 0u32;
        for &c in src {
            let v = DECODE[usize::from(c)];
            invalid |= v;
            w = w << 6 | u32::from(v);
        }
        dst.copy_from_slice(&w.to_be_bytes()[1..]);
    }
    match *tail {
        [] => {}
        [x, y] => {
            let (a, b) = (DECODE[usize::from(x)], DECODE[usize::from(y)]);
            // The last character carries 2 bits of data and 4 zero bits.
            invalid |= a | b | if b & 0x0f != 0 { INVALID } else { 0 };
            out_tail[0] = a << 2 | b >> 4;
        }
        [x, y, z] => {
            let (a, b, c) = (
                DECODE[usize::from(x)],
                DECODE[usize::from(y)],
                DECODE[usize::from(z)],
            );
            // The last character carries 4 bits of data and 2 zero bits.
            invalid |= a | b | c | if c & 0x03 != 0 { INVALID } else { 0 };
            out_tail[0] = a << 2 | b >> 4;
            out_tail[1] = b << 4 | c >> 2;
        }
        _ => return Err(Error::Base64), // unreachable: the length was checked above
    }
    if invalid & INVALID != 0 {
        return Err(Error::Base64);
    }
    Ok(out)
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
    use base64ct::{Base64UrlUnpadded, Encoding};

    #[test]
    fn rejects_non_canonical_trailing_bits_and_impossible_lengths() {
        let mut buf = [0u8; 8];
        assert_eq!(decode(b"QQ", &mut buf), Ok(&b"A"[..]));
        assert_eq!(decode(b"QR", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"QUJ", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"A", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"QUJDQUJDQUJD", &mut buf), Err(Error::TokenTooLarge));
        assert_eq!(decode(b"QU=D", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"QU+D", &mut buf), Err(Error::Base64));
        assert_eq!(decode(b"", &mut buf), Ok(&b""[..]));
        assert_eq!(validate(b"QUI"), Ok(()));
        // Without decoding: the same verdicts on alphabet-only text.
        for text in [
            &b"QQ"[..],
            b"QR",
            b"QUJ",
            b"QUI",
            b"A",
            b"",
            b"QUJD",
            b"_w",
            b"_x",
            b"__8",
        ] {
            assert_eq!(
                check_canonical(text),
                validate(text),
                "{}",
                core::str::from_utf8(text).unwrap()
            );
        }
        assert_eq!(validate(b"QUJ"), Err(Error::Base64));
    }

    /// The reference: base64ct's constant-time strict decoder.
    fn reference(text: &[u8], out: &mut [u8]) -> Result<usize, ()> {
        Base64UrlUnpadded::decode(text, out)
            .map(|d| d.len())
            .map_err(|_| ())
    }

    fn compare(text: &[u8]) {
        let (mut ours, mut theirs) = ([0u8; 64], [0u8; 64]);
        let a = decode(text, &mut ours).map(<[u8]>::len).map_err(|_| ());
        let b = reference(text, &mut theirs);
        assert_eq!(a, b, "{:?}", core::str::from_utf8(text));
        if let Ok(n) = a {
            assert_eq!(ours[..n], theirs[..n]);
        }
    }

    #[test]
    fn agrees_with_base64ct_on_every_short_input_and_random_ones() {
        // Every 1-, 2- and 3-character text over all 256 byte values... of the last
        // position, behind valid prefixes of each length class.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for prefix_len in 0..8 {
            let mut text = [b'A'; 9];
            for (i, t) in text.iter_mut().take(prefix_len).enumerate() {
                *t = alphabet[(i * 7 + 3) % 64];
            }
            for last in 0..=255u8 {
                text[prefix_len] = last;
                compare(&text[..=prefix_len]);
            }
        }
        // Random texts (xorshift), mostly valid characters, some not.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 60) as usize;
            let mut text = [0u8; 60];
            let mut y = x;
            for t in text.iter_mut().take(len) {
                y = y.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let r = (y >> 33) as usize;
                *t = if r % 97 == 0 {
                    (r >> 8) as u8
                } else {
                    alphabet[r % 64]
                };
            }
            compare(&text[..len]);
        }
    }
}
