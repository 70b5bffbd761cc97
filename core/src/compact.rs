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

/// Whether `b` is in the base64url alphabet or a dot, as branch-free range tests (so that
/// the scan below compiles to SIMD compares). `b | 0x20` maps `A..=Z` onto `a..=z` and no
/// other byte into that range.
#[inline(always)]
fn is_alphabet_or_dot(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26)
        | (b.wrapping_sub(b'0') < 10)
        | (b == b'-')
        | (b == b'_')
        | (b == b'.')
}

/// The number of dots, the offsets of the first two, and whether any byte is neither a dot
/// nor in the alphabet.
#[cfg(not(target_arch = "wasm32"))]
fn scan(token: &[u8]) -> (usize, [usize; 2], bool) {
    // Per 32-byte chunk: the number of dots and whether any byte is outside the alphabet,
    // as byte lanes (`u8` counts and masks) so that LLVM emits SIMD compares.
    let lanes = |chunk: &[u8]| {
        let (mut dots, mut bad) = (0u8, 0u8);
        for &c in chunk {
            dots += u8::from(c == b'.');
            bad |= u8::from(!is_alphabet_or_dot(c));
        }
        (usize::from(dots), bad)
    };
    // The first two dots' offsets, found inside the (rare) chunks that hold a dot.
    let mut at = [0usize; 2];
    let mut found = 0usize;
    let mut note_dots = |base: usize, chunk: &[u8]| {
        for (k, &c) in chunk.iter().enumerate() {
            if c == b'.' && found < 2 {
                at[found] = base + k;
                found += 1;
            }
        }
    };
    let mut chunks = token.chunks_exact(32);
    let (mut dots, mut bad) = (0usize, 0u8);
    for (n, chunk) in (&mut chunks).enumerate() {
        let (d, b) = lanes(chunk);
        if d > 0 {
            note_dots(n * 32, chunk);
        }
        dots += d;
        bad |= b;
    }
    let rest = chunks.remainder();
    let (d, b) = lanes(rest);
    if d > 0 {
        note_dots(token.len() - rest.len(), rest);
    }
    (dots + d, at, (bad | b) != 0)
}

/// [`scan`] as one plain loop: the wasm build (no SIMD, a size budget) wants the small one.
#[cfg(target_arch = "wasm32")]
fn scan(token: &[u8]) -> (usize, [usize; 2], bool) {
    let (mut dots, mut at, mut bad) = (0usize, [0usize; 2], false);
    for (i, &c) in token.iter().enumerate() {
        if c == b'.' {
            if let Some(slot) = at.get_mut(dots) {
                *slot = i;
            }
            dots += 1;
        }
        bad |= !is_alphabet_or_dot(c);
    }
    (dots, at, bad)
}

/// Splits `token`: exactly two dots, every other byte in the base64url alphabet.
///
/// `=` gets its own error ([`Error::Padding`]) because Clerk accepts it and we do not. More
/// or fewer than two dots is [`Error::SegmentCount`], which wins over any bad byte; else the
/// first bad byte decides between [`Error::Padding`] and [`Error::InvalidCharacter`]. The fast
/// path is one branch-free pass over 32-byte chunks (count the dots, note any byte outside
/// the alphabet) that the compiler vectorizes; the slow path runs only for a token that
/// fails.
pub(crate) fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    let (dots, at, bad) = scan(token);
    if dots != 2 {
        return Err(Error::SegmentCount);
    }
    if bad {
        let first = token.iter().find(|&&b| !is_alphabet_or_dot(b)).copied();
        return Err(if first == Some(b'=') {
            Error::Padding
        } else {
            Error::InvalidCharacter
        });
    }
    let [h, p] = at;
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
        assert_eq!(split(b"a=.b.c~").unwrap_err(), Error::Padding);
        assert_eq!(split(b"a~.b.c=").unwrap_err(), Error::InvalidCharacter);
        assert_eq!(split(b"a.b.c=.").unwrap_err(), Error::SegmentCount);
        assert_eq!(split(&[b'.'; 600]).unwrap_err(), Error::SegmentCount);
        // Every byte value, in every position class, against a plain reference.
        for byte in 0..=255u8 {
            let token = [b'a', byte, b'.', b'b', b'.', b'c'];
            let alphabet = byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_';
            let expected = match byte {
                b'.' => Err(Error::SegmentCount),
                _ if alphabet => Ok(()),
                b'=' => Err(Error::Padding),
                _ => Err(Error::InvalidCharacter),
            };
            assert_eq!(split(&token).map(|_| ()), expected, "byte {byte}");
        }
        assert_eq!(split(b"a.b.\xff").unwrap_err(), Error::InvalidCharacter);
        assert_eq!(split(b"a.b+.c").unwrap_err(), Error::InvalidCharacter);
        assert_eq!(split(b" a.b.c").unwrap_err(), Error::InvalidCharacter);
        let s = split(b"ab.cd.ef").unwrap();
        assert_eq!(s.signing_input, b"ab.cd");
        assert_eq!(s.signature, b"ef");
    }
}
