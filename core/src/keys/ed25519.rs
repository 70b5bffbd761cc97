//! Ed25519 public keys that would verify forgeries, refused at load.
//!
//! For a public key `A` of small order, the verification equation `[S]B = R + [k]A` holds
//! for `R` = the identity and `S` = 0 whatever the message, since `[k]A` is then a point of
//! small order that a fitting `R` cancels; providers that check signatures cofactorless and
//! accept any point as a key (ring and aws-lc do) then accept a signature anyone can write.
//! The points of small order are the eight points of the 8-torsion of edwards25519; a key
//! encodes a point as its y-coordinate (255 bits, little-endian) and the sign of x (the top
//! bit), so they are recognised by y alone. Encodings whose y is not reduced modulo
//! p = 2^255 - 19 are not canonical (RFC 8032 §5.1.3) and are refused as well; among them
//! are the other spellings of small-order points (y = p, p + 1).

/// The y-coordinates of the points of small order on edwards25519, little-endian: 0 (the two
/// points of order 4), 1 (the identity), the two of the order-8 points, and p - 1 (order 2).
/// Computed as the y-coordinates of the multiples of a point of order 8.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
];

/// Whether a 32-byte Ed25519 public key is a point of small order or a non-canonical
/// encoding (y not reduced modulo p).
pub(crate) fn is_weak(key: &[u8; 32]) -> bool {
    let mut y = *key;
    y[31] &= 0x7f; // the sign of x
                   // y >= p = 2^255 - 19 = ed ff .. ff 7f (little-endian).
    let unreduced = y[31] == 0x7f && y[1..31].iter().all(|&b| b == 0xff) && y[0] >= 0xed;
    unreduced || SMALL_ORDER_Y.contains(&y)
}

#[cfg(test)]
mod tests {
    use super::is_weak;

    fn with_y(y: [u8; 32], sign: bool) -> [u8; 32] {
        let mut k = y;
        if sign {
            k[31] |= 0x80;
        }
        k
    }

    #[test]
    fn small_order_points_and_unreduced_encodings_are_weak() {
        for y in super::SMALL_ORDER_Y {
            assert!(is_weak(&with_y(y, false)));
            assert!(is_weak(&with_y(y, true)));
        }
        // p, p + 1 (other spellings of 0 and 1) and the largest 255-bit value.
        let mut p = [0xff; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        for low in [0xed, 0xee, 0xff] {
            p[0] = low;
            assert!(is_weak(&p), "{low:#x}");
        }
        // p - 2 is reduced and not of small order.
        p[0] = 0xeb;
        assert!(!is_weak(&p));
        // RFC 8032 §7.1 test 1's public key.
        let rfc8032 = [
            0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64,
            0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68,
            0xf7, 0x07, 0x51, 0x1a,
        ];
        assert!(!is_weak(&rfc8032));
    }
}
