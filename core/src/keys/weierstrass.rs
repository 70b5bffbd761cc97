//! EC public points on P-256 and P-384, checked at load.
//!
//! A point is on its curve when `y^2 = x^3 - 3x + b (mod p)` with `x, y < p`. Checking this
//! when a key is configured (security.md §1.10, Wycheproof `json_web_key` "invalid point")
//! turns a corrupted or hostile key into [`crate::Error::KeyInvalidPoint`] at load instead
//! of a key that silently verifies nothing. The point at infinity has no uncompressed
//! encoding, and `(0, 0)` is not on either curve (`b != 0`).
//!
//! The arithmetic works on public data only, so it is not constant-time: 384-bit numbers as
//! six little-endian 64-bit limbs, multiplication by double-and-add (about 400 modular
//! additions per product, a few products per key, at load only).

use super::KeyFamily;

/// A number below 2^384, least significant limb first.
type Limbs = [u64; 6];

struct Curve {
    p: Limbs,
    b: Limbs,
}

/// P-256 (FIPS 186-4 D.1.2.3): p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
const P256: Curve = Curve {
    p: [
        0xffff_ffff_ffff_ffff,
        0x0000_0000_ffff_ffff,
        0x0000_0000_0000_0000,
        0xffff_ffff_0000_0001,
        0,
        0,
    ],
    b: [
        0x3bce_3c3e_27d2_604b,
        0x651d_06b0_cc53_b0f6,
        0xb3eb_bd55_7698_86bc,
        0x5ac6_35d8_aa3a_93e7,
        0,
        0,
    ],
};

/// P-384 (FIPS 186-4 D.1.2.4): p = 2^384 - 2^128 - 2^96 + 2^32 - 1.
const P384: Curve = Curve {
    p: [
        0x0000_0000_ffff_ffff,
        0xffff_ffff_0000_0000,
        0xffff_ffff_ffff_fffe,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
    ],
    b: [
        0x2a85_c8ed_d3ec_2aef,
        0xc656_398d_8a2e_d19d,
        0x0314_088f_5013_875a,
        0x181d_9c6e_fe81_4112,
        0x988e_056b_e3f8_2d19,
        0xb331_2fa7_e23e_e7e4,
    ],
};

/// Whether the affine point `(x, y)`, each coordinate big-endian and of the curve's size,
/// lies on the curve of `family` (false for any family but P-256 and P-384).
pub(crate) fn is_on_curve(family: KeyFamily, x: &[u8], y: &[u8]) -> bool {
    let curve = match family {
        KeyFamily::EcP256 => &P256,
        KeyFamily::EcP384 => &P384,
        _ => return false,
    };
    let (Some(x), Some(y)) = (from_be_bytes(x), from_be_bytes(y)) else {
        return false;
    };
    let p = &curve.p;
    if !less_than(&x, p) || !less_than(&y, p) {
        return false;
    }
    let y2 = mul_mod(&y, &y, p);
    let x3 = mul_mod(&mul_mod(&x, &x, p), &x, p);
    let three_x = add_mod(&add_mod(&x, &x, p), &x, p);
    let rhs = add_mod(&sub_mod(&x3, &three_x, p), &curve.b, p);
    y2 == rhs
}

/// Big-endian bytes (at most 48) as limbs.
fn from_be_bytes(bytes: &[u8]) -> Option<Limbs> {
    if bytes.len() > 48 {
        return None;
    }
    let mut limbs = [0u64; 6];
    for (i, byte) in bytes.iter().rev().enumerate() {
        limbs[i / 8] |= u64::from(*byte) << (8 * (i % 8));
    }
    Some(limbs)
}

fn less_than(a: &Limbs, b: &Limbs) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a + b` and the carry out of the top limb.
fn add(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut sum = [0u64; 6];
    let mut carry = false;
    for i in 0..6 {
        let (s, c1) = a[i].overflowing_add(b[i]);
        let (s, c2) = s.overflowing_add(u64::from(carry));
        sum[i] = s;
        carry = c1 || c2;
    }
    (sum, carry)
}

/// `a - b` modulo 2^384 and whether it borrowed (`a < b`).
fn sub(a: &Limbs, b: &Limbs) -> (Limbs, bool) {
    let mut diff = [0u64; 6];
    let mut borrow = false;
    for i in 0..6 {
        let (d, b1) = a[i].overflowing_sub(b[i]);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        diff[i] = d;
        borrow = b1 || b2;
    }
    (diff, borrow)
}

/// `(a + b) mod p` for `a, b < p`: the sum is below `2p`, so one subtraction reduces it.
fn add_mod(a: &Limbs, b: &Limbs, p: &Limbs) -> Limbs {
    let (sum, carry) = add(a, b);
    if carry || !less_than(&sum, p) {
        sub(&sum, p).0
    } else {
        sum
    }
}

/// `(a - b) mod p` for `a, b < p`.
fn sub_mod(a: &Limbs, b: &Limbs, p: &Limbs) -> Limbs {
    let (diff, borrow) = sub(a, b);
    if borrow {
        add(&diff, p).0
    } else {
        diff
    }
}

/// `(a * b) mod p` for `a, b < p`, by double-and-add over the bits of `b`.
fn mul_mod(a: &Limbs, b: &Limbs, p: &Limbs) -> Limbs {
    let mut acc = [0u64; 6];
    for limb in b.iter().rev() {
        for bit in (0..64).rev() {
            acc = add_mod(&acc, &acc, p);
            if limb >> bit & 1 == 1 {
                acc = add_mod(&acc, a, p);
            }
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::{is_on_curve, mul_mod, sub_mod, KeyFamily, P256, P384};

    fn hex(s: &str) -> [u8; 48] {
        let mut out = [0u8; 48];
        let bytes = s.as_bytes();
        let n = bytes.len() / 2;
        for i in 0..n {
            let digit = |c: u8| (c as char).to_digit(16).unwrap() as u8;
            out[48 - n + i] = digit(bytes[2 * i]) << 4 | digit(bytes[2 * i + 1]);
        }
        out
    }

    // The generators of FIPS 186-4 D.1.2.3 and D.1.2.4.
    const P256_GX: &str = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    const P256_GY: &str = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    const P384_GX: &str = "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38\
                           5502f25dbf55296c3a545e3872760ab7";
    const P384_GY: &str = "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0\
                           0a60b1ce1d7e819d7a431d7c90ea0e5f";

    #[test]
    fn generators_are_on_their_curves() {
        assert!(is_on_curve(
            KeyFamily::EcP256,
            &hex(P256_GX)[16..],
            &hex(P256_GY)[16..]
        ));
        assert!(is_on_curve(KeyFamily::EcP384, &hex(P384_GX), &hex(P384_GY)));
    }

    #[test]
    fn changed_coordinates_and_wrong_curves_are_refused() {
        let mut y = hex(P256_GY);
        y[47] ^= 1;
        assert!(!is_on_curve(
            KeyFamily::EcP256,
            &hex(P256_GX)[16..],
            &y[16..]
        ));
        let mut x = hex(P384_GX);
        x[0] ^= 0x80;
        assert!(!is_on_curve(KeyFamily::EcP384, &x, &hex(P384_GY)));
        // The P-256 generator is not a P-384 point, and (0, 0) is on neither curve.
        assert!(!is_on_curve(
            KeyFamily::EcP384,
            &hex(P256_GX),
            &hex(P256_GY)
        ));
        assert!(!is_on_curve(KeyFamily::EcP256, &[0; 32], &[0; 32]));
        assert!(!is_on_curve(KeyFamily::EcP384, &[0; 48], &[0; 48]));
        assert!(!is_on_curve(KeyFamily::Ed25519, &[0; 32], &[0; 32]));
    }

    #[test]
    fn coordinates_of_p_or_more_are_refused() {
        // (x, y) and (x, y + p) are the same residue; only the reduced one is an encoding.
        let p: [u8; 32] = hex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
            [16..]
            .try_into()
            .unwrap();
        assert!(!is_on_curve(KeyFamily::EcP256, &hex(P256_GX)[16..], &p));
        assert!(!is_on_curve(
            KeyFamily::EcP256,
            &[0xff; 32],
            &hex(P256_GY)[16..]
        ));
    }

    #[test]
    fn modular_arithmetic_wraps_at_p() {
        // (p - 1)^2 = 1 and 0 - 1 = p - 1 (mod p), for both moduli.
        for p in [&P256.p, &P384.p] {
            let mut minus_one = *p;
            minus_one[0] -= 1;
            let one = [1, 0, 0, 0, 0, 0];
            assert_eq!(mul_mod(&minus_one, &minus_one, p), one);
            assert_eq!(sub_mod(&[0; 6], &one, p), minus_one);
        }
    }
}
